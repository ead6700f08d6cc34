"""What the command line says: one message per bad file naming it once, missing extras named
once before anything is read, the bundled default input, and resuming keyed on what shapes
the output (``imrparse`` and ``imrparse parse``)."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest

import imrparse
from imrparse.cli import main

EXAMPLE = imrparse.example_letter()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _hide(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make ``modules`` look uninstalled (to imports and to ``find_spec``)."""
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)


def _hide_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every PDF backend look uninstalled, as on a machine without the ``pdf`` extra
    and without Poppler: the default backend is then pypdf, named with that extra."""
    _hide(monkeypatch, "pypdf", "pypdfium2")
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None
                        if name == "pdftotext" else real_which(name, *args, **kwargs))


@pytest.fixture
def letters(tmp_path: Path) -> Path:
    """Two text letters and the example PDF."""
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "a.txt").write_text(EXAMPLE, "utf-8")
    (folder / "b.txt").write_text(EXAMPLE.replace("CM16-0000001", "CM16-0000002"), "utf-8")
    shutil.copy(imrparse.example_pdf(), folder / "c.pdf")
    return folder


# --------------------------------------------------------------------------- imrparse FILE


# Each row: a file's name and bytes, and what the one line on stderr must say of it.
BAD_FILES = [
    ("empty", "e.txt", b"", "e.txt: empty file (0 bytes); expected the text or PDF"),
    ("binary", "b.txt", b"GIF89a\0\0", "b.txt: binary file (a NUL byte at offset 6)"),
    ("prose", "p.txt", b"Dear reader.\n", "p.txt: not an IMR Final Determination Letter"),
    ("not-a-pdf", "n.pdf", b"Dear reader.\n", "n.pdf: not a PDF (no %PDF- header"),
]


@pytest.mark.parametrize(("name", "data", "says"), [r[1:] for r in BAD_FILES],
                         ids=[r[0] for r in BAD_FILES])
def test_each_bad_file_gets_one_line_naming_it_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes,
        says: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    status, out, err = _run(capsys, str(path))
    assert status == 1 and out == ""
    [line] = err.splitlines()
    assert line.startswith("imrparse: ") and says in line
    assert line.count(name) == 1
    assert len(line) - len(str(path)) < 200


def test_a_missing_file_and_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                     ) -> None:
    """Regression: ``imrparse folder/`` said "Is a directory" without pointing at
    ``imrparse parse``."""
    status, _, err = _run(capsys, str(tmp_path / "nowhere.txt"), str(tmp_path))
    assert status == 1
    missing, folder = err.splitlines()
    assert missing == f"imrparse: {tmp_path / 'nowhere.txt'}: no such file"
    assert f"imrparse parse {tmp_path} --out" in folder


def test_broken_pdf_names_its_path_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    """Regression: PDF errors printed the path twice."""
    pytest.importorskip("pypdf")
    path = tmp_path / "cut.pdf"
    path.write_bytes(imrparse.example_pdf().read_bytes()[:700])
    status, _, err = _run(capsys, str(path))
    assert status == 1 and err.count(str(path)) == 1


def test_standard_input_reports_invalid_utf8(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    data = EXAMPLE.replace("Oregon", "Or\xe9gon").encode("latin-1")

    class Stdin:
        buffer = io.BytesIO(data)

    monkeypatch.setattr(sys, "stdin", Stdin)
    status, out, _ = _run(capsys, "-")
    assert status == 0
    defects = [d for d in json.loads(out)["defects"] if d["code"] == "invalid-encoding"]
    assert len(defects) == EXAMPLE.count("Oregon")
    assert all("invalid UTF-8 at byte" in d["message"] for d in defects)
    Stdin.buffer = io.BytesIO(data)
    status, _, err = _run(capsys, "--strict", "-")
    assert status == 1 and err.startswith("imrparse: <stdin>: ")
    assert f"{len(json.loads(out)['defects'])} defect(s)" in err


def test_missing_pdf_support_is_named_once_before_reading(
        tmp_path: Path, letters: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _hide_pdf(monkeypatch)
    pdfs = [str(letters / "c.pdf"), str(tmp_path / "second.pdf")]  # the second: no file
    status, out, err = _run(capsys, str(letters / "a.txt"), *pdfs)
    assert status == 2 and out == ""
    assert err.splitlines() == ["imrparse: 2 PDF file(s) to read: reading PDFs (pypdf) needs "
                                "pypdf, which is not installed; install with: pip install "
                                "'imrparse[pdf]'"]


def test_the_default_input_is_the_bundled_pdf(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pypdf")
    status, out, err = _run(capsys)
    assert status == 0 and out.startswith("Case CM16-0000001 (fdl-2016 layout)")
    assert str(imrparse.example_pdf()) in err


def test_without_pdf_support_the_default_is_the_text(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _hide_pdf(monkeypatch)
    status, out, err = _run(capsys)
    assert status == 0 and out.startswith("Case CM16-0000001 (fdl-2016 layout)")
    assert "not its PDF" in err and "pip install 'imrparse[pdf]'" in err


# --------------------------------------------------------------------------- imrparse parse


@pytest.mark.parametrize(("hidden", "argv", "says"), [
    (("pypdf",), ["--pdf-backend", "pypdf"],
     "1 PDF file(s) to read: reading PDFs (pypdf) needs pypdf"),
    (("pyarrow",), ["--format", "parquet"], "--format parquet: writing Parquet (pyarrow) "
                                            "needs pyarrow"),
    (("pypdfium2",), ["--pdf-backend", "pdfium"], "needs pypdfium2, which is not installed; "
                                                  "install with: pip install "
                                                  "'imrparse[pdf-fast]'"),
], ids=["pdf", "parquet", "pdfium"])
def test_a_missing_extra_stops_the_batch_before_anything_is_made(
        *, letters: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], hidden: tuple[str, ...], argv: list[str],
        says: str) -> None:
    """Regression: the install hint came once per file, and a Parquet run without pyarrow
    said "No module named 'pyarrow'" and left an empty output folder."""
    _hide(monkeypatch, *hidden)
    out_dir = tmp_path / "out"
    status, out, err = _run(capsys, "parse", str(letters), "--out", str(out_dir),
                            "--jobs", "1", *argv)
    assert status == 2 and out == ""
    assert err.count("install with:") == 1 and says in err
    assert not out_dir.exists()


def test_both_missing_extras_are_named(letters: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    _hide_pdf(monkeypatch)
    _hide(monkeypatch, "pyarrow")
    _, _, err = _run(capsys, "parse", str(letters), "--out", str(tmp_path / "o"),
                     "--format", "parquet")
    assert [line.split(":")[1].strip() for line in err.splitlines()] == [
        "1 PDF file(s) to read", "--format parquet"]


def test_progress_without_tqdm_warns_once(letters: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: ``--progress`` without tqdm did nothing and said nothing."""
    _hide(monkeypatch, "tqdm")
    status, out, err = _run(capsys, "parse", str(letters / "a.txt"), str(letters / "b.txt"),
                            "--out", str(tmp_path / "o"), "--jobs", "1", "--progress")
    assert status == 0 and "2 parsed" in out
    assert err.splitlines() == ["imrparse parse: --progress: the progress bar (tqdm) needs "
                                "tqdm, which is not installed; install with: pip install "
                                "'imrparse[progress]'; going on without it"]


def test_a_resumed_run_counts_the_whole_output(letters: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: a resumed run's summary said "letters: 0 items: 0"."""
    out_dir = str(tmp_path / "out")
    args = ["parse", str(letters / "a.txt"), "--out", out_dir, "--jobs", "1"]
    assert "letters: 1  items: 2  letters with defects: 0\n" in _run(capsys, *args)[1]
    status, out, _ = _run(capsys, *args)
    assert status == 0 and "0 parsed, 1 already done" in out
    assert "letters: 1  items: 2  letters with defects: 0  (this run added letters: 0  " \
           "items: 0)" in out
    out = _run(capsys, "parse", str(letters / "a.txt"), str(letters / "b.txt"), "--out",
               out_dir, "--jobs", "1")[1]
    assert "letters: 2  items: 4" in out and "this run added letters: 1  items: 2" in out


@pytest.mark.parametrize(("first", "second", "says"), [
    (["--pdf-backend", "pypdf"], ["--pdf-backend", "pdfium"],
     "made with --pdf-backend pypdf"),
    ([], ["--spans"], "made with no --spans"),
], ids=["backend", "spans"])
def test_other_settings_on_the_same_out_are_refused(
        *, letters: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], first: list[str],
        second: list[str], says: str) -> None:
    """Regression: rerunning on the same --out with another --pdf-backend skipped
    everything."""
    pytest.importorskip("pypdf")
    pytest.importorskip("pypdfium2")
    out_dir = tmp_path / "out"
    args = ["parse", str(letters), "--out", str(out_dir), "--jobs", "1"]
    assert _run(capsys, *args, *first)[0] == 0
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    status, out, err = _run(capsys, *args, *second)
    assert status == 2 and out == ""
    assert says in err and "Use another --out folder" in err
    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == before


def test_the_backend_of_text_only_output_does_not_matter(
        letters: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pypdfium2")
    args = ["parse", str(letters / "a.txt"), "--out", str(tmp_path / "o"), "--jobs", "1"]
    assert _run(capsys, *args)[0] == 0
    status, out, _ = _run(capsys, *args, "--pdf-backend", "pdfium")
    assert status == 0 and "1 already done" in out


def test_output_of_an_older_imrparse_is_refused(letters: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "o"
    args = ["parse", str(letters / "a.txt"), "--out", str(out_dir), "--jobs", "1"]
    assert _run(capsys, *args)[0] == 0
    manifest = out_dir / "manifest.jsonl"
    entry = json.loads(manifest.read_text())
    del entry["settings"]
    manifest.write_text(json.dumps(entry) + "\n")
    status, _, err = _run(capsys, *args)
    assert status == 2 and "an older imrparse (no settings recorded)" in err
