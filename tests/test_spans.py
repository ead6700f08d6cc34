"""Provenance: tokens are lossless, sections tile the input, spans slice to the values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import imrparse
from tests.corpus import corpus_params, corpus_texts
from tests.provenance import (
    assert_provenance,
    assert_sections_tile,
    assert_spans_true,
    assert_tokens_lossless,
)


@pytest.mark.parametrize("label_text", corpus_params(corpus_texts), ids=lambda lt: lt[0])
def test_corpus_provenance(label_text: tuple[str, str]) -> None:
    assert_provenance(label_text[1])


def test_example_letter_provenance() -> None:
    d = imrparse.parse(imrparse.example_letter())
    assert_sections_tile(d)
    assert_spans_true(d)


@given(st.text())
def test_tokens_are_lossless_over_any_text(text: str) -> None:
    assert_tokens_lossless(text)


_STRUCTURE = st.sampled_from([
    "HOW THE IMR FINAL DETERMINATION WAS MADE", "CLINICAL CASE SUMMARY",
    "IMR ISSUES, DECISIONS AND RATIONALES", "Claims Administrator guideline:",
    "MAXIMUS guideline:", "Decision rationale:", ": Upheld", ":\nOverturned",
    "Case Number: CM16-0000001", "Date Assigned: 13/45/2016", "Priority: Urgent",
    "State(s) of Licensure:", "Certification(s)/Specialty:", "\n", " \n", "\f", "\r\n",
    "was the original request.", "UNKNOWN HEADING IN CAPITALS",
])


@given(st.lists(st.one_of(_STRUCTURE, st.text(max_size=30)), max_size=40).map("".join))
def test_any_text_parses_or_raises_only_our_error(text: str) -> None:
    assert_tokens_lossless(text)
    try:
        d = imrparse.parse(text)
    except imrparse.ImrParseError:
        return
    assert_sections_tile(d)
    assert_spans_true(d)
