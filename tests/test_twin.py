"""The ``re`` twin of a reader pattern reads plain text as its ``regex`` twin does."""

from __future__ import annotations

import re

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from imrparse import _citations, _clinical
from imrparse._twin import Twin, plain

#: Every class and flag the twins' patterns use.
CLASSES = (r"\s", r"\S", r"\d", r"\w", r"[^.\d\s]", r"[\s-]", r"(?i)[A-Z]", r"(?i)[a-z]",
           r"(?i)[A-Za-z]", r"(?i)&", r"(?i)-")


def test_the_engines_agree_on_every_plain_character() -> None:
    letters = [chr(c) for c in range(128) if not 0x1C <= c <= 0x1F]
    patterns = [*CLASSES, *(f"(?i){re.escape(c)}" for c in "abcdefghijklmnopqrstuvwxyz")]
    for pattern in patterns:
        fast, full = re.compile(pattern), regex.compile(pattern)
        for char in letters:
            assert bool(fast.fullmatch(char)) == bool(full.fullmatch(char)), (pattern, char)
    fast_boundary, full_boundary = re.compile(r"\b"), regex.compile(r"\b")
    for a in letters:
        for b in letters:
            pair = a + b
            assert bool(fast_boundary.match(pair, 1)) == bool(full_boundary.match(pair, 1)), pair


def test_plain_text_is_ascii_without_separators_including_the_character_before() -> None:
    assert plain("Norco 10/325mg #60", 0, 18)
    assert not plain("Norco\x1c10", 0, 8)
    assert not plain("Déc 5", 0, 5)
    assert not plain("é Norco", 1, 7)  # a look-behind reads the character before
    assert plain("é  Norco", 2, 8)


def _twins() -> list[Twin]:
    found: list[Twin] = []
    for module in (_clinical, _citations):
        for value in vars(module).values():
            if isinstance(value, Twin):
                found.append(value)
            elif isinstance(value, dict):
                found.extend(v for v in value.values() if isinstance(v, Twin))
    return found


WORDS = st.sampled_from([
    "injury", "on", "10-13-16", "10/13/2016", "October", "20,", "2016", "Diagnoses", "include",
    "Medications:", "not", "left", "region", ";", ",", "and", ".", "The", "Expert", "Reviewer",
    "did", "cite", "any", "medical", "evidence", "for", "its", "decision", "Decision",
    "based", "on", "MTUS", "Non-MTUS", "Citation", "claim", "\n", "\t", " ", "\"", "(", "A",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=30).map(" ".join), st.integers(0, 5))
def test_the_twins_find_the_same_matches(text: str, start: int) -> None:
    assert plain(text, 0, len(text))
    start = min(start, len(text))
    for twin in _twins():
        for pos in range(start, len(text) + 1):
            fast, full = twin.fast.match(text, pos), twin.full.match(text, pos)
            assert (fast and fast.regs) == (full and full.regs), (twin.fast.pattern, pos)
        fast_all = [m.regs for m in twin.fast.finditer(text, start)]
        assert fast_all == [m.regs for m in twin.full.finditer(text, start)]
