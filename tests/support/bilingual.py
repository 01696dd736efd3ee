"""Invented bilingual samples (every sentence here is made up for the tests): one press conference
published in English and in Chinese, a Chinese version that splits one answer into two turns, and a
same-day Chinese remarks page on another topic. The spokesperson "Lin Mei" / 林梅 is invented too."""

from __future__ import annotations

from dipcorpus.model import Document, Entity, Segment, Turn

DAY = "2031-03-14"

# (role, speaker, text): invented sample
EN_TURNS = (
    ("opening statement", "Lin Mei",
     "At the invitation of the Government of Kenya, a Chinese medical team of 12 experts will leave for Nairobi "
     "on March 20."),
    ("question", "Xinhua News Agency",
     "The trade fair with Brazil opens next week. How many companies will take part?"),
    ("answer", "Lin Mei",
     "About 350 companies from both countries have registered for the fair, up from 280 last year. Brazil is an "
     "important partner for China in Latin America, and trade between the two countries reached 160 billion "
     "dollars. We hope the fair will open new opportunities for small firms on both sides."),
    ("question", "AFP",
     "Will the foreign minister travel to France in April?"),
    ("answer", "Lin Mei",
     "We will release information in due course."),
)  # fmt: skip

ZH_TURNS = (
    ("opening statement", "林梅", "应肯尼亚政府邀请，由12名专家组成的中国医疗队将于3月20日启程前往内罗毕。"),
    ("question", "新华社记者", "与巴西的贸易博览会将于下周开幕。将有多少家企业参加？"),
    ("answer", "林梅",
     "两国约有350家企业报名参加博览会，去年为280家。巴西是中国在拉美的重要伙伴，两国贸易额达到1600亿美元。"
     "我们希望博览会为双方中小企业带来新的机遇。"),
    ("question", "法新社记者", "外长是否将于4月访问法国？"),
    ("answer", "林梅", "我们会适时发布消息。"),
)  # fmt: skip

# the same Chinese answer printed as two turns (a page that splits a turn): invented sample
ZH_SPLIT_TURNS = (
    *ZH_TURNS[:2],
    ("answer", "林梅",
     "两国约有350家企业报名参加博览会，去年为280家。巴西是中国在拉美的重要伙伴，两国贸易额达到1600亿美元。"),
    ("answer", "林梅", "我们希望博览会为双方中小企业带来新的机遇。"),
    *ZH_TURNS[3:],
)  # fmt: skip

# a same-day remarks page on another topic (not a translation of the press conference): invented sample
ZH_REMARKS_TURNS = (
    ("question", "记者", "智利南部近日发生洪灾，中方对此有何评论？"),
    ("answer", "林梅",
     "我们对智利南部发生洪灾造成人员伤亡表示哀悼，向遇难者家属表示慰问。中方愿向智方提供力所能及的帮助。"),
)  # fmt: skip

_NAMES = {  # surface -> (type, id): what the annotator would find
    "Kenya": ("country", "KEN"),
    "Nairobi": ("country", "KEN"),
    "Brazil": ("country", "BRA"),
    "France": ("country", "FRA"),
    "China": ("country", "CHN"),
    "Chinese": ("country", "CHN"),
    "Xinhua News Agency": ("media", "media:xinhua"),
    "AFP": ("media", "media:afp"),
}


def _entities(text: str, language: str) -> tuple[Entity, ...]:
    if language != "en":
        return ()  # the Chinese pages carry no annotated entities: their names are found through the KB
    found = []
    for surface, (kind, entity_id) in _NAMES.items():
        start = text.find(surface)
        while start >= 0:
            end = start + len(surface)
            if not any(e.start < end and start < e.end for e in found):
                found.append(Entity(start=start, end=end, type=kind, id=entity_id, name=surface))
            start = text.find(surface, end)
    return tuple(sorted(found, key=lambda e: e.start))


def make_doc(
    doc_id: str,
    language: str,
    turns: tuple[tuple[str, str, str], ...],
    *,
    title: str,
    date: str | None = DAY,
    event_type: str | None = "press conference",
) -> Document:
    """A stored-shape document whose text is the turns, labelled, one paragraph each."""
    parts, spans, pos = [], [], 0
    for n, (role, speaker, body) in enumerate(turns, start=1):
        label = f"{speaker}{'：' if language == 'zh' else ': '}"
        parts.append(label + body)
        spans.append(Turn(n=n, speaker=speaker, role=role, label_start=pos, start=pos + len(label),
                          end=pos + len(label) + len(body)))  # fmt: skip
        pos += len(label) + len(body) + 2
    text = "\n\n".join(parts) + "\n"
    return Document(
        id=doc_id,
        source=f"invented/{doc_id}.txt",
        format="txt",
        raw=text,
        text=text,
        offsets=(Segment(clean_start=0, raw_start=0, clean_len=len(text), raw_len=len(text)),),
        title=title,
        date=date,
        event_type=event_type,
        language=language,
        turns=tuple(spans),
        entities=_entities(text, language),
    )


def english_conference(doc_id: str = "en0000000000conf") -> Document:
    return make_doc(doc_id, "en", EN_TURNS, title="Foreign Ministry Spokesperson Lin Mei's Regular Press Conference on "
                    "March 14, 2031")  # fmt: skip


def chinese_conference(doc_id: str = "zh0000000000conf", *, date: str | None = DAY) -> Document:
    return make_doc(doc_id, "zh", ZH_TURNS, title="2031年3月14日外交部发言人林梅主持例行记者会", date=date)


def chinese_split_conference(doc_id: str = "zh00000000split") -> Document:
    return make_doc(doc_id, "zh", ZH_SPLIT_TURNS, title="2031年3月14日外交部发言人林梅主持例行记者会")


def chinese_remarks(doc_id: str = "zh000000remarks", *, event_type: str | None = "remarks") -> Document:
    return make_doc(
        doc_id, "zh", ZH_REMARKS_TURNS, title="外交部发言人林梅就智利南部洪灾答记者问", event_type=event_type
    )
