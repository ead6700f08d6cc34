"""The sentences around an item's request: the three parts of a partial authorization,
and the older letters' credentials sentence and heading-like lines."""

from __future__ import annotations

import enum

import attrs

from imrparse.layouts.words import EOL, SEP, words


class PartialPart(enum.Enum):
    """The three texts of a partial authorization."""

    ORIGINAL = "original_request"
    AUTHORIZED = "authorized"
    DISPUTED = "disputed"


@attrs.frozen
class PartialRule:
    """A sentence of a partial authorization; group ``value`` is the part's text."""

    part: PartialPart
    pattern: str


def _sentence(before: str, after: str) -> str:
    # ``value`` is the shortest run of text up to the fixed wording (which ends a sentence).
    lead = words(before) + SEP if before else ""
    return r"(?s:" + lead + r"(?P<value>\S.*?)" + (SEP + words(after) if after else "") + r")"


#: How the letters end the sentences of the original request and of the part authorized,
#: and open the one naming the part still in dispute.
ORIGINAL_END = "was the original request."
AUTHORIZED_END = "was authorized by the Claims Administrator."
LEFT_ELIGIBLE_END = "leaving the original request IMR eligible."
DISPUTED_OPENING = "The remaining IMR eligible portion of the original request,"
#: A word of every sentence of the first part (the original request): a request without
#: it is no partial authorization, and the patterns are not tried.
PARTIAL_AUTHORIZATION_WORD = "original"
#: The sentences of each part, the parts in the order the letter writes them.
PARTIAL_AUTHORIZATION: tuple[PartialRule, ...] = (
    PartialRule(PartialPart.ORIGINAL, _sentence("", ORIGINAL_END)),
    PartialRule(PartialPart.AUTHORIZED, _sentence("", AUTHORIZED_END)),
    PartialRule(PartialPart.AUTHORIZED, _sentence(
        "The Claims Administrator authorized", "") + r"," + SEP + words(LEFT_ELIGIBLE_END)),
    PartialRule(PartialPart.DISPUTED, _sentence(DISPUTED_OPENING, "")
        + r"(?:" + SEP + r"is)?+\Z"),
    PartialRule(PartialPart.DISPUTED, _sentence("The original request,", "")
        + r"(?:" + SEP + r"is)?+\Z"),
)

#: The older letters state the reviewer's credentials in a sentence of the qualifications
#: paragraph ("... is Board Certified in X, and is licensed to practice in Y.").
CREDENTIALS_SENTENCE = (
    words("Board Certified in") + SEP + r"(?P<specialties>[^.]{1,300}?),?+" + SEP
    + words("and is licensed to practice in") + SEP + r"(?P<states>[^.]{1,200}?)\."
)

#: A line that looks like a heading: capitals, digits and punctuation only, two words or
#: more, alone on its line.
HEADING_LIKE_LINE = (
    r"[ \t\u00a0\f]*+[A-Z][A-Z0-9&/(),'\-]*+(?:[ \t]++[A-Z0-9&/(),'\-:]++){1,12}+" + EOL
)


#: The sentences of a partial authorization that end before the decision line: walking
#: back from a decision line, these belong to the request (see ``request_start``).
REQUEST_SENTENCE_ENDS: tuple[str, ...] = (ORIGINAL_END, AUTHORIZED_END, LEFT_ELIGIBLE_END)

#: The verb a decision line may end its request with, before the colon (``The remaining IMR
#: eligible portion of the original request, Baclofen 100mg #3 is: Upheld``, SEEN): the
#: sentence's verb, not part of the request: the decision line's token starts at it, so
#: ``request`` ends before it.
DANGLING_VERBS: tuple[str, ...] = ("is", "was")
DANGLING_VERB = SEP + r"(?P<verb>" + "|".join(DANGLING_VERBS) + r")[ \t\u00a0]*+\Z"
