"""Procedures as checklists, loaded from `corpus/rules/checklists.yaml`.

Each item is grounded in one cited passage; a `condition` item also says what
evidence would show it. Progress is a plain set of done item ids that the DB
layer stores per user: item ids are stable strings, so this module never needs
the DB, and stale ids (an item retired from the YAML) are simply not shown.
Only procedures a text describes exist; asking for another one names those that do.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator

from corpus import Jurisdiction
from errors import InputError
from tools.rules import RuleCitation, RuleModel, load_table, parse_jurisdiction

__all__ = [
    "Checklist",
    "ChecklistItem",
    "checklist_table",
    "get_checklist",
    "list_procedures",
    "parse_done",
    "progress",
    "render_checklist",
    "steps_article",
]

ItemKind = Literal["step", "material", "condition", "obligation"]
KIND_ZH: dict[str, str] = {"step": "步骤", "material": "材料", "condition": "条件", "obligation": "持续义务"}


class ChecklistItem(RuleModel):
    id: str
    kind: ItemKind
    text_zh: str
    evidence_zh: str | None = None  # what would show a condition holds (our suggestion)
    citation: RuleCitation

    @model_validator(mode="after")
    def _condition_has_evidence(self) -> ChecklistItem:
        if self.kind == "condition" and not self.evidence_zh:
            raise ValueError(f"{self.id}: 条件项须写明 evidence_zh")
        return self


class ChecklistNote(RuleModel):
    """What the text leaves open; without a citation it states an absence."""

    text_zh: str
    citation: RuleCitation | None = None


class Checklist(RuleModel):
    id: str
    title_zh: str
    jurisdiction: Jurisdiction
    procedure: str
    items: list[ChecklistItem] = Field(min_length=1)
    notes: list[ChecklistNote] = Field(default_factory=list)

    @property
    def citations(self) -> list[RuleCitation]:
        cited = [i.citation for i in self.items] + [n.citation for n in self.notes if n.citation]
        return list(dict.fromkeys(cited))


class ChecklistTable(RuleModel):
    procedures: dict[str, str]
    checklists: list[Checklist]

    @model_validator(mode="after")
    def _consistent(self) -> ChecklistTable:
        seen: set[str] = set()
        pairs: set[tuple[Jurisdiction, str]] = set()
        for checklist in self.checklists:
            if checklist.procedure not in self.procedures:
                raise ValueError(f"{checklist.id}: 未登记的程序 {checklist.procedure}")
            if checklist.id != f"{checklist.jurisdiction.value}.{checklist.procedure}":
                raise ValueError(f"{checklist.id}: id 应为 地区.程序")
            if (checklist.jurisdiction, checklist.procedure) in pairs:
                raise ValueError(f"{checklist.id}: 重复的清单")
            pairs.add((checklist.jurisdiction, checklist.procedure))
            for item in checklist.items:
                if item.id in seen or not item.id.startswith(f"{checklist.id}."):
                    raise ValueError(f"{item.id}: 条目 id 须唯一并以清单 id 开头")
                seen.add(item.id)
        return self


@lru_cache(maxsize=1)
def checklist_table() -> ChecklistTable:
    return load_table("checklists", ChecklistTable)


def list_procedures(jurisdiction: str | None = None) -> list[tuple[str, str, str]]:
    """(jurisdiction, procedure code, 中文名) for every checklist, optionally of one jurisdiction."""
    table = checklist_table()
    wanted = parse_jurisdiction(jurisdiction) if jurisdiction else None
    return [
        (c.jurisdiction.value, c.procedure, table.procedures[c.procedure])
        for c in table.checklists
        if wanted is None or c.jurisdiction is wanted
    ]


def get_checklist(jurisdiction: str, procedure: str) -> Checklist:
    """The checklist of one procedure; `procedure` is a code or its Chinese name."""
    where = parse_jurisdiction(jurisdiction)
    table = checklist_table()
    text = procedure.strip()
    for checklist in table.checklists:
        name = table.procedures[checklist.procedure]
        if checklist.jurisdiction is where and text in (checklist.procedure, name):
            return checklist
    available = [f"{code}({name})" for _, code, name in list_procedures(where.value)]
    if not available:
        raise InputError(f"本库收录的{where.label_zh}文件没有规定评价机构的办理程序。")
    asked = table.procedures.get(text, text)
    raise InputError(
        f"{where.label_zh}的文件没有规定“{asked}”的办理程序。可查看:{'、'.join(available)}"
    )


def steps_article(jurisdiction: str, procedure: str) -> tuple[str, int] | None:
    """The article most of a procedure's steps cite (doc key, number), as the one that sets the
    procedure out; None when the jurisdiction has no checklist for it, or it lists no steps."""
    try:
        checklist = get_checklist(jurisdiction, procedure)
    except InputError:
        return None
    cited = Counter((item.citation.doc_key, item.citation.article) for item in checklist.items if item.kind == "step")
    return cited.most_common(1)[0][0] if cited else None


def parse_done(checklist: Checklist, raw: str | set[str] | list[str] | None) -> set[str]:
    """Done ids from "a,b" or a collection; an id not in this checklist is an InputError.

    Accepts the short form after the checklist prefix too (`submit` for
    `bingtuan.renewal.submit`) and 1-based item numbers as shown by `render_checklist`.
    """
    if not raw:
        return set()
    parts = raw.replace("，", ",").replace("、", ",").split(",") if isinstance(raw, str) else list(raw)
    ids = [i.id for i in checklist.items]
    done: set[str] = set()
    for part in (p.strip() for p in parts):
        if not part:
            continue
        full = part if part in ids else f"{checklist.id}.{part}"
        if full in ids:
            done.add(full)
        elif part.isdigit() and 1 <= int(part) <= len(ids):
            done.add(ids[int(part) - 1])
        else:
            raise InputError(f"清单“{checklist.title_zh}”中没有条目“{part}”。")
    return done


def progress(checklist: Checklist, done: set[str]) -> tuple[int, int]:
    """(done, total) counting only ids that belong to this checklist."""
    ids = {i.id for i in checklist.items}
    return len(ids & done), len(ids)


def render_checklist(checklist: Checklist, done: set[str]) -> str:
    """Plain-text export: title with progress, ☑/☐ items with evidence and citation, notes."""
    finished, total = progress(checklist, done)
    lines = [f"{checklist.title_zh}(已完成 {finished}/{total})", ""]
    for number, item in enumerate(checklist.items, start=1):
        mark = "☑" if item.id in done else "☐"
        lines.append(f"{mark} {number}. [{KIND_ZH[item.kind]}] {item.text_zh}")
        if item.evidence_zh:
            lines.append(f"     证明材料(建议):{item.evidence_zh}")
        lines.append(f"     依据:{item.citation.formatted}")
        lines.append(f"     编号:{item.id}")
    if checklist.notes:
        lines += ["", "说明:"]
        for note in checklist.notes:
            source = f"(见{note.citation.formatted})" if note.citation else ""
            lines.append(f"- {note.text_zh}{source}")
    return "\n".join(lines)


def _essentials(checklist: Checklist) -> tuple[str, list[ChecklistItem]]:
    """What a procedure comes down to: the materials it takes, else its steps."""
    materials = [i for i in checklist.items if i.kind == "material"]
    if materials:
        return "要交", materials
    return "的步骤", [i for i in checklist.items if i.kind == "step"]


def lead_line(checklist: Checklist) -> str:
    """The first line of a checklist reply: what it takes, for one who reads no further
    ("兵团变更常规信息(联系人、联系方式等)要交:备案信息变更说明。"); "" when it lists only conditions."""
    verb, items = _essentials(checklist)
    if not items:
        return ""
    name = checklist_table().procedures.get(checklist.procedure, checklist.procedure)
    return f"{checklist.jurisdiction.label_zh}{name}{verb}:{';'.join(i.text_zh for i in items)}。"


def summarize(checklist: Checklist) -> str:
    """One line for a procedure shown beside others of its kind: what it takes to hand in
    (its steps when it names no material), with the article it comes from."""
    _, items = _essentials(checklist)
    articles = list(dict.fromkeys(i.citation.formatted for i in items))
    name = checklist_table().procedures.get(checklist.procedure, checklist.procedure)
    return f"{name}:{';'.join(i.text_zh for i in items)}(依据:{';'.join(articles)})"
