"""The public surface: parse's contract, strict mode, defects, the example letter."""

from __future__ import annotations

import pytest

import imrparse
from imrparse import DefectCode, Outcome

EXAMPLE = imrparse.example_letter()


@pytest.mark.parametrize("bad", [b"bytes", None, 42, ["a list"], bytearray(b"x")],
                         ids=["bytes", "none", "int", "list", "bytearray"])
def test_non_str_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="str"):
        imrparse.parse(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "   \n\n", "Dear reader, nothing here.",
                                  "Lorem ipsum\n" * 200],
                         ids=["empty", "blank", "prose", "long-prose"])
def test_text_without_structure_is_not_a_letter(text: str) -> None:
    with pytest.raises(imrparse.NotALetterError, match="CLINICAL CASE SUMMARY") as info:
        imrparse.parse(text)
    assert isinstance(info.value, ValueError)


def test_example_letter_parses_cleanly() -> None:
    d = imrparse.parse(EXAMPLE)
    assert d.defects == ()
    assert d.layout is imrparse.Layout.FDL_2016
    assert d.case_number == "CM16-0000001"
    assert [i.outcome for i in d.items] == [Outcome.UPHELD, Outcome.OVERTURNED]
    assert d.items[1].partial is not None
    assert d.items[1].partial.disputed == "Physical therapy for the lumbar spine 2x2"
    assert d.reviewer is not None and d.reviewer.licensure_states == ("California", "Oregon")


def test_source_text_is_kept_but_not_shown() -> None:
    d = imrparse.parse(EXAMPLE)
    assert d.source_text is EXAMPLE
    assert "source_text" not in repr(d)


def test_model_is_frozen() -> None:
    import attrs

    d = imrparse.parse(EXAMPLE)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        d.items = ()  # type: ignore[misc]


# Each row: a mutation of the example letter and the defect code it must produce.
MUTATIONS = [
    ("missing-maximus-label", ("MAXIMUS guideline:", "MAXIMUS rule:"),
     DefectCode.MISSING_LABEL),
    ("unknown-outcome", ("2x2 is: \nOverturned", "2x2 is: Partly granted"),
     DefectCode.UNKNOWN_OUTCOME),
    ("bad-date", ("Decision Date: 12/09/2016", "Decision Date: 13/45/2016"),
     DefectCode.BAD_DATE),
    ("unknown-priority", ("Priority:  Standard", "Priority:  Urgent"),
     DefectCode.UNKNOWN_PRIORITY),
    ("bad-case-number", ("CM16-0000001", "CM16-00001"), DefectCode.BAD_CASE_NUMBER),
    ("missing-heading", ("CLINICAL CASE SUMMARY", "Clinical notes"),
     DefectCode.MISSING_HEADING),
    ("duplicate-heading", ("Tramadol ER", "CLINICAL CASE SUMMARY\nTramadol ER"),
     DefectCode.DUPLICATE_HEADING),
    ("unrecognized-heading", ("IMR ISSUES, DECISIONS", "ADDITIONAL CLINICAL NOTES HERE\n \n"
                              "IMR ISSUES, DECISIONS"), DefectCode.UNRECOGNIZED_HEADING),
    ("missing-header-label", ("Date Assigned:", "Assigned on:"), DefectCode.MISSING_LABEL),
    ("empty-rationale", ("Decision rationale: The worker has a new flare",
                         "Decision rationale: \n \nThe worker has a new flare"), None),
    ("stray-text-before-items", ("listed here: \n", "listed here: \nA stray note. \n \n"),
     DefectCode.UNPARSED_TEXT),
    ("no-items", ("Tramadol ER 150mg #30:  Upheld", "Tramadol ER 150mg #30"), None),
]


@pytest.mark.parametrize(("old_new", "code"), [(m[1], m[2]) for m in MUTATIONS],
                         ids=[m[0] for m in MUTATIONS])
def test_defects_are_recorded_and_strict_mode_raises(
        old_new: tuple[str, str], code: DefectCode | None) -> None:
    old, new = old_new
    assert old in EXAMPLE
    text = EXAMPLE.replace(old, new, 1)
    d = imrparse.parse(text)
    if code is None:
        return
    assert code in {defect.code for defect in d.defects}, d.defects
    with pytest.raises(imrparse.StrictModeError) as info:
        imrparse.parse(text, strict=True)
    assert info.value.defects == d.defects
    assert info.value.partial == d


def test_strict_mode_passes_a_clean_letter() -> None:
    assert imrparse.parse(EXAMPLE, strict=True) == imrparse.parse(EXAMPLE)


def test_span_of_points_at_the_value() -> None:
    d = imrparse.parse(EXAMPLE)
    span = d.header.span_of("decision_date")
    assert span is not None and span.slice(EXAMPLE) == "12/09/2016"
    item_span = d.items[0].span_of("request")
    assert item_span is not None and item_span.slice(EXAMPLE) == "Tramadol ER 150mg #30"
