"""Name handling for the speaker stage: the KB's people and media by name (English and Chinese), titles
and honorifics, tidying a printed label ('MS. TROTTER' -> 'Ms. Trotter'), slugs for ids of unknown speakers.

A Chinese label is read in simplified script against the records' `zh` names: a person by the
name itself or the longest name inside the label ('外交部发言人华春莹'); an outlet by its name, after a
country name the label puts before it ('日本共同社'; `zh_text.py`),
or by a Latin name inside it ('日本NHK电视台')."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from dipcorpus.kb.loader import alias_key
from dipcorpus.kb.records import EntityRecord, KnowledgeBase
from dipcorpus.parse.zh_text import simplified, zh_country_names

__all__ = ["HONORIFICS", "KbIndex", "is_title_word", "kb_index", "slug", "split_title", "tidy"]

HONORIFICS = frozenset({"mr", "ms", "mrs", "madam", "madame", "dr", "miss", "sir", "excellency", "h.e", "hon"})
_HONORIFIC_FORMS = {"mr": "Mr.", "ms": "Ms.", "mrs": "Mrs.", "dr": "Dr.", "madam": "Madam", "miss": "Miss"}
# Words of titles and of anonymous labels ('Senior Administration Official', 'Moderator'); the
# KB's role titles (rules.yaml `titles`) are added to these.
_TITLE_WORDS = frozenset(
    {
        "the", "senior", "administration", "official", "officials", "moderator", "operator", "participant",
        "participants", "spokesperson", "spokesman", "spokeswoman", "press", "secretary", "deputy", "principal",
        "assistant", "under", "acting", "national", "security", "advisor", "adviser", "coordinator", "director",
        "administrator", "admiral", "general", "major", "captain", "colonel", "lieutenant", "commander",
        "sergeant", "ambassador", "senator", "representative", "congressman", "congresswoman", "governor", "mayor",
        "chairman", "chairwoman", "chair", "chief", "staff", "president", "vice", "prime", "minister", "foreign",
        "councilor", "councillor", "premier", "chancellor", "king", "queen", "emir", "sheikh", "prince", "crown",
        "his", "her", "majesty", "highness", "first", "lady", "professor", "interpreter", "audience", "member",
        "unidentified", "strategic", "communications", "nsc", "white", "house", "department", "spokespersons",
        "special", "envoy", "high", "commissioner", "executive", "attorney", "justice", "leader", "speaker",
        "host", "anchor", "narrator", "translator", "voice", "journalist", "correspondent", "reporter", "and",
        "aide", "one", "two", "three", "four", "five", "#1", "#2", "#3", "1", "2", "3", "4", "5",
        "pm", "fm", "federal", "state", "regional", "defense", "defence", "treasury", "homeland", "energy",
    }
)  # fmt: skip
_JUNK_TAIL = frozenset(
    {"daily", "regular", "briefing", "remarks", "online", "conference", "interview", "statement", "meeting",
     "hosts", "holds", "answers", "questions", "transcript", "press"}
)  # fmt: skip
_SMALL = frozenset({"of", "the", "and", "for", "on", "to", "in", "at", "de", "da", "von", "van", "bin", "al"})
_ACRONYMS = frozenset({"UN", "US", "NSC", "EU", "NATO", "CIA", "FBI", "USAID", "WHO", "UK", "USA", "AU", "OAS"})
_NONSLUG = re.compile(r"[^a-z0-9]+")


def is_title_word(word: str) -> bool:
    folded = word.casefold().strip(".,")
    return folded in _TITLE_WORDS or folded in HONORIFICS


@dataclass(slots=True)
class KbIndex:
    """The KB's people by full name or multi-word alias, by surname, and its media by name."""

    people: list[EntityRecord] = field(default_factory=list)
    names: dict[str, EntityRecord | None] = field(default_factory=dict)  # None: two people share it
    surnames: dict[str, list[EntityRecord]] = field(default_factory=dict)
    media: dict[str, EntityRecord] = field(default_factory=dict)
    first_last: dict[tuple[str, str], EntityRecord] = field(default_factory=dict)
    places: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    zh_people: dict[str, EntityRecord | None] = field(default_factory=dict)  # None: two people share it
    zh_media: dict[str, EntityRecord] = field(default_factory=dict)

    def find_zh(self, label: str) -> EntityRecord | None:
        """The person a Chinese label names: the whole label, else the longest KB name that opens or
        ends it beside a title of two characters or more ('外交部发言人华春莹', '王毅国务委员'; not
        the '李强' of '李强国', a longer name)."""
        label = simplified(label).strip()
        if label in self.zh_people:
            return self.zh_people[label]
        if len(label) > 30:
            return None
        inside = [
            name
            for name in self.zh_people
            if len(label) >= len(name) + 2 and (label.startswith(name) or label.endswith(name))
        ]
        best = max(inside, key=len, default=None)
        return self.zh_people[best] if best else None

    def find_zh_media(self, label: str) -> EntityRecord | None:
        """The outlet a Chinese label names ('共同社', '日本共同社', '日本NHK电视台')."""
        label = simplified(label).strip()
        hit = self.zh_media.get(label)
        if hit is None and (rest := _without_country(label)) != label:
            hit = self.zh_media.get(rest)
        if hit is None:
            latin = [self.media.get(alias_key(m.group())) for m in _LATIN_NAME.finditer(label)]
            hit = next((m for m in latin if m is not None), None)
        return hit

    def find_in(self, label: str) -> EntityRecord | None:
        """The person whose full name (or a multi-word alias) is the longest run of words in `label`."""
        words = label.replace(",", " ").split()
        for n in range(len(words), 1, -1):
            for i in range(len(words) - n + 1):
                key = alias_key(" ".join(words[i : i + n]))
                hit = self.names.get(key) or self.names.get(_ARTICLE.sub(_other_article, key))
                if hit is not None:
                    return hit
        if 3 <= len(words) <= 4 and not any(is_title_word(w) for w in words):  # a middle name the KB lacks
            return self.first_last.get((alias_key(words[0]), alias_key(words[-1])))
        return None


# The Arabic article is transliterated both ways: 'Al Sisi' ~ 'el-Sisi'.
_ARTICLE = re.compile(r"(?<![^ ])(al|el)(?= )")


def _other_article(m: re.Match[str]) -> str:
    return "el" if m.group(1) == "al" else "al"


_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z&.' -]*[A-Za-z]")


def _without_country(label: str) -> str:
    """'日本共同社' -> '共同社': a leading country name dropped (the label unchanged when none leads)."""
    for name in zh_country_names():
        if label.startswith(name) and len(label) > len(name) + 1:
            return label[len(name) :]
    return label


_CACHE: dict[int, tuple[KnowledgeBase, KbIndex]] = {}


def kb_index(kb: KnowledgeBase) -> KbIndex:
    cached = _CACHE.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    idx = KbIndex()
    for ent in kb.entities.values():
        if ent.type == "media":
            for name in (ent.name, *ent.aliases):
                idx.media.setdefault(alias_key(name), ent)
            for name in ent.zh:
                idx.zh_media.setdefault(simplified(name), ent)
        if ent.type != "person":
            continue
        idx.people.append(ent)
        for name in ent.zh:
            key = simplified(name)
            idx.zh_people[key] = ent if idx.zh_people.get(key, ent) is ent else None
        for name in (ent.name, *ent.aliases):
            key = alias_key(name)
            if " " in key:
                idx.names[key] = ent if idx.names.get(key, ent) is ent else None
        parts = ent.name.split()
        if len(parts) == 2 and not ent.family_first:
            idx.first_last.setdefault((alias_key(parts[0]), alias_key(parts[1])), ent)
        surnames = {alias_key(ent.surname)} | {alias_key(a) for a in ent.aliases if " " not in alias_key(a)}
        for key in surnames:
            idx.surnames.setdefault(key, []).append(ent)
    idx.places = frozenset(
        alias_key(n)
        for ent in kb.entities.values()
        if ent.type in ("country", "organization")
        for n in (ent.name, *ent.aliases)
    )
    idx.titles = frozenset(w.casefold() for title in kb.rules.titles for w in title.split())
    _CACHE.clear()
    _CACHE[id(kb)] = (kb, idx)
    return idx


def split_title(label: str, idx: KbIndex) -> tuple[list[str], list[str]]:
    """('President of Kyrgyzstan Almazbek Atambayev') -> (['President', 'of', 'Kyrgyzstan'],
    ['Almazbek', 'Atambayev']): the leading titles and honorifics, and the name words after them
    up to a comma or a title or junk word ('Hua Chunying Daily' keeps 'Hua Chunying')."""
    words = label.split(",")[0].split()
    lead: list[str] = []
    i = 0
    while i < len(words):
        folded = words[i].casefold().strip(".")
        if folded == "of" and lead:
            n = _place_len(words[i + 1 :], idx)
            lead.extend(words[i : i + 1 + n])
            i += 1 + n
            continue
        if not (is_title_word(words[i]) or folded in idx.titles):
            break
        lead.append(words[i])
        i += 1
    rest = []
    for word in words[i:]:
        if word.casefold().strip(".") in _JUNK_TAIL or is_title_word(word):
            break
        rest.append(word)
    if not rest and len(lead) >= 2 and lead[-2].casefold().rstrip(".") in HONORIFICS:
        rest = [lead.pop()]  # 'MR. KING': a surname that is also a title word
    return lead, rest


def _place_len(words: list[str], idx: KbIndex) -> int:
    """How many of `words` name a country or organisation ('the Republic of Serbia' -> 4)."""
    for n in range(min(len(words), 6), 0, -1):
        if alias_key(" ".join(words[:n])) in idx.places:
            return n
    if words and words[0].casefold() == "the":
        return 1 + _place_len(words[1:], idx)
    return 1 if words and words[0][:1].isupper() else 0


def tidy(label: str) -> str:
    """A printed label in the corpus's case: capitals to title case, honorifics with their dot."""
    out = []
    for i, word in enumerate(label.split()):
        folded = word.casefold().rstrip(".")
        if folded in _HONORIFIC_FORMS and (word.isupper() or not word.endswith(".")):
            form = _HONORIFIC_FORMS[folded]  # with its dot only where it is printed with one ('MS LEE' -> 'Ms Lee')
            out.append(form if word.endswith(".") else form.rstrip("."))
        elif word.isupper() and len(word) > 1 and word not in _ACRONYMS and "." not in word.rstrip("."):
            out.append(word.casefold() if i and folded in _SMALL else _capitalise(word))
        else:
            out.append(word)
    return " ".join(out)


def _capitalise(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def slug(name: str) -> str:
    """'Ms. Trotter' -> 'ms-trotter'; a name without Latin letters keeps its own ('华春莹')."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    out = _NONSLUG.sub("-", ascii_name).strip("-")
    if len(re.sub(r"[^a-z]", "", out)) * 2 < len(re.sub(r"\W", "", name)):  # mostly non-Latin
        out = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", name).casefold()).strip("-")
    return out or "unknown"
