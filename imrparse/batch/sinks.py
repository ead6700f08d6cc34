"""The tables and the manifest of ``imrparse parse``, committed so that a kill or a power
loss at any moment leaves every input exactly once after the next run.

* CSV and JSON Lines: rows are appended as they come.  At a commit (every
  :data:`COMMIT_SECONDS`, and at the end) the tables are fsynced, then the manifest lines of
  the files whose rows they hold are appended and fsynced.  A manifest line records the
  tables' sizes after its file's rows, so a new run truncates the tables to the sizes of the
  last committed line: rows written after it, whose files are not in the manifest, go, and
  those files are parsed again.  A manifest line cut off by a crash is dropped.
* Parquet: the tables (old rows copied, new rows appended) are written to ``*.partial``
  files and fsynced; then a journal, ``commit.json``, records the renames to do and the
  manifest lines to add (and the manifest's size before them), written to a partial file,
  fsynced and renamed into place: that rename is the commit.  The renames and the manifest
  lines follow, and the journal goes last.  A new run finding a journal finishes its work
  (each step can be done twice); without one, it deletes the ``*.partial`` files.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
from pathlib import Path
from typing import IO, Any, Protocol

import attrs

from imrparse import __version__
from imrparse.batch import lines
from imrparse.batch.workers import Done
from imrparse.tables import (
    CSV_ENCODING,
    DECISION_COLUMNS,
    LETTER_COLUMNS,
    SCHEMA_FILE,
    arrow_schema,
    schema_document,
)

__all__ = ["COMMIT_SECONDS", "ERRORS", "JOURNAL", "MANIFEST", "ROW_GROUP", "Manifest",
           "ManifestWriter", "ParquetSink", "Sink", "TextSink", "UsageError", "read_manifest",
           "recover", "settings_of", "step", "write_errors"]

MANIFEST = "manifest.jsonl"
ERRORS = "errors.jsonl"
JOURNAL = "commit.json"
#: Rows buffered per Parquet row group.
ROW_GROUP = 5_000
#: Seconds between commits of CSV and JSON Lines rows (a kill redoes at most these).
COMMIT_SECONDS = 1.0

#: For the crash tests: ``(step name, occurrence)`` at which :func:`step` ends the process
#: at once, as a kill would.
CRASH_AT: tuple[str, int] | None = None
_steps: dict[str, int] = {}


def step(name: str) -> None:
    """A step of a commit is done (the crash tests end the process here)."""
    if CRASH_AT is None:
        return
    _steps[name] = _steps.get(name, 0) + 1
    if (name, _steps[name]) == CRASH_AT:
        os._exit(86)


class UsageError(Exception):
    """A problem with the command line or the output folder (exit status 2)."""


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform opens folders
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_durably(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as a whole or not at all (partial file, fsync, rename)."""
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8", errors="backslashreplace") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(path)
    _fsync_dir(path.parent)


def write_errors(out: Path, failures: list[dict[str, Any]]) -> None:
    """``errors.jsonl``: the files of this run that failed, replaced as a whole."""
    _write_durably(out / ERRORS, "".join(json.dumps(f, ensure_ascii=False) + "\n"
                                         for f in failures))


# --------------------------------------------------------------------------- schema


def write_schema(out: Path) -> None:
    """Write the data dictionary (``schema.json``) beside the tables, after checking that
    the tables already there have the same columns.

    :raises UsageError: the folder holds tables of other columns.
    """
    path = out / SCHEMA_FILE
    document = schema_document()
    if path.exists():
        try:
            old = json.loads(path.read_text("utf-8"))["tables"]
        except (ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"{path} is not the schema imrparse writes ({exc}); "
                             "use a new --out folder") from None
        if _column_types(old) != _column_types(document["tables"]):
            raise UsageError(f"{out} holds tables with other columns than this imrparse "
                             f"writes (see {path}); use a new --out folder")
    _write_durably(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _column_types(tables: Any) -> Any:
    return {name: [(c.get("name"), c.get("type")) for c in table.get("columns", ())]
            for name, table in tables.items()}


# --------------------------------------------------------------------------- manifest


def settings_of(fmt: str, pdf_backend: str, spans: bool) -> dict[str, Any]:
    """What shapes a run's rows besides the letters: recorded with each file done."""
    settings: dict[str, Any] = {"imrparse": __version__, "pdf_backend": pdf_backend}
    if fmt == "jsonl":  # spans appear only in the nested JSON Lines determinations
        settings["spans"] = spans
    return settings


@attrs.define
class Manifest:
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


def read_manifest(out: Path, fmt: str, settings: dict[str, Any]) -> Manifest:
    """The manifest's lines of format ``fmt``, checked against this run's ``settings``."""
    manifest = Manifest()
    path = out / MANIFEST
    if not path.exists():
        return manifest
    with path.open(encoding="utf-8", errors="surrogateescape") as handle:
        for line in handle:
            if not line.endswith("\n"):  # a line cut off by a crash
                break
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
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


def _complete_size(path: Path) -> int:
    """The size of ``path`` up to its last newline (0 if missing)."""
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            pos = size
            while pos > 0:
                start = max(0, pos - 4096)
                handle.seek(start)
                block = handle.read(pos - start)
                cut = block.rfind(b"\n")
                if cut >= 0:
                    return start + cut + 1
                pos = start
            return 0
    except FileNotFoundError:
        return 0


class ManifestWriter:
    """Appends manifest lines; a line cut off by an earlier crash is cut away first."""

    def __init__(self, out: Path) -> None:
        self.path = out / MANIFEST
        keep = _complete_size(self.path)
        if self.path.exists() and self.path.stat().st_size > keep:
            with self.path.open("r+b") as raw:
                raw.truncate(keep)
        self.handle = self.path.open("a", encoding="utf-8")
        self.pending: list[str] = []

    def add(self, entry: dict[str, Any]) -> None:
        self.pending.append(json.dumps(entry) + "\n")

    def commit(self, sink: Sink) -> None:
        """Make the rows written so far, and then their manifest lines, durable."""
        step("rows-written")
        sink.sync()
        step("tables-synced")
        if not self.pending:
            return
        self.handle.writelines(self.pending)
        self.handle.flush()
        self.pending.clear()
        step("manifest-written")
        os.fsync(self.handle.fileno())
        step("manifest-synced")

    def close(self) -> None:
        self.handle.close()


# --------------------------------------------------------------------------- tables


class Sink(Protocol):
    def write(self, done: Done) -> dict[str, int]: ...
    def sync(self) -> None: ...
    def close(self) -> None: ...


class TextSink:
    """CSV or JSON Lines: append each file's lines (encoded by the worker, see
    :mod:`.lines`), report the file sizes after them.

    CSV is written UTF-8 with a byte-order mark (:data:`~imrparse.tables.CSV_ENCODING`), so
    that spreadsheets read it as UTF-8; cells a spreadsheet would run as formulas are
    neutralized unless ``csv_raw`` (see :func:`~imrparse.tables.csv_row`).  The tables are
    flushed at a commit (:meth:`sync`), before the manifest lines that name their sizes."""

    def __init__(self, out: Path, fmt: str, offsets: dict[str, int] | None, *,
                 csv_raw: bool = False) -> None:
        write_schema(out)
        self.fmt = fmt
        self.neutralize = not csv_raw
        self.names = (f"letters.{fmt}", f"decisions.{fmt}")
        self.handles: list[IO[bytes]] = []
        self.sizes: list[int] = []
        for name, columns in zip(self.names, (LETTER_COLUMNS, DECISION_COLUMNS), strict=True):
            path = out / name
            keep = (offsets or {}).get(name, 0)
            if path.exists() and path.stat().st_size > keep:
                with path.open("r+b") as raw:
                    raw.truncate(keep)
            header = [c.name for c in columns]
            if fmt == "csv" and keep and path.exists():
                with path.open(encoding=CSV_ENCODING, newline="") as old:
                    if next(csv.reader(old), None) != header:
                        self.close()
                        raise UsageError(f"{path} has other columns than this imrparse "
                                         "writes; use a new --out folder")
            handle = path.open("ab", buffering=1 << 16)
            self.handles.append(handle)
            size = handle.tell()
            if size == 0:
                first = lines.header(fmt, header)
                handle.write(first)
                size = len(first)
            self.sizes.append(size)

    def write(self, done: Done) -> dict[str, int]:
        """Append a file's rows given as dicts (encoded here)."""
        assert done.letter is not None
        return self.write_lines(lines.encode(self.fmt, done.letter, done.decisions,
                                             done.nested, neutralize=self.neutralize))

    def write_lines(self, encoded: tuple[bytes, bytes]) -> dict[str, int]:
        """Append a file's encoded lines; the tables' sizes after them."""
        letters, decisions = encoded
        self.handles[0].write(letters)
        self.handles[1].write(decisions)
        self.sizes[0] += len(letters)
        self.sizes[1] += len(decisions)
        return dict(zip(self.names, self.sizes, strict=True))

    def sync(self) -> None:
        for handle in self.handles:
            handle.flush()
            os.fsync(handle.fileno())

    def close(self) -> None:
        for handle in self.handles:
            handle.close()


class ParquetSink:
    """Parquet: row groups of :data:`ROW_GROUP` rows into ``*.parquet.partial`` files that
    replace the old files (whose rows are copied first) at :meth:`commit`."""

    def __init__(self, out: Path) -> None:
        import pyarrow.parquet as pq  # noqa: PLC0415

        write_schema(out)
        self.out = out
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
                    raise UsageError(f"{final} has other columns than this imrparse "
                                     "writes; use a new --out folder")
                for batch in old.iter_batches(batch_size=ROW_GROUP):
                    writer.write_batch(batch)
            self.parts.append((final, partial, schema, writer, []))

    def write(self, done: Done) -> dict[str, int]:
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

    def sync(self) -> None:
        """Parquet rows are committed once, at the end (:meth:`commit`)."""

    def close(self) -> None:
        for part in self.parts:
            part[3].close()

    def commit(self, manifest: ManifestWriter) -> None:
        """Close the tables and commit them with ``manifest``'s pending lines (see the
        module documentation)."""
        for part in self.parts:
            self._flush(part)
            part[3].close()
        for _, partial, *_ in self.parts:
            with partial.open("rb") as handle:
                os.fsync(handle.fileno())
        step("tables-written")
        manifest.handle.flush()
        journal = {"renames": [[p.name, f.name] for f, p, *_ in self.parts],
                   "manifest_size": manifest.handle.tell(), "manifest": manifest.pending}
        _write_durably(self.out / JOURNAL, json.dumps(journal) + "\n")
        step("journal-written")
        manifest.close()
        manifest.pending = []
        recover(self.out)


def recover(out: Path) -> None:
    """Finish the commit a journal records, then delete it; without a journal, delete
    the ``*.partial`` files an interrupted run left."""
    path = out / JOURNAL
    try:
        journal = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        journal = None
    except ValueError:  # written partially: never renamed into place, so never committed
        journal = None
    if journal is not None:
        for partial, final in journal["renames"]:
            if (out / partial).exists():
                (out / partial).replace(out / final)
                step(f"renamed-{final}")
        _fsync_dir(out)
        with (out / MANIFEST).open("a+b") as handle:
            handle.truncate(journal["manifest_size"])
            handle.seek(0, os.SEEK_END)
            handle.write("".join(journal["manifest"]).encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        step("manifest-written")
        path.unlink()
        _fsync_dir(out)
        step("journal-removed")
    for stale in out.glob("*.partial"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()
