"""The typed domain model of a Final Determination Letter.

Every class is a frozen, slotted attrs class built with keyword arguments only.  Every
object carries ``span``, the character range of the input it was read from, and every leaf
value taken from the text has its own span, available through :meth:`Located.span_of`.
Fields the letter does not state are ``None`` (or an empty tuple); nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator

import attrs

from imrparse.errors import Defect
from imrparse.model.spans import Located, Span
from imrparse.vocab.guidelines import MtusGuideline, OdgChapter
from imrparse.vocab.treatments import (
    BodyRegion,
    DrugClass,
    Laterality,
    TreatmentCategory,
    TreatmentSubcategory,
)

__all__ = [
    "BodyRegion",
    "Boilerplate",
    "BoilerplateKind",
    "CaseHeader",
    "CaseSummary",
    "Citation",
    "CitationFamily",
    "Determination",
    "DisputedItem",
    "DrugClass",
    "DurationUnit",
    "Guideline",
    "GuidelineBasis",
    "GuidelineSource",
    "Laterality",
    "Layout",
    "Located",
    "MtusCitation",
    "MtusGuideline",
    "OdgChapter",
    "OtherCitation",
    "Outcome",
    "PartialAuthorization",
    "Parties",
    "Party",
    "PartyRole",
    "Perioperative",
    "Priority",
    "Rationale",
    "ReviewedDocument",
    "Reviewer",
    "Section",
    "SectionKind",
    "Sex",
    "Span",
    "Treatment",
    "TreatmentCategory",
    "TreatmentSubcategory",
    "UrAction",
    "UrDecision",
]


class Layout(enum.StrEnum):
    """The letter layouts DWC has published (see ``docs/anatomy.md``)."""

    #: 2016-17 letter: header table, credentials block, ``IMR ISSUES, DECISIONS AND RATIONALES``.
    FDL_2016 = "fdl-2016"
    #: Older letter of the same family: qualifications in prose, no credentials block.
    FDL_SEED = "fdl-seed"
    #: MAXIMUS letterhead, ``DOCUMENTS REVIEWED`` and ``IMR DECISION(S) AND RATIONALE(S)``.
    FDL_DOCUMENTS_REVIEWED = "fdl-documents-reviewed"
    #: The 2013 "Notice of Independent Medical Review Determination".
    NOTICE_2013 = "notice-2013"
    #: The "MEDICAL PROFESSIONAL REVIEW" report.
    MEDICAL_PROFESSIONAL_REVIEW = "medical-professional-review"


class Priority(enum.StrEnum):
    """The review track printed after ``Priority:``."""

    STANDARD = "standard"
    EXPEDITED = "expedited"


class Outcome(enum.StrEnum):
    """What the expert reviewer decided about the utilization review's denial."""

    #: The denial stands: the treatment is not medically necessary.
    UPHELD = "upheld"
    #: The denial is reversed: the treatment is medically necessary.
    OVERTURNED = "overturned"


class Sex(enum.StrEnum):
    """The injured worker's sex as the case summary states it."""

    MALE = "male"
    FEMALE = "female"


class GuidelineSource(enum.StrEnum):
    """Whose guideline paragraph it is."""

    CLAIMS_ADMINISTRATOR = "claims-administrator"
    MAXIMUS = "maximus"


class SectionKind(enum.StrEnum):
    """Normalized section kinds; the matched heading text is kept on :class:`Section`."""

    #: Text before the first heading: the header table and letterhead.
    PREAMBLE = "preamble"
    HOW_DETERMINATION_WAS_MADE = "how-determination-was-made"
    CREDENTIALS = "credentials"
    DOCUMENTS_REVIEWED = "documents-reviewed"
    CLINICAL_CASE_SUMMARY = "clinical-case-summary"
    ISSUES_DECISIONS_RATIONALES = "issues-decisions-rationales"
    QUALIFICATIONS = "qualifications"
    ISSUE_AT_DISPUTE = "issue-at-dispute"
    GUIDELINES_RELIED_UPON = "guidelines-relied-upon"
    RATIONALE = "rationale"
    #: The copy list (``cc:``) at the end of a mailed letter.
    COPIES = "copies"
    #: A heading-like line that no layout table knows.
    UNRECOGNIZED = "unrecognized"


@attrs.frozen(kw_only=True)
class CaseHeader(Located):
    """The header table of the letter.  A field is ``None`` when the letter does not have it."""

    case_number: str | None = None
    date_assigned: dt.date | None = None
    decision_date: dt.date | None = None
    date_of_injury: dt.date | None = None
    ur_denial_date: dt.date | None = None
    application_received: dt.date | None = None
    priority: Priority | None = None


@attrs.frozen(kw_only=True)
class Reviewer(Located):
    """The expert reviewer's credentials (names are redacted).

    Each state and specialty is the name from the closed vocabulary of
    :mod:`imrparse.vocab.reviewers` that the letter's writing matches (wrapped lines, case,
    ``&``/``and`` and a small typo absorbed); its span is the writing.  A term outside the
    vocabulary is kept as written and reported as an ``unknown-term`` defect.
    """

    licensure_states: tuple[str, ...] = ()
    specialties: tuple[str, ...] = ()


class UrAction(enum.StrEnum):
    """What the utilization review did with the request, as the summary words it."""

    NON_CERTIFIED = "non-certified"
    DENIED = "denied"
    MODIFIED = "modified"


@attrs.frozen(kw_only=True)
class UrDecision(Located):
    """The utilization-review decision the summary reports (``value_spans``: date, action)."""

    action: UrAction
    date: dt.date | None = None


@attrs.frozen(kw_only=True)
class CaseSummary(Located):
    """The clinical case summary written by the expert reviewer."""

    #: The summary's own text (after the fixed lead-in sentence), whitespace-normalized.
    text: str
    age: int | None = None
    sex: Sex | None = None
    #: The date of the utilization review decision the summary was taken from, where a
    #: disclaimer says so (the 2013 notice: "taken directly from the utilization review
    #: denial/modification dated ...").
    source_ur_date: dt.date | None = None
    #: The date of injury the summary writes ("industrial injury on 10-13-16"); the header
    #: has its own (:attr:`CaseHeader.date_of_injury`).
    date_of_injury: dt.date | None = None
    #: The diagnoses the summary lists, as written (whitespace-normalized).
    diagnoses: tuple[str, ...] = ()
    #: The medications the summary lists, as written (whitespace-normalized).
    medications: tuple[str, ...] = ()
    #: The utilization-review decision the summary reports.
    ur_decision: UrDecision | None = None


@attrs.frozen(kw_only=True)
class ReviewedDocument(Located):
    """One entry of a ``DOCUMENTS REVIEWED`` list.

    ``document`` is what was reviewed (``"Medical records"``, ``"Utilization Review
    Determination"``); ``provider`` whom it is from, where written; ``date`` its date or
    the first date of its range, ``date_end`` the last date of a range.
    """

    #: The whole entry, whitespace-normalized.
    text: str
    document: str
    provider: str | None = None
    date: dt.date | None = None
    date_end: dt.date | None = None


class PartyRole(enum.StrEnum):
    """The parties a mailed, unredacted letter names."""

    EMPLOYEE = "employee"
    EMPLOYER = "employer"
    CLAIMS_ADMINISTRATOR = "claims_administrator"
    REQUESTING_PROVIDER = "requesting_provider"


@attrs.frozen(kw_only=True)
class Party(Located):
    """A party of the case as the mailed letter addresses it."""

    role: PartyRole
    name: str
    #: The address lines under the name, each whitespace-normalized.
    address: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Parties(Located):
    """The parties of a mailed, unredacted letter.  The published copies are redacted and
    have none of this: ``Determination.parties`` is then ``None``, which is no defect."""

    claim_number: str | None = None
    employee: Party | None = None
    employer: Party | None = None
    claims_administrator: Party | None = None
    requesting_provider: Party | None = None
    #: The copy list (``cc:``), one member per entry.
    cc: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class PartialAuthorization(Located):
    """The three texts of an item the claims administrator partly authorized.

    Each part is ``None`` where the letter does not write it.
    """

    original_request: str | None = None
    authorized: str | None = None
    disputed: str | None = None


class CitationFamily(enum.StrEnum):
    """What kind of source a non-MTUS citation names."""

    ODG = "odg"
    ACOEM = "acoem"
    #: A book or journal article (edition, page, "et al.").
    LITERATURE = "literature"
    #: Only web addresses.
    URL = "url"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class MtusCitation(Located):
    """One guideline of an MTUS chain, e.g. ``Low Back Complaints 2004, Section(s): Summary``."""

    guideline: MtusGuideline
    year: int | None = None
    sections: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class OtherCitation(Located):
    """A citation outside the MTUS vocabulary, kept as (whitespace-normalized) text."""

    family: CitationFamily
    text: str
    #: The ODG chapter named, for ODG citations that name one.
    odg_chapter: OdgChapter | None = None
    #: What follows the chapter (the ODG topic), cleaned of "Chapter" and dates.
    odg_topic: str | None = None
    #: Written after "Decision based on MTUS" although it names no MTUS guideline.
    under_mtus: bool = False


Citation = MtusCitation | OtherCitation


@attrs.frozen(kw_only=True)
class GuidelineBasis(Located):
    """A guideline paragraph read into statements and citations.

    ``value_spans`` holds ``evidence_cited`` / ``outside_mtus`` / ``not_based_on_mtus`` (the
    boilerplate sentence each flag came from) and ``citations[i]``.
    """

    #: False when the paragraph says no medical evidence was cited, or cites nothing at all.
    evidence_cited: bool
    #: "based their decision on recommendation(s) outside of the MTUS Guidelines".
    outside_mtus: bool = False
    #: "did not base their decision on the MTUS".
    not_based_on_mtus: bool = False
    citations: tuple[Citation, ...] = ()
    #: Non-blank text that no clause took (empty over the whole corpus).  Positions, so
    #: left out of ``==`` like every span.
    unattributed: tuple[Span, ...] = attrs.field(default=(), eq=False)

    @property
    def mtus(self) -> tuple[MtusCitation, ...]:
        """The MTUS citations only."""
        return tuple(c for c in self.citations if isinstance(c, MtusCitation))


@attrs.frozen(kw_only=True)
class Guideline(Located):
    """One of an item's two guideline paragraphs (claims administrator's or MAXIMUS's)."""

    source: GuidelineSource
    #: The paragraph after the label, whitespace-normalized.
    text: str
    #: The paragraph read into statements and citations (``None`` only when the paragraph
    #: is empty).
    basis: GuidelineBasis | None = None


class BoilerplateKind(enum.StrEnum):
    """Fixed paragraphs of a rationale."""

    #: "This decision addresses the medical necessity of opioids ..." (appended after the
    #: conclusion; advises tapering with the treating physician).
    OPIOID_TAPERING = "opioid-tapering"
    #: The one-line rationale of an item that depends on a denied surgery.
    ANCILLARY_SERVICE = "ancillary-service"


@attrs.frozen(kw_only=True)
class Boilerplate(Located):
    """A boilerplate paragraph found in a rationale."""

    kind: BoilerplateKind


@attrs.frozen(kw_only=True)
class Rationale(Located):
    """The decision rationale of one item and what it concludes.

    ``value_spans``: ``text``, ``necessary`` (the necessity phrase), ``conclusion`` (its
    sentence).  A conclusion that contradicts the item's outcome is a
    ``conclusion-contradicts-outcome`` defect; the outcome word stays the authority.
    """

    text: str
    #: True for "is medically necessary", False for "is not ...", None when the rationale
    #: states no conclusion.
    necessary: bool | None = None
    #: The conclusion sentence, whitespace-normalized.
    conclusion: str | None = None
    #: The fixed paragraphs MAXIMUS appends (the opioid-tapering advice, the
    #: ancillary-service one-liner).
    boilerplate: tuple[Boilerplate, ...] = ()


class Perioperative(enum.StrEnum):
    """When, around a surgery, the request is for ("Pre-op labs", "Post-op Norco")."""

    PRE_OP = "pre-op"
    POST_OP = "post-op"


class DurationUnit(enum.StrEnum):
    """The unit of a written duration ("for 6 weeks", "30 day rental")."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@attrs.frozen(kw_only=True)
class Treatment(Located):
    """What one disputed item asks for, normalized.

    ``value_spans`` keys are the field names (``"levels[1]"`` for a member of a tuple);
    ``category``, ``subcategory`` and ``drug_class`` point at the words that decided them.
    """

    #: The request text, whitespace-normalized.
    text: str
    category: TreatmentCategory | None = None
    subcategory: TreatmentSubcategory | None = None
    drug_class: DrugClass | None = None
    #: Drug names as written (lower case), in order: generic and brand both when both appear.
    drugs: tuple[str, ...] = ()
    #: Strengths, normalized: ``"10/325mg"``, ``"20%"``, ``"5mcg/hr"``.
    strengths: tuple[str, ...] = ()
    #: A package amount such as ``"240g"`` (of a cream), normalized like a strength.
    amount: str | None = None
    #: Units asked for: "#60", "QTY: 2", a leading "2 leg wraps".
    count: int | None = None
    refills: int | None = None
    #: Sessions or visits; a range ("12-18 sessions", "2-3 times a week for 6 weeks") has
    #: ``sessions_min < sessions_max``.  See :attr:`sessions`.
    sessions_min: int | None = None
    sessions_max: int | None = None
    #: Sessions per week ("2x4" gives 2; "2-3 times a week" 2 and 3).
    frequency_min: int | None = None
    frequency_max: int | None = None
    #: Length of the course, stay, trial or rental, in ``duration_unit``.
    duration_min: int | None = None
    duration_max: int | None = None
    duration_unit: DurationUnit | None = None
    rental: bool = False
    #: Rental length in days, when written in days or weeks (months stay in ``duration``).
    rental_days: int | None = None
    purchase: bool = False
    body_regions: tuple[BodyRegion, ...] = ()
    laterality: Laterality | None = None
    #: Spinal levels, normalized: ``"L4-L5"``, ``"L5-S1"``, ``"T7-T8"``, ``"C6"``.
    levels: tuple[str, ...] = ()
    retrospective: bool = False
    #: Date of service ("DOS: 11/14/16").
    service_date: dt.date | None = None
    associated_surgical_service: bool = False
    perioperative: Perioperative | None = None

    @property
    def sessions(self) -> int | None:
        """The number of sessions when the request states one number, else ``None``."""
        if self.sessions_min is not None and self.sessions_min == self.sessions_max:
            return self.sessions_min
        return None


@attrs.frozen(kw_only=True)
class DisputedItem(Located):
    """One disputed treatment or service and the reviewer's decision on it."""

    #: 1-based position of the item in the letter.
    number: int
    #: The request as written on the decision line (the whole line for partial
    #: authorizations), whitespace-normalized, without the outcome word.
    request: str
    outcome: Outcome | None
    partial: PartialAuthorization | None = None
    claims_administrator_guideline: Guideline | None = None
    maximus_guideline: Guideline | None = None
    rationale: Rationale | None = None
    #: The request read into a normalized treatment (the disputed portion of a partial
    #: authorization); ``None`` when there is no request text.
    treatment: Treatment | None = None


@attrs.frozen(kw_only=True)
class Section:
    """A top-level section.  The sections of a result tile the input without gaps."""

    kind: SectionKind
    #: The heading as written (``None`` for the preamble).
    title: str | None
    heading: Span | None
    span: Span
    #: Fixed text recognised in the section that holds no value (a lead-in sentence, the
    #: paragraph on how the determination was made).
    boilerplate: tuple[Span, ...] = ()


@attrs.frozen(kw_only=True)
class Determination(Located):
    """A parsed Final Determination Letter."""

    layout: Layout
    header: CaseHeader
    reviewer: Reviewer | None
    summary: CaseSummary | None
    items: tuple[DisputedItem, ...]
    #: The ``DOCUMENTS REVIEWED`` list, where the layout has one.
    documents_reviewed: tuple[ReviewedDocument, ...] = ()
    #: The parties of a mailed letter; ``None`` for the redacted public copies.
    parties: Parties | None = None
    sections: tuple[Section, ...] = attrs.field(default=(), repr=False, eq=False)
    defects: tuple[Defect, ...] = ()
    #: The exact input string, kept so that every span can be sliced; not compared.
    source_text: str = attrs.field(default="", repr=False, eq=False)

    @property
    def case_number(self) -> str | None:
        """Shortcut for ``header.case_number``."""
        return self.header.case_number

    def __str__(self) -> str:
        """A readable multi-line summary (``print(d)``); ``repr`` stays the attrs one."""
        from imrparse.model.display import summary  # noqa: PLC0415 (display code stays apart)

        return summary(self)

    def _repr_html_(self) -> str:
        """Jupyter's rich display: a compact HTML table, all letter text escaped."""
        from imrparse.model.display import determination_html  # noqa: PLC0415

        return determination_html(self)

    def text_of(self, span: Span) -> str:
        """The input text a span covers."""
        return span.slice(self.source_text)

    def iter_located(self) -> Iterator[tuple[str, Located]]:
        """Every model object in the result with its path, e.g. ``("items[0].rationale", r)``."""
        return _walk("", self)


def _walk(path: str, obj: Located) -> Iterator[tuple[str, Located]]:
    yield path, obj
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        sub = f"{path}.{field.name}" if path else field.name
        if isinstance(value, Located):
            yield from _walk(sub, value)
        elif isinstance(value, tuple):
            for i, member in enumerate(value):
                if isinstance(member, Located):
                    yield from _walk(f"{sub}[{i}]", member)
