"""Every real letter parses, without defects, to the reviewed facts in tests/data."""

from __future__ import annotations

from collections import Counter
from typing import Any

import attrs
import pytest

import imrparse
from imrparse import Determination, Outcome
from tests.corpus import (
    EXTRACTORS,
    SEED,
    corpus_cases,
    corpus_facts,
    corpus_params,
    need_corpus,
    read_letter,
)

CASES = corpus_cases()


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _head(text: str | None) -> str | None:
    return " ".join(text.split()[:8]) if text is not None else None


def _written(d: Determination, name: str) -> list[str]:
    """The reviewer's states or specialties as the letter writes them (the model holds
    their vocabulary names; the facts file, the writing)."""
    if d.reviewer is None:
        return []
    spans = [d.reviewer.span_of(f"{name}[{i}]") for i in range(len(getattr(d.reviewer, name)))]
    return [" ".join(d.text_of(span).split()) for span in spans if span is not None]


def _facts_of(d: Determination) -> dict[str, Any]:
    """The determination in the shape of corpus_facts.json."""
    h = d.header
    return {
        "case_number": h.case_number,
        "date_assigned": _iso(h.date_assigned),
        "decision_date": _iso(h.decision_date),
        "date_of_injury": _iso(h.date_of_injury),
        "ur_denial_date": _iso(h.ur_denial_date),
        "application_received": _iso(h.application_received),
        "priority": h.priority.value if h.priority else None,
        "licensure_states": _written(d, "licensure_states"),
        "specialties": _written(d, "specialties"),
        "age": d.summary.age if d.summary else None,
        "sex": d.summary.sex.value if d.summary and d.summary.sex else None,
        "n_items": len(d.items),
        "items": [
            {
                "outcome": item.outcome.value if item.outcome else None,
                "request_head": _head(item.request),
                "request_words": len(item.request.split()),
                "partial": None if item.partial is None else {
                    "original_head": _head(item.partial.original_request),
                    "authorized_head": _head(item.partial.authorized),
                    "disputed_head": _head(item.partial.disputed),
                },
            }
            for item in d.items
        ],
    }


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize("case", corpus_params(corpus_cases))
def test_letter_matches_reviewed_facts(case: str, extractor: str) -> None:
    d = imrparse.parse(read_letter(case, extractor))
    assert d.defects == ()
    assert d.layout is imrparse.Layout.FDL_2016
    assert _facts_of(d) == corpus_facts()[case]


def test_seed_letter_matches_reviewed_facts() -> None:
    d = imrparse.parse(read_letter(SEED))
    assert d.defects == ()
    assert d.layout is imrparse.Layout.FDL_SEED
    assert _facts_of(d) == corpus_facts()[SEED]


def test_seed_letter_as_the_issue_states_it() -> None:
    d = imrparse.parse(read_letter(SEED))
    assert [i.request for i in d.items] == [
        "Fluoroscopy Guided Facet Joint Block T7-T8",
        "A series of 10 Acupuncture sessions to the thoracic spine",
    ]
    assert [i.outcome for i in d.items] == [Outcome.UPHELD, Outcome.UPHELD]
    assert d.reviewer is not None
    assert d.reviewer.specialties == ("Physical Medicine & Rehabilitation",)
    assert d.reviewer.licensure_states == ("California",)
    assert d.summary is not None
    assert (d.summary.age, d.summary.sex) == (25, imrparse.Sex.FEMALE)
    assert d.header == imrparse.CaseHeader(span=d.header.span)  # no header: all None


def _words(d: Determination) -> Counter[str]:
    return Counter(d.summary.text.split()) if d.summary else Counter()


@pytest.mark.parametrize("case", corpus_params(corpus_cases))
def test_both_extractions_give_equal_results(case: str) -> None:
    a = imrparse.parse(read_letter(case, "pypdf"))
    b = imrparse.parse(read_letter(case, "pdfminer"))
    if a != b:
        # pdfminer moves the text that follows a redaction box elsewhere in its block;
        # the summary then holds the same words in another order, and nothing else differs.
        assert a.summary is not None and b.summary is not None
        assert _words(a) == _words(b)
        assert b == attrs.evolve(a, summary=b.summary)


def test_corpus_totals_agree_with_published_figures() -> None:
    """Sanity of the whole: ~10% of decisions overturned (DWC reports 8-13%)."""
    need_corpus()
    outcomes = Counter(
        item.outcome
        for case in CASES
        for item in imrparse.parse(read_letter(case, "pypdf")).items
    )
    total = sum(outcomes.values())
    assert total == sum(int(f["n_items"]) for k, f in corpus_facts().items() if k != SEED)
    assert 0.05 < outcomes[Outcome.OVERTURNED] / total < 0.15
