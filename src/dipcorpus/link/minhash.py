"""MinHash signatures of passages and an LSH index over them (datasketch), with exact verification.

A signature is `num_perm` unsigned 32-bit values (datasketch's `affine32` scheme, fixed seed), so it
serialises to `4 * num_perm` bytes and back without loss: the store keeps them as BLOBs and an index
is rebuilt from them in memory, never recomputed from text.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

__all__ = [
    "NUM_PERM",
    "SEED",
    "LshIndex",
    "containment",
    "jaccard",
    "signature",
    "signature_from_bytes",
    "signature_to_bytes",
]

NUM_PERM = 128
SEED = 1
_SCHEME = "affine32"


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=SEED, scheme=_SCHEME).permutations


def signature(hashes: Iterable[int], *, num_perm: int = NUM_PERM) -> np.ndarray[Any, np.dtype[np.uint32]]:
    """The MinHash signature of a set of 32-bit shingle hashes."""
    from datasketch import MinHash

    m = MinHash(num_perm=num_perm, seed=SEED, permutations=_permutations(num_perm), scheme=_SCHEME, hashfunc=int)
    m.update_batch(list(hashes))
    return np.asarray(m.hashvalues, dtype=np.uint32)


def signature_to_bytes(sig: np.ndarray[Any, np.dtype[np.uint32]]) -> bytes:
    return np.asarray(sig, dtype="<u4").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray[Any, np.dtype[np.uint32]]:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


def jaccard(a: set[int], b: set[int]) -> float:
    """|a ∩ b| / |a ∪ b|; 1.0 for two empty sets (identical texts)."""
    if not a and not b:
        return 1.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def containment(a: set[int], b: set[int]) -> float:
    """How much of `a` is inside `b`: |a ∩ b| / |a|."""
    if not a:
        return 1.0
    return len(a & b) / len(a)


@dataclass
class LshIndex:
    """Keys with signatures, queried for candidates whose estimated Jaccard reaches `threshold`."""

    threshold: float = 0.7
    num_perm: int = NUM_PERM
    _lsh: Any = field(init=False, repr=False)
    _keys: set[Hashable] = field(init=False, repr=False, default_factory=set)

    def __post_init__(self) -> None:
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)

    def _lean(self, sig: np.ndarray[Any, np.dtype[np.uint32]]) -> Any:
        from datasketch import LeanMinHash

        return LeanMinHash(seed=SEED, hashvalues=sig, scheme=_SCHEME)

    def add(self, key: Hashable, sig: np.ndarray[Any, np.dtype[np.uint32]]) -> None:
        if key in self._keys:
            return
        self._keys.add(key)
        self._lsh.insert(key, self._lean(sig), check_duplication=False)

    def query(self, sig: np.ndarray[Any, np.dtype[np.uint32]]) -> list[Hashable]:
        return list(self._lsh.query(self._lean(sig)))

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys
