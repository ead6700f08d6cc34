"""The parties of a mailed, unredacted letter: the address block and the copy list.

The letters the DWC publishes are redacted and have neither, so an absent block is
normal and no defect.  The block is a run of labelled entries (:data:`~imrparse.layouts.grammar.
PARTY_LABELS`): the label, the name on the same line (or on the next), then the address
lines under it up to a blank line, a line holding a colon (the next label, a header
cell), a line another table knows (a title, a heading, an item label, the 2013 notice's
determination sentence: the caller's ``stops``) or a line that is no address line
(:data:`~imrparse.layouts.grammar.ADDRESS_LINE`).  The last two end the last address of a
letter without blank lines.  The copy list is the body of a ``cc:`` section, one member a line.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

import attrs

from imrparse.layouts import grammar as g
from imrparse.model import Parties, Party, PartyRole
from imrparse.model.spans import Span
from imrparse.text.caches import cached
from imrparse.text.normalize import trim, value

#: An address has a few lines; more is not an address.
_MAX_ADDRESS_LINES = 5
_ROLES = {
    g.PartyField.EMPLOYEE: PartyRole.EMPLOYEE,
    g.PartyField.EMPLOYER: PartyRole.EMPLOYER,
    g.PartyField.CLAIMS_ADMINISTRATOR: PartyRole.CLAIMS_ADMINISTRATOR,
    g.PartyField.REQUESTING_PROVIDER: PartyRole.REQUESTING_PROVIDER,
}
_LINE = re.compile(r"[^\r\n\f]*+(?:\r\n|[\r\n\f]|\Z)")
_ADDRESS_LINE = re.compile(g.ADDRESS_LINE)


@cached()
def _labels() -> re.Pattern[str]:
    """The compiled pattern of the address block's labels, group ``p<i>`` the i-th."""
    alternatives = "|".join(g.named_words(f"p{i}", label.wording)
                            for i, label in enumerate(g.PARTY_LABELS))
    # Tried at every position: the one look-behind of :data:`~imrparse.layouts.grammar.BOL` fails
    # a position inside a line at once (``^`` or a look-behind took two tries).
    return re.compile(g.BOL + r"[ \t\u00a0]*+(?:" + alternatives + ")")


@attrs.frozen
class AddressBlock:
    """The parties found in a range of the preamble, and the spans they take."""

    #: The claim number as written, and its span.
    claim_number: tuple[str, Span] | None
    parties: dict[PartyRole, Party]
    spans: tuple[Span, ...]


def read_address_block(text: str, start: int, end: int, *, gap: int = 1,
                       stops: Sequence[int] = ()) -> AddressBlock | None:
    """The labelled parties in ``text[start:end]``, or ``None`` when there are none.

    ``gap`` is the number of blank lines that end an address (two in doubled text);
    ``stops``, sorted, are offsets where lines of other tables' wording begin: no entry
    takes a line holding one.
    """
    matches = list(_labels().finditer(text, start, end))
    if not matches:
        return None
    claim: tuple[str, Span] | None = None
    parties: dict[PartyRole, Party] = {}
    spans: list[Span] = []
    for index, m in enumerate(matches):
        field = g.PARTY_LABELS[int((m.lastgroup or "p0")[1:])].field
        limit = matches[index + 1].start() if index + 1 < len(matches) else end
        lines = _entry_lines(text, m.end(), limit, gap=gap, stops=stops,
                             single=field is g.PartyField.CLAIM_NUMBER)
        label = trim(text, m.start(), m.end()) or Span(m.start(), m.end())
        if not lines:
            spans.append(label)
            continue
        (name, name_span), *address = lines
        _, last_span = lines[-1]
        spans.append(label.cover(last_span))
        if field is g.PartyField.CLAIM_NUMBER:
            claim = claim or (name, name_span)
            continue
        role = _ROLES[field]
        if role in parties:
            continue
        value_spans = [("name", name_span)]
        value_spans += [(f"address[{i}]", s) for i, (_, s) in enumerate(address)]
        parties[role] = Party(span=label.cover(last_span), value_spans=tuple(value_spans),
                              role=role, name=name, address=tuple(v for v, _ in address))
    return AddressBlock(claim, parties, tuple(spans))


def _entry_lines(text: str, start: int, limit: int, *, gap: int, stops: Sequence[int],
                 single: bool) -> list[tuple[str, Span]]:
    """The name and address lines after a label: its own line's rest, then the lines
    under it up to ``gap`` blank lines, a line with a colon, a line holding a stop, a
    line after the name that is no address line, or ``limit``."""
    found: list[tuple[str, Span]] = []
    blank_run = 0
    pos = start
    first = True
    while pos < limit and len(found) <= _MAX_ADDRESS_LINES:
        m = _LINE.match(text, pos, limit)
        if m is None or m.end() == pos:
            break
        line_start, pos = pos, m.end()
        line = value(text, line_start, pos)
        if line is None:
            if not first:
                blank_run += 1
                if blank_run >= gap and found:
                    break
            first = False
            continue
        written, _ = line
        if not first and (":" in written or _holds_stop(stops, line_start, pos)):
            break
        # The first kept line is the name; the lines after it must look like an address.
        if found and not _ADDRESS_LINE.fullmatch(written):
            break
        first = False
        blank_run = 0
        found.append(line)
        if single:
            break
    return found


def _holds_stop(stops: Sequence[int], start: int, end: int) -> bool:
    index = bisect_left(stops, start)
    return index < len(stops) and stops[index] < end


def read_copies(text: str, start: int, end: int) -> tuple[tuple[str, Span], ...]:
    """The members of a copy list: one a line, or several on a line split by ``;``."""
    members: list[tuple[str, Span]] = []
    for m in re.finditer(r"[^\r\n\f;]++", text[start:end]):
        found = value(text, start + m.start(), start + m.end())
        if found is not None:
            members.append(found)
    return tuple(members)


def make_parties(block: AddressBlock | None,
                 copies: tuple[tuple[str, Span], ...]) -> Parties | None:
    """The :class:`Parties` of a letter, or ``None`` when it names none (a public copy)."""
    if block is None and not copies:
        return None
    spans: list[tuple[str, Span]] = []
    covered: list[Span] = []
    claim_number = None
    parties: dict[PartyRole, Party] = {}
    if block is not None:
        covered.extend(block.spans)
        if block.claim_number is not None:
            claim_number, claim_span = block.claim_number
            spans.append(("claim_number", claim_span))
        parties = block.parties
    spans += [(f"cc[{i}]", s) for i, (_, s) in enumerate(copies)]
    covered += [s for _, s in copies]
    whole = covered[0]
    for span in covered[1:]:
        whole = whole.cover(span)
    return Parties(span=whole, value_spans=tuple(spans), claim_number=claim_number,
                   employee=parties.get(PartyRole.EMPLOYEE),
                   employer=parties.get(PartyRole.EMPLOYER),
                   claims_administrator=parties.get(PartyRole.CLAIMS_ADMINISTRATOR),
                   requesting_provider=parties.get(PartyRole.REQUESTING_PROVIDER),
                   cc=tuple(v for v, _ in copies))
