"""What ``parse`` reads from the prose, through the whole pipeline: treatments, guideline
bases, clinical facts, rationale conclusions and the reviewer's vocabulary names, with the
defects that go with them.  (The readers' own grammars are tested in test_treatment.py,
test_citations.py, test_clinical.py and test_rationale.py.)"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import imrparse
from imrparse import (
    BoilerplateKind,
    DefectCode,
    DrugClass,
    MtusCitation,
    MtusGuideline,
    Outcome,
    TreatmentCategory,
    TreatmentSubcategory,
    UrAction,
)
from imrparse.content.fill import fill
from imrparse.render import render
from imrparse.vocab import treatments as tv

EXAMPLE = imrparse.example_letter()


@pytest.fixture(scope="module")
def example() -> imrparse.Determination:
    return imrparse.parse(EXAMPLE)


def test_example_items_carry_their_content(example: imrparse.Determination) -> None:
    first, second = example.items
    assert first.treatment is not None and second.treatment is not None
    assert (first.treatment.category, first.treatment.drug_class) == (
        TreatmentCategory.PHARMACEUTICALS, DrugClass.OPIOIDS)
    assert (first.treatment.strengths, first.treatment.count) == (("150mg",), 30)
    # A partial authorization is filed by its disputed part: 2x2 of the 2x4 asked for.
    assert second.treatment.subcategory is TreatmentSubcategory.PT_OT
    assert second.treatment.sessions == 4
    basis = first.maximus_guideline.basis  # type: ignore[union-attr]
    assert basis is not None and basis.evidence_cited
    assert [(c.guideline, c.year) for c in basis.mtus] == [
        (MtusGuideline.CHRONIC_PAIN_MEDICAL_TREATMENT, 2016)]
    assert first.rationale is not None and first.rationale.necessary is False
    assert second.rationale is not None and second.rationale.necessary is True


def test_example_summary_facts(example: imrparse.Determination) -> None:
    s = example.summary
    assert s is not None and s.ur_decision is not None
    assert (s.ur_decision.action, s.ur_decision.date) == (UrAction.DENIED, dt.date(2016, 10, 21))


def test_content_values_point_into_the_input(example: imrparse.Determination) -> None:
    t = example.items[0].treatment
    assert t is not None
    assert example.text_of(t.span_of("strengths[0]")) == "150mg"  # type: ignore[arg-type]
    citation = example.items[0].maximus_guideline.basis.citations[0]  # type: ignore[union-attr]
    assert isinstance(citation, MtusCitation)
    assert example.text_of(citation.span_of("year")) == "2016"  # type: ignore[arg-type]


def _with_rationale_of(d: imrparse.Determination, index: int, text: str) -> str:
    item = d.items[index]
    assert item.rationale is not None
    rationale = attrs.evolve(item.rationale, text=text)
    items = list(d.items)
    items[index] = attrs.evolve(item, rationale=rationale)
    return render(attrs.evolve(d, items=tuple(items)))


def test_conclusion_contradicting_the_outcome_is_a_defect(
        example: imrparse.Determination) -> None:
    text = _with_rationale_of(example, 0, "The records support it. The request is "
                                          "medically necessary.")
    d = imrparse.parse(text)
    assert d.items[0].outcome is Outcome.UPHELD  # the outcome word stays the authority
    assert d.items[0].rationale.necessary is True  # type: ignore[union-attr]
    [defect] = d.defects
    assert defect.code is DefectCode.CONCLUSION_CONTRADICTS_OUTCOME
    assert defect.path == "items[0].rationale.necessary"
    assert d.text_of(defect.span) == "is medically necessary"
    with pytest.raises(imrparse.StrictModeError):
        imrparse.parse(text, strict=True)


def test_a_rationale_without_conclusion_is_no_defect(example: imrparse.Determination) -> None:
    d = imrparse.parse(_with_rationale_of(example, 0, "The records were reviewed."))
    assert d.items[0].rationale.necessary is None  # type: ignore[union-attr]
    assert d.defects == ()


def test_tapering_boilerplate_is_marked_and_not_the_conclusion(
        example: imrparse.Determination) -> None:
    taper = ("This decision addresses the medical necessity of opioids and is not advice "
             "on terminating opioids for this patient.")
    d = imrparse.parse(_with_rationale_of(
        example, 0, "The request is not medically necessary. " + taper))
    r = d.items[0].rationale
    assert r is not None and r.necessary is False
    assert [b.kind for b in r.boilerplate] == [BoilerplateKind.OPIOID_TAPERING]
    assert d.defects == ()


@pytest.mark.parametrize(("written", "name"), [
    ("Physical Medicine and\nRehabilitation", "Physical Medicine & Rehabilitation"),
    ("Family Medicine", "Family Practice"),
    ("Sports Medicinea", "Sports Medicine"),
    ("Endocrinology, Diabetes & Metabolism", "Endocrinology, Diabetes & Metabolism"),
], ids=["wrapped-and", "alias", "typo", "comma-in-name"])
def test_specialties_are_vocabulary_names(written: str, name: str) -> None:
    text = EXAMPLE.replace("Pain Management", written)
    d = imrparse.parse(text)
    assert d.reviewer is not None and d.reviewer.specialties[-1] == name
    assert d.defects == ()


def test_a_term_outside_the_vocabulary_is_kept_and_reported() -> None:
    d = imrparse.parse(EXAMPLE.replace("Pain Management", "Astrology"))
    assert d.reviewer is not None and d.reviewer.specialties[-1] == "Astrology"
    [defect] = d.defects
    assert defect.code is DefectCode.UNKNOWN_TERM
    assert defect.path == "reviewer.specialties[1]"
    assert d.text_of(defect.span) == "Astrology"


def test_parse_takes_an_extended_vocabulary() -> None:
    text = EXAMPLE.replace("Tramadol ER 150mg #30", "Examplamine 25mg #30")
    assert imrparse.parse(text).items[0].treatment.drug_class is None  # type: ignore[union-attr]
    vocab = tv.DEFAULT.extend(drug_names=(("examplamine", DrugClass.ANTIHISTAMINE),))
    t = imrparse.parse(text, vocabulary=vocab).items[0].treatment
    assert t is not None and t.drug_class is DrugClass.ANTIHISTAMINE


def test_fill_reads_what_parse_reads(example: imrparse.Determination) -> None:
    """A model with its read values removed gets them back from its text fields."""
    bare = attrs.evolve(example, items=tuple(
        attrs.evolve(item, treatment=None) for item in example.items))
    assert fill(bare) == example
