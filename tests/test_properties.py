"""Properties with round trip as the oracle: ``parse(render(d)) == d``, through every layout
and every noise model of :mod:`imrparse.testing`; lossless tokens, tiling sections and true
spans on every drawn letter; and over arbitrary text and mutated letters, only
``ImrParseError`` escapes, every problem is a defect with a span, and strict mode raises
for exactly the defects lenient mode records.

Example counts scale with the Hypothesis profile of ``tests/conftest.py`` (dev 50, ci 200).
The tests at the end are regression tests for parser limitations the properties found; a
new one is pinned there by an ``xfail(strict=True)`` test until it is fixed, and listed in
:data:`imrparse.testing.KNOWN_LIMITATIONS`, which the strategies steer around.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import imrparse
from imrparse import Determination, Layout, Outcome
from imrparse.render import render
from imrparse.testing import (
    EXTRACTORS,
    KNOWN_LIMITATIONS,
    NOISE_MODELS,
    LetterCase,
    apply_noise,
    curly_quotes,
    determinations,
    drop_blank_lines,
    letter_cases,
    map_strings,
)
from tests.provenance import assert_sections_tile, assert_spans_true, assert_tokens_lossless

_BASE = settings().max_examples


def scaled(fraction: float, **kwargs: object) -> settings:
    """This profile's example count times ``fraction`` (at least 5)."""
    return settings(max_examples=max(5, int(_BASE * fraction)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                    **kwargs)  # type: ignore[arg-type]


def _differences(expected: object, actual: object, path: str = "") -> list[str]:
    """Where two models differ, as readable paths (for failure messages)."""
    if type(expected) is not type(actual):
        return [f"{path}: {expected!r} != {actual!r}"]
    if attrs.has(type(expected)):
        found = []
        for field in attrs.fields(type(expected)):
            if field.eq:
                found += _differences(getattr(expected, field.name),
                                      getattr(actual, field.name), f"{path}.{field.name}")
        return found
    if isinstance(expected, tuple) and isinstance(actual, tuple):
        if len(expected) != len(actual):
            return [f"{path}: {len(expected)} members != {len(actual)}"]
        return [d for i, (a, b) in enumerate(zip(expected, actual, strict=True))
                for d in _differences(a, b, f"{path}[{i}]")]
    return [] if expected == actual else [f"{path}: {expected!r} != {actual!r}"]


def check_round_trip(case: LetterCase) -> Determination:
    assert_tokens_lossless(case.text)
    parsed = imrparse.parse(case.text)
    assert parsed == case.expected, (case.noise, _differences(case.expected, parsed)[:5])
    assert parsed.defects == ()
    assert_sections_tile(parsed)
    assert_spans_true(parsed)
    return parsed


# --- round trip ---------------------------------------------------------------------------


@scaled(2.0)
@given(letter_cases())
def test_round_trip_through_mixed_noise(case: LetterCase) -> None:
    check_round_trip(case)


@pytest.mark.parametrize("layout", list(Layout), ids=lambda layout: layout.value)
@scaled(0.15)
@given(data=st.data())
def test_round_trip_clean_in_every_layout(layout: Layout, data: st.DataObject) -> None:
    d = data.draw(determinations(layouts=(layout,), max_items=8))
    text = render(d)
    parsed = imrparse.parse(text)
    assert parsed.layout is layout
    assert parsed == d, _differences(d, parsed)[:5]
    assert parsed.defects == ()


_NOISES = ["curly_quotes", *NOISE_MODELS]


@pytest.mark.parametrize("noise", _NOISES)
@scaled(0.15)
@given(data=st.data())
def test_round_trip_through_each_noise_model(noise: str, data: st.DataObject) -> None:
    check_round_trip(data.draw(letter_cases(max_items=8, noise=(noise,))))


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_every_test_letter_round_trips_through_each_extractor(extractor: str) -> None:
    """The hand-written letters of every layout, rendered anew and reshaped."""
    for path in sorted((Path(__file__).parent / "letters").glob("*.txt")):
        d = imrparse.parse(path.read_text(encoding="utf-8"))
        text = apply_noise(render(d), (extractor,), seed=7)
        assert imrparse.parse(text) == d, (path.name, _differences(d, imrparse.parse(text)))


def test_render_writes_each_layout_s_own_headings() -> None:
    d = imrparse.parse(imrparse.example_letter())
    seed = render(d, Layout.FDL_SEED)
    assert "Date Assigned:" not in seed  # the seed letter has no header table
    assert "  Upheld" in seed  # two spaces before the outcome
    assert "The physician reviewer is Board Certified in Physical Medicine & Rehabilitation, " \
           "Pain Management, and is licensed to practice in California and Oregon." \
           in " ".join(seed.split())
    reparsed = imrparse.parse(seed)
    assert reparsed.layout is Layout.FDL_SEED
    assert reparsed.items == d.items and reparsed.reviewer == d.reviewer


# --- arbitrary text -----------------------------------------------------------------------

_FRAGMENTS = st.sampled_from([
    *(h.wording for h in imrparse.layouts.grammar.HEADINGS),
    *(t.wording for t in imrparse.layouts.grammar.TITLES),
    *(label.wording for label in imrparse.layouts.grammar.LABELS),
    *(f.wording for f in imrparse.layouts.grammar.HEADER_FIELDS),
    ": Upheld", ":\nOverturned", ":  Partly", "CM16-0000001", "12/09/2016", "13/45/2016",
    "Standard", "Urgent", "was the original request.", "1) MAXIMUS Federal Services, Inc. "
    "has determined the request for", "is not medically necessary and appropriate.",
    "Board Certified in", "and is licensed to practice in", "Disclaimer:", "Employee:",
    "\n", " \n", "\n\n", "\f", "\r\n", "-\n", " ", "\u00a0", "\u201c", "°",
])


@scaled(1.0)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=20)), max_size=60).map("".join))
def test_arbitrary_text_raises_only_our_error(text: str) -> None:
    check_defects_and_strict_mode(text)


def check_defects_and_strict_mode(text: str) -> Determination | None:
    """Only ``ImrParseError`` escapes; tokens, sections and spans hold; every defect has a
    span inside the text; strict mode raises with exactly the lenient defects."""
    assert_tokens_lossless(text)
    try:
        d = imrparse.parse(text)
    except imrparse.ImrParseError as exc:
        assert isinstance(exc, imrparse.NotALetterError)
        return None
    assert_sections_tile(d)
    assert_spans_true(d)
    for defect in d.defects:
        assert isinstance(defect.code, imrparse.DefectCode)
        assert defect.code is not imrparse.DefectCode.INTERNAL_ERROR, defect
        assert 0 <= defect.span.start <= defect.span.end <= len(text), defect
        assert defect.message
    if d.defects:
        with pytest.raises(imrparse.StrictModeError) as info:
            imrparse.parse(text, strict=True)
        assert info.value.defects == d.defects
        assert {x.code for x in info.value.defects} == {x.code for x in d.defects}
        assert info.value.partial == d
    else:
        assert imrparse.parse(text, strict=True) == d
    return d


# --- mutated letters ----------------------------------------------------------------------

_MUTATIONS = ("delete-heading", "duplicate-heading", "move-heading", "misspell-label", "cut")


@st.composite
def mutated(draw: st.DrawFn) -> tuple[LetterCase, str, str, str]:
    """A drawn letter, a mutation name, the rule of the heading or label it hit and the
    mutated text."""
    case = draw(letter_cases(max_items=6))
    text = case.text
    kind = draw(st.sampled_from(_MUTATIONS))
    tokens = imrparse.tokenize(text)
    headings = [t for t in tokens if t.kind is imrparse.TokenKind.HEADING]
    labels = [t for t in tokens if t.kind in (imrparse.TokenKind.HEADING,
                                              imrparse.TokenKind.LABEL)]
    if kind == "cut" or not headings:
        return case, "cut", "", text[: draw(st.integers(0, len(text)))]
    if kind == "misspell-label":
        token = draw(st.sampled_from(labels))
        letters = [i for i, c in enumerate(token.text) if c.isalpha()]
        at = token.start + draw(st.sampled_from(letters))
        return case, kind, token.name, text[:at] + ("q" if text[at] != "q" else "z") \
            + text[at + 1:]
    token = draw(st.sampled_from(headings))
    line = token.text + "\n"
    if kind == "delete-heading":
        return case, kind, token.name, text[: token.start] + text[token.end:]
    if kind == "duplicate-heading":
        return case, kind, token.name, text[: token.start] + line + text[token.start:]
    rest = text[: token.start] + text[token.end:]
    breaks = [m.end() for m in re.finditer(r"\n", rest)] or [0]
    at = draw(st.sampled_from(breaks))
    return case, kind, token.name, rest[:at] + line + rest[at:]


@scaled(2.0)
@given(mutated())
def test_mutated_letters_yield_defects_not_crashes(
        mutation: tuple[LetterCase, str, str, str]) -> None:
    case, kind, rule, text = mutation
    d = check_defects_and_strict_mode(text)
    if d is None or kind in ("cut", "move-heading"):
        return
    layout = case.determination.layout
    required = next(r.required for r in imrparse.layouts.grammar.LAYOUTS if r.layout is layout)
    if rule not in required and rule not in {k.value for k in imrparse.layouts.grammar.ITEM_LABELS}:
        return  # an optional heading or a credentials label: its loss may go unseen
    # A required heading deleted or duplicated, or an item label or required heading
    # misspelt, never passes unnoticed: the letter reads differently, and says so.
    if d != case.expected:
        assert d.defects, (kind, _differences(case.expected, d)[:3])


@pytest.mark.parametrize("kind", ["delete-heading", "duplicate-heading", "misspell-label"])
def test_each_mutation_of_the_example_is_a_defect(kind: str) -> None:
    """The mutations above, once each on the example letter, with the defect expected."""
    text = render(imrparse.parse(imrparse.example_letter()))
    heading = "CLINICAL CASE SUMMARY\n"
    mutated_text = {
        "delete-heading": text.replace(heading, "", 1),
        "duplicate-heading": text.replace(heading, heading + heading, 1),
        "misspell-label": text.replace("MAXIMUS guideline:", "MAXIMUS guidelnie:", 1),
    }[kind]
    code = {"delete-heading": imrparse.DefectCode.MISSING_HEADING,
            "duplicate-heading": imrparse.DefectCode.DUPLICATE_HEADING,
            "misspell-label": imrparse.DefectCode.MISSING_LABEL}[kind]
    d = check_defects_and_strict_mode(mutated_text)
    assert d is not None and code in {x.code for x in d.defects}


# --- the noise models on their own --------------------------------------------------------


def test_curly_quotes_and_map_strings_agree() -> None:
    assert curly_quotes('He said "no" and it\'s (" fine")') == \
        "He said \u201cno\u201d and it\u2019s (\u201c fine\u201d)"
    d = imrparse.parse(imrparse.example_letter())
    item = attrs.evolve(d.items[0], request='Brace "hinged"')
    changed = map_strings(attrs.evolve(d, items=(item,)), curly_quotes)
    assert changed.items[0].request == "Brace \u201chinged\u201d"
    assert changed.items[0].outcome is Outcome.UPHELD


@pytest.mark.parametrize("name", list(NOISE_MODELS))
def test_noise_models_keep_the_words(name: str) -> None:
    """No noise model adds, drops or reorders words outside the header table."""
    text = render(imrparse.parse(imrparse.example_letter()))
    noisy = apply_noise(text, (name,), seed=3)
    words = re.compile(r"[A-Za-z0-9]+")
    body = text[text.index("HOW THE"):]
    noisy_body = noisy[noisy.index("HOW THE"):]
    assert words.findall(body) == words.findall(noisy_body)


def test_known_limitations_are_listed() -> None:
    assert {name for name, _ in KNOWN_LIMITATIONS} == set()


# --- parser limitations found by the properties (minimal inputs) --------------------------


def _example_with(**changes: object) -> Determination:
    return attrs.evolve(imrparse.parse(imrparse.example_letter()), **changes)


def test_age_broken_after_its_hyphen_is_read() -> None:
    text = render(_example_with()).replace("52 year old", "52-\nyear-old")
    assert imrparse.parse(text).summary.age == 52  # type: ignore[union-attr]


_COLON_ITEM = "Associated surgical service: Cold therapy unit"


def _colon_request_letter() -> str:
    d = _example_with()
    item = attrs.evolve(d.items[0], number=2, request=_COLON_ITEM)
    text = render(attrs.evolve(d, items=(d.items[1], item)))
    return text.replace("service: Cold", "service:\nCold")


def _request_after_colon(join: str) -> str:
    """The colon-ending request as read with ``join`` in place of its line break."""
    text = _colon_request_letter().replace("service:\nCold", f"service:{join}Cold")
    return imrparse.parse(text).items[1].request


def test_request_wrapped_after_its_colon_without_blank_lines() -> None:
    d = imrparse.parse(drop_blank_lines(_colon_request_letter()))
    assert d.items[1].request == _COLON_ITEM


def test_page_join_after_a_colon_inside_a_request() -> None:
    assert _request_after_colon("\n\n \n \n") == _COLON_ITEM


def test_form_feed_after_a_colon_inside_a_request() -> None:
    assert _request_after_colon("\n\f") == _COLON_ITEM


def test_disclaimer_date_wrapped_between_month_and_day() -> None:
    path = Path(__file__).parent / "letters" / "notice-2013.txt"
    d = imrparse.parse(path.read_text(encoding="utf-8"))
    text = render(d).replace("September 3, 2013", "September\n3, 2013")
    assert imrparse.parse(text).summary == d.summary


def test_address_block_without_blank_lines() -> None:
    """Regression (unbroken-address): without blank lines the last party's address ran on
    into the notice's determination sentences; a known line ends it."""
    text = ("MAXIMUS FEDERAL SERVICES, INC.\nNotice of Independent Medical Review "
            "Determination\nDated: 10/4/2013\nEmployer: Pacific Grocers Inc\n"
            "1) MAXIMUS Federal Services, Inc. has determined the request for Cervical "
            "pillow is medically necessary and appropriate.\n"
            "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE\n"
            "1) MAXIMUS Federal Services, Inc. has determined the request for Cervical "
            "pillow is medically necessary and appropriate.\n"
            "Medical Qualifications of the Expert Reviewer:\nThe reviewer is independent.\n"
            "Case Summary:\nThe worker is a cashier.\n")
    d = imrparse.parse(text)
    assert d.parties is not None and d.parties.employer is not None
    assert d.parties.employer.address == ()


def test_address_ends_at_a_line_that_is_no_address() -> None:
    """Without blank lines, a line of prose after an address is not part of it."""
    text = ("Employer: Pacific Grocers Inc\n900 Industrial Parkway\nModesto, CA 95355\n"
            "The worker asked for an independent review of the treatment denied to him.\n"
            "HOW THE IMR FINAL DETERMINATION WAS MADE\nThe reviewer is independent.\n")
    d = imrparse.parse(text)
    assert d.parties is not None and d.parties.employer is not None
    assert d.parties.employer.address == ("900 Industrial Parkway", "Modesto, CA 95355")


@pytest.mark.parametrize("spoil", ["delete", "misspell"])
def test_heading_missing_from_one_report_of_several(spoil: str) -> None:
    """Regression (repeated-heading-deleted): a report whose heading is deleted or misspelt
    was no defect, the heading being found in another report."""
    d = imrparse.parse((Path(__file__).parent / "letters" / "medical-professional-review.txt")
                       .read_text(encoding="utf-8"))
    second = attrs.evolve(d.items[0], number=2, request="Cervical pillow")
    text = render(attrs.evolve(d, items=(d.items[0], second)))
    heading = next(h.wording for h in imrparse.layouts.grammar.HEADINGS
                   if h.name == "guidelines_relied_upon")
    replacement = "" if spoil == "delete" else "q" + heading[1:] + "\n"
    mutated_text = text.replace(heading + "\n", replacement, 1)
    d = imrparse.parse(mutated_text)
    assert [(x.code, x.path) for x in d.defects] == [
        (imrparse.DefectCode.MISSING_HEADING, "items[0]")]
    assert d.items[0].span.start < d.defects[0].span.end <= d.items[1].span.start


def test_page_join_inside_a_request_of_a_letter_without_blank_lines() -> None:
    """Regression (found writing the example PDF): in a letter whose only blank line is a
    page join inside a request, the request began at the previous item's rationale."""
    d = imrparse.parse(imrparse.example_letter())
    text = drop_blank_lines(render(d)).replace("spine 2x4 was the original request. Physical "
                                               "therapy for\n", "spine 2x4 was the original "
                                               "request. Physical therapy for\n\n", 1)
    assert "for\n\n" in text
    assert imrparse.parse(text) == d
