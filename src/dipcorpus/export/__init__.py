"""Exports in the field's own formats, from stored documents: TEI after the Parla-CLARIN / ParlaMint
conventions (`tei.py`) and the CWB vertical format (`vertical.py`). The tabular exports (JSONL, CSV,
Parquet, dyads) are in `query/export.py`."""
