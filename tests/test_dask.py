"""imrparse.dask on Dask's default scheduler and on a real (local, multi-process) Dask
cluster: the frames carry the one schema, write Parquet that the loader reads back as the
single-process tables, and a bad file becomes an error record, not a failed task."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.corpus import CORPUS, need_corpus
from tests.sample_letters import write_sample_letters

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    # Workers are spawned processes: they import imrparse's module-level functions, never
    # this test module's (ecosystem.md A6).
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample letters, a memo and a broken PDF."""
    where = tmp_path_factory.mktemp("dask") / "letters"
    write_sample_letters(where)
    (where / "memo.txt").write_text("A memo about the office party.\n")
    (where / "scan.pdf").write_bytes(b"%PDF-1.4\n% nothing else here\n")
    return where


def _sorted(frame: Any) -> Any:
    keys = [k for k in ("source_path", "item_number", "path") if k in frame.columns]
    return frame.sort_values(keys).reset_index(drop=True)


def _single_process(folder: Path) -> dict[str, Any]:
    """The tables of the files of ``folder`` as the one-process path makes them."""
    from imrparse.batch.run import parse_file
    from imrparse.pdf import default_backend
    from imrparse.tables import (
        DECISION_COLUMNS,
        ERROR_COLUMNS,
        LETTER_COLUMNS,
        decision_rows,
        letter_row,
        rows_to_frame,
    )

    # read_letters' default backend, which the batch API's may not be.
    backend = default_backend().value
    parsed = [parse_file(str(p), pdf_backend=backend) for p in sorted(folder.iterdir())]
    letters, decisions, errors = [], [], []
    for p in parsed:
        if p.determination is None:
            errors.append(p.error_record())
            continue
        where = {"source_path": p.source_path, "source_sha256": p.source_sha256}
        letters.append(letter_row(p.determination, **where))
        decisions.extend(decision_rows(p.determination, **where))
    return {"letters": rows_to_frame(letters, LETTER_COLUMNS),
            "decisions": rows_to_frame(decisions, DECISION_COLUMNS),
            "errors": rows_to_frame(errors, ERROR_COLUMNS)}


def _check_written(bag: Any, folder: Path, out: Path) -> None:
    """``to_parquet`` of the bag, and of the decisions frame alone, read back by the loader,
    are the single-process tables."""
    import imrparse.dask as imrdask
    from imrparse.tables import read_tables

    imrdask.to_parquet(bag, str(out / "all"))
    imrdask.decisions_frame(bag).to_parquet(str(out / "decisions-only"))
    want = _single_process(folder)
    tables = read_tables(out / "all")
    for kind in ("letters", "decisions", "errors"):
        pd.testing.assert_frame_equal(_sorted(getattr(tables, kind)), _sorted(want[kind]))
    assert sorted(Path(p).name for p in tables.errors["path"]) == ["memo.txt", "scan.pdf"]
    alone = read_tables(out / "decisions-only").decisions
    pd.testing.assert_frame_equal(_sorted(alone), _sorted(want["decisions"]))
    pq = pytest.importorskip("pyarrow.parquet")
    schema = pq.read_schema(next((out / "all" / "decisions").glob("*.parquet")))
    assert schema.field("drugs").type == pa.list_(pa.string())
    assert schema.field("drugs").metadata[b"description"].startswith(b"drug names")
    assert (out / "all" / "schema.json").is_file()


def test_frames_carry_the_schema(folder: Path) -> None:
    """Regression: list columns were typed ``object`` and ``to_parquet`` raised
    ``ArrowInvalid``."""
    import imrparse.dask as imrdask
    from imrparse.tables import DECISION_COLUMNS, empty_frame

    bag = imrdask.read_letters(str(folder / "*.txt"), files_per_partition=3)
    frame = imrdask.decisions_frame(bag)
    assert frame.dtypes.equals(empty_frame(DECISION_COLUMNS).dtypes)
    assert str(frame.dtypes["drugs"]) == "list<item: string>[pyarrow]"
    assert "object" not in {str(t) for t in frame.dtypes}


# Dask's Parquet writer calls pandas' deprecated ``set_index(inplace=True)``: not ours.
@pytest.mark.filterwarnings("ignore:The inplace keyword")
def test_default_scheduler_writes_parquet_the_loader_reads(folder: Path, tmp_path: Path
                                                           ) -> None:
    import imrparse.dask as imrdask

    bag = imrdask.read_letters(str(folder / "*"), files_per_partition=3)
    assert bag.npartitions == 3
    _check_written(bag, folder, tmp_path)


@pytest.mark.filterwarnings("ignore:The inplace keyword")
def test_cluster_writes_parquet_the_loader_reads(client: Any, folder: Path, tmp_path: Path
                                                 ) -> None:
    import imrparse.dask as imrdask

    # An fsspec URL, as for s3:// or gs://; the workers read the files themselves.
    bag = imrdask.read_letters(f"file://{folder}/*", files_per_partition=3).persist()
    _check_written(bag, folder, tmp_path)
    assert imrdask.determinations(bag).count().compute() == len(list(folder.glob("*"))) - 2


@pytest.mark.corpus
@pytest.mark.slow
def test_cluster_computes_the_single_process_tables(client: Any, tmp_path: Path) -> None:
    import dask

    import imrparse.dask as imrdask

    need_corpus()
    folder = tmp_path / "letters"
    folder.mkdir()
    texts = sorted(CORPUS.glob("*.pypdf.txt"))
    for path in texts:
        shutil.copy(path, folder / path.name)
    (folder / "memo.txt").write_text("A memo about the office party.\n")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n% nothing else here\n")

    bag = imrdask.read_letters(f"file://{folder}/*", files_per_partition=25).persist()
    assert bag.npartitions == 5
    letters_df, decisions_df, errors_df = dask.compute(
        imrdask.letters_frame(bag), imrdask.decisions_frame(bag), imrdask.errors_frame(bag))
    want = _single_process(folder)
    assert len(letters_df) == len(texts)
    for got, kind in ((letters_df, "letters"), (decisions_df, "decisions"),
                      (errors_df, "errors")):
        pd.testing.assert_frame_equal(_sorted(got), _sorted(want[kind]))
    assert set(errors_df["error_type"]) == {"NotALetterError", "PdfError"}
    assert imrdask.determinations(bag).count().compute() == len(texts)
    assert imrdask.letters_frame(bag).dtypes.equals(letters_df.dtypes)
