"""Field readers: small grammars for the values inside a section.

Each reader takes the whole letter and a range of it and returns values with spans into
the whole letter.  None of them raises on odd input: a value that is not there is
``None`` (or an empty tuple), and the caller decides whether that is a defect.
"""

from __future__ import annotations

import datetime as dt
import re

from imrparse import _grammar as g
from imrparse._base import Span
from imrparse._text import normalize, trim
from imrparse.model import Sex

_NUMERIC_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def read_numeric_date(raw: str) -> dt.date | None:
    """``MM/DD/YYYY`` (leading zeros optional) as a date, or ``None`` if it is not one."""
    m = _NUMERIC_DATE.fullmatch(raw.strip())
    if m is None:
        return None
    month, day, year = (int(part) for part in m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def split_list(text: str, start: int, end: int,
               separators: str = r",") -> tuple[tuple[str, Span], ...]:
    """The members of a separated list in ``text[start:end]``, each normalized, with spans.

    Wrapped lines are joined; empty members (``a,,b``) are dropped.
    """
    members: list[tuple[str, Span]] = []
    pos = start
    for m in re.finditer(separators, text[start:end]):
        _add_member(text, pos, start + m.start(), members)
        pos = start + m.end()
    _add_member(text, pos, end, members)
    return tuple(members)


def _add_member(text: str, start: int, end: int, members: list[tuple[str, Span]]) -> None:
    span = trim(text, start, end)
    if span is not None:
        value = normalize(text[span.start : span.end])
        if value.strip(".;"):
            members.append((value, span))


#: "a 45 year old male", "45-year-old female", "45 y/o male", "a female who ..."
_AGE_SEX = re.compile(
    r"\b(?P<age>\d{1,3})(?:[ \t\u00a0-]+|\s+)years?(?:[ \t\u00a0-]+|\s+)old"
    r"(?:\s+(?P<sex>male|female|man|woman)\b)?",
    re.IGNORECASE,
)
_SEX_ONLY = re.compile(r"\b(?:is|was)\s+an?\s+(?P<sex>male|female)\b", re.IGNORECASE)
_SEXES = {"male": Sex.MALE, "man": Sex.MALE, "female": Sex.FEMALE, "woman": Sex.FEMALE}
#: Ages outside this range are a misreading (a count, a year), not an age.
_MAX_AGE = 120


def read_age_sex(text: str, start: int, end: int) -> tuple[
        tuple[int, Span] | None, tuple[Sex, Span] | None]:
    """The worker's age and sex from the first statement of them in a case summary."""
    age: tuple[int, Span] | None = None
    sex: tuple[Sex, Span] | None = None
    m = _AGE_SEX.search(text, start, end)
    if m is not None and 0 < int(m.group("age")) <= _MAX_AGE:
        age = (int(m.group("age")), Span(m.start("age"), m.end("age")))
        if m.group("sex"):
            sex = (_SEXES[m.group("sex").lower()], Span(m.start("sex"), m.end("sex")))
    if sex is None:
        s = _SEX_ONLY.search(text, start, end)
        if s is not None:
            sex = (_SEXES[s.group("sex").lower()], Span(s.start("sex"), s.end("sex")))
    return age, sex


_CREDENTIALS_SENTENCE = re.compile(g.CREDENTIALS_SENTENCE)
#: The states of the older sentence are a list written "A, B and C".
_STATE_SEPARATORS = r",|\s+and\s+"


def read_credentials_sentence(text: str, start: int, end: int) -> tuple[
        Span, tuple[tuple[str, Span], ...], tuple[tuple[str, Span], ...]] | None:
    """The older letters' "Board Certified in X, and is licensed to practice in Y."

    Returns the sentence's span, the specialties and the states, or ``None``.
    """
    m = _CREDENTIALS_SENTENCE.search(text, start, end)
    if m is None:
        return None
    specialties = split_list(text, m.start("specialties"), m.end("specialties"))
    states = split_list(text, m.start("states"), m.end("states"), _STATE_SEPARATORS)
    return Span(m.start(), m.end()), specialties, states
