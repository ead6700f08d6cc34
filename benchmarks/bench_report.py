"""Benchmark ``imrparse report``: the time to build a run's HTML report against the run.

    python benchmarks/bench_report.py [--letters N ...] [--jobs J ...] [--json OUT]

Letter files are written to a temporary folder (the corpus's pypdf texts repeated, or,
without the corpus, the bundled example letter written in every layout), then, for each
number of letters and of worker processes, three commands run in a subprocess each:

``parse``
    ``imrparse parse LETTERS --format jsonl --spans``: the run itself;
``report-run``
    ``imrparse report RUN --html SITE``: the report of that run (its models, the letters'
    text read again to mark them);
``report-letters``
    ``imrparse report LETTERS --html SITE``: the report straight from the letters (parsed
    again).

Each row gives seconds, CPU seconds (user and system, of the whole process tree: the
work, which the load of a shared machine changes little), letters/s, the peak resident
memory of the process tree (sampled every 20 ms with psutil, as ``bench.py`` does), and for
the reports their size on disk and their time and CPU time over the run's.  Memory at 1,000
and at 10,000 letters shows whether it stays flat.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import DEFAULT_CORPUS, run_measured  # noqa: E402 (after the sys.path lines)

import imrparse  # noqa: E402
from imrparse.render import render  # noqa: E402


def letter_texts(corpus: Path) -> tuple[str, list[str]]:
    """What the letters are, and their texts."""
    texts = [p.read_text("utf-8") for p in sorted(corpus.glob("*.pypdf.txt"))]
    if texts:
        return f"{len(texts)} corpus letters (pypdf text) repeated", texts
    d = imrparse.parse(imrparse.example_letter())
    return ("the example letter in every layout, repeated",
            [render(d, layout=layout) for layout in imrparse.Layout])


def _children_cpu() -> float:
    """User and system seconds of every finished descendant (the workers a command waited
    for included): the work done, which the shared machine's load does not change much."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def bench(texts: Sequence[str], sizes: Sequence[int], jobs: Sequence[int]
          ) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    command = [sys.executable, "-m", "imrparse.cli"]
    with tempfile.TemporaryDirectory(prefix="imrparse-bench-report-") as tmp:
        base = Path(tmp)
        for n in sizes:
            letters = base / f"letters-{n}"
            letters.mkdir()
            for i in range(n):
                (letters / f"{i:06d}.txt").write_text(texts[i % len(texts)], "utf-8")
            for j in jobs:
                run, site = base / f"run-{n}-{j}", base / f"site-{n}-{j}"
                steps = {
                    "parse": [*command, "parse", str(letters), "--out", str(run), "--format",
                              "jsonl", "--spans", "--jobs", str(j), "--no-progress"],
                    "report-run": [*command, "report", str(run), "--html", str(site),
                                   "--jobs", str(j)],
                    "report-letters": [*command, "report", str(letters), "--html",
                                       str(site), "--jobs", str(j)],
                }
                parse_seconds = parse_cpu = 0.0
                for step, cmd in steps.items():
                    shutil.rmtree(site, ignore_errors=True)
                    before = _children_cpu()
                    seconds, peak_mb, status = run_measured(cmd)
                    cpu = _children_cpu() - before
                    parse_seconds = seconds if step == "parse" else parse_seconds
                    parse_cpu = cpu if step == "parse" else parse_cpu
                    row = {"step": step, "letters": n, "jobs": j, "exit_status": status,
                           "seconds": round(seconds, 2), "cpu_s": round(cpu, 2),
                           "letters_per_s": round(n / seconds, 1),
                           "peak_rss_mb": round(peak_mb, 1)}
                    if step != "parse":
                        row["site_mb"] = round(_size_mb(site), 1)
                        row["x_parse"] = round(seconds / parse_seconds, 2)
                        row["cpu_x_parse"] = round(cpu / parse_cpu, 2)
                    rows.append(row)
                    print(row, file=sys.stderr, flush=True)
                shutil.rmtree(run, ignore_errors=True)
                shutil.rmtree(site, ignore_errors=True)
            shutil.rmtree(letters)
    return rows


def _table(rows: Sequence[dict[str, Any]]) -> str:
    columns = ("step", "letters", "jobs", "seconds", "cpu_s", "letters_per_s", "peak_rss_mb",
               "site_mb", "x_parse", "cpu_x_parse")
    lines = [" | ".join(columns), " | ".join("---" for _ in columns)]
    lines.extend(" | ".join(str(r.get(c, "")) for c in columns) for r in rows)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    source, texts = letter_texts(args.corpus)
    rows = bench(texts, args.letters, args.jobs)
    report = {"letters": source, "machine": {"python": platform.python_version(),
                                             "cpus": os.cpu_count(),
                                             "load_average": os.getloadavg()},
              "runs": rows}
    print(_table(rows))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
