"""The issues section to disputed items.

An item is written as a decision line (the request, its last colon, the outcome word),
then the claims administrator's guideline, the MAXIMUS guideline and the decision
rationale, each after its label.  The decision marker and the labels are tokens; the
request has no marker of its own and is found by walking back from its decision marker to
the paragraph break that ends the previous item (:func:`request_start`).  Each label's
value runs to the next structural token, so nothing from one item can attach to another.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import attrs
import regex

from imrparse import _content
from imrparse import _grammar as g
from imrparse._base import Span
from imrparse._reading import Reading
from imrparse._text import is_blank, normalize, trim, value
from imrparse._tokenizer import Token, TokenKind
from imrparse.errors import DefectCode
from imrparse.model import (
    DisputedItem,
    Guideline,
    Outcome,
    PartialAuthorization,
    Rationale,
)

#: Backstop for the partial-authorization patterns, which scan free text lazily.
PATTERN_TIMEOUT_SECONDS = 1.0

_SENTENCE_END = (".", "!", "?", ".\"", ".\u201d", ".)")


@attrs.define
class _Draft:
    """An item while its tokens are collected."""

    request_start: int
    request_end: int
    outcome: Outcome | None
    #: The span of the outcome word (or of the unknown word in its place).
    decision: Span | None
    #: The label tokens by name (their kind's value): a ``str`` key hashes in C, an enum
    #: member through its Python-level ``__hash__``.
    labels: dict[str, Token] = attrs.Factory(dict)


_UNKNOWN_OUTCOME = re.compile(g.UNKNOWN_OUTCOME_PATTERN)

# Members and their values read once: a member lookup on an Enum class goes through the
# metaclass's ``__getattr__`` hook, and ``.value`` is a Python-level property in 3.11.
_DECISION = TokenKind.DECISION
_LABEL = TokenKind.LABEL
_DECISION_RATIONALE = g.LabelKind.DECISION_RATIONALE
#: A label token's name (its kind's value) to its kind, without the enum's call.
_LABEL_KINDS = {kind.value: kind for kind in g.LabelKind}
#: The name (the field it fills) and the wording of each item label.
_ITEM_FIELDS = tuple((kind.value, next(r.wording for r in g.LABELS if r.kind is kind))
                     for kind in g.ITEM_LABELS)


@lru_cache(maxsize=1)
def _partial_rules() -> tuple[tuple[g.PartialPart, str, tuple[regex.Pattern[str], ...]], ...]:
    """Each part in the order the parts are read, with its field name (its value, read
    once) and the patterns of its sentences, in table order."""
    return tuple((part, part.value, tuple(regex.compile(rule.pattern)
                                          for rule in g.PARTIAL_AUTHORIZATION
                                          if rule.part is part))
                 for part in g.PartialPart)


def read_items(reading: Reading, body: Sequence[Token], body_start: int,
               end: int) -> tuple[DisputedItem, ...]:
    """The disputed items of the issues section whose body (after its lead-in sentence) is
    ``text[body_start:end]``."""
    text, gap = reading.text, reading.gap
    floor = body_start

    drafts: list[_Draft] = []
    for token in body:
        if token.kind is _DECISION:
            start = request_start(text, floor, token.start, first=not drafts, gap=gap)
            if not drafts:  # after an item, the text before the request is its rationale
                _report_gap(reading, floor, start, "items[0]")
            word_end = token.start + len(token.text.rstrip())
            word = Span(word_end - len(token.name), word_end)
            drafts.append(_Draft(start, token.start, g.OUTCOMES[token.name], word))
            floor = token.end
        elif token.kind is _LABEL:
            kind = _LABEL_KINDS[token.name]
            if kind not in g.ITEM_LABELS:
                reading.defect(DefectCode.UNPARSED_TEXT,
                               f"label {token.text.strip()!r} does not belong in the issues "
                               "section",
                               token.span, "items")
                continue
            current = drafts[-1] if drafts else None
            if current is None or token.name in current.labels or (
                    kind is g.ITEM_LABELS[0] and current.labels):
                # A label with no decision line before it: the decision line's outcome
                # word is not one we know.
                current = _undecided(reading, floor, token, drafts)
                drafts.append(current)
            current.labels[token.name] = token
            floor = token.end

    if not drafts:
        reading.defect(DefectCode.NO_ITEMS, "the issues section holds no disputed item",
                       Span(body_start, end), "items")
    items: list[DisputedItem] = []
    for index, draft in enumerate(drafts):
        following = drafts[index + 1].request_start if index + 1 < len(drafts) else end
        where = Span(draft.request_start, max(draft.request_start, following))
        item = reading.attempt(where, f"items[{index}]",
                               _build_item, reading, index, draft, following)
        if item is not None:
            items.append(item)
    return tuple(items)


def request_start(text: str, floor: int, decision: int, *, first: bool, gap: int = 1) -> int:
    """Where the request that ends at ``decision`` begins.

    Walking back from the decision line, the request ends at the first paragraph break: a
    run of ``gap`` blank lines (two in doubled text, see :func:`~imrparse._text.paragraph_gap`)
    after a line that ends a sentence.  (A blank line after an unfinished line is a page
    break inside the request, as pypdf writes them.)  Without a paragraph break (letters
    without blank lines but for page joins), the request begins after the last line that
    ends a sentence, or at ``floor`` for the first item.  The sentences of a partial
    authorization (:data:`~imrparse._grammar.REQUEST_SENTENCE_ENDS`) belong to the request
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
                       f"outcome {m.group('word')!r} is neither Upheld nor Overturned", word,
                       f"{path}.outcome")
        return _Draft(start, m.start(), None, word)
    reading.defect(DefectCode.MISSING_LABEL, "no decision line (request: Upheld|Overturned) before "
                   f"{label.text.strip()!r}", Span(label.start, label.start), f"{path}.outcome")
    return _Draft(start, start if is_blank(text, start, label.start) else label.start,
                  None, None)


def _report_gap(reading: Reading, start: int, stop: int, path: str) -> None:
    text = reading.text
    span = trim(text, start, stop)
    if span is not None:
        reading.defect(DefectCode.UNPARSED_TEXT,
                       f"text {text[span.start:span.end][:60]!r} belongs to no item", span, path)


def _build_item(reading: Reading, index: int, draft: _Draft, end: int) -> DisputedItem:
    text = reading.text
    path = f"items[{index}]"
    spans: list[tuple[str, Span]] = []
    request = value(text, draft.request_start, draft.request_end)
    if request is None:
        reading.defect(DefectCode.EMPTY_VALUE, "the decision line has no request text",
                       draft.decision or Span(draft.request_start, draft.request_start),
                       f"{path}.request")
    else:
        spans.append(("request", request[1]))
    if draft.decision is not None and draft.outcome is not None:
        spans.append(("outcome", draft.decision))

    ordered = sorted(draft.labels.values(), key=lambda token: token.start)
    for name, wording in _ITEM_FIELDS:
        if name not in draft.labels:
            anchor = ordered[0].start if ordered else draft.request_end
            reading.defect(DefectCode.MISSING_LABEL, f"item {index + 1} has no {wording!r}",
                           Span(anchor, anchor), f"{path}.{name}")
    # Text after the decision line that no label takes (all of it, for an item without
    # labels) is reported, never dropped.
    _report_gap(reading, draft.decision.end if draft.decision else draft.request_end,
                ordered[0].start if ordered else end, path)
    fields: dict[str, Guideline | Rationale | None] = {}
    for position, token in enumerate(ordered):
        stop = ordered[position + 1].start if position + 1 < len(ordered) else end
        found = value(text, token.end, stop)
        name = token.name
        kind = _LABEL_KINDS[name]
        field_path = f"{path}.{name}"
        if found is None:
            reading.defect(DefectCode.EMPTY_VALUE, f"{token.text.strip()!r} is followed by nothing",
                           token.span, field_path)
            continue
        content, span = found
        node_span = Span(token.start + len(token.text) - len(token.text.lstrip()), span.end)
        if kind is _DECISION_RATIONALE:
            fields[name] = _content.rationale(reading, node_span, span, content,
                                              outcome=draft.outcome, path=field_path)
        else:
            fields[name] = _content.guideline(reading, node_span, span, content,
                                              g.GUIDELINE_SOURCES[kind], path=field_path)

    partial = None
    if request is not None:
        partial = read_partial(reading, request[1].start, request[1].end, path)
    item_start = request[1].start if request else draft.request_start
    item_end = max((f.span.end for f in fields.values() if f is not None),
                   default=draft.decision.end if draft.decision else draft.request_end)
    return DisputedItem(
        span=Span(item_start, max(item_start, item_end)),
        value_spans=tuple(spans),
        number=index + 1,
        request=request[0] if request else "",
        outcome=draft.outcome,
        partial=partial,
        claims_administrator_guideline=_guideline(fields.get("claims_administrator_guideline")),
        maximus_guideline=_guideline(fields.get("maximus_guideline")),
        rationale=_rationale(fields.get("rationale")),
        treatment=_content.treatment(reading, request[1] if request else None, partial,
                                     path=path),
    )


def _guideline(node: Guideline | Rationale | None) -> Guideline | None:
    return node if isinstance(node, Guideline) else None


def _rationale(node: Guideline | Rationale | None) -> Rationale | None:
    return node if isinstance(node, Rationale) else None


def read_partial(reading: Reading, start: int, end: int,
                 path: str) -> PartialAuthorization | None:
    """The original request, authorized part and disputed remainder of a request that
    the claims administrator partly authorized, or ``None`` for a plain request."""
    text = reading.text
    segment = text[start:end]
    # Every partial authorization says "... the original request" ("riginal": any case);
    # most requests lack the word, and a substring test is far cheaper than the patterns.
    if "riginal" not in segment:
        return None
    original = g.PartialPart.ORIGINAL
    pos = 0
    parts: dict[str, tuple[str, Span]] = {}
    try:
        for part, name, patterns in _partial_rules():
            for pattern in patterns:
                m = pattern.match(segment, pos, timeout=PATTERN_TIMEOUT_SECONDS)
                if m is None:
                    continue
                found = value(text, start + m.start("value"), start + m.end("value"))
                if found is not None:
                    parts[name] = found
                pos = m.end()
                while pos < len(segment) and segment[pos].isspace():
                    pos += 1
                break
            if part is original and not parts:
                return None
    except TimeoutError:
        reading.defect(DefectCode.PATTERN_TIMEOUT, "partial authorization patterns timed out",
                       Span(start, end), f"{path}.partial")
        return None
    if pos < len(segment):
        rest = trim(text, start + pos, end)
        if rest is not None:
            reading.defect(DefectCode.UNPARSED_TEXT, "partial authorization text "
                           f"{text[rest.start:rest.end][:60]!r} matches no known sentence", rest,
                           f"{path}.partial")
    return PartialAuthorization(
        span=Span(start, end),
        value_spans=tuple((name, span) for name, (_, span) in parts.items()),
        **{name: content for name, (content, _) in parts.items()},
    )
