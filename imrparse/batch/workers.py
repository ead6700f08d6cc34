"""The worker processes of ``imrparse parse``: every file is parsed in one, never in the
main process, under a time limit and a memory limit.

* Each worker is a spawned process that reads a few paths at a time from its pipe and sends
  back one result per file, as soon as it is done.
* Memory: the worker's address space is capped (``RLIMIT_AS``, :attr:`Limits.memory_mb`);
  a file that needs more fails with ``MemoryError`` (or kills its worker).
* Time: the main process kills a worker whose file takes longer than
  :attr:`Limits.timeout` seconds.
* A worker that dies or is killed fails only the file it was on; the other files of its
  task go to a new worker, and the batch goes on.
* Workers die with the main process (``PR_SET_PDEATHSIG`` on Linux; elsewhere they stop
  when their pipe closes) and ignore Ctrl-C, which the main process handles.
* Warnings (Python's and the PDF libraries' log messages) are kept out of the terminal
  and returned with the file's result.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import logging
import multiprocessing
import os
import signal
import sys
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

import attrs

from imrparse.batch.files import display_path
from imrparse.batch.lines import encode
from imrparse.errors import ImrParseError
from imrparse.model import Determination
from imrparse.tables import decision_rows, json_row, letter_row

__all__ = ["Limits", "ParsedFile", "parse_bytes", "parse_file", "results", "start_pool"]

#: Bytes of a file's start read to tell a PDF from text.
_HEAD = 1024
_NO_MEMORY = ("the file needs more memory than the limit of a worker process "
              "(imrparse parse --memory-limit)")
#: A worker's first message: started, the clock of its first file may start.
READY = "ready"
#: Seconds a new worker may take to start (imports), besides the file's own time.
_STARTUP = 60.0
#: How long a stopping worker gets to exit before it is killed.
_GRACE = 0.5


@attrs.frozen(kw_only=True)
class Limits:
    """The bounds of one file's parse (``--timeout``, ``--memory-limit``,
    ``--max-text-bytes``)."""

    #: Seconds one file may take.
    timeout: float = 30.0
    #: Address space of a worker process, in MiB (0: no limit).
    memory_mb: int = 1024
    #: The largest text file read (real letters are some 10-50 KB); PDFs are not capped
    #: by size, but by time and memory.
    max_text_bytes: int = 2_000_000


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
        return {"path": display_path(self.source_path), "sha256": self.source_sha256,
                "error_type": self.error_type, "message": self.message}


def parse_bytes(name: str, data: bytes, *, pdf_backend: str | None = None) -> ParsedFile:
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
    except MemoryError:
        return ParsedFile(source_path=name, source_sha256=digest, error_type="MemoryError",
                          message=_NO_MEMORY)
    except Exception as exc:  # one bad file must never stop a batch
        return ParsedFile(source_path=name, source_sha256=digest,
                          error_type=type(exc).__name__, message=str(exc))


def parse_file(path: str, *, pdf_backend: str | None = None,
               max_text_bytes: int | None = None) -> ParsedFile:
    """Read and parse one local file; a file that cannot be read, or text larger than
    ``max_text_bytes``, gives an error result."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD)
            size = os.fstat(handle.fileno()).st_size
            text = b"%PDF-" not in head and not path.lower().endswith(".pdf")
            if max_text_bytes is not None and text and size > max_text_bytes:
                return ParsedFile(
                    source_path=path, source_sha256=None, error_type="FileTooLargeError",
                    message=f"a text file of {size:,} bytes, above the limit of "
                            f"{max_text_bytes:,} (--max-text-bytes); a letter's text is "
                            "some 10-50 KB")
            data = head + handle.read()
    except OSError as exc:
        return ParsedFile(source_path=path, source_sha256=None, error_type=type(exc).__name__,
                          message=exc.strerror or str(exc))
    return parse_bytes(path, data, pdf_backend=pdf_backend)


@attrs.frozen(kw_only=True)
class Done:
    """What a worker sends back: the rows, ready to write (no Determination to pickle)."""

    path: str
    sha256: str | None
    letter: dict[str, Any] | None = None
    decisions: tuple[dict[str, Any], ...] = ()
    nested: str | None = None
    #: The lines for the letters and decisions tables, encoded in the worker (CSV and
    #: JSON Lines runs; then ``letter`` and ``decisions`` are not sent).
    lines: tuple[bytes, bytes] | None = None
    #: The file's item count and whether its letter has defects (with ``lines``).
    items: int = 0
    defects: bool = False
    error: dict[str, Any] | None = None
    #: Warnings the libraries gave while reading the file.
    warnings: tuple[str, ...] = ()


def failed(path: str, error_type: str, message: str) -> Done:
    return Done(path=path, sha256=None, error={
        "path": display_path(path), "sha256": None, "error_type": error_type,
        "message": message})


class _Caught(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(f"{record.name}: {record.getMessage()}")


def work(path: str, pdf_backend: str | None, fmt: str, spans: bool,
         max_text_bytes: int | None = None, *, lines: bool = False,
         neutralize: bool = True) -> Done:
    """Parse one file into its rows, its warnings caught (not printed).

    With ``lines`` (CSV and JSON Lines runs), the rows come encoded as the tables' lines
    (:func:`imrparse.batch.lines.encode`; ``neutralize``: CSV formulas)."""
    caught: list[str] = []
    handler = _Caught(caught)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as recorded:
            warnings.simplefilter("always")
            done = _work(path, pdf_backend, fmt, spans, max_text_bytes, lines=lines,
                         neutralize=neutralize)
        caught.extend(f"{w.category.__name__}: {w.message}" for w in recorded)
    except MemoryError:
        done = failed(path, "MemoryError", _NO_MEMORY)
    finally:
        root.removeHandler(handler)
    if not caught:
        return done
    # Duplicates (a warning per page) said once.
    said = tuple(dict.fromkeys(caught))
    if done.error is not None:
        return attrs.evolve(done, error={**done.error, "warnings": list(said)}, warnings=said)
    return attrs.evolve(done, warnings=said)


def _work(path: str, pdf_backend: str | None, fmt: str, spans: bool,
          max_text_bytes: int | None, *, lines: bool = False, neutralize: bool = True) -> Done:
    result = parse_file(path, pdf_backend=pdf_backend, max_text_bytes=max_text_bytes)
    d = result.determination
    if d is None:
        return Done(path=path, sha256=result.source_sha256, error=result.error_record())
    shown = display_path(path)
    letter = letter_row(d, source_path=shown, source_sha256=result.source_sha256)
    decisions = tuple(decision_rows(d, source_path=shown, source_sha256=result.source_sha256,
                                    letter=letter))
    nested = None
    if fmt == "jsonl":
        from imrparse.jsonio import to_dict  # noqa: PLC0415

        nested = json.dumps({**json_row(letter), "determination": to_dict(d, spans=spans)},
                            ensure_ascii=False)
    if lines:
        return Done(path=path, sha256=result.source_sha256,
                    lines=encode(fmt, letter, decisions, nested, neutralize=neutralize),
                    items=len(decisions), defects=bool(letter["n_defects"]))
    return Done(path=path, sha256=result.source_sha256, letter=letter, decisions=decisions,
                nested=nested)


# --------------------------------------------------------------------------- the worker


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _limit_memory(mb: int) -> None:
    if mb <= 0:
        return
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource  # noqa: PLC0415 (POSIX only)

        limit = mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _worker(conn: Connection, parent: int, settings: tuple[str, str, bool, bool, bool],
            limits: Limits) -> None:
    """A worker's life: paths in, one result out per file, until ``None`` or EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _die_with_parent(parent)
    _limit_memory(limits.memory_mb)
    pdf_backend, fmt, spans, lines, neutralize = settings
    import imrparse.batch.files  # noqa: F401, PLC0415 (loaded before the clock starts)

    conn.send(READY)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        for path in task:
            done = work(path, pdf_backend, fmt, spans, limits.max_text_bytes, lines=lines,
                        neutralize=neutralize)
            try:
                conn.send(done)
            except MemoryError:
                conn.send(failed(path, "MemoryError", _NO_MEMORY))


# --------------------------------------------------------------------------- the pool


@attrs.define
class _Slot:
    process: Any
    conn: Connection
    #: The paths of its task not yet answered; the first is being parsed.
    task: deque[str] = attrs.Factory(deque)
    #: When the file being parsed was started (or the worker, until it is ready).
    since: float = attrs.Factory(time.monotonic)
    #: Whether the worker has said it is ready.
    ready: bool = False

    def deadline(self, limits: Limits) -> float:
        return self.since + (limits.timeout if self.ready else _STARTUP + limits.timeout)


class Pool:
    """Worker processes, each with its pipe (see :func:`start_pool`)."""

    def __init__(self, size: int, args: tuple[Any, ...], target: Any) -> None:
        # Spawned workers: forking a process that runs threads (a progress bar, a notebook
        # kernel) can deadlock.
        self.context = multiprocessing.get_context("spawn")
        self.args = args
        self.target = target
        self.slots = [self._start() for _ in range(size)]

    def _start(self) -> _Slot:
        mine, theirs = self.context.Pipe()
        process = self.context.Process(target=self.target, args=(theirs, os.getpid(), *self.args),
                                       daemon=True)
        # Started with Ctrl-C ignored (an ignored signal stays ignored across exec, and
        # Python keeps it so): the terminal sends it to every process of the group, and a
        # worker still importing would print a traceback.  The main process handles it.
        try:
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        except ValueError:  # not the main thread: no handler of ours to lose
            previous = None
        try:
            process.start()
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
        theirs.close()
        return _Slot(process=process, conn=mine)

    def replace(self, slot: _Slot) -> _Slot:
        self._stop(slot, kill=True)
        new = self._start()
        self.slots[self.slots.index(slot)] = new
        return new

    @staticmethod
    def _stop(slot: _Slot, *, kill: bool) -> None:
        if kill:
            slot.process.kill()
        else:
            with contextlib.suppress(OSError):
                slot.conn.send(None)
        slot.process.join(_GRACE)
        if slot.process.is_alive():
            slot.process.kill()
            slot.process.join(_GRACE)
        slot.conn.close()

    def close(self, *, kill: bool) -> None:
        """Stop the workers (again: nothing more happens)."""
        for slot in self.slots:
            if not slot.conn.closed:
                self._stop(slot, kill=kill or bool(slot.task))


def _death(slot: _Slot) -> str:
    slot.process.join(_GRACE)
    code = slot.process.exitcode
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            name = signal.Signals(-code).name
            hint = " (out of memory?)" if name == "SIGKILL" else ""
            return f"the worker process reading it was killed by {name}{hint}"
    return f"the worker process reading it died (exit status {code})"


#: Longest wait on the workers before the stop request is looked at again (seconds).
STOP_POLL = 0.25


def start_pool(files: int, *, jobs: int | None, pdf_backend: str | None, fmt: str,
               spans: bool, limits: Limits | None = None, lines: bool = False,
               neutralize: bool = True, target: Any = None) -> Pool:
    """Start the workers for up to ``files`` files, to pass to :func:`results` (started
    early, their imports overlap the main process's own work); :meth:`Pool.close` them
    if they are not used."""
    size = max(1, min(jobs or os.cpu_count() or 1, files))
    return Pool(size, ((pdf_backend, fmt, spans, lines, neutralize), limits or Limits()),
                 target or _worker)


def results(todo: list[str], *, jobs: int | None, pdf_backend: str | None, fmt: str, spans: bool,
            limits: Limits | None = None, bar: Any = None, target: Any = None,
            lines: bool = False, neutralize: bool = True, pool: Pool | None = None,
            stop: Callable[[], bool] = lambda: False) -> Iterator[Done]:
    """Every file of ``todo`` parsed on worker processes, in the order they finish.

    Never raises for a file: a worker that dies or overruns :attr:`Limits.timeout` gives
    that file's error record and is replaced.  ``target`` replaces the worker's main
    function (for the tests); ``lines``: the rows come encoded (see :func:`work`);
    ``pool``: workers already started (:func:`start_pool`), used and closed.  Closing the
    iterator (or an exception in the consumer, such as ``KeyboardInterrupt``) kills the
    workers.

    :raises KeyboardInterrupt: when ``stop()`` is true (looked at between results and at
        least every :data:`STOP_POLL` seconds while waiting).
    """
    limits = limits or Limits()
    if not todo:
        if pool is not None:
            pool.close(kill=False)
        return
    if pool is None:
        pool = start_pool(len(todo), jobs=jobs, pdf_backend=pdf_backend, fmt=fmt, spans=spans,
                          limits=limits, lines=lines, neutralize=neutralize, target=target)
    size = len(pool.slots)
    # A task is a few files: one message per file to a worker cost a quarter of a batch's
    # time; results come back one by one, so that a dying worker fails only its own file.
    chunk = max(1, min(32, len(todo) // (size * 8)))
    queue = deque(todo)
    clean = False
    try:
        while queue or any(slot.task for slot in pool.slots):
            now = time.monotonic()
            for slot in pool.slots:
                if not slot.task and queue:
                    slot.task.extend(queue.popleft() for _ in range(min(chunk, len(queue))))
                    slot.conn.send(tuple(slot.task))
                    if slot.ready:
                        slot.since = now
            busy = [slot for slot in pool.slots if slot.task]
            deadline = min(slot.deadline(limits) for slot in busy)
            if stop():
                raise KeyboardInterrupt
            ready = wait([slot.conn for slot in busy],
                         timeout=min(STOP_POLL, max(0.0, deadline - now)))
            for slot in busy:
                if slot.conn not in ready:
                    continue
                try:
                    done: Done | str = slot.conn.recv()
                except (EOFError, OSError):
                    path = slot.task.popleft()
                    queue.extendleft(reversed(slot.task))
                    slot.task.clear()
                    why = _death(slot)
                    pool.replace(slot)
                    yield failed(path, "WorkerError", why)
                    _tick(bar)
                    continue
                slot.since = time.monotonic()
                if isinstance(done, str):  # READY
                    slot.ready = True
                    continue
                slot.task.popleft()
                yield done
                _tick(bar)
            now = time.monotonic()
            for slot in list(pool.slots):
                if slot.task and now > slot.deadline(limits):
                    path = slot.task.popleft()
                    queue.extendleft(reversed(slot.task))
                    slot.task.clear()
                    pool.replace(slot)
                    yield failed(path, "TimeoutError",
                                 f"took longer than {limits.timeout:g} s (--timeout); "
                                 "its worker was stopped")
                    _tick(bar)
        clean = True
    finally:
        pool.close(kill=not clean)


def _tick(bar: Any) -> None:
    if bar is not None:
        bar.update(1)


def sha256(path: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def resolved_path(path: str) -> str:
    return str(Path(path).resolve())
