"""Date and time expressions in Arabic news text.

>>> extract_dates("زار الوزير دمشق أمس", "2025-03-12")[0]["value"]
'2025-03-11'

See :func:`extract_dates` and :func:`resolve_statement_date`.
"""

from .extract import extract_dates, resolve_statement_date
from .reference import infer_reference

__all__ = ["extract_dates", "infer_reference", "resolve_statement_date"]
