"""Text to tokens: one pass of one compiled pattern built from the grammar tables.

The scanning patterns are led by a literal (a line break, a colon) so that the standard
``re`` engine skips ahead at C speed, and every repeat in them is bounded or possessive, so
that scanning is linear in the length of the input (see ``tests/test_pathological.py``).

The token stream is total and lossless: every character of the input is in exactly one
token, so ``"".join(t.text for t in tokenize(s)) == s`` for every string ``s``.  What no
rule recognises is a ``TEXT`` token, never an error.  The input is never rewritten;
extraction noise (CRLF, form feeds, doubled or missing blank lines, padding, wrapped
headings) is absorbed by the patterns themselves, so offsets stay true.
"""

from __future__ import annotations

import enum
import re
from typing import NamedTuple

import attrs

from imrparse.layouts import grammar as g
from imrparse.model.spans import Span
from imrparse.text.caches import cached


class TokenKind(enum.Enum):
    """What a token is."""

    #: A known heading line; ``name`` is the heading rule's name.
    HEADING = "heading"
    #: A known letterhead or cover line; ``name`` is the title rule's name.
    TITLE = "title"
    #: A heading-like line that no table knows; ``name`` is ``"unrecognized"``.
    UNRECOGNIZED_HEADING = "unrecognized-heading"
    #: A line-initial label; ``name`` is the :class:`~imrparse.layouts.grammar.LabelKind` value.
    LABEL = "label"
    #: The end of an item's decision line (``:  Upheld``); ``name`` is the outcome word.
    DECISION = "decision"
    #: Anything else.
    TEXT = "text"


class Token(NamedTuple):
    """A piece of the input: its kind, the rule that matched it, its text and offsets.

    A named tuple rather than an attrs class: a letter has dozens and they are made on the
    hot path.
    """

    kind: TokenKind
    name: str
    text: str
    start: int
    end: int

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


# Each kind as a module name as well, for the stages' per-token loops: in Python 3.11 a
# member looked up on its Enum class costs 20 times a name (its metaclass has a
# ``__getattr__``), 3.3% of a parse's instructions (benchmarks/instructions.py).
HEADING = TokenKind.HEADING
TITLE = TokenKind.TITLE
UNRECOGNIZED_HEADING = TokenKind.UNRECOGNIZED_HEADING
LABEL = TokenKind.LABEL
DECISION = TokenKind.DECISION
TEXT = TokenKind.TEXT

_HEADING_LIKE_MIN_LETTERS = 12
#: How far before a decision colon its dangling verb is looked for (the verb, its blanks).
_DANGLING_REACH = 16


@attrs.frozen
class _Scanners:
    """The compiled scanning patterns and what each group name means."""

    #: Headings and labels, led by the line break before them, or else a heading-like line
    #: (group ``tok``): one match attempt a line for both.  A literal lead lets the
    #: engine skip to the next line break instead of trying every position.
    line_rules: re.Pattern[str]
    #: The same rules at the very start of the text.
    first_line: re.Pattern[str]
    decision: re.Pattern[str]
    meaning: dict[str, tuple[TokenKind, str]]
    #: For a group that several rows share (wordings differing only in case): each
    #: row's wording, single-spaced, and its meaning.
    as_written: dict[str, dict[str, tuple[TokenKind, str]]]
    #: The verb that may end a request before its decision colon.
    dangling_verb: re.Pattern[str]
    #: A header or party label at the start of a line: a capitals line opening with one
    #: (``CASE NUMBER: CM16-0229336``) is a field, not a heading.
    field_label: re.Pattern[str]


@cached()
def _scanners() -> _Scanners:
    """The tokenizer's compiled patterns, built from the grammar tables."""
    meaning: dict[str, tuple[TokenKind, str]] = {}
    lead = r"[ \t\u00a0\f]*+"
    # (kind, name, each wording with what follows it)
    rules: list[tuple[TokenKind, str, tuple[tuple[str, str], ...]]] = [
        *((HEADING, h.name, tuple((w, h.end_of(w)) for w in h.wordings)) for h in g.HEADINGS),
        *((TITLE, t.name, tuple((w, g.EOL) for w in t.wordings)) for t in g.TITLES),
        *((LABEL, label.kind.value, tuple((w, "") for w in label.wordings))
          for label in g.LABELS)]
    # Every wording in any case (the global case rule).  Wordings that differ only in
    # case share one group; the text then picks the row written as it is.
    groups: dict[str, str] = {}
    as_written: dict[str, dict[str, tuple[TokenKind, str]]] = {}
    # The alternatives by their first letter, in table order: a line is compared with
    # each first letter once, not with every alternative.
    by_initial: dict[str, list[str]] = {}
    for i, (kind, name, wordings) in enumerate(rules):
        for j, (wording, end) in enumerate(wordings):
            group = groups.setdefault(wording.casefold(), f"r{i}_{j}")
            as_written.setdefault(group, {})[wording] = (kind, name)
            if group == f"r{i}_{j}":
                by_initial.setdefault(wording[0].casefold(), []).append(
                    f"(?P<{group}>{g.words(wording[1:])}{end})")
                meaning[group] = (kind, name)
    parts = [f"[{g.initials([initial])}]" + g.any_case("(?:" + "|".join(rests) + ")")
             for initial, rests in by_initial.items()]
    # Most lines start with a letter no rule starts with: a lookahead on the first
    # letter fails them before the alternatives are tried one by one.
    initials = g.initials([w for _, _, ws in rules for w, _ in ws])
    # The lead blanks are matched once, before the alternatives, not once in each (it is
    # possessive and no wording starts with a blank, so the matches are the same); a
    # token starts where the lead does and ends where the match does.
    alternatives = "(?=[" + initials + "])(?:" + "|".join(parts) + ")"
    # Where a rule matches, the heading-like line is not tried: at one start a table's rule
    # wins anyway.  Where it is tried, the lead blanks are taken already (possessive, so
    # its own lead matches nothing and the line is the same).
    return _Scanners(
        line_rules=re.compile(r"\n" + lead + "(?:" + alternatives + "|(?P<tok>"
                              + g.HEADING_LIKE_LINE + "))"),
        first_line=re.compile(lead + alternatives),
        decision=re.compile(g.DECISION_PATTERN),
        meaning=meaning,
        as_written={k: v for k, v in as_written.items() if len(v) > 1},
        dangling_verb=re.compile(g.DANGLING_VERB),
        field_label=re.compile(r"[ \t\u00a0\f]*+(?:" + "|".join(
            [f.pattern for f in g.HEADER_FIELDS]
            + [g.any_case(g.words(p.wording)) for p in g.PARTY_LABELS]) + ")"),
    )


def _is_heading_like(text: str, start: int, line: str) -> bool:
    """A capitals-only line counts as a heading only where a heading could stand: after a
    blank line or a finished sentence, with enough letters not to be a stray acronym."""
    if sum(map(str.isalpha, line)) < _HEADING_LIKE_MIN_LETTERS:
        return False
    if line.rstrip().endswith((",", "-", "&")):
        return False
    end = start - 1  # the line break before this line
    cut = text.rfind("\n", 0, end)
    previous = text[cut + 1 : end].strip(" \t\u00a0\r\f")
    # After a blank line the heading stands alone; without one (letters without blank
    # lines exist) the previous line must end a sentence.
    return cut < 0 or not previous or previous.endswith((".", ":"))


def _meaning(sc: _Scanners, group: str, line: str) -> tuple[TokenKind, str]:
    """What the match of ``group`` on ``line`` is: the group's rule, or, where rows
    differing only in case share the group, the row written as the line is."""
    rows = sc.as_written.get(group)
    if rows is not None:
        row = rows.get(" ".join(line.split()))
        if row is not None:
            return row
    return sc.meaning[group]


def _matches(text: str) -> list[Token]:
    """The token of every rule match, in order, without overlaps.  Where matches overlap,
    the earliest wins, and at one start a table's rule wins over the heading-like guess (an
    inline heading is shorter than the capitals line holding it)."""
    sc = _scanners()
    found: list[Token] = []
    first = sc.first_line.match(text)
    if first is not None and first.lastgroup is not None:
        kind, name = _meaning(sc, first.lastgroup, first.group())
        found.append(Token(kind, name, first.group(), 0, first.end()))
    for m in sc.line_rules.finditer(text):
        group = m.lastgroup
        if group is None:  # pragma: no cover - every alternative is a named group
            continue
        # The token starts after the line break that leads the match.
        start = m.start() + 1
        line = text[start : m.end()]
        if group != "tok":
            kind, name = _meaning(sc, group, line)
            found.append(Token(kind, name, line, start, m.end()))
        elif (_is_heading_like(text, start, line) and not sc.field_label.match(line)
              and not sc.decision.search(line)):
            # A capitals line opening with a field label, or ending with an outcome word
            # (``NCS/EMG RUE: UPHELD``), is a field or a decision line, not a heading.
            found.append(Token(UNRECOGNIZED_HEADING, "unrecognized", line, start,
                               m.end()))
    for m in sc.decision.finditer(text):
        # The sentence's verb before the colon (``... #3 is: Upheld``) is the decision
        # line's, not the request's.
        start = m.start()
        verb = sc.dangling_verb.search(text, max(0, start - _DANGLING_REACH), start)
        if verb is not None:
            start = verb.start("verb")
        found.append(Token(DECISION, m.group("outcome").lower(), text[start : m.end()],
                           start, m.end()))
    found.sort(key=lambda t: (t.start, t.kind is UNRECOGNIZED_HEADING, -t.end))
    kept: list[Token] = []
    end = 0
    for token in found:
        if token.start >= end and token.end > token.start:
            kept.append(token)
            end = token.end
    return kept


def _token_list(text: str) -> list[Token]:
    """The matches and the text between them."""
    tokens: list[Token] = []
    pos = 0
    for token in _matches(text):
        if token.start > pos:
            tokens.append(Token(TEXT, "", text[pos : token.start], pos, token.start))
        tokens.append(token)
        pos = token.end
    if pos < len(text):
        tokens.append(Token(TEXT, "", text[pos:], pos, len(text)))
    return tokens


def tokenize(text: str) -> tuple[Token, ...]:
    """The tokens of ``text``.  They concatenate back to ``text`` exactly.

    :raises TypeError: if ``text`` is not a ``str``.
    """
    if not isinstance(text, str):
        raise TypeError(f"tokenize() takes a str, not {type(text).__name__}")
    return tuple(_token_list(text))
