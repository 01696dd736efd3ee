"""JSON endpoints of the corpus-linguistics tools (`query/wordstats.py`) under /api: collocates,
n-grams, word list, dispersion. Malformed queries answer 400 with code bad_query, like search."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from dipcorpus.api import data
from dipcorpus.api.routes import ERRORS, Db
from dipcorpus.query import wordstats

__all__ = ["router"]

router = APIRouter(prefix="/api", responses=ERRORS)
QueryText = Annotated[str, Query(max_length=data.MAX_QUERY_CHARS)]
Window = Annotated[int, Query(ge=0, le=20)]


@router.get("/collocates", summary="Words near a query's matches, by logDice, MI or t-score")
def collocates(
    db: Db,
    q: QueryText,
    left: Window = 5,
    right: Window = 5,
    measure: Literal["logdice", "mi", "tscore"] = "logdice",
    min_count: Annotated[int, Query(ge=1)] = 3,
    stopwords: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    data.check_query(q)
    return wordstats.collocates(
        db, q, left=left, right=right, measure=measure, min_count=min_count, stop=stopwords, limit=limit
    )


@router.get("/ngrams", summary="The most frequent n-grams of the corpus or of a query's passages")
def ngrams(
    db: Db,
    n: Annotated[int, Query(ge=1, le=6)] = 2,
    q: Annotated[str | None, Query(max_length=data.MAX_QUERY_CHARS)] = None,
    min_count: Annotated[int, Query(ge=1)] = 2,
    stopwords: bool = True,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    rows = wordstats.ngrams(db, n=n, query=q, min_count=min_count, stop=stopwords, limit=limit)
    return {"n": n, "query": q, "rows": rows}


@router.get("/wordlist", summary="Words by frequency")
def wordlist(
    db: Db,
    q: Annotated[str | None, Query(max_length=data.MAX_QUERY_CHARS)] = None,
    min_count: Annotated[int, Query(ge=1)] = 1,
    stopwords: bool = True,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    rows = wordstats.wordlist(db, query=q, min_count=min_count, stop=stopwords, limit=limit)
    return {"query": q, "rows": [{"word": r["ngram"], **r} for r in rows]}


@router.get("/dispersion", summary="Where a query's matches fall, and Gries' DP and Juilland's D")
def dispersion(db: Db, q: QueryText) -> dict[str, Any]:
    data.check_query(q)
    return wordstats.dispersion(db, q)
