"""Wording as patterns: how a phrase of the tables matches the text (any run of
blanks and line breaks between its words), line anchors, dates written in prose, and the
:class:`Guarded` pattern."""

from __future__ import annotations

import re

import attrs
import regex

from imrparse.text.dates import MONTHS

#: Most line breaks between two words of one sentence: a page break with its padding
#: lines (Word pads a page with up to about ten space-only lines), doubled by PDFBox.
MAX_BREAKS = 32
_BREAKS = r"(?:(?:\r\n|[\r\n\f])[ \t\u00a0]*+)"
#: Whitespace between two words of a heading or label: spaces, tabs and line breaks.
#: Bounded and possessive, so it cannot backtrack.
GAP = rf"(?:[ \t\u00a0]*+{_BREAKS}{{0,{MAX_BREAKS}}}+)"
#: At least one space or line break between two words.
SEP = rf"(?:[ \t\u00a0]++{_BREAKS}{{0,{MAX_BREAKS}}}+|{_BREAKS}{{1,{MAX_BREAKS}}}+)"
#: Start of a line: the start of the text or just after a line break (a form feed counts).
BOL = r"(?<![^\r\n\f])"
#: End of a line, after optional trailing blanks.
EOL = r"[ \t\u00a0]*+(?=\r\n|[\r\n\f]|\Z)"


def words(phrase: str) -> str:
    """A pattern for ``phrase`` whose spaces match any :data:`SEP` and whose other
    characters match literally."""
    return SEP.join(regex.escape(word) for word in phrase.split(" "))


def any_case(pattern: str) -> str:
    """The tolerance rule for case: ``pattern`` matched in any case.  Headings, title
    lines, labels, header labels and outcome words are matched through it (later
    templates re-case them: ``Clinical Case Summary``, ``CASE NUMBER:``, ``UPHELD``); where
    two rows differ only in case, the row written as the text is wins (see
    :func:`imrparse.text.tokenizer.tokenize`)."""
    return "(?i:" + pattern + ")"


def initials(wordings: tuple[str, ...] | list[str]) -> str:
    """A character class body of the first letters of ``wordings`` in either case: a
    lookahead on it fails most lines before the alternatives are tried one by one."""
    return "".join(sorted({re.escape(c) for w in wordings for c in (w[0].lower(),
                                                                     w[0].upper())}))


def named_words(name: str, phrase: str, end: str = "") -> str:
    """:func:`words` for ``phrase`` (then ``end``) as the alternative of a group ``name``,
    with the first character as a literal before the group.  ``re`` passes over an
    alternative that opens with a literal at the cost of one comparison, but enters one that
    opens with a group; a match is read for its extent and the group's name only, so where
    the group starts does not matter."""
    return f"{re.escape(phrase[0])}(?P<{name}>{words(phrase[1:])}{end})"



#: ``March 9, 2015`` / ``Sept. 9 2015``: month, day, year (the month names of
#: :data:`imrparse.text.dates.MONTHS`).
LONG_DATE = (r"(?i:\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True))
             + r")\.?+" + SEP + r"\d{1,2},?+" + GAP + r"\d{4}\b)")
#: ``9/6/2013`` / ``09/06/2013`` / ``9-6-2013``.
NUMERIC_DATE = r"(?<![\d/])\d{1,2}[/-]\d{1,2}[/-]\d{4}(?![\d/])"
#: Either form of date.
ANY_DATE = r"(?:" + NUMERIC_DATE + "|" + LONG_DATE + ")"



@attrs.frozen
class Guarded:
    """A pattern and a word every match of it holds, as written: a text without the word
    is not scanned (one ``str.find`` instead of a scan).  The word stands in the pattern
    outside any optional part (checked at import: literally in it)."""

    pattern: str
    word: str
