"""The ``imrparse`` command line.

* ``imrparse [FILE...]``: parse letters and print them as JSON or a summary;
* ``imrparse parse PATH...``: a folder of letters (text or PDF) to tables (see
  :mod:`imrparse._batch`);
* ``imrparse stats PATH...``: the figures analysts publish, from letters or from the JSON
  Lines output of ``imrparse parse``;
* ``imrparse report PATH... --html DIR``: an HTML review report of letters or of a run
  (see :mod:`imrparse.report`).

The first argument picks the command; to print a file named ``parse``, ``stats`` or
``report`` as JSON, write it as ``./parse``.  Exit status: 0 when everything parsed, 1 when
some file failed, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from imrparse import __version__
from imrparse._build import parse
from imrparse._example import example_letter
from imrparse._html import summary
from imrparse.errors import ImrParseError
from imrparse.jsonio import dumps


def _read(name: str) -> str:
    """The letter's text: a PDF (known by its first bytes, whatever its name) through
    :func:`imrparse.pdf.extract_text`, anything else as UTF-8 text."""
    if name == "-":
        return sys.stdin.read()
    path = Path(name)
    with path.open("rb") as head:
        is_pdf = head.read(5) == b"%PDF-"
    if is_pdf:
        from imrparse.pdf import extract_text  # noqa: PLC0415 (PDF support is an extra)

        return extract_text(path)
    return path.read_text("utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (1 if any file failed).

    Never raises for bad input: a file that is not a letter is reported on standard
    error with its name; usage errors exit with status 2 (``SystemExit``).
    """
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except BrokenPipeError:  # the reader went away (| head): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(args_list: list[str]) -> int:
    if args_list[:1] == ["parse"]:
        return parse_main(args_list[1:])
    if args_list[:1] == ["stats"]:
        from imrparse.stats import stats_main  # noqa: PLC0415

        return stats_main(args_list[1:])
    if args_list[:1] == ["report"]:
        from imrparse.report import report_main  # noqa: PLC0415

        return report_main(args_list[1:])
    parser = argparse.ArgumentParser(
        prog="imrparse",
        description="Parse IMR Final Determination Letters. Without FILE, parse the example "
                    "letter bundled with imrparse.",
        epilog="Commands: 'imrparse parse PATH...' turns a folder of letters into tables; "
               "'imrparse stats PATH...' prints their figures; 'imrparse report PATH... "
               "--html DIR' writes an HTML review report (see 'imrparse parse --help').")
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="letter files, text or PDF ('-' for standard input)")
    parser.add_argument("--format", choices=("json", "summary"), default=None,
                        help="output: JSON (default for files) or a readable summary "
                             "(default for the example)")
    parser.add_argument("--strict", action="store_true", help="fail on any defect")
    parser.add_argument("--no-spans", action="store_true", help="leave spans out of the JSON")
    parser.add_argument("--version", action="version", version=f"imrparse {__version__}")
    args = parser.parse_args(args_list)

    sources: list[tuple[str, str | None]] = [(name, None) for name in args.files]
    if not sources:
        sources = [("<example>", example_letter())]
    fmt = args.format or ("json" if args.files else "summary")
    status = 0
    for name, text in sources:
        try:
            letter = _read(name) if text is None else text
            d = parse(letter, strict=args.strict)
        except (OSError, ImportError, ImrParseError) as exc:
            print(f"imrparse: {name}: {exc}", file=sys.stderr)
            status = 1
            continue
        if fmt == "json":
            print(dumps(d, spans=not args.no_spans), flush=True)
        else:
            print(summary(d) + ("\n" if len(sources) > 1 else ""), flush=True)
    return status


def parse_main(argv: Sequence[str]) -> int:
    """``imrparse parse``: letters (files, folders, globs; .txt and .pdf) to tables.

    Never raises for bad input: failures go to ``errors.jsonl``; usage errors
    exit with status 2 (``SystemExit``).
    """
    from imrparse._batch import FORMATS, _UsageError, run_batch  # noqa: PLC0415

    parser = argparse.ArgumentParser(
        prog="imrparse parse",
        description="Parse every letter PATH names (files, folders searched recursively, "
                    "glob patterns; .txt and .pdf) into letters.* and decisions.* in --out. "
                    "Re-running on the same --out resumes: files already done are skipped.",
        epilog="Exit status: 0 all parsed, 1 some files failed (listed in errors.jsonl), "
               "2 usage error.")
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="a letter file, a folder (searched recursively) or a glob "
                             "pattern such as 'letters/**/*.pdf'")
    parser.add_argument("--out", type=Path, default=Path("imrparse-out"),
                        help="output folder (default: imrparse-out)")
    parser.add_argument("--format", choices=FORMATS, default="jsonl",
                        help="jsonl (nested determinations; default), csv or parquet")
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help="worker processes (default: all cores)")
    parser.add_argument("--pdf-backend", choices=("pypdf", "pdfium", "pdftotext"),
                        default="pypdf", help="PDF text extraction (default: pypdf)")
    parser.add_argument("--spans", action="store_true",
                        help="keep spans in the nested JSON Lines determinations")
    bar = parser.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="show a progress bar (default: when stderr is a terminal; "
                          "needs tqdm: pip install 'imrparse[progress]')")
    bar.add_argument("--no-progress", dest="progress", action="store_false")
    parser.add_argument("--version", action="version", version=f"imrparse {__version__}")
    args = parser.parse_args(argv)
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be at least 1")
    try:
        result = run_batch(args.paths, out=args.out, fmt=args.format, jobs=args.jobs,
                           pdf_backend=args.pdf_backend, spans=args.spans,
                           progress=args.progress)
    except (_UsageError, ImportError, OSError) as exc:
        print(f"imrparse parse: {exc}", file=sys.stderr)
        return 2
    print(result.report())
    return result.exit_status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
