"""Every cache imrparse keeps, in one registry: each bounded, documented and clearable.

Two kinds of cache:

- :func:`cached`, a :func:`functools.lru_cache` with a bound: what is worked out from the
  tables once and used at every letter (compiled patterns, one entry each; the header's
  patterns per layout);
- :func:`memo`, a :class:`Memo`: a dict of values the content readers work out from
  recurring text (a citation, a chain of MTUS sections), which stops taking entries when
  full.

:func:`clear_caches` (``imrparse.clear_caches``) empties all of them; they fill again as
letters are parsed, so clearing changes no result.  Nothing else in imrparse keeps state
between calls of :func:`imrparse.parse`.  ``docs/architecture.md`` lists the caches (a
test keeps the list true).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

import attrs

__all__ = ["Cache", "Memo", "cached", "caches", "clear_caches", "memo"]

F = TypeVar("F", bound=Callable[..., Any])
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@attrs.frozen
class Cache:
    """One registered cache."""

    #: Where it lives: ``module.function`` or ``module.NAME``.
    name: str
    #: The most entries it holds.
    maxsize: int
    #: What it holds.
    doc: str
    size: Callable[[], int] = attrs.field(repr=False)
    clear: Callable[[], None] = attrs.field(repr=False)


_REGISTRY: list[Cache] = []


def _register(cache: Cache) -> None:
    if any(c.name == cache.name for c in _REGISTRY):
        raise ValueError(f"caches: {cache.name!r} is registered twice")
    _REGISTRY.append(cache)


def cached(maxsize: int = 1) -> Callable[[F], F]:
    """Decorate a function to keep its last ``maxsize`` results by arguments (the first
    paragraph of its docstring says what it holds)."""
    def register(function: F) -> F:
        wrapped = functools.lru_cache(maxsize=maxsize)(function)
        doc = " ".join((function.__doc__ or "").strip().split("\n\n")[0].split())
        _register(Cache(f"{function.__module__}.{function.__qualname__}", maxsize, doc,
                        lambda: wrapped.cache_info().currsize, wrapped.cache_clear))
        return cast(F, wrapped)

    return register


class Memo(dict[K, V]):
    """A dict that takes entries while it holds fewer than ``maxsize``: read it as a dict,
    add to it with :meth:`put`."""

    def __init__(self, maxsize: int) -> None:
        super().__init__()
        self.maxsize = maxsize

    def put(self, key: K, value: V) -> V:
        """Keep ``value`` under ``key`` if there is room, and return it."""
        if len(self) < self.maxsize:
            self[key] = value
        return value


def memo(name: str, maxsize: int, doc: str) -> Memo[Any, Any]:
    """A new registered :class:`Memo`; ``name`` is ``module.NAME``."""
    table: Memo[Any, Any] = Memo(maxsize)
    _register(Cache(name, maxsize, doc, table.__len__, table.clear))
    return table


def caches() -> tuple[Cache, ...]:
    """Every registered cache, in the order the modules registered them."""
    return tuple(_REGISTRY)


def clear_caches() -> None:
    """Empty every cache imrparse keeps: the compiled patterns of its tables and the
    content readers' memos of recurring text.  They fill again as letters are parsed, and
    no result changes; a long-running process may call it to give the memory back.

    Never raises.
    """
    for cache in _REGISTRY:
        cache.clear()
