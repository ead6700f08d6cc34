"""Two flat tables for analysts: one row per letter, one row per decision.

The rows are plain dicts of plain values (``str``, ``int``, ``bool``, :class:`datetime.date`,
``list[str]`` or ``None``), named and typed by :data:`LETTER_COLUMNS` and
:data:`DECISION_COLUMNS`.  The decisions table repeats the key letter columns so that it
stands alone.  The same row functions feed the command line (``imrparse parse``), the
pandas frames (:func:`to_pandas`) and the Dask frames (:mod:`imrparse.dask`).

>>> import imrparse
>>> from imrparse.tables import decision_rows, letter_row
>>> d = imrparse.parse(imrparse.example_letter())
>>> row = letter_row(d)
>>> row["case_number"], row["n_upheld"], row["n_overturned"], row["letter_outcome"]
('CM16-0000001', 1, 1, 'partial-overturn')
>>> [(r["item_number"], r["outcome"]) for r in decision_rows(d)]
[(1, 'upheld'), (2, 'overturned')]
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from imrparse import _tables_check as _check
from imrparse.model import (
    CaseHeader,
    CitationFamily,
    Determination,
    DisputedItem,
    Guideline,
    GuidelineBasis,
    MtusCitation,
    OtherCitation,
    Outcome,
)

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = [
    "DECISION_COLUMNS",
    "LETTER_COLUMNS",
    "Column",
    "ColumnType",
    "GuidelineFamily",
    "LetterOutcome",
    "arrow_schema",
    "csv_row",
    "decision_rows",
    "json_row",
    "letter_row",
    "rows_to_frame",
    "to_pandas",
]


class ColumnType(enum.Enum):
    """The type of a column, and how each output format writes it."""

    STRING = "string"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    #: ISO ``YYYY-MM-DD`` in CSV and JSON, ``date32`` in Parquet, ``datetime64`` in pandas.
    DATE = "date"
    #: A list of strings; CSV joins the members with ``"; "``.
    STRING_LIST = "list<string>"


class LetterOutcome(enum.Enum):
    """A letter's outcome in DWC's case-outcome vocabulary (``Uphold``, ``Overturn``,
    ``Partial Overturn`` in DWC's decision search)."""

    #: Every item upheld.
    UPHOLD = "uphold"
    #: Every item overturned.
    OVERTURN = "overturn"
    #: Some items upheld, some overturned.
    PARTIAL_OVERTURN = "partial-overturn"


class GuidelineFamily(enum.Enum):
    """The main source a guideline paragraph relies on (MTUS first, then ODG, ACOEM)."""

    MTUS = "mtus"
    ODG = "odg"
    ACOEM = "acoem"
    OTHER = "other"
    #: The paragraph says no medical evidence was cited, or cites nothing.
    NONE = "none"


@attrs.frozen
class Column:
    """One column of a flat table."""

    name: str
    type: ColumnType
    description: str


_S, _I, _B, _D, _L = (ColumnType.STRING, ColumnType.INTEGER, ColumnType.BOOLEAN,
                      ColumnType.DATE, ColumnType.STRING_LIST)


@attrs.frozen
class _Letter:
    """What a letters-table row is read from."""

    d: Determination
    source_path: str | None
    source_sha256: str | None
    outcomes: list[Outcome | None]

    @property
    def h(self) -> CaseHeader:
        return self.d.header

    @property
    def states(self) -> list[str] | None:
        return list(self.d.reviewer.licensure_states) if self.d.reviewer else None


@attrs.frozen
class _Spec:
    """A column and how its value is read; ``read`` ``None``: the value of the column's name
    among the values the row already has (:func:`item_extras`, the letter's row)."""

    column: Column
    read: Callable[[Any], Any] | None = None


# One factory a table, so that the readers' lambdas are typed by their source.
def _letter(name: str, type: ColumnType, description: str,
            read: Callable[[_Letter], Any]) -> _Spec:
    return _Spec(Column(name, type, description), read)


def _item(name: str, type: ColumnType, description: str,
          read: Callable[[DisputedItem], Any] | None = None) -> _Spec:
    return _Spec(Column(name, type, description), read)


def _row(specs: Sequence[_Spec], source: object, known: Mapping[str, Any]) -> dict[str, Any]:
    """The one walker: a row in the order of ``specs``, each value read from ``source``
    or, for a spec without a reader, taken from ``known``."""
    return {spec.column.name: known[spec.column.name] if spec.read is None
            else spec.read(source) for spec in specs}


#: Letter columns the decisions table repeats, so that it stands alone.
_REPEATED = ("case_year", "layout", "decision_date", "decision_year", "priority",
             "letter_outcome", "reviewer_specialties", "reviewer_licensure_states",
             "licensed_in_california", "worker_age", "worker_sex", "source_path",
             "source_sha256", "parser_version")

_LETTER_SPECS: tuple[_Spec, ...] = (
    _letter("case_number", _S, "IMR case number, CMyy-nnnnnnn (not unique: a letter may be "
                               "re-issued)", lambda x: x.h.case_number),
    _letter("case_year", _I, "the year of the case number's yy",
            lambda x: _case_year(x.h.case_number)),
    _letter("layout", _S, "letter layout (imrparse.Layout value)", lambda x: x.d.layout.value),
    _letter("date_of_injury", _D, "header: date of injury", lambda x: x.h.date_of_injury),
    _letter("ur_denial_date", _D, "header: utilization review denial date",
            lambda x: x.h.ur_denial_date),
    _letter("application_received", _D, "header: IMR application received",
            lambda x: x.h.application_received),
    _letter("date_assigned", _D, "header: date assigned to MAXIMUS",
            lambda x: x.h.date_assigned),
    _letter("decision_date", _D, "header: decision date", lambda x: x.h.decision_date),
    _letter("decision_year", _I, "year of the decision date",
            lambda x: x.h.decision_date.year if x.h.decision_date else None),
    _letter("priority", _S, "standard or expedited", lambda x: _value(x.h.priority)),
    _letter("days_received_to_decision", _I, "days from application received to decision",
            lambda x: _days(x.h.application_received, x.h.decision_date)),
    _letter("days_assigned_to_decision", _I, "days from date assigned to decision",
            lambda x: _days(x.h.date_assigned, x.h.decision_date)),
    _letter("days_ur_denial_to_decision", _I, "days from the UR denial to decision",
            lambda x: _days(x.h.ur_denial_date, x.h.decision_date)),
    _letter("n_items", _I, "number of disputed items (decisions)", lambda x: len(x.outcomes)),
    _letter("n_upheld", _I, "items upheld", lambda x: x.outcomes.count(Outcome.UPHELD)),
    _letter("n_overturned", _I, "items overturned",
            lambda x: x.outcomes.count(Outcome.OVERTURNED)),
    _letter("letter_outcome", _S, "uphold, overturn or partial-overturn (DWC case outcome); "
                                  "empty when an item's outcome is unknown or there is none",
            lambda x: _letter_outcome(x.outcomes)),
    _letter("reviewer_specialties", _L, "reviewer's certification(s)/specialty as written",
            lambda x: list(x.d.reviewer.specialties) if x.d.reviewer else []),
    _letter("reviewer_licensure_states", _L, "reviewer's state(s) of licensure",
            lambda x: x.states or []),
    _letter("licensed_in_california", _B, "California is among the licensure states",
            lambda x: None if x.states is None
            else any(s.strip().lower() == "california" for s in x.states)),
    _letter("worker_age", _I, "injured worker's age stated in the case summary",
            lambda x: x.d.summary.age if x.d.summary else None),
    _letter("worker_sex", _S, "male or female, as the case summary states",
            lambda x: _value(x.d.summary.sex) if x.d.summary else None),
    _letter("n_defects", _I, "number of parse defects", lambda x: len(x.d.defects)),
    _letter("defect_codes", _L, "the defect codes, in text order",
            lambda x: [defect.code.value for defect in x.d.defects]),
    _letter("source_path", _S, "the file the letter was read from", lambda x: x.source_path),
    _letter("source_sha256", _S, "SHA-256 of that file's bytes", lambda x: x.source_sha256),
    _letter("parser_version", _S, "imrparse version that wrote the row",
            lambda x: _parser_version()),
)

_LETTER_BY_NAME = {spec.column.name: spec for spec in _LETTER_SPECS}

#: The repeated letter columns (no reader) are the letter row's.
_DECISION_SPECS: tuple[_Spec, ...] = (
    _item("case_number", _S, "IMR case number"),
    _item("item_number", _I, "1-based position of the item in the letter",
          lambda x: x.number),
    _item("request", _S, "the request as written on the decision line",
          lambda x: x.request),
    _item("partial_authorization", _B, "the claims administrator authorized part of it",
          lambda x: x.partial is not None),
    _item("disputed_request", _S, "for a partial authorization, the disputed part",
          lambda x: x.partial.disputed if x.partial else None),
    _item("outcome", _S, "upheld or overturned; empty when the word is unknown",
          lambda x: _value(x.outcome)),
    _item("treatment_category", _S, "DWC request category, read from the request",
          lambda x: _value(x.treatment.category) if x.treatment else None),
    _item("treatment_subcategory", _S, "DWC subcategory",
          lambda x: _value(x.treatment.subcategory) if x.treatment else None),
    _item("drug_class", _S, "drug class, for pharmaceuticals",
          lambda x: _value(x.treatment.drug_class) if x.treatment else None),
    _item("sessions", _I, "sessions or visits asked for, when the request states one number",
          lambda x: x.treatment.sessions if x.treatment else None),
    _item("body_regions", _L, "body regions the request names",
          lambda x: [r.value for r in x.treatment.body_regions] if x.treatment else []),
    _item("laterality", _S, "left, right or bilateral",
          lambda x: _value(x.treatment.laterality) if x.treatment else None),
    _item("spinal_levels", _L, "spinal levels, normalized (L4-L5)",
          lambda x: list(x.treatment.levels) if x.treatment else []),
    _item("retrospective", _B, "a retrospective request",
          lambda x: x.treatment.retrospective if x.treatment else None),
    _item("ca_guideline_source", _S, "claims administrator's guideline source: mtus, odg, "
                                     "acoem, other or none (none cited)",
          lambda x: _guideline_family(x.claims_administrator_guideline)),
    _item("maximus_guideline_source", _S, "MAXIMUS guideline source: mtus, odg, acoem, "
                                          "other or none (none cited)",
          lambda x: _guideline_family(x.maximus_guideline)),
    _item("maximus_mtus_guideline", _S, "first MTUS guideline MAXIMUS cites",
          lambda x: _value(c.guideline) if (c := _first_mtus(x)) else None),
    _item("maximus_mtus_year", _I, "its year",
          lambda x: c.year if (c := _first_mtus(x)) else None),
    _item("maximus_outside_mtus", _B, "MAXIMUS relied on recommendations outside the MTUS",
          lambda x: b.outside_mtus if (b := _basis(x.maximus_guideline)) else None),
    _item("ca_guideline_text", _S, "the claims administrator guideline paragraph",
          lambda x: _text(x.claims_administrator_guideline)),
    _item("maximus_guideline_text", _S, "the MAXIMUS guideline paragraph",
          lambda x: _text(x.maximus_guideline)),
    _item("rationale_text", _S, "the decision rationale",
          lambda x: x.rationale.text if x.rationale else None),
    *(_Spec(_LETTER_BY_NAME[name].column) for name in _REPEATED),
)

#: The columns of the letters table, in order.
LETTER_COLUMNS: tuple[Column, ...] = tuple(spec.column for spec in _LETTER_SPECS)

#: The columns of the decisions table, in order (key: ``case_number``, ``item_number``).
DECISION_COLUMNS: tuple[Column, ...] = tuple(spec.column for spec in _DECISION_SPECS)


_check.unique("LETTER_COLUMNS", (c.name for c in LETTER_COLUMNS))
_check.unique("DECISION_COLUMNS", (c.name for c in DECISION_COLUMNS))


# --------------------------------------------------------------------------- rows


def letter_row(d: Determination, *, source_path: str | None = None,
               source_sha256: str | None = None) -> dict[str, Any]:
    """The letters-table row of ``d`` (keys and order of :data:`LETTER_COLUMNS`).

    Never raises.
    """
    letter = _Letter(d, source_path, source_sha256, [item.outcome for item in d.items])
    return _row(_LETTER_SPECS, letter, {})


def decision_rows(d: Determination, *, source_path: str | None = None,
                  source_sha256: str | None = None) -> list[dict[str, Any]]:
    """The decisions-table rows of ``d``, one per item (keys of :data:`DECISION_COLUMNS`).

    Never raises.
    """
    letter = letter_row(d, source_path=source_path, source_sha256=source_sha256)
    return [_row(_DECISION_SPECS, item, letter) for item in d.items]


def _basis(guideline: Guideline | None) -> GuidelineBasis | None:
    return guideline.basis if guideline is not None else None


def _first_mtus(item: DisputedItem) -> MtusCitation | None:
    basis = _basis(item.maximus_guideline)
    return basis.mtus[0] if basis is not None and basis.mtus else None


def _guideline_family(guideline: Guideline | None) -> str | None:
    """Which source a guideline paragraph rests on: the MTUS when it cites any MTUS
    guideline, else ODG or ACOEM when cited, else other; none when nothing is cited."""
    basis = _basis(guideline)
    if basis is None:
        return None
    family = GuidelineFamily.OTHER
    if not basis.evidence_cited or not basis.citations:
        family = GuidelineFamily.NONE
    elif basis.mtus:
        family = GuidelineFamily.MTUS
    else:
        families = {c.family for c in basis.citations if isinstance(c, OtherCitation)}
        family = next((f for f, cited in ((GuidelineFamily.ODG, CitationFamily.ODG),
                                          (GuidelineFamily.ACOEM, CitationFamily.ACOEM))
                       if cited in families), GuidelineFamily.OTHER)
    return str(family.value)


def _letter_outcome(outcomes: Sequence[Outcome | None]) -> str | None:
    if not outcomes or None in outcomes:
        return None
    if all(o is Outcome.UPHELD for o in outcomes):
        return LetterOutcome.UPHOLD.value
    if all(o is Outcome.OVERTURNED for o in outcomes):
        return LetterOutcome.OVERTURN.value
    return LetterOutcome.PARTIAL_OVERTURN.value


def _case_year(case_number: str | None) -> int | None:
    if case_number and len(case_number) >= 4 and case_number[2:4].isdigit():
        return 2000 + int(case_number[2:4])
    return None


def _days(start: dt.date | None, end: dt.date | None) -> int | None:
    return (end - start).days if start and end else None


def _value(member: object) -> Any:
    return member.value if isinstance(member, enum.Enum) else member


def _text(guideline: Guideline | None) -> str | None:
    return guideline.text if guideline else None


def _parser_version() -> str:
    import imrparse  # noqa: PLC0415 (imrparse/__init__ may import this module)

    return imrparse.__version__


# --------------------------------------------------------------------------- formats


def json_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row with its dates as ISO strings, ready for ``json.dumps``.

    Never raises for rows of :func:`letter_row` / :func:`decision_rows`.
    """
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}


def csv_row(row: Mapping[str, Any], columns: Sequence[Column]) -> list[str]:
    """A row as CSV fields: ISO dates, ``true``/``false``, lists joined with ``"; "``,
    ``None`` as an empty field.

    Never raises for rows of :func:`letter_row` / :func:`decision_rows`.
    """
    out = []
    for column in columns:
        value = row.get(column.name)
        if value is None:
            out.append("")
        elif column.type is ColumnType.STRING_LIST:
            out.append("; ".join(value))
        elif column.type is ColumnType.BOOLEAN:
            out.append("true" if value else "false")
        elif column.type is ColumnType.DATE:
            out.append(value.isoformat())
        else:
            out.append(str(value))
    return out


def arrow_schema(columns: Sequence[Column]) -> pa.Schema:
    """The pyarrow schema of a table (needs the ``parquet`` extra).

    :raises ImportError: without pyarrow (the ``parquet`` extra).
    """
    pa = _need("pyarrow", "parquet")
    types = {ColumnType.STRING: pa.string(), ColumnType.INTEGER: pa.int64(),
             ColumnType.BOOLEAN: pa.bool_(), ColumnType.DATE: pa.date32(),
             ColumnType.STRING_LIST: pa.list_(pa.string())}
    return pa.schema([pa.field(c.name, types[c.type]) for c in columns])


#: pandas dtypes: nullable extension types, so that a missing value is ``pd.NA``.
_PANDAS_DTYPES = {ColumnType.STRING: "string", ColumnType.INTEGER: "Int64",
                  ColumnType.BOOLEAN: "boolean", ColumnType.DATE: "datetime64[s]",
                  ColumnType.STRING_LIST: "object"}


def rows_to_frame(rows: Iterable[Mapping[str, Any]], columns: Sequence[Column]
                  ) -> pd.DataFrame:
    """Rows as a pandas DataFrame with the columns' dtypes (needs the ``pandas`` extra).

    Strings are ``string``, integers ``Int64``, booleans ``boolean``, dates
    ``datetime64[s]``, lists Python lists in an ``object`` column.

    :raises ImportError: without pandas (the ``pandas`` extra).
    """
    pd = _need("pandas", "pandas")
    records = list(rows)
    data = {}
    for column in columns:
        values = [r.get(column.name) for r in records]
        dtype = _PANDAS_DTYPES[column.type]
        if column.type is ColumnType.DATE:
            data[column.name] = pd.Series(
                pd.to_datetime(pd.Series(values, dtype="object")), dtype=dtype)
        elif column.type is ColumnType.STRING_LIST:
            data[column.name] = pd.Series([list(v) if v is not None else None
                                           for v in values], dtype="object")
        else:
            data[column.name] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(data, columns=[c.name for c in columns])


def to_pandas(determinations: Iterable[Determination]
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The letters and decisions tables of ``determinations`` as two pandas DataFrames.

    Needs the ``pandas`` extra (``pip install 'imrparse[pandas]'``).

    :raises ImportError: without pandas (the ``pandas`` extra).
    """
    letters: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    for d in determinations:
        letters.append(letter_row(d))
        decisions.extend(decision_rows(d))
    return rows_to_frame(letters, LETTER_COLUMNS), rows_to_frame(decisions, DECISION_COLUMNS)


def _need(module: str, extra: str) -> Any:
    import importlib  # noqa: PLC0415

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(f"this needs {module}: pip install 'imrparse[{extra}]'") from exc
