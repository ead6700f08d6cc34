"""The provenance checks every letter-reading test shares: tokens are lossless, sections
tile the input, and every span slices to text that says its value."""

from __future__ import annotations

import datetime as dt
import enum
import re

import imrparse
from imrparse import Determination, Located
from imrparse.content.clinical import read_loose_date
from imrparse.text.dates import read_date
from imrparse.text.normalize import normalize
from imrparse.vocab.reviewers import normalize_specialty, normalize_state


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


def _says_date(raw: str, value: dt.date) -> bool:
    # Numbers read month, day, year without the parser's help; the parser's own reader
    # only for what they miss: long-form dates (the 2013 notice's disclaimer).
    numbers = [int(x) for x in re.findall(r"\d+", raw)[:3]]
    if numbers == [value.month, value.day, value.year]:
        return True
    return value == read_date(raw)


def claims(value: object, raw: str) -> bool:
    """Whether the text ``raw`` says ``value``.

    A string: the same characters (case, blanks and punctuation aside), its words in
    order (a value cleaned of noise words), a vocabulary's name for it, or the same digits
    (a spinal level ``L4-5`` read as ``L4-L5``).  A date: the same date.  A number: its
    digits or its word, or (a count derived from a phrase such as ``3 times a week for 2
    weeks``) a phrase with numbers.  A derived value (an enum, a flag): some text.
    """
    if not raw.strip():
        return False
    # An enum member is a str too (StrEnum), but derived: checked before str.
    if isinstance(value, bool | enum.Enum) or not isinstance(value, str | int | dt.date):
        return True
    if isinstance(value, str):
        return (normalize(raw) == value or _key(raw) == _key(value) or _in_order(value, raw)
                or value in (normalize_specialty(raw), normalize_state(raw))
                or _digits(value) == _digits(raw) != "")
    if isinstance(value, dt.date):
        found = read_loose_date(raw)
        return _says_date(raw, value) or (found is not None and found[0] == value)
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
    """Every span lies in the text and in its object's span, and every value's span slices
    to text that says the value (a located value answers for itself)."""
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
            assert claims(value, span.slice(text)), (path, name, value, span.slice(text))
    for defect in d.defects:
        assert 0 <= defect.span.start <= defect.span.end <= len(text)


def assert_provenance(text: str) -> Determination:
    """Parse ``text`` after checking its tokens, check the letter's sections and spans,
    and return it."""
    assert_tokens_lossless(text)
    d = imrparse.parse(text)
    assert_sections_tile(d)
    assert_spans_true(d)
    return d
