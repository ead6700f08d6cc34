"""The flat tables: rows, the one schema, its formats (CSV lists, JSON, Arrow, pandas), the
loader that reads any output folder back, and how a letter displays."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import warnings
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import imrparse
from imrparse import Outcome
from imrparse.cli import main
from imrparse.render import render
from imrparse.tables import (
    CSV_ENCODING,
    DECISION_COLUMNS,
    ERROR_COLUMNS,
    LETTER_COLUMNS,
    SCHEMA_FILE,
    TABLES,
    ColumnType,
    LetterOutcome,
    TableError,
    arrow_schema,
    csv_row,
    decision_rows,
    join_list,
    json_row,
    letter_row,
    read_tables,
    rows_to_frame,
    schema_document,
    split_list,
    to_pandas,
)
from imrparse.tables.formats import _from_csv, _from_json
from imrparse.tables.rows import _TREATMENT, _letter_outcome
from imrparse.testing import determinations
from tests.corpus import corpus_cases, read_letter
from tests.sample_letters import ODD_TEXT, write_sample_letters

EXAMPLE = imrparse.example_letter()
PY_TYPES: dict[ColumnType, tuple[type, ...]] = {
    ColumnType.STRING: (str,), ColumnType.INTEGER: (int,), ColumnType.BOOLEAN: (bool,),
    ColumnType.DATE: (dt.date,), ColumnType.STRING_LIST: (list,)}
FORMATS = ("jsonl", "csv", "parquet")


def _typed(row: dict[str, Any], columns: Any) -> None:
    assert list(row) == [c.name for c in columns]
    for column in columns:
        value = row[column.name]
        assert value is None or isinstance(value, PY_TYPES[column.type]), column.name
        if column.type is ColumnType.INTEGER:
            assert not isinstance(value, bool), column.name
        if column.type is ColumnType.STRING:
            assert value != "", column.name
        if column.type is ColumnType.STRING_LIST:
            assert value is not None and all(isinstance(v, str) for v in value), column.name


# --------------------------------------------------------------------------- rows


def test_example_rows() -> None:
    d = imrparse.parse(EXAMPLE)
    row = letter_row(d, source_path=Path("x.txt"), source_sha256="ab")
    _typed(row, LETTER_COLUMNS)
    assert row["decision_date"] == dt.date(2016, 12, 9)
    assert row["decision_year"] == 2016 and row["case_year"] == 2016
    assert (row["n_items"], row["n_upheld"], row["n_overturned"]) == (2, 1, 1)
    assert row["letter_outcome"] == "partially-overturned"
    assert row["reviewer_licensure_states"] == ["California", "Oregon"]
    assert row["licensed_in_california"] is True
    assert row["source_path"] == "x.txt" and row["parser_version"] == imrparse.__version__
    days = (d.header.decision_date - d.header.application_received).days  # type: ignore[operator]
    assert row["days_received_to_decision"] == days
    rows = decision_rows(d, source_path="x.txt")
    for r in rows:
        _typed(r, DECISION_COLUMNS)
        assert r["source_path"] == "x.txt" and r["letter_outcome"] == "partially-overturned"
        assert r["n_items"] == 2 and r["days_received_to_decision"] == days
    assert [r["outcome"] for r in rows] == ["upheld", "overturned"]
    assert rows[1]["partial_authorization"] is True
    assert rows[1]["authorized_request"] == "Physical therapy for the lumbar spine 2x2"
    assert rows[1]["disputed_request"] == "Physical therapy for the lumbar spine 2x2"


U, V = Outcome.UPHELD, Outcome.OVERTURNED


@pytest.mark.parametrize(("outcomes", "expected"), [
    ((U,), "upheld"), ((U, U), "upheld"), ((V,), "overturned"), ((V, V, V), "overturned"),
    ((U, V), "partially-overturned"), ((V, U, U), "partially-overturned"), ((), None),
    ((U, None), None),
], ids=["one-upheld", "all-upheld", "one-overturned", "all-overturned", "mixed",
        "mixed-2", "no-items", "unknown-outcome"])
def test_letter_outcome(outcomes: tuple[Outcome | None, ...], expected: str | None) -> None:
    assert _letter_outcome(outcomes) == expected


def test_letter_and_item_outcomes_share_their_words() -> None:
    """Regression: letters said uphold/overturn while items said upheld/overturned."""
    assert LetterOutcome.UPHELD.value == Outcome.UPHELD.value
    assert LetterOutcome.OVERTURNED.value == Outcome.OVERTURNED.value
    assert LetterOutcome.PARTIALLY_OVERTURNED == "partially-overturned"


_NOWHERE = imrparse.Span(0, 0)
MTUS = imrparse.MtusCitation(span=_NOWHERE, year=2009, sections=("Opioids", "NSAIDs"),
                             guideline=imrparse.MtusGuideline.CHRONIC_PAIN_MEDICAL_TREATMENT)
MTUS_BARE = imrparse.MtusCitation(span=_NOWHERE,
                                  guideline=imrparse.MtusGuideline.LOW_BACK_COMPLAINTS)


def _other(family: imrparse.CitationFamily, **kwargs: Any) -> imrparse.OtherCitation:
    return imrparse.OtherCitation(span=_NOWHERE, family=family, text="a citation", **kwargs)


ODG, ACOEM, BOOK = (_other(f) for f in (imrparse.CitationFamily.ODG,
                                        imrparse.CitationFamily.ACOEM,
                                        imrparse.CitationFamily.LITERATURE))
ODG_PAIN = _other(imrparse.CitationFamily.ODG, odg_chapter=imrparse.OdgChapter.PAIN,
                  odg_topic="Opioids")


def _basis(*citations: imrparse.Citation, cited: bool = True) -> imrparse.GuidelineBasis:
    return imrparse.GuidelineBasis(span=_NOWHERE, evidence_cited=cited, citations=citations)


def _with_basis(basis: imrparse.GuidelineBasis | None) -> dict[str, Any]:
    d = imrparse.parse(EXAMPLE)
    item = d.items[0]
    paragraphs = {name: None if basis is None else attrs.evolve(getattr(item, name),
                                                                basis=basis)
                  for name in ("claims_administrator_guideline", "maximus_guideline")}
    [row, _] = decision_rows(attrs.evolve(d, items=(attrs.evolve(item, **paragraphs),
                                                    d.items[1])))
    return row


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
    row = _with_basis(basis)
    for who in ("maximus", "ca"):
        assert row[f"{who}_guideline_source"] == source
        assert row[f"{who}_mtus_guideline"] == guideline
        assert row[f"{who}_mtus_year"] == year


def test_citation_columns() -> None:
    row = _with_basis(_basis(MTUS, ODG_PAIN, MTUS_BARE, BOOK))
    for who in ("maximus", "ca"):
        assert row[f"{who}_mtus_guidelines"] == ["Chronic Pain Medical Treatment",
                                                 "Low Back Complaints"]
        assert row[f"{who}_mtus_citations"] == [
            "Chronic Pain Medical Treatment 2009, Section(s): Opioids, NSAIDs",
            "Low Back Complaints"]
        assert row[f"{who}_mtus_sections"] == ["Opioids", "NSAIDs"]
        assert row[f"{who}_other_citations"] == ["a citation", "a citation"]
        assert row[f"{who}_odg_chapters"] == ["Pain (Chronic)"]
        assert row[f"{who}_odg_topics"] == ["Opioids"]


def test_example_citation_columns_read_as_the_letter_writes_them() -> None:
    d = imrparse.parse(EXAMPLE)
    rows = decision_rows(d)
    written = [d.text_of(c.span) for c in d.items[1].maximus_guideline.basis.mtus]  # type: ignore[union-attr]
    assert rows[1]["maximus_mtus_citations"] == [" ".join(w.split()) for w in written]
    assert rows[1]["maximus_mtus_year"] == 2004


def test_treatment_columns() -> None:
    rows = decision_rows(imrparse.parse(EXAMPLE))
    assert [(r["treatment_category"], r["treatment_subcategory"], r["drug_class"],
             r["drugs"], r["strengths"], r["quantity"], r["sessions"]) for r in rows] == [
        ("Pharmaceuticals", None, "Opioids", ["tramadol"], ["150mg"], 30, None),
        ("Rehabilitation", "PT/OT", None, [], [], None, 4)]
    assert rows[1]["body_regions"] == ["lumbar spine"]
    assert (rows[1]["frequency_min"], rows[1]["duration_min"], rows[1]["duration_unit"]) == (
        2, 2, "week")


def test_every_treatment_field_has_its_column() -> None:
    """Each column of :data:`_TREATMENT` reads its own field (a value set on a treatment
    shows in that column and no other)."""
    d = imrparse.parse(EXAMPLE)
    treatment = d.items[0].treatment
    assert treatment is not None
    values: dict[str, Any] = {
        "count": 60, "refills": 2, "sessions_min": 6, "sessions_max": 6, "frequency_min": 2,
        "frequency_max": 3, "duration_min": 4, "duration_max": 6,
        "duration_unit": imrparse.DurationUnit.WEEK, "rental": True, "rental_days": 30,
        "purchase": True, "laterality": imrparse.Laterality.LEFT, "levels": ("L4-L5",),
        "retrospective": True, "service_date": dt.date(2016, 11, 14), "amount": "240g",
        "associated_surgical_service": True, "perioperative": imrparse.Perioperative.POST_OP,
        "body_regions": (imrparse.BodyRegion.KNEE,), "drugs": ("norco", "hydrocodone"),
        "strengths": ("10/325mg",)}
    item = attrs.evolve(d.items[0], treatment=attrs.evolve(treatment, **values))
    [row] = decision_rows(attrs.evolve(d, items=(item,)))
    assert set(values) <= {field for _, field, _, _ in _TREATMENT}
    for column, field, _, _ in _TREATMENT:
        want = getattr(item.treatment, field)
        if isinstance(want, tuple):
            want = [getattr(v, "value", v) for v in want]
        assert row[column] == getattr(want, "value", want), column
    assert (row["sessions"], row["quantity"], row["duration_unit"], row["laterality"],
            row["spinal_levels"], row["body_regions"], row["perioperative"],
            row["service_date"], row["drugs"]) == (
        6, 60, "week", "left", ["L4-L5"], ["knee"], "post-op", dt.date(2016, 11, 14),
        ["norco", "hydrocodone"])


def test_rationale_columns() -> None:
    rows = decision_rows(imrparse.parse(EXAMPLE))
    assert [r["rationale_necessary"] for r in rows] == [False, True]
    assert rows[0]["rationale_conclusion"] == (
        "Therefore the request for Tramadol ER 150mg #30 is not medically necessary.")
    assert rows[0]["rationale_boilerplate"] == []


def test_content_columns_are_empty_on_a_bare_item() -> None:
    d = imrparse.parse(EXAMPLE)
    bare = attrs.evolve(d.items[0], request="", treatment=None, rationale=None,
                        claims_administrator_guideline=None, maximus_guideline=None)
    [row] = decision_rows(attrs.evolve(d, items=(bare,)))
    _typed(row, DECISION_COLUMNS)
    for name in ("request", "treatment_category", "drug_class", "sessions", "laterality",
                 "retrospective", "rental", "quantity", "rationale_necessary",
                 "maximus_guideline_source", "maximus_mtus_year", "rationale_text"):
        assert row[name] is None, name
    for name in ("body_regions", "spinal_levels", "drugs", "maximus_mtus_citations",
                 "rationale_boilerplate"):
        assert row[name] == [], name


# --------------------------------------------------------------------------- text formats


@pytest.mark.parametrize(("members", "field"), [
    ([], ""), (["California"], "California"), (["California", "Oregon"], "California; Oregon"),
    ([""], "\\e"), (["a", ""], "a; \\e"), (["a;b"], "a\\;b"), (["a\\b"], "a\\\\b"),
    ([" a", "b "], " a; b "), (["a; b"], "a\\; b"), (["\\e"], "\\\\e"),
], ids=["empty", "one", "two", "one-empty-member", "empty-member", "semicolon", "backslash",
        "spaces", "separator-inside", "escape-lookalike"])
def test_list_fields(members: list[str], field: str) -> None:
    assert join_list(members) == field
    assert split_list(field) == members


@pytest.mark.parametrize(("field", "members"), [
    ("a;b", ["a", "b"]), ("a\\x", ["a\\x"]), ("a\\", ["a\\"]), ("a;", ["a", ""]),
], ids=["no-space", "unknown-escape", "trailing-backslash", "trailing-separator"])
def test_list_fields_typed_by_hand(field: str, members: list[str]) -> None:
    assert split_list(field) == members


@given(st.lists(st.text()))
def test_lists_round_trip_through_csv_fields(members: list[str]) -> None:
    assert split_list(join_list(members)) == members


def test_csv_fields() -> None:
    d = imrparse.parse(EXAMPLE)
    fields = dict(zip([c.name for c in LETTER_COLUMNS],
                      csv_row(letter_row(d), LETTER_COLUMNS), strict=True))
    assert fields["decision_date"] == "2016-12-09"
    assert fields["reviewer_licensure_states"] == "California; Oregon"
    assert fields["licensed_in_california"] == "true"
    assert fields["source_path"] == ""


@pytest.mark.parametrize(("field", "ctype"), [
    ("x", ColumnType.INTEGER), ("1.5", ColumnType.INTEGER), ("yes", ColumnType.BOOLEAN),
    ("2016-13-01", ColumnType.DATE),
], ids=["word-for-integer", "fraction", "yes-for-boolean", "month-13"])
def test_bad_csv_values(field: str, ctype: ColumnType) -> None:
    with pytest.raises(ValueError):
        _from_csv(field, ctype)


@pytest.mark.parametrize(("value", "ctype"), [
    ("1", ColumnType.INTEGER), (True, ColumnType.INTEGER), (1, ColumnType.BOOLEAN),
    ("a", ColumnType.STRING_LIST), ([1], ColumnType.STRING_LIST), (3, ColumnType.STRING),
    (20161209, ColumnType.DATE),
], ids=["text-for-integer", "bool-for-integer", "int-for-boolean", "text-for-list",
        "ints-in-list", "int-for-text", "int-for-date"])
def test_bad_json_values(value: Any, ctype: ColumnType) -> None:
    with pytest.raises(ValueError):
        _from_json(value, ctype)


def _through_csv(row: dict[str, Any], columns: Any) -> dict[str, Any]:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(csv_row(row, columns))
    fields = next(csv.reader(io.StringIO(buffer.getvalue())))
    return {c.name: _from_csv(f, c.type) for c, f in zip(columns, fields, strict=True)}


def _through_json(row: dict[str, Any], columns: Any) -> dict[str, Any]:
    record = json.loads(json.dumps(json_row(row)))
    return {c.name: _from_json(record[c.name], c.type) for c in columns}


@settings(max_examples=25)
@given(determinations(max_items=4))
def test_rows_survive_csv_and_json(d: imrparse.Determination) -> None:
    """Every value of every column reads back as written, from CSV and from JSON."""
    parsed = imrparse.parse(render(d))
    rows = [(letter_row(parsed, source_path="a;b\\c é.txt"), LETTER_COLUMNS),
            *((r, DECISION_COLUMNS) for r in decision_rows(parsed, source_path="p"))]
    for row, columns in rows:
        _typed(row, columns)
        assert _through_csv(row, columns) == row
        assert _through_json(row, columns) == row


# --------------------------------------------------------------------------- Arrow, pandas


def test_one_schema_for_arrow_and_pandas() -> None:
    pa = pytest.importorskip("pyarrow")
    pd = pytest.importorskip("pandas")
    letters, decisions = to_pandas([imrparse.parse(EXAMPLE)])
    for frame, columns in ((letters, LETTER_COLUMNS), (decisions, DECISION_COLUMNS)):
        schema = arrow_schema(columns)
        assert [str(t) for t in frame.dtypes] == [str(pd.ArrowDtype(f.type)) for f in schema]
        assert pa.Table.from_pandas(frame, preserve_index=False).schema.equals(schema)
    assert {c.type.arrow_name() for c in DECISION_COLUMNS} == {
        "string", "int64", "bool", "date32", "list<string>"}
    field = arrow_schema(DECISION_COLUMNS, table="decisions").field("drugs")
    assert field.metadata[b"description"].startswith(b"drug names")


def test_to_pandas() -> None:
    pd = pytest.importorskip("pandas")
    d = imrparse.parse(EXAMPLE)
    letters, decisions = to_pandas([d, (d, Path("b.txt"))])
    assert list(letters.columns) == [c.name for c in LETTER_COLUMNS]
    assert list(decisions.columns) == [c.name for c in DECISION_COLUMNS]
    assert len(letters) == 2 and len(decisions) == 4
    assert letters["source_path"].tolist() == [pd.NA, "b.txt"]
    assert str(letters["n_items"].dtype) == "int64[pyarrow]"
    assert letters["decision_date"].iloc[0] == dt.date(2016, 12, 9)
    assert letters["decision_date"].dt.year.iloc[0] == 2016
    assert decisions["drugs"].iloc[0] == ["tramadol"]
    assert decisions["drugs"].explode().dropna().tolist() == ["tramadol", "tramadol"]
    assert (decisions.groupby("outcome").size().to_dict()
            == {"overturned": 2, "upheld": 2})
    assert (decisions["outcome"] == Outcome.UPHELD.value).sum() == 2
    empty_letters, empty_decisions = to_pandas([])
    assert empty_letters.dtypes.equals(letters.dtypes)
    assert empty_decisions.dtypes.equals(decisions.dtypes)


# --------------------------------------------------------------------------- read_tables


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample letters parsed by ``imrparse parse`` into each format."""
    pytest.importorskip("pyarrow")
    root = tmp_path_factory.mktemp("tables")
    letters = root / "letters"
    write_sample_letters(letters)
    outs = {}
    for fmt in FORMATS:
        outs[fmt] = root / f"out-{fmt}"
        assert main(["parse", str(letters), "--out", str(outs[fmt]), "--format", fmt,
                     "--jobs", "1"]) == 0
    outs["letters"] = letters
    return outs


def _sorted(frame: Any) -> Any:
    keys = [k for k in ("source_path", "item_number", "path") if k in frame.columns]
    return frame.sort_values(keys).reset_index(drop=True)


def _expected_frames(folder: Path) -> tuple[Any, Any]:
    letters, decisions = [], []
    for path in sorted(folder.glob("*.txt")):
        data = path.read_bytes()
        d = imrparse.parse(data.decode("utf-8"))
        where = {"source_path": str(path), "source_sha256": hashlib.sha256(data).hexdigest()}
        letters.append(letter_row(d, **where))
        decisions.extend(decision_rows(d, **where))
    return rows_to_frame(letters, LETTER_COLUMNS), rows_to_frame(decisions, DECISION_COLUMNS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reads_back_as_to_pandas(outputs: dict[str, Path], fmt: str) -> None:
    pd = pytest.importorskip("pandas")
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        tables = read_tables(outputs[fmt])
    want_letters, want_decisions = _expected_frames(outputs["letters"])
    assert tables.letters is not None and tables.decisions is not None
    pd.testing.assert_frame_equal(_sorted(tables.letters), _sorted(want_letters))
    pd.testing.assert_frame_equal(_sorted(tables.decisions), _sorted(want_decisions))
    assert tables.errors is not None and len(tables.errors) == 0
    assert list(tables.errors.columns) == [c.name for c in ERROR_COLUMNS]
    assert [Path(s).name for s in tables.sources] == [
        f"letters.{fmt}", f"decisions.{fmt}", "errors.jsonl"]
    accents = tables.decisions["rationale_text"].str.contains(ODD_TEXT, regex=False)
    assert accents.sum() == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_data_dictionary_travels_with_the_data(outputs: dict[str, Path], fmt: str
                                                   ) -> None:
    document = json.loads((outputs[fmt] / SCHEMA_FILE).read_text("utf-8"))
    assert document == schema_document()
    for name, columns in TABLES.items():
        assert [c["name"] for c in document["tables"][name]["columns"]] == [
            c.name for c in columns]
    if fmt == "parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        schema = pq.read_schema(outputs[fmt] / "decisions.parquet")
        assert schema.equals(arrow_schema(DECISION_COLUMNS))
        assert json.loads(schema.metadata[b"imrparse"])["table"] == "decisions"
        for column in DECISION_COLUMNS:
            described = schema.field(column.name).metadata[b"description"]
            assert described.decode() == column.description


def test_csv_opens_in_a_spreadsheet(outputs: dict[str, Path]) -> None:
    """Regression: CSV without a byte-order mark came out garbled in Excel on Windows."""
    data = (outputs["csv"] / "decisions.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\xef\xbb\xbf") == 1
    assert ODD_TEXT.encode("utf-8") in data.replace(b'""', b'"')
    header = data[3:].split(b"\r\n", 1)[0].decode()
    assert header.split(",") == [c.name for c in DECISION_COLUMNS]
    assert (outputs["csv"] / "letters.csv").read_text(CSV_ENCODING).startswith("case_number,")


@pytest.mark.parametrize("name", ["letters.csv", "decisions.parquet", "decisions.jsonl"])
def test_one_table_file(outputs: dict[str, Path], name: str) -> None:
    kind, _, fmt = name.partition(".")
    tables = read_tables(outputs[fmt] / name)
    assert tables.sources == (str(outputs[fmt] / name),)
    read = {k: getattr(tables, k) is not None for k in TABLES}
    assert read == {k: k == kind for k in TABLES}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_renamed_table_is_known_by_its_columns(outputs: dict[str, Path], fmt: str,
                                                 tmp_path: Path) -> None:
    for kind in ("letters", "decisions"):
        renamed = tmp_path / f"my-{kind}.{fmt}"
        renamed.write_bytes((outputs[fmt] / f"{kind}.{fmt}").read_bytes())
        frame = getattr(read_tables(renamed), kind)
        assert frame is not None and len(frame) > 0


def test_a_folder_of_parquet_parts(outputs: dict[str, Path], tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    whole = read_tables(outputs["parquet"]).decisions
    assert whole is not None
    parts = tmp_path / "out" / "decisions"
    parts.mkdir(parents=True)
    half = len(whole) // 2
    whole.iloc[:half].to_parquet(parts / "part.0.parquet")  # with pandas' index
    whole.iloc[half:].to_parquet(parts / "part.1.parquet")
    for path in (parts, tmp_path / "out"):
        got = read_tables(path).decisions
        assert got is not None
        pd.testing.assert_frame_equal(got, whole)


def test_unknown_columns_are_kept_and_missing_ones_empty(outputs: dict[str, Path],
                                                         tmp_path: Path) -> None:
    lines = (outputs["jsonl"] / "decisions.jsonl").read_text("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    for record in records:
        del record["drugs"]
        record["reviewer_note"] = "seen"
    path = tmp_path / "decisions.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    with pytest.warns(UserWarning, match="has no column drugs"):
        frame = read_tables(path).decisions
    assert frame is not None
    assert list(frame.columns) == [*(c.name for c in DECISION_COLUMNS), "reviewer_note"]
    assert frame["drugs"].isna().all() and set(frame["reviewer_note"]) == {"seen"}


def _csv_with(tmp_path: Path, outputs: dict[str, Path], column: str, value: str) -> Path:
    """``letters.csv`` with ``value`` in ``column`` of its second row."""
    with (outputs["csv"] / "letters.csv").open(encoding=CSV_ENCODING, newline="") as handle:
        rows = list(csv.reader(handle))
    rows[2][rows[0].index(column)] = value
    path = tmp_path / "letters.csv"
    with path.open("w", encoding=CSV_ENCODING, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_loader_errors_name_the_file(outputs: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere"):
        read_tables(tmp_path / "nowhere")
    with pytest.raises(TableError, match="holds no table"):
        read_tables(outputs["letters"])
    with pytest.raises(TableError, match="not a table file"):
        read_tables(outputs["letters"] / "example-letter.txt")
    both = tmp_path / "both"
    both.mkdir()
    for fmt in ("csv", "parquet"):
        (both / f"letters.{fmt}").write_bytes((outputs[fmt] / f"letters.{fmt}").read_bytes())
    with pytest.raises(TableError, match=r"more than one format \(letters.parquet, letters.csv"):
        read_tables(both)
    with pytest.raises(TableError, match=r"letters.csv:3: column n_items: invalid literal"):
        read_tables(_csv_with(tmp_path, outputs, "n_items", "two"))
    with pytest.raises(TableError, match=r"letters.csv:3: column decision_date: "):
        read_tables(_csv_with(tmp_path, outputs, "decision_date", "12/09/2016"))
    (tmp_path / "decisions.jsonl").write_text('{"item_number": 1}\n{"item_num', "utf-8")
    with pytest.raises(TableError, match=r"decisions.jsonl:2: not JSON"), \
            pytest.warns(UserWarning, match="has no column case_number, .* and 70 more"):
        read_tables(tmp_path / "decisions.jsonl")
    (tmp_path / "x.csv").write_text("a,b\n1,2\n", "utf-8")
    with pytest.raises(TableError, match=r"x\.csv: not a table of imrparse parse"):
        read_tables(tmp_path / "x.csv")
    (tmp_path / "letters.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(TableError, match=r"letters\.parquet"):
        read_tables(tmp_path / "letters.parquet")
    (tmp_path / "errors.jsonl").write_bytes(b'{"path": "\xff"}\n')
    with pytest.raises(TableError, match=r"errors\.jsonl: not UTF-8"):
        read_tables(tmp_path / "errors.jsonl")


# --------------------------------------------------------------------------- corpus


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


@pytest.mark.corpus
def test_corpus_drug_columns() -> None:
    """Drug-level questions need no re-parse: the pharmaceutical decisions name drugs."""
    cases = corpus_cases()
    if not cases:
        pytest.skip("the corpus is absent")
    rows = [r for c in cases for r in decision_rows(imrparse.parse(read_letter(c)))]
    drugs = [r for r in rows if r["treatment_category"] == "Pharmaceuticals"]
    named = [r for r in drugs if r["drugs"]]
    assert len(named) >= 0.8 * len(drugs)
    for row in rows:
        _typed(row, DECISION_COLUMNS)
        assert _through_csv(row, DECISION_COLUMNS) == row


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


@pytest.mark.parametrize("name", list(TABLES))
def test_the_recipes_list_every_column(name: str) -> None:
    """The data dictionary in docs/recipes.md is the schema's, row for row."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "recipes.md").read_text("utf-8")
    block = page.split(f"<!-- {name}-columns-start -->\n")[1].split(
        f"<!-- {name}-columns-end -->")[0]
    rows = [f"| `{c.name}` | `{c.type.arrow_name()}` | {c.description} |"
            for c in TABLES[name]]
    assert block.splitlines() == ["| column | type | meaning |", "| --- | --- | --- |", *rows]
