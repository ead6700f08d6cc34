"""Fuzzing with Hypothesis: arbitrary text and mutated real letters never break the parser.

For every input, :func:`imrparse.parse` returns a result or raises an
:class:`imrparse.ImrParseError` (and never :class:`imrparse.InternalError`, which wraps a
crash); no defect is an ``internal-error``; every defect's span lies inside the input; the
sections tile the input; every value span lies inside the input; and
:func:`imrparse.tokenize` gives tokens that concatenate back to the input.  Mutations:
bytes dropped, duplicated and swapped; headings removed and repeated; NUL, control
characters and lone surrogates inserted; the letter cut short (at sampled points and at
the edges of every heading).

The atheris harness (``tests/fuzz/atheris_parse.py``, see ``docs/fuzzing.md``) checks the
same properties; its findings become the named regression tests at the end of this file.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import imrparse
from imrparse.layouts import grammar as g
from tests.corpus import CORPUS, corpus_cases, read_letter


def check(text: str) -> imrparse.Determination | None:
    """Parse ``text`` and check every invariant of the module docstring."""
    tokens = imrparse.tokenize(text)
    assert "".join(t.text for t in tokens) == text
    pos = 0
    for token in tokens:
        assert (token.start, token.end) == (pos, pos + len(token.text))
        pos = token.end
    try:
        d = imrparse.parse(text)
    except imrparse.ImrParseError as exc:
        assert not isinstance(exc, imrparse.InternalError), f"a crash wrapped as {exc!r}"
        return None
    n = len(text)
    for defect in d.defects:
        assert defect.code is not imrparse.DefectCode.INTERNAL_ERROR, defect
        assert 0 <= defect.span.start <= defect.span.end <= n, defect
    start = 0
    for section in d.sections:
        assert section.span.start == start
        start = section.span.end
    assert start == n
    for path, obj in d.iter_located():
        assert 0 <= obj.span.start <= obj.span.end <= n, path
        for name, span in obj.value_spans:
            assert 0 <= span.start <= span.end <= n, (path, name)
    return d


def _letters() -> list[str]:
    """The example letter and, where the corpus is present, a spread of real letters in
    both extractions and the seed letter."""
    out = [imrparse.example_letter()]
    if CORPUS.is_dir():
        cases = corpus_cases()
        for case in cases[:: max(1, len(cases) // 6)]:
            out += [read_letter(case, "pypdf"), read_letter(case, "pdfminer")]
        out.append(read_letter("seed-letter"))
    return out


LETTERS = _letters()
_HEADING_WORDINGS = [h.wording for h in g.HEADINGS] + [label.wording for label in g.LABELS]

#: Characters extraction and transport damage produce: NUL, C0 and C1 controls, lone
#: surrogates, byte-order mark, replacement character, separators Python splits lines on.
ODD = st.sampled_from(["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1c", "\x1d",
                       "\x1e", "\x7f", "\x85", "\u00a0", "\u2028", "\u2029", "\ufeff",
                       "\ufffd", "\ud800", "\udbff", "\udc00", "\udfff", "\r", "\r\n", "\f"])
#: Any code point, lone surrogates included.
ANY_CHAR = st.characters(codec=None, exclude_categories=())


# --------------------------------------------------------------------------- arbitrary text


@given(st.lists(st.one_of(ANY_CHAR, ODD), max_size=400).map("".join))
def test_arbitrary_text(text: str) -> None:
    check(text)


@given(st.lists(st.one_of(st.sampled_from(_HEADING_WORDINGS), ODD,
                          st.sampled_from([": Upheld", ": Overturned", "\n", "\n\n", " ",
                                           "Case Number: CM16-0000001", "1/2/2016"]),
                          st.text(alphabet=ANY_CHAR, max_size=20)),
                max_size=60).map("".join))
def test_structure_soup(text: str) -> None:
    check(text)


# --------------------------------------------------------------------------- mutated letters


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A real (or the example) letter with one to five mutations."""
    text = draw(st.sampled_from(LETTERS))
    for _ in range(draw(st.integers(1, 5))):
        text = draw(st.sampled_from(_MUTATIONS))(draw, text)
    return text


def _point(draw: st.DrawFn, text: str) -> int:
    return draw(st.integers(0, len(text)))


def _drop(draw: st.DrawFn, text: str) -> str:
    at = _point(draw, text)
    return text[:at] + text[at + draw(st.integers(1, 40)) :]


def _duplicate(draw: st.DrawFn, text: str) -> str:
    at = _point(draw, text)
    piece = text[at : at + draw(st.integers(1, 200))]
    return text[:at] + piece + text[at:]


def _swap(draw: st.DrawFn, text: str) -> str:
    a, b = sorted((_point(draw, text), _point(draw, text)))
    size = draw(st.integers(1, 60))
    if a + size > b:
        return text
    return text[:a] + text[b : b + size] + text[a + size : b] + text[a : a + size] + text[
        b + size :]


def _insert_odd(draw: st.DrawFn, text: str) -> str:
    at = _point(draw, text)
    return text[:at] + draw(ODD) * draw(st.integers(1, 3)) + text[at:]


def _heading_positions(text: str) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in imrparse.tokenize(text)
            if t.kind in (imrparse.TokenKind.HEADING, imrparse.TokenKind.LABEL)]


def _remove_heading(draw: st.DrawFn, text: str) -> str:
    found = _heading_positions(text)
    if not found:
        return text
    start, end = draw(st.sampled_from(found))
    return text[:start] + text[end:]


def _repeat_heading(draw: st.DrawFn, text: str) -> str:
    found = _heading_positions(text)
    if not found:
        return text
    start, end = draw(st.sampled_from(found))
    at = _point(draw, text)
    return text[:at] + "\n" + text[start:end] + "\n" + text[at:]


def _cut(draw: st.DrawFn, text: str) -> str:
    at = _point(draw, text)
    return text[:at] if draw(st.booleans()) else text[at:]


_MUTATIONS = (_drop, _duplicate, _swap, _insert_odd, _remove_heading, _repeat_heading, _cut)


@given(mutated())
def test_mutated_letters(text: str) -> None:
    check(text)


@pytest.mark.parametrize("letter", LETTERS[:5], ids=lambda t: f"{len(t)}-chars")
def test_cut_at_sampled_points(letter: str) -> None:
    """Prefixes and suffixes at about 60 evenly spread points and at both edges of every
    heading and label (where a cut leaves half a heading)."""
    points = set(range(0, len(letter) + 1, max(1, len(letter) // 60)))
    for start, end in _heading_positions(letter):
        points.update({start - 1, start, start + 1, end - 1, end, end + 1,
                       (start + end) // 2})
    for at in sorted(p for p in points if 0 <= p <= len(letter)):
        check(letter[:at])
        check(letter[at:])


# --------------------------------------------------------------------------- regressions
# Findings of the atheris harness and of Hypothesis, each named after what it exercises.


@pytest.mark.parametrize("text", [
    "\udc00CLINICAL CASE SUMMARY\n",
    "IMR ISSUES, DECISIONS AND RATIONALES\n\x00: Upheld\n",
    "\x85Decision rationale:\x85",
    "CLINICAL CASE SUMMARY\n\u2028IMR ISSUES, DECISIONS AND RATIONALES\u2029x: Upheld",
    "Claims Administrator guideline:\r\r\r: Overturned\r",
    "IMR ISSUES, DECISIONS AND RATIONALES\n\n: Upheld\n\n: Upheld\n",
    "cc:\nCC:\n",
], ids=["lone-surrogate-before-heading", "nul-before-decision", "nel-around-label",
        "unicode-line-separators", "cr-only-line-breaks", "empty-requests", "both-copy-headings"])
def test_regression(text: str) -> None:
    check(text)
