"""Hypothesis strategies for Final Determination Letters, and extraction-noise models.

Round trip is the oracle: :func:`determinations` draws valid models, :func:`imrparse.render.
render` writes their letters, :func:`imrparse.parse` must read the same model back.
:func:`letters` adds the noise of PDF text extraction on top, so a test of your own code
can run on a thousand varied letters that all parse without defects::

    from hypothesis import given
    from imrparse.testing import letters

    @given(letters())
    def test_my_pipeline(text):
        ...

Hypothesis is an optional dependency (``pip install hypothesis``, or the ``test`` extra);
``import imrparse`` never needs it, this module does.

The noise models are plain functions, ``str -> str`` (some take a seed or a
``random.Random``), which you may apply to your own text:

* :func:`pypdf_like`: a trailing space on every line, space-only separator lines;
* :func:`pdfminer_like`: the header table read column by column (labels, then values),
  a form feed glued to the first line of every page;
* :func:`pdfbox_like`: CRLF line ends read as doubled line breaks, a leading space;
* :func:`page_breaks`: page joins (an empty line and Word's space-only padding lines)
  falling inside requests and guideline citations;
* :func:`hyphen_breaks`: lines broken after the hyphen of a hyphenated word
  (``Non-`` / ``MTUS``);
* :func:`rewrap`: lines wrapped at another width (60 to 110 columns in the strategies);
* :func:`strip_trailing_spaces` and :func:`drop_blank_lines`: letters without trailing
  spaces, or without any blank line;
* :func:`curly_quotes`: typographic quotes and apostrophes in the prose (this one changes
  values; :func:`map_strings` applies it to a model too).

Every model the strategies draw has no defects and uses only values the layout can carry:
whitespace-normalized text, requests that neither end in a colon nor hold a sentence end,
dates in the order the letters keep (injury <= UR denial <= application received <= date
assigned < decision), ages stated once.  The prose is generated from a vocabulary of our
own, with the non-ASCII the letters have (``°``, ``®``, ``×``, ``–``, curly quotes).

Where the properties found realistic text the parser does not read right yet, the
strategies steer around it, so that their letters stay defect-free; each case is listed in
:data:`KNOWN_LIMITATIONS` and pinned by an ``xfail(strict=True)`` test.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any, TypeVar

import attrs

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "imrparse.testing needs Hypothesis: pip install hypothesis (or imrparse[test])"
    ) from exc

from imrparse import model
from imrparse.content.fill import fill
from imrparse.model.spans import Span
from imrparse.render import partial_request, render
from imrparse.testing.drift import (
    DRIFT_MODELS,
    drift,
    recase_headings,
    recase_labels,
    recase_outcomes,
    reorder_header,
    reword_headings,
)
from imrparse.testing.noise import (
    _LINE_NOISE,
    EXTRACTORS,
    NOISE_MODELS,
    curly_quotes,
    drop_blank_lines,
    hyphen_breaks,
    map_strings,
    page_breaks,
    pdfbox_like,
    pdfminer_like,
    pypdf_like,
    rewrap,
    strip_trailing_spaces,
)
from imrparse.text.caches import cached

__all__ = [
    "DRIFT_MODELS",
    "EXTRACTORS",
    "KNOWN_LIMITATIONS",
    "LAYOUTS",
    "NOISE_MODELS",
    "LetterCase",
    "apply_noise",
    "curly_quotes",
    "determinations",
    "drift",
    "drop_blank_lines",
    "hyphen_breaks",
    "letter_cases",
    "letters",
    "map_strings",
    "page_breaks",
    "pdfbox_like",
    "pdfminer_like",
    "pypdf_like",
    "recase_headings",
    "recase_labels",
    "recase_outcomes",
    "reorder_header",
    "reword_headings",
    "rewrap",
    "strip_trailing_spaces",
]

_NO_SPAN = Span(0, 0)
T = TypeVar("T")

# --- vocabulary (our own words; fixed phrases only where the letters' grammar has them) ---

_STATES = ("California", "Oregon", "Nevada", "Arizona", "Texas", "New York", "Florida",
           "Washington", "New Jersey", "Hawaii", "Idaho", "North Carolina", "Iowa")
_SPECIALTIES = ("Physical Medicine & Rehabilitation", "Pain Management", "Orthopedic Surgery",
                "Occupational Medicine", "Preventive Medicine", "Internal Medicine",
                "Family Practice", "Anesthesiology", "Neurology", "Psychiatry",
                "Hospice & Palliative Medicine", "Sports Medicine", "Hand Surgery",
                "Chiropractic", "Public Health & General Preventive Medicine")
_PREFIXES = ("", "", "", "Associated surgical service: ", "Retrospective: ",
             "Retrospective request for ", "Prospective request for ", "Pre-op labs: ",
             "Post-op ")
_TREATMENTS = (
    "Tramadol ER 150mg #30", "Norco 10/325mg #60", "Lidoderm 5% patch #30",
    "Physical therapy 2x4 for the lumbar spine", "MRI of the right knee without contrast",
    "EMG/NCV of the bilateral upper extremities", "Lumbar epidural steroid injection L4-L5",
    "Cold therapy unit rental for 21 days", "TENS unit (30-day trial)",
    "Acupuncture 6 sessions", "Right shoulder arthroscopy with subacromial decompression",
    "Urine drug screen", "Functional restoration program, 80 hours",
    "Home health care 4 hours per day × 2 weeks", "Cervical pillow",
    "Gabapentin 600mg #90 with 2 refills", "Chiropractic care 1x6 for the neck",
    "Labs to include: CBC, BMP", "Fluoroscopy guided facet joint block T7-T8",
    "Orthopedic follow-up visit", "Hot/cold compression wrap", "Aquatic therapy 12 visits",
)
#: The second way the letters write a partial authorization.
_AUTHORIZED_LEAVING = ("{original} was the original request. The Claims Administrator "
                       "authorized {authorized}, leaving the original request IMR eligible. "
                       "The original request, {disputed}")
_SUFFIXES = ("", "", "", " (DOS 12/29/16)", " per 12/07/2016 order", " DOS: 11/11/2016")
_PARTIAL_TREATMENTS = ("Physical therapy sessions for the neck", "Acupuncture treatments",
                       "Baclofen 10mg", "Chiropractic visits", "Massage therapy sessions")
_MTUS = (("Chronic Pain Medical Treatment", "2016"), ("Low Back Complaints", "2004"),
         ("Neck and Upper Back Complaints", "2004"), ("Shoulder Complaints", "2004"),
         ("Opioid Treatment", "2016"), ("Acupuncture Treatment", "2007"),
         ("Knee Complaints", "2004"), ("Forearm, Wrist, and Hand Complaints", "2004"),
         ("Elbow Complaints", "2007"), ("Postsurgical Treatment", "2009"))
_SECTIONS = ("Opioids, criteria for use", "NSAIDs, GI symptoms & cardiovascular risk",
             "TENS, chronic pain (transcutaneous electrical nerve stimulation)",
             "Physical Medicine", "Initial Care", "Surgical Considerations",
             "Physical Methods", "Special Studies",
             "3.3.9 Opioids for Chronic Pain: Maintenance of Chronic Opioid Treatment")
_NON_MTUS = ("Official Disability Guidelines (ODG) Low Back",
             "Official Disability Guidelines (ODG), Knee Chapter",
             "Official Disability Guidelines: Neck & Upper Back (Acute & Chronic), "
             "Indications for imaging.",
             "Official Disability Guidelines - Pain Chapter.", "ODG Chiropractic guidelines",
             "Official Disability Guidelines, 2016, Web Version, Criteria for home care.",
             "ACOEM Occupational Medicine Practice Guidelines, 2nd Edition, Chapter 12.",
             "http://www.example.org/guidelines/tens-units")
# Statement templates: ``{subject}`` is "The Claims Administrator" or "The Expert Reviewer".
_NO_EVIDENCE = "{subject} did not cite any medical evidence for its decision."
_OUTSIDE = "{subject} based their decision on recommendation(s) outside of the MTUS Guidelines."
_NOT_MTUS = "{subject} did not base their decision on the MTUS."
_JOBS = ("warehouse clerk", "bus driver", "nurse's aide", "roofer", "cashier", "welder",
         "school custodian", "farm worker", "delivery driver", "line cook")
_SUMMARY_SENTENCES = (
    "The worker reports neck pain rated 7/10 that worsens with lifting.",
    "Shoulder flexion is limited to 90° on examination.",
    "An MRI of the lumbar spine showed a disc protrusion at L4-L5.",
    "Treatment has included physical therapy, a home exercise program and medication.",
    "Current medications include Lyrica® and ibuprofen.",
    "Examination found paraspinal tenderness and a negative straight leg raise.",
    "The treating physician writes that the pain is “unchanged” since the last visit.",
    "Therapy was given 2–3 times a week for six weeks with little gain.",
    "The worker's sleep is poor because of pain.",
    "Grip strength was 20 kg × 3 trials on the right.",
    'The progress note calls the symptoms "slowly better" but gives no measures.',
    "On 10-21-2016, utilization review modified the request.",
    "There is numbness in the left hand at night.",
)
_RATIONALE_SENTENCES = (
    "The guidelines support this treatment only with documented functional improvement.",
    'Guidelines state: "Continued use requires measurable gains in function."',
    "The records do not document a trial of conservative care.",
    "The worker has already completed 24 sessions without lasting benefit.",
    "Flexion improved from 60° to 110° after the first course.",
    "The request exceeds the 6–8 visits the guideline recommends.",
    "There is no documentation of red flags or a progressive neurologic deficit.",
    "A urine drug screen from last month was consistent with the prescribed medicines.",
    "The notes describe the pain as “constant” and do not grade it.",
    "The worker's function has not been measured since the injury.",
)
_TAPER = ("This decision concerns the medicine as it is prescribed now and is not advice to "
          "stop it abruptly; any taper should be planned with the treating physician.")
_DOCUMENTS = ("Application for Independent Medical Review", "Utilization Review Determination",
              "Progress reports", "Medical records", "Physical therapy notes",
              "Operative report", "Pharmacy records", "Qualified medical evaluation")
_PROVIDERS = ("Harbor Orthopedic Group", "Lakeside Pain Management", "Valley Spine Center",
              "Westside Rehabilitation", "Coastal Review Partners")
_NAMES = ("Rosalind Teague", "Marisol Okafor", "Dale Whitcombe", "Anil Varghese, MD",
          "Ingrid Solberg", "Tomas Reyes")
_COMPANIES = ("Northgate Cold Storage LLC", "Sierra Mutual Claims Services",
              "Delta Spine and Rehabilitation", "Central Valley Schools JPA",
              "Pacific Grocers Inc")
_STREETS = ("4418 Cottonwood Bend", "900 Industrial Parkway", "PO Box 7720",
            "1200 Pacific Avenue, Suite 310", "77 Juniper Court")
_CITIES = ("Modesto, CA 95355", "Stockton, CA 95206", "Sacramento, CA 95826",
           "Visalia, CA 93291", "Fresno, CA 93721")

#: Where the parser is known to fail on realistic text, with the xfail test that pins each
#: case (``tests/test_properties.py``).  :func:`letter_cases` steers around them, so that
#: its letters parse without defects; remove a row when the parser is fixed.
KNOWN_LIMITATIONS: tuple[tuple[str, str], ...] = ()

#: The layouts the strategies draw from (every layout the writer supports).
LAYOUTS: tuple[model.Layout, ...] = tuple(model.Layout)


# --- strategies ---------------------------------------------------------------------------


@cached(maxsize=256)
def _below(n: int) -> st.SearchStrategy[int]:
    """The strategies of integers below ``n``, one object per range: building and
    validating a strategy anew at every draw costs more than the drawing."""
    return st.integers(0, n - 1)


def _one(draw: Any, values: Sequence[T]) -> T:
    index: int = draw(_below(len(values)))
    return values[index]


def _some(draw: Any, values: Sequence[T], low: int, high: int) -> tuple[T, ...]:
    """``low`` to ``high`` distinct members of ``values``, in drawn order."""
    wanted = low + draw(_below(high - low + 1))
    chosen: list[int] = []
    while len(chosen) < min(wanted, len(values)):
        index = draw(_below(len(values)))
        if index not in chosen:
            chosen.append(index)
    return tuple(values[i] for i in chosen)


def _dates(draw: Any) -> dict[str, dt.date]:
    """Header dates in the letters' order: injury <= UR denial <= application received
    <= date assigned < decision."""
    injury = draw(st.dates(dt.date(2004, 1, 1), dt.date(2016, 12, 31)))
    ur = injury + dt.timedelta(days=draw(st.integers(0, 2500)))
    received = ur + dt.timedelta(days=draw(st.integers(0, 30)))
    assigned = received + dt.timedelta(days=draw(st.integers(0, 20)))
    decision = assigned + dt.timedelta(days=draw(st.integers(1, 40)))
    return {"date_of_injury": injury, "ur_denial_date": ur, "application_received": received,
            "date_assigned": assigned, "decision_date": decision}


def _case_number(draw: Any, received: dt.date) -> str:
    return f"CM{received.year % 100:02d}-{draw(st.integers(0, 9_999_999)):07d}"


def _request(draw: Any) -> tuple[str, model.PartialAuthorization | None, str]:
    """A request, its partial authorization (or ``None``) and the treatment it names."""
    if draw(st.integers(0, 5)) == 0:
        treatment = _one(draw, _PARTIAL_TREATMENTS)
        total = draw(st.integers(4, 24))
        granted = draw(st.integers(1, total - 1))
        original = (f"{treatment} (unspecified quantity)" if draw(st.booleans())
                    else f"{treatment} x{total}")
        authorized, disputed = f"{treatment} x{granted}", f"{treatment} x{total - granted}"
        partial = model.PartialAuthorization(span=_NO_SPAN, original_request=original,
                                             authorized=authorized, disputed=disputed)
        if draw(st.booleans()):  # "The Claims Administrator authorized ..., leaving ..."
            request = _AUTHORIZED_LEAVING.format(original=original, authorized=authorized,
                                                 disputed=disputed)
        else:  # the three sentences (the writer ends the last one with its verb, "is")
            request = partial_request(partial)
        return request, partial, treatment
    treatment = _one(draw, _TREATMENTS)
    request = _one(draw, _PREFIXES) + treatment + _one(draw, _SUFFIXES)
    return request, None, treatment


def _mtus_chain(draw: Any) -> str:
    links = []
    for name, year in _some(draw, _MTUS, 1, 3):
        link = f"{name} {year}"
        if draw(st.booleans()):
            link += ", Section(s): " + ", ".join(_some(draw, _SECTIONS, 1, 2))
        links.append(link)
    return "Decision based on MTUS " + ", and ".join(links) + "."


def _guideline_text(draw: Any, subject: str) -> str:
    """A guideline paragraph in one of the citation forms the letters use."""
    non_mtus = "Decision based on Non-MTUS Citation " + _one(draw, _NON_MTUS)
    form = draw(st.integers(0, 6))
    if form == 0:
        return _NO_EVIDENCE.format(subject=subject)
    if form == 1:
        return _mtus_chain(draw)
    if form == 2:
        return _mtus_chain(draw) + " " + non_mtus
    if form == 3:
        return _OUTSIDE.format(subject=subject) + " " + non_mtus
    if form == 4:  # the older letter: MTUS without a year, no final period after ODG
        return "Decision based on MTUS ACOEM. " + non_mtus.rstrip(".")
    if form == 5:
        return _NOT_MTUS.format(subject=subject) + " " + non_mtus
    return "Decision based on MTUS Acupuncture Treatment Guidelines."


def _rationale(draw: Any, treatment: str, outcome: model.Outcome) -> str:
    sentences = list(_some(draw, _RATIONALE_SENTENCES, 0, 4))
    negation = "not " if outcome is model.Outcome.UPHELD else ""
    conclusion = draw(st.sampled_from((
        f"The requested {treatment} is {negation}medically necessary.",
        f"Therefore, the {treatment} is {negation}medically necessary.",
        f"The request is {'determined to be not' if negation else ''} medically necessary."
        .replace("  ", " "),
        f"The {treatment} is {negation}medically necessary and appropriate.")))
    sentences.append(conclusion)
    if outcome is model.Outcome.UPHELD and draw(st.integers(0, 5)) == 0:
        sentences.append(_TAPER)
    return " ".join(sentences)


def _summary(draw: Any, *, quoted: bool = False) -> model.CaseSummary:
    age = draw(st.integers(18, 80))
    sex = draw(st.sampled_from((model.Sex.MALE, model.Sex.FEMALE)))
    job = _one(draw, _JOBS)
    form = draw(st.integers(0, 4))
    if form == 0:
        opener, has_age, has_sex = f"The injured worker is a {age} year old {sex.value} {job}.", \
            True, True
    elif form == 1:
        opener, has_age, has_sex = f"This case involves a {age}-year-old {sex.value} {job}.", \
            True, True
    elif form == 2:
        opener, has_age, has_sex = f"The applicant is a {age} year-old {job}.", True, False
    elif form == 3:
        opener, has_age, has_sex = f"The injured worker is a {sex.value} {job}.", False, True
    else:
        opener, has_age, has_sex = f"According to the records, the worker is a {job}.", \
            False, False
    text = " ".join((opener, *_some(draw, _SUMMARY_SENTENCES, 1, 4)))
    if quoted:
        text = f'"{text}"'
    return model.CaseSummary(span=_NO_SPAN, text=text, age=age if has_age else None,
                             sex=sex if has_sex else None)


def _reviewer(draw: Any) -> model.Reviewer:
    return model.Reviewer(span=_NO_SPAN, licensure_states=_some(draw, _STATES, 1, 3),
                          specialties=_some(draw, _SPECIALTIES, 1, 3))


def _document(draw: Any, near: dt.date) -> model.ReviewedDocument:
    """A short entry (under 60 characters, so that no wrap width splits it)."""
    document = _one(draw, _DOCUMENTS)
    provider = _one(draw, _PROVIDERS)
    first = near - dt.timedelta(days=draw(st.integers(30, 300)))
    last = first + dt.timedelta(days=draw(st.integers(1, 29)))
    form = draw(st.integers(0, 4))
    fields: dict[str, Any] = {}
    if form == 0:
        text = document
    elif form == 1:
        text, fields = f"{document}, {first.month}/{first.day}/{first.year}", {"date": first}
    elif form == 2:
        text, fields = f"{document}, dated {first:%m/%d/%Y}", {"date": first}
    elif form == 3:
        text, fields = f"{document} from {provider}", {"provider": provider}
    else:
        text = f"Records from {provider}, {first:%m/%d/%Y} to {last:%m/%d/%Y}"
        document, fields = "Records", {"provider": provider, "date": first, "date_end": last}
    if len(text) >= 60:
        text, fields = document, {}
    return model.ReviewedDocument(span=_NO_SPAN, text=text, document=document, **fields)


def _parties(draw: Any) -> model.Parties | None:
    fields: dict[str, Any] = {}
    for role in model.PartyRole:
        if draw(st.booleans()):
            names = _COMPANIES if role in (model.PartyRole.EMPLOYER,
                                           model.PartyRole.CLAIMS_ADMINISTRATOR) else _NAMES
            address = (_one(draw, _STREETS), _one(draw, _CITIES)) if draw(st.booleans()) else ()
            fields[role.value] = model.Party(span=_NO_SPAN, role=role, name=_one(draw, names),
                                             address=address)
    if draw(st.booleans()):
        fields["claim_number"] = f"SMC-{draw(st.integers(0, 9_999_999)):07d}-WC"
    cc = _some(draw, _NAMES + _COMPANIES, 0, 4)
    if not fields and not cc:
        return None
    return model.Parties(span=_NO_SPAN, cc=cc, **fields)


def _fdl_item(draw: Any, number: int) -> model.DisputedItem:
    request, partial, treatment = _request(draw)
    outcome = draw(st.sampled_from((model.Outcome.UPHELD, model.Outcome.UPHELD,
                                    model.Outcome.OVERTURNED)))
    return model.DisputedItem(
        span=_NO_SPAN, number=number, request=request, outcome=outcome, partial=partial,
        claims_administrator_guideline=model.Guideline(
            span=_NO_SPAN, source=model.GuidelineSource.CLAIMS_ADMINISTRATOR,
            text=_guideline_text(draw, "The Claims Administrator")),
        maximus_guideline=model.Guideline(span=_NO_SPAN, source=model.GuidelineSource.MAXIMUS,
                                          text=_guideline_text(draw, "The Expert Reviewer")),
        rationale=model.Rationale(span=_NO_SPAN, text=_rationale(draw, treatment, outcome)))


def _plain_item(draw: Any, number: int, *, guideline: bool) -> model.DisputedItem:
    """An item of the notice (request and outcome) or of the medical professional review
    (a MAXIMUS guideline, a rationale)."""
    treatment = _one(draw, _TREATMENTS)
    outcome = draw(st.sampled_from((model.Outcome.UPHELD, model.Outcome.OVERTURNED)))
    if not guideline:
        return model.DisputedItem(span=_NO_SPAN, number=number, request=treatment, outcome=outcome)
    text = _guideline_text(draw, "The Expert Reviewer") if draw(st.booleans()) else None
    return model.DisputedItem(
        span=_NO_SPAN, number=number, request=treatment, outcome=outcome,
        maximus_guideline=model.Guideline(span=_NO_SPAN, source=model.GuidelineSource.MAXIMUS,
                                          text=text)
        if text else None,
        rationale=model.Rationale(span=_NO_SPAN, text=_rationale(draw, treatment, outcome)))


@st.composite
def _determination(draw: Any, layouts: Sequence[model.Layout],
                   max_items: int) -> model.Determination:
    layout = draw(st.sampled_from(layouts))
    dates = _dates(draw)
    priority = draw(st.sampled_from((model.Priority.STANDARD, model.Priority.STANDARD,
                                     model.Priority.EXPEDITED)))
    case_number = _case_number(draw, dates["application_received"])
    parties = _parties(draw) if draw(st.integers(0, 4)) == 0 else None
    documents: tuple[model.ReviewedDocument, ...] = ()
    reviewer: model.Reviewer | None = _reviewer(draw)
    header = model.CaseHeader(span=_NO_SPAN)
    if layout is model.Layout.FDL_2016:
        header = model.CaseHeader(span=_NO_SPAN, case_number=case_number, priority=priority,
                                  **dates)  # type: ignore[arg-type]
    elif layout is model.Layout.FDL_DOCUMENTS_REVIEWED:
        # Only UR Denial Date is required here: the others may be absent.
        optional: dict[str, Any] = {"case_number": case_number, "priority": priority, **dates}
        header = model.CaseHeader(span=_NO_SPAN, **{
            name: value for name, value in optional.items()
            if name == "ur_denial_date" or draw(st.integers(0, 3))})
        documents = tuple(_document(draw, dates["ur_denial_date"])
                          for _ in range(draw(st.integers(1, 6))))
    elif layout is model.Layout.NOTICE_2013:
        cover: dict[str, Any] = {
            name: value for name, value in (
                ("case_number", case_number),
                ("application_received", dates["application_received"]),
                ("ur_denial_date", dates["ur_denial_date"]),
                ("date_assigned", dates["date_assigned"])) if draw(st.integers(0, 3))}
        header = model.CaseHeader(span=_NO_SPAN, decision_date=dates["decision_date"], **cover)
        documents = tuple(_document(draw, dates["ur_denial_date"])
                          for _ in range(draw(st.integers(0, 4))))
    elif layout is model.Layout.MEDICAL_PROFESSIONAL_REVIEW:
        documents = tuple(_document(draw, dates["ur_denial_date"])
                          for _ in range(draw(st.integers(0, 4))))
        parties = None
    if layout in (model.Layout.FDL_SEED, model.Layout.FDL_DOCUMENTS_REVIEWED,
                  model.Layout.NOTICE_2013, model.Layout.MEDICAL_PROFESSIONAL_REVIEW
                  ) and draw(st.integers(0, 4)) == 0:
        reviewer = None
    summary = _summary(draw, quoted=layout is model.Layout.NOTICE_2013 and draw(st.booleans()))
    if layout is model.Layout.NOTICE_2013 and draw(st.booleans()):
        summary = attrs.evolve(summary, source_ur_date=dates["ur_denial_date"])
    if layout is model.Layout.NOTICE_2013:
        items = tuple(_plain_item(draw, n, guideline=False)
                      for n in range(1, draw(st.integers(1, min(max_items, 9))) + 1))
    elif layout is model.Layout.MEDICAL_PROFESSIONAL_REVIEW:
        items = tuple(_plain_item(draw, n, guideline=True)
                      for n in range(1, draw(st.integers(1, min(max_items, 3))) + 1))
    else:
        count = draw(st.integers(1, max_items))
        items = tuple(_fdl_item(draw, n) for n in range(1, count + 1))
    # The values read from prose follow from the text fields, as the parser reads them.
    return fill(model.Determination(
        span=_NO_SPAN, layout=layout, header=header, reviewer=reviewer, summary=summary,
        items=items, documents_reviewed=documents, parties=parties))


def determinations(layouts: Sequence[model.Layout] = LAYOUTS,
                   max_items: int = 25) -> st.SearchStrategy[model.Determination]:
    """Valid :class:`~imrparse.Determination` models that :func:`~imrparse.render.render`
    and :func:`~imrparse.parse` carry through unchanged.

    :param layouts: the layouts to draw from (all by default).
    :param max_items: the most disputed items of an FDL letter (the letters have 1 to 21;
        the 2013 notice is drawn with up to 9, the medical professional review up to 3).

    Each model has the values its layout carries (the 2016 letter a full header table and
    credentials; the seed letter no header; the 2013 notice requests and outcomes only),
    mixed outcomes, partial authorizations in the three ways the letters write them,
    requests with colons and numbers, guideline paragraphs in every citation form, and
    optional fields (reviewer, header cells, documents, parties) both empty and present.

    Never raises; the strategy draws only models without defects.
    """
    return _determination(tuple(layouts), max_items)


@attrs.frozen(kw_only=True)
class LetterCase:
    """A drawn letter: the model, its clean text, the noisy text and the noise applied.

    ``expected`` is what :func:`imrparse.parse` must return for ``text`` (the model, with
    any value-changing noise such as :func:`curly_quotes` applied to it).
    """

    determination: model.Determination
    expected: model.Determination
    clean: str
    text: str
    noise: tuple[str, ...]


def apply_noise(text: str, names: Sequence[str], seed: int = 0) -> str:
    """Apply the named noise models of :data:`NOISE_MODELS` (and drift models of
    :data:`DRIFT_MODELS`) in order, from one seed.

    Never raises.
    """
    rng = random.Random(seed)
    for name in names:
        text = (NOISE_MODELS.get(name) or DRIFT_MODELS[name])(text, rng)
    return text


@st.composite
def _letter_case(draw: Any, layouts: Sequence[model.Layout], max_items: int,
                 noise: Sequence[str] | None) -> LetterCase:
    if noise is None:
        chosen = [n for n in _LINE_NOISE if draw(st.booleans())]
        extractor = draw(st.sampled_from((None, *EXTRACTORS)))
        chosen += [extractor] if extractor else []
        quotes = draw(st.booleans())
    else:
        chosen, quotes = [n for n in noise if n != "curly_quotes"], "curly_quotes" in noise
    determination = draw(_determination(layouts, max_items))
    width = draw(st.integers(60, 110))
    clean = render(determination, width=width)
    expected = determination
    text = clean
    if quotes:
        text = curly_quotes(text)
        expected = fill(map_strings(determination, curly_quotes))
    text = apply_noise(text, chosen, draw(st.integers(0, 2**32 - 1)))
    names = (("curly_quotes",) if quotes else ()) + tuple(chosen)
    return LetterCase(determination=determination, expected=expected, clean=clean,
                      text=text, noise=names)


def letter_cases(layouts: Sequence[model.Layout] = LAYOUTS, max_items: int = 25,
                 noise: Sequence[str] | None = None) -> st.SearchStrategy[LetterCase]:
    """Drawn letters with their models: :func:`determinations`, rendered at a width of 60
    to 110 columns, through noise models.

    :param noise: names from :data:`NOISE_MODELS` and :data:`DRIFT_MODELS` (and
        ``"curly_quotes"``) to apply, in
        order; by default a random choice of the line models (:func:`rewrap`,
        :func:`hyphen_breaks`, :func:`page_breaks`), curly quotes or not, and at most one
        extractor (:data:`EXTRACTORS`).

    :raises KeyError: ``noise`` names a model not in :data:`NOISE_MODELS`
        (when drawn).
    """
    return _letter_case(tuple(layouts), max_items, None if noise is None else tuple(noise))


def letters(layouts: Sequence[model.Layout] = LAYOUTS, max_items: int = 25,
            noise: Sequence[str] | None = None) -> st.SearchStrategy[str]:
    """The texts of :func:`letter_cases`: varied letters, as PDF extractors give them, that
    all parse without defects.

    :raises KeyError: as :func:`letter_cases`.
    """
    return letter_cases(layouts, max_items, noise).map(lambda case: case.text)
