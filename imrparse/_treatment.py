"""Reading a disputed item's request ("Norco 10/325mg #60", "Physical therapy 2x4 for the
lumbar spine") into a normalized :class:`Treatment`.

Two layers:

* phrase grammars (this module): strengths, counts, refills, sessions written as
  frequency x duration ("2x4", "two times a week for four weeks", "3 visits per week for 2
  weeks"), session counts and ranges ("(8 sessions)", "12-18 sessions", "#6"), durations and
  rentals, spinal levels ("L4-5" reads ``L4-L5``), sides, dates of service and the leading
  qualifiers ("Retrospective:", "Associated surgical service:", "Post-op");
* the classifier, which runs the ordered rule tables of :mod:`imrparse.vocab.treatments`
  over the request (after its qualifiers) and files it under DWC's category, subcategory and
  drug class.

Every value keeps the span of the text it was read from, as offsets into the caller's full
string.  Nothing is guessed: a value the request does not state stays ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import attrs
import regex

from imrparse import _tables_check as check
from imrparse._base import Span
from imrparse._dates import read_date
from imrparse._text import normalize, trim
from imrparse.model import DurationUnit, Perioperative, Treatment
from imrparse.vocab.treatments import (
    DEFAULT,
    BodyRegion,
    DrugClass,
    Laterality,
    RegionWord,
    Rule,
    TreatmentCategory,
    TreatmentSubcategory,
    Vocabulary,
)

__all__ = [
    "BodyRegion",
    "DrugClass",
    "DurationUnit",
    "Laterality",
    "Perioperative",
    "Treatment",
    "TreatmentCategory",
    "TreatmentSubcategory",
    "read_treatment",
]


# --- phrase grammars --------------------------------------------------------------------

_I = re.IGNORECASE
_NUMBER_WORDS: dict[str, int] = {
    word: n for n, word in enumerate((
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen", "twenty"))
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
     "once": 1, "twice": 2, "thrice": 3, "no": 0, "none": 0}

_WORD_NUM = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|" \
            r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|" \
            r"sixty|ninety)"
#: A whole number in digits or words ("12", "twelve"); digits not part of a decimal.
NUM = rf"(?:(?<![\d.])\d{{1,3}}(?![\d.])|\b{_WORD_NUM}\b)"
#: A number or a range of them ("12-18", "two to three", "6 or 8").
RANGE = rf"{NUM}(?:\s*+(?:-|–|to|or)\s*+{NUM})?"
_RANGE_PARTS = re.compile(rf"({NUM})(?:\s*+(?:-|–|to|or)\s*+({NUM}))?", _I)

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
#: Spinal levels: "L4-5", "L5-S1", "T7-T8", "C5 to C6", "L4".
LEVELS = re.compile(
    r"(?<![A-Za-z0-9])(?P<a>[CTLS])(?P<an>\d{1,2})"
    r"(?:\s*+(?:-|–|to|through|/)\s*+(?P<b>[CTLS])?(?P<bn>\d{1,2}))?(?![A-Za-z0-9])")
_LEVEL_MAX = {"C": 8, "T": 12, "L": 6, "S": 5}
_LEVEL_ORDER = {"C": 0, "T": 1, "L": 2, "S": 3}
#: Words that give a side.
_SIDES = {"left": Laterality.LEFT, "right": Laterality.RIGHT, "bilateral": Laterality.BILATERAL,
          "bilaterally": Laterality.BILATERAL, "bilat": Laterality.BILATERAL,
          "both": Laterality.BILATERAL}
#: "DOS: 11/14/16", "(DOS 12/29/16)", "date of service 12/13/2016".
SERVICE_DATE = re.compile(
    r"\b(?:DOS|D\.O\.S\.?|dates?\s++of\s++service)\s*+:?\s*+(?:of\s++)?"
    r"(?P<date>\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2}))(?!\d)", _I)
RETROSPECTIVE = re.compile(r"\bretro(?:spective(?:ly)?)?\b", _I)
PERIOPERATIVE = re.compile(
    r"\b(?P<w>pre|post)(?:-\s*+|\s)?op(?:erative(?:ly)?|\.)?(?![A-Za-z])", _I)
#: Qualifiers that may open a request, in any order.
QUALIFIER = re.compile(
    r"[\s:;,.-]*+(?:(?P<retro>retro(?:spective(?:ly)?)?(?![A-Za-z])"
    r"(?:\s++request(?:\s++for)?(?![A-Za-z]))?)"
    r"|(?P<prosp>prospective(?![A-Za-z])(?:\s++request(?:\s++for)?(?![A-Za-z]))?)"
    r"|(?P<assoc>associated\s++surgical\s++services?)"
    # "-\s*" also reads "Pre-" broken at the end of a line.
    r"|(?P<periop>(?:pre|post)(?:-\s*+|\s)?op(?:erative(?:ly)?|\.)?)(?![A-Za-z]))\s*+:?\s*+", _I)
_TOKEN = re.compile(r"[a-z0-9]++")
_GAP = re.compile(r"\s++")


def _words(pattern: str) -> str:
    """A table pattern with its spaces turned into whitespace runs (" ?" optional)."""
    return pattern.replace(" ?", r"\s*").replace(" ", r"\s+")


class _WordPatterns:
    """The patterns of a vocabulary table, each with its payload (its row), tried at word
    starts only.

    At a word only the patterns that can begin with its first two characters are tried,
    and the regex engine says which: a pattern is a candidate for the two characters when
    they are a (partial) match of it.  The candidates of a pair form one alternation in
    payload order, so one ``match`` finds the smallest payload at a word; it is built the
    first time the pair is seen.  (One alternation of hundreds of patterns tried at every
    word is ten times slower.)
    """

    def __init__(self, table: str, patterns: list[tuple[str, int]]) -> None:
        self._rows = [(payload, _words(pattern)) for pattern, payload in patterns]
        self._openings = [regex.compile(pattern, regex.IGNORECASE) for _, pattern in self._rows]
        for (pattern, _), opening in zip(patterns, self._openings, strict=True):
            check.require(not any(opening.match(c, partial=True) for c in _NOT_WORD_STARTS),
                          table, pattern, "can open with a character no word starts with")
        self._by_pair: dict[str, tuple[re.Pattern[str], tuple[int, ...]] | None] = {}

    def _alternation(self, pair: str) -> tuple[re.Pattern[str], tuple[int, ...]] | None:
        """The alternation of the candidates for words opening with ``pair``, and the
        payload of each of its groups; ``None`` when no pattern can begin so."""
        if pair in self._by_pair:
            return self._by_pair[pair]
        rows = sorted((row for row, opening in zip(self._rows, self._openings, strict=True)
                       if opening.match(pair, partial=True)), key=lambda row: row[0])
        found = None
        if rows:
            alternation = "|".join(f"((?:{pattern})(?![A-Za-z0-9]))" for _, pattern in rows)
            found = re.compile(alternation, re.IGNORECASE), tuple(payload for payload, _ in rows)
        if len(self._by_pair) < _MAX_PAIRS:
            self._by_pair[pair] = found
        return found

    def matches(self, req: _Request,
                words: list[tuple[str, int, int]]) -> Iterator[tuple[int, int, int]]:
        """``(payload, start, end)`` of the best match at each of ``words``, left to right."""
        for _, pos, _ in words:
            found = self._alternation(req.keys[pos])
            if found is None:
                continue
            pattern, payloads = found
            m = pattern.match(req.text, pos, req.end)
            if m is not None and m.lastindex is not None:  # the group of the row that matched
                yield payloads[m.lastindex - 1], pos, m.end()

    def best(self, req: _Request,
             words: list[tuple[str, int, int]]) -> tuple[int, int, int] | None:
        """The match with the smallest payload anywhere (the leftmost of equals)."""
        return min(self.matches(req, words), key=lambda hit: hit[0], default=None)

    def first(self, req: _Request,
              words: list[tuple[str, int, int]]) -> tuple[int, int, int] | None:
        """The leftmost match."""
        return next(self.matches(req, words), None)

    def scan(self, req: _Request,
             words: list[tuple[str, int, int]]) -> Iterator[tuple[int, int, int]]:
        """Non-overlapping matches, left to right."""
        skip_to = 0
        for hit in self.matches(req, words):
            if hit[1] >= skip_to:
                skip_to = hit[2]
                yield hit


#: The ASCII characters no word starts with: a pattern that can open with one would not be
#: tried there.
_NOT_WORD_STARTS = "".join(c for c in map(chr, range(128)) if not c.isalpha())
#: Pairs of characters that open a word are few (letters, and after a one-letter word the
#: character that follows it); past this many the alternations are no longer kept.
_MAX_PAIRS = 4096


#: A drug name as its words (lower case) and the separators between them ("" for
#: whitespace, "-" for a hyphen).
_DrugWords = tuple[tuple[str, ...], tuple[str, ...], str]


@attrs.frozen
class _Compiled:
    """A vocabulary compiled for reading."""

    #: Procedure rules, then service rules, numbered in that order (one pass finds both).
    rules: _WordPatterns
    rule_list: tuple[Rule, ...]
    #: Rules numbered below this are procedure rules (they outrank drug names).
    procedures: int
    #: First word of a drug name -> its names starting with that word, longest first.
    drugs: dict[str, tuple[_DrugWords, ...]]
    drug_classes: dict[str, DrugClass]
    compound: _WordPatterns
    topical: _WordPatterns
    regions: _WordPatterns
    region_words: tuple[RegionWord, ...]
    head_ends: _WordPatterns
    vocabulary: Vocabulary


def _drug_words(name: str) -> _DrugWords:
    tokens = list(_TOKEN.finditer(name))
    words = tuple(m.group() for m in tokens)
    seps = tuple(name[m1.end():m2.start()].strip() for m1, m2 in pairwise(tokens))
    return words, seps, name


def _compile(vocabulary: Vocabulary) -> _Compiled:
    drugs: dict[str, list[_DrugWords]] = {}
    for name, _ in vocabulary.drug_names:
        words = _drug_words(name)
        if words[0]:
            drugs.setdefault(words[0][0], []).append(words)
    return _Compiled(
        rules=_WordPatterns("rules", [(r.pattern, i) for i, r in enumerate(
            (*vocabulary.procedure_rules, *vocabulary.service_rules))]),
        rule_list=(*vocabulary.procedure_rules, *vocabulary.service_rules),
        procedures=len(vocabulary.procedure_rules),
        drugs={k: tuple(sorted(v, key=lambda item: -len(item[0]))) for k, v in drugs.items()},
        drug_classes=vocabulary.drugs,
        compound=_WordPatterns("compound_markers",
                               [(p, 0) for p in vocabulary.compound_markers]),
        topical=_WordPatterns("topical_forms", [(p, 0) for p in vocabulary.topical_forms]),
        regions=_WordPatterns("region_words",
                              [(w.pattern, i) for i, w in enumerate(vocabulary.region_words)]),
        region_words=vocabulary.region_words,
        head_ends=_WordPatterns("head_ends", [(p, 0) for p in vocabulary.head_ends]),
        vocabulary=vocabulary,
    )


_COMPILED: dict[int, _Compiled] = {id(DEFAULT): _compile(DEFAULT)}


def _compiled(vocabulary: Vocabulary) -> _Compiled:
    found = _COMPILED.get(id(vocabulary))
    if found is None or found.vocabulary is not vocabulary:
        found = _compile(vocabulary)
        if len(_COMPILED) > 32:  # a few custom vocabularies at most; keep the default
            for key in [k for k in _COMPILED if k != id(DEFAULT)]:
                del _COMPILED[key]
        _COMPILED[id(vocabulary)] = found
    return found


def _number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


def _range(text: str) -> tuple[int, int] | None:
    """``(low, high)`` of a :data:`RANGE` match ("2-3" gives (2, 3), "6" gives (6, 6))."""
    m = _RANGE_PARTS.match(text)
    if m is None:
        return None
    low = _number(m.group(1))
    high = _number(m.group(2)) if m.group(2) else low
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


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


class _Builder:
    """Collects field values and the offsets (into the request) they were read from."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.lists: dict[str, list[Any]] = {}
        self.spans: list[tuple[str, int, int]] = []

    def set(self, name: str, value: Any, start: int, end: int) -> None:
        self.values[name] = value
        self.spans.append((name, start, end))

    def add(self, name: str, value: Any, start: int, end: int) -> None:
        items = self.lists.setdefault(name, [])
        self.spans.append((f"{name}[{len(items)}]", start, end))
        items.append(value)

    def move(self, old: str, new: tuple[str, ...]) -> None:
        """Give the value ``old`` to the fields ``new`` instead."""
        value = self.values.pop(old)
        for i, (name, start, end) in enumerate(self.spans):
            if name == old:
                del self.spans[i]
                for field in new:
                    self.set(field, value, start, end)
                return


def read_treatment(text: str, start: int = 0, end: int | None = None, *,
                   vocabulary: Vocabulary | None = None) -> Treatment | None:
    """Read the request at ``text[start:end]`` into a :class:`Treatment`.

    Spans are offsets into ``text``.  For a partial authorization pass the range of the
    disputed portion.  ``vocabulary`` replaces the built-in tables
    (:data:`imrparse.vocab.treatments.DEFAULT`).  A range outside ``text`` is clamped to
    it; returns ``None`` when the range holds no text.
    """
    end = len(text) if end is None else max(0, min(end, len(text)))
    start = max(0, min(start, end))
    return _read(text, start, end, _compiled(vocabulary or DEFAULT))


#: ASCII upper case to lower case; keeps offsets (``str.lower`` may not).
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


class _Request:
    """The request being read (a copy of the caller's range) and views of it.  Offsets
    are into ``text``; ``start`` is 0 and ``end`` its length."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.start = 0
        self.end = len(text)
        #: Where the treatment starts, after the qualifiers.
        self.body = 0
        #: ``text`` in ASCII lower case (same length, so offsets carry over).
        self.low = text.translate(_ASCII_LOWER)
        #: Words as ``(lower-case word, start, end)``, offsets into ``text``.
        self.tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(self.low)]
        #: The words that start with a letter (the vocabulary's patterns start there).
        self.words = [token for token in self.tokens if not token[0][0].isdigit()]
        #: Where the words that start with a digit or are a number word start: the
        #: number grammars are tried there only.
        self.numbers = [pos for word, pos, _ in self.tokens
                        if word[0].isdigit() or word in _NUMBER_WORDS]
        #: The first two characters of each word (lower case; a one-letter word's pair
        #: takes the character after it): the key of :class:`_WordPatterns`.
        self.keys = {pos: text[pos:pos + 2].lower() for _, pos, _ in self.words}

    def first(self, pattern: re.Pattern[str], positions: list[int],
              skip: list[tuple[int, int]] | None = None) -> re.Match[str] | None:
        """The first match of ``pattern`` starting at one of ``positions``."""
        for pos in positions:
            if skip and _overlaps((pos, pos + 1), skip):
                continue
            m = pattern.match(self.text, pos, self.end)
            if m is not None:
                return m
        return None

    def every(self, pattern: re.Pattern[str], positions: list[int]) -> Iterator[re.Match[str]]:
        """Non-overlapping matches of ``pattern`` starting at ``positions``."""
        after = -1
        for pos in positions:
            if pos < after:
                continue
            m = pattern.match(self.text, pos, self.end)
            if m is not None:
                after = m.end()
                yield m


def _read(text: str, start: int, end: int, vocab: _Compiled) -> Treatment | None:
    request = trim(text, start, end)
    if request is None:
        return None
    start, end = request.start, request.end
    # Read a copy of the range, so that nothing outside it (the letter around the request)
    # can satisfy a look-behind; spans are moved back to the caller's offsets at the end.
    req = _Request(text[start:end])
    out = _Builder()
    req.body = _qualifiers(req, out)
    _quantities(req, out)
    _classify(req, vocab, out)
    if out.values.get("count") is not None and out.values.get("sessions_min") is None and (
            out.values.get("category") in vocab.vocabulary.session_categories
            or out.values.get("subcategory") in vocab.vocabulary.session_categories):
        # "Acupuncture sessions #6": for a service counted in sessions, "#6" is sessions.
        out.move("count", ("sessions_min", "sessions_max"))
    _places(req, vocab, out)
    return Treatment(
        span=request,
        value_spans=tuple((name, Span(s + start, e + start)) for name, s, e in out.spans),
        text=normalize(req.text),
        drugs=tuple(out.lists.get("drugs", ())),
        strengths=tuple(out.lists.get("strengths", ())),
        body_regions=tuple(out.lists.get("body_regions", ())),
        levels=tuple(out.lists.get("levels", ())),
        **out.values,
    )


def _when(word: str) -> Perioperative:
    return Perioperative.PRE_OP if word[:3].lower() == "pre" else Perioperative.POST_OP


def _qualifiers(req: _Request, out: _Builder) -> int:
    """Read the qualifiers that open the request; return where the treatment itself starts."""
    text, start, end = req.text, req.start, req.end
    pos = start
    while True:
        m = QUALIFIER.match(text, pos, end)
        if m is None or m.end() == pos:
            break
        if m.group("retro"):
            out.set("retrospective", True, m.start("retro"), m.end("retro"))
        elif m.group("assoc"):
            out.set("associated_surgical_service", True, m.start("assoc"), m.end("assoc"))
        elif m.group("periop"):
            out.set("perioperative", _when(m.group("periop")), m.start("periop"), m.end("periop"))
        pos = m.end()
    if "retrospective" not in out.values and "retro" in req.low:
        m = RETROSPECTIVE.search(text, pos, end)
        if m:
            out.set("retrospective", True, m.start(), m.end())
    if "perioperative" not in out.values and "op" in req.low:
        m = PERIOPERATIVE.search(text, pos, end)
        if m:
            out.set("perioperative", _when(m.group("w")), m.start(), m.end())
    if "dos" in req.low or "d.o.s" in req.low or "service" in req.low:
        m = SERVICE_DATE.search(text, start, end)
        date = read_date(m.group("date")) if m else None
        if m and date is not None:  # "13/45/16" is no date
            out.set("service_date", date, m.start(), m.end())
    return pos


def _find_drugs(req: _Request, vocab: _Compiled) -> Iterator[tuple[str, int, int]]:
    text, tokens, body, drugs = req.text, req.tokens, req.body, vocab.drugs
    # Only the tokens that open some drug name are tried (few are); a name found covers
    # its words, which are not tried again.
    after = 0
    for i in [i for i, t in enumerate(tokens) if t[0] in drugs and t[1] >= body]:
        if i < after:
            continue
        for words, seps, name in drugs[tokens[i][0]]:
            n = len(words)
            # A one-word name needs no check of further words (most names are one word).
            if n == 1 or (i + n <= len(tokens) and all(
                    tokens[i + j][0] == words[j] for j in range(1, n)) and all(
                    text[tokens[i + j][2]:tokens[i + j + 1][1]].strip() == seps[j]
                    for j in range(n - 1))):
                yield name, tokens[i][1], tokens[i + n - 1][2]
                after = i + n
                break


def _classify(req: _Request, vocab: _Compiled, out: _Builder) -> None:
    drugs = list(_find_drugs(req, vocab))
    for name, s, e in drugs:
        out.add("drugs", name, s, e)
    body = [t for t in req.words if t[1] >= req.body] if req.body else req.words
    # The treatment is named first; what follows "after", "for", ... says why or when
    # ("Physical therapy after lumbar fusion" is therapy).  Classify the head alone first.
    head_end = vocab.head_ends.first(req, body)
    if head_end is not None:
        head = [t for t in body if t[2] <= head_end[1]]
        if _classify_words(req, vocab, head, [d for d in drugs if d[2] <= head_end[1]], out):
            return
    if not _classify_words(req, vocab, body, drugs, out) and req.body:
        # Only a qualifier names the treatment ("Post-operative stay").
        _classify_words(req, vocab, req.words, drugs, out)


def _classify_words(req: _Request, vocab: _Compiled, words: list[tuple[str, int, int]],
                    drugs: list[tuple[str, int, int]], out: _Builder) -> bool:
    """File the request by the rules matching at ``words``; whether a rule or drug did."""
    hit = vocab.rules.best(req, words)
    if drugs and (hit is None or hit[0] >= vocab.procedures):
        out.set("category", TreatmentCategory.PHARMACEUTICALS, drugs[0][1], drugs[0][2])
        _drug_class(req, vocab, drugs, out)
        return True
    if hit is None:
        return False
    index, s, e = hit
    rule = vocab.rule_list[index]
    out.set("category", rule.category, s, e)
    if rule.subcategory is not None:
        out.set("subcategory", rule.subcategory, s, e)
    return True


def _drug_class(req: _Request, vocab: _Compiled, drugs: list[tuple[str, int, int]],
                out: _Builder) -> None:
    start = req.body
    name, s, e = drugs[0]
    words = [t for t in req.words if t[1] >= start] if start else req.words
    marker = vocab.compound.first(req, words)
    if marker is not None:
        out.set("drug_class", DrugClass.TOPICAL_COMPOUNDS, marker[1], marker[2])
        return
    strengths = out.lists.get("strengths", ())
    if len({d[0] for d in drugs}) >= 2 and sum(1 for x in strengths if x.endswith("%")) >= 2:
        # Two or more ingredients each given as a percentage: a compounded preparation.
        out.set("drug_class", DrugClass.TOPICAL_COMPOUNDS, s, e)
        return
    drug_class = vocab.drug_classes[name]
    topical = vocab.vocabulary
    if (drug_class in topical.topical_classes or drug_class in topical.compounded_classes
            or name in topical.compounded_names) and vocab.topical.first(req, words):
        # A topical form of a drug sold for the skin is a topical analgesic; of one that is
        # not (cyclobenzaprine, ketoprofen, ...), a pharmacy compound.
        compounded = drug_class in topical.compounded_classes or name in topical.compounded_names
        out.set("drug_class",
                DrugClass.TOPICAL_COMPOUNDS if compounded else DrugClass.TOPICAL_ANALGESICS,
                s, e)
        return
    out.set("drug_class", drug_class, s, e)


def _quantities(req: _Request, out: _Builder) -> None:
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


def _sessions(req: _Request, out: _Builder) -> None:
    text, end = req.text, req.end
    taken: list[tuple[int, int]] = []
    product: tuple[int, int, int, int] | None = None  # sessions low, high, and their span
    low = req.low
    m = req.first(FREQUENCY, req.numbers) if "week" in low or "wk" in low else None
    if m:
        head = "f" if m.group("f") else "fw"
        freq = _range(m.group("f")) if m.group("f") else (_NUMBER_WORDS[m.group("fw").lower()],) * 2
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
            if found and not _overlaps((m.start(), m.end()), taken):
                explicit.append((*found, m.start(), m.end()))
                taken.append((m.start(), m.end()))
        for m in SESSIONS_AFTER.finditer(text, req.start, end):
            if len(explicit) >= _MAX_STATED:
                break
            if not _overlaps((m.start(), m.end()), taken):
                n = int(m.group("n"))
                explicit.append((n, n, m.start(), m.end()))
                taken.append((m.start(), m.end()))
        explicit.sort(key=lambda e: e[2])
    if not explicit and ("times" in low or "x" in low):
        at = [pos for word, pos, _ in req.words if word == "times" or word[0] == "x"]
        for m in req.every(TIMES, at):
            if not _overlaps((m.start(), m.end()), taken):
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


def _places(req: _Request, vocab: _Compiled, out: _Builder) -> None:
    """Body regions, sides and spinal levels."""
    text = req.text
    # In the order the request names them: the first side is the side of a one-sided
    # request, and regions are listed as written.
    sides: list[Laterality] = []
    side_span: tuple[int, int] | None = None
    seen: list[BodyRegion] = []
    for index, s, e in vocab.regions.scan(req, req.words):
        word = vocab.region_words[index]
        if word.region not in seen:
            seen.append(word.region)
            out.add("body_regions", word.region, s, e)
        if word.side is not None:
            if word.side not in sides:
                sides.append(word.side)
            side_span = (s, e) if side_span is None else (side_span[0], e)
    low = req.low
    if "left" in low or "right" in low or "bilat" in low or "both" in low:
        # Every key of _SIDES contains one of these; most requests name no side.
        for said, s, e in req.words:
            side = _SIDES.get(said)
            if side is not None:
                if side not in sides:
                    sides.append(side)
                side_span = (s, e) if side_span is None else (
                    min(side_span[0], s), max(side_span[1], e))
    if sides and side_span:
        side = sides[0] if len(sides) == 1 else Laterality.BILATERAL
        out.set("laterality", side, *side_span)
    if not ("C" in text or "T" in text or "L" in text or "S" in text):
        return  # a level starts with a capital C, T, L or S
    candidates = [pos for word, pos, _ in req.tokens
                  if len(word) > 1 and word[1].isdigit() and text[pos] in "CTLS"]
    for m in req.every(LEVELS, candidates):
        level = _level(m)
        if level:
            out.add("levels", level, m.start(), m.end())


def _level(m: re.Match[str]) -> str | None:
    a, an = m.group("a"), int(m.group("an"))
    if not 1 <= an <= _LEVEL_MAX[a]:
        return None
    if m.group("bn") is None:
        return f"{a}{an}"
    b, bn = m.group("b") or a, int(m.group("bn"))
    if not 1 <= bn <= _LEVEL_MAX[b] or (_LEVEL_ORDER[b], bn) <= (_LEVEL_ORDER[a], an):
        return None
    return f"{a}{an}-{b}{bn}"
