"""Model building: runs the stages over a letter and assembles the :class:`Determination`.

Every defect goes through one function, :meth:`_Context.report`, so that lenient and
strict parsing see exactly the same defects (the lesson of CPython gh-68552).
"""

from __future__ import annotations

import gc
import re
from functools import lru_cache

import attrs

from imrparse import _content
from imrparse import _grammar as g
from imrparse._base import Span
from imrparse._dates import read_date
from imrparse._documents import read_documents
from imrparse._fields import read_credentials_sentence
from imrparse._header import has_header_label, read_header
from imrparse._items import read_items
from imrparse._parties import AddressBlock, make_parties, read_address_block, read_copies
from imrparse._sections import SectionTokens, detect_layout, split_sections
from imrparse._text import paragraph_gap, trim, value
from imrparse._tokenizer import Token, TokenKind, tokenize
from imrparse.errors import Defect, DefectCode, NotALetterError, StrictModeError
from imrparse.model import (
    CaseHeader,
    CaseSummary,
    Determination,
    DisputedItem,
    GuidelineSource,
    Outcome,
    Reviewer,
    Section,
    SectionKind,
)
from imrparse.vocab.reviewers import normalize_specialty, normalize_state, split_credentials
from imrparse.vocab.treatments import Vocabulary

__all__ = ["parse"]


@attrs.define
class _Context:
    text: str
    defects: list[Defect] = attrs.Factory(list)
    #: Blank lines in a row that make a paragraph break (2 in doubled text).
    gap: int = 1
    #: The treatment tables (``None``: the built-in ones).
    vocabulary: Vocabulary | None = None

    def report(self, code: DefectCode, message: str, span: Span, path: str) -> None:
        self.defects.append(Defect(code=code, message=message, span=span, path=path))


def parse(text: str, *, strict: bool = False,
          vocabulary: Vocabulary | None = None) -> Determination:
    """Parse the text of one Final Determination Letter.

    :param text: the letter's text as a PDF extractor gave it (pypdf, pdfminer, PDFBox,
        ``pdftotext -layout``...), unchanged.
    :param strict: raise instead of recording defects.
    :param vocabulary: the treatment tables to read requests with, e.g.
        ``imrparse.vocab.treatments.DEFAULT.extend(...)``; the built-in ones by default.
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
    # A parse makes many small objects and no reference cycles: the cyclic collector would
    # only rescan them, at a cost that grows with the heap.  Off during the parse.
    collecting = gc.isenabled()
    gc.disable()
    try:
        result = _parse(text, vocabulary)
    except (NotALetterError, StrictModeError):
        raise
    except (RecursionError, MemoryError):
        raise
    except Exception as exc:  # a bug must not escape as anything but our error
        raise NotALetterError(f"internal error while parsing: {exc!r}") from exc
    finally:
        if collecting:
            gc.enable()
    if strict and result.defects:
        first = result.defects[0]
        raise StrictModeError(f"{len(result.defects)} defect(s); first: {first}",
                              defects=result.defects, partial=result)
    return result


# Members read once into globals: a member lookup on an Enum class goes through the
# metaclass's ``__getattr__`` hook (several times a global's cost in 3.11).
_HEADING = TokenKind.HEADING
_TITLE = TokenKind.TITLE
_LABEL = TokenKind.LABEL
_DECISION = TokenKind.DECISION
_UNRECOGNIZED_HEADING = TokenKind.UNRECOGNIZED_HEADING

_LOOKED_FOR = ", ".join(repr(rule.wording) for rule in g.HEADINGS if rule.kind
                        is not SectionKind.COPIES)


def _parse(text: str, vocabulary: Vocabulary | None) -> Determination:
    gap = paragraph_gap(text)
    ctx = _Context(text, gap=gap, vocabulary=vocabulary)
    tokens = tokenize(text)
    first_heading = next((t.start for t in tokens if t.kind is _HEADING), len(text))
    # An address ends at a line the other tables know (a title, an item label, a decision
    # line, the notice's determination sentence): without blank lines nothing else ends it.
    stops = sorted([t.start for t in tokens if t.start < first_heading and t.kind in _STOPS]
                   + [m.start() for m in _determinations(text, 0, first_heading)])
    address = read_address_block(text, 0, first_heading, gap=gap, stops=stops)
    tokens = _known_lines(tokens, address, len(text))
    sections = split_sections(text, tokens, ctx.report)
    by_rule = {s.rule: s for s in sections}
    found = {s.rule for s in sections}
    preamble = sections[0]
    titles = [t for t in preamble.body if t.kind is _TITLE]
    found.update(t.name for t in titles)
    if has_header_label(text, 0, preamble.end):
        found.add("header")
    layout_rule = detect_layout(found)
    if layout_rule is None:
        if not any(t.kind is _LABEL or t.kind is _DECISION for t in tokens):
            raise NotALetterError(
                f"no heading of a determination letter found (looked for {_LOOKED_FOR}) "
                "and no item label")
        layout_rule = g.LAYOUTS[-1]
    for name in layout_rule.required:
        if name not in by_rule:
            wording = next(h.wording for h in g.HEADINGS if h.name == name)
            ctx.report(DefectCode.MISSING_HEADING, f"heading {wording!r} not found",
                       Span(0, 0), "sections")

    decisions = _first_of(sections, SectionKind.ISSUES_DECISIONS_RATIONALES)
    cover = _determinations(text, 0, preamble.end)
    claimed = [t.span for t in titles] + [Span(m.start(), m.end()) for m in cover]
    if address is not None:
        claimed.extend(address.spans)
    header = read_header(text, 0, preamble.end, layout=layout_rule.layout,
                         required=layout_rule.header, claimed=claimed, report=ctx.report)
    if layout_rule.prose_dates:
        header = _prose_dates(text, header, decisions or preamble)
    copies = _first_of(sections, SectionKind.COPIES)
    parties = make_parties(
        address, read_copies(text, copies.body_start, copies.end) if copies else ())
    documents = [s for s in sections if s.section.kind is SectionKind.DOCUMENTS_REVIEWED]
    for section in sections:
        # No field reads the body of a heading no layout knows: it is reported whole.
        if section.section.kind is SectionKind.UNRECOGNIZED:
            _unparsed(ctx, section.body_start, section.end, "sections")
    return Determination(
        span=Span(0, len(text)),
        layout=layout_rule.layout,
        header=header,
        reviewer=_reviewer(ctx, sections),
        summary=_summary(ctx, _first_of(sections, SectionKind.CLINICAL_CASE_SUMMARY)),
        items=_items(ctx, layout_rule, sections, decisions=decisions, cover=cover, gap=gap),
        documents_reviewed=tuple(doc for s in documents
                                 for doc in read_documents(text, s.body_start, s.end)),
        parties=parties,
        sections=tuple(_with_boilerplate(text, s) for s in sections),
        defects=tuple(sorted(ctx.defects, key=lambda d: (d.span.start, d.span.end))),
        source_text=text,
    )


def _known_lines(tokens: tuple[Token, ...], address: AddressBlock | None,
                 end: int) -> tuple[Token, ...]:
    """Capitals lines inside the address block or the copy list are names and addresses,
    not unknown headings."""
    spans = list(address.spans) if address is not None else []
    copies = next((t.start for t in tokens if t.kind is _HEADING
                   and t.name in _COPIES_RULES), None)
    if copies is not None:
        spans.append(Span(copies, end))
    if not spans:
        return tokens
    return tuple(
        t._replace(kind=TokenKind.TEXT, name="")
        if t.kind is _UNRECOGNIZED_HEADING
        and any(s.start <= t.start < s.end for s in spans) else t
        for t in tokens)


_HEADING_WORDING = {rule.name: rule.wording for rule in g.HEADINGS}
# A tuple, not a set: ``in`` tests members by identity first, with no call of the
# enum's Python-level ``__hash__``.
_STOPS = (TokenKind.HEADING, TokenKind.TITLE, TokenKind.LABEL, TokenKind.DECISION)
_COPIES_RULES = frozenset(h.name for h in g.HEADINGS if h.kind is SectionKind.COPIES)


def _first_of(sections: list[SectionTokens], kind: SectionKind) -> SectionTokens | None:
    return next((s for s in sections if s.section.kind is kind), None)


def _items(ctx: _Context, layout_rule: g.LayoutRule, sections: list[SectionTokens], *,
           decisions: SectionTokens | None, cover: list[re.Match[str]],
           gap: int) -> tuple[DisputedItem, ...]:
    """The disputed items, in the form the layout writes them.  Decision blocks are read
    wherever they stand, whatever the layout, so an unseen variant still yields them."""
    text = ctx.text
    if decisions is not None and any(t.kind is _DECISION for t in decisions.body):
        lead_in = _lead_in(text, g.BoilerplateKind.ISSUES_LEAD_IN, decisions)
        start = lead_in.end if lead_in else decisions.body_start
        return read_items(text, decisions.body, start, decisions.end, ctx.report, gap=gap,
                          vocabulary=ctx.vocabulary)
    if layout_rule.items is g.ItemForm.NUMBERED_DETERMINATIONS:
        numbered = (_determinations(text, decisions.body_start, decisions.end)
                    if decisions else []) or cover
        if numbered:
            return tuple(_determination_item(ctx, i, m) for i, m in enumerate(numbered))
    if layout_rule.items is g.ItemForm.ISSUE_AT_DISPUTE:
        # One item per report: an issue and the sections after it, up to the next issue.
        # Report headings before the first issue are a report that lost its issue heading.
        headings = layout_rule.report
        starts = [i for i, s in enumerate(sections) if s.rule == headings[0]]
        orphan = next((i for i, s in enumerate(sections[: starts[0] if starts else None])
                       if s.rule in headings), None)
        starts = ([orphan] if orphan is not None else []) + starts
        ends = [*starts[1:], len(sections)]
        present = frozenset(s.rule for s in sections)
        if starts:
            return tuple(_issue_item(ctx, sections[at:stop], number=n + 1, headings=headings,
                                     present=present)
                         for n, (at, stop) in enumerate(zip(starts, ends, strict=True)))
    if decisions is not None:
        return read_items(text, decisions.body, decisions.body_start, decisions.end,
                          ctx.report, gap=gap,
                          vocabulary=ctx.vocabulary)
    # Items without their heading still parse, from wherever their tokens stand.
    loose = tuple(t for s in sections for t in s.body)
    if any(t.kind is _DECISION for t in loose):
        return read_items(text, loose, 0, len(text), ctx.report, gap=gap,
                          vocabulary=ctx.vocabulary)
    return ()


@lru_cache(maxsize=1)
def _determination_pattern() -> re.Pattern[str]:
    return re.compile(g.NOTICE_DETERMINATION)


def _determinations(text: str, start: int, end: int) -> list[re.Match[str]]:
    # The pattern is led by its fixed sentence, so a letter without one costs one scan.
    if text.find("has determined", start, end) < 0:
        return []
    return list(_determination_pattern().finditer(text, start, end))


def _determination_item(ctx: _Context, index: int, m: re.Match[str]) -> DisputedItem:
    """An item of the 2013 notice: ``not`` medically necessary upholds the denial."""
    text = ctx.text
    request = value(text, m.start("request"), m.end("request"))
    outcome = Outcome.UPHELD if m.group("negation") else Outcome.OVERTURNED
    spans: list[tuple[str, Span]] = []
    if request is not None:
        spans.append(("request", request[1]))
    return DisputedItem(span=trim(text, m.start(), m.end()) or Span(m.start(), m.end()),
                        value_spans=tuple(spans), number=index + 1,
                        request=request[0] if request else "", outcome=outcome,
                        treatment=_content.treatment(text, request[1] if request else None,
                                                     None, ctx.vocabulary))


def _issue_item(ctx: _Context, sections: list[SectionTokens], *, number: int,
                headings: tuple[str, ...], present: frozenset[str]) -> DisputedItem:
    """The item of one medical professional review, whose sections (the issue at dispute
    first) are ``sections``: the issue, the guidelines relied upon and the rationale.

    ``headings`` are those every report has (the issue's first), ``present`` the headings
    of the whole letter.  A report without one that the letter has elsewhere lost it (its
    text joined the section before): the letter-wide check cannot see that."""
    text = ctx.text
    path = f"items[{number - 1}]"
    report_span = sections[0].section.span.cover(sections[-1].section.span)
    found = {s.rule for s in sections}
    for name in headings:
        if name in present and name not in found:
            ctx.report(DefectCode.MISSING_HEADING,
                       f"heading {_HEADING_WORDING[name]!r} not found in the report of item "
                       f"{number}", report_span, path)
    issue = sections[0] if sections[0].rule == headings[0] else None
    decision = next((t for t in issue.body if t.kind is _DECISION),
                    None) if issue else None
    request = (value(text, issue.body_start, decision.start if decision else issue.end)
               if issue else None)
    spans: list[tuple[str, Span]] = []
    if request is not None:
        spans.append(("request", request[1]))
    elif issue is not None:  # without its heading, the missing heading is the defect
        ctx.report(DefectCode.EMPTY_VALUE, "the issue at dispute is empty",
                   issue.section.span, f"{path}.request")
    guideline_section = _first_of(sections, SectionKind.GUIDELINES_RELIED_UPON)
    rationale_section = _first_of(sections, SectionKind.RATIONALE)
    guideline = _section_text(text, guideline_section)
    rationale = _section_text(text, rationale_section)
    outcome: Outcome | None = None
    if decision is not None:
        outcome = g.OUTCOMES[decision.name]
        word_end = decision.start + len(decision.text.rstrip())
        spans.append(("outcome", Span(word_end - len(decision.name), word_end)))
    rationale_node = _content.rationale(
        text, rationale[1], rationale[1], rationale[0], outcome=outcome, report=ctx.report,
        path=f"{path}.rationale") if rationale else None
    if decision is None and rationale_node is not None:
        # No decision word: the outcome is the one the conclusion states.
        outcome = _content.stated_outcome(rationale_node.necessary)
    if outcome is None:
        ctx.report(DefectCode.MISSING_LABEL, "no outcome: no decision word after the issue "
                   "and no conclusion in the rationale",
                   Span(issue.end, issue.end) if issue else report_span,
                   f"{path}.outcome")
    covered = [s.section.span for s in (issue, guideline_section, rationale_section) if s]
    whole = covered[0]
    for span in covered[1:]:
        whole = whole.cover(span)
    return DisputedItem(
        span=whole, value_spans=tuple(spans), number=number,
        request=request[0] if request else "", outcome=outcome,
        maximus_guideline=_content.guideline(text, guideline[1], guideline[1], guideline[0],
                                             GuidelineSource.MAXIMUS) if guideline else None,
        rationale=rationale_node,
        treatment=_content.treatment(text, request[1] if request else None, None,
                                     ctx.vocabulary),
    )


def _section_text(text: str, section: SectionTokens | None) -> tuple[str, Span] | None:
    return value(text, section.body_start, section.end) if section is not None else None


@lru_cache(maxsize=1)
def _prose_date_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((rule.field, re.compile(rule.pattern, re.IGNORECASE))
                 for rule in g.PROSE_DATES)


def _prose_dates(text: str, header: CaseHeader, section: SectionTokens) -> CaseHeader:
    """Header dates the 2013 notice writes in its procedural paragraph."""
    values: dict[str, object] = {}
    spans = list(header.value_spans)
    whole = header.span
    for name, pattern in _prose_date_patterns():
        if getattr(header, name) is not None or name in values:
            continue
        m = pattern.search(text, section.body_start, section.end)
        if m is None:
            continue
        parsed = read_date(m.group("date"))
        if parsed is not None:
            values[name] = parsed
            span = Span(m.start("date"), m.end("date"))
            spans.append((name, span))
            whole = whole.cover(span)
    if not values:
        return header
    return attrs.evolve(header, span=whole, value_spans=tuple(spans), **values)  # type: ignore[arg-type]


def _reviewer(ctx: _Context, sections: list[SectionTokens]) -> Reviewer | None:
    """The credentials block, or else the credentials sentence of the paragraph on how
    the determination was made or of a qualifications section (older letters)."""
    text = ctx.text
    credentials = _first_of(sections, SectionKind.CREDENTIALS)
    if credentials is not None:
        return _credentials_block(ctx, credentials)
    for section in sections:
        if section.section.kind not in _QUALIFYING:
            continue
        sentence = read_credentials_sentence(text, section.body_start, section.end)
        if sentence is not None:
            span, specialties, states = sentence
            return _make_reviewer(ctx, span, states, specialties)
    return None


_QUALIFYING = frozenset({SectionKind.HOW_DETERMINATION_WAS_MADE, SectionKind.QUALIFICATIONS})


def _credentials_block(ctx: _Context, section: SectionTokens) -> Reviewer:
    text = ctx.text
    lists: dict[str, tuple[tuple[str, Span], ...]] = {}
    labels = [t for t in section.body if t.kind is _LABEL]
    pos = section.body_start
    for index, token in enumerate(labels):
        _unparsed(ctx, pos, token.start, "reviewer")
        limit = labels[index + 1].start if index + 1 < len(labels) else section.end
        stop = _value_end(text, token.end, limit, ctx.gap)
        # Split as the vocabulary reads them: a name with a comma in it stays whole.
        lists[token.name] = split_credentials(text, token.end, stop)
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
    return _make_reviewer(ctx, span, lists.get("licensure_states", ()),
                          lists.get("specialties", ()))


def _make_reviewer(ctx: _Context, span: Span, states: tuple[tuple[str, Span], ...],
                   specialties: tuple[tuple[str, Span], ...]) -> Reviewer:
    fields: dict[str, tuple[str, ...]] = {}
    spans: list[tuple[str, Span]] = []
    for name, written, normalize_term in (
            ("licensure_states", states, normalize_state),
            ("specialties", specialties, normalize_specialty)):
        terms = []
        for i, (raw, where) in enumerate(written):
            term = normalize_term(raw)
            if term is None:
                ctx.report(DefectCode.UNKNOWN_TERM, f"{raw!r} is not in the vocabulary of "
                           f"{name.replace('_', ' ')}; kept as written", where,
                           f"reviewer.{name}[{i}]")
            terms.append(term or raw)
            spans.append((f"{name}[{i}]", where))
        fields[name] = tuple(terms)
    return Reviewer(span=span, value_spans=tuple(spans), **fields)


def _value_end(text: str, start: int, limit: int, gap: int = 1) -> int:
    """A label's value runs to the end of its line and over continuation lines, up to the
    first run of ``gap`` blank lines (a wrapped specialty list goes on to a second line)."""
    newline = text.find("\n", start, limit)
    first_blank = -1
    run = 0
    while newline >= 0:
        following = text.find("\n", newline + 1, limit)
        line_end = following if following >= 0 else limit
        if not text[newline + 1 : line_end].strip():
            if run == 0:
                first_blank = newline
            run += 1
            if run >= gap:
                return first_blank
        else:
            run = 0
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
    disclaimer = _disclaimer().match(text, section.body_start, section.end)
    begin = section.body_start
    if lead_in is not None:
        begin = lead_in.end
    elif disclaimer is not None:
        begin = disclaimer.end()
    found = value(text, begin, section.end)
    if found is None:
        ctx.report(DefectCode.EMPTY_VALUE, "the clinical case summary is empty",
                   section.section.span, "summary")
        return None
    content, span = found
    facts = _content.summary_facts(text, span, report=ctx.report)
    spans = [("text", span), *(facts.value_spans if facts else ())]
    source_date = None
    whole = span
    if disclaimer is not None and lead_in is None:
        source_date = read_date(disclaimer.group("date"))
        if source_date is not None:
            date_span = Span(disclaimer.start("date"), disclaimer.end("date"))
            spans.append(("source_ur_date", date_span))
            whole = date_span.cover(span)
    read = _content.fields(facts, ("age", "sex", *_content.SUMMARY_FACTS)) if facts else {}
    return CaseSummary(span=whole, value_spans=tuple(spans), text=content,
                       source_ur_date=source_date, **read)


@lru_cache(maxsize=1)
def _disclaimer() -> re.Pattern[str]:
    return re.compile(g.SUMMARY_DISCLAIMER)


#: The lead-in sentence each section may open with.
_LEAD_IN_OF = {
    "clinical_case_summary": g.BoilerplateKind.SUMMARY_LEAD_IN,
    "issues": g.BoilerplateKind.ISSUES_LEAD_IN,
    "decisions": g.BoilerplateKind.ISSUES_LEAD_IN,
}
#: Sections whose whole body is fixed text (the credentials sentence in them is read).
_BOILERPLATE_SECTIONS = frozenset({"how_made", "notice_qualifications"})


def _lead_in(text: str, kind: g.BoilerplateKind, section: SectionTokens) -> Span | None:
    m = g.boilerplate(kind).match(text, section.body_start, section.end)
    return trim(text, m.start(), m.end()) if m else None


def _with_boilerplate(text: str, section: SectionTokens) -> Section:
    if section.rule in _BOILERPLATE_SECTIONS:
        span = trim(text, section.body_start, section.end)
    elif section.rule in _LEAD_IN_OF:
        span = _lead_in(text, _LEAD_IN_OF[section.rule], section)
    elif section.rule == "notice_case_summary":
        m = _disclaimer().match(text, section.body_start, section.end)
        span = trim(text, m.start(), m.end()) if m else None
    elif section.rule == "notice_decision":
        # The procedural paragraph: everything before the first numbered determination.
        numbered = _determinations(text, section.body_start, section.end)
        span = trim(text, section.body_start,
                    numbered[0].start() if numbered else section.end)
    else:
        span = None
    if span is None:
        return section.section
    # Built directly: ``attrs.evolve`` walks the class's fields at every call.  The section
    # comes from :func:`split_sections` without boilerplate, so only that is new.
    made = section.section
    return Section(kind=made.kind, title=made.title, heading=made.heading, span=made.span,
                   boilerplate=(span,))
