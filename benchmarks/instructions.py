"""Instructions per letter, counted by valgrind: figures the machine's load does not move.

    python benchmarks/instructions.py [--what parse,floor,model] [--corpus DIR]
                                      [--letters N] [--json OUT] [TREE ...]

Wall-clock figures on a shared 2-core machine swing by a third from run to run; the number
of machine instructions a piece of work executes does not (repeats agree within 0.03%).
For each TREE (a checkout of imrparse; this one by default) and each measure, Python runs
twice under ``valgrind --tool=cachegrind`` with a fixed hash seed, doing the measured work
over every corpus text once and then again (once more; the cheap floor twenty times more);
the difference over the number of texts and extra passes is the instruction count of the
work on one letter, without start-up, imports and preparation.
The measures, as in ``bench.py``:

``parse``
    ``imrparse.parse`` of the letter;
``floor``
    ``str.splitlines()`` and ``strip()`` of every line (``bench.floor_pass``);
``model``
    the constructor calls that build the letter's parsed model again
    (``bench.constructor_calls``).

The ratios parse/floor and model/floor are then free of the noise that moves the timed
floor (a few microseconds a letter) by half from run to run.  Compare two trees to see
whether a change made the parse cheaper.

Valgrind runs the interpreter about fifty times slower: each measure takes about a minute
over the corpus.  Needs ``valgrind`` on the PATH (Debian package ``valgrind``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

MEASURES = ("parse", "floor", "model")
#: The extra passes of each measure's second run.  The start-up of two runs differs by up to
#: a million instructions; the floor's pass over one letter is a tenth of that, so it is
#: repeated until the difference stands well above that noise.
EXTRA_PASSES = {"parse": 1, "floor": 20, "model": 1}

#: Run under valgrind: do the measured work on every text ``passes`` times
#: (argv: tree, corpus, letters, passes, measure, this folder).  imrparse is imported from
#: the tree first, so that ``bench`` (of this checkout, which puts its own on the path)
#: finds it already imported.
CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import imrparse
sys.path.insert(0, sys.argv[6])
import bench
corpus, letters, passes, measure = (Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]),
                                    sys.argv[5])
texts = [text for named in bench.corpus_groups(corpus).values() for _, text in named][:letters]
if measure == "model":
    work, inputs = bench.build_model, bench.model_builds(texts)
else:
    work, inputs = (bench.floor_pass if measure == "floor" else bench.parse_quietly), texts
for _ in range(passes):
    for one in inputs:
        work(one)
print(len(inputs))
"""

_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(tree: Path, corpus: Path, letters: int, passes: int,
                 measure: str) -> tuple[int, int]:
    """(instructions executed, texts a pass) of a run doing ``measure`` ``passes`` times."""
    done = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, "-c", CHILD, str(tree), str(corpus), str(letters), str(passes),
         measure, str(Path(__file__).resolve().parent)],
        capture_output=True, text=True, check=False, env={**os.environ, "PYTHONHASHSEED": "0"})
    found = _REFS.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"valgrind run failed ({done.returncode}): {done.stderr[-2000:]}")
    return int(found.group(1).replace(",", "")), int(done.stdout.split()[-1])


def per_letter(tree: Path, corpus: Path, letters: int,
               measures: tuple[str, ...]) -> dict[str, Any]:
    """The instructions of each measure on one letter, on average, for ``tree``; and the
    ratios to the floor where it was measured."""
    row: dict[str, Any] = {"tree": str(tree)}
    for measure in measures:
        extra = EXTRA_PASSES[measure]
        once, texts = instructions(tree, corpus, letters, 1, measure)
        more, _ = instructions(tree, corpus, letters, 1 + extra, measure)
        row["texts"] = texts
        row[measure] = (more - once) // (texts * extra)
    if "floor" in row:
        for measure in ("parse", "model"):
            if measure in row:
                row[f"{measure}_to_floor"] = round(row[measure] / row["floor"], 1)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("trees", nargs="*", type=Path, default=[ROOT],
                        help="checkouts of imrparse to measure (default: this one)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--letters", type=int, default=1_000_000,
                        help="parse only the first N corpus texts")
    parser.add_argument("--what", default=",".join(MEASURES),
                        help=f"the measures, comma-separated (default {','.join(MEASURES)})")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the figures here")
    args = parser.parse_args(argv)
    measures = tuple(m for m in args.what.split(",") if m)
    unknown = sorted(set(measures) - set(MEASURES))
    if unknown or not measures:
        parser.error(f"--what takes {', '.join(MEASURES)}; not {', '.join(unknown) or 'none'}")
    if shutil.which("valgrind") is None:
        print("instructions.py: valgrind is not installed (Debian package 'valgrind')",
              file=sys.stderr)
        return 2
    rows = [per_letter(tree.resolve(), args.corpus, args.letters, measures)
            for tree in args.trees]
    for index, row in enumerate(rows):
        print(f"{row['tree']} ({row['texts']} texts), instructions per letter:")
        for measure in measures:
            versus = (f"  ({row[measure] / rows[0][measure]:.3f} x the first tree)"
                      if index else "")
            to_floor = (f"  = {row[f'{measure}_to_floor']} x the floor"
                        if f"{measure}_to_floor" in row else "")
            print(f"  {measure:6} {row[measure]:>12,}{to_floor}{versus}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
