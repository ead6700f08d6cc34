"""The letter writer: each layout's form, and ``parse(render(d)) == d`` on the letters of
``tests/letters`` and the example letter, in every layout that can carry their values."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import imrparse
from imrparse import Layout, Outcome, PartialAuthorization, Span
from imrparse.layouts import grammar as g
from imrparse.render import partial_request, render

LETTERS = Path(__file__).resolve().parent / "letters"
EXAMPLE = imrparse.parse(imrparse.example_letter())
LETTER_FILES = sorted(LETTERS.glob("*.txt"))


def _parse_file(path: Path) -> imrparse.Determination:
    return imrparse.parse(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", LETTER_FILES, ids=lambda p: p.stem)
def test_every_test_letter_round_trips(path: Path) -> None:
    d = _parse_file(path)
    assert d.defects == ()
    text = render(d)
    again = imrparse.parse(text)
    assert again == d
    assert again.defects == ()


def test_example_letter_round_trips() -> None:
    assert imrparse.parse(render(EXAMPLE)) == EXAMPLE


@pytest.mark.parametrize("width", [40, 60, 90, 110, 200])
def test_width_is_kept_and_the_round_trip_holds(width: int) -> None:
    text = render(EXAMPLE, width=width)
    # Paragraphs are wrapped; the header table's lines and the headings are not.
    prose = text[text.index("HOW THE"):].splitlines()
    headings = {h.wording for h in g.HEADINGS}
    longest_word = max(len(w) for w in text.split())
    assert all(len(line) <= max(width, longest_word) for line in prose if line not in headings)
    assert imrparse.parse(text) == EXAMPLE


def _headings(layout: Layout) -> list[str]:
    rule = next(r for r in g.LAYOUTS if r.layout is layout)
    return [next(h.wording for h in g.HEADINGS if h.name == name) for name in rule.required]


# What carries over when the example letter (2016 layout) is written in another layout.
CARRIED = [
    (Layout.FDL_2016, ("header", "reviewer", "summary", "items")),
    (Layout.FDL_SEED, ("reviewer", "summary", "items")),
    (Layout.FDL_DOCUMENTS_REVIEWED, ("header", "reviewer", "summary", "items")),
]


@pytest.mark.parametrize(("layout", "fields"), CARRIED, ids=[c[0].value for c in CARRIED])
def test_example_in_each_fdl_layout(layout: Layout, fields: tuple[str, ...]) -> None:
    text = render(EXAMPLE, layout)
    positions = [text.find(h) for h in _headings(layout)]
    assert -1 not in positions and positions == sorted(positions)  # in the layout's order
    d = imrparse.parse(text)
    assert d.layout is layout
    for field in fields:
        assert getattr(d, field) == getattr(EXAMPLE, field), field
    assert d.defects == ()


def test_seed_layout_writes_the_reviewer_in_prose_and_two_spaces() -> None:
    text = render(EXAMPLE, Layout.FDL_SEED)
    assert not text.startswith(("Case Number", "MAXIMUS FEDERAL"))
    assert "Date Assigned:" not in text and "credentials:" not in text
    assert "#30:  Upheld" in text
    flat = " ".join(text.split())
    assert ("The physician reviewer is Board Certified in Physical Medicine & Rehabilitation, "
            "Pain Management, and is licensed to practice in California and Oregon.") in flat


def test_2016_header_table_is_written_as_pypdf_reads_it() -> None:
    lines = render(EXAMPLE).splitlines()
    assert lines[0] == "Case Number:  CM16-0000001"
    assert lines[1] == "Date Assigned:  11/14/2016 Date of Injury:  03/02/2015"
    assert lines[3:6] == ["Priority:  Standard Application", "Received:", "11/07/2016"]


def test_header_cells_left_out_are_not_written() -> None:
    header = attrs.evolve(EXAMPLE.header, priority=None, date_of_injury=None)
    d = attrs.evolve(EXAMPLE, layout=Layout.FDL_DOCUMENTS_REVIEWED, header=header)
    text = render(d)
    assert "Priority:" not in text and "Date of Injury:" not in text
    assert "Application Received:  11/07/2016" in text
    assert imrparse.parse(text).header == header


@pytest.mark.parametrize("layout", [Layout.NOTICE_2013, Layout.MEDICAL_PROFESSIONAL_REVIEW],
                         ids=lambda layout: layout.value)
def test_example_in_the_older_layouts_keeps_what_they_carry(layout: Layout) -> None:
    d = imrparse.parse(render(EXAMPLE, layout))
    assert d.layout is layout and d.defects == ()
    assert [(i.request, i.outcome) for i in d.items] == [
        (i.request, i.outcome) for i in EXAMPLE.items]
    assert d.summary is not None and d.summary.text == EXAMPLE.summary.text  # type: ignore[union-attr]
    assert d.reviewer == EXAMPLE.reviewer


def test_notice_writes_cover_dates_and_numbered_determinations() -> None:
    d = _parse_file(LETTERS / "notice-2013.txt")
    text = render(d)
    assert "Dated: 10/4/2013" in text
    assert text.count("1) MAXIMUS Federal Services, Inc. has determined") == 2
    assert "is not medically necessary and appropriate." in " ".join(text.split())
    assert "September 3, 2013" in text  # the disclaimer's long-form date


def test_medical_professional_review_writes_the_outcome_only_when_needed() -> None:
    d = _parse_file(LETTERS / "medical-professional-review.txt")
    assert ": Upheld" not in render(d) and ":  Upheld" not in render(d)
    flipped = attrs.evolve(d.items[0], outcome=Outcome.OVERTURNED)
    text = render(attrs.evolve(d, items=(flipped,)))
    assert ":  Overturned" in text
    assert imrparse.parse(text).items[0].outcome is Outcome.OVERTURNED


def test_partial_request_from_its_parts() -> None:
    part = PartialAuthorization(span=Span(0, 0), original_request="Massage x8",
                                authorized="Massage x4", disputed="Massage x4")
    item = attrs.evolve(EXAMPLE.items[1], request="", partial=part)
    d = imrparse.parse(render(attrs.evolve(EXAMPLE, items=(item,))))
    assert d.items[0].partial == part
    assert d.items[0].request == partial_request(part)


def test_partial_authorization_is_written_as_the_letters_write_it() -> None:
    text = " ".join(render(EXAMPLE).split())
    assert ("Physical therapy for the lumbar spine 2x4 was the original request. Physical "
            "therapy for the lumbar spine 2x2 was authorized by the Claims Administrator.") \
        in text


def test_headings_and_labels_come_from_the_tables() -> None:
    text = render(EXAMPLE)
    for rule in g.LABELS:
        assert rule.wording in text
    for wording in _headings(Layout.FDL_2016):
        assert f"\n{wording}\n" in text


def test_importing_imrparse_does_not_need_hypothesis() -> None:
    code = ("import sys; sys.modules['hypothesis'] = None\n"
            "import imrparse, imrparse.render\n"
            "try:\n    import imrparse.testing\nexcept ImportError as e:\n"
            "    print('needs', 'pip install hypothesis' in str(e))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "needs True"
