"""Template drift (issue 15): the drift models of :mod:`imrparse.testing` on generated
letters (round trip) and on the corpus letters (every core fact kept, or a defect for what
was lost)."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import imrparse
from imrparse import Determination
from imrparse.testing import (
    DRIFT_MODELS,
    EXTRACTORS,
    LetterCase,
    apply_noise,
    drift,
    letter_cases,
)
from tests.corpus import corpus_params, corpus_texts
from tests.test_properties import check_round_trip, scaled


def core_facts(d: Determination) -> tuple[object, ...]:
    """Case number, items (request, outcome, partial authorization), age and sex."""
    summary = d.summary
    return (d.case_number,
            tuple((i.request, i.outcome, i.partial) for i in d.items),
            summary.age if summary else None, summary.sex if summary else None)


@pytest.mark.parametrize("name", list(DRIFT_MODELS))
@scaled(0.15)
@given(data=st.data())
def test_round_trip_through_each_drift_model(name: str, data: st.DataObject) -> None:
    check_round_trip(data.draw(letter_cases(max_items=8, noise=(name,))))


@st.composite
def _drifted(draw: st.DrawFn) -> tuple[LetterCase, str]:
    extractor = draw(st.sampled_from((None, *EXTRACTORS)))
    case = draw(letter_cases(max_items=8, noise=(*DRIFT_MODELS,)))
    text = apply_noise(case.text, (extractor,), 11) if extractor else case.text
    return case, text


@scaled(0.5)
@given(_drifted())
def test_drifted_letter_keeps_core_facts_or_reports_a_defect(
        drawn: tuple[LetterCase, str]) -> None:
    case, text = drawn
    parsed = imrparse.parse(text)
    assert core_facts(parsed) == core_facts(case.expected) or parsed.defects, case.noise


@pytest.mark.parametrize("name", list(DRIFT_MODELS))
def test_drift_model_changes_only_fixed_wording(name: str) -> None:
    """The letter's words are the same, up to case and the rewordings of the tables."""
    text = imrparse.example_letter()
    drifted = apply_noise(text, (name,), seed=2)
    assert drifted != text
    if name != "reword_headings":
        words = re.compile(r"[A-Za-z0-9]+")
        assert sorted(w.lower() for w in words.findall(text)) == sorted(
            w.lower() for w in words.findall(drifted))


@pytest.mark.parametrize("label_text", corpus_params(corpus_texts), ids=lambda lt: lt[0])
def test_drifted_corpus_letter_keeps_every_core_fact(label_text: tuple[str, str]) -> None:
    """A corpus letter under every drift model at once keeps its core facts with no new
    defect (the reference is the unedited letter)."""
    label, text = label_text
    reference = imrparse.parse(text)
    for seed in range(3):
        drifted = imrparse.parse(drift(text, random.Random(seed)))
        assert core_facts(drifted) == core_facts(reference), (label, seed)
        assert len(drifted.defects) <= len(reference.defects), (label, seed)
