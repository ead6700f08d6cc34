"""Patterns compiled by both engines, for the content readers.

A call of a ``regex`` pattern costs several times one of the same pattern in ``re`` (an
alternation under IGNORECASE most of all), but the two differ on some characters: ``\\s``
(``re`` also matches U+001C-U+001F), ``\\d`` and ``\\w`` (their Unicode versions and
definitions), and IGNORECASE (``re`` matches "i" to "ı" and a range to "İ").  On ASCII text
without U+001C-U+001F they match alike (checked over every ASCII character by the tests),
so such text is read with ``re`` and any other with ``regex``, which also keeps the
timeouts of long texts.  The patterns given here use no feature of ``regex`` alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs
import regex

__all__ = ["Match", "Pattern", "Twin", "at_words", "plain"]

Pattern = re.Pattern[str] | regex.Pattern[str]
Match = re.Match[str] | regex.Match[str]

#: The ASCII characters where ``re`` and ``regex`` differ (``\s`` in ``re`` only).
_SEPARATORS = re.compile(r"[\x1c-\x1f]")


def plain(text: str, start: int, end: int) -> bool:
    """Whether the ``re`` twins read ``text[start:end]`` as the ``regex`` ones do.  The
    character before ``start`` counts too: a look-behind or ``\\b`` reads it (the twins'
    patterns look back one character at most)."""
    piece = text[start - 1 if start > 0 else 0:end]
    return piece.isascii() and _SEPARATORS.search(piece) is None


@attrs.frozen
class Twin:
    """One pattern, compiled by ``re`` and by ``regex``."""

    fast: re.Pattern[str]
    full: regex.Pattern[str]

    @classmethod
    def of(cls, pattern: str, flags: int = 0) -> Twin:
        # The flags of both modules have the same values (IGNORECASE is 2 in each).
        return cls(re.compile(pattern, flags), regex.compile(pattern, flags))

    def __call__(self, fast: bool) -> Pattern:
        """The pattern for a text that :func:`plain` says is plain (``fast``) or not."""
        return self.fast if fast else self.full


def at_words(pattern: Pattern, text: str, start: int, end: int, folded: str, *,
             words: tuple[str, ...]) -> Iterator[Match]:
    """:func:`imrparse._text.at_words` for a pattern of either engine: the matches of
    ``pattern`` in ``text[start:end]`` as ``finditer`` gives them, for a pattern whose every
    match opens with one of ``words`` (``folded`` is the range folded)."""
    at: list[int] = []
    for word in words:
        i = folded.find(word)
        while i >= 0:
            at.append(i + start)
            i = folded.find(word, i + 1)
    after = start
    for i in sorted(at):
        if i >= after:
            m = pattern.match(text, i, end)
            if m is not None:
                after = m.end()
                yield m
