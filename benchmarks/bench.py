"""Benchmark :func:`imrparse.parse`: throughput, the line-splitting floor, scaling, batch.

    python benchmarks/bench.py [--quick] [--json OUT] [--corpus DIR] [--no-batch] [--no-pdf]

Sections (each a key of the JSON report):

``corpus``
    Every corpus text (pypdf and pdfminer extractions apart, and the seed letter) parsed
    in this process, on one core.  Each letter is parsed ``rounds`` times after a warm-up
    and its fastest time is kept (the machine is shared: the minimum is the least noisy
    estimate); ``median_ms`` and ``p99_ms`` are over letters, ``letters_per_s`` and
    ``mb_per_s`` are from the sum of the per-letter times.
``floor``
    What any line-oriented parser must pay: ``str.splitlines()`` and ``strip()`` of every
    line, over the same texts, and ``ratio`` = parse time / floor time.
``model``
    The least any parser that returns this model must pay: building the objects of each
    corpus letter's result (every ``Determination``, item, guideline, span...) with every
    value already known, by a function generated for that letter that only calls the
    constructors.  ``ratio_to_floor`` says how many line floors the model alone costs;
    ``parse_ratio`` how many model floors the parse costs.
``scaling``
    The bundled example letter grown 1x, 10x, 100x and 1000x two ways: its items repeated
    (``items``) and its first rationale repeated line after line (``rationale``); seconds
    per MB at each size, and ``per_mb_vs_1x``, the largest per-MB time over the 1x one.
    The sizes are timed in turn within each round (not one size after the other), so a
    change in the shared machine's speed during the run falls on every size alike.
``batch``
    Letters written to a temporary folder and run through ``imrparse parse`` (the batch
    command, in a subprocess) with 1 and 2 worker processes: letters/s and the peak
    resident memory of the whole process tree (sampled every 20 ms with psutil), at a
    tenth of the letters and at all of them, to show memory does not grow with their
    number.
``pdf``
    Pages/s of each installed PDF backend, by :mod:`benchmarks.bench_pdf`'s ``run``.

``--quick`` (CI) uses fewer rounds, sizes up to 1000x with one round each, 1,000 batch
letters and 5 PDFs; it finishes in well under a minute.  Timings in ``--quick`` are
indicative only.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import enum
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

import attrs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import imrparse  # noqa: E402 (after the sys.path lines)

T = TypeVar("T")
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SIZES = (1, 10, 100, 1000)
#: The targets of issue 7, checked (and reported, never asserted) at the end of a run.
TARGET_LETTERS_PER_S = 3000
TARGET_FLOOR_RATIO = 10.0
TARGET_FLAT = 1.2
TARGET_BATCH_MB = 200.0


# --------------------------------------------------------------------------- corpus


def corpus_groups(corpus: Path) -> dict[str, list[tuple[str, str]]]:
    """(name, text) of every corpus text, by extraction; the bundled example letter when
    the corpus is absent."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for extractor in ("pypdf", "pdfminer"):
        files = sorted(corpus.glob(f"*.{extractor}.txt")) if corpus.is_dir() else []
        if files:
            groups[extractor] = [(p.name, p.read_text("utf-8")) for p in files]
    seed = corpus / "seed-letter.txt"
    if seed.is_file():
        groups["seed"] = [(seed.name, seed.read_text("utf-8"))]
    if not groups:
        groups["example"] = [("example-letter.txt", imrparse.example_letter())]
    return groups


def parse_quietly(text: str) -> None:
    with contextlib.suppress(imrparse.ImrParseError):
        imrparse.parse(text)


def best_times(texts: Sequence[T], func: Callable[[T], object], rounds: int) -> list[float]:
    """The fastest of ``rounds`` timings of ``func`` on each text (after one warm-up); the
    texts are timed in turn within each round."""
    for text in texts:
        func(text)
    best = [float("inf")] * len(texts)
    clock = time.perf_counter
    for _ in range(rounds):
        for i, text in enumerate(texts):
            start = clock()
            func(text)
            best[i] = min(best[i], clock() - start)
    return best


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def floor_pass(text: str) -> None:
    """The least a line-oriented parser does: split into lines and strip each."""
    for line in text.splitlines():
        line.strip()


def bench_corpus(groups: dict[str, list[tuple[str, str]]], rounds: int
                 ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    rows = []
    all_parse = all_floor = 0.0
    all_chars = 0
    for group, named in groups.items():
        texts = [text for _, text in named]
        parse_times = best_times(texts, parse_quietly, rounds)
        floor_times = best_times(texts, floor_pass, rounds)
        chars = sum(len(t) for t in texts)
        total = sum(parse_times)
        floor_total = sum(floor_times)
        all_parse += total
        all_floor += floor_total
        all_chars += chars
        rows.append({
            "texts": group,
            "letters": len(texts),
            "mb": round(chars / 1e6, 3),
            "median_ms": round(1000 * statistics.median(parse_times), 3),
            "p99_ms": round(1000 * percentile(parse_times, 0.99), 3),
            "max_ms": round(1000 * max(parse_times), 3),
            "letters_per_s": round(len(texts) / total, 1),
            "median_letters_per_s": round(1 / statistics.median(parse_times), 1),
            "mb_per_s": round(chars / 1e6 / total, 3),
            "floor_ms": round(1000 * floor_total, 3),
            "parse_ms": round(1000 * total, 3),
            "ratio_to_floor": round(total / floor_total, 1),
        })
    floor = {
        "what": "str.splitlines() + strip() of every line",
        "mb": round(all_chars / 1e6, 3),
        "floor_s": round(all_floor, 5),
        "parse_s": round(all_parse, 5),
        "floor_mb_per_s": round(all_chars / 1e6 / all_floor, 1),
        "ratio": round(all_parse / all_floor, 1),
    }
    return rows, floor


# --------------------------------------------------------------------------- model


def constructor_calls(result: object) -> Callable[[], object]:
    """A function that builds ``result`` again and does nothing else: one call per object,
    every value a constant (compiled from generated source, so no walk of the tree is
    timed)."""
    constants: dict[str, object] = {}

    def constant(value: object) -> str:
        name = f"k{len(constants)}"
        constants[name] = value
        return name

    def source(value: object) -> str:
        if isinstance(value, imrparse.Span):
            return f"{constant(imrparse.Span)}({value.start}, {value.end})"
        cls = type(value)
        if attrs.has(cls):
            arguments = ", ".join(f"{f.name}={source(getattr(value, f.name))}"
                                  for f in attrs.fields(cls) if f.init)
            return f"{constant(cls)}({arguments})"
        if isinstance(value, tuple):
            return "(" + "".join(f"{source(v)}, " for v in value) + ")"
        if value is None or isinstance(value, bool | int | float):
            return repr(value)
        if isinstance(value, str | dt.date | enum.Enum):
            return constant(value)
        raise TypeError(f"no constructor call for {type(value).__name__}")

    body = source(result)
    namespace = dict(constants)
    exec(f"def build():\n    return {body}\n", namespace)  # our own generated source
    build = cast(Callable[[], object], namespace["build"])
    return build


def model_builds(texts: Sequence[str]) -> list[Callable[[], object]]:
    """:func:`constructor_calls` of each text's parsed model (texts that are no letter
    left out)."""
    builds = []
    for text in texts:
        with contextlib.suppress(imrparse.ImrParseError):
            builds.append(constructor_calls(imrparse.parse(text)))
    return builds


def build_model(build: Callable[[], object]) -> None:
    """The model floor's work on one letter."""
    build()


def bench_model(groups: dict[str, list[tuple[str, str]]], rounds: int,
                floor: dict[str, Any]) -> dict[str, Any]:
    """The cost of building the parsed model alone, against the parse and the floor."""
    builds = model_builds([text for named in groups.values() for _, text in named])
    times = best_times(builds, build_model, rounds)
    objects = [body_objects(b) for b in builds]
    total = sum(times)
    return {
        "what": "constructor calls of each parsed letter's model, values known",
        "letters": len(builds),
        "objects_median": statistics.median(objects),
        "median_ms": round(1000 * statistics.median(times), 4),
        "model_s": round(total, 5),
        "ratio_to_floor": round(total / floor["floor_s"], 1),
        "parse_ratio": round(floor["parse_s"] / total, 1),
    }


def body_objects(build: Callable[[], object]) -> int:
    """How many objects ``build`` makes (its constructor calls)."""
    return sum(1 for name in build.__code__.co_names if name.startswith("k")
               and isinstance(build.__globals__[name], type))


# --------------------------------------------------------------------------- scaling


def grown(factor: int, how: str) -> str:
    """The example letter grown ``factor`` times: its items repeated, or its first
    rationale repeated line after line (one ever longer paragraph)."""
    text = imrparse.example_letter()
    d = imrparse.parse(text)
    kind = imrparse.SectionKind.ISSUES_DECISIONS_RATIONALES
    issues = next(s for s in d.sections if s.kind is kind)
    if how == "items":
        first = text.rfind("\n", 0, d.items[0].span.start) + 1
        block = text[first : issues.span.end]
        return text[:first] + block * factor + text[issues.span.end :]
    rationale = d.items[0].rationale
    assert rationale is not None
    body = rationale.span_of("text") or rationale.span
    line = "\n" + text[body.start : body.end]
    return text[: body.end] + line * (factor - 1) + text[body.end :]


def bench_scaling(sizes: Sequence[int], rounds: int) -> dict[str, Any]:
    series: dict[str, Any] = {}
    for how in ("items", "rationale"):
        texts = [grown(factor, how) for factor in sizes]
        times = best_times(texts, parse_quietly, rounds)
        points = [{"factor": factor, "mb": round(len(text) / 1e6, 4),
                   "seconds": round(best, 5),
                   "s_per_mb": round(best / (len(text) / 1e6), 4)}
                  for factor, text, best in zip(sizes, texts, times, strict=True)]
        base = points[0]["s_per_mb"]
        series[how] = {
            "points": points,
            "per_mb_vs_1x": round(max(p["s_per_mb"] for p in points) / base, 2),
            "per_mb_max_over_min": round(max(p["s_per_mb"] for p in points)
                                         / min(p["s_per_mb"] for p in points), 2),
        }
    return series


# --------------------------------------------------------------------------- batch


def _tree_rss(proc: Any) -> int:
    total = 0
    try:
        children = proc.children(recursive=True)
    except Exception:  # the command has just ended: nothing more to sample
        return 0
    for p in (proc, *children):
        # A worker may exit between the listing and the reading.
        with contextlib.suppress(Exception):
            total += p.memory_info().rss
    return total


def run_measured(cmd: list[str]) -> tuple[float, float, int]:
    """Run ``cmd``; return its seconds, the peak summed RSS (MB) of its process tree, and
    its exit status.  Without psutil the peak is the largest single process's (from
    ``getrusage``), marked by a negative sign."""
    try:
        import psutil  # type: ignore[import-untyped]
    except ImportError:
        psutil = None
    start = time.perf_counter()
    if psutil is None:
        import resource

        done = subprocess.run(cmd, capture_output=True, check=False)
        seconds = time.perf_counter() - start
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        return seconds, -peak_kb / 1024, done.returncode
    popen = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    proc = psutil.Process(popen.pid)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc))
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = popen.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    if popen.returncode not in (0, 1):
        print(err.decode(errors="replace")[-2000:], file=sys.stderr)
    return seconds, peak / 1e6, popen.returncode


def bench_batch(texts: Sequence[str], letters: int, jobs: Sequence[int]) -> dict[str, Any]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="imrparse-bench-") as tmp:
        base = Path(tmp)
        inputs = {n: base / f"in-{n}" for n in (letters // 10, letters)}
        for n, folder in inputs.items():
            folder.mkdir()
            for i in range(n):
                (folder / f"{i:06d}.txt").write_text(texts[i % len(texts)], "utf-8")
        for n_jobs in jobs:
            for n, folder in inputs.items():
                out = base / f"out-{n}-{n_jobs}"
                cmd = [sys.executable, "-m", "imrparse.cli", "parse", str(folder), "--out",
                       str(out), "--format", "jsonl", "--jobs", str(n_jobs), "--no-progress"]
                seconds, peak_mb, status = run_measured(cmd)
                written = sum(1 for _ in (out / "letters.jsonl").open("rb")) if (
                    out / "letters.jsonl").exists() else 0
                rows.append({"jobs": n_jobs, "letters": n, "written": written,
                             "exit_status": status, "seconds": round(seconds, 2),
                             "letters_per_s": round(n / seconds, 1),
                             "peak_rss_mb": round(peak_mb, 1)})
                shutil.rmtree(out, ignore_errors=True)
    return {"command": "python -m imrparse.cli parse DIR --out OUT --format jsonl --jobs N",
            "path": "imrparse.batch.run.run_batch", "runs": rows}


# --------------------------------------------------------------------------- PDF


def bench_pdfs(corpus: Path, quick: bool) -> dict[str, Any]:
    """Pages/s per backend through ``benchmarks/bench_pdf.py``'s own functions."""
    try:
        import bench_pdf

        from imrparse.pdf import Backend, page_count
    except ImportError as exc:
        return {"skipped": f"bench_pdf unavailable: {exc}", "results": []}
    pdfs = bench_pdf.pick(sorted(corpus.glob("*.pdf")), quick) if corpus.is_dir() else []
    if not pdfs:
        return {"skipped": f"no PDFs in {corpus}", "results": []}
    available = [b for b in Backend if bench_pdf.backend_version(b) is not None]
    if not available:
        return {"skipped": "no PDF backend installed", "results": []}
    counter = Backend.PDFIUM if Backend.PDFIUM in available else available[0]
    pages = sum(page_count(pdf, backend=counter) for pdf in pdfs)
    return {"results": [bench_pdf.run(b, pdfs, pages, 1) for b in available],
            "skipped": [b.value for b in Backend if b not in available]}


# --------------------------------------------------------------------------- report


def targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets, each with the measured figure and whether it is met."""
    out = []
    main = [r for r in report["corpus"] if r["texts"] in ("pypdf", "pdfminer", "example")]
    for row in main:
        out.append({"target": f"median letters/s ({row['texts']}) >= {TARGET_LETTERS_PER_S}",
                    "measured": row["median_letters_per_s"],
                    "met": row["median_letters_per_s"] >= TARGET_LETTERS_PER_S})
    out.append({"target": f"parse / floor <= {TARGET_FLOOR_RATIO}",
                "measured": report["floor"]["ratio"],
                "met": report["floor"]["ratio"] <= TARGET_FLOOR_RATIO})
    for how, series in report["scaling"].items():
        out.append({"target": f"time/MB ({how}) at any size <= {TARGET_FLAT} x 1x",
                    "measured": series["per_mb_vs_1x"],
                    "met": series["per_mb_vs_1x"] <= TARGET_FLAT})
    for run in report.get("batch", {}).get("runs", []):
        out.append({"target": f"batch peak MB ({run['letters']} letters, {run['jobs']} jobs)"
                              f" < {TARGET_BATCH_MB}",
                    "measured": run["peak_rss_mb"],
                    "met": 0 < run["peak_rss_mb"] < TARGET_BATCH_MB})
    return out


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    widths = [max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in columns]
    lines = ["  ".join(c.rjust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(str(r.get(c, "")).rjust(w) for c, w in zip(columns, widths, strict=True))
              for r in rows]
    return "\n".join(lines)


def print_report(report: dict[str, Any]) -> None:
    print("parse, one core (best of rounds per letter)")
    print(_table(report["corpus"], ("texts", "letters", "mb", "median_ms", "p99_ms", "max_ms",
                                    "median_letters_per_s", "letters_per_s", "mb_per_s",
                                    "ratio_to_floor")))
    f = report["floor"]
    print(f"\nfloor ({f['what']}): {f['floor_s']} s for {f['mb']} MB "
          f"({f['floor_mb_per_s']} MB/s); parse {f['parse_s']} s; ratio {f['ratio']}x")
    m = report["model"]
    print(f"\nmodel ({m['what']}): {m['objects_median']} objects and {m['median_ms']} ms "
          f"a letter (median); {m['model_s']} s for {m['letters']} letters = "
          f"{m['ratio_to_floor']}x the floor; the parse is {m['parse_ratio']}x the model")
    print("\nscaling (example letter grown)")
    rows = [{"how": how, **p} for how, s in report["scaling"].items() for p in s["points"]]
    print(_table(rows, ("how", "factor", "mb", "seconds", "s_per_mb")))
    for how, s in report["scaling"].items():
        print(f"  {how}: worst time/MB = {s['per_mb_vs_1x']} x the 1x one "
              f"(max/min {s['per_mb_max_over_min']})")
    if "batch" in report:
        print(f"\nbatch ({report['batch']['command']})")
        print(_table(report["batch"]["runs"], ("jobs", "letters", "written", "exit_status",
                                               "seconds", "letters_per_s", "peak_rss_mb")))
    if "pdf" in report:
        print("\nPDF backends (benchmarks/bench_pdf.py)")
        if report["pdf"]["results"]:
            print(_table(report["pdf"]["results"], ("backend", "version", "letters", "pages",
                                                    "seconds", "pages_per_s",
                                                    "letters_per_s")))
        if report["pdf"].get("skipped"):
            print(f"  skipped: {report['pdf']['skipped']}")
    print("\ntargets")
    print(_table(report["targets"], ("target", "measured", "met")))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the CI run: under a minute")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the figures here")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--batch-letters", type=int, default=None,
                        help="letters in the batch run (default 10000; 1000 with --quick)")
    parser.add_argument("--no-batch", action="store_true", help="skip the batch section")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF section")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    rounds = 2 if args.quick else 7
    groups = corpus_groups(args.corpus)
    corpus, floor = bench_corpus(groups, rounds)
    report: dict[str, Any] = {
        "benchmark": "imrparse.parse",
        "version": imrparse.__version__,
        "quick": args.quick,
        "rounds": rounds,
        "corpus_dir": str(args.corpus),
        "machine": {"python": platform.python_version(),
                    "implementation": platform.python_implementation(),
                    "platform": platform.platform(), "cpus": os.cpu_count(),
                    "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg")
                    else None},
        "corpus": corpus,
        "floor": floor,
        "model": bench_model(groups, rounds, floor),
        "scaling": bench_scaling(SIZES, 1 if args.quick else 5),
    }
    if not args.no_batch:
        letters = args.batch_letters or (1000 if args.quick else 10_000)
        texts = [t for named in groups.values() for _, t in named]
        report["batch"] = bench_batch(texts, letters, (1, 2))
    if not args.no_pdf:
        report["pdf"] = bench_pdfs(args.corpus, args.quick)
    report["targets"] = targets(report)
    report["seconds"] = round(time.perf_counter() - started, 1)
    print_report(report)
    print(f"\n{report['seconds']} s")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
