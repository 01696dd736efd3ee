"""An optional signal for translation variants: embedding cosine of two passages.

Two translations of one statement share few exact words but mean the same thing, which a sentence
embedding sees. The encoder is passed in (`embed`: texts → L2-normalised float32 rows, e.g.
`functools.partial(dipcorpus.query.semantic.embed_texts, encoder=load_encoder())`), so this module
stays a pure function of its inputs and the stage does not depend on the `semantic` extra.

`blend` mixes the cosine into the lexical similarity of `link/variants.py`; see docs/semantic.md for
how to wire it in and the seed calibration.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["Embed", "blend", "cosine_matrix", "passage_cosine"]

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]


def cosine_matrix(a_texts: Sequence[str], b_texts: Sequence[str], *, embed: Embed) -> npt.NDArray[np.float32]:
    """Cosine of every (a, b) pair, clipped to [0, 1]: shape (len(a), len(b)). One `embed` call."""
    if not a_texts or not b_texts:
        return np.zeros((len(a_texts), len(b_texts)), dtype=np.float32)
    vecs = embed([*a_texts, *b_texts])
    sims: npt.NDArray[np.float32] = np.clip(vecs[: len(a_texts)] @ vecs[len(a_texts) :].T, 0.0, 1.0)
    return sims.astype(np.float32)


def passage_cosine(a_text: str, b_text: str, *, embed: Embed) -> float:
    """Embedding cosine of two passages in [0, 1] (negative cosines count as 0); symmetric, and 1.0
    for identical texts up to float rounding."""
    return round(float(cosine_matrix([a_text], [b_text], embed=embed)[0, 0]), 6)


def blend(lexical: float, cosine: float, *, weight: float = 0.4, floor: float = 0.7) -> float:
    """Lexical similarity mixed with the embedding cosine rescaled from [floor, 1] to [0, 1]. Raw
    cosines would lift every pair: on the seeds, passages on one topic that are not translations
    reach 0.80, aligned translation pairs score 0.86-0.98. `weight` 0 returns `lexical` unchanged."""
    scaled = min(1.0, max(0.0, (cosine - floor) / (1.0 - floor)))
    return round((1.0 - weight) * lexical + weight * scaled, 6)
