"""Extraction-noise models: plain functions, ``str -> str`` (some take a seed or a
``random.Random``), registered by name in :data:`NOISE_MODELS`.  Part of the public
:mod:`imrparse.testing`, which re-exports every name."""

from __future__ import annotations

import enum
import random
import re
import textwrap
from collections.abc import Callable
from typing import TypeVar

import attrs

from imrparse import model
from imrparse.layouts import grammar as g

T = TypeVar("T")


def _rng(seed: random.Random | int | None) -> random.Random:
    return seed if isinstance(seed, random.Random) else random.Random(seed)


def pypdf_like(text: str) -> str:
    """pypdf's text of a Word PDF: a space at the end of every line, paragraphs separated
    by lines holding one space, a first line holding one space.

    Never raises.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return " \n" + "\n".join(line + " " for line in lines) + "\n"


def pdfbox_like(text: str) -> str:
    """PDFBox on Windows read back with ``\\r`` as a line break of its own: CRLF line
    ends, an empty line after every line, a space before every line.

    Never raises.
    """
    return "\r\n".join(f" {line}\r\n" for line in text.split("\n"))


def strip_trailing_spaces(text: str) -> str:
    """Every line without its trailing blanks.

    Never raises.
    """
    return "\n".join(line.rstrip(" \t\u00a0") for line in text.split("\n"))


def drop_blank_lines(text: str) -> str:
    """The letter without any blank line (two of the 2016 letters are so).

    Never raises.
    """
    kept = [line for line in text.split("\n") if line.strip()]
    return "\n".join(kept) + "\n"


_HEADER_RIGHT = ("date_of_injury", "ur_denial_date", "application_received")


def _header_cells(text: str) -> tuple[int, int, dict[str, tuple[str, str]]] | None:
    """The header table of an FDL letter: its line range and each field's label and
    value, found with the grammar's own label and value patterns."""
    fields = [f for f in g.HEADER_FIELDS if model.Layout.FDL_2016 in f.layouts]
    cells: dict[str, tuple[str, str]] = {}
    first, last = len(text), -1
    for field in fields:
        pattern = (r"(?P<label>" + field.pattern + r")[ \t\u00a0]*+(?:\r?\n[ \t\u00a0]*+)?"
                   + r"(?P<value>" + g.HEADER_VALUES[field.kind] + ")")
        m = re.search(pattern, text)
        if m is None:
            continue
        cells[field.name] = (field.wording, m.group("value"))
        first, last = min(first, m.start()), max(last, m.end())
    if len(cells) < 2:
        return None
    start = text.rfind("\n", 0, first) + 1
    end = text.find("\n", last)
    return start, (len(text) if end < 0 else end), cells


def pdfminer_like(text: str, seed: random.Random | int | None = None, *,
                  page_lines: int = 46, after_colon: bool = True) -> str:
    """pdfminer.six's text: the header table read a column at a time (the left column's
    labels, an empty line, their values; then the right column's labels and values
    interleaved, in one of the orders seen), and a form feed glued to the first line of
    every page of about ``page_lines`` lines (``after_colon=False``: never after a line
    that ends in a colon; the page then ends a line later).

    Never raises.
    """
    rng = _rng(seed)
    found = _header_cells(text)
    if found is not None:
        start, end, cells = found
        left = [n for n in ("case_number", "date_assigned", "decision_date", "priority")
                if n in cells]
        lines = [cells[n][0] for n in left] + [""] + [cells[n][1] for n in left] + [""]
        interleaved = rng.random() < 0.5
        for name in _HEADER_RIGHT:
            if name not in cells:
                continue
            label, value = cells[name]
            if name == "ur_denial_date":
                lines.append(f"{label}   {value}")
            elif name == "application_received":
                head, _, tail = label.partition(" ")
                lines += [head, value, tail] if interleaved else [head, tail, value]
            else:
                lines += [label, value] if interleaved else [value, label]
        text = text[:start] + "\n".join(lines) + text[end:]
    out = text.split("\n")
    page = max(10, page_lines + rng.randint(-8, 8))
    index = page
    while index < len(out):
        if after_colon or not out[index - 1].rstrip().endswith(":"):
            out[index] = "\f" + out[index]
            index += page
        else:
            index += 1
    return "\n".join(out)


_ITEM_LABEL = re.compile(r"\s*(?:" + "|".join(
    re.escape(rule.wording) for rule in g.LABELS if rule.kind in g.ITEM_LABELS) + ")")
_HEADING = re.compile(r"\s*(?:" + "|".join(
    re.escape(h.wording) for h in g.HEADINGS if h.kind is not model.SectionKind.COPIES) + ")")


def page_breaks(text: str, seed: random.Random | int | None = None, *, count: int = 2,
                max_padding: int = 8, after_colon: bool = True) -> str:
    """Page joins inside paragraphs: at ``count`` line breaks between two lines of text
    (those of the disputed items first: requests and guideline citations), an empty line
    as pypdf writes a page join, and up to ``max_padding`` space-only lines of Word's page
    padding.  ``after_colon=False`` puts no join after a line that ends in a colon.

    Never raises.
    """
    rng = _rng(seed)
    lines = text.split("\n")
    inside = [i for i in range(1, len(lines)) if lines[i].strip() and lines[i - 1].strip()
              and (after_colon or not lines[i - 1].rstrip().endswith(":"))]
    # Page 1 holds the letterhead, the parties and the header: joins fall after them,
    # in the disputed items where there are item labels.
    # (A few lines before the first item label: its request.)
    first_label = next((i for i, line in enumerate(lines) if _ITEM_LABEL.match(line)), None)
    first = (first_label - 6 if first_label is not None
             else next((i for i, line in enumerate(lines) if _HEADING.match(line)), 0))
    candidates = [i for i in inside if i > first] or inside
    for index in sorted(rng.sample(candidates, min(count, len(candidates))), reverse=True):
        lines[index:index] = [""] + [" "] * rng.randint(0, max_padding)
    return "\n".join(lines)


_HYPHEN = re.compile(r"(?<=[A-Za-z0-9])-(?=[A-Za-z])")
#: A word with a run of four digits is an identifier (a claim number), never wrapped.
_IDENTIFIER = re.compile(r"\S*\d{4}\S*")
def hyphen_breaks(text: str, seed: random.Random | int | None = None, *,
                  count: int = 3, avoid: str | None = None) -> str:
    """Line breaks after the hyphen of ``count`` hyphenated words (``Non-`` / ``MTUS``,
    ``T7-`` / ``T8``), as a word processor wraps them.  Only hyphens already in the text are
    used (a hyphen added to break a word would change the word), and none in an
    identifier or in a match of the pattern ``avoid``.

    Never raises.
    """
    rng = _rng(seed)
    blocked = [(m.start(), m.end()) for m in _IDENTIFIER.finditer(text)]
    if avoid:
        blocked += [(m.start(), m.end()) for m in re.finditer(avoid, text)]
    spots = [m.end() for m in _HYPHEN.finditer(text)
             if not any(lo <= m.start() < hi for lo, hi in blocked)]
    for cut in sorted(rng.sample(spots, min(count, len(spots))), reverse=True):
        text = text[:cut] + "\n" + text[cut:]
    return text


def rewrap(text: str, width: int = 72) -> str:
    """Every line longer than ``width`` broken at spaces into lines of at most ``width``
    (a word longer than that stays whole).

    Never raises.
    """
    out = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        pieces = textwrap.wrap(line, width=width, break_long_words=False,
                               break_on_hyphens=False, drop_whitespace=True)
        out += pieces or [line]
    return "\n".join(out)


def _curly(match: re.Match[str]) -> str:
    if match.group() == "'":
        return "\u2019"
    before = match.string[match.start() - 1] if match.start() else " "
    return "\u201c" if before.isspace() or before in "([" else "\u201d"


def curly_quotes(text: str) -> str:
    """Straight quotes and apostrophes as typographic ones: ``"`` opens after a blank or
    a bracket and closes elsewhere, ``'`` is an apostrophe.

    Never raises.
    """
    return re.sub(r"[\"']", _curly, text)


def map_strings(value: T, function: Callable[[str], str]) -> T:
    """``value`` (a model object, tuple or string) with ``function`` applied to every
    string in it: the expected model of a letter whose text went through a noise model
    that changes values, such as :func:`curly_quotes`.

    Never raises.
    """
    if isinstance(value, enum.Enum):  # a vocabulary member (a str too) is not text
        return value
    if isinstance(value, str):
        return function(value)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(map_strings(v, function) for v in value)  # type: ignore[return-value]
    if attrs.has(type(value)):
        changes = {f.name: map_strings(getattr(value, f.name), function)
                   for f in attrs.fields(type(value))  # type: ignore[arg-type]
                   if f.init and f.name not in ("span", "value_spans", "source_text")}
        return attrs.evolve(value, **changes)  # type: ignore[misc]
    return value


#: The noise models by name, each as ``(text, rng) -> text`` with its parameters drawn
#: from ``rng`` as :func:`letter_cases` draws them.
NOISE_MODELS: dict[str, Callable[[str, random.Random], str]] = {
    "rewrap": lambda text, rng: rewrap(text, rng.randint(60, 110)),
    "hyphen_breaks": lambda text, rng: hyphen_breaks(text, rng, count=rng.randint(1, 6)),
    "page_breaks": lambda text, rng: page_breaks(text, rng, count=rng.randint(1, 3)),
    "pypdf_like": lambda text, rng: pypdf_like(text),
    "pdfminer_like": pdfminer_like,
    "pdfbox_like": lambda text, rng: pdfbox_like(text),
    "strip_trailing_spaces": lambda text, rng: strip_trailing_spaces(text),
    "drop_blank_lines": lambda text, rng: drop_blank_lines(text),
}
#: Models that reshape lines, applied first, in this order.
_LINE_NOISE = ("rewrap", "hyphen_breaks", "page_breaks")
#: The extractor that wrote the text: one of these (or none) is applied last.
EXTRACTORS: tuple[str, ...] = ("pypdf_like", "pdfminer_like", "pdfbox_like",
                               "strip_trailing_spaces", "drop_blank_lines")


