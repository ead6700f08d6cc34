"""Provenance: tokens are lossless, sections tile the input, spans slice to the values."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import imrparse
from imrparse import Determination, Located
from imrparse._clinical import read_loose_date
from imrparse.vocab.reviewers import normalize_specialty, normalize_state
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
    """Whether the text ``raw`` says ``value``.

    A string: the same characters (case, blanks and punctuation aside), its words in
    order (a value cleaned of noise words), a vocabulary's name for it, or the same digits
    (a spinal level ``L4-5`` read as ``L4-L5``).  A date: the same date.  A number: its
    digits or its word, or (a count derived from a phrase such as ``3 times a week for 2
    weeks``) a phrase with numbers.  A derived value (an enum, a flag): some text.
    """
    if not raw.strip():
        return False
    if isinstance(value, bool) or not isinstance(value, (str, int, dt.date)):
        return True
    if isinstance(value, str):
        return (_key(raw) == _key(value) or _in_order(value, raw)
                or value in (normalize_specialty(raw), normalize_state(raw))
                or _digits(value) == _digits(raw) != "")
    if isinstance(value, dt.date):
        found = read_loose_date(raw)
        return found is not None and found[0] == value
    words = re.findall(r"\d+|[a-z]+", raw.lower())
    return str(value) in raw or any(w.isdigit() or w in _NUMBER_WORDS for w in words)


_NUMBER_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight",
                           "nine", "ten", "eleven", "twelve", "twice", "once"})


def _key(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _in_order(value: str, raw: str) -> bool:
    words = iter(re.findall(r"\w+", raw.lower()))
    return all(w in words for w in re.findall(r"\w+", value.lower()))


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
