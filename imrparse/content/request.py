"""The request being read: its text, its words and numbers, and the values read from it.

A request is read from a copy of the caller's range (so that nothing around it can satisfy
a look-behind), with offsets into that copy; :class:`Findings` collects each value and the
offsets of the text it was read from, which the reader moves back to the caller's string.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

__all__ = ["NUMBER_WORDS", "TOKEN", "Findings", "Request", "overlaps"]

#: Numbers written as words, and their values.
NUMBER_WORDS: dict[str, int] = {
    word: n for n, word in enumerate((
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen", "twenty"))
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
     "once": 1, "twice": 2, "thrice": 3, "no": 0, "none": 0}
#: A word of the lower-case request: a run of ASCII letters and digits.
TOKEN = re.compile(r"[a-z0-9]++")
#: ASCII upper case to lower case; keeps offsets (``str.lower`` may not).
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


class Request:
    """The request being read (a copy of the caller's range) and views of it.  Offsets
    are into ``text``; ``start`` is 0 and ``end`` its length."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.start = 0
        self.end = len(text)
        #: Where the treatment starts, after the qualifiers.
        self.body = 0
        #: ``text`` in ASCII lower case (same length, so offsets carry over).
        self.low = text.translate(_ASCII_LOWER)
        #: Words as ``(lower-case word, start, end)``, offsets into ``text``.
        self.tokens = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(self.low)]
        #: The words that start with a letter (the vocabulary's patterns start there).
        self.words = [token for token in self.tokens if not token[0][0].isdigit()]
        #: Where the words that start with a digit or are a number word start: the
        #: number grammars are tried there only.
        self.numbers = [pos for word, pos, _ in self.tokens
                        if word[0].isdigit() or word in NUMBER_WORDS]
        #: The first two characters of each word (lower case; a one-letter word's pair
        #: takes the character after it), by which the vocabulary's patterns are looked up
        #: (:class:`imrparse.content.treatment._WordPatterns`).
        self.keys = {pos: text[pos:pos + 2].lower() for _, pos, _ in self.words}

    def first(self, pattern: re.Pattern[str], positions: list[int],
              skip: list[tuple[int, int]] | None = None) -> re.Match[str] | None:
        """The first match of ``pattern`` starting at one of ``positions``."""
        for pos in positions:
            if skip and overlaps((pos, pos + 1), skip):
                continue
            m = pattern.match(self.text, pos, self.end)
            if m is not None:
                return m
        return None

    def every(self, pattern: re.Pattern[str], positions: list[int]) -> Iterator[re.Match[str]]:
        """Non-overlapping matches of ``pattern`` starting at ``positions``."""
        after = -1
        for pos in positions:
            if pos < after:
                continue
            m = pattern.match(self.text, pos, self.end)
            if m is not None:
                after = m.end()
                yield m


def overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    """Whether ``span`` overlaps one of the spans ``taken``."""
    return any(span[0] < end and start < span[1] for start, end in taken)


class Findings:
    """Collects field values and the offsets (into the request) they were read from."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.lists: dict[str, list[Any]] = {}
        self.spans: list[tuple[str, int, int]] = []

    def set(self, name: str, value: Any, start: int, end: int) -> None:
        self.values[name] = value
        self.spans.append((name, start, end))

    def add(self, name: str, value: Any, start: int, end: int) -> None:
        items = self.lists.setdefault(name, [])
        self.spans.append((f"{name}[{len(items)}]", start, end))
        items.append(value)

    def move(self, old: str, new: tuple[str, ...]) -> None:
        """Give the value ``old`` to the fields ``new`` instead."""
        value = self.values.pop(old)
        for i, (name, start, end) in enumerate(self.spans):
            if name == old:
                del self.spans[i]
                for field in new:
                    self.set(field, value, start, end)
                return
