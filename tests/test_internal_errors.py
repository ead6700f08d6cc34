"""Our bugs are never reported as the user's bad input (issue 14).

A bug is simulated by making one reader raise.  Leniently, a bug in reading one part of
the letter is an ``internal-error`` defect at that part and the rest is read; strictly,
and wherever no part can be left out, ``parse`` raises :class:`imrparse.InternalError`,
which is an :class:`imrparse.ImrParseError` but never a :class:`imrparse.NotALetterError`.
"""

from __future__ import annotations

import hashlib

import pytest

import imrparse
from imrparse import DefectCode

EXAMPLE = imrparse.example_letter()


class Bug(Exception):
    """What a simulated bug raises."""


def _broken(*args: object, **kwargs: object) -> object:
    raise Bug("simulated")


# Each row: a reader (where its caller looks it up), the path of the part it reads, and
# what is left out when it fails.
PARTS = [
    ("imrparse.content.fill.read_treatment", "items[0].treatment", "items[0].treatment"),
    ("imrparse.content.fill.read_guideline_basis", "items[0].claims_administrator_guideline.basis",
     "items[0].claims_administrator_guideline.basis"),
    ("imrparse.content.fill.read_rationale", "items[0].rationale", "items[0].rationale.conclusion"),
    ("imrparse.content.fill.read_clinical_facts", "summary", "summary.age"),
    ("imrparse.structure.build.read_header", "header", "header.case_number"),
    ("imrparse.structure.build.read_reviewer", "reviewer", "reviewer"),
    ("imrparse.structure.build.read_items", "items", "items"),
    ("imrparse.structure.items._decision_block", "items[0]", "items"),
]


def _get(d: imrparse.Determination, path: str) -> object:
    value: object = d
    for part in path.split("."):
        name, _, index = part.partition("[")
        value = getattr(value, name)
        if index:
            assert isinstance(value, tuple)
            value = value[int(index[:-1])]
    return value


@pytest.mark.parametrize(("reader", "path", "left_out"), PARTS, ids=[p[1] for p in PARTS])
def test_a_bug_in_one_part_is_a_defect_there(monkeypatch: pytest.MonkeyPatch, reader: str,
                                             path: str, left_out: str) -> None:
    whole = imrparse.parse(EXAMPLE)
    assert _get(whole, left_out)
    monkeypatch.setattr(reader, _broken)
    d = imrparse.parse(EXAMPLE)
    bugs = [x for x in d.defects if x.code is DefectCode.INTERNAL_ERROR]
    assert bugs and bugs[0].path == path  # (a reader that always fails fails at each item)
    assert "Bug('simulated')" in bugs[0].message and "please report" in bugs[0].message
    assert 0 < len(bugs[0].span) <= len(EXAMPLE)
    assert not _get(d, left_out)
    # The rest of the letter is read.
    for other in ("header.case_number", "reviewer", "summary", "items"):
        if not left_out.startswith(other.split(".")[0]):
            assert _get(d, other) == _get(whole, other), other


@pytest.mark.parametrize(("reader", "path", "left_out"), PARTS, ids=[p[1] for p in PARTS])
def test_strict_parsing_raises_the_bug(monkeypatch: pytest.MonkeyPatch, reader: str,
                                       path: str, left_out: str) -> None:
    monkeypatch.setattr(reader, _broken)
    with pytest.raises(imrparse.InternalError) as info:
        imrparse.parse(EXAMPLE, strict=True)
    assert isinstance(info.value.__cause__, Bug)


def test_a_bug_where_nothing_can_be_left_out_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("imrparse.structure.build.tokenize", _broken)
    with pytest.raises(imrparse.InternalError) as info:
        imrparse.parse(EXAMPLE)
    error = info.value
    assert isinstance(error, imrparse.ImrParseError) and isinstance(error, ValueError)
    assert not isinstance(error, imrparse.NotALetterError)
    assert isinstance(error.__cause__, Bug)
    assert error.length == len(EXAMPLE)
    assert error.sha256 == hashlib.sha256(EXAMPLE.encode("utf-8")).hexdigest()
    assert "please report" in str(error) and error.sha256[:16] in str(error)


def test_a_regex_timeout_stays_a_pattern_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(*args: object, **kwargs: object) -> object:
        raise TimeoutError("regex time-out")

    monkeypatch.setattr("imrparse.content.fill.read_rationale", slow)
    d = imrparse.parse(EXAMPLE)
    codes = {x.code for x in d.defects}
    assert DefectCode.PATTERN_TIMEOUT in codes and DefectCode.INTERNAL_ERROR not in codes
