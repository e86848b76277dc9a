"""Offline intent routing: what a chat message asks for, and the entities it carries.

`route(text)` works without any model: it normalises the text (traditional →
simplified, full-width → half-width, common IME typos), extracts entities
(regions, dates, 备案编号, credit code, agency name, applicant type, procedure,
deadline event, article number) and walks the decision list in `intents.yaml`;
the first rule whose features hold names the intent. Policy is the fallback, so
anything that looks like a question is answered from the texts.

Keeping the cues and the rule order in YAML makes each boundary (policy vs
checklist vs deadline vs eligibility) one visible line that tests pin down, and
the labelled set in benchmarks/intents.jsonl measures it. The tables are loaded
and compiled on the first call, so importing this module costs nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.dates import DateRole, Precision, parse_dates
from bot.messages import Intent, Role
from bot.routed import BECOMING_AN_AGENCY, ApplicantType, DeadlineEvent, Entities, Procedure, Routed
from corpus.models import Jurisdiction
from corpus.numerals import parse_chinese_number
from retrieval.regions import detect_regions, detect_unsupported, is_comparison, parse_region_choice
from retrieval.textnorm import MAX_QUERY_CHARS

__all__ = [
    "ApplicantType",
    "CREDIT_CODE_PATTERN",
    "DeadlineEvent",
    "Entities",
    "FILING_NUMBER_PATTERN",
    "Procedure",
    "Routed",
    "TABLE_PATH",
    "applicant_type_of",
    "parse_command",
    "route",
]

TABLE_PATH = Path(__file__).with_name("intents.yaml")

# 备案编号 as typed in free text: 2–4 letters, then digit groups joined by optional dashes
# (BT-2023-0001, NM-2024-012, TJ2020001), at least 5 digits in all (the lookahead), so
# "win10" is not one. Deliberately looser than the registry's own format
# (db/filing_number.py), which validates and says what is wrong. Each digit group is
# possessive (\d{2,}+): a run of digits is never split between groups, so "AB" + 4,000
# digits + "X" fails in linear time instead of trying every split (cubic).
FILING_NUMBER_PATTERN = (
    r"(?<![A-Za-z0-9])(?=[A-Za-z]{2,4}(?:[-–—_－]?\d){5})"
    r"[A-Za-z]{2,4}(?:[-–—_－]?\d{2,}+){1,3}(?![A-Za-z0-9])"
)
# 统一社会信用代码: 18 characters with the 6-digit division code at positions 3–8. Shape
# only; the check character is verified by the registry so the user hears which one is wrong.
CREDIT_CODE_PATTERN = r"(?<![0-9A-Za-z])[0-9A-Za-z]{2}\d{6}[0-9A-Za-z]{10}(?![0-9A-Za-z])"
COMMAND_PATTERN = r"^\s*[/／](?P<name>[A-Za-z][A-Za-z0-9_]{0,31})(?![A-Za-z0-9_])(?:@(?P<bot>[A-Za-z0-9_]+))?\s*(?P<args>.*)$"

# A settings message ("设置地区 内蒙古", "我是评价机构工作人员") is short; longer text is a question.
MAX_SETTINGS_LENGTH = 24
_FILING_RE = re.compile(FILING_NUMBER_PATTERN)
_CREDIT_RE = re.compile(CREDIT_CODE_PATTERN)
_COMMAND_RE = re.compile(COMMAND_PATTERN, re.DOTALL)
_ARTICLE_RE = re.compile(r"第(?P<n>[一二三四五六七八九十百零〇两\d]{1,5})条")
_FRAME_WORDS = re.compile(r"设置|设定|切换|改|换|选|我|地区|region", re.IGNORECASE)
_DASH_FOLD = str.maketrans({"－": "-", "—": "-", "–": "-"})
_PUNCT = re.compile(r"[\s\W_]+")  # for the "bare" form: letters, digits and CJK only
# Full-width punctuation folded one-for-one (normalise_query folds only letters and digits),
# so the tables need only the ASCII forms: ，？！；：（） → ,?!;:()
_PUNCT_FOLD = str.maketrans("\uff0c\uff1f\uff01\uff1b\uff1a\uff08\uff09\u3000", ",?!;:() ")


# Features computed in Python rather than by a cue regex; rules may name them too.
DERIVED_FEATURES = frozenset(
    {
        "empty", "emoji", "code", "filing", "credit", "agency_name", "bare_agency", "date",
        "date_problem", "comparison", "procedure", "existing_procedure", "applicant_type",
        "event", "region_choice", "bare_region", "role_choice", "settings_frame",
        "conditions_for_target", "unsupported_place",
    }
)


@dataclass(frozen=True)
class _Rule:
    name: str
    intent: Intent
    confidence: float
    all: frozenset[str]
    any: frozenset[str]
    none: frozenset[str]

    def matches(self, features: frozenset[str]) -> bool:
        return (
            self.all <= features
            and (not self.any or bool(self.any & features))
            and not (self.none & features)
        )


@dataclass(frozen=True)
class _Tables:
    commands: dict[str, Intent]
    typos: tuple[tuple[re.Pattern[str], str], ...]
    cues: dict[str, re.Pattern[str]]
    procedures: re.Pattern[str]
    procedures_unless: dict[str, re.Pattern[str]]
    families: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...]
    applicant_types: re.Pattern[str]
    legal_forms: re.Pattern[str]
    deadline_events: re.Pattern[str]
    roles: re.Pattern[str]
    frames: tuple[re.Pattern[str], ...]
    agency: dict[str, re.Pattern[str]]
    rules: tuple[_Rule, ...]


def _named_union(table: dict[str, str]) -> re.Pattern[str]:
    """One regex with a named group per key; the group that matched names the value."""
    return re.compile("|".join(f"(?P<{key}>{pattern})" for key, pattern in table.items()), re.IGNORECASE)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    """Load and compile intents.yaml once; an unknown feature or intent fails loudly."""
    import yaml  # lazy: only the first routed message pays for it

    raw: dict[str, Any] = yaml.safe_load(TABLE_PATH.read_text(encoding="utf-8"))
    cues = {name: re.compile(p, re.IGNORECASE) for name, p in raw["cues"].items()}
    known = DERIVED_FEATURES | set(cues)
    rules = []
    for row in raw["rules"]:
        rule = _Rule(
            name=row["name"],
            intent=Intent(row["intent"]),
            confidence=float(row["confidence"]),
            all=frozenset(row.get("all", ())),
            any=frozenset(row.get("any", ())),
            none=frozenset(row.get("none", ())),
        )
        unknown = (rule.all | rule.any | rule.none) - known
        if unknown:
            raise ValueError(f"intents.yaml rule {rule.name!r} names unknown features {sorted(unknown)}")
        rules.append(rule)
    return _Tables(
        commands={name: Intent(value) for name, value in raw["commands"].items()},
        typos=tuple((re.compile(p), r) for p, r in raw["typos"]),
        cues=cues,
        procedures=_named_union(raw["procedures"]),
        procedures_unless={code: re.compile(cue) for code, cue in (raw.get("procedures_unless") or {}).items()},
        families=tuple((row["name"], re.compile(row["cue"]), tuple(row["procedures"])) for row in raw["procedure_families"]),
        applicant_types=_named_union(raw["applicant_types"]),
        legal_forms=_named_union(raw["legal_forms"]),
        deadline_events=_named_union(raw["deadline_events"]),
        roles=_named_union(raw["roles"]),
        frames=tuple(re.compile(f"^(?:{raw['settings_lead']})?{p.removeprefix('^')}", re.IGNORECASE) for p in raw["settings_frames"]),
        agency={k: re.compile(v) for k, v in raw["agency"].items()},
        rules=tuple(rules),
    )


def parse_command(text: str) -> tuple[str, str] | None:
    """("status", "示例中心") for "/status 示例中心" or "/status@policybot 示例中心"; else None."""
    m = _COMMAND_RE.match(text)
    if m is None:
        return None
    return m["name"].lower(), m["args"].strip()


def _family(tables: _Tables, text: str) -> tuple[str, tuple[Procedure, ...]] | None:
    """The kind of procedure a message names when it names no one procedure (信息变更)."""
    for name, cue, codes in tables.families:
        if cue.search(text):
            return name, tuple(Procedure(code) for code in codes)
    return None


def applicant_type_of(text: str) -> ApplicantType | None:
    """The kind of body a phrase names (行业协会 → industry_org), by the routing table."""
    found = _first_value(_tables().applicant_types, text.lower())
    return ApplicantType(found) if found else None


def _first_value(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.lastgroup if m else None


def _strip_name(candidate: str, agency: dict[str, re.Pattern[str]]) -> str | None:
    """An agency name from the words around a status cue, or None if it is generic."""
    name = agency["fillers"].sub("", candidate.strip().strip(_QUOTES))
    name = agency["trailing"].sub("", name)
    ends = list(agency["suffixes"].finditer(name))
    if not ends:
        return None
    name = name[: ends[-1].end()].strip()
    if agency["self"].search(name):
        return None  # 我们中心: the user's own agency, handled as a reference
    specific = agency["generic"].sub("", name)
    return name if len(_PUNCT.sub("", specific)) >= 2 else None


_QUOTES = "“”\"'「」『』《》 "
_CLAUSE = re.compile(r"[,。.;!?、\n]+")
_QUOTED = re.compile(r"[“\"「『《](?P<q>[^”\"」』》]{2,40})[”\"」』》]")


def _agency_name(text: str, low: str, tables: _Tables) -> tuple[str | None, bool]:
    """(name, whole_message_is_the_name) — name found beside a status cue, in quotes, or alone."""
    agency = tables.agency
    for m in tables.cues["status"].finditer(low):
        before = [c for c in _CLAUSE.split(text[: m.start()]) if c.strip()]
        after = [c for c in _CLAUSE.split(text[m.end() :]) if c.strip()]
        for candidate in (before[-1:] + after[:1]):
            name = _strip_name(candidate, agency)
            if name:
                return name, False
    for q in _QUOTED.finditer(text):
        name = _strip_name(q["q"], agency)
        if name:
            return name, False
    whole = _CLAUSE.sub("", text)
    name = _strip_name(whole, agency)
    if name and not agency["asking"].search(name) and _PUNCT.sub("", agency["fillers"].sub("", whole)) == _PUNCT.sub("", name):
        return name, True
    return None, False


def _is_id_card(code: str) -> bool:
    """An 18-digit 居民身份证号 has the credit code's shape; it is personal data, not an agency."""
    if not (code[:17].isdigit() and (code[17].isdigit() or code[17] in "xX")):
        return False
    try:
        born = date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year <= date.today().year


def _codes(text: str) -> tuple[str | None, str | None, str]:
    """(filing number, credit code, text with both blanked out so dates skip their digits)."""
    credit = _CREDIT_RE.search(text)
    masked = text
    if credit:
        masked = masked[: credit.start()] + " " * len(credit.group(0)) + masked[credit.end() :]
        if _is_id_card(credit.group(0)):
            credit = None
    filing = None
    m = _FILING_RE.search(masked)
    if m:
        filing = m.group(0).upper().translate(_DASH_FOLD)
        masked = masked[: m.start()] + " " * len(m.group(0)) + masked[m.end() :]
    return filing, credit.group(0).upper() if credit else None, masked


def _role_choice(rest: str, tables: _Tables) -> Role | None:
    m = tables.roles.fullmatch(rest)
    return Role(m.lastgroup) if m and m.lastgroup else None


def _settings(bare: str, text: str, tables: _Tables) -> tuple[Jurisdiction | None, Role | None, bool]:
    """(region, role, matched_a_frame) for a settings-shaped message."""
    if len(bare) > MAX_SETTINGS_LENGTH:
        return None, None, False
    for frame in tables.frames:
        m = frame.match(bare)
        if m is None:
            continue
        rest = m["rest"]
        role = _role_choice(rest, tables)
        region = parse_region_choice(rest)
        if role or region:
            return region, role, True
    return parse_region_choice(text), None, False


def _role_after_keyword(low: str, tables: _Tables) -> Role | None:
    """"把角色改成监管部门": the first role alias after 角色/身份/role, if the message has one."""
    keyword = re.search(r"角色|身份|role", low)
    if keyword is None:
        return None
    m = tables.roles.search(low, keyword.end())
    return Role(m.lastgroup) if m and m.lastgroup else None


def _fix_typos(text: str, tables: _Tables) -> str:
    for pattern, replacement in tables.typos:
        text = pattern.sub(replacement, text)
    return text


def _understand(text: str, today: date) -> tuple[Entities, frozenset[str]]:
    """Entities and the feature set the decision list is evaluated on."""
    tables = _tables()
    low = text.lower()
    if len(low) != len(text):  # a rare character changed length; keep spans aligned
        low = text
    bare = _PUNCT.sub("", low)
    features = {  # *_only cues look at the whole message, the others anywhere in it
        name for name, cue in tables.cues.items() if cue.search(bare if name.endswith("_only") else low)
    }

    filing, credit, masked = _codes(text)
    dates = tuple(parse_dates(masked, today))
    regions = tuple(detect_regions(text))
    comparison = is_comparison(text)
    name, bare_name = _agency_name(text, low, tables)
    procedure = _first_value(tables.procedures, low)
    if procedure in tables.procedures_unless and tables.procedures_unless[procedure].search(low):
        procedure = None
    applicant = _first_value(tables.applicant_types, low)
    event = _first_value(tables.deadline_events, low)
    article_match = _ARTICLE_RE.search(text)
    article = parse_chinese_number(article_match["n"].replace("〇", "零")) if article_match else None
    region_choice, role_choice, framed = _settings(bare, text, tables)

    derived = {
        "empty": not bare,
        "emoji": any(unicodedata.category(ch) == "So" for ch in text),
        "code": bool(filing or credit),
        "filing": bool(filing),
        "credit": bool(credit),
        "agency_name": bool(name),
        "bare_agency": bare_name,
        # A bare year ("想把2022年的纸质考卷销毁") is no day to count from, nor a filing's year with no time
        # limit named ("2025年备案以后…多久不开展评价就取消备案"; "2024年备案的 续期最晚啥时候交" is one).
        "date": any(d.precision is not Precision.YEAR or (d.role is not DateRole.UNKNOWN and event is not None) for d in dates),
        "date_problem": any(d.problem for d in dates),
        "comparison": comparison,
        # A place the texts do not cover, with no covered region beside it ("广东省备案要交哪些材料"):
        # no dialogue can serve it, and the policy answer says what the texts cover.
        "unsupported_place": bool(detect_unsupported(text)) and not regions,
        "procedure": procedure is not None,
        "existing_procedure": procedure is not None and procedure not in BECOMING_AN_AGENCY,
        "applicant_type": applicant is not None,
        "event": event is not None,
        "region_choice": region_choice is not None,
        "bare_region": region_choice is not None and not framed and _is_bare_region(bare),
        "role_choice": role_choice is not None,
        "settings_frame": framed,
        "conditions_for_target": "conditions" in features and "apply_target" in features,
    }
    features |= {k for k, v in derived.items() if v}
    entities = Entities(
        regions=regions,
        comparison=comparison,
        unsupported_regions=tuple(detect_unsupported(text)),
        dates=dates,
        filing_number=filing,
        credit_code=credit,
        agency_name=name,
        applicant_type=ApplicantType(applicant) if applicant else None,
        legal_form=_first_value(tables.legal_forms, low),
        procedure=Procedure(procedure) if procedure else None,
        procedure_family=None if procedure else _family(tables, low),
        deadline_event=DeadlineEvent(event) if event else None,
        article=article,
        role=role_choice,
    )
    return entities, frozenset(features)


def _is_bare_region(bare: str) -> bool:
    """The whole message is one region alias ("天津", "内蒙古自治区"), no frame words."""
    return parse_region_choice(bare) is not None and not _FRAME_WORDS.search(bare)


def route(text: str, *, today: date | None = None) -> Routed:
    """Intent, confidence and entities of one message; a slash command decides the intent."""
    from retrieval.textnorm import normalise_query  # lazy: opencc loads on first message

    tables = _tables()
    today = today or date.today()
    command = parse_command(text)
    body = (command[1] if command else text)[: 2 * MAX_QUERY_CHARS]  # enough to be refused as too long
    norm = _fix_typos(normalise_query(body).translate(_PUNCT_FOLD), tables)
    # Only the first MAX_QUERY_CHARS characters are read: a longer question is refused by the
    # searcher anyway, and no pattern may spend more than linear time on what a user typed.
    # `text` stays whole so the answer layer still sees (and refuses) the long question.
    head = norm[:MAX_QUERY_CHARS]
    entities, features = _understand(head, today)
    if command:
        name, args = command
        intent = tables.commands.get(name)
        if intent is Intent.SETTINGS and name == "role" and entities.role is None:
            entities = replace(entities, role=_role_choice(_PUNCT.sub("", head.lower()), tables))
        if intent is None:
            return Routed(Intent.HELP, 0.3, entities, norm, "unknown_command", name, args)
        return Routed(intent, 1.0, entities, norm, f"command:{name}", name, args)
    for rule in tables.rules:
        if rule.matches(features):
            if rule.intent is Intent.SETTINGS and entities.role is None:
                entities = replace(entities, role=_role_after_keyword(head.lower(), tables))
            return Routed(rule.intent, rule.confidence, entities, norm, rule.name)
    raise AssertionError("intents.yaml must end with an unconditional fallback rule")
