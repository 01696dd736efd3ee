"""Formulation annotation: official set phrases ('three evil forces', 'community with a shared
future for mankind') and their variants, linked to the knowledge base's canonical ids.

Matching is case-insensitive except for acronyms (BRI, GDI), on token boundaries, longest match
first ('true multilateralism' is not also 'multilateralism'). A variant written 'interfere in ...
internal affairs' matches with a few words between its parts. Chinese forms (the `zh` field) are
found by `zh_entities.zh_formulation_hits`.
"""

from __future__ import annotations

import dataclasses

from dipcorpus.annotate.zh_entities import zh_formulation_hits
from dipcorpus.kb import FormulationRecord, KnowledgeBase
from dipcorpus.kb.matcher import Matcher, MatcherCache, Pattern, is_acronym, select_longest, text_view, word_key
from dipcorpus.model import Document, Formulation

__all__ = ["annotate_formulations", "find_formulations"]

_MATCHERS = MatcherCache()


def find_formulations(doc: Document, *, kb: KnowledgeBase) -> Document:
    """`doc` with `formulations` set to the KB-linked formulation spans of its text."""
    return dataclasses.replace(doc, formulations=tuple(annotate_formulations(doc.text, kb=kb)))


def annotate_formulations(text: str, *, kb: KnowledgeBase) -> list[Formulation]:
    view = text_view(text)
    hits = select_longest([*_formulation_matcher(kb).scan(view), *zh_formulation_hits(view.norm, kb)])
    out = []
    for hit in hits:
        form = kb.formulations[hit.pattern.target]
        out.append(Formulation(start=view.to_text(hit.start), end=view.to_text(hit.end), id=form.id, name=form.name))
    return out


def _formulation_matcher(kb: KnowledgeBase) -> Matcher:
    def fill(matcher: Matcher) -> None:
        for form in kb.formulations.values():
            _add(matcher, form)

    return _MATCHERS.get(kb, fill)


def _add(matcher: Matcher, form: FormulationRecord) -> None:
    for variant in (form.name, *form.variants):
        if " ... " in variant:
            head, tail = variant.split(" ... ", 1)
            tail_key = f" {word_key(tail).strip()} "
            matcher.add(head, Pattern("gap", form.id, variant, tail=tail_key, gap=form.gap))
            continue
        cased = variant if " " not in variant and is_acronym(variant) else ""
        matcher.add(variant, Pattern("formulation", form.id, variant, cased, bool(cased)))
