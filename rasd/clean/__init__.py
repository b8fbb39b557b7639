"""Clean: site furniture out, the article's own text and title kept (see cascade.py)."""

from rasd.clean.cascade import SITE_MIN_DOCS, Cleaned, clean, finish

__all__ = ["SITE_MIN_DOCS", "Cleaned", "clean", "finish"]
