"""What the prose says: the model nodes whose content the content readers read.

The stages before this one find *where* a request, a guideline paragraph, a rationale and
a case summary are; this one turns each into its model node with the values read from it:
the normalized treatment (:mod:`imrparse._treatment`), the guideline basis
(:mod:`imrparse._citations`), the rationale's conclusion (:mod:`imrparse._rationale`) and
the clinical facts (:mod:`imrparse._clinical`).  Every layout builds its nodes here, so
each reader runs the same way whatever the layout.
"""

from __future__ import annotations

from typing import Any

import attrs

from imrparse._base import Span
from imrparse._citations import read_guideline_basis
from imrparse._clinical import ClinicalFacts, read_clinical_facts
from imrparse._rationale import read_rationale
from imrparse._reading import Reading
from imrparse._treatment import read_treatment
from imrparse.errors import DefectCode
from imrparse.model import (
    Determination,
    DisputedItem,
    Guideline,
    GuidelineSource,
    Outcome,
    PartialAuthorization,
    Rationale,
    Treatment,
)
from imrparse.vocab.reviewers import normalize_specialty, normalize_state
from imrparse.vocab.treatments import Vocabulary

__all__ = [
    "RATIONALE_FACTS", "SUMMARY_FACTS", "fields", "fill", "guideline", "rationale",
    "stated_outcome", "summary_facts", "treatment",
]


def guideline(reading: Reading, node: Span, paragraph: Span, content: str,
              source: GuidelineSource, *, path: str) -> Guideline:
    """The guideline node whose label starts ``node`` and whose paragraph is ``paragraph``."""
    basis = reading.attempt(paragraph, f"{path}.basis", read_guideline_basis, reading.text,
                            paragraph.start, paragraph.end)
    return Guideline(span=node, value_spans=(("text", paragraph),), source=source,
                     text=content, basis=basis)


def rationale(reading: Reading, node: Span, paragraph: Span, content: str, *,
              outcome: Outcome | None, path: str) -> Rationale:
    """The rationale node; a conclusion contradicting ``outcome`` is reported."""
    try:
        facts = reading.attempt(paragraph, path, read_rationale, reading.text,
                                paragraph.start, paragraph.end)
    except TimeoutError:
        reading.defect(DefectCode.PATTERN_TIMEOUT, "rationale patterns timed out", paragraph,
                       path)
        facts = None
    if facts is None:
        return Rationale(span=node, value_spans=(("text", paragraph),), text=content)
    if facts.necessary is not None and outcome is not None and (
            facts.necessary is (outcome is Outcome.UPHELD)):
        said = "necessary" if facts.necessary else "not necessary"
        reading.defect(DefectCode.CONCLUSION_CONTRADICTS_OUTCOME,
                       f"the rationale concludes {said!r} but the outcome is {outcome.value!r}",
                       facts.span_of("necessary") or paragraph, f"{path}.necessary")
    return Rationale(span=node, value_spans=(("text", paragraph), *facts.value_spans),
                     text=content, **fields(facts, RATIONALE_FACTS))


def stated_outcome(necessary: bool | None) -> Outcome | None:
    """The outcome a rationale's conclusion states (:attr:`Rationale.necessary`): the
    medical professional review has no decision line, so its outcome is read from there,
    and the writer leaves the outcome out exactly where this reads it."""
    if necessary is None:
        return None
    return Outcome.OVERTURNED if necessary else Outcome.UPHELD


def treatment(reading: Reading, request: Span | None, partial: PartialAuthorization | None,
              *, path: str) -> Treatment | None:
    """The treatment a request asks for: of a partial authorization, the disputed part."""
    if request is None:
        return None
    disputed = partial.span_of("disputed") if partial is not None else None
    where = disputed or request
    return reading.attempt(where, f"{path}.treatment", read_treatment, reading.text,
                           where.start, where.end, vocabulary=reading.vocabulary)


#: The fields of :class:`Rationale` read from its text.
RATIONALE_FACTS = ("necessary", "conclusion", "boilerplate")
#: The fields of :class:`CaseSummary` read from its text besides age and sex (which a
#: drawn model states for itself, see :func:`fill`).
SUMMARY_FACTS = ("date_of_injury", "diagnoses", "medications", "ur_decision")


def fields(facts: object, names: tuple[str, ...]) -> dict[str, Any]:
    """The values named ``names`` of a reader's result, as model fields."""
    return {name: getattr(facts, name) for name in names}


def summary_facts(reading: Reading, paragraph: Span) -> ClinicalFacts | None:
    """The clinical facts of the case summary ``paragraph``."""
    try:
        return reading.attempt(paragraph, "summary", read_clinical_facts, reading.text,
                               paragraph.start, paragraph.end)
    except TimeoutError:
        reading.defect(DefectCode.PATTERN_TIMEOUT, "case summary patterns timed out",
                       paragraph, "summary")
        return None


def fill(determination: Determination, *,
         vocabulary: Vocabulary | None = None) -> Determination:
    """``determination`` with every value read from prose (treatments, guideline bases,
    conclusions, clinical facts, vocabulary names of the reviewer's terms) read afresh
    from its text fields, as :func:`~imrparse.parse` reads them from the letter.

    For a model built by hand (:func:`imrparse.testing.determinations` builds them so):
    the text fields are the truth, the rest follows from them.  Spans are left as they are.
    """
    def item(it: DisputedItem) -> DisputedItem:
        changes: dict[str, Any] = {"treatment": _read_alone(it.request, it.partial,
                                                            vocabulary)}
        for name in ("claims_administrator_guideline", "maximus_guideline"):
            node = getattr(it, name)
            if node is not None:
                changes[name] = attrs.evolve(node, basis=read_guideline_basis(node.text))
        if it.rationale is not None:
            changes["rationale"] = attrs.evolve(
                it.rationale, **fields(read_rationale(it.rationale.text), RATIONALE_FACTS))
        return attrs.evolve(it, **changes)

    changes: dict[str, Any] = {"items": tuple(item(it) for it in determination.items)}
    summary = determination.summary
    if summary is not None:
        changes["summary"] = attrs.evolve(
            summary, **fields(read_clinical_facts(summary.text), SUMMARY_FACTS))
    reviewer = determination.reviewer
    if reviewer is not None:
        changes["reviewer"] = attrs.evolve(
            reviewer,
            licensure_states=tuple(normalize_state(s) or s for s in reviewer.licensure_states),
            specialties=tuple(normalize_specialty(s) or s for s in reviewer.specialties))
    return attrs.evolve(determination, **changes)


def _read_alone(request: str, partial: PartialAuthorization | None,
                vocabulary: Vocabulary | None) -> Treatment | None:
    text = partial.disputed if partial is not None and partial.disputed else request
    return read_treatment(text, vocabulary=vocabulary)
