"""What the prose says: the model nodes whose content the content readers read.

The stages before this one find *where* a request, a guideline paragraph, a rationale and a
case summary are; this one turns each into its model node with the values read from it: the
normalized treatment (:mod:`imrparse.content.treatment`), the guideline basis
(:mod:`imrparse.content.citations`), the rationale's conclusion
(:mod:`imrparse.content.rationale`) and the clinical facts
(:mod:`imrparse.content.clinical`). Every layout builds its nodes here, so each reader runs
the same way whatever the layout. """

from __future__ import annotations

import datetime as dt

import attrs

from imrparse.content.citations import read_guideline_basis
from imrparse.content.clinical import read_clinical_facts
from imrparse.content.rationale import read_rationale
from imrparse.content.treatment import inherit_places, read_treatment
from imrparse.errors import DefectCode
from imrparse.model import (
    CaseSummary,
    Determination,
    DisputedItem,
    Guideline,
    GuidelineSource,
    Outcome,
    PartialAuthorization,
    Rationale,
    Treatment,
)
from imrparse.model.spans import Span
from imrparse.text.reading import Reading
from imrparse.vocab.reviewers import normalize_specialty, normalize_state
from imrparse.vocab.treatments import Vocabulary

__all__ = [
    "fill", "guideline", "rationale", "stated_outcome", "summary", "treatment",
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
                     text=content, necessary=facts.necessary, conclusion=facts.conclusion,
                     boilerplate=facts.boilerplate)


def stated_outcome(necessary: bool | None) -> Outcome | None:
    """The outcome a rationale's conclusion states (:attr:`Rationale.necessary`): the
    medical professional review has no decision line, so its outcome is read from there,
    and the writer leaves the outcome out exactly where this reads it."""
    if necessary is None:
        return None
    return Outcome.OVERTURNED if necessary else Outcome.UPHELD


def treatment(reading: Reading, request: Span | None, partial: PartialAuthorization | None,
              *, path: str) -> Treatment | None:
    """The treatment a request asks for: of a partial authorization, the disputed part,
    with the places of the original request where it names none."""
    if request is None:
        return None
    disputed = partial.span_of("disputed") if partial is not None else None
    where = disputed or request
    found = reading.attempt(where, f"{path}.treatment", read_treatment, reading.text,
                            where.start, where.end, vocabulary=reading.vocabulary)
    original = partial.span_of("original_request") if partial is not None else None
    if found is None or disputed is None or original is None:
        return found
    whole = reading.attempt(original, f"{path}.treatment", read_treatment, reading.text,
                            original.start, original.end, vocabulary=reading.vocabulary)
    return found if whole is None else inherit_places(found, whole)


def summary(reading: Reading, paragraph: Span, content: str, *,
            source_ur_date: tuple[dt.date, Span] | None = None) -> CaseSummary:
    """The case summary node of ``paragraph``, with the date of the UR decision it was
    taken from where its opening names one."""
    try:
        facts = reading.attempt(paragraph, "summary", read_clinical_facts, reading.text,
                                paragraph.start, paragraph.end)
    except TimeoutError:
        reading.defect(DefectCode.PATTERN_TIMEOUT, "case summary patterns timed out",
                       paragraph, "summary")
        facts = None
    spans = [("text", paragraph), *(facts.value_spans if facts is not None else ())]
    whole = paragraph
    source = None
    if source_ur_date is not None:
        source, date_span = source_ur_date
        spans.append(("source_ur_date", date_span))
        whole = date_span.cover(paragraph)
    if facts is None:
        return CaseSummary(span=whole, value_spans=tuple(spans), text=content,
                           source_ur_date=source)
    return CaseSummary(span=whole, value_spans=tuple(spans), text=content,
                       source_ur_date=source, age=facts.age, sex=facts.sex,
                       date_of_injury=facts.date_of_injury, diagnoses=facts.diagnoses,
                       medications=facts.medications, ur_decision=facts.ur_decision)


def fill(determination: Determination, *,
         vocabulary: Vocabulary | None = None) -> Determination:
    """``determination`` with every value read from prose (treatments, guideline bases,
    conclusions, clinical facts, vocabulary names of the reviewer's terms) read afresh
    from its text fields, as :func:`~imrparse.parse` reads them from the letter.

    For a model built by hand (:func:`imrparse.testing.determinations` builds them so):
    the text fields are the truth, the rest follows from them.  Spans are left as they are.
    """
    def basis(node: Guideline | None) -> Guideline | None:
        if node is None:
            return None
        return attrs.evolve(node, basis=read_guideline_basis(node.text))

    def item(it: DisputedItem) -> DisputedItem:
        rationale = it.rationale
        if rationale is not None:
            facts = read_rationale(rationale.text)
            rationale = attrs.evolve(rationale, necessary=facts.necessary,
                                     conclusion=facts.conclusion,
                                     boilerplate=facts.boilerplate)
        return attrs.evolve(
            it, treatment=_read_alone(it.request, it.partial, vocabulary),
            claims_administrator_guideline=basis(it.claims_administrator_guideline),
            maximus_guideline=basis(it.maximus_guideline), rationale=rationale)

    summary = determination.summary
    if summary is not None:
        facts = read_clinical_facts(summary.text)
        summary = attrs.evolve(summary, date_of_injury=facts.date_of_injury,
                               diagnoses=facts.diagnoses, medications=facts.medications,
                               ur_decision=facts.ur_decision)
    reviewer = determination.reviewer
    if reviewer is not None:
        reviewer = attrs.evolve(
            reviewer,
            licensure_states=tuple(normalize_state(s) or s for s in reviewer.licensure_states),
            specialties=tuple(normalize_specialty(s) or s for s in reviewer.specialties))
    return attrs.evolve(determination, items=tuple(item(it) for it in determination.items),
                        summary=summary, reviewer=reviewer)


def _read_alone(request: str, partial: PartialAuthorization | None,
                vocabulary: Vocabulary | None) -> Treatment | None:
    if partial is None or not partial.disputed:
        return read_treatment(request, vocabulary=vocabulary)
    found = read_treatment(partial.disputed, vocabulary=vocabulary)
    original = (read_treatment(partial.original_request, vocabulary=vocabulary)
                if partial.original_request else None)
    if found is None or original is None:
        return found
    # Read alone, the two texts share no offsets: the spans taken are kept as they are.
    return inherit_places(found, original)
