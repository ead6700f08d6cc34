"""The benchmark suite runs (``benchmarks/bench.py --quick``) and reports every section.

Timings are never asserted here: CI machines vary.  The figures are checked for shape
only (present, positive, consistent with each other).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.corpus import need_corpus

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench.py"


@pytest.mark.slow
def test_quick_benchmark_reports_every_section(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, str(BENCH), "--quick", "--json", str(out)],
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text("utf-8"))
    for key in ("corpus", "floor", "model", "scaling", "batch", "pdf", "targets", "machine"):
        assert key in report, key
    assert report["quick"] is True
    for row in report["corpus"]:
        assert row["letters"] > 0
        assert 0 < row["median_ms"] <= row["p99_ms"] <= row["max_ms"]
        assert row["letters_per_s"] > 0 and row["mb_per_s"] > 0
    assert report["floor"]["floor_s"] > 0 and report["floor"]["ratio"] > 0
    model = report["model"]
    # Every corpus text's model was rebuilt, and a letter's model is dozens of objects.
    assert model["letters"] == sum(row["letters"] for row in report["corpus"])
    assert model["objects_median"] > 20 and model["median_ms"] > 0
    assert model["ratio_to_floor"] > 0 and model["parse_ratio"] > 0
    for how in ("items", "rationale"):
        points = report["scaling"][how]["points"]
        assert [p["factor"] for p in points] == [1, 10, 100, 1000]
        assert all(p["s_per_mb"] > 0 for p in points)
        # The grown letters really are larger, by about the factor.
        assert points[-1]["mb"] > 50 * points[0]["mb"]
    runs = report["batch"]["runs"]
    assert {r["jobs"] for r in runs} == {1, 2}
    for run in runs:
        assert run["exit_status"] == 0
        assert run["written"] == run["letters"]
        assert run["letters_per_s"] > 0
        assert run["peak_rss_mb"] != 0
    assert "results" in report["pdf"]
    for row in report["pdf"]["results"]:
        assert row["pages"] > 0 and row["pages_per_s"] > 0
    assert all({"target", "measured", "met"} <= set(t) for t in report["targets"])


def test_constructor_calls_rebuild_an_equal_model() -> None:
    """The model floor times what it claims: the generated function builds the same
    result, spans included, with one call per object."""
    sys.path.insert(0, str(BENCH.parent))
    try:
        import bench
    finally:
        sys.path.remove(str(BENCH.parent))
    import imrparse
    from imrparse import jsonio

    original = imrparse.parse(imrparse.example_letter())
    build = bench.constructor_calls(original)
    rebuilt = build()
    assert rebuilt is not original
    assert jsonio.to_dict(rebuilt) == jsonio.to_dict(original)  # type: ignore[arg-type]
    assert bench.body_objects(build) > len(original.items) * 5


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
def test_instruction_count_runs(tmp_path: Path) -> None:
    """``benchmarks/instructions.py`` counts the instructions of a parse and of the floor on
    a letter, start-up left out."""
    out = tmp_path / "instructions.json"
    script = BENCH.parent / "instructions.py"
    done = subprocess.run([sys.executable, str(script), "--what", "parse,floor",
                           "--letters", "1", "--json", str(out)],
                          capture_output=True, text=True, timeout=400, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    (row,) = json.loads(out.read_text("utf-8"))
    assert row["texts"] == 1
    # A parse is hundreds of thousands of instructions, many times the floor's.
    assert row["parse"] > 100_000 and row["floor"] > 0
    assert row["parse_to_floor"] > 5


PIPELINE = BENCH.parent / "pipeline.py"


@pytest.mark.slow
def test_quick_pipeline_benchmark_measures_every_ratio(tmp_path: Path) -> None:
    """``benchmarks/pipeline.py --quick`` runs each stage and reports each ratio (the CI run:
    the targets are reported, never required)."""
    pytest.importorskip("distributed")
    need_corpus()  # the benchmark copies the real letters and their PDFs
    from imrparse.pdf import default_backend, missing_backend

    if missing_backend(default_backend()):
        pytest.skip("no PDF backend installed")
    out = tmp_path / "pipeline.json"
    done = subprocess.run([sys.executable, str(PIPELINE), "--quick", "--letters", "40",
                           "--pdfs", "8", "--json", str(out)],
                          capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text("utf-8"))
    assert report["quick"] is True and report["machine"]["cores"] >= 1
    assert report["backend"] == default_backend().value
    assert report["parse"]["letters"] == 40 and report["parse"]["letters_per_s"] > 0
    assert report["text_batch"]["written"] == 40 and report["text_batch"]["ratio_to_parse"] > 0
    assert report["raw_extraction"]["letters"] == 8 and report["raw_extraction"]["chars"] > 0
    assert report["pdf_batch"]["written"] == 8 and report["pdf_batch"]["ratio_to_raw"] > 0
    for kind, count in (("text", 40), ("pdf", 8)):
        run = report["dask"]["runs"][kind]
        assert run["written"] == run["letters"] == count and run["ratio_to_cli"] > 0
    assert [t["met"] in (True, False) for t in report["targets"]] == [True] * 3
    assert report["text_batch"]["cpu_ratio_to_parse"] > 0
    assert report["pdf_batch"]["cpu_ratio_to_raw"] > 0
