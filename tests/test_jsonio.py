"""The versioned JSON form: round trip, spans, the shipped JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import imrparse
from imrparse.jsonio import FORMAT_VERSION, dumps, from_dict, loads, to_dict
from imrparse.schema import build_schema, load_schema
from tests.corpus import corpus_texts

jsonschema = pytest.importorskip("jsonschema")
VALIDATOR = jsonschema.Draft202012Validator(load_schema(),
                                            format_checker=jsonschema.FormatChecker())
EXAMPLE = imrparse.example_letter()
ROOT = Path(__file__).resolve().parents[1]


def _check(d: imrparse.Determination) -> None:
    for spans in (True, False):
        data = to_dict(d, spans=spans)
        errors = sorted(VALIDATOR.iter_errors(data), key=str)
        assert not errors, errors[0]
        back = from_dict(data)
        assert back == d
        # Spans are not compared by ==: the JSON of the rebuilt result shows they survived.
        assert to_dict(back, spans=spans) == data


def test_example_round_trips_and_validates() -> None:
    _check(imrparse.parse(EXAMPLE))


@pytest.mark.corpus
def test_every_corpus_letter_round_trips_and_validates() -> None:
    texts = corpus_texts()
    for label, text in texts:
        try:
            _check(imrparse.parse(text))
        except AssertionError as exc:
            raise AssertionError(f"{label}: {exc}") from exc
    assert len(texts) > 100


LETTERS = sorted((Path(__file__).resolve().parent / "letters").glob("*.txt"))


@pytest.mark.parametrize("path", LETTERS, ids=[p.stem for p in LETTERS])
def test_every_layout_example_round_trips_and_validates(path: Path) -> None:
    # These letters have the fields the corpus lacks (parties, documents reviewed...).
    _check(imrparse.parse(path.read_text("utf-8")))


def test_spans_come_back() -> None:
    d = imrparse.parse(EXAMPLE)
    back = from_dict(to_dict(d), source_text=EXAMPLE)
    for (path, obj), (_, again) in zip(d.iter_located(), back.iter_located(), strict=True):
        assert again.span == obj.span, path
        assert again.value_spans == obj.value_spans, path
    assert [s.span for s in back.sections] == [s.span for s in d.sections]
    assert [x.span for x in back.defects] == [x.span for x in d.defects]
    span = back.header.span_of("decision_date")
    assert span is not None and back.text_of(span) == "12/09/2016"


def test_without_spans_gives_empty_spans() -> None:
    back = from_dict(to_dict(imrparse.parse(EXAMPLE), spans=False))
    assert back.span == imrparse.Span(0, 0)
    assert back.header.value_spans == ()
    assert back.sections == ()


def test_json_conventions() -> None:
    data = json.loads(dumps(imrparse.parse(EXAMPLE)))
    assert data["format"] == FORMAT_VERSION
    assert data["layout"] == "fdl-2016"
    assert data["header"]["decision_date"] == "2016-12-09"
    assert data["header"]["priority"] == "standard"
    assert [i["outcome"] for i in data["items"]] == ["upheld", "overturned"]
    assert "source_text" not in data
    assert loads(json.dumps(data)) == imrparse.parse(EXAMPLE)


def test_newer_format_is_refused() -> None:
    data = to_dict(imrparse.parse(EXAMPLE))
    with pytest.raises(ValueError, match="newer"):
        from_dict({**data, "format": FORMAT_VERSION + 1})


@pytest.mark.parametrize("bad", [{}, {"layout": "fdl-2016"}, {"layout": "nonsense"}],
                         ids=["empty", "layout-only", "unknown-enum"])
def test_wrong_shape_is_a_value_error(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        from_dict(bad)


def test_unknown_keys_are_ignored() -> None:
    data = to_dict(imrparse.parse(EXAMPLE))
    data["header"]["added_in_a_later_version"] = 1
    assert from_dict(data) == imrparse.parse(EXAMPLE)


_dates = st.none() | st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


@given(decision=_dates, injury=_dates, priority=st.sampled_from([None, *imrparse.Priority]),
       case=st.none() | st.from_regex(r"CM\d{2}-\d{7}", fullmatch=True),
       start=st.integers(0, 50), length=st.integers(0, 50))
def test_header_values_round_trip(*, decision: dt.date | None, injury: dt.date | None,
                                  priority: imrparse.Priority | None, case: str | None,
                                  start: int, length: int) -> None:
    d = imrparse.parse(EXAMPLE)
    span = imrparse.Span(start, start + length)
    header = attrs.evolve(d.header, decision_date=decision, date_of_injury=injury,
                          priority=priority, case_number=case, span=span,
                          value_spans=(("decision_date", span),))
    changed = attrs.evolve(d, header=header)
    data = to_dict(changed)
    assert not list(VALIDATOR.iter_errors(data))
    back = from_dict(data)
    assert back == changed
    assert back.header.span == span and back.header.span_of("decision_date") == span


def test_shipped_schema_matches_the_model() -> None:
    assert load_schema() == build_schema(), (
        "the model changed: regenerate the schema with `python -m imrparse.schema --write`")


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(load_schema())


@pytest.mark.slow
def test_wheel_ships_the_schema(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                           "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
                          capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {done.stderr[-300:]}")
    (wheel,) = tmp_path.glob("*.whl")
    assert "imrparse/schema/determination.schema.json" in zipfile.ZipFile(wheel).namelist()
