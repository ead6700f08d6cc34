"""Template drift on the corpus letters: the share that keeps every core fact.

    python benchmarks/drift.py [--corpus DIR] [--seeds N]

Each corpus text is edited by the drift models of :mod:`imrparse.testing` (headings,
title lines and labels re-cased and reworded to their known variants, header cells
reordered, outcome words re-cased), each model alone and all of them together, with
``N`` seeds each.  A drifted letter keeps its core facts when its case number, items
(request, outcome, partial authorization), age and sex are those of the unedited letter;
one that loses one is counted as silent when it has no more defects than the unedited one.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import imrparse
from imrparse import Determination
from imrparse.testing import DRIFT_MODELS, apply_noise, drift


def core_facts(d: Determination) -> tuple[object, ...]:
    summary = d.summary
    return (d.case_number, tuple((i.request, i.outcome, i.partial) for i in d.items),
            summary.age if summary else None, summary.sex if summary else None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path,
                        default=Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus")
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    texts = [p.read_text("utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no letters in {args.corpus}")
    models = {name: (name,) for name in DRIFT_MODELS}
    for name, names in [*models.items(), ("all", None)]:
        kept = silent = total = 0
        for text in texts:
            reference = imrparse.parse(text)
            for seed in range(args.seeds):
                edited = (drift(text, random.Random(seed)) if names is None
                          else apply_noise(text, names, seed))
                d = imrparse.parse(edited)
                total += 1
                if core_facts(d) == core_facts(reference):
                    kept += 1
                elif len(d.defects) <= len(reference.defects):
                    silent += 1
        print(f"{name:18} {kept}/{total} keep every core fact ({100 * kept / total:.1f}%), "
              f"{silent} lost silently")


if __name__ == "__main__":
    main()
