"""The ``imrparse`` command line.

* ``imrparse [FILE...]``: parse letters (text or PDF) and print them as JSON or a summary;
  without FILE, the example letter bundled with imrparse, read from its PDF when PDF
  support (``imrparse[pdf]``) is installed and from its text otherwise;
* ``imrparse parse PATH...``: a folder of letters (text or PDF) to tables (see
  :mod:`imrparse.batch.run`);
* ``imrparse stats PATH...``: the figures analysts publish, from letters or from the
  output of ``imrparse parse``;
* ``imrparse report PATH... --html DIR``: an HTML review report of letters or of a run
  (see :mod:`imrparse.report`).

The first argument picks the command; to print a file named ``parse``, ``stats`` or
``report`` as JSON, write it as ``./parse``.  Files are read as :func:`imrparse.parse_file`
reads them.  Exit status: 0 when everything parsed, 1 when some file failed, 2 for a usage
error or a missing extra (named once, with its install line, before any file is read).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from imrparse import __version__
from imrparse.batch.files import parse_data
from imrparse.errors import ImrParseError
from imrparse.examples import example_letter, example_pdf
from imrparse.jsonio import dumps
from imrparse.model import Determination
from imrparse.model.display import summary
from imrparse.pdf import DEFAULT_ORDER, default_backend, missing_backend

#: ``--pdf-backend``: its default is the fastest backend installed (:data:`DEFAULT_ORDER`).
BACKEND_CHOICES = tuple(b.value for b in DEFAULT_ORDER)
BACKEND_HELP = ("PDF text extraction (default: the fastest installed of "
                f"{', '.join(BACKEND_CHOICES)}; here {default_backend().value})")

#: The name errors give to standard input.
STDIN_NAME = "<stdin>"


def _os_reason(exc: OSError) -> str:
    """Why a file cannot be read, in words (no errno, no repeated file name)."""
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied: the file cannot be read"
    return f"cannot read the file: {exc.strerror or exc}"


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
        description="Parse IMR Final Determination Letters (text or PDF). Without FILE, "
                    "parse the example letter bundled with imrparse (its PDF when PDF "
                    "support is installed).",
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
    parser.add_argument("--pdf-backend", choices=BACKEND_CHOICES, default=default_backend().value,
                        help=BACKEND_HELP)
    parser.add_argument("--version", action="version", version=f"imrparse {__version__}")
    args = parser.parse_args(args_list)

    fmt = args.format or ("json" if args.files else "summary")
    no_pdf = missing_backend(args.pdf_backend)
    if not args.files:
        return _example(fmt=fmt, pdf_backend=args.pdf_backend, no_pdf=no_pdf,
                        strict=args.strict, spans=not args.no_spans)
    pdfs = [name for name in args.files if name.lower().endswith(".pdf")]
    if pdfs and no_pdf:
        print(f"imrparse: {len(pdfs)} PDF file(s) to read: {no_pdf}", file=sys.stderr)
        return 2
    status = 0
    for name in args.files:
        label = STDIN_NAME if name == "-" else name
        try:
            if name == "-":
                data = sys.stdin.buffer.read()
            elif Path(name).is_dir():
                print(f"imrparse: {name}: a folder, not a letter file; to parse the letters "
                      f"in it, run: imrparse parse {name} --out OUT", file=sys.stderr)
                status = 1
                continue
            else:
                data = Path(name).read_bytes()
            d = parse_data(data, label, pdf_backend=args.pdf_backend, strict=args.strict)
        except OSError as exc:
            print(f"imrparse: {label}: {_os_reason(exc)}", file=sys.stderr)
            status = 1
            continue
        except ImrParseError as exc:
            # The message without the source: the file is named once, here.
            print(f"imrparse: {label}: {exc.message}", file=sys.stderr)
            status = 1
            continue
        _print(d, fmt=fmt, spans=not args.no_spans, many=len(args.files) > 1)
    return status


def _example(*, fmt: str, pdf_backend: str, no_pdf: str | None,
             strict: bool, spans: bool) -> int:
    """Parse the bundled example letter: its PDF, or its text when PDF support is missing
    (saying so, with the install line)."""
    if no_pdf is None:
        path = example_pdf()
        name, data = str(path), path.read_bytes()
        print(f"imrparse: no FILE given: parsing the example letter bundled with imrparse, "
              f"{path}; give FILE... for yours, or run: imrparse parse FOLDER --out OUT",
              file=sys.stderr)
    else:
        name, data = "<example letter>", example_letter().encode("utf-8")
        print(f"imrparse: no FILE given: parsing the example letter's text, not its PDF "
              f"({no_pdf})", file=sys.stderr)
    try:
        d = parse_data(data, name, pdf_backend=pdf_backend, strict=strict)
    except ImrParseError as exc:
        print(f"imrparse: {name}: {exc.message}", file=sys.stderr)
        return 1
    _print(d, fmt=fmt, spans=spans, many=False)
    return 0


def _print(d: Determination, *, fmt: str, spans: bool, many: bool) -> None:
    if fmt == "json":
        print(dumps(d, spans=spans), flush=True)
    else:
        print(summary(d) + ("\n" if many else ""), flush=True)


def parse_main(argv: Sequence[str]) -> int:
    """``imrparse parse``: letters (files, folders, globs; .txt and .pdf) to tables.

    Never raises for bad input: failures go to ``errors.jsonl``; usage errors
    exit with status 2 (``SystemExit``).
    """
    from imrparse.batch.run import FORMATS, Limits, _UsageError, run_batch  # noqa: PLC0415

    parser = argparse.ArgumentParser(
        prog="imrparse parse",
        description="Parse every letter PATH names (files, folders searched recursively, "
                    "glob patterns; .txt and .pdf) into letters.* and decisions.* in --out. "
                    "Re-running on the same --out resumes: files already done are skipped; "
                    "a run with another --pdf-backend, --spans or imrparse version than the "
                    "rows already there refuses to start.",
        epilog="Exit status: 0 all parsed, 1 some files failed (listed in errors.jsonl), "
               "2 usage error, a missing extra, an unusable --out or one another run is "
               "writing to (nothing is read or written), 130 interrupted (Ctrl-C; the rows "
               "written are kept). See docs/batch.md for what survives which fault.")
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="a letter file, a folder (searched recursively) or a glob "
                             "pattern such as 'letters/**/*.pdf'")
    parser.add_argument("--out", type=Path, default=Path("imrparse-out"),
                        help="output folder (default: imrparse-out)")
    parser.add_argument("--format", choices=FORMATS, default="jsonl",
                        help="jsonl (nested determinations; default), csv or parquet")
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help="worker processes (default: all cores)")
    parser.add_argument("--pdf-backend", choices=BACKEND_CHOICES, default=default_backend().value,
                        help=BACKEND_HELP)
    parser.add_argument("--spans", action="store_true",
                        help="keep spans in the nested JSON Lines determinations")
    defaults = Limits()
    parser.add_argument("--timeout", type=float, default=defaults.timeout, metavar="SECONDS",
                        help="most seconds one file may take; its worker is then stopped "
                             f"and the file fails (default: {defaults.timeout:g})")
    parser.add_argument("--memory-limit", type=int, default=defaults.memory_mb, metavar="MB",
                        help="address space of each worker process in MiB; a file that needs "
                             f"more fails (default: {defaults.memory_mb}; 0: no limit)")
    parser.add_argument("--max-text-bytes", type=int, default=defaults.max_text_bytes,
                        metavar="BYTES",
                        help="a larger text file fails unread (default: "
                             f"{defaults.max_text_bytes:,}; letters are some 10-50 KB)")
    parser.add_argument("--csv-raw", action="store_true",
                        help="write CSV cells as they are: without it, a cell beginning with "
                             "= + - @ TAB or CR gets a leading apostrophe so that "
                             "spreadsheets do not run it as a formula")
    bar = parser.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="show a progress bar (default: when stderr is a terminal; "
                          "needs tqdm: pip install 'imrparse[progress]')")
    bar.add_argument("--no-progress", dest="progress", action="store_false")
    parser.add_argument("--version", action="version", version=f"imrparse {__version__}")
    args = parser.parse_args(argv)
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.timeout <= 0 or args.memory_limit < 0 or args.max_text_bytes < 1:
        parser.error("--timeout and --max-text-bytes must be positive, --memory-limit "
                     "0 or more")
    limits = Limits(timeout=args.timeout, memory_mb=args.memory_limit,
                    max_text_bytes=args.max_text_bytes)
    try:
        result = run_batch(args.paths, out=args.out, fmt=args.format, jobs=args.jobs,
                           pdf_backend=args.pdf_backend, spans=args.spans,
                           progress=args.progress, limits=limits, csv_raw=args.csv_raw)
    except (_UsageError, ImportError, OSError) as exc:
        for line in str(exc).splitlines():
            print(f"imrparse parse: {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # before any file was parsed: nothing written
        print("imrparse parse: interrupted", file=sys.stderr)
        return 130
    print(result.report())
    return result.exit_status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
