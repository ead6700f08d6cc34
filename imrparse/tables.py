"""The flat tables for analysts: one row per letter, one row per decision, one per failed
file; one typed schema for every route.

The rows are plain dicts of plain values (``str``, ``int``, ``bool``, :class:`datetime.date`,
``list[str]`` or ``None``), named and typed by :data:`LETTER_COLUMNS`,
:data:`DECISION_COLUMNS` and :data:`ERROR_COLUMNS`.  The decisions table repeats the key
letter columns so that it stands alone.  The same row functions and the same schema feed
the command line (``imrparse parse``: JSON Lines, CSV, Parquet), the pandas frames
(:func:`to_pandas`, :func:`read_tables`) and the Dask frames (:mod:`imrparse.dask`): a
column has one type on every route (:meth:`ColumnType.arrow_name`), and every pandas column
is the :class:`pandas.ArrowDtype` of that type.

>>> import imrparse
>>> from imrparse.tables import decision_rows, letter_row
>>> d = imrparse.parse(imrparse.example_letter())
>>> row = letter_row(d)
>>> row["case_number"], row["n_upheld"], row["n_overturned"], row["letter_outcome"]
('CM16-0000001', 1, 1, 'partially-overturned')
>>> [(r["item_number"], r["outcome"], r["drugs"]) for r in decision_rows(d)]
[(1, 'upheld', ['tramadol']), (2, 'overturned', [])]

CSV holds a list as its members joined with ``"; "`` (:func:`join_list`,
:func:`split_list`), and is written UTF-8 with a byte-order mark so that spreadsheets read
its accents right.  :func:`read_tables` reads any output folder (or one of its files) back
into the typed frames.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import json
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from imrparse.layouts import check as _check
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
    "CSV_ENCODING",
    "DECISION_COLUMNS",
    "ERROR_COLUMNS",
    "LETTER_COLUMNS",
    "LIST_SEPARATOR",
    "SCHEMA_FILE",
    "TABLES",
    "Column",
    "ColumnType",
    "GuidelineFamily",
    "LetterOutcome",
    "TableError",
    "Tables",
    "arrow_schema",
    "csv_row",
    "decision_rows",
    "empty_frame",
    "join_list",
    "json_row",
    "letter_row",
    "read_tables",
    "rows_to_frame",
    "schema_document",
    "split_list",
    "to_pandas",
]

#: CSV files are UTF-8 with a byte-order mark: spreadsheets (Excel on Windows) otherwise
#: read them in the machine's code page and garble every accent.
CSV_ENCODING = "utf-8-sig"
#: What joins the members of a list in a CSV field (see :func:`join_list`).
LIST_SEPARATOR = "; "
#: The data dictionary written beside the tables (:func:`schema_document`).
SCHEMA_FILE = "schema.json"
#: Raised with each change of a column's name or type.
SCHEMA_VERSION = 2


class ColumnType(enum.StrEnum):
    """The type of a column, and how each output format writes it."""

    STRING = "string"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    #: ISO ``YYYY-MM-DD`` in CSV and JSON, ``date32`` in Arrow, Parquet and pandas.
    DATE = "date"
    #: A list of strings (never null: empty when there is none); CSV joins the members
    #: (:func:`join_list`).
    STRING_LIST = "list<string>"

    def arrow_name(self) -> str:
        """The Arrow type of the column on every route (``string``, ``int64``, ``bool``,
        ``date32``, ``list<string>``).

        Never raises.
        """
        return _ARROW_NAMES[self]


_ARROW_NAMES = {ColumnType.STRING: "string", ColumnType.INTEGER: "int64",
                ColumnType.BOOLEAN: "bool", ColumnType.DATE: "date32",
                ColumnType.STRING_LIST: "list<string>"}
_check.covers("_ARROW_NAMES", _ARROW_NAMES, ColumnType)


class LetterOutcome(enum.StrEnum):
    """A letter's outcome, in the words of the items' :class:`~imrparse.Outcome` (DWC's
    decision search says ``Uphold``, ``Overturn``, ``Partial Overturn``)."""

    #: Every item upheld.
    UPHELD = "upheld"
    #: Every item overturned.
    OVERTURNED = "overturned"
    #: Some items upheld, some overturned.
    PARTIALLY_OVERTURNED = "partially-overturned"


class GuidelineFamily(enum.StrEnum):
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


class TableError(ValueError):
    """A file or folder that is not a table ``imrparse parse`` writes, or holds a value its
    column's type cannot take.  The message names the file (and line)."""


_S, _I, _B, _D, _L = (ColumnType.STRING, ColumnType.INTEGER, ColumnType.BOOLEAN,
                      ColumnType.DATE, ColumnType.STRING_LIST)


# --------------------------------------------------------------------------- columns


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
    among the values the row already has (the letter's row, for the decisions table)."""

    column: Column
    read: Callable[[Any], Any] | None = None


# One factory a table, so that the readers' lambdas are typed by their source.
def _letter(name: str, type: ColumnType, description: str,
            read: Callable[[_Letter], Any]) -> _Spec:
    return _Spec(Column(name, type, description), read)


def _item(name: str, type: ColumnType, description: str,
          read: Callable[[DisputedItem], Any]) -> _Spec:
    return _Spec(Column(name, type, description), read)


def _plain(value: Any) -> Any:
    """A model value as a table value: an enum as its value, a tuple as a list."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _part(part: str, field: str) -> Callable[[DisputedItem], Any]:
    """The reader of ``item.<part>.<field>`` (``None`` when the item has no ``part``)."""
    def read(item: DisputedItem) -> Any:
        whole = getattr(item, part)
        return None if whole is None else _plain(getattr(whole, field))
    return read


def _row(specs: Sequence[_Spec], source: object, known: Mapping[str, Any]) -> dict[str, Any]:
    """The one walker: a row in the order of ``specs``, each value read from ``source``
    or, for a spec without a reader, taken from ``known``.  An empty text is missing
    (``None``) and a missing list is empty, so that every format, CSV too, keeps the value
    as it is."""
    row = {}
    for spec in specs:
        value = known[spec.column.name] if spec.read is None else spec.read(source)
        if value is None and spec.column.type is ColumnType.STRING_LIST:
            value = []
        row[spec.column.name] = None if value == "" else value
    return row


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
    _letter("priority", _S, "standard or expedited", lambda x: _plain(x.h.priority)),
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
    _letter("letter_outcome", _S, "upheld (every item), overturned (every item) or "
                                  "partially-overturned; empty when an item's outcome is "
                                  "unknown or there is no item",
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
            lambda x: _plain(x.d.summary.sex) if x.d.summary else None),
    _letter("n_defects", _I, "number of parse defects (docs/defects.md)",
            lambda x: len(x.d.defects)),
    _letter("defect_codes", _L, "the defect codes, in text order",
            lambda x: [defect.code.value for defect in x.d.defects]),
    _letter("source_path", _S, "the file the letter was read from", lambda x: x.source_path),
    _letter("source_sha256", _S, "SHA-256 of that file's bytes", lambda x: x.source_sha256),
    _letter("parser_version", _S, "imrparse version that wrote the row",
            lambda x: _parser_version()),
)

_LETTER_BY_NAME = {spec.column.name: spec for spec in _LETTER_SPECS}

#: Letter columns the decisions table repeats, so that it stands alone (``imrparse stats``
#: reads its figures from the decisions table alone).
_REPEATED = ("case_year", "layout", "decision_date", "decision_year", "priority",
             "days_received_to_decision", "days_assigned_to_decision", "n_items",
             "letter_outcome", "reviewer_specialties", "reviewer_licensure_states",
             "licensed_in_california", "worker_age", "worker_sex", "n_defects", "source_path",
             "source_sha256", "parser_version")

#: (column, Treatment field, type, description): the request read into values.
_TREATMENT: tuple[tuple[str, str, ColumnType, str], ...] = (
    ("treatment_category", "category", _S, "DWC request category read from the request "
                                           "(Pharmaceuticals, DMEPOS...), in DWC's spelling"),
    ("treatment_subcategory", "subcategory", _S, "DWC subcategory (PT/OT, "
                                                 "Imaging/Radiology...)"),
    ("drug_class", "drug_class", _S, "drug class of a pharmaceutical (Opioids, NSAID...)"),
    ("drugs", "drugs", _L, "drug names as written (lower case), generic and brand"),
    ("strengths", "strengths", _L, "strengths, normalized (10/325mg, 20%, 5mcg/hr)"),
    ("amount", "amount", _S, "a package amount such as 240g, normalized"),
    ("quantity", "count", _I, "units asked for (#60, QTY: 2); Treatment.count"),
    ("refills", "refills", _I, "refills asked for"),
    ("sessions", "sessions", _I, "sessions or visits, when the request states one number "
                                 "(2x4 gives 8)"),
    ("sessions_min", "sessions_min", _I, "sessions or visits, the low end of a range"),
    ("sessions_max", "sessions_max", _I, "sessions or visits, the high end of a range"),
    ("frequency_min", "frequency_min", _I, "sessions per week, the low end"),
    ("frequency_max", "frequency_max", _I, "sessions per week, the high end"),
    ("duration_min", "duration_min", _I, "length of the course, stay, trial or rental, "
                                         "the low end, in duration_unit"),
    ("duration_max", "duration_max", _I, "the same, the high end"),
    ("duration_unit", "duration_unit", _S, "day, week or month"),
    ("rental", "rental", _B, "a rental"),
    ("rental_days", "rental_days", _I, "rental length in days (written in days or weeks)"),
    ("purchase", "purchase", _B, "a purchase"),
    ("body_regions", "body_regions", _L, "body regions the request names (lumbar spine, "
                                         "knee...)"),
    ("laterality", "laterality", _S, "left, right or bilateral"),
    ("spinal_levels", "levels", _L, "spinal levels, normalized (L4-L5, C6)"),
    ("retrospective", "retrospective", _B, "a retrospective request"),
    ("service_date", "service_date", _D, "date of service (DOS: 11/14/16)"),
    ("associated_surgical_service", "associated_surgical_service", _B,
     "an associated surgical service"),
    ("perioperative", "perioperative", _S, "pre-op or post-op"),
)


def _guideline_specs(prefix: str, field: str, whose: str) -> tuple[_Spec, ...]:
    """The columns read from one of the item's guideline paragraphs."""
    def basis(item: DisputedItem) -> GuidelineBasis | None:
        return _basis(getattr(item, field))

    def mtus(item: DisputedItem) -> tuple[MtusCitation, ...]:
        b = basis(item)
        return b.mtus if b is not None else ()

    def others(item: DisputedItem) -> list[OtherCitation]:
        b = basis(item)
        return [c for c in b.citations if isinstance(c, OtherCitation)] if b else []

    def first(item: DisputedItem) -> MtusCitation | None:
        return next(iter(mtus(item)), None)

    return (
        _item(f"{prefix}_guideline_source", _S, f"what {whose}'s guideline paragraph relies "
                                                "on: mtus, odg, acoem, other, or none (no "
                                                "evidence cited)",
              lambda x: _guideline_family(getattr(x, field))),
        _item(f"{prefix}_mtus_guideline", _S, f"first MTUS guideline {whose} cites",
              lambda x: _plain(c.guideline) if (c := first(x)) else None),
        _item(f"{prefix}_mtus_year", _I, "its year",
              lambda x: c.year if (c := first(x)) else None),
        _item(f"{prefix}_mtus_guidelines", _L, f"every MTUS guideline {whose} cites, in order",
              lambda x: [c.guideline.value for c in mtus(x)]),
        _item(f"{prefix}_mtus_citations", _L, "each of them as the letter writes it: "
                                              "guideline, year, Section(s)",
              lambda x: [_mtus_text(c) for c in mtus(x)]),
        _item(f"{prefix}_mtus_sections", _L, "the sections they name, in order",
              lambda x: [s for c in mtus(x) for s in c.sections]),
        _item(f"{prefix}_other_citations", _L, "the citations outside the MTUS (ODG, ACOEM, "
                                               "literature, web), as written",
              lambda x: [c.text for c in others(x)]),
        _item(f"{prefix}_odg_chapters", _L, "the ODG chapters they name",
              lambda x: [c.odg_chapter.value for c in others(x) if c.odg_chapter]),
        _item(f"{prefix}_odg_topics", _L, "the ODG topics they name",
              lambda x: [c.odg_topic for c in others(x) if c.odg_topic]),
        _item(f"{prefix}_outside_mtus", _B, f"{whose} relied on recommendations outside "
                                            "the MTUS",
              lambda x: b.outside_mtus if (b := basis(x)) else None),
    )


#: The repeated letter columns (no reader) are the letter row's.
_DECISION_SPECS: tuple[_Spec, ...] = (
    _Spec(Column("case_number", _S, "IMR case number")),
    _item("item_number", _I, "1-based position of the item in the letter",
          lambda x: x.number),
    _item("request", _S, "the request as written on the decision line",
          lambda x: x.request),
    _item("outcome", _S, "upheld or overturned; empty when the word is unknown",
          lambda x: _plain(x.outcome)),
    _item("partial_authorization", _B, "the claims administrator authorized part of it",
          lambda x: x.partial is not None),
    _item("authorized_request", _S, "for a partial authorization, the authorized part",
          _part("partial", "authorized")),
    _item("disputed_request", _S, "for a partial authorization, the disputed part",
          _part("partial", "disputed")),
    *(_item(name, ctype, description, _part("treatment", field))
      for name, field, ctype, description in _TREATMENT),
    _item("rationale_necessary", _B, "the rationale concludes the treatment is medically "
                                     "necessary (true) or not (false)",
          _part("rationale", "necessary")),
    _item("rationale_conclusion", _S, "the rationale's conclusion sentence",
          _part("rationale", "conclusion")),
    _item("rationale_boilerplate", _L, "fixed paragraphs of the rationale "
                                       "(opioid-tapering, ancillary-service)",
          lambda x: [b.kind.value for b in x.rationale.boilerplate] if x.rationale else []),
    *_guideline_specs("maximus", "maximus_guideline", "MAXIMUS"),
    *_guideline_specs("ca", "claims_administrator_guideline", "the claims administrator"),
    _item("rationale_text", _S, "the decision rationale", _part("rationale", "text")),
    _item("maximus_guideline_text", _S, "the MAXIMUS guideline paragraph",
          lambda x: _text(x.maximus_guideline)),
    _item("ca_guideline_text", _S, "the claims administrator guideline paragraph",
          lambda x: _text(x.claims_administrator_guideline)),
    *(_Spec(_LETTER_BY_NAME[name].column) for name in _REPEATED),
)

#: The columns of the letters table, in order.
LETTER_COLUMNS: tuple[Column, ...] = tuple(spec.column for spec in _LETTER_SPECS)

#: The columns of the decisions table, in order (key: ``source_path``, ``item_number``).
DECISION_COLUMNS: tuple[Column, ...] = tuple(spec.column for spec in _DECISION_SPECS)

#: The columns of the errors table: one row per file that failed (``errors.jsonl``).
ERROR_COLUMNS: tuple[Column, ...] = (
    Column("path", _S, "the file"),
    Column("sha256", _S, "SHA-256 of its bytes (empty if unreadable)"),
    Column("error_type", _S, "exception class, e.g. PdfError"),
    Column("message", _S, "what went wrong"),
)

#: Every table by its name, which is also its file name in an output folder
#: (``letters.parquet``, ``decisions.csv``, ``errors.jsonl``).
TABLES: Mapping[str, tuple[Column, ...]] = {
    "letters": LETTER_COLUMNS, "decisions": DECISION_COLUMNS, "errors": ERROR_COLUMNS}

#: Each table's key, for the data dictionary.
_KEYS = {"letters": ("source_path",), "decisions": ("source_path", "item_number"),
         "errors": ("path",)}
#: A column that tells a table file apart when its name does not (first match wins: the
#: decisions table repeats ``n_items``).
_KIND_BY_COLUMN = (("item_number", "decisions"), ("n_items", "letters"),
                   ("error_type", "errors"))

for _name, _columns in TABLES.items():
    _check.unique(_name, (c.name for c in _columns))
    _check.require(all(c.description for c in _columns), _name, "", "has a column without "
                   "a description")
_check.covers("_KEYS", _KEYS, TABLES)
_check.known("_REPEATED", "", _REPEATED, _LETTER_BY_NAME)
_check.require(not {column for column, _ in _KIND_BY_COLUMN} - {
    c.name for columns in TABLES.values() for c in columns}, "_KIND_BY_COLUMN", "",
    "names a column no table has")


# --------------------------------------------------------------------------- rows


def letter_row(d: Determination, *, source_path: str | os.PathLike[str] | None = None,
               source_sha256: str | None = None) -> dict[str, Any]:
    """The letters-table row of ``d`` (keys and order of :data:`LETTER_COLUMNS`).

    Never raises.
    """
    path = os.fspath(source_path) if source_path is not None else None
    letter = _Letter(d, path, source_sha256, [item.outcome for item in d.items])
    return _row(_LETTER_SPECS, letter, {})


def decision_rows(d: Determination, *, source_path: str | os.PathLike[str] | None = None,
                  source_sha256: str | None = None) -> list[dict[str, Any]]:
    """The decisions-table rows of ``d``, one per item (keys of :data:`DECISION_COLUMNS`).

    Never raises.
    """
    letter = letter_row(d, source_path=source_path, source_sha256=source_sha256)
    return [_row(_DECISION_SPECS, item, letter) for item in d.items]


def _basis(guideline: Guideline | None) -> GuidelineBasis | None:
    return guideline.basis if guideline is not None else None


def _mtus_text(c: MtusCitation) -> str:
    """An MTUS citation in the letter's own form: ``Low Back Complaints 2004,
    Section(s): Summary``."""
    text = c.guideline.value if c.year is None else f"{c.guideline.value} {c.year}"
    return f"{text}, Section(s): {', '.join(c.sections)}" if c.sections else text


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
    return family.value


def _letter_outcome(outcomes: Sequence[Outcome | None]) -> str | None:
    if not outcomes or None in outcomes:
        return None
    if all(o is Outcome.UPHELD for o in outcomes):
        return LetterOutcome.UPHELD.value
    if all(o is Outcome.OVERTURNED for o in outcomes):
        return LetterOutcome.OVERTURNED.value
    return LetterOutcome.PARTIALLY_OVERTURNED.value


def _case_year(case_number: str | None) -> int | None:
    if case_number and len(case_number) >= 4 and case_number[2:4].isdigit():
        return 2000 + int(case_number[2:4])
    return None


def _days(start: dt.date | None, end: dt.date | None) -> int | None:
    return (end - start).days if start and end else None


def _text(guideline: Guideline | None) -> str | None:
    return guideline.text if guideline else None


def _parser_version() -> str:
    import imrparse  # noqa: PLC0415 (imrparse/__init__ may import this module)

    return imrparse.__version__


# --------------------------------------------------------------------------- text formats


def join_list(values: Iterable[str]) -> str:
    """A list as one CSV field: the members joined with ``"; "``, each with ``\\`` written
    ``\\\\`` and ``;`` written ``\\;``, and an empty member written ``\\e``; the empty list is
    the empty field.  :func:`split_list` reads it back exactly.

    >>> join_list(["California", "Oregon"]), join_list(["a;b", ""]), join_list([])
    ('California; Oregon', 'a\\\\;b; \\\\e', '')

    Never raises.
    """
    return LIST_SEPARATOR.join(
        v.replace("\\", "\\\\").replace(";", "\\;") if v else "\\e" for v in values)


def split_list(field: str) -> list[str]:
    """The list a CSV field holds (the inverse of :func:`join_list`).

    A ``\\`` before any other character is kept as written, so that a field typed by hand
    reads as it looks.

    Never raises.
    """
    if not field:
        return []
    members: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(field):
        char = field[i]
        following = field[i + 1] if i + 1 < len(field) else ""
        if char == "\\" and following in ("\\", ";"):
            current.append(following)
            i += 2
        elif char == "\\" and following == "e":
            i += 2
        elif char == ";":
            members.append("".join(current))
            current = []
            # The separator's space, not the member's.
            i += 2 if following == " " else 1
        else:
            current.append(char)
            i += 1
    members.append("".join(current))
    return members


def json_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row with its dates as ISO strings, ready for ``json.dumps``.

    Never raises for rows of :func:`letter_row` / :func:`decision_rows`.
    """
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}


#: The first characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_row(row: Mapping[str, Any], columns: Sequence[Column], *,
            neutralize: bool = True) -> list[str]:
    """A row as CSV fields: ISO dates, ``true``/``false``, lists joined by
    :func:`join_list`, ``None`` as an empty field.

    With ``neutralize`` (the default), a text field that begins with one of
    :data:`FORMULA_STARTS` gets a leading apostrophe, so that a spreadsheet shows it
    rather than runs it (CSV formula injection); the loader reads such a field back as
    written, apostrophe included.  ``imrparse parse --csv-raw`` writes fields as they are.

    Never raises for rows of :func:`letter_row` / :func:`decision_rows`.
    """
    out = []
    for column in columns:
        value = row.get(column.name)
        if value is None:
            field = ""
        elif column.type is ColumnType.STRING_LIST:
            field = join_list(value)
        elif column.type is ColumnType.BOOLEAN:
            field = "true" if value else "false"
        elif column.type is ColumnType.DATE:
            field = value.isoformat()
        else:
            field = str(value)
        if neutralize and field.startswith(FORMULA_STARTS) and column.type in (
                ColumnType.STRING, ColumnType.STRING_LIST):
            field = "'" + field
        out.append(field)
    return out


_BOOLEANS = {"true": True, "false": False}


def _from_csv(field: str, ctype: ColumnType) -> Any:
    """A CSV field as the row functions give the value.

    :raises ValueError: the field is no value of the type.
    """
    if ctype is ColumnType.STRING_LIST:
        return split_list(field)
    if field == "":
        return None
    if ctype is ColumnType.INTEGER:
        return int(field)
    if ctype is ColumnType.BOOLEAN:
        if field.lower() not in _BOOLEANS:
            raise ValueError(f"{field!r} is not true or false")
        return _BOOLEANS[field.lower()]
    if ctype is ColumnType.DATE:
        return dt.date.fromisoformat(field)
    return field


def _from_json(value: Any, ctype: ColumnType) -> Any:
    """A JSON value as the row functions give it.

    :raises ValueError: the value is no value of the type.
    """
    if value is None or (value == "" and ctype is ColumnType.STRING):
        return None
    if ctype is ColumnType.STRING_LIST:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
    elif ctype is ColumnType.DATE:
        if isinstance(value, str):
            return dt.date.fromisoformat(value)
    elif ctype is ColumnType.INTEGER:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(value, bool if ctype is ColumnType.BOOLEAN else str):
        return value
    raise ValueError(f"{value!r} is not {ctype.value}")


# --------------------------------------------------------------------------- Arrow, pandas


def _arrow_type(pa: Any, ctype: ColumnType) -> Any:
    name = ctype.arrow_name()
    if name == "list<string>":
        return pa.list_(pa.string())
    return getattr(pa, {"bool": "bool_"}.get(name, name))()


def arrow_schema(columns: Sequence[Column], *, table: str | None = None) -> pa.Schema:
    """The Arrow schema of a table, every field with its ``description`` (and
    ``imrparse_type``) in its metadata; with ``table``, the schema's metadata names the
    table and the imrparse version (needs the ``parquet`` extra).

    :raises ImportError: without pyarrow (the ``parquet`` extra).
    """
    pa = _need("pyarrow", "parquet")
    fields = [pa.field(c.name, _arrow_type(pa, c.type),
                       metadata={"description": c.description, "imrparse_type": c.type.value})
              for c in columns]
    metadata = None
    if table is not None:
        metadata = {"imrparse": json.dumps({"table": table, "schema_version": SCHEMA_VERSION,
                                            "parser_version": _parser_version()})}
    return pa.schema(fields, metadata=metadata)


def empty_frame(columns: Sequence[Column]) -> pd.DataFrame:
    """A table with no row and the columns' dtypes (the ``meta`` of the Dask frames).

    :raises ImportError: without pandas and pyarrow (the ``pandas`` extra).
    """
    return rows_to_frame([], columns)


def rows_to_frame(rows: Iterable[Mapping[str, Any]], columns: Sequence[Column]
                  ) -> pd.DataFrame:
    """Rows as a pandas DataFrame (needs the ``pandas`` extra).

    Every column is the :class:`pandas.ArrowDtype` of its Arrow type
    (:meth:`ColumnType.arrow_name`): ``string[pyarrow]``, ``int64[pyarrow]`` (nullable),
    ``bool[pyarrow]``, ``date32[day][pyarrow]`` (:class:`datetime.date` values) and
    ``list<item: string>[pyarrow]`` (Python lists), so that writing the frame to Parquet
    gives the schema ``imrparse parse`` writes.

    :raises ImportError: without pandas and pyarrow (the ``pandas`` extra).
    :raises pyarrow.ArrowInvalid: a value does not fit its column's type.
    """
    pa = _need("pyarrow", "pandas")
    table = pa.Table.from_pylist(list(rows), schema=arrow_schema(columns))
    return _arrow_frame(table)


def _arrow_frame(table: Any) -> pd.DataFrame:
    pd = _need("pandas", "pandas")
    return table.to_pandas(types_mapper=pd.ArrowDtype, ignore_metadata=True)


def to_pandas(determinations: Iterable[Determination | tuple[Determination,
                                                             str | os.PathLike[str]]]
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The letters and decisions tables of ``determinations`` as two pandas DataFrames,
    typed as :func:`rows_to_frame` says.

    Each member is a :class:`~imrparse.Determination` or a ``(determination, path)`` pair,
    whose path fills ``source_path``::

        to_pandas((parse_pdf(p), p) for p in Path("letters").glob("*.pdf"))

    Needs the ``pandas`` extra (``pip install 'imrparse[pandas]'``).

    :raises ImportError: without pandas and pyarrow (the ``pandas`` extra).
    """
    _need("pandas", "pandas")
    letters: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    for member in determinations:
        d, path = member if isinstance(member, tuple) else (member, None)
        letters.append(letter_row(d, source_path=path))
        decisions.extend(decision_rows(d, source_path=path))
    return rows_to_frame(letters, LETTER_COLUMNS), rows_to_frame(decisions, DECISION_COLUMNS)


def schema_document() -> dict[str, Any]:
    """The data dictionary ``imrparse parse`` writes beside its tables as ``schema.json``:
    every table's columns (name, type, Arrow type, description) and key, how CSV writes
    each type, and the imrparse version.

    Never raises.
    """
    return {
        "format": "imrparse-tables",
        "schema_version": SCHEMA_VERSION,
        "parser_version": _parser_version(),
        "csv": {"encoding": CSV_ENCODING, "missing": "", "boolean": ["true", "false"],
                "date": "YYYY-MM-DD", "list_separator": LIST_SEPARATOR,
                "list_escapes": {"\\\\": "\\", "\\;": ";", "\\e": "an empty member"},
                "empty_list": ""},
        "tables": {name: {"key": list(_KEYS[name]),
                          "columns": [{"name": c.name, "type": c.type.value,
                                       "arrow_type": c.type.arrow_name(),
                                       "description": c.description} for c in columns]}
                   for name, columns in TABLES.items()},
    }


def _need(module: str, extra: str) -> Any:
    import importlib  # noqa: PLC0415

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(f"this needs {module}: pip install 'imrparse[{extra}]'") from exc


# --------------------------------------------------------------------------- reading


#: The formats ``imrparse parse`` writes, by file suffix.
_SUFFIXES = {".parquet": "parquet", ".csv": "csv", ".jsonl": "jsonl"}
#: Columns of Parquet files that are no table column: pandas' and Dask's written index.
_INDEX_COLUMNS = ("__null_dask_index__", "__index_level_0__")
#: The nested determination of ``letters.jsonl``: read it with :mod:`imrparse.jsonio`.
_NESTED = "determination"


@attrs.frozen
class _TableFile:
    """One table to read: a file, or a folder of Parquet parts (as Dask writes)."""

    kind: str
    path: Path
    fmt: str


@attrs.frozen(eq=False)
class Tables:
    """The tables :func:`read_tables` read; a table that was not read is ``None``."""

    #: One row per letter (:data:`LETTER_COLUMNS`).
    letters: pd.DataFrame | None
    #: One row per decision (:data:`DECISION_COLUMNS`).
    decisions: pd.DataFrame | None
    #: One row per file that failed (:data:`ERROR_COLUMNS`).
    errors: pd.DataFrame | None
    #: The files read, in the order of the tables.
    sources: tuple[str, ...] = ()


def read_tables(path: str | os.PathLike[str]) -> Tables:
    """Read what ``imrparse parse`` (or :func:`imrparse.dask.to_parquet`) wrote back into
    typed pandas frames, with the dtypes of :func:`to_pandas`.

    ``path`` is an output folder (its ``letters``, ``decisions`` and ``errors`` tables, as
    ``.parquet``, ``.csv`` or ``.jsonl`` files or folders of Parquet parts) or one table file
    (named ``letters.*``/``decisions.*``/``errors.*``, or told apart by its columns).  A
    column the file lacks (written by another imrparse) comes back empty, with a warning;
    a column this imrparse does not know is kept after the known ones; the nested
    ``determination`` of ``letters.jsonl`` is left out (each line's is read by
    :func:`imrparse.jsonio.from_dict`).

    Needs the ``pandas`` extra.

    :raises FileNotFoundError: ``path`` does not exist.
    :raises TableError: ``path`` holds no table, holds a table in two formats, or a value
        does not fit its column (the message names the file and line).
    :raises OSError: a file cannot be read.
    :raises ImportError: without pandas and pyarrow (the ``pandas`` extra).
    """
    _need("pandas", "pandas")
    found = locate_tables(path)
    frames: dict[str, Any] = {}
    for table in found:
        frames[table.kind] = _read_frame(table)
    return Tables(letters=frames.get("letters"), decisions=frames.get("decisions"),
                  errors=frames.get("errors"), sources=tuple(str(t.path) for t in found))


def locate_tables(path: str | os.PathLike[str]) -> list[_TableFile]:
    """The table files an output folder (or a table file) holds, letters first.

    :raises FileNotFoundError: ``path`` does not exist.
    :raises TableError: it holds no table, or a table in two formats.
    """
    where = Path(path)
    if not where.exists():
        raise FileNotFoundError(f"{where}: no such file or folder")
    if where.is_dir() and not (_parquet_parts(where) and not is_output_folder(where)):
        found = []
        for kind in TABLES:
            candidates = _folder_tables(where, kind)
            if len(candidates) > 1:
                names = ", ".join(t.path.name for t in candidates)
                raise TableError(f"{where}: holds the {kind} table in more than one format "
                                 f"({names}); name the file to read")
            found.extend(candidates)
        if not found:
            raise TableError(f"{where}: holds no table of imrparse parse (letters.*, "
                             "decisions.*, errors.jsonl)")
        return found
    fmt = "parquet" if where.is_dir() else _SUFFIXES.get(where.suffix.lower())
    if fmt is None:
        raise TableError(f"{where}: not a table file (.parquet, .csv or .jsonl)")
    stem = where.name.split(".")[0]
    kind = stem if stem in TABLES else _kind_by_columns(where, fmt)
    return [_TableFile(kind, where, fmt)]


def _folder_tables(folder: Path, kind: str) -> list[_TableFile]:
    """The ``kind`` tables an output folder holds: files, and folders of Parquet parts."""
    found = [_TableFile(kind, folder / f"{kind}{suffix}", fmt)
             for suffix, fmt in _SUFFIXES.items() if (folder / f"{kind}{suffix}").is_file()]
    if (folder / kind).is_dir() and _parquet_parts(folder / kind):
        found.append(_TableFile(kind, folder / kind, "parquet"))
    return found


def is_output_folder(folder: str | os.PathLike[str]) -> bool:
    """Whether ``folder`` holds a table of ``imrparse parse`` (``letters.csv``,
    ``decisions/`` of Parquet parts...).

    Never raises.
    """
    where = Path(folder)
    return where.is_dir() and any(_folder_tables(where, kind) for kind in TABLES)


def _parquet_parts(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.parquet"))


def _kind_by_columns(path: Path, fmt: str) -> str:
    names = _column_names(path, fmt)
    for column, kind in _KIND_BY_COLUMN:
        if column in names:
            return kind
    raise TableError(f"{path}: not a table of imrparse parse (it has no "
                     f"{', '.join(c for c, _ in _KIND_BY_COLUMN)} column)")


def _column_names(path: Path, fmt: str) -> list[str]:
    if fmt == "parquet":
        return list(_parquet_dataset(path).schema.names)
    with _open_text(path, fmt) as handle:
        if fmt == "csv":
            return next(csv.reader(handle), [])
        first = next((line for line in handle if line.strip()), "{}")
    try:
        record = json.loads(first)
    except json.JSONDecodeError as exc:
        raise TableError(f"{path}:1: not JSON ({exc.msg})") from exc
    return list(record) if isinstance(record, dict) else []


def _open_text(path: Path, fmt: str) -> Any:
    # CSV may start with a byte-order mark (imrparse writes one); JSON Lines never does.
    return path.open(encoding=CSV_ENCODING if fmt == "csv" else "utf-8", newline="")


def read_rows(table: _TableFile) -> list[dict[str, Any]]:
    """The rows of a table file as the row functions give them: every known column (``None``
    where the file lacks it), typed Python values.  Needs pyarrow only for Parquet.

    :raises TableError: a value does not fit its column; the file is not the table.
    :raises OSError: the file cannot be read.
    """
    if table.fmt == "parquet":
        arrow, _ = _read_parquet(table)
        return list(arrow.to_pylist())
    return [row for row, _ in _text_rows(table)]


def _read_frame(table: _TableFile) -> pd.DataFrame:
    pa = _need("pyarrow", "pandas")
    columns = TABLES[table.kind]
    if table.fmt == "parquet":
        arrow, extra = _read_parquet(table)
        for name in extra.column_names:
            arrow = arrow.append_column(extra.field(name), extra.column(name))
        return _arrow_frame(arrow)
    rows: list[dict[str, Any]] = []
    extras: list[dict[str, Any]] = []
    for row, extra in _text_rows(table):
        rows.append(row)
        extras.append(extra)
    arrow = pa.Table.from_pylist(rows, schema=arrow_schema(columns))
    for name in dict.fromkeys(k for e in extras for k in e):
        values = [e.get(name) for e in extras]
        try:
            array = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            array = pa.array([None if v is None else json.dumps(v) for v in values],
                             pa.string())
        arrow = arrow.append_column(name, array)
    return _arrow_frame(arrow)


def _missing_columns(table: _TableFile, present: Iterable[str]) -> None:
    missing = [c.name for c in TABLES[table.kind] if c.name not in set(present)]
    if missing:
        named = ", ".join(missing[:6]) + (f" and {len(missing) - 6} more" if missing[6:] else "")
        warnings.warn(f"{table.path}: has no column {named} (written by another imrparse?); "
                      "read as empty", UserWarning, stacklevel=4)


def _text_rows(table: _TableFile) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Each row of a CSV or JSON Lines table, typed, and its columns the schema lacks.

    :raises TableError: a line is not JSON or a value does not fit its column.
    :raises OSError: the file cannot be read.
    """
    columns = TABLES[table.kind]
    known = {c.name for c in columns}
    decode = _from_csv if table.fmt == "csv" else _from_json
    try:
        with _open_text(table.path, table.fmt) as handle:
            if table.fmt == "csv":
                reader = csv.reader(handle)
                header = next(reader, None)
                if header is None:
                    return
                _missing_columns(table, header)
                records: Iterable[tuple[int, dict[str, Any]]] = (
                    (reader.line_num, dict(zip(header, fields, strict=False)))
                    for fields in reader)
            else:
                records = _json_records(table.path, handle)
            checked = table.fmt == "csv"
            for line, record in records:
                if not checked:
                    _missing_columns(table, record)
                    checked = True
                row: dict[str, Any] = {}
                for c in columns:
                    if c.name not in record:
                        row[c.name] = None
                        continue
                    try:
                        row[c.name] = decode(record[c.name], c.type)
                    except ValueError as exc:
                        raise TableError(f"{table.path}:{line}: column {c.name}: {exc}"
                                         ) from None
                yield row, {k: v for k, v in record.items()
                            if k not in known and k != _NESTED}
    except UnicodeDecodeError as exc:
        raise TableError(f"{table.path}: not UTF-8 text (byte {exc.start})") from None


def _json_records(path: Path, handle: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TableError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise TableError(f"{path}:{number}: not a JSON object")
        yield number, record


def _parquet_dataset(path: Path) -> Any:
    pa = _need("pyarrow", "parquet")
    pq = _need("pyarrow.parquet", "parquet")
    try:
        return pq.ParquetDataset(path)
    except pa.ArrowException as exc:
        raise TableError(f"{path}: not a Parquet file ({exc})") from None


def _read_parquet(table: _TableFile) -> tuple[Any, Any]:
    """The known columns cast to the schema (``None`` where the file lacks one), and the
    columns it does not know.

    :raises TableError: the file is no Parquet, or a column cannot take its type.
    """
    pa = _need("pyarrow", "parquet")
    columns = TABLES[table.kind]
    schema = arrow_schema(columns)
    dataset = _parquet_dataset(table.path)
    try:
        arrow = dataset.read()
    except pa.ArrowException as exc:
        raise TableError(f"{table.path}: cannot be read as Parquet ({exc})") from None
    _missing_columns(table, arrow.column_names)
    known = []
    for field in schema:
        if field.name not in arrow.column_names:
            known.append(pa.nulls(arrow.num_rows, field.type))
            continue
        try:
            known.append(arrow.column(field.name).cast(field.type))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise TableError(f"{table.path}: column {field.name} is not "
                             f"{field.type}: {exc}") from None
    typed = pa.Table.from_arrays(known, schema=schema)
    extra = arrow.select([n for n in arrow.column_names
                          if n not in schema.names and n not in _INDEX_COLUMNS])
    return typed, extra
