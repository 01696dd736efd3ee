"""One TEI XML file per document after the Parla-CLARIN / ParlaMint conventions: a teiHeader with the
title, source, event date, place, event type and language; the people, speaking outlets and
organisations in listPerson / listOrg / listPlace; each turn a `<u who="#..." ana="#role.answer">`
whose `who` resolves to one of them; a speaker label as `<note type="speaker">`, other text outside
turns as `<p>`; sentences as `<s>`; entity mentions as `<name type="..." ref="#...">` and
formulations as `<term ref="#...">`, pointing into the header. A mention that crosses a sentence or
another mention is left out, so the XML always nests."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from dipcorpus import __version__
from dipcorpus.export.blocks import Block, blocks, xml_id
from dipcorpus.kb.records import KnowledgeBase
from dipcorpus.model import Document

__all__ = ["TEI_NS", "to_tei"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_PLACE_TYPES = ("country", "region")


@dataclass(frozen=True, slots=True)
class _Inline:
    start: int
    end: int
    open: str
    close: str


def to_tei(doc: Document, kb: KnowledgeBase | None = None) -> str:
    """The TEI document of `doc` (a str holding the whole XML file)."""
    speakers = _speakers(doc)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<TEI xmlns="{TEI_NS}" xml:id={_attr("doc." + doc.id)} xml:lang={_attr(doc.language or "und")}>\n',
        _header(doc, speakers, kb),
        " <text>\n  <body>\n   <div type=",
        _attr(_div_type(doc)),
        ">\n",
    ]
    for n, block in enumerate(blocks(doc), 1):
        parts.append(_block(doc, block, n, speakers))
    parts.append("   </div>\n  </body>\n </text>\n</TEI>\n")
    return "".join(parts)


def _div_type(doc: Document) -> str:
    return "debateSection" if doc.turns else "textSection"


def _speakers(doc: Document) -> dict[str, tuple[str, str]]:
    """xml:id of each turn speaker -> (printed name, kind: 'person' or the id's prefix)."""
    out: dict[str, tuple[str, str]] = {}
    for turn in doc.turns:
        key = _who(turn.speaker_id, turn.speaker)
        if key is not None and key not in out:
            kind = (turn.speaker_id or "name:").split(":", 1)[0]
            out[key] = (turn.speaker, kind)
    return out


def _who(speaker_id: str | None, speaker: str) -> str | None:
    if speaker_id and speaker_id.startswith("person:"):
        return xml_id(speaker_id)
    if speaker_id:
        return "spk." + xml_id(speaker_id)
    if speaker.strip():
        return "spk." + xml_id("name:" + "-".join(speaker.casefold().split()))
    return None


def _header(doc: Document, speakers: dict[str, tuple[str, str]], kb: KnowledgeBase | None) -> str:
    title = _text(doc.title or doc.source)
    lines = [
        " <teiHeader>\n  <fileDesc>\n",
        f"   <titleStmt><title>{title}</title></titleStmt>\n",
        f"   <publicationStmt><p>Exported by dipcorpus {escape(__version__)}</p></publicationStmt>\n",
        "   <sourceDesc><bibl>",
        f'<title>{title}</title><idno type="URI">{_text(doc.source)}</idno>',
        f"<date when={_attr(doc.published[:10])}/>" if doc.published else "",
        "</bibl></sourceDesc>\n  </fileDesc>\n",
        _encoding_desc(doc),
        "  <profileDesc>\n",
        _setting(doc),
        f"   <langUsage><language ident={_attr(doc.language or 'und')}/></langUsage>\n",
        _text_class(doc),
        _partic_desc(doc, speakers, kb),
        "  </profileDesc>\n </teiHeader>\n",
    ]
    return "".join(lines)


def _encoding_desc(doc: Document) -> str:
    roles = sorted({t.role for t in doc.turns if t.role})
    forms = {f.id: f.name for f in doc.formulations}
    if not roles and not forms:
        return ""
    out = ["  <encodingDesc><classDecl>\n"]
    if roles:
        out.append('   <taxonomy xml:id="speaker-roles">')
        out.extend(
            f"<category xml:id={_attr('role.' + xml_id(r))}><catDesc>{_text(r)}</catDesc></category>" for r in roles
        )
        out.append("</taxonomy>\n")
    if forms:
        out.append('   <taxonomy xml:id="formulations">')
        out.extend(
            f"<category xml:id={_attr('form.' + xml_id(i))}><catDesc>{_text(name)}</catDesc></category>"
            for i, name in sorted(forms.items())
        )
        out.append("</taxonomy>\n")
    out.append("  </classDecl></encodingDesc>\n")
    return "".join(out)


def _setting(doc: Document) -> str:
    if not (doc.place or doc.date):
        return ""
    place = f'<name type="place">{_text(doc.place)}</name>' if doc.place else ""
    date = f"<date when={_attr(doc.date[:10])}/>" if doc.date else ""
    return f"   <settingDesc><setting>{place}{date}</setting></settingDesc>\n"


def _text_class(doc: Document) -> str:
    if not doc.event_type:
        return ""
    return f'   <textClass><keywords n="event-type"><term>{_text(doc.event_type)}</term></keywords></textClass>\n'


def _partic_desc(doc: Document, speakers: dict[str, tuple[str, str]], kb: KnowledgeBase | None) -> str:
    people: dict[str, str] = {}
    orgs: dict[str, tuple[str, str]] = {}
    places: dict[str, tuple[str, str]] = {}
    for ent in doc.entities:
        key = xml_id(ent.id)
        if ent.type == "person":
            people.setdefault(key, ent.name)
        elif ent.type in _PLACE_TYPES:
            places.setdefault(key, (ent.name, ent.type))
        else:
            orgs.setdefault(key, (ent.name, ent.type))
    for key, (name, kind) in speakers.items():
        if kind == "person":
            people.setdefault(key, name)
    out = ["   <particDesc>\n    <listPerson>\n"]
    for key, name in sorted(people.items()):
        out.append(
            f"     <person xml:id={_attr(key)}><persName>{_text(name)}</persName>{_roles(key, doc, kb)}</person>\n"
        )
    for key, (name, kind) in sorted(speakers.items()):
        if kind != "person":
            out.append(
                f"     <personGrp xml:id={_attr(key)} role={_attr(kind)}><name>{_text(name)}</name></personGrp>\n"
            )
    out.append("    </listPerson>\n")
    out.append(_listing("    <listOrg>", "    </listOrg>", "org role", "orgName", orgs))
    out.append("   </particDesc>\n")
    place_list = ("   <settingDesc><listPlace>", "   </listPlace></settingDesc>")
    out.append(_listing(*place_list, "place type", "placeName", places))
    return "".join(out)


def _listing(opening: str, closing: str, element: str, name_tag: str, items: dict[str, tuple[str, str]]) -> str:
    """A list of organisations or places (`element` is the tag and the attribute the kind goes in)."""
    if not items:
        return ""
    tag, attribute = element.split()
    rows = (
        f"     <{tag} xml:id={_attr(key)} {attribute}={_attr(kind)}><{name_tag}>{_text(name)}</{name_tag}></{tag}>\n"
        for key, (name, kind) in sorted(items.items())
    )
    return f"{opening}\n{''.join(rows)}{closing}\n"


def _roles(key: str, doc: Document, kb: KnowledgeBase | None) -> str:
    """The person's roles held on the document's date, from the knowledge base, as affiliations."""
    if kb is None or not key.startswith("person."):
        return ""
    person_id = "person:" + key[len("person.") :]
    out = []
    for role in kb.role_at(person_id, doc.date):
        dates = "".join(f" {k}={_attr(v)}" for k, v in (("from", role.start), ("to", role.end)) if v)
        of = f" ref={_attr('#' + xml_id(role.of))}" if role.of and _declared(role.of, doc) else ""
        out.append(f"<affiliation role={_attr(role.title)}{of}{dates}/>")
    return "".join(out)


def _declared(entity_id: str, doc: Document) -> bool:
    return any(ent.id == entity_id for ent in doc.entities)


def _block(doc: Document, block: Block, n: int, speakers: dict[str, tuple[str, str]]) -> str:
    if block.label:
        return f'    <note type="speaker">{_text(doc.text[block.start : block.end])}</note>\n'
    inline = _inline_spans(doc, block)
    body = "".join(
        f"<s xml:id={_attr(f'doc.{doc.id}.b{n}.s{k}')}>{_marked(doc.text, s, e, inline)}</s>"
        for k, (s, e) in enumerate(block.sentences, 1)
    )
    if block.turn is None:
        return f"    <p xml:id={_attr(f'doc.{doc.id}.b{n}')}>{body}</p>\n"
    turn = block.turn
    who = _who(turn.speaker_id, turn.speaker)
    attrs = f" who={_attr('#' + who)}" if who in speakers else ""
    if turn.role:
        attrs += f" ana={_attr('#role.' + xml_id(turn.role))}"
    return f"    <u xml:id={_attr(f'doc.{doc.id}.u{turn.n}')}{attrs}>{body}</u>\n"


def _inline_spans(doc: Document, block: Block) -> list[_Inline]:
    spans = [
        _Inline(f.start, f.end, f"<term ref={_attr('#form.' + xml_id(f.id))}>", "</term>") for f in doc.formulations
    ] + [
        _Inline(e.start, e.end, f"<name type={_attr(e.type)} ref={_attr('#' + xml_id(e.id))}>", "</name>")
        for e in doc.entities
    ]
    inside = [s for s in spans if block.start <= s.start < s.end <= block.end]
    return _nested(sorted(inside, key=lambda s: (s.start, -s.end)))


def _nested(spans: Iterable[_Inline]) -> list[_Inline]:
    """The spans that nest with those kept before them (sorted by start, longest first)."""
    kept: list[_Inline] = []
    stack: list[_Inline] = []
    for span in spans:
        while stack and stack[-1].end <= span.start:
            stack.pop()
        if stack and span.end > stack[-1].end:
            continue  # crosses the span it starts in
        kept.append(span)
        stack.append(span)
    return kept


def _marked(text: str, start: int, end: int, spans: list[_Inline]) -> str:
    """text[start:end] with the inline spans that lie wholly inside it as markup."""
    events: list[tuple[int, int, int, str]] = []  # at one point: closes (innermost first), then opens
    for k, span in enumerate(s for s in spans if start <= s.start and s.end <= end):
        events.append((span.start, 1, k, span.open))
        events.append((span.end, 0, -k, span.close))
    events.sort()
    out, pos = [], start
    for at, _, _, markup in events:
        out.append(_text(text[pos:at]))
        out.append(markup)
        pos = at
    out.append(_text(text[pos:end]))
    return "".join(out)


def _text(value: str | None) -> str:
    return escape(_XML_BAD.sub("\ufffd", value or ""))


def _attr(value: str) -> str:
    return quoteattr(_XML_BAD.sub("\ufffd", value))
