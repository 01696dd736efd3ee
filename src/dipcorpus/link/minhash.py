"""MinHash signatures of passages, computed many at once with numpy, and their LSH band keys.

A signature is `num_perm` unsigned 32-bit values: datasketch's `affine32` scheme with a fixed seed
(the MurmurHash3 finaliser on each 32-bit shingle hash, then `a * h + b` modulo 2**32 per
permutation, the minimum over the shingles), so `signature` equals datasketch's `MinHash` bit for
bit; `signatures` does a whole batch of passages in a few array operations.

`band_keys` cuts a signature into `BANDS` bands of `ROWS` values and hashes each band (with its
number) to one signed 64-bit key: two passages are LSH candidates when they share a key. The store
keeps the keys in an indexed table, so a new passage's candidates are one indexed lookup, whatever
the size of the corpus. 21 bands of 6 rows are datasketch's choice for a 0.55 threshold over 128
permutations (the near-duplicate threshold 0.7 less the 0.15 recall margin).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

__all__ = [
    "BANDS",
    "NUM_PERM",
    "ROWS",
    "SEED",
    "band_keys",
    "containment",
    "jaccard",
    "signature",
    "signatures",
]

NUM_PERM = 128
SEED = 1
BANDS = 21
ROWS = 6
_SCHEME = "affine32"
_CHUNK = 16_384  # shingles per array operation (a 16k x 128 uint32 matrix is 8 MiB)
_U32 = np.uint32
_U64 = np.uint64

Signature = np.ndarray[Any, np.dtype[np.uint32]]


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[Any, Any]:
    """datasketch's affine32 permutations for `SEED`: odd multipliers `a`, offsets `b` (drawn the way
    it draws them, so without importing it, which takes seconds)."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, num_perm, dtype=_U32) * _U32(2) + _U32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=_U32)
    return a, b


def _fmix32(h: Any) -> Any:
    """The MurmurHash3 32-bit finaliser (wrapping uint32 arithmetic)."""
    h = h ^ (h >> _U32(16))
    h = h * _U32(0x85EBCA6B)
    h = h ^ (h >> _U32(13))
    h = h * _U32(0xC2B2AE35)
    return h ^ (h >> _U32(16))


def signatures(sets: Sequence[Iterable[int] | Signature], *, num_perm: int = NUM_PERM) -> Signature:
    """The MinHash signatures of many sets of 32-bit shingle hashes (each an iterable or a uint32
    array of distinct values): a (len(sets), num_perm) array. An empty set gets the all-ones
    signature (datasketch's initial value)."""
    a, b = _permutations(num_perm)
    out = np.full((len(sets), num_perm), np.iinfo(_U32).max, dtype=_U32)
    arrays = [s if isinstance(s, np.ndarray) else np.fromiter(s, dtype=_U32) for s in sets]
    lengths = np.array([len(x) for x in arrays], dtype=np.int64)
    if not len(arrays) or not lengths.sum():
        return out
    owner = np.repeat(np.arange(len(arrays)), lengths)
    hv = _fmix32(np.concatenate(arrays))
    with np.errstate(over="ignore"):
        for lo in range(0, len(hv), _CHUNK):
            part, who = hv[lo : lo + _CHUNK], owner[lo : lo + _CHUNK]
            phv = a[:, None] * part[None, :] + b[:, None]  # (num_perm, shingles): reduce along rows
            starts = np.flatnonzero(np.r_[True, who[1:] != who[:-1]])
            mins = np.minimum.reduceat(phv, starts, axis=1).T
            rows = who[starts]
            out[rows] = np.minimum(out[rows], mins)
    return out


def signature(hashes: Iterable[int], *, num_perm: int = NUM_PERM) -> Signature:
    """The MinHash signature of one set of 32-bit shingle hashes."""
    row: Signature = signatures([list(hashes)], num_perm=num_perm)[0]
    return row


_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=_U64)


def band_keys(sigs: Signature, *, bands: int = BANDS, rows: int = ROWS) -> np.ndarray[Any, np.dtype[np.int64]]:
    """One signed 64-bit key per band of each signature: a (len(sigs), bands) array. A key hashes the
    band's values and its number, so keys of different bands never collide by construction."""
    sigs = np.asarray(sigs, dtype=_U32).reshape(len(sigs), -1)
    if rows % 2:
        raise ValueError("rows must be even (two 32-bit values make one 64-bit word)")
    used = sigs[:, : bands * rows].astype(_U64)
    words = (used[:, 0::2] << _U64(32)) | used[:, 1::2]  # (n, bands * rows / 2)
    words = words.reshape(len(sigs), bands, rows // 2)
    with np.errstate(over="ignore"):
        h = (np.arange(bands, dtype=_U64) + _U64(1)) * _U64(0xFF51AFD7ED558CCD)
        h = np.broadcast_to(h, (len(sigs), bands)).copy()
        for i in range(rows // 2):
            h = (h ^ words[:, :, i]) * _MIX[i % len(_MIX)]
            h ^= h >> _U64(29)
    return h.view(np.int64)


def jaccard(a: set[int] | frozenset[int], b: set[int] | frozenset[int]) -> float:
    """|a ∩ b| / |a ∪ b|; 1.0 for two empty sets (identical texts)."""
    if not a and not b:
        return 1.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def containment(a: set[int] | frozenset[int], b: set[int] | frozenset[int]) -> float:
    """How much of `a` is inside `b`: |a ∩ b| / |a|."""
    if not a:
        return 1.0
    return len(a & b) / len(a)
