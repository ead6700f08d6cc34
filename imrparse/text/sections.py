"""Tokens to top-level sections, and the layout the headings reveal.

Sections tile the input: the preamble runs from the start to the first heading, and each
section from its heading to the next one.  A heading the layout allows once that comes
again is kept as text of the section it falls in (and reported); so is a repeating heading
that comes again within one report (from a heading that opens a report,
:attr:`~imrparse.layouts.grammar.LayoutRule.report`, to the next).  A heading-like line no table
knows opens an ``UNRECOGNIZED`` section, so its text never bleeds into a neighbour.

A section whose heading names an :class:`~imrparse.layouts.grammar.Opening` keeps the fixed text
it opens with as its boilerplate; the readers of the section read after it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from imrparse.errors import DefectCode
from imrparse.layouts import grammar as g
from imrparse.model import Section, SectionKind
from imrparse.model.spans import Span
from imrparse.text.caches import cached
from imrparse.text.normalize import normalize, trim
from imrparse.text.reading import Reading
from imrparse.text.tokenizer import HEADING, TEXT, UNRECOGNIZED_HEADING, Token

_HEADING_KINDS = {rule.name: rule.kind for rule in g.HEADINGS}
_REPEATING = frozenset(rule.name for rule in g.HEADINGS if rule.repeats)
_OPENS_REPORT = frozenset(rule.report[0] for rule in g.LAYOUTS if rule.report)


@attrs.frozen
class SectionTokens:
    """A section with the tokens of its body (everything after its heading)."""

    section: Section
    #: The heading rule's name (``"preamble"`` and ``"unrecognized"`` for the others).
    rule: str
    body: tuple[Token, ...]
    body_start: int
    end: int
    #: The match of the heading's :class:`~imrparse.layouts.grammar.Opening` at the body's start.
    opening: re.Match[str] | None = None

    @property
    def content_start(self) -> int:
        """Where the text after the section's opening begins."""
        return self.opening.end() if self.opening is not None else self.body_start


def first_of(sections: Sequence[SectionTokens], kind: SectionKind) -> SectionTokens | None:
    """The first of ``sections`` of ``kind``."""
    return next((s for s in sections if s.section.kind is kind), None)


def split_sections(reading: Reading, tokens: Sequence[Token]) -> list[SectionTokens]:
    """Group ``tokens`` into sections (see the module docstring)."""
    text = reading.text
    seen: set[str] = set()
    # The repeating headings seen since the last heading that opens a report.
    in_report: set[str] = set()
    # (rule, heading token or None, body tokens)
    body: list[Token] = []  # the body of the last group
    groups: list[tuple[str, Token | None, list[Token]]] = [("preamble", None, body)]
    for token in tokens:
        if token.kind is HEADING:
            if token.name in _OPENS_REPORT:
                in_report = set()
            if token.name in (in_report if token.name in _REPEATING else seen):
                reading.defect(DefectCode.DUPLICATE_HEADING,
                               f"heading {normalize(token.text)!r} appears again; kept as text",
                               token.span, "sections")
                body.append(token._replace(kind=TEXT, name="duplicate"))
                continue
            seen.add(token.name)
            in_report.add(token.name)
            body = []
            groups.append((token.name, token, body))
        elif token.kind is UNRECOGNIZED_HEADING:
            reading.defect(DefectCode.UNRECOGNIZED_HEADING,
                           f"heading-like line {normalize(token.text)!r} is in no layout's "
                           "table", token.span, "sections")
            body = []
            groups.append(("unrecognized", token, body))
        else:
            body.append(token)

    sections: list[SectionTokens] = []
    # Each section ends where the next one's heading starts (every group but the
    # preamble has its heading).
    ends = [heading.start for _, heading, _ in groups if heading is not None] + [len(text)]
    for (rule, heading, tokens_of), end in zip(groups, ends, strict=True):
        start = heading.start if heading is not None else 0
        body_start = heading.end if heading is not None else 0
        if heading is None:
            kind, title, heading_span = SectionKind.PREAMBLE, None, None
        else:
            kind = _HEADING_KINDS.get(rule, SectionKind.UNRECOGNIZED)
            title = normalize(heading.text)
            heading_span = trim(text, heading.start, heading.end) or heading.span
        opening = _openings().get(rule)
        found = opening.match(text, body_start, end) if opening is not None else None
        boilerplate = trim(text, found.start(), found.end()) if found is not None else None
        section = Section(kind=kind, title=title, heading=heading_span, span=Span(start, end),
                          boilerplate=(boilerplate,) if boilerplate is not None else ())
        sections.append(SectionTokens(section, rule, tuple(tokens_of), body_start, end, found))
    return sections


@cached()
def _openings() -> dict[str, re.Pattern[str]]:
    """The compiled opening of each heading that has one, by the heading's name."""
    return {rule.name: re.compile(rule.opening.pattern) for rule in g.HEADINGS
            if rule.opening is not None}


def detect_layout(found: set[str]) -> g.LayoutRule | None:
    """The layout whose signs best match ``found`` (heading and title rule names, plus
    ``"header"`` when a label of the FDL header table was seen), scored as
    :func:`~imrparse.layouts.grammar.layout_signs` says; ``None`` when no sign of any layout is
    found.  Ties go to the earlier layout of :data:`~imrparse.layouts.grammar.LAYOUTS`."""
    best: tuple[int, g.LayoutRule] | None = None
    for rule, score_of in _scores():
        score = 0
        for name in found:
            score += score_of.get(name, 0)
        score -= g.HEADING_WEIGHT * sum(1 for name in rule.required if name not in found)
        if best is None or score > best[0]:
            best = (score, rule)
    # Any sign at all makes a letter (missing headings are then its defects).
    return best[1] if best and not found.isdisjoint(_weights_elsewhere()) else None


@cached()
def _scores() -> tuple[tuple[g.LayoutRule, dict[str, int]], ...]:
    """Per layout, what a name found adds to its score: its weight as a sign of the layout,
    else minus its highest weight as a sign of another (a name that is no sign adds 0).
    Worked out once, not at every letter."""
    elsewhere = _weights_elsewhere()
    return tuple((rule, {name: signs.get(name, -weight) for name, weight in elsewhere.items()})
                 for rule, signs in _signs())


@cached()
def _signs() -> tuple[tuple[g.LayoutRule, dict[str, int]], ...]:
    """Each layout with its signs and their weights."""
    return tuple((rule, g.layout_signs(rule.layout)) for rule in g.LAYOUTS)


@cached()
def _weights_elsewhere() -> dict[str, int]:
    """What a sign counts against a layout it is not a sign of."""
    weights: dict[str, int] = {}
    for _, signs in _signs():
        for name, weight in signs.items():
            weights[name] = max(weights.get(name, 0), weight)
    return weights
