"""dipcorpus: a clean, structured, traceable corpus of diplomatic texts.

from dipcorpus import Corpus
corpus = Corpus.open("corpus.db")
corpus.search('"color revolution" country:KGZ')   # a pandas DataFrame
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dipcorpus.model import Document, Entity, Formulation, Link, Statement, Turn

if TYPE_CHECKING:
    from dipcorpus.query.corpus import Corpus

__version__ = "0.1.0"
__all__ = ["Corpus", "Document", "Entity", "Formulation", "Link", "Statement", "Turn"]


def __getattr__(name: str) -> Any:
    if name == "Corpus":  # imported on first use: it brings pandas
        from dipcorpus.query.corpus import Corpus

        return Corpus
    raise AttributeError(f"module 'dipcorpus' has no attribute {name!r}")
