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

from imrparse._base import Located, Span
from imrparse.errors import Defect

__all__ = [
    "CaseHeader",
    "CaseSummary",
    "Determination",
    "DisputedItem",
    "Guideline",
    "GuidelineSource",
    "Layout",
    "Located",
    "Outcome",
    "PartialAuthorization",
    "Parties",
    "Party",
    "PartyRole",
    "Priority",
    "Rationale",
    "ReviewedDocument",
    "Reviewer",
    "Section",
    "SectionKind",
    "Sex",
    "Span",
]


class Layout(enum.Enum):
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


class Priority(enum.Enum):
    """The review track printed after ``Priority:``."""

    STANDARD = "standard"
    EXPEDITED = "expedited"


class Outcome(enum.Enum):
    """What the expert reviewer decided about the utilization review's denial."""

    #: The denial stands: the treatment is not medically necessary.
    UPHELD = "upheld"
    #: The denial is reversed: the treatment is medically necessary.
    OVERTURNED = "overturned"


class Sex(enum.Enum):
    """The injured worker's sex as the case summary states it."""

    MALE = "male"
    FEMALE = "female"


class GuidelineSource(enum.Enum):
    """Whose guideline paragraph it is."""

    CLAIMS_ADMINISTRATOR = "claims-administrator"
    MAXIMUS = "maximus"


class SectionKind(enum.Enum):
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
    """The expert reviewer's credentials, as the letter states them (names are redacted)."""

    licensure_states: tuple[str, ...] = ()
    specialties: tuple[str, ...] = ()


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


class PartyRole(enum.Enum):
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


@attrs.frozen(kw_only=True)
class Guideline(Located):
    """One of an item's two guideline paragraphs (claims administrator's or MAXIMUS's)."""

    source: GuidelineSource
    #: The paragraph after the label, whitespace-normalized.
    text: str


@attrs.frozen(kw_only=True)
class Rationale(Located):
    """The decision rationale of one item."""

    text: str


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
        from imrparse._html import summary  # noqa: PLC0415 (display code stays apart)

        return summary(self)

    def _repr_html_(self) -> str:
        """Jupyter's rich display: a compact HTML table, all letter text escaped."""
        from imrparse._html import determination_html  # noqa: PLC0415

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
