"""The shortcuts of the treatment reader (imrparse._treatment) agree with the plain reading:
the dispatch keys computed once per request, and drug names tried only at their first words.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from imrparse._treatment import _NUMBER_WORDS, _TOKEN, _compiled, _find_drugs, _Request
from imrparse.vocab.treatments import DEFAULT

#: Words that exercise the shortcuts: drug names of one and more words, number words,
#: one-letter words (their key takes the next character) and characters beyond ASCII.
_WORDS = ["Norco", "10/325mg", "#60", "x", "a", "L4-5", "two", "weeks", "left", "Tylenol",
          "with", "codeine", "#3", "Lidoderm", "5%", "patch", "hydrocodone", "acetaminophen",
          "É", "aÉ", "K", "ſ", "Physical", "therapy", "2x4", "-", "/", "retro"]


def _plain_tokens(text: str, low: str) -> tuple[list[tuple[str, int, int]], dict[int, str]]:
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(low)]
    keys = {pos: text[pos:pos + 2].lower() for word, pos, _ in tokens if not word[0].isdigit()}
    return tokens, keys


def _plain_drugs(req: _Request) -> list[tuple[str, int, int]]:
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
    req = _Request(text)
    tokens, keys = _plain_tokens(text, req.low)
    assert req.tokens == tokens
    assert req.keys == keys
    assert req.words == [t for t in tokens if not t[0][0].isdigit()]
    assert req.numbers == [t[1] for t in tokens
                           if t[0][0].isdigit() or t[0] in _NUMBER_WORDS]
    req.body = min(body, len(text))
    assert list(_find_drugs(req, _compiled(DEFAULT))) == _plain_drugs(req)
