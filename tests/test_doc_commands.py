"""Every shell command the README and the user docs show runs as written.

The fenced ``sh`` blocks of each page are read when the test runs (so an edited page is
tested as it stands) and their commands run, in order, in a temporary folder holding
generated letters: text letters in each layout from :mod:`imrparse.render` (one through a
noise model of :mod:`imrparse.testing`), the bundled example PDF and a PDF written by
``tests/pdfwriter.py``.  ``imrparse`` and ``python`` are this virtual environment's
(its ``bin`` folder leads ``PATH``; ``.venv/bin/`` is rewritten to it).  Every command must
exit 0 and print no traceback.  The commands of :data:`SKIPS` are not run, for the reason
given there.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import imrparse
from imrparse.render import render
from imrparse.testing import pypdf_like, rewrap
from tests.pdfwriter import write_pdf

ROOT = Path(__file__).resolve().parents[1]
#: The pages whose commands a user runs.
PAGES = ("README.md", "docs/quickstart.md", "docs/recipes.md")
#: Commands not run: (pattern, reason).  A chained command (``a && b``) is split and only
#: its skipped parts are left out.
SKIPS = (
    (r"\bpip install\b", "installs packages: the test runs in the installed environment"),
    (r"-m venv\b", "makes a virtual environment: the test runs in the installed one"),
    (r"\bsphinx-build\b", "builds the docs: tests/test_quality.py builds them"),
    (r"\bbenchmarks/", "a benchmark: minutes of timings, measured in benchmarks/, never "
                       "in tests"),
    (r"\bpytest\b", "runs the test suite, of which this test is part"),
)
#: Input files the pages name; any other ``*.txt``/``*.pdf`` argument that does not exist
#: when its command runs is written as a text letter or a PDF.
FOLDERS = ("letters", "pdfs")
_FENCE = re.compile(r"^```(?:sh|bash|shell|console)[ \t]*\n(.*?)^```[ \t]*$",
                    re.MULTILINE | re.DOTALL)
_VENV_BIN = re.compile(r"(?<![\w/.])\.venv/bin/")
#: Arguments after which a path is an output, never an input to make.
_OUTPUT_OPTIONS = frozenset({"--out", "--json", "--plot", ">", ">>", "-o"})


def commands(page: str) -> list[str]:
    """The commands of the page's fenced shell blocks, in order: continuation lines
    joined, prompts (``$ ``) and blank lines dropped."""
    found = []
    for block in _FENCE.findall((ROOT / page).read_text("utf-8")):
        for raw in block.replace("\\\n", " ").splitlines():
            line = raw.strip().removeprefix("$ ")
            if line and not line.startswith("#"):
                found.append(line)
    return found


def runnable(command: str) -> tuple[str, list[str]]:
    """The parts of ``command`` to run, joined by ``&&``, and why the others are not."""
    keep, reasons = [], []
    for part in command.split("&&"):
        reason = next((why for pattern, why in SKIPS if re.search(pattern, part)), None)
        if reason is None:
            keep.append(part.strip())
        else:
            reasons.append(f"{part.strip()!r}: {reason}")
    return " && ".join(keep), reasons


# --------------------------------------------------------------------------- the inputs


def _letters() -> list[str]:
    """Text letters, one in each layout, from the example's model."""
    d = imrparse.parse(imrparse.example_letter())
    texts = [render(d, layout) for layout in imrparse.Layout]
    texts[0] = pypdf_like(texts[0])
    texts[1] = rewrap(texts[1], 70)
    return texts


LETTERS = _letters()


def _make(path: Path, index: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = LETTERS[index % len(LETTERS)]
    if path.suffix.lower() == ".pdf":
        path.write_bytes(write_pdf(text))
    else:
        path.write_text(text, "utf-8")


def _workspace(folder: Path) -> None:
    for name in ("letter.txt", "other.txt"):
        _make(folder / name, len(list(folder.iterdir())))
    shutil.copy(imrparse.example_pdf(), folder / "letter.pdf")
    for sub in FOLDERS:
        for i, _ in enumerate(LETTERS):
            _make(folder / sub / f"letter-{i}.txt", i)
        shutil.copy(imrparse.example_pdf(), folder / sub / "example.pdf")
        _make(folder / sub / "written.pdf", 3)


def _make_missing_inputs(command: str, folder: Path) -> None:
    """Write the letter files a command names that are not there yet."""
    try:
        words = shlex.split(command, comments=True)
    except ValueError:  # quoting that shlex cannot read: bash will say more
        return
    for before, word in zip(["", *words], words, strict=False):
        if before in _OUTPUT_OPTIONS or word.startswith("-") or "$" in word:
            continue
        path = folder / word
        if path.suffix.lower() in (".txt", ".pdf") and not path.exists():
            _make(path, len(word))


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["MPLBACKEND"] = "Agg"  # --plot draws to a file, never to a screen
    env.pop("PYTHONPATH", None)
    return env


# --------------------------------------------------------------------------- the test


def test_every_page_has_commands() -> None:
    for page in PAGES:
        assert commands(page), f"{page} has no fenced sh block: is PAGES out of date?"


@pytest.mark.parametrize("page", PAGES)
def test_the_commands_of_a_page_run_as_written(page: str, tmp_path: Path) -> None:
    _workspace(tmp_path)
    bin_dir = f"{Path(sys.executable).parent}/"
    env = _environment()
    skipped: list[str] = []
    ran = 0
    for command in commands(page):
        line, reasons = runnable(command)
        skipped.extend(reasons)
        if not line:
            continue
        line = _VENV_BIN.sub(bin_dir, line)
        _make_missing_inputs(line, tmp_path)
        done = subprocess.run(["bash", "-o", "pipefail", "-c", line], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (
            f"{page}: `{command}` exited {done.returncode}\n"
            f"stdout:\n{done.stdout[-2000:]}\nstderr:\n{done.stderr[-2000:]}")
        ran += 1
    assert ran, f"{page}: every command skipped: {skipped}"
    print(f"{page}: {ran} command(s) run; not run: {skipped or 'none'}")


def test_the_skips_are_the_installs_and_builds() -> None:
    """The skip rules leave the commands a user runs to use imrparse."""
    assert runnable("python3 -m venv .venv && .venv/bin/pip install '.[pdf]' && "
                    ".venv/bin/imrparse")[0] == ".venv/bin/imrparse"
    assert runnable("imrparse parse letters/ --out out/")[1] == []
    assert runnable("pip install 'imrparse[pdf]'")[0] == ""
