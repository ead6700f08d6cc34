"""Line-initial labels (item and credentials labels), outcome words of a decision line,
and the header table's fields and values."""

from __future__ import annotations

import enum

import attrs

from imrparse.layouts.headings import FDL_LAYOUTS, NOTICE_LAYOUTS
from imrparse.layouts.words import BOL, EOL, GAP, any_case, words
from imrparse.model import GuidelineSource, Layout, Outcome, Priority


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
    #: Other wordings of the same label (GUESS: later templates' rewordings).
    variants: tuple[str, ...] = ()

    @property
    def wordings(self) -> tuple[str, ...]:
        return (self.wording, *self.variants)

    @property
    def pattern(self) -> str:
        return BOL + r"[ \t\u00a0]*+" + any_case("|".join(words(w) for w in self.wordings))


LABELS: tuple[LabelRule, ...] = (
    LabelRule(LabelKind.CLAIMS_ADMINISTRATOR_GUIDELINE, "Claims Administrator guideline:",
              ("Claims Administrator guidelines:",)),
    LabelRule(LabelKind.MAXIMUS_GUIDELINE, "MAXIMUS guideline:", ("MAXIMUS guidelines:",)),
    LabelRule(LabelKind.DECISION_RATIONALE, "Decision rationale:", ("Rationale:",)),
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

#: Outcome words of a decision line, in lower case (they match in any case: ``Upheld``,
#: ``UPHELD``, ``upheld``).  The letters write ``Upheld`` and ``Overturned`` (SEEN); the
#: present tense is a GUESS for a later template.  ``Reversed``, ``Denied``, ``Approved``
#: and ``Modified`` are left out: each could name the UR decision or the IMR one, so an
#: item with one of them is an unknown outcome (a defect), never a guess.
OUTCOMES: dict[str, Outcome] = {"upheld": Outcome.UPHELD, "overturned": Outcome.OVERTURNED,
                                "uphold": Outcome.UPHELD, "overturn": Outcome.OVERTURNED}
#: The outcome words as the letters write them (SEEN), for messages and our own writer.
OUTCOME_WORDS: tuple[str, ...] = ("Upheld", "Overturned")

#: The decision marker that ends an item's decision line: the last colon, blanks or a line
#: break or two, the outcome word, the end of the line.
DECISION_PATTERN = (
    r":" + GAP + r"(?P<outcome>" + any_case("|".join(sorted(OUTCOMES, key=len, reverse=True)))
    + r")" + EOL
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
    layouts: frozenset[Layout] = FDL_LAYOUTS
    #: Other wordings of the same label.
    also: tuple[str, ...] = ()

    @property
    def pattern(self) -> str:
        return any_case("|".join(words(w) for w in (*self.also, self.wording)))


#: In the order of the table read column by column (left column, then right).  Values an
#: extractor moved away from their labels are given to the unfilled labels in this order.
#: The 2013 notice's cover has ``Dated:`` (the decision date) and, on a mailed copy, the
#: case number (GUESS).
HEADER_FIELDS: tuple[HeaderField, ...] = (
    HeaderField("case_number", "Case Number:", ValueKind.CASE_NUMBER, FDL_LAYOUTS | NOTICE_LAYOUTS,
                also=("IMR Case Number:",)),
    HeaderField("date_assigned", "Date Assigned:", ValueKind.DATE),
    HeaderField("decision_date", "Decision Date:", ValueKind.DATE),
    HeaderField("priority", "Priority:", ValueKind.PRIORITY),
    HeaderField("date_of_injury", "Date of Injury:", ValueKind.DATE),
    HeaderField("ur_denial_date", "UR Denial Date:", ValueKind.DATE),
    HeaderField("application_received", "Application Received:", ValueKind.DATE),
    HeaderField("decision_date", "Dated:", ValueKind.DATE, NOTICE_LAYOUTS),
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
