"""The layouts: how each is recognised (its signs and their weights) and what a letter
of it holds (required headings in order, header fields, the form of its items)."""

from __future__ import annotations

import enum

import attrs

from imrparse.layouts.fields import LABELS, LabelKind
from imrparse.layouts.headings import HEADINGS, TITLES, HeadingRule, TitleRule
from imrparse.model import Layout, SectionKind


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


FDL_HEADER_FIELDS = ("case_number", "date_assigned", "decision_date", "priority", "date_of_injury",
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
               ("how_made", "credentials", "clinical_case_summary", "issues"), FDL_HEADER_FIELDS,
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
