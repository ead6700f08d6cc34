"""Provenance: tokens are lossless, sections tile the input, spans slice to the values."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import imrparse
from imrparse import Determination, Located
from imrparse._text import normalize
from tests.corpus import corpus_texts


def assert_tokens_lossless(text: str) -> None:
    tokens = imrparse.tokenize(text)
    assert "".join(t.text for t in tokens) == text
    pos = 0
    for token in tokens:
        assert token.start == pos and token.end == pos + len(token.text)
        pos = token.end


def assert_sections_tile(d: Determination) -> None:
    pos = 0
    for section in d.sections:
        assert section.span.start == pos
        assert section.span.end >= section.span.start
        if section.heading is not None:
            assert section.heading in section.span
        pos = section.span.end
    assert pos == len(d.source_text)


def _claims(value: object, raw: str) -> bool:
    """Whether the text ``raw`` says ``value``."""
    if isinstance(value, str):
        return normalize(raw) == value
    if isinstance(value, dt.date):
        m, d, y = (int(x) for x in re.findall(r"\d+", raw)[:3])
        return dt.date(y, m, d) == value
    if isinstance(value, int):
        return str(value) in raw
    enum_value = getattr(value, "value", None)
    if isinstance(enum_value, str):
        return raw.strip().lower().startswith(enum_value[:4])
    return False


def assert_spans_true(d: Determination) -> None:
    text = d.source_text
    for path, obj in d.iter_located():
        assert 0 <= obj.span.start <= obj.span.end <= len(text), path
        for name, span in obj.value_spans:
            assert span in obj.span or path == "", (path, name)
            field, _, index = name.partition("[")
            value = getattr(obj, field)
            if index:
                value = value[int(index.rstrip("]"))]
            if isinstance(value, Located):
                continue
            assert _claims(value, span.slice(text)), (path, name, value, span.slice(text))
    for defect in d.defects:
        assert 0 <= defect.span.start <= defect.span.end <= len(text)


@pytest.mark.parametrize("label_text", corpus_texts(), ids=lambda lt: lt[0])
def test_corpus_provenance(label_text: tuple[str, str]) -> None:
    _, text = label_text
    assert_tokens_lossless(text)
    d = imrparse.parse(text)
    assert_sections_tile(d)
    assert_spans_true(d)


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
