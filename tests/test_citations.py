"""Guideline paragraphs read into citations (imrparse.content.citations)."""

from __future__ import annotations

import collections
import itertools
import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imrparse import CitationFamily, Determination, Guideline, MtusCitation, OtherCitation
from imrparse.content.citations import read_guideline_basis, split_sections
from imrparse.model.spans import Span
from imrparse.text.normalize import normalize
from imrparse.vocab.guidelines import MtusGuideline, OdgChapter
from tests.corpus import corpus_cases, need_corpus, parse_letter, parsed_corpus


def read(paragraph: str):  # type: ignore[no-untyped-def]
    return read_guideline_basis(paragraph, 0, len(paragraph))


# --- MTUS chains ------------------------------------------------------------------------

CHAINS = [
    pytest.param("Decision based on MTUS Knee Complaints 2004.",
                 [(MtusGuideline.KNEE_COMPLAINTS, 2004, ())], id="name-year"),
    pytest.param("Decision based on MTUS Acupuncture Treatment Guidelines.",
                 [(MtusGuideline.ACUPUNCTURE_TREATMENT, None, ())], id="no-year-guidelines"),
    pytest.param("Decision based on MTUS ACOEM.", [(MtusGuideline.ACOEM, None, ())],
                 id="bare-acoem"),
    pytest.param("Decision based on MTUS Chronic Pain Guidelines 2016.",
                 [(MtusGuideline.CHRONIC_PAIN_MEDICAL_TREATMENT, 2016, ())],
                 id="short-name-guidelines-before-year"),
    pytest.param("Decision based on MTUS Chronic Pain Medical Treatment 2016 Guidelines, "
                 "Section(s): Office visits.",
                 [(MtusGuideline.CHRONIC_PAIN_MEDICAL_TREATMENT, 2016, ("Office visits",))],
                 id="guidelines-after-year"),
    pytest.param("Decision based on MTUS Forearm, Wrist, and Hand\nComplaints 2004, Section(s): "
                 "Red Flags, Summary.",
                 [(MtusGuideline.FOREARM_WRIST_AND_HAND_COMPLAINTS, 2004,
                   ("Red Flags", "Summary"))], id="name-with-commas-wrapped"),
    pytest.param("Decision based on MTUS Low Back Complaints 2004, and Opioid Treatment 2016.",
                 [(MtusGuideline.LOW_BACK_COMPLAINTS, 2004, ()),
                  (MtusGuideline.OPIOID_TREATMENT, 2016, ())], id="chain-no-sections"),
    pytest.param("Decision based on MTUS Elbow Complaints 2007, Section(s): 326, and Knee\n"
                 "Complaints 2004, Section(s): Initial Care,\nand Stress-Related Conditions 2004.",
                 [(MtusGuideline.ELBOW_COMPLAINTS, 2007, ("326",)),
                  (MtusGuideline.KNEE_COMPLAINTS, 2004, ("Initial Care",)),
                  (MtusGuideline.STRESS_RELATED_CONDITIONS, 2004, ())], id="chain-of-three"),
    pytest.param("Decision based on MTUS Chronic Pain\n\n2016, Section(s): "
                 "NSAIDs, GI symptoms & cardiovascular risk, Ultrasound, therapeutic.",
                 [(MtusGuideline.CHRONIC_PAIN_MEDICAL_TREATMENT, 2016,
                   ("NSAIDs, GI symptoms & cardiovascular risk", "Ultrasound, therapeutic"))],
                 id="page-break-before-year-sections-with-commas"),
    pytest.param("Decision based on MTUS Postsurgical Treatment 2009, Section(s): Knee, Forearm, "
                 "Wrist, & Hand.",
                 [(MtusGuideline.POSTSURGICAL_TREATMENT, 2009, ("Knee", "Forearm, Wrist, & Hand"))],
                 id="known-section"),
    pytest.param("Decision based on MTUS Opioid Treatment 2016, Section(s): 2.1 Opioid use: "
                 "Screening, Risk, 4.2 Stopping: Slow, Careful Methods.",
                 [(MtusGuideline.OPIOID_TREATMENT, 2016,
                   ("2.1 Opioid use: Screening, Risk", "4.2 Stopping: Slow, Careful Methods"))],
                 id="numbered-sections"),
    pytest.param("Decision based on MTUS Neck & Upper Back Complaints 2004.",
                 [(MtusGuideline.NECK_AND_UPPER_BACK_COMPLAINTS, 2004, ())], id="ampersand"),
    pytest.param("Decision based on\nMTUS Shoulder Complaints 2004, Section(s): Electro-\n"
                 "diagnostic testing.",
                 [(MtusGuideline.SHOULDER_COMPLAINTS, 2004, ("Electro-diagnostic testing",))],
                 id="hyphen-at-line-end"),
]


@pytest.mark.parametrize(("paragraph", "expected"), CHAINS)
def test_mtus_chains(paragraph: str, expected: list[tuple[MtusGuideline, int | None,
                                                           tuple[str, ...]]]) -> None:
    basis = read(paragraph)
    assert basis.unattributed == ()
    assert [(c.guideline, c.year, c.sections) for c in basis.mtus] == expected
    assert basis.evidence_cited


@pytest.mark.parametrize(("raw", "expected"), [
    pytest.param("Summary", ["Summary"], id="one"),
    pytest.param("A, B, C", ["A", "B", "C"], id="plain-commas"),
    pytest.param("TENS, chronic pain (x), Office visits", ["TENS, chronic pain (x)",
                                                            "Office visits"], id="lowercase-joins"),
    pytest.param("Forearm, Wrist, & Hand", ["Forearm, Wrist, & Hand"], id="ampersand-joins"),
    pytest.param("NSAIDs, GI symptoms & cardiovascular risk, NSAIDs, specific drug list",
                 ["NSAIDs, GI symptoms & cardiovascular risk", "NSAIDs, specific drug list"],
                 id="known-then-lowercase"),
    pytest.param("1.4 Acute: Post-op, 3.3 Chronic: Start, Monitor",
                 ["1.4 Acute: Post-op", "3.3 Chronic: Start, Monitor"], id="numbered"),
    pytest.param("Special\nStudies.", ["Special Studies"], id="wrapped-final-period"),
])
def test_split_sections(raw: str, expected: list[str]) -> None:
    got = split_sections(raw, 0, len(raw))
    assert [v for v, _ in got] == expected
    for value, span in got:
        assert normalize(span.slice(raw)) == value


# --- statements and non-MTUS citations -------------------------------------------------

@pytest.mark.parametrize(("paragraph", "cited", "outside", "not_based"), [
    pytest.param("The Claims Administrator did not cite any medical evidence\nfor its decision.",
                 False, False, False, id="no-evidence"),
    pytest.param("Decision based on Non-MTUS Citation ODG, Knee. The Physician Reviewer based "
                 "their decision on\nrecommendation(s) outside of the MTUS Guidelines.",
                 True, True, False, id="outside-mtus"),
    pytest.param("Decision based on Non-\n\nMTUS Citation ODG. The Physician Reviewer did not "
                 "base their decision on the MTUS.", True, False, True,
                 id="not-based-hyphen-page-break"),
    pytest.param("", False, False, False, id="empty"),
])
def test_statements(paragraph: str, cited: bool, outside: bool, not_based: bool) -> None:
    basis = read(paragraph)
    assert (basis.evidence_cited, basis.outside_mtus, basis.not_based_on_mtus) == (
        cited, outside, not_based)
    assert basis.unattributed == ()


@pytest.mark.parametrize(("body", "family", "chapter", "topic"), [
    pytest.param("Official Disability Guidelines (ODG), Low Back Chapter.", CitationFamily.ODG,
                 OdgChapter.LOW_BACK, None, id="odg-chapter"),
    pytest.param("Official Disability Guidelines: Knee & Leg (Acute & Chronic), Walkers.",
                 CitationFamily.ODG, OdgChapter.KNEE_AND_LEG, "Walkers", id="odg-topic"),
    pytest.param("ODG Hips and Pelvis, X-Ray.", CitationFamily.ODG, OdgChapter.HIP_AND_PELVIS,
                 "X-Ray", id="odg-and-for-ampersand"),
    pytest.param("Official Disability Guidelines (ODG) Low Back - Lumbar & Thoracic (Acute & "
                 "Chronic), Traction.", CitationFamily.ODG, OdgChapter.LOW_BACK, "Traction",
                 id="odg-long-chapter"),
    pytest.param("Official Disability Guidelines (ODG) Knee and Leg (Canes (walking aids)).",
                 CitationFamily.ODG, OdgChapter.KNEE_AND_LEG, "Canes (walking aids)",
                 id="odg-topic-in-parentheses"),
    pytest.param("Official Disability Guidelines (ODG) CT elbow.", CitationFamily.ODG,
                 OdgChapter.ELBOW, "CT", id="odg-topic-before-chapter"),
    pytest.param("Official Disability Guidelines, Web Version, Rules for rehab.",
                 CitationFamily.ODG, None, "Rules for rehab", id="odg-no-chapter"),
    pytest.param("ACOEM Practice Guidelines, 3rd ed., Neck Disorders, pg. 12.",
                 CitationFamily.ACOEM, None, None, id="acoem"),
    pytest.param("Doe A, et al. A study of backs. Spine J. 2010;3:1-9.",
                 CitationFamily.LITERATURE, None, None, id="article"),
    pytest.param("Smith's Surgery of the Hand, 5th edition, pp. 10-12.",
                 CitationFamily.LITERATURE, None, None, id="book"),
    pytest.param("http://example.org/a-b, https://example.com/c.", CitationFamily.URL, None,
                 None, id="urls"),
    pytest.param("A state formulary note.", CitationFamily.OTHER, None, None, id="other"),
])
def test_other_citations(body: str, family: CitationFamily, chapter: OdgChapter | None,
                         topic: str | None) -> None:
    paragraph = "Decision based on Non-MTUS Citation " + body
    basis = read(paragraph)
    assert basis.unattributed == ()
    (citation,) = basis.citations
    assert isinstance(citation, OtherCitation)
    assert (citation.family, citation.odg_chapter, citation.odg_topic) == (family, chapter, topic)
    assert not citation.under_mtus
    assert citation.text == normalize(body).removesuffix(".")


def test_odg_under_mtus_label_is_kept_as_other() -> None:
    basis = read("Decision based on MTUS Official Disability Guidelines (ODG), Pain.")
    (citation,) = basis.citations
    assert isinstance(citation, OtherCitation)
    assert citation.under_mtus and citation.family is CitationFamily.ODG
    assert citation.odg_chapter is OdgChapter.PAIN


def test_unknown_text_is_unattributed_not_dropped() -> None:
    paragraph = "Something else entirely. Decision based on MTUS Knee Complaints 2004."
    basis = read(paragraph)
    assert [s.slice(paragraph) for s in basis.unattributed] == ["Something else entirely."]
    assert len(basis.mtus) == 1


def test_spans_are_offsets_into_the_full_text() -> None:
    prefix = "MAXIMUS guideline: "
    body = "Decision based on MTUS Knee Complaints 2004, Section(s): Special\nStudies."
    text = prefix + body + "\n\nDecision rationale: x"
    basis = read_guideline_basis(text, len(prefix), len(prefix) + len(body))
    (c,) = basis.mtus
    assert c.span_of("guideline") is not None
    assert c.span_of("guideline").slice(text) == "Knee Complaints"  # type: ignore[union-attr]
    assert c.span_of("year").slice(text) == "2004"  # type: ignore[union-attr]
    assert normalize(c.span_of("sections[0]").slice(text)) == "Special Studies"  # type: ignore[union-attr]


@pytest.mark.parametrize(("start", "end"), [(5, 2), (-3, 10), (0, 10**6), (10**6, 10**6 + 5)])
def test_odd_ranges_never_raise(start: int, end: int) -> None:
    basis = read_guideline_basis("Decision based on MTUS Knee Complaints 2004.", start, end)
    assert basis.span.start <= basis.span.end


# --- property: generated chains read back ----------------------------------------------

_SECTION_POOL = ["Special Studies", "Summary", "Initial Care", "Follow-up Visits",
                 "Physical medicine treatment", "TENS, chronic pain (transcutaneous nerve)",
                 "NSAIDs, GI symptoms & cardiovascular risk", "Ultrasound, therapeutic",
                 "Forearm, Wrist, & Hand", "326", "Muscle relaxants (for pain)"]
_NUMBERED_POOL = ["3.3 Opioids: Start, Monitor", "1.4 Acute Pain: Post-operative Pain",
                  "4.1 Tapering Opioids: Indications"]
_NAMES: list[MtusGuideline] = [g for g in MtusGuideline if g is not MtusGuideline.ACOEM]


@st.composite
def chains(draw: st.DrawFn) -> tuple[str, list[tuple[MtusGuideline, int | None,
                                                     tuple[str, ...]]]]:
    links = draw(st.lists(st.tuples(
        st.sampled_from(_NAMES), st.integers(1990, 2029),
        st.one_of(st.lists(st.sampled_from(_SECTION_POOL), max_size=4, unique=True),
                  st.lists(st.sampled_from(_NUMBERED_POOL), min_size=1, max_size=3,
                           unique=True))),
        min_size=1, max_size=5))
    parts = []
    for name, year, sections in links:
        part = f"{name.value} {year}"
        if sections:
            part += ", Section(s): " + ", ".join(sections)
        parts.append(part)
    body = "Decision based on MTUS " + ", and ".join(parts) + "."
    # Line and page breaks anywhere a blank is, and after some hyphens.
    breaks = draw(st.lists(st.sampled_from([" ", " \n", "\n \n", " \n\n", "\n\f"]),
                           min_size=body.count(" "), max_size=body.count(" ")))
    pieces = body.split(" ")
    text = pieces[0] + "".join(b + p for b, p in zip(breaks, pieces[1:], strict=True))
    if draw(st.booleans()):
        text = text.replace("-", "-\n", 1)
    expected: list[tuple[MtusGuideline, int | None, tuple[str, ...]]] = [
        (name, year, tuple(sections)) for name, year, sections in links]
    return text, expected


@settings(max_examples=150, deadline=None)
@given(chains())
def test_generated_chains_read_back(case: tuple[str, list[tuple[MtusGuideline, int | None,
                                                                tuple[str, ...]]]]) -> None:
    text, expected = case
    basis = read(text)
    assert basis.unattributed == ()
    assert [(c.guideline, c.year, c.sections) for c in basis.mtus] == expected
    for c in basis.mtus:
        for name, span in c.value_spans:
            assert text[span.start:span.end].strip() == text[span.start:span.end]
            if name.startswith("sections["):
                index = int(name[9:-1])
                assert normalize(span.slice(text)) == c.sections[index]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Decision based on MTUS Non-Citation ,.:()&\n2004")),
               max_size=300))
def test_never_raises_on_noise(text: str) -> None:
    basis = read(text)
    covered = [c.span for c in basis.citations] + list(basis.unattributed)
    assert all(0 <= s.start <= s.end <= len(text) for s in covered)


# --- corpus (through imrparse.parse) ---------------------------------------------------

_MTUS_MARK = re.compile(r"Decision\s+based\s+on\s+MTUS\b")


def corpus_guidelines() -> Iterator[tuple[str, str, Guideline]]:
    """(label, letter text, guideline node) for every guideline paragraph of the corpus."""
    for label, d in parsed_corpus():
        for item in d.items:
            for node in (item.claims_administrator_guideline, item.maximus_guideline):
                if node is not None:
                    yield label, d.source_text, node


@pytest.mark.corpus
def test_corpus_every_paragraph_fully_attributed() -> None:
    paragraphs = mtus = 0
    for label, text, node in corpus_guidelines():
        paragraphs += 1
        basis = node.basis
        assert basis is not None, label
        start, end = basis.span.start, basis.span.end
        where = f"{label}@{start}"
        assert basis.unattributed == (), where
        # Every "Decision based on MTUS" clause resolves to vocabulary guidelines.
        for c in basis.citations:
            if isinstance(c, OtherCitation) and c.under_mtus:
                assert c.family is not CitationFamily.OTHER, where
        assert len(_MTUS_MARK.findall(text, start, end)) <= len(basis.citations), where
        # A year written after a guideline name is read.
        for c in basis.mtus:
            mtus += 1
            name_end = c.span_of("guideline").end  # type: ignore[union-attr]
            written = re.match(r"[\s\w]*?\b((?:19|20)\d\d)\b", text[name_end:c.span.end])
            assert c.year == (int(written.group(1)) if written else None), where
        spans = sorted(c.span for c in basis.citations)
        for a, b in itertools.pairwise(spans):
            assert a.end <= b.start, where
        for span in spans:
            assert start <= span.start <= span.end <= end
    assert paragraphs > 0 and mtus > 0


def _letter_citations(d: Determination) -> collections.Counter[tuple[object, ...]]:
    out: collections.Counter[tuple[object, ...]] = collections.Counter()
    for item in d.items:
        for node in (item.claims_administrator_guideline, item.maximus_guideline):
            basis = node.basis if node is not None else None
            if basis is None:
                continue
            out[("flags", basis.evidence_cited, basis.outside_mtus,
                 basis.not_based_on_mtus)] += 1
            for c in basis.citations:
                if isinstance(c, MtusCitation):
                    out[(c.guideline, c.year, c.sections)] += 1
                else:
                    out[(c.family, c.odg_chapter)] += 1
    return out


@pytest.mark.corpus
def test_corpus_extractors_agree() -> None:
    """pypdf and pdfminer text of one letter give the same citations."""
    need_corpus()
    cases = corpus_cases()
    for case in cases:
        assert _letter_citations(parse_letter(case, "pypdf")) == _letter_citations(
            parse_letter(case, "pdfminer")), case
    assert cases


@pytest.mark.corpus
def test_corpus_flags_match_their_sentences() -> None:
    for _, _, node in corpus_guidelines():
        basis = node.basis
        assert basis is not None
        assert basis.outside_mtus == ("outside of the MTUS" in node.text)
        assert basis.not_based_on_mtus == ("did not base their decision" in node.text)
        assert basis.evidence_cited == ("did not cite any medical evidence" not in node.text)


def test_span_type() -> None:
    assert isinstance(read("Decision based on MTUS Knee Complaints 2004.").span, Span)
