"""Clinical facts of the case summary: age, sex, date of injury, diagnoses, medications and
the utilization-review decision the summary reports.

Rules (each a table below; the first match in the summary wins unless said otherwise):

* **Age and sex** come from the opener: ``NN year old male``, ``NN-year-old female``,
  ``a now NN-year-old male``, up to three words between the age and the sex word
  (``46 year old right-handed male``).  Without an age, sex is read only from
  ``is|was a (n) male|female`` and from the titles ``Mr.`` (male) and ``Ms.``/``Mrs.``
  (female).  Pronouns (he/she) are never used: a summary may speak of a relative.
* **Date of injury**: the first date written within a few words after ``injury``,
  ``injured`` or ``claim`` (``industrial injury on 10-13-16``, ``date of injury of``,
  ``occupational claim from 10/18/2016``), found by :func:`read_loose_date` and read by
  :func:`~imrparse.text.dates.read_date` (two-digit years by its pivot).
* **Diagnoses**: the first sentence whose subject is ``diagnosis``/``diagnoses`` followed by
  ``include(s|d)``, ``are``, ``were``, ``is``, ``was`` (optionally ``documented as`` /
  ``listed as``) or ``diagnosed as (having)``, and the list that follows up to the end of
  the sentence.  The list is split on semicolons when it has any (``cervicalgia; pain in
  thoracic spine``), else on commas and a final ``and``.
* **Medications**: the first ``medications include|included|are|were|:`` list, split the
  same way.
* **UR decision**: the LAST sentence naming ``utilization review`` or ``UR`` together with a
  decision verb (non-certified, denied, modified); of its dates, the one written closest
  to the ``utilization review`` words is the decision date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs
import regex

from imrparse.model import Sex, UrAction, UrDecision
from imrparse.model.spans import Located, Span
from imrparse.text.dates import MONTHS, read_date
from imrparse.text.normalize import at_words, fold, normalize, trim

__all__ = ["ClinicalFacts", "UrAction", "UrDecision", "read_clinical_facts", "read_loose_date"]

_WS = r"\s++"
_SPACES = regex.compile(r"\s++")


@attrs.frozen(kw_only=True)
class ClinicalFacts(Located):
    """Facts of the case summary; each leaf value has its span in ``value_spans``
    (``age``, ``sex``, ``date_of_injury``, ``diagnoses[i]``, ``medications[i]``)."""

    age: int | None = None
    sex: Sex | None = None
    date_of_injury: dt.date | None = None
    diagnoses: tuple[str, ...] = ()
    medications: tuple[str, ...] = ()
    ur_decision: UrDecision | None = None


# --- dates ----------------------------------------------------------------------------

#: Capitalized month names and abbreviations (the summaries write them so).
_MONTH_NAMES = "|".join(name.capitalize() for name in sorted(MONTHS, key=len, reverse=True))
#: ``10-13-16``, ``11/23/ 2016``, ``12/01/2016`` (the same separator twice, a blank allowed
#: beside it), or ``October 20, 2016`` / ``Oct. 20 2016``; read by :func:`read_date`.
_DATE = regex.compile(
    r"(?<![\d/.-])\d{1,2}[ ]?(?P<sep>[-/])[ ]?\d{1,2}[ ]?(?P=sep)[ ]?(?:\d{4}|\d{2})(?![\d/])"
    r"|\b(?:" + _MONTH_NAMES + r")\.?+\s++\d{1,2}(?:st|nd|rd|th)?+,?+\s++\d{4}(?!\d)"
)


def read_loose_date(
    text: str, start: int = 0, end: int | None = None
) -> tuple[dt.date, Span] | None:
    """The first calendar date written in ``text[start:end]`` and its span, or ``None``.

    Finds ``M-D-YY``, ``M/D/YYYY`` (also with a blank after a slash) and ``Month D, YYYY``,
    read by :func:`~imrparse.text.dates.read_date`; a match that is not a real calendar date is
    skipped.  Never fuzzy, never raises.
    """
    end = len(text) if end is None else max(0, min(end, len(text)))
    start = max(0, min(start, end))
    for m in _DATE.finditer(text, start, end):
        date = read_date(m.group())
        if date is not None:
            return date, Span(*m.span())
    return None


# --- tables ---------------------------------------------------------------------------


@attrs.frozen
class SexRule:
    """A phrase that states sex (group ``sex``) and maybe age (group ``age``)."""

    name: str
    pattern: str
    #: Folded words one of which every match contains: the rule is tried only when one is
    #: in the summary (none: always tried).
    needs: tuple[str, ...] = ()


_SEX_WORDS = {"male": Sex.MALE, "female": Sex.FEMALE, "man": Sex.MALE, "woman": Sex.FEMALE,
              "gentleman": Sex.MALE, "lady": Sex.FEMALE, "mr": Sex.MALE, "ms": Sex.FEMALE,
              "mrs": Sex.FEMALE}

SEX_RULES: tuple[SexRule, ...] = (
    SexRule("age-sex", r"(?<![\d.])(?P<age>\d{1,3})[\s-]*+(?:years?|yrs?\.?+)[\s-]*+old"
                       r"(?:[\s,]++(?:[\w-]++[\s,]++){0,3}?(?P<sex>male|female|man|woman"
                       r"|gentleman|lady)\b)?+"),
    SexRule("is-a-sex", r"\b(?:is|was)" + _WS + r"an?+" + _WS + r"(?P<sex>male|female)\b",
            needs=("male",)),
    SexRule("title", r"\b(?P<sex>Mr|Mrs|Ms)\.(?=\s)", needs=("mr.", "mrs.", "ms.")),
)
_SEX_PATTERNS = tuple((rule, regex.compile(r"(?i)" + rule.pattern)) for rule in SEX_RULES)


_AGE_RANGE = range(14, 111)

_INJURY_DATE = regex.compile(
    # The gap is counted in words and blanks, not characters, so that the line breaks and
    # spacing of one extractor or another read the same date.
    r"(?i)\b(?:injury|injured|claim)\b(?P<gap>(?:[^.\d\s]++|\s++){0,16}?)"
    r"(?=\d|(?:" + _MONTH_NAMES + r")\b)"
)
#: The (folded) words a match of :data:`_INJURY_DATE` opens with.
_INJURY_WORDS = ("injur", "claim")

_LIST_HEADS = {
    "diagnoses": regex.compile(
        r"(?i)\b(?:diagnos(?:is|es)" + _WS + r"(?:include[sd]?+|are|were|is|was)"
        r"(?:" + _WS + r"(?:documented|listed|noted|given)" + _WS + r"as)?+"
        r"|diagnos(?:is|es)" + _WS + r"(?:of|:)|diagnos(?:is|es)\s*+:|diagnosed" + _WS
        + r"(?:as" + _WS + r"having|as|with))" + _WS
    ),
    "medications": regex.compile(
        r"(?i)\bmedications?+(?:" + _WS + r"(?:(?:are|were)" + _WS + r"(?:noted|documented|listed)"
        + _WS + r"(?:to" + _WS + r"include|as)|include[sd]?+|are|were|consist(?:s|ed)?+" + _WS
        + r"of)" + _WS + r"|\s*+:\s*+)"
    ),
}
#: The (folded) word every match of a list head opens with: the search starts at its first
#: occurrence, and is skipped without one.
_LIST_WORDS = {"diagnoses": ("diagnos",), "medications": ("medication",)}
#: The end of a list: the end of its sentence.
_LIST_END = regex.compile(r"\.[\"”]?+(?=\s++[A-Z\"“(]|\s*+\Z|[A-Z][a-z])")
#: A "list" that says there is none, or is a decision rather than a list.
_NOT_A_LIST = regex.compile(
    r"(?i)(?:not|none|stated|unknown|denied|modified|non-?certified|certified|unchanged)\b")

_UR = regex.compile(r"\b(?:utilization" + _WS + r"review|UR)\b", regex.IGNORECASE)


@attrs.frozen
class ActionRule:
    action: UrAction
    pattern: str


UR_ACTIONS: tuple[ActionRule, ...] = (
    ActionRule(UrAction.NON_CERTIFIED, r"non[\s-]*+certif(?:ied|y|ication)|not" + _WS
               + r"certified"),
    ActionRule(UrAction.DENIED, r"denied|denial"),
    ActionRule(UrAction.MODIFIED, r"modified|modification"),
)
_ACTION_RE = regex.compile(
    r"(?i)\b(?:" + "|".join(f"(?P<{a.action.name}>{a.pattern})" for a in UR_ACTIONS) + r")\b"
)
_SENTENCE_END = regex.compile(r"[.!?][\"”')]?+(?=\s++[A-Z\"“(]|\s*+\Z)")
#: Folded words one of which every match of :data:`_UR` (and of :data:`_ACTION_RE`)
#: contains: a sentence without them is passed over before the patterns run.
_UR_WORDS = ("ur", "utilization")
_ACTION_WORDS = ("certif", "denied", "denial", "modif")
#: A sentence-final mark, found right to left (from a word back to its sentence's start).
_STOPS_BACKWARDS = regex.compile(r"[.!?]", flags=regex.REVERSE)


def _action_sentences(text: str, start: int, end: int,
                      folded: str) -> Iterator[tuple[int, int]]:
    """The sentences of ``text[start:end]`` (untrimmed) that hold a word of
    :data:`_ACTION_WORDS`, last first; ``folded`` is the range folded.

    A sentence ends where :data:`_SENTENCE_END` matches.  Its matches are a mark and maybe a
    quote, so they never overlap a mark or a word: the sentence around a word runs from the
    last match before it to the first after it, as a forward ``finditer`` splits them.
    """
    # From the words back rather than splitting the summary forward: 3% of a parse's
    # instructions (benchmarks/instructions.py).
    last = {w: folded.rfind(w) for w in _ACTION_WORDS}
    while True:
        at = max(last.values())
        if at < 0:
            return
        stop = _SENTENCE_END.search(text, start + at, end)
        hi = stop.end() if stop is not None else end
        lo = start
        for mark in _STOPS_BACKWARDS.finditer(text, start, start + at):
            m = _SENTENCE_END.match(text, mark.start(), end)
            if m is not None:
                lo = m.end()
                break
        yield lo, hi
        for w, i in last.items():
            if i >= lo - start:
                last[w] = folded.rfind(w, 0, lo - start)


#: Trailing qualifiers of coded (ICD-style) diagnosis names ("sprain of ..., subsequent
#: encounter"; "radiculopathy, lumbosacral region"): after a comma they belong to the
#: diagnosis before them.
DIAGNOSIS_QUALIFIERS: tuple[str, ...] = (
    r"(?:subsequent|initial)(?: encounter)?+", r"sequela", r"unspecified(?: site)?+",
    r"left", r"right", r"bilateral", r"(?:[a-z]++ )?+region", r"not elsewhere classified",
    r"with(?:out)?+ complications?+",
)
_QUALIFIER = regex.compile(r"(?i)(?:" + "|".join(DIAGNOSIS_QUALIFIERS) + r")")


def _split_list(text: str, start: int, end: int) -> list[tuple[str, Span]]:
    """Split a list: on semicolons if it has any, else on commas and a final ``and``; a
    piece that is only a :data:`DIAGNOSIS_QUALIFIERS` entry stays with the one before."""
    sep = _SEMICOLONS if ";" in text[start:end] else _COMMAS
    pieces: list[tuple[int, int]] = []
    pos = start
    for m in sep.finditer(text, start, end):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, end))
    joined: list[tuple[int, int]] = []
    for a, b in pieces:
        if joined and _QUALIFIER.fullmatch(_clean(text[a:b])):
            joined[-1] = (joined[-1][0], b)
        else:
            joined.append((a, b))
    result: list[tuple[str, Span]] = []
    for a, b in joined:
        raw = text[a:b]
        value = _clean(raw)
        if value:
            lead = len(raw) - len(raw.lstrip(_EDGE_LEAD))
            result.append((value, Span(a + lead, a + lead + len(raw.strip(_EDGE)))))
    return result


_SEMICOLONS = regex.compile(r";\s*+(?:and\s++)?+")
_COMMAS = regex.compile(r",\s*+(?:and\s++)?+|\s++and\s++")


_EDGE_LEAD = " \t\r\n\f\"“"
_EDGE = " \t\r\n\f\"“”.,;:"


def _clean(raw: str) -> str:
    return normalize(raw).strip(" .,;:\"“”")


def _read_list(text: str, start: int, end: int, key: str,
               folded: str) -> list[tuple[str, Span]]:
    """The list of ``key`` in ``text[start:end]``; ``folded`` is that range folded."""
    head = next(at_words(_LIST_HEADS[key], text, start, end, folded,
                          words=_LIST_WORDS[key]), None)
    if not head:
        return []
    if _NOT_A_LIST.match(text, head.end(), end):
        return []
    stop = _LIST_END.search(text, head.end(), end)
    return _split_list(text, head.end(), stop.start() if stop else end)


def _nearest_date(text: str, within: Span, anchor: Span) -> tuple[dt.date, Span] | None:
    """The date in ``within`` closest to ``anchor`` (the UR mention): a sentence may also
    date the request ("On <date> a request was made ... non-certified by Utilization
    Review on <date>")."""
    best: tuple[dt.date, Span] | None = None
    best_gap = -1
    pos = within.start
    while True:
        found = read_loose_date(text, pos, within.end)
        if found is None:
            return best
        span = found[1]
        gap = max(anchor.start - span.end, span.start - anchor.end, 0)
        if best is None or gap < best_gap:
            best, best_gap = found, gap
        pos = span.end


def read_clinical_facts(text: str, start: int = 0, end: int | None = None) -> ClinicalFacts:
    """Read the case summary ``text[start:end]``.  Absent facts are ``None`` / ``()``."""
    end = len(text) if end is None else max(0, min(end, len(text)))
    start = max(0, min(start, end))
    spans: list[tuple[str, Span]] = []
    age: int | None = None
    sex: Sex | None = None
    folded = fold(text[start:end])
    for rule, pattern in _SEX_PATTERNS:
        if rule.needs and not any(word in folded for word in rule.needs):
            continue
        m = pattern.search(text, start, end)
        if not m:
            continue
        found = m.groupdict()
        if found.get("age") is not None and int(found["age"]) in _AGE_RANGE:
            age = int(found["age"])
            spans.append(("age", Span(*m.span("age"))))
        if found["sex"] is not None:
            sex = _SEX_WORDS[found["sex"].casefold()]
            spans.append(("sex", Span(*m.span("sex"))))
            break
    injury: dt.date | None = None
    for m in at_words(_INJURY_DATE, text, start, end, folded, words=_INJURY_WORDS):
        # The first date of the window must start right there: only a date matching at
        # the end of ``m`` can (a later one starts after it).
        date_m = _DATE.match(text, m.end(), min(end, m.end() + 60))
        injury = read_date(date_m.group()) if date_m is not None else None
        if injury is not None and date_m is not None:
            spans.append(("date_of_injury", Span(*date_m.span())))
            break
    diagnoses = _read_list(text, start, end, "diagnoses", folded)
    spans.extend([(f"diagnoses[{i}]", s) for i, (_, s) in enumerate(diagnoses)])
    medications = _read_list(text, start, end, "medications", folded)
    spans.extend([(f"medications[{i}]", s) for i, (_, s) in enumerate(medications)])
    ur: UrDecision | None = None
    for lo, hi in _action_sentences(text, start, end, folded):
        if not any(w in folded[lo - start:hi - start] for w in _UR_WORDS):
            continue
        sentence = trim(text, lo, hi) or Span(lo, hi)
        mention = _UR.search(text, sentence.start, sentence.end)
        if not mention:
            continue
        action = _ACTION_RE.search(text, sentence.start, sentence.end)
        if not action or action.lastgroup is None:
            continue
        ur_spans = [("action", Span(*action.span()))]
        dated = _nearest_date(text, sentence, Span(*mention.span()))
        if dated:
            ur_spans.append(("date", dated[1]))
        ur = UrDecision(span=sentence, value_spans=tuple(ur_spans),
                        action=UrAction[action.lastgroup], date=dated[0] if dated else None)
        spans.append(("ur_decision", sentence))
        break
    return ClinicalFacts(
        span=Span(start, end), value_spans=tuple(spans), age=age, sex=sex,
        date_of_injury=injury, diagnoses=tuple([v for v, _ in diagnoses]),
        medications=tuple([v for v, _ in medications]), ur_decision=ur,
    )
