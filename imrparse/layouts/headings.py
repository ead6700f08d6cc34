"""Headings and title lines of every layout, the fixed text each section opens with, and
the 2013 notice's sentences that stand in for headings (procedural dates, numbered
determinations, the summary's disclaimer)."""

from __future__ import annotations

import attrs

from imrparse.layouts.words import ANY_DATE, BOL, EOL, GAP, SEP, Guarded, any_case, words
from imrparse.model import Layout, SectionKind


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
    #: Other wordings of the same heading (a later template's rewording that keeps the
    #: heading's key words), matched as the wording is.
    variants: tuple[str, ...] = ()

    @property
    def wordings(self) -> tuple[str, ...]:
        return (self.wording, *self.variants)

    def end_of(self, wording: str) -> str:
        """What follows ``wording`` of this row: nothing for an inline heading (its text
        may follow on the line); else the end of the line, after a colon a later template
        may add (``Clinical Case Summary:``), unless that colon makes another row's
        wording (``CASE SUMMARY`` and ``CASE SUMMARY:``)."""
        if self.inline:
            return ""
        if (wording + ":").casefold() in _inline_wordings():
            return EOL
        return ":?+" + EOL

    @property
    def pattern(self) -> str:
        return (BOL + r"[ \t\u00a0]*+"
                + any_case("|".join(words(w) + self.end_of(w) for w in self.wordings)))


FDL_LAYOUTS = frozenset({Layout.FDL_2016, Layout.FDL_SEED, Layout.FDL_DOCUMENTS_REVIEWED})
NOTICE_LAYOUTS = frozenset({Layout.NOTICE_2013})
MPR_LAYOUTS = frozenset({Layout.MEDICAL_PROFESSIONAL_REVIEW})
ALL_LAYOUTS = frozenset(Layout)

#: Every heading of every layout, each layout's in the order its letters write them
#: (docs/anatomy-layouts.md).  Headings are matched in any case (:func:`any_case`; where
#: two rows differ only in case, as ``CASE SUMMARY:`` and ``Case Summary:``, the row
#: written as the text is wins) and as whole lines, so ``CASE SUMMARY:`` never matches
#: inside ``CLINICAL CASE SUMMARY``.  A row's ``variants`` are rewordings that keep its
#: key words (GUESS: later templates; none is SEEN).
HEADINGS: tuple[HeadingRule, ...] = (
    # The FDL family: 2016-17 (SEEN x194), the sample letter (SEEN), and the letter with
    # a documents-reviewed list (CODE: the crawler's Format2 heading strings).
    HeadingRule("how_made", SectionKind.HOW_DETERMINATION_WAS_MADE,
                "HOW THE IMR FINAL DETERMINATION WAS MADE", FDL_LAYOUTS, opening=WHOLE_BODY,
                variants=("HOW THE FINAL DETERMINATION WAS MADE",
                          "HOW THE IMR DETERMINATION WAS MADE")),
    HeadingRule("credentials", SectionKind.CREDENTIALS,
                "The Expert Reviewer has the following credentials:",
                frozenset({Layout.FDL_2016, Layout.FDL_DOCUMENTS_REVIEWED})),
    HeadingRule("documents_reviewed", SectionKind.DOCUMENTS_REVIEWED,
                "DOCUMENTS REVIEWED", frozenset({Layout.FDL_DOCUMENTS_REVIEWED})),
    HeadingRule("clinical_case_summary", SectionKind.CLINICAL_CASE_SUMMARY,
                "CLINICAL CASE SUMMARY", FDL_LAYOUTS, opening=SUMMARY_OPENING,
                variants=("CLINICAL SUMMARY", "CASE SUMMARY")),
    HeadingRule("issues", SectionKind.ISSUES_DECISIONS_RATIONALES,
                "IMR ISSUES, DECISIONS AND RATIONALES",
                frozenset({Layout.FDL_2016, Layout.FDL_SEED}), opening=ISSUES_LEAD_IN,
                variants=("IMR ISSUES, DECISIONS, AND RATIONALES",
                          "IMR ISSUES DECISIONS AND RATIONALES",
                          "IMR ISSUES, DECISIONS AND RATIONALE",
                          "ISSUES, DECISIONS AND RATIONALES")),
    HeadingRule("decisions", SectionKind.ISSUES_DECISIONS_RATIONALES,
                "IMR DECISION(S) AND RATIONALE(S)", frozenset({Layout.FDL_DOCUMENTS_REVIEWED}),
                opening=ISSUES_LEAD_IN,
                variants=("IMR DECISIONS AND RATIONALES", "IMR DECISION AND RATIONALE")),
    # The 2013 notice (SEEN as a fragment up to the case summary).  Its mixed-case
    # headings end in a colon; "Documents Reviewed:" is a GUESS (its reported content).
    HeadingRule("notice_decision", SectionKind.ISSUES_DECISIONS_RATIONALES,
                "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE", NOTICE_LAYOUTS,
                opening=PROCEDURE),
    HeadingRule("notice_qualifications", SectionKind.QUALIFICATIONS,
                "Medical Qualifications of the Expert Reviewer:", NOTICE_LAYOUTS, inline=True,
                opening=WHOLE_BODY),
    HeadingRule("notice_case_summary", SectionKind.CLINICAL_CASE_SUMMARY,
                "Case Summary:", NOTICE_LAYOUTS, inline=True, opening=SUMMARY_OPENING),
    HeadingRule("notice_documents", SectionKind.DOCUMENTS_REVIEWED,
                "Documents Reviewed:", NOTICE_LAYOUTS, inline=True),
    # The medical professional review (CODE: the crawler's Format3 heading strings; the
    # two long ones wrap, which :func:`words` absorbs).
    HeadingRule("issue_at_dispute", SectionKind.ISSUE_AT_DISPUTE,
                "ISSUE AT DISPUTE:", MPR_LAYOUTS, inline=True, repeats=True),
    HeadingRule("case_summary", SectionKind.CLINICAL_CASE_SUMMARY,
                "CASE SUMMARY:", MPR_LAYOUTS, inline=True, repeats=True, opening=SUMMARY_OPENING),
    HeadingRule("documents_reviewed_for_determination", SectionKind.DOCUMENTS_REVIEWED,
                "DOCUMENTS REVIEWED FOR DETERMINATION:", MPR_LAYOUTS, inline=True, repeats=True),
    HeadingRule("guidelines_relied_upon", SectionKind.GUIDELINES_RELIED_UPON,
                "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:",
                MPR_LAYOUTS, inline=True, repeats=True),
    HeadingRule("rationale", SectionKind.RATIONALE,
                "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY "
                "NECESSARY:", MPR_LAYOUTS, inline=True, repeats=True),
    HeadingRule("reviewer_qualifications", SectionKind.QUALIFICATIONS,
                "MEDICAL REVIEWER QUALIFICATIONS:", MPR_LAYOUTS, inline=True, repeats=True),
    # The copy list closing a mailed letter (GUESS: no unredacted letter was found).
    HeadingRule("cc", SectionKind.COPIES, "cc:", ALL_LAYOUTS, inline=True),
    HeadingRule("cc_capitals", SectionKind.COPIES, "CC:", ALL_LAYOUTS, inline=True),
)




def _inline_wordings() -> frozenset[str]:
    """The wordings of the inline headings, case-folded (each ends in a colon)."""
    return frozenset(w.casefold() for h in HEADINGS if h.inline for w in h.wordings)


@attrs.frozen
class TitleRule:
    """A fixed line of a letterhead or cover page: known (so never an unrecognized
    heading), part of the preamble, and a sign of its layout."""

    name: str
    wording: str
    layouts: frozenset[Layout]

    @property
    def wordings(self) -> tuple[str, ...]:
        return (self.wording,)

    @property
    def pattern(self) -> str:
        return BOL + r"[ \t\u00a0]*+" + any_case(words(self.wording)) + EOL


TITLES: tuple[TitleRule, ...] = (
    # CODE (Format2's first lines) and SEEN (the 2013 notice's first line).
    TitleRule("maximus_letterhead", "MAXIMUS FEDERAL SERVICES, INC.",
              frozenset({Layout.FDL_DOCUMENTS_REVIEWED, Layout.NOTICE_2013})),
    TitleRule("imr_letterhead", "Independent Medical Review",
              frozenset({Layout.FDL_DOCUMENTS_REVIEWED})),
    TitleRule("notice_title", "Notice of Independent Medical Review Determination", NOTICE_LAYOUTS),
    TitleRule("medical_professional_review", "MEDICAL PROFESSIONAL REVIEW", MPR_LAYOUTS),
)
