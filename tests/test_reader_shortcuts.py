"""The shortcuts the content readers take (word checks before patterns, backward sentence
searches, chains kept by clause text) give what the plain forward reading gives."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from imrparse.content.citations import read_guideline_basis
from imrparse.content.clinical import read_clinical_facts
from imrparse.content.rationale import read_rationale
from imrparse.text.normalize import fold


def test_fold_keeps_length_and_every_letter_a_pattern_reads_as_ascii() -> None:
    letter = regex.compile(r"(?i)[a-z]")
    for code in range(0x110000):
        char = chr(code)
        folded = fold(char)
        assert len(folded) == 1, hex(code)
        if letter.match(char):
            # The ASCII letter the character stands for under IGNORECASE.
            assert regex.match("(?i)" + folded, char), hex(code)
            assert folded.isascii(), hex(code)


def test_fold_of_a_mixed_text_keeps_offsets() -> None:
    text = "The Expert Reviewer İs ſure: 5 \u212a, Décision"
    assert len(fold(text)) == len(text)
    assert fold(text).find("decision") < 0  # "é" is not "e"
    assert fold(text)[20:24] == "is s"


PARAGRAPH = ("Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): "
             "Opioids, criteria for use, and Low Back Complaints 2004. Decision based on "
             "Non-MTUS Citation ODG, Pain Chapter, Opioids.")


def test_a_chain_read_again_elsewhere_has_its_own_spans() -> None:
    first = read_guideline_basis(PARAGRAPH)
    for pad in ("", "x\n", "Claims Administrator guideline: "):
        text = pad + PARAGRAPH
        again = read_guideline_basis(text, len(pad))
        assert again == first
        for ours, theirs in zip(again.citations, first.citations, strict=True):
            assert ours.span.start == theirs.span.start + len(pad)
            for (name, span), (other_name, other) in zip(
                    ours.value_spans, theirs.value_spans, strict=True):
                assert name == other_name
                assert (span.start, span.end) == (other.start + len(pad), other.end + len(pad))
                assert span.slice(text) == other.slice(PARAGRAPH)


# --- the UR sentence: last sentence naming UR with a decision verb ----------------------

_SENTENCE_END = regex.compile(r"[.!?][\"”')]?+(?=\s++[A-Z\"“(]|\s*+\Z)")
_UR = regex.compile(r"\b(?:utilization\s++review|UR)\b", regex.IGNORECASE)
_ACTION = regex.compile(r"(?i)\b(?:non[\s-]*+certif(?:ied|y|ication)|not\s++certified"
                        r"|denied|denial|modified|modification)\b")


def _ur_sentence_forward(text: str) -> tuple[int, int] | None:
    """The reference: split forward, trim, take the last sentence with both."""
    pieces = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        pieces.append((pos, m.end()))
        pos = m.end()
    pieces.append((pos, len(text)))
    for lo, hi in reversed(pieces):
        raw = text[lo:hi]
        if not raw.strip():
            continue
        start, end = lo + len(raw) - len(raw.lstrip()), lo + len(raw.rstrip())
        if _UR.search(text, start, end) and _ACTION.search(text, start, end):
            return start, end
    return None


_FRAGMENTS = st.sampled_from([
    "Utilization review", "UR", "ur", "denied", "modified", "non-certified", "denial",
    "The request", "was", "on 10/13/16", ".", ". ", "!", "?", '"', "”", ")", "(", " ", "\n",
    "A", "e.g.", "Dr.", "ſ", "İ", "\u212a", "tour", "during",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=30).map(" ".join))
def test_ur_sentence_is_the_last_with_mention_and_decision(text: str) -> None:
    facts = read_clinical_facts(text)
    found = facts.ur_decision.span if facts.ur_decision else None
    expected = _ur_sentence_forward(text)
    assert ((found.start, found.end) if found else None) == expected


_CONCLUSION_FRAGMENTS = st.sampled_from([
    "The request", "is not medically necessary", "is medically necessary", "is recommended",
    "e.g.", "Dr.", ".", "!", "?", '"', ")", " ", "\n", "x", "1.5", "a.b",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_CONCLUSION_FRAGMENTS, max_size=25).map(" ".join))
def test_conclusion_sentence_starts_after_the_last_sentence_end(text: str) -> None:
    facts = read_rationale(text)
    sentence = facts.span_of("conclusion")
    phrase = facts.span_of("necessary")
    if sentence is None or phrase is None:
        return
    start = 0
    for m in regex.finditer(r"[.!?][\"”')]?+(?=\s|\Z)", text, endpos=phrase.start):
        start = m.end()
    while start < len(text) and text[start].isspace():
        start += 1
    assert sentence.start == start
