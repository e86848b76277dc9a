"""A filing's scope: which occupations (工种) or 专项考核项目 at which levels.

Import files write it as one cell, `电工(五级/四级/三级);焊工(四级)`; the database keeps
`[{"occupation": "电工", "levels": ["五级", "四级", "三级"]}, ...]`. Level names follow
内蒙古办法第二十条 and 天津规程第八条 (初级工(五级) … 高级技师(一级), plus 学徒工, 特级技师,
首席技师 for employers); both the grade and the title are accepted and stored as the grade.
A 专项职业能力 project has no levels: `电子商务直播` alone.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from errors import InputError

LEVELS: tuple[str, ...] = ("学徒工", "五级", "四级", "三级", "二级", "一级", "特级技师", "首席技师")
LEVEL_TITLES = {
    "五级": "初级工",
    "四级": "中级工",
    "三级": "高级工",
    "二级": "技师",
    "一级": "高级技师",
}
_ALIASES = {title: grade for grade, title in LEVEL_TITLES.items()} | {
    "初级": "五级",
    "中级": "四级",
    "高级": "三级",
    **{f"{n}级": g for n, g in zip("54321", ("五级", "四级", "三级", "二级", "一级"), strict=True)},
}
# Greedy occupation, stripped afterwards: a lazy one followed by \s* is quadratic in a run of spaces.
_ITEM = re.compile(r"^(?P<occ>[^()]+)(?:\((?P<levels>[^()]*)\))?$")
MAX_ITEMS = 200


def _level(text: str) -> str:
    key = text.strip()
    if key in LEVELS:
        return key
    if key in _ALIASES:
        return _ALIASES[key]
    raise InputError(
        f"等级“{text}”无法识别,可用:{'、'.join(LEVELS)}(或初级工、中级工、高级工、技师、高级技师)。"
    )


def parse_scope(text: str) -> list[dict[str, Any]]:
    """Parse the scope cell; InputError in Chinese naming the bad item."""
    folded = unicodedata.normalize("NFKC", str(text)).strip()
    if not folded:
        raise InputError("评价范围不能为空,请填写职业(工种)及等级,如“电工(五级/四级)”。")
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    for raw in re.split(r"[;\n]+", folded):
        raw = raw.strip()
        if not raw:
            continue
        match = _ITEM.match(raw)
        if match is None:
            raise InputError(f"评价范围“{raw}”格式无效,应为“职业(等级/等级)”,如“电工(五级/四级)”。")
        occupation = match["occ"].strip()
        if occupation in seen:
            raise InputError(f"评价范围中“{occupation}”重复出现。")
        seen.add(occupation)
        levels: list[str] = []
        for part in re.split(r"[/、,]+", match["levels"] or ""):
            if part.strip():
                level = _level(part)
                if level not in levels:
                    levels.append(level)
        items.append({"occupation": occupation, "levels": sorted(levels, key=LEVELS.index)})
    if not items:
        raise InputError("评价范围不能为空,请填写职业(工种)及等级,如“电工(五级/四级)”。")
    if len(items) > MAX_ITEMS:
        raise InputError(f"评价范围有{len(items)}项,超过上限{MAX_ITEMS}项,请核对。")
    return items


def format_scope(items: list[dict[str, Any]]) -> str:
    """The import-file form; `parse_scope(format_scope(x)) == x` for parsed scopes."""
    parts = []
    for item in items:
        levels = "/".join(item.get("levels") or [])
        parts.append(f"{item['occupation']}({levels})" if levels else str(item["occupation"]))
    return ";".join(parts)


def describe_scope(items: list[dict[str, Any]]) -> str:
    """For people: 电工(初级工/五级、中级工/四级);专项:电子商务直播."""
    parts = []
    for item in items:
        levels = "、".join(
            f"{LEVEL_TITLES[lv]}/{lv}" if lv in LEVEL_TITLES else lv
            for lv in item.get("levels") or []
        )
        parts.append(f"{item['occupation']}({levels})" if levels else str(item["occupation"]))
    return ";".join(parts)


def names_trade(wanted: str, trade: str) -> bool:
    """Whether the 工种 asked is this filed one: its name, part of it, or its short form
    ("汽修" of 汽车维修工: the same first character, the rest in order)."""
    if wanted in trade or trade in wanted:
        return True
    if len(wanted) < 2 or wanted[0] != trade[0]:
        return False
    rest = iter(trade[1:])
    return all(ch in rest for ch in wanted[1:])
