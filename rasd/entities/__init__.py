"""Named entities: recognition (a CRF shipped with rasd) and its evaluation.

Import :func:`rasd.entities.ner.extract` for spans over raw text and
:func:`rasd.entities.ner.tag_tokens` for BIO tags of given tokens; the model
loads lazily on first use.
"""

from __future__ import annotations

__all__ = ["extract", "tag_tokens"]


def extract(text: str, types: tuple[str, ...] = ("PER", "LOC", "ORG", "MISC")) -> list[dict]:
    """See :func:`rasd.entities.ner.extract` (imported lazily: pycrfsuite and
    the model are only needed by stages that ask for entities)."""
    from .ner import extract as _extract

    return _extract(text, types)


def tag_tokens(tokens: list[str]) -> list[str]:
    """See :func:`rasd.entities.ner.tag_tokens`."""
    from .ner import tag_tokens as _tag

    return _tag(tokens)
