"""Near-duplicates: MinHash LSH over word shingles, incremental, signatures kept in the store."""

from __future__ import annotations

from rasd.dedup.minhash import CONTAINMENT, Signature, is_copy, shingles, signature
from rasd.dedup.tracker import Deduper, copies_of

__all__ = ["CONTAINMENT", "Deduper", "Signature", "copies_of", "is_copy", "shingles", "signature"]
