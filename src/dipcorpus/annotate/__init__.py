"""Annotation stages: entities and formulations linked to the knowledge base."""

from dipcorpus.annotate.entities import PersonMention, annotate_entities, find_entities, find_people
from dipcorpus.annotate.formulations import annotate_formulations, find_formulations

__all__ = [
    "PersonMention",
    "annotate_entities",
    "annotate_formulations",
    "find_entities",
    "find_formulations",
    "find_people",
]
