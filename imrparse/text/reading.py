"""One parse's shared state, and the one way its stages report what they find.

A :class:`Reading` goes to every stage of :func:`imrparse.parse`: the text, how it is laid
out (its paragraph gap), the treatment tables, and the defects found so far.  Every defect
goes through it (:meth:`Reading.defect`), so lenient and strict parsing see the same ones
(the lesson of CPython gh-68552); text no field took goes through :meth:`Reading.unparsed`
alone; a bug in reading one part of the letter goes through :meth:`Reading.attempt`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

import attrs

from imrparse.errors import Defect, DefectCode
from imrparse.model.spans import Span
from imrparse.text.normalize import trim
from imrparse.vocab.treatments import Vocabulary

P = ParamSpec("P")
T = TypeVar("T")

#: How much of a text a defect's message quotes.
_QUOTED = 60
#: What :meth:`Reading.attempt` passes on: the interpreter's limits, and the timeout of
#: the ``regex`` engine (its callers record a ``pattern-timeout`` defect for it).
_NOT_A_BUG = (RecursionError, MemoryError, TimeoutError)


@attrs.define
class Reading:
    """The letter being read and the defects found in it."""

    text: str
    #: Blank lines in a row that make a paragraph break (2 in doubled text, see
    #: :func:`~imrparse.text.normalize.paragraph_gap`).
    gap: int = 1
    #: The treatment tables (``None``: the built-in ones).
    vocabulary: Vocabulary | None = None
    #: Strict parsing: a bug is raised, not recorded (the whole parse fails anyway).
    strict: bool = False
    defects: list[Defect] = attrs.Factory(list)

    def defect(self, code: DefectCode, message: str, span: Span, path: str) -> None:
        """Record a defect of the field ``path`` at ``span``."""
        self.defects.append(Defect(code=code, message=message, span=span, path=path))

    def unparsed(self, start: int, stop: int, path: str, *, seen: str | None = None) -> None:
        """Record the text of ``text[start:stop]``, if it is not blank, as taken by no field.

        ``seen`` is the text as the caller sees it, with the same offsets: a copy in which
        what other fields took is blanked out (the header's values and claimed lines).
        """
        span = trim(self.text if seen is None else seen, start, stop)
        if span is not None:
            self.defect(DefectCode.UNPARSED_TEXT,
                        f"text {self.text[span.start:span.end][:_QUOTED]!r} belongs to no "
                        "field", span, path)

    def attempt(self, span: Span, path: str, read: Callable[P, T], /, *args: P.args,
                **kwargs: P.kwargs) -> T | None:
        """``read(*args, **kwargs)``, the reading of one part of the letter (at ``span``,
        filling ``path``), or ``None`` if it failed with a bug of ours.

        Leniently, the bug is an ``internal-error`` defect and the rest of the letter is
        read; strictly, it is raised (and :func:`imrparse.parse` raises it as an
        :class:`~imrparse.errors.InternalError`).
        """
        if self.strict:
            return read(*args, **kwargs)
        try:
            return read(*args, **kwargs)
        except _NOT_A_BUG:
            raise
        except Exception as exc:  # a bug: recorded with its place, never a quiet default
            self.defect(DefectCode.INTERNAL_ERROR,
                        f"reading this part failed: {exc!r}; this is a bug in imrparse, "
                        "please report it with the input", span, path)
            return None
