"""The incremental side of near-duplicate detection: one Deduper per ingest run.

For each new article (in input order, in the main process): the exact body
hash first, then LSH candidates from the store, judged on their signatures.
A copy points at its group's canonical article (the earliest ingested), so
groups never chain; the signature of a canonical article is stored for the
next ones, a copy's is not needed (its canonical stands for it).
"""

from __future__ import annotations

from typing import Any

from rasd.dedup.minhash import CONTAINMENT, Signature, is_copy, signature
from rasd.store import Store

MAX_CANDIDATES = 30  # the most-shared-bands candidates are judged; a flood of weak ones is cut off


class Deduper:
    def __init__(self, store: Store, containment: float = CONTAINMENT) -> None:
        self.store = store
        self.containment = containment

    def check(self, article_id: str, text: str, body_hash: str) -> tuple[str | None, float, Signature | None]:
        """(canonical id or None, score, this article's signature when it was computed)."""
        exact = self.store.first_with_body(body_hash)
        if exact and exact != article_id:
            return self._canonical(exact), 1.0, None
        sig = signature(text)
        keys = sig.band_keys()
        cands = [c for c in self.store.band_candidates(keys, MAX_CANDIDATES + 1) if c != article_id][:MAX_CANDIDATES]
        best: tuple[float, str] | None = None
        if cands:
            sigs = self.store.signatures(cands)
            for cid in cands:  # ordered by shared bands, then age: ties go to the earlier article
                if cid not in sigs:
                    continue
                data, n = sigs[cid]
                ok, score = is_copy(sig, Signature.from_bytes(data, n), self.containment)
                if ok and (best is None or score > best[0]):
                    best = (score, cid)
        if best:
            return self._canonical(best[1]), best[0], sig
        return None, 0.0, sig

    def remember(self, article_id: str, sig: Signature | None) -> None:
        """Store a canonical article's signature and band keys (after the article itself is stored)."""
        if sig is not None and sig.n:
            self.store.add_signature(article_id, sig.to_bytes(), sig.n, sig.band_keys())

    def _canonical(self, article_id: str) -> str:
        return self.store.canonical_ids([article_id]).get(article_id, article_id)


def copies_of(store: Store, article_id: str) -> dict[str, Any] | None:
    """The duplicate group an article belongs to: its canonical article and every copy, with sources."""
    a = store.get_article(article_id)
    if a is None:
        return None
    canon_id = a.duplicate_of or a.id
    canon = store.get_article(canon_id) if canon_id != a.id else a
    copies = store.copies_of(canon_id)
    sources = sorted({r.source or "" for r in copies} | {canon.source or "" if canon else ""})
    return {"canonical": {"id": canon_id, "title": canon.title if canon else None, "source": canon.source if canon else None,
                          "published": canon.published if canon else None},
            "copies": [{"id": r.id, "title": r.title, "source": r.source, "published": r.published} for r in copies],
            "sources": [s for s in sources if s], "outlets": len([s for s in sources if s])}
