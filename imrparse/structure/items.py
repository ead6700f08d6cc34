"""Sections to disputed items: one reader for each form a layout writes its items in.

:func:`read_items` runs the reader of the layout's :class:`~imrparse.layouts.grammar.ItemForm`
(:data:`ITEM_READERS`, the one registry).  Decision blocks are read wherever they stand,
whatever the layout, so an unseen variant still yields its items.

Decision blocks (the FDL family): a decision line (the request, its last colon, the
outcome word), then the claims administrator's guideline, the MAXIMUS guideline and the
decision rationale, each after its label.  The decision marker and the labels are tokens;
the request has no marker of its own and is found by walking back from its decision marker
to the paragraph break that ends the previous item (:func:`request_start`).  Each label's
value runs to the next structural token, so nothing from one item can attach to another.

Numbered determinations (the 2013 notice): one sentence an item,
:data:`~imrparse.layouts.grammar.NOTICE_DETERMINATION`, in the decision section or on the cover.

Issue at dispute (the medical professional review): one item a report, from the report's
issue, guidelines and rationale sections (:attr:`~imrparse.layouts.grammar.LayoutRule.report`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import attrs
import regex

from imrparse.content import fill as _content
from imrparse.errors import DefectCode
from imrparse.layouts import check
from imrparse.layouts import grammar as g
from imrparse.model import (
    DisputedItem,
    Guideline,
    GuidelineSource,
    Outcome,
    PartialAuthorization,
    Rationale,
    SectionKind,
)
from imrparse.model.spans import Span
from imrparse.text.caches import cached
from imrparse.text.normalize import is_blank, normalize, trim, value
from imrparse.text.reading import Reading
from imrparse.text.sections import SectionTokens, first_of
from imrparse.text.tokenizer import DECISION, LABEL, TEXT, Token

#: Backstop for the partial-authorization patterns, which scan free text lazily.
PATTERN_TIMEOUT_SECONDS = 1.0

_SENTENCE_END = (".", "!", "?", ".\"", ".\u201d", ".)")


@attrs.frozen
class Letter:
    """What the item readers read: the letter's sections as its layout lays them out."""

    reading: Reading
    sections: Sequence[SectionTokens]
    layout: g.LayoutRule
    #: The numbered determinations of the cover (the preamble), where there are any.
    cover: Sequence[re.Match[str]] = ()

    @property
    def decisions(self) -> SectionTokens | None:
        """The section of the decisions (the first one of the issues' kind)."""
        return first_of(self.sections, SectionKind.ISSUES_DECISIONS_RATIONALES)


#: A reader of one item form: the letter's items, or ``None`` when it finds none.
ItemReader = Callable[[Letter], "tuple[DisputedItem, ...] | None"]


def read_items(letter: Letter) -> tuple[DisputedItem, ...]:
    """The disputed items of ``letter``, in the form its layout writes them."""
    decisions = letter.decisions
    if decisions is not None and any(t.kind is DECISION for t in decisions.body):
        return _decision_blocks(letter)
    found = ITEM_READERS[letter.layout.items](letter)
    return found if found is not None else _decision_blocks(letter)


# --- decision blocks ----------------------------------------------------------------------


@attrs.define
class _Draft:
    """An item while its tokens are collected."""

    request_start: int
    request_end: int
    outcome: Outcome | None
    #: The span of the outcome word (or of the unknown word in its place).
    decision: Span | None
    #: The label tokens by their kind.
    labels: dict[g.LabelKind, Token] = attrs.Factory(dict)


_UNKNOWN_OUTCOME = re.compile(g.UNKNOWN_OUTCOME_PATTERN)
#: The outcome words as the letter writes them, for the defects' messages.
_OUTCOME_WORDS = g.OUTCOME_WORDS



def _decision_blocks(letter: Letter) -> tuple[DisputedItem, ...]:
    """The items of the decisions section, or else of decision lines wherever they stand
    (items without their heading still parse)."""
    reading = letter.reading
    decisions = letter.decisions
    if decisions is not None:
        # An opening that runs over an item (the notice's procedural paragraph, all of its
        # body when it has no numbered determination) is not skipped.
        first = next((t.start for t in decisions.body if t.kind is DECISION
                      or t.kind is LABEL), decisions.end)
        start = (decisions.content_start if decisions.content_start <= first
                 else decisions.body_start)
        return read_decision_blocks(reading, decisions.body, start, decisions.end)
    return _items_by_shape(letter)


#: The lead-in sentence of the issues section.
_ISSUES_LEAD_IN = re.compile(g.ISSUES_LEAD_IN.pattern)


def _items_by_shape(letter: Letter) -> tuple[DisputedItem, ...]:
    """Without a decisions section (a heading no layout knows, or none), the items are
    the decision lines wherever they stand.  They start after the last heading, title or
    label before the first decision line, and after the issues' lead-in sentence where
    it is there."""
    reading = letter.reading
    tokens = tuple(t for s in letter.sections for t in s.body)
    first = next((t.start for t in tokens if t.kind is DECISION), None)
    if first is None:
        return ()
    floor = max((t.end for t in tokens if t.kind is not TEXT and t.end <= first), default=0)
    starts = [s.body_start for s in letter.sections if s.body_start <= first]
    floor = max(floor, *starts)
    lead = _ISSUES_LEAD_IN.search(reading.text, floor, first)
    if lead is not None:
        floor = lead.end()
    return read_decision_blocks(reading, tuple(t for t in tokens if t.start >= floor), floor,
                                len(reading.text))


def read_decision_blocks(reading: Reading, body: Sequence[Token], body_start: int,
                         end: int) -> tuple[DisputedItem, ...]:
    """The disputed items written as decision blocks in ``text[body_start:end]``, whose
    tokens are ``body``."""
    text, gap = reading.text, reading.gap
    floor = body_start

    drafts: list[_Draft] = []
    for token in body:
        if token.kind is DECISION:
            start = request_start(text, floor, token.start, first=not drafts, gap=gap)
            if not drafts:  # after an item, the text before the request is its rationale
                reading.unparsed(floor, start, "items[0]")
            word_end = token.start + len(token.text.rstrip())
            word = Span(word_end - len(token.name), word_end)
            drafts.append(_Draft(start, token.start, g.OUTCOMES[token.name], word))
            floor = token.end
        elif token.kind is LABEL:
            kind = g.LabelKind(token.name)
            if kind not in g.ITEM_LABELS:
                reading.defect(DefectCode.UNPARSED_TEXT,
                               f"label {token.text.strip()!r} does not belong in the issues "
                               "section", token.span, "items")
                continue
            current = drafts[-1] if drafts else None
            if current is None or kind in current.labels or (
                    kind is g.ITEM_LABELS[0] and current.labels):
                # A label with no decision line before it: the decision line's outcome
                # word is not one we know.
                current = _undecided(reading, floor, token, drafts)
                drafts.append(current)
            current.labels[kind] = token
            floor = token.end

    if not drafts:
        reading.defect(DefectCode.NO_ITEMS, "the issues section holds no disputed item",
                       Span(body_start, end), "items")
    items: list[DisputedItem] = []
    for index, draft in enumerate(drafts):
        following = drafts[index + 1].request_start if index + 1 < len(drafts) else end
        where = Span(draft.request_start, max(draft.request_start, following))
        item = reading.attempt(where, f"items[{index}]",
                               _decision_block, reading, index, draft, following)
        if item is not None:
            items.append(item)
    return tuple(items)


def request_start(text: str, floor: int, decision: int, *, first: bool, gap: int = 1) -> int:
    """Where the request that ends at ``decision`` begins.

    Walking back from the decision line, the request ends at the first paragraph break: a
    run of ``gap`` blank lines (two in doubled text, see
    :func:`~imrparse.text.normalize.paragraph_gap`)
    after a line that ends a sentence.  (A blank line after an unfinished line is a page
    break inside the request, as pypdf writes them.)  Without a paragraph break (letters
    without blank lines but for page joins), the request begins after the last line that
    ends a sentence, or at ``floor`` for the first item.  The sentences of a partial
    authorization (:data:`~imrparse.layouts.grammar.REQUEST_SENTENCE_ENDS`) belong to the request
    and never end the text before it.
    """
    lines = text[floor:decision].splitlines(keepends=True)
    # Line offsets are counted back from ``decision`` as the walk goes (the lines join
    # back to the range): it mostly stops near the decision line, well before ``floor``.
    next_start = decision - len(lines[-1]) if lines else decision  # where line i + 1 starts
    after_last_end: int | None = None  # where the line after the last sentence end starts
    for i in range(len(lines) - 2, -1, -1):
        line = lines[i]
        if line.rstrip().endswith(_SENTENCE_END):
            broken = _blank_run(lines, i + 1) >= gap
            if (broken or after_last_end is None) and not _continues_request(
                    text, floor, next_start):
                if broken:
                    return next_start
                after_last_end = next_start
        next_start -= len(line)
    return after_last_end if after_last_end is not None and not first else floor


def _blank_run(lines: list[str], start: int) -> int:
    """How many blank lines follow from ``lines[start]`` on."""
    run = 0
    while start + run < len(lines) and not lines[start + run].strip():
        run += 1
    return run


#: How far back a request sentence's ending is looked for.
_TAIL = 80


def _continues_request(text: str, floor: int, line_end: int) -> bool:
    """Whether the sentence ending at ``line_end`` is one of a partial authorization's."""
    tail = normalize(text[max(floor, line_end - _TAIL) : line_end])
    return tail.endswith(g.REQUEST_SENTENCE_ENDS)


def _undecided(reading: Reading, floor: int, label: Token, drafts: list[_Draft]) -> _Draft:
    """An item whose first label is not preceded by a known decision line."""
    text, gap = reading.text, reading.gap
    path = f"items[{len(drafts)}]"
    start = request_start(text, floor, label.start, first=not drafts, gap=gap)
    m = _UNKNOWN_OUTCOME.search(text, start, label.start)
    if m is not None:
        word = Span(m.start("word"), m.end("word"))
        reading.defect(DefectCode.UNKNOWN_OUTCOME,
                       f"outcome {m.group('word')!r} is neither {' nor '.join(_OUTCOME_WORDS)}",
                       word, f"{path}.outcome")
        return _Draft(start, m.start(), None, word)
    reading.defect(DefectCode.MISSING_LABEL,
                   f"no decision line (request: {'|'.join(_OUTCOME_WORDS)}) "
                   f"before {label.text.strip()!r}", Span(label.start, label.start),
                   f"{path}.outcome")
    return _Draft(start, start if is_blank(text, start, label.start) else label.start,
                  None, None)


def _decision_block(reading: Reading, index: int, draft: _Draft, end: int) -> DisputedItem:
    """The item of one decision block, which runs to ``end``."""
    text = reading.text
    path = f"items[{index}]"
    spans: list[tuple[str, Span]] = []
    found = value(text, draft.request_start, draft.request_end)
    if found is None:
        reading.defect(DefectCode.EMPTY_VALUE, "the decision line has no request text",
                       draft.decision or Span(draft.request_start, draft.request_start),
                       f"{path}.request")
        request, request_span = "", None
    else:
        request, request_span = found
        spans.append(("request", request_span))
    if draft.decision is not None and draft.outcome is not None:
        spans.append(("outcome", draft.decision))

    ordered = sorted(draft.labels.values(), key=lambda token: token.start)
    for kind in g.ITEM_LABELS:
        if kind not in draft.labels:
            anchor = ordered[0].start if ordered else draft.request_end
            reading.defect(DefectCode.MISSING_LABEL,
                           f"item {index + 1} has no {g.label_wording(kind)!r}",
                           Span(anchor, anchor), f"{path}.{kind.value}")
    # Text after the decision line that no label takes (all of it, for an item without
    # labels) is reported, never dropped.
    reading.unparsed(draft.decision.end if draft.decision else draft.request_end,
                     ordered[0].start if ordered else end, path)
    guidelines: dict[GuidelineSource, Guideline] = {}
    rationale: Rationale | None = None
    item_end = draft.decision.end if draft.decision else draft.request_end
    for position, token in enumerate(ordered):
        stop = ordered[position + 1].start if position + 1 < len(ordered) else end
        paragraph = value(text, token.end, stop)
        kind = g.LabelKind(token.name)
        field_path = f"{path}.{kind.value}"
        if paragraph is None:
            reading.defect(DefectCode.EMPTY_VALUE,
                           f"{token.text.strip()!r} is followed by nothing", token.span,
                           field_path)
            continue
        content, span = paragraph
        node_span = Span(token.start + len(token.text) - len(token.text.lstrip()), span.end)
        item_end = max(item_end, span.end)
        if kind is g.LabelKind.DECISION_RATIONALE:
            rationale = _content.rationale(reading, node_span, span, content,
                                           outcome=draft.outcome, path=field_path)
        else:
            source = g.GUIDELINE_SOURCES[kind]
            guidelines[source] = _content.guideline(reading, node_span, span, content, source,
                                                    path=field_path)

    partial = None
    if request_span is not None:
        partial = read_partial(reading, request_span.start, request_span.end, path)
    item_start = request_span.start if request_span is not None else draft.request_start
    return DisputedItem(
        span=Span(item_start, max(item_start, item_end)),
        value_spans=tuple(spans),
        number=index + 1,
        request=request,
        outcome=draft.outcome,
        partial=partial,
        claims_administrator_guideline=guidelines.get(GuidelineSource.CLAIMS_ADMINISTRATOR),
        maximus_guideline=guidelines.get(GuidelineSource.MAXIMUS),
        rationale=rationale,
        treatment=_content.treatment(reading, request_span, partial, path=path),
    )


@cached()
def _partial_rules() -> tuple[tuple[g.PartialPart, tuple[regex.Pattern[str], ...]], ...]:
    """Each part in the order the parts are read, with the patterns of its sentences, in
    table order."""
    return tuple((part, tuple(regex.compile(rule.pattern) for rule in g.PARTIAL_AUTHORIZATION
                              if rule.part is part))
                 for part in g.PartialPart)


def read_partial(reading: Reading, start: int, end: int,
                 path: str) -> PartialAuthorization | None:
    """The original request, authorized part and disputed remainder of a request that
    the claims administrator partly authorized, or ``None`` for a plain request."""
    text = reading.text
    segment = text[start:end]
    # A substring test is far cheaper than the patterns, and most requests lack the word.
    if g.PARTIAL_AUTHORIZATION_WORD not in segment:
        return None
    pos = 0
    parts: dict[g.PartialPart, str] = {}
    spans: list[tuple[str, Span]] = []
    try:
        for part, patterns in _partial_rules():
            for pattern in patterns:
                m = pattern.match(segment, pos, timeout=PATTERN_TIMEOUT_SECONDS)
                if m is None:
                    continue
                found = value(text, start + m.start("value"), start + m.end("value"))
                if found is not None:
                    parts[part], span = found
                    spans.append((part.value, span))
                pos = m.end()
                while pos < len(segment) and segment[pos].isspace():
                    pos += 1
                break
            if part is g.PartialPart.ORIGINAL and not parts:
                return None
    except TimeoutError:
        reading.defect(DefectCode.PATTERN_TIMEOUT, "partial authorization patterns timed out",
                       Span(start, end), f"{path}.partial")
        return None
    if pos < len(segment):
        rest = trim(text, start + pos, end)
        if rest is not None:
            reading.defect(DefectCode.UNPARSED_TEXT, "partial authorization text "
                           f"{text[rest.start:rest.end][:60]!r} matches no known sentence",
                           rest, f"{path}.partial")
    return PartialAuthorization(
        span=Span(start, end), value_spans=tuple(spans),
        original_request=parts.get(g.PartialPart.ORIGINAL),
        authorized=parts.get(g.PartialPart.AUTHORIZED),
        disputed=parts.get(g.PartialPart.DISPUTED),
    )


# --- numbered determinations --------------------------------------------------------------


@cached()
def _determination_pattern() -> re.Pattern[str]:
    """The compiled pattern of the 2013 notice's numbered determinations."""
    return re.compile(g.NOTICE_DETERMINATION.pattern)


def determinations(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The numbered determinations of the 2013 notice in ``text[start:end]``."""
    if text.find(g.NOTICE_DETERMINATION.word, start, end) < 0:
        return []
    return list(_determination_pattern().finditer(text, start, end))


def _numbered_determinations(letter: Letter) -> tuple[DisputedItem, ...] | None:
    """The items of the decision section's numbered determinations, or else of the
    cover's."""
    reading = letter.reading
    decisions = letter.decisions
    numbered = (determinations(reading.text, decisions.body_start, decisions.end)
                if decisions is not None else []) or letter.cover
    if not numbered:
        return None
    items = (reading.attempt(Span(m.start(), m.end()), f"items[{index}]",
                             _determination_item, reading, index, m)
             for index, m in enumerate(numbered))
    return tuple(item for item in items if item is not None)


def _determination_item(reading: Reading, index: int, m: re.Match[str]) -> DisputedItem:
    """An item of the 2013 notice: ``not`` medically necessary upholds the denial."""
    text = reading.text
    path = f"items[{index}]"
    found = value(text, m.start("request"), m.end("request"))
    request, request_span = found if found is not None else ("", None)
    outcome = Outcome.UPHELD if m.group("negation") else Outcome.OVERTURNED
    return DisputedItem(span=trim(text, m.start(), m.end()) or Span(m.start(), m.end()),
                        value_spans=(("request", request_span),) if request_span else (),
                        number=index + 1, request=request, outcome=outcome,
                        treatment=_content.treatment(reading, request_span, None, path=path))


# --- issue at dispute ---------------------------------------------------------------------


def _issue_reports(letter: Letter) -> tuple[DisputedItem, ...] | None:
    """One item per report: an issue and the sections after it, up to the next issue.
    Report headings before the first issue are a report that lost its issue heading."""
    sections = letter.sections
    headings = letter.layout.report
    starts = [i for i, s in enumerate(sections) if s.rule == headings[0]]
    orphan = next((i for i, s in enumerate(sections[: starts[0] if starts else None])
                   if s.rule in headings), None)
    if orphan is not None:
        starts.insert(0, orphan)
    if not starts:
        return None
    ends = [*starts[1:], len(sections)]
    present = frozenset(s.rule for s in sections)
    items = []
    for n, (at, stop) in enumerate(zip(starts, ends, strict=True)):
        report = sections[at:stop]
        where = report[0].section.span.cover(report[-1].section.span)
        item = letter.reading.attempt(where, f"items[{n}]", _issue_item, letter.reading,
                                      report, number=n + 1, headings=headings, present=present)
        if item is not None:
            items.append(item)
    return tuple(items)


def _issue_item(reading: Reading, sections: Sequence[SectionTokens], *, number: int,
                headings: tuple[str, ...], present: frozenset[str]) -> DisputedItem:
    """The item of one medical professional review, whose sections (the issue at dispute
    first) are ``sections``: the issue, the guidelines relied upon and the rationale.

    ``headings`` are those every report has (the issue's first), ``present`` the headings
    of the whole letter.  A report without one that the letter has elsewhere lost it (its
    text joined the section before): the letter-wide check cannot see that."""
    text = reading.text
    path = f"items[{number - 1}]"
    report_span = sections[0].section.span.cover(sections[-1].section.span)
    found = {s.rule for s in sections}
    for name in headings:
        if name in present and name not in found:
            reading.defect(DefectCode.MISSING_HEADING,
                           f"heading {g.heading(name).wording!r} not found in the report of "
                           f"item {number}", report_span, path)
    issue = sections[0] if sections[0].rule == headings[0] else None
    decision = next((t for t in issue.body if t.kind is DECISION),
                    None) if issue else None
    request = (value(text, issue.body_start, decision.start if decision else issue.end)
               if issue else None)
    request_text, request_span = request if request is not None else ("", None)
    spans: list[tuple[str, Span]] = []
    if request_span is not None:
        spans.append(("request", request_span))
    elif issue is not None:  # without its heading, the missing heading is the defect
        reading.defect(DefectCode.EMPTY_VALUE, "the issue at dispute is empty",
                       issue.section.span, f"{path}.request")
    guideline_section = first_of(sections, SectionKind.GUIDELINES_RELIED_UPON)
    rationale_section = first_of(sections, SectionKind.RATIONALE)
    guideline = (value(text, guideline_section.body_start, guideline_section.end)
                 if guideline_section else None)
    rationale = (value(text, rationale_section.body_start, rationale_section.end)
                 if rationale_section else None)
    outcome: Outcome | None = None
    if decision is not None:
        outcome = g.OUTCOMES[decision.name]
        word_end = decision.start + len(decision.text.rstrip())
        spans.append(("outcome", Span(word_end - len(decision.name), word_end)))
    rationale_node = None
    if rationale is not None:
        content, paragraph = rationale
        rationale_node = _content.rationale(reading, paragraph, paragraph, content,
                                            outcome=outcome, path=f"{path}.rationale")
    if decision is None and rationale_node is not None:
        # No decision word: the outcome is the one the conclusion states.
        outcome = _content.stated_outcome(rationale_node.necessary)
    if outcome is None:
        reading.defect(DefectCode.MISSING_LABEL, "no outcome: no decision word after the "
                       "issue and no conclusion in the rationale",
                       Span(issue.end, issue.end) if issue else report_span,
                       f"{path}.outcome")
    guideline_node = None
    if guideline is not None:
        content, paragraph = guideline
        guideline_node = _content.guideline(reading, paragraph, paragraph, content,
                                            GuidelineSource.MAXIMUS,
                                            path=f"{path}.maximus_guideline")
    covered = [s.section.span for s in (issue, guideline_section, rationale_section) if s]
    whole = covered[0]
    for span in covered[1:]:
        whole = whole.cover(span)
    return DisputedItem(
        span=whole, value_spans=tuple(spans), number=number, request=request_text,
        outcome=outcome, maximus_guideline=guideline_node, rationale=rationale_node,
        treatment=_content.treatment(reading, request_span, None, path=path),
    )


#: The one registry of item forms: each form's reader.
ITEM_READERS: dict[g.ItemForm, ItemReader] = {
    g.ItemForm.DECISION_BLOCKS: _decision_blocks,
    g.ItemForm.NUMBERED_DETERMINATIONS: _numbered_determinations,
    g.ItemForm.ISSUE_AT_DISPUTE: _issue_reports,
}
check.covers("ITEM_READERS", ITEM_READERS, g.ItemForm)
