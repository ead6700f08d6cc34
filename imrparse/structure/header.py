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
   table read column by column (:data:`~imrparse.layouts.grammar.HEADER_FIELDS`).

A layout that writes header dates in a sentence (the 2013 notice's procedural paragraph,
:data:`~imrparse.layouts.grammar.PROSE_DATES`) fills the fields the table left empty from there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import NamedTuple

import attrs

from imrparse.errors import DefectCode
from imrparse.layouts import check
from imrparse.layouts import grammar as g
from imrparse.model import CaseHeader, Layout, Priority
from imrparse.model.spans import Span
from imrparse.text.caches import cached
from imrparse.text.dates import read_date
from imrparse.text.normalize import trim
from imrparse.text.reading import Reading


class _Cell(NamedTuple):
    """A value found in the header: its kind and where it stands."""

    kind: g.ValueKind
    start: int
    end: int


_CASE_NUMBER_FORM = re.compile(g.CASE_NUMBER_FORM)


@cached(maxsize=len(Layout) + 1)
def fields_of(layout: Layout) -> tuple[g.HeaderField, ...]:
    """The header fields of ``layout``, in :data:`~imrparse.layouts.grammar.HEADER_FIELDS` order."""
    return tuple(f for f in g.HEADER_FIELDS if layout in f.layouts)


#: The header fields of the layouts with a header table (a sign of those layouts).
_TABLE_FIELDS = tuple(f for f in g.HEADER_FIELDS
                      if any(rule.table and rule.layout in f.layouts for rule in g.LAYOUTS))
#: The first words of the labels (colon aside): a label wrapped after its first word
#: leaves that word where pypdf read it, after another label's empty cell.
_LABEL_FIRST_WORDS = frozenset(w.split(" ")[0].rstrip(":") for f in g.HEADER_FIELDS
                               for w in (*f.also, f.wording))


@cached()
def _values_pattern() -> re.Pattern[str]:
    """The compiled pattern of the header's values, a group for each kind."""
    values = "|".join(f"(?P<{kind.value}>{pattern})" for kind, pattern in g.HEADER_VALUES.items())
    # Neither alternation has a literal prefix, so ``re`` would try every alternative at
    # every position; a lookahead on the first character fails most positions at once.
    # A value starts with a capital (case number), a digit (date) or, in any case, the
    # first letter of a priority word.
    priority_initials = re.escape("".join(sorted({word[0] for word in g.PRIORITIES})))
    return re.compile(rf"(?=[A-Z]|\d|(?i:[{priority_initials}]))(?:{values})")


@cached(maxsize=len(Layout) + 1)
def _labels_pattern(layout: Layout | None) -> re.Pattern[str]:
    """The labels of the header of ``layout`` (``None``: of every header table), group
    ``f<i>`` the label of its ``i``-th field."""
    fields = fields_of(layout) if layout is not None else _TABLE_FIELDS
    # A label starts with the first letter of one of its wordings, in either case.
    initials = g.initials([w for f in fields for w in (*f.also, f.wording)])
    # A layout without a header has a label pattern that never matches.
    labels = "|".join(f"(?P<f{i}>{field.pattern})" for i, field in enumerate(fields))
    return re.compile(f"(?=[{initials}])(?:{labels})" if labels else "(?!)")


def has_header_label(text: str, start: int, end: int) -> bool:
    """Whether any label of a header table stands in ``text[start:end]``."""
    return _labels_pattern(None).search(text, start, end) is not None


@attrs.define
class _Values:
    """The header's values as they are read, each with its span."""

    case_number: str | None = None
    priority: Priority | None = None
    dates: dict[str, dt.date] = attrs.Factory(dict)
    spans: list[tuple[str, Span]] = attrs.Factory(list)

    def header(self, span: Span) -> CaseHeader:
        date = self.dates.get
        return CaseHeader(span=span, value_spans=tuple(self.spans),
                          case_number=self.case_number, priority=self.priority,
                          date_assigned=date("date_assigned"),
                          decision_date=date("decision_date"),
                          date_of_injury=date("date_of_injury"),
                          ur_denial_date=date("ur_denial_date"),
                          application_received=date("application_received"))


def read_header(reading: Reading, start: int, end: int, *, layout: g.LayoutRule,
                claimed: Sequence[Span] = (),
                prose: tuple[int, int] | None = None) -> CaseHeader:
    """Read the header table of ``layout`` from the preamble ``text[start:end]``.

    A missing label is a defect only for the fields the layout requires (an absent table
    is normal in a layout without one).  ``claimed`` are spans other readers took
    (letterhead lines, parties, a cover's determinations): they hold no header value and
    are no stray text.  Where the layout writes dates in prose, they are read from
    ``text[prose[0]:prose[1]]``.
    """
    text = reading.text
    fields = fields_of(layout.layout)
    # The text up to ``end`` with what others took blanked out (same offsets), then the
    # values too: a label wrapped around a value is whole again.
    masked = list(text[:end])
    for span in claimed:
        lo, hi = max(span.start, start), min(span.end, end)
        if lo < hi:
            masked[lo:hi] = " " * (hi - lo)
    claimed_text = "".join(masked)
    cells = [_Cell(g.ValueKind(m.lastgroup), m.start(), m.end())
             for m in _values_pattern().finditer(claimed_text, start)]
    for cell in cells:
        masked[cell.start : cell.end] = " " * (cell.end - cell.start)
    masked_text = "".join(masked)
    labels: dict[int, tuple[int, int]] = {}  # field index -> label span
    for m in _labels_pattern(layout.layout).finditer(masked_text, start):
        index = int((m.lastgroup or "f0")[1:])
        if index in labels:
            reading.defect(DefectCode.UNPARSED_TEXT,
                           f"header label {m.group()!r} appears again",
                           Span(m.start(), m.end()), "header")
            continue
        labels[index] = (m.start(), m.end())

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

    values = _Values()
    for index, field in enumerate(fields):
        if index not in labels:
            if field.name in layout.header:
                reading.defect(DefectCode.MISSING_LABEL,
                               f"header label {field.wording!r} not found",
                               Span(start, start), f"header.{field.name}")
            continue
        paired = taken.get(index)
        if paired is None:
            _report_empty(reading, masked_text, Span(*labels[index]), field)
            continue
        _read_value(reading, values, field, Span(paired.start, paired.end))
    if values.case_number is None:
        # A case number with no label is known by its own form (a template no layout
        # knows may write it unlabelled).
        bare = next((c for c in free if c.kind is g.ValueKind.CASE_NUMBER
                     and _CASE_NUMBER_FORM.fullmatch(text, c.start, c.end)), None)
        if bare is not None:
            free.remove(bare)
            values.case_number = text[bare.start:bare.end]
            values.spans.append(("case_number", Span(bare.start, bare.end)))
    for cell in free:
        reading.defect(DefectCode.UNPARSED_TEXT,
                       f"header value {text[cell.start:cell.end]!r} belongs to no label",
                       Span(cell.start, cell.end), "header")
    # Non-blank text that is neither a label nor a value.
    pos = start
    for label_start, label_end in sorted(labels.values()):
        reading.unparsed(pos, label_start, "header", seen=masked_text)
        pos = label_end
    reading.unparsed(pos, end, "header", seen=masked_text)

    header_span = trim(text, start, end) or Span(start, start)
    if layout.prose_dates and prose is not None:
        header_span = _read_prose_dates(text, values, header_span, *prose)
    return values.header(header_span)


def _read_value(reading: Reading, values: _Values, field: g.HeaderField, span: Span) -> None:
    """Read the value of ``field`` at ``span`` into ``values``, or report it."""
    raw = reading.text[span.start : span.end]
    path = f"header.{field.name}"
    if field.kind is g.ValueKind.CASE_NUMBER:
        if not _CASE_NUMBER_FORM.fullmatch(raw):
            reading.defect(DefectCode.BAD_CASE_NUMBER,
                           f"case number {raw!r} is not of the form CMyy-nnnnnnn", span, path)
            return
        values.case_number = raw
    elif field.kind is g.ValueKind.PRIORITY:
        values.priority = g.PRIORITIES[raw.lower()]
    else:
        date = read_date(raw)
        if date is None:
            reading.defect(DefectCode.BAD_DATE,
                           f"{field.wording} {raw!r} is not a date (MM/DD/YYYY)", span, path)
            return
        values.dates[field.name] = date
    values.spans.append((field.name, span))


@cached()
def _prose_date_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The compiled prose-date rules, each with the header field it fills."""
    return tuple((rule.field, re.compile(rule.pattern, re.IGNORECASE))
                 for rule in g.PROSE_DATES)


def _read_prose_dates(text: str, values: _Values, header_span: Span, start: int,
                      end: int) -> Span:
    """Read the dates the header table left unset from the sentences of
    ``text[start:end]`` into ``values``; the header's span grown to cover them."""
    for name, pattern in _prose_date_patterns():
        if name in values.dates:
            continue
        m = pattern.search(text, start, end)
        if m is None:
            continue
        parsed = read_date(m.group("date"))
        if parsed is not None:
            values.dates[name] = parsed
            span = Span(m.start("date"), m.end("date"))
            values.spans.append((name, span))
            header_span = header_span.cover(span)
    return header_span


def _report_empty(reading: Reading, masked: str, label: Span, field: g.HeaderField) -> None:
    """A label without a value: say what stands after it, if anything."""
    path = f"header.{field.name}"
    line_end = masked.find("\n", label.end)
    after = masked[label.end : line_end if line_end >= 0 else len(masked)]
    word = re.search(r"[^\s:]+", after)
    if (word is not None and field.kind is g.ValueKind.PRIORITY
            and word.group() not in _LABEL_FIRST_WORDS):
        span = Span(label.end + word.start(), label.end + word.end())
        reading.defect(DefectCode.UNKNOWN_PRIORITY,
                       f"priority {word.group()!r} is none of {sorted(g.PRIORITIES)}", span,
                       path)
        return
    reading.defect(DefectCode.EMPTY_VALUE, f"header label {field.wording!r} has no value",
                   label, path)


check.known("HEADER_FIELDS and PROSE_DATES", "dates",
            [f.name for f in g.HEADER_FIELDS if f.kind is g.ValueKind.DATE]
            + [rule.field for rule in g.PROSE_DATES],
            set(attrs.fields_dict(CaseHeader)) - {"span", "value_spans", "case_number",
                                                  "priority"})
