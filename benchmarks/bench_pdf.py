"""Benchmark the PDF text backends of :mod:`imrparse.pdf` over the corpus letters.

    python benchmarks/bench_pdf.py [--quick] [--json OUT] [--corpus DIR] [--repeat N]
        [--backend NAME ...]

For every installed backend: one warm-up extraction (imports, PDFium/poppler start-up)
is excluded, then every PDF is extracted ``--repeat`` times in one process and the best
round is kept.  Pages are counted once, outside the timing.  Prints a table; with
``--json`` also writes the figures (and the machine they came from) to OUT.
``--quick`` uses 5 PDFs spread evenly over the sorted corpus.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from imrparse.errors import PdfError  # noqa: E402 (after the sys.path line)
from imrparse.pdf import Backend, extract_text, page_count  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
QUICK = 5


def backend_version(backend: Backend) -> str | None:
    """The installed version, or None when the backend is not available."""
    if backend is Backend.PDFTOTEXT:
        exe = shutil.which("pdftotext")
        if exe is None:
            return None
        done = subprocess.run([exe, "-v"], capture_output=True, text=True, check=False)
        first = (done.stderr or done.stdout).splitlines()
        return first[0].removeprefix("pdftotext version ").strip() if first else "unknown"
    dist = {Backend.PYPDF: "pypdf", Backend.PDFIUM: "pypdfium2"}[backend]
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def pick(pdfs: list[Path], quick: bool) -> list[Path]:
    if not quick or len(pdfs) <= QUICK:
        return pdfs
    step = (len(pdfs) - 1) / (QUICK - 1)
    return [pdfs[round(i * step)] for i in range(QUICK)]


def run(backend: Backend, pdfs: list[Path], pages: int, repeat: int) -> dict[str, object]:
    extract_text(pdfs[0], backend=backend)  # warm-up, not timed
    best = float("inf")
    errors: list[str] = []
    chars = 0
    for _ in range(repeat):
        errors.clear()
        chars = 0
        start = time.perf_counter()
        for pdf in pdfs:
            try:
                chars += len(extract_text(pdf, backend=backend))
            except PdfError as exc:
                errors.append(str(exc))
        best = min(best, time.perf_counter() - start)
    return {
        "backend": backend.value,
        "version": backend_version(backend),
        "letters": len(pdfs),
        "pages": pages,
        "seconds": round(best, 4),
        "ms_per_letter": round(1000 * best / len(pdfs), 2),
        "letters_per_s": round(len(pdfs) / best, 2),
        "pages_per_s": round(pages / best, 2),
        "chars": chars,
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"only {QUICK} PDFs")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the figures here")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=1, help="rounds; the best is kept")
    parser.add_argument(
        "--backend", action="append", choices=[b.value for b in Backend],
        help="only these backends (repeatable); default: every installed one",
    )
    args = parser.parse_args(argv)

    pdfs = pick(sorted(args.corpus.glob("*.pdf")), args.quick)
    if not pdfs:
        print(f"no PDFs in {args.corpus}", file=sys.stderr)
        return 2
    chosen = [Backend(b) for b in args.backend] if args.backend else list(Backend)
    available = [b for b in chosen if backend_version(b) is not None]
    skipped = [b.value for b in chosen if b not in available]
    if not available:
        print("no PDF backend installed: pip install 'imrparse[pdf]'", file=sys.stderr)
        return 2
    # Count pages with the fastest installed backend; the count is the same for all.
    counter = Backend.PDFIUM if Backend.PDFIUM in available else available[0]
    pages = sum(page_count(pdf, backend=counter) for pdf in pdfs)

    rows = [run(b, pdfs, pages, max(1, args.repeat)) for b in available]

    head = f"{'backend':<10} {'version':<10} {'letters':>7} {'pages':>6} {'seconds':>8} "
    head += f"{'ms/letter':>9} {'letters/s':>9} {'pages/s':>8} {'errors':>6}"
    print(head)
    print("-" * len(head))
    for row in rows:
        print(
            f"{row['backend']:<10} {row['version']!s:<10} {row['letters']:>7} "
            f"{row['pages']:>6} {row['seconds']:>8} {row['ms_per_letter']:>9} "
            f"{row['letters_per_s']:>9} {row['pages_per_s']:>8} {len(row['errors']):>6}"  # type: ignore[arg-type]
        )
    if skipped:
        print(f"not installed, skipped: {', '.join(skipped)}")

    if args.json:
        report = {
            "benchmark": "imrparse.pdf.extract_text",
            "corpus": str(args.corpus),
            "quick": args.quick,
            "repeat": max(1, args.repeat),
            "machine": {
                "python": platform.python_version(),
                "implementation": platform.python_implementation(),
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
            },
            "results": rows,
            "skipped": skipped,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
