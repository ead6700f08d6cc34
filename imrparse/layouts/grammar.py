"""The letter's grammar as data: headings, labels, header fields, boilerplate and layouts.

Everything the parser recognises by its wording lives in the tables of this module. The
stages (:mod:`imrparse.text.tokenizer`, :mod:`imrparse.text.sections`,
:mod:`imrparse.structure.header`, :mod:`imrparse.structure.items`) run these tables and hold
no wording of their own. The tables are checked when the module is imported
(:func:`_check_tables`), so a bad edit fails at once, naming the rule.

Wording is written with single spaces; :func:`words` turns the spaces into a pattern that
accepts any run of spaces, tabs and line breaks (PDF extractors wrap and pad freely).

Every layout is rows of these tables, not code: :data:`HEADINGS` and :data:`TITLES` (each
tagged with its layouts; a heading names the fixed text its section opens with, its
:class:`Opening`), :data:`HEADER_FIELDS` (per layout), :data:`LAYOUTS` (required headings in
letter order, required header fields, the :class:`ItemForm` of the items), and the small
grammars of the newer parts (:data:`PROSE_DATES`, :data:`NOTICE_DETERMINATION`,
:data:`SUMMARY_DISCLAIMER`, :data:`PARTY_LABELS`, :data:`DOCUMENT_PARTS`).  Each item form
has one reader (:data:`imrparse.structure.items.ITEM_READERS`), so a new layout is rows here and,
where its items take a new form, one reader.  Each row says how sure we are of it: SEEN in
real letters, CODE (heading strings of a third-party parser only) or GUESS (see
``docs/anatomy-layouts.md``).
"""

from __future__ import annotations

import enum
import re

import attrs
import regex

from imrparse.layouts import check
from imrparse.model import GuidelineSource, Layout, Outcome, Priority, SectionKind
from imrparse.text.dates import MONTHS

#: Most line breaks between two words of one sentence: a page break with its padding
#: lines (Word pads a page with up to about ten space-only lines), doubled by PDFBox.
MAX_BREAKS = 32
_BREAKS = r"(?:(?:\r\n|[\r\n\f])[ \t\u00a0]*+)"
#: Whitespace between two words of a heading or label: spaces, tabs and line breaks.
#: Bounded and possessive, so it cannot backtrack.
GAP = rf"(?:[ \t\u00a0]*+{_BREAKS}{{0,{MAX_BREAKS}}}+)"
#: At least one space or line break between two words.
SEP = rf"(?:[ \t\u00a0]++{_BREAKS}{{0,{MAX_BREAKS}}}+|{_BREAKS}{{1,{MAX_BREAKS}}}+)"
#: Start of a line: the start of the text or just after a line break (a form feed counts).
BOL = r"(?<![^\r\n\f])"
#: End of a line, after optional trailing blanks.
EOL = r"[ \t\u00a0]*+(?=\r\n|[\r\n\f]|\Z)"


def words(phrase: str) -> str:
    """A pattern for ``phrase`` whose spaces match any :data:`SEP` and whose other
    characters match literally."""
    return SEP.join(regex.escape(word) for word in phrase.split(" "))


def named_words(name: str, phrase: str, end: str = "") -> str:
    """:func:`words` for ``phrase`` (then ``end``) as the alternative of a group ``name``,
    with the first character as a literal before the group.  ``re`` passes over an
    alternative that opens with a literal at the cost of one comparison, but enters one that
    opens with a group; a match is read for its extent and the group's name only, so where
    the group starts does not matter."""
    return f"{re.escape(phrase[0])}(?P<{name}>{words(phrase[1:])}{end})"



#: ``March 9, 2015`` / ``Sept. 9 2015``: month, day, year (the month names of
#: :data:`imrparse.text.dates.MONTHS`).
LONG_DATE = (r"(?i:\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True))
             + r")\.?+" + SEP + r"\d{1,2},?+" + GAP + r"\d{4}\b)")
#: ``9/6/2013`` / ``09/06/2013`` / ``9-6-2013``.
NUMERIC_DATE = r"(?<![\d/])\d{1,2}[/-]\d{1,2}[/-]\d{4}(?![\d/])"
#: Either form of date.
ANY_DATE = r"(?:" + NUMERIC_DATE + "|" + LONG_DATE + ")"



@attrs.frozen
class Guarded:
    """A pattern and a word every match of it holds, as written: a text without the word
    is not scanned (one ``str.find`` instead of a scan).  The word stands in the pattern
    outside any optional part (checked at import: literally in it)."""

    pattern: str
    word: str


@attrs.frozen
class ProseDateRule:
    """A header date written in a sentence (the 2013 notice's procedural paragraph): the
    fixed words that name it, and the header field it fills.  The date is the first one
    after them in the same sentence (a few words may stand between: "... was filed on")."""

    field: str
    lead: str

    @property
    def pattern(self) -> str:
        return (words(self.lead) + r"[^.]{0,120}?(?<![\d/])(?P<date>" + ANY_DATE + r")")


#: SEEN in the 2013 notice: the application filed, the UR denial it disputes, and the
#: notice of assignment and request for information sent to the parties.
PROSE_DATES: tuple[ProseDateRule, ...] = (
    ProseDateRule("application_received", "application for Independent Medical Review"),
    ProseDateRule("ur_denial_date", "Utilization Review Denial"),
    ProseDateRule("date_assigned", "Request for Information"),
)


#: The 2013 notice's numbered determinations (SEEN): ``1) MAXIMUS Federal Services, Inc.
#: has determined the request for <item> is [not ]medically necessary and appropriate.``
#: ``not`` may run into the next word (``notmedically``); the Overturned form without
#: ``not`` is a GUESS.  The request is the shortest text up to ``is``.
NOTICE_DETERMINATION = Guarded(
    BOL + r"[ \t\u00a0]*+(?P<number>\d{1,2})[).]" + GAP
    + words("MAXIMUS Federal Services, Inc. has determined the request for") + SEP
    + r"(?P<request>\S(?s:.){0,600}?)" + SEP + r"is" + SEP
    + r"(?P<negation>not" + GAP + r")?+" + r"(?P<conclusion>" + words("medically necessary")
    + r"(?:" + SEP + words("and appropriate") + r")?+)" + r"[ \t]*+\.",
    word="determined")


#: The 2013 notice's case summary opens with a disclaimer naming the UR decision it was
#: taken from, with a long-form date (SEEN).  Group ``date`` is that date.
SUMMARY_DISCLAIMER = (
    r"\s*+" + words("Disclaimer:") + r"[^.]{0,400}?(?P<date>" + ANY_DATE + r")[^.\n]{0,40}+\."
)



@attrs.frozen
class Opening:
    """Fixed text a section's body opens with: its boilerplate, no value of its own (a
    credentials sentence or dates in it are read by their own rules).  The section's
    readers read after it."""

    #: Matched at the start of the body, leading blanks included.
    pattern: str
    #: The fixed words a lead-in sentence opens with, for the writer ("" for the others).
    lead: str = ""


def lead_in(opening: str) -> Opening:
    """A lead-in sentence known by its opening words and ended by a colon.  Only the
    opening is fixed: the rest may be worded freely, as our own writer words it
    (:mod:`imrparse.render`)."""
    return Opening(r"\s*+" + words(opening) + r"[^:]{0,300}+:", opening)


def either(*openings: Opening) -> Opening:
    """The first of ``openings`` that the body opens with; the lead of the first."""
    return Opening("|".join(f"(?:{o.pattern})" for o in openings), openings[0].lead)


#: The whole body is fixed text (the paragraph on how the determination was made).
WHOLE_BODY = Opening(r"(?s:.*+)")
#: The 2013 notice's procedural paragraph: the text before the first numbered
#: determination, or the whole body when it has none.
PROCEDURE = Opening(r"(?s:.*?)(?=" + NOTICE_DETERMINATION.pattern + r")|(?s:.*+)")
#: A case summary opens with a lead-in sentence (the FDL family) or with the 2013
#: notice's disclaimer, whatever the layout.
SUMMARY_OPENING = either(lead_in("The expert reviewer developed"),
                         Opening(SUMMARY_DISCLAIMER))
ISSUES_LEAD_IN = lead_in("The Final Determination was based on")


@attrs.frozen
class HeadingRule:
    """A heading: a whole line (or a heading wrapped over lines) with fixed wording.

    An ``inline`` heading ends in a colon and its section's text may start on the same
    line (``ISSUE AT DISPUTE: Lumbar MRI``); the others stand alone on their line.
    """

    name: str
    kind: SectionKind
    wording: str
    #: Layouts in which this heading occurs (documentation, and for :mod:`imrparse.render`).
    layouts: frozenset[Layout]
    inline: bool = False
    #: Whether the heading may come again: a letter may join several reports, one per
    #: disputed treatment (GUESS for the medical professional review).
    repeats: bool = False
    #: The fixed text the section opens with, if any.
    opening: Opening | None = None

    @property
    def pattern(self) -> str:
        return BOL + r"[ \t\u00a0]*+" + words(self.wording) + ("" if self.inline else EOL)


_FDL = frozenset({Layout.FDL_2016, Layout.FDL_SEED, Layout.FDL_DOCUMENTS_REVIEWED})
_NOTICE = frozenset({Layout.NOTICE_2013})
_MPR = frozenset({Layout.MEDICAL_PROFESSIONAL_REVIEW})
_ALL = frozenset(Layout)

#: Every heading of every layout, each layout's in the order its letters write them
#: (docs/anatomy-layouts.md).  Headings are matched case-sensitively and as whole lines,
#: so ``CASE SUMMARY:`` never matches inside ``CLINICAL CASE SUMMARY``.
HEADINGS: tuple[HeadingRule, ...] = (
    # The FDL family: 2016-17 (SEEN x194), the sample letter (SEEN), and the letter with
    # a documents-reviewed list (CODE: the crawler's Format2 heading strings).
    HeadingRule("how_made", SectionKind.HOW_DETERMINATION_WAS_MADE,
                "HOW THE IMR FINAL DETERMINATION WAS MADE", _FDL, opening=WHOLE_BODY),
    HeadingRule("credentials", SectionKind.CREDENTIALS,
                "The Expert Reviewer has the following credentials:",
                frozenset({Layout.FDL_2016, Layout.FDL_DOCUMENTS_REVIEWED})),
    HeadingRule("documents_reviewed", SectionKind.DOCUMENTS_REVIEWED,
                "DOCUMENTS REVIEWED", frozenset({Layout.FDL_DOCUMENTS_REVIEWED})),
    HeadingRule("clinical_case_summary", SectionKind.CLINICAL_CASE_SUMMARY,
                "CLINICAL CASE SUMMARY", _FDL, opening=SUMMARY_OPENING),
    HeadingRule("issues", SectionKind.ISSUES_DECISIONS_RATIONALES,
                "IMR ISSUES, DECISIONS AND RATIONALES",
                frozenset({Layout.FDL_2016, Layout.FDL_SEED}), opening=ISSUES_LEAD_IN),
    HeadingRule("decisions", SectionKind.ISSUES_DECISIONS_RATIONALES,
                "IMR DECISION(S) AND RATIONALE(S)", frozenset({Layout.FDL_DOCUMENTS_REVIEWED}),
                opening=ISSUES_LEAD_IN),
    # The 2013 notice (SEEN as a fragment up to the case summary).  Its mixed-case
    # headings end in a colon; "Documents Reviewed:" is a GUESS (its reported content).
    HeadingRule("notice_decision", SectionKind.ISSUES_DECISIONS_RATIONALES,
                "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE", _NOTICE,
                opening=PROCEDURE),
    HeadingRule("notice_qualifications", SectionKind.QUALIFICATIONS,
                "Medical Qualifications of the Expert Reviewer:", _NOTICE, inline=True,
                opening=WHOLE_BODY),
    HeadingRule("notice_case_summary", SectionKind.CLINICAL_CASE_SUMMARY,
                "Case Summary:", _NOTICE, inline=True, opening=SUMMARY_OPENING),
    HeadingRule("notice_documents", SectionKind.DOCUMENTS_REVIEWED,
                "Documents Reviewed:", _NOTICE, inline=True),
    # The medical professional review (CODE: the crawler's Format3 heading strings; the
    # two long ones wrap, which :func:`words` absorbs).
    HeadingRule("issue_at_dispute", SectionKind.ISSUE_AT_DISPUTE,
                "ISSUE AT DISPUTE:", _MPR, inline=True, repeats=True),
    HeadingRule("case_summary", SectionKind.CLINICAL_CASE_SUMMARY,
                "CASE SUMMARY:", _MPR, inline=True, repeats=True, opening=SUMMARY_OPENING),
    HeadingRule("documents_reviewed_for_determination", SectionKind.DOCUMENTS_REVIEWED,
                "DOCUMENTS REVIEWED FOR DETERMINATION:", _MPR, inline=True, repeats=True),
    HeadingRule("guidelines_relied_upon", SectionKind.GUIDELINES_RELIED_UPON,
                "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:",
                _MPR, inline=True, repeats=True),
    HeadingRule("rationale", SectionKind.RATIONALE,
                "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY "
                "NECESSARY:", _MPR, inline=True, repeats=True),
    HeadingRule("reviewer_qualifications", SectionKind.QUALIFICATIONS,
                "MEDICAL REVIEWER QUALIFICATIONS:", _MPR, inline=True, repeats=True),
    # The copy list closing a mailed letter (GUESS: no unredacted letter was found).
    HeadingRule("cc", SectionKind.COPIES, "cc:", _ALL, inline=True),
    HeadingRule("cc_capitals", SectionKind.COPIES, "CC:", _ALL, inline=True),
)




@attrs.frozen
class TitleRule:
    """A fixed line of a letterhead or cover page: known (so never an unrecognized
    heading), part of the preamble, and a sign of its layout."""

    name: str
    wording: str
    layouts: frozenset[Layout]

    @property
    def pattern(self) -> str:
        return BOL + r"[ \t\u00a0]*+" + words(self.wording) + EOL


TITLES: tuple[TitleRule, ...] = (
    # CODE (Format2's first lines) and SEEN (the 2013 notice's first line).
    TitleRule("maximus_letterhead", "MAXIMUS FEDERAL SERVICES, INC.",
              frozenset({Layout.FDL_DOCUMENTS_REVIEWED, Layout.NOTICE_2013})),
    TitleRule("imr_letterhead", "Independent Medical Review",
              frozenset({Layout.FDL_DOCUMENTS_REVIEWED})),
    TitleRule("notice_title", "Notice of Independent Medical Review Determination", _NOTICE),
    TitleRule("medical_professional_review", "MEDICAL PROFESSIONAL REVIEW", _MPR),
)



class LabelKind(enum.Enum):
    """What a line-initial label introduces."""

    CLAIMS_ADMINISTRATOR_GUIDELINE = "claims_administrator_guideline"
    MAXIMUS_GUIDELINE = "maximus_guideline"
    DECISION_RATIONALE = "rationale"
    LICENSURE = "licensure_states"
    SPECIALTY = "specialties"


@attrs.frozen
class LabelRule:
    """A label at the start of a line whose value runs on after it."""

    kind: LabelKind
    wording: str

    @property
    def pattern(self) -> str:
        return BOL + r"[ \t\u00a0]*+" + words(self.wording)


LABELS: tuple[LabelRule, ...] = (
    LabelRule(LabelKind.CLAIMS_ADMINISTRATOR_GUIDELINE, "Claims Administrator guideline:"),
    LabelRule(LabelKind.MAXIMUS_GUIDELINE, "MAXIMUS guideline:"),
    LabelRule(LabelKind.DECISION_RATIONALE, "Decision rationale:"),
    LabelRule(LabelKind.LICENSURE, "State(s) of Licensure:"),
    LabelRule(LabelKind.SPECIALTY, "Certification(s)/Specialty:"),
)

#: The labels of one disputed item, in the order the letter writes them.
ITEM_LABELS: tuple[LabelKind, ...] = (
    LabelKind.CLAIMS_ADMINISTRATOR_GUIDELINE,
    LabelKind.MAXIMUS_GUIDELINE,
    LabelKind.DECISION_RATIONALE,
)

#: The labels of the credentials block, in the order the letter writes them.
CREDENTIALS_LABELS: tuple[LabelKind, ...] = (LabelKind.LICENSURE, LabelKind.SPECIALTY)

GUIDELINE_SOURCES: dict[LabelKind, GuidelineSource] = {
    LabelKind.CLAIMS_ADMINISTRATOR_GUIDELINE: GuidelineSource.CLAIMS_ADMINISTRATOR,
    LabelKind.MAXIMUS_GUIDELINE: GuidelineSource.MAXIMUS,
}

#: Outcome words of a decision line, as the letter writes them.
OUTCOMES: dict[str, Outcome] = {"upheld": Outcome.UPHELD, "overturned": Outcome.OVERTURNED}

#: The decision marker that ends an item's decision line: the last colon, blanks or a line
#: break or two, the outcome word, the end of the line.
DECISION_PATTERN = (
    r":" + GAP + r"(?P<outcome>" + "|".join(w.capitalize() for w in OUTCOMES) + r")" + EOL
)

#: A decision line whose last word is not a known outcome (``...: Partially upheld``).
#: Used only on the text just before an item's first label.
UNKNOWN_OUTCOME_PATTERN = r":" + GAP + r"(?P<word>[A-Za-z][A-Za-z \t-]{0,40}?)" + EOL + r"\s*+\Z"


class ValueKind(enum.Enum):
    """The kinds of value in the header table."""

    CASE_NUMBER = "case_number"
    DATE = "date"
    PRIORITY = "priority"


@attrs.frozen
class HeaderField:
    """A cell of the header table: its label and the kind of value it holds."""

    name: str
    wording: str
    kind: ValueKind
    #: Layouts whose header has this label.
    layouts: frozenset[Layout] = _FDL
    #: Other wordings of the same label.
    also: tuple[str, ...] = ()

    @property
    def pattern(self) -> str:
        return "|".join(words(w) for w in (*self.also, self.wording))


#: In the order of the table read column by column (left column, then right).  Values an
#: extractor moved away from their labels are given to the unfilled labels in this order.
#: The 2013 notice's cover has ``Dated:`` (the decision date) and, on a mailed copy, the
#: case number (GUESS).
HEADER_FIELDS: tuple[HeaderField, ...] = (
    HeaderField("case_number", "Case Number:", ValueKind.CASE_NUMBER, _FDL | _NOTICE,
                also=("IMR Case Number:",)),
    HeaderField("date_assigned", "Date Assigned:", ValueKind.DATE),
    HeaderField("decision_date", "Decision Date:", ValueKind.DATE),
    HeaderField("priority", "Priority:", ValueKind.PRIORITY),
    HeaderField("date_of_injury", "Date of Injury:", ValueKind.DATE),
    HeaderField("ur_denial_date", "UR Denial Date:", ValueKind.DATE),
    HeaderField("application_received", "Application Received:", ValueKind.DATE),
    HeaderField("decision_date", "Dated:", ValueKind.DATE, _NOTICE),
)

PRIORITIES: dict[str, Priority] = {
    "standard": Priority.STANDARD,
    "expedited": Priority.EXPEDITED,
}

#: Value patterns of the header table.  A case number is ``CM``, the two-digit year of
#: receipt, a hyphen and seven digits.
HEADER_VALUES: dict[ValueKind, str] = {
    ValueKind.CASE_NUMBER: r"\b[A-Z]{2}\d{2}-\d{5,8}\b",
    ValueKind.DATE: r"(?<![\d/])\d{1,2}/\d{1,2}/\d{2,4}(?![\d/])",
    ValueKind.PRIORITY: r"\b(?i:" + "|".join(PRIORITIES) + r")\b",
}
CASE_NUMBER_FORM = r"CM\d{2}-\d{7}"


class PartialPart(enum.Enum):
    """The three texts of a partial authorization."""

    ORIGINAL = "original_request"
    AUTHORIZED = "authorized"
    DISPUTED = "disputed"


@attrs.frozen
class PartialRule:
    """A sentence of a partial authorization; group ``value`` is the part's text."""

    part: PartialPart
    pattern: str


def _sentence(before: str, after: str) -> str:
    # ``value`` is the shortest run of text up to the fixed wording (which ends a sentence).
    lead = words(before) + SEP if before else ""
    return r"(?s:" + lead + r"(?P<value>\S.*?)" + (SEP + words(after) if after else "") + r")"


#: How the letters end the sentences of the original request and of the part authorized,
#: and open the one naming the part still in dispute.
ORIGINAL_END = "was the original request."
AUTHORIZED_END = "was authorized by the Claims Administrator."
LEFT_ELIGIBLE_END = "leaving the original request IMR eligible."
DISPUTED_OPENING = "The remaining IMR eligible portion of the original request,"
#: A word of every sentence of the first part (the original request): a request without
#: it is no partial authorization, and the patterns are not tried.
PARTIAL_AUTHORIZATION_WORD = "original"
#: The sentences of each part, the parts in the order the letter writes them.
PARTIAL_AUTHORIZATION: tuple[PartialRule, ...] = (
    PartialRule(PartialPart.ORIGINAL, _sentence("", ORIGINAL_END)),
    PartialRule(PartialPart.AUTHORIZED, _sentence("", AUTHORIZED_END)),
    PartialRule(PartialPart.AUTHORIZED, _sentence(
        "The Claims Administrator authorized", "") + r"," + SEP + words(LEFT_ELIGIBLE_END)),
    PartialRule(PartialPart.DISPUTED, _sentence(DISPUTED_OPENING, "")
        + r"(?:" + SEP + r"is)?+\Z"),
    PartialRule(PartialPart.DISPUTED, _sentence("The original request,", "")
        + r"(?:" + SEP + r"is)?+\Z"),
)

#: The older letters state the reviewer's credentials in a sentence of the qualifications
#: paragraph ("... is Board Certified in X, and is licensed to practice in Y.").
CREDENTIALS_SENTENCE = (
    words("Board Certified in") + SEP + r"(?P<specialties>[^.]{1,300}?),?+" + SEP
    + words("and is licensed to practice in") + SEP + r"(?P<states>[^.]{1,200}?)\."
)

#: A line that looks like a heading: capitals, digits and punctuation only, two words or
#: more, alone on its line.
HEADING_LIKE_LINE = (
    r"[ \t\u00a0\f]*+[A-Z][A-Z0-9&/(),'\-]*+(?:[ \t]++[A-Z0-9&/(),'\-:]++){1,12}+" + EOL
)


#: The sentences of a partial authorization that end before the decision line: walking
#: back from a decision line, these belong to the request (see ``request_start``).
REQUEST_SENTENCE_ENDS: tuple[str, ...] = (ORIGINAL_END, AUTHORIZED_END, LEFT_ELIGIBLE_END)


class PartyField(enum.Enum):
    """The fields of a mailed letter's address block (:class:`~imrparse.model.Parties`)."""

    CLAIM_NUMBER = "claim_number"
    EMPLOYEE = "employee"
    EMPLOYER = "employer"
    CLAIMS_ADMINISTRATOR = "claims_administrator"
    REQUESTING_PROVIDER = "requesting_provider"


@attrs.frozen
class PartyLabel:
    """A line-initial label of the address block and the field it introduces.  The name
    follows on the label's line; address lines follow under it, up to a blank line."""

    field: PartyField
    wording: str


#: GUESS: no unredacted letter was found; these are the labels a mailed letter would use
#: for the parties the regulations name.  ``Claims Administrator:`` needs its colon, so it
#: never takes the item label ``Claims Administrator guideline:``.
PARTY_LABELS: tuple[PartyLabel, ...] = (
    PartyLabel(PartyField.CLAIM_NUMBER, "Claim Number:"),
    PartyLabel(PartyField.CLAIM_NUMBER, "Claim No.:"),
    PartyLabel(PartyField.CLAIM_NUMBER, "Claim #:"),
    PartyLabel(PartyField.EMPLOYEE, "Employee:"),
    PartyLabel(PartyField.EMPLOYEE, "Injured Worker:"),
    PartyLabel(PartyField.EMPLOYEE, "Applicant:"),
    PartyLabel(PartyField.EMPLOYER, "Employer:"),
    PartyLabel(PartyField.CLAIMS_ADMINISTRATOR, "Claims Administrator:"),
    PartyLabel(PartyField.CLAIMS_ADMINISTRATOR, "Insurer:"),
    PartyLabel(PartyField.REQUESTING_PROVIDER, "Requesting Provider:"),
    PartyLabel(PartyField.REQUESTING_PROVIDER, "Requesting Physician:"),
    PartyLabel(PartyField.REQUESTING_PROVIDER, "Provider:"),
)


#: An address line under a party's name (street, suite, PO box, city/state/ZIP): a few
#: words in a short line.  GUESS, as the labels are.  Without blank lines, the address
#: ends at the first line that is not one (a sentence, a wrapped paragraph).  No test of
#: punctuation: ``Ave.`` ends a street as ``appropriate.`` ends a sentence.
ADDRESS_LINE = r"(?=[^\r\n\f]{1,60}+\Z)\S++(?:[ \t\u00a0]++\S++){0,7}+"


class DocumentPart(enum.Enum):
    """The parts of a documents-reviewed entry."""

    PROVIDER = "provider"
    DATE_RANGE = "date_range"
    DATE = "date"


#: The parts of a ``DOCUMENTS REVIEWED`` entry (REPORTED: "medical records from
#: <provider> for dates of service between <date> and <date>"; "<report>, dated <date>").
#: A provider runs from ``from``/``by`` to a comma, a date phrase or the end.
DOCUMENT_PARTS: tuple[tuple[DocumentPart, str], ...] = (
    (DocumentPart.DATE_RANGE,
     r"(?i:(?:dates?" + SEP + r"of" + SEP + r"service" + SEP + r"|DOS" + SEP
     + r")?+(?:between|from)" + SEP + r")(?P<first>" + ANY_DATE + r"),?+" + SEP
     + r"(?i:and|to|through|-|\u2013)" + SEP + r"(?P<last>" + ANY_DATE + r")"),
    (DocumentPart.DATE_RANGE,
     r"(?P<first>" + ANY_DATE + r")" + GAP + r"(?:-|\u2013|(?i:to|through))" + GAP
     + r"(?P<last>" + ANY_DATE + r")"),
    (DocumentPart.DATE, r"(?P<first>" + ANY_DATE + r")"),
    (DocumentPart.PROVIDER,
     r"(?i:\b(?:from|by)" + SEP + r")(?P<provider>[A-Z][^,;\r\n]{1,120}?)"
     r"(?=\s(?i:for|dated|between|on|from|dates?\s+of)\b|[ \t]*+(?:[,;(\r\n]|\Z))"),
)
#: Where one entry of the list begins: a bullet, a number, or simply a new line.
DOCUMENT_BULLET = r"[ \t\u00a0]*+(?:[-\u2022*\u25cf]|\d{1,2}[.)])?+[ \t\u00a0]*+"


class ItemForm(enum.Enum):
    """How a layout writes its disputed items."""

    #: ``<request>: Upheld`` then the guideline and rationale labels (the FDL family).
    DECISION_BLOCKS = "decision-blocks"
    #: ``1) MAXIMUS Federal Services, Inc. has determined ...`` (the 2013 notice).
    NUMBERED_DETERMINATIONS = "numbered-determinations"
    #: One item per document: issue at dispute, guidelines relied upon, rationale.
    ISSUE_AT_DISPUTE = "issue-at-dispute"


@attrs.frozen
class LayoutRule:
    """How to recognise a layout, and what a letter of it holds."""

    layout: Layout
    #: Headings a letter of this layout has, in the order it writes them; a missing one
    #: is a defect.
    required: tuple[str, ...]
    #: Header fields (by name) the layout always has; a missing label is a defect.
    header: tuple[str, ...]
    items: ItemForm = ItemForm.DECISION_BLOCKS
    #: Whether header dates are written in a procedural paragraph (:data:`PROSE_DATES`).
    prose_dates: bool = False
    #: Whether the layout has the FDL header table (``Date Assigned:`` ...).
    table: bool = False
    #: A layout whose letter may join several reports, one item each: the headings every
    #: report has, the first opening it.  A repeating heading is then once per report, and
    #: a report without one of these that another report has is a defect.
    report: tuple[str, ...] = ()


_FDL_HEADER = ("case_number", "date_assigned", "decision_date", "priority", "date_of_injury",
               "ur_denial_date", "application_received")

#: The layouts, in the order that breaks a tie (see :func:`layout_signs` for how a letter's
#: layout is chosen).
LAYOUTS: tuple[LayoutRule, ...] = (
    LayoutRule(Layout.MEDICAL_PROFESSIONAL_REVIEW,
               ("issue_at_dispute", "case_summary", "documents_reviewed_for_determination",
                "guidelines_relied_upon", "rationale", "reviewer_qualifications"),
               (), ItemForm.ISSUE_AT_DISPUTE,
               report=("issue_at_dispute", "guidelines_relied_upon", "rationale")),
    LayoutRule(Layout.NOTICE_2013,
               ("notice_decision", "notice_qualifications", "notice_case_summary"),
               ("decision_date",), ItemForm.NUMBERED_DETERMINATIONS, prose_dates=True),
    LayoutRule(Layout.FDL_2016,
               ("how_made", "credentials", "clinical_case_summary", "issues"), _FDL_HEADER,
               table=True),
    # CODE: the crawler read only ``UR Denial Date:`` from this layout's header.
    LayoutRule(Layout.FDL_DOCUMENTS_REVIEWED,
               ("how_made", "documents_reviewed", "clinical_case_summary", "decisions"),
               ("ur_denial_date",), table=True),
    LayoutRule(Layout.FDL_SEED, ("how_made", "clinical_case_summary", "issues"), ()),
)

#: What a sign found in a letter weighs: a heading says more than a letterhead line or
#: the header table, which several layouts share.
HEADING_WEIGHT = 2
TITLE_WEIGHT = 1
TABLE_WEIGHT = 1
#: The sign name of the FDL header table.
TABLE_SIGN = "header"


def layout_signs(layout: Layout) -> dict[str, int]:
    """The signs of ``layout`` and their weights: its headings (the copy list, which every
    layout may have, is no sign), its title lines, and the header table.

    A letter's layout is the one with the best score: the weights of its signs found,
    less the weights of the other layouts' signs found, less a heading's weight for each
    required heading missing.  So one heading of another layout does not outvote a
    letter's own headings, and a letterhead alone does not outvote a heading.
    """
    rule = next(r for r in LAYOUTS if r.layout is layout)
    signs = {h.name: HEADING_WEIGHT for h in HEADINGS
             if layout in h.layouts and h.kind is not SectionKind.COPIES}
    signs.update({t.name: TITLE_WEIGHT for t in TITLES if layout in t.layouts})
    if rule.table:
        signs[TABLE_SIGN] = TABLE_WEIGHT
    return signs


def heading(name: str) -> HeadingRule:
    """The heading rule named ``name``."""
    return _HEADINGS_BY_NAME[name]


def heading_of(layout: Layout, kind: SectionKind) -> HeadingRule:
    """The heading of ``layout`` that opens its section of ``kind`` (the first of the
    table, for the copy list's two spellings)."""
    return next(h for h in HEADINGS if h.kind is kind and layout in h.layouts)


def titles_of(layout: Layout) -> tuple[TitleRule, ...]:
    """The title lines of ``layout``, in the order its letters write them."""
    return tuple(t for t in TITLES if layout in t.layouts)


def label_wording(kind: LabelKind) -> str:
    """How the letter writes the label of ``kind``."""
    return next(rule.wording for rule in LABELS if rule.kind is kind)


def layout_rule(layout: Layout) -> LayoutRule:
    """The :data:`LAYOUTS` row of ``layout``."""
    return next(rule for rule in LAYOUTS if rule.layout is layout)


_HEADINGS_BY_NAME = {rule.name: rule for rule in HEADINGS}


def _check_guard(table: str, row: object, guarded: Guarded) -> None:
    check.compiled(table, row, guarded.pattern, regex.compile)
    check.require(regex.escape(guarded.word) in guarded.pattern, table, row,
                  f"does not hold its guard word {guarded.word!r} literally")


def _check_tables() -> None:
    """Fail at import, naming the table and the rule, if a table is inconsistent."""
    rules: list[HeadingRule | TitleRule] = [*HEADINGS, *TITLES]
    check.unique("HEADINGS and TITLES", (r.name for r in rules))
    for rule in rules:
        check.compiled("HEADINGS and TITLES", rule.name, rule.pattern, regex.compile)
        check.matches("HEADINGS and TITLES", rule.name, rule.pattern, rule.wording)
        others = [o.name for o in rules
                  if o is not rule and regex.fullmatch(o.pattern, rule.wording)]
        check.require(not others, "HEADINGS and TITLES", rule.name,
                      f"is also matched by {others}")
    for label in LABELS:
        check.matches("LABELS", label.kind, label.pattern, label.wording, full=False)
    for field in HEADER_FIELDS:
        check.matches("HEADER_FIELDS", field.name, field.pattern, *field.also, field.wording)
    check.unique("HEADER_FIELDS", ((f.name, layout) for f in HEADER_FIELDS
                                    for layout in f.layouts))
    for part_rule in PARTIAL_AUTHORIZATION:
        check.compiled("PARTIAL_AUTHORIZATION", part_rule.part, part_rule.pattern,
                       regex.compile)
        if part_rule.part is PartialPart.ORIGINAL:
            _check_guard("PARTIAL_AUTHORIZATION", part_rule.part,
                         Guarded(part_rule.pattern, PARTIAL_AUTHORIZATION_WORD))
    check.require(next(iter(PartialPart)) is PartialPart.ORIGINAL, "PartialPart",
                  PartialPart.ORIGINAL, "is not the first part (the guard word's)")
    for rule in HEADINGS:
        if rule.opening is not None:
            check.compiled("HEADINGS openings", rule.name, rule.opening.pattern, regex.compile)
    for layout in Layout:
        kinds = [h.kind for h in HEADINGS if layout in h.layouts
                 and h.kind is not SectionKind.COPIES]
        check.unique(f"HEADINGS of {layout}", kinds)
    field_names = {f.name for f in HEADER_FIELDS}
    for layout_rule in LAYOUTS:
        check.known("LAYOUTS", layout_rule.layout, layout_rule.required,
                    (h.name for h in HEADINGS if layout_rule.layout in h.layouts))
        check.known("LAYOUTS", layout_rule.layout, layout_rule.header, field_names)
        check.known("LAYOUTS", layout_rule.layout, layout_rule.report,
                    (h.name for h in HEADINGS if h.repeats and h.name in layout_rule.required))
        check.require(layout_rule.items is not ItemForm.ISSUE_AT_DISPUTE
                      or bool(layout_rule.report), "LAYOUTS", layout_rule.layout,
                      "reads one item per report but names no report headings")
    check.covers("LAYOUTS", (r.layout for r in LAYOUTS), Layout)
    for prose in PROSE_DATES:
        check.known("PROSE_DATES", prose.lead, (prose.field,), field_names)
        check.compiled("PROSE_DATES", prose.lead, prose.pattern, regex.compile)
    for party in PARTY_LABELS:
        check.matches("PARTY_LABELS", party.wording, words(party.wording), party.wording)
    for name, pattern in (("DECISION_PATTERN", DECISION_PATTERN),
                          ("UNKNOWN_OUTCOME_PATTERN", UNKNOWN_OUTCOME_PATTERN),
                          ("CREDENTIALS_SENTENCE", CREDENTIALS_SENTENCE),
                          ("HEADING_LIKE_LINE", HEADING_LIKE_LINE),
                          ("SUMMARY_DISCLAIMER", SUMMARY_DISCLAIMER),
                          ("ADDRESS_LINE", ADDRESS_LINE),
                          ("DOCUMENT_BULLET", DOCUMENT_BULLET),
                          *HEADER_VALUES.items(), *DOCUMENT_PARTS):
        check.compiled("patterns", name, pattern, regex.compile)
    _check_guard("patterns", "NOTICE_DETERMINATION", NOTICE_DETERMINATION)


_check_tables()
