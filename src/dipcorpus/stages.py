"""The built-in stages, registered through the same hook plugins use (`pipeline.register`)."""

from __future__ import annotations

from pathlib import Path

from dipcorpus.model import Document
from dipcorpus.pipeline import Context, register

__all__: list[str] = []


@register("ingest.clean.v1", assigns=("text", "offsets", "repairs", "removals", "header", "published"))
def _clean(doc: Document, ctx: Context) -> Document:
    from dipcorpus.ingest.clean import CleanConfig, clean_document

    if "misread_min_count" in ctx.options:
        return clean_document(doc, cfg=CleanConfig(misread_min_count=int(ctx.options["misread_min_count"])))
    return clean_document(doc)


@register(
    "parse.metadata.v1",
    requires=("text",),
    assigns=("title", "date", "published", "place", "event_type", "event_name", "language"),
)
def _metadata(doc: Document, ctx: Context) -> Document:
    from dipcorpus.parse.meta import find_metadata

    return find_metadata(doc)


@register("parse.sentences.v1", requires=("text",), assigns=("sentences",))
def _sentences(doc: Document, ctx: Context) -> Document:
    from dipcorpus.parse.sentences import find_sentences

    return find_sentences(doc)


@register("parse.turns.v1", requires=("text", "title"), assigns=("turns",))
def _turns(doc: Document, ctx: Context) -> Document:
    from dipcorpus.parse.turns import find_turns

    return find_turns(doc)


@register("parse.statements.v1", requires=("text", "turns"), assigns=("statements",))
def _statements(doc: Document, ctx: Context) -> Document:
    from dipcorpus.parse.statements import find_statements

    return find_statements(doc, kb=_kb(ctx))


@register("parse.speakers.v1", requires=("turns", "statements"), assigns=("turns", "statements"))
def _speakers(doc: Document, ctx: Context) -> Document:
    from dipcorpus.parse.speakers import assign_speakers

    return assign_speakers(doc, kb=_kb(ctx))


@register("parse.points.v1", requires=("turns", "statements"), assigns=("points",))
def _points(doc: Document, ctx: Context) -> Document:
    from dipcorpus.parse.points import find_points

    return find_points(doc)


def _kb(ctx: Context):  # type: ignore[no-untyped-def]
    from dipcorpus.kb import load_kb

    extra = tuple(Path(p) for p in ctx.options.get("kb_files", ()))
    return load_kb(extra)


@register("annotate.entities.v1", requires=("text", "date", "title"), assigns=("entities",))
def _entities(doc: Document, ctx: Context) -> Document:
    from dipcorpus.annotate.entities import find_entities

    return find_entities(doc, kb=_kb(ctx))


@register("annotate.formulations.v1", requires=("text",), assigns=("formulations",))
def _formulations(doc: Document, ctx: Context) -> Document:
    from dipcorpus.annotate.formulations import find_formulations

    return find_formulations(doc, kb=_kb(ctx))


@register("annotate.ner.v1", requires=("text", "entities"), assigns=("entities",))
def _ner(doc: Document, ctx: Context) -> Document:
    """Optional (not a default stage; `dipcorpus ingest --ner`): needs the `ner` extra."""
    from dipcorpus.annotate.ner import find_ner_entities, load_ner

    return find_ner_entities(doc, kb=_kb(ctx), nlp=load_ner(ctx.options.get("ner_model")))
