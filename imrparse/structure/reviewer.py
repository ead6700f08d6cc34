"""The expert reviewer: licensure states and specialties, as the layout states them.

The 2016 letter has a credentials block (:data:`~imrparse.layouts.grammar.CREDENTIALS_LABELS`,
one label a line, the value running over continuation lines); the older letters state the
credentials in a sentence of the paragraph on how the determination was made or of a
qualifications section (:data:`~imrparse.layouts.grammar.CREDENTIALS_SENTENCE`).  The terms are
normalized to the vocabularies of :mod:`imrparse.vocab.reviewers`; a term outside them is
kept as written and reported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from imrparse.errors import DefectCode
from imrparse.layouts import grammar as g
from imrparse.model import Reviewer, SectionKind
from imrparse.model.spans import Span
from imrparse.structure.fields import read_credentials_sentence
from imrparse.text.normalize import trim
from imrparse.text.reading import Reading
from imrparse.text.sections import SectionTokens, first_of
from imrparse.text.tokenizer import LABEL
from imrparse.vocab.reviewers import normalize_specialty, normalize_state, split_credentials

#: Terms as written, each with its span.
_Terms = tuple[tuple[str, Span], ...]
#: A vocabulary's name for a term as written, or ``None``.
_Normalizer = Callable[[str], "str | None"]

#: Sections whose paragraph may state the credentials in a sentence.
_QUALIFYING = frozenset({SectionKind.HOW_DETERMINATION_WAS_MADE, SectionKind.QUALIFICATIONS})


def read_reviewer(reading: Reading, sections: Sequence[SectionTokens]) -> Reviewer | None:
    """The credentials block, or else the credentials sentence of the paragraph on how
    the determination was made or of a qualifications section (older letters)."""
    credentials = first_of(sections, SectionKind.CREDENTIALS)
    if credentials is not None:
        return _credentials_block(reading, credentials)
    for section in sections:
        if section.section.kind not in _QUALIFYING:
            continue
        sentence = read_credentials_sentence(reading.text, section.body_start, section.end)
        if sentence is not None:
            span, specialties, states = sentence
            return _reviewer(reading, span, states=states, specialties=specialties)
    return None


def _credentials_block(reading: Reading, section: SectionTokens) -> Reviewer:
    text = reading.text
    terms: dict[g.LabelKind, _Terms] = {}
    labels = [t for t in section.body if t.kind is LABEL]
    pos = section.body_start
    for index, token in enumerate(labels):
        kind = g.LabelKind(token.name)
        reading.unparsed(pos, token.start, "reviewer")
        limit = labels[index + 1].start if index + 1 < len(labels) else section.end
        stop = _value_end(text, token.end, limit, reading.gap)
        # Split as the vocabulary reads them: a name with a comma in it stays whole.
        terms[kind] = split_credentials(text, token.end, stop)
        if not terms[kind]:
            reading.defect(DefectCode.EMPTY_VALUE, f"{token.text.strip()!r} has no value",
                           token.span, f"reviewer.{token.name}")
        pos = stop
    reading.unparsed(pos, section.end, "reviewer")
    for kind in g.CREDENTIALS_LABELS:
        if kind not in terms:
            reading.defect(DefectCode.MISSING_LABEL,
                           f"{g.label_wording(kind)!r} not found in the credentials",
                           Span(section.body_start, section.body_start),
                           f"reviewer.{kind.value}")
    span = trim(text, section.section.span.start, section.end) or section.section.span
    return _reviewer(reading, span, states=terms.get(g.LabelKind.LICENSURE, ()),
                     specialties=terms.get(g.LabelKind.SPECIALTY, ()))


def _reviewer(reading: Reading, span: Span, *, states: _Terms,
              specialties: _Terms) -> Reviewer:
    spans: list[tuple[str, Span]] = []
    licensure_states = _normalized(reading, "licensure_states", states, normalize_state, spans)
    specialties_read = _normalized(reading, "specialties", specialties, normalize_specialty,
                                   spans)
    return Reviewer(span=span, value_spans=tuple(spans), licensure_states=licensure_states,
                    specialties=specialties_read)


def _normalized(reading: Reading, name: str, written: _Terms,
                normalize_term: _Normalizer, spans: list[tuple[str, Span]]) -> tuple[str, ...]:
    """The terms of the field ``name`` in their vocabulary's names (as written where they
    have none), their spans added to ``spans``."""
    terms = []
    for i, (raw, where) in enumerate(written):
        term = normalize_term(raw)
        if term is None:
            reading.defect(DefectCode.UNKNOWN_TERM, f"{raw!r} is not in the vocabulary of "
                           f"{name.replace('_', ' ')}; kept as written", where,
                           f"reviewer.{name}[{i}]")
        terms.append(term or raw)
        spans.append((f"{name}[{i}]", where))
    return tuple(terms)


def _value_end(text: str, start: int, limit: int, gap: int = 1) -> int:
    """A label's value runs to the end of its line and over continuation lines, up to the
    first run of ``gap`` blank lines (a wrapped specialty list goes on to a second line)."""
    newline = text.find("\n", start, limit)
    first_blank = -1
    run = 0
    while newline >= 0:
        following = text.find("\n", newline + 1, limit)
        line_end = following if following >= 0 else limit
        if not text[newline + 1 : line_end].strip():
            if run == 0:
                first_blank = newline
            run += 1
            if run >= gap:
                return first_blank
        else:
            run = 0
        newline = following
    return limit
