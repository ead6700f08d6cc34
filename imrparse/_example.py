"""The example letter bundled with the package (the command line's default input)."""

from __future__ import annotations

from importlib import resources

EXAMPLE_NAME = "example-letter.txt"


def example_letter() -> str:
    """The text of a letter in the 2016 layout, written by the imrparse developers.

    Its people and facts are invented; its headings and labels are those of the real
    letters, its prose is ours.  It is laid out as pypdf extracts the real PDFs (trailing
    spaces, space-only lines between paragraphs, the header table read row by row).

    Never raises.
    """
    return resources.files("imrparse.examples").joinpath(EXAMPLE_NAME).read_text("utf-8")
