"""The parts of a mailed letter that the published copies lack: the address block's
labels and lines, and the entries of a documents-reviewed list."""

from __future__ import annotations

import enum

import attrs

from imrparse.layouts.words import ANY_DATE, GAP, SEP


class PartyField(enum.Enum):
    """The fields of a mailed letter's address block (:class:`~imrparse.model.Parties`)."""

    CLAIM_NUMBER = "claim_number"
    EMPLOYEE = "employee"
    EMPLOYER = "employer"
    CLAIMS_ADMINISTRATOR = "claims_administrator"
    REQUESTING_PROVIDER = "requesting_provider"


@attrs.frozen
class PartyLabel:
    """A line-initial label of the address block and the field it introduces.  The name
    follows on the label's line; address lines follow under it, up to a blank line."""

    field: PartyField
    wording: str


#: GUESS: no unredacted letter was found; these are the labels a mailed letter would use
#: for the parties the regulations name.  ``Claims Administrator:`` needs its colon, so it
#: never takes the item label ``Claims Administrator guideline:``.
PARTY_LABELS: tuple[PartyLabel, ...] = (
    PartyLabel(PartyField.CLAIM_NUMBER, "Claim Number:"),
    PartyLabel(PartyField.CLAIM_NUMBER, "Claim No.:"),
    PartyLabel(PartyField.CLAIM_NUMBER, "Claim #:"),
    PartyLabel(PartyField.EMPLOYEE, "Employee:"),
    PartyLabel(PartyField.EMPLOYEE, "Injured Worker:"),
    PartyLabel(PartyField.EMPLOYEE, "Applicant:"),
    PartyLabel(PartyField.EMPLOYER, "Employer:"),
    PartyLabel(PartyField.CLAIMS_ADMINISTRATOR, "Claims Administrator:"),
    PartyLabel(PartyField.CLAIMS_ADMINISTRATOR, "Insurer:"),
    PartyLabel(PartyField.REQUESTING_PROVIDER, "Requesting Provider:"),
    PartyLabel(PartyField.REQUESTING_PROVIDER, "Requesting Physician:"),
    PartyLabel(PartyField.REQUESTING_PROVIDER, "Provider:"),
)


#: An address line under a party's name (street, suite, PO box, city/state/ZIP): a few
#: words in a short line.  GUESS, as the labels are.  Without blank lines, the address
#: ends at the first line that is not one (a sentence, a wrapped paragraph).  No test of
#: punctuation: ``Ave.`` ends a street as ``appropriate.`` ends a sentence.
ADDRESS_LINE = r"(?=[^\r\n\f]{1,60}+\Z)\S++(?:[ \t\u00a0]++\S++){0,7}+"


class DocumentPart(enum.Enum):
    """The parts of a documents-reviewed entry."""

    PROVIDER = "provider"
    DATE_RANGE = "date_range"
    DATE = "date"


#: The parts of a ``DOCUMENTS REVIEWED`` entry (REPORTED: "medical records from
#: <provider> for dates of service between <date> and <date>"; "<report>, dated <date>").
#: A provider runs from ``from``/``by`` to a comma, a date phrase or the end.
DOCUMENT_PARTS: tuple[tuple[DocumentPart, str], ...] = (
    (DocumentPart.DATE_RANGE,
     r"(?i:(?:dates?" + SEP + r"of" + SEP + r"service" + SEP + r"|DOS" + SEP
     + r")?+(?:between|from)" + SEP + r")(?P<first>" + ANY_DATE + r"),?+" + SEP
     + r"(?i:and|to|through|-|\u2013)" + SEP + r"(?P<last>" + ANY_DATE + r")"),
    (DocumentPart.DATE_RANGE,
     r"(?P<first>" + ANY_DATE + r")" + GAP + r"(?:-|\u2013|(?i:to|through))" + GAP
     + r"(?P<last>" + ANY_DATE + r")"),
    (DocumentPart.DATE, r"(?P<first>" + ANY_DATE + r")"),
    (DocumentPart.PROVIDER,
     r"(?i:\b(?:from|by)" + SEP + r")(?P<provider>[A-Z][^,;\r\n]{1,120}?)"
     r"(?=\s(?i:for|dated|between|on|from|dates?\s+of)\b|[ \t]*+(?:[,;(\r\n]|\Z))"),
)
#: Where one entry of the list begins: a bullet, a number, or simply a new line.
DOCUMENT_BULLET = r"[ \t\u00a0]*+(?:[-\u2022*\u25cf]|\d{1,2}[.)])?+[ \t\u00a0]*+"
