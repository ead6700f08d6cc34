"""The flat letters and decisions tables, pandas frames, and how a letter displays."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from types import SimpleNamespace
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
    item_extras,
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


def _basis(**kw: Any) -> SimpleNamespace:
    return SimpleNamespace(**{"evidence_cited": True, "outside_mtus": False,
                              "citations": (), **kw})


# Stand-ins for the citation and treatment values other modules define: the adapter reads
# them by attribute, so any objects of that shape do.
Family = enum.Enum("Family", {"ODG": "odg", "ACOEM": "acoem", "LITERATURE": "literature"})
Named = enum.Enum("Named", {"CHRONIC_PAIN": "Chronic Pain Medical Treatment",
                            "PHARMA": "Pharmaceuticals", "OPIOIDS": "Opioids"})
MTUS = SimpleNamespace(guideline=Named.CHRONIC_PAIN, year=2009)
ODG = SimpleNamespace(family=Family.ODG)
ACOEM = SimpleNamespace(family=Family.ACOEM)
BOOK = SimpleNamespace(family=Family.LITERATURE)


@pytest.mark.parametrize(("basis", "source", "guideline", "year"), [
    (None, None, None, None),
    (_basis(evidence_cited=False), "none", None, None),
    (_basis(), "none", None, None),
    (_basis(citations=(ODG, MTUS)), "mtus", "Chronic Pain Medical Treatment", 2009),
    (_basis(citations=(BOOK, ODG)), "odg", None, None),
    (_basis(citations=(ACOEM,)), "acoem", None, None),
    (_basis(citations=(BOOK,)), "other", None, None),
], ids=["no-basis-yet", "none-cited", "nothing", "mtus-first", "odg", "acoem", "other"])
def test_guideline_columns_from_the_basis(basis: Any, source: str | None,
                                          guideline: str | None, year: int | None) -> None:
    item = SimpleNamespace(
        treatment=SimpleNamespace(category=Named.PHARMA, subcategory=None,
                                  drug_class=Named.OPIOIDS),
        claims_administrator_guideline=SimpleNamespace(basis=basis),
        maximus_guideline=SimpleNamespace(basis=basis))
    extras = item_extras(item)  # type: ignore[arg-type]
    assert extras["maximus_guideline_source"] == source == extras["ca_guideline_source"]
    assert extras["maximus_mtus_guideline"] == guideline
    assert extras["maximus_mtus_year"] == year
    assert extras["treatment_category"] == "Pharmaceuticals"
    assert extras["drug_class"] == "Opioids" and extras["treatment_subcategory"] is None


def test_extras_are_empty_columns_on_a_plain_item() -> None:
    item = SimpleNamespace(claims_administrator_guideline=None, maximus_guideline=None)
    assert set(item_extras(item).values()) == {None}  # type: ignore[arg-type]


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
