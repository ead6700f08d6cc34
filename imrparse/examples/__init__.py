"""The example letter bundled with the package (the command line's default input), as text
and as a PDF."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

EXAMPLE_NAME = "example-letter.txt"
EXAMPLE_PDF_NAME = "example-letter.pdf"


def example_letter() -> str:
    """The text of a letter in the 2016 layout, written by the imrparse developers.

    Its people and facts are invented; its headings and labels are those of the real
    letters, its prose is ours.  It is laid out as pypdf extracts the real PDFs (trailing
    spaces, space-only lines between paragraphs, the header table read row by row).

    Never raises.
    """
    return resources.files("imrparse.examples").joinpath(EXAMPLE_NAME).read_text("utf-8")


def example_pdf() -> Path:
    """The path of the example letter as a PDF (48 lines of text a page, Helvetica),
    for trying :func:`imrparse.parse_pdf` or :func:`imrparse.parse_file` (and the command
    line's default input when PDF support is installed): it parses to the same
    determination as :func:`example_letter`.

    :raises FileNotFoundError: the package is installed without its data files (a zipped
        install; read it with ``importlib.resources`` instead).
    """
    path = Path(str(resources.files("imrparse.examples").joinpath(EXAMPLE_PDF_NAME)))
    if not path.is_file():
        raise FileNotFoundError(f"the example PDF is not at {path}")
    return path
