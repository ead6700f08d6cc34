"""The letter writer: a :class:`~imrparse.Determination` back to the text of a letter.

:func:`render` is the inverse of :func:`imrparse.parse`: for a determination without
defects, ``parse(render(d)) == d`` (``==`` ignores spans and the source text).  That makes
it the oracle of the property tests (:mod:`imrparse.testing`): generate a model, write its
letter, read it back, compare.

Headings, labels and header field names are taken from the grammar tables
(:mod:`imrparse.layouts.grammar`), so the writer and the parser cannot drift apart.  The fixed
prose between them (the paragraph on how the determination was made, the lead-in
sentences) is written in our own words (:mod:`imrparse.layouts.prose`): only the opening
words the parser knows a lead-in by are fixed.

The text is laid out plainly: paragraphs wrapped at ``width`` columns, one empty line
between paragraphs, no trailing spaces.  Extraction noise (pypdf's trailing spaces,
pdfminer's reordered header table, PDFBox's doubled line breaks...) is the business of the
noise models of :mod:`imrparse.testing`.

>>> import imrparse
>>> from imrparse.render import render
>>> d = imrparse.parse(imrparse.example_letter())
>>> imrparse.parse(render(d)) == d
True
>>> seed = render(d, layout=imrparse.Layout.FDL_SEED)
>>> print(seed.splitlines()[0])
HOW THE IMR FINAL DETERMINATION WAS MADE
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Iterable

from imrparse.content.fill import stated_outcome
from imrparse.layouts import check
from imrparse.layouts import grammar as g
from imrparse.layouts import prose as w
from imrparse.model import (
    CaseHeader,
    Determination,
    DisputedItem,
    Layout,
    Outcome,
    PartialAuthorization,
    Parties,
    Reviewer,
    SectionKind,
)
from imrparse.text.dates import MONTH_NAMES

__all__ = ["DEFAULT_WIDTH", "partial_request", "render"]

#: The column paragraphs are wrapped at (a letter's lines run to about 90 characters).
DEFAULT_WIDTH = 90
#: Stands for a space that must not break a line while wrapping.
_KEEP = "\x00"
#: What stands between a request's colon and its outcome word: one space, or two as the
#: seed letter writes it.
_DECISION_SEPARATORS = {Layout.FDL_SEED: "  "}


def render(determination: Determination, layout: Layout | None = None, *,
           width: int = DEFAULT_WIDTH) -> str:
    """Write the letter of ``determination`` in ``layout`` (default: its own layout).

    :param determination: the model to write; its spans, sections and defects are ignored.
    :param layout: the layout to write it in.  A value the layout has no place for (a
        header date in the seed layout, guidelines in the 2013 notice) is left out, so the
        round trip holds only for values the layout can carry.
    :param width: the column paragraphs are wrapped at (at least 40).
    :returns: the text, lines separated by ``\\n``, ending in a line break.

    Never raises for a model :func:`imrparse.parse` or
    :func:`imrparse.testing.determinations` made.
    """
    rule = g.layout_rule(determination.layout if layout is None else layout)
    blocks = _WRITERS[rule.items](determination, rule, max(40, width))
    return "\n\n".join(b for b in blocks if b) + "\n"


# --- shared pieces ------------------------------------------------------------------------


def _heading(layout: Layout, kind: SectionKind) -> str:
    return g.heading_of(layout, kind).wording


def _section(layout: Layout, kind: SectionKind, body: str) -> str:
    """A section of ``kind``: its heading, and ``body`` on the lines under it."""
    return _heading(layout, kind) + "\n" + body


def _lead_in(layout: Layout, kind: SectionKind, width: int) -> str:
    """The section of ``kind`` with the lead-in sentence it opens with: the opening words
    the parser knows it by, then ours."""
    opening = g.heading_of(layout, kind).opening
    lead = opening.lead if opening is not None else ""
    return _section(layout, kind, _wrap(f"{lead} {w.LEAD_IN_ENDINGS[kind]}", width))


def _titles(layout: Layout) -> str:
    return "\n".join(t.wording for t in g.titles_of(layout))


def _field(name: str, layout: Layout) -> str:
    return next(f.wording for f in g.HEADER_FIELDS if f.name == name and layout in f.layouts)


def _kinds(rule: g.LayoutRule) -> frozenset[SectionKind]:
    """The kinds of the sections a letter of the layout has."""
    return frozenset(g.heading(name).kind for name in rule.required)


def _wrap(text: str, width: int) -> str:
    """``text`` wrapped at ``width``."""
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines).replace(_KEEP, " ")


def _numeric(date: dt.date, *, zeros: bool = True) -> str:
    if zeros:
        return f"{date.month:02d}/{date.day:02d}/{date.year:04d}"
    return f"{date.month}/{date.day}/{date.year}"


def _long(date: dt.date) -> str:
    return f"{MONTH_NAMES[date.month - 1]} {date.day}, {date.year}"


def _outcome_word(outcome: Outcome | None) -> str:
    if outcome is None:
        return ""
    return next(word.capitalize() for word, o in g.OUTCOMES.items() if o is outcome)


def _priority_word(header: CaseHeader) -> str:
    if header.priority is None:
        return ""
    return next(word.capitalize() for word, p in g.PRIORITIES.items() if p is header.priority)


def _join_and(values: Iterable[str]) -> str:
    """``A``, ``A and B``, ``A, B and C`` (how the older sentence lists states)."""
    items = list(values)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def partial_request(partial: PartialAuthorization) -> str:
    """The request text of a partly authorized item, as the letters write it: the original
    request, the part authorized, and the remaining part in dispute (each sentence only
    where the part is known).

    >>> from imrparse import PartialAuthorization, Span
    >>> text = partial_request(PartialAuthorization(span=Span(0, 0),
    ...     original_request="Massage x8", authorized="Massage x4", disputed="Massage x4"))
    >>> text.startswith("Massage x8 was the original request. Massage x4 was authorized")
    True
    >>> text.endswith("of the original request, Massage x4")
    True

    Never raises.
    """
    sentences = []
    if partial.original_request is not None:
        sentences.append(f"{partial.original_request} {g.ORIGINAL_END}")
    if partial.authorized is not None:
        sentences.append(f"{partial.authorized} {g.AUTHORIZED_END}")
    if partial.disputed is not None:
        sentences.append(f"{g.DISPUTED_OPENING} {partial.disputed}")
    return " ".join(sentences)


def _request(item: DisputedItem) -> str:
    if not item.request and item.partial is not None:
        return partial_request(item.partial)
    return item.request


def _decision_line(item: DisputedItem, separator: str, width: int) -> str:
    """``<request>:<separator><Outcome>``, the request wrapped, the outcome on the line of
    the colon."""
    word = _outcome_word(item.outcome)
    if not word:
        return _wrap(_request(item), width)
    tail = f":{separator}{word}"
    request = _request(item)
    partial = item.partial
    if partial is not None and partial.disputed and request.endswith(f" {partial.disputed}"):
        # The letters end the sentence naming the disputed part with its verb
        # (``..., Baclofen 100mg #3 is: Upheld``); the request holds no verb.
        request += f" {g.DANGLING_VERBS[0]}"
    wrapped = _wrap(request + tail.replace(" ", _KEEP), width)
    return wrapped.replace(_KEEP, " ")


def _labelled(kind: g.LabelKind, text: str | None, width: int) -> str:
    if text is None:
        return ""
    return _wrap(f"{g.label_wording(kind)} {text}", width)


def _decision_block(item: DisputedItem, separator: str, width: int) -> list[str]:
    ca = item.claims_administrator_guideline
    mx = item.maximus_guideline
    return [
        _decision_line(item, separator, width),
        _labelled(g.LabelKind.CLAIMS_ADMINISTRATOR_GUIDELINE, ca.text if ca else None, width),
        _labelled(g.LabelKind.MAXIMUS_GUIDELINE, mx.text if mx else None, width),
        _labelled(g.LabelKind.DECISION_RATIONALE,
                  item.rationale.text if item.rationale else None, width),
    ]


def _header_table(header: CaseHeader, layout: Layout) -> str:
    """The 2016 header table as pypdf reads it: two columns side by side, the wrapped
    ``Application`` / ``Received:`` label with its value on the line after."""
    def cell(name: str, value: str) -> str:
        return f"{_field(name, layout)}  {value}" if value else ""

    def date(name: str) -> str:
        value = getattr(header, name)
        return _numeric(value) if value is not None else ""

    lines = []
    if header.case_number is not None:
        lines.append(cell("case_number", header.case_number))
    for left, right in (("date_assigned", "date_of_injury"),
                        ("decision_date", "ur_denial_date")):
        row = " ".join(c for c in (cell(left, date(left)), cell(right, date(right))) if c)
        if row:
            lines.append(row)
    priority = cell("priority", _priority_word(header))
    received = date("application_received")
    label = _field("application_received", layout)
    if priority and received:
        first, _, second = label.partition(" ")
        lines += [f"{priority} {first}", second, received]
    else:
        lines += [x for x in (priority, f"{label}  {received}" if received else "") if x]
    return "\n".join(lines)


def _credentials_block(reviewer: Reviewer | None, layout: Layout, width: int) -> str:
    if reviewer is None:
        return ""
    lines = [_heading(layout, SectionKind.CREDENTIALS)]
    if reviewer.licensure_states:
        lines.append(_wrap(f"{g.label_wording(g.LabelKind.LICENSURE)} "
                           + ",".join(reviewer.licensure_states), width))
    if reviewer.specialties:
        lines.append(_wrap(f"{g.label_wording(g.LabelKind.SPECIALTY)} "
                           + ", ".join(reviewer.specialties), width))
    return "\n".join(lines)


def _credentials_sentence(reviewer: Reviewer | None, template: str) -> str:
    if reviewer is None or not reviewer.specialties or not reviewer.licensure_states:
        return ""
    return template.format(specialties=", ".join(reviewer.specialties),
                           states=_join_and(reviewer.licensure_states))


def _summary(determination: Determination, width: int) -> str:
    summary = determination.summary
    if summary is None:
        return ""
    return _wrap(summary.text, width)


def _documents(determination: Determination) -> str:
    return "\n".join(doc.text for doc in determination.documents_reviewed)


def _parties(parties: Parties | None) -> str:
    """The address block of a mailed letter, one party a paragraph."""
    if parties is None:
        return ""
    labels = {f.field: f.wording for f in reversed(g.PARTY_LABELS)}
    blocks = []
    for field in (g.PartyField.EMPLOYEE, g.PartyField.EMPLOYER,
                  g.PartyField.CLAIMS_ADMINISTRATOR, g.PartyField.REQUESTING_PROVIDER):
        party = getattr(parties, field.value)
        if party is None:
            continue
        lines = [f"{labels[field]} {party.name}", *party.address]
        if field is g.PartyField.CLAIMS_ADMINISTRATOR and parties.claim_number is not None:
            lines.append(f"{labels[g.PartyField.CLAIM_NUMBER]} {parties.claim_number}")
        blocks.append("\n".join(lines))
    if parties.claims_administrator is None and parties.claim_number is not None:
        blocks.append(f"{labels[g.PartyField.CLAIM_NUMBER]} {parties.claim_number}")
    return "\n\n".join(blocks)


def _copies(parties: Parties | None, layout: Layout) -> str:
    if parties is None or not parties.cc:
        return ""
    return _heading(layout, SectionKind.COPIES) + " " + "\n".join(parties.cc)


# --- one writer for each form of the items ------------------------------------------------


def _decision_blocks(d: Determination, rule: g.LayoutRule, width: int) -> list[str]:
    """The FDL family: the header table where the layout has one, the paragraph on how the
    determination was made (with the credentials sentence, unless the layout has a
    credentials block), the documents reviewed, the summary and the decision blocks."""
    layout = rule.layout
    kinds = _kinds(rule)
    blocks = [_titles(layout), _parties(d.parties)]
    if rule.table:
        blocks.append(_header_table(d.header, layout))
    if SectionKind.CREDENTIALS in kinds:
        blocks += [_section(layout, SectionKind.HOW_DETERMINATION_WAS_MADE,
                            _wrap(w.HOW_MADE, width)),
                   _credentials_block(d.reviewer, layout, width)]
    else:
        sentence = _credentials_sentence(d.reviewer, w.CREDENTIALS_SENTENCE)
        paragraph = w.HOW_MADE_WITH_CREDENTIALS.format(credentials=sentence)
        blocks.append(_section(layout, SectionKind.HOW_DETERMINATION_WAS_MADE,
                               _wrap(paragraph, width)))
    if SectionKind.DOCUMENTS_REVIEWED in kinds:
        blocks.append(_section(layout, SectionKind.DOCUMENTS_REVIEWED, _documents(d)))
    blocks += [_lead_in(layout, SectionKind.CLINICAL_CASE_SUMMARY, width), _summary(d, width),
               _lead_in(layout, SectionKind.ISSUES_DECISIONS_RATIONALES, width)]
    separator = _DECISION_SEPARATORS.get(layout, " ")
    for item in d.items:
        blocks += _decision_block(item, separator, width)
    blocks.append(_copies(d.parties, layout))
    return blocks


def _numbered_items(d: Determination, width: int) -> list[str]:
    return [_wrap(w.NOTICE_DETERMINATION.format(
        number=item.number if item.number else i + 1, request=_request(item),
        negation="not " if item.outcome is Outcome.UPHELD else ""), width)
        for i, item in enumerate(d.items)]


def _numbered_determinations(d: Determination, rule: g.LayoutRule, width: int) -> list[str]:
    """The 2013 notice: the cover with the determinations, the procedural paragraph and
    the determinations again, the qualifications, the summary after its disclaimer."""
    layout = rule.layout
    header = d.header
    cover = [_titles(layout)]
    if header.decision_date is not None:
        cover.append(f"{_field('decision_date', layout)} "
                     f"{_numeric(header.decision_date, zeros=False)}")
    if header.case_number is not None:
        cover.append(f"{_field('case_number', layout)} {header.case_number}")
    procedure = [w.NOTICE_PROCEDURE_OPENING]
    for name, clause in w.NOTICE_PROCEDURE_DATES.items():
        value = getattr(header, name)
        if value is not None:
            procedure.append(clause.format(date=_numeric(value, zeros=False)))
    procedure.append(w.NOTICE_PROCEDURE_CLOSING)
    items = _numbered_items(d, width)
    blocks = ["\n".join(cover), _parties(d.parties), *items,
              _section(layout, SectionKind.ISSUES_DECISIONS_RATIONALES,
                       _wrap(" ".join(procedure), width)), *items]
    sentence = _credentials_sentence(d.reviewer, w.NOTICE_CREDENTIALS_SENTENCE)
    qualifications = (w.NOTICE_QUALIFICATIONS.format(credentials=sentence) if sentence
                      else w.NO_CREDENTIALS)
    blocks.append(_section(layout, SectionKind.QUALIFICATIONS, _wrap(qualifications, width)))
    if d.summary is not None:
        summary = [_heading(layout, SectionKind.CLINICAL_CASE_SUMMARY)]
        if d.summary.source_ur_date is not None:
            summary.append(_wrap(w.NOTICE_DISCLAIMER.format(
                date=_long(d.summary.source_ur_date)), width))
        summary.append(_wrap(d.summary.text, width))
        blocks.append("\n".join(summary))
    if d.documents_reviewed:
        blocks.append(_section(layout, SectionKind.DOCUMENTS_REVIEWED, _documents(d)))
    blocks.append(_copies(d.parties, layout))
    return blocks


def _issue_reports(d: Determination, rule: g.LayoutRule, width: int) -> list[str]:
    """The medical professional review: one report an item; the first also has the case
    summary, the documents reviewed and the reviewer's qualifications."""
    layout = rule.layout
    blocks = [_titles(layout), _parties(d.parties)]
    for index, item in enumerate(d.items):
        rationale = item.rationale.text if item.rationale else None
        # The layout has no decision line; the outcome is written only where the
        # rationale's conclusion does not already say it.
        stated = stated_outcome(item.rationale.necessary) if item.rationale else None
        issue = (_wrap(_request(item), width) if stated is item.outcome
                 else _decision_line(item, "  ", width))
        blocks.append(_section(layout, SectionKind.ISSUE_AT_DISPUTE, issue))
        if index == 0:
            if d.summary is not None:
                blocks.append(_section(layout, SectionKind.CLINICAL_CASE_SUMMARY,
                                       _summary(d, width)))
            blocks.append(_section(layout, SectionKind.DOCUMENTS_REVIEWED, _documents(d)))
        guideline = item.maximus_guideline.text if item.maximus_guideline else ""
        blocks.append(_section(layout, SectionKind.GUIDELINES_RELIED_UPON,
                               _wrap(guideline, width)))
        blocks.append(_section(layout, SectionKind.RATIONALE, _wrap(rationale or "", width)))
        if index == 0:
            reviewer = d.reviewer
            paragraph = (w.MPR_QUALIFICATIONS.format(
                specialties=", ".join(reviewer.specialties),
                states=_join_and(reviewer.licensure_states))
                if reviewer is not None and reviewer.specialties and reviewer.licensure_states
                else w.NO_CREDENTIALS)
            blocks.append(_section(layout, SectionKind.QUALIFICATIONS, _wrap(paragraph, width)))
    blocks.append(_copies(d.parties, layout))
    return blocks


#: The writer of each form of the items (as :data:`imrparse.structure.items.ITEM_READERS` holds
#: their readers): a layout is written by the writer of its items' form, from its rows
#: of the grammar tables.
_WRITERS: dict[g.ItemForm, Callable[[Determination, g.LayoutRule, int], list[str]]] = {
    g.ItemForm.DECISION_BLOCKS: _decision_blocks,
    g.ItemForm.NUMBERED_DETERMINATIONS: _numbered_determinations,
    g.ItemForm.ISSUE_AT_DISPUTE: _issue_reports,
}
check.covers("render writers", _WRITERS, g.ItemForm)
