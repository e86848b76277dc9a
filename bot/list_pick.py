"""One row of the regulator's list just shown, picked by the next message ("最早过期的是哪家").

A list reply names each filing by its number at the start of a line; the conversation
keeps those numbers (in the order shown) with the turn's subject, so "第二家呢" or
"最后那个哪天到期" is a lookup of that filing, without fetching the list again; so is
"里头哪家是行业协会" when one row is of that kind. The words that pick are data
(`question.yaml` `followup.list_pick`, `intents.yaml` `applicant_types`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.intents import ApplicantType, applicant_type_of
from bot.question import cue_tables
from corpus.numerals import parse_chinese_number

__all__ = ["asks_upcoming", "listed_rows", "picked_row", "picked_rows", "status_swapped"]

# "NM-2023-0004 示例…协会(内蒙古·自治区本级·行业组织)【责令终止】…": the number, what the
# brackets say (jurisdiction·area·kind), and the state.
_ROW = re.compile(r"^([A-Z]{2,4}-\d{4}-\d{3,5})\s[^(（\n]*[(（]([^)）\n]*)[)）](?:[^【\n]*【([^】\n]*)】)?", re.MULTILINE)
# Asking which row: "哪家是…", "谁…", "胡杨河那家呢", or whether one is there: "里面有用人单位吗".
_WHICH = re.compile(r"[哪那](?:一)?(?:家|个|些)|谁|有没有|是不是|有[^,,。?？]{1,14}?(?:吗|没|么|不)")
# An area as the list names it, without its suffix ("包头市" → 包头, "第四师可克达拉市" → 可克达拉, 四师).
_AREA_SUFFIX = re.compile(r"(?:市|盟|地区|区|县|旗)$")
# A state as the list names it, by a word the user would say of it.
_STATE_WORDS = ("责令", "自愿", "自动", "暂停", "过期", "到期")
# The states of a filing still in force, as the list shows them.
_VALID_STATES = ("有效", "临近到期")


# The day a listed filing runs out, as its line says it ("有效期至2027-11-21").
_EXPIRY = re.compile(r"有效期至(\d{4}-\d{2}-\d{2})")
# A first or last asked of when filings run out: by that day, whatever order the list is in.
_BY_EXPIRY = re.compile(r"到期|过期|有效期")
# States of a row that will not run out again.
_ENDED = ("过期", "终止")


def listed_rows(text: str) -> list[tuple[str, str, str, str, str]]:
    """The filings a list reply shows, in its order, each with its kind, area, state and
    expiry as the list names them ("" where it names none; no rows for a refused list)."""
    rows = []
    for line in text.splitlines():
        for number, where, state in _ROW.findall(line):
            parts = where.split("·")
            area = parts[1] if len(parts) > 2 else ""
            expiry = found.group(1) if (found := _EXPIRY.search(line)) else ""
            rows.append((number, parts[-1], area, state, expiry))
    return list(dict.fromkeys(rows))


def picked_row(text: str, rows: Sequence[Sequence[str]], kind: ApplicantType | None = None) -> str | None:
    """The filing number `text` picks from the listed `rows`: its first or last (the list is
    in date order, so 最早 is the first), the N-th, or the one row whose kind of body, area or
    state the text asks which of; None when it picks none, N is past the end, or several fit."""
    picked = picked_rows(text, rows, kind)
    return picked[0] if len(picked) == 1 else None


def picked_rows(text: str, rows: Sequence[Sequence[str]], kind: ApplicantType | None = None) -> list[str]:
    """Every filing number `text` picks from the listed `rows` (see `picked_row`): one for an
    end or an ordinal, all the rows fitting the attributes it names ("哪家是被责令终止的")."""
    numbers = [row[0] for row in rows]
    if not numbers:
        return []
    picks = cue_tables().raw["followup"]["list_pick"]
    found = [(m.start(), name, m) for name, pattern in picks.items() if (m := re.search(pattern, text))]
    if not found:
        return _by_attributes(text, rows, kind)
    _, name, match = min(found, key=lambda f: f[0])
    if name in ("first", "last"):
        # The list is in date order: of expiry, or of the change (暂停, 终止) it lists; asked
        # which runs out first, the rows' expiry decides when each line says it.
        ordered = _by_expiry(text, rows) if _BY_EXPIRY.search(text) else None
        numbers = numbers if ordered is None else ordered
        return numbers[:1] if name == "first" else numbers[-1:]
    index = parse_chinese_number(match.group(1))
    return [numbers[index - 1]] if 1 <= index <= len(numbers) else []


def _by_expiry(text: str, rows: Sequence[Sequence[str]]) -> list[str] | None:
    """The numbers of the rows whose line says when they run out, soonest first; asked which
    runs out next ("接下来最快到期的"), only those not already past or ended (none, when the
    list shows only such rows). None when a row the order needs says no day (the list's own
    order then stands)."""
    dated = [row for row in rows if len(row) > 4 and row[4]]
    if asks_upcoming(text):
        return [row[0] for row in sorted(dated, key=lambda row: row[4]) if not any(word in row[3] for word in _ENDED)]
    if len(dated) < len(rows):
        return None
    return [row[0] for row in sorted(dated, key=lambda row: row[4])]


def asks_upcoming(text: str) -> bool:
    """Whether a pick asks which filing runs out next, not which ran out first."""
    return re.search(cue_tables().raw["followup"]["list_upcoming"], text) is not None


def narrows(text: str) -> bool:
    """Whether a message narrows the last list ("只看用人单位的") or settles for part of it
    ("就告诉我东丽区的也行")."""
    follow = cue_tables().raw["followup"]
    return re.search(follow["list_narrow"], text) is not None or re.search(follow["list_settle"], text) is not None


def _by_attributes(text: str, rows: Sequence[Sequence[str]], kind: ApplicantType | None) -> list[str]:
    """The rows fitting every attribute the text names (kind, area, state), when it asks
    which row or whether one is there, or narrows the list to them ("只看用人单位的")."""
    if not (_WHICH.search(text) or narrows(text)):
        return []
    tests = []
    if kind is not None:
        tests.append(lambda row: len(row) > 1 and applicant_type_of(row[1]) is kind)
    if any(_names_area(text, row[2]) for row in rows if len(row) > 2):
        tests.append(lambda row: len(row) > 2 and _names_area(text, row[2]))
    said = [w for w in _STATE_WORDS if w in text]
    if re.search(cue_tables().raw["followup"]["list_valid"], text):
        said += list(_VALID_STATES)  # "哪些现在还能正常评": the filings still in force
    if said and any(len(row) > 3 and any(w in row[3] for w in said) for row in rows):
        tests.append(lambda row: len(row) > 3 and any(w in row[3] for w in said))
    if not tests:
        return []
    return [row[0] for row in rows if all(test(row) for test in tests)]


def _names_area(text: str, area: str) -> bool:
    """Whether `text` names the listed `area` ("包头那家" of 包头市; "可克达拉" or "四师" of 第四师可克达拉市)."""
    core = _AREA_SUFFIX.sub("", area)
    pieces = [p for p in re.split(r"第|师", core) if len(p) >= 2]
    if "师" in core:
        pieces.append(core.split("师")[0].removeprefix("第") + "师")
    return any(len(p) >= 2 and p in text for p in (core, *pieces))


def status_swapped(last: str, text: str) -> str | None:
    """The last list question asked of another state: "那终止的呢" after "兵团哪些机构被暂停了" is
    "兵团哪些机构被终止了". None when the message names no state a list is of, or the last
    question named none to swap (a list asked anew is read as such)."""
    picks = cue_tables().raw["followup"]["list_pick"].values()  # 最早, 最后那家, 第二家
    if _WHICH.search(text) or any(re.search(pick, text) for pick in picks):
        return None  # "最早到期的是哪家": a row of the list shown, picked
    kinds = cue_tables().list_kinds
    said = next((m for _, cue in kinds if (m := cue.search(text))), None)
    before = next((m for _, cue in kinds if (m := cue.search(last))), None)
    if said is None or before is None:
        return None
    return f"{last[: before.start()]}{said.group(0)}{last[before.end():]}"
