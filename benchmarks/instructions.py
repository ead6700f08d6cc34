"""Instructions per parse, counted by valgrind: a figure the machine's load does not move.

    python benchmarks/instructions.py [--corpus DIR] [--letters N] [--json OUT] [TREE ...]

Wall-clock figures on a shared 2-core machine swing by a third from run to run; the number
of machine instructions a parse executes does not (repeats agree within 0.03%).  Each TREE
(a checkout of imrparse; this one by default) is run twice under ``valgrind
--tool=cachegrind``, parsing every corpus text once and then twice, with a fixed hash
seed; the difference over the number of texts is the instruction count of one parse,
without the interpreter's start-up and imports.  Compare two trees to see whether a change
made the parse cheaper.

Valgrind runs the interpreter about fifty times slower: the whole corpus takes about a
minute per tree.  Needs ``valgrind`` on the PATH (Debian package ``valgrind``).
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

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"

#: Run under valgrind: parse the texts ``passes`` times (argv: tree, corpus, letters, passes).
CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import imrparse
corpus, letters, passes = Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
files = sorted(corpus.glob("*.txt")) if corpus.is_dir() else []
texts = [p.read_text("utf-8") for p in files][:letters] or [imrparse.example_letter()]
for _ in range(passes):
    for text in texts:
        try:
            imrparse.parse(text)
        except imrparse.ImrParseError:
            pass
print(len(texts))
"""

_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(tree: Path, corpus: Path, letters: int, passes: int) -> tuple[int, int]:
    """(instructions executed, texts parsed a pass) of a run parsing the texts ``passes``
    times."""
    done = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, "-c", CHILD, str(tree), str(corpus), str(letters), str(passes)],
        capture_output=True, text=True, check=False, env={**os.environ, "PYTHONHASHSEED": "0"})
    found = _REFS.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"valgrind run failed ({done.returncode}): {done.stderr[-2000:]}")
    return int(found.group(1).replace(",", "")), int(done.stdout.split()[-1])


def per_parse(tree: Path, corpus: Path, letters: int) -> dict[str, object]:
    """The instructions of one parse of each text, on average, for ``tree``."""
    once, texts = instructions(tree, corpus, letters, 1)
    twice, _ = instructions(tree, corpus, letters, 2)
    return {"tree": str(tree), "texts": texts, "instructions_per_parse": (twice - once) // texts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("trees", nargs="*", type=Path, default=[ROOT],
                        help="checkouts of imrparse to measure (default: this one)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--letters", type=int, default=1_000_000,
                        help="parse only the first N corpus texts")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the figures here")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("instructions.py: valgrind is not installed (Debian package 'valgrind')",
              file=sys.stderr)
        return 2
    rows = [per_parse(tree.resolve(), args.corpus, args.letters) for tree in args.trees]
    first = rows[0]["instructions_per_parse"]
    for index, row in enumerate(rows):
        count = row["instructions_per_parse"]
        assert isinstance(count, int) and isinstance(first, int)
        print(f"{row['tree']}: {count:,} instructions per parse over {row['texts']} texts"
              + (f" ({count / first:.3f} x the first)" if index else ""))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
