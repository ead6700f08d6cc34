"""The pipeline: :func:`parse` runs the stages over a letter and assembles the
:class:`~imrparse.Determination`.

1. the text to tokens (:mod:`imrparse.text.tokenizer`) and the address block of a mailed
   letter (:mod:`imrparse.structure.parties`);
2. the tokens to sections, and the layout their headings reveal (:mod:`imrparse.text.sections`);
3. each part read by its reader: the header (:mod:`imrparse.structure.header`), the
   parties, the reviewer (:mod:`imrparse.structure.reviewer`), the case summary, the items
   in the layout's form (:mod:`imrparse.structure.items`), the documents reviewed
   (:mod:`imrparse.structure.documents`); the values read from prose come from
   :mod:`imrparse.content.fill`.

What each layout holds is data (:mod:`imrparse.layouts.grammar`).  Every defect goes through one
:class:`~imrparse.text.reading.Reading`, so lenient and strict parsing see the same defects.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from imrparse.content import fill as _content
from imrparse.errors import (
    DefectCode,
    ImrParseError,
    InternalError,
    StrictModeError,
    not_a_letter,
)
from imrparse.layouts import grammar as g
from imrparse.model import (
    CaseHeader,
    CaseSummary,
    Determination,
    Layout,
    Parties,
    ReviewedDocument,
    SectionKind,
)
from imrparse.model.spans import Span
from imrparse.structure.documents import read_documents
from imrparse.structure.header import has_header_label, read_header
from imrparse.structure.items import Letter, determinations, read_items
from imrparse.structure.parties import AddressBlock, make_parties, read_address_block, read_copies
from imrparse.structure.reviewer import read_reviewer
from imrparse.text.dates import read_date
from imrparse.text.normalize import paragraph_gap, trim, value
from imrparse.text.reading import Reading
from imrparse.text.sections import SectionTokens, detect_layout, first_of, split_sections
from imrparse.text.tokenizer import (
    DECISION,
    HEADING,
    LABEL,
    TEXT,
    TITLE,
    UNRECOGNIZED_HEADING,
    Token,
    tokenize,
)
from imrparse.vocab.treatments import Vocabulary

__all__ = ["parse"]


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
    :raises InternalError: for a bug in imrparse (never for the input's faults), with the
        exception it raised chained.  Leniently, a bug in reading one part of the letter
        (an item, a section, a value) is an ``internal-error`` defect instead, and the
        rest is read.
    :raises MemoryError: as any Python code may, for a text too large for the memory
        available (a letter is some 10-50 KB; ``imrparse parse`` bounds each file's memory).
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() takes the letter's text as a str, not {type(text).__name__}")
    try:
        result = _parse(Reading(text, vocabulary=vocabulary, strict=strict))
    except (ImrParseError, RecursionError, MemoryError):
        raise
    except Exception as exc:  # a bug: raised as ours, never as the input's fault
        raise InternalError.of(text, exc) from exc
    if strict and result.defects:
        raise StrictModeError.of(result)
    return result


#: The headings a not-a-letter message names: the first of the summary and of the items.
_LOOKED_FOR = tuple(next(rule.wording for rule in g.HEADINGS if rule.kind is kind)
                    for kind in (SectionKind.CLINICAL_CASE_SUMMARY,
                                 SectionKind.ISSUES_DECISIONS_RATIONALES))
#: The layout a letter with header labels and no heading of any layout is read with.
_TABLE_LAYOUT = g.layout_rule(Layout.FDL_2016)
#: The headings and titles that are signs of a layout (the copy list is none).
_SIGNS = frozenset(name for layout in Layout for name in g.layout_signs(layout)) - {g.TABLE_SIGN}
#: A case number by its own form (``CM16-0229336``), as a word of its own: not part of a
#: file name or path (``letters/CM16-0229336.txt`` is a path given as text).
_CASE_NUMBER = re.compile(r"(?<![\w/\\.-])" + g.CASE_NUMBER_FORM + r"(?![\w/\\-]|\.\w)")
#: Tokens of lines another table knows, which end an address.
_STOPS = (HEADING, TITLE, LABEL, DECISION)
_COPIES_RULES = frozenset(h.name for h in g.HEADINGS if h.kind is SectionKind.COPIES)


def _parse(reading: Reading) -> Determination:
    text = reading.text
    reading.gap = paragraph_gap(text)
    tokens = tokenize(text)
    first_heading = next((t.start for t in tokens if t.kind is HEADING), len(text))
    # An address ends at a line the other tables know (a title, an item label, a decision
    # line, the notice's determination sentence): without blank lines nothing else ends it.
    stops = sorted([t.start for t in tokens if t.start < first_heading and t.kind in _STOPS]
                   + [m.start() for m in determinations(text, 0, first_heading)])
    address = reading.attempt(Span(0, first_heading), "parties", read_address_block, text, 0,
                              first_heading, gap=reading.gap, stops=stops)
    tokens = _known_lines(tokens, address, len(text))
    mark = len(reading.defects)
    sections = split_sections(reading, tokens)
    layout = _layout(reading, tokens, sections)
    own = _own_rows(tokens, layout)
    if own is not None:
        # A heading re-cased so that it reads as its twin of another layout: read again
        # with the layout's own rows (the first reading's defects withdrawn).
        del reading.defects[mark:]
        tokens = own
        sections = split_sections(reading, tokens)
        layout = _layout(reading, tokens, sections)

    preamble = sections[0]
    decisions = first_of(sections, SectionKind.ISSUES_DECISIONS_RATIONALES)
    cover = determinations(text, 0, preamble.end)
    claimed = [t.span for t in preamble.body if t.kind is TITLE]
    claimed += [Span(m.start(), m.end()) for m in cover]
    if address is not None:
        claimed.extend(address.spans)
    prose = decisions or preamble
    header = reading.attempt(preamble.section.span, "header", read_header, reading, 0,
                             preamble.end, layout=layout, claimed=claimed,
                             prose=(prose.body_start, prose.end))
    copies = first_of(sections, SectionKind.COPIES)
    summary = first_of(sections, SectionKind.CLINICAL_CASE_SUMMARY)
    parties = reading.attempt(copies.section.span if copies else Span(0, 0), "parties",
                              _parties, reading, address, copies)
    for section in sections:
        # No field reads the body of a heading no layout knows: it is reported whole.
        if section.section.kind is SectionKind.UNRECOGNIZED:
            reading.unparsed(section.body_start, section.end, "sections")
    return Determination(
        span=Span(0, len(text)),
        layout=layout.layout,
        header=header or CaseHeader(span=trim(text, 0, preamble.end) or Span(0, 0)),
        reviewer=reading.attempt(Span(0, len(text)), "reviewer", read_reviewer, reading,
                                 sections),
        summary=(_summary(reading, summary) if summary is not None
                 else _summary_by_shape(reading, tokens)),
        items=reading.attempt(decisions.section.span if decisions else Span(0, len(text)),
                              "items", read_items,
                              Letter(reading, sections, layout, cover)) or (),
        documents_reviewed=_documents(reading, sections),
        parties=parties,
        sections=tuple(s.section for s in sections),
        defects=tuple(sorted(reading.defects, key=lambda d: (d.span.start, d.span.end))),
        source_text=text,
    )


#: Each heading's twins: the rows of other layouts whose wording differs from one of its
#: own only in case (``CASE SUMMARY:`` and ``Case Summary:``).
_TWINS = {h.name: tuple(o.name for o in g.HEADINGS if o is not h
                        and {w.casefold() for w in o.wordings}
                        & {w.casefold() for w in h.wordings})
          for h in g.HEADINGS}


def _own_rows(tokens: tuple[Token, ...], layout: g.LayoutRule) -> tuple[Token, ...] | None:
    """``tokens`` with each heading read as a twin row not of ``layout`` renamed to the
    layout's own twin, or ``None`` where there is none (a text in another case than both
    rows is read as the first of them: see :func:`imrparse.text.tokenizer.tokenize`)."""
    rows = _ROWS_OF[layout.layout]
    renamed = {t.start: twin for t in tokens if t.kind is HEADING and t.name not in rows
               for twin in _TWINS[t.name] if twin in rows}
    if not renamed:
        return None
    return tuple(t._replace(name=renamed[t.start]) if t.start in renamed and t.kind is HEADING
                 else t for t in tokens)


_ROWS_OF = {layout: frozenset(h.name for h in g.HEADINGS if layout in h.layouts)
            for layout in Layout}


def _layout(reading: Reading, tokens: Sequence[Token],
            sections: Sequence[SectionTokens]) -> g.LayoutRule:
    """The layout whose signs the letter shows; its missing headings are defects.

    :raises NotALetterError: if the letter shows no sign of any layout and has no item.
    """
    found = {s.rule for s in sections}
    preamble = sections[0]
    found.update(t.name for t in preamble.body if t.kind is TITLE)
    if has_header_label(reading.text, 0, preamble.end):
        found.add(g.TABLE_SIGN)
    layout = detect_layout(found)
    if g.TABLE_SIGN in found and found.isdisjoint(_SIGNS):
        # No heading or title of any layout, but header labels: a template no layout
        # knows, read with the layout whose header table reads every label.
        layout = _TABLE_LAYOUT
    if layout is None:
        # A letter of a template no layout knows still shows a label, a decision line,
        # a header label or a case number (by its own form); a text with none of these
        # is no letter.
        if not (any(t.kind is LABEL or t.kind is DECISION for t in tokens)
                or has_header_label(reading.text, 0, len(reading.text))
                or _CASE_NUMBER.search(reading.text)):
            raise not_a_letter(reading.text, _LOOKED_FOR)
        layout = g.LAYOUTS[-1]
    for name in layout.required:
        if name not in found:
            reading.defect(DefectCode.MISSING_HEADING,
                           f"heading {g.heading(name).wording!r} not found", Span(0, 0),
                           "sections")
    return layout


def _known_lines(tokens: tuple[Token, ...], address: AddressBlock | None,
                 end: int) -> tuple[Token, ...]:
    """Capitals lines inside the address block or the copy list are names and addresses,
    not unknown headings."""
    spans = list(address.spans) if address is not None else []
    copies = next((t.start for t in tokens if t.kind is HEADING
                   and t.name in _COPIES_RULES), None)
    if copies is not None:
        spans.append(Span(copies, end))
    if not spans:
        return tokens
    return tuple(
        t._replace(kind=TEXT, name="")
        if t.kind is UNRECOGNIZED_HEADING
        and any(s.start <= t.start < s.end for s in spans) else t
        for t in tokens)


def _parties(reading: Reading, address: AddressBlock | None,
             copies: SectionTokens | None) -> Parties | None:
    members = read_copies(reading.text, copies.body_start, copies.end) if copies else ()
    return make_parties(address, members)


def _summary(reading: Reading, section: SectionTokens | None) -> CaseSummary | None:
    """The case summary after the section's opening (a lead-in sentence, the notice's
    disclaimer, which may name the UR decision's date)."""
    if section is None:
        return None
    found = value(reading.text, section.content_start, section.end)
    if found is None:
        reading.defect(DefectCode.EMPTY_VALUE, "the clinical case summary is empty",
                       section.section.span, "summary")
        return None
    content, paragraph = found
    return reading.attempt(paragraph, "summary", _content.summary, reading, paragraph,
                           content, source_ur_date=_opening_date(section.opening))


#: The opening of a case summary (its lead-in or the notice's disclaimer).
_SUMMARY_OPENING = re.compile(g.SUMMARY_OPENING.pattern)


def _summary_by_shape(reading: Reading, tokens: Sequence[Token]) -> CaseSummary | None:
    """Without a case summary section (a heading no layout knows, or none), the summary is
    found by its lead-in sentence wherever it stands, and runs to the next heading,
    label or decision line.  Its text stays reported as unparsed where no field claims
    it (a section no layout knows is reported whole)."""
    text = reading.text
    found = _SUMMARY_OPENING.search(text)
    if found is None or found.end() == found.start():
        return None
    end = next((t.start for t in tokens if t.start >= found.end() and t.kind is not TEXT),
               len(text))
    block = value(text, found.end(), end)
    if block is None:
        return None
    content, paragraph = block
    return reading.attempt(paragraph, "summary", _content.summary, reading, paragraph,
                           content, source_ur_date=_opening_date(found))


def _opening_date(opening: re.Match[str] | None) -> tuple[dt.date, Span] | None:
    """The date a section's opening names (its group ``date``), with its span."""
    if opening is None or "date" not in opening.re.groupindex or not opening.group("date"):
        return None
    date = read_date(opening.group("date"))
    return (date, Span(*opening.span("date"))) if date is not None else None


def _documents(reading: Reading,
               sections: Sequence[SectionTokens]) -> tuple[ReviewedDocument, ...]:
    documents: list[ReviewedDocument] = []
    for section in sections:
        if section.section.kind is SectionKind.DOCUMENTS_REVIEWED:
            read = reading.attempt(section.section.span, "documents_reviewed", read_documents,
                                   reading.text, section.body_start, section.end)
            documents.extend(read or ())
    return tuple(documents)
