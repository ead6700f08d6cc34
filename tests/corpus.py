"""Where the real letters are, and how tests read them.

The corpus lies beside the checkout (``../shared/corpus``), in CI too; the environment
variable ``IMRPARSE_CORPUS`` points the tests at another folder (``IMRPARSE_CORPUS=/nonexistent``
runs them as on a machine without it).  Where it is absent, the tests that need it skip,
saying why; none fails or errors.

Parametrizing happens while pytest imports a test module, where ``pytest.skip`` is an
error: parametrize over the corpus with :func:`corpus_params`, never by calling a function
that calls :func:`need_corpus`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import imrparse
from imrparse import Determination

#: The real letters: ``IMRPARSE_CORPUS``, else ``../shared/corpus`` beside the checkout.
CORPUS = Path(os.environ.get("IMRPARSE_CORPUS")
              or Path(__file__).resolve().parents[1].parent / "shared" / "corpus")
DATA = Path(__file__).resolve().parent / "data"
SEED = "seed-letter"
EXTRACTORS = ("pypdf", "pdfminer")
#: Why a test that needs the corpus skips.
ABSENT = (f"the real letters are not at {CORPUS} (clone with ../shared beside the checkout, "
          "or set IMRPARSE_CORPUS to their folder)")


def have_corpus() -> bool:
    return CORPUS.is_dir()


def corpus_cases() -> list[str]:
    """Case numbers of the corpus letters (empty when the corpus is absent)."""
    if not have_corpus():
        return []
    return sorted(p.name.split(".")[0] for p in CORPUS.glob("*.pypdf.txt"))


def need_corpus() -> None:
    """Skip the calling test, saying why, when the corpus is absent (inside a test or
    fixture only: see the module documentation)."""
    if not have_corpus():
        pytest.skip(ABSENT)


def corpus_params(values: Callable[[], Sequence[Any]]) -> list[Any]:
    """``values()`` for ``pytest.mark.parametrize``; without the corpus, one placeholder
    (id ``no-corpus``) that skips with the reason, and ``values`` is not called."""
    if have_corpus():
        return list(values())
    return [pytest.param(None, marks=pytest.mark.skip(reason=ABSENT), id="no-corpus")]


@cache
def corpus_facts() -> dict[str, dict[str, object]]:
    """The reviewed expected facts (tests/data/corpus_facts.json)."""
    facts: dict[str, dict[str, object]] = json.loads(
        (DATA / "corpus_facts.json").read_text("utf-8"))
    return facts


@cache
def read_letter(case: str, extractor: str = "pypdf") -> str:
    """The text of a corpus letter: ``extractor`` is ``pypdf`` or ``pdfminer``; the case
    ``seed-letter`` is the older-layout sample (one extraction only)."""
    need_corpus()
    if case == SEED:
        return (CORPUS / "seed-letter.txt").read_text("utf-8")
    return (CORPUS / f"{case}.{extractor}.txt").read_text("utf-8")


def _extractions() -> list[tuple[str, str, str]]:
    """(label, case, extractor) of every corpus text: both extractions of each letter, and
    the seed (labelled ``seed-letter``)."""
    need_corpus()
    out = [(f"{case}.{ext}", case, ext) for case in corpus_cases() for ext in EXTRACTORS]
    out.append((SEED, SEED, EXTRACTORS[0]))
    return out


def corpus_texts() -> list[tuple[str, str]]:
    """(label, text) for every corpus text."""
    return [(label, read_letter(case, ext)) for label, case, ext in _extractions()]


@cache
def parse_letter(case: str, extractor: str = "pypdf") -> Determination:
    """The parsed corpus letter (parsed once per test session)."""
    return imrparse.parse(read_letter(case, extractor))


def parsed_corpus() -> list[tuple[str, Determination]]:
    """(label, determination) for every corpus text, labelled as by :func:`corpus_texts`."""
    return [(label, parse_letter(case, ext)) for label, case, ext in _extractions()]
