"""imrparse.dask on a real (local, multi-process) Dask cluster gives the same tables as the
single-process path, and a bad file becomes an error record, not a failed task."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.corpus import CORPUS, need_corpus

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    # Workers are spawned processes: they import imrparse's module-level functions, never
    # this test module's (ecosystem.md A6).
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as c:
        yield c


def _sorted(frame: Any, keys: list[str]) -> Any:
    return frame.sort_values(keys).reset_index(drop=True)


def test_cluster_computes_the_single_process_tables(client: Any, tmp_path: Path) -> None:
    import dask

    import imrparse.dask as imrdask
    from imrparse._batch import parse_file
    from imrparse.tables import (
        DECISION_COLUMNS,
        LETTER_COLUMNS,
        decision_rows,
        letter_row,
        rows_to_frame,
    )

    need_corpus()
    folder = tmp_path / "letters"
    folder.mkdir()
    texts = sorted(CORPUS.glob("*.pypdf.txt"))
    for path in texts:
        shutil.copy(path, folder / path.name)
    (folder / "memo.txt").write_text("A memo about the office party.\n")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n% nothing else here\n")

    # An fsspec URL, as for s3:// or gs://; the workers read the files themselves.
    bag = imrdask.read_letters(f"file://{folder}/*", files_per_partition=25).persist()
    assert bag.npartitions == 5
    letters_df, decisions_df, errors_df = dask.compute(
        imrdask.letters_frame(bag), imrdask.decisions_frame(bag), imrdask.errors_frame(bag))

    # The single-process path, over the same files.
    parsed = [parse_file(str(p)) for p in sorted(folder.iterdir())]
    ok = [p for p in parsed if p.determination is not None]
    want_letters = rows_to_frame(
        [letter_row(p.determination, source_path=p.source_path,  # type: ignore[arg-type]
                    source_sha256=p.source_sha256) for p in ok], LETTER_COLUMNS)
    want_decisions = rows_to_frame(
        [r for p in ok for r in decision_rows(p.determination,  # type: ignore[arg-type]
                                              source_path=p.source_path,
                                              source_sha256=p.source_sha256)],
        DECISION_COLUMNS)
    assert len(letters_df) == len(texts) and len(decisions_df) == len(want_decisions)
    pd.testing.assert_frame_equal(_sorted(letters_df, ["source_path"]),
                                  _sorted(want_letters, ["source_path"]))
    pd.testing.assert_frame_equal(_sorted(decisions_df, ["source_path", "item_number"]),
                                  _sorted(want_decisions, ["source_path", "item_number"]))
    assert sorted(zip(Path(p).name for p in errors_df["path"]), key=str) == sorted(
        [("memo.txt",), ("scan.pdf",)])
    assert set(errors_df["error_type"]) == {"NotALetterError", "PdfError"}

    # The bag of determinations, and the frames' declared types hold after compute.
    assert imrdask.determinations(bag).count().compute() == len(texts)
    assert imrdask.letters_frame(bag).dtypes.equals(letters_df.dtypes)
