"""``imrparse parse``: folders of letters to JSON Lines, CSV and Parquet, read back with
pandas and compared with the Python API; failures, resuming, exit codes; the old CLI."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import imrparse
from imrparse.cli import main
from imrparse.tables import (
    CSV_ENCODING,
    DECISION_COLUMNS,
    LETTER_COLUMNS,
    SCHEMA_FILE,
    decision_rows,
    letter_row,
    read_tables,
    rows_to_frame,
)
from tests.corpus import CORPUS, need_corpus

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
Rows = list[dict[str, Any]]


# --------------------------------------------------------------------------- helpers


def _expected(paths: Sequence[Path]) -> tuple[Rows, Rows]:
    """The rows the Python API gives for these files."""
    letters: Rows = []
    decisions: Rows = []
    for path in paths:
        data = path.read_bytes()
        if path.suffix == ".pdf":
            from imrparse.pdf import parse_pdf

            d = parse_pdf(path)
        else:
            d = imrparse.parse(data.decode("utf-8", "replace"))
        where = {"source_path": str(path), "source_sha256": hashlib.sha256(data).hexdigest()}
        letters.append(letter_row(d, **where))
        decisions.extend(decision_rows(d, **where))
    return letters, decisions


def _sorted(frame: Any) -> Any:
    keys = ["source_path", "item_number"] if "item_number" in frame.columns else ["source_path"]
    return frame.sort_values(keys).reset_index(drop=True)


def _same_tables(out_dir: Path, paths: Sequence[Path], *, only: str | None = None) -> None:
    """The tables in ``out_dir`` (read back by the loader) are the Python API's rows for
    ``paths`` (rows whose ``source_path`` ends with ``only``, when given)."""
    tables = read_tables(out_dir)
    letters, decisions = _expected(paths)
    for read, want, columns in ((tables.letters, letters, LETTER_COLUMNS),
                                (tables.decisions, decisions, DECISION_COLUMNS)):
        assert read is not None
        got = read if only is None else read[read["source_path"].str.endswith(only)]
        pd.testing.assert_frame_equal(_sorted(got), _sorted(rows_to_frame(want, columns)))


def _csv(path: Path) -> Any:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["parse", *argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(scope="module")
def texts() -> list[Path]:
    need_corpus()
    return sorted(CORPUS.glob("*.pypdf.txt"))


# --------------------------------------------------------------------------- formats


@pytest.mark.corpus
def test_whole_corpus_to_csv(texts: list[Path], tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, str(CORPUS / "*.pypdf.txt"), "--out", str(tmp_path),
                          "--format", "csv", "--jobs", "2")
    assert status == 0, out
    letters, decisions = _expected(texts)
    assert f"letters: {len(letters)}  items: {len(decisions)}" in out
    _same_tables(tmp_path, texts)
    # Any CSV reader sees the columns (the byte-order mark is no part of the first name).
    assert list(_csv(tmp_path / "decisions.csv").columns) == [c.name for c in DECISION_COLUMNS]
    assert (tmp_path / "errors.jsonl").read_text() == ""


@pytest.mark.corpus
def test_whole_corpus_to_json_lines(texts: list[Path], tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from imrparse.jsonio import from_dict
    from imrparse.schema import load_schema

    status, _, _ = _run(capsys, str(CORPUS / "*.txt"), "--out", str(tmp_path), "--format",
                        "jsonl", "--jobs", "2", "--spans")
    # Both extractions of each letter and the seed letter.
    assert status == 0
    every = sorted(CORPUS.glob("*.txt"))
    lines = [json.loads(x) for x in (tmp_path / "letters.jsonl").read_text().splitlines()]
    assert sorted(x["source_path"] for x in lines) == [str(p) for p in every]
    _same_tables(tmp_path, texts, only=".pypdf.txt")
    validator = jsonschema.Draft202012Validator(load_schema())
    by_path = {str(p): p for p in texts}
    for x in lines:
        assert not list(validator.iter_errors(x["determination"])), x["source_path"]
        if x["source_path"] in by_path:
            text = by_path[x["source_path"]].read_text("utf-8")
            assert from_dict(x["determination"]) == imrparse.parse(text)


@pytest.mark.corpus
def test_whole_corpus_to_parquet(texts: list[Path], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    status, _, _ = _run(capsys, *map(str, texts), "--out", str(tmp_path), "--format",
                        "parquet", "--jobs", "2")
    assert status == 0
    _same_tables(tmp_path, texts)
    # Plain pandas with Arrow dtypes reads the same types as the loader.
    plain = pd.read_parquet(tmp_path / "decisions.parquet", dtype_backend="pyarrow")
    assert plain.dtypes.equals(read_tables(tmp_path).decisions.dtypes)  # type: ignore[union-attr]


@pytest.mark.corpus
@pytest.mark.slow
def test_pdfs_to_parquet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pypdf")
    need_corpus()
    pdfs = sorted(CORPUS.glob("*.pdf"))[::7][:15]  # a fixed spread of 15 letters
    assert len(pdfs) == 15
    status, out, _ = _run(capsys, *map(str, pdfs), "--out", str(tmp_path), "--format",
                          "parquet", "--jobs", "2", "--pdf-backend", "pypdf")
    assert status == 0, out
    got = read_tables(tmp_path).letters
    assert got is not None and len(got) == 15 and got["source_path"].is_unique
    _same_tables(tmp_path, pdfs)


# --------------------------------------------------------------------------- failures


@pytest.fixture
def mixed_folder(tmp_path: Path, texts: list[Path]) -> Path:
    """Five letters (one in a subfolder), a corrupt PDF and a text that is no letter."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for path in texts[:4]:
        shutil.copy(path, folder / path.name)
    shutil.copy(texts[4], folder / "sub" / texts[4].name)
    pdf = next(iter(sorted(CORPUS.glob("*.pdf"))))
    (folder / "corrupt.pdf").write_bytes(pdf.read_bytes()[:2000])
    (folder / "shopping.txt").write_text("Milk, eggs and bread for the weekend.\n")
    (folder / "notes.md").write_text("not a letter file type; never read\n")
    return folder


@pytest.mark.corpus
def test_bad_files_are_reported_and_the_rest_written(
        mixed_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "out"
    status, out, _ = _run(capsys, str(mixed_folder), "--out", str(out_dir), "--format", "csv",
                          "--jobs", "2")
    assert status == 1
    errors = [json.loads(x) for x in (out_dir / "errors.jsonl").read_text().splitlines()]
    by_name = {Path(e["path"]).name: e for e in errors}
    assert set(by_name) == {"corrupt.pdf", "shopping.txt"}
    assert by_name["corrupt.pdf"]["error_type"] == "PdfError"
    assert by_name["shopping.txt"]["error_type"] == "NotALetterError"
    assert all(e["message"] and e["sha256"] for e in errors)
    assert "corrupt.pdf: PdfError" in out and "shopping.txt: NotALetterError" in out
    letters = _csv(out_dir / "letters.csv")
    assert len(letters) == 5
    assert "2 failed" in out and "letters: 5" in out


def test_missing_path_is_a_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    letter = tmp_path / "l.txt"
    letter.write_text(imrparse.example_letter())
    status, out, _ = _run(capsys, str(letter), str(tmp_path / "nowhere" / "*.pdf"), "--out",
                          str(tmp_path / "out"))
    assert status == 1 and "FileNotFoundError" in out


def test_nothing_to_parse_is_a_usage_error(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: a run that found no letter wrote empty tables and reported zeros."""
    (tmp_path / "empty").mkdir()
    status, _, err = _run(capsys, str(tmp_path / "empty"), str(tmp_path / "nowhere"),
                          "--out", str(tmp_path / "out"))
    assert status == 2
    assert "no .txt or .pdf file in it" in err and "no such file, folder" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("argv", [["x.txt", "--format", "xml"], ["x.txt", "--jobs", "0"], [],
                                  ["x.txt", "--pdf-backend", "ocr"]],
                         ids=["format", "jobs", "no-path", "backend"])
def test_usage_errors_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["parse", *argv])
    assert info.value.code == 2


def test_unusable_out_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    letter = tmp_path / "l.txt"
    letter.write_text(imrparse.example_letter())
    status, _, err = _run(capsys, str(letter), "--out", str(blocker))
    assert status == 2 and "imrparse parse" in err


# --------------------------------------------------------------------------- resuming


@pytest.mark.corpus
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_resume_writes_nothing_twice(fmt: str, texts: list[Path], tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    folder = tmp_path / "in"
    folder.mkdir()
    for path in texts[:6]:
        shutil.copy(path, folder / path.name)
    out_dir = tmp_path / "out"
    args = [str(folder), "--out", str(out_dir), "--format", fmt, "--jobs", "1"]
    assert _run(capsys, *args)[0] == 0
    files = [out_dir / f"letters.{fmt}", out_dir / f"decisions.{fmt}"]
    before = [p.read_bytes() for p in files]

    status, out, _ = _run(capsys, *args)
    assert status == 0
    assert "0 parsed, 6 already done (skipped)" in out
    if fmt != "parquet":
        assert [p.read_bytes() for p in files] == before

    # An interrupted write (a cut-off row) is dropped; new letters are added once.
    if fmt != "parquet":
        with files[0].open("a") as handle:
            handle.write('{"case_number": "CM16-00')
    for path in texts[6:9]:
        shutil.copy(path, folder / path.name)
    status, out, _ = _run(capsys, *args)
    assert "3 parsed, 6 already done" in out
    _same_tables(out_dir, sorted(folder.glob("*.txt")))
    if fmt == "csv":
        assert files[0].read_bytes().count(b"\xef\xbb\xbf") == 1


@pytest.mark.corpus
def test_changed_file_is_parsed_again(texts: list[Path], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    letter = tmp_path / "in" / "letter.txt"
    letter.parent.mkdir()
    shutil.copy(texts[0], letter)
    args = [str(letter), "--out", str(tmp_path / "out"), "--format", "csv", "--jobs", "1"]
    _run(capsys, *args)
    letter.write_text(letter.read_text() + "\n")
    assert "1 parsed, 0 already done" in _run(capsys, *args)[1]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_an_out_folder_of_other_columns_is_refused(fmt: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Rows of another schema are never appended to a table."""
    letter = tmp_path / "l.txt"
    letter.write_text(imrparse.example_letter())
    out_dir = tmp_path / "out"
    assert _run(capsys, str(letter), "--out", str(out_dir), "--format", fmt)[0] == 0
    schema = json.loads((out_dir / SCHEMA_FILE).read_text("utf-8"))
    assert schema["parser_version"] == imrparse.__version__
    schema["tables"]["decisions"]["columns"].pop()
    (out_dir / SCHEMA_FILE).write_text(json.dumps(schema), "utf-8")
    other = tmp_path / "m.txt"
    other.write_text(imrparse.example_letter())
    status, _, err = _run(capsys, str(letter), str(other), "--out", str(out_dir), "--format",
                          fmt)
    assert status == 2 and "other columns" in err and SCHEMA_FILE in err


def test_a_csv_of_other_columns_is_refused(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """An output folder of an older imrparse (no schema.json) is checked by its header."""
    letter = tmp_path / "l.txt"
    letter.write_text(imrparse.example_letter())
    out_dir = tmp_path / "out"
    args = [str(letter), "--out", str(out_dir), "--format", "csv"]
    assert _run(capsys, *args)[0] == 0
    (out_dir / SCHEMA_FILE).unlink()
    table = out_dir / "letters.csv"
    table.write_text(table.read_text(CSV_ENCODING).replace("case_year,", "year,", 1),
                     CSV_ENCODING)
    manifest = out_dir / "manifest.jsonl"
    entry = json.loads(manifest.read_text())
    entry["sha256"] = "changed"
    manifest.write_text(json.dumps(entry) + "\n")
    status, _, err = _run(capsys, *args)
    assert status == 2 and "letters.csv has other columns" in err


# --------------------------------------------------------------------------- progress


def test_no_bar_when_stderr_is_not_a_terminal(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    letter = tmp_path / "l.txt"
    letter.write_text(imrparse.example_letter())
    status, out, err = _run(capsys, str(letter), "--out", str(tmp_path / "o"))
    assert status == 0 and err == ""
    assert "letters: 1  items: 2  letters with defects: 0" in out


def test_bar_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("tqdm")
    letter = tmp_path / "l.txt"
    letter.write_text(imrparse.example_letter())
    _, _, err = _run(capsys, str(letter), "--out", str(tmp_path / "o"), "--progress")
    assert "1/1" in err and "file/s" in err


# --------------------------------------------------------------------------- old CLI


def test_plain_files_still_print_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text(imrparse.example_letter())
    assert main([str(letter)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["header"]["case_number"] == "CM16-0000001"
    assert main([]) == 0
    assert capsys.readouterr().out.startswith("Case CM16-0000001")


def test_a_pdf_file_is_read_as_a_pdf(capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: ``imrparse FILE.pdf`` parsed the PDF's bytes as text."""
    pytest.importorskip("pypdf")
    assert main(["--format", "summary", str(imrparse.example_pdf())]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Case CM16-0000001 (fdl-2016 layout)")
    assert "Tramadol ER 150mg #30" in out


@pytest.mark.parametrize("command", ["{letter} {letter} {letter}", "stats {letter}"],
                         ids=["parse", "stats"])
def test_output_into_a_closed_pipe_stops_quietly(command: str) -> None:
    """Regression: ``imrparse ... | head`` ended in a BrokenPipeError traceback."""
    letter = Path(imrparse.__file__).parent / "examples" / "example-letter.txt"
    line = f"{sys.executable} -m imrparse {command.format(letter=letter)} | head -c 10"
    run = subprocess.run(line, shell=True, capture_output=True, text=True, timeout=120,
                         check=False)
    assert len(run.stdout) == 10
    assert "Traceback" not in run.stderr
