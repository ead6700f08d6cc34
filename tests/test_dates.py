"""The one date reader (imrparse.text.dates) and its rule, and the readers that use it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import imrparse
from imrparse import read_treatment
from imrparse.content.clinical import read_clinical_facts, read_loose_date
from imrparse.text.dates import MONTHS, read_date, two_digit_year

D = dt.date


@pytest.mark.parametrize(("raw", "expected"), [
    # The formats the letters use.
    pytest.param("12/09/2016", D(2016, 12, 9), id="header"),
    pytest.param("9/6/2013", D(2013, 9, 6), id="no-leading-zeros"),
    pytest.param("9-6-2013", D(2013, 9, 6), id="hyphens"),
    pytest.param("10-13-16", D(2016, 10, 13), id="two-digit-year"),
    pytest.param("11/23/ 2016", D(2016, 11, 23), id="blank-after-slash"),
    pytest.param("October 20, 2016", D(2016, 10, 20), id="month-name"),
    pytest.param("December 01, 2016", D(2016, 12, 1), id="month-name-zero"),
    pytest.param("Sept. 3 2015", D(2015, 9, 3), id="sept-period-no-comma"),
    pytest.param("Oct 3, 2016", D(2016, 10, 3), id="abbreviation"),
    pytest.param("March\n7, 2014", D(2014, 3, 7), id="month-wrapped"),
    pytest.param("March 7,\n2014", D(2014, 3, 7), id="year-wrapped"),
    pytest.param("OCTOBER 3rd, 2016", D(2016, 10, 3), id="capitals-ordinal"),
    pytest.param("October 20,2016", D(2016, 10, 20), id="no-blank-after-comma"),
    pytest.param("  12/09/2016 ", D(2016, 12, 9), id="blanks-around"),
    # Other shapes that name a month: dateutil, not fuzzy.
    pytest.param("20 October 2016", D(2016, 10, 20), id="day-month-year"),
    pytest.param("Thursday, October 20, 2016", D(2016, 10, 20), id="weekday"),
    pytest.param("20-Oct-2016", D(2016, 10, 20), id="day-abbreviation-year"),
])
def test_formats(raw: str, expected: dt.date) -> None:
    assert read_date(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    pytest.param("1/2/00", D(2000, 1, 2), id="00-is-2000"),
    pytest.param("1/2/16", D(2016, 1, 2), id="16-is-2016"),
    pytest.param("1/2/68", D(2068, 1, 2), id="68-is-2068"),
    pytest.param("1/2/69", D(1969, 1, 2), id="69-is-1969"),
    pytest.param("1/2/99", D(1999, 1, 2), id="99-is-1999"),
    pytest.param("May 5, 16", D(2016, 5, 5), id="month-name-two-digit"),
    pytest.param("1/2/0016", D(16, 1, 2), id="four-digits-as-written"),
    pytest.param("1/2/201", None, id="three-digit-year"),
    pytest.param("1/2/6", None, id="one-digit-year"),
    pytest.param("20 Oct 16", None, id="dateutil-needs-four-digits"),
    pytest.param("Oct 20, 201", None, id="dateutil-three-digit-year"),
])
def test_two_digit_years(raw: str, expected: dt.date | None) -> None:
    assert read_date(raw) == expected


@pytest.mark.parametrize("raw", [
    pytest.param("October 2016", id="no-day"),
    pytest.param("October 20", id="no-year"),
    pytest.param("20 October", id="no-year-day-first"),
    pytest.param("10/2016", id="numeric-no-day"),
    pytest.param("10/13", id="numeric-no-year"),
    pytest.param("2016", id="year-only"),
    pytest.param("October", id="month-only"),
])
def test_partial_dates_are_no_dates(raw: str) -> None:
    assert read_date(raw) is None


@pytest.mark.parametrize("raw", [
    pytest.param("13/10/2016", id="never-day-first"),
    pytest.param("02/30/2016", id="no-such-day"),
    pytest.param("0/1/2016", id="month-zero"),
    pytest.param("1/0/2016", id="day-zero"),
    pytest.param("12/09/0000", id="year-zero"),
    pytest.param("October 32, 2016", id="month-name-no-such-day"),
    pytest.param("31 September 2016", id="dateutil-no-such-day"),
    pytest.param("Octember 3, 2016", id="no-such-month"),
    pytest.param("10.13.2016", id="dots"),
    pytest.param("20161013", id="digits-run-together"),
    pytest.param("2016-10-13", id="iso-is-not-month-day-year"),
    pytest.param("October 20 2016 2017", id="two-years"),
    pytest.param("hello", id="words"),
    pytest.param("the injury on October 20, 2016", id="not-fuzzy"),
    pytest.param("", id="empty"),
    pytest.param("99999999999999999999/1/2016", id="huge"),
])
def test_invalid_dates(raw: str) -> None:
    assert read_date(raw) is None


_MONTH_WORDS = dict(enumerate(("January", "February", "March", "April", "May", "June", "July",
                                "August", "September", "October", "November", "December"), 1))
_ABBREVIATIONS = {number: name for name, number in MONTHS.items() if len(name) == 3}


def _written(date: dt.date, form: str) -> str:
    month, day, year = date.month, date.day, date.year
    forms = {
        "numeric": f"{month:02d}/{day:02d}/{year}",
        "numeric-short": f"{month}-{day}-{year % 100:02d}",
        "long": f"{_MONTH_WORDS[month]} {day}, {year}",
        "abbreviated": f"{_ABBREVIATIONS[month].capitalize()}. {day} {year}",
        "day-first-words": f"{day} {_MONTH_WORDS[month].lower()} {year}",
    }
    return forms[form]


@given(date=st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)),
       form=st.sampled_from(["numeric", "long", "abbreviated", "day-first-words"]))
def test_round_trip(date: dt.date, form: str) -> None:
    assert read_date(_written(date, form)) == date


@given(date=st.dates(dt.date(1969, 1, 1), dt.date(2068, 12, 31)))
def test_round_trip_two_digit_years(date: dt.date) -> None:
    assert read_date(_written(date, "numeric-short")) == date


@given(st.integers(0, 99))
def test_pivot_is_a_century_from_1969(year: int) -> None:
    assert 1969 <= two_digit_year(year) <= 2068 and two_digit_year(year) % 100 == year


@given(st.text(max_size=30))
def test_never_raises(raw: str) -> None:
    found = read_date(raw)
    assert found is None or isinstance(found, dt.date)


# --- the readers that use it agree ---------------------------------------------------------


def test_the_readers_agree_on_two_digit_years() -> None:
    """Regression: the summary read 99 as 1999 and the request's date of service as 2099."""
    summary = read_clinical_facts("Date of injury of 1/2/99. She was injured on 3/4/99.")
    assert summary.date_of_injury == D(1999, 1, 2)
    treatment = read_treatment("Physical therapy DOS 1/2/99")
    assert treatment is not None and treatment.service_date == D(1999, 1, 2)


def test_loose_date_pivot_69() -> None:
    """Regression: the summary's reader read 69 as 2069 (its pivot was 70)."""
    found = read_loose_date("injured on 5/6/69")
    assert found is not None and found[0] == D(1969, 5, 6)


def test_header_two_digit_year() -> None:
    """A header date with a two-digit year reads by the pivot (it was a BAD_DATE defect)."""
    text = imrparse.example_letter().replace("Date of Injury:  03/02/2015",
                                             "Date of Injury:  03/02/15  ", 1)
    d = imrparse.parse(text)
    assert d.header is not None and d.header.date_of_injury == D(2015, 3, 2)
    assert not [defect for defect in d.defects if defect.path.startswith("header")]


def test_header_three_digit_year_is_a_defect() -> None:
    text = imrparse.example_letter().replace("Date of Injury:  03/02/2015",
                                             "Date of Injury:  03/02/201 ", 1)
    d = imrparse.parse(text)
    assert d.header is not None and d.header.date_of_injury is None
    assert [defect.code for defect in d.defects if defect.path == "header.date_of_injury"] == [
        imrparse.DefectCode.BAD_DATE]
