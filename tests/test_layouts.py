"""Every layout through the one grammar engine: our own letters of each layout
(tests/letters/, invented people and facts, our own prose) and variants of them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import imrparse
from imrparse import DefectCode, Layout, Outcome, SectionKind
from imrparse.layouts import grammar as g
from imrparse.model import PartyRole
from imrparse.structure.documents import read_documents
from imrparse.structure.parties import read_address_block
from tests.provenance import assert_provenance, assert_spans_true

LETTERS = Path(__file__).resolve().parent / "letters"


def letter(name: str) -> str:
    return (LETTERS / f"{name}.txt").read_text("utf-8")


D = dt.date

_NOTICE: dict[str, object] = {
    "layout": Layout.NOTICE_2013,
    "header": {"case_number": None, "decision_date": D(2013, 10, 4),
               "application_received": D(2013, 9, 12), "ur_denial_date": D(2013, 9, 3),
               "date_assigned": D(2013, 9, 16), "date_of_injury": None},
    "outcomes": [Outcome.UPHELD, Outcome.OVERTURNED],
    "requests": ["lumbar epidural steroid injection at L4-L5",
                 "twelve sessions of aquatic therapy"],
    "specialties": ("Neurology",),
    "states": ("Arizona", "California"),
    "age_sex": (39, imrparse.Sex.FEMALE),
    "documents": [
        ("Application for Independent Medical Review", None, D(2013, 9, 12), None),
        ("Utilization Review Determination", None, D(2013, 9, 3), None),
        ("Medical records", "Valley Spine and Pain Center", D(2013, 1, 7),
         D(2013, 8, 26)),
    ],
    "parties": False,
}

# Each row: the letter, the layout it is, and the facts it states.
EXPECTED = {
    "fdl-documents-reviewed": {
        "layout": Layout.FDL_DOCUMENTS_REVIEWED,
        "header": {"case_number": "CM15-0123456", "date_assigned": D(2015, 7, 6),
                   "decision_date": D(2015, 8, 3), "date_of_injury": D(2012, 2, 14),
                   "ur_denial_date": D(2015, 6, 19),
                   "application_received": D(2015, 6, 29)},
        "outcomes": [Outcome.OVERTURNED, Outcome.UPHELD],
        "requests": ["Right knee arthroscopy with partial medial meniscectomy",
                     "Cold therapy unit rental for 21 days"],
        "specialties": ("Orthopedic Surgery",), "states": ("California",),
        "age_sex": (47, imrparse.Sex.MALE),
        "documents": [
            ("Application for Independent Medical Review", None, D(2015, 6, 29), None),
            ("Utilization Review Determination", "Coastal Review Partners",
             D(2015, 6, 19), None),
            ("California Medical Treatment Utilization Schedule (MTUS)", None, None, None),
            ("Medical records", "Harbor Orthopedic Group", D(2015, 3, 9), D(2015, 6, 18)),
            ("Physical therapy notes", "Westside Rehabilitation", D(2015, 4, 2),
             D(2015, 5, 28)),
        ],
        "parties": False,
    },
    "notice-2013": _NOTICE,
    "medical-professional-review": {
        "layout": Layout.MEDICAL_PROFESSIONAL_REVIEW,
        "header": {"case_number": None, "decision_date": None},
        "outcomes": [Outcome.UPHELD],
        "requests": ["Functional restoration program, 160 hours"],
        "specialties": ("Anesthesiology",), "states": ("California",),
        "age_sex": (58, imrparse.Sex.FEMALE),
        "documents": [
            ("Application for Independent Medical Review", None, None, None),
            ("Utilization Review Determination", None, D(2013, 5, 2), None),
            ("Progress reports", "Lakeside Pain Management", D(2012, 11, 12),
             D(2013, 4, 22)),
        ],
        "parties": False,
    },
    "fdl-2016-unredacted": {
        "layout": Layout.FDL_2016,
        "header": {"case_number": "CM16-0000002", "date_assigned": D(2016, 11, 21),
                   "decision_date": D(2016, 12, 16), "date_of_injury": D(2014, 6, 30),
                   "ur_denial_date": D(2016, 11, 4),
                   "application_received": D(2016, 11, 15)},
        "outcomes": [Outcome.OVERTURNED, Outcome.UPHELD],
        "requests": ["Left shoulder arthroscopic rotator cuff repair",
                     "Associated surgical service: Sling with abduction pillow"],
        "specialties": ("Sports Medicine", "Orthopedic Surgery"),
        "states": ("Hawaii", "Idaho", "California"),
        "age_sex": (44, imrparse.Sex.FEMALE),
        "documents": [],
        "parties": True,
    },
    # The notice's items, reviewer and worker, with a case number and the parties.
    "notice-2013-unredacted": {
        **_NOTICE,
        "header": {"case_number": "CM13-0004521", "decision_date": D(2013, 10, 4),
                   "date_assigned": D(2013, 9, 16)},
        "documents": None,
        "parties": True,
    },
}
NAMES = sorted(EXPECTED)


def test_every_layout_has_a_letter() -> None:
    assert {e["layout"] for e in EXPECTED.values()} == set(Layout) - {Layout.FDL_SEED}
    assert sorted(p.stem for p in LETTERS.glob("*.txt")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_letter_parses_to_its_facts(name: str) -> None:
    d = imrparse.parse(letter(name))
    want = EXPECTED[name]
    assert d.defects == ()
    assert d.layout is want["layout"]
    for field, value in want["header"].items():  # type: ignore[attr-defined]
        assert getattr(d.header, field) == value, field
    assert [i.outcome for i in d.items] == want["outcomes"]
    if want["requests"] is not None:
        assert [i.request for i in d.items] == want["requests"]
    assert d.reviewer is not None
    assert d.reviewer.specialties == want["specialties"]
    assert d.reviewer.licensure_states == want["states"]
    assert d.summary is not None
    assert (d.summary.age, d.summary.sex) == want["age_sex"]
    if want["documents"] is not None:
        assert [(x.document, x.provider, x.date, x.date_end)
                for x in d.documents_reviewed] == want["documents"]
    assert (d.parties is not None) is want["parties"]


def test_notice_reads_its_disclaimer_and_procedural_dates() -> None:
    d = imrparse.parse(letter("notice-2013"))
    assert d.summary is not None and d.summary.source_ur_date == D(2013, 9, 3)
    assert not d.summary.text.startswith("Disclaimer")
    # The dates of the procedural paragraph sit in the decision section, not the cover.
    decision = next(s for s in d.sections if s.kind is SectionKind.ISSUES_DECISIONS_RATIONALES)
    for name in ("application_received", "ur_denial_date", "date_assigned"):
        span = d.header.span_of(name)
        assert span is not None and span in decision.span, name
    assert all(i.rationale is None for i in d.items)


def test_medical_professional_review_item_takes_its_sections() -> None:
    d = imrparse.parse(letter("medical-professional-review"))
    (item,) = d.items
    assert item.maximus_guideline is not None
    assert item.maximus_guideline.text.startswith("MTUS Chronic Pain")
    assert item.rationale is not None and item.rationale.text.endswith("not medically necessary.")
    assert [s.kind for s in d.sections][1:] == [
        SectionKind.ISSUE_AT_DISPUTE, SectionKind.CLINICAL_CASE_SUMMARY,
        SectionKind.DOCUMENTS_REVIEWED, SectionKind.GUIDELINES_RELIED_UPON,
        SectionKind.RATIONALE, SectionKind.QUALIFICATIONS]


def test_unredacted_parties() -> None:
    d = imrparse.parse(letter("fdl-2016-unredacted"))
    p = d.parties
    assert p is not None
    assert p.claim_number == "SMC-0447218-WC"
    assert p.employee is not None and p.employee.role is PartyRole.EMPLOYEE
    assert p.employee.name == "Rosalind Teague"
    assert p.employee.address == ("4418 Cottonwood Bend", "Modesto, CA 95355")
    assert p.employer is not None and p.employer.name == "Northgate Cold Storage LLC"
    assert p.claims_administrator is not None
    assert p.claims_administrator.address[-1] == "Sacramento, CA 95826"
    assert p.requesting_provider is not None
    assert p.requesting_provider.name == "Anil Varghese, MD"
    assert len(p.requesting_provider.address) == 3
    assert len(p.cc) == 4 and p.cc[0].startswith("Rosalind Teague")
    # Without the address block and the copy list (a public copy) nothing else changes.
    text = letter("fdl-2016-unredacted")
    public = text[text.index("Case Number:") : text.index("cc:")]
    plain = imrparse.parse(public)
    assert plain.parties is None and plain.defects == ()
    assert plain == attrs.evolve(d, parties=None)


def test_unredacted_notice_with_capitals_names_and_semicolon_copies() -> None:
    d = imrparse.parse(letter("notice-2013-unredacted"))
    p = d.parties
    assert p is not None and p.claim_number == "13-20817"
    assert p.employee is not None and p.employee.name == "Marisol Okafor"
    assert p.employer is not None and p.employer.name == "TULARE COUNTY UNIFIED SCHOOLS"
    assert p.requesting_provider is None
    assert p.cc == ("Marisol Okafor", "Central Valley Schools JPA",
                    "Valley Spine and Pain Center")


def test_public_copies_have_no_parties_and_no_defect() -> None:
    d = imrparse.parse(imrparse.example_letter())
    assert d.parties is None and d.defects == ()


# --- variants never seen: the engine still finds their sections and items ------------

# Each row: a letter, a change to it, the layout still found, and a check of the result.
VARIANTS = [
    ("dr-without-letterhead", "fdl-documents-reviewed",
     ("MAXIMUS FEDERAL SERVICES, INC. \nIndependent Medical Review \n", ""),
     Layout.FDL_DOCUMENTS_REVIEWED, lambda d: len(d.items) == 2),
    ("dr-with-credentials-block", "fdl-documents-reviewed",
     ("\nDOCUMENTS REVIEWED", "\nThe Expert Reviewer has the following credentials: \n"
      "State(s) of Licensure: Nevada, California \nCertification(s)/Specialty: Orthopedic "
      "Surgery \n \nDOCUMENTS REVIEWED"),
     Layout.FDL_DOCUMENTS_REVIEWED,
     lambda d: d.reviewer.licensure_states == ("Nevada", "California")),
    ("dr-bulleted-list", "fdl-documents-reviewed",
     ("Application for Independent", "- Application for Independent"),
     Layout.FDL_DOCUMENTS_REVIEWED,
     lambda d: d.documents_reviewed[0].document.startswith("Application")),
    ("mpr-decision-on-issue-line", "medical-professional-review",
     ("160 hours \n", "160 hours: Overturned \n"), Layout.MEDICAL_PROFESSIONAL_REVIEW,
     lambda d: d.items[0].outcome is Outcome.OVERTURNED),
    ("mpr-issue-on-heading-line", "medical-professional-review",
     ("ISSUE AT DISPUTE: \n", "ISSUE AT DISPUTE: "), Layout.MEDICAL_PROFESSIONAL_REVIEW,
     lambda d: d.items[0].request == "Functional restoration program, 160 hours"),
    ("mpr-one-line-headings", "medical-professional-review",
     ("PROFESSIONAL \nREVIEWER", "PROFESSIONAL REVIEWER"), Layout.MEDICAL_PROFESSIONAL_REVIEW,
     lambda d: d.items[0].maximus_guideline is not None),
    ("notice-spaced-not", "notice-2013", ("notmedically", "not medically"),
     Layout.NOTICE_2013, lambda d: d.items[0].outcome is Outcome.UPHELD),
    ("notice-without-cover", "notice-2013",
     ("MAXIMUS FEDERAL SERVICES, INC. \nNotice of Independent Medical Review "
      "Determination \n", ""), Layout.NOTICE_2013, lambda d: len(d.items) == 2),
    ("notice-dotted-numbers", "notice-2013", ("2) MAXIMUS", "2. MAXIMUS"),
     Layout.NOTICE_2013, lambda d: len(d.items) == 2),
]


@pytest.mark.parametrize(("name", "change", "layout", "check"),
                         [v[1:] for v in VARIANTS], ids=[v[0] for v in VARIANTS])
def test_unseen_variants_still_parse(name: str, change: tuple[str, str], layout: Layout,
                                     check: object) -> None:
    old, new = change
    text = letter(name)
    assert old in text
    d = imrparse.parse(text.replace(old, new))
    assert d.layout is layout
    assert check(d)  # type: ignore[operator]
    assert_spans_true(d)


def test_joined_reviews_give_one_item_each() -> None:
    one = letter("medical-professional-review")
    other = one.replace("Functional restoration program, 160 hours",
                        "Trigger point injections, three").replace(
        "is not medically \nnecessary.", "is medically \nnecessary.")
    d = imrparse.parse(one + "\n" + other)
    assert d.defects == ()
    assert [(i.number, i.request, i.outcome) for i in d.items] == [
        (1, "Functional restoration program, 160 hours", Outcome.UPHELD),
        (2, "Trigger point injections, three", Outcome.OVERTURNED)]
    assert d.items[1].rationale is not None and d.items[0].rationale is not None
    assert d.items[1].rationale.span.start > d.items[0].rationale.span.end
    assert_spans_true(d)


def _joined_reviews() -> str:
    one = letter("medical-professional-review")
    return one + "\n" + one.replace("Functional restoration program, 160 hours",
                                     "Trigger point injections, three")


def test_joined_reviews_without_the_second_issue_heading() -> None:
    """The second report joins the first, which then holds its headings twice."""
    text = _joined_reviews()
    second = text.rindex("ISSUE AT DISPUTE:")
    d = imrparse.parse(text[:second] + text[second:].replace("ISSUE AT DISPUTE:", "", 1))
    assert len(d.items) == 1
    assert DefectCode.DUPLICATE_HEADING in {x.code for x in d.defects}
    assert_spans_true(d)


def test_joined_reviews_without_the_first_issue_heading() -> None:
    """The first report's sections still make an item, which says its heading is lost."""
    d = imrparse.parse(_joined_reviews().replace("ISSUE AT DISPUTE:", "", 1))
    # The issue's text is left in the preamble, where it is reported as unparsed.
    assert {(x.code, x.path) for x in d.defects} == {
        (DefectCode.MISSING_HEADING, "items[0]"), (DefectCode.UNPARSED_TEXT, "header")}
    assert [i.request for i in d.items] == ["", "Trigger point injections, three"]
    assert d.items[0].rationale is not None
    assert_spans_true(d)


@pytest.mark.parametrize("name", NAMES)
def test_an_unknown_heading_keeps_its_text_in_every_layout(name: str) -> None:
    text = letter(name)
    first = next(s for s in imrparse.parse(text).sections if s.heading is not None)
    stray = "ADDITIONAL RECORDS RECEIVED LATE \nTwo more progress notes came in. \n \n"
    at = first.span.start
    d = imrparse.parse(text[:at] + stray + text[at:])
    assert DefectCode.UNRECOGNIZED_HEADING in {x.code for x in d.defects}
    unknown = next(s for s in d.sections if s.kind is SectionKind.UNRECOGNIZED)
    assert "Two more progress notes" in d.text_of(unknown.span)
    assert all("Two more progress notes" not in d.text_of(s.span)
               for s in d.sections if s is not unknown)
    assert d.layout is EXPECTED[name]["layout"]


@pytest.mark.parametrize("name", NAMES)
def test_letters_provenance(name: str) -> None:
    assert_provenance(letter(name))


# --- the tables and the small readers --------------------------------------------------

def test_every_layout_has_a_rule_and_signs() -> None:
    assert {r.layout for r in g.LAYOUTS} == set(Layout)
    for rule in g.LAYOUTS:
        assert g.layout_signs(rule.layout), rule.layout


def test_every_item_form_has_one_reader_and_one_writer() -> None:
    from imrparse import render
    from imrparse.structure.items import ITEM_READERS

    assert set(ITEM_READERS) == set(g.ItemForm) == set(render._WRITERS)


@pytest.mark.parametrize("layout", list(Layout), ids=[x.value for x in Layout])
def test_a_layout_has_one_heading_of_each_kind(layout: Layout) -> None:
    """The writer finds a layout's heading by its section's kind."""
    for name in g.layout_rule(layout).required:
        kind = g.heading(name).kind
        assert g.heading_of(layout, kind).name == name


def test_notice_determination_wrapped_before_its_fixed_words_is_read() -> None:
    """Regression (guard-word): the notice's determinations were looked for only where
    "has determined" stood on one line, so a line break between the two words lost every
    item.  The guard is now one word of the table's pattern."""
    text = letter("notice-2013").replace("Inc. has determined", "Inc. has\ndetermined")
    d = imrparse.parse(text)
    assert [item.outcome for item in d.items] == [Outcome.UPHELD, Outcome.OVERTURNED]
    assert d.defects == ()


def test_items_without_decision_lines_are_read_after_the_lead_in() -> None:
    """Regression (lead-in-as-request): without a known decision line, the issues
    section's lead-in sentence was read as the first item's request."""
    text = re.sub(r":\s+(?:Upheld|Overturned)", "", imrparse.example_letter())
    d = imrparse.parse(text)
    assert d.items[0].request == "Tramadol ER 150mg #30"
    assert [item.outcome for item in d.items] == [None, None]


DOCUMENTS = [
    ("dated", "Utilization Review Determination, dated 06/19/2015",
     ("Utilization Review Determination", None, D(2015, 6, 19), None)),
    ("provider-range-long", "Medical records from Bay Clinic for dates of service between "
     "March 9, 2015, and June 18, 2015",
     ("Medical records", "Bay Clinic", D(2015, 3, 9), D(2015, 6, 18))),
    ("dash-range", "Progress notes by North Ortho, 1/2/2014 - 3/4/2014",
     ("Progress notes", "North Ortho", D(2014, 1, 2), D(2014, 3, 4))),
    ("nothing-else", "The MTUS", ("The MTUS", None, None, None)),
    ("abbreviated-month", "Operative report, Sept. 3, 2014",
     ("Operative report", None, D(2014, 9, 3), None)),
]


@pytest.mark.parametrize(("entry", "want"), [d[1:] for d in DOCUMENTS],
                         ids=[d[0] for d in DOCUMENTS])
def test_document_entries(entry: str, want: tuple[object, ...]) -> None:
    (doc,) = read_documents(entry, 0, len(entry))
    assert (doc.document, doc.provider, doc.date, doc.date_end) == want


def test_wrapped_document_entry_is_one_entry() -> None:
    text = "Medical records from Bay Clinic for dates of service between\nMarch 9, 2015 and " \
           "June 18, 2015\nThe MTUS\n"
    docs = read_documents(text, 0, len(text))
    assert [d.document for d in docs] == ["Medical records", "The MTUS"]


@given(st.text(max_size=300))
def test_readers_never_raise_and_keep_spans(text: str) -> None:
    for doc in read_documents(text, 0, len(text)):
        assert all(0 <= s.start <= s.end <= len(text) for _, s in doc.value_spans)
    block = read_address_block(text, 0, len(text))
    if block is not None:
        assert all(0 <= s.start <= s.end <= len(text) for s in block.spans)


def test_party_label_is_not_the_item_label() -> None:
    assert re.fullmatch(g.words("Claims Administrator:"), "Claims Administrator guideline:") \
        is None


def test_one_stray_heading_of_another_layout_does_not_change_the_layout() -> None:
    text = imrparse.example_letter().replace(
        "CLINICAL CASE SUMMARY", "DOCUMENTS REVIEWED \nOne report. \n \nCLINICAL CASE SUMMARY")
    d = imrparse.parse(text)
    assert d.layout is Layout.FDL_2016
    assert [x.document for x in d.documents_reviewed] == ["One report."]


def test_a_letterhead_alone_does_not_outvote_headings() -> None:
    text = "MAXIMUS FEDERAL SERVICES, INC. \nIndependent Medical Review \n" \
        + imrparse.example_letter()
    d = imrparse.parse(text)
    assert d.layout is Layout.FDL_2016 and d.defects == ()


_STRUCTURE = st.sampled_from(
    [f"\n{h.wording}\n" for h in g.HEADINGS] + [f"\n{t.wording}\n" for t in g.TITLES]
    + ["\n1) MAXIMUS Federal Services, Inc. has determined the request for x is not "
       "medically necessary.", "Employee: A B\n1 Road\n", "Claim Number: 12\n",
       "Disclaimer: taken from the review dated May 1, 2013.", "Dated: 9/2/2013\n",
       "between March 9, 2015, and June 18, 2015", ": Upheld\n", "\n \n", "\r\n", "\f",
       "Decision rationale: is not medically necessary.", "- Records from X Y, 1/2/2013\n"])


@given(st.lists(st.one_of(_STRUCTURE, st.text(max_size=20)), max_size=30).map("".join))
def test_any_mix_of_layout_structure_parses_or_raises_only_our_error(text: str) -> None:
    try:
        d = imrparse.parse(text)
    except imrparse.ImrParseError:
        return
    pos = 0
    for section in d.sections:
        assert section.span.start == pos
        pos = section.span.end
    assert pos == len(text)
    assert_spans_true(d)
