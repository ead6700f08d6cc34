"""The letter files that the paths of ``imrparse parse`` name, and what cannot be searched.

Nothing is skipped in silence: a folder that cannot be read and a link whose target does
not exist are reported (as lines of ``errors.jsonl`` and in the exit status), the same way
whether the command line names them or a folder search finds them.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from imrparse.batch.files import display_path

__all__ = ["SUFFIXES", "discover", "problem"]

SUFFIXES = (".txt", ".pdf")


def problem(path: str, error_type: str, message: str) -> dict[str, Any]:
    """A line of ``errors.jsonl`` for a path that gave no file to parse."""
    return {"path": display_path(path), "sha256": None, "error_type": error_type,
            "message": message}


def _os_problem(path: str, exc: OSError) -> dict[str, Any]:
    if isinstance(exc, PermissionError):
        return problem(path, "PermissionError", "permission denied: the folder cannot be read")
    return problem(path, type(exc).__name__, f"cannot read the folder: {exc.strerror or exc}")


def discover(paths: Iterable[str], *, skip: Path | None = None,
             problems: list[dict[str, Any]] | None = None) -> tuple[list[str], list[str]]:
    """The ``.txt``/``.pdf`` files that ``paths`` name (files, folders searched recursively,
    glob patterns), sorted and without duplicates; and the arguments that name nothing.

    A file named explicitly is taken whatever its suffix.  Files under ``skip`` (the output
    folder) are left out.  Folders that cannot be read and dangling links (named or found)
    are appended to ``problems`` as ``errors.jsonl`` records.
    """
    found: dict[str, str] = {}
    missing = []
    skip_dir = skip.resolve() if skip else None
    trouble: list[dict[str, Any]] = [] if problems is None else problems

    def add(path: Path) -> None:
        resolved = path.resolve()
        if skip_dir is not None and resolved.is_relative_to(skip_dir):
            return
        found.setdefault(str(resolved), os.path.normpath(path))

    def dangling(path: Path) -> None:
        trouble.append(problem(str(path), "DanglingLink",
                               f"a symbolic link to {display_path(os.readlink(path))}, "
                               "which does not exist"))

    def walk(folder: Path) -> None:
        if skip_dir is not None and folder.resolve().is_relative_to(skip_dir):
            return
        # os.walk reports the folders it cannot read; Path.rglob passes over them.
        for root, dirs, names in os.walk(folder, onerror=lambda e: trouble.append(
                _os_problem(e.filename or str(folder), e))):
            dirs.sort()
            for name in sorted(names):
                p = Path(root, name)
                if p.suffix.lower() not in SUFFIXES:
                    continue
                if p.is_file():
                    add(p)
                elif p.is_symlink() and not p.exists():
                    dangling(p)

    for arg in paths:
        path = Path(arg)
        if path.is_file():
            add(path)
        elif path.is_dir():
            walk(path)
        elif path.is_symlink() and not path.exists():
            dangling(path)
        else:
            matches = sorted(glob.glob(arg, recursive=True))
            for m in matches:
                p = Path(m)
                if p.is_dir():
                    walk(p)
                elif p.is_file() and p.suffix.lower() in SUFFIXES:
                    add(p)
                elif p.is_symlink() and not p.exists():
                    dangling(p)
            if not matches:
                missing.append(arg)
    return sorted(found.values()), missing
