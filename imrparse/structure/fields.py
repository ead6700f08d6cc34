"""Field readers: small grammars for the values inside a section.

Each reader takes the whole letter and a range of it and returns values with spans into
the whole letter.  None of them raises on odd input: a value that is not there is
``None`` (or an empty tuple), and the caller decides whether that is a defect.
"""

from __future__ import annotations

import re

from imrparse.layouts import grammar as g
from imrparse.model.spans import Span
from imrparse.text.normalize import value


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
    found = value(text, start, end)
    if found is not None and found[0].strip(".;"):
        members.append(found)




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
