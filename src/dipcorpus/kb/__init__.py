"""The knowledge base: countries, regions, organisations, media, people with their roles, and
official formulations, read from the YAML files in `data/` plus any the user adds."""

from dipcorpus.kb.loader import alias_key, load_kb, validate_kb
from dipcorpus.kb.records import (
    ENTITY_TYPES,
    EntityRecord,
    FormulationRecord,
    KnowledgeBase,
    Role,
    Rules,
    ZhRules,
)

__all__ = [
    "ENTITY_TYPES",
    "EntityRecord",
    "FormulationRecord",
    "KnowledgeBase",
    "Role",
    "Rules",
    "ZhRules",
    "alias_key",
    "load_kb",
    "validate_kb",
]
