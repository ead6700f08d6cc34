"""Reading the tables back: an output folder of ``imrparse parse`` (or one table file, in
any of its formats) into typed pandas frames, or into rows as the row functions give them.

Takes a path; gives :class:`Tables` (:func:`read_tables`), the table files a path holds
(:func:`locate_tables`) and their rows (:func:`read_rows`, which ``imrparse stats`` reads).
"""

from __future__ import annotations

import csv
import json
import os
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from imrparse.tables.columns import CSV_ENCODING, TableError
from imrparse.tables.formats import _arrow_frame, _from_csv, _from_json, _need, arrow_schema
from imrparse.tables.rows import _KIND_BY_COLUMN, TABLES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Tables", "is_output_folder", "locate_tables", "read_rows", "read_tables"]


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
