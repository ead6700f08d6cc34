"""``imrparse parse`` under faults (issue 16): kills at every step of a commit, two runs into
one folder, dying and overrunning workers, decompression bombs, lone surrogates, non-UTF-8
file names, CSV formulas, unreadable folders, dangling links, Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zlib
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest

from imrparse.batch import workers
from imrparse.batch.files import display_path, parse_data, sanitize
from imrparse.batch.lock import locked
from imrparse.batch.run import run_batch
from imrparse.batch.workers import Limits, results
from imrparse.cli import main
from imrparse.examples import example_letter
from imrparse.tables import (
    DECISION_COLUMNS,
    LETTER_COLUMNS,
    csv_row,
    decision_rows,
    letter_row,
    read_tables,
)
from tests.pdfwriter import assemble

ROOT = Path(__file__).resolve().parent.parent


def _letters(folder: Path, n: int) -> list[Path]:
    """``n`` copies of the example letter, each with its own case number's line (so each
    file has its own digest)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = example_letter()
    paths = []
    for i in range(n):
        path = folder / f"letter-{i:03d}.txt"
        path.write_text(text + f"\n\nCopy {i}.\n", "utf-8")
        paths.append(path)
    return paths


def _source_paths(out: Path) -> Counter[str]:
    tables = read_tables(out)
    assert tables.letters is not None
    return Counter(tables.letters["source_path"])


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)


# --------------------------------------------------------------------------- 1. kills

_CRASHING_RUN = """
import sys
from pathlib import Path
from imrparse.batch import sinks
from imrparse.batch.run import run_batch
sinks.COMMIT_SECONDS = 0.0
name, n = sys.argv[3].split(":")
sinks.CRASH_AT = (name, int(n)) if name else None
run_batch([sys.argv[1]], out=Path(sys.argv[2]), fmt=sys.argv[4], jobs=1, progress=False)
"""

_TEXT_STEPS = ("rows-written", "tables-synced", "manifest-written", "manifest-synced")
_PARQUET_STEPS = ("tables-written", "journal-written", "renamed-letters.parquet",
                  "renamed-decisions.parquet", "manifest-written", "journal-removed")


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "steps"), [("jsonl", _TEXT_STEPS), ("csv", _TEXT_STEPS),
                                            ("parquet", _PARQUET_STEPS)])
def test_kill_at_every_commit_step_keeps_every_input_once(
        tmp_path: Path, fmt: str, steps: tuple[str, ...]) -> None:
    pytest.importorskip("pyarrow")
    pytest.importorskip("pandas")
    paths = _letters(tmp_path / "in", 4)
    # Text formats commit after each file: the kill comes at the second file's commit,
    # with one file committed before it.  Parquet commits once, on a folder an earlier
    # run left with two files.
    occurrence = 1 if fmt == "parquet" else 2
    for step in steps:
        out = tmp_path / f"out-{fmt}-{step}"
        if fmt == "parquet":
            first = _python(_CRASHING_RUN, str(paths[0]), str(out), ":0", fmt)
            assert first.returncode == 0, first.stderr
        crashed = _python(_CRASHING_RUN, str(tmp_path / "in"), str(out), f"{step}:{occurrence}",
                          fmt)
        assert crashed.returncode == 86, (step, crashed.stderr)
        if step == "manifest-written" and fmt != "parquet":
            # A line cut off by the kill (a write torn in two).
            manifest = out / "manifest.jsonl"
            manifest.write_bytes(manifest.read_bytes()[:-20])
        again = _python(_CRASHING_RUN, str(tmp_path / "in"), str(out), ":0", fmt)
        assert again.returncode == 0, (step, again.stderr)
        counts = _source_paths(out)
        assert counts == Counter(str(p) for p in paths), (fmt, step, counts)
        assert not list(out.glob("*.partial")) and not (out / "commit.json").exists()


# --------------------------------------------------------------------------- 2. lock


def test_second_run_on_locked_folder_is_refused(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _letters(tmp_path / "in", 1)
    out = tmp_path / "out"
    out.mkdir()
    with locked(out):
        status = main(["parse", str(tmp_path / "in"), "--out", str(out), "--no-progress"])
        err = capsys.readouterr().err
    assert status == 2
    assert f"another imrparse parse (process {os.getpid()}) is writing to {out}" in err
    assert not (out / "letters.jsonl").exists()
    # The lock goes with its holder, however it ends: a killed holder leaves none.
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\n"
                               "from pathlib import Path\n"
                               "from imrparse.batch.lock import locked\n"
                               "with locked(Path(sys.argv[1])):\n"
                               "    print('held', flush=True); time.sleep(60)\n", str(out)],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    holder.kill()
    holder.wait()
    assert main(["parse", str(tmp_path / "in"), "--out", str(out), "--no-progress"]) == 0


# --------------------------------------------------------------------------- 3. any input


def test_lone_surrogate_text_is_escaped_and_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    text = example_letter().replace("remaining", "remaini\ud800\udfffng", 1)
    clean, defects = sanitize(text)
    assert len(clean) == len(text) and "\ufffd\ufffd" in clean
    clean.encode("utf-8")
    assert [d.code for d in defects] == ["invalid-character"]
    assert (defects[0].span.start, defects[0].span.end) == (text.index("\ud800"),
                                                            text.index("\ud800") + 2)
    assert "U+D800 U+DFFF" in defects[0].message
    # A PDF's text layer is where they come from.
    monkeypatch.setattr("imrparse.batch.files.extract_text", lambda data, backend: text)
    d = parse_data(b"%PDF-1.4 stand-in", "glyphs.pdf")
    assert "invalid-character" in [x.code for x in d.defects]
    from imrparse.jsonio import dumps

    dumps(d).encode("utf-8")
    rows = [csv_row(letter_row(d, source_path="glyphs.pdf", source_sha256=None),
                    LETTER_COLUMNS)]
    rows += [csv_row(r, DECISION_COLUMNS)
             for r in decision_rows(d, source_path="glyphs.pdf", source_sha256=None)]
    "".join(field for row in rows for field in row).encode("utf-8")


def test_non_utf8_file_name_is_written_losslessly(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"letter-\xff\xfe.txt")
    (folder / name).write_text(example_letter(), "utf-8")
    pytest.importorskip("pyarrow")
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / fmt
        summary = run_batch([str(folder)], out=out, fmt=fmt, jobs=1, progress=False)
        assert summary.exit_status == 0, summary.failures
        shown = str(folder / "letter-\\xff\\xfe.txt")
        assert display_path(str(folder / name)) == shown
        assert list(_source_paths(out)) == [shown]
        # Lossless: the escaped form gives the bytes back.
        assert os.fsencode(str(folder / name)) == shown.encode("utf-8").decode(
            "unicode_escape").encode("latin-1")
        again = run_batch([str(folder)], out=out, fmt=fmt, jobs=1, progress=False)
        assert again.skipped == 1


def test_text_above_the_size_limit_is_refused(tmp_path: Path) -> None:
    paths = _letters(tmp_path / "in", 2)
    big = tmp_path / "in" / "repeated.txt"
    big.write_text(example_letter() * 40, "utf-8")
    summary = run_batch([str(tmp_path / "in")], out=tmp_path / "out", jobs=1, progress=False,
                        limits=Limits(max_text_bytes=100_000))
    assert [f["error_type"] for f in summary.failures] == ["FileTooLargeError"]
    assert "--max-text-bytes" in summary.failures[0]["message"]
    assert sorted(_source_paths(tmp_path / "out")) == [str(p) for p in paths]


# --------------------------------------------------------------------------- 4. bounds


def _doomed_worker(conn: Connection, parent: int,
                   settings: tuple[str, str, bool, bool, bool], limits: Limits) -> None:
    """A worker that dies on files named ``die`` and hangs on ``hang``, else works."""
    pdf_backend, fmt, spans, lines, neutralize = settings
    conn.send(workers.READY)
    while (task := conn.recv()) is not None:
        for path in task:
            if "die" in path:
                os._exit(3)
            if "hang" in path:
                time.sleep(60)
            conn.send(workers.work(path, pdf_backend, fmt, spans, lines=lines,
                                   neutralize=neutralize))


def test_dying_worker_fails_only_its_file(tmp_path: Path) -> None:
    good = [str(p) for p in _letters(tmp_path, 6)]
    bad = [str(tmp_path / "die.txt"), str(tmp_path / "hang.txt")]
    todo = [good[0], bad[0], good[1], good[2], bad[1], *good[3:]]
    limits = Limits(timeout=1.0)
    done = list(results(todo, jobs=1, pdf_backend="pypdf", fmt="csv", spans=False,
                        limits=limits, target=_doomed_worker))
    assert sorted(d.path for d in done) == sorted(todo)
    errors = {d.path: d.error for d in done if d.error is not None}
    assert set(errors) == set(bad)
    assert errors[bad[0]]["error_type"] == "WorkerError"
    assert "exit status 3" in errors[bad[0]]["message"]
    assert errors[bad[1]]["error_type"] == "TimeoutError"
    assert all(d.letter is not None for d in done if d.path in good)


def _bomb_pdf(megabytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``megabytes`` MB of text drawn (under
    pypdf's own cap on one stream's output, so that the limits of the batch must stop it)."""
    packer = zlib.compressobj(1)
    line = b"BT /F1 12 Tf 72 700 Td (Utilization Review denied the request.) Tj ET\n"
    chunk = line * ((1 << 20) // len(line))
    stream = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return assemble(objects, root=1)


@pytest.mark.parametrize(("backend", "limits", "stopped_by"), [
    ("pypdf", Limits(timeout=1.5), {"TimeoutError"}),
    pytest.param("pdfium", Limits(timeout=1.5), {"TimeoutError"}, marks=pytest.mark.slow),
    ("pdfium", Limits(timeout=30.0, memory_mb=400), {"MemoryError", "WorkerError"}),
], ids=["pypdf-time", "pdfium-time", "pdfium-memory"])
def test_decompression_bomb_is_bounded(tmp_path: Path, backend: str, limits: Limits,
                                       stopped_by: set[str]) -> None:
    from imrparse.pdf import missing_backend

    if missing_backend(backend):
        pytest.skip(f"{backend} is not installed")
    folder = tmp_path / "in"
    good = _letters(folder, 1)
    (folder / "bomb.pdf").write_bytes(_bomb_pdf(60))
    start = time.monotonic()
    summary = run_batch([str(folder)], out=tmp_path / "out", jobs=1, progress=False,
                        pdf_backend=backend, limits=limits)
    assert time.monotonic() - start < 30
    assert [f["path"] for f in summary.failures] == [str(folder / "bomb.pdf")]
    assert summary.failures[0]["error_type"] in stopped_by
    assert list(_source_paths(tmp_path / "out")) == [str(p) for p in good]


# --------------------------------------------------------------------------- 6. exports


def test_csv_formulas_are_neutralized(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    row: dict[str, Any] = {"request": "=HYPERLINK(\"http://x\")", "reviewer_specialties":
                           ["+1", "Orthopedic Surgery"], "source_path": "@SUM(A1)"}
    fields = dict(zip([c.name for c in LETTER_COLUMNS],
                      csv_row(row, LETTER_COLUMNS), strict=True))
    assert fields["source_path"] == "'@SUM(A1)"
    raw = dict(zip([c.name for c in LETTER_COLUMNS],
                   csv_row(row, LETTER_COLUMNS, neutralize=False), strict=True))
    assert raw["source_path"] == "@SUM(A1)"
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_row({"request": start + "x"}, DECISION_COLUMNS)[
            [c.name for c in DECISION_COLUMNS].index("request")] == "'" + start + "x"
    # End to end: a file name a spreadsheet would run.
    monkeypatch.chdir(tmp_path)
    Path("=1+1.txt").write_text(example_letter(), "utf-8")
    run_batch(["=1+1.txt"], out=Path("safe"), fmt="csv", jobs=1, progress=False)
    run_batch(["=1+1.txt"], out=Path("raw"), fmt="csv", jobs=1, progress=False, csv_raw=True)
    assert ",'=1+1.txt," in Path("safe/letters.csv").read_text("utf-8-sig")
    assert ",=1+1.txt," in Path("raw/letters.csv").read_text("utf-8-sig")


# --------------------------------------------------------------------------- 7. no silent skips


def test_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    _letters(folder, 1)
    locked_away = folder / "private"
    _letters(locked_away, 1)
    if os.geteuid() == 0:  # root reads any folder: make this one fail as it would
        real = os.scandir

        def scandir(path: Any = ".") -> Any:
            if os.fspath(path) == str(locked_away):
                raise PermissionError(13, "Permission denied", str(locked_away))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        locked_away.chmod(0)
    try:
        for named in ([str(folder)], [str(folder / "letter-000.txt"), str(locked_away)]):
            out = tmp_path / f"out{len(named)}"
            status = main(["parse", *named, "--out", str(out), "--no-progress"])
            assert status == 1
            errors = [json.loads(line) for line in (out / "errors.jsonl").open()]
            assert [(e["path"], e["error_type"]) for e in errors] == [
                (str(locked_away), "PermissionError")]
            assert "private: PermissionError" in capsys.readouterr().out
    finally:
        locked_away.chmod(0o755)


def test_dangling_link_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _letters(folder, 1)
    link = folder / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    for named in ([str(folder)], [str(folder / "letter-000.txt"), str(link)]):
        out = tmp_path / f"out{len(named)}"
        summary = run_batch(named, out=out, jobs=1, progress=False)
        assert summary.exit_status == 1
        errors = [json.loads(line) for line in (out / "errors.jsonl").open()]
        assert [(e["path"], e["error_type"]) for e in errors] == [(str(link), "DanglingLink")]
        assert "nowhere.txt, which does not exist" in errors[0]["message"]


# --------------------------------------------------------------------------- 5. clean ends


@pytest.mark.slow
def test_ctrl_c_stops_with_summary(tmp_path: Path) -> None:
    # Enough files that the run is still going when its first commit (about a second in)
    # makes the manifest appear.
    paths = _letters(tmp_path / "in", 3000)
    out = tmp_path / "out"
    run = subprocess.Popen([sys.executable, "-m", "imrparse", "parse", str(tmp_path / "in"),
                            "--out", str(out), "-j", "2", "--no-progress"], cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           start_new_session=True)
    deadline = time.monotonic() + 60
    while not (out / "manifest.jsonl").exists() or not (out / "manifest.jsonl").stat().st_size:
        assert time.monotonic() < deadline and run.poll() is None
        time.sleep(0.05)
    # As a terminal sends it: to every process of the group, workers included.
    os.killpg(run.pid, signal.SIGINT)
    sent = time.monotonic()
    stdout, stderr = run.communicate(timeout=30)
    assert time.monotonic() - sent < 3
    assert run.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "interrupted:" in stdout and "not done" in stdout
    assert (out / "errors.jsonl").read_text() == ""
    counts = _source_paths(out)
    assert set(counts.values()) == {1} and len(counts) < len(paths)
    assert main(["parse", str(tmp_path / "in"), "--out", str(out), "--no-progress"]) == 0
    assert _source_paths(out) == Counter(str(p) for p in paths)


@pytest.mark.slow
def test_workers_die_with_the_main_process(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux's")
    _letters(tmp_path / "in", 3000)  # still running at its first commit, about a second in
    run = subprocess.Popen([sys.executable, "-m", "imrparse", "parse", str(tmp_path / "in"),
                            "--out", str(tmp_path / "out"), "-j", "2", "--no-progress"],
                           cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    manifest = tmp_path / "out" / "manifest.jsonl"
    deadline = time.monotonic() + 60
    while not manifest.exists() or not manifest.stat().st_size:
        assert time.monotonic() < deadline and run.poll() is None
        time.sleep(0.05)
    children = [int(p) for p in Path(f"/proc/{run.pid}/task/{run.pid}/children")
                .read_text().split()]
    assert children
    run.kill()
    run.wait()
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{c}").exists() for c in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [c for c in children if Path(f"/proc/{c}").exists()
             and "Z" not in Path(f"/proc/{c}/stat").read_text().split()[2]]
    assert not alive


def test_library_warnings_are_recorded_not_printed(tmp_path: Path, monkeypatch:
                                                   pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    import logging
    import warnings

    def noisy(path: str, **_: Any) -> workers.ParsedFile:
        warnings.warn("odd object", UserWarning, stacklevel=1)
        logging.getLogger("pypdf._reader").warning("incorrect startxref pointer")
        return workers.ParsedFile(source_path=path, source_sha256=None,
                                  error_type="PdfError", message="broken")

    monkeypatch.setattr(workers, "parse_file", noisy)
    done = workers.work(str(tmp_path / "x.pdf"), "pypdf", "csv", False)
    assert done.error is not None
    assert done.error["warnings"] == ["pypdf._reader: incorrect startxref pointer",
                                      "UserWarning: odd object"]
    assert capsys.readouterr().err == ""


def test_ctrl_c_noted_while_workers_are_silent_stops_the_run(tmp_path: Path) -> None:
    """Regression: a Ctrl-C that Python drops (one landing in a finalizer, seen in CI under
    load) let the run go on to exit 0.  The run notes Ctrl-C in a flag instead, and the
    worker loop looks at it between results and while waiting on silent workers: a hung
    worker with a 60 s limit does not keep the run waiting."""
    paths = _letters(tmp_path / "in", 1)
    hang = tmp_path / "in" / "hang.txt"
    hang.write_text(example_letter(), "utf-8")
    asked = iter([False, False] + [True] * 1000)
    stream = results([str(hang), *map(str, paths)], jobs=1, pdf_backend="pypdf",
                     fmt="jsonl", spans=False, limits=Limits(timeout=60.0),
                     target=_doomed_worker, stop=lambda: next(asked))
    with pytest.raises(KeyboardInterrupt):
        list(stream)
