"""Stage 3, the content: prose read into values.

Takes the text of a request, a guideline paragraph, a rationale or the case summary; gives
the request's normalized treatment (:mod:`.treatment`, with :mod:`.request` and
:mod:`.quantities`), the guidelines cited (:mod:`.citations`), the rationale's conclusion
(:mod:`.rationale`) and the summary's clinical facts (:mod:`.clinical`); :mod:`.fill` puts
them on the model's nodes.  The vocabularies they read are data in :mod:`imrparse.vocab`.
Internal: the public face is :mod:`imrparse` (``read_treatment``).
"""
