"""The Python API's record DataFrames and typed dates in Parquet, on the invented corpus."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from invented_corpus import make_db

from dipcorpus.query.corpus import Corpus
from dipcorpus.query.export import export_kind


def test_documents_and_turns_have_real_dates_and_speaker_ids() -> None:
    corpus = Corpus(make_db())
    docs = corpus.documents()
    assert pd.api.types.is_datetime64_any_dtype(docs["date"]) and "text" not in docs
    assert docs["date"].notna().any()
    assert "text" in corpus.documents(text=True)
    turns = corpus.turns()
    assert pd.api.types.is_datetime64_any_dtype(turns["date"])
    assert {"speaker", "speaker_id", "role", "title", "event_type"} <= set(turns.columns)
    one = turns.iloc[0]
    assert one["date"] == docs.set_index("id").loc[one["doc_id"], "date"] or pd.isna(one["date"])
    for frame in (corpus.statements(), corpus.entities(), corpus.formulations()):
        assert "date" in frame.columns or frame.empty


def test_parquet_types_dates(tmp_path: Path) -> None:
    out = tmp_path / "documents.parquet"
    export_kind(make_db(), "documents", "parquet", str(out))
    schema = pq.read_schema(out)
    assert schema.field("date").type == pa.date32() and schema.field("published").type == pa.date32()
    table = pq.read_table(out).to_pandas()
    assert table["date"].notna().any()
