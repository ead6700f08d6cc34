"""One run per output folder: an OS lock on ``OUT/.imrparse.lock``.

The lock is the kernel's (``flock``), so it goes with the process that holds it, however
that process ends: a crashed or killed run never leaves a folder locked.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

__all__ = ["LOCK_FILE", "FolderLocked", "locked"]

LOCK_FILE = ".imrparse.lock"


class FolderLocked(Exception):
    """Another run holds the output folder."""


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the lock of ``out`` (which exists) for the ``with`` block.

    :raises FolderLocked: another process holds it; the message says which and what to do.
    """
    path = out / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            import fcntl  # noqa: PLC0415 (POSIX)
        except ImportError:  # pragma: no cover - Windows: no lock
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise FolderLocked(
                f"another imrparse parse (process {holder}) is writing to {out}; wait for it "
                "to end, or use another --out folder") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)
