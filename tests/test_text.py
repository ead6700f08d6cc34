"""The one trim (imrparse.text.normalize.trim) and the helpers built on it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imrparse.model.spans import Span
from imrparse.text.normalize import is_blank, trim, value


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("abc", (0, 3), id="nothing-to-trim"),
    pytest.param("  abc \n", (2, 5), id="blanks-and-break"),
    pytest.param("\f\r\n\tab c\u00a0", (4, 8), id="extractor-whitespace"),
    pytest.param("\u2003ab\u2028", (1, 3), id="other-unicode-whitespace"),
    pytest.param(" \n\t", None, id="only-whitespace"),
    pytest.param("", None, id="empty"),
])
def test_trim(text: str, expected: tuple[int, int] | None) -> None:
    found = trim(text, 0, len(text))
    assert ((found.start, found.end) if found else None) == expected
    assert is_blank(text, 0, len(text)) == (expected is None)


def test_value_normalizes_and_trims() -> None:
    text = "x:  Physical\n  therapy \n"
    assert value(text, 2, len(text)) == ("Physical therapy", Span(4, 22))


@given(st.text(), st.integers(0, 20), st.integers(0, 20))
def test_trim_is_strip(text: str, start: int, end: int) -> None:
    found = trim(text, start, end)
    piece = text[start:end].strip()
    assert (found.slice(text) if found else "") == piece
    if found is not None:
        assert start <= found.start <= found.end <= max(start, end)
