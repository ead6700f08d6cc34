"""An HTML review report of a run: see, letter by letter, what was read.

Takes letters (``.txt``/``.pdf`` files, folders, glob patterns) or the output of
``imrparse parse`` (its folder or ``letters.jsonl``; best written with ``--spans``), and
gives a static site that opens from the file system, with no server and no network:

* ``index.html``: the figures of ``imrparse stats`` as tables and inline SVG charts, each
  group linked to the decisions behind it, and a sortable, filterable table of the letters
  and decisions, its rows loaded lazily from ``data/`` and shown a page at a time;
* ``letters/NNNN/NNNNNN-CASE.html``, one page per letter: its text with every value marked
  by its model path (hover or click shows the field and value), the defects marked in
  another colour and listed with links to their place, and the parsed model as a summary.

Everything from the letters is escaped, and every page forbids inline and outside scripts
(a Content Security Policy).  Pages are written as the letters are read, so memory stays
flat in the number of letters.  The command line is ``imrparse report PATH... --html DIR``.

>>> import imrparse
>>> from imrparse.report import letter_html
>>> view = letter_html(imrparse.parse(imrparse.example_letter()))  # Jupyter shows it inline
>>> 'class="v g-header" title="header.case_number = CM16-0000001"' in view._repr_html_()
True
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from imrparse.report._letter import LetterView, letter_html
from imrparse.report._site import ReportSummary, write_html

__all__ = ["LetterView", "ReportSummary", "letter_html", "report_main", "write_html"]


def report_main(argv: Sequence[str]) -> int:
    """``imrparse report PATH... --html DIR``.

    Never raises for bad input: letters that fail are listed in the report and give exit
    status 1; usage errors exit with status 2.
    """
    parser = argparse.ArgumentParser(
        prog="imrparse report",
        description="Write an HTML review report of letters (.txt/.pdf files, folders, "
                    "globs) or of the output of 'imrparse parse' (its folder or "
                    "letters.jsonl; run it with --spans so that values can be marked "
                    "without parsing the letters again): the figures, a table of the "
                    "letters and decisions, and one page per letter with every value "
                    "marked in its text.  Open DIR/index.html in a browser.",
        epilog="Exit status: 0 every letter read, 1 some failed (listed in the report), "
               "2 usage error.")
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="letters (files, folders, globs) or 'imrparse parse' output")
    parser.add_argument("--html", required=True, metavar="DIR", type=str,
                        help="the report's folder (created; an earlier report there is "
                             "replaced)")
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help="worker processes (default: all cores)")
    from imrparse.cli import BACKEND_CHOICES, BACKEND_HELP  # noqa: PLC0415
    from imrparse.pdf import default_backend  # noqa: PLC0415

    parser.add_argument("--pdf-backend", choices=BACKEND_CHOICES,
                        default=default_backend().value, help=BACKEND_HELP)
    args = parser.parse_args(argv)
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be at least 1")
    try:
        summary = write_html(args.paths, args.html, jobs=args.jobs,
                             pdf_backend=args.pdf_backend)
    except (ValueError, OSError) as exc:
        print(f"imrparse report: {exc}", file=sys.stderr)
        return 2
    print(summary.report())
    return summary.exit_status
