"""Letters on a Dask cluster: a bag of parsed letters, and the two tables as Dask frames.

Runs on whatever cluster the current :class:`distributed.Client` points to (or Dask's
default scheduler).  Needs the ``dask`` extra: ``pip install 'imrparse[dask]'``.

::

    from distributed import Client
    import imrparse.dask as imrdask

    if __name__ == "__main__":          # workers start by spawning: keep the guard
        client = Client("tcp://scheduler:8786")
        bag = imrdask.read_letters("s3://bucket/letters/**/*.pdf")
        imrdask.decisions_frame(bag).to_parquet("s3://bucket/imr/decisions/")

Every element of the bag is a :class:`ParsedFile`: its ``determination``,
or, for a file that failed, its ``error_type`` and ``message`` (an error record; a bad
letter never fails a task).  :func:`errors_frame` lists the failures.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from imrparse._batch import ParsedFile, parse_bytes
from imrparse.tables import (
    DECISION_COLUMNS,
    LETTER_COLUMNS,
    Column,
    ColumnType,
    decision_rows,
    letter_row,
    rows_to_frame,
)

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas as pd

__all__ = ["ERROR_COLUMNS", "ParsedFile", "decisions_frame", "determinations", "errors_frame",
           "letters_frame", "read_letters"]

#: The columns of :func:`errors_frame`.
ERROR_COLUMNS: tuple[Column, ...] = (
    Column("path", ColumnType.STRING, "the file"),
    Column("sha256", ColumnType.STRING, "SHA-256 of its bytes (empty if unreadable)"),
    Column("error_type", ColumnType.STRING, "exception class, e.g. PdfError"),
    Column("message", ColumnType.STRING, "what went wrong"),
)


def _dask() -> Any:
    try:
        import dask.bag  # noqa: PLC0415
        import dask.dataframe  # noqa: PLC0415
    except ImportError as exc:
        raise ImportError("imrparse.dask needs dask: pip install 'imrparse[dask]'") from exc
    return dask


def read_letters(urlpath: str | list[str], *, pdf_backend: str = "pypdf",
                 files_per_partition: int = 50, storage_options: dict[str, Any] | None = None
                 ) -> dask.bag.Bag:
    """A bag with one :class:`ParsedFile` per file ``urlpath`` names.

    :param urlpath: a path, glob or list of them, local or any fsspec URL
        (``s3://``, ``gs://``, ``abfs://``...); ``.pdf`` files are read as PDFs, anything
        else as UTF-8 text.
    :param files_per_partition: files parsed per task.
    :raises FileNotFoundError: ``urlpath`` names no file.
    :raises ImportError: without dask (the ``dask`` extra).

    A file that cannot be read or parsed raises nothing: it becomes a failed
    :class:`ParsedFile` (see :func:`errors_frame`).
    """
    dk = _dask()
    fsspec = importlib.import_module("fsspec")  # a dependency of dask

    files = fsspec.open_files(urlpath, mode="rb", **(storage_options or {}))
    if not files:
        raise FileNotFoundError(f"no file matches {urlpath!r}")
    bag = dk.bag.from_sequence(list(files), partition_size=max(1, files_per_partition))
    return cast("dask.bag.Bag", bag.map(_parse_open_file, pdf_backend=pdf_backend))


def _parse_open_file(open_file: Any, *, pdf_backend: str) -> ParsedFile:
    """Worker function: one fsspec file to a :class:`ParsedFile`, never an exception."""
    name = str(open_file.path)
    try:
        with open_file as handle:
            data = handle.read()
    except Exception as exc:  # an unreadable remote file is an error record too
        return ParsedFile(source_path=name, source_sha256=None,
                          error_type=type(exc).__name__, message=str(exc))
    return parse_bytes(name, data, pdf_backend=pdf_backend)


def determinations(bag: dask.bag.Bag) -> dask.bag.Bag:
    """The :class:`~imrparse.Determination` of every letter that parsed.

    Never raises itself; a letter that fails is left out (see :func:`errors_frame`).
    """
    untyped: Any = bag
    return cast("dask.bag.Bag", untyped.filter(_is_ok).map(_determination))


def _is_ok(parsed: ParsedFile) -> bool:
    return parsed.ok


def _determination(parsed: ParsedFile) -> Any:
    return parsed.determination


def letters_frame(bag: dask.bag.Bag) -> dask.dataframe.DataFrame:
    """The letters table (:data:`~imrparse.tables.LETTER_COLUMNS`) of the letters that
    parsed, one pandas partition per bag partition.

    Never raises itself; a letter that fails is in :func:`errors_frame`.
    """
    return _frame(bag, _letters_partition, LETTER_COLUMNS)


def decisions_frame(bag: dask.bag.Bag) -> dask.dataframe.DataFrame:
    """The decisions table (:data:`~imrparse.tables.DECISION_COLUMNS`).

    Never raises itself; a letter that fails is in :func:`errors_frame`.
    """
    return _frame(bag, _decisions_partition, DECISION_COLUMNS)


def errors_frame(bag: dask.bag.Bag) -> dask.dataframe.DataFrame:
    """One row per file that failed (:data:`ERROR_COLUMNS`).

    Never raises itself.
    """
    return _frame(bag, _errors_partition, ERROR_COLUMNS)


def _frame(bag: dask.bag.Bag, function: Any, columns: tuple[Column, ...]
           ) -> dask.dataframe.DataFrame:
    dk = _dask()
    meta = rows_to_frame([], columns)
    untyped: Any = bag
    parts = untyped.map_partitions(function).to_delayed()
    # Dask turns object columns into strings by default, which would flatten the list
    # columns into their repr; the frames already use pandas' string dtype for text.
    with dk.config.set({"dataframe.convert-string": False}):
        frame = dk.dataframe.from_delayed(parts, meta=meta, verify_meta=False)
    return cast("dask.dataframe.DataFrame", frame)


def _letters_partition(parsed: Iterable[ParsedFile]) -> pd.DataFrame:
    return rows_to_frame((letter_row(p.determination, source_path=p.source_path,
                                     source_sha256=p.source_sha256)
                          for p in parsed if p.determination is not None), LETTER_COLUMNS)


def _decisions_partition(parsed: Iterable[ParsedFile]) -> pd.DataFrame:
    rows = [row for p in parsed if p.determination is not None
            for row in decision_rows(p.determination, source_path=p.source_path,
                                     source_sha256=p.source_sha256)]
    return rows_to_frame(rows, DECISION_COLUMNS)


def _errors_partition(parsed: Iterable[ParsedFile]) -> pd.DataFrame:
    return rows_to_frame((p.error_record() for p in parsed if not p.ok), ERROR_COLUMNS)
