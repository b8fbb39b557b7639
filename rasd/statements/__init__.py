"""Statements: who said what in an Arabic news article.

``extract_statements(text, entities=None)`` returns, for an article's clean
body, a list of dicts::

    {"text", "start", "end",            # the statement's content; text == body[start:end]
     "kind": "direct"|"indirect"|"term",
     "speaker", "speaker_start", "speaker_end",   # name without titles; offsets of the mention
     "speaker_type": "PER"|"ORG"|"LOC"|None,      # None: anonymous / unknown
     "speaker_role",                     # job title given with the name, if any
     "verb",                             # the attributing word as written (وقال، مشيرا، بحسب)
     "sentence_start", "sentence_end"}

Kind ``term`` marks scare quotes (a short quoted phrase not governed by a
speech verb); their speaker fields are None.  ``entities`` are optional NER
spans (``{"text","start","end","type"}``) over the same text: a PER span
inside a subject decides the name.  Rules and word lists only; see
``extract.py``.
"""

from .extract import extract_statements

__all__ = ["extract_statements"]
