"""``imrparse stats``: the figures analysts publish about IMR decisions.

Letters, decisions per letter, the upheld and overturned shares overall and by treatment
category, drug class, guideline source and reviewer specialty, and the days from
application (and from assignment) to decision.  Input is letters (``.txt``/``.pdf``, parsed
on the fly) or what ``imrparse parse`` wrote: its output folder, or one of its tables in any
format (JSON Lines, CSV, Parquet).

>>> import imrparse
>>> from imrparse.stats import compute, format_text
>>> from imrparse.tables import decision_rows, letter_row
>>> d = imrparse.parse(imrparse.example_letter())
>>> figures = compute([letter_row(d)], decision_rows(d))
>>> figures.overall
{'decisions': 2, 'upheld': 1, 'overturned': 1, 'unknown': 0}
>>> figures.letter_outcomes
{'partially-overturned': 1}
"""

from __future__ import annotations

import argparse
import glob
import json
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

__all__ = ["Figures", "GroupRow", "Input", "StatsInputError", "compute", "format_text", "load",
           "plot", "stats_main"]

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
    #: What the figures leave out, given the input (e.g. no decisions table).
    notes: tuple[str, ...] = ()


def compute(letters: Sequence[dict[str, Any]], decisions: Sequence[dict[str, Any]] | None,
            *, failed_files: int = 0, notes: Sequence[str] = ()) -> Figures:
    """The figures of the letters and decisions tables (rows as :mod:`imrparse.tables`
    makes them).  Without the decisions (``None``), the outcomes are counted from the
    letters' ``n_upheld`` and ``n_overturned`` and the figures by group are empty.

    :raises KeyError: a row lacks a column of :mod:`imrparse.tables`.
    """
    n_items = [row["n_items"] or 0 for row in letters]
    if decisions is None:
        upheld = sum(row["n_upheld"] or 0 for row in letters)
        overturned = sum(row["n_overturned"] or 0 for row in letters)
        total = sum(n_items)
        decisions = ()
    else:
        outcomes = Counter(d["outcome"] for d in decisions)
        upheld, overturned, total = outcomes["upheld"], outcomes["overturned"], len(decisions)
    return Figures(
        letters=len(letters),
        decisions=total,
        decisions_per_letter=total / len(letters) if letters else 0.0,
        multi_decision_letters=sum(n > 1 for n in n_items),
        max_decisions=max(n_items, default=0),
        letters_with_defects=sum(bool(row["n_defects"]) for row in letters),
        failed_files=failed_files,
        overall={"decisions": total, "upheld": upheld, "overturned": overturned,
                 "unknown": total - upheld - overturned},
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
        notes=tuple(notes),
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
    if f.notes:
        lines.extend(["", "Notes", *(f"  {note}" for note in f.notes)])
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


class StatsInputError(ValueError):
    """A path ``imrparse stats`` cannot take: it does not exist, holds no letters and no
    tables, or cannot be read.  The message names the path."""


@attrs.frozen
class Input:
    """The rows ``imrparse stats`` counts, and the files that failed."""

    letters: list[dict[str, Any]]
    #: ``None`` when some input had no decisions table (a lone ``letters.csv``).
    decisions: list[dict[str, Any]] | None
    #: Files that failed (``path``, ``error_type``, ``message``): letters parsed now, and
    #: the ``errors`` tables of ``imrparse parse`` output.
    failures: list[dict[str, Any]]
    #: What the figures leave out, given the input.
    notes: tuple[str, ...] = ()


#: The suffixes of table files (anything else named explicitly is read as a letter).
_TABLE_SUFFIXES = (".parquet", ".csv", ".jsonl")


def load(paths: Sequence[str], *, jobs: int | None = 1, pdf_backend: str | None = None) -> Input:
    """The rows of ``paths``: letters (``.txt``/``.pdf`` files, folders, globs; parsed
    here) and what ``imrparse parse`` wrote (an output folder, or one of its table files in
    any format, read with its partner table beside it).

    A letter that does not parse is a failure; it raises nothing.

    :raises StatsInputError: a path does not exist, matches nothing, holds no letters and
        no tables, or a table cannot be read (the message names it).
    :raises ImportError: a Parquet table without pyarrow (the ``parquet`` extra).
    """
    from imrparse.batch.run import _results, discover  # noqa: PLC0415
    from imrparse.tables.read import locate_tables, read_rows  # noqa: PLC0415

    letters: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] | None = []
    failures: list[dict[str, Any]] = []
    notes: list[str] = []
    seen: set[Path] = set()
    for arg in paths:
        path = Path(arg)
        if not path.exists() and not glob.has_magic(arg):
            raise StatsInputError(f"{arg}: no such file or folder")
        if _is_table(path):
            try:
                found = [t for t in _with_partners(path, locate_tables(path))
                         if t.path.resolve() not in seen]
                if not found:
                    continue
                seen.update(t.path.resolve() for t in found)
                rows = {t.kind: read_rows(t) for t in found}
            except (OSError, ValueError) as exc:
                raise StatsInputError(str(exc)) from None
            failures.extend(rows.get("errors", ()))
            if "letters" not in rows and "decisions" in rows:
                rows["letters"] = _letters_of(rows["decisions"])
                notes.append(f"{arg}: letters counted from the decisions table (a letter "
                             "without any decision is not in it)")
            if "decisions" not in rows:
                notes.append(f"{arg}: no decisions table beside it: the figures by group "
                             "need one")
                decisions = None
            elif decisions is not None:
                decisions.extend(rows["decisions"])
            if not rows.get("letters") and not rows.get("errors"):
                raise StatsInputError(f"{arg}: the tables hold no letter")
            letters.extend(rows.get("letters", ()))
            continue
        files, missing = discover([arg])
        if missing:
            raise StatsInputError(f"{arg}: matches no file")
        files = [f for f in files if Path(f).resolve() not in seen]
        seen.update(Path(f).resolve() for f in files)
        if not files:
            raise StatsInputError(f"{arg}: holds no letters (.txt, .pdf) and no tables of "
                                  "imrparse parse")
        for done in _results(files, jobs=jobs, pdf_backend=pdf_backend, fmt="csv",
                             spans=False, progress=None):
            if done.letter is None:
                failures.append(done.error or {"path": done.path})
                continue
            letters.append(done.letter)
            if decisions is not None:
                decisions.extend(done.decisions)
    return Input(letters=letters, decisions=decisions, failures=failures, notes=tuple(notes))


def _is_table(path: Path) -> bool:
    from imrparse.tables.read import is_output_folder  # noqa: PLC0415

    if path.is_dir():
        return is_output_folder(path) or any(path.glob("*.parquet"))
    return path.is_file() and path.suffix.lower() in _TABLE_SUFFIXES


def _with_partners(path: Path, found: list[Any]) -> list[Any]:
    """A lone ``letters.<fmt>`` or ``decisions.<fmt>`` with the other table of the same run
    and ``errors.jsonl`` beside it, when they are there."""
    from imrparse.tables.read import locate_tables  # noqa: PLC0415

    stem, _, suffix = path.name.partition(".")
    partner = {"letters": "decisions", "decisions": "letters"}.get(stem)
    if path.is_dir() or partner is None:
        return found
    for name in (f"{partner}.{suffix}", "errors.jsonl"):
        if (path.parent / name).is_file():
            found.extend(locate_tables(path.parent / name))
    return sorted(found, key=lambda t: ("letters", "decisions", "errors").index(t.kind))


#: The letter columns :func:`compute` reads.
_LETTER_FIGURES = ("n_items", "n_defects", "letter_outcome", "days_received_to_decision",
                   "days_assigned_to_decision")


def _letters_of(decisions: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Letter rows rebuilt from the letter columns the decisions table repeats."""
    letters: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in decisions:
        key = (row.get("source_path"), row.get("source_sha256"), row.get("case_number"))
        letters.setdefault(key, {name: row.get(name) for name in _LETTER_FIGURES})
    return list(letters.values())


def stats_main(argv: Sequence[str]) -> int:
    """``imrparse stats PATH... [--plot FILE.png] [--json]``.

    Never raises for bad input: a path that does not exist, holds no letters or cannot be
    read is named on standard error with exit status 2; the files that fail are listed on
    standard error and give exit status 1 (with no figures when no letter was read).
    """
    parser = argparse.ArgumentParser(
        prog="imrparse stats",
        description="Print the figures analysts publish (letters, decisions per letter, "
                    "upheld/overturned shares by treatment category, drug class, guideline "
                    "source and reviewer specialty, days to decision) for letters (.txt/.pdf "
                    "files, folders, globs) or what 'imrparse parse' wrote (its --out folder, "
                    "or its letters or decisions table as .jsonl, .csv or .parquet).",
        epilog="Exit status: 0 when every file parsed, 1 when some failed (here or in the "
               "errors table of 'imrparse parse'), 2 when a path cannot be read.")
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="letters (files, folders, globs), an output folder of "
                             "'imrparse parse', or one of its tables")
    parser.add_argument("--plot", metavar="FILE.png",
                        help="also draw the figures as charts (needs matplotlib: "
                             "pip install 'imrparse[plot]')")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help="worker processes for letters (default: all cores)")
    from imrparse.cli import BACKEND_CHOICES, BACKEND_HELP  # noqa: PLC0415
    from imrparse.pdf import default_backend  # noqa: PLC0415

    parser.add_argument("--pdf-backend", choices=BACKEND_CHOICES,
                        default=default_backend().value, help=BACKEND_HELP)
    args = parser.parse_args(argv)
    try:
        data = load(args.paths, jobs=args.jobs, pdf_backend=args.pdf_backend)
    except (StatsInputError, ImportError) as exc:
        print(f"imrparse stats: {exc}", file=sys.stderr)
        return 2
    for failure in data.failures:
        print(f"imrparse stats: {failure.get('path')}: {failure.get('error_type')}: "
              f"{failure.get('message')}", file=sys.stderr)
    if not data.letters:
        print(f"imrparse stats: no letter could be read ({len(data.failures)} file(s) "
              "failed)", file=sys.stderr)
        return 1
    figures = compute(data.letters, data.decisions, failed_files=len(data.failures),
                      notes=data.notes)
    if args.json:
        print(json.dumps(attrs.asdict(figures), indent=2))
    else:
        print(format_text(figures))
    if args.plot:
        try:
            plot(figures, args.plot)
        except (ImportError, OSError) as exc:
            print(f"imrparse stats: {exc}", file=sys.stderr)
            return 2
    return 1 if data.failures else 0
