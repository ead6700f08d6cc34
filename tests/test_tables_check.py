"""The shared import-time checks of the declarative tables name the table and the row."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable

import pytest
import regex

from imrparse.layouts import check
from imrparse.vocab import reviewers


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@pytest.mark.parametrize(("run", "message"), [
    pytest.param(lambda: check.require(False, "T", "row", "is bad"), "T: 'row' is bad",
                 id="require"),
    pytest.param(lambda: check.compiled("T", "r1", "(", regex.compile),
                 "T: 'r1' does not compile", id="compiled-regex"),
    pytest.param(lambda: check.compiled("T", "r1", "(", re.compile),
                 "T: 'r1' does not compile", id="compiled-re"),
    pytest.param(lambda: check.matches("T", "r1", "a+", "aa", "b"),
                 "T: 'r1' does not match its wording 'b'", id="matches"),
    pytest.param(lambda: check.matches("T", "r2", "b", "ab", full=False),
                 "T: 'r2' does not match", id="matches-start"),
    pytest.param(lambda: check.unique("T", ["a", "b", "a"]), "T: 'a' is listed twice",
                 id="unique"),
    pytest.param(lambda: check.covers("T", [Colour.RED], Colour), "T: no row for Colour.BLUE",
                 id="covers"),
    pytest.param(lambda: check.known("T", "r1", ["x", "y"], ["x"]),
                 re.escape("T: 'r1' names unknown ['y']"), id="known"),
    pytest.param(lambda: reviewers._table(("Neurology",), (reviewers.Alias(
        "Neuro", "Neurologist"),), "SPECIALTIES"),
                 "SPECIALTIES aliases: 'Neuro' names unknown", id="reviewer-alias"),
])
def test_a_bad_row_is_named(run: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        run()


def test_good_rows_pass() -> None:
    assert check.compiled("T", "r", "a+", regex.compile).fullmatch("aa")
    check.matches("T", "r", "a+", "a", "aaa")
    check.matches("T", "r", "a", "ab", full=False)
    check.unique("T", ["a", "b"])
    check.covers("T", [Colour.RED, Colour.BLUE], Colour)
    check.known("T", "r", ["x"], ["x", "y"])
