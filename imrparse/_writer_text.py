"""The fixed prose of the letters as :mod:`imrparse.render` writes it, in our own words.

Headings, labels and header field names come from :mod:`imrparse._grammar`; what is here
is the prose that no parser rule reads as a value.  Where the parser knows a paragraph by
its opening words (:data:`~imrparse._grammar.BOILERPLATE`), the sentence starts with those
words (taken from the table, not retyped) and goes on in our own wording.  Sentences that
carry values (the reviewer's credentials, the 2013 notice's procedural dates) use the
fixed words the parser's rules name and our own words around them.

Placeholders are ``str.format`` fields.
"""

from __future__ import annotations

from imrparse import _grammar as g


def opening(kind: g.BoilerplateKind) -> str:
    """The fixed opening words of a lead-in sentence, from the grammar table."""
    return next(rule.opening for rule in g.BOILERPLATE if rule.kind is kind)


#: The 2016 paragraph on how the determination was made (no credentials in it).
HOW_MADE = (
    "MAXIMUS Federal Services passed the full case file to an independent expert reviewer "
    "who has no link to the worker, the employer, the treating providers or the claims "
    "administrator. The reviewer keeps an active clinical practice, was picked for "
    "training in the kind of care under dispute, and knows the statutes, the regulations "
    "and the weight they give to each grade of evidence."
)

#: The older paragraph: the reviewer's credentials are a sentence in it.
HOW_MADE_WITH_CREDENTIALS = (
    "MAXIMUS Federal Services passed the full case file to a physician reviewer. "
    "{credentials} The reviewer has no tie to any party, keeps an active clinical "
    "practice, was picked for experience with the conditions and treatments in dispute, "
    "and knows the rules that govern these reviews."
)
#: The sentence of the older letters (the parser reads it by its fixed words, see
#: :data:`~imrparse._grammar.CREDENTIALS_SENTENCE`).
CREDENTIALS_SENTENCE = (
    "The physician reviewer is Board Certified in {specialties}, and is licensed to "
    "practice in {states}."
)
#: The 2013 notice's form of the same sentence, without the comma.
NOTICE_CREDENTIALS_SENTENCE = (
    "The doctor is Board Certified in {specialties} and is licensed to practice in {states}."
)
NOTICE_QUALIFICATIONS = (
    "The doctor who decided this review works apart from every party to it. {credentials} "
    "The doctor was chosen for skill in judging and treating conditions of this kind."
)
MPR_QUALIFICATIONS = (
    "The reviewer is Board Certified in {specialties}, and is licensed to practice in "
    "{states}. The reviewer is in active practice and has no tie to any party."
)
#: A qualifications paragraph that names no credentials.
NO_CREDENTIALS = "The reviewer is in active practice and has no tie to any party."

SUMMARY_LEAD_IN = (
    opening(g.BoilerplateKind.SUMMARY_LEAD_IN)
    + " this account of the case from the file and all the medical records in it:"
)
ISSUES_LEAD_IN = (
    opening(g.BoilerplateKind.ISSUES_LEAD_IN)
    + " one decision for each treatment or service in dispute, as follows:"
)

#: The 2013 notice's numbered determinations (the parser's
#: :data:`~imrparse._grammar.NOTICE_DETERMINATION` reads them by these fixed words).
NOTICE_DETERMINATION = (
    "{number}) MAXIMUS Federal Services, Inc. has determined the request for {request} is "
    "{negation}medically necessary and appropriate."
)
#: The notice's procedural paragraph: one clause per date it states (the fixed words are
#: the leads of :data:`~imrparse._grammar.PROSE_DATES`).
NOTICE_PROCEDURE_OPENING = "This review followed the steps the rules set."
NOTICE_PROCEDURE_DATES = {
    "application_received": "The application for Independent Medical Review came to us on "
                            "{date}.",
    "ur_denial_date": "It disputes the Utilization Review Denial issued on {date}.",
    "date_assigned": "Our Notice of Assignment and Request for Information reached the "
                     "parties on {date}.",
}
NOTICE_PROCEDURE_CLOSING = "Having studied the file, we decide the disputed requests so:"
#: The notice's case summary opens with a disclaimer naming the UR decision it quotes.
NOTICE_DISCLAIMER = (
    "Disclaimer: What follows is quoted from the utilization review denial/modification "
    "of {date}."
)
