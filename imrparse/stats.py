"""``imrparse stats``: the figures analysts publish about IMR decisions.

Letters, decisions per letter, the upheld and overturned shares overall and by treatment
category, guideline source and reviewer specialty, and the days from application (and from
assignment) to decision.  Input is letters (``.txt``/``.pdf``, parsed on the fly) or the
``letters.jsonl`` that ``imrparse parse`` writes.

>>> import imrparse
>>> from imrparse.stats import compute, format_text
>>> from imrparse.tables import decision_rows, letter_row
>>> d = imrparse.parse(imrparse.example_letter())
>>> figures = compute([letter_row(d)], decision_rows(d))
>>> figures.overall
{'decisions': 2, 'upheld': 1, 'overturned': 1, 'unknown': 0}
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from imrparse.tables import decision_rows, letter_row

__all__ = ["Figures", "GroupRow", "compute", "format_text", "load", "plot", "stats_main"]

#: Label of rows whose grouping value is missing.
NOT_STATED = "(not stated)"
#: How many specialties the table and chart show (the rest are summed as "other").
TOP_SPECIALTIES = 12


@attrs.frozen
class GroupRow:
    """Decisions of one group and how many were upheld and overturned."""

    group: str
    decisions: int
    upheld: int
    overturned: int

    @property
    def overturned_share(self) -> float:
        known = self.upheld + self.overturned
        return self.overturned / known if known else 0.0

    @property
    def upheld_share(self) -> float:
        known = self.upheld + self.overturned
        return self.upheld / known if known else 0.0


@attrs.frozen
class Spread:
    """A distribution of day counts."""

    n: int
    median: float | None
    q1: float | None
    q3: float | None
    mean: float | None
    low: int | None = None
    high: int | None = None


@attrs.frozen(kw_only=True)
class Figures:
    """Everything ``imrparse stats`` prints."""

    letters: int
    decisions: int
    decisions_per_letter: float
    multi_decision_letters: int
    max_decisions: int
    letters_with_defects: int
    failed_files: int
    overall: dict[str, int]
    letter_outcomes: dict[str, int]
    by_category: tuple[GroupRow, ...]
    #: The pharmaceutical decisions by drug class.
    by_drug_class: tuple[GroupRow, ...] = ()
    by_guideline_source: tuple[GroupRow, ...]
    by_specialty: tuple[GroupRow, ...]
    days_received_to_decision: Spread
    days_assigned_to_decision: Spread


def compute(letters: Sequence[dict[str, Any]], decisions: Sequence[dict[str, Any]],
            *, failed_files: int = 0) -> Figures:
    """The figures of the letters and decisions tables (rows as :mod:`imrparse.tables`
    makes them).

    :raises KeyError: a row lacks a column of :mod:`imrparse.tables`.
    """
    outcomes = Counter(d["outcome"] for d in decisions)
    n_items = [row["n_items"] for row in letters]
    return Figures(
        letters=len(letters),
        decisions=len(decisions),
        decisions_per_letter=len(decisions) / len(letters) if letters else 0.0,
        multi_decision_letters=sum(n > 1 for n in n_items),
        max_decisions=max(n_items, default=0),
        letters_with_defects=sum(bool(row["n_defects"]) for row in letters),
        failed_files=failed_files,
        overall={"decisions": len(decisions), "upheld": outcomes["upheld"],
                 "overturned": outcomes["overturned"],
                 "unknown": len(decisions) - outcomes["upheld"] - outcomes["overturned"]},
        letter_outcomes=dict(Counter(row["letter_outcome"] or NOT_STATED for row in letters)
                             .most_common()),
        by_category=_groups(decisions, lambda d: [d["treatment_category"]],
                            missing="(not classified)"),
        by_drug_class=_groups((d for d in decisions if d["drug_class"]),
                              lambda d: [d["drug_class"]]),
        by_guideline_source=_groups(decisions, lambda d: [d["maximus_guideline_source"]],
                                    missing="(not read)"),
        by_specialty=_groups(decisions, lambda d: d["reviewer_specialties"] or [None],
                             top=TOP_SPECIALTIES),
        days_received_to_decision=_spread(r["days_received_to_decision"] for r in letters),
        days_assigned_to_decision=_spread(r["days_assigned_to_decision"] for r in letters),
    )


def _groups(decisions: Iterable[dict[str, Any]],
            keys: Callable[[dict[str, Any]], Sequence[str | None]],
            top: int | None = None, missing: str = NOT_STATED) -> tuple[GroupRow, ...]:
    """Upheld/overturned counts per group; a decision counts once in each of its groups
    (a reviewer with two specialties counts under both)."""
    counts: dict[str, Counter[str]] = {}
    for d in decisions:
        for key in dict.fromkeys(keys(d)):
            counts.setdefault(key or missing, Counter())[d["outcome"] or "unknown"] += 1
    rows = sorted((GroupRow(k, sum(c.values()), c["upheld"], c["overturned"])
                   for k, c in counts.items()), key=lambda r: (-r.decisions, r.group))
    if top is not None and len(rows) > top:
        rest = rows[top:]
        rows = [*rows[:top], GroupRow(f"other ({len(rest)})", sum(r.decisions for r in rest),
                                      sum(r.upheld for r in rest),
                                      sum(r.overturned for r in rest))]
    return tuple(rows)


def _spread(values: Iterable[int | None]) -> Spread:
    days = sorted(v for v in values if v is not None)
    if not days:
        return Spread(0, None, None, None, None)
    if len(days) == 1:
        return Spread(1, days[0], days[0], days[0], days[0], days[0], days[0])
    q1, median, q3 = statistics.quantiles(days, n=4, method="inclusive")
    return Spread(len(days), median, q1, q3, statistics.fmean(days), days[0], days[-1])


# --------------------------------------------------------------------------- text


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def _group_table(title: str, rows: Sequence[GroupRow]) -> list[str]:
    width = max([len(r.group) for r in rows] + [len(title)])
    lines = [f"{title:{width}s}  decisions  upheld  overturned",
             f"{'-' * width}  ---------  ------  ----------"]
    for r in rows:
        known = r.upheld + r.overturned
        lines.append(f"{r.group:{width}s}  {r.decisions:9d}  {_pct(r.upheld, known)}"
                     f"  {_pct(r.overturned, known):>10s}")
    return lines


def _spread_line(label: str, s: Spread) -> str:
    if not s.n:
        return f"  {label}: no letter states both dates"
    return (f"  {label}: median {s.median:g}, quartiles {s.q1:g}-{s.q3:g}, "
            f"mean {s.mean:.1f}, range {s.low}-{s.high} (n={s.n})")


def format_text(f: Figures) -> str:
    """The figures as plain-text tables.

    Never raises.
    """
    o = f.overall
    known = o["upheld"] + o["overturned"]
    lines = [
        "Letters and decisions",
        f"  letters: {f.letters}   decisions: {f.decisions}   "
        f"decisions per letter: {f.decisions_per_letter:.2f}",
        f"  letters with more than one decision: {f.multi_decision_letters} "
        f"({_pct(f.multi_decision_letters, f.letters).strip()}); most in one letter: "
        f"{f.max_decisions}",
        f"  letters with parse defects: {f.letters_with_defects}   files that failed: "
        f"{f.failed_files}",
        "",
        "Outcomes (share of decisions with a known outcome)",
        f"  upheld: {o['upheld']} ({_pct(o['upheld'], known).strip()})   "
        f"overturned: {o['overturned']} ({_pct(o['overturned'], known).strip()})   "
        f"unknown: {o['unknown']}",
        "  letters: " + ", ".join(f"{k} {v}" for k, v in f.letter_outcomes.items()),
        "",
        *_group_table("Treatment category", f.by_category),
        "",
        *([*_group_table("Drug class", f.by_drug_class), ""] if f.by_drug_class else []),
        *_group_table("MAXIMUS guideline source", f.by_guideline_source),
        "",
        *_group_table("Reviewer specialty", f.by_specialty),
        "  (a decision counts under each specialty its reviewer lists)",
        "",
        "Days to decision",
        _spread_line("from application received", f.days_received_to_decision),
        _spread_line("from date assigned", f.days_assigned_to_decision),
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- charts


def plot(f: Figures, path: str | Path) -> None:
    """Draw the figures as charts into an image file (needs the ``plot`` extra).

    :raises ImportError: without matplotlib (the ``plot`` extra).
    :raises OSError: the image cannot be written.
    """
    try:
        import matplotlib as mpl  # noqa: PLC0415
    except ImportError as exc:
        raise ImportError("--plot needs matplotlib: pip install 'imrparse[plot]'") from exc
    mpl.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, axes = plt.subplots(2, 2, figsize=(14, 10), layout="constrained")
    known = f.overall["upheld"] + f.overall["overturned"]
    fig.suptitle(f"IMR decisions: {f.letters} letters, {f.decisions} decisions, "
                 f"{_pct(f.overall['overturned'], known).strip()} overturned", fontsize=14)
    for ax, title, rows in ((axes[0][0], "By treatment category", f.by_category),
                            (axes[0][1], "By MAXIMUS guideline source", f.by_guideline_source),
                            (axes[1][0], "By reviewer specialty", f.by_specialty)):
        _share_bars(ax, title, rows)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", ncol=2, frameon=False)
    ax = axes[1][1]
    days = f.days_received_to_decision
    _days_box(ax, f)
    ax.set_title(f"Days to decision (median {days.median:g} from application)"
                 if days.median is not None else "Days to decision")
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _share_bars(ax: Any, title: str, rows: Sequence[GroupRow]) -> None:
    rows = list(reversed(rows))  # largest group on top
    labels = [f"{r.group} (n={r.decisions})" for r in rows]
    upheld = [100 * r.upheld_share for r in rows]
    overturned = [100 * r.overturned_share for r in rows]
    ax.barh(labels, upheld, height=0.7, color="#b03a2e", label="upheld")
    ax.barh(labels, overturned, height=0.7, left=upheld, color="#1e8449", label="overturned")
    # A few groups stay bars at the top, not blocks filling the panel.
    ax.set_ylim(len(rows) - max(len(rows), 6) - 0.4, len(rows) - 0.4)
    for y, share in enumerate(overturned):
        if share:
            ax.text(101, y, f"{share:.0f}% overturned", va="center", fontsize=8)
    ax.set_xlim(0, 125)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("share of decisions (%)")
    ax.set_title(title)


def _days_box(ax: Any, f: Figures) -> None:
    spreads = [("application received", f.days_received_to_decision),
               ("date assigned", f.days_assigned_to_decision)]
    stats: list[dict[str, Any]] = [
        {"label": f"from {label}\n(n={s.n})", "med": s.median, "q1": s.q1, "q3": s.q3,
         "whislo": s.low, "whishi": s.high, "mean": s.mean, "fliers": []}
        for label, s in spreads if s.n]
    if stats:
        ax.bxp(stats, orientation="horizontal", showmeans=True, showfliers=False)
    ax.set_xlabel("days: box quartiles, line median, marker mean, whiskers range")


# --------------------------------------------------------------------------- input


def load(paths: Sequence[str], *, jobs: int | None = 1, pdf_backend: str = "pypdf"
         ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """Letters and decisions rows of ``paths`` (letters, or ``letters.jsonl`` files from
    ``imrparse parse``), and the number of files that failed.

    A letter that does not parse counts as a failed file; it raises nothing.

    :raises OSError: a ``.jsonl`` file cannot be read.
    :raises ValueError: a line of a ``.jsonl`` file is not JSON.
    """
    from imrparse._batch import _results, discover  # noqa: PLC0415

    letters: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    jsonl = [p for p in paths if p.endswith(".jsonl") and Path(p).is_file()]
    others = [p for p in paths if p not in jsonl]
    for path in jsonl:
        for letter, items in _read_jsonl(Path(path)):
            letters.append(letter)
            decisions.extend(items)
    failed = 0
    if others:
        files, missing = discover(others)
        failed += len(missing)
        for done in _results(files, jobs=jobs, pdf_backend=pdf_backend, fmt="csv",
                             spans=False, progress=None):
            if done.letter is None:
                failed += 1
                continue
            letters.append(done.letter)
            decisions.extend(done.decisions)
    return letters, decisions, failed


def _read_jsonl(path: Path) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Rows rebuilt from the nested determinations, so that they are exactly what the
    letters would give (and gain columns a newer imrparse adds)."""
    from imrparse.jsonio import from_dict  # noqa: PLC0415

    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            if "determination" not in record:
                raise ValueError(f"{path}:{number}: not a line of letters.jsonl "
                                 "(no 'determination')")
            d = from_dict(record["determination"])
            where = {"source_path": record.get("source_path"),
                     "source_sha256": record.get("source_sha256")}
            yield letter_row(d, **where), decision_rows(d, **where)


def stats_main(argv: Sequence[str]) -> int:
    """``imrparse stats PATH... [--plot FILE.png] [--json]``.

    Never raises for bad input: usage errors exit with status 2 (``SystemExit``).
    """
    parser = argparse.ArgumentParser(
        prog="imrparse stats",
        description="Print the figures analysts publish (letters, decisions per letter, "
                    "upheld/overturned shares by treatment category, guideline source and "
                    "reviewer specialty, days to decision) for letters (.txt/.pdf files, "
                    "folders, globs) or the letters.jsonl of 'imrparse parse'.",
        epilog="Exit status: 0 when every file parsed, 1 when some failed, 2 usage error.")
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="letters (files, folders, globs) or letters.jsonl files")
    parser.add_argument("--plot", metavar="FILE.png",
                        help="also draw the figures as charts (needs matplotlib: "
                             "pip install 'imrparse[plot]')")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help="worker processes for letters (default: all cores)")
    parser.add_argument("--pdf-backend", choices=("pypdf", "pdfium", "pdftotext"),
                        default="pypdf")
    args = parser.parse_args(argv)
    try:
        letters, decisions, failed = load(args.paths, jobs=args.jobs,
                                          pdf_backend=args.pdf_backend)
    except (OSError, ValueError) as exc:
        print(f"imrparse stats: {exc}", file=sys.stderr)
        return 2
    figures = compute(letters, decisions, failed_files=failed)
    if args.json:
        print(json.dumps(attrs.asdict(figures), indent=2))
    else:
        print(format_text(figures))
    if args.plot:
        try:
            plot(figures, args.plot)
        except ImportError as exc:
            print(f"imrparse stats: {exc}", file=sys.stderr)
            return 2
    return 1 if failed else 0
