"""The fixed prose of the letters as :mod:`imrparse.render` writes it, in our own words.

Headings, labels and header field names come from :mod:`imrparse.layouts.grammar`; what is here
is the prose that no parser rule reads as a value.  Where the parser knows a paragraph by
its opening words (a heading's :class:`~imrparse.layouts.grammar.Opening`), the writer starts the
sentence with those words (taken from the table, not retyped) and goes on in our own
wording (:data:`LEAD_IN_ENDINGS`).  Sentences that
carry values (the reviewer's credentials, the 2013 notice's procedural dates) use the
fixed words the parser's rules name and our own words around them.

Placeholders are ``str.format`` fields.
"""

from __future__ import annotations

import regex

from imrparse.layouts import check
from imrparse.layouts import grammar as g
from imrparse.model import SectionKind

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
#: :data:`~imrparse.layouts.grammar.CREDENTIALS_SENTENCE`).
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

#: How our lead-in sentences go on after the fixed opening words the parser knows them by
#: (:class:`~imrparse.layouts.grammar.Opening`), by the kind of the section they open.
LEAD_IN_ENDINGS = {
    SectionKind.CLINICAL_CASE_SUMMARY: "this account of the case from the file and all the "
                                       "medical records in it:",
    SectionKind.ISSUES_DECISIONS_RATIONALES: "one decision for each treatment or service in "
                                             "dispute, as follows:",
}

#: The 2013 notice's numbered determinations (the parser's
#: :data:`~imrparse.layouts.grammar.NOTICE_DETERMINATION` reads them by these fixed words).
NOTICE_DETERMINATION = (
    "{number}) MAXIMUS Federal Services, Inc. has determined the request for {request} is "
    "{negation}medically necessary and appropriate."
)
#: The notice's procedural paragraph: one clause per date it states (the fixed words are
#: the leads of :data:`~imrparse.layouts.grammar.PROSE_DATES`).
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


def _check() -> None:
    """Every sentence above that carries a value is one the parser's rule reads: a drift
    between the writer's words and the grammar fails at import, naming the sentence."""
    date = "9/12/2013"
    prose = {rule.field: rule.pattern for rule in g.PROSE_DATES}
    sentences = [
        ("NOTICE_DETERMINATION", g.NOTICE_DETERMINATION.pattern,
         NOTICE_DETERMINATION.format(number=1, request="Lumbar MRI", negation="not ")),
        ("CREDENTIALS_SENTENCE", g.CREDENTIALS_SENTENCE,
         CREDENTIALS_SENTENCE.format(specialties="Neurology", states="California")),
        ("NOTICE_CREDENTIALS_SENTENCE", g.CREDENTIALS_SENTENCE,
         NOTICE_CREDENTIALS_SENTENCE.format(specialties="Neurology", states="California")),
        ("MPR_QUALIFICATIONS", g.CREDENTIALS_SENTENCE,
         MPR_QUALIFICATIONS.format(specialties="Neurology", states="California")),
        ("NOTICE_DISCLAIMER", g.SUMMARY_DISCLAIMER,
         NOTICE_DISCLAIMER.format(date="May 1, 2013")),
        *((f"NOTICE_PROCEDURE_DATES[{name!r}]", "(?i:" + prose[name] + ")",
           clause.format(date=date)) for name, clause in NOTICE_PROCEDURE_DATES.items()),
    ]
    for name, pattern, sentence in sentences:
        check.require(regex.search(pattern, sentence), "writer text", name,
                      "is not read by its grammar rule")


_check()
