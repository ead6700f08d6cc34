"""The report writer: letters in, a static site out, one letter at a time.

Each letter's page is written as soon as the next letter is known (its "next" link); the
index table's rows go to ``data/rows-NNNNN.js`` files of :data:`CHUNK_ROWS` rows; the rows
the figures need are spooled to a temporary file and read back by
:func:`imrparse.stats.compute`.  Memory therefore stays flat in the number of letters.
"""

from __future__ import annotations

import collections
import concurrent.futures as cf
import itertools
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, overload

import attrs
import regex

from imrparse import __version__
from imrparse.report._index import GROUPINGS, TABLE_COLUMNS, filter_link, index_page
from imrparse.report._inputs import Task, read, tasks
from imrparse.report._letter import GENERATOR, letter_section, page, static
from imrparse.report._marks import escape
from imrparse.stats import compute
from imrparse.tables import decision_rows, json_row, letter_row

__all__ = ["CHUNK_ROWS", "ReportSummary", "write_html"]

#: Rows of the index table per ``data/`` file: the first page shows after one file.
CHUNK_ROWS = 5_000
#: Letters a worker process renders per task.
TASKS_PER_BATCH = 16
#: Letter pages per folder of ``letters/``.
PAGES_PER_FOLDER = 1_000
#: The static files copied into ``assets/``.
ASSETS = ("marks.css", "report.css", "index.js", "letter.js")
#: Free text the figures never read: left out of the spooled rows.
_FREE_TEXT = ("request", "disputed_request", "ca_guideline_text", "maximus_guideline_text",
              "rationale_text", "source_path", "source_sha256")
_UNSAFE_NAME = regex.compile(r"[^A-Za-z0-9-]+")


@attrs.define
class ReportSummary:
    """What :func:`write_html` wrote."""

    index: Path
    letters: int = 0
    decisions: int = 0
    #: Letters whose values are marked in their text (the others show the model only).
    marked: int = 0
    failures: list[tuple[str, str]] = attrs.Factory(list)
    seconds: float = 0.0

    @property
    def exit_status(self) -> int:
        """0 when every letter was read, 1 when some failed."""
        return 1 if self.failures else 0

    def report(self) -> str:
        """The summary printed at the end of ``imrparse report``."""
        rate = self.letters / self.seconds if self.seconds > 0 else 0.0
        lines = [f"imrparse report: {self.letters} letter(s), {self.decisions} decision(s), "
                 f"{len(self.failures)} failed, in {self.seconds:.1f} s ({rate:.0f} letters/s)",
                 f"  values marked in {self.marked} letter(s); the others show the model only"]
        lines.extend(f"  failed: {path}: {error}" for path, error in self.failures[:20])
        if len(self.failures) > 20:
            lines.append(f"  ... and {len(self.failures) - 20} more (listed in the index)")
        lines.append(f"  open: {self.index.resolve().as_uri()}")
        return "\n".join(lines)


def write_html(paths: Sequence[str | Path], out: str | Path, *, jobs: int | None = 1,
               pdf_backend: str | None = None, chunk_rows: int = CHUNK_ROWS) -> ReportSummary:
    """Write the HTML report of the letters ``paths`` name into the folder ``out``.

    :param paths: letters (``.txt``/``.pdf`` files, folders, glob patterns), ``imrparse
        parse`` output folders or their ``letters.jsonl`` files.
    :param out: the report's folder; created, or written over if an earlier report is
        there.  Open ``out/index.html`` in a browser.
    :param jobs: worker processes that read the letters and make their pages (``None``:
        all cores; 1, the default, works in this process).
    :param pdf_backend: how PDFs are read (as ``imrparse parse --pdf-backend``).
    :raises ValueError: ``out`` holds other files than a report, or a folder of
        ``paths`` holds CSV or Parquet output only.
    :raises OSError: the report cannot be written.
    """
    start = time.perf_counter()
    folder = Path(out)
    names = [str(p) for p in paths]
    todo = tasks(names)  # checks the paths before anything is written
    _prepare(folder)
    summary = ReportSummary(index=folder / "index.html")
    seen: dict[str, set[str]] = {g.column: set() for g in GROUPINGS}
    with tempfile.TemporaryDirectory(prefix="imrparse-report-") as tmp, \
            _Spool(Path(tmp) / "letters.jsonl") as letters, \
            _Spool(Path(tmp) / "decisions.jsonl") as decisions, \
            _Chunks(folder / "data", chunk_rows) as table:
        pages = _Pages(folder)
        for done in _rendered(todo, pdf_backend=pdf_backend, jobs=jobs):
            if done.letter is None:
                summary.failures.append((done.path, done.error or "not read"))
                continue
            name = pages.name(summary.letters, done.case_number)
            letters.append(_slim(done.letter))
            for item in done.decisions:
                decisions.append(_slim(item))
                for column, values in seen.items():
                    value = item.get(column)
                    values.update(value if isinstance(value, list) else [value] if value
                                  else [])
            for row in done.decisions or ({},):
                table.append(_table_row({**done.letter, **row}, name))
            pages.add(name, done.case_number, done.body)
            summary.letters += 1
            summary.decisions += len(done.decisions)
            summary.marked += done.marked
        pages.close()
        figures = compute(letters, decisions, failed_files=len(summary.failures))
        table.close()
    index = index_page(figures=figures, seen=seen, failures=summary.failures, inputs=names,
                       version=__version__)
    (folder / "index.html").write_text(index, encoding="utf-8")
    summary.seconds = time.perf_counter() - start
    return summary


def _prepare(folder: Path) -> None:
    """Make ``folder`` ready: new, empty, or an earlier report (whose files go).  Its index
    says that a report is being written until the real one replaces it, so that a report
    cut off midway is known as one."""
    index = folder / "index.html"
    if folder.exists() and any(folder.iterdir()):
        mine = index.is_file() and GENERATOR in index.read_text("utf-8", errors="replace")
        if not mine:
            raise ValueError(f"{folder} holds other files than an imrparse report; "
                             "choose a new or empty folder")
        for sub in ("letters", "data", "assets"):
            if (folder / sub).exists():
                shutil.rmtree(folder / sub)
    folder.mkdir(parents=True, exist_ok=True)
    index.write_text(page(title="imrparse report", root="", body=(
        "<main><h1>imrparse report</h1><p>This report is being written, or its writing "
        "was cut off: run <code>imrparse report</code> again.</p></main>")), encoding="utf-8")
    (folder / "assets").mkdir()
    (folder / "data").mkdir()
    (folder / "letters").mkdir()
    for name in ASSETS:
        (folder / "assets" / name).write_text(static(name), encoding="utf-8")


@attrs.frozen(kw_only=True)
class _Rendered:
    """One letter made ready to write (in a worker process): its page's content and its
    rows; or the error that stopped it."""

    path: str
    error: str | None = None
    case_number: str | None = None
    body: str = ""
    letter: dict[str, Any] | None = None
    decisions: tuple[dict[str, Any], ...] = ()
    marked: bool = False


def _render(task: Task, pdf_backend: str | None) -> _Rendered:
    source = read(task, pdf_backend=pdf_backend)
    d = source.determination
    if d is None:
        return _Rendered(path=source.path, error=source.error)
    where = {"source_path": source.path, "source_sha256": source.sha256}
    return _Rendered(path=source.path, case_number=d.case_number,
                     body=letter_section(d, marked=source.marked, source=source.path,
                                         note=source.note),
                     letter=(letter := letter_row(d, **where)),
                     decisions=tuple(decision_rows(d, source_path=source.path,
                                                   source_sha256=source.sha256, letter=letter)),
                     marked=source.marked)


def _render_many(batch: tuple[Task, ...], pdf_backend: str | None) -> list[_Rendered]:
    """:func:`_render` for a few tasks: one message each way for all of them."""
    return [_render(task, pdf_backend) for task in batch]


def _rendered(todo: Iterator[Task], *, pdf_backend: str | None, jobs: int | None
              ) -> Iterator[_Rendered]:
    """The tasks rendered, in order; on ``jobs`` worker processes (default: all cores),
    with a few batches in flight so that memory stays flat."""
    workers = jobs or os.cpu_count() or 1
    if workers <= 1:
        for task in todo:
            yield _render(task, pdf_backend)
        return
    # Spawned workers, as imrparse parse: forking a process that runs threads can deadlock.
    context = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        running: collections.deque[cf.Future[list[_Rendered]]] = collections.deque()
        while batch := tuple(itertools.islice(todo, TASKS_PER_BATCH)):
            running.append(pool.submit(_render_many, batch, pdf_backend))
            if len(running) >= workers * 4:
                yield from running.popleft().result()
        while running:
            yield from running.popleft().result()


def _slim(row: dict[str, Any]) -> dict[str, Any]:
    return json_row({k: v for k, v in row.items() if k not in _FREE_TEXT})


def _table_row(row: dict[str, Any], page_name: str) -> list[Any]:
    """A row of the index table, its values in the order of :data:`TABLE_COLUMNS`."""
    item = row.get("item_number")
    derived = {"page": page_name + (f"#item-{item}" if item else ""),
               "decision": "yes" if item else "no",
               "has_defects": "yes" if row.get("n_defects") else "no"}
    values: list[Any] = []
    for column in TABLE_COLUMNS:
        value = derived[column.key] if column.key in derived else row.get(column.key)
        if column.kind == "list":
            values.append([str(v) for v in value or ()])
        elif column.kind == "number":
            values.append(value if isinstance(value, int) else "")
        else:
            values.append("" if value is None else str(value))
    return values


def js_value(value: object) -> str:
    """``value`` as a JavaScript literal that is safe anywhere (JSON, ASCII, no ``<``)."""
    return json.dumps(value, separators=(",", ":")).replace("<", "\\u003c")


class _Pages:
    """Writes the letter pages, each once the next is known (for its "next" link)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pending: tuple[str, str | None, str, str | None] | None = None
        self.previous: str | None = None

    @staticmethod
    def name(number: int, case_number: str | None) -> str:
        """The page of the ``number``-th letter, relative to the report's folder."""
        slug = _UNSAFE_NAME.sub("_", case_number or "no-case-number")[:40]
        return f"letters/{number // PAGES_PER_FOLDER:04d}/{number:06d}-{slug}.html"

    def add(self, name: str, case_number: str | None, body: str) -> None:
        self._flush(name)
        self.pending = (name, case_number, body, self.previous)
        self.previous = name

    def close(self) -> None:
        self._flush(None)

    def _flush(self, following: str | None) -> None:
        if self.pending is None:
            return
        name, case_number, body, previous = self.pending
        root = "../../"
        title = f"Case {case_number}" if case_number else "A letter without a case number"
        rows = f"{root}index.html" + (filter_link({"case_number": [case_number]})
                                      if case_number else "")
        links = [f'<a href="{root}index.html">index</a>',
                 f'<a href="{escape(rows)}">this letter in the table</a>']
        links += [f'<a rel="prev" href="{root}{previous}">previous letter</a>'] \
            if previous else []
        links += [f'<a rel="next" href="{root}{following}">next letter</a>'] if following else []
        header = (f'<header class="top"><nav>{" · ".join(links)}</nav>'
                  f"<h1>{escape(title)}</h1></header><main>{body}</main>")
        path = self.folder / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(page(title=title, body=header, root=root,
                             scripts=("assets/letter.js",)), encoding="utf-8")
        self.pending = None


class _Chunks:
    """The index table's rows, :data:`CHUNK_ROWS` a file: ``imrReport.rows(n, [...])``;
    ``data/meta.js`` says how many files and rows there are."""

    def __init__(self, folder: Path, size: int) -> None:
        self.folder = folder
        self.size = max(1, size)
        self.rows: list[list[Any]] = []
        self.files = 0
        self.total = 0

    def __enter__(self) -> _Chunks:
        return self

    def __exit__(self, *exc: object) -> None:
        self.rows.clear()

    def append(self, row: list[Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.size:
            self._write()

    def _write(self) -> None:
        if not self.rows:
            return
        rows = ",\n".join(js_value(r) for r in self.rows)
        (self.folder / f"rows-{self.files:05d}.js").write_text(
            f"imrReport.rows({self.files}, [\n{rows}\n]);\n", encoding="utf-8")
        self.files += 1
        self.total += len(self.rows)
        self.rows.clear()

    def close(self) -> None:
        self._write()
        meta = {"files": self.files, "rows": self.total,
                "columns": [{"key": c.key, "heading": c.heading, "kind": c.kind}
                            for c in TABLE_COLUMNS]}
        (self.folder / "meta.js").write_text(f"window.imrReportMeta = {js_value(meta)};\n",
                                             encoding="utf-8")


class _Spool(Sequence[dict[str, Any]]):
    """Rows kept in a file, read back one at a time by each pass over them; the figures
    make a few passes, and none needs a row by position."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: IO[str] = path.open("w", encoding="utf-8")
        self.length = 0

    def __enter__(self) -> _Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def append(self, row: dict[str, Any]) -> None:
        self.handle.write(json.dumps(row, separators=(",", ":")) + "\n")
        self.length += 1

    def __len__(self) -> int:
        return self.length

    def __iter__(self) -> Iterator[dict[str, Any]]:
        self.handle.flush()
        with self.path.open(encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | Sequence[dict[str, Any]]:
        rows = list(self)  # by position only for completeness: a full read
        return rows[index]
