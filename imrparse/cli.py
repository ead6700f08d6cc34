"""The ``imrparse`` command line: parse letters and print them as JSON or a summary."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from imrparse import __version__
from imrparse._build import parse
from imrparse._example import example_letter
from imrparse.errors import ImrParseError
from imrparse.jsonio import dumps
from imrparse.model import Determination


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
        who = " ".join(str(x) for x in (
            f"{d.summary.age}-year-old" if d.summary.age else None,
            d.summary.sex.value if d.summary.sex else None) if x)
        lines.append(f"  {'Injured worker:':22s}{who or 'not stated'}")
    lines.append(f"  {len(d.items)} disputed item(s):")
    for item in d.items:
        outcome = item.outcome.value.upper() if item.outcome else "UNKNOWN"
        request = item.partial.disputed if item.partial and item.partial.disputed else item.request
        lines.append(f"    {item.number}. {outcome:10s} {request}")
    if d.defects:
        lines.append(f"  {len(d.defects)} defect(s):")
        lines.extend(f"    - {defect}" for defect in d.defects)
    return "\n".join(lines)


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    return Path(name).read_text("utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (1 if any file failed)."""
    parser = argparse.ArgumentParser(
        prog="imrparse",
        description="Parse IMR Final Determination Letters. Without FILE, parse the example "
                    "letter bundled with imrparse.")
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="letter text files ('-' for standard input)")
    parser.add_argument("--format", choices=("json", "summary"), default=None,
                        help="output: JSON (default for files) or a readable summary "
                             "(default for the example)")
    parser.add_argument("--strict", action="store_true", help="fail on any defect")
    parser.add_argument("--no-spans", action="store_true", help="leave spans out of the JSON")
    parser.add_argument("--version", action="version", version=f"imrparse {__version__}")
    args = parser.parse_args(argv)

    sources: list[tuple[str, str | None]] = [(name, None) for name in args.files]
    if not sources:
        sources = [("<example>", example_letter())]
    fmt = args.format or ("json" if args.files else "summary")
    status = 0
    for name, text in sources:
        try:
            letter = _read(name) if text is None else text
            d = parse(letter, strict=args.strict)
        except (OSError, ImrParseError) as exc:
            print(f"imrparse: {name}: {exc}", file=sys.stderr)
            status = 1
            continue
        if fmt == "json":
            print(dumps(d, spans=not args.no_spans))
        else:
            print(summary(d) + ("\n" if len(sources) > 1 else ""))
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
