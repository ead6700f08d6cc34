"""Disputed-item requests read into treatments (imrparse.content.treatment,
imrparse.vocab.treatments).

The synthetic requests below are written for these tests; the corpus test reads every real
request at run time and compares with the hand labels in ``tests/data/item_labels.csv``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from imrparse.content.treatment import (
    DurationUnit,
    Perioperative,
    Treatment,
    read_treatment,
)
from imrparse.model.spans import Span
from imrparse.vocab import treatments as tv
from imrparse.vocab.treatments import (
    BodyRegion,
    DrugClass,
    Laterality,
    TreatmentCategory,
    TreatmentSubcategory,
)
from tests.corpus import DATA, SEED, corpus_cases, need_corpus, parse_letter

C = TreatmentCategory
S = TreatmentSubcategory
D = DrugClass


def read(request: str) -> Treatment:
    """The treatment of ``request``, its spans checked."""
    treatment = read_treatment(request)
    assert treatment is not None
    check_spans(request, treatment)
    return treatment


def check_spans(text: str, treatment: Treatment) -> None:
    """Every span lies inside the treatment's span, which lies inside the text."""
    assert 0 <= treatment.span.start < treatment.span.end <= len(text)
    for name, span in treatment.value_spans:
        assert span in treatment.span, name
        assert text[span.start:span.end].strip(), name


# --- phrase grammars ----------------------------------------------------------------------

STRENGTHS = [
    pytest.param("Hydrocodone/APAP 10/325mg #120", ("10/325mg",), id="combination"),
    pytest.param("Hydrocodone 7.5-325 mg #60", ("7.5/325mg",), id="combination-hyphen"),
    pytest.param("Prednisone 5-10 mg taper", ("5-10mg",), id="dose-range-kept"),
    pytest.param("Naproxen sodium 550 MG twice daily", ("550mg",), id="space-upper-unit"),
    pytest.param("Butrans patch 5 mcg/hr #4", ("5mcg/hr",), id="per-hour"),
    pytest.param("Capsaicin 0.075% cream", ("0.075%",), id="decimal-percent"),
    pytest.param("Gabapentin 6%, Ketoprofen 10%, Lidocaine 2% in a cream base",
                 ("6%", "10%", "2%"), id="compound-list"),
    pytest.param("Oxycodone oral solution 5 mg/5 ml", ("5mg/5ml",), id="per-volume"),
    pytest.param("Buprenorphine/naloxone 8mg/2mg film #30", ("8mg/2mg",), id="two-amounts"),
    pytest.param("Ergocalciferol 50,000 IU weekly", ("50000iu",), id="thousands"),
    pytest.param("Hydrocodone/acetaminophen 5/325 #40", ("5/325",), id="combination-no-unit"),
    pytest.param("Ibuprofen #60", (), id="no-strength"),
    pytest.param("Valium before the scan, repeat after 1/2 hour", (), id="fraction-no-unit"),
]


@pytest.mark.parametrize(("request_text", "expected"), STRENGTHS)
def test_strengths(request_text: str, expected: tuple[str, ...]) -> None:
    treatment = read(request_text)
    assert treatment.strengths == expected


COUNTS = [
    pytest.param("Tizanidine 4mg #90", 90, None, id="hash"),
    pytest.param("Tizanidine 4mg # 90 tablets", 90, None, id="hash-space"),
    pytest.param("Nerve conduction study QTY: 3", 3, None, id="qty"),
    pytest.param("Quantity 2 lumbar supports", 2, None, id="quantity-word"),
    pytest.param("3 knee braces", 3, None, id="leading-number"),
    pytest.param("Tylenol #3 #30", 30, None, id="tylenol-number-is-not-a-count"),
    pytest.param("Meloxicam 15mg #30 with three refills", 30, 3, id="refills-words"),
    pytest.param("Three refills of sertraline 50mg #30", 30, 3, id="refills-first"),
    pytest.param("Celebrex 200mg #30, refills: 2", 30, 2, id="refills-label"),
    pytest.param("Zolpidem 10mg (unknown quantity)", None, None, id="unknown"),
]


@pytest.mark.parametrize(("request_text", "count", "refills"), COUNTS)
def test_counts(request_text: str, count: int | None, refills: int | None) -> None:
    treatment = read(request_text)
    assert (treatment.count, treatment.refills) == (count, refills)


SESSIONS = [
    # (request, sessions min, max, frequency min, max, weeks min, max)
    pytest.param("Aquatic therapy 2x6 for the left knee", (12, 12, 2, 2, 6, 6), id="2x6"),
    pytest.param("Massage 3 x 4", (12, 12, 3, 3, 4, 4), id="3-x-4"),
    pytest.param("Hand therapy 2 times 5", (10, 10, 2, 2, 5, 5), id="times-shorthand"),
    pytest.param("Occupational therapy two times a week for five weeks", (10, 10, 2, 2, 5, 5),
                 id="words"),
    pytest.param("Physiotherapy twice a week for 4 weeks", (8, 8, 2, 2, 4, 4), id="twice"),
    pytest.param("Cognitive behavioral therapy once a week for 10 weeks", (10, 10, 1, 1, 10, 10),
                 id="once"),
    pytest.param("Chiropractic 2x/week x 3 weeks", (6, 6, 2, 2, 3, 3), id="x-per-week"),
    pytest.param("Physical therapy 4 visits per week over 3 weeks", (12, 12, 4, 4, 3, 3),
                 id="visits-per-week"),
    pytest.param("Physical therapy 1-2 times a week for 4 weeks", (4, 8, 1, 2, 4, 4),
                 id="frequency-range"),
    pytest.param("PT three to four times a week for two to three weeks", (6, 12, 3, 4, 2, 3),
                 id="both-ranges-words"),
    pytest.param("Physical therapy 2 times a week for 5 weeks (10 sessions)", (10, 10, 2, 2, 5, 5),
                 id="stated-and-written"),
    pytest.param("Acupuncture 3 times a week for 3 weeks (6)", (6, 6, 3, 3, 3, 3),
                 id="parenthesis-wins"),
    pytest.param("Ten sessions of acupuncture, two times weekly", (10, 10, 2, 2, None, None),
                 id="sessions-then-weekly"),
    pytest.param("Psychotherapy 1x week x 8 weeks", (8, 8, 1, 1, 8, 8), id="x-week"),
    pytest.param("Home health aide 3 days a week for 4 weeks", (12, 12, 3, 3, 4, 4),
                 id="days-a-week"),
    pytest.param("Chiropractic 10-14 sessions", (10, 14, None, None, None, None),
                 id="session-range"),
    pytest.param("Psychotherapy sessions, 6", (6, 6, None, None, None, None), id="count-after"),
    pytest.param("Acupuncture for the neck #8", (8, 8, None, None, None, None),
                 id="hash-is-sessions-for-therapy"),
    pytest.param("Pain psychologist follow up visits times 4", (4, 4, None, None, None, None),
                 id="times-n"),
    pytest.param("Three physical therapy sessions for the wrist and five physical therapy "
                 "sessions for the knee", (8, 8, None, None, None, None), id="stated-counts-add"),
    pytest.param("Home nursing visits 2-4 visits", (2, 4, None, None, None, None),
                 id="visit-range"),
    pytest.param("Physical therapy (unspecified number of visits)",
                 (None, None, None, None, None, None),
                 id="unspecified"),
]


@pytest.mark.parametrize(("request_text", "expected"), SESSIONS)
def test_sessions(request_text: str, expected: tuple[int | None, ...]) -> None:
    low, high, f_low, f_high, w_low, w_high = expected
    t = read(request_text)
    assert (t.sessions_min, t.sessions_max) == (low, high)
    assert (t.frequency_min, t.frequency_max) == (f_low, f_high)
    assert (t.duration_min, t.duration_max) == (w_low, w_high)
    if w_low is not None:
        assert t.duration_unit is DurationUnit.WEEK
    assert t.sessions == (low if low == high else None)


DURATIONS = [
    pytest.param("Cold compression unit 21 day rental", (21, 21, DurationUnit.DAY, True, 21),
                 id="day-rental"),
    pytest.param("Knee CPM machine, 3 week rental", (3, 3, DurationUnit.WEEK, True, 21),
                 id="week-rental-in-days"),
    pytest.param("Walker for a 6 month rental", (6, 6, DurationUnit.MONTH, True, None),
                 id="month-rental-not-converted"),
    pytest.param("Skilled nursing facility stay 10-14 days",
                 (10, 14, DurationUnit.DAY, False, None),
                 id="stay-range"),
    pytest.param("TENS unit one month trial", (1, 1, DurationUnit.MONTH, False, None), id="trial"),
    pytest.param("Hospital bed, rental", (None, None, None, True, None), id="rental-no-length"),
]


@pytest.mark.parametrize(("request_text", "expected"), DURATIONS)
def test_durations(request_text: str, expected: tuple[object, ...]) -> None:
    t = read(request_text)
    assert (t.duration_min, t.duration_max, t.duration_unit, t.rental, t.rental_days) == expected


LEVELS = [
    pytest.param("Lumbar facet blocks L3-4, L4-5", ("L3-L4", "L4-L5"), id="short-form"),
    pytest.param("Transforaminal ESI L5-S1", ("L5-S1",), id="lumbosacral"),
    pytest.param("Medial branch block T11-T12", ("T11-T12",), id="thoracic"),
    pytest.param("Cervical ESI C6 to C7", ("C6-C7",), id="to"),
    pytest.param("Anterior cervical fusion C4-6", ("C4-C6",), id="two-segments"),
    pytest.param("Cervicothoracic junction C7-T1 x-ray", ("C7-T1",), id="junction"),
    pytest.param("Selective nerve root block at L5", ("L5",), id="single"),
    pytest.param("Block at L5-4", (), id="backwards-dropped"),
    pytest.param("Block at L9-10", (), id="no-such-level"),
    pytest.param("Vitamin B12 injection", (), id="not-a-level"),
]


@pytest.mark.parametrize(("request_text", "expected"), LEVELS)
def test_levels(request_text: str, expected: tuple[str, ...]) -> None:
    t = read(request_text)
    assert t.levels == expected
    for i, _ in enumerate(expected):
        assert t.span_of(f"levels[{i}]") is not None


SIDES = [
    pytest.param("X-ray of the right ankle", Laterality.RIGHT, (BodyRegion.ANKLE,), id="right"),
    pytest.param("Left wrist splint", Laterality.LEFT, (BodyRegion.WRIST,), id="left"),
    pytest.param("MRI of both knees", Laterality.BILATERAL, (BodyRegion.KNEE,), id="both"),
    pytest.param("EMG of the bilateral lower limbs", Laterality.BILATERAL,
                 (BodyRegion.LOWER_EXTREMITY,), id="bilateral"),
    pytest.param("Ultrasound of the left elbow and right shoulder", Laterality.BILATERAL,
                 (BodyRegion.ELBOW, BodyRegion.SHOULDER), id="left-and-right"),
    pytest.param("NCV of the LUE", Laterality.LEFT, (BodyRegion.UPPER_EXTREMITY,),
                 id="abbreviation"),
    pytest.param("Physical therapy for the mid back and neck", None,
                 (BodyRegion.THORACIC_SPINE, BodyRegion.CERVICAL_SPINE), id="no-side"),
    pytest.param("Home traction unit for the lower back", None, (BodyRegion.LUMBAR_SPINE,),
                 id="lower-back"),
]


@pytest.mark.parametrize(("request_text", "side", "regions"), SIDES)
def test_sides_and_regions(request_text: str, side: Laterality | None,
                           regions: tuple[BodyRegion, ...]) -> None:
    t = read(request_text)
    assert t.laterality is side
    assert t.body_regions == regions


QUALIFIERS = [
    pytest.param("Retrospective: Ketorolac injection (DOS 3/7/2016)", True,
                 dt.date(2016, 3, 7), False, None, id="retro-dos"),
    pytest.param("Retrospective request for a lumbar x-ray, DOS: 01/05/17", True,
                 dt.date(2017, 1, 5), False, None, id="retro-request-for"),
    pytest.param("Cyclobenzaprine 7.5mg #60 (date of service 11/30/2016)", False,
                 dt.date(2016, 11, 30), False, None, id="date-of-service"),
    pytest.param("Urine toxicology DOS 13/45/2016", False, None, False, None,
                 id="impossible-date"),
    pytest.param("Associated surgical service: Post-op cold therapy unit", False, None, True,
                 Perioperative.POST_OP, id="associated-post-op"),
    pytest.param("Pre-operative EKG", False, None, False, Perioperative.PRE_OP, id="pre-op"),
    pytest.param("Postoperative sling", False, None, False, Perioperative.POST_OP,
                 id="postoperative"),
    pytest.param("Retroactive authorization of a knee MRI", False, None, False, None,
                 id="retro-is-a-word-start-only"),
    pytest.param("Prospective request for a wrist MRI", False, None, False, None,
                 id="prospective-skipped"),
    pytest.param("Knee brace to use post-op", False, None, False, Perioperative.POST_OP,
                 id="post-op-later"),
]


@pytest.mark.parametrize(("request_text", "retro", "date", "associated", "periop"), QUALIFIERS)
def test_qualifiers(request_text: str, retro: bool, date: dt.date | None, associated: bool,
                    periop: Perioperative | None) -> None:
    t = read(request_text)
    assert (t.retrospective, t.service_date) == (retro, date)
    assert t.associated_surgical_service is associated
    assert t.perioperative is periop


# --- the classifier -----------------------------------------------------------------------

CLASSES = [
    pytest.param("Naproxen 550mg #60", C.PHARMACEUTICALS, None, D.NSAID, id="nsaid"),
    pytest.param("OxyContin 20mg #60", C.PHARMACEUTICALS, None, D.OPIOIDS, id="opioid-brand"),
    pytest.param("Butrans 10 mcg/hr patch #4", C.PHARMACEUTICALS, None, D.OPIOIDS,
                 id="opioid-patch-stays-opioid"),
    pytest.param("Voltaren 1% gel 100g", C.PHARMACEUTICALS, None, D.TOPICAL_ANALGESICS,
                 id="nsaid-gel-is-topical"),
    pytest.param("Lidoderm patches #30", C.PHARMACEUTICALS, None, D.TOPICAL_ANALGESICS,
                 id="lidoderm"),
    pytest.param("Tramadol 8%, Gabapentin 10% in Lipoderm base", C.PHARMACEUTICALS, None,
                 D.TOPICAL_COMPOUNDS, id="compound-base"),
    pytest.param("Flurbiprofen 15%, Lidocaine 5% cream 120g", C.PHARMACEUTICALS, None,
                 D.TOPICAL_COMPOUNDS, id="two-percent-ingredients"),
    pytest.param("Ketoprofen 10% gel 60g", C.PHARMACEUTICALS, None, D.TOPICAL_COMPOUNDS,
                 id="no-commercial-topical-is-compound"),
    pytest.param("Baclofen 2% cream", C.PHARMACEUTICALS, None, D.TOPICAL_COMPOUNDS,
                 id="muscle-relaxant-cream"),
    pytest.param("Tylenol with codeine #3 #60", C.PHARMACEUTICALS, None, D.OPIOIDS,
                 id="multi-word-name"),
    pytest.param("Nexium 40mg daily", C.PHARMACEUTICALS, None, D.PROTON_PUMP_INHIBITORS,
                 id="ppi"),
    pytest.param("Lunesta 3mg at bedtime", C.PHARMACEUTICALS, None, D.SEDATIVE_HYPNOTICS,
                 id="hypnotic"),
    pytest.param("Depo-Medrol injection to the left shoulder", C.INJECTION, S.INJECTION, None,
                 id="drug-injection-is-injection"),
    pytest.param("Bilateral L4-5 medial branch blocks", C.INJECTION, S.FACET_INJECTION, None,
                 id="medial-branch"),
    pytest.param("Radiofrequency ablation L3-L5", C.INJECTION, S.FACET_INJECTION, None,
                 id="rfa"),
    pytest.param("Functional restoration program, 80 hours", C.PROGRAMS, None, None,
                 id="frp"),
    pytest.param("CT of the cervical spine with contrast", C.DIAGNOSTIC_TESTING, S.IMAGING,
                 None, id="ct"),
    pytest.param("Nerve conduction velocity study of both arms", C.DIAGNOSTIC_TESTING,
                 S.ELECTRODIAGNOSTIC, None, id="ncv-words"),
    pytest.param("Comprehensive metabolic panel", C.DIAGNOSTIC_TESTING, S.LAB_AND_PATHOLOGY,
                 None, id="lab"),
    pytest.param("Sleep study", C.DIAGNOSTIC_TESTING, S.OTHER_TESTING, None, id="sleep"),
    pytest.param("Therapeutic ultrasound to the wrist", C.REHABILITATION, S.OTHER_THERAPIES,
                 None, id="ultrasound-treatment"),
    pytest.param("Ultrasound of the right wrist", C.DIAGNOSTIC_TESTING, S.IMAGING, None,
                 id="ultrasound-scan"),
    pytest.param("Lumbar laminectomy and discectomy at L4-L5", C.SURGERY, S.SPINE, None,
                 id="spine-surgery"),
    pytest.param("Right knee arthroscopic partial meniscectomy", C.SURGERY, S.ARTHROSCOPIC,
                 None, id="arthroscopic"),
    pytest.param("Left carpal tunnel release", C.SURGERY, S.NON_ARTHROSCOPIC, None,
                 id="open-release"),
    pytest.param("Orthopedic surgeon consultation for the shoulder", C.SURGERY,
                 S.SURGICAL_CONSULT, None, id="surgical-consult"),
    pytest.param("Assistant surgeon", C.SURGERY, S.ADJUNCT_SURGICAL_SERVICES, None,
                 id="assistant"),
    pytest.param("Psychiatric evaluation", C.PSYCH_SERVICES, S.PSYCH_EVALUATION, None,
                 id="psych-eval"),
    pytest.param("Biofeedback 6 sessions", C.PSYCH_SERVICES, S.PSYCH_THERAPIES, None,
                 id="psych-therapy"),
    pytest.param("Aquatic therapy 2x6", C.REHABILITATION, S.PT_OT, None, id="aquatic"),
    pytest.param("Osteopathic manipulation x6", C.REHABILITATION, S.CHIROPRACTIC, None,
                 id="manipulation"),
    pytest.param("Acupuncture 6 visits", C.REHABILITATION, S.ACUPUNCTURE, None,
                 id="acupuncture"),
    pytest.param("Extracorporeal shock wave therapy, 3 treatments", C.THERAPIES, None, None,
                 id="eswt"),
    pytest.param("H-wave unit purchase", C.DMEPOS, S.ELECTRICAL_STIMULATION, None,
                 id="h-wave"),
    pytest.param("Lumbar support brace", C.DMEPOS, S.PROSTHETICS_ORTHOTICS, None,
                 id="brace"),
    pytest.param("TENS electrodes and batteries", C.DMEPOS, S.ELECTRICAL_STIMULATION, None,
                 id="tens-first"),
    pytest.param("Front-wheeled walker", C.DMEPOS, S.DME, None, id="walker"),
    pytest.param("Home health aide 4 hours per day", C.HOME_HEALTH, None, None,
                 id="home-health"),
    pytest.param("Taxi to and from physical therapy", C.TRANSPORTATION, None, None,
                 id="transport-beats-therapy"),
    pytest.param("Follow-up visit with the pain specialist", C.EVALUATION_AND_MANAGEMENT,
                 S.MEDICAL_SPECIALTIES, None, id="follow-up"),
    pytest.param("Dental evaluation for cracked molars", C.EVALUATION_AND_MANAGEMENT,
                 S.DENTAL_SERVICES, None, id="dental"),
    pytest.param("Physical therapy after lumbar fusion", C.REHABILITATION, S.PT_OT, None,
                 id="head-after"),
    pytest.param("Cold therapy unit following knee arthroscopy", C.DMEPOS, S.DME, None,
                 id="head-following"),
    pytest.param("Psychological evaluation prior to spinal cord stimulator trial",
                 C.PSYCH_SERVICES, S.PSYCH_EVALUATION, None, id="head-prior-to"),
    pytest.param("Second opinion for a knee replacement", C.EVALUATION_AND_MANAGEMENT,
                 S.MEDICAL_SPECIALTIES, None, id="head-for"),
    pytest.param("Follow up for medication refills", C.EVALUATION_AND_MANAGEMENT,
                 S.MEDICAL_SPECIALTIES, None, id="head-without-drug"),
    pytest.param("Unspecified item", None, None, None, id="unknown"),
]


@pytest.mark.parametrize(("request_text", "category", "subcategory", "drug_class"), CLASSES)
def test_classification(request_text: str, category: TreatmentCategory | None,
                        subcategory: TreatmentSubcategory | None,
                        drug_class: DrugClass | None) -> None:
    t = read(request_text)
    assert (t.category, t.subcategory, t.drug_class) == (category, subcategory, drug_class)
    if category is not None:
        assert t.span_of("category") is not None
    if subcategory is not None:
        assert t.subcategory in tv.SUBCATEGORIES[t.category]  # type: ignore[index]


def test_drug_names_and_spans() -> None:
    text = "Diazepam (Valium) 5 mg one hour before the MRI #2"
    t = read(text)
    assert t.drugs == ("diazepam", "valium")
    assert t.category is C.PHARMACEUTICALS and t.drug_class is D.BENZODIAZEPINES
    assert Span(0, 8).slice(text) == "Diazepam"
    assert t.span_of("drugs[0]") == Span(0, 8)
    assert t.span_of("drugs[1]") == Span(10, 16)
    assert t.span_of("strengths[0]").slice(text) == "5 mg"  # type: ignore[union-attr]
    assert t.span_of("count").slice(text) == "#2"  # type: ignore[union-attr]


def test_spans_are_offsets_into_the_callers_text() -> None:
    before = "Some letter text.\n\nPhysical therapy 2x4 for the\n\nright knee: Upheld\n"
    start = before.index("Physical")
    end = before.index(": Upheld")
    t = read_treatment(before, start, end)
    assert t is not None
    assert t.span == Span(start, end)
    assert t.text == "Physical therapy 2x4 for the right knee"
    assert t.span_of("sessions_min").slice(before) == "2x4"  # type: ignore[union-attr]
    assert t.span_of("body_regions[0]").slice(before) == "knee"  # type: ignore[union-attr]
    assert t.span_of("laterality").slice(before) == "right"  # type: ignore[union-attr]
    assert t.span_of("category").slice(before) == "Physical therapy"  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "start", "end"), [
    pytest.param("", 0, None, id="empty"),
    pytest.param("   \n\f ", 0, None, id="blank"),
    pytest.param("MRI", 5, 2, id="start-after-end"),
    pytest.param("MRI", -4, 99, id="out-of-range-clamped"),
])
def test_odd_ranges(text: str, start: int, end: int | None) -> None:
    t = read_treatment(text, start, end)
    assert t is None or (t.category is C.DIAGNOSTIC_TESTING and t.span == Span(0, 3))


# --- the vocabulary tables ----------------------------------------------------------------

def test_every_subcategory_has_a_category() -> None:
    listed = [s for subs in tv.SUBCATEGORIES.values() for s in subs]
    assert sorted(s.name for s in listed) == sorted(s.name for s in TreatmentSubcategory)
    assert set(tv.SUBCATEGORIES) == set(TreatmentCategory)


@pytest.mark.parametrize(("change", "message"), [
    pytest.param({"service_rules": (tv.Rule(r"(", C.THERAPIES),)}, "does not compile",
                 id="bad-pattern"),
    pytest.param({"service_rules": (tv.Rule(r"x?", C.THERAPIES),)}, "empty string",
                 id="empty-match"),
    pytest.param({"service_rules": (tv.Rule(r"(knee)", C.THERAPIES),)}, "capturing group",
                 id="capturing-group"),
    pytest.param({"service_rules": (tv.Rule(r"knee", C.THERAPIES, S.DME),)},
                 "not a subcategory", id="wrong-subcategory"),
    pytest.param({"drug_names": (("norco", D.NSAID),)}, "listed twice", id="duplicate-drug"),
    pytest.param({"drug_names": (("Norco  Plus", D.OPIOIDS),)}, "lower case",
                 id="drug-not-normalized"),
])
def test_tables_are_checked(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        tv.DEFAULT.extend(**change)  # type: ignore[arg-type]


def test_extend_vocabulary() -> None:
    vocab = tv.DEFAULT.extend(
        service_rules=(tv.Rule(r"whirlpool", C.REHABILITATION, S.OTHER_THERAPIES),),
        drug_names=(("examplamine", D.ANTIHISTAMINE),),
    )
    t = read_treatment("Whirlpool 2x4", vocabulary=vocab)
    assert t is not None
    assert (t.category, t.subcategory, t.sessions) == (C.REHABILITATION, S.OTHER_THERAPIES, 8)
    t = read_treatment("Examplamine 25mg #30", vocabulary=vocab)
    assert t is not None and t.drug_class is D.ANTIHISTAMINE
    assert read("Whirlpool 2x4").category is None  # the default tables are untouched


def _reference(request: str) -> tuple[object, object]:
    """Category and subcategory by the plain reading of the tables: the first rule, in
    table order, whose pattern occurs anywhere as whole words (drug names between the
    procedure and the service rules)."""
    from imrparse.content.treatment import _words

    def first(rules: tuple[tv.Rule, ...]) -> tv.Rule | None:
        for rule in rules:
            pattern = rf"(?<![A-Za-z0-9])(?:{_words(rule.pattern)})(?![A-Za-z0-9])"
            if re.search(pattern, request, re.IGNORECASE):
                return rule
        return None

    rule = first(tv.PROCEDURE_RULES)
    if rule is None and read(request).drugs:
        return C.PHARMACEUTICALS, None
    rule = rule or first(tv.SERVICE_RULES)
    return (rule.category, rule.subcategory) if rule else (None, None)


def _example(pattern: str) -> str | None:
    """The literal words of a simple pattern ("facet blocks?" gives "facet blocks"), or
    ``None`` when the pattern is not that simple."""
    text = re.sub(r"\?\??|\w\*|\\w\*", "", pattern)
    text = text.replace("\\", "")
    return text if re.fullmatch(r"[A-Za-z0-9 /'&.-]+", text) else None


def _words_of(pattern: str) -> str | None:
    """The example of a rule of plain words that its pattern reads (spaces as any run)."""
    example = _example(pattern)
    plain = pattern.replace(" ?", r"\s*").replace(" ", r"\s+")
    return example if example and re.fullmatch(plain, example, re.IGNORECASE) else None


@pytest.mark.parametrize("example", [
    example for rule in (*tv.PROCEDURE_RULES, *tv.SERVICE_RULES)
    if (example := _words_of(rule.pattern)) is not None])
def test_dispatch_agrees_with_the_plain_reading(example: str) -> None:
    """On a request made of a plain rule's own words the reader files as the plain reading
    of the tables (that the dispatch tries every row that can match is tested exactly in
    ``test_treatment_shortcuts``)."""
    t = read(example)
    assert (t.category, t.subcategory) == _reference(example), example


# --- properties ---------------------------------------------------------------------------

WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve")


def spell(n: int, words: bool) -> str:
    return WORDS[n - 1] if words else str(n)


#: Ways to write "f sessions a week for w weeks", and whether numbers may be words.
FREQUENCY_FORMS = [
    ("{f} times a week for {w} weeks", True),
    ("{f} times per week times {w} weeks", True),
    ("{f} visits per week for {w} weeks", True),
    ("{f} x {w}", True),
    ("{f}x{w}", False),
    ("{f}x/week x {w} weeks", False),
    ("{f} times {w}", False),
]


@given(freq=st.integers(1, 7), weeks=st.integers(1, 12), words=st.booleans(),
       form=st.sampled_from(FREQUENCY_FORMS),
       service=st.sampled_from(["Physical therapy", "Chiropractic care", "Acupuncture"]))
def test_sessions_are_frequency_times_duration(freq: int, weeks: int, words: bool,
                                               form: tuple[str, bool], service: str) -> None:
    spelled = words and form[1]
    phrase = form[0].format(f=spell(freq, spelled), w=spell(weeks, spelled))
    text = f"{service} {phrase} for the lumbar spine"
    t = read(text)
    assert (t.frequency_min, t.duration_min, t.sessions) == (freq, weeks, freq * weeks)
    assert t.body_regions == (BodyRegion.LUMBAR_SPINE,)


@given(low=st.integers(1, 6), extra=st.integers(1, 6), weeks=st.integers(1, 8),
       joiner=st.sampled_from(["-", " to ", " - "]))
def test_frequency_ranges_multiply(low: int, extra: int, weeks: int, joiner: str) -> None:
    t = read(f"Physical therapy {low}{joiner}{low + extra} times a week for {weeks} weeks")
    assert (t.sessions_min, t.sessions_max) == (low * weeks, (low + extra) * weeks)
    assert t.sessions is None


SEGMENTS = [("C", n) for n in range(1, 8)] + [("T", n) for n in range(1, 13)] + \
    [("L", n) for n in range(1, 6)] + [("S", 1)]


@given(first=st.integers(0, len(SEGMENTS) - 2), span=st.integers(1, 2), short=st.booleans(),
       sep=st.sampled_from(["-", " - ", " to "]))
def test_levels_normalize(first: int, span: int, short: bool, sep: str) -> None:
    a = SEGMENTS[first]
    b = SEGMENTS[min(first + span, len(SEGMENTS) - 1)]
    right = str(b[1]) if short and a[0] == b[0] else f"{b[0]}{b[1]}"
    text = f"Epidural injection at {a[0]}{a[1]}{sep}{right}"
    t = read(text)
    assert t.levels == (f"{a[0]}{a[1]}-{b[0]}{b[1]}",)


@given(value=st.integers(1, 999), decimals=st.sampled_from(["", ".5", ".25"]),
       unit=st.sampled_from(["mg", "MG", "mcg", "%"]), space=st.booleans())
def test_strength_round_trip(value: int, decimals: str, unit: str, space: bool) -> None:
    text = f"Baclofen {value}{decimals}{' ' if space else ''}{unit} #30"
    t = read(text)
    assert t.strengths == (f"{value}{decimals}{unit.lower()}",)
    assert t.count == 30


PIECES = ["MRI", "#", "#12", "2x4", "3 x", "times", "a week", "for", "weeks", "L4-5", "S1",
          "left", "bilateral", "knee", "Norco", "10/325mg", "7.5-325", "mg", "%", "0.5%",
          "(8 sessions)", "sessions", "12-18", "two to three", "Retrospective:", "DOS",
          "1/2/16", "13/45/2016", "Post-op", "Associated surgical service:", "in cream base",
          "rental", "30 day", "month", "refills", "QTY:", "-", "\n", "\n\n", "  ", "×", "µg",
          "ǅ", "İ", "patch", "injection", "after", "for the"]


@given(st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join))
def test_grammar_paths_do_not_fail(text: str) -> None:
    """Without the safety net of read_treatment: every grammar path runs without error
    on requests made of the phrases they read."""
    from imrparse.content.treatment import _compiled, _read

    t = _read(text, 0, len(text), _compiled(tv.DEFAULT))
    if t is not None:
        check_spans(text, t)


@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    t = read_treatment(text)
    if t is not None:
        check_spans(text, t)


@given(prefix=st.text(max_size=30), suffix=st.text(max_size=30),
       request=st.sampled_from([r.values[0] for r in STRENGTHS + COUNTS + CLASSES]))
def test_reading_inside_a_larger_text(prefix: str, suffix: str, request: str) -> None:
    alone = read(request)
    text = prefix + request + suffix
    inside = read_treatment(text, len(prefix), len(prefix) + len(request))
    assert inside == alone  # spans are left out of ==
    assert inside is not None
    for (name, a), (name2, b) in zip(alone.value_spans, inside.value_spans, strict=True):
        assert name == name2
        assert (b.start - len(prefix), b.end - len(prefix)) == (a.start, a.end)


# --- the real letters ---------------------------------------------------------------------

def label_value(t: Treatment | None, field: str) -> str:
    if t is None:
        return ""
    if field == "sessions":
        if t.sessions_min is None:
            return ""
        return str(t.sessions) if t.sessions is not None else f"{t.sessions_min}-{t.sessions_max}"
    if field == "strength":
        return ";".join(t.strengths)
    value = getattr(t, field)
    if value is None:
        return ""
    return str(value.value if hasattr(value, "value") else value)


FIELDS = ("category", "subcategory", "drug_class", "count", "sessions", "strength")


def _labels() -> dict[tuple[str, int], dict[str, str]]:
    with (DATA / "item_labels.csv").open(encoding="utf-8") as f:
        return {(r["case_number"], int(r["item_number"])): r for r in csv.DictReader(f)}


def test_labels_match_the_corpus_items() -> None:
    need_corpus()
    labels = _labels()
    expected = sorted((case, item.number) for case in [*corpus_cases(), SEED]
                      for item in parse_letter(case).items)
    assert sorted(labels) == expected
    for row in labels.values():
        assert row["category"] in {c.value for c in TreatmentCategory}
        assert row["subcategory"] in {"", *(s.value for s in TreatmentSubcategory)}
        assert row["drug_class"] in {"", *(d.value for d in DrugClass)}


def test_agreement_with_hand_labels(capsys: pytest.CaptureFixture[str]) -> None:
    """``imrparse.parse`` files the corpus items as the hand labels do (97% per field)."""
    need_corpus()
    labels = _labels()
    agree = dict.fromkeys(FIELDS, 0)
    misses: list[str] = []
    total = 0
    for case in [*corpus_cases(), SEED]:
        d = parse_letter(case)
        for item in d.items:
            t = item.treatment
            if t is not None:
                check_spans(d.source_text, t)
            label = labels[(case, item.number)]
            total += 1
            for field in FIELDS:
                got = label_value(t, field)
                if got == label[field]:
                    agree[field] += 1
                else:
                    misses.append(f"{case} #{item.number} {field}: label {label[field]!r}, "
                                  f"read {got!r}")
    with capsys.disabled():
        print(f"\ntreatment labels: {total} items")
        for field in FIELDS:
            print(f"  {field:12} {agree[field]}/{total} = {agree[field] / total:.1%}")
        for miss in misses:
            print("  miss:", miss)
    assert total >= 200
    for field in FIELDS:
        assert agree[field] / total >= 0.97, (field, misses)


def test_treatment_is_frozen_and_hashable() -> None:
    t = read("MRI of the left knee")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        t.category = None  # type: ignore[misc]
    assert hash(t) == hash(read("MRI  of the\nleft knee"))
