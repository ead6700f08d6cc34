"""The decision rationale: its conclusion sentence, the polarity of that conclusion, and the
fixed boilerplate paragraphs MAXIMUS appends.

The conclusion is the LAST necessity phrase of the rationale outside the boilerplate that
comes after it (the opioid-tapering paragraph speaks of "the medical necessity of opioids"
and is not a conclusion).  Phrases are tried in tiers (:class:`Tier`): necessity wording
first (``is not medically necessary``, ``cannot be deemed medically necessary``, ``is not
established``...); only when none is found, a verdict (``is not warranted``, ``would not be
indicated``, ``does not meet guidelines``); then recommendation wording (``is not
recommended``).  The phrases are generated from tables: :data:`PREDICATES` stated by
:data:`COPULAS` or denied by :data:`NEGATORS`, with :data:`HEDGES` between.  The
ancillary-service one-liner is both boilerplate and the conclusion.

The outcome word of the decision line is the authority; :attr:`RationaleFacts.necessary`
is a cross-check (the lead records a defect when they disagree).
"""

from __future__ import annotations

import enum

import attrs
import regex

from imrparse.model import Boilerplate, BoilerplateKind
from imrparse.model.spans import Located, Span
from imrparse.text.normalize import fold, normalize, trim

__all__ = ["Boilerplate", "BoilerplateKind", "RationaleFacts", "read_rationale"]

_WS = r"\s++"


@attrs.frozen(kw_only=True)
class RationaleFacts(Located):
    """What the rationale concludes.

    ``value_spans``: ``necessary`` (the necessity phrase), ``conclusion`` (its sentence).
    """

    #: True for "is medically necessary", False for "is not ...", None when no conclusion.
    necessary: bool | None = None
    #: The conclusion sentence, whitespace-normalized.
    conclusion: str | None = None
    boilerplate: tuple[Boilerplate, ...] = ()


@attrs.frozen
class BoilerplateRule:
    kind: BoilerplateKind
    #: Opening words, and the closing words (any one of them) that end the paragraph.
    opening: str
    closings: tuple[str, ...]


def _words(phrase: str) -> str:
    return _WS.join(regex.escape(w) for w in phrase.split(" "))


BOILERPLATE: tuple[BoilerplateRule, ...] = (
    BoilerplateRule(
        BoilerplateKind.OPIOID_TAPERING,
        "This decision addresses the medical necessity of opioids",
        ("terminating opioids for this patient", "terminating opioids for this injured worker"),
    ),
    BoilerplateRule(
        BoilerplateKind.ANCILLARY_SERVICE,
        "As the requested surgical intervention is not medically necessary",
        ("the requested ancillary service is not medically necessary",),
    ),
)


def _boilerplate_pattern(rule: BoilerplateRule) -> str:
    closing = "(?:" + "|".join(_words(c) for c in rule.closings) + r")\s*+\.?+"
    # A paragraph is short: the bounded lazy gap keeps the search linear.
    return r"(?i)" + _words(rule.opening) + r"(?s:.{0,1200}?)" + closing


#: Each boilerplate rule, its pattern, and the (folded) words of its opening: a paragraph
#: is looked for only when they are all there.
_BOILERPLATES = tuple((rule, regex.compile(_boilerplate_pattern(rule)),
                       tuple(fold(word) for word in rule.opening.split(" ")))
                      for rule in BOILERPLATE)
#: Above this many characters a rationale is searched under a timeout (a backstop; the
#: patterns are linear, and a shorter text takes well under a millisecond).
_LONG = 10_000


class Tier(enum.IntEnum):
    """Conclusion wordings, strongest first: a tier is used only when the ones before it
    find nothing."""

    #: "is (not) medically necessary", "medical necessity is not established".
    NECESSITY = 1
    #: A verdict without the word "medical": "is not warranted", "would not be indicated",
    #: "is reasonable", "does not meet guidelines", "is consistent with guidelines".
    VERDICT = 2
    #: "is (not) recommended": guideline wording, the weakest sign of a conclusion.
    RECOMMENDATION = 3


@attrs.frozen
class ConclusionRule:
    tier: Tier
    necessary: bool
    pattern: str


@attrs.frozen
class Predicate:
    """What a conclusion says of the request, in its positive form ("warranted"), or in a
    form that is itself negative ("unwarranted": ``negative``)."""

    tier: Tier
    words: str
    negative: bool = False
    #: Whether a verb must come first ("is warranted"); a predicate that is itself a verb
    #: phrase ("meets the guidelines") stands alone.
    after_verb: bool = True


#: The verbs a positive conclusion is stated with ("is", "would be", "remains", "appears
#: to be"); "and" joins a second predicate ("reasonable and medically necessary").
COPULAS: tuple[str, ...] = ("is", "are", "was", "were", "be", "been", "being", "remains?",
                            "appears?", "seems?", "and")
#: Words that deny what follows them.  Their scope is the hedge words after them and the
#: predicate, nothing further: "has not improved, but it is warranted" is positive.
NEGATORS: tuple[str, ...] = (r"\bnot", r"\bcannot", r"n't", r"\bnever",
                             r"\bno" + _WS + "longer", r"\bfail(?:s|ed)?+" + _WS + "to")
#: Words that may stand between the verb (or the negator) and the predicate without
#: changing its polarity: "is not *seen as* medically necessary", "cannot *be considered*",
#: "does not *appear to be*", "would not *be*".
HEDGES: tuple[str, ...] = (
    "considered", "deemed", "determined", "found", "shown", "felt", "seen", "viewed",
    "regarded", "thought", "judged", "believed", "proven", "as", "to", "be", "been", "being",
    "appear", "seem", "therefore", "thus", "still", "now", "currently", "presently",
    "necessarily", "also", "fully", "clearly", "yet",
)
#: Hedge words of the necessity tier only: adjectives that may precede "medically
#: necessary" ("reasonable and medically necessary"), themselves verdict predicates.
NECESSITY_HEDGES: tuple[str, ...] = ("reasonable", "appropriate", "and")
_GUIDES = r"(?:guidelines?|criteria|recommendations?|requirements?|MTUS|ODG|ACOEM)"
_MED = r"medical(?:ly)?+[\s-]++(?:necessary|appropriate|indicated)"

#: What a conclusion says of the request, by tier.
PREDICATES: tuple[Predicate, ...] = (
    Predicate(Tier.NECESSITY, _MED),
    Predicate(Tier.NECESSITY, r"medically" + _WS + r"unnecessary", negative=True),
    Predicate(Tier.VERDICT, r"(?:necessary|warranted|supported|indicated|appropriate|"
                            r"reasonable|justified|substantiated|advisable)\b"),
    Predicate(Tier.VERDICT, r"(?:consistent|compliant|in" + _WS + r"(?:accordance|keeping|"
                            r"compliance))" + _WS + r"with\b"),
    Predicate(Tier.VERDICT, r"(?:meets?|satisf(?:y|ies)|fulfill?s?)" + _WS
                            + r"(?:(?:the|all|these|those|of|applicable|above|cited|"
                            r"referenced|evidence-based)" + _WS + r"){0,3}"
                            + _GUIDES + r"\b", after_verb=False),
    Predicate(Tier.VERDICT, r"(?:unnecessary|unwarranted|unsupported|inappropriate|"
                            r"unreasonable|unjustified|inconsistent" + _WS + r"with)\b",
              negative=True),
    Predicate(Tier.RECOMMENDATION, r"recommended"),
)


def _hedge(tier: Tier) -> str:
    words = HEDGES + (NECESSITY_HEDGES if tier is Tier.NECESSITY else ())
    return r"(?:(?:" + "|".join(words) + r")" + _WS + r"){0,4}"


def _predicate_rules(predicate: Predicate) -> tuple[ConclusionRule, ...]:
    """The denied form of ``predicate`` and its stated form, in that order (at a position
    the first rule that matches wins)."""
    hedge = _hedge(predicate.tier)
    denied = "(?:" + "|".join(NEGATORS) + r")[\s-]*+" + hedge + predicate.words
    verb = r"\b(?:" + "|".join(COPULAS) + ")" + _WS if predicate.after_verb else r"\b"
    stated = verb + hedge + predicate.words
    return (ConclusionRule(predicate.tier, predicate.negative, denied),
            ConclusionRule(predicate.tier, not predicate.negative, stated))


#: Tried together (one alternation per tier); at a position, the first matching rule wins,
#: so each denied form comes before its stated one.
CONCLUSIONS: tuple[ConclusionRule, ...] = (
    ConclusionRule(Tier.NECESSITY, False, r"\bnot" + _WS + r"(?:a" + _WS + r")?+medical" + _WS
                   + r"necessity"),
    ConclusionRule(Tier.NECESSITY, False, r"\b(?:is|are|has|have|was)" + _WS + r"not" + _WS
                   + r"(?:been" + _WS + r")?+(?:established|supported" + _WS + r"as" + _WS
                   + _MED + r")"),
    ConclusionRule(Tier.NECESSITY, False, r"\bnot" + _WS + r"indicated" + _WS + r"as" + _WS
                   + _MED),
    ConclusionRule(Tier.NECESSITY, True, r"\b(?:is|are|has|have|was)" + _WS
                   + r"(?:been" + _WS + r")?+established" + _WS + r"as" + _WS + _MED),
    *(rule for predicate in PREDICATES for rule in _predicate_rules(predicate)),
)

#: Searched backwards (``REVERSE``): the first match found is the last one written.
_CONCLUSION_RES = {
    tier: regex.compile(
        r"(?i)" + "|".join(f"(?P<r{i}>{rule.pattern})" for i, rule in enumerate(CONCLUSIONS)
                           if rule.tier is tier), flags=regex.REVERSE)
    for tier in Tier
}
#: Where a sentence ends: a period, ! or ? (and a closing quote) before a blank or the end.
_SENTENCE_END = regex.compile(r"[.!?][\"”')]?+(?=\s|\Z)")
#: A sentence-final mark, found right to left.
_STOPS_BACKWARDS = regex.compile(r"[.!?]", flags=regex.REVERSE)
#: Folded words one of which every match of a tier contains: a tier is searched only then.
_TIER_WORDS = {
    Tier.NECESSITY: ("medical", "established"),
    Tier.VERDICT: ("necessar", "warrant", "support", "indicat", "appropriat", "reasonabl",
                   "justif", "substantiat", "advisab", "consisten", "complian", "accordance",
                   "keeping", "meet", "satisf", "fulfil"),
    Tier.RECOMMENDATION: ("recommended",),
}
#: The polarity of each conclusion rule, by its group name in the tier's pattern.
_NECESSARY = {f"r{i}": rule.necessary for i, rule in enumerate(CONCLUSIONS)}
_SPACES = regex.compile(r"\s++")


def _sentence(text: str, lo: int, hi: int, at: int) -> Span:
    """The sentence around offset ``at`` within ``[lo, hi)``."""
    # The last sentence end before ``at``, tried at each mark from ``at`` back (a match is
    # a mark and maybe a quote, so the last one that matches is the last a forward
    # ``finditer`` over ``[lo, at)`` finds); rather than that scan: 3% of a parse's
    # instructions (benchmarks/instructions.py).
    start = lo
    for mark in _STOPS_BACKWARDS.finditer(text, lo, at):
        m = _SENTENCE_END.match(text, mark.start(), at)
        if m is not None:
            start = m.end()
            break
    end_m = _SENTENCE_END.search(text, at, hi)
    end = end_m.end() if end_m else hi
    return trim(text, start, end) or Span(end, end)


def read_rationale(text: str, start: int = 0, end: int | None = None) -> RationaleFacts:
    """Read the rationale ``text[start:end]`` (after ``Decision rationale:``).  Never raises."""
    end = len(text) if end is None else max(0, min(end, len(text)))
    start = max(0, min(start, end))
    found: list[Boilerplate] = []
    folded = fold(text[start:end])
    timeout = 1.0 if end - start > _LONG else None
    for rule, pattern, words in _BOILERPLATES:
        if not all(w in folded for w in words):
            continue
        for m in pattern.finditer(text, start, end, timeout=timeout):
            found.append(Boilerplate(span=Span(*m.span()), kind=rule.kind))
    if len(found) > 1:
        found.sort(key=lambda b: b.span.start)
    # Only the tapering advice is excluded; the ancillary line is itself a conclusion.
    excluded = [b.span for b in found if b.kind is BoilerplateKind.OPIOID_TAPERING]
    necessary: bool | None = None
    phrase: Span | None = None
    for tier in Tier:
        if not any(w in folded for w in _TIER_WORDS[tier]):
            continue
        last: regex.Match[str] | None = None  # the last written = the first found backwards
        for m in _CONCLUSION_RES[tier].finditer(text, start, end, timeout=timeout):
            if not excluded or not any(m.start() in span for span in excluded):
                last = m
                break
        if last is not None and last.lastgroup is not None:
            necessary = _NECESSARY[last.lastgroup]
            phrase = Span(*last.span())
            break
    if phrase is None:
        return RationaleFacts(span=Span(start, end), boilerplate=tuple(found))
    sentence = _sentence(text, start, end, phrase.start)
    return RationaleFacts(
        span=Span(start, end),
        value_spans=(("necessary", phrase), ("conclusion", sentence)),
        necessary=necessary,
        conclusion=normalize(sentence.slice(text)),
        boilerplate=tuple(found),
    )
