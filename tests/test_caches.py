"""The caches: one registry, each bounded and documented; clearing them changes nothing."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import imrparse
import imrparse.render
import imrparse.report._inputs
import imrparse.schema
import imrparse.testing
from imrparse import jsonio
from imrparse.structure import build as _build
from imrparse.text import caches as _caches

DOCS = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"


def test_every_cache_is_bounded_and_documented() -> None:
    page = DOCS.read_text("utf-8")
    for cache in _caches.caches():
        module, _, name = cache.name.rpartition(".")
        assert 0 < cache.maxsize < 100_000, cache
        assert cache.doc, cache
        assert f"`{module}.{name}`" in page or (module in page and f"`{name}`" in page), cache


def test_clearing_the_caches_changes_no_result() -> None:
    letter = imrparse.example_letter()
    before = jsonio.dumps(imrparse.parse(letter), spans=True)
    imrparse.clear_caches()
    assert all(cache.size() == 0 for cache in _caches.caches())
    assert jsonio.dumps(imrparse.parse(letter), spans=True) == before
    assert any(cache.size() for cache in _caches.caches())


def test_a_memo_stops_taking_entries_when_full() -> None:
    memo = _caches.Memo[str, int](2)
    assert [memo.put(k, v) for k, v in (("a", 1), ("b", 2), ("c", 3))] == [1, 2, 3]
    assert memo == {"a": 1, "b": 2}


def test_parse_leaves_the_garbage_collector_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression (gc-switch): parse switched the cyclic collector off during every call,
    a process-wide switch shared by every thread of a service."""
    seen: list[bool] = []
    tokenize = _build.tokenize

    def watching(text: str) -> tuple[imrparse.Token, ...]:
        seen.append(gc.isenabled())
        return tokenize(text)

    monkeypatch.setattr(_build, "tokenize", watching)
    assert gc.isenabled()
    imrparse.parse(imrparse.example_letter())
    assert seen == [True] and gc.isenabled()


def test_no_cache_outside_the_registry() -> None:
    """Regression (caches-scattered): functools caches and module-level dicts of values in
    jsonio, schema, testing and the content readers were kept apart from the registry,
    unbounded or bounded each its own way, and clear_caches left them full."""
    package = Path(imrparse.__file__).parent
    found = [f"{path.relative_to(package)}:{number}"
             for path in sorted(package.rglob("*.py")) if path.name != "caches.py"
             for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if "lru_cache" in line or "functools.cache" in line
             or "from functools import cache" in line]
    assert found == []
