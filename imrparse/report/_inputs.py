"""What a report reads: letters (``.txt``/``.pdf`` files, folders, globs) or the JSON Lines
output of ``imrparse parse`` (an output folder, or its ``letters.jsonl``).

Each letter becomes a :class:`Source`, one at a time, so that the report streams.  For a
run's output the model is the one the run wrote; the letter's text is read again from the
record's ``source_path`` so that the values can be marked, when the file is still there,
unchanged, and gives the text the spans were taken from.  A run written without
``--spans`` has no positions: the letter is parsed again and its values are marked only if
this imrparse reads it exactly as the run did.  Otherwise the page shows the run's model
with a note saying why the text is missing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs

from imrparse.batch.run import ERRORS, MANIFEST, discover, parse_file
from imrparse.errors import ImrParseError
from imrparse.jsonio import from_dict
from imrparse.model import Determination
from imrparse.structure.build import parse
from imrparse.text.caches import cached

__all__ = ["Source", "Task", "read", "tasks"]

#: The file of an ``imrparse parse`` output folder that holds the nested determinations.
LETTERS_JSONL = "letters.jsonl"


@attrs.frozen(kw_only=True)
class Source:
    """One letter of a report: its model, or the error that stopped it."""

    path: str
    sha256: str | None
    determination: Determination | None = None
    #: The text is the one the model's spans point into: values can be marked.
    marked: bool = False
    #: Why the text is not shown, or anything else the reader should know.
    note: str | None = None
    #: For a letter that failed: ``"ErrorType: message"``.
    error: str | None = None


@attrs.frozen(kw_only=True)
class Task:
    """One letter to read: a letter file, a line of a run's ``letters.jsonl``, or a
    failure known in advance (a path naming nothing, a line of the run's ``errors.jsonl``).
    Cheap to make and to send to a worker process; :func:`read` does the work."""

    path: str
    #: For a run: the line of ``letters.jsonl`` and where it is (``file:number``).
    line: str | None = None
    where: str | None = None
    sha256: str | None = None
    error: str | None = None


def tasks(paths: Sequence[str]) -> Iterator[Task]:
    """The letters ``paths`` name, in order: output folders and ``.jsonl`` files first as
    given (each run's letters, then its failures), then the letter files (sorted, as
    ``imrparse parse`` finds them, after the paths that name nothing).  The paths are
    checked at once; the letters are found as the iterator is read.

    :raises ValueError: a folder holds only the CSV or Parquet output of ``imrparse parse``
        (no determinations to show).
    """
    runs: list[Path] = []
    letters: list[str] = []
    for arg in paths:
        path = Path(arg)
        if path.is_dir() and (path / LETTERS_JSONL).is_file():
            runs.append(path / LETTERS_JSONL)
        elif path.is_file() and path.suffix == ".jsonl":
            runs.append(path)
        elif path.is_dir() and any((path / f"letters.{fmt}").exists()
                                   for fmt in ("csv", "parquet")):
            raise ValueError(f"{arg}: this 'imrparse parse' output has no {LETTERS_JSONL}; "
                             "the report needs the nested determinations (run 'imrparse "
                             "parse --format jsonl --spans') or the letters themselves")
        else:
            letters.append(arg)
    return _tasks(runs, letters)


def _tasks(runs: list[Path], letters: list[str]) -> Iterator[Task]:
    for run in runs:
        yield from _run_tasks(run)
    if letters:
        files, missing = discover(letters)
        for name in missing:
            yield Task(path=name,
                       error="FileNotFoundError: no such file, folder or matching pattern")
        yield from (Task(path=name) for name in files)


def read(task: Task, *, pdf_backend: str | None = None) -> Source:
    """The :class:`Source` of a task: the letter parsed, or the run's model with its text.

    Never raises for bad input: a letter that cannot be read or parsed is a
    :class:`Source` with ``error``.
    """
    if task.error is not None:
        return Source(path=task.path, sha256=task.sha256, error=task.error)
    if task.line is not None:
        return _record_source(task.line, task.where or task.path, _finder(task.path),
                              pdf_backend)
    result = parse_file(task.path, pdf_backend=pdf_backend)
    d = result.determination
    return Source(path=task.path, sha256=result.source_sha256, determination=d,
                  marked=d is not None,
                  error=None if d is not None else f"{result.error_type}: {result.message}")


def _run_tasks(jsonl: Path) -> Iterator[Task]:
    """The letters of one ``letters.jsonl``, then the failures its ``errors.jsonl`` lists."""
    with jsonl.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield Task(path=str(jsonl), line=line, where=f"{jsonl}:{number}")
    errors = jsonl.parent / ERRORS
    if errors.is_file():
        with errors.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                try:
                    failure = json.loads(line)
                    yield Task(path=str(failure["path"]), sha256=failure.get("sha256"),
                               error=f"{failure.get('error_type')}: {failure.get('message')}")
                except (json.JSONDecodeError, KeyError, TypeError):
                    if line.strip():
                        yield Task(path=f"{errors}:{number}",
                                   error="ValueError: not a line of errors.jsonl")


@cached(maxsize=16)
def _finder(jsonl: str) -> _Finder:
    """One finder per run and process (its manifest is read at most once)."""
    return _Finder(Path(jsonl).parent)


def _record_source(line: str, where: str, finder: _Finder, pdf_backend: str | None) -> Source:
    """One line of ``letters.jsonl`` as a :class:`Source` (an error one if it is not a
    line ``imrparse parse`` writes)."""
    try:
        record = json.loads(line)
        stored = from_dict(record["determination"])
        path, sha256 = str(record.get("source_path") or where), record.get("source_sha256")
    except (ValueError, KeyError, TypeError) as exc:
        return Source(path=where, sha256=None,
                      error=f"ValueError: not a line of {LETTERS_JSONL} ({exc})")
    text, problem = finder.text(path, sha256, pdf_backend)
    if text is None:
        return Source(path=path, sha256=sha256, determination=stored,
                      note=f"{problem}: the page shows the model the run wrote, without "
                           "the letter's text.")
    if "span" in record["determination"]:
        if stored.span.end != len(text):
            return Source(path=path, sha256=sha256, determination=stored,
                          note=f"The text read now from {path} ({len(text)} characters) is "
                               f"not the text the run parsed ({stored.span.end}); was it "
                               "extracted with another --pdf-backend? The page shows the "
                               "run's model without the text.")
        return Source(path=path, sha256=sha256, marked=True,
                      determination=attrs.evolve(stored, source_text=text))
    try:
        again = parse(text)
    except ImrParseError as exc:
        again, failure = None, exc.message
    else:
        failure = "it reads the letter differently"
    if again is not None and again == stored:
        return Source(path=path, sha256=sha256, determination=again, marked=True,
                      note="The run was written without --spans: the values are marked "
                           "where this imrparse, which reads the letter the same way, "
                           "finds them.")
    return Source(path=path, sha256=sha256, determination=stored,
                  note=f"The run was written without --spans and this imrparse cannot "
                       f"mark the values ({failure}): the page shows the run's model "
                       "without the text.")


class _Finder:
    """Reads a run's letters again: from ``source_path`` (relative to the working folder,
    as the run wrote it), else from the absolute path its manifest lists for the same
    SHA-256 (read only when needed)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.by_sha256: dict[str, str] | None = None

    def text(self, path: str, sha256: str | None, pdf_backend: str | None
             ) -> tuple[str | None, str]:
        """The letter's text, or ``None`` and why not."""
        problem = f"The letter's file {path} cannot be read"
        data = _read(path)
        if data is None and sha256:
            other = self._manifest().get(sha256)
            data = _read(other) if other else None
            path = other or path
        if data is None:
            return None, problem
        if sha256 and hashlib.sha256(data).hexdigest() != sha256:
            return None, f"The file {path} has changed since the run (another SHA-256)"
        if not path.lower().endswith(".pdf"):
            return data.decode("utf-8", errors="replace"), ""
        try:
            from imrparse.pdf import extract_text  # noqa: PLC0415 (PDF support is an extra)

            return extract_text(data, backend=pdf_backend), ""
        except ImrParseError as exc:
            return None, f"The text of {path} cannot be extracted again ({exc})"

    def _manifest(self) -> dict[str, str]:
        if self.by_sha256 is None:
            self.by_sha256 = {}
            manifest = self.folder / MANIFEST
            if manifest.is_file():
                with manifest.open(encoding="utf-8") as handle:
                    for line in handle:
                        try:
                            entry = json.loads(line)
                            self.by_sha256[str(entry["sha256"])] = str(entry["path"])
                        except (json.JSONDecodeError, KeyError, TypeError):
                            continue  # a line cut off by a crash
        return self.by_sha256


def _read(path: str) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except OSError:
        return None
