"""A ``DOCUMENTS REVIEWED`` list as typed entries: document, provider, date or range.

The list's exact wording was never seen (REPORTED only: "medical records from <provider>
for dates of service between <date> and <date>", a report "by name and date").  So the
reader is tolerant: an entry is a line (after an optional bullet or number) and the lines
that continue it; its parts are found by the patterns of
:data:`~imrparse.layouts.grammar.DOCUMENT_PARTS`, and what precedes the first part is the
document.  An entry with no part is still an entry (its document is its whole text).
"""

from __future__ import annotations

import datetime as dt
import re

from imrparse.layouts import grammar as g
from imrparse.model import ReviewedDocument
from imrparse.model.spans import Span
from imrparse.text.dates import read_date
from imrparse.text.normalize import trim, value

_LINE = re.compile(r"[^\r\n\f]++")
#: A line that continues the entry above it: it starts in lower case, or the line above
#: ended inside a phrase.
_CONTINUES = re.compile(r"[a-z(]")
_OPEN_ENDING = re.compile(r"(?:[,&/\-]|\b(?:and|of|from|for|between|to|by|dated|the))\Z",
                          re.IGNORECASE)
#: Words that join the document to its parts, dropped from the end of the document.
_JOINERS = re.compile(r"(?:[\s,;:\-]|\b(?:from|by|dated|for|on|dates?\s+of\s+service|"
                      r"between|DOS)\b)*+\Z", re.IGNORECASE)


_BULLET = re.compile(g.DOCUMENT_BULLET)
_PARTS = tuple((part, re.compile(pattern)) for part, pattern in g.DOCUMENT_PARTS)


def read_documents(text: str, start: int, end: int) -> tuple[ReviewedDocument, ...]:
    """The entries of the list in ``text[start:end]`` (a lead-in line ending in a colon is
    skipped)."""
    entries: list[tuple[int, int]] = []
    previous = ""
    for m in _LINE.finditer(text, start, end):
        line = m.group().strip()
        if not line:
            continue
        if not entries and line.endswith(":"):
            continue  # a lead-in sentence: "The following documents were reviewed:"
        bullet = _BULLET.match(text, m.start(), m.end())
        has_bullet = bullet is not None and bullet.group().strip() != ""
        if entries and not has_bullet and (_CONTINUES.match(line)
                                           or _OPEN_ENDING.search(previous)):
            entries[-1] = (entries[-1][0], m.end())
        else:
            entries.append((bullet.end() if bullet else m.start(), m.end()))
        previous = line
    documents = (_entry(text, s, e) for s, e in entries)
    return tuple(d for d in documents if d is not None)


def _entry(text: str, start: int, end: int) -> ReviewedDocument | None:
    whole = value(text, start, end)
    if whole is None:
        return None
    spans: list[tuple[str, Span]] = [("text", whole[1])]
    provider: str | None = None
    date: dt.date | None = None
    date_end: dt.date | None = None
    first_part = end
    date_found = False
    for part, pattern in _PARTS:
        if part is not g.DocumentPart.PROVIDER and date_found:
            continue
        m = pattern.search(text, start, end)
        if m is None:
            continue
        if part is g.DocumentPart.PROVIDER:
            found = value(text, m.start("provider"), m.end("provider"))
            if found is not None:
                provider = found[0]
                spans.append(("provider", found[1]))
                first_part = min(first_part, m.start())
            continue
        date = read_date(m.group("first"))
        if date is not None:
            spans.append(("date", Span(*m.span("first"))))
        if part is g.DocumentPart.DATE_RANGE:
            date_end = read_date(m.group("last"))
            if date_end is not None:
                spans.append(("date_end", Span(*m.span("last"))))
        date_found = True
        first_part = min(first_part, m.start())
    document = _document(text, start, first_part) or whole
    spans.insert(1, ("document", document[1]))
    return ReviewedDocument(span=whole[1], value_spans=tuple(spans), text=whole[0],
                            document=document[0], provider=provider, date=date,
                            date_end=date_end)


def _document(text: str, start: int, stop: int) -> tuple[str, Span] | None:
    """The text before an entry's first part, without the words that join them."""
    span = trim(text, start, stop)
    if span is None:
        return None
    joiners = _JOINERS.search(text, span.start, span.end)
    cut = joiners.start() if joiners is not None else span.end
    return value(text, span.start, cut)
