"""The optional extras: what each one needs, the line that installs it, and whether it is
installed.

A run checks the extras it needs before it reads any file, so that a missing one is named
once, with its install line, rather than once per file.  Whether a package is installed is
asked of the import system (:func:`importlib.util.find_spec`) without importing it.
"""

from __future__ import annotations

import importlib.util
import shutil
from typing import Final

import attrs

__all__ = ["EXTRAS", "Extra", "missing"]


@attrs.frozen(kw_only=True)
class Extra:
    """One optional extra: an ``imrparse[name]`` of ``pyproject.toml``, or a program."""

    #: The extra's name in ``pip install 'imrparse[name]'`` (or the system package).
    name: str
    #: What it gives, as the message says it ("reading PDFs (pypdf)").
    purpose: str
    #: The importable packages it installs.
    modules: tuple[str, ...] = ()
    #: A program it needs on ``PATH`` instead (Poppler's ``pdftotext``).
    program: str | None = None
    #: The command that installs it.
    install: str


_TABLE: Final = (
    # pypdf opens the DWC's AES-encrypted letters only with ``cryptography``: [pdf] has both.
    Extra(name="pdf", purpose="reading PDFs (pypdf)", modules=("pypdf", "cryptography"),
          install="pip install 'imrparse[pdf]'"),
    Extra(name="pdf-fast", purpose="reading PDFs with --pdf-backend pdfium (pypdfium2)",
          modules=("pypdfium2",), install="pip install 'imrparse[pdf-fast]'"),
    Extra(name="poppler", purpose="reading PDFs with --pdf-backend pdftotext (Poppler)",
          program="pdftotext",
          install="apt-get install poppler-utils (Debian/Ubuntu; brew install poppler)"),
    Extra(name="parquet", purpose="writing Parquet (pyarrow)", modules=("pyarrow",),
          install="pip install 'imrparse[parquet]'"),
    Extra(name="pandas", purpose="pandas tables", modules=("pandas",),
          install="pip install 'imrparse[pandas]'"),
    Extra(name="progress", purpose="the progress bar (tqdm)", modules=("tqdm",),
          install="pip install 'imrparse[progress]'"),
    Extra(name="plot", purpose="plots (matplotlib)", modules=("matplotlib",),
          install="pip install 'imrparse[plot]'"),
)


def _index(rows: tuple[Extra, ...]) -> dict[str, Extra]:
    table: dict[str, Extra] = {}
    for row in rows:
        if row.name in table:
            raise RuntimeError(f"imrparse.batch.extras: extra {row.name!r} twice")
        if not row.modules and row.program is None:
            raise RuntimeError(f"imrparse.batch.extras: extra {row.name!r} needs nothing")
        table[row.name] = row
    return table


#: The extras by name.
EXTRAS: Final = _index(_TABLE)


def missing(name: str) -> str | None:
    """``None`` when the extra ``name`` is installed; else the sentence naming what is
    missing and how to install it.

    :raises KeyError: ``name`` is no extra of :data:`EXTRAS` (a bug of the caller).
    """
    extra = EXTRAS[name]
    absent = [m for m in extra.modules if importlib.util.find_spec(m) is None]
    if extra.program is not None and shutil.which(extra.program) is None:
        absent.append(f"the {extra.program!r} program")
    if not absent:
        return None
    return (f"{extra.purpose} needs {' and '.join(absent)}, which "
            f"{'is' if len(absent) == 1 else 'are'} not installed; install with: "
            f"{extra.install}")
