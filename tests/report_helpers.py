"""Shared by the report tests: letters with defects and hostile text, reading a report's
table rows back, and the table filter of ``index.js`` in Python."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import imrparse
from imrparse.render import render
from imrparse.testing import map_strings

#: Markup and script as a letter (or a tampered run) might carry them.
HOSTILE = ' <script>alert("x")</script><img src=x onerror=alert(1)><b onmouseover=alert(2)>'
#: Fragments that must never appear unescaped in any file of a report.
RAW = ("<script>alert", "<img src=x", "<b onmouseover")
LETTERS = Path(__file__).resolve().parent / "letters"


def defect_letter() -> str:
    """The example letter with an unreadable decision date and an unknown outcome word."""
    return (imrparse.example_letter().replace("Upheld", "Maybe", 1)
            .replace("Decision Date: 12/09/2016", "Decision Date: 13/45/2016"))


def hostile_letter() -> str:
    """A letter written from the example's model with :data:`HOSTILE` after every string
    (requests, guidelines, rationales, reviewer credentials...)."""
    d = imrparse.parse(imrparse.example_letter())
    return render(map_strings(d, lambda s: s + HOSTILE if s else s))


def table_rows(report: Path) -> list[dict[str, Any]]:
    """The index table's rows of a report, as dicts by column key."""
    meta_text = (report / "data" / "meta.js").read_text("utf-8")
    meta = json.loads(meta_text.removeprefix("window.imrReportMeta = ").rstrip().rstrip(";"))
    keys = [c["key"] for c in meta["columns"]]
    rows: list[dict[str, Any]] = []
    for n in range(meta["files"]):
        text = (report / "data" / f"rows-{n:05d}.js").read_text("utf-8")
        body = text.removeprefix(f"imrReport.rows({n}, ").rstrip().removesuffix(");")
        rows.extend(dict(zip(keys, row, strict=True)) for row in json.loads(body))
    assert len(rows) == meta["rows"]
    return rows


def matches(row: Mapping[str, Any], filters: Mapping[str, Sequence[str]]) -> bool:
    """``index.js``'s exact filter: every column's value (a member of a list) among the
    wanted values, ``""`` for a missing one."""
    for key, wanted in filters.items():
        value = row[key]
        members = (value or [""]) if isinstance(value, list) else [str(value)]
        if not any(str(m) in wanted for m in members):
            return False
    return True


def figure_links(index_html: str) -> list[tuple[str, dict[str, list[str]], int]]:
    """Each group row of the index's figure tables: its name, filter and decisions."""
    found = re.findall(r'<tr><td><a href="#filter=([^"]+)">([^<]*)</a></td>'
                       r'<td class="n">([\d,]+)</td>', index_html)
    from urllib.parse import unquote

    return [(name, json.loads(unquote(link.replace("&quot;", '"'))), int(n.replace(",", "")))
            for link, name, n in found]
