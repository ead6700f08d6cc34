"""Guideline citations: the paragraphs after ``Claims Administrator guideline:`` and
``MAXIMUS guideline:``, read into typed citations.

A paragraph is a run of *clauses*, each opened by a fixed marker:

* a boilerplate sentence (``The Expert Reviewer did not cite any medical evidence for its
  decision.``; ``... based their decision on recommendation(s) outside of the MTUS
  Guidelines.``; ``... did not base their decision on the MTUS.``);
* ``Decision based on MTUS`` followed by a chain of MTUS guidelines;
* ``Decision based on Non-MTUS Citation`` followed by free text (ODG, ACOEM, a book, URLs).

Each clause runs to the next marker.  An MTUS chain is read name by name from the closed
vocabulary of :mod:`imrparse.vocab.guidelines`, never split on commas (names have commas:
``Forearm, Wrist, and Hand Complaints``):

``<name> [Guidelines] [<year>] [Guidelines] [, Section(s): <sections>] [, and <name> ...]``

A chain link starts only where ``and`` (or a comma) is followed by a vocabulary name *and*
a year or ``Guidelines``, so a section that happens to contain ``and`` stays a section.

Sections are split at commas, except (the rule is documented on :func:`split_sections`):
a piece that starts with a lower-case letter, ``&`` or ``(`` continues the previous section
(``TENS, chronic pain (...)``); a name of :data:`~imrparse.vocab.guidelines.KNOWN_SECTIONS`
is taken whole (``NSAIDs, GI symptoms & cardiovascular risk``); a numbered section of the
Opioid Treatment guideline (``3.3.9 Opioids for ...: ...``) runs to the next numbered one.

If an MTUS clause does not read as a chain (``Decision based on MTUS Official Disability
Guidelines (ODG), Pain.``), the clause becomes one :class:`OtherCitation` with
``under_mtus=True`` and a family from its keywords.  Text that no clause takes is kept in
:attr:`GuidelineBasis.unattributed` (the corpus test requires none).
"""

from __future__ import annotations

import enum

import attrs
import regex

from imrparse.model import (
    Citation,
    CitationFamily,
    GuidelineBasis,
    MtusCitation,
    OtherCitation,
)
from imrparse.model.spans import Span
from imrparse.text.caches import Memo, memo
from imrparse.text.normalize import at_words, fold, normalize, trim
from imrparse.vocab.guidelines import (
    KNOWN_SECTIONS,
    MTUS_NAMES,
    ODG_CHAPTERS,
    MtusGuideline,
    OdgChapter,
)

__all__ = [
    "Citation",
    "CitationFamily",
    "GuidelineBasis",
    "MtusCitation",
    "OtherCitation",
    "read_guideline_basis",
    "split_sections",
]


_SPACES = regex.compile(r"\s++")



#: Above this many characters a paragraph is scanned the original way, under a timeout.
_LONG = 10_000


def _canon(raw: str) -> str:
    found = _CANON.get(raw)
    if found is None:
        found = " ".join(
            normalize(raw).casefold().replace("&", "and").replace("- ", "-").split())
        _CANON.put(raw, found)
    return found


_CANON: Memo[str, str] = memo("imrparse.content.citations._CANON", 4096, "guideline and "
                              "chapter names folded for lookup (a closed vocabulary: few "
                              "spellings)")


# --- patterns -------------------------------------------------------------------------

#: Any run of whitespace, line breaks and form feeds (page breaks fall anywhere).
_WS = r"\s++"
#: Optional whitespace.
_OWS = r"\s*+"


def loose(phrase: str) -> str:
    """A pattern for ``phrase`` whose spaces match any whitespace run, whose hyphens and
    slashes may be followed by a line break, and where ``&`` and ``and`` are one word."""
    out: list[str] = []
    for word in phrase.split(" "):
        if word in {"&", "and"}:
            out.append(r"(?:&|and)")
            continue
        # A hyphen or slash inside a word may end a line ("Non-" / "MTUS").
        parts = regex.split(r"(?<=\w)([-/])(?=\w)", word)
        out.append("".join(
            regex.escape(p) + (_OWS if i % 2 else "") for i, p in enumerate(parts)))
    return _WS.join(out)


class Statement(enum.Enum):
    """The boilerplate sentences of a guideline paragraph."""

    NO_EVIDENCE = "no-evidence"
    OUTSIDE_MTUS = "outside-mtus"
    NOT_BASED_ON_MTUS = "not-based-on-mtus"


@attrs.frozen
class StatementRule:
    kind: Statement
    wording: str


#: Who the boilerplate sentence is about.
_SUBJECT = (
    r"The" + _WS + r"(?:Claims" + _WS + r"Administrator|Expert" + _WS + r"Reviewer|Physician"
    + _WS + r"Reviewer|Reviewer)"
)

STATEMENTS: tuple[StatementRule, ...] = (
    StatementRule(Statement.NO_EVIDENCE, "did not cite any medical evidence for its decision"),
    StatementRule(Statement.OUTSIDE_MTUS,
                  "based their decision on recommendation(s) outside of the MTUS Guidelines"),
    StatementRule(Statement.NOT_BASED_ON_MTUS, "did not base their decision on the MTUS"),
)

_MTUS_MARKER = loose("Decision based on MTUS")
_NON_MTUS_MARKER = loose("Decision based on Non-MTUS") + r"(?:" + _WS + r"Citations?+)?+:?+"

_MARKERS = regex.compile(
    r"(?i)"
    + "|".join(
        rf"(?P<{rule.kind.name}>{_SUBJECT}{_WS}{loose(rule.wording)}(?:{_OWS}\.)?+)"
        for rule in STATEMENTS
    )
    + rf"|(?P<NON_MTUS>{_NON_MTUS_MARKER})|(?P<MTUS>{_MTUS_MARKER}(?![-\w]))"
)

_YEAR = r"(?<![\d.])(?:19|20)\d{2}(?![\d])"
_GUIDELINES_WORD = r"Guidelines?+(?!\w)"


def _alternation(wordings: list[str]) -> str:
    # Longest first: an alternation takes the first branch that fits.
    return "|".join(loose(w) for w in sorted(set(wordings), key=len, reverse=True))


_NAME_ALTS = _alternation([row.wording for row in MTUS_NAMES])
_NAME_LOOKUP: dict[str, MtusGuideline] = {
    _canon(row.wording): row.guideline
    for row in MTUS_NAMES
}

#: A chain link: the name, then "Guidelines" and the year in either order.
_LINK = regex.compile(
    rf"(?i)(?P<name>{_NAME_ALTS})(?!\w)"
    rf"(?:{_WS}{_GUIDELINES_WORD})?+(?:,?+{_WS}(?P<year>{_YEAR}))?+(?:{_WS}{_GUIDELINES_WORD})?+"
)
#: The separator before the next link: it must be followed by a name with a year or
#: "Guidelines" (so "and" inside a section does not start a link).  It is entered only at
#: a comma, at the search start (``\G``) or at the first blank of a run, so a long run of
#: blanks is scanned once, not once from each of its positions.
_NEXT_LINK = regex.compile(
    rf"(?i)(?:,|\G|(?<![\s,])){_WS}(?:(?:and|&){_WS})?+(?=(?:{_NAME_ALTS})(?!\w)"
    rf"(?:{_WS}{_GUIDELINES_WORD}|,?+{_WS}{_YEAR}))"
)
_SECTIONS_HEAD = regex.compile(r"(?i),?+" + _OWS + r"Sections?+(?:\(s\))?+" + _OWS + r":" + _OWS)

_KNOWN_SECTION = regex.compile(
    r"(?i)(?:" + _alternation([k.wording for k in KNOWN_SECTIONS]) + r")(?=" + _OWS + r"(?:,|\Z))"
)
#: The (folded) first letters of the known sections: a piece opening otherwise is no
#: known section (the cheap test before :data:`_KNOWN_SECTION`).
_KNOWN_FIRST = frozenset(fold(k.wording[0]) for k in KNOWN_SECTIONS)
_NUMBERED = regex.compile(r"\d++(?:\.\d++)*+\.?+" + _WS + r"[A-Z]")
_COMMA = regex.compile(r"," + _OWS)

# Families of free-text citations, tried in order; the first that matches wins.
_URL = r"(?i:https?://|www\.)\S++"


@attrs.frozen
class FamilyRule:
    family: CitationFamily
    pattern: str


FAMILIES: tuple[FamilyRule, ...] = (
    FamilyRule(CitationFamily.ODG, r"(?i)\bODG\b|Official" + _WS + r"Disability" + _WS + r"Guide"),
    FamilyRule(CitationFamily.ACOEM,
               r"\bACOEM\b|(?i:American" + _WS + r"College" + _WS + r"of" + _WS + r"Occupational)"),
    FamilyRule(CitationFamily.LITERATURE,
               r"(?i)\bet" + _WS + r"al\b|\b\d++(?:st|nd|rd|th)" + _WS + r"ed(?:ition|\.)?+"
               r"|\bp(?:g|p)?+\." + _OWS + r"\d|\bjournal\b|\bUpToDate\b|\bvol\." + _OWS + r"\d"),
    FamilyRule(CitationFamily.URL, _URL),
)
_FAMILY_RES = tuple((rule.family, regex.compile(rule.pattern)) for rule in FAMILIES)
_URL_RE = regex.compile(_URL)

_ODG_NAME = regex.compile(
    r"(?i)(?:Official" + _WS + r"Disability" + _WS + r"Guidelines?+(?:" + _OWS + r"\(ODG\))?+"
    r"|\bODG\b(?:" + _WS + r"Guidelines?+\b)?+)"
)
_ODG_CHAPTER = regex.compile(
    r"(?i)(?<!\w)(?P<chapter>" + _alternation([o.wording for o in ODG_CHAPTERS]) + r")(?!\w)"
)
_ODG_LOOKUP: dict[str, OdgChapter] = {
    _canon(o.wording): o.chapter for o in ODG_CHAPTERS
}
#: Words around an ODG chapter name that are not the topic.
_ODG_NOISE = regex.compile(
    r"(?i)\((?:acute|updated|online)[^()]{0,40}+\)"
    r"|\b(?:chapter|section(?:" + _WS + r"on)?+|guidelines?+)\b"
    r"|\b(?:19|20)\d{2}\b|\bweb" + _WS + r"version\b|\b\d++(?:st|nd|rd|th)" + _WS + r"edition\b"
)

_ODG_EDGES = regex.compile(r"^[\s,.:;/\-–]++|[\s,.:;/\-–]++$")
#: A topic wholly in parentheses: "(Durable medical equipment (DME))".
_WRAPPED = regex.compile(r"\((?:[^()]++|\([^()]*+\))*+\)")

# --- readers --------------------------------------------------------------------------


def _trim_period(text: str, start: int, end: int) -> Span | None:
    """``text[start:end]`` trimmed (:func:`~imrparse.text.normalize.trim`) without one final
    period."""
    span = trim(text, start, end)
    if span is not None and text[span.end - 1] == ".":
        return trim(text, span.start, span.end - 1)
    return span


def split_sections(text: str, start: int, end: int) -> tuple[tuple[str, Span], ...]:
    """Split ``text[start:end]`` (the list after ``Section(s):``) into sections.

    The rule: split at every comma, then join back (1) a piece starting with a lower-case
    letter, ``&`` or ``(`` to the section before it; (2) the pieces of a
    :data:`~imrparse.vocab.guidelines.KNOWN_SECTIONS` name; (3) all pieces after a numbered
    section (``3.3.9 Opioids ...``) up to the next numbered one.  A section whose own comma
    is followed by a capital and is not in the known list is split (documented limitation).
    """
    span = _trim_period(text, start, end)
    if span is None:
        return ()
    start, end = span.start, span.end
    # Offsets first, values and spans once at the end (joining must not re-normalize a
    # growing value, nor build a span per piece).
    out: list[list[int]] = []
    pos = start
    numbered = False
    while pos < end:
        first = text[pos]
        known = _KNOWN_SECTION.match(text, pos, end) if fold(first) in _KNOWN_FIRST else None
        if known:
            piece_end = known.end()
            comma = _COMMA.match(text, piece_end, end) if piece_end < end else None
            out.append([pos, piece_end])
            numbered = False
            pos = comma.end() if comma else end
            continue
        comma = _COMMA.search(text, pos, end)
        piece_end = comma.start() if comma else end
        # A numbered section opens with a digit (``\d`` is a subset of ``str.isdigit``).
        starts_numbered = first.isdigit() and bool(_NUMBERED.match(text, pos, end))
        joins = out and (
            first.islower() or first in "&(" or (numbered and not starts_numbered)
        )
        if joins:
            out[-1][1] = piece_end
        else:
            out.append([pos, piece_end])
            numbered = starts_numbered
        pos = comma.end() if comma else end
    result: list[tuple[str, Span]] = []
    for a, b in out:
        value = normalize(text[a:b])
        if value:
            result.append((value, Span(a, b)))
    return tuple(result)


def _may_link(folded: str) -> bool:
    """Whether ``folded`` can hold a next chain link: a link needs ``Guidelines`` or a year
    after its name (the cheap test before the :data:`_NEXT_LINK` search)."""
    return "guideline" in folded or "19" in folded or "20" in folded


#: One link of a chain, with offsets from the start of its clause: the citation's span,
#: its value spans, the guideline, the year and the sections.
_Link = tuple[int, int, tuple[tuple[str, int, int], ...], MtusGuideline, int | None,
              tuple[str, ...]]
#: Chains read before, by the text of their clause: the same citations recur from letter
#: to letter, and a chain depends on its clause alone (no pattern looks outside it).  Each
#: value is boxed in a 1-tuple, so that one ``get`` tells a kept ``None`` from a miss
#: (another thread may clear the dict between two lookups).
_CHAINS: Memo[str, tuple[tuple[_Link, ...] | None]] = memo(
    "imrparse.content.citations._CHAINS", 4096, "MTUS chains read, by their clause")
#: Longer clauses are not kept (they are rare, and would hold memory).
_CHAIN_KEPT = 1000


def _read_chain(text: str, start: int, end: int, folded: str,
                base: int) -> tuple[MtusCitation, ...] | None:
    """Read ``text[start:end]`` as an MTUS chain; ``None`` if it is not one throughout.
    ``folded`` is ``text`` folded (:func:`fold`) from offset ``base``."""
    clause = text[start:end]
    kept = _CHAINS.get(clause)
    if kept is not None:
        links = kept[0]
    else:
        links = _chain_links(text, start, end, folded, base)
        if len(clause) <= _CHAIN_KEPT:
            _CHAINS.put(clause, (links,))
    if links is None:
        return None
    return tuple([
        MtusCitation(
            span=Span(s + start, e + start),
            value_spans=tuple([(name, Span(a + start, b + start)) for name, a, b in spans]),
            guideline=guideline, year=year, sections=sections,
        )
        for s, e, spans, guideline, year, sections in links
    ])


def _chain_links(text: str, start: int, end: int, folded: str,
                 base: int) -> tuple[_Link, ...] | None:
    """The links of the chain ``text[start:end]``, offsets from ``start``; ``None`` if it is
    not a chain throughout."""
    origin = start
    span = _trim_period(text, start, end)
    if span is None:
        return ()
    start, end = span.start, span.end
    out: list[_Link] = []
    pos = start
    while pos < end:
        link = _LINK.match(text, pos, end)
        if not link:
            return None
        name_start, name_end = link.span("name")
        guideline = _NAME_LOOKUP.get(_canon(text[name_start:name_end]))
        if guideline is None:  # pragma: no cover - every alternative is in the lookup
            return None
        spans: list[tuple[str, int, int]] = [
            ("guideline", name_start - origin, name_end - origin)]
        year: int | None = None
        if link.group("year") is not None:
            year = int(link.group("year"))
            spans.append(("year", link.start("year") - origin, link.end("year") - origin))
        link_end = link.end()
        next_pos = end
        sections: tuple[tuple[str, Span], ...] = ()
        head = _SECTIONS_HEAD.match(text, link_end, end)
        if head:
            head_end = head.end()
            nxt = (_NEXT_LINK.search(text, head_end, end)
                   if _may_link(folded[head_end - base:end - base]) else None)
            sec_end = nxt.start() if nxt else end
            sections = split_sections(text, head_end, sec_end)
            link_end = sections[-1][1].end if sections else head_end
            next_pos = nxt.end() if nxt else end
        elif link_end < end:
            nxt = _NEXT_LINK.match(text, link_end, end)
            if not nxt:
                return None
            next_pos = nxt.end()
        spans.extend((f"sections[{i}]", s.start - origin, s.end - origin)
                     for i, (_, s) in enumerate(sections))
        out.append((link.start() - origin, link_end - origin, tuple(spans), guideline, year,
                    tuple(v for v, _ in sections)))
        pos = next_pos
    return tuple(out)


#: Nothing but blanks and ``,;.`` (what is left of a citation that is only URLs).
_PUNCTUATION_ONLY = regex.compile(r"[\s,;.]*+")
#: Folded words one of which every match of a family's pattern contains, so the pattern
#: runs only when one is there; a family not listed is always tried.
_FAMILY_WORDS: dict[CitationFamily, tuple[str, ...]] = {
    CitationFamily.ODG: ("odg", "official"),
    CitationFamily.ACOEM: ("acoem", "american"),
    CitationFamily.URL: ("http", "www."),
}


def _family(body: str, folded: str) -> CitationFamily:
    """The family of ``body``; ``folded`` is ``body`` folded (:func:`fold`)."""
    has_url = "http" in folded or "www." in folded
    # Only URLs (and punctuation between them): a list of links.
    if body and _PUNCTUATION_ONLY.fullmatch(_URL_RE.sub("", body) if has_url else body):
        return CitationFamily.URL
    for family, pattern in _FAMILY_RES:
        words = _FAMILY_WORDS.get(family)
        if words is not None and not any(w in folded for w in words):
            continue
        if pattern.search(body):
            return family
    return CitationFamily.OTHER


def _odg_topic(raw: str) -> str | None:
    # The text around a chapter name is mostly a few fixed words (", ", " Chapter."), so
    # the topic of each is kept rather than cleaned again by five patterns.
    kept = _TOPICS.get(raw)
    if kept is not None:
        return kept[0]
    cleaned = _ODG_NOISE.sub(" ", normalize(raw))
    cleaned = _SPACES.sub(" ", _ODG_EDGES.sub("", cleaned))
    if _WRAPPED.fullmatch(cleaned):
        cleaned = cleaned[1:-1].strip()
    if len(raw) <= 40:  # only the short, formulaic ones repeat
        _TOPICS.put(raw, (cleaned or None,))
    return cleaned or None


#: Topics by the text they were cleaned from, boxed as in :data:`_CHAINS`.
_TOPICS: Memo[str, tuple[str | None]] = memo(
    "imrparse.content.citations._TOPICS", 4096, "ODG topics cleaned, by their text")


#: A free-text citation as read from its text: the family, the value spans (offsets from
#: the start of the text), the ODG chapter and topic, and the value.
_Other = tuple[CitationFamily, tuple[tuple[str, int, int], ...], OdgChapter | None,
               str | None, str]
#: Free-text citations read before, by the character before them and their text (a
#: pattern looks one character back from the start; none looks further), boxed as in
#: :data:`_CHAINS`.  "ODG, Pain Chapter" and the like recur from letter to letter.
_OTHERS: Memo[tuple[str, str], tuple[_Other]] = memo(
    "imrparse.content.citations._OTHERS", 4096, "free-text citations read, by their text")


def _other(text: str, span: Span, folded: str, base: int, *,
           under_mtus: bool) -> OtherCitation:
    """The free-text citation at ``span`` (trimmed)."""
    start, end = span.start, span.end
    key = (text[start - 1:start], text[start:end])
    kept = _OTHERS.get(key)
    if kept is not None:
        read = kept[0]
    else:
        read = _read_other(text, start, end, folded, base)
        if end - start <= _CHAIN_KEPT:
            _OTHERS.put(key, (read,))
    family, spans, chapter, topic, value = read
    return OtherCitation(
        span=span,
        value_spans=tuple([(name, Span(a + start, b + start)) for name, a, b in spans]),
        family=family, text=value, odg_chapter=chapter, odg_topic=topic,
        under_mtus=under_mtus,
    )


def _read_other(text: str, start: int, end: int, folded: str, base: int) -> _Other:
    """Read the free-text citation ``text[start:end]`` (trimmed); offsets from ``start``."""
    body = text[start:end]
    family = _family(body, folded[start - base:end - base])
    spans: list[tuple[str, int, int]] = [("text", 0, end - start)]
    chapter: OdgChapter | None = None
    topic: str | None = None
    if family is CitationFamily.ODG:
        name = _ODG_NAME.search(text, start, end)
        after = name.end() if name else start
        found = _ODG_CHAPTER.search(text, after, end)
        # The topic follows the chapter, or (``ODG MRI shoulder``) comes before it.
        ranges = [(after, end)]
        if found:
            c0, c1 = found.span("chapter")
            chapter = _ODG_LOOKUP.get(_canon(text[c0:c1]))
            spans.append(("odg_chapter", c0 - start, c1 - start))
            ranges = [(found.end(), end), (after, found.start())]
        for r0, r1 in ranges:
            topic = _odg_topic(text[r0:r1])
            topic_span = _trim_period(text, r0, r1) if topic else None
            if topic_span is not None:
                spans.append(("odg_topic", topic_span.start - start, topic_span.end - start))
                break
    value = normalize(body)
    if value.endswith("."):
        value = value[:-1].rstrip()
    return family, tuple(spans), chapter, topic, value


#: The field each statement sets.
_FLAG_FIELDS = {
    Statement.NO_EVIDENCE: "evidence_cited",
    Statement.OUTSIDE_MTUS: "outside_mtus",
    Statement.NOT_BASED_ON_MTUS: "not_based_on_mtus",
}
#: Every marker opens with one of these (folded) words.
_MARKER_WORDS = ("the", "decision")


def _markers(text: str, start: int, end: int, folded: str) -> list[regex.Match[str]]:
    """The clause markers in ``text[start:end]``, as ``_MARKERS.finditer`` finds them.

    ``folded`` is ``text[start:end]`` folded.  The pattern is tried only where a marker's
    opening word is (one scan of the whole range tries every position, several times
    slower); leftmost and non-overlapping as ``finditer``.
    """
    if end - start > _LONG:  # the original scan, with its backstop
        try:
            return list(_MARKERS.finditer(text, start, end, timeout=1.0))
        except TimeoutError:  # pragma: no cover - backstop
            return []
    return list(at_words(_MARKERS, text, start, end, folded, words=_MARKER_WORDS))


def read_guideline_basis(text: str, start: int = 0, end: int | None = None) -> GuidelineBasis:
    """Read the guideline paragraph ``text[start:end]`` (after its label).

    Spans are offsets into ``text``.  Never raises: an odd range is clamped, and text that
    no clause reads is reported in :attr:`GuidelineBasis.unattributed`.
    """
    end = len(text) if end is None else max(0, min(end, len(text)))
    start = max(0, min(start, end))
    flags: dict[Statement, Span] = {}
    citations: list[Citation] = []
    unattributed: list[Span] = []
    folded = fold(text[start:end])
    markers = _markers(text, start, end, folded)

    before = trim(text, start, markers[0].start() if markers else end)
    if before is not None:
        unattributed.append(before)
    for i, m in enumerate(markers):
        clause_end = markers[i + 1].start() if i + 1 < len(markers) else end
        kind = m.lastgroup
        clause = trim(text, m.end(), clause_end)
        if kind == "MTUS":
            chain = _read_chain(text, m.end(), clause_end, folded, start)
            if chain is not None:
                citations.extend(chain)
            elif clause is not None:
                citations.append(_other(text, clause, folded, start, under_mtus=True))
        elif kind == "NON_MTUS":
            if clause is not None:
                citations.append(_other(text, clause, folded, start, under_mtus=False))
        elif kind is not None:
            flags.setdefault(Statement[kind], Span(*m.span()))
            if clause is not None:
                unattributed.append(clause)
    value_spans = [(_FLAG_FIELDS[k], s) for k, s in flags.items()]
    value_spans.extend([(f"citations[{i}]", c.span) for i, c in enumerate(citations)])
    return GuidelineBasis(
        span=Span(start, end),
        value_spans=tuple(value_spans),
        evidence_cited=Statement.NO_EVIDENCE not in flags
        and bool(citations or Statement.OUTSIDE_MTUS in flags),
        outside_mtus=Statement.OUTSIDE_MTUS in flags,
        not_based_on_mtus=Statement.NOT_BASED_ON_MTUS in flags,
        citations=tuple(citations),
        unattributed=tuple(unattributed),
    )
