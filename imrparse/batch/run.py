"""``imrparse parse``: a folder of letters (text or PDF) to analysis-ready tables.

Files are parsed on worker processes (:mod:`.workers`: a time and a memory limit per file,
nothing parsed in the main process); the rows are written by the main process as they
arrive (:mod:`.sinks`; Parquet in row-group batches), so memory does not grow with the
number of letters.  A file that fails is listed in ``errors.jsonl`` and never stops the
batch; so are folders that cannot be read and dangling links (:mod:`.discover`).  One run
at a time writes to an output folder (:mod:`.lock`).  See ``docs/batch.md`` for what
survives which fault.

Resuming: ``manifest.jsonl`` in the output folder lists every file whose rows are written
(absolute path, SHA-256, output format, and for CSV/JSON Lines the sizes of the output files
just after its rows).  A new run on the same folder skips the files listed with an unchanged
SHA-256, and

* CSV and JSON Lines: truncates the files to the sizes the manifest last recorded (dropping
  the rows of files not committed) and appends;
* Parquet: copies the existing files' row groups into new files, appends the new rows, and
  replaces the old files when the run ends, in one journaled commit with the manifest lines.

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

import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from imrparse.batch import sinks
from imrparse.batch.discover import discover, problem
from imrparse.batch.extras import missing as missing_extra
from imrparse.batch.files import display_path
from imrparse.batch.lock import FolderLocked, locked
from imrparse.batch.sinks import (
    ERRORS,
    MANIFEST,
    Manifest,
    ManifestWriter,
    ParquetSink,
    Sink,
    TextSink,
    UsageError,
    read_manifest,
    recover,
    settings_of,
    write_errors,
)
from imrparse.batch.workers import (
    Done,
    Limits,
    ParsedFile,
    Pool,
    parse_bytes,
    parse_file,
    resolved_path,
    results,
    sha256,
    start_pool,
)

__all__ = ["ERRORS", "FORMATS", "MANIFEST", "BatchSummary", "Limits", "ParsedFile", "discover",
           "parse_bytes", "parse_file", "run_batch"]

FORMATS = ("jsonl", "csv", "parquet")
#: The old name of :class:`~imrparse.batch.sinks.UsageError`, which the command line catches.
_UsageError = UsageError


def _setting_words(settings: dict[str, Any] | None, key: str) -> str:
    """A setting as the command line writes it."""
    if settings is None:
        return "an older imrparse (no settings recorded)"
    if key == "imrparse":
        return f"imrparse {settings.get(key)}"
    if key == "spans":
        return "--spans" if settings.get(key) else "no --spans"
    return f"--pdf-backend {settings.get(key)}"


def _refusal(out: Path, fmt: str, manifest: Manifest, settings: dict[str, Any]) -> str:
    assert manifest.conflict is not None
    path, key, then = manifest.conflict
    return (f"{out} already holds {fmt} rows made with {_setting_words(then, key)} "
            f"({path} among others); this run would add rows made with "
            f"{_setting_words(settings, key)} to the same tables. Use another --out folder, "
            f"or delete {out} to parse everything again.")


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
    #: Files not reached because the run was interrupted (Ctrl-C).
    not_done: int = 0
    interrupted: bool = False

    @property
    def exit_status(self) -> int:
        """0 when every file parsed, 1 when some failed, 130 when interrupted."""
        if self.interrupted:
            return 130
        return 1 if self.failures else 0

    def report(self) -> str:
        """The summary printed at the end of a run."""
        parsed = self.files - self.skipped - len(self.failures) - self.not_done
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
        if self.interrupted:
            lines.insert(1, f"  interrupted: {self.not_done} file(s) not done; the rows "
                            "written are kept, run the same command again to go on")
        if self.failures:
            lines.append("  failed:")
            lines.extend(f"    {f['path']}: {f['error_type']}: {f['message']}"
                         for f in self.failures)
        lines.append(f"  output: {', '.join(self.outputs)}")
        return "\n".join(lines)


class _CtrlC:
    """Ctrl-C noted rather than raised at once: a ``KeyboardInterrupt`` that lands in a
    finalizer (a compiled pattern's, say) is printed and dropped by Python, and the run
    would go on; the loop asks :meth:`asked` between results instead."""

    def __init__(self) -> None:
        self._asked = False
        self._previous: Any = None

    def asked(self) -> bool:
        return self._asked

    def _note(self, signum: int, frame: object) -> None:
        self._asked = True

    def install(self) -> None:
        # Only the main thread may set a handler; elsewhere the default stays.
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._note)

    def restore(self) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None


def run_batch(paths: Sequence[str], *, out: Path, fmt: str = "jsonl", jobs: int | None = None,
              pdf_backend: str | None = None, spans: bool = False, progress: bool | None = None,
              limits: Limits | None = None, csv_raw: bool = False) -> BatchSummary:
    """Parse every letter ``paths`` name into ``out``; see the module documentation.

    :param jobs: worker processes (default: all cores; each file is parsed in a worker,
        also with one job).
    :param pdf_backend: the PDF backend (default: :func:`imrparse.pdf.default_backend`).
    :param progress: show a progress bar (default: when stderr is a terminal and tqdm is
        installed; asked for without tqdm, a warning on stderr and no bar).
    :param limits: one file's time, memory and text size limits (default: :class:`Limits`).
    :param csv_raw: write CSV cells as they are, formulas included (for machine readers).
    :raises UsageError: before any file is read or ``out`` is made: a missing extra, no
        letter file found, settings other than those of the rows already in ``out``; or
        the output folder cannot be used, or another run is writing to it.

    Ctrl-C (``KeyboardInterrupt``) stops the workers, commits the rows written and
    returns a summary with ``interrupted`` set.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    from imrparse.pdf import Backend, default_backend  # noqa: PLC0415 (light; keeps the import light)

    if pdf_backend is None:
        pdf_backend = default_backend()
    if pdf_backend not in set(Backend):
        raise UsageError(f"unknown PDF backend {pdf_backend!r}; choose from "
                         f"{', '.join(Backend)}")
    start = time.perf_counter()
    problems: list[dict[str, Any]] = []
    files, missing = discover(paths, skip=out, problems=problems)
    if not files and not problems:
        raise UsageError("no .txt or .pdf file to parse: " + "; ".join(
            f"{arg!r}: " + ("no such file, folder or matching pattern" if arg in missing
                            else "no .txt or .pdf file in it") for arg in paths))
    _check_extras(files, fmt=fmt, pdf_backend=pdf_backend)
    if progress and (note := missing_extra("progress")):
        print(f"imrparse parse: --progress: {note}; going on without it", file=sys.stderr)
        progress = False
    settings = settings_of(fmt, pdf_backend, spans)
    out.mkdir(parents=True, exist_ok=True)
    try:
        with locked(out):
            return _run_locked(files, missing, problems, out=out, fmt=fmt, jobs=jobs,
                               pdf_backend=pdf_backend, spans=spans, progress=progress,
                               limits=limits or Limits(), csv_raw=csv_raw, settings=settings,
                               start=start)
    except FolderLocked as exc:
        raise UsageError(str(exc)) from None


def _run_locked(files: list[str], missing: list[str], problems: list[dict[str, Any]], *,
                out: Path, fmt: str, jobs: int | None, pdf_backend: str, spans: bool,
                progress: bool | None, limits: Limits, csv_raw: bool,
                settings: dict[str, Any], start: float) -> BatchSummary:
    # The workers start first: their imports (about half a second each) overlap the
    # recovery, the manifest and the SHA-256 checks of files already done.
    pool = start_pool(len(files), jobs=jobs, pdf_backend=pdf_backend, fmt=fmt, spans=spans,
                      limits=limits, lines=fmt != "parquet", neutralize=not csv_raw)
    try:
        return _run_pooled(files, missing, problems, pool, out=out, fmt=fmt, jobs=jobs,
                           pdf_backend=pdf_backend, spans=spans, progress=progress,
                           limits=limits, csv_raw=csv_raw, settings=settings, start=start)
    finally:
        pool.close(kill=True)


def _run_pooled(files: list[str], missing: list[str], problems: list[dict[str, Any]],
                pool: Pool, *, out: Path, fmt: str, jobs: int | None, pdf_backend: str,
                spans: bool, progress: bool | None, limits: Limits, csv_raw: bool,
                settings: dict[str, Any], start: float) -> BatchSummary:
    recover(out)
    before = read_manifest(out, fmt, settings)
    if before.conflict is not None:
        raise UsageError(_refusal(out, fmt, before, settings))
    summary = BatchSummary(files=len(files) + len(missing) + len(problems),
                           letters_before=before.letters, items_before=before.items,
                           letters_with_defects_before=before.letters_with_defects)
    summary.failures.extend(problem(m, "FileNotFoundError",
                                    "no such file, folder or matching pattern")
                            for m in missing)
    summary.failures.extend(problems)
    todo = []
    # Each path resolved once: the main process, which writes every result, is the
    # bottleneck of a batch with workers.
    resolved: dict[str, str] = {}
    for path in files:
        key = resolved[path] = resolved_path(path)
        if key in before.done and sha256(path) == before.done[key]:
            summary.skipped += 1
        else:
            todo.append(path)
    sink: Sink | None
    if fmt == "parquet":
        finished = all((out / f"{n}.parquet").exists() for n in ("letters", "decisions"))
        # Nothing new: leave the Parquet files alone rather than copy them over.
        sink = None if finished and not todo else ParquetSink(out)
    else:
        sink = TextSink(out, fmt, before.offsets, csv_raw=csv_raw)
    manifest = ManifestWriter(out)
    bar = _progress_bar(len(todo), progress)
    ctrl_c = _CtrlC()
    stream = results(todo, jobs=jobs, pdf_backend=pdf_backend, fmt=fmt, spans=spans,
                     limits=limits, bar=bar, pool=pool, stop=ctrl_c.asked)
    handled = 0
    try:
        try:
            ctrl_c.install()
            last_commit = time.monotonic()
            for done in stream:
                handled += 1
                _take(done, sink, manifest, summary, resolved=resolved, fmt=fmt, settings=settings)
                if (fmt != "parquet" and sink is not None
                        and time.monotonic() - last_commit >= sinks.COMMIT_SECONDS):
                    manifest.commit(sink)
                    last_commit = time.monotonic()
        except KeyboardInterrupt:
            summary.interrupted = True
            summary.not_done = len(todo) - handled
        finally:
            ctrl_c.restore()
            _close(stream)
            bar.close()
        if isinstance(sink, ParquetSink):
            sink.commit(manifest)
        elif sink is not None:
            manifest.commit(sink)
    finally:
        manifest.close()
        if sink is not None:
            sink.close()
    write_errors(out, summary.failures)
    summary.outputs = [display_path(str(out / f"{name}.{fmt}"))
                       for name in ("letters", "decisions")]
    summary.outputs.append(f"errors: {display_path(str(out / ERRORS))}")
    summary.seconds = time.perf_counter() - start
    return summary


def _close(stream: Iterator[Done]) -> None:
    close = getattr(stream, "close", None)
    if close is not None:
        close()


def _take(done: Done, sink: Sink | None, manifest: ManifestWriter, summary: BatchSummary, *,
          resolved: dict[str, str], fmt: str, settings: dict[str, Any]) -> None:
    """Write one file's rows (or record its failure) and queue its manifest line."""
    if done.error is not None:
        summary.failures.append(done.error)
        return
    assert sink is not None
    if done.lines is not None and isinstance(sink, TextSink):
        sizes = sink.write_lines(done.lines)
        items, with_defects = done.items, done.defects
    else:
        assert done.letter is not None
        sizes = sink.write(done)
        items, with_defects = len(done.decisions), bool(done.letter["n_defects"])
    summary.letters += 1
    summary.items += items
    summary.letters_with_defects += with_defects
    entry: dict[str, Any] = {
        "path": resolved.get(done.path) or resolved_path(done.path), "sha256": done.sha256,
        "format": fmt, "offsets": sizes or None, "settings": settings,
        "items": items, "defects": with_defects}
    if done.warnings:
        entry["warnings"] = list(done.warnings)
    manifest.add(entry)


def _check_extras(files: Sequence[str], *, fmt: str, pdf_backend: str) -> None:
    """Name every extra the run needs and lacks, once, before any file is read.

    :raises UsageError: with one line per missing extra.
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
        raise UsageError("\n".join(problems))


def _results(todo: list[str], *, jobs: int | None, pdf_backend: str | None, fmt: str, spans: bool,
             progress: bool | None, limits: Limits | None = None) -> Iterator[Done]:
    """Every file of ``todo`` parsed on workers (for ``imrparse stats``), with a bar."""
    bar = _progress_bar(len(todo), progress)
    try:
        yield from results(todo, jobs=jobs, pdf_backend=pdf_backend, fmt=fmt, spans=spans,
                           limits=limits, bar=bar)
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
