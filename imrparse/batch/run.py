"""``imrparse parse``: a folder of letters (text or PDF) to analysis-ready tables.

Files are parsed on worker processes, a few files a task; the rows are written by the
main process as they arrive (Parquet in row-group batches), so memory does not grow with
the number of letters.
A file that fails is listed in ``errors.jsonl`` and never stops the batch.

Resuming: ``manifest.jsonl`` in the output folder lists every file whose rows are written
(absolute path, SHA-256, output format, and for CSV/JSON Lines the sizes of the output files
just after its rows).  A new run on the same folder skips the files listed with an unchanged
SHA-256, and

* CSV and JSON Lines: truncates the files to the sizes the manifest last recorded (dropping
  the rows of a file that was cut off mid-write) and appends;
* Parquet: copies the existing files' row groups into new files, appends the new rows, and
  replaces the old files when the run ends; the manifest lines of a run are written only
  after that, so an interrupted Parquet run is simply redone.

Failed files are not in the manifest: they are tried again on the next run.

Each manifest line also records what shapes the rows (the imrparse version, the PDF
backend, and for JSON Lines whether spans are kept) and the file's item count.  A run whose
settings differ from those of rows already in the folder (another ``--pdf-backend`` for
PDFs, ``--spans`` or not, another imrparse) refuses to start, rather than skip files done
the other way or mix the two in one table.  The summary counts the whole output: the rows
of earlier runs and this one's.

Before reading any file, a run checks that the extras it needs are installed (a PDF backend
when there are PDFs, pyarrow for Parquet), names what is missing once with its install
line, and creates nothing.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import glob
import hashlib
import itertools
import json
import multiprocessing
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

import attrs

from imrparse import __version__
from imrparse.batch.extras import missing as missing_extra
from imrparse.errors import ImrParseError
from imrparse.model import Determination
from imrparse.tables import (
    CSV_ENCODING,
    DECISION_COLUMNS,
    LETTER_COLUMNS,
    SCHEMA_FILE,
    arrow_schema,
    csv_row,
    decision_rows,
    json_row,
    letter_row,
    schema_document,
)

__all__ = ["FORMATS", "BatchSummary", "ParsedFile", "discover", "parse_bytes", "parse_file",
           "run_batch"]

FORMATS = ("jsonl", "csv", "parquet")
SUFFIXES = (".txt", ".pdf")
MANIFEST = "manifest.jsonl"
ERRORS = "errors.jsonl"
#: Rows buffered per Parquet row group.
ROW_GROUP = 5_000


# --------------------------------------------------------------------------- one file


@attrs.frozen(kw_only=True)
class ParsedFile:
    """The result of one file: a determination, or the error that stopped it."""

    source_path: str
    source_sha256: str | None
    determination: Determination | None = None
    error_type: str | None = None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.determination is not None

    def error_record(self) -> dict[str, Any]:
        """The line of ``errors.jsonl`` for a failed file."""
        return {"path": self.source_path, "sha256": self.source_sha256,
                "error_type": self.error_type, "message": self.message}


def parse_bytes(name: str, data: bytes, *, pdf_backend: str = "pypdf") -> ParsedFile:
    """Parse one file's bytes as :func:`imrparse.parse_file` reads a file (a PDF by its
    first bytes or its ``.pdf`` name, else text; invalid UTF-8 recorded as defects).

    Never raises for bad content: the error is returned on the :class:`ParsedFile`.
    """
    digest = hashlib.sha256(data).hexdigest()
    try:
        from imrparse.batch.files import parse_data  # noqa: PLC0415

        return ParsedFile(source_path=name, source_sha256=digest,
                          determination=parse_data(data, name, pdf_backend=pdf_backend))
    except ImrParseError as exc:
        return ParsedFile(source_path=name, source_sha256=digest,
                          error_type=type(exc).__name__, message=exc.message)
    except Exception as exc:  # one bad file must never stop a batch
        return ParsedFile(source_path=name, source_sha256=digest,
                          error_type=type(exc).__name__, message=str(exc))


def parse_file(path: str, *, pdf_backend: str = "pypdf") -> ParsedFile:
    """Read and parse one local file; a file that cannot be read gives an error result."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return ParsedFile(source_path=path, source_sha256=None, error_type=type(exc).__name__,
                          message=exc.strerror or str(exc))
    return parse_bytes(path, data, pdf_backend=pdf_backend)


@attrs.frozen(kw_only=True)
class _Done:
    """What a worker sends back: the rows, ready to write (no Determination to pickle)."""

    path: str
    sha256: str | None
    letter: dict[str, Any] | None = None
    decisions: tuple[dict[str, Any], ...] = ()
    nested: str | None = None
    error: dict[str, Any] | None = None


def _work_many(paths: tuple[str, ...], pdf_backend: str, fmt: str,
               spans: bool) -> list[_Done]:
    """:func:`_work` for each of a few files: one task, one message each way for all."""
    return [_work(path, pdf_backend, fmt, spans) for path in paths]


def _work(path: str, pdf_backend: str, fmt: str, spans: bool) -> _Done:
    """The worker function (module level, so that it pickles under spawn)."""
    result = parse_file(path, pdf_backend=pdf_backend)
    d = result.determination
    if d is None:
        return _Done(path=path, sha256=result.source_sha256, error=result.error_record())
    letter = letter_row(d, source_path=path, source_sha256=result.source_sha256)
    decisions = tuple(decision_rows(d, source_path=path, source_sha256=result.source_sha256))
    nested = None
    if fmt == "jsonl":
        from imrparse.jsonio import to_dict  # noqa: PLC0415

        nested = json.dumps({**json_row(letter), "determination": to_dict(d, spans=spans)},
                            ensure_ascii=False)
    return _Done(path=path, sha256=result.source_sha256, letter=letter, decisions=decisions,
                 nested=nested)


# --------------------------------------------------------------------------- discovery


def discover(paths: Iterable[str], *, skip: Path | None = None
             ) -> tuple[list[str], list[str]]:
    """The ``.txt``/``.pdf`` files that ``paths`` name (files, folders searched recursively,
    glob patterns), sorted and without duplicates; and the arguments that name nothing.

    A file named explicitly is taken whatever its suffix.  Files under ``skip`` (the output
    folder) are left out.
    """
    found: dict[str, str] = {}
    missing = []
    skip_dir = skip.resolve() if skip else None

    def add(path: Path) -> None:
        resolved = path.resolve()
        if skip_dir is not None and resolved.is_relative_to(skip_dir):
            return
        found.setdefault(str(resolved), os.path.normpath(path))

    def walk(folder: Path) -> None:
        for p in sorted(folder.rglob("*")):
            if p.is_file() and p.suffix.lower() in SUFFIXES:
                add(p)

    for arg in paths:
        path = Path(arg)
        if path.is_file():
            add(path)
        elif path.is_dir():
            walk(path)
        else:
            matches = sorted(glob.glob(arg, recursive=True))
            for m in matches:
                p = Path(m)
                if p.is_dir():
                    walk(p)
                elif p.is_file() and p.suffix.lower() in SUFFIXES:
                    add(p)
            if not matches:
                missing.append(arg)
    return sorted(found.values()), missing


# --------------------------------------------------------------------------- writers


class _Sink(Protocol):
    def write(self, done: _Done) -> dict[str, int]: ...
    def close(self) -> None: ...


def _jsonl_line(row: dict[str, Any]) -> str:
    return json.dumps(json_row(row), ensure_ascii=False) + "\n"


def _write_schema(out: Path) -> None:
    """Write the data dictionary (``schema.json``) beside the tables, after checking that
    the tables already there have the same columns.

    :raises _UsageError: the folder holds tables of other columns.
    """
    path = out / SCHEMA_FILE
    document = schema_document()
    if path.exists():
        try:
            old = json.loads(path.read_text("utf-8"))["tables"]
        except (ValueError, KeyError, TypeError) as exc:
            raise _UsageError(f"{path} is not the schema imrparse writes ({exc}); "
                              "use a new --out folder") from None
        if _column_types(old) != _column_types(document["tables"]):
            raise _UsageError(f"{out} holds tables with other columns than this imrparse "
                              f"writes (see {path}); use a new --out folder")
    partial = path.with_name(SCHEMA_FILE + ".partial")
    partial.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    partial.replace(path)


def _column_types(tables: Any) -> Any:
    return {name: [(c.get("name"), c.get("type")) for c in table.get("columns", ())]
            for name, table in tables.items()}


class _TextSink:
    """CSV or JSON Lines: append, flush after each file, report the file sizes.

    CSV is written UTF-8 with a byte-order mark (:data:`~imrparse.tables.CSV_ENCODING`), so
    that spreadsheets read it as UTF-8."""

    def __init__(self, out: Path, fmt: str, offsets: dict[str, int] | None) -> None:
        import csv  # noqa: PLC0415

        _write_schema(out)
        self.fmt = fmt
        self.names = (f"letters.{fmt}", f"decisions.{fmt}")
        self.handles: list[IO[str]] = []
        self.writers: list[Any] = []
        encoding = CSV_ENCODING if fmt == "csv" else "utf-8"
        for name, columns in zip(self.names, (LETTER_COLUMNS, DECISION_COLUMNS), strict=True):
            path = out / name
            keep = (offsets or {}).get(name, 0)
            if path.exists() and path.stat().st_size > keep:
                with path.open("r+b") as raw:
                    raw.truncate(keep)
            header = [c.name for c in columns]
            if fmt == "csv" and keep and path.exists():
                with path.open(encoding=encoding, newline="") as old:
                    if next(csv.reader(old), None) != header:
                        self.close()
                        raise _UsageError(f"{path} has other columns than this imrparse "
                                          "writes; use a new --out folder")
            handle = path.open("a", encoding=encoding, newline="")
            self.handles.append(handle)
            if fmt == "csv":
                writer = csv.writer(handle)
                if handle.tell() == 0:
                    writer.writerow(header)
                self.writers.append(writer)

    def write(self, done: _Done) -> dict[str, int]:
        letters, decisions = self.handles
        assert done.letter is not None
        if self.fmt == "csv":
            self.writers[0].writerow(csv_row(done.letter, LETTER_COLUMNS))
            self.writers[1].writerows(csv_row(r, DECISION_COLUMNS) for r in done.decisions)
        else:
            letters.write((done.nested or json.dumps(json_row(done.letter))) + "\n")
            decisions.writelines(_jsonl_line(r) for r in done.decisions)
        for handle in self.handles:
            handle.flush()
        return {name: h.tell() for name, h in zip(self.names, self.handles, strict=True)}

    def close(self) -> None:
        for handle in self.handles:
            handle.close()


class _ParquetSink:
    """Parquet: row groups of :data:`ROW_GROUP` rows into ``*.parquet.partial`` files that
    replace the old files (whose rows are copied first) at :meth:`close`."""

    def __init__(self, out: Path) -> None:
        import pyarrow.parquet as pq  # noqa: PLC0415

        _write_schema(out)
        self.pq = pq
        self.parts: list[tuple[Path, Path, Any, Any, list[dict[str, Any]]]] = []
        for name, columns in (("letters", LETTER_COLUMNS), ("decisions", DECISION_COLUMNS)):
            final, partial = out / f"{name}.parquet", out / f"{name}.parquet.partial"
            # The data dictionary travels in the file: each field's description, and the
            # table's name and imrparse version in the schema's metadata.
            schema = arrow_schema(columns, table=name)
            writer = pq.ParquetWriter(partial, schema)
            if final.exists():
                old = pq.ParquetFile(final)
                if not old.schema_arrow.equals(schema):
                    writer.close()
                    partial.unlink()
                    raise _UsageError(f"{final} has other columns than this imrparse "
                                      "writes; use a new --out folder")
                for batch in old.iter_batches(batch_size=ROW_GROUP):
                    writer.write_batch(batch)
            self.parts.append((final, partial, schema, writer, []))

    def write(self, done: _Done) -> dict[str, int]:
        assert done.letter is not None
        for rows, part in zip(([done.letter], done.decisions), self.parts, strict=True):
            part[4].extend(rows)
            if len(part[4]) >= ROW_GROUP:
                self._flush(part)
        return {}

    def _flush(self, part: tuple[Path, Path, Any, Any, list[dict[str, Any]]]) -> None:
        _, _, schema, writer, rows = part
        if rows:
            import pyarrow as pa  # noqa: PLC0415

            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            rows.clear()

    def close(self) -> None:
        for part in self.parts:
            self._flush(part)
            part[3].close()
        for final, partial, *_ in self.parts:
            partial.replace(final)


class _UsageError(Exception):
    """A problem with the command line or the output folder (exit status 2)."""


# --------------------------------------------------------------------------- manifest


def _settings(fmt: str, pdf_backend: str, spans: bool) -> dict[str, Any]:
    """What shapes a run's rows besides the letters: recorded with each file done."""
    settings: dict[str, Any] = {"imrparse": __version__, "pdf_backend": pdf_backend}
    if fmt == "jsonl":  # spans appear only in the nested JSON Lines determinations
        settings["spans"] = spans
    return settings


def _setting_words(settings: dict[str, Any] | None, key: str) -> str:
    """A setting as the command line writes it."""
    if settings is None:
        return "an older imrparse (no settings recorded)"
    if key == "imrparse":
        return f"imrparse {settings.get(key)}"
    if key == "spans":
        return "--spans" if settings.get(key) else "no --spans"
    return f"--pdf-backend {settings.get(key)}"


@attrs.define
class _Manifest:
    """What the manifest says of the rows already written in one format."""

    #: Absolute path -> SHA-256 of every file done.
    done: dict[str, str] = attrs.Factory(dict)
    #: The output files' sizes after the last file done (CSV and JSON Lines).
    offsets: dict[str, int] = attrs.Factory(dict)
    letters: int = 0
    items: int = 0
    letters_with_defects: int = 0
    #: The first file done with settings other than this run's: (path, setting, then).
    conflict: tuple[str, str, dict[str, Any] | None] | None = None


def _read_manifest(out: Path, fmt: str, settings: dict[str, Any]) -> _Manifest:
    """The manifest's lines of format ``fmt``, checked against this run's ``settings``."""
    manifest = _Manifest()
    path = out / MANIFEST
    if not path.exists():
        return manifest
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:  # a line cut off by a crash
                continue
            if entry.get("format") != fmt:
                continue
            manifest.done[entry["path"]] = entry["sha256"]
            manifest.offsets = entry.get("offsets") or manifest.offsets
            manifest.letters += 1
            manifest.items += entry.get("items") or 0
            manifest.letters_with_defects += bool(entry.get("defects"))
            if manifest.conflict is None:
                then = entry.get("settings")
                # The PDF backend shapes the rows of PDFs only.
                keys = [k for k in settings
                        if k != "pdf_backend" or entry["path"].lower().endswith(".pdf")]
                differ = next((k for k in keys if then is None or then.get(k) != settings[k]),
                              None)
                if differ is not None:
                    manifest.conflict = (entry["path"], differ, then)
    return manifest


def _refusal(out: Path, fmt: str, manifest: _Manifest, settings: dict[str, Any]) -> str:
    assert manifest.conflict is not None
    path, key, then = manifest.conflict
    return (f"{out} already holds {fmt} rows made with {_setting_words(then, key)} "
            f"({path} among others); this run would add rows made with "
            f"{_setting_words(settings, key)} to the same tables. Use another --out folder, "
            f"or delete {out} to parse everything again.")


def _sha256(path: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


# --------------------------------------------------------------------------- the run


@attrs.define
class BatchSummary:
    """What a run did: ``letters``, ``items`` and ``letters_with_defects`` count this
    run's rows, the ``*_before`` fields those earlier runs left in the output folder."""

    files: int = 0
    skipped: int = 0
    letters: int = 0
    items: int = 0
    letters_with_defects: int = 0
    failures: list[dict[str, Any]] = attrs.Factory(list)
    seconds: float = 0.0
    outputs: list[str] = attrs.Factory(list)
    letters_before: int = 0
    items_before: int = 0
    letters_with_defects_before: int = 0

    @property
    def exit_status(self) -> int:
        """0 when every file parsed, 1 when some failed."""
        return 1 if self.failures else 0

    def report(self) -> str:
        """The summary printed at the end of a run."""
        parsed = self.files - self.skipped - len(self.failures)
        rate = parsed / self.seconds if self.seconds > 0 else 0.0
        # The whole output: what earlier runs wrote and this one's rows.
        totals = (f"  letters: {self.letters_before + self.letters}  "
                  f"items: {self.items_before + self.items}  letters with defects: "
                  f"{self.letters_with_defects_before + self.letters_with_defects}")
        if self.letters_before:
            totals += f"  (this run added letters: {self.letters}  items: {self.items})"
        lines = [
            f"imrparse parse: {self.files} file(s): {parsed} parsed, "
            f"{self.skipped} already done (skipped), {len(self.failures)} failed "
            f"in {self.seconds:.1f} s ({rate:.1f} files/s)",
            totals,
        ]
        if self.failures:
            lines.append("  failed:")
            lines.extend(f"    {f['path']}: {f['error_type']}: {f['message']}"
                         for f in self.failures)
        lines.append(f"  output: {', '.join(self.outputs)}")
        return "\n".join(lines)


def run_batch(paths: Sequence[str], *, out: Path, fmt: str = "jsonl", jobs: int | None = None,
              pdf_backend: str = "pypdf", spans: bool = False, progress: bool | None = None
              ) -> BatchSummary:
    """Parse every letter ``paths`` name into ``out``; see the module documentation.

    :param jobs: worker processes (default: all cores; 1 parses in this process).
    :param progress: show a progress bar (default: when stderr is a terminal and tqdm is
        installed; asked for without tqdm, a warning on stderr and no bar).
    :raises _UsageError: before any file is read or ``out`` is made: a missing extra, no
        letter file found, settings other than those of the rows already in ``out``; or
        the output folder cannot be used.
    """
    if fmt not in FORMATS:
        raise _UsageError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    from imrparse.pdf import Backend  # noqa: PLC0415 (light; keeps _batch's import light)

    if pdf_backend not in set(Backend):
        raise _UsageError(f"unknown PDF backend {pdf_backend!r}; choose from "
                          f"{', '.join(Backend)}")
    start = time.perf_counter()
    files, missing = discover(paths, skip=out)
    if not files:
        raise _UsageError("no .txt or .pdf file to parse: " + "; ".join(
            f"{arg!r}: " + ("no such file, folder or matching pattern" if arg in missing
                            else "no .txt or .pdf file in it") for arg in paths))
    _check_extras(files, fmt=fmt, pdf_backend=pdf_backend)
    if progress and (note := missing_extra("progress")):
        print(f"imrparse parse: --progress: {note}; going on without it", file=sys.stderr)
        progress = False
    settings = _settings(fmt, pdf_backend, spans)
    before = _read_manifest(out, fmt, settings)
    if before.conflict is not None:
        raise _UsageError(_refusal(out, fmt, before, settings))
    out.mkdir(parents=True, exist_ok=True)
    summary = BatchSummary(files=len(files) + len(missing), letters_before=before.letters,
                           items_before=before.items,
                           letters_with_defects_before=before.letters_with_defects)
    summary.failures.extend({"path": m, "sha256": None, "error_type": "FileNotFoundError",
                             "message": "no such file, folder or matching pattern"}
                            for m in missing)
    todo = []
    # Each path resolved once: the main process, which writes every result, is the
    # bottleneck of a batch with workers.
    resolved: dict[str, str] = {}
    for path in files:
        key = resolved[path] = str(Path(path).resolve())
        if key in before.done and _sha256(path) == before.done[key]:
            summary.skipped += 1
        else:
            todo.append(path)
    sink: _Sink | None
    if fmt == "parquet":
        with contextlib.suppress(FileNotFoundError):
            for stale in out.glob("*.parquet.partial"):
                stale.unlink()
        finished = all((out / f"{n}.parquet").exists() for n in ("letters", "decisions"))
        # Nothing new: leave the Parquet files alone rather than copy them over.
        sink = None if finished and not todo else _ParquetSink(out)
    else:
        sink = _TextSink(out, fmt, before.offsets)
    pending_manifest: list[str] = []
    manifest = (out / MANIFEST).open("a", encoding="utf-8")
    try:
        for done in _results(todo, jobs=jobs, pdf_backend=pdf_backend, fmt=fmt, spans=spans,
                             progress=progress):
            if done.error is not None:
                summary.failures.append(done.error)
                continue
            assert done.letter is not None and sink is not None
            sizes = sink.write(done)
            summary.letters += 1
            summary.items += len(done.decisions)
            with_defects = bool(done.letter["n_defects"])
            summary.letters_with_defects += with_defects
            key = resolved.get(done.path) or str(Path(done.path).resolve())
            entry = json.dumps({"path": key, "sha256": done.sha256, "format": fmt,
                                "offsets": sizes or None, "settings": settings,
                                "items": len(done.decisions), "defects": with_defects})
            if fmt == "parquet":
                pending_manifest.append(entry)
            else:
                manifest.write(entry + "\n")
                manifest.flush()
        if sink is not None:
            sink.close()
        manifest.writelines(e + "\n" for e in pending_manifest)
    finally:
        manifest.close()
    with (out / ERRORS).open("w", encoding="utf-8") as errors:
        errors.writelines(json.dumps(f, ensure_ascii=False) + "\n" for f in summary.failures)
    summary.outputs = [str(out / f"{name}.{fmt}") for name in ("letters", "decisions")]
    summary.outputs.append(f"errors: {out / ERRORS}")
    summary.seconds = time.perf_counter() - start
    return summary


def _check_extras(files: Sequence[str], *, fmt: str, pdf_backend: str) -> None:
    """Name every extra the run needs and lacks, once, before any file is read.

    :raises _UsageError: with one line per missing extra.
    """
    problems = []
    pdfs = sum(f.lower().endswith(".pdf") for f in files)
    if pdfs:
        from imrparse.pdf import missing_backend  # noqa: PLC0415

        if note := missing_backend(pdf_backend):
            problems.append(f"{pdfs} PDF file(s) to read: {note}")
    if fmt == "parquet" and (note := missing_extra("parquet")):
        problems.append(f"--format parquet: {note}")
    if problems:
        raise _UsageError("\n".join(problems))


def _results(todo: list[str], *, jobs: int | None, pdf_backend: str, fmt: str, spans: bool,
             progress: bool | None) -> Iterator[_Done]:
    bar = _progress_bar(len(todo), progress)
    try:
        workers = min(jobs or os.cpu_count() or 1, max(len(todo), 1))
        if workers <= 1:
            for path in todo:
                yield _work(path, pdf_backend, fmt, spans)
                bar.update(1)
            return
        # At most a few tasks per worker in flight: results stream, memory stays flat.
        queue = iter(todo)
        # Spawned workers: forking a process that runs threads (a progress bar, a notebook
        # kernel) can deadlock, and Python 3.14 leaves fork as the default nowhere.
        context = multiprocessing.get_context("spawn")
        # A task is a few files: one message each way per file cost the workers' cores a
        # quarter of the batch's time.  Small batches keep one file a task, so that every
        # worker gets some.
        chunk = max(1, min(32, len(todo) // (workers * 8)))
        with cf.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            running: dict[cf.Future[list[_Done]], tuple[str, ...]] = {}

            def submit(n: int) -> None:
                for _ in range(n):
                    paths = tuple(itertools.islice(queue, chunk))
                    if not paths:
                        return
                    running[pool.submit(_work_many, paths, pdf_backend, fmt, spans)] = paths

            submit(workers * 4)
            while running:
                finished, _ = cf.wait(running, return_when=cf.FIRST_COMPLETED)
                for future in finished:
                    paths = running.pop(future)
                    try:
                        results = future.result()
                    except Exception as exc:  # a worker died (e.g. out of memory)
                        # Every file of its task failed with it; all are tried again
                        # on the next run (failed files are not in the manifest).
                        results = [_Done(path=path, sha256=None, error={
                            "path": path, "sha256": None, "error_type": type(exc).__name__,
                            "message": str(exc) or "worker process failed"})
                            for path in paths]
                    yield from results
                    bar.update(len(paths))
                submit(len(finished))
    finally:
        bar.close()


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(total: int, wanted: bool | None) -> Any:
    if wanted is None:
        wanted = sys.stderr.isatty()
    if not wanted:
        return _NoBar()
    try:
        from tqdm import tqdm  # noqa: PLC0415 (optional extra "progress")
    except ImportError:
        return _NoBar()
    return tqdm(total=total, unit="file", file=sys.stderr)
