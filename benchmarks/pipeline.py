"""The pipeline's ratios in one run: batch vs parse, PDF batch vs raw extraction, Dask vs CLI.

    python benchmarks/pipeline.py [--quick] [--json OUT] [--jobs N] [--letters N]
        [--pdfs N] [--backend NAME] [--corpus DIR] [--no-dask] [--files-per-partition N]

Inputs are copies of the corpus (``.pypdf.txt`` texts and PDFs, cycled to the counts asked
for) in a temporary folder outside the repository, removed afterwards.  In one run, with
the machine and the commands reported:

- ``parse``: one core, in this process, ``imrparse.parse`` over the texts (after one
  warm-up pass over the distinct texts): the one-core parse rate;
- ``text batch``: ``imrparse parse DIR --jobs N`` over the texts (wall time of the whole
  command: start-up, discovery, workers, writes), and its ratio to N times the one-core
  parse rate;
- ``raw extraction``: ``imrparse.pdf.extract_text`` over the PDFs in N spawned processes
  (wall time including the pool's start), the backend's own limit;
- ``PDF batch``: ``imrparse parse DIR --jobs N --pdf-backend B`` over the same PDFs, and its
  ratio to the raw extraction;
- ``dask``: ``imrparse.dask.to_parquet(read_letters(...))`` on a ``LocalCluster`` of N
  single-threaded worker processes (cluster start-up not timed, workers not warmed), for
  the texts and the PDFs, and its ratio to the CLI run over the same files;
- CPU milliseconds a letter of each (``process_time``, and the children's ``getrusage``),
  and the ratios of those, which the machine's load moves far less than the wall-clock
  ratios: on a shared machine, read both;
- per-letter costs (core-seconds a letter) from which ``docs/performance.md`` sizes a
  run of 1.7 million letters.

``--quick`` (CI) runs every section on a few files: it must run, not meet the targets.
Timings are never asserted.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import itertools
import json
import multiprocessing
import os
import platform
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import imrparse  # noqa: E402 (after the sys.path line)
from imrparse.pdf import Backend, default_backend, extract_text, missing_backend  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

#: The targets of issue 17 (measured, reported; never asserted).
TEXT_TARGET = 0.80
PDF_TARGET = 0.80
DASK_TARGET = 0.70


def children_cpu() -> float:
    """CPU seconds of the ended (waited-for) child processes and theirs, so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def machine() -> dict[str, Any]:
    return {"load_average": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(), "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cores": os.cpu_count(), "imrparse": imrparse.__version__,
            "command": shlex.join([Path(sys.executable).name, *sys.argv])}


def copy_inputs(corpus: Path, base: Path, letters: int, pdfs: int) -> tuple[Path, Path, int]:
    """Copies of the corpus texts and PDFs, cycled to the counts; and the distinct texts."""
    texts = sorted(corpus.glob("*.pypdf.txt"))
    pdf_files = sorted(corpus.glob("*.pdf"))
    if not texts or not pdf_files:
        raise SystemExit(f"no corpus letters at {corpus}")
    text_dir, pdf_dir = base / "texts", base / "pdfs"
    text_dir.mkdir()
    pdf_dir.mkdir()
    for i, src in zip(range(letters), itertools.cycle(texts), strict=False):
        shutil.copyfile(src, text_dir / f"{i:07d}.txt")
    for i, src in zip(range(pdfs), itertools.cycle(pdf_files), strict=False):
        shutil.copyfile(src, pdf_dir / f"{i:07d}.pdf")
    return text_dir, pdf_dir, len(texts)


def one_core_parse(text_dir: Path) -> dict[str, Any]:
    texts = [p.read_text("utf-8") for p in sorted(text_dir.iterdir())]
    for text in dict.fromkeys(texts):  # warm-up: imports, caches, compiled patterns
        imrparse.parse(text)
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        imrparse.parse(text)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    return {"letters": len(texts), "seconds": round(seconds, 3),
            "letters_per_s": round(len(texts) / seconds, 1),
            "ms_per_letter": round(1000 * seconds / len(texts), 3),
            "cpu_ms_per_letter": round(1000 * cpu / len(texts), 3)}


def cli_run(folder: Path, out: Path, jobs: int, backend: str) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "imrparse.cli", "parse", str(folder), "--out", str(out),
           "--jobs", str(jobs), "--pdf-backend", backend, "--no-progress"]
    start, cpu = time.perf_counter(), children_cpu()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    cpu = children_cpu() - cpu
    if done.returncode not in (0, 1):
        raise SystemExit(f"{shlex.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    files = sum(1 for _ in folder.iterdir())
    written = sum(1 for _ in (out / "letters.jsonl").open("rb"))
    return {"command": shlex.join(["imrparse", *cmd[3:]]).replace(str(folder.parent), "$TMP"),
            "letters": files, "written": written, "seconds": round(seconds, 3),
            "letters_per_s": round(files / seconds, 1),
            "cpu_ms_per_letter": round(1000 * cpu / files, 3)}


def _extract_many(paths: Sequence[str], backend: str) -> int:
    return sum(len(extract_text(path, backend=backend)) for path in paths)


def raw_extraction(pdf_dir: Path, jobs: int, backend: str) -> dict[str, Any]:
    """``extract_text`` in ``jobs`` spawned processes, a few tasks each (as the batch does)."""
    paths = sorted(str(p) for p in pdf_dir.iterdir())
    chunk = max(1, min(32, len(paths) // (jobs * 8)))
    tasks = [paths[i:i + chunk] for i in range(0, len(paths), chunk)]
    start, cpu = time.perf_counter(), children_cpu()
    with cf.ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        chars = sum(pool.map(_extract_many, tasks, itertools.repeat(backend)))
    seconds = time.perf_counter() - start
    cpu = children_cpu() - cpu
    return {"letters": len(paths), "chars": chars, "seconds": round(seconds, 3),
            "letters_per_s": round(len(paths) / seconds, 1),
            "cpu_ms_per_letter": round(1000 * cpu / len(paths), 3)}


def dask_runs(folders: dict[str, Path], base: Path, jobs: int, backend: str,
              files_per_partition: int) -> dict[str, Any]:
    import distributed

    import imrparse.dask as imrdask

    runs: dict[str, Any] = {}
    start = time.perf_counter()
    with distributed.LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster):
        started = time.perf_counter() - start
        for kind, folder in folders.items():
            ext = "txt" if kind == "text" else "pdf"
            out = base / f"dask-{kind}"
            begin = time.perf_counter()
            bag = imrdask.read_letters(f"{folder}/*.{ext}", pdf_backend=backend,
                                       files_per_partition=files_per_partition)
            imrdask.to_parquet(bag, str(out))
            seconds = time.perf_counter() - begin
            letters = sum(1 for _ in folder.iterdir())
            written = len(imrparse.tables.read_tables(out).letters)
            runs[kind] = {"letters": letters, "written": written,
                          "seconds": round(seconds, 3),
                          "letters_per_s": round(letters / seconds, 1)}
    return {"cluster": f"LocalCluster(n_workers={jobs}, threads_per_worker=1)",
            "cluster_start_s": round(started, 2), "files_per_partition": files_per_partition,
            "call": "imrparse.dask.to_parquet(imrparse.dask.read_letters(GLOB), OUT)",
            "runs": runs}


def ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else 0.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the CI run: a few files")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the figures here")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--letters", type=int, default=None, help="texts (default 4000)")
    parser.add_argument("--pdfs", type=int, default=None, help="PDFs (default 606)")
    parser.add_argument("--backend", choices=[b.value for b in Backend],
                        default=default_backend().value)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask route")
    parser.add_argument("--files-per-partition", type=int, default=None,
                        help="Dask partition size (default: read_letters' own)")
    args = parser.parse_args(argv)
    if note := missing_backend(args.backend):
        raise SystemExit(note)
    letters = args.letters or (120 if args.quick else 4000)
    pdfs = args.pdfs or (24 if args.quick else 606)
    jobs = args.jobs
    report: dict[str, Any] = {"machine": machine(), "quick": args.quick, "jobs": jobs,
                              "backend": args.backend}
    with tempfile.TemporaryDirectory(prefix="imrparse-pipeline-") as tmp:
        base = Path(tmp)
        text_dir, pdf_dir, distinct = copy_inputs(args.corpus, base, letters, pdfs)
        report["inputs"] = {"texts": letters, "pdfs": pdfs, "distinct_letters": distinct}
        parse = report["parse"] = one_core_parse(text_dir)
        print(f"parse, one core: {parse['letters_per_s']} letters/s", flush=True)
        text = report["text_batch"] = cli_run(text_dir, base / "out-text", jobs, args.backend)
        text["ratio_to_parse"] = ratio(text["letters_per_s"], jobs * parse["letters_per_s"])
        # CPU a letter, parse over batch: what the wall-clock ratio comes to on an idle
        # machine whose cores the run has to itself (the load does not move it much).
        text["cpu_ratio_to_parse"] = ratio(parse["cpu_ms_per_letter"],
                                           text["cpu_ms_per_letter"])
        print(f"text batch --jobs {jobs}: {text['letters_per_s']} letters/s, "
              f"{text['ratio_to_parse']} of {jobs} x parse", flush=True)
        raw = report["raw_extraction"] = raw_extraction(pdf_dir, jobs, args.backend)
        print(f"raw {args.backend} extraction, {jobs} processes: "
              f"{raw['letters_per_s']} letters/s", flush=True)
        pdf = report["pdf_batch"] = cli_run(pdf_dir, base / "out-pdf", jobs, args.backend)
        pdf["ratio_to_raw"] = ratio(pdf["letters_per_s"], raw["letters_per_s"])
        pdf["cpu_ratio_to_raw"] = ratio(raw["cpu_ms_per_letter"], pdf["cpu_ms_per_letter"])
        print(f"PDF batch --jobs {jobs}: {pdf['letters_per_s']} letters/s, "
              f"{pdf['ratio_to_raw']} of raw extraction", flush=True)
        if not args.no_dask:
            fpp = args.files_per_partition
            if fpp is None:
                import inspect

                import imrparse.dask as imrdask

                fpp = inspect.signature(imrdask.read_letters).parameters[
                    "files_per_partition"].default
            dask = report["dask"] = dask_runs({"text": text_dir, "pdf": pdf_dir}, base, jobs,
                                              args.backend, fpp)
            for kind, cli in (("text", text), ("pdf", pdf)):
                row = dask["runs"][kind]
                row["ratio_to_cli"] = ratio(row["letters_per_s"], cli["letters_per_s"])
                print(f"dask {kind}: {row['letters_per_s']} letters/s, "
                      f"{row['ratio_to_cli']} of the CLI", flush=True)
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    report["per_letter_core_ms"] = {
        "parse": parse["ms_per_letter"],
        "text_batch": round(1000 * jobs / text["letters_per_s"], 3),
        "pdf_batch": round(1000 * jobs / pdf["letters_per_s"], 3),
        "raw_extraction": round(1000 * jobs / raw["letters_per_s"], 3),
        "cpu": {"parse": parse["cpu_ms_per_letter"], "text_batch": text["cpu_ms_per_letter"],
                "pdf_batch": pdf["cpu_ms_per_letter"],
                "raw_extraction": raw["cpu_ms_per_letter"]}}
    report["targets"] = [
        {"target": f"text batch >= {TEXT_TARGET:.0%} of N x one-core parse",
         "measured": text["ratio_to_parse"], "met": text["ratio_to_parse"] >= TEXT_TARGET,
         "cpu_ratio": text["cpu_ratio_to_parse"]},
        {"target": f"PDF batch >= {PDF_TARGET:.0%} of raw extraction",
         "measured": pdf["ratio_to_raw"], "met": pdf["ratio_to_raw"] >= PDF_TARGET,
         "cpu_ratio": pdf["cpu_ratio_to_raw"]}]
    if "dask" in report:
        measured = report["dask"]["runs"]["text"]["ratio_to_cli"]
        report["targets"].append({"target": f"Dask >= {DASK_TARGET:.0%} of the CLI (text)",
                                  "measured": measured, "met": measured >= DASK_TARGET})
    print(json.dumps({"machine": report["machine"], "targets": report["targets"],
                      "per_letter_core_ms": report["per_letter_core_ms"]}, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
