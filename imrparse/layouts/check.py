"""The checks the declarative tables (:mod:`imrparse.layouts.grammar`, :mod:`imrparse.vocab`,
:mod:`imrparse.tables`) run on themselves at import.

Every check raises ``ValueError`` with one message shape, ``<table>: <row> <problem>``, so
that a bad edit fails at once and says which table and which row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

import regex

P = TypeVar("P")


def require(ok: object, table: str, row: object, problem: str) -> None:
    """Raise, naming ``table`` and ``row``, unless ``ok``."""
    if not ok:
        raise ValueError(f"{table}: {row!r} {problem}")


def compiled(table: str, row: object, pattern: str, compile: Callable[[str], P]) -> P:
    """``pattern`` compiled (by the engine its reader uses), or an error naming the row."""
    try:
        return compile(pattern)
    except (re.error, regex.error) as exc:
        raise ValueError(f"{table}: {row!r} does not compile: {exc}") from exc


def matches(table: str, row: object, pattern: str, *wordings: str, full: bool = True) -> None:
    """``pattern`` matches each of the row's own ``wordings`` (whole, or at the start)."""
    match = regex.fullmatch if full else regex.match
    for wording in wordings:
        require(match(pattern, wording), table, row, f"does not match its wording {wording!r}")


def unique(table: str, keys: Iterable[object]) -> None:
    """No key is listed twice."""
    seen: set[object] = set()
    for key in keys:
        require(key not in seen, table, key, "is listed twice")
        seen.add(key)


def covers(table: str, keys: Iterable[object], members: Iterable[object]) -> None:
    """Every one of ``members`` (say, of an enum) has a row whose key it is."""
    have = set(keys)
    for member in members:
        if member not in have:
            raise ValueError(f"{table}: no row for {member}")


def known(table: str, row: object, names: Iterable[object], allowed: Iterable[object]) -> None:
    """Every name the row refers to is one of ``allowed``."""
    unknown = set(names) - set(allowed)
    require(not unknown, table, row, f"names unknown {sorted(map(str, unknown))}")
