"""Coded error messages. Every failure a user can see has a code and one sentence naming the reason."""

from __future__ import annotations

from enum import Enum

__all__ = ["DipcorpusError", "E", "IngestError"]


class E(Enum):
    """Error codes with their message templates (str.format fields)."""

    E101 = "empty file"
    E102 = "binary file, not text (NUL bytes or undecodable)"
    E103 = "could not decode text in any known encoding"
    E104 = "unsupported format: {suffix} (`ingest --as txt` reads it as text)"
    E105 = "PDF has no text layer (a scan? run OCR first)"
    E106 = "PDF could not be read: {reason}"
    E107 = "archive refused: {reason}"
    E108 = "file too large: {size} bytes (limit {limit})"
    E109 = "row {row}: {reason}"
    E110 = "no text left after cleaning"
    E111 = "could not read file: {reason}"
    E112 = "HTML could not be parsed: {reason}"
    E113 = "invalid {kind} export: {reason}"
    E114 = "a listing page (links to documents), not a document: {reason}"
    E115 = "source profile {path} could not be read: {reason}"
    E116 = "a symbolic link to a file outside the folders given, not followed (`ingest --follow-symlinks` reads it)"
    E201 = "stage {stage} failed: {reason}"
    E202 = "stage {stage} needs {needs}, which no earlier stage assigns"
    E203 = "stage {stage} needs the optional {package}, which is not installed; install it with: {hint}"
    E204 = "semantic search needs the optional {package}, which is not installed; install it with: {hint}"
    E205 = "stage {stage} ran past the document's time budget of {seconds} s ({chars} characters): refused"
    E206 = "processing this file on a Dask worker failed, also when tried alone: {reason}"
    E207 = "ingest --dask needs the optional {package}, which is not installed; install it with: {hint}"
    E208 = "stage {stage} ran past the document's memory budget of {mb} MB ({chars} characters): refused"
    E209 = "stage {stage} left {count} annotations, more than the {limit} one document may hold: refused"
    E301 = "database error: {reason}"
    E302 = "database schema is newer than this dipcorpus (version {version})"
    E303 = "no document with id {id}"
    E304 = "{path} is not a dipcorpus corpus: {reason}"
    E305 = "{path} is being written by another dipcorpus process (pid {pid}); waited {waited} s"
    E306 = "the upload folder {path} is not a private folder of this user (a link, or open to others)"
    E307 = "document {id} has no translation pair (pairs are found by `dipcorpus link`)"
    E308 = "the request took longer than its time limit of {seconds} s and was stopped"
    E401 = "unknown export kind {kind!r}; choose from {choices}"

    def format(self, *args: object, **kwargs: object) -> str:
        return f"{self.name}: {str(self.value).format(*args, **kwargs)}"


class DipcorpusError(Exception):
    """A failure with a coded message."""

    def __init__(self, code: E, **fields: object) -> None:
        self.code = code
        self.fields = fields
        super().__init__(code.format(**fields))


class IngestError(DipcorpusError):
    """A file (or one row of it) that could not be read; the batch goes on without it."""
