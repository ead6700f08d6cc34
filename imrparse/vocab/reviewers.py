"""The expert reviewer's credentials: the closed vocabularies of specialties and US states,
and the readers that map a letter's writing onto them.

Specialties follow the DWC IMR decision search's reviewer-specialty list (about 56 board
specialties and non-physician reviewer types), written as the letters write them
(``Physical Medicine & Rehabilitation``, ``Family Practice``, ``Pain Management``).
:data:`SPECIALTY_ALIASES` maps other writings (``Chiropractor``, ``Family Medicine``) to a
vocabulary name.

Matching is on a *key*: case-folded, ``&`` read as ``and``, punctuation dropped, blanks
(line breaks included) collapsed.  When no key matches, a conservative edit-distance match
is tried (:func:`_near`): at most one edit (insert, delete, substitute or swap two
neighbours) for names of 8 letters or more, two for 20 or more, and only if exactly one
vocabulary name is that close.  So ``Sports Medicinea`` is Sports Medicine, but ``Surgry``
(6 letters) and anything ambiguous is not matched.
"""

from __future__ import annotations

import attrs
import regex

from imrparse.layouts import check as _check
from imrparse.model.spans import Span
from imrparse.text.normalize import value

__all__ = [
    "SPECIALTIES",
    "SPECIALTY_ALIASES",
    "STATES",
    "normalize_specialty",
    "normalize_state",
    "split_credentials",
]

#: Reviewer specialties (DWC search list; letters' writing).
SPECIALTIES: tuple[str, ...] = (
    "Addiction Medicine",
    "Addiction Psychiatry",
    "Allergy & Immunology",
    "Anesthesiology",
    "Cardiovascular Disease",
    "Chiropractic",
    "Child & Adolescent Psychiatry",
    "Clinical Neurophysiology",
    "Colon & Rectal Surgery",
    "Critical Care Medicine",
    "Dentist",
    "Dermatology",
    "Emergency Medicine",
    "Endocrinology, Diabetes & Metabolism",
    "Family Practice",
    "Forensic Psychiatry",
    "Gastroenterology",
    "Geriatric Medicine",
    "Hand Surgery",
    "Hematology",
    "Hospice & Palliative Medicine",
    "Infectious Disease",
    "Internal Medicine",
    "Medical Oncology",
    "Medical Toxicology",
    "Nephrology",
    "Neurological Surgery",
    "Neurology",
    "Neuromuscular Medicine",
    "Nuclear Medicine",
    "Obstetrics & Gynecology",
    "Occupational Medicine",
    "Ophthalmology",
    "Optometry",
    "Oriental Medicine",
    "Orthopedic Surgery",
    "Otolaryngology",
    "Pain Management",
    "Pathology",
    "Pediatric Rehabilitation Medicine",
    "Pediatrics",
    "Pharmacist",
    "Physical Medicine & Rehabilitation",
    "Physical Therapist",
    "Plastic Surgery",
    "Podiatrist",
    "Preventive Medicine",
    "Psychiatry",
    "Psychologist",
    "Public Health & General Preventive Medicine",
    "Pulmonary Disease",
    "Radiology",
    "Registered Nurse",
    "Rheumatology",
    "Sleep Medicine",
    "Spinal Cord Injury Medicine",
    "Sports Medicine",
    "Surgery",
    "Surgical Critical Care",
    "Thoracic Surgery",
    "Urology",
    "Vascular Surgery",
)


@attrs.frozen
class Alias:
    """Another writing of a vocabulary name."""

    writing: str
    name: str


SPECIALTY_ALIASES: tuple[Alias, ...] = (
    Alias("Chiropractor", "Chiropractic"),
    Alias("Doctor of Chiropractic", "Chiropractic"),
    Alias("Family Medicine", "Family Practice"),
    Alias("Pain Medicine", "Pain Management"),
    Alias("Physiatry", "Physical Medicine & Rehabilitation"),
    Alias("General Surgery", "Surgery"),
    Alias("Orthopaedic Surgery", "Orthopedic Surgery"),
    Alias("Neurosurgery", "Neurological Surgery"),
    Alias("Acupuncture", "Oriental Medicine"),
    Alias("Acupuncturist", "Oriental Medicine"),
    Alias("Podiatry", "Podiatrist"),
    Alias("Podiatric Medicine", "Podiatrist"),
    Alias("Psychology", "Psychologist"),
    Alias("Dentistry", "Dentist"),
    Alias("Optometrist", "Optometry"),
    Alias("Cardiology", "Cardiovascular Disease"),
    Alias("Endocrinology", "Endocrinology, Diabetes & Metabolism"),
    Alias("RN", "Registered Nurse"),
)

#: The 50 states and the District of Columbia.
STATES: tuple[str, ...] = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "District of Columbia", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois",
    "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
    "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana",
    "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York",
    "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
    "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont",
    "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
)

#: Postal codes, in the order of :data:`STATES`.
_CODES: tuple[str, ...] = (
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY",
)
#: Postal codes, accepted only in capitals (``CA``; ``ca`` or ``Ca`` is not read).
STATE_CODES: dict[str, str] = dict(zip(_CODES, STATES, strict=True))
STATE_ALIASES: tuple[Alias, ...] = (
    Alias("Washington DC", "District of Columbia"),
    Alias("D.C.", "District of Columbia"),
)

_PUNCT = regex.compile(r"[^\w\s]")
_SPACES = regex.compile(r"\s++")


def _key(raw: str) -> str:
    text = raw.replace("&", " and ").casefold()
    return _SPACES.sub(" ", _PUNCT.sub("", text)).strip()


def _table(names: tuple[str, ...], aliases: tuple[Alias, ...], table: str) -> dict[str, str]:
    """Key to name, checked at import: keys unique, each alias naming a name."""
    _check.unique(table, (_key(n) for n in names))
    keys = {_key(n): n for n in names}
    for alias in aliases:
        _check.known(f"{table} aliases", alias.writing, (alias.name,), names)
        _check.require(_key(alias.writing) not in keys, f"{table} aliases", alias.writing,
                       "repeats a writing")
        keys[_key(alias.writing)] = alias.name
    return keys


_SPECIALTY_KEYS = _table(SPECIALTIES, SPECIALTY_ALIASES, "SPECIALTIES")
_STATE_KEYS = _table(STATES, STATE_ALIASES, "STATES")


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (Levenshtein plus adjacent swaps), cut at
    ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _near(key: str, table: dict[str, str]) -> str | None:
    """The one vocabulary name within the allowed edits of ``key``, if exactly one."""
    letters = len(key.replace(" ", ""))
    limit = 2 if letters >= 20 else 1 if letters >= 8 else 0
    if not limit:
        return None
    best: set[str] = set()
    best_d = limit + 1
    for k, name in table.items():
        d = _distance(key, k, limit)
        if d < best_d:
            best, best_d = {name}, d
        elif d == best_d and d <= limit:
            best.add(name)
    return next(iter(best)) if best_d <= limit and len(best) == 1 else None


def normalize_specialty(raw: str) -> str | None:
    """The vocabulary specialty ``raw`` names (wrapped lines, ``&``/``and``, case and a
    small typo absorbed), or ``None``.

    Never raises.
    """
    key = _key(raw)
    if not key:
        return None
    return _SPECIALTY_KEYS.get(key) or _near(key, _SPECIALTY_KEYS)


def normalize_state(raw: str) -> str | None:
    """The state (or District of Columbia) ``raw`` names, or ``None``.

    Never raises.
    """
    stripped = raw.strip().rstrip(".")
    if stripped in STATE_CODES:
        return STATE_CODES[stripped]
    key = _key(raw)
    if not key:
        return None
    return _STATE_KEYS.get(key) or _near(key, _STATE_KEYS)


_SEPARATOR = regex.compile(r"\s*+[,;]\s*+")


def split_credentials(text: str, start: int = 0, end: int | None = None
                      ) -> tuple[tuple[str, Span], ...]:
    """Split a comma list (``Texas,New York,California``; a wrapped specialty list) into
    whitespace-normalized values with their spans into ``text``.  Never raises.

    Commas and semicolons separate; line breaks inside a value are blanks.  Up to three
    pieces are joined back when together they are a vocabulary name
    (``Endocrinology, Diabetes & Metabolism``).
    """
    end = len(text) if end is None else max(0, min(end, len(text)))
    start = max(0, min(start, end))
    # (start, end) pairs, not spans: most are joined or trimmed before they are kept.
    pieces: list[tuple[int, int]] = []
    pos = start
    # Most values are one name: without a separator character the pattern cannot match,
    # and ``regex`` would try it at every position to find that out.
    if text.find(",", start, end) >= 0 or text.find(";", start, end) >= 0:
        for m in _SEPARATOR.finditer(text, start, end):
            pieces.append((pos, m.start()))
            pos = m.end()
    pieces.append((pos, end))
    out: list[tuple[str, Span]] = []
    i = 0
    while i < len(pieces):
        piece_start, piece_end = pieces[i]
        # Join with the next pieces when together they are a vocabulary name (longest first).
        for extra in (2, 1):
            if i + extra < len(pieces):
                joined_end = pieces[i + extra][1]
                if _key(text[piece_start:joined_end]) in _SPECIALTY_KEYS:
                    piece_end = joined_end
                    i += extra
                    break
        found = value(text, piece_start, piece_end)  # None for a blank piece ("a, ,b")
        if found is not None and found[0]:
            out.append(found)
        i += 1
    return tuple(out)
