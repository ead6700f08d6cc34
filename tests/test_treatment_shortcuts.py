"""The shortcuts of the treatment reader (imrparse.content.treatment, imrparse.content.request)
agree with the plain reading: the request's words and dispatch keys, drug names tried only
at their first words, and vocabulary rows tried only at words whose first two characters can
open them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imrparse.content.request import NUMBER_WORDS, TOKEN, Request
from imrparse.content.treatment import _compiled, _find_drugs, _WordPatterns, _words
from imrparse.vocab.treatments import DEFAULT, Rule, TreatmentCategory

#: Words that exercise the shortcuts: drug names of one and more words, number words,
#: one-letter words (their key takes the next character) and characters beyond ASCII.
_WORDS = ["Norco", "10/325mg", "#60", "x", "a", "L4-5", "two", "weeks", "left", "Tylenol",
          "with", "codeine", "#3", "Lidoderm", "5%", "patch", "hydrocodone", "acetaminophen",
          "É", "aÉ", "K", "ſ", "Physical", "therapy", "2x4", "-", "/", "retro"]


def _plain_tokens(text: str, low: str) -> tuple[list[tuple[str, int, int]], dict[int, str]]:
    tokens = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(low)]
    keys = {pos: text[pos:pos + 2].lower() for word, pos, _ in tokens if not word[0].isdigit()}
    return tokens, keys


def _plain_drugs(req: Request) -> list[tuple[str, int, int]]:
    """Every token tried in turn, as the tables read."""
    drugs = _compiled(DEFAULT).drugs
    text, tokens = req.text, req.tokens
    found = []
    i = 0
    while i < len(tokens):
        taken = 1
        if tokens[i][1] >= req.body:
            for words, seps, name in drugs.get(tokens[i][0], ()):
                n = len(words)
                if i + n <= len(tokens) and all(
                        tokens[i + j][0] == words[j] for j in range(1, n)) and all(
                        text[tokens[i + j][2]:tokens[i + j + 1][1]].strip() == seps[j]
                        for j in range(n - 1)):
                    found.append((name, tokens[i][1], tokens[i + n - 1][2]))
                    taken = n
                    break
        i += taken
    return found


@given(st.lists(st.sampled_from(_WORDS), max_size=10),
       st.sampled_from([" ", "-", ", ", "\n", ""]), st.integers(0, 20))
def test_request_views_agree_with_the_plain_reading(words: list[str], sep: str,
                                                    body: int) -> None:
    text = sep.join(words)
    req = Request(text)
    tokens, keys = _plain_tokens(text, req.low)
    assert req.tokens == tokens
    assert req.keys == keys
    assert req.words == [t for t in tokens if not t[0][0].isdigit()]
    assert req.numbers == [t[1] for t in tokens
                           if t[0][0].isdigit() or t[0] in NUMBER_WORDS]
    req.body = min(body, len(text))
    assert list(_find_drugs(req, _compiled(DEFAULT))) == _plain_drugs(req)


# --- the dispatch of the vocabulary tables -------------------------------------------------

_VOCABULARY_TABLES: dict[str, list[tuple[str, int]]] = {
    "rules": [(rule.pattern, i) for i, rule in enumerate(
        (*DEFAULT.procedure_rules, *DEFAULT.service_rules))],
    "region_words": [(word.pattern, i) for i, word in enumerate(DEFAULT.region_words)],
    "compound_markers": [(pattern, 0) for pattern in DEFAULT.compound_markers],
    "topical_forms": [(pattern, 0) for pattern in DEFAULT.topical_forms],
    "head_ends": [(pattern, 0) for pattern in DEFAULT.head_ends],
}
_DISPATCH = {name: _WordPatterns(name, rows) for name, rows in _VOCABULARY_TABLES.items()}


def _plain_matches(rows: list[tuple[str, int]], req: Request) -> list[tuple[int, int, int]]:
    """Every row tried at every word, smallest payload first (table order among equals)."""
    patterns = sorted(((payload, re.compile(rf"(?:{_words(pattern)})(?![A-Za-z0-9])",
                                            re.IGNORECASE)) for pattern, payload in rows),
                      key=lambda row: row[0])
    found = []
    for _, pos, _ in req.words:
        for payload, pattern in patterns:
            m = pattern.match(req.text, pos)
            if m is not None:
                found.append((payload, pos, m.end()))
                break
    return found


@st.composite
def _requests(draw: st.DrawFn) -> tuple[str, str]:
    """A table and a text of words that match its rows, mixed with other words."""
    table = draw(st.sampled_from(sorted(_VOCABULARY_TABLES)))
    patterns = [pattern for pattern, _ in _VOCABULARY_TABLES[table]]
    row_text = st.sampled_from(patterns).flatmap(lambda pattern: st.from_regex(
        re.compile(_words(pattern), re.IGNORECASE), alphabet=st.characters(codec="ascii")))
    words = draw(st.lists(row_text | st.sampled_from(_WORDS), min_size=1, max_size=6))
    return table, draw(st.sampled_from([" ", "-", ", ", "\n", "/"])).join(words)


@given(_requests())
def test_dispatch_tries_every_row_that_can_match(drawn: tuple[str, str]) -> None:
    """The rows tried at a word are those whose pattern the regex engine says can open with
    the word's first two characters; the matches are those of every row tried at every
    word."""
    table, text = drawn
    req = Request(text)
    assert list(_DISPATCH[table].matches(req, req.words)) == _plain_matches(
        _VOCABULARY_TABLES[table], req)


def test_a_pattern_that_can_open_with_no_letter_is_refused() -> None:
    """Words start with a letter; a row that can open otherwise would never be tried."""
    rule = Rule(r"(?:x|-)ray", TreatmentCategory.DIAGNOSTIC_TESTING)
    with pytest.raises(ValueError, match=r"rules: '\(\?:x\|-\)ray' can open with a character"):
        _compiled(DEFAULT.extend(service_rules=(rule,)))
