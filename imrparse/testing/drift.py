"""Template drift: how a later template may edit a letter's fixed wording, as noise models.

Each model is ``(text, rng) -> text`` and changes only the letter's fixed wording, never a
value, so a letter keeps its model (:class:`imrparse.testing.LetterCase` ``expected``):

* ``recase_headings``: headings and title lines in capitals, lower case, title case or
  sentence case;
* ``reword_headings``: headings and item labels in one of their known rewordings (the
  ``variants`` of the layout tables: ``Clinical Summary``, ``Rationale:``);
* ``recase_labels``: header labels, item labels and credentials labels re-cased
  (``CASE NUMBER:``, ``Date assigned:``, ``DECISION RATIONALE:``);
* ``recase_outcomes``: the outcome word of each decision line re-cased (``UPHELD``,
  ``overturned``);
* ``reorder_header``: the two cells of each line of the header table swapped (the
  table's columns are read in either order).

Each edit is drawn per occurrence from ``rng``; a model finds the wording with the
layout tables' own patterns.  Registered in :data:`DRIFT_MODELS`; :func:`drift` applies
all of them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from imrparse.layouts import grammar as g

_CASINGS: tuple[Callable[[str], str], ...] = (
    str.upper, str.lower, str.title, lambda s: s[:1].upper() + s[1:].lower())


def _recase(text: str, rng: random.Random) -> str:
    """``text`` in a casing drawn from ``rng`` (never the same text where avoidable)."""
    choices = [c(text) for c in _CASINGS if c(text) != text] or [text]
    return rng.choice(choices)


def _line_pattern(wordings: tuple[str, ...], end: str) -> re.Pattern[str]:
    body = "|".join(g.words(w) for w in sorted(wordings, key=len, reverse=True))
    return re.compile(r"(?m)^(?P<lead>[ \t\u00a0\f]*)(?P<w>" + g.any_case("(?:" + body + ")")
                      + r")" + end)


def _edit(text: str, pattern: re.Pattern[str],
          change: Callable[[str], str]) -> str:
    return pattern.sub(lambda m: m.group("lead") + change(m.group("w")), text)


def _whole_lines(rules: tuple[tuple[tuple[str, ...], bool], ...]) -> list[re.Pattern[str]]:
    return [_line_pattern(wordings, "" if inline else r"(?=[ \t\u00a0]*(?:\r?\n|\Z))")
            for wordings, inline in rules]


_HEADING_LINES = _whole_lines(tuple((h.wordings, h.inline) for h in g.HEADINGS)
                              + tuple((t.wordings, False) for t in g.TITLES))
_LABEL_LINES = [_line_pattern(label.wordings, "") for label in g.LABELS]
_HEADER_LABELS = [re.compile(r"(?P<lead>)(?P<w>" + g.any_case(
    "|".join(g.words(w) for w in (*f.also, f.wording))) + r")") for f in g.HEADER_FIELDS]
_DECISION = re.compile(g.DECISION_PATTERN)


def recase_headings(text: str, rng: random.Random) -> str:
    """Every heading and title line in a casing drawn for it.

    Never raises.
    """
    for pattern in _HEADING_LINES:
        text = _edit(text, pattern, lambda w: _recase(w, rng))
    return text


def _reworded(rule_wordings: tuple[str, ...], rng: random.Random) -> Callable[[str], str]:
    def change(found: str) -> str:
        others = [w for w in rule_wordings if w.casefold() != " ".join(found.split()).casefold()]
        return rng.choice(others) if others else found
    return change


def reword_headings(text: str, rng: random.Random) -> str:
    """Headings and item labels with a known rewording (their rows' ``variants``).

    Never raises.
    """
    rows = [(p, h.wordings) for p, h in zip(_HEADING_LINES, g.HEADINGS, strict=False)]
    rows += [(p, label.wordings) for p, label in zip(_LABEL_LINES, g.LABELS, strict=True)]
    for pattern, wordings in rows:
        if len(wordings) > 1:
            text = _edit(text, pattern, _reworded(wordings, rng))
    return text


def recase_labels(text: str, rng: random.Random) -> str:
    """Header labels, item labels and credentials labels re-cased.

    Never raises.
    """
    for pattern in [*_LABEL_LINES, *_HEADER_LABELS]:
        text = _edit(text, pattern, lambda w: _recase(w, rng))
    return text


def recase_outcomes(text: str, rng: random.Random) -> str:
    """The outcome word of every decision line re-cased.

    Never raises.
    """
    def change(m: re.Match[str]) -> str:
        start, end = m.span("outcome")
        whole = m.group()
        cut = start - m.start()
        return whole[:cut] + _recase(m.group("outcome"), rng) + whole[end - m.start():]
    return _DECISION.sub(change, text)


_LABEL = g.any_case("|".join(g.words(f.wording) for f in g.HEADER_FIELDS))
_CELL = re.compile(r"(?m)^(?P<left>[ \t\u00a0]*(?:" + _LABEL + r")[ \t\u00a0]*\S+)"
                   r"(?P<gap>[ \t\u00a0]+)(?P<right>(?:" + _LABEL + r")[ \t\u00a0]*\S+)"
                   r"(?P<end>[ \t\u00a0]*)$")


def reorder_header(text: str, rng: random.Random) -> str:
    """The two cells of a header line (``Date Assigned: ... Date of Injury: ...``) swapped,
    each line by a draw.

    Never raises.
    """
    def change(m: re.Match[str]) -> str:
        if not rng.getrandbits(1):
            return m.group()
        lead = m.group("left")[: len(m.group("left")) - len(m.group("left").lstrip())]
        return (lead + m.group("right") + m.group("gap") + m.group("left").lstrip()
                + m.group("end"))
    return _CELL.sub(change, text)


#: The drift models by name, each as ``(text, rng) -> text``, as :data:`NOISE_MODELS`.
DRIFT_MODELS: dict[str, Callable[[str, random.Random], str]] = {
    "reword_headings": reword_headings,
    "recase_headings": recase_headings,
    "recase_labels": recase_labels,
    "recase_outcomes": recase_outcomes,
    "reorder_header": reorder_header,
}


def drift(text: str, rng: random.Random | int | None = None) -> str:
    """Every drift model of :data:`DRIFT_MODELS` in turn (rewording before re-casing).

    Never raises.
    """
    rng = rng if isinstance(rng, random.Random) else random.Random(rng)
    for model in DRIFT_MODELS.values():
        text = model(text, rng)
    return text
