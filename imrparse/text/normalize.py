"""The text view: trimming spans and normalizing the text a value is read from.

Values are read from the original string and keep spans into it; only the *value* is
normalized, so that the same letter from two extractors gives the same values.  Whitespace
is what ``str.isspace`` (and ``\\s`` in the patterns) calls whitespace, everywhere: spaces,
tabs, no-break spaces, line breaks and form feeds as the extractors write them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from imrparse.model.spans import Span

#: A word broken at the end of a line with a hyphen: the hyphen is kept and the two parts
#: are joined (``Non-`` / ``MTUS`` reads ``Non-MTUS``, ``10-30-`` / ``2016`` ``10-30-2016``).
#: Led by the literal hyphen (the look-behind after it) so that ``re`` skips to the next
#: hyphen at C speed instead of trying the look-behind at every character.
_LINE_FINAL_HYPHEN = re.compile(r"-(?<=\S-)[ \t\u00a0]*+(?:\r\n|[\r\n\f\v])\s*+")


def trim(text: str, start: int, end: int) -> Span | None:
    """The span of ``text[start:end]`` without leading and trailing whitespace, or
    ``None`` when nothing but whitespace is there.  The one trim of the package."""
    piece = text[start:end]
    kept = piece.lstrip()
    if not kept:
        return None
    start += len(piece) - len(kept)
    return Span(start, start + len(kept.rstrip()))


def normalize(raw: str) -> str:
    """One space for every run of whitespace; a line-final hyphen joins its word."""
    if "-" in raw:
        raw = _LINE_FINAL_HYPHEN.sub("-", raw)
    # ``str.split()`` splits on exactly the characters ``\s`` matches (checked over every
    # code point) and runs in C without building a match object per run.
    return " ".join(raw.split())


def value(text: str, start: int, end: int) -> tuple[str, Span] | None:
    """The normalized text of ``text[start:end]`` and its trimmed span, or ``None``."""
    span = trim(text, start, end)
    return None if span is None else (normalize(span.slice(text)), span)


def is_blank(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds nothing but whitespace."""
    return not text[start:end].strip()


def line_start(text: str, pos: int) -> int:
    """The offset of the start of the line holding ``pos``."""
    return max(text.rfind("\n", 0, pos), text.rfind("\f", 0, pos), text.rfind("\r", 0, pos)) + 1


#: A line holding text whose next line holds text too, led by the line break before it
#: (so ``re`` skips ahead at C speed); the next line is only looked at.
_ADJACENT_LINES = re.compile(
    r"\n[ \t\u00a0]*+[^\s][^\r\n\f]*+(?=(?:\r\n|[\r\n\f])[ \t\u00a0]*+[^\s])")
#: Below this many lines a text is too short to tell.
_MIN_LINES_TO_TELL = 12
#: Doubled text has (almost) no two lines of text in a row; any extraction of a letter
#: that is not doubled has them in every paragraph.
_DOUBLED_SHARE = 0.05
#: The first few thousand characters tell as well as the whole letter.
_SAMPLE = 3000


def paragraph_gap(text: str) -> int:
    """How many blank lines in a row make a paragraph break in ``text``: 1, or 2 when the
    extractor doubled every line break (PDFBox's ``\\r\\n`` read as two breaks), where an
    empty line follows every line and only a longer run separates paragraphs.

    Doubled text is known by its (almost) never having two lines of text in a row.  The
    scan stops as soon as there are too many such lines for doubled text: in a letter that
    is not doubled, that is within its first lines.
    """
    breaks = text.count("\n", 0, _SAMPLE)
    if breaks < _MIN_LINES_TO_TELL:
        return 1
    enough = breaks * _DOUBLED_SHARE
    for adjacent, _ in enumerate(_ADJACENT_LINES.finditer(text, 0, _SAMPLE), 1):
        if adjacent >= enough:
            return 1
    return 2


def fold(text: str) -> str:
    """``text`` in lower case, with the same length, where every letter that ``regex``
    matches to an ASCII letter under IGNORECASE is that letter (İ i, ſ s, K k; the only
    non-ASCII ones).  A word that every match of a pattern contains is looked for with
    ``in`` on the folded copy before the pattern runs; offsets carry over."""
    if text.isascii():
        return text.lower()
    # İ is the one letter whose lower case is two characters long.
    return text.replace("\u0130", "i").replace("\u017f", "s").lower()


def at_words(pattern: regex.Pattern[str], text: str, start: int, end: int, folded: str, *,
             words: tuple[str, ...]) -> Iterator[regex.Match[str]]:
    """The matches of ``pattern`` in ``text[start:end]`` as ``finditer`` gives them
    (leftmost, not overlapping), for a pattern whose every match opens with one of
    ``words`` (folded; ``folded`` is the range folded by :func:`fold`): it is tried at those
    words only, not at every position."""
    at: list[int] = []
    for word in words:
        i = folded.find(word)
        while i >= 0:
            at.append(i + start)
            i = folded.find(word, i + 1)
    after = start
    for i in sorted(at):
        if i >= after:
            m = pattern.match(text, i, end)
            if m is not None:
                after = m.end()
                yield m
