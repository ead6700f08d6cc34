"""Dates: the one reader that turns the text of a date into a :class:`datetime.date`.

Finding a date in a letter is the grammar's job (each reader's patterns say where a date
may stand and what it looks like); :func:`read_date` reads the text found, by one rule for
every date of a letter:

* **Numeric dates are month/day/year**, as the (American) letters write them: ``12/09/2016``,
  ``9-6-2013``, ``11/23/ 2016`` (a blank beside a separator), ``10-13-16``.  A text made of
  digits, ``/``, ``-`` and blanks is read by this format alone: a month above 12 or a day
  its month does not have makes it no date (never day-first, never guessed).
* **Month names**: ``October 20, 2016``, ``Oct. 20 2016``, ``Sept 3, 2015``,
  ``March 7th, 2014`` (English names or their usual abbreviations, any case).
* **Anything else** that names a month is given to python-dateutil's parser, not fuzzy
  (every word must belong to the date: ``20 October 2016``, ``Thursday, October 20, 2016``);
  its year must be written with four digits, and no other number may have more than two.
* **Two-digit years**: 69-99 are 1969-1999, 00-68 are 2000-2068 (the POSIX and
  :func:`time.strptime` pivot).  The pivot is fixed; it does not move with today's date as
  dateutil's own does.  A four-digit year is taken as written; other lengths are no date.
* **Partial dates are no dates**: a text without its day, month or year gives ``None``.
  dateutil would take the missing part from today; it is run with two different defaults
  instead, and a date is accepted only when both readings agree.

Whitespace runs (line breaks included) read as one space.  The reader never raises: what is
not a calendar date is ``None``, and the caller decides whether that is a defect.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dateutil_parser

__all__ = ["MONTHS", "MONTH_NAMES", "read_date", "two_digit_year"]

#: Month names, January first.
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
#: Month names as the letters spell them (lower case), with the usual abbreviations.
MONTHS: dict[str, int] = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
    **{name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
    "sept": 9,
}

#: Two-digit years from this one on are 19xx, below it 20xx.
_PIVOT = 69

#: The formats the letters use, tried in order against the text with its whitespace runs
#: made single spaces.
_NUMERIC = re.compile(
    r"(?P<month>\d{1,2}) ?[/-] ?(?P<day>\d{1,2}) ?[/-] ?(?P<year>\d{4}|\d{2})")
_MONTH_NAME = re.compile(
    r"(?P<month>[A-Za-z]+)(?:\. ?| )(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:, ?| )"
    r"(?P<year>\d{4}|\d{2})",
    re.IGNORECASE)
#: Text that only a numeric format may read.
_NUMERIC_SHAPE = re.compile(r"[\d/ -]*")
_WORD = re.compile(r"[A-Za-z]+")
_DIGIT_RUN = re.compile(r"\d+")
#: dateutil fills what a text does not say from its default; two defaults that differ in
#: every part of a date tell a partial date from a whole one.
_DEFAULTS = (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2))


def two_digit_year(year: int) -> int:
    """The year a two-digit year (0-99) stands for: 69-99 are 19xx, 00-68 are 20xx."""
    return year + (1900 if year >= _PIVOT else 2000)


def read_date(raw: str) -> dt.date | None:
    """The calendar date ``raw`` writes, by the rule of this module, or ``None``."""
    text = " ".join(raw.split())
    m = _NUMERIC.fullmatch(text)
    if m is not None:
        return _calendar_date(m.group("year"), int(m.group("month")), m.group("day"))
    if _NUMERIC_SHAPE.fullmatch(text):
        return None
    m = _MONTH_NAME.fullmatch(text)
    if m is not None:
        month = MONTHS.get(m.group("month").lower())
        return None if month is None else _calendar_date(m.group("year"), month,
                                                          m.group("day"))
    return _other_words(text)


def _calendar_date(year: str, month: int, day: str) -> dt.date | None:
    number = int(year)
    try:
        return dt.date(two_digit_year(number) if len(year) == 2 else number, month, int(day))
    except ValueError:  # no such day: "02/30/2016", "13/01/2016", "0/1/2016"
        return None


def _other_words(text: str) -> dt.date | None:
    """A date in another shape that names a month, read by dateutil (see the module)."""
    if not any(word.lower() in MONTHS for word in _WORD.findall(text)):
        return None
    runs = _DIGIT_RUN.findall(text)
    years = [run for run in runs if len(run) == 4]
    if len(years) != 1 or any(len(run) not in (1, 2, 4) for run in runs):
        return None
    try:
        readings: list[dt.datetime] = [dateutil_parser.parse(text, default=default)
                                       for default in _DEFAULTS]
    except (ValueError, OverflowError):  # dateutil's ParserError is a ValueError
        return None
    first, second = (reading.date() for reading in readings)
    return first if first == second and first.year == int(years[0]) else None
