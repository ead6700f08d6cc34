"""Request wording beyond the corpus (issue 15): tests and procedures of DWC's categories
and the MTUS/ODG topics, counts written as words, staff named after their role, regions
implied by spinal levels, and the places a partial authorization's disputed part inherits.

The requests are written for these tests.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imrparse import PartialAuthorization
from imrparse.content.fill import _read_alone
from imrparse.content.treatment import inherit_places, read_treatment
from imrparse.model.spans import Span
from imrparse.vocab.treatments import (
    LEVEL_REGIONS,
    BodyRegion,
    Laterality,
    TreatmentCategory,
    TreatmentSubcategory,
)
from tests.corpus import corpus_cases, need_corpus, parse_letter

C = TreatmentCategory
S = TreatmentSubcategory
R = BodyRegion

VOCABULARY = [
    ("Electroencephalogram (EEG)", C.DIAGNOSTIC_TESTING, S.OTHER_TESTING, "eeg"),
    ("Quantitative EEG (QEEG)", C.DIAGNOSTIC_TESTING, S.OTHER_TESTING, "qeeg"),
    ("Brain mapping", C.DIAGNOSTIC_TESTING, S.OTHER_TESTING, "brain-mapping"),
    ("Visual evoked potentials", C.DIAGNOSTIC_TESTING, S.OTHER_TESTING, "vep"),
    ("Brainstem auditory evoked response", C.DIAGNOSTIC_TESTING, S.OTHER_TESTING, "baer"),
    ("Videonystagmography (VNG)", C.DIAGNOSTIC_TESTING, S.OTHER_TESTING, "vng"),
    ("Vestibular function testing", C.DIAGNOSTIC_TESTING, S.OTHER_TESTING, "vestibular"),
    ("Polysomnography", C.DIAGNOSTIC_TESTING, S.OTHER_TESTING, "polysomnography"),
    ("Sleep study", C.DIAGNOSTIC_TESTING, S.OTHER_TESTING, "sleep-study"),
    ("Multiple sleep latency test", C.DIAGNOSTIC_TESTING, S.OTHER_TESTING, "mslt"),
    ("Holter monitor for 48 hours", C.DIAGNOSTIC_TESTING, S.OTHER_TESTING, "holter"),
    ("Tilt table test", C.DIAGNOSTIC_TESTING, S.OTHER_TESTING, "tilt-table"),
    ("Thermography of the hands", C.DIAGNOSTIC_TESTING, S.OTHER_TESTING, "thermography"),
    ("EMG/NCV of the bilateral lower extremities", C.DIAGNOSTIC_TESTING, S.ELECTRODIAGNOSTIC,
     "emg-ncv"),
    ("Nerve conduction studies", C.DIAGNOSTIC_TESTING, S.ELECTRODIAGNOSTIC, "ncs"),
    ("DEXA scan", C.DIAGNOSTIC_TESTING, S.IMAGING, "dexa"),
    ("DXA bone density", C.DIAGNOSTIC_TESTING, S.IMAGING, "dxa"),
    ("Bone scan", C.DIAGNOSTIC_TESTING, S.IMAGING, "bone-scan"),
    ("MR arthrogram of the shoulder", C.DIAGNOSTIC_TESTING, S.IMAGING, "arthrogram"),
    ("CT myelogram", C.DIAGNOSTIC_TESTING, S.IMAGING, "myelogram"),
    ("Discogram L3-L5", C.DIAGNOSTIC_TESTING, S.IMAGING, "discogram"),
    ("PET scan", C.DIAGNOSTIC_TESTING, S.IMAGING, "pet"),
    ("SPECT", C.DIAGNOSTIC_TESTING, S.IMAGING, "spect"),
    ("Epidurography", C.DIAGNOSTIC_TESTING, S.IMAGING, "epidurography"),
    ("Radiofrequency ablation", C.INJECTION, S.FACET_INJECTION, "rfa"),
    ("Rhizotomy", C.INJECTION, S.FACET_INJECTION, "rhizotomy"),
    ("Medial branch block", C.INJECTION, S.FACET_INJECTION, "mbb"),
    ("Facet injection", C.INJECTION, S.FACET_INJECTION, "facet"),
    ("SI joint injection", C.INJECTION, S.INJECTION, "si-joint"),
    ("Trigger point injections", C.INJECTION, S.INJECTION, "tpi"),
    ("Botox injection", C.INJECTION, S.INJECTION, "botox"),
    ("PRP injection", C.INJECTION, S.INJECTION, "prp"),
    ("Selective nerve root block", C.INJECTION, S.INJECTION, "snrb"),
    ("Ketamine infusion", C.INJECTION, S.INJECTION, "ketamine-infusion"),
    ("Spinal cord stimulator trial", C.SURGERY, S.SPINE, "scs-trial"),
    ("Intrathecal pump", C.SURGERY, S.SPINE, "intrathecal-pump"),
    ("Kyphoplasty", C.SURGERY, S.SPINE, "kyphoplasty"),
    ("L5-S1 fusion", C.SURGERY, S.SPINE, "fusion-after-level"),
    ("Lumbar arthrodesis", C.SURGERY, S.SPINE, "arthrodesis"),
    ("ESWT", C.THERAPIES, None, "eswt"),
    ("Extracorporeal shockwave therapy", C.THERAPIES, None, "shockwave"),
    ("TENS unit", C.DMEPOS, S.ELECTRICAL_STIMULATION, "tens"),
    ("H-wave unit", C.DMEPOS, S.ELECTRICAL_STIMULATION, "h-wave"),
    ("Interferential unit", C.DMEPOS, S.ELECTRICAL_STIMULATION, "interferential"),
    ("Bone growth stimulator", C.DMEPOS, S.ELECTRICAL_STIMULATION, "bone-growth"),
    ("Cold therapy unit", C.DMEPOS, S.DME, "cold-therapy-unit"),
    ("CPM machine", C.DMEPOS, S.DME, "cpm"),
    ("Custom orthotics", C.DMEPOS, S.PROSTHETICS_ORTHOTICS, "orthotics"),
    ("Functional restoration program", C.PROGRAMS, None, "frp"),
    ("Work hardening", C.PROGRAMS, None, "work-hardening"),
    ("Acupuncture", C.REHABILITATION, S.ACUPUNCTURE, "acupuncture"),
    ("Chiropractic treatment", C.REHABILITATION, S.CHIROPRACTIC, "chiropractic"),
    ("Aquatic therapy", C.REHABILITATION, S.PT_OT, "aquatic"),
    ("Home exercise program", C.REHABILITATION, S.PT_OT, "home-exercise-program"),
    ("Psychotherapy", C.PSYCH_SERVICES, S.PSYCH_THERAPIES, "psychotherapy"),
    ("CBT", C.PSYCH_SERVICES, S.PSYCH_THERAPIES, "cbt"),
    ("Biofeedback", C.PSYCH_SERVICES, S.PSYCH_THERAPIES, "biofeedback"),
    ("Hypnosis", C.PSYCH_SERVICES, S.PSYCH_THERAPIES, "hypnosis"),
]


@pytest.mark.parametrize(("request_text", "category", "subcategory"),
                         [pytest.param(t, c, s, id=i) for t, c, s, i in VOCABULARY])
def test_tests_and_procedures(request_text: str, category: TreatmentCategory,
                              subcategory: TreatmentSubcategory | None) -> None:
    t = read_treatment(request_text)
    assert t is not None
    assert (t.category, t.subcategory) == (category, subcategory)


STAFF = [
    ("Assistant PA", "assistant-pa"),
    ("PA assistant", "pa-assistant"),
    ("Assistant: PA-C", "assistant-colon-pa-c"),
    ("PA-C assistant", "pa-c-assistant"),
    ("Surgical assistant", "surgical-assistant"),
    ("Assistant surgeon", "assistant-surgeon"),
    ("Physician assistant", "physician-assistant"),
    ("Assistant physician", "assistant-physician"),
    ("RN first assistant", "rn-first-assistant"),
    ("Assistant RN", "assistant-rn"),
]


@pytest.mark.parametrize("request_text", [pytest.param(t, id=i) for t, i in STAFF])
def test_staff_before_or_after_their_role(request_text: str) -> None:
    t = read_treatment("Associated surgical service: " + request_text)
    assert t is not None
    assert (t.category, t.subcategory) == (C.SURGERY, S.ADJUNCT_SURGICAL_SERVICES)


NUMBER_WORDS = [
    ("Eight (8) sessions of physical therapy", (8, 8), None, "word-echoed"),
    ("Eight (8) physical therapy sessions", (8, 8), None, "word-echoed-noun-between"),
    ("six sessions of acupuncture", (6, 6), None, "word"),
    ("twelve visits of chiropractic care", (12, 12), None, "visits"),
    ("Physical therapy, twelve (12) visits", (12, 12), None, "after-the-service"),
    ("six to eight sessions of massage", (6, 8), None, "word-range"),
    ("Norco 10/325mg #60 with one refill", (None, None), 1, "one-refill"),
    ("Ibuprofen with two (2) refills", (None, None), 2, "refills-echoed"),
]


@pytest.mark.parametrize(("request_text", "sessions", "refills"),
                         [pytest.param(t, s, r, id=i) for t, s, r, i in NUMBER_WORDS])
def test_counts_written_as_words(request_text: str, sessions: tuple[int | None, int | None],
                                 refills: int | None) -> None:
    t = read_treatment(request_text)
    assert t is not None
    assert (t.sessions_min, t.sessions_max) == sessions
    assert t.refills == refills


def test_echoed_frequency_and_duration() -> None:
    t = read_treatment("Physical therapy two (2) times a week for six (6) weeks")
    assert t is not None
    assert (t.frequency_min, t.duration_min, t.sessions_min) == (2, 6, 12)


LEVEL_REGIONS_CASES = [
    ("L4 transforaminal epidural steroid injection", (R.LUMBAR_SPINE,), "lumbar-level"),
    ("Right C5-6 ACDF", (R.CERVICAL_SPINE,), "cervical-level"),
    ("T7-T8 facet injection", (R.THORACIC_SPINE,), "thoracic-level"),
    ("S1 transforaminal ESI", (R.LUMBAR_SPINE,), "sacral-level-is-lumbar"),
    ("L5-S1 fusion", (R.LUMBAR_SPINE,), "lumbosacral-level"),
    ("C7-T1 laminectomy", (R.CERVICAL_SPINE, R.THORACIC_SPINE), "junction"),
    ("Spinal fusion L4-5", (R.SPINE, R.LUMBAR_SPINE), "spine-word-and-level"),
    ("Cervical epidural C6-7", (R.CERVICAL_SPINE,), "region-word-kept"),
    ("Thoracic MRI with attention to L1", (R.THORACIC_SPINE,), "segment-named-wins"),
    ("MRI of the left knee", (R.KNEE,), "no-level"),
]


@pytest.mark.parametrize(("request_text", "regions"),
                         [pytest.param(t, r, id=i) for t, r, i in LEVEL_REGIONS_CASES])
def test_regions_implied_by_levels(request_text: str, regions: tuple[BodyRegion, ...]) -> None:
    t = read_treatment(request_text)
    assert t is not None
    assert t.body_regions == regions
    for index in range(len(regions)):
        assert t.span_of(f"body_regions[{index}]") is not None


@given(st.sampled_from("CTLS"), st.integers(1, 5), st.sampled_from(
    ["epidural steroid injection", "facet block", "fusion", "MRI"]))
def test_every_level_implies_its_segment(letter: str, n: int, treatment: str) -> None:
    t = read_treatment(f"{letter}{n} {treatment}")
    assert t is not None
    assert t.body_regions[-1:] == (LEVEL_REGIONS[letter],)


INHERIT = [
    ("Open reduction of the left distal radius with open carpal tunnel release",
     "with open carpal tunnel release", (R.WRIST,), Laterality.LEFT, (), "side-only"),
    ("Physical therapy to the right shoulder 2x6", "Physical therapy 2x3",
     (R.SHOULDER,), Laterality.RIGHT, (), "regions-and-side"),
    ("L4-5 and L5-S1 epidural steroid injection", "one epidural steroid injection",
     (R.LUMBAR_SPINE,), None, ("L4-L5", "L5-S1"), "levels"),
    ("Acupuncture for the lumbar spine 12 sessions", "Acupuncture for the knee 6 sessions",
     (R.KNEE,), None, (), "restated-region-kept"),
    ("PT for the left hand and right leg 12 sessions", "PT for the hand 6 sessions",
     (R.HAND,), None, (), "mixed-sides-not-taken"),
    ("PT for the left hand 12 sessions", "PT for the right hand 6 sessions",
     (R.HAND,), Laterality.RIGHT, (), "restated-side-kept"),
]


@pytest.mark.parametrize(("original", "disputed", "regions", "side", "levels"),
                         [pytest.param(*case[:5], id=case[5]) for case in INHERIT])
def test_disputed_part_inherits_places(original: str, disputed: str,
                                       regions: tuple[BodyRegion, ...],
                                       side: Laterality | None,
                                       levels: tuple[str, ...]) -> None:
    text = f"{original} was partially certified; {disputed} is disputed."
    o = text.index(original)
    d = text.index(disputed, o + len(original))
    found = read_treatment(text, d, d + len(disputed))
    whole = read_treatment(text, o, o + len(original))
    assert found is not None and whole is not None
    t = inherit_places(found, whole)
    assert (t.body_regions, t.laterality, t.levels) == (regions, side, levels)
    for name, span in t.value_spans:
        assert span in t.span, name
    # The hand-built model's reading (fill) agrees with the letter's.
    partial = PartialAuthorization(span=Span(0, 0), original_request=original,
                                   disputed=disputed)
    alone = _read_alone(original, partial, None)
    assert alone is not None
    assert (alone.body_regions, alone.laterality, alone.levels) == (regions, side, levels)


def test_corpus_partial_inherits_the_side() -> None:
    """CM17-0015218: the disputed "with open carpal tunnel release" of a left wrist."""
    need_corpus()
    if "CM17-0015218" not in corpus_cases():
        pytest.skip("CM17-0015218 is not in the corpus")
    for extractor in ("pypdf", "pdfminer"):
        d = parse_letter("CM17-0015218", extractor)
        (item,) = [it for it in d.items if it.partial is not None]
        assert item.treatment is not None
        assert item.treatment.laterality is Laterality.LEFT
        assert item.treatment.body_regions == (R.WRIST,)
