"""Letters on a Dask cluster: a bag of parsed letters, and the tables as Dask frames.

Runs on whatever cluster the current :class:`distributed.Client` points to (or Dask's
default scheduler).  Needs the ``dask`` extra: ``pip install 'imrparse[dask]'``.

::

    from distributed import Client
    import imrparse.dask as imrdask

    if __name__ == "__main__":          # workers start by spawning: keep the guard
        client = Client("tcp://scheduler:8786")
        bag = imrdask.read_letters("s3://bucket/letters/**/*.pdf")
        imrdask.to_parquet(bag, "s3://bucket/imr/")   # letters/, decisions/, errors/

Every element of the bag is a :class:`ParsedFile`: its ``determination``,
or, for a file that failed, its ``error_type`` and ``message`` (an error record; a bad
letter never fails a task).  :func:`errors_frame` lists the failures.

The frames have the columns and dtypes of :mod:`imrparse.tables` (their ``meta`` is
:func:`imrparse.tables.empty_frame`): every column an Arrow dtype, so that
``decisions_frame(bag).to_parquet(path)`` writes the types ``imrparse parse`` writes, and
:func:`imrparse.tables.read_tables` reads it back.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from imrparse.batch.run import ParsedFile, parse_bytes
from imrparse.pdf import default_backend
from imrparse.tables import (
    DECISION_COLUMNS,
    ERROR_COLUMNS,
    LETTER_COLUMNS,
    SCHEMA_FILE,
    TABLES,
    Column,
    arrow_schema,
    decision_rows,
    empty_frame,
    letter_row,
    rows_to_frame,
    schema_document,
)

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas as pd

__all__ = ["ERROR_COLUMNS", "ParsedFile", "decisions_frame", "determinations", "errors_frame",
           "letters_frame", "read_letters", "to_parquet"]


def _dask() -> Any:
    try:
        import dask.bag  # noqa: PLC0415
        import dask.dataframe  # noqa: PLC0415
    except ImportError as exc:
        raise ImportError("imrparse.dask needs dask: pip install 'imrparse[dask]'") from exc
    return dask


def read_letters(urlpath: str | list[str], *, pdf_backend: str | None = None,
                 files_per_partition: int = 200, storage_options: dict[str, Any] | None = None
                 ) -> dask.bag.Bag:
    """A bag with one :class:`ParsedFile` per file ``urlpath`` names.

    :param urlpath: a path, glob or list of them, local or any fsspec URL
        (``s3://``, ``gs://``, ``abfs://``...); ``.pdf`` files are read as PDFs, anything
        else as UTF-8 text.
    :param pdf_backend: the PDF backend (default: :func:`imrparse.pdf.default_backend`,
        the fastest installed here, which the workers must have as well).
    :param files_per_partition: files parsed per task.  Each task costs the scheduler a
        few milliseconds and writes one Parquet part per table, so the default, 200
        (about 0.4 s of work a task), keeps that overhead to a few percent while 1.7
        million letters still make 8,500 tasks to balance.
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
    backend = pdf_backend or default_backend().value
    # The graph holds plain paths and one file system a task, not an OpenFile a letter; a
    # task reads and parses its files in one call.
    paths = [str(f.path) for f in files]
    bag = dk.bag.from_sequence(paths, partition_size=max(1, files_per_partition))
    return cast("dask.bag.Bag", bag.map_partitions(_parse_paths, fs=files.fs,
                                                   pdf_backend=backend))


def _parse_paths(paths: Iterable[str], *, fs: Any, pdf_backend: str) -> list[ParsedFile]:
    """Worker function: files of one file system to :class:`ParsedFile` values, never an
    exception."""
    parsed = []
    for name in paths:
        try:
            data = fs.cat_file(name)
        except Exception as exc:  # an unreadable remote file is an error record too
            parsed.append(ParsedFile(source_path=name, source_sha256=None,
                                     error_type=type(exc).__name__, message=str(exc)))
            continue
        parsed.append(parse_bytes(name, data, pdf_backend=pdf_backend))
    return parsed


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


def to_parquet(bag: dask.bag.Bag, urlpath: str, *,
               storage_options: dict[str, Any] | None = None) -> None:
    """Write the three tables of ``bag`` into the folder ``urlpath`` (local or any fsspec
    URL), as ``imrparse parse`` lays out an output folder: ``letters/``, ``decisions/`` and
    ``errors/`` (Parquet parts, each field with its description) and ``schema.json``.
    :func:`imrparse.tables.read_tables` reads the folder back.

    The three frames are computed together, so that the bag is parsed once (or
    ``persist()`` it first).

    :raises ImportError: without dask (the ``dask`` extra).
    :raises OSError: the folder cannot be written.
    """
    dk = _dask()
    fsspec = importlib.import_module("fsspec")
    base = urlpath.rstrip("/")
    # One task a partition parses its letters and makes the rows of all three tables, so
    # that no Determination leaves the worker that parsed it: only the frames move.
    untyped: Any = bag
    parts = untyped.map_partitions(_tables_partition).to_delayed()
    frames: dict[str, Any] = {
        name: dk.dataframe.from_delayed([part[i] for part in parts],
                                        meta=empty_frame(TABLES[name]), verify_meta=False)
        for i, name in enumerate(("letters", "decisions", "errors"))}
    writes = [frame.to_parquet(f"{base}/{name}", write_index=False, compute=False,
                               schema=arrow_schema(TABLES[name], table=name),
                               storage_options=storage_options)
              for name, frame in frames.items()]
    dk.compute(*writes)
    with fsspec.open(f"{base}/{SCHEMA_FILE}", "w", encoding="utf-8",
                     **(storage_options or {})) as handle:
        handle.write(json.dumps(schema_document(), indent=2, ensure_ascii=False) + "\n")


def _frame(bag: dask.bag.Bag, function: Any, columns: tuple[Column, ...]
           ) -> dask.dataframe.DataFrame:
    dk = _dask()
    untyped: Any = bag
    parts = untyped.map_partitions(function).to_delayed()
    # The meta, like every partition, has Arrow dtypes only: no object column for Dask to
    # guess at, and list columns that Parquet writes as lists.
    frame = dk.dataframe.from_delayed(parts, meta=empty_frame(columns), verify_meta=False)
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


def _tables_partition(parsed: Iterable[ParsedFile]) -> list[pd.DataFrame]:
    """The letters, decisions and errors frames of one partition, in one pass over it."""
    done = list(parsed)
    return [_letters_partition(done), _decisions_partition(done), _errors_partition(done)]
