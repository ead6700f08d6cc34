"""Pathological inputs parse in linear time, or raise only :class:`imrparse.ImrParseError`.

Each case is a text built at size ``n`` and ``4n`` (the larger one is the size the issue
names: 5 MB without a line break, 100,000 heading lines, a million colons...), parsed
alone and inside the bundled example letter (so that the section, header and item readers
see it too, not only the tokenizer).  Linearity is asserted by comparing the CPU time at
``4n`` with the time at ``n``: a linear parser takes about 4 times as long, a quadratic
one 16 times; the bound (:data:`FACTOR`) is generous so that a loaded machine does not
fail the test.  No absolute time is asserted.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable

import pytest

import imrparse

#: t(4n) / t(n) above this is not linear (quadratic gives 16).
FACTOR = 10.0
#: Timings below this are clock noise: the ratio is taken against at least this.
NOISE_S = 0.01

_SENTENCE = "The reviewer read the notes of the visit and found no reason to change it. "


def _repeat(unit: str) -> Callable[[int], str]:
    """A builder of ``unit`` repeated to about ``n`` characters."""
    return lambda n: unit * max(1, n // len(unit))


#: (name, builder, 4n in characters).  Cases that create an item per line (": Upheld",
#: item labels) are run at a quarter of the issue's 100,000 lines: each line becomes an
#: item with its defects, about 40 us each, and the file must stay fast.
CASES: tuple[tuple[str, Callable[[int], str], int], ...] = (
    ("5MB-without-newline", _repeat(_SENTENCE), 5_000_000),
    ("decision-lines", _repeat(": Upheld\n"), 25_000 * 9),
    ("decision-colon-break", _repeat(":\nOverturned\n"), 10_000 * 13),
    ("heading-repeated", _repeat("CLINICAL CASE SUMMARY\n"), 100_000 * 22),
    ("heading-wrapped-repeated", _repeat("IMR ISSUES, DECISIONS\nAND RATIONALES\n"),
     25_000 * 37),
    ("unknown-capitals-headings", _repeat("\nUNKNOWN HEADING OF CAPITALS\n"), 25_000 * 29),
    ("sections-repeated", _repeat("Section(s):"), 100_000 * 11),
    ("sections-nested", _repeat("Section(s): State(s) of Licensure: Section(s)"), 2_000_000),
    ("million-colons", _repeat(":"), 1_000_000),
    ("colon-space-runs", _repeat(": \n"), 1_000_000),
    ("claims-administrator-lines", _repeat("Claims Administrator guideline:\n"), 25_000 * 32),
    ("million-spaces", _repeat(" "), 1_000_000),
    ("form-feeds", _repeat("\f"), 1_000_000),
    ("carriage-returns", _repeat("\r"), 1_000_000),
    ("crlf-runs", _repeat("\r\n"), 1_000_000),
    ("blank-padded-lines", _repeat(" \t\u00a0 \r\n"), 1_000_000),
    ("word-gap-word", _repeat("CLINICAL" + " \n" * 40 + "CASE "), 1_000_000),
    ("hyphen-line-ends", _repeat("non-\n"), 1_000_000),
    ("open-parentheses", _repeat("("), 1_000_000),
    ("dates", _repeat("Date Assigned: 1/1/2016 "), 1_000_000),
    ("partial-sentences", _repeat("was the original request. "), 1_000_000),
    ("notice-determinations",
     _repeat("1) MAXIMUS Federal Services, Inc. has determined the request for x "),
     1_000_000),
    ("credentials-sentences", _repeat("Board Certified in x, "), 1_000_000),
    ("conclusions", _repeat("is not medically "), 1_000_000),
    ("disclaimer", _repeat("Disclaimer: x "), 1_000_000),
)

_LETTER = imrparse.example_letter()
#: Inside the first item's rationale, so the item readers walk over the text.
_INSIDE = _LETTER.index("Decision rationale:") + len("Decision rationale:")


def _cpu_seconds(text: str) -> float:
    # Timed without the cyclic collector: a full collection of the test process's heap,
    # which a large parse may or may not set off, says nothing about the parser.
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        with contextlib.suppress(imrparse.ImrParseError):
            imrparse.parse(text)
        return time.process_time() - start
    finally:
        gc.enable()


def _assert_linear(build: Callable[[int], str], big: int) -> None:
    small_text, big_text = build(big // 4), build(big)
    small = min(_cpu_seconds(small_text), _cpu_seconds(small_text))
    large = _cpu_seconds(big_text)
    ratio = large / max(small, NOISE_S)
    assert ratio < FACTOR, (
        f"{len(big_text)} chars took {large:.3f}s, {len(small_text)} took {small:.3f}s: "
        f"x{ratio:.1f} for x4 the input")


@pytest.mark.parametrize(("build", "big"), [(b, n) for _, b, n in CASES],
                         ids=[name for name, _, _ in CASES])
def test_alone_is_linear(build: Callable[[int], str], big: int) -> None:
    _assert_linear(build, big)


#: Cases whose text alone already makes a letter (headings, items) and are slow to build
#: a whole model for are not run again inside the example letter.
_ALONE_ONLY = frozenset({"heading-repeated", "heading-wrapped-repeated",
                         "unknown-capitals-headings", "decision-colon-break",
                         "claims-administrator-lines"})


@pytest.mark.parametrize(("build", "big"),
                         [(b, n) for name, b, n in CASES if name not in _ALONE_ONLY],
                         ids=[name for name, _, _ in CASES if name not in _ALONE_ONLY])
def test_inside_a_letter_is_linear(build: Callable[[int], str], big: int) -> None:
    def inside(n: int) -> str:
        return _LETTER[:_INSIDE] + "\n" + build(n) + "\n" + _LETTER[_INSIDE:]

    _assert_linear(inside, big)


@pytest.mark.parametrize(("name", "build"), [(name, b) for name, b, _ in CASES],
                         ids=[name for name, _, _ in CASES])
def test_only_our_error_escapes(name: str, build: Callable[[int], str]) -> None:
    """At a small size, the result is whole: tokens concatenate, sections tile."""
    text = _LETTER[:_INSIDE] + build(5_000) + _LETTER[_INSIDE:]
    for candidate in (build(5_000), text):
        assert "".join(t.text for t in imrparse.tokenize(candidate)) == candidate
        try:
            d = imrparse.parse(candidate)
        except imrparse.ImrParseError:
            continue
        assert d.sections[0].span.start == 0
        assert d.sections[-1].span.end == len(candidate)
        for defect in d.defects:
            assert 0 <= defect.span.start <= defect.span.end <= len(candidate), name


# --------------------------------------------------------------------------- readers
# Content readers, checked on their own as well as through parse().


def test_guideline_sections_whitespace_run_is_linear() -> None:
    from imrparse.content.citations import read_guideline_basis

    head = "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids,"

    def seconds(n: int) -> float:
        text = head + " " * n + "and more"
        start = time.process_time()
        read_guideline_basis(text)
        return time.process_time() - start

    small = min(seconds(4_000), seconds(4_000))
    large = seconds(16_000)
    assert large / max(small, NOISE_S) < FACTOR, (small, large)
