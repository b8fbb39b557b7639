"""Near-duplicate detection: MinHash signatures over word shingles, LSH bands in the store.

Syndicated and lightly edited copies (the same agency story on ten sites, a
re-post with a new title and a trimmed ending) share most of their word
shingles.  Each article gets a MinHash signature (datasketch) of the 3-word
shingles of its normalised text; the signature is cut into bands whose
hashes go into the store, so finding candidates is a handful of indexed
look-ups whatever the size of the corpus, and a later ingest run continues
from what earlier runs stored without recomputing anything.

A candidate is a copy when the *containment* estimated from the two
signatures (the share of the shorter text's shingles found in the longer
one) reaches a threshold: a trimmed re-post is contained in its original
even when its Jaccard similarity is low.  The threshold was chosen by
measurement on labelled pairs (README, `make eval`).
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from rasd.text.arabic import words

NUM_PERM = 128
SEED = 1
SHINGLE = 3
# 32 bands of 4 rows: pairs with Jaccard 0.5 meet in some band with p = 0.87, 0.6 with p = 0.985;
# lower-Jaccard pairs (heavily trimmed copies) are still found often enough to be judged by containment.
BANDS, ROWS = 32, 4
# Chosen on eval/dup_pairs.jsonl (`make eval`): F1 is flat (0.90-0.91) for 0.5-0.7; 0.7 has the best precision
# there, which matters more, since a copy joins its canonical article's story without being compared with it.
CONTAINMENT = 0.7
MIN_JACCARD = 0.2   # a short text inside a long one is not a copy of it unless it is a real share of it
MIN_SHINGLES = 8    # too short to say (exact copies are still caught by the body hash)

SCHEME = "affine32"  # 32-bit hash values: half the bytes of the legacy scheme, same accuracy at this size
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
_PERMUTATIONS = _TEMPLATE.permutations


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Distinct k-word shingles of the normalised text (UTF-8 bytes, as datasketch hashes them)."""
    ws = words(text)
    if len(ws) < k:
        return {" ".join(ws).encode("utf-8")} if ws else set()
    return {" ".join(ws[i:i + k]).encode("utf-8") for i in range(len(ws) - k + 1)}


@dataclass(slots=True)
class Signature:
    hashvalues: np.ndarray  # uint32, NUM_PERM values
    n: int                  # distinct shingles

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes, n: int) -> Signature:
        return cls(np.frombuffer(data, dtype="<u4").astype(np.uint32), n)

    def band_keys(self) -> list[int]:
        """One signed 64-bit key per band, the band's number hashed in (what the store indexes)."""
        raw = self.to_bytes()
        step = ROWS * 4
        return [int.from_bytes(hashlib.blake2b(bytes([i]) + raw[i * step:(i + 1) * step], digest_size=8).digest(),
                               "little", signed=True) for i in range(BANDS)]

    def jaccard(self, other: Signature) -> float:
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / NUM_PERM

    def containment(self, other: Signature) -> tuple[float, float]:
        """(Jaccard, containment of the smaller shingle set in the larger), both estimated."""
        j = self.jaccard(other)
        inter = j * (self.n + other.n) / (1.0 + j)
        return j, min(1.0, inter / max(1, min(self.n, other.n)))


def signature(text: str) -> Signature:
    sh = shingles(text)
    # crc32 as the shingle hash: C speed and stable across processes; the affine32 scheme premixes it
    m = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_PERMUTATIONS, scheme=SCHEME, hashfunc=zlib.crc32)
    if sh:
        m.update_batch(sorted(sh))
    return Signature(m.hashvalues.copy(), len(sh))


def is_copy(a: Signature, b: Signature, containment: float = CONTAINMENT) -> tuple[bool, float]:
    """Whether two signatures are near-duplicates, and the containment score that decided it."""
    if min(a.n, b.n) < MIN_SHINGLES:
        return False, 0.0
    j, c = a.containment(b)
    return (c >= containment and j >= MIN_JACCARD), c
