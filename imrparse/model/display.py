"""How a determination shows itself: a readable text summary (terminal, ``str(d)``) and a
compact HTML table (Jupyter's ``_repr_html_``).  All letter text is escaped."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from imrparse.model import OtherCitation

if TYPE_CHECKING:
    from imrparse.model import Determination, DisputedItem

__all__ = ["determination_html", "summary"]


def summary(d: Determination) -> str:
    """A readable, multi-line account of a determination."""
    h = d.header
    lines = [f"Case {h.case_number or '(no case number)'} ({d.layout.value} layout)"]
    for label, value in (("Date of injury", h.date_of_injury), ("UR denial", h.ur_denial_date),
                         ("Application received", h.application_received),
                         ("Date assigned", h.date_assigned), ("Decision date", h.decision_date)):
        lines.append(f"  {label + ':':22s}{value.isoformat() if value else '-'}")
    lines.append(f"  {'Priority:':22s}{h.priority.value if h.priority else '-'}")
    if d.reviewer is not None:
        lines.append(f"  {'Reviewer specialties:':22s}{', '.join(d.reviewer.specialties) or '-'}")
        lines.append(f"  {'Licensed in:':22s}{', '.join(d.reviewer.licensure_states) or '-'}")
    if d.summary is not None:
        lines.append(f"  {'Injured worker:':22s}{_worker(d) or 'not stated'}")
    lines.append(f"  {len(d.items)} disputed item(s):")
    for item in d.items:
        outcome = item.outcome.value.upper() if item.outcome else "UNKNOWN"
        lines.append(f"    {item.number}. {outcome:10s} {_request(item)}")
        lines.extend(f"{'':14s}{label}: {value}" for label, value in _content(item))
    if d.defects:
        lines.append(f"  {len(d.defects)} defect(s):")
        lines.extend(f"    - {defect}" for defect in d.defects)
    return "\n".join(lines)


def _worker(d: Determination) -> str:
    if d.summary is None:
        return ""
    return " ".join(str(x) for x in (
        f"{d.summary.age}-year-old" if d.summary.age else None,
        d.summary.sex.value if d.summary.sex else None) if x)


def _content(item: DisputedItem) -> list[tuple[str, str]]:
    """What was read from the item's prose: its treatment and the MAXIMUS guidelines."""
    out = []
    t = item.treatment
    if t is not None and t.category is not None:
        kinds = [k.value for k in (t.category, t.subcategory, t.drug_class) if k is not None]
        out.append(("treatment", " / ".join(kinds)))
    basis = item.maximus_guideline.basis if item.maximus_guideline else None
    if basis is not None and basis.citations:
        cited = [f"MTUS {c.guideline.value}" + (f" {c.year}" if c.year else "")
                 for c in basis.mtus]
        cited += [c.family.value.upper() for c in basis.citations
                  if isinstance(c, OtherCitation)]
        out.append(("guideline", "; ".join(dict.fromkeys(cited))))
    return out


def _request(item: DisputedItem) -> str:
    return item.partial.disputed if item.partial and item.partial.disputed else item.request


#: Outcome marks: a symbol and a colour that read in light and dark notebook themes.
_MARKS = {"upheld": ("&#10007; upheld", "#b03a2e"),
          "overturned": ("&#10003; overturned", "#1e8449"),
          None: ("? unknown", "#7f8c8d")}


def determination_html(d: Determination) -> str:
    """A compact HTML table of a determination: header, reviewer, one row per item."""
    e = html.escape
    h = d.header
    facts = [
        ("Decision date", h.decision_date), ("Date assigned", h.date_assigned),
        ("Application received", h.application_received), ("UR denial", h.ur_denial_date),
        ("Date of injury", h.date_of_injury),
        ("Priority", h.priority.value if h.priority else None),
    ]
    if d.reviewer is not None:
        facts.append(("Reviewer", ", ".join(d.reviewer.specialties) or None))
        facts.append(("Licensed in", ", ".join(d.reviewer.licensure_states) or None))
    if d.summary is not None:
        facts.append(("Injured worker", _worker(d) or None))
    cells = "".join(
        f"<tr><th style='text-align:left'>{e(label)}</th>"
        f"<td style='text-align:left'>{e(str(value)) if value is not None else '&ndash;'}</td></tr>"
        for label, value in facts)
    rows = []
    for item in d.items:
        mark, colour = _MARKS[item.outcome.value if item.outcome else None]
        partial = " <small>(partial authorization)</small>" if item.partial else ""
        read = "<br>".join(f"<small>{e(label)}: {e(value)}</small>"
                           for label, value in _content(item))
        rows.append(
            f"<tr><td>{item.number}</td>"
            f"<td style='text-align:left'>{e(_request(item))}{partial}"
            f"{'<br>' + read if read else ''}</td>"
            f"<td style='color:{colour};font-weight:bold;text-align:left'>{mark}</td></tr>")
    defects = ""
    if d.defects:
        codes = ", ".join(sorted({defect.code.value for defect in d.defects}))
        defects = (f"<p style='margin:2px 0'><small>{len(d.defects)} defect(s): "
                   f"{e(codes)}</small></p>")
    title = e(h.case_number or "(no case number)")
    return (
        "<div class='imrparse-determination'>"
        f"<p style='margin:2px 0'><b>IMR determination {title}</b> "
        f"<small>({e(d.layout.value)} layout)</small></p>"
        f"<table>{cells}</table>"
        "<table><thead><tr><th>#</th><th style='text-align:left'>Request</th>"
        "<th style='text-align:left'>Outcome</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{defects}</div>"
    )
