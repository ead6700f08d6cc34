"""The HTML review report (``imrparse report``, :mod:`imrparse.report`): marks, pages, the
index's figures and table rows, the run's output as input, and escaping of hostile text.
The browser test is ``tests/test_report_browser.py``."""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import imrparse
from imrparse.annotate import value_marks
from imrparse.cli import main
from imrparse.jsonio import to_dict
from imrparse.report import letter_html, write_html
from imrparse.report._marks import Mark, escape, marked_text, value_list
from imrparse.testing import map_strings
from tests.corpus import CORPUS, corpus_cases, need_corpus
from tests.report_helpers import (
    HOSTILE,
    LETTERS,
    RAW,
    defect_letter,
    figure_links,
    hostile_letter,
    matches,
    table_rows,
)


def _mark(start: int, end: int, name: str) -> Mark:
    return Mark(start=start, end=end, classes=name, title=name, id=name)


# --------------------------------------------------------------------------- marks


@pytest.mark.parametrize(("marks", "expected"), [
    pytest.param([_mark(0, 3, "a")],
                 '<mark id="a" class="a" title="a">abc</mark>def', id="one"),
    pytest.param([_mark(0, 6, "a"), _mark(2, 4, "b")],
                 '<mark id="a" class="a" title="a">ab<mark id="b" class="b" title="b">cd'
                 "</mark>ef</mark>", id="nested"),
    pytest.param([_mark(0, 4, "a"), _mark(2, 6, "b")],
                 '<mark id="a" class="a" title="a">ab<mark id="b" class="b" title="b">cd'
                 '</mark></mark><mark class="b" title="b">ef</mark>', id="crossing"),
    pytest.param([_mark(3, 3, "e")],
                 'abc<mark id="e" class="e" title="e"></mark>def', id="empty"),
    pytest.param([_mark(0, 3, "a"), _mark(3, 6, "b")],
                 '<mark id="a" class="a" title="a">abc</mark>'
                 '<mark id="b" class="b" title="b">def</mark>', id="touching"),
    pytest.param([_mark(0, 6, "a"), _mark(0, 6, "b")],
                 '<mark id="a" class="a" title="a"><mark id="b" class="b" title="b">abcdef'
                 "</mark></mark>", id="same-span"),
])
def test_marked_text_nests(marks: list[Mark], expected: str) -> None:
    assert marked_text("abcdef", marks) == expected


def test_marked_text_escapes_text_and_control_characters() -> None:
    text = 'a<b>&"\x00\x1f\n'
    out = marked_text(text, [_mark(0, len(text), "x")])
    assert out == '<mark id="x" class="x" title="x">a&lt;b&gt;&amp;"\ufffd\ufffd\n</mark>'
    assert escape('"<\x07') == "&quot;&lt;\ufffd"


def test_value_list_is_value_marks_with_values() -> None:
    d = imrparse.parse(imrparse.example_letter())
    values = value_list(d)
    assert [(v.start, v.end, v.path) for v in values] == value_marks(d)
    shown = {v.path: v.value for v in values}
    assert shown["header.decision_date"] == "2016-12-09"
    assert shown["items[0].outcome"] == "upheld"
    assert shown["reviewer.licensure_states[1]"] == "Oregon"


@pytest.mark.corpus
@pytest.mark.parametrize("case", corpus_cases()[:30] or ["(no corpus)"])
def test_value_list_matches_value_marks_on_real_letters(case: str) -> None:
    need_corpus()
    d = imrparse.parse((CORPUS / f"{case}.pypdf.txt").read_text("utf-8"))
    assert [(v.start, v.end, v.path) for v in value_list(d)] == value_marks(d)


# --------------------------------------------------------------------------- pages


@pytest.fixture(scope="module")
def letters_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("letters")
    for letter in sorted(LETTERS.glob("*.txt")):
        shutil.copy(letter, folder / letter.name)
    (folder / "zz-defects.txt").write_text(defect_letter(), "utf-8")
    (folder / "zz-not-a-letter.txt").write_text("a shopping list, not a letter\n", "utf-8")
    return folder


@pytest.fixture(scope="module")
def report(letters_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "site"
    summary = write_html([letters_dir], out, chunk_rows=4)
    assert summary.letters == 6
    assert len(summary.failures) == 1
    return out


def _page(report: Path, name: str) -> str:
    pages = sorted(report.glob(f"letters/*/*{name}*.html"))
    assert len(pages) == 1, pages
    return pages[0].read_text("utf-8")


def test_every_value_and_defect_is_marked_on_its_page(report: Path, letters_dir: Path) -> None:
    d = imrparse.parse(defect_letter())
    text = _page(report, "CM16-0000001")
    for n, value in enumerate(value_list(d)):
        title = html.escape(f"{value.path} = {value.value}")
        assert f'<mark id="v-{n}" class="v g-{value.group}" title="{title}">' in text
        assert f'<a href="#v-{n}">{html.escape(value.path)}</a>' in text
    for n, defect in enumerate(d.defects):
        assert f'id="defect-{n}" class="defect' in text
        assert f'<a class="defect-link" href="#defect-{n}">{defect.code.value}</a>' in text
    # The page's text, marks taken out, is the letter's text.
    pre = re.search(r'<pre class="imr-text">(.*?)</pre>', text, re.S)
    assert pre is not None
    assert html.unescape(re.sub(r"<[^>]+>", "", pre[1])) == d.source_text


def test_pages_link_to_each_other_and_to_the_index(report: Path) -> None:
    pages = sorted(report.glob("letters/*/*.html"))
    assert len(pages) == 6
    first, second = pages[0].read_text("utf-8"), pages[1].read_text("utf-8")
    assert f'rel="next" href="../../letters/0000/{pages[1].name}"' in first
    assert 'rel="prev"' not in first
    assert f'rel="prev" href="../../letters/0000/{pages[0].name}"' in second
    assert 'rel="next"' not in pages[-1].read_text("utf-8")
    assert '<a href="../../index.html">index</a>' in first
    assert '<script src="../../assets/letter.js" defer></script>' in first
    for asset in ("marks.css", "report.css", "index.js", "letter.js"):
        assert (report / "assets" / asset).is_file()


def test_table_rows_are_the_decisions(report: Path) -> None:
    rows = table_rows(report)
    decisions = [r for r in rows if r["decision"] == "yes"]
    expected = [imrparse.parse(p.read_text("utf-8")) for p in sorted(LETTERS.glob("*.txt"))]
    expected.append(imrparse.parse(defect_letter()))
    assert len(decisions) == sum(len(d.items) for d in expected)
    assert len(rows) == len(decisions) + sum(not d.items for d in expected)
    assert len(list((report / "data").glob("rows-*.js"))) == -(-len(rows) // 4)
    unknown = [r for r in decisions if r["outcome"] == ""]
    assert [(r["case_number"], r["item_number"]) for r in unknown] == [("CM16-0000001", 1)]
    assert unknown[0]["has_defects"] == "yes"
    assert unknown[0]["defect_codes"] == ["bad-date", "unknown-outcome"]
    for row in rows:
        page, _, anchor = row["page"].partition("#")
        assert (report / page).is_file()
        assert anchor == (f"item-{row['item_number']}" if row["decision"] == "yes" else "")
        if anchor:
            assert f'id="{anchor}"' in (report / page).read_text("utf-8")


def test_each_figure_links_to_the_decisions_behind_it(report: Path) -> None:
    index = (report / "index.html").read_text("utf-8")
    rows = table_rows(report)
    links = figure_links(index)
    assert len(links) >= 8
    for name, filters, decisions in links:
        assert sum(matches(r, filters) for r in rows) == decisions, name


def test_index_lists_failures_and_shows_figures(report: Path) -> None:
    index = (report / "index.html").read_text("utf-8")
    assert "zz-not-a-letter.txt</code>: NotALetterError" in index
    assert index.count("<svg") >= 5
    assert "http://" not in index and "https://" not in index
    assert 'http-equiv="Content-Security-Policy"' in index
    assert '<script src="data/meta.js" defer></script>' in index


@pytest.mark.corpus
def test_figures_of_real_letters_link_to_their_decisions(tmp_path: Path) -> None:
    need_corpus()
    letters = [str(CORPUS / f"{case}.pypdf.txt") for case in corpus_cases()]
    write_html(letters, tmp_path / "site")
    rows = table_rows(tmp_path / "site")
    links = figure_links((tmp_path / "site" / "index.html").read_text("utf-8"))
    # The specialty figure's catch-all row ("other (n)") links to its specialties too.
    assert any(name.startswith("other (") for name, _, _ in links)
    for name, filters, decisions in links:
        assert sum(matches(r, filters) for r in rows) == decisions, name


# --------------------------------------------------------------------------- a run's output


def _run(letters: Path, out: Path, *spans: str) -> None:
    assert main(["parse", str(letters), "--out", str(out), "--jobs", "1", "--no-progress",
                 *spans]) in (0, 1)


def _texts(report: Path) -> dict[str, str]:
    return {p.name: re.sub(r"<p class=\"facts\">.*?</p>", "", p.read_text("utf-8"))
            for p in report.glob("letters/*/*.html")}


def test_a_run_with_spans_gives_the_pages_of_its_letters(
        report: Path, letters_dir: Path, tmp_path: Path) -> None:
    _run(letters_dir, tmp_path / "run", "--spans")
    summary = write_html([tmp_path / "run"], tmp_path / "site", chunk_rows=4)
    assert summary.marked == summary.letters == 6
    # The failure comes from the run's errors.jsonl.
    assert [p for p, _ in summary.failures] == [str(letters_dir / "zz-not-a-letter.txt")]
    assert _texts(tmp_path / "site") == _texts(report)
    assert table_rows(tmp_path / "site") == table_rows(report)


def test_a_run_without_spans_is_read_again(letters_dir: Path, tmp_path: Path) -> None:
    _run(letters_dir, tmp_path / "run")
    summary = write_html([tmp_path / "run" / "letters.jsonl"], tmp_path / "site")
    assert summary.marked == summary.letters == 6
    page = _page(tmp_path / "site", "CM16-0000001")
    assert "written without --spans" in page
    assert 'title="header.case_number = CM16-0000001"' in page


def test_a_run_whose_letters_are_gone_shows_the_model(letters_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    shutil.copytree(letters_dir, folder)
    _run(folder, tmp_path / "run", "--spans")
    (folder / "zz-defects.txt").unlink()
    with (folder / "notice-2013.txt").open("a", encoding="utf-8") as changed:
        changed.write("\n")
    summary = write_html([tmp_path / "run"], tmp_path / "site")
    assert (summary.letters, summary.marked) == (6, 4)
    gone = _page(tmp_path / "site", "CM16-0000001")
    assert "cannot be read: the page shows the model the run wrote" in gone
    assert '<pre class="imr-text">' not in gone
    assert "bad-date" in gone and "header.case_number</td><td>CM16-0000001" in gone
    # Every value of the model, without positions.
    assert "items[0].treatment.drug_class</td><td>Opioids" in gone
    assert any("has changed since the run" in p.read_text("utf-8")
               for p in (tmp_path / "site").glob("letters/*/*.html"))


def test_a_run_found_through_its_manifest(letters_dir: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The run wrote relative source paths; the report is made from another folder."""
    monkeypatch.chdir(letters_dir.parent)
    _run(Path(letters_dir.name), tmp_path / "run", "--spans")
    monkeypatch.chdir(tmp_path)
    summary = write_html([tmp_path / "run"], tmp_path / "site")
    assert summary.marked == summary.letters == 6


def test_a_broken_line_of_a_run_is_a_failure(tmp_path: Path) -> None:
    run = tmp_path / "run"
    run.mkdir()
    d = imrparse.parse(imrparse.example_letter())
    good = json.dumps({"source_path": "gone.txt", "determination": to_dict(d)})
    (run / "letters.jsonl").write_text(f"{good}\nnot json\n{{}}\n", "utf-8")
    summary = write_html([run], tmp_path / "site")
    assert summary.letters == 1
    assert [p for p, _ in summary.failures] == [f"{run / 'letters.jsonl'}:2",
                                                f"{run / 'letters.jsonl'}:3"]


def test_csv_output_is_refused(letters_dir: Path, tmp_path: Path) -> None:
    assert main(["parse", str(letters_dir), "--out", str(tmp_path / "run"), "--jobs", "1",
                 "--format", "csv", "--no-progress"]) == 1
    with pytest.raises(ValueError, match=r"has no letters\.jsonl"):
        write_html([tmp_path / "run"], tmp_path / "site")
    assert not (tmp_path / "site").exists()  # checked before anything is written


def test_a_folder_of_other_files_is_not_written_over(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(ValueError, match="holds other files than an imrparse report"):
        write_html([LETTERS], tmp_path / "site")
    assert (tmp_path / "site" / "notes.txt").read_text("utf-8") == "mine"


def test_an_earlier_report_is_replaced(tmp_path: Path) -> None:
    from imrparse.report._site import _prepare

    _prepare(tmp_path / "site")  # a report cut off before its index was written
    assert "being written" in (tmp_path / "site" / "index.html").read_text("utf-8")
    write_html([LETTERS], tmp_path / "site")
    write_html([LETTERS / "notice-2013.txt"], tmp_path / "site")
    assert len(list((tmp_path / "site").glob("letters/*/*.html"))) == 1
    assert len(table_rows(tmp_path / "site")) == 2


@pytest.mark.slow
def test_worker_processes_write_the_same_report(report: Path, letters_dir: Path,
                                                tmp_path: Path) -> None:
    write_html([letters_dir], tmp_path / "site", jobs=2, chunk_rows=4)
    assert _texts(tmp_path / "site") == _texts(report)
    assert table_rows(tmp_path / "site") == table_rows(report)


def test_command_line(letters_dir: Path, tmp_path: Path,
                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert main(["report", str(LETTERS), "--html", str(out), "--jobs", "1"]) == 0
    printed = capsys.readouterr().out
    assert "imrparse report: 5 letter(s), 9 decision(s), 0 failed" in printed
    assert f"open: {(out / 'index.html').resolve().as_uri()}" in printed
    assert main(["report", str(letters_dir), "--html", str(out), "-j", "1"]) == 1
    assert "failed: " in capsys.readouterr().out
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "x").write_text("x", "utf-8")
    assert main(["report", str(LETTERS), "--html", str(tmp_path / "other")]) == 2
    assert "holds other files" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["report", str(LETTERS)])
    assert exit_.value.code == 2


def test_imrparse_report_is_the_module() -> None:
    assert imrparse.report.write_html is write_html
    with pytest.raises(AttributeError):
        _ = imrparse.no_such_thing  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- notebooks


def test_notebook_view_marks_one_letter() -> None:
    d = imrparse.parse(defect_letter())
    first, second = letter_html(d), letter_html(d)
    shown = first._repr_html_()
    assert shown.startswith("<style>") and "<script" not in shown
    assert 'title="header.case_number = CM16-0000001"' in shown
    assert 'class="defect-link" href="#imr' in shown
    # Two views in one notebook keep their ids apart.
    ids = set(re.findall(r'id="([^"]+)"', shown))
    assert ids and ids.isdisjoint(re.findall(r'id="([^"]+)"', second._repr_html_()))
    assert str(first) == shown


def test_notebook_view_of_a_model_without_text() -> None:
    from imrparse.jsonio import from_dict

    d = from_dict(to_dict(imrparse.parse(imrparse.example_letter())))
    shown = letter_html(d)._repr_html_()
    assert "has no source text" in shown and '<pre class="imr-text">' not in shown
    assert "header.case_number</td><td>CM16-0000001" in shown


# --------------------------------------------------------------------------- untrusted text


class _Elements(HTMLParser):
    """The elements and attributes of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report of a hostile letter (file name too) and of a tampered run whose every
    string (case number, paths, errors) is hostile."""
    base = tmp_path_factory.mktemp("hostile")
    letters = base / f"letters{HOSTILE.replace('/', '')}"
    letters.mkdir()
    (letters / f"{HOSTILE.replace('/', '')}.txt").write_text(hostile_letter(), "utf-8")
    run = base / "run"
    run.mkdir()
    d = imrparse.parse(hostile_letter())
    tampered = map_strings(d, lambda s: s + HOSTILE)
    record = {"source_path": "gone" + HOSTILE, "source_sha256": HOSTILE,
              "determination": to_dict(tampered, spans=False)}
    (run / "letters.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
    (run / "errors.jsonl").write_text(json.dumps(
        {"path": HOSTILE, "error_type": HOSTILE, "message": HOSTILE}) + "\n", "utf-8")
    out = base / "site"
    summary = write_html([run, letters], out)
    assert (summary.letters, len(summary.failures)) == (2, 1)
    return out


def test_hostile_text_reaches_every_kind_of_place(hostile_report: Path) -> None:
    """The test below is only as good as the places the hostile text gets to."""
    pages = {p.read_text("utf-8") for p in hostile_report.glob("letters/*/*.html")}
    index = (hostile_report / "index.html").read_text("utf-8")
    rows = "".join(p.read_text("utf-8") for p in (hostile_report / "data").glob("*.js"))
    escaped = html.escape(HOSTILE.strip())
    for where in (*pages, index):
        assert escaped in where
    joined = "".join(pages)
    for place in ("<title>Case CM16-0000001 &lt;script&gt;", 'title="items[0].request = ',
                  'title="defect unknown-term at reviewer.licensure_states[0]: ',
                  "<h1>Case CM16-0000001 &lt;script&gt;", "gone &lt;script&gt;"):
        assert place in joined, place
    assert "\\u003cscript>alert" in rows


def test_hostile_text_is_only_ever_escaped(hostile_report: Path) -> None:
    files = [p for p in hostile_report.rglob("*") if p.is_file()]
    assert len(files) >= 9
    for path in files:
        text = path.read_text("utf-8")
        for raw in RAW:
            assert raw not in text, (path, raw)
        if path.suffix != ".html":
            continue
        parser = _Elements()
        parser.feed(text)
        for tag, attributes in parser.tags:
            assert tag not in ("img", "b", "iframe", "object"), (path, tag)
            assert not any(name.startswith("on") for name in attributes), (path, tag)
            if tag == "script":
                assert attributes.get("src", "").endswith(".js"), path


@pytest.mark.slow
def test_report_benchmark_runs(tmp_path: Path) -> None:
    """``benchmarks/bench_report.py`` works (its figures are shapes here, never timings)."""
    import subprocess
    import sys

    bench = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_report.py"
    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, str(bench), "--letters", "30", "--jobs", "1",
                           "--json", str(out)], capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    runs = json.loads(out.read_text("utf-8"))["runs"]
    assert [r["step"] for r in runs] == ["parse", "report-run", "report-letters"]
    assert all(r["exit_status"] == 0 and r["seconds"] > 0 and r["cpu_s"] > 0 for r in runs)
    assert runs[1]["site_mb"] == runs[2]["site_mb"] > 0
