"""The letter writer: a :class:`~imrparse.Determination` back to the text of a letter.

:func:`render` is the inverse of :func:`imrparse.parse`: for a determination without
defects, ``parse(render(d)) == d`` (``==`` ignores spans and the source text).  That makes
it the oracle of the property tests (:mod:`imrparse.testing`): generate a model, write its
letter, read it back, compare.

Headings, labels and header field names are taken from the grammar tables
(:mod:`imrparse._grammar`), so the writer and the parser cannot drift apart.  The fixed
prose between them (the paragraph on how the determination was made, the lead-in
sentences) is written in our own words (:mod:`imrparse._writer_text`): only the opening
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
from collections.abc import Iterable

from imrparse import _grammar as g
from imrparse import _writer_text as w
from imrparse._content import stated_outcome
from imrparse.model import (
    CaseHeader,
    Determination,
    DisputedItem,
    Layout,
    Outcome,
    PartialAuthorization,
    Parties,
    Reviewer,
)

__all__ = ["DEFAULT_WIDTH", "partial_request", "render"]

#: The column paragraphs are wrapped at (a letter's lines run to about 90 characters).
DEFAULT_WIDTH = 90
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
#: Stands for a space that must not break a line while wrapping.
_KEEP = "\x00"


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
    layout = determination.layout if layout is None else layout
    width = max(40, width)
    writer = _WRITERS[layout]
    blocks = writer(determination, width)
    return "\n\n".join(b for b in blocks if b) + "\n"


# --- shared pieces ------------------------------------------------------------------------


def _heading(name: str) -> str:
    return next(h.wording for h in g.HEADINGS if h.name == name)


def _title(name: str) -> str:
    return next(t.wording for t in g.TITLES if t.name == name)


def _label(kind: g.LabelKind) -> str:
    return next(rule.wording for rule in g.LABELS if rule.kind is kind)


def _field(name: str, layout: Layout) -> str:
    return next(f.wording for f in g.HEADER_FIELDS if f.name == name and layout in f.layouts)


def _wrap(text: str, width: int) -> str:
    """``text`` wrapped at ``width``."""
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines).replace(_KEEP, " ")


def _numeric(date: dt.date, *, zeros: bool = True) -> str:
    if zeros:
        return f"{date.month:02d}/{date.day:02d}/{date.year:04d}"
    return f"{date.month}/{date.day}/{date.year}"


def _long(date: dt.date) -> str:
    return f"{_MONTH_NAMES[date.month - 1]} {date.day}, {date.year}"


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
    # The sentence ends are the grammar's own (REQUEST_SENTENCE_ENDS).
    original_end, authorized_end = g.REQUEST_SENTENCE_ENDS[0], g.REQUEST_SENTENCE_ENDS[1]
    sentences = []
    if partial.original_request is not None:
        sentences.append(f"{partial.original_request} {original_end}")
    if partial.authorized is not None:
        sentences.append(f"{partial.authorized} {authorized_end}")
    if partial.disputed is not None:
        sentences.append(f"{_REMAINING} {partial.disputed}")
    return " ".join(sentences)


#: How the letters open the sentence naming the part still in dispute.
_REMAINING = "The remaining IMR eligible portion of the original request,"


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
    wrapped = _wrap(_request(item) + tail.replace(" ", _KEEP), width)
    return wrapped.replace(_KEEP, " ")


def _labelled(kind: g.LabelKind, text: str | None, width: int) -> str:
    if text is None:
        return ""
    return _wrap(f"{_label(kind)} {text}", width)


def _fdl_item(item: DisputedItem, separator: str, width: int) -> list[str]:
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
    label = _field("application_received", Layout.FDL_2016)
    if priority and received:
        first, _, second = label.partition(" ")
        lines += [f"{priority} {first}", second, received]
    else:
        lines += [x for x in (priority, f"{label}  {received}" if received else "") if x]
    return "\n".join(lines)


def _credentials_block(reviewer: Reviewer | None, width: int) -> str:
    if reviewer is None:
        return ""
    lines = [_heading("credentials")]
    if reviewer.licensure_states:
        lines.append(_wrap(f"{_label(g.LabelKind.LICENSURE)} "
                           + ",".join(reviewer.licensure_states), width))
    if reviewer.specialties:
        lines.append(_wrap(f"{_label(g.LabelKind.SPECIALTY)} "
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


def _copies(parties: Parties | None) -> str:
    if parties is None or not parties.cc:
        return ""
    return _heading("cc") + " " + "\n".join(parties.cc)


# --- the layouts --------------------------------------------------------------------------


def _fdl_2016(d: Determination, width: int) -> list[str]:
    blocks = [_parties(d.parties), _header_table(d.header, Layout.FDL_2016),
              _heading("how_made") + "\n" + _wrap(w.HOW_MADE, width),
              _credentials_block(d.reviewer, width)]
    blocks += _fdl_body(d, "issues", " ", width)
    return blocks


def _fdl_body(d: Determination, issues: str, separator: str, width: int) -> list[str]:
    blocks = [_heading("clinical_case_summary") + "\n" + _wrap(w.SUMMARY_LEAD_IN, width),
              _summary(d, width),
              _heading(issues) + "\n" + _wrap(w.ISSUES_LEAD_IN, width)]
    for item in d.items:
        blocks += _fdl_item(item, separator, width)
    blocks.append(_copies(d.parties))
    return blocks


def _how_with_credentials(d: Determination, width: int) -> str:
    sentence = _credentials_sentence(d.reviewer, w.CREDENTIALS_SENTENCE)
    paragraph = w.HOW_MADE_WITH_CREDENTIALS.format(credentials=sentence)
    return _heading("how_made") + "\n" + _wrap(paragraph, width)


def _fdl_seed(d: Determination, width: int) -> list[str]:
    # No header table: the one seed letter has none (letter-formats.md 3).
    return [_parties(d.parties), _how_with_credentials(d, width),
            *_fdl_body(d, "issues", "  ", width)]


def _fdl_documents_reviewed(d: Determination, width: int) -> list[str]:
    letterhead = "\n".join((_title("maximus_letterhead"), _title("imr_letterhead")))
    blocks = [letterhead, _parties(d.parties),
              _header_table(d.header, Layout.FDL_DOCUMENTS_REVIEWED),
              _how_with_credentials(d, width),
              _heading("documents_reviewed") + "\n" + _documents(d)]
    return blocks + _fdl_body(d, "decisions", " ", width)


def _notice_items(d: Determination, width: int) -> list[str]:
    return [_wrap(w.NOTICE_DETERMINATION.format(
        number=item.number if item.number else i + 1, request=_request(item),
        negation="not " if item.outcome is Outcome.UPHELD else ""), width)
        for i, item in enumerate(d.items)]


def _notice_2013(d: Determination, width: int) -> list[str]:
    header = d.header
    cover = [_title("maximus_letterhead"), _title("notice_title")]
    if header.decision_date is not None:
        cover.append(f"{_field('decision_date', Layout.NOTICE_2013)} "
                     f"{_numeric(header.decision_date, zeros=False)}")
    if header.case_number is not None:
        cover.append(f"{_field('case_number', Layout.NOTICE_2013)} {header.case_number}")
    procedure = [w.NOTICE_PROCEDURE_OPENING]
    for name, clause in w.NOTICE_PROCEDURE_DATES.items():
        value = getattr(header, name)
        if value is not None:
            procedure.append(clause.format(date=_numeric(value, zeros=False)))
    procedure.append(w.NOTICE_PROCEDURE_CLOSING)
    items = _notice_items(d, width)
    blocks = ["\n".join(cover), _parties(d.parties), *items,
              _heading("notice_decision") + "\n" + _wrap(" ".join(procedure), width), *items]
    sentence = _credentials_sentence(d.reviewer, w.NOTICE_CREDENTIALS_SENTENCE)
    qualifications = (w.NOTICE_QUALIFICATIONS.format(credentials=sentence) if sentence
                      else w.NO_CREDENTIALS)
    blocks.append(_heading("notice_qualifications") + "\n" + _wrap(qualifications, width))
    if d.summary is not None:
        summary = [_heading("notice_case_summary")]
        if d.summary.source_ur_date is not None:
            summary.append(_wrap(w.NOTICE_DISCLAIMER.format(
                date=_long(d.summary.source_ur_date)), width))
        summary.append(_wrap(d.summary.text, width))
        blocks.append("\n".join(summary))
    if d.documents_reviewed:
        blocks.append(_heading("notice_documents") + "\n" + _documents(d))
    blocks.append(_copies(d.parties))
    return blocks


def _medical_professional_review(d: Determination, width: int) -> list[str]:
    blocks = [_title("medical_professional_review"), _parties(d.parties)]
    for index, item in enumerate(d.items):
        rationale = item.rationale.text if item.rationale else None
        # The layout has no decision line; the outcome is written only where the
        # rationale's conclusion does not already say it.
        stated = stated_outcome(item.rationale.necessary) if item.rationale else None
        issue = (_wrap(_request(item), width) if stated is item.outcome
                 else _decision_line(item, "  ", width))
        blocks.append(_heading("issue_at_dispute") + "\n" + issue)
        if index == 0:
            if d.summary is not None:
                blocks.append(_heading("case_summary") + "\n" + _summary(d, width))
            blocks.append(_heading("documents_reviewed_for_determination") + "\n"
                          + _documents(d))
        guideline = item.maximus_guideline.text if item.maximus_guideline else ""
        blocks.append(_heading("guidelines_relied_upon") + "\n" + _wrap(guideline, width))
        blocks.append(_heading("rationale") + "\n" + _wrap(rationale or "", width))
        if index == 0:
            reviewer = d.reviewer
            paragraph = (w.MPR_QUALIFICATIONS.format(
                specialties=", ".join(reviewer.specialties),
                states=_join_and(reviewer.licensure_states))
                if reviewer is not None and reviewer.specialties and reviewer.licensure_states
                else w.NO_CREDENTIALS)
            blocks.append(_heading("reviewer_qualifications") + "\n" + _wrap(paragraph, width))
    blocks.append(_copies(d.parties))
    return blocks


_WRITERS = {
    Layout.FDL_2016: _fdl_2016,
    Layout.FDL_SEED: _fdl_seed,
    Layout.FDL_DOCUMENTS_REVIEWED: _fdl_documents_reviewed,
    Layout.NOTICE_2013: _notice_2013,
    Layout.MEDICAL_PROFESSIONAL_REVIEW: _medical_professional_review,
}
if set(_WRITERS) != set(Layout):  # pragma: no cover - guards a new Layout member
    raise ValueError("render: every Layout needs a writer")

