"""Tolerant structure (issue 15): headings, labels, header labels and outcome words in any
case and in their known rewordings, and the request without its dangling verb.

Each row edits the example letter as a later template might and names the facts that must
survive; the unedited letter's facts are the reference."""

from __future__ import annotations

import pytest

import imrparse
from imrparse import DefectCode, Outcome, SectionKind


def _facts(d: imrparse.Determination) -> tuple[object, ...]:
    summary = d.summary
    return (d.case_number, d.header.date_assigned if d.header else None,
            d.header.decision_date if d.header else None,
            tuple((i.request, i.outcome) for i in d.items),
            summary.age if summary else None, summary.sex if summary else None)


REFERENCE = imrparse.parse(imrparse.example_letter())

EDITS = [
    pytest.param("CLINICAL CASE SUMMARY", "Clinical Case Summary", id="heading-title-case"),
    pytest.param("CLINICAL CASE SUMMARY", "clinical case summary", id="heading-lower-case"),
    pytest.param("CLINICAL CASE SUMMARY", "Clinical Summary", id="heading-clinical-summary"),
    pytest.param("CLINICAL CASE SUMMARY", "CASE SUMMARY", id="heading-case-summary"),
    pytest.param("CLINICAL CASE SUMMARY", "CLINICAL\tCASE\u00a0 SUMMARY", id="heading-tabs-nbsp"),
    pytest.param("IMR ISSUES, DECISIONS AND RATIONALES", "IMR Issues, Decisions and Rationales",
                 id="issues-title-case"),
    pytest.param("IMR ISSUES, DECISIONS AND RATIONALES", "IMR ISSUES DECISIONS AND RATIONALES",
                 id="issues-no-comma"),
    pytest.param("IMR ISSUES, DECISIONS AND RATIONALES",
                 "IMR Issues, Decisions, and Rationales", id="issues-oxford-comma"),
    pytest.param("HOW THE IMR FINAL DETERMINATION WAS MADE",
                 "How the Final Determination Was Made", id="how-made-reworded"),
    pytest.param("CLINICAL CASE SUMMARY", "Clinical Case Summary:", id="heading-with-colon"),
    pytest.param("IMR ISSUES, DECISIONS AND RATIONALES",
                 "IMR Issues, Decisions and Rationales:", id="issues-with-colon"),
    pytest.param("Decision rationale:", "Rationale:", id="label-rationale"),
    pytest.param("Decision rationale:", "DECISION RATIONALE:", id="label-capitals"),
    pytest.param("MAXIMUS guideline:", "Maximus Guideline:", id="label-maximus-title-case"),
    pytest.param("Claims Administrator guideline:", "CLAIMS ADMINISTRATOR GUIDELINES:",
                 id="label-claims-plural-capitals"),
    pytest.param("Case Number:", "CASE NUMBER:", id="header-case-number-capitals"),
    pytest.param("Date Assigned:", "Date assigned:", id="header-date-assigned-lower"),
    pytest.param("Decision Date:", "DECISION DATE:", id="header-decision-date-capitals"),
    pytest.param(":  Upheld", ":  UPHELD", id="outcome-upheld-capitals"),
    pytest.param(":  Upheld", ":  upheld", id="outcome-upheld-lower"),
    pytest.param(":  Upheld", ":  Uphold", id="outcome-uphold"),
    pytest.param("\nOverturned", "\nOVERTURNED", id="outcome-overturned-capitals"),
    pytest.param("\nOverturned", "\nOverturn", id="outcome-overturn"),
]


@pytest.mark.parametrize(("old", "new"), EDITS)
def test_edited_letter_keeps_its_facts(old: str, new: str) -> None:
    text = imrparse.example_letter()
    assert old in text
    edited = imrparse.parse(text.replace(old, new))
    assert _facts(edited) == _facts(REFERENCE)
    assert edited.defects == ()


@pytest.mark.parametrize("word", ["Reversed", "Denied", "Approved", "Modified"])
def test_ambiguous_outcome_word_is_a_defect_not_a_guess(word: str) -> None:
    text = imrparse.example_letter().replace(":  Upheld", f":  {word}")
    d = imrparse.parse(text)
    assert d.items[0].outcome is None
    assert DefectCode.UNKNOWN_OUTCOME in {x.code for x in d.defects}


def test_rows_differing_in_case_are_told_apart_by_the_text() -> None:
    """``CASE SUMMARY:`` (the medical professional review) and ``Case Summary:`` (the 2013
    notice) share a pattern; the row written as the text is wins."""
    from imrparse.text.tokenizer import TokenKind, tokenize

    names = {t.name for t in tokenize("x\nCASE SUMMARY: y\n") if t.kind is TokenKind.HEADING}
    assert names == {"case_summary"}
    names = {t.name for t in tokenize("x\nCase Summary: y\n") if t.kind is TokenKind.HEADING}
    assert names == {"notice_case_summary"}


def test_capitals_header_line_is_no_heading() -> None:
    text = imrparse.example_letter().replace("Case Number:", "CASE NUMBER:")
    d = imrparse.parse(text)
    assert SectionKind.CLINICAL_CASE_SUMMARY in {s.kind for s in d.sections}
    assert not [x for x in d.defects if x.code is DefectCode.UNRECOGNIZED_HEADING]


def test_partial_request_drops_the_dangling_verb() -> None:
    """Regression (issue 15): the disputed part ended ``... 2x2 is: Overturned`` and the
    request kept the ``is``."""
    item = REFERENCE.items[1]
    assert item.partial is not None
    assert item.request.endswith("Physical therapy for the lumbar spine 2x2")
    assert item.partial.disputed == "Physical therapy for the lumbar spine 2x2"
    span = dict(item.value_spans)["request"]
    assert " ".join(imrparse.example_letter()[span.start:span.end].split()) == item.request


@pytest.mark.parametrize("wording", ["Therapy for the pelvis", "Analysis", "MRI of the thesis"],
                         ids=["pelvis", "analysis", "thesis"])
def test_request_ending_in_is_letters_keeps_them(wording: str) -> None:
    text = imrparse.example_letter().replace("Tramadol ER 150mg #30:  Upheld",
                                             f"{wording}:  Upheld")
    assert imrparse.parse(text).items[0].request == wording


# --- graceful degradation: a template no layout knows -------------------------------------

_UNKNOWN = {
    "unknown-headings": [("CLINICAL CASE SUMMARY", "SUMMARY OF THE MEDICAL HISTORY"),
                         ("IMR ISSUES, DECISIONS AND RATIONALES", "FINDINGS OF THE REVIEWER"),
                         ("HOW THE IMR FINAL DETERMINATION WAS MADE", "ABOUT THIS REVIEW")],
    "no-headings": [("CLINICAL CASE SUMMARY \n", ""),
                    ("IMR ISSUES, DECISIONS AND RATIONALES \n", ""),
                    ("HOW THE IMR FINAL DETERMINATION WAS MADE \n", "")],
    "issues-heading-unknown": [("IMR ISSUES, DECISIONS AND RATIONALES", "REVIEW OUTCOMES")],
    "summary-heading-unknown": [("CLINICAL CASE SUMMARY", "MEDICAL HISTORY SUMMARY")],
}


@pytest.mark.parametrize("edits", list(_UNKNOWN.values()), ids=list(_UNKNOWN))
def test_unknown_template_yields_facts_by_shape(edits: list[tuple[str, str]]) -> None:
    text = imrparse.example_letter()
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    d = imrparse.parse(text)
    assert _facts(d) == _facts(REFERENCE)
    # Never silent: what no layout places is reported.
    assert {x.code for x in d.defects} & {DefectCode.MISSING_HEADING,
                                          DefectCode.UNRECOGNIZED_HEADING}


def test_unknown_template_with_labels_reads_its_header_and_items() -> None:
    text = ("INDEPENDENT REVIEW NOTICE\n\nIMR Case Number: CM18-0123456\n"
            "Date Assigned: 01/02/2018\nDecision Date: 02/01/2018\n\n"
            "The reviewer found the following.\n\nLumbar MRI:  Upheld\n\n"
            "The request is not medically necessary.\n")
    d = imrparse.parse(text)
    assert d.case_number == "CM18-0123456"
    assert str(d.header.date_assigned) == "2018-01-02"
    assert str(d.header.decision_date) == "2018-02-01"
    assert [(i.request, i.outcome) for i in d.items] == [("Lumbar MRI", Outcome.UPHELD)]
    assert d.defects


def test_unlabelled_case_number_is_read_by_its_form() -> None:
    d = imrparse.parse("Notice regarding case CM18-0123456.\nIssued on 02/01/2018.\n")
    assert d.case_number == "CM18-0123456"
    assert d.defects


@pytest.mark.parametrize("text", ["", "It was a dark and stormy night.\n",
                                  "Meeting notes: bring the CM-12 form.\n"],
                         ids=["empty", "prose", "prose-with-colon"])
def test_text_with_no_sign_of_a_letter_is_not_a_letter(text: str) -> None:
    with pytest.raises(imrparse.NotALetterError):
        imrparse.parse(text)


def test_case_number_in_a_file_name_is_no_sign_of_a_letter() -> None:
    with pytest.raises(imrparse.NotALetterError):
        imrparse.parse("see letters/CM16-0000001.txt for it\n")


def test_colon_that_makes_another_row_is_not_added() -> None:
    """``CASE SUMMARY:`` alone on a line is the medical professional review's heading,
    never the FDL's ``CASE SUMMARY`` with a colon added."""
    from imrparse.text.tokenizer import TokenKind, tokenize

    names = {t.name for t in tokenize("x\nCASE SUMMARY:\ny\n") if t.kind is TokenKind.HEADING}
    assert names == {"case_summary"}
