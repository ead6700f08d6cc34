"""Extractor independence: one letter gives one Determination, whatever extracted it.

Each corpus letter's pypdf text is the reference (the sample letter's one text, for the
reshaped variants).  Its pdfminer text, the text of each
``imrparse.pdf`` backend, and the reference reshaped as other extractors write text
(PDFBox, ``pdftotext -layout``, blank lines dropped, trailing spaces stripped...) must
parse equal to it (``==`` ignores spans).  One extractor artefact is accepted, for every
letter alike: pdfminer moves the text after a redaction box elsewhere in its block, so a
summary may hold the same words in another order.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import imrparse
from imrparse import Determination
from tests.corpus import CORPUS, SEED, corpus_cases, read_letter

CASES = corpus_cases()
LETTERS = Path(__file__).resolve().parent / "letters"


# --- how other extractors write the same text --------------------------------------------

def pdfbox(text: str) -> str:
    """PDFBox on Windows as the crawler read it: CRLF, an empty line after every line, a
    leading space on every line."""
    return "\r\n".join(f" {line}\r\n" for line in text.split("\n"))


def blank_lines_removed(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line.strip())


def trailing_spaces_stripped(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.split("\n"))


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def layout_like(text: str) -> str:
    """``pdftotext -layout``-like: indented lines and long runs of spaces between cells."""
    return "\n".join("    " + re.sub(r" {2,}", " " * 9, line) for line in text.split("\n"))


def page_feeds(text: str) -> str:
    """pdfminer-like page ends: a form feed glued to the next line."""
    return re.sub(r"\n \n(?=[A-Z])", "\n\f", text, count=4)


VARIANTS: dict[str, Callable[[str], str]] = {
    "pdfbox": pdfbox,
    "blank-lines-removed": blank_lines_removed,
    "trailing-spaces-stripped": trailing_spaces_stripped,
    "crlf": crlf,
    "layout-like": layout_like,
    "page-feeds": page_feeds,
}


def _summary_words(d: Determination) -> Counter[str]:
    return Counter(d.summary.text.split()) if d.summary else Counter()


def assert_same_letter(reference: Determination, other: Determination) -> None:
    """Equal, or equal but for the words of the summary being in another order (the
    pdfminer redaction-box artefact)."""
    if reference == other:
        return
    assert reference.summary is not None and other.summary is not None, other.defects
    assert _summary_words(reference) == _summary_words(other)
    assert other == attrs.evolve(reference, summary=other.summary)


# --- corpus: text variants ----------------------------------------------------------------

@pytest.mark.corpus
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_corpus_text_variants_parse_equal(variant: str) -> None:
    if not CASES:
        pytest.skip(f"the real letters are not at {CORPUS}")
    differing = []
    for case in [*CASES, SEED]:
        text = read_letter(case)
        reference = imrparse.parse(text)
        other = imrparse.parse(VARIANTS[variant](text))
        if other != reference or other.defects != reference.defects:
            differing.append(case)
    assert differing == []


@pytest.mark.corpus
def test_corpus_pdfminer_text_parses_equal() -> None:
    if not CASES:
        pytest.skip(f"the real letters are not at {CORPUS}")
    for case in CASES:
        reference = imrparse.parse(read_letter(case))
        other = imrparse.parse(read_letter(case, "pdfminer"))
        assert other.defects == ()
        assert_same_letter(reference, other)


# --- corpus: every PDF backend ----------------------------------------------------------

def _installed(backend: str) -> str | None:
    """Why ``backend`` cannot run here, or ``None`` when it can."""
    if backend == "pdftotext":
        return None if shutil.which("pdftotext") else "poppler-utils is not installed"
    module = {"pypdf": "pypdf", "pdfium": "pypdfium2"}[backend]
    return None if importlib.util.find_spec(module) else f"{module} is not installed"


@pytest.mark.corpus
@pytest.mark.parametrize("backend", [
    # pypdf is pure Python: about 0.2 s a letter.
    pytest.param("pypdf", marks=pytest.mark.slow), "pdfium", "pdftotext"])
def test_corpus_pdfs_parse_equal_through_each_backend(backend: str) -> None:
    reason = _installed(backend)
    if reason:
        pytest.skip(reason)
    if not CASES:
        pytest.skip(f"the real letters are not at {CORPUS}")
    from imrparse import pdf

    for case in CASES:
        reference = imrparse.parse(read_letter(case))
        text = pdf.extract_text(CORPUS / f"{case}.pdf", backend=backend)
        other = imrparse.parse(text)
        assert other.defects == (), (case, other.defects)
        assert_same_letter(reference, other)


@pytest.mark.corpus
def test_corpus_pdfs_parse_equal_from_raw_pdftotext_layout() -> None:
    """``pdftotext -layout file.pdf -`` as a user runs it, without imrparse.pdf."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    if not CASES:
        pytest.skip(f"the real letters are not at {CORPUS}")
    for case in CASES:
        done = subprocess.run(["pdftotext", "-layout", str(CORPUS / f"{case}.pdf"), "-"],
                              capture_output=True, check=True, timeout=60)
        other = imrparse.parse(done.stdout.decode("utf-8"))
        assert other.defects == (), (case, other.defects)
        assert_same_letter(imrparse.parse(read_letter(case)), other)


# --- our letters of every layout --------------------------------------------------------

@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("name", sorted(p.stem for p in LETTERS.glob("*.txt")))
def test_layout_letters_survive_every_variant(name: str, variant: str) -> None:
    text = (LETTERS / f"{name}.txt").read_text("utf-8")
    reference = imrparse.parse(text)
    other = imrparse.parse(VARIANTS[variant](text))
    assert other.defects == ()
    assert other == reference
    assert other.parties == reference.parties
    assert other.documents_reviewed == reference.documents_reviewed
