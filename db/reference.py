"""Reference data the registry validates against: jurisdictions, their regions, legal bases.

The facts live in `regions.yaml` and `legal_bases.yaml` beside this module, each citation
verbatim from the corpus; this module only loads and looks them up. Legal bases are stored
on a filing as `{"doc_key", "article"}` pairs and shown as 《标题》第N条 via the corpus.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from corpus import cached_corpus, parse_chinese_number, to_chinese
from corpus.models import JURISDICTION_NAMES, Jurisdiction
from db.enums import FilingState, TerminationKind
from db.filing_number import REGISTRY_JURISDICTIONS
from errors import InputError, PolicybotError
from retrieval.citation import format_citation

HERE = Path(__file__).resolve().parent

_JURISDICTION_ALIASES: dict[str, Jurisdiction] = {
    "新疆生产建设兵团": Jurisdiction.BINGTUAN,
    "新疆兵团": Jurisdiction.BINGTUAN,
    "内蒙古自治区": Jurisdiction.NEIMENGGU,
    "内蒙": Jurisdiction.NEIMENGGU,
    "天津市": Jurisdiction.TIANJIN,
}


@dataclass(frozen=True)
class Region:
    jurisdiction: Jurisdiction
    name: str
    division: str


@dataclass(frozen=True)
class LegalBasis:
    """One cited article; `quote` and `note` are empty for bases typed in an import file."""

    doc_key: str
    article: int
    quote: str = ""
    note: str = ""

    @property
    def short(self) -> str:
        """`bingtuan2025 第十九条`: the form import files use."""
        return f"{self.doc_key} 第{to_chinese(self.article)}条"

    def citation(self) -> str:
        """《兵团技能人才评价机构管理办法(试行)》第十九条 (文号), from the corpus metadata."""
        doc = cached_corpus().document(self.doc_key)
        return format_citation(doc.meta, doc.article(self.article))

    def as_ref(self) -> dict[str, Any]:
        return {"doc_key": self.doc_key, "article": self.article}


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def names_jurisdiction(text: str) -> bool:
    """Whether `text` is a jurisdiction's name or alias as a whole (兵团, 内蒙, 天津市), not a place in one."""
    key = _fold(text)
    return key in JURISDICTION_NAMES.values() or key in _JURISDICTION_ALIASES


def parse_jurisdiction(text: str) -> Jurisdiction:
    """A registry jurisdiction from its code or Chinese name; InputError otherwise."""
    key = _fold(text)
    for jurisdiction in REGISTRY_JURISDICTIONS:
        if key.lower() == jurisdiction.value or key == JURISDICTION_NAMES[jurisdiction]:
            return jurisdiction
    if key in _JURISDICTION_ALIASES:
        return _JURISDICTION_ALIASES[key]
    allowed = "、".join(JURISDICTION_NAMES[j] for j in REGISTRY_JURISDICTIONS)
    raise InputError(f"管辖地“{text}”无法识别,可选:{allowed}。")


@lru_cache(maxsize=1)
def _regions() -> dict[Jurisdiction, tuple[Region, ...]]:
    raw = yaml.safe_load((HERE / "regions.yaml").read_text(encoding="utf-8"))
    return {
        Jurisdiction(code): tuple(
            Region(Jurisdiction(code), r["name"], str(r["division"])) for r in rows
        )
        for code, rows in raw.items()
    }


def regions(jurisdiction: Jurisdiction | None = None) -> tuple[Region, ...]:
    table = _regions()
    if jurisdiction is not None:
        return table.get(Jurisdiction(jurisdiction), ())
    return tuple(r for rows in table.values() for r in rows)


def resolve_region(text: str, jurisdiction: Jurisdiction | None = None) -> Region:
    """Exact name, else the one region whose name contains the text (八师 → 第八师石河子市)."""
    key = _fold(text)
    if not key:
        raise InputError("所属地区不能为空。")
    pool = regions(jurisdiction)
    for region in pool:
        if region.name == key:
            return region
    hits = [r for r in pool if key in r.name or (len(r.name) > 2 and r.name in key)]
    if len(hits) == 1:
        return hits[0]
    where = JURISDICTION_NAMES[jurisdiction] if jurisdiction else "登记的管辖地"
    if hits:
        names = "、".join(r.name for r in hits[:8])
        raise InputError(f"地区“{text}”对应多个地区:{names},请写全称。")
    names = "、".join(r.name for r in pool[:20])
    raise InputError(f"地区“{text}”不在{where}的地区列表中。可选:{names}。")


# How a place is said short: 第八师石河子市 as 八师 or 石河子, 包头市 as 包头, 东丽区 as 东丽.
_PLACE_SUFFIX = re.compile(r"(?:市|盟|区|新区)$")
_DIVISION = re.compile(r"^第?([一二三四五六七八九十]+师)(.*)$")


def _short_names(region: Region) -> tuple[str, ...]:
    """The ways a user names a region: its full name, its city without 市/区, its 师 with or
    without 第. A jurisdiction's own level (市本级, 兵团直属) is no place one names."""
    if region.name.endswith(("本级", "直属")):
        return ()
    names = [region.name]
    found = _DIVISION.match(region.name)
    city = found.group(2) if found else region.name
    if found:
        names += [f"第{found.group(1)}", found.group(1)]
    core = _PLACE_SUFFIX.sub("", city)
    if len(core) >= 2:
        names.append(core)
    return tuple(dict.fromkeys(names))


# What follows a place named as one ("包头的", "石河子那边", "第八师有几家"), not as the start of
# a name ("津南评价", "包头钢城技师学院").
_AFTER_PLACE = re.compile(
    r"(?:市|区|盟|师|的|那边|这边|那儿|这儿|那里|这里|地区|辖区|范围|有|里|呢|吗|也|和|、|,|，|\s|$"
    r"|哪|几|都|还|现在|目前|所有|全部|今年|明年|快|被|已|评价机构|机构)"
)


def _as_place(name: str, text: str) -> bool:
    """Whether `text` says `name` as a place somewhere (not only inside an agency's name)."""
    return any(_AFTER_PLACE.match(text, m.end()) for m in re.finditer(re.escape(name), text))


def named_place(text: str, jurisdiction: Jurisdiction | None = None) -> Region | None:
    """The one region of `jurisdiction` (of any, when None) that `text` names ("包头的评价机构"
    → 包头市, "石河子那边" → 第八师石河子市); None when it names none or several."""
    said = [(len(name), r) for r in regions(jurisdiction) for name in _short_names(r) if _as_place(name, text)]
    if not said:
        return None
    # The longest name said wins: 第十一师 holds 一师 (第一师阿拉尔市).
    longest = max(length for length, _ in said)
    found = {r for length, r in said if length == longest}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=1)
def _bases_file() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((HERE / "legal_bases.yaml").read_text(encoding="utf-8"))
    return data


def validity_years() -> int:
    return int(_bases_file()["validity_years"])


def action_key(state: FilingState, kind: TerminationKind | None = None) -> str:
    """The `legal_bases.yaml` key for a state change: suspend, terminate_ordered, ..."""
    if state is FilingState.SUSPENDED:
        return "suspend"
    if state is FilingState.TERMINATED:
        if kind is None:
            raise InputError("终止备案须注明终止类型:自愿、自动或责令。")
        return f"terminate_{kind.value}"
    return "validity"


def default_bases(jurisdiction: Jurisdiction, action: str) -> tuple[LegalBasis, ...]:
    """The cited articles for an action; empty when the jurisdiction's text has none."""
    rows = _bases_file()["bases"][Jurisdiction(jurisdiction).value].get(action, [])
    return tuple(
        LegalBasis(r["doc_key"], int(r["article"]), r.get("quote", ""), r.get("note", ""))
        for r in rows
    )


def missing_basis_note(jurisdiction: Jurisdiction, action: str) -> str:
    notes = _bases_file().get("missing_notes", {}).get(Jurisdiction(jurisdiction).value, {})
    return str(notes.get(action, ""))


def all_bases() -> list[tuple[Jurisdiction, str, LegalBasis]]:
    """Every (jurisdiction, action, basis) in the table, for the citation test."""
    return [
        (Jurisdiction(code), action, basis)
        for code, actions in _bases_file()["bases"].items()
        for action in actions
        for basis in default_bases(Jurisdiction(code), action)
    ]


_BASIS = re.compile(
    r"^(?P<doc>[a-z][a-z0-9_]*)\s*[:：]?\s*(?:第(?P<cn>[〇零一二三四五六七八九十百千两]+)条|(?P<num>\d+))$"
)


def parse_bases(text: str, jurisdiction: Jurisdiction) -> tuple[LegalBasis, ...]:
    """`bingtuan2025 第十九条; bingtuan2025:18` → checked bases of this jurisdiction (or national)."""
    found: list[LegalBasis] = []
    for part in re.split(r"[;;,,、\n]+", str(text)):
        part = unicodedata.normalize("NFKC", part).strip()
        if not part:
            continue
        match = _BASIS.match(part)
        if match is None:
            raise InputError(
                f"法律依据“{part}”格式无效,应为“文件代码 第N条”,如 bingtuan2025 第十九条。"
            )
        number = int(match["num"]) if match["num"] else parse_chinese_number(match["cn"])
        basis = LegalBasis(match["doc"], number)
        try:
            doc = cached_corpus().document(basis.doc_key)
            doc.article(basis.article)
        except PolicybotError as exc:
            raise InputError(f"法律依据“{part}”无效:{exc.message_zh}") from None
        if doc.meta.jurisdiction not in (Jurisdiction(jurisdiction), Jurisdiction.NATIONAL):
            raise InputError(
                f"法律依据“{part}”是{JURISDICTION_NAMES[doc.meta.jurisdiction]}的文件,"
                f"不适用于{JURISDICTION_NAMES[Jurisdiction(jurisdiction)]}的机构。"
            )
        found.append(basis)
    return tuple(found)


def bases_from_refs(refs: list[dict[str, Any]] | None) -> tuple[LegalBasis, ...]:
    """Stored JSON refs back to `LegalBasis` (quote/note filled in from the table when known)."""
    known = {(b.doc_key, b.article): b for _, _, b in all_bases()}
    result = []
    for ref in refs or []:
        key = (str(ref["doc_key"]), int(ref["article"]))
        result.append(known.get(key, LegalBasis(*key)))
    return tuple(result)
