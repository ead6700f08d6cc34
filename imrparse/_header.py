"""The header table: case number, dates and priority, in whatever order an extractor read it.

The table has two columns of label/value cells.  pypdf reads it row by row and keeps each
value beside its label; pdfminer reads the labels of a column first and their values after,
and may even put a value between the two lines of a wrapped label.  So the reader works on
cells, not lines:

1. find every value (case number, date, priority word) in the preamble;
2. find the labels in a copy of the preamble in which the values are blanked out (same
   length, so offsets are unchanged; a label wrapped around a value is whole again);
3. a label followed on its own line by a value of its kind takes it;
4. the values left over go, in reading order, to the labels left over, in the order of the
   table read column by column (:data:`~imrparse._grammar.HEADER_FIELDS`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from functools import lru_cache
from typing import NamedTuple

from imrparse import _grammar as g
from imrparse._base import Span
from imrparse._dates import read_date
from imrparse._sections import Report
from imrparse._text import is_blank, trim
from imrparse.errors import DefectCode
from imrparse.model import CaseHeader, Layout


class _Cell(NamedTuple):
    # A named tuple, not an attrs class: a few are made per letter on the hot path.
    kind: g.ValueKind
    start: int
    end: int


#: Group name to value kind, so that a match is not looked up through the enum's call.
_KINDS = {kind.value: kind for kind in g.ValueKind}
# Members read once into globals: a member lookup on an Enum class goes through the
# metaclass's ``__getattr__`` hook (several times a global's cost in 3.11).
_CASE_NUMBER = g.ValueKind.CASE_NUMBER
_PRIORITY = g.ValueKind.PRIORITY
_CASE_NUMBER_FORM = re.compile(g.CASE_NUMBER_FORM)


@lru_cache(maxsize=8)
def fields_of(layout: Layout) -> tuple[g.HeaderField, ...]:
    """The header fields of ``layout``, in :data:`~imrparse._grammar.HEADER_FIELDS` order."""
    return tuple(f for f in g.HEADER_FIELDS if layout in f.layouts)


@lru_cache(maxsize=8)
def _patterns(layout: Layout) -> tuple[re.Pattern[str], re.Pattern[str]]:
    values = "|".join(f"(?P<{kind.value}>{pattern})" for kind, pattern in g.HEADER_VALUES.items())
    # Neither alternation has a literal prefix, so ``re`` would try every alternative at
    # every position; a lookahead on the first character fails most positions at once.
    # A value starts with a capital (case number), a digit (date) or, in any case, the
    # first letter of a priority word.
    priority_initials = re.escape("".join(sorted({word[0] for word in g.PRIORITIES})))
    values = rf"(?=[A-Z]|\d|(?i:[{priority_initials}]))(?:{values})"
    # A label starts with the first letter of one of its (case-sensitive) wordings.
    fields = fields_of(layout)
    initials = "".join(sorted({re.escape(w[0]) for f in fields for w in (*f.also, f.wording)}))
    # A layout without a header has a label pattern that never matches.
    labels = "|".join(f"(?P<f{i}>{field.pattern})" for i, field in enumerate(fields))
    labels = f"(?=[{initials}])(?:{labels})" if labels else "(?!)"
    return re.compile(values), re.compile(labels)


def has_header_label(text: str, start: int, end: int) -> bool:
    """Whether any label of the FDL header table stands in ``text[start:end]``."""
    return _patterns(Layout.FDL_2016)[1].search(text, start, end) is not None


def read_header(text: str, start: int, end: int, *, layout: Layout,
                required: Collection[str] = (), claimed: Sequence[Span] = (),
                report: Report) -> CaseHeader:
    """Read the header table of ``layout`` from the preamble ``text[start:end]``.

    A missing label is a defect only for the fields in ``required`` (an absent table is
    normal in a layout without one).  ``claimed`` are spans other readers took (letterhead
    lines, parties, a cover's determinations): they hold no header value and are no stray
    text.
    """
    value_pattern, label_pattern = _patterns(layout)
    fields = fields_of(layout)
    masked = list(text[start:end])
    for span in claimed:
        lo, hi = max(span.start, start), min(span.end, end)
        if lo < hi:
            masked[lo - start : hi - start] = " " * (hi - lo)
    claimed_text = "".join(masked)
    cells = [_Cell(_KINDS[m.lastgroup or ""], start + m.start(), start + m.end())
             for m in value_pattern.finditer(claimed_text)]
    for cell in cells:
        masked[cell.start - start : cell.end - start] = " " * (cell.end - cell.start)
    masked_text = "".join(masked)
    labels: dict[int, tuple[int, int]] = {}  # field index -> label span
    for m in label_pattern.finditer(masked_text):
        index = int((m.lastgroup or "f0")[1:])
        if index in labels:
            report(DefectCode.UNPARSED_TEXT, f"header label {m.group()!r} appears again",
                   Span(start + m.start(), start + m.end()), "header")
            continue
        labels[index] = (start + m.start(), start + m.end())

    taken: dict[int, _Cell] = {}
    free = list(cells)
    for index, (_, label_end) in sorted(labels.items(), key=lambda kv: kv[1]):
        field = fields[index]
        for cell in free:
            if cell.start < label_end:
                continue
            between = text[label_end : cell.start]
            if cell.kind is field.kind and not between.strip(" \t\u00a0"):
                taken[index] = cell
                free.remove(cell)
            break
    for index, field in enumerate(fields):
        if index in taken or index not in labels:
            continue
        spare = next((c for c in free if c.kind is field.kind), None)
        if spare is not None:
            taken[index] = spare
            free.remove(spare)

    values: dict[str, object] = {}
    spans: list[tuple[str, Span]] = []
    for index, field in enumerate(fields):
        if index not in labels:
            if field.name in required:
                report(DefectCode.MISSING_LABEL, f"header label {field.wording!r} not found",
                       Span(start, start), f"header.{field.name}")
            continue
        paired = taken.get(index)
        if paired is None:
            _report_empty(masked_text, start, Span(*labels[index]), field, report)
            continue
        span = Span(paired.start, paired.end)
        parsed = _read_value(text[paired.start : paired.end], field, span, report)
        if parsed is not None:
            values[field.name] = parsed
            spans.append((field.name, span))
    for cell in free:
        report(DefectCode.UNPARSED_TEXT,
               f"header value {text[cell.start:cell.end]!r} belongs to no label",
               Span(cell.start, cell.end), "header")
    _report_unlabelled_text(text, masked_text, start, labels, report)

    header_span = trim(text, start, end) or Span(start, start)
    return CaseHeader(span=header_span, value_spans=tuple(spans), **values)  # type: ignore[arg-type]


def _read_value(raw: str, field: g.HeaderField, span: Span, report: Report) -> object | None:
    if field.kind is _CASE_NUMBER:
        if _CASE_NUMBER_FORM.fullmatch(raw):
            return raw
        report(DefectCode.BAD_CASE_NUMBER, f"case number {raw!r} is not of the form CMyy-nnnnnnn",
               span, f"header.{field.name}")
        return None
    if field.kind is _PRIORITY:
        return g.PRIORITIES[raw.lower()]
    date: dt.date | None = read_date(raw)
    if date is None:
        report(DefectCode.BAD_DATE, f"{field.wording} {raw!r} is not a date (MM/DD/YYYY)",
               span, f"header.{field.name}")
    return date


def _report_empty(masked: str, start: int, label: Span, field: g.HeaderField,
                  report: Report) -> None:
    """A label without a value: say what stands after it, if anything."""
    path = f"header.{field.name}"
    line_end = masked.find("\n", label.end - start)
    after = masked[label.end - start : line_end if line_end >= 0 else len(masked)]
    word = re.search(r"[^\s:]+", after)
    if word is not None and field.kind is g.ValueKind.PRIORITY and word.group() != "Application":
        span = Span(label.end + word.start(), label.end + word.end())
        report(DefectCode.UNKNOWN_PRIORITY,
               f"priority {word.group()!r} is none of {sorted(g.PRIORITIES)}", span, path)
        return
    report(DefectCode.EMPTY_VALUE, f"header label {field.wording!r} has no value", label, path)


def _report_unlabelled_text(text: str, masked: str, start: int,
                            labels: dict[int, tuple[int, int]], report: Report) -> None:
    """Non-blank preamble text that is neither a label nor a value."""
    pos = start
    for label_start, label_end in sorted(labels.values()):
        _report_if_text(text, masked, start, pos, label_start, report=report)
        pos = label_end
    _report_if_text(text, masked, start, pos, start + len(masked), report=report)


def _report_if_text(text: str, masked: str, offset: int, begin: int, stop: int, *,
                    report: Report) -> None:
    if begin >= stop or is_blank(masked, begin - offset, stop - offset):
        return
    span = trim(masked, begin - offset, stop - offset)
    if span is None:  # pragma: no cover - is_blank said otherwise
        return
    words_span = Span(span.start + offset, span.end + offset)
    report(DefectCode.UNPARSED_TEXT,
           f"preamble text {text[words_span.start:words_span.end][:60]!r} belongs to no field",
           words_span, "header")

