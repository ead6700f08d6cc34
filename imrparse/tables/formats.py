"""The formats: a row as CSV fields (lists joined by :func:`join_list`) or JSON, a CSV or
JSON value read back to the row's value, the Arrow schema and the pandas frames of the
tables, and the data dictionary written beside them.

Takes rows of :mod:`imrparse.tables.rows` (or determinations, for :func:`to_pandas`); gives
CSV fields, JSON-ready dicts, :class:`pyarrow.Schema` and typed :class:`pandas.DataFrame`.
pyarrow and pandas are optional (the ``parquet`` and ``pandas`` extras), imported on use.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from imrparse.model import Determination
from imrparse.tables.columns import (
    CSV_ENCODING,
    LIST_SEPARATOR,
    SCHEMA_VERSION,
    Column,
    ColumnType,
    _parser_version,
)
from imrparse.tables.rows import (
    _KEYS,
    DECISION_COLUMNS,
    LETTER_COLUMNS,
    TABLES,
    decision_rows,
    letter_row,
)

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["FORMULA_STARTS", "arrow_schema", "csv_row", "empty_frame", "join_list", "json_row",
           "rows_to_frame", "schema_document", "split_list", "to_pandas"]


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
    ``FORMULA_STARTS`` gets a leading apostrophe, so that a spreadsheet shows it
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

