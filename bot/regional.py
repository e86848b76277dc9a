"""Faithful regions: a question about one region is answered from that region's text.

National rules (人社部) apply everywhere and may answer, labelled as national. When
the region's own text is silent on the point, the reply says so first, names the
document, and only then shows what other regions say, each line labelled with its
region and marked as reference; such a reply is not "covered". Another region's
article never stands unlabelled under a regional question.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.shapes import silent_noun
from bot.slots import Slot
from corpus.models import JURISDICTION_NAMES, Jurisdiction
from retrieval.hits import Hit

NATIONAL_LABEL = "全国性规定(各地适用)"
REFERENCE_HEADER = "其他地区的规定(仅供参考,不适用于{region}):"
# What the silent text lacks, named by the slot.
SILENT_NOUN: dict[Slot, str] = {
    Slot.HOW_LONG: "相应的期限",
    Slot.WHEN: "相应的时间要求",
    Slot.HOW_MANY: "相应的数量标准",
    Slot.WHO: "由哪个部门负责",
}
MAX_REFERENCES = 3


@dataclass(frozen=True)
class Candidate:
    """A hit that answers (covered by the judgement and fitting the slot) and its composed lead."""

    hit: Hit
    lead: str


Answers = Callable[[Hit], bool]
Compose = Callable[[Hit], str]


def first_answering(hits: Sequence[Hit], answers: Answers, compose: Compose) -> Candidate | None:
    """The best-ranked hit that answers, with its lead."""
    for hit in hits:
        if answers(hit):
            return Candidate(hit, compose(hit))
    return None


def national_lead(candidate: Candidate) -> str:
    """A national article's lead under a regional question, labelled as national."""
    return f"{NATIONAL_LABEL}:{candidate.lead}\n(依据:{candidate.hit.citation})"


def silent_about(question: str, slot: Slot) -> str:
    """What a text silent on `question` lacks: the asked figure's own noun ("认定费多少" →
    相应的金额), else what the slot asks (相应的期限), else 这一事项."""
    return silent_noun(question, slot) or SILENT_NOUN.get(slot, "这一事项")


def silence_text(
    region: Jurisdiction,
    title: str,
    slot: Slot,
    references: Sequence[Candidate],
    related: Candidate | None = None,
    missing: Sequence[str] = (),
    asked: str = "",
) -> str:
    """"<title> 没有规定…" (naming the `missing` words when the text never uses them, else what
    the `asked` question's figure or slot needs), then what the region's text does say on the
    topic (a 申辩 article without a number of days), then each other region's rule on its own
    labelled line."""
    # Each word quoted on its own ("“纸质”、“效力”"): joined in one pair of quotes they read as
    # one phrase the text never used.
    noun = f"{'、'.join(f'“{w}”' for w in missing)}方面的内容" if missing else silent_about(asked, slot)
    name = JURISDICTION_NAMES[region]
    lines = [f"{name}:《{title}》没有规定{noun}。"]
    if related is not None:
        lines.append(f"{name}的相关规定:{related.lead}({related.hit.citation})")
    if references:
        lines.append(REFERENCE_HEADER.format(region=name))
        for ref in references:
            other = JURISDICTION_NAMES[Jurisdiction(ref.hit.jurisdiction)]
            lines.append(f"{other}(供参考):{ref.lead}({ref.hit.citation})")
    return "\n".join(lines)


def other_regions(region: Jurisdiction) -> tuple[Jurisdiction, ...]:
    """Every other jurisdiction, national last (it is the fallback reference)."""
    local = [j for j in Jurisdiction if j not in (region, Jurisdiction.NATIONAL, Jurisdiction.ZHEJIANG)]
    return (*local, Jurisdiction.NATIONAL)
