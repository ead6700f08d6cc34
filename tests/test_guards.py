"""The literal guards of the content readers: the words a reader looks for with ``in`` (or
``str.find``) before it runs a pattern.  A guard is only right if the pattern cannot match
without it, so each pair is checked on texts drawn from the pattern itself.

The treatment vocabulary needs no guards: the regex engine says which rows can open a word
(``test_treatment_shortcuts``).
"""

from __future__ import annotations

import string
from collections.abc import Callable

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imrparse.content import citations as _citations
from imrparse.content import clinical as _clinical
from imrparse.content import rationale as _rationale
from imrparse.text.normalize import fold


def _opens(words: tuple[str, ...]) -> Callable[[str, regex.Match[str]], bool]:
    """The match opens with one of ``words`` (the reader tries it there only)."""
    return lambda text, m: fold(text[m.start():]).startswith(words)


def _holds(words: tuple[str, ...], *, every: bool = False,
           ahead: bool = False) -> Callable[[str, regex.Match[str]], bool]:
    """The match (with the text after it, for a pattern that looks ahead) holds one of
    ``words`` (all of them with ``every``)."""
    def check(text: str, m: regex.Match[str]) -> bool:
        seen = fold(text[m.start():] if ahead else m.group())
        return (all if every else any)(word in seen for word in words)
    return check


_GUARDS: dict[str, tuple[regex.Pattern[str], Callable[[str, regex.Match[str]], bool]]] = {
    **{f"sex-{rule.name}": (pattern, _holds(rule.needs))
       for rule, pattern in _clinical._SEX_PATTERNS if rule.needs},
    "injury-date": (_clinical._INJURY_DATE, _opens(_clinical._INJURY_WORDS)),
    **{f"list-{key}": (pattern, _opens(_clinical._LIST_WORDS[key]))
       for key, pattern in _clinical._LIST_HEADS.items()},
    "ur-mention": (_clinical._UR, _holds(_clinical._UR_WORDS)),
    "ur-action": (_clinical._ACTION_RE, _holds(_clinical._ACTION_WORDS)),
    **{f"boilerplate-{rule.kind.value}": (pattern, _holds(words, every=True))
       for rule, pattern, words in _rationale._BOILERPLATES},
    **{f"conclusion-{tier.name.lower()}": (
        regex.compile(pattern.pattern), _holds(_rationale._TIER_WORDS[tier]))
       for tier, pattern in _rationale._CONCLUSION_RES.items()},
    **{f"family-{family.value}": (pattern, _holds(_citations._FAMILY_WORDS[family]))
       for family, pattern in _citations._FAMILY_RES if family in _citations._FAMILY_WORDS},
    "clause-markers": (_citations._MARKERS, _opens(_citations._MARKER_WORDS)),
    "known-sections": (_citations._KNOWN_SECTION, _opens(tuple(_citations._KNOWN_FIRST))),
    "next-chain-link": (_citations._NEXT_LINK, _holds(("guideline", "19", "20"), ahead=True)),
}


#: Printable ASCII and line breaks: the characters both regex engines class alike.
_ALPHABET = string.ascii_letters + string.digits + string.punctuation + " \n"


@pytest.mark.parametrize("name", sorted(_GUARDS))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_pattern_matches_only_where_its_guard_is(name: str, data: st.DataObject) -> None:
    pattern, guarded = _GUARDS[name]
    # ``\\G`` (where a search starts) is the regex module's; the generator reads Python's re.
    source = pattern.pattern.replace(r"\G", "")
    text = data.draw(st.from_regex(source, alphabet=_ALPHABET))
    m = pattern.search(text)
    assert m is not None and guarded(text, m), text
