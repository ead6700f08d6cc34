"""The letter's grammar as data: headings, labels, header fields, boilerplate and layouts.

Everything the parser recognises by its wording lives in the tables of this module.  The
stages (:mod:`imrparse._tokenizer`, :mod:`imrparse._sections`, :mod:`imrparse._header`,
:mod:`imrparse._items`) run these tables and hold no wording of their own.  The tables are
checked when the module is imported (:func:`_check_tables`), so a bad edit fails at once,
naming the rule.

Wording is written with single spaces; :func:`words` turns the spaces into a pattern that
accepts any run of spaces, tabs and line breaks (PDF extractors wrap and pad freely).
"""

from __future__ import annotations

import enum
import re
from functools import cache

import attrs
import regex

from imrparse.model import GuidelineSource, Layout, Outcome, Priority, SectionKind

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


@attrs.frozen
class HeadingRule:
    """A heading: a whole line (or a heading wrapped over lines) with fixed wording."""

    name: str
    kind: SectionKind
    wording: str
    #: Layouts in which this heading occurs.
    layouts: frozenset[Layout]

    @property
    def pattern(self) -> str:
        return BOL + r"[ \t\u00a0]*+" + words(self.wording) + EOL


_FDL = frozenset({Layout.FDL_2016, Layout.FDL_SEED, Layout.FDL_DOCUMENTS_REVIEWED})

HEADINGS: tuple[HeadingRule, ...] = (
    HeadingRule("how_made", SectionKind.HOW_DETERMINATION_WAS_MADE,
                "HOW THE IMR FINAL DETERMINATION WAS MADE", _FDL),
    HeadingRule("credentials", SectionKind.CREDENTIALS,
                "The Expert Reviewer has the following credentials:",
                frozenset({Layout.FDL_2016})),
    HeadingRule("clinical_case_summary", SectionKind.CLINICAL_CASE_SUMMARY,
                "CLINICAL CASE SUMMARY", _FDL),
    HeadingRule("issues", SectionKind.ISSUES_DECISIONS_RATIONALES,
                "IMR ISSUES, DECISIONS AND RATIONALES",
                frozenset({Layout.FDL_2016, Layout.FDL_SEED})),
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


#: In the order of the table read column by column (left column, then right).  Values an
#: extractor moved away from their labels are given to the unfilled labels in this order.
HEADER_FIELDS: tuple[HeaderField, ...] = (
    HeaderField("case_number", "Case Number:", ValueKind.CASE_NUMBER),
    HeaderField("date_assigned", "Date Assigned:", ValueKind.DATE),
    HeaderField("decision_date", "Decision Date:", ValueKind.DATE),
    HeaderField("priority", "Priority:", ValueKind.PRIORITY),
    HeaderField("date_of_injury", "Date of Injury:", ValueKind.DATE),
    HeaderField("ur_denial_date", "UR Denial Date:", ValueKind.DATE),
    HeaderField("application_received", "Application Received:", ValueKind.DATE),
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


class BoilerplateKind(enum.Enum):
    """Fixed paragraphs whose text is not a value."""

    SUMMARY_LEAD_IN = "summary-lead-in"
    ISSUES_LEAD_IN = "issues-lead-in"


@attrs.frozen
class BoilerplateRule:
    """A fixed lead-in sentence, known by its opening words and ended by a colon.

    Only the opening is fixed: the rest of the sentence may be worded freely, as our own
    writer words it (:mod:`imrparse.render`).
    """

    kind: BoilerplateKind
    opening: str

    @property
    def pattern(self) -> str:
        return words(self.opening) + r"[^:]{0,300}+:"


BOILERPLATE: tuple[BoilerplateRule, ...] = (
    BoilerplateRule(BoilerplateKind.SUMMARY_LEAD_IN, "The expert reviewer developed"),
    BoilerplateRule(BoilerplateKind.ISSUES_LEAD_IN, "The Final Determination was based on"),
)


@cache
def boilerplate(kind: BoilerplateKind) -> re.Pattern[str]:
    """The compiled pattern of a boilerplate paragraph, leading whitespace included."""
    rule = next(r for r in BOILERPLATE if r.kind is kind)
    return re.compile(r"\s*+" + rule.pattern)


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


PARTIAL_AUTHORIZATION: tuple[PartialRule, ...] = (
    PartialRule(PartialPart.ORIGINAL, _sentence("", "was the original request.")),
    PartialRule(PartialPart.AUTHORIZED,
                _sentence("", "was authorized by the Claims Administrator.")),
    PartialRule(PartialPart.AUTHORIZED, _sentence(
        "The Claims Administrator authorized", "") + r"," + SEP
        + words("leaving the original request IMR eligible.")),
    PartialRule(PartialPart.DISPUTED, _sentence(
        "The remaining IMR eligible portion of the original request,", "")
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


@attrs.frozen
class LayoutRule:
    """How to recognise a layout: the headings only it has, and the ones it needs."""

    layout: Layout
    #: Any of these heading names (or ``"header"`` for a header-table label) marks it.
    markers: tuple[str, ...]
    #: Headings a letter of this layout has; a missing one is a defect.
    required: tuple[str, ...]
    #: Whether the header table is expected (its labels then are required).
    has_header: bool


#: Tried in order; the first whose marker is present wins.  The last is the fallback of
#: the family.
LAYOUTS: tuple[LayoutRule, ...] = (
    LayoutRule(Layout.FDL_2016, ("credentials", "header"),
               ("how_made", "credentials", "clinical_case_summary", "issues"), True),
    LayoutRule(Layout.FDL_SEED, ("how_made", "clinical_case_summary", "issues"),
               ("how_made", "clinical_case_summary", "issues"), False),
)


def _check_tables() -> None:
    """Fail at import, naming the rule, if a table is inconsistent."""
    names = [h.name for h in HEADINGS]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate heading rule names in {names}")
    for rule in HEADINGS:
        try:
            compiled = regex.compile(rule.pattern)
        except regex.error as exc:  # pragma: no cover - guards table edits
            raise ValueError(f"heading rule {rule.name!r} does not compile: {exc}") from exc
        if not compiled.fullmatch(rule.wording):
            raise ValueError(f"heading rule {rule.name!r} does not match its own wording")
        others = [o.name for o in HEADINGS if o is not rule
                  and regex.fullmatch(o.pattern, rule.wording)]
        if others:
            raise ValueError(f"heading {rule.name!r} is also matched by {others}")
    for label in LABELS:
        if not regex.match(label.pattern, label.wording):
            raise ValueError(f"label {label.kind} does not match its own wording")
    for field in HEADER_FIELDS:
        if not regex.fullmatch(words(field.wording), field.wording):
            raise ValueError(f"header field {field.name!r} does not match its own wording")
    for part_rule in PARTIAL_AUTHORIZATION:
        regex.compile(part_rule.pattern)
    known = set(names) | {"header"}
    for layout_rule in LAYOUTS:
        unknown = (set(layout_rule.markers) | set(layout_rule.required)) - known
        if unknown:
            raise ValueError(f"layout {layout_rule.layout} names unknown headings {unknown}")
    for pattern in (DECISION_PATTERN, UNKNOWN_OUTCOME_PATTERN, CREDENTIALS_SENTENCE,
                    HEADING_LIKE_LINE, *HEADER_VALUES.values()):
        regex.compile(pattern)


_check_tables()
