"""The letter's grammar as data: headings, labels, header fields, boilerplate and layouts.

Everything the parser recognises by its wording lives in the tables gathered here, written
by topic in :mod:`.words` (wording as patterns, dates), :mod:`.headings` (headings, title
lines, openings, the 2013 notice's sentences), :mod:`.fields` (labels, outcome words, the
header table), :mod:`.items` (partial authorizations, credentials sentence),
:mod:`.parties` (address block, documents reviewed) and :mod:`.catalogue` (the layouts and
their signs); this module is their one public face (``from imrparse.layouts import grammar
as g``) and holds the import-time checks. The
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

import regex

from imrparse.layouts import check
from imrparse.layouts.catalogue import (
    FDL_HEADER_FIELDS,
    HEADING_WEIGHT,
    LAYOUTS,
    TABLE_SIGN,
    TABLE_WEIGHT,
    TITLE_WEIGHT,
    ItemForm,
    LayoutRule,
    heading,
    heading_of,
    label_wording,
    layout_rule,
    layout_signs,
    titles_of,
)
from imrparse.layouts.fields import (
    CASE_NUMBER_FORM,
    CREDENTIALS_LABELS,
    DECISION_PATTERN,
    GUIDELINE_SOURCES,
    HEADER_FIELDS,
    HEADER_VALUES,
    ITEM_LABELS,
    LABELS,
    OUTCOME_WORDS,
    OUTCOMES,
    PRIORITIES,
    UNKNOWN_OUTCOME_PATTERN,
    HeaderField,
    LabelKind,
    LabelRule,
    ValueKind,
)
from imrparse.layouts.headings import (
    ALL_LAYOUTS,
    FDL_LAYOUTS,
    HEADINGS,
    ISSUES_LEAD_IN,
    MPR_LAYOUTS,
    NOTICE_DETERMINATION,
    NOTICE_LAYOUTS,
    PROCEDURE,
    PROSE_DATES,
    SUMMARY_DISCLAIMER,
    SUMMARY_OPENING,
    TITLES,
    WHOLE_BODY,
    HeadingRule,
    Opening,
    ProseDateRule,
    TitleRule,
    either,
    lead_in,
)
from imrparse.layouts.items import (
    AUTHORIZED_END,
    CREDENTIALS_SENTENCE,
    DANGLING_VERB,
    DANGLING_VERBS,
    DISPUTED_OPENING,
    HEADING_LIKE_LINE,
    LEFT_ELIGIBLE_END,
    ORIGINAL_END,
    PARTIAL_AUTHORIZATION,
    PARTIAL_AUTHORIZATION_WORD,
    REQUEST_SENTENCE_ENDS,
    PartialPart,
    PartialRule,
)
from imrparse.layouts.parties import (
    ADDRESS_LINE,
    DOCUMENT_BULLET,
    DOCUMENT_PARTS,
    PARTY_LABELS,
    DocumentPart,
    PartyField,
    PartyLabel,
)
from imrparse.layouts.words import (
    ANY_DATE,
    BOL,
    EOL,
    GAP,
    LONG_DATE,
    MAX_BREAKS,
    NUMERIC_DATE,
    SEP,
    Guarded,
    any_case,
    initials,
    named_words,
    words,
)
from imrparse.model import Layout, SectionKind

__all__ = [
    "ADDRESS_LINE",
    "ALL_LAYOUTS",
    "ANY_DATE",
    "AUTHORIZED_END",
    "BOL",
    "CASE_NUMBER_FORM",
    "CREDENTIALS_LABELS",
    "CREDENTIALS_SENTENCE",
    "DANGLING_VERB",
    "DANGLING_VERBS",
    "DECISION_PATTERN",
    "DISPUTED_OPENING",
    "DOCUMENT_BULLET",
    "DOCUMENT_PARTS",
    "EOL",
    "FDL_HEADER_FIELDS",
    "FDL_LAYOUTS",
    "GAP",
    "GUIDELINE_SOURCES",
    "HEADER_FIELDS",
    "HEADER_VALUES",
    "HEADINGS",
    "HEADING_LIKE_LINE",
    "HEADING_WEIGHT",
    "ISSUES_LEAD_IN",
    "ITEM_LABELS",
    "LABELS",
    "LAYOUTS",
    "LEFT_ELIGIBLE_END",
    "LONG_DATE",
    "MAX_BREAKS",
    "MPR_LAYOUTS",
    "NOTICE_DETERMINATION",
    "NOTICE_LAYOUTS",
    "NUMERIC_DATE",
    "ORIGINAL_END",
    "OUTCOMES",
    "OUTCOME_WORDS",
    "PARTIAL_AUTHORIZATION",
    "PARTIAL_AUTHORIZATION_WORD",
    "PARTY_LABELS",
    "PRIORITIES",
    "PROCEDURE",
    "PROSE_DATES",
    "REQUEST_SENTENCE_ENDS",
    "SEP",
    "SUMMARY_DISCLAIMER",
    "SUMMARY_OPENING",
    "TABLE_SIGN",
    "TABLE_WEIGHT",
    "TITLES",
    "TITLE_WEIGHT",
    "UNKNOWN_OUTCOME_PATTERN",
    "WHOLE_BODY",
    "DocumentPart",
    "Guarded",
    "HeaderField",
    "HeadingRule",
    "ItemForm",
    "LabelKind",
    "LabelRule",
    "LayoutRule",
    "Opening",
    "PartialPart",
    "PartialRule",
    "PartyField",
    "PartyLabel",
    "ProseDateRule",
    "TitleRule",
    "ValueKind",
    "any_case",
    "either",
    "heading",
    "heading_of",
    "initials",
    "label_wording",
    "layout_rule",
    "layout_signs",
    "lead_in",
    "named_words",
    "titles_of",
    "words",
]


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
        check.matches("HEADINGS and TITLES", rule.name, rule.pattern, *rule.wordings)
        # Rows differing only in case are told apart by the text (the row written as
        # it is wins); any other overlap is an error.
        others = [o.name for o in rules for wording in rule.wordings
                  if o is not rule and regex.fullmatch(o.pattern, wording)
                  and wording.casefold() not in {w.casefold() for w in o.wordings}]
        check.require(not others, "HEADINGS and TITLES", rule.name,
                      f"is also matched by {others}")
        check.matches("HEADINGS and TITLES", rule.name, rule.pattern,
                      *(w.swapcase() for w in rule.wordings))
    for label in LABELS:
        check.matches("LABELS", label.kind, label.pattern, *label.wordings, full=False)
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
    for row in LAYOUTS:
        check.known("LAYOUTS", row.layout, row.required,
                    (h.name for h in HEADINGS if row.layout in h.layouts))
        check.known("LAYOUTS", row.layout, row.header, field_names)
        check.known("LAYOUTS", row.layout, row.report,
                    (h.name for h in HEADINGS if h.repeats and h.name in row.required))
        check.require(row.items is not ItemForm.ISSUE_AT_DISPUTE
                      or bool(row.report), "LAYOUTS", row.layout,
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
                          ("DANGLING_VERB", DANGLING_VERB),
                          ("HEADING_LIKE_LINE", HEADING_LIKE_LINE),
                          ("SUMMARY_DISCLAIMER", SUMMARY_DISCLAIMER),
                          ("ADDRESS_LINE", ADDRESS_LINE),
                          ("DOCUMENT_BULLET", DOCUMENT_BULLET),
                          *HEADER_VALUES.items(), *DOCUMENT_PARTS):
        check.compiled("patterns", name, pattern, regex.compile)
    _check_guard("patterns", "NOTICE_DETERMINATION", NOTICE_DETERMINATION)


_check_tables()
