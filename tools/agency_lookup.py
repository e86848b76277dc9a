"""Find an evaluation agency from what a user typed: 备案编号, credit code, or (part of) a name.

Numbers and codes are exact keys, validated first so a typo gets a precise message
(校验位不符, 地区代码无效) instead of "not found". Names are matched fuzzily on a
normalised core: traditional → simplified, full width → half width, no spaces or
punctuation, without the 示例 sample prefix and the legal-form suffix (有限公司,
有限责任公司, 股份有限公司, 公司), so "天山机电评价公司", a registered 简称 or a one-character
typo all find the agency. Scores combine rapidfuzz's character ratio, substring
containment and a character-bigram overlap that ignores word order. A clear winner is a
match; near-ties come back as candidates for the user to choose from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz
from sqlmodel import Session, select

from db.credit_code import normalise_credit_code, validate_credit_code
from db.crud import get_agency_by_credit_code, get_filing_by_number
from db.filing_number import find_filing_numbers, looks_like_filing_number, normalise_filing_number
from db.models import Agency
from db.reference import names_jurisdiction
from errors import InputError, UnknownAgencyError
from retrieval.textnorm import normalise_query

MATCH_THRESHOLD = 75.0
SUGGEST_THRESHOLD = 45.0
CLEAR_MARGIN = 8.0
MAX_CANDIDATES = 5
MAX_QUERY_CHARS = 100

_SAMPLE_PREFIX = "示例"
_SUFFIXES = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "公司")
_NOISE = re.compile(r"[\s\-_—·•,,。.、;;::'\"“”‘’()()\[\]【】《》<>/\\|]+")
_FILLER = re.compile(
    r"(的)?(备案)?(状态|情况|信息|有效期|到期|查询|怎么样|是否有效|还有效吗|有效吗)+$"
)
_CODE_SHAPE = re.compile(r"^[0-9A-Z]{18}$")


class MatchedBy(StrEnum):
    FILING_NUMBER = "filing_number"
    CREDIT_CODE = "credit_code"
    NAME = "name"


@dataclass(frozen=True)
class ScoredAgency:
    agency: Agency
    score: float


@dataclass(frozen=True)
class Lookup:
    """Either one agency (`agency` set) or candidates to choose from; never both."""

    query: str
    matched_by: MatchedBy
    agency: Agency | None = None
    filing_number: str | None = None  # when the user named one filing
    candidates: tuple[ScoredAgency, ...] = ()
    more: int = 0  # further near-equal matches not listed in `candidates`


def name_core(text: str) -> str:
    """The comparable part of a name: simplified, no punctuation, prefix or legal suffix."""
    core = _NOISE.sub("", unicodedata.normalize("NFKC", normalise_query(text))).upper()
    if core.startswith(_SAMPLE_PREFIX):
        core = core[len(_SAMPLE_PREFIX) :]
    for suffix in _SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix) + 1:
            core = core[: -len(suffix)]
            break
    return core


# What is left of a name once its places are gone, when it says only what kind of body it is
# ("技工学校", "职业技术学校"): no name of anyone.
_KIND_ONLY = re.compile(r"(?:职业|技能|人才|培训|评价|服务|中心|技工|技师|技术|学校|学院|专项|能力|考核|站|行业|协会|学会)+")
# Bodies whose name, without its place, is also how anyone speaks of their kind ("建筑业协会
# 能承接认定吗"): matched only with the place.
_GENERIC_BODIES = re.compile(r"(?:协会|学会)$")
MIN_MENTION = 4


def _places(jurisdiction: str, region: str) -> list[str]:
    """The place words a name may open with: its jurisdiction (天津, 天津市) and the parts of
    its area (第八师石河子市 → 第八师, 石河子市, 石河子), longest first."""
    parts = [jurisdiction, f"{jurisdiction}市", *re.findall(r"第[一二三四五六七八九十]+师|[^第]+", region)]
    words = {p for part in parts for p in (part, re.sub(r"[市区盟县]$", "", part)) if len(p) >= 2}
    return sorted(words, key=len, reverse=True)


def _unplaced(core: str, places: list[str]) -> list[str]:
    """The name core without the places it opens with, one place at a time ("兵团第一师阿拉尔
    技工学校" → "第一师阿拉尔技工学校", "阿拉尔技工学校"), while a name is left."""
    found: list[str] = []
    while True:
        place = next((p for p in places if core.startswith(p)), None)
        if place is None:
            return found
        core = core[len(place) :]
        if len(core) < MIN_MENTION or _KIND_ONLY.fullmatch(core):
            return found
        found.append(core)


@lru_cache(maxsize=8)
def mention_needles(rows: tuple[tuple[str, str | None, str, str, str], ...]) -> dict[str, tuple[str, str]]:
    """What in free text names each agency, → (credit code, name): its name core, its 简称,
    and its name without the places it opens with ("北辰精密机械" for 天津北辰精密机械) while it
    holds most of the 简称, unless two agencies share the words ("餐饮行业协会": 天津's and
    内蒙古's). Rows are (name, short name, credit code, jurisdiction label, area); the registry
    changes rarely, so the needles of the rows last seen are kept."""
    owners: dict[str, set[str]] = {}
    named: dict[str, tuple[str, str]] = {}
    for name, short, credit, jurisdiction, region in rows:
        core = name_core(name)
        brief = name_core(short) if short else ""
        needles = [core, brief]
        if brief and not _GENERIC_BODIES.search(core):
            # Still its own name: it holds most of the 简称 ("北辰精密机械", 北辰精机), where
            # "汽车零部件" of 西青汽车零部件 (西青汽配) is only the trade, "电子科技" (武清电子) the field.
            own = set(brief)
            needles += [rest for rest in _unplaced(core, _places(jurisdiction, region)) if len(own & set(rest)) > len(own) / 2]
        for needle in filter(None, needles):
            owners.setdefault(needle, set()).add(credit)
            named[needle] = (credit, name)
    return {needle: named[needle] for needle, credits in owners.items() if len(credits) == 1}


# "二连那个安检站", "锡林郭勒盟那家": a place, a pointing word, then (maybe) what the agency is.
_PLACE_THAT = re.compile(r"(?P<place>[\u4e00-\u9fff]{2,6}?)(?:那个|这个|那家|这家)(?P<core>[\u4e00-\u9fff]{0,8})")


def mention_by_place(text: str, rows: tuple[tuple[str, str | None, str, str, str], ...]) -> tuple[str, str] | None:
    """The one agency a message names by its place and a few of its words ("二连那个安检站" is
    示例二连浩特民航安检职业资格评价站; "锡林郭勒盟那家" the one agency there), → (credit code,
    name); None when none or several fit. The words must come in the name's order."""
    # The place may open anywhere ("请问二连那个…"): the first one some agency's name or area holds.
    matches = (_PLACE_THAT.match(text, start) for start in range(len(text)))
    placed = ((m, [row for row in rows if m["place"] in row[0] or m["place"] in row[4]]) for m in matches if m)
    found, here = next(((m, here) for m, here in placed if here), (None, []))
    if found is None:
        return None
    core = found["core"]
    for length in range(len(core), 1, -1):
        fitting = [row for row in here if _in_order(core[:length], row[0]) or (row[1] and _in_order(core[:length], row[1]))]
        if fitting:
            return (fitting[0][2], fitting[0][0]) if len(fitting) == 1 else None
    # The one agency of a place needs a place smaller than a jurisdiction: "兵团那个办法" names a
    # text (a jurisdiction is a place only with the agency's own words after it, 兵团那家焊工评价中心).
    return (here[0][2], here[0][0]) if len(here) == 1 and not names_jurisdiction(found["place"]) else None


def _in_order(words: str, name: str) -> bool:
    """Whether every character of `words` is in `name`, in order (安检站 of 安检职业资格评价站)."""
    rest = iter(name)
    return all(ch in rest for ch in words)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def name_score(query_core: str, agency: Agency) -> float:
    """0–100: how well a normalised query names this agency."""
    core = name_core(agency.name)
    short = name_core(agency.short_name) if agency.short_name else ""
    if query_core in (core, short):
        return 100.0
    scores = [fuzz.ratio(query_core, core)]
    if short:
        scores.append(fuzz.ratio(query_core, short))
        if len(short) >= 3 and short in query_core:
            scores.append(88.0)
    if len(query_core) >= 2 and query_core in core:
        scores.append(90.0 + 10.0 * len(query_core) / len(core))
    if short and len(query_core) >= 2 and query_core in short:
        scores.append(90.0 + 10.0 * len(query_core) / len(short))
    q_grams, c_grams = _bigrams(query_core), _bigrams(core)
    scores.append(100.0 * 2 * len(q_grams & c_grams) / (len(q_grams) + len(c_grams)))
    if len(query_core) >= 4:
        scores.append(0.9 * fuzz.partial_ratio(query_core, core))
    return round(max(scores), 1)


def rank_by_name(query: str, agencies: list[Agency]) -> list[ScoredAgency]:
    core = name_core(_FILLER.sub("", normalise_query(query)))
    if len(core) < 2:
        raise InputError("请至少输入两个字的机构名称或简称,或直接输入备案编号、统一社会信用代码。")
    scored = [ScoredAgency(a, name_score(core, a)) for a in agencies]
    return sorted(scored, key=lambda s: (-s.score, s.agency.name))


def _decide(query: str, ranked: list[ScoredAgency]) -> Lookup:
    exact = [s for s in ranked if s.score >= 100.0]
    if len(exact) == 1:
        return Lookup(query, MatchedBy.NAME, agency=exact[0].agency)
    good = [s for s in ranked if s.score >= MATCH_THRESHOLD]
    if not exact and good:
        runner_up = good[1].score if len(good) > 1 else 0.0
        if good[0].score - runner_up >= CLEAR_MARGIN:
            return Lookup(query, MatchedBy.NAME, agency=good[0].agency)
        close = [s for s in good if good[0].score - s.score < CLEAR_MARGIN]
        return Lookup(
            query,
            MatchedBy.NAME,
            candidates=tuple(close[:MAX_CANDIDATES]),
            more=max(0, len(close) - MAX_CANDIDATES),
        )
    if exact:
        return Lookup(
            query,
            MatchedBy.NAME,
            candidates=tuple(exact[:MAX_CANDIDATES]),
            more=max(0, len(exact) - MAX_CANDIDATES),
        )
    suggestions = [s.agency.name for s in ranked[:3] if s.score >= SUGGEST_THRESHOLD]
    hint = (
        f"您是不是要找:{'、'.join(suggestions)}?"
        if suggestions
        else "请核对名称,或改用备案编号、统一社会信用代码查询。"
    )
    raise UnknownAgencyError(f"没有找到名称为“{query}”的评价机构。{hint}")


def lookup_agency(*, session: Session, query: str) -> Lookup:
    """Resolve a query; raises Invalid*Error for malformed keys, UnknownAgencyError if absent."""
    text = normalise_query(query or "")
    if not text:
        raise InputError("请输入机构名称、备案编号或统一社会信用代码。")
    if len(text) > MAX_QUERY_CHARS:
        raise InputError(f"查询内容太长了,请只输入机构名称或编号({MAX_QUERY_CHARS}字以内)。")
    numbers = find_filing_numbers(text)
    if looks_like_filing_number(text) or len(numbers) == 1:
        number = numbers[0] if numbers else normalise_filing_number(text)
        filing = get_filing_by_number(session=session, filing_number=number)
        if filing is None:
            raise UnknownAgencyError(f"登记册中没有备案编号为“{number}”的评价机构,请核对编号。")
        return Lookup(
            query,
            MatchedBy.FILING_NUMBER,
            agency=session.get(Agency, filing.agency_id),
            filing_number=filing.filing_number,
        )
    code = normalise_credit_code(text)
    if _CODE_SHAPE.match(code) or (len(code) == 18 and code.isalnum() and code.isascii()):
        code = validate_credit_code(code)
        agency = get_agency_by_credit_code(session=session, credit_code=code)
        if agency is None:
            raise UnknownAgencyError(f"登记册中没有统一社会信用代码为“{code}”的评价机构。")
        return Lookup(query, MatchedBy.CREDIT_CODE, agency=agency)
    if (
        code.isascii()
        and code.isalnum()
        and 15 <= len(code) <= 20
        and any(ch.isdigit() for ch in code)
    ):
        validate_credit_code(code)  # raises with the length message
    agencies = list(session.exec(select(Agency)).all())
    return _decide(query, rank_by_name(text, agencies))
