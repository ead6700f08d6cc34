"""The rows: each column of the letters, decisions and errors tables declared with how its
value is read from a :class:`~imrparse.Determination` (or one of its items), and the one
walker that reads a row.

Takes a determination; gives its letters-table row (:func:`letter_row`) and its
decisions-table rows (:func:`decision_rows`), plain dicts of plain values in the order of
:data:`LETTER_COLUMNS` and :data:`DECISION_COLUMNS`.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

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
from imrparse.tables.columns import (
    Column,
    ColumnType,
    GuidelineFamily,
    LetterOutcome,
    _parser_version,
)

__all__ = ["DECISION_COLUMNS", "ERROR_COLUMNS", "LETTER_COLUMNS", "TABLES", "decision_rows",
           "letter_row"]

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
                  source_sha256: str | None = None,
                  letter: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """The decisions-table rows of ``d``, one per item (keys of :data:`DECISION_COLUMNS`).

    ``letter``: ``d``'s letters-table row with the same source, when already made.
    Never raises.
    """
    if letter is None:
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
