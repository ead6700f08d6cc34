"""``imrparse stats``: the analysts' figures, from letters and from whatever ``imrparse
parse`` wrote (a folder or one of its tables, in every format); bad paths are errors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import imrparse
from imrparse.cli import main
from imrparse.stats import GroupRow, _spread, compute, format_text
from imrparse.tables import decision_rows, letter_row
from tests.corpus import CORPUS, need_corpus
from tests.sample_letters import write_sample_letters

FORMATS = ("jsonl", "csv", "parquet")


def _decision(outcome: str | None, category: str | None = None,
              specialties: tuple[str, ...] = (), drug_class: str | None = None
              ) -> dict[str, Any]:
    return {"outcome": outcome, "treatment_category": category, "drug_class": drug_class,
            "maximus_guideline_source": None, "reviewer_specialties": list(specialties)}


LETTERS = [{"n_items": 2, "n_upheld": 1, "n_overturned": 1, "n_defects": 0,
            "letter_outcome": "partially-overturned", "days_received_to_decision": 30,
            "days_assigned_to_decision": 20},
           {"n_items": 1, "n_upheld": 1, "n_overturned": 0, "n_defects": 1,
            "letter_outcome": "upheld", "days_received_to_decision": None,
            "days_assigned_to_decision": 10}]


def test_groups_count_each_specialty_of_a_decision() -> None:
    decisions = [_decision("upheld", "Pharmaceuticals", ("A", "B"), "Opioids"),
                 _decision("overturned", "Pharmaceuticals", ("A",)),
                 _decision("upheld", None, ())]
    f = compute(LETTERS, decisions)
    assert f.overall == {"decisions": 3, "upheld": 2, "overturned": 1, "unknown": 0}
    assert f.by_specialty == (GroupRow("A", 2, 1, 1), GroupRow("(not stated)", 1, 1, 0),
                              GroupRow("B", 1, 1, 0))
    assert f.by_category == (GroupRow("Pharmaceuticals", 2, 1, 1),
                             GroupRow("(not classified)", 1, 1, 0))
    assert f.by_drug_class == (GroupRow("Opioids", 1, 1, 0),)
    assert f.letter_outcomes == {"partially-overturned": 1, "upheld": 1}
    assert f.multi_decision_letters == 1 and f.letters_with_defects == 1
    assert f.days_received_to_decision.n == 1
    assert f.days_assigned_to_decision.median == 15


def test_letters_alone_count_the_outcomes() -> None:
    f = compute(LETTERS, None, notes=["no decisions table"])
    assert f.overall == {"decisions": 3, "upheld": 2, "overturned": 1, "unknown": 0}
    assert f.by_category == () and f.by_specialty == ()
    assert format_text(f).endswith("Notes\n  no decisions table")


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
    assert "letters: partially-overturned 1" in text
    assert re.search(r"\nOpioids +1 +100.0% +0.0%\n", text)


def _figure(text: str, pattern: str) -> str:
    found = re.search(pattern, text)
    assert found, pattern
    return found.group(1)


def _stats(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["stats", *argv])
    out, err = capsys.readouterr()
    return status, out, err


# --------------------------------------------------------------------------- every input


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample letters, and ``imrparse parse`` of them into each format."""
    root = tmp_path_factory.mktemp("stats")
    folders = {"letters": root / "letters"}
    write_sample_letters(folders["letters"])
    for fmt in FORMATS:
        if fmt == "parquet" and not _has("pyarrow"):
            continue
        folders[fmt] = root / f"out-{fmt}"
        assert main(["parse", str(folders["letters"]), "--out", str(folders[fmt]),
                     "--format", fmt, "--jobs", "1"]) == 0
    return folders


def _has(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def _need(runs: dict[str, Path], fmt: str) -> Path:
    if fmt not in runs:
        pytest.skip(f"writing {fmt} needs pyarrow")
    return runs[fmt]


@pytest.fixture(scope="module")
def from_letters(runs: dict[str, Path]) -> str:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["stats", str(runs["letters"]), "--jobs", "1"]) == 0
    return out.getvalue()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("what", ["folder", "letters", "decisions"])
def test_stats_reads_whatever_parse_wrote(runs: dict[str, Path], from_letters: str, fmt: str,
                                          what: str, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    """Regression: ``stats out/`` and ``stats out/letters.parquet`` printed zeros."""
    folder = _need(runs, fmt)
    path = folder if what == "folder" else folder / f"{what}.{fmt}"
    status, out, err = _stats(capsys, str(path))
    assert (status, err) == (0, "")
    assert out == from_letters
    assert int(_figure(out, r"letters: (\d+) ")) == len(list(runs["letters"].glob("*.txt")))


def test_both_tables_named_are_read_once(runs: dict[str, Path], from_letters: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    folder = runs["csv"]
    status, out, _ = _stats(capsys, str(folder / "letters.csv"), str(folder / "decisions.csv"),
                            str(folder))
    assert status == 0 and out == from_letters


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_lone_decisions_table(runs: dict[str, Path], from_letters: str, fmt: str,
                                tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lone = tmp_path / f"decisions.{fmt}"
    shutil.copy(_need(runs, fmt) / lone.name, lone)
    status, out, _ = _stats(capsys, str(lone))
    assert status == 0
    figures, notes = out.split("\n\nNotes\n")
    assert figures == from_letters.rstrip("\n")
    assert "letters counted from the decisions table" in notes


def test_a_lone_letters_table(runs: dict[str, Path], from_letters: str, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    lone = tmp_path / "letters.csv"
    shutil.copy(runs["csv"] / lone.name, lone)
    status, out, _ = _stats(capsys, str(lone))
    assert status == 0
    for pattern in (r"letters: (\d+) ", r"decisions: (\d+)", r"upheld: (\d+)",
                    r"overturned: (\d+)"):
        assert _figure(out, pattern) == _figure(from_letters, pattern)
    assert "no decisions table beside it" in out
    assert "Treatment category" in out and "Pharmaceuticals" not in out


# --------------------------------------------------------------------------- bad input


def test_paths_that_hold_nothing_are_errors(runs: dict[str, Path], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: ``stats /no/such/path`` printed a report of zeros and exited 0."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.md").write_text("no letters here\n")
    (tmp_path / "x.jsonl").write_text('{"no": "determination"}\n')
    (tmp_path / "bad").mkdir()
    first = (runs["jsonl"] / "letters.jsonl").read_text("utf-8").splitlines()[0]
    (tmp_path / "bad" / "letters.jsonl").write_text(first + '\n{"n_items"\n')
    (tmp_path / "twice").mkdir()
    for fmt in ("jsonl", "csv"):
        shutil.copy(runs[fmt] / f"letters.{fmt}", tmp_path / "twice")
    (tmp_path / "none").mkdir()
    (tmp_path / "none" / "letters.csv").write_text(
        (runs["csv"] / "letters.csv").read_text("utf-8-sig").splitlines()[0] + "\n")
    for path, message in [
        ("/no/such/path", "/no/such/path: no such file or folder"),
        (str(tmp_path / "empty"), "empty: holds no letters (.txt, .pdf) and no tables"),
        (str(tmp_path / "notes"), "notes: holds no letters"),
        (str(tmp_path / "nowhere" / "*.pdf"), "*.pdf: matches no file"),
        (str(tmp_path / "x.jsonl"), "x.jsonl: not a table of imrparse parse"),
        (str(tmp_path / "bad"), "letters.jsonl:2: not JSON"),
        (str(tmp_path / "twice"), "letters table in more than one format"),
        (str(tmp_path / "none"), "none: the tables hold no letter"),
    ]:
        status, out, err = _stats(capsys, path, "--jobs", "1")
        assert (status, out) == (2, ""), path
        assert message in err, (path, err)


def test_failed_letters_are_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: a failed file was counted ("files that failed: 1") with no reason."""
    (tmp_path / "a.txt").write_text(imrparse.example_letter())
    (tmp_path / "b.txt").write_text("Nothing to see.\n")
    status, out, err = _stats(capsys, str(tmp_path), "--jobs", "1")
    assert status == 1
    assert "files that failed: 1" in out and "letters: 1 " in out
    assert f"{tmp_path / 'b.txt'}: NotALetterError: " in err


def test_no_letter_read_is_no_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                     ) -> None:
    (tmp_path / "b.txt").write_text("Nothing to see.\n")
    status, out, err = _stats(capsys, str(tmp_path), "--jobs", "1")
    assert (status, out) == (1, "")
    assert "b.txt: NotALetterError" in err and "no letter could be read" in err


def test_the_failures_of_the_parse_run_count(runs: dict[str, Path], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "out"
    shutil.copytree(runs["jsonl"], out_dir)
    failure = {"path": "scan.pdf", "sha256": None, "error_type": "PdfError",
               "message": "no text layer"}
    (out_dir / "errors.jsonl").write_text(json.dumps(failure) + "\n")
    status, out, err = _stats(capsys, str(out_dir))
    assert status == 1 and "files that failed: 1" in out
    assert "scan.pdf: PdfError: no text layer" in err


# --------------------------------------------------------------------------- corpus


@pytest.mark.corpus
def test_corpus_letters_and_their_tables_give_the_same_figures(
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
                 "--jobs", "2", "--format", "csv"]) == 0
    capsys.readouterr()
    for path in (tmp_path, tmp_path / "letters.csv", tmp_path / "decisions.csv"):
        assert main(["stats", str(path)]) == 0
        assert capsys.readouterr().out == from_letters


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
