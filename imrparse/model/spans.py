"""Character spans into the exact string given to :func:`imrparse.parse`, and the base of
every model object (kept apart from :mod:`imrparse.model` so that every stage can import it)."""

from __future__ import annotations

import attrs


@attrs.frozen(order=True, init=False)
class Span:
    """A half-open range ``[start, end)`` of character offsets into the parsed text.

    ``text[span.start:span.end]`` (or :meth:`slice`) is the text a value came from.
    """

    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        # Written by hand (check, then set the slots through their descriptors): attrs'
        # frozen ``__init__`` with a post-init check costs 3.6% more of a parse's
        # instructions (benchmarks/instructions.py); spans are made by the hundred.
        if not 0 <= start <= end:
            raise ValueError(f"not a span: start {start}, end {end}")
        _set_start(self, start)
        _set_end(self, end)

    def slice(self, text: str) -> str:
        """Return the part of ``text`` this span covers."""
        return text[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start

    def __contains__(self, other: object) -> bool:
        if isinstance(other, Span):
            return self.start <= other.start and other.end <= self.end
        if isinstance(other, int):
            return self.start <= other < self.end
        return False

    def cover(self, other: Span) -> Span:
        """The smallest span containing both."""
        return Span(min(self.start, other.start), max(self.end, other.end))


# The slots' own setters: a frozen class refuses ``setattr``, not its descriptors.
_set_start = Span.__dict__["start"].__set__
_set_end = Span.__dict__["end"].__set__


@attrs.frozen(kw_only=True)
class Located:
    """Base of every model object: its span and the spans of its leaf values.

    Spans are left out of ``==`` and ``repr``: results parsed from two extractions of the
    same letter compare equal.  ``value_spans`` maps a field name (``"decision_date"``, or
    ``"licensure_states[1]"`` for a member of a tuple) to the span of the text that value
    was read from.
    """

    # Positions are provenance, not content: two extractions of one letter compare equal.
    span: Span = attrs.field(eq=False, repr=False)
    value_spans: tuple[tuple[str, Span], ...] = attrs.field(default=(), repr=False, eq=False)

    def span_of(self, name: str) -> Span | None:
        """The span of the text the value ``name`` was read from, or ``None`` if absent."""
        for key, span in self.value_spans:
            if key == name:
                return span
        return None
