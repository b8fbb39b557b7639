"""Arabic-aware full-text search over the store (tantivy index of pre-normalised, light-stemmed text).

``search(store, index, q, filters=..., sort=..., limit=..., offset=..., collapse=...)``;
the index is opened with :func:`open_index` and kept current by ``SearchIndex.update``
(the ingest pipeline calls it after every stored window; ``rasd reindex`` rebuilds it).
"""

from __future__ import annotations

from rasd.search.analysis import ParsedQuery, parse_query
from rasd.search.engine import Filters, Hit, SearchResult, hit_dict, search
from rasd.search.index import SearchIndex, index_location, open_index

__all__ = ["Filters", "Hit", "ParsedQuery", "SearchIndex", "SearchResult", "hit_dict", "index_location", "open_index",
           "parse_query", "search"]
