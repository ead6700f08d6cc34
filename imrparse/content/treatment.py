"""Reading a disputed item's request ("Norco 10/325mg #60", "Physical therapy 2x4 for the
lumbar spine") into a normalized :class:`Treatment`.

The reader takes, in turn:

* the leading qualifiers ("Retrospective:", "Associated surgical service:", "Post-op") and
  the date of service (this module);
* the quantities: strengths, counts, refills, sessions, durations, rentals
  (:mod:`imrparse.content.quantities`);
* the classification: the ordered rule tables of :mod:`imrparse.vocab.treatments` run over
  the request (after its qualifiers) to file it under DWC's category, subcategory and drug
  class (this module);
* the places: body regions, sides and spinal levels ("L4-5" reads ``L4-L5``) (this module).

Every value keeps the span of the text it was read from, as offsets into the caller's full
string.  Nothing is guessed: a value the request does not state stays ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

import attrs
import regex

from imrparse.content.quantities import read_quantities
from imrparse.content.request import TOKEN, Findings, Request
from imrparse.layouts import check
from imrparse.model import DurationUnit, Perioperative, Treatment
from imrparse.model.spans import Span
from imrparse.text.caches import Memo, memo
from imrparse.text.dates import read_date
from imrparse.text.normalize import normalize, trim
from imrparse.vocab.treatments import (
    DEFAULT,
    LEVEL_REGIONS,
    SPINAL_SEGMENTS,
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
    "inherit_places",
    "read_treatment",
]

_I = re.IGNORECASE


def read_treatment(text: str, start: int = 0, end: int | None = None, *,
                   vocabulary: Vocabulary | None = None) -> Treatment | None:
    """Read the request at ``text[start:end]`` into a :class:`Treatment`.

    Spans are offsets into ``text``.  For a partial authorization pass the range of the
    disputed portion.  ``vocabulary`` replaces the built-in tables
    (:data:`imrparse.vocab.treatments.DEFAULT`).  A range outside ``text`` is clamped to
    it; returns ``None`` when the range holds no text.  Raises nothing for text that reads
    as no treatment (its values stay ``None``); an exception from here is a bug of the
    reader, and is not hidden.
    """
    end = len(text) if end is None else max(0, min(end, len(text)))
    start = max(0, min(start, end))
    return _read(text, start, end, _compiled(vocabulary or DEFAULT))


def _read(text: str, start: int, end: int, vocab: _Compiled) -> Treatment | None:
    request = trim(text, start, end)
    if request is None:
        return None
    start, end = request.start, request.end
    # Read a copy of the range, so that nothing outside it (the letter around the request)
    # can satisfy a look-behind; spans are moved back to the caller's offsets at the end.
    req = Request(text[start:end])
    out = Findings()
    req.body = _qualifiers(req, out)
    read_quantities(req, out)
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


# --- qualifiers and the date of service -----------------------------------------------

#: "retro", "retrospective", "retrospectively".
_RETRO = r"retro(?:spective(?:ly)?)?"
#: What follows "pre"/"post": "-op", "op.", "operative"...; "-\s*" also reads "Pre-" broken
#: at the end of a line.
_OP = r"(?:-\s*+|\s)?op(?:erative(?:ly)?|\.)?"
#: Qualifiers that may open a request, in any order.
QUALIFIER = re.compile(
    r"[\s:;,.-]*+(?:(?P<retro>" + _RETRO + r"(?![A-Za-z])"
    r"(?:\s++request(?:\s++for)?(?![A-Za-z]))?)"
    r"|(?P<prosp>prospective(?![A-Za-z])(?:\s++request(?:\s++for)?(?![A-Za-z]))?)"
    r"|(?P<assoc>associated\s++surgical\s++services?)"
    r"|(?P<periop>(?:pre|post)" + _OP + r")(?![A-Za-z]))\s*+:?\s*+", _I)
RETROSPECTIVE = re.compile(r"\b" + _RETRO + r"\b", _I)
PERIOPERATIVE = re.compile(r"\b(?P<w>pre|post)" + _OP + r"(?![A-Za-z])", _I)
#: "DOS: 11/14/16", "(DOS 12/29/16)", "date of service 12/13/2016".
SERVICE_DATE = re.compile(
    r"\b(?:DOS|D\.O\.S\.?|dates?\s++of\s++service)\s*+:?\s*+(?:of\s++)?"
    r"(?P<date>\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2}))(?!\d)", _I)


def _qualifiers(req: Request, out: Findings) -> int:
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


def _when(word: str) -> Perioperative:
    return Perioperative.PRE_OP if word[:3].lower() == "pre" else Perioperative.POST_OP


# --- classification -------------------------------------------------------------------

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

    def matches(self, req: Request,
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

    def best(self, req: Request,
             words: list[tuple[str, int, int]]) -> tuple[int, int, int] | None:
        """The match with the smallest payload anywhere (the leftmost of equals)."""
        return min(self.matches(req, words), key=lambda hit: hit[0], default=None)

    def first(self, req: Request,
              words: list[tuple[str, int, int]]) -> tuple[int, int, int] | None:
        """The leftmost match."""
        return next(self.matches(req, words), None)

    def scan(self, req: Request,
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
    tokens = list(TOKEN.finditer(name))
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


#: Each compiled entry keeps its vocabulary, so that its ``id`` stays its own; the
#: default's is compiled at import, which checks its tables.
_COMPILED: Memo[int, _Compiled] = memo(
    "imrparse.content.treatment._COMPILED", 32, "the vocabularies compiled, by id (the "
    "default and a few custom ones)")
_COMPILED.put(id(DEFAULT), _compile(DEFAULT))


def _compiled(vocabulary: Vocabulary) -> _Compiled:
    found = _COMPILED.get(id(vocabulary))
    if found is None or found.vocabulary is not vocabulary:
        found = _COMPILED.put(id(vocabulary), _compile(vocabulary))
    return found


def _classify(req: Request, vocab: _Compiled, out: Findings) -> None:
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


def _classify_words(req: Request, vocab: _Compiled, words: list[tuple[str, int, int]],
                    drugs: list[tuple[str, int, int]], out: Findings) -> bool:
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


def _find_drugs(req: Request, vocab: _Compiled) -> Iterator[tuple[str, int, int]]:
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


def _drug_class(req: Request, vocab: _Compiled, drugs: list[tuple[str, int, int]],
                out: Findings) -> None:
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


# --- places ---------------------------------------------------------------------------

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


def _places(req: Request, vocab: _Compiled, out: Findings) -> None:
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
    implied: list[tuple[BodyRegion, int, int]] = []
    for m in req.every(LEVELS, candidates):
        level = _level(m)
        if level:
            out.add("levels", level, m.start(), m.end())
            for letter in dict.fromkeys((level[0], level.partition("-")[2][:1] or level[0])):
                region = LEVEL_REGIONS[letter]
                if region not in seen and all(r != region for r, _, _ in implied):
                    implied.append((region, m.start(), m.end()))
    if implied and not SPINAL_SEGMENTS.intersection(seen):
        # "L4 transforaminal epidural": the level says the region the words leave out.
        for region, s, e in sorted(implied, key=lambda hit: hit[1]):
            out.add("body_regions", region, s, e)


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


def inherit_places(disputed: Treatment, original: Treatment) -> Treatment:
    """The disputed part of a partial authorization with the places of the original
    request where it states none of that kind: "with open carpal tunnel release" after
    "Open reduction ... of the left distal radius with open carpal tunnel release" is on
    the left.

    Regions and levels are taken when the disputed part names none; the side when it names
    none and either it names no region either, or the original names one side only (a
    "bilateral" of a left hand and a right leg says nothing of the hand alone).  The
    treatment's span grows to cover the values it takes.
    """
    regions = original.body_regions if not disputed.body_regions else disputed.body_regions
    levels = original.levels if not disputed.levels else disputed.levels
    side = disputed.laterality
    if side is None and (not disputed.body_regions
                         or original.laterality is not Laterality.BILATERAL):
        side = original.laterality
    taken = {name for name, old, new in (("body_regions", disputed.body_regions, regions),
                                         ("levels", disputed.levels, levels),
                                         ("laterality", disputed.laterality, side))
             if old != new}
    if not taken:
        return disputed
    spans = [(name, span) for name, span in original.value_spans
             if name.partition("[")[0] in taken]
    whole = disputed.span
    for _, span in spans:
        whole = whole.cover(span)
    return attrs.evolve(disputed, span=whole, value_spans=(*disputed.value_spans, *spans),
                        body_regions=regions, levels=levels, laterality=side)
