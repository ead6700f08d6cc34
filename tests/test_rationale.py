"""Conclusion and boilerplate of a decision rationale (imrparse.content.rationale)."""

from __future__ import annotations

import collections

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imrparse import BoilerplateKind, Outcome
from imrparse.content.rationale import read_rationale
from tests.corpus import parsed_corpus

# Synthetic rationales in our own words; only the conclusion wording is the letters'.
LEAD = "Records show six visits with little change in function. "

CONCLUSIONS = [
    ("Hence the ask is not medically necessary.", False, "not-necessary"),
    ("Hence the ask is medically necessary.", True, "necessary"),
    ("So the ask is not medically necessary and appropriate.", False, "and-appropriate"),
    ("So the ask is not medically necessary or appropriate.", False, "or-appropriate"),
    ("The ask is not medically necessary at this time.", False, "at-this-time"),
    ("So, the ask is not-medically necessary.", False, "hyphenated"),
    ("So the ask is notmedically necessary.", False, "run-together"),
    ("Medical necessity for the ask is not established.", False, "not-established"),
    ("The ask is not indicated as medically necessary.", False, "not-indicated-as"),
    ("The ask cannot be deemed medically necessary without more data.", False, "cannot-be-deemed"),
    ("The ask is not a medical necessity for this worker now.", False, "not-a-necessity"),
    ("The ask is determined to be not medically necessary.", False, "determined-to-be-not"),
    ("The ask is determined to not be medically necessary.", False, "to-not-be"),
    ("The ask is considered not medically necessary.", False, "considered-not"),
    ("The ask is considered medically necessary.", True, "considered"),
    ("The ask is not medically appropriate.", False, "not-appropriate"),
    ("The ask is reasonable and medically necessary.", True, "reasonable-and"),
    ("The ask is not recommended.", False, "not-recommended-only"),
    ("The ask is recommended.", True, "recommended-only"),
]


@pytest.mark.parametrize(("sentence", "necessary"),
                         [pytest.param(s, n, id=i) for s, n, i in CONCLUSIONS])
def test_conclusion_forms(sentence: str, necessary: bool) -> None:
    text = LEAD + sentence
    facts = read_rationale(text, 0, len(text))
    assert facts.necessary is necessary
    assert facts.conclusion == sentence
    phrase, conclusion = facts.span_of("necessary"), facts.span_of("conclusion")
    assert phrase is not None and conclusion is not None
    assert phrase in conclusion
    assert conclusion.slice(text) == sentence


def test_necessity_wording_beats_recommendation_wording() -> None:
    text = "The ask is medically necessary. Longer use is not recommended by some."
    assert read_rationale(text).necessary is True


def test_last_conclusion_wins() -> None:
    text = ("The earlier review found it not medically necessary. New notes show progress. "
            "The ask is medically necessary.")
    assert read_rationale(text).necessary is True


OPIOID_NOTE = ("This decision addresses the medical necessity of opioids as ordered here. It is "
               "not advice to halt them at once; talk with your doctor about a slow plan for "
               "weaning and terminating opioids for this patient.")


def test_opioid_tapering_paragraph_is_not_the_conclusion() -> None:
    text = "Pain scores did not improve. The ask is not medically necessary.\n \n" + OPIOID_NOTE
    facts = read_rationale(text)
    assert facts.necessary is False
    assert [b.kind for b in facts.boilerplate] == [BoilerplateKind.OPIOID_TAPERING]
    (note,) = facts.boilerplate
    assert note.span.slice(text) == OPIOID_NOTE
    assert facts.span_of("conclusion") is not None
    assert facts.span_of("conclusion").end <= note.span.start  # type: ignore[union-attr]


def test_opioid_note_alone_has_no_conclusion() -> None:
    facts = read_rationale(OPIOID_NOTE.replace("patient", "injured worker"))
    assert facts.necessary is None and facts.conclusion is None
    assert [b.kind for b in facts.boilerplate] == [BoilerplateKind.OPIOID_TAPERING]


def test_ancillary_one_liner_is_boilerplate_and_conclusion() -> None:
    text = ("As the requested surgical intervention is not medically necessary, the requested "
            "ancillary service is not medically necessary.")
    facts = read_rationale(text)
    assert facts.necessary is False
    assert [b.kind for b in facts.boilerplate] == [BoilerplateKind.ANCILLARY_SERVICE]


def test_spans_into_full_text() -> None:
    head = "Decision rationale: "
    body = LEAD + "The ask is not medically necessary."
    text = head + body + "\n\nNext item: Upheld"
    facts = read_rationale(text, len(head), len(head) + len(body))
    assert facts.span_of("conclusion").slice(text) == "The ask is not medically necessary."  # type: ignore[union-attr]


@pytest.mark.parametrize(("start", "end"), [(9, 3), (-5, 4), (0, 10**6)])
def test_odd_ranges(start: int, end: int) -> None:
    read_rationale("It is not medically necessary.", start, end)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_never_raises(text: str) -> None:
    facts = read_rationale(text)
    assert (facts.necessary is None) == (facts.conclusion is None)


# --- corpus (through imrparse.parse) ---------------------------------------------------


@pytest.mark.corpus
def test_corpus_polarity_agrees_with_outcome() -> None:
    """Every corpus rationale concludes as its outcome word says (so no letter has a
    ``conclusion-contradicts-outcome`` defect), boilerplate inside the rationale."""
    counts: collections.Counter[tuple[Outcome | None, bool | None]] = collections.Counter()
    disagreements = []
    for label, d in parsed_corpus():
        for item in d.items:
            r = item.rationale
            assert r is not None, label
            counts[(item.outcome, r.necessary)] += 1
            if r.necessary is not (item.outcome is Outcome.OVERTURNED):
                disagreements.append((label, item.number, item.outcome, r.conclusion))
            for b in r.boilerplate:
                assert b.span in r.span
    assert sum(counts.values()) > 0
    assert disagreements == []
    assert counts[(Outcome.OVERTURNED, True)] > 0 and counts[(Outcome.UPHELD, False)] > 0


# --- conclusion phrasings beyond the corpus (issue 15) ----------------------------------

WORDINGS = [
    ("The ask is not seen as medically necessary.", False, "not-seen-as"),
    ("The ask cannot be considered medically necessary.", False, "cannot-be-considered"),
    ("The ask can't be considered to be medically necessary.", False, "cant-to-be"),
    ("The ask does not appear to be medically necessary.", False, "not-appear-to-be"),
    ("The ask is not felt to be medically necessary.", False, "not-felt-to-be"),
    ("The ask is no longer medically necessary.", False, "no-longer"),
    ("The ask isn't medically necessary.", False, "isnt"),
    ("The ask is medically unnecessary.", False, "medically-unnecessary"),
    ("The ask would be considered medically necessary.", True, "would-be-considered"),
    ("The ask would not be indicated.", False, "would-not-be-indicated"),
    ("The ask is not supported.", False, "not-supported"),
    ("The ask is supported by the guidelines.", True, "supported"),
    ("The ask is warranted.", True, "warranted"),
    ("The ask is not warranted.", False, "not-warranted"),
    ("The ask is unwarranted.", False, "unwarranted"),
    ("The ask is no longer warranted.", False, "no-longer-warranted"),
    ("The ask is appropriate.", True, "appropriate"),
    ("The ask is inappropriate.", False, "inappropriate"),
    ("The ask is reasonable.", True, "reasonable"),
    ("The ask is not reasonable.", False, "not-reasonable"),
    ("The ask is not considered reasonable.", False, "not-considered-reasonable"),
    ("The ask is justified.", True, "justified"),
    ("The ask does not meet guidelines.", False, "does-not-meet-guidelines"),
    ("The ask does not meet the MTUS criteria.", False, "does-not-meet-mtus-criteria"),
    ("The ask fails to meet the guidelines.", False, "fails-to-meet"),
    ("The ask meets ODG criteria.", True, "meets-criteria"),
    ("The ask is consistent with guidelines.", True, "consistent-with"),
    ("The ask is not consistent with guidelines.", False, "not-consistent-with"),
    ("The ask is inconsistent with guidelines.", False, "inconsistent-with"),
    ("The ask is in accordance with the guidelines.", True, "in-accordance-with"),
    ("The ask is not necessary.", False, "not-necessary"),
    ("Although pain has not improved, the ask is warranted.", True, "negation-out-of-scope"),
    ("Since she did not respond to rest, the ask is medically necessary.", True,
     "negation-earlier-clause"),
]


@pytest.mark.parametrize(("sentence", "necessary"),
                         [pytest.param(s, n, id=i) for s, n, i in WORDINGS])
def test_conclusion_wordings(sentence: str, necessary: bool) -> None:
    text = LEAD + sentence
    facts = read_rationale(text)
    assert facts.necessary is necessary
    assert facts.conclusion == sentence


def test_necessity_wording_beats_a_verdict() -> None:
    """A verdict ("is appropriate") is read only where no necessity wording is."""
    text = "The ask is not medically necessary. A home program is appropriate instead."
    assert read_rationale(text).necessary is False


def test_verdict_beats_recommendation_wording() -> None:
    text = "Guidelines say injections are recommended. Here the ask is not warranted."
    assert read_rationale(text).necessary is False


SUBJECTS = ["The request", "Therefore, the requested treatment", "It", "This service",
            "As such, the ask"]
#: Verb phrases, and whether they deny what follows.
VERBS = [("is", False), ("would be", False), ("is considered", False), ("can be deemed", False),
         ("is seen as", False), ("appears to be", False), ("remains", False),
         ("is therefore", False), ("is not", True), ("isn't", True), ("would not be", True),
         ("cannot be considered", True), ("is not seen as", True), ("is not felt to be", True),
         ("does not appear to be", True), ("could not be found", True),
         ("is no longer", True), ("has not been shown to be", True), ("is still not", True)]
#: Predicates, and whether they are themselves negative.
PREDICATES = [("medically necessary", False), ("medically appropriate", False),
              ("medically indicated", False), ("warranted", False), ("supported", False),
              ("indicated", False), ("appropriate", False), ("reasonable", False),
              ("justified", False), ("necessary", False), ("recommended", False),
              ("consistent with the guidelines", False), ("unwarranted", True),
              ("unsupported", True), ("unreasonable", True), ("inappropriate", True),
              ("inconsistent with guidelines", True)]


@given(st.sampled_from(SUBJECTS), st.sampled_from(VERBS), st.sampled_from(PREDICATES),
       st.sampled_from(["", " at this time", " for this worker"]))
def test_generated_conclusions(subject: str, verb: tuple[str, bool],
                               predicate: tuple[str, bool], tail: str) -> None:
    (verb_words, denies), (words, negative) = verb, predicate
    sentence = f"{subject} {verb_words} {words}{tail}."
    facts = read_rationale(LEAD + sentence)
    assert facts.necessary is (denies == negative), sentence
    assert facts.conclusion == sentence
