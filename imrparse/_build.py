"""Model building: runs the stages over a letter and assembles the :class:`Determination`.

Every defect goes through one function, :meth:`_Context.report`, so that lenient and
strict parsing see exactly the same defects (the lesson of CPython gh-68552).
"""

from __future__ import annotations

import attrs

from imrparse import _grammar as g
from imrparse._base import Span
from imrparse._fields import read_age_sex, read_credentials_sentence, split_list
from imrparse._header import has_header_label, read_header
from imrparse._items import read_items
from imrparse._sections import SectionTokens, detect_layout, split_sections
from imrparse._text import trim, value
from imrparse._tokenizer import TokenKind, tokenize
from imrparse.errors import Defect, DefectCode, NotALetterError, StrictModeError
from imrparse.model import (
    CaseSummary,
    Determination,
    DisputedItem,
    Reviewer,
    Section,
)

__all__ = ["parse"]


@attrs.define
class _Context:
    text: str
    defects: list[Defect] = attrs.Factory(list)

    def report(self, code: DefectCode, message: str, span: Span, path: str) -> None:
        self.defects.append(Defect(code=code, message=message, span=span, path=path))


def parse(text: str, *, strict: bool = False) -> Determination:
    """Parse the text of one Final Determination Letter.

    :param text: the letter's text as a PDF extractor gave it (pypdf, pdfminer, PDFBox,
        ``pdftotext -layout``...), unchanged.
    :param strict: raise instead of recording defects.
    :returns: the :class:`~imrparse.Determination`; problems the parser worked around are
        on its ``defects``.
    :raises TypeError: if ``text`` is not a ``str`` (before any work is done).
    :raises NotALetterError: if the text has none of the structure of a letter: no heading
        and no item label of any known layout.
    :raises StrictModeError: with ``strict=True``, if any defect was found; it carries all
        the defects and the partial result.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() takes the letter's text as a str, not {type(text).__name__}")
    try:
        result = _parse(text)
    except (NotALetterError, StrictModeError):
        raise
    except (RecursionError, MemoryError):
        raise
    except Exception as exc:  # a bug must not escape as anything but our error
        raise NotALetterError(f"internal error while parsing: {exc!r}") from exc
    if strict and result.defects:
        first = result.defects[0]
        raise StrictModeError(f"{len(result.defects)} defect(s); first: {first}",
                              defects=result.defects, partial=result)
    return result


_LOOKED_FOR = ", ".join(repr(rule.wording) for rule in g.HEADINGS)


def _parse(text: str) -> Determination:
    ctx = _Context(text)
    tokens = tokenize(text)
    sections = split_sections(text, tokens, ctx.report)
    by_rule = {s.rule: s for s in sections}
    found = {s.rule for s in sections}
    preamble = sections[0]
    if has_header_label(text, 0, preamble.end):
        found.add("header")
    layout_rule = detect_layout(found)
    if layout_rule is None:
        if not any(t.kind in (TokenKind.LABEL, TokenKind.DECISION) for t in tokens):
            raise NotALetterError(
                f"no heading of a determination letter found (looked for {_LOOKED_FOR}) "
                "and no item label")
        layout_rule = g.LAYOUTS[-1]
    for name in layout_rule.required:
        if name not in by_rule:
            wording = next(h.wording for h in g.HEADINGS if h.name == name)
            ctx.report(DefectCode.MISSING_HEADING, f"heading {wording!r} not found",
                       Span(0, 0), "sections")

    header = read_header(text, 0, preamble.end, expected=layout_rule.has_header,
                         report=ctx.report)
    reviewer = _reviewer(ctx, by_rule)
    summary = _summary(ctx, by_rule.get("clinical_case_summary"))
    issues = by_rule.get("issues")
    items: tuple[DisputedItem, ...] = ()
    if issues is not None:
        lead_in = _lead_in(text, g.BoilerplateKind.ISSUES_LEAD_IN, issues)
        start = lead_in.end if lead_in else issues.body_start
        items = read_items(text, issues.body, start, issues.end, ctx.report)
    else:
        # Items without their heading still parse, from wherever their tokens stand.
        loose = tuple(t for s in sections for t in s.body)
        if any(t.kind is TokenKind.DECISION for t in loose):
            items = read_items(text, loose, 0, len(text), ctx.report)
    return Determination(
        span=Span(0, len(text)),
        layout=layout_rule.layout,
        header=header,
        reviewer=reviewer,
        summary=summary,
        items=items,
        sections=tuple(_with_boilerplate(text, s) for s in sections),
        defects=tuple(sorted(ctx.defects, key=lambda d: (d.span.start, d.span.end))),
        source_text=text,
    )


def _reviewer(ctx: _Context, by_rule: dict[str, SectionTokens]) -> Reviewer | None:
    text = ctx.text
    credentials = by_rule.get("credentials")
    if credentials is not None:
        return _credentials_block(ctx, credentials)
    how = by_rule.get("how_made")
    if how is None:
        return None
    sentence = read_credentials_sentence(text, how.body_start, how.end)
    if sentence is None:
        return None
    span, specialties, states = sentence
    return _make_reviewer(span, states, specialties)


def _credentials_block(ctx: _Context, section: SectionTokens) -> Reviewer:
    text = ctx.text
    lists: dict[str, tuple[tuple[str, Span], ...]] = {}
    labels = [t for t in section.body if t.kind is TokenKind.LABEL]
    pos = section.body_start
    for index, token in enumerate(labels):
        _unparsed(ctx, pos, token.start, "reviewer")
        limit = labels[index + 1].start if index + 1 < len(labels) else section.end
        stop = _value_end(text, token.end, limit)
        lists[token.name] = split_list(text, token.end, stop)
        if not lists[token.name]:
            ctx.report(DefectCode.EMPTY_VALUE, f"{token.text.strip()!r} has no value",
                       token.span, f"reviewer.{token.name}")
        pos = stop
    _unparsed(ctx, pos, section.end, "reviewer")
    for name, wording in (("licensure_states", "State(s) of Licensure:"),
                          ("specialties", "Certification(s)/Specialty:")):
        if name not in lists:
            ctx.report(DefectCode.MISSING_LABEL, f"{wording!r} not found in the credentials",
                       Span(section.body_start, section.body_start), f"reviewer.{name}")
    span = trim(text, section.section.span.start, section.end) or section.section.span
    return _make_reviewer(span, lists.get("licensure_states", ()), lists.get("specialties", ()))


def _make_reviewer(span: Span, states: tuple[tuple[str, Span], ...],
                   specialties: tuple[tuple[str, Span], ...]) -> Reviewer:
    spans = [(f"licensure_states[{i}]", s) for i, (_, s) in enumerate(states)]
    spans += [(f"specialties[{i}]", s) for i, (_, s) in enumerate(specialties)]
    return Reviewer(span=span, value_spans=tuple(spans),
                    licensure_states=tuple(v for v, _ in states),
                    specialties=tuple(v for v, _ in specialties))


def _value_end(text: str, start: int, limit: int) -> int:
    """A label's value runs to the end of its line and over continuation lines, up to the
    first blank line (a wrapped specialty list goes on to a second line)."""
    newline = text.find("\n", start, limit)
    while newline >= 0:
        following = text.find("\n", newline + 1, limit)
        line_end = following if following >= 0 else limit
        if not text[newline + 1 : line_end].strip():
            return newline
        newline = following
    return limit


def _unparsed(ctx: _Context, start: int, stop: int, path: str) -> None:
    span = trim(ctx.text, start, stop)
    if span is not None:
        ctx.report(DefectCode.UNPARSED_TEXT,
                   f"text {ctx.text[span.start:span.end][:60]!r} belongs to no field", span, path)


def _summary(ctx: _Context, section: SectionTokens | None) -> CaseSummary | None:
    if section is None:
        return None
    text = ctx.text
    lead_in = _lead_in(text, g.BoilerplateKind.SUMMARY_LEAD_IN, section)
    found = value(text, lead_in.end if lead_in else section.body_start, section.end)
    if found is None:
        ctx.report(DefectCode.EMPTY_VALUE, "the clinical case summary is empty",
                   section.section.span, "summary")
        return None
    content, span = found
    age, sex = read_age_sex(text, span.start, span.end)
    spans = [("text", span)]
    if age is not None:
        spans.append(("age", age[1]))
    if sex is not None:
        spans.append(("sex", sex[1]))
    return CaseSummary(span=span, value_spans=tuple(spans), text=content,
                       age=age[0] if age else None, sex=sex[0] if sex else None)



#: The lead-in sentence each section may open with.
_LEAD_IN_OF = {
    "clinical_case_summary": g.BoilerplateKind.SUMMARY_LEAD_IN,
    "issues": g.BoilerplateKind.ISSUES_LEAD_IN,
}
#: Sections whose whole body is fixed text.
_BOILERPLATE_SECTIONS = frozenset({"how_made"})


def _lead_in(text: str, kind: g.BoilerplateKind, section: SectionTokens) -> Span | None:
    m = g.boilerplate(kind).match(text, section.body_start, section.end)
    return trim(text, m.start(), m.end()) if m else None


def _with_boilerplate(text: str, section: SectionTokens) -> Section:
    if section.rule in _BOILERPLATE_SECTIONS:
        span = trim(text, section.body_start, section.end)
    elif section.rule in _LEAD_IN_OF:
        span = _lead_in(text, _LEAD_IN_OF[section.rule], section)
    else:
        span = None
    return attrs.evolve(section.section, boilerplate=(span,)) if span else section.section
