"""``imrparse stats``: the analysts' figures, from letters and from JSON Lines, and charts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import imrparse
from imrparse.cli import main
from imrparse.stats import GroupRow, _spread, compute, format_text
from imrparse.tables import decision_rows, letter_row
from tests.corpus import CORPUS, need_corpus


def _decision(outcome: str | None, category: str | None = None,
              specialties: tuple[str, ...] = (), drug_class: str | None = None
              ) -> dict[str, Any]:
    return {"outcome": outcome, "treatment_category": category, "drug_class": drug_class,
            "maximus_guideline_source": None, "reviewer_specialties": list(specialties)}


def test_groups_count_each_specialty_of_a_decision() -> None:
    decisions = [_decision("upheld", "Pharmaceuticals", ("A", "B"), "Opioids"),
                 _decision("overturned", "Pharmaceuticals", ("A",)),
                 _decision("upheld", None, ())]
    letters = [{"n_items": 2, "n_defects": 0, "letter_outcome": "partial-overturn",
                "days_received_to_decision": 30, "days_assigned_to_decision": 20},
               {"n_items": 1, "n_defects": 1, "letter_outcome": "uphold",
                "days_received_to_decision": None, "days_assigned_to_decision": 10}]
    f = compute(letters, decisions)
    assert f.overall == {"decisions": 3, "upheld": 2, "overturned": 1, "unknown": 0}
    assert f.by_specialty == (GroupRow("A", 2, 1, 1), GroupRow("(not stated)", 1, 1, 0),
                              GroupRow("B", 1, 1, 0))
    assert f.by_category == (GroupRow("Pharmaceuticals", 2, 1, 1),
                             GroupRow("(not classified)", 1, 1, 0))
    assert f.by_drug_class == (GroupRow("Opioids", 1, 1, 0),)
    assert f.multi_decision_letters == 1 and f.letters_with_defects == 1
    assert f.days_received_to_decision.n == 1
    assert f.days_assigned_to_decision.median == 15


@pytest.mark.parametrize(("days", "median", "q1", "q3"), [
    ([], None, None, None), ([7], 7, 7, 7), ([1, 2, 3, 4, 5], 3, 2, 4),
    ([10, 20, None, 30, 40], 25, 17.5, 32.5)], ids=["none", "one", "odd", "with-missing"])
def test_spread(days: list[int | None], median: float | None, q1: float | None,
                q3: float | None) -> None:
    s = _spread(days)
    assert (s.median, s.q1, s.q3) == (median, q1, q3)


def test_example_text() -> None:
    d = imrparse.parse(imrparse.example_letter())
    text = format_text(compute([letter_row(d)], decision_rows(d)))
    assert "letters: 1   decisions: 2" in text
    assert "upheld: 1 (50.0%)   overturned: 1 (50.0%)" in text
    assert re.search(r"\nOpioids +1 +100.0% +0.0%\n", text)


def _figure(text: str, pattern: str) -> str:
    found = re.search(pattern, text)
    assert found, pattern
    return found.group(1)


@pytest.mark.corpus
def test_corpus_letters_and_their_json_lines_give_the_same_figures(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    need_corpus()
    texts = sorted(CORPUS.glob("*.pypdf.txt"))
    assert main(["stats", str(CORPUS / "*.pypdf.txt"), "--jobs", "2"]) == 0
    from_letters = capsys.readouterr().out
    assert int(_figure(from_letters, r"letters: (\d+) ")) == len(texts)
    items = sum(len(imrparse.parse(p.read_text("utf-8")).items) for p in texts)
    assert int(_figure(from_letters, r"decisions: (\d+)")) == items
    # Reference range (ecosystem.md B5): DWC and CWCI report 8-13 % overturned.
    share = float(_figure(from_letters, r"overturned: \d+ \(([\d.]+)%\)"))
    assert 5 < share < 20

    assert main(["parse", str(CORPUS / "*.pypdf.txt"), "--out", str(tmp_path),
                 "--jobs", "2"]) == 0
    capsys.readouterr()
    assert main(["stats", str(tmp_path / "letters.jsonl")]) == 0
    assert capsys.readouterr().out == from_letters


def test_bad_input_sets_the_exit_status(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(imrparse.example_letter())
    (tmp_path / "b.txt").write_text("Nothing to see.\n")
    assert main(["stats", str(tmp_path), "--jobs", "1"]) == 1
    assert "files that failed: 1" in capsys.readouterr().out
    (tmp_path / "x.jsonl").write_text('{"no": "determination"}\n')
    assert main(["stats", str(tmp_path / "x.jsonl")]) == 2


@pytest.mark.corpus
def test_plot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    need_corpus()
    png = tmp_path / "figures.png"
    assert main(["stats", str(CORPUS / "*.pypdf.txt"), "--jobs", "1", "--plot",
                 str(png)]) == 0
    capsys.readouterr()
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
