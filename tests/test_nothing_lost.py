"""Nothing is lost: every character of a letter is in one section, and every word is taken
by a value or reported.

Two properties, over the corpus (both extractions and the seed letter), the bundled
example letter and letters generated from it:

1. The sections tile the input: each character belongs to exactly one section.
2. Every word (a run of ``\\w`` characters: separators and punctuation belong to the
   structure) lies in a span the result accounts for: a model object's span (from
   ``Determination.iter_located()``, the root excepted, since it covers everything), a
   section heading, a section's boilerplate, or a defect.  Text no field takes must be a
   defect.

A stricter form of 2 (:func:`leaf_holes`) no longer counts the spans of objects that merely
group others (the header, an item, the reviewer): only leaf values, the guideline and
rationale paragraphs, the labels and headings that the grammar tables name, boilerplate
and defects.  The corpus meets it too.

A word neither taken nor reported is a hole.  Each hole found is a named regression test
at the end of this file.
"""

from __future__ import annotations

import re

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

import imrparse
from imrparse import Determination, Span
from imrparse.layouts import grammar as g
from tests.corpus import corpus_params, corpus_texts

_WORD = re.compile(r"\w+")
#: Objects whose span is a value's own text (a paragraph starting at its label), not a
#: grouping of other objects.
_LEAF_TYPES = frozenset({"Guideline", "Rationale", "ReviewedDocument", "Party"})
_STRUCTURAL_TOKENS = frozenset({imrparse.TokenKind.LABEL, imrparse.TokenKind.TITLE,
                                imrparse.TokenKind.DECISION, imrparse.TokenKind.HEADING})
_HEADER_LABELS = regex.compile("|".join(f.pattern for f in g.HEADER_FIELDS))


def _accounted(d: Determination, *, leaves_only: bool) -> list[Span]:
    spans: list[Span] = []
    for path, obj in d.iter_located():
        if path == "":
            continue
        if not leaves_only or type(obj).__name__ in _LEAF_TYPES:
            spans.append(obj.span)
        spans.extend(span for _, span in obj.value_spans)
    for section in d.sections:
        if section.heading is not None:
            spans.append(section.heading)
        spans.extend(section.boilerplate)
    spans.extend(defect.span for defect in d.defects)
    if leaves_only:
        text = d.source_text
        spans.extend(t.span for t in imrparse.tokenize(text) if t.kind in _STRUCTURAL_TOKENS)
        # Header labels are looked for with the values blanked out, as the header reader
        # does (an extractor may put a value between the two lines of a wrapped label).
        masked = list(text)
        for _, span in d.header.value_spans:
            masked[span.start : span.end] = " " * len(span)
        spans.extend(Span(m.start(), m.end())
                     for m in _HEADER_LABELS.finditer("".join(masked)))
    return spans


def _holes(d: Determination, *, leaves_only: bool) -> list[tuple[int, str]]:
    covered = bytearray(len(d.source_text))
    for span in _accounted(d, leaves_only=leaves_only):
        covered[span.start : span.end] = b"\x01" * len(span)
    return [(m.start(), m.group()) for m in _WORD.finditer(d.source_text)
            if not all(covered[m.start() : m.end()])]


def holes(d: Determination) -> list[tuple[int, str]]:
    """Words (offset, word) that no object, heading, boilerplate or defect accounts for."""
    return _holes(d, leaves_only=False)


def leaf_holes(d: Determination) -> list[tuple[int, str]]:
    """The stricter form: grouping objects' spans do not count (see the module docstring)."""
    return _holes(d, leaves_only=True)


def assert_tiled(d: Determination) -> None:
    owner = [0] * len(d.source_text)
    for section in d.sections:
        for i in range(section.span.start, section.span.end):
            owner[i] += 1
    assert all(count == 1 for count in owner), "a character is in no section or in two"


def _describe(d: Determination, found: list[tuple[int, str]]) -> str:
    first = found[0][0]
    return (f"{len(found)} word(s) neither taken nor reported, first at {first}: "
            f"{d.source_text[first : first + 80]!r}")


def _parse_or_none(text: str) -> Determination | None:
    try:
        return imrparse.parse(text)
    except imrparse.ImrParseError:
        return None


# --------------------------------------------------------------------------- corpus


@pytest.mark.parametrize("label_text", corpus_params(corpus_texts), ids=lambda lt: lt[0])
def test_corpus_loses_nothing(label_text: tuple[str, str]) -> None:
    d = imrparse.parse(label_text[1])
    assert_tiled(d)
    found = holes(d)
    assert not found, _describe(d, found)
    strict = leaf_holes(d)
    assert not strict, _describe(d, strict)


def test_example_letter_loses_nothing() -> None:
    d = imrparse.parse(imrparse.example_letter())
    assert_tiled(d)
    assert not holes(d)
    assert not leaf_holes(d)


# --------------------------------------------------------------------------- generated

_LETTER = imrparse.example_letter()
_LINES = _LETTER.splitlines(keepends=True)

#: Lines of our own that are no value of any field: plain sentences, fragments, noise.
_STRAY = st.sampled_from([
    "A sentence the reviewer added without any label.\n",
    "see the attached page\n",
    "Note: records were received late.\n",
    "junk 42 && ## ~~\n",
    "Page 3 of 7\n",
    "   \n",
    "\n",
    "x\n",
    "An unfinished fragment that runs on",
    "The reviewer also noted, in passing, that the worker drives.\n",
])


@st.composite
def stray_letters(draw: st.DrawFn) -> str:
    """The example letter with one to four stray lines inserted anywhere."""
    lines = list(_LINES)
    for _ in range(draw(st.integers(1, 4))):
        lines.insert(draw(st.integers(0, len(lines))), draw(_STRAY))
    return "".join(lines)


@given(stray_letters())
def test_stray_lines_are_taken_or_reported(text: str) -> None:
    d = _parse_or_none(text)
    if d is None:
        return
    assert_tiled(d)
    found = holes(d)
    assert not found, _describe(d, found)


def _item_boundaries() -> list[int]:
    """Line indexes just before each item's decision line and each item label."""
    marks = (": Upheld", ": Overturned", "Claims Administrator guideline:",
             "MAXIMUS guideline:", "Decision rationale:")
    return [i for i, line in enumerate(_LINES) if any(m in line for m in marks)]


@given(st.sampled_from(_item_boundaries()), _STRAY, st.booleans())
def test_junk_between_items_is_taken_or_reported(at: int, junk: str, after: bool) -> None:
    lines = list(_LINES)
    lines.insert(at + after, junk)
    d = _parse_or_none("".join(lines))
    if d is None:
        return
    assert_tiled(d)
    found = holes(d)
    assert not found, _describe(d, found)


# ---------------------------------------------------- regressions: holes found and closed


def _insert_line(line: str, before: str) -> str:
    at = _LETTER.index(before)
    at = _LETTER.rfind("\n", 0, at) + 1
    return _LETTER[:at] + line + _LETTER[at:]


@pytest.mark.parametrize("before", [
    "Case Number:", "State(s) of Licensure:", "The injured worker is",
    "Claims Administrator guideline:", "Decision rationale: The worker",
], ids=["header", "credentials", "summary", "item-label", "rationale"])
def test_unknown_heading_body_is_taken_or_reported(before: str) -> None:
    text = _insert_line("\nAN UNKNOWN HEADING IN CAPITALS\n", before)
    d = imrparse.parse(text)
    found = holes(d)
    assert not found, _describe(d, found)


def test_text_after_a_label_less_decision_line_is_reported() -> None:
    # A decision line where a rationale continues: the rest of the rationale follows it.
    at = _LETTER.index("Decision rationale: The guidelines")
    at = _LETTER.index("\n", at) + 1
    text = _LETTER[:at] + "Something added here: Upheld\n" + _LETTER[at:]
    d = imrparse.parse(text)
    found = holes(d)
    assert not found, _describe(d, found)


def test_unknown_heading_after_the_last_section_body_is_reported() -> None:
    """An unknown heading closing the letter loses nothing either."""
    d = imrparse.parse(_LETTER.rstrip("\n") + "\n\nAN UNKNOWN HEADING IN CAPITALS\n")
    assert not holes(d)
    assert any(x.code is imrparse.DefectCode.UNRECOGNIZED_HEADING for x in d.defects)
