"""A folder of letters for the table tests that runs without the corpus: our example letter
(also with accents and a semicolon in its text, for CSV), and the invented letters of every
layout in ``tests/letters``."""

from __future__ import annotations

import shutil
from pathlib import Path

import imrparse

LETTERS = Path(__file__).resolve().parent / "letters"

#: Text that CSV must carry: accents, curly quotes, a semicolon, a backslash.
ODD_TEXT = "Café «Über» “quoted”; a\\b"


def write_sample_letters(folder: Path) -> list[Path]:
    """Copy the sample letters into ``folder`` (created); their paths, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(LETTERS.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    example = imrparse.example_letter()
    (folder / "example-letter.txt").write_text(example, "utf-8")
    odd = example.replace("The guidelines support", f"{ODD_TEXT} The guidelines support", 1)
    assert odd != example
    (folder / "example-accents.txt").write_text(odd, "utf-8")
    return sorted(folder.glob("*.txt"))
