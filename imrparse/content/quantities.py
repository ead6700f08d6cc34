"""The quantities a request states, by phrase grammars: strengths ("10/325mg", "5 mcg/hr",
"0.075%"), package amounts, counts ("#60", "QTY: 3"), refills, sessions written as frequency
x duration ("2x4", "two times a week for four weeks", "3 visits per week for 2 weeks"),
session counts and ranges ("(8 sessions)", "12-18 sessions"), durations, rentals and
purchases.

Each grammar is tried only where it can start: at the words that open with a digit or are
a number word (:attr:`~imrparse.content.request.Request.numbers`), or after a word check on the
lower-case request.
"""

from __future__ import annotations

import re

from imrparse.content.request import NUMBER_WORDS, Findings, Request, overlaps
from imrparse.model import DurationUnit

__all__ = ["read_quantities"]

_I = re.IGNORECASE
_WORD_NUM = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|" \
            r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|" \
            r"sixty|ninety)"
#: A whole number in digits or words ("12", "twelve"); digits not part of a decimal.  A
#: word may be echoed in digits, as in legal writing: "Eight (8)".
NUM = rf"(?:(?<![\d.])\d{{1,3}}(?![\d.])|\b{_WORD_NUM}\b(?:\s*+\(\s*+\d{{1,3}}\s*+\))?)"
#: A number or a range of them ("12-18", "two to three", "6 or 8").
RANGE = rf"{NUM}(?:\s*+(?:-|–|to|or)\s*+{NUM})?"
_RANGE_PARTS = re.compile(rf"(?P<low>{NUM})(?:\s*+(?:-|–|to|or)\s*+(?P<high>{NUM}))?", _I)
#: "a", "per", "every", "/" before the unit they count in ("3 times per week").
_PER = r"(?:a|an|per|each|every|/)\s*+"
_WEEK = r"(?:week|wk)\b"
_PER_WEEK = rf"\s*+(?:{_PER}{_WEEK}|weekly\b)"
_TIMES_WORD = r"(?:x|×|times|visits?|sessions?|treatments?|days?)"
_WEEKS = r"\s*+(?:weeks?|wks?)\b"
#: "3 times a week for 2 weeks", "twice a week for 3 weeks", "two times a week times six
#: weeks", "3 visits per week for 2 weeks", "2x/week x 4 weeks", "1x week", "three times
#: weekly", "5 days a week".  A times-word or a "per" is needed: "3 weeks" is no frequency.
FREQUENCY = re.compile(
    rf"(?:(?P<f>{RANGE})|(?P<fw>once|twice|thrice))\s*+"
    rf"(?:{_TIMES_WORD}\s*+(?:{_PER})?{_WEEK}|{_PER}{_WEEK}|(?:{_TIMES_WORD}\s*+)?weekly\b)"
    rf"(?:\s*+,?\s*+(?:for|x|×|times|over|during|in)?\s*+(?:a\s++(?:period|total)\s++of\s++)?"
    rf"(?P<d>{RANGE}){_WEEKS})?", _I)
#: "2x4", "3 x 6", "2 times 8" (sessions a week times weeks, the therapists' shorthand).
PRODUCT = re.compile(
    rf"(?P<a>{RANGE})\s*+(?:x|×|times)\s*+(?P<b>{NUM})(?:{_WEEKS})?"
    rf"(?!\s*+(?:a\b|an\b|per\b|/|weekly|days?\b|months?\b|mg|mcg|%|refills?\b|hours?\b))", _I)
#: "times 12", "x 12" with no number before: a count of sessions or visits.
TIMES = re.compile(
    rf"(?<!\d\s)(?<![\d\w])(?:times|x)\s*+(?P<n>{NUM})"
    rf"(?!\s*+(?:weeks?\b|wks?\b|days?\b|months?\b|a\b|per\b|/|mg|%))", _I)
#: "8 sessions", "Eight physical therapy sessions", "1-2 visits", "sessions, 12".
SESSIONS = re.compile(
    rf"(?P<n>{RANGE})\s++(?:[A-Za-z/-]++\s++){{0,3}}?(?:sessions?|visits?|treatments?)\b"
    rf"(?!{_PER_WEEK}|\s*+{_PER}(?:day|month))", _I)
#: The count after the word: "Physical therapy sessions, 12".
SESSIONS_AFTER = re.compile(
    r"\b(?:sessions?|visits?|treatments?)\s*+,?\s*+(?:#\s*+)?(?P<n>\d{1,3})(?![\d.%])", _I)
#: "(6)" or "(8 sessions)" right after a frequency.
PAREN_SESSIONS = re.compile(r"\s*+\(\s*+(?P<n>\d{1,3})\s*+(?:sessions?|visits?)?\s*+\)", _I)
#: "7-10 days", "one week trial", "30 day rental", "for a 3 month rental".
DURATION = re.compile(rf"(?P<d>{RANGE})\s*+-?\s*+(?P<u>days?|weeks?|wks?|months?)\b", _I)
#: At most this many stated session counts are added up (a request states one or two;
#: the bound keeps a pathological text linear).
_MAX_STATED = 8
_UNITS = {"d": DurationUnit.DAY, "w": DurationUnit.WEEK, "m": DurationUnit.MONTH}
RENTAL = re.compile(r"\brent(?:al|ed|ing)?\b", _I)
PURCHASE = re.compile(r"\bpurchas\w*", _I)
#: "with one refill", "2 refills", "Refills: 3", "no refills".
REFILLS = re.compile(
    rf"(?P<n>{NUM}|\bno\b)\s++refills?\b|\brefills?\s*+:?\s*+(?P<m>{NUM}|\bnone\b)", _I)
#: "#60", "QTY: 2", "quantity 30" (but not the "#3" of "Tylenol #3").
COUNT = re.compile(
    r"#(?<!tylenol #)(?<!tylenol#)(?<!codeine #)(?<!codeine#)"
    r"\s*+(?P<n>\d{1,4})(?![\d.]|\s*+(?:mg|mcg|%))", _I)
QUANTITY = re.compile(r"\b(?:qty|quantity)\.?\s*+:?\s*+(?P<n>\d{1,4})\b", _I)
#: A number opening the request and followed by a noun: "2 leg wraps", "1 knee scooter".
LEADING_COUNT = re.compile(
    r"(?P<n>\d{1,3})\s++(?!(?:mg|mcg|g|ml|%|x|times|sessions?|visits?|treatments?|days?|weeks?|"
    r"months?|refills?|hours?|in)\b)(?=[A-Za-z])", _I)
#: "10/325mg", "7.5-325 mg", "20%", "0.025%", "5 mcg/hr", "8mg/2mg", "50,000 IU", and the
#: unit-less "10/325" of an acetaminophen combination.
STRENGTH = re.compile(
    r"(?<![\w./,])(?:(?P<v>(?:\d{1,3}(?:,\d{3})++|\d++)(?:\.\d++)?"
    r"(?:\s*+[/-]\s*+\d++(?:\.\d++)?){0,2})\s*+"
    r"(?P<u>mg|mcg|µg|ug|meq|iu|units?|%)"
    r"(?P<per>\s*+/\s*+(?:\d++(?:\.\d++)?\s*+)?"
    r"(?:mg|mcg|ml|hr|h|hours?|actuations?|sprays?|doses?|g|gm|tabs?|kg)\b)?"
    r"|(?P<combo>\d++(?:\.\d++)?\s*+/\s*+(?:200|300|325|500|650|750))(?![\d.]))"
    r"(?![A-Za-z])", _I)
#: "240g", "120 ml" (a package size, not a strength).
AMOUNT = re.compile(
    r"(?<![\w./])(?P<v>\d++(?:\.\d++)?)\s*+(?P<u>g|gm|grams?|ml|oz|ounces?)(?![A-Za-z/])", _I)
_GAP = re.compile(r"\s++")


def read_quantities(req: Request, out: Findings) -> None:
    """Strengths, amounts, counts and refills, then sessions, frequency and durations."""
    text, start, end = req.text, req.start, req.end
    digits = [pos for pos in req.numbers if text[pos].isdigit()]
    m: re.Match[str] | None
    if digits:
        for m in req.every(STRENGTH, digits):
            value = (_GAP.sub("", m.group("combo")) if m.group("combo")
                     else _strength(m.group("v"), m.group("u"), m.group("per")))
            out.add("strengths", value, m.start(), m.end())
        m = req.first(AMOUNT, digits)
        if m:
            out.set("amount", _GAP.sub("", m.group()).lower(), m.start(), m.end())
        m = COUNT.search(text, start, end) if "#" in req.low else None
        if m is None and ("qty" in req.low or "quantity" in req.low):
            m = QUANTITY.search(text, start, end)
        if m:
            out.set("count", int(m.group("n")), m.start(), m.end())
        else:
            m = LEADING_COUNT.match(text, req.body, end)
            if m:
                out.set("count", int(m.group("n")), m.start("n"), m.end("n"))
    if "refill" in req.low:
        m = REFILLS.search(text, start, end)
        if m:
            refills = _number(m.group("n") or m.group("m"))
            if refills is not None:
                out.set("refills", refills, m.start(), m.end())
    if req.numbers:
        _sessions(req, out)
    if "rent" in req.low:
        m = RENTAL.search(text, start, end)
        if m:
            out.set("rental", True, m.start(), m.end())
    if "purchas" in req.low:
        m = PURCHASE.search(text, start, end)
        if m:
            out.set("purchase", True, m.start(), m.end())


def _sessions(req: Request, out: Findings) -> None:
    text, end = req.text, req.end
    taken: list[tuple[int, int]] = []
    product: tuple[int, int, int, int] | None = None  # sessions low, high, and their span
    low = req.low
    m = req.first(FREQUENCY, req.numbers) if "week" in low or "wk" in low else None
    if m:
        head = "f" if m.group("f") else "fw"
        freq = _range(m.group("f")) if m.group("f") else (NUMBER_WORDS[m.group("fw").lower()],) * 2
        weeks = _range(m.group("d")) if m.group("d") else None
        if freq:
            out.set("frequency_min", freq[0], m.start(), m.end(head))
            out.set("frequency_max", freq[1], m.start(), m.end(head))
        if weeks:
            out.set("duration_min", weeks[0], m.start("d"), m.end())
            out.set("duration_max", weeks[1], m.start("d"), m.end())
            out.set("duration_unit", DurationUnit.WEEK, m.start("d"), m.end())
        if freq and weeks:
            product = (freq[0] * weeks[0], freq[1] * weeks[1], m.start(), m.end())
        taken.append((m.start(), m.end()))
    else:
        m = (req.first(PRODUCT, req.numbers)
             if "x" in low or "times" in low or "×" in low else None)
        if m:
            freq = _range(m.group("a"))
            weeks = _range(m.group("b"))
            if freq and weeks:
                out.set("frequency_min", freq[0], m.start("a"), m.end("a"))
                out.set("frequency_max", freq[1], m.start("a"), m.end("a"))
                out.set("duration_min", weeks[0], m.start("b"), m.end())
                out.set("duration_max", weeks[1], m.start("b"), m.end())
                out.set("duration_unit", DurationUnit.WEEK, m.start("b"), m.end())
                product = (freq[0] * weeks[0], freq[1] * weeks[1], m.start(), m.end())
            taken.append((m.start(), m.end()))

    explicit: list[tuple[int, int, int, int]] = []
    if taken:
        paren = PAREN_SESSIONS.match(text, taken[0][1], end)
        if paren:
            n = int(paren.group("n"))
            explicit.append((n, n, paren.start("n"), paren.end("n")))
            taken.append((paren.start(), paren.end()))
    if "session" in low or "visit" in low or "treatment" in low:
        for m in req.every(SESSIONS, req.numbers):
            if len(explicit) >= _MAX_STATED:
                break
            found = _range(m.group("n"))
            if found and not overlaps((m.start(), m.end()), taken):
                explicit.append((*found, m.start(), m.end()))
                taken.append((m.start(), m.end()))
        for m in SESSIONS_AFTER.finditer(text, req.start, end):
            if len(explicit) >= _MAX_STATED:
                break
            if not overlaps((m.start(), m.end()), taken):
                n = int(m.group("n"))
                explicit.append((n, n, m.start(), m.end()))
                taken.append((m.start(), m.end()))
        explicit.sort(key=lambda e: e[2])
    if not explicit and ("times" in low or "x" in low):
        at = [pos for word, pos, _ in req.words if word == "times" or word[0] == "x"]
        for m in req.every(TIMES, at):
            if not overlaps((m.start(), m.end()), taken):
                times = _number(m.group("n"))
                if times is not None:
                    explicit.append((times, times, m.start(), m.end()))
                    taken.append((m.start(), m.end()))
                break
    if explicit:
        # Several stated counts ("two sessions for the wrist and eight for the knee") add up.
        out.set("sessions_min", sum(e[0] for e in explicit), explicit[0][2], explicit[-1][3])
        out.set("sessions_max", sum(e[1] for e in explicit), explicit[0][2], explicit[-1][3])
    elif product:
        out.set("sessions_min", product[0], product[2], product[3])
        out.set("sessions_max", product[1], product[2], product[3])

    if "duration_unit" not in out.values and (
            "day" in low or "week" in low or "wk" in low or "month" in low):
        m = req.first(DURATION, req.numbers, taken)
        if m:
            found = _range(m.group("d"))
            if found:
                unit = _UNITS[m.group("u")[0].lower()]
                out.set("duration_min", found[0], m.start(), m.end())
                out.set("duration_max", found[1], m.start(), m.end())
                out.set("duration_unit", unit, m.start(), m.end())
                if "rent" in low and found[0] == found[1] and unit is not DurationUnit.MONTH:
                    out.set("rental_days", found[0] * (7 if unit is DurationUnit.WEEK else 1),
                            m.start(), m.end())


def _number(word: str) -> int | None:
    # "Eight (8)": the word is the number (the digits in brackets only echo it).
    word = word.partition("(")[0].strip().lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _range(text: str) -> tuple[int, int] | None:
    """``(low, high)`` of a :data:`RANGE` match ("2-3" gives (2, 3), "6" gives (6, 6))."""
    m = _RANGE_PARTS.match(text)
    if m is None:
        return None
    low = _number(m.group("low"))
    high = _number(m.group("high")) if m.group("high") else low
    if low is None or high is None:
        return None
    return (low, high) if low <= high else None


def _strength(value: str, unit: str, per: str | None) -> str:
    value = _GAP.sub("", value).replace(",", "")
    parts = value.split("-")
    # "7.5-325mg" is a combination product (hydrocodone/acetaminophen), written with a
    # hyphen; "1-2mg" is a dose range.  A combination's second amount is many times its first.
    if len(parts) == 2:
        try:
            if float(parts[1]) >= 5 * float(parts[0]) > 0:
                value = "/".join(parts)
        except ValueError:
            pass
    unit = unit.lower().replace("µg", "mcg").replace("ug", "mcg")
    if unit == "unit":
        unit = "units"
    return value + unit + (_GAP.sub("", per).lower() if per else "")
