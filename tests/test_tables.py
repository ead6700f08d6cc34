"""The flat letters and decisions tables, pandas frames, and how a letter displays."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import attrs
import pytest

import imrparse
from imrparse import Outcome
from imrparse.tables import (
    DECISION_COLUMNS,
    LETTER_COLUMNS,
    ColumnType,
    _letter_outcome,
    csv_row,
    decision_rows,
    letter_row,
    to_pandas,
)
from tests.corpus import corpus_cases, read_letter

EXAMPLE = imrparse.example_letter()
PY_TYPES: dict[ColumnType, tuple[type, ...]] = {
    ColumnType.STRING: (str,), ColumnType.INTEGER: (int,), ColumnType.BOOLEAN: (bool,),
    ColumnType.DATE: (dt.date,), ColumnType.STRING_LIST: (list,)}


def _typed(row: dict[str, Any], columns: Any) -> None:
    assert list(row) == [c.name for c in columns]
    for column in columns:
        value = row[column.name]
        assert value is None or isinstance(value, PY_TYPES[column.type]), column.name
        if column.type is ColumnType.INTEGER:
            assert not isinstance(value, bool), column.name


def test_example_rows() -> None:
    d = imrparse.parse(EXAMPLE)
    row = letter_row(d, source_path="x.txt", source_sha256="ab")
    _typed(row, LETTER_COLUMNS)
    assert row["decision_date"] == dt.date(2016, 12, 9)
    assert row["decision_year"] == 2016 and row["case_year"] == 2016
    assert (row["n_items"], row["n_upheld"], row["n_overturned"]) == (2, 1, 1)
    assert row["letter_outcome"] == "partial-overturn"
    assert row["reviewer_licensure_states"] == ["California", "Oregon"]
    assert row["licensed_in_california"] is True
    assert row["source_path"] == "x.txt" and row["parser_version"] == imrparse.__version__
    days = (d.header.decision_date - d.header.application_received).days  # type: ignore[operator]
    assert row["days_received_to_decision"] == days
    rows = decision_rows(d, source_path="x.txt")
    for r in rows:
        _typed(r, DECISION_COLUMNS)
        assert r["source_path"] == "x.txt" and r["letter_outcome"] == "partial-overturn"
    assert [r["outcome"] for r in rows] == ["upheld", "overturned"]
    assert rows[1]["partial_authorization"] is True
    assert rows[1]["disputed_request"] == "Physical therapy for the lumbar spine 2x2"


U, V = Outcome.UPHELD, Outcome.OVERTURNED


@pytest.mark.parametrize(("outcomes", "expected"), [
    ((U,), "uphold"), ((U, U), "uphold"), ((V,), "overturn"), ((V, V, V), "overturn"),
    ((U, V), "partial-overturn"), ((V, U, U), "partial-overturn"), ((), None),
    ((U, None), None),
], ids=["one-upheld", "all-upheld", "one-overturned", "all-overturned", "mixed",
        "mixed-2", "no-items", "unknown-outcome"])
def test_letter_outcome_uses_dwc_case_outcomes(outcomes: tuple[Outcome | None, ...],
                                               expected: str | None) -> None:
    assert _letter_outcome(outcomes) == expected


_NOWHERE = imrparse.Span(0, 0)
MTUS = imrparse.MtusCitation(span=_NOWHERE, year=2009,
                             guideline=imrparse.MtusGuideline.CHRONIC_PAIN_MEDICAL_TREATMENT)


def _other(family: imrparse.CitationFamily) -> imrparse.OtherCitation:
    return imrparse.OtherCitation(span=_NOWHERE, family=family, text="a citation")


ODG, ACOEM, BOOK = (_other(f) for f in (imrparse.CitationFamily.ODG,
                                        imrparse.CitationFamily.ACOEM,
                                        imrparse.CitationFamily.LITERATURE))


def _basis(*citations: imrparse.Citation, cited: bool = True) -> imrparse.GuidelineBasis:
    return imrparse.GuidelineBasis(span=_NOWHERE, evidence_cited=cited, citations=citations)


@pytest.mark.parametrize(("basis", "source", "guideline", "year"), [
    (None, None, None, None),
    (_basis(cited=False), "none", None, None),
    (_basis(), "none", None, None),
    (_basis(ODG, MTUS), "mtus", "Chronic Pain Medical Treatment", 2009),
    (_basis(BOOK, ODG), "odg", None, None),
    (_basis(ACOEM), "acoem", None, None),
    (_basis(BOOK), "other", None, None),
], ids=["no-paragraph", "none-cited", "nothing", "mtus-first", "odg", "acoem", "other"])
def test_guideline_columns_from_the_basis(basis: imrparse.GuidelineBasis | None,
                                          source: str | None, guideline: str | None,
                                          year: int | None) -> None:
    d = imrparse.parse(EXAMPLE)
    item = d.items[0]
    paragraphs = {name: None if basis is None else attrs.evolve(getattr(item, name),
                                                                basis=basis)
                  for name in ("claims_administrator_guideline", "maximus_guideline")}
    [row, _] = decision_rows(attrs.evolve(d, items=(attrs.evolve(item, **paragraphs),
                                                    d.items[1])))
    assert row["maximus_guideline_source"] == source == row["ca_guideline_source"]
    assert row["maximus_mtus_guideline"] == guideline
    assert row["maximus_mtus_year"] == year


def test_treatment_columns() -> None:
    rows = decision_rows(imrparse.parse(EXAMPLE))
    assert [(r["treatment_category"], r["treatment_subcategory"], r["drug_class"],
             r["sessions"]) for r in rows] == [
        ("Pharmaceuticals", None, "Opioids", None), ("Rehabilitation", "PT/OT", None, 4)]
    assert rows[1]["body_regions"] == ["lumbar spine"]


def test_content_columns_are_empty_on_a_bare_item() -> None:
    d = imrparse.parse(EXAMPLE)
    bare = attrs.evolve(d.items[0], treatment=None, claims_administrator_guideline=None,
                        maximus_guideline=None)
    [row] = decision_rows(attrs.evolve(d, items=(bare,)))
    for name in ("treatment_category", "drug_class", "sessions", "laterality",
                 "retrospective", "maximus_guideline_source", "maximus_mtus_year"):
        assert row[name] is None, name
    assert row["body_regions"] == [] and row["spinal_levels"] == []


def test_csv_fields() -> None:
    d = imrparse.parse(EXAMPLE)
    fields = dict(zip([c.name for c in LETTER_COLUMNS],
                      csv_row(letter_row(d), LETTER_COLUMNS), strict=True))
    assert fields["decision_date"] == "2016-12-09"
    assert fields["reviewer_licensure_states"] == "California; Oregon"
    assert fields["licensed_in_california"] == "true"
    assert fields["source_path"] == ""


@pytest.mark.corpus
def test_corpus_rows_are_typed_and_consistent() -> None:
    cases = corpus_cases()
    if not cases:
        pytest.skip("the corpus is absent")
    letters = [letter_row(imrparse.parse(read_letter(c))) for c in cases]
    for case, row in zip(cases, letters, strict=True):
        _typed(row, LETTER_COLUMNS)
        assert row["case_number"] == case
        assert row["n_upheld"] + row["n_overturned"] <= row["n_items"]
    items = sum(r["n_items"] for r in letters)
    overturned = sum(r["n_overturned"] for r in letters)
    # Reference ranges (research/ecosystem.md B5): 8-13 % overturned, 1.6-2.3 per letter.
    assert 0.05 < overturned / items < 0.20
    assert 1.3 < items / len(letters) < 3.0


def test_to_pandas() -> None:
    pd = pytest.importorskip("pandas")
    d = imrparse.parse(EXAMPLE)
    letters, decisions = to_pandas([d, d])
    assert list(letters.columns) == [c.name for c in LETTER_COLUMNS]
    assert list(decisions.columns) == [c.name for c in DECISION_COLUMNS]
    assert len(letters) == 2 and len(decisions) == 4
    assert str(letters["n_items"].dtype) == "Int64"
    assert str(letters["case_number"].dtype) == "string"
    assert letters["decision_date"].iloc[0] == pd.Timestamp("2016-12-09")
    assert decisions["treatment_category"].isna().all() or decisions[
        "treatment_category"].notna().any()
    assert (decisions.groupby("outcome").size().to_dict()
            == {"overturned": 2, "upheld": 2})
    empty_letters, empty_decisions = to_pandas([])
    assert empty_letters.dtypes.equals(letters.dtypes)
    assert empty_decisions.dtypes.equals(decisions.dtypes)


# --------------------------------------------------------------------------- display


def test_terminal_display() -> None:
    d = imrparse.parse(EXAMPLE)
    text = str(d)
    assert text.startswith("Case CM16-0000001")
    assert "UPHELD" in text and "OVERTURNED" in text
    assert "source_text" not in repr(d)


def test_html_display_escapes_the_letter_text() -> None:
    d = imrparse.parse(EXAMPLE)
    item = attrs.evolve(d.items[0], request="<script>alert('x')</script> & more")
    shown = attrs.evolve(d, items=(item, *d.items[1:]))._repr_html_()
    assert "<script>" not in shown
    assert "&lt;script&gt;" in shown and "&amp; more" in shown
    assert shown.count("<tr><td>") == len(d.items)
    assert "upheld" in shown and "overturned" in shown and "CM16-0000001" in shown


def test_every_column_is_documented() -> None:
    page = (Path(__file__).resolve().parents[1] / "docs" / "recipes.md").read_text("utf-8")
    missing = [c.name for c in (*LETTER_COLUMNS, *DECISION_COLUMNS) if f"`{c.name}`" not in page]
    assert not missing
