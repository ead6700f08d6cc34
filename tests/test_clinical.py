"""Clinical facts of the case summary (imrparse.content.clinical) and the reviewer's credentials
(imrparse.vocab.reviewers)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imrparse import Sex, UrAction
from imrparse.content.clinical import read_clinical_facts, read_loose_date
from imrparse.vocab.reviewers import (
    SPECIALTIES,
    STATES,
    normalize_specialty,
    normalize_state,
    split_credentials,
)
from tests.corpus import CORPUS, corpus_cases, need_corpus, parse_letter, parsed_corpus

# --- dates ------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "expected"), [
    pytest.param("10-13-16", dt.date(2016, 10, 13), id="m-d-yy"),
    pytest.param("11-3-16", dt.date(2016, 11, 3), id="single-digit-day"),
    pytest.param("10-25-2016", dt.date(2016, 10, 25), id="m-d-yyyy"),
    pytest.param("11/23/ 2016", dt.date(2016, 11, 23), id="blank-after-slash"),
    pytest.param("12/01/2016", dt.date(2016, 12, 1), id="slashes"),
    pytest.param("October 20, 2016", dt.date(2016, 10, 20), id="month-name"),
    pytest.param("December 01, 2016", dt.date(2016, 12, 1), id="month-name-zero"),
    pytest.param("Sept. 3 2015", dt.date(2015, 9, 3), id="abbreviated-no-comma"),
    pytest.param("March\n7, 2014", dt.date(2014, 3, 7), id="month-wrapped"),
    pytest.param("1/2/99", dt.date(1999, 1, 2), id="two-digit-19xx"),
])
def test_loose_dates(written: str, expected: dt.date) -> None:
    text = "seen on " + written + " for review"
    found = read_loose_date(text, 0, len(text))
    assert found is not None
    date, span = found
    assert date == expected
    assert span.slice(text) == written


@pytest.mark.parametrize("text", [
    pytest.param("13-45-2016", id="impossible"),
    pytest.param("10-13/16", id="mixed-separators"),
    pytest.param("2x4 sessions, 5/325 mg", id="dose-not-date"),
    pytest.param("February 30, 2016", id="no-such-day"),
    pytest.param("", id="empty"),
])
def test_not_dates(text: str) -> None:
    assert read_loose_date(text, 0, len(text)) is None


def test_invalid_date_is_skipped_for_the_next() -> None:
    text = "13/45/2016 then 01/02/2016"
    found = read_loose_date(text)
    assert found is not None and found[0] == dt.date(2016, 1, 2)


# --- age and sex ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "age", "sex"), [
    pytest.param("The worker is a 44 year old male who fell.", 44, Sex.MALE, id="year-old"),
    pytest.param("This case involves a now 31-year-old female.", 31, Sex.FEMALE,
                 id="hyphenated"),
    pytest.param("A 50 year old right-handed man hurt a wrist.", 50, Sex.MALE,
                 id="words-between"),
    pytest.param("The injured worker is a female who slipped.", None, Sex.FEMALE,
                 id="no-age"),
    pytest.param("Ms. Doe reports pain.", None, Sex.FEMALE, id="title"),
    pytest.param("The applicant is a 39-year-old who lifts boxes.", 39, None, id="age-only"),
    pytest.param("She reports pain and he drove her.", None, None, id="pronouns-ignored"),
    pytest.param("The 7 year old child of a worker.", None, None, id="implausible-age"),
])
def test_age_and_sex(text: str, age: int | None, sex: Sex | None) -> None:
    facts = read_clinical_facts(text, 0, len(text))
    assert (facts.age, facts.sex) == (age, sex)
    if age is not None:
        assert facts.span_of("age").slice(text) == str(age)  # type: ignore[union-attr]


# --- date of injury, lists, UR ----------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("who sustained an industrial injury on 10-12-16.", dt.date(2016, 10, 12),
                 id="industrial-injury-on"),
    pytest.param("with a date of injury of October 3, 2016.", dt.date(2016, 10, 3),
                 id="date-of-injury-of"),
    pytest.param("with a history of an occupational claim from 10/18/2016.",
                 dt.date(2016, 10, 18), id="claim-from"),
    pytest.param("Seen on 11-01-2016 after an injury.", None, id="date-before-keyword"),
])
def test_date_of_injury(text: str, expected: dt.date | None) -> None:
    assert read_clinical_facts(text).date_of_injury == expected


@pytest.mark.parametrize(("text", "diagnoses"), [
    pytest.param("The diagnoses include knee strain, hip pain, and low back pain. Next.",
                 ("knee strain", "hip pain", "low back pain"), id="include-commas"),
    pytest.param("The current diagnoses are documented as neck pain; pain in hip, left; "
                 "and headache. Next.", ("neck pain", "pain in hip, left", "headache"),
                 id="semicolons"),
    pytest.param("The worker was diagnosed as having elbow tendinitis. Next.",
                 ("elbow tendinitis",), id="diagnosed-as-having"),
    pytest.param("Diagnoses include strain of wrist, initial encounter, and knee pain, left. "
                 "Next.", ("strain of wrist, initial encounter", "knee pain, left"),
                 id="coded-qualifiers"),
    pytest.param("No labels are given in the notes.", (), id="absent"),
])
def test_diagnoses(text: str, diagnoses: tuple[str, ...]) -> None:
    facts = read_clinical_facts(text)
    assert facts.diagnoses == diagnoses
    for i, value in enumerate(diagnoses):
        assert facts.span_of(f"diagnoses[{i}]").slice(text) == value  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "medications"), [
    pytest.param("Current medications include Norco, and Lidoderm patches. Next.",
                 ("Norco", "Lidoderm patches"), id="include"),
    pytest.param("Medications were noted to include ibuprofen and omeprazole. Next.",
                 ("ibuprofen", "omeprazole"), id="noted-to-include"),
    pytest.param("Current medications were not specified. Next.", (), id="not-specified"),
])
def test_medications(text: str, medications: tuple[str, ...]) -> None:
    assert read_clinical_facts(text).medications == medications


@pytest.mark.parametrize(("text", "action", "date"), [
    pytest.param("On 11-3-16, Utilization Review non-certified the MRI.",
                 UrAction.NON_CERTIFIED, dt.date(2016, 11, 3), id="non-certified"),
    pytest.param("The UR dated 12-6-16 noncertified the request.", UrAction.NON_CERTIFIED,
                 dt.date(2016, 12, 6), id="noncertified"),
    pytest.param("The original utilization review (11-8-2016) had denied it.", UrAction.DENIED,
                 dt.date(2016, 11, 8), id="denied-parenthesized-date"),
    pytest.param("On December 1, 2016 a visit was asked for that was modified by Utilization "
                 "Review on December 9, 2016.", UrAction.MODIFIED, dt.date(2016, 12, 9),
                 id="nearest-date"),
    pytest.param("The doctor denied any numbness.", None, None, id="no-ur-mention"),
])
def test_ur_decision(text: str, action: UrAction | None, date: dt.date | None) -> None:
    ur = read_clinical_facts(text).ur_decision
    if action is None:
        assert ur is None
    else:
        assert ur is not None and (ur.action, ur.date) == (action, date)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.integers(-5, 500), st.integers(-5, 500))
def test_never_raises(text: str, start: int, end: int) -> None:
    facts = read_clinical_facts(text, start, end)
    for _, span in facts.value_spans:
        assert 0 <= span.start <= span.end <= len(text)


# --- reviewer vocabulary ----------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    pytest.param("Family Practice", "Family Practice", id="exact"),
    pytest.param("physical medicine and\nrehabilitation", "Physical Medicine & Rehabilitation",
                 id="and-wrapped-case"),
    pytest.param("Public Health &\nGeneral Preventive Medicine",
                 "Public Health & General Preventive Medicine", id="wrapped-ampersand"),
    pytest.param("Sports Medicinea", "Sports Medicine", id="typo-one-edit"),
    pytest.param("Chiropractor", "Chiropractic", id="alias"),
    pytest.param("Registered Nurse", "Registered Nurse", id="non-physician"),
    pytest.param("Surgry", None, id="short-typo-rejected"),
    pytest.param("Basket Weaving", None, id="unknown"),
    pytest.param("", None, id="empty"),
])
def test_normalize_specialty(raw: str, expected: str | None) -> None:
    assert normalize_specialty(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    pytest.param("California", "California", id="exact"),
    pytest.param("new  york", "New York", id="case-blanks"),
    pytest.param("North\nCarolina", "North Carolina", id="wrapped"),
    pytest.param("CA", "California", id="postal-code"),
    pytest.param("Pensylvania", "Pennsylvania", id="typo"),
    pytest.param("District of Columbia", "District of Columbia", id="dc"),
    pytest.param("Virginia", "Virginia", id="not-west-virginia"),
    pytest.param("ca", None, id="lowercase-code-rejected"),
    pytest.param("Ontario", None, id="not-a-state"),
])
def test_normalize_state(raw: str, expected: str | None) -> None:
    assert normalize_state(raw) == expected


def test_vocabulary_sizes() -> None:
    assert len(STATES) == 51
    assert 56 <= len(SPECIALTIES) <= 70
    assert all(normalize_specialty(s) == s for s in SPECIALTIES)
    assert all(normalize_state(s) == s for s in STATES)


@pytest.mark.parametrize(("text", "values"), [
    pytest.param("Texas,New York,California", ["Texas", "New York", "California"],
                 id="no-blank-after-comma"),
    pytest.param("Iowa, Montana, California ", ["Iowa", "Montana", "California"], id="blanks"),
    pytest.param("Preventive Medicine, Public Health &\nGeneral Preventive Medicine",
                 ["Preventive Medicine", "Public Health & General Preventive Medicine"],
                 id="wrapped-value"),
    pytest.param("Endocrinology, Diabetes & Metabolism, Internal Medicine",
                 ["Endocrinology, Diabetes & Metabolism", "Internal Medicine"],
                 id="name-with-comma"),
    pytest.param("", [], id="empty"),
    # Regression (found by test_fuzz cutting letters): a blank piece made an inverted span.
    pytest.param("Iowa, \x1c ,Ohio", ["Iowa", "Ohio"], id="blank-piece"),
    pytest.param(" \n", [], id="blank"),
])
def test_split_credentials(text: str, values: list[str]) -> None:
    got = split_credentials(text, 0, len(text))
    assert [v for v, _ in got] == values
    for value, span in got:
        assert " ".join(span.slice(text).split()) == value


# --- corpus -----------------------------------------------------------------------------

_CREDENTIAL = re.compile(r"(State\(s\) of Licensure:|Certification\(s\)/Specialty:)"
                         r"(.*?)(?=\n[ \t\f]*\n|\n[ \t\f]*(?:Certification|CLINICAL)|\Z)", re.S)


def letters(pattern: str) -> list[Path]:
    need_corpus()
    return sorted(CORPUS.glob(pattern))


@pytest.mark.corpus
def test_corpus_summaries() -> None:
    """Through ``imrparse.parse``: every summary's sex, its age exactly when written, and
    the date of injury the header states (a few letters contradict it)."""
    need_corpus()
    summaries = doi_agree = 0
    for case in corpus_cases():
        d = parse_letter(case)
        s = d.summary
        assert s is not None, case
        summaries += 1
        assert s.sex is not None, case
        written = re.search(r"\d+[\s-]+years?[\s-]+old", s.text)
        assert (s.age is not None) == bool(written), case
        doi_agree += s.date_of_injury == d.header.date_of_injury
        for name, span in s.value_spans:
            assert span in s.span, (case, name)
        if s.ur_decision is not None:
            assert s.ur_decision.span in s.span, case
    assert summaries > 0
    assert doi_agree >= 0.9 * summaries


@pytest.mark.corpus
def test_corpus_extractors_agree() -> None:
    differ = []
    cases = corpus_cases()
    for case in cases:
        a, b = (parse_letter(case, ext).summary for ext in ("pypdf", "pdfminer"))
        assert a is not None and b is not None, case
        assert (a.age, a.sex, a.date_of_injury, a.diagnoses, a.medications) == (
            b.age, b.sex, b.date_of_injury, b.diagnoses, b.medications), case
        if a.ur_decision != b.ur_decision:
            differ.append(case)
    need_corpus()
    # pdfminer moves a line of one summary away from its sentence (a layout artefact).
    assert len(differ) <= 0.05 * len(cases)


@pytest.mark.corpus
def test_corpus_reviewers_are_vocabulary_names() -> None:
    """Through ``imrparse.parse``, every state and specialty of the corpus is a vocabulary
    name (the corpus letters parse without an ``unknown-term`` defect)."""
    terms = 0
    for label, d in parsed_corpus():
        assert d.reviewer is not None, label
        for state in d.reviewer.licensure_states:
            assert state in STATES, (label, state)
        for specialty in d.reviewer.specialties:
            assert specialty in SPECIALTIES, (label, specialty)
        terms += len(d.reviewer.licensure_states) + len(d.reviewer.specialties)
    assert terms > 0


@pytest.mark.corpus
def test_corpus_credentials_resolve() -> None:
    values = 0
    for path in letters("*.txt"):
        text = path.read_text(encoding="utf-8")
        for m in _CREDENTIAL.finditer(text):
            normalize = normalize_state if m.group(1).startswith("State") else normalize_specialty
            for value, span in split_credentials(text, m.start(2), m.end(2)):
                values += 1
                assert normalize(value) is not None, (path.name, value)
                assert m.start(2) <= span.start <= span.end <= m.end(2)
    assert values > 0
