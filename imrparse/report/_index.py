"""The report's index page: the figures of ``imrparse stats`` as tables and inline SVG
charts, each group linked to the decisions behind it, and the table of letters and
decisions (its rows are loaded by ``index.js`` from the ``data/`` files).

A link to the decisions behind a figure is the index with a filter in the fragment,
``#filter=`` and the URI-encoded JSON of ``{column: [values...]}``: a row matches when,
for every column, its value (or one member of a list value) is among the values; ``""``
stands for a missing value.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from collections.abc import Collection, Mapping, Sequence

import attrs

from imrparse.report._letter import page
from imrparse.report._marks import escape
from imrparse.stats import NOT_STATED, Figures, GroupRow, Spread, format_text

__all__ = ["GROUPINGS", "TABLE_COLUMNS", "Grouping", "TableColumn", "filter_link", "index_page"]


@attrs.frozen
class Grouping:
    """A figure of decisions by group, and the table column its groups are values of."""

    title: str
    #: The attribute of :class:`~imrparse.stats.Figures` that holds its rows.
    figure: str
    column: str
    #: The label ``imrparse stats`` gives the decisions without a value.
    missing: str


GROUPINGS: tuple[Grouping, ...] = (
    Grouping("Treatment category", "by_category", "treatment_category", "(not classified)"),
    Grouping("Drug class (pharmaceuticals)", "by_drug_class", "drug_class", NOT_STATED),
    Grouping("MAXIMUS guideline source", "by_guideline_source", "maximus_guideline_source",
             "(not read)"),
    Grouping("Reviewer specialty (a decision counts under each specialty listed)",
             "by_specialty", "reviewer_specialties", NOT_STATED),
)


@attrs.frozen
class TableColumn:
    """A column of the index table: its key in the rows, heading, and kind (``text``,
    ``number``, ``date``, ``list``; ``hidden`` columns only filter)."""

    key: str
    heading: str
    kind: str


TABLE_COLUMNS: tuple[TableColumn, ...] = (
    TableColumn("case_number", "Case", "text"),
    TableColumn("decision_date", "Decision date", "date"),
    TableColumn("item_number", "#", "number"),
    TableColumn("request", "Request", "text"),
    TableColumn("treatment_category", "Category", "text"),
    TableColumn("drug_class", "Drug class", "text"),
    TableColumn("outcome", "Outcome", "text"),
    TableColumn("letter_outcome", "Letter outcome", "text"),
    TableColumn("maximus_guideline_source", "Guideline source", "text"),
    TableColumn("reviewer_specialties", "Reviewer specialty", "list"),
    TableColumn("defect_codes", "Defects", "list"),
    #: The letter's page (and item anchor), relative to the index.
    TableColumn("page", "", "hidden"),
    #: ``yes`` for a decision, ``no`` for the row of a letter without one.
    TableColumn("decision", "", "hidden"),
    TableColumn("has_defects", "", "hidden"),
)


def filter_link(filters: Mapping[str, Sequence[str]]) -> str:
    """The index fragment that filters the table to ``filters``.

    >>> filter_link({"outcome": ["upheld"]})
    '#filter=%7B%22outcome%22%3A%5B%22upheld%22%5D%7D'
    """
    data = json.dumps({k: list(v) for k, v in filters.items()}, separators=(",", ":"))
    return "#filter=" + urllib.parse.quote(data, safe="")


def _decisions(column: str, values: Collection[str]) -> str:
    return filter_link({"decision": ["yes"], column: sorted(values)})


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def _group_values(grouping: Grouping, rows: Sequence[GroupRow],
                  seen: Collection[str]) -> list[set[str]]:
    """The column values behind each row: its own, ``""`` for the missing label, and for a
    catch-all row (``other (n)``) every value seen that no other row shows."""
    shown = {r.group for r in rows}
    out = []
    for r in rows:
        if r.group == grouping.missing:
            out.append({""})
        elif r.group in seen:
            out.append({r.group})
        else:
            out.append(set(seen) - shown)
    return out


# --------------------------------------------------------------------------- charts

_ROW = 24
_LABEL = 260
_BAR = 300
_WIDTH = 760


def _label(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _legend(y: int) -> str:
    keys = (("up", "upheld"), ("ov", "overturned"), ("unk", "outcome unknown"))
    return "".join(f'<rect class="{cls}" x="{_LABEL + i * 110}" y="{y}" width="10" '
                   f'height="10"/><text x="{_LABEL + i * 110 + 14}" y="{y + 9}">{name}</text>'
                   for i, (cls, name) in enumerate(keys))


def share_chart(title: str, rows: Sequence[GroupRow], links: Sequence[str]) -> str:
    """Horizontal bars, one per group: the shares upheld, overturned and unknown of its
    decisions; each bar links to its decisions."""
    height = 22 + _ROW * len(rows) + 6
    parts = [f'<svg class="chart" width="{_WIDTH}" height="{height}" '
             f'viewBox="0 0 {_WIDTH} {height}" role="img" aria-label="{escape(title)}">',
             _legend(4)]
    for n, (row, link) in enumerate(zip(rows, links, strict=True)):
        y = 22 + n * _ROW
        unknown = row.decisions - row.upheld - row.overturned
        known = row.upheld + row.overturned
        parts.append(f'<a href="{escape(link)}"><g class="bar">'
                     f"<title>{escape(row.group)}: {row.decisions:,} decisions, "
                     f"{row.upheld:,} upheld, {row.overturned:,} overturned, "
                     f"{unknown:,} unknown</title>"
                     f'<text class="label" x="{_LABEL - 6}" y="{y + 15}" '
                     f'text-anchor="end">{escape(_label(row.group))}</text>')
        x = float(_LABEL)
        for cls, count in (("up", row.upheld), ("ov", row.overturned), ("unk", unknown)):
            width = _BAR * count / row.decisions if row.decisions else 0
            if width:
                parts.append(f'<rect class="{cls}" x="{x:.1f}" y="{y + 3}" '
                             f'width="{width:.1f}" height="{_ROW - 6}"/>')
            x += width
        parts.append(f'<text x="{_LABEL + _BAR + 6}" y="{y + 15}">'
                     f"{_pct(row.overturned, known)} overturned (n={row.decisions:,})"
                     "</text></g></a>")
    parts.append("</svg>")
    return "".join(parts)


def days_chart(spreads: Sequence[tuple[str, Spread]]) -> str:
    """Box plots of days to decision: box the quartiles, line the median, dot the mean,
    whiskers the range."""
    shown = [(label, s) for label, s in spreads if s.n and s.high is not None]
    if not shown:
        return "<p>No letter states both dates.</p>"
    high = max(s.high or 0 for _, s in shown) or 1
    scale = _BAR * 1.4 / high
    height = 30 + 40 * len(shown)
    parts = [f'<svg class="chart" width="{_WIDTH}" height="{height}" '
             f'viewBox="0 0 {_WIDTH} {height}" role="img" aria-label="days to decision">']
    for n, (label, s) in enumerate(shown):
        y = 10 + 40 * n
        def x(v: float | None) -> float:
            return _LABEL + scale * (v or 0)
        parts.append(
            f'<g class="box"><title>{escape(label)}: median {s.median:g}, quartiles '
            f"{s.q1:g}-{s.q3:g}, mean {s.mean:.1f}, range {s.low}-{s.high} (n={s.n:,})</title>"
            f'<text class="label" x="{_LABEL - 6}" y="{y + 16}" text-anchor="end">'
            f"{escape(label)} (n={s.n:,})</text>"
            f'<line x1="{x(s.low):.1f}" x2="{x(s.high):.1f}" y1="{y + 12}" y2="{y + 12}"/>'
            f'<rect x="{x(s.q1):.1f}" y="{y + 2}" width="{x(s.q3) - x(s.q1):.1f}" '
            f'height="20"/>'
            f'<line class="median" x1="{x(s.median):.1f}" x2="{x(s.median):.1f}" '
            f'y1="{y + 2}" y2="{y + 22}"/>'
            f'<circle cx="{x(s.mean):.1f}" cy="{y + 12}" r="3"/></g>')
    axis = 10 + 40 * len(shown)
    for tick in range(5):
        value = high * tick / 4
        parts.append(f'<text class="tick" x="{_LABEL + scale * value:.1f}" y="{axis + 12}" '
                     f'text-anchor="middle">{value:.0f}</text>')
    parts.append(f'<text class="tick" x="{_LABEL + scale * high + 30:.1f}" y="{axis + 12}">'
                 "days</text></svg>")
    return "".join(parts)


# --------------------------------------------------------------------------- the page


def _group_section(grouping: Grouping, rows: Sequence[GroupRow],
                   seen: Collection[str]) -> str:
    if not rows:
        return ""
    links = [_decisions(grouping.column, values)
             for values in _group_values(grouping, rows, seen)]
    body = "".join(
        f'<tr><td><a href="{escape(link)}">{escape(r.group)}</a></td>'
        f'<td class="n">{r.decisions:,}</td>'
        f'<td class="n">{_pct(r.upheld, r.upheld + r.overturned)}</td>'
        f'<td class="n">{_pct(r.overturned, r.upheld + r.overturned)}</td></tr>'
        for r, link in zip(rows, links, strict=True))
    return (f'<section class="figure"><h3>{escape(grouping.title)}</h3>'
            '<div class="figure-body"><table class="figures"><thead><tr><th>Group</th>'
            "<th>Decisions</th><th>Upheld</th><th>Overturned</th></tr></thead>"
            f"<tbody>{body}</tbody></table>"
            f"{share_chart(grouping.title, rows, links)}</div></section>")


def _overview(f: Figures) -> str:
    o = f.overall
    known = o["upheld"] + o["overturned"]
    outcome_links = {name: filter_link({"decision": ["yes"],
                                        "outcome": ["" if name == "unknown" else name]})
                     for name in ("upheld", "overturned", "unknown")}
    overall = GroupRow("all decisions", f.decisions, o["upheld"], o["overturned"])
    letters = "".join(
        f'<li><a href="{escape(filter_link({"letter_outcome": ["" if k == NOT_STATED else k]}))}">'
        f"{escape(k)}</a>: {v:,} letter(s)</li>" for k, v in f.letter_outcomes.items())
    defects = filter_link({"has_defects": ["yes"]})
    return (
        '<section class="figure"><h3>Letters and decisions</h3><ul class="overview">'
        f"<li>{f.letters:,} letters, {f.decisions:,} decisions "
        f"({f.decisions_per_letter:.2f} per letter)</li>"
        f"<li>{f.multi_decision_letters:,} letters with more than one decision; at most "
        f"{f.max_decisions} in one letter</li>"
        f'<li><a href="{escape(defects)}">{f.letters_with_defects:,} letters with parse '
        "defects</a></li>"
        f'<li><a href="#failed">{f.failed_files:,} files that could not be read</a></li>'
        "</ul><h3>Outcomes</h3><ul class=\"overview\">"
        + "".join(f'<li><a href="{escape(outcome_links[k])}">{k}</a>: {o[k]:,}'
                  + (f" ({_pct(o[k], known)} of known)" if k != "unknown" else "") + "</li>"
                  for k in ("upheld", "overturned", "unknown"))
        + f"</ul>{share_chart('Outcomes', [overall], [filter_link({'decision': ['yes']})])}"
        f'<h3>Letter outcomes</h3><ul class="overview">{letters}</ul></section>')


def index_page(*, figures: Figures, seen: Mapping[str, Collection[str]],
               failures: Sequence[tuple[str, str]], inputs: Sequence[str],
               version: str) -> str:
    """The index page.  ``seen``: every value each grouping's column took (for the
    catch-all rows); ``failures``: ``(path, error)`` of the files that could not be read.
    """
    days = days_chart([("from application received", figures.days_received_to_decision),
                       ("from date assigned", figures.days_assigned_to_decision)])
    groups = "".join(_group_section(g, getattr(figures, g.figure), seen.get(g.column, ()))
                     for g in GROUPINGS)
    failed = "".join(f"<li><code>{escape(path)}</code>: {escape(error)}</li>"
                     for path, error in failures)
    heads = "".join(f'<th data-key="{c.key}" data-kind="{c.kind}" tabindex="0" '
                    f'aria-sort="none">{escape(c.heading)}</th>'
                    for c in TABLE_COLUMNS if c.kind != "hidden")
    inputs_text = ", ".join(inputs[:3]) + (f" and {len(inputs) - 3:,} more"
                                            if len(inputs) > 3 else "")
    body = (
        '<header class="top"><h1>imrparse report</h1>'
        f'<p class="facts">{figures.letters:,} letters · {figures.decisions:,} decisions · '
        f"read from {escape(inputs_text)} · imrparse {escape(version)} · "
        f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}</p>"
        '<nav><a href="#figures">Figures</a> · <a href="#decisions">Letters and '
        'decisions</a> · <a href="#failed">Failed files</a></nav></header><main>'
        '<section id="figures"><h2>Figures</h2>'
        "<p>Every group links to the decisions behind it in the table below.</p>"
        f"{_overview(figures)}{groups}"
        f'<section class="figure"><h3>Days to decision</h3>{days}</section>'
        "<details><summary>The figures as text (<code>imrparse stats</code>)</summary>"
        f"<pre>{escape(format_text(figures))}</pre></details></section>"
        '<section id="decisions"><h2>Letters and decisions</h2>'
        '<p class="help">One row per decision (a letter without one has a row of its '
        "own). Click a heading to sort, type in the boxes below the headings to filter; "
        "the case number opens the letter's page.</p>"
        '<div class="controls"><span id="chips"></span>'
        '<button type="button" id="clear">Clear filters</button>'
        '<label>Rows per page <select id="size"><option>50</option>'
        '<option selected>100</option><option>500</option></select></label></div>'
        '<p id="status" class="status" aria-live="polite">Loading rows…</p>'
        '<div class="scroll"><table id="table" class="rows"><thead>'
        f'<tr id="heads">{heads}</tr><tr id="filters"></tr></thead>'
        '<tbody id="rows"></tbody></table></div>'
        '<div class="pager"><button type="button" id="first">« first</button>'
        '<button type="button" id="prev">‹ previous</button><span id="pageinfo"></span>'
        '<button type="button" id="next">next ›</button>'
        '<button type="button" id="last">last »</button></div>'
        "<noscript><p>The table needs JavaScript; every letter's page is in the "
        "<code>letters/</code> folder.</p></noscript></section>"
        f'<section id="failed"><h2>Failed files ({len(failures):,})</h2>'
        + (f"<ol>{failed}</ol>" if failures else "<p>None.</p>")
        + "</section></main>")
    return page(title="imrparse report", body=body, root="",
                scripts=("data/meta.js", "assets/index.js"))
