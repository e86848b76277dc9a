"""备案编号: the registry's key for a filing, in a documented sample format.

The three local texts do not publish a numbering scheme (兵团办法第八条 only says the
bureau "统一编码"; 内蒙古办法第十一条 "赋码"), so this project uses its own:

    BT-2023-0001   jurisdiction prefix - year first filed - 4-digit sequence

with prefixes BT 兵团, NM 内蒙古, TJ 天津. People type numbers in many ways (lower case,
full-width digits, long dashes, no dashes), so input is normalised first; the canonical form
is what the database stores. To accept a real scheme later, add a pattern here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from corpus.models import Jurisdiction
from errors import InvalidFilingNumberError

PREFIXES: dict[str, Jurisdiction] = {
    "BT": Jurisdiction.BINGTUAN,
    "NM": Jurisdiction.NEIMENGGU,
    "TJ": Jurisdiction.TIANJIN,
}
PREFIX_OF: dict[Jurisdiction, str] = {j: p for p, j in PREFIXES.items()}
REGISTRY_JURISDICTIONS: tuple[Jurisdiction, ...] = tuple(PREFIXES.values())
FIRST_YEAR = 2000

_DASHES = re.compile(r"[\s\-_－–—―‐/.·]+")
_PATTERN = re.compile(r"^(?P<prefix>[A-Z]{2})-?(?P<year>\d{4})-?(?P<seq>\d{4})$")
_LOOSE = re.compile(
    r"(?<![A-Za-z0-9])(?:BT|NM|TJ)\s*[-_–—]?\s*\d{4}\s*[-_–—]?\s*\d{4}(?![0-9])", re.IGNORECASE
)
EXAMPLE = "BT-2023-0001"
FORMAT_HINT = f"格式为“地区代码-首次备案年份-4位序号”,如 {EXAMPLE}(BT 兵团、NM 内蒙古、TJ 天津)"


@dataclass(frozen=True)
class FilingNumber:
    prefix: str
    year: int
    sequence: int

    @property
    def jurisdiction(self) -> Jurisdiction:
        return PREFIXES[self.prefix]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year:04d}-{self.sequence:04d}"


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", str(text)).strip().upper()
    return _DASHES.sub("-", folded).strip("-")


def parse_filing_number(text: str, *, max_year: int | None = None) -> FilingNumber:
    """The parsed number, or InvalidFilingNumberError naming what is wrong, in Chinese."""
    folded = _fold(text)
    if not folded:
        raise InvalidFilingNumberError(f"备案编号不能为空,{FORMAT_HINT}。")
    match = _PATTERN.match(folded)
    if match is None:
        raise InvalidFilingNumberError(
            f"备案编号“{str(text).strip()[:40]}”格式无效,{FORMAT_HINT}。"
        )
    prefix, year, seq = match["prefix"], int(match["year"]), int(match["seq"])
    if prefix not in PREFIXES:
        raise InvalidFilingNumberError(
            f"备案编号“{folded}”的地区代码“{prefix}”无效,应为 BT(兵团)、NM(内蒙古)或 TJ(天津)。"
        )
    if year < FIRST_YEAR or (max_year is not None and year > max_year):
        upper = f"至{max_year}" if max_year is not None else "以后"
        raise InvalidFilingNumberError(
            f"备案编号“{folded}”中的年份{year}不合理,应在{FIRST_YEAR}{upper}年之间。"
        )
    if seq == 0:
        raise InvalidFilingNumberError(f"备案编号“{folded}”的序号不能为0000。")
    return FilingNumber(prefix, year, seq)


def normalise_filing_number(text: str, *, max_year: int | None = None) -> str:
    """Canonical `BT-2023-0001` form of a valid number."""
    return str(parse_filing_number(text, max_year=max_year))


def looks_like_filing_number(text: str) -> bool:
    """True when the text has the shape of a number, valid or not (for routing a query)."""
    folded = _fold(text)
    return bool(re.match(r"^[A-Z]{2}-?\d{4}-?\d{3,}$", folded))


def find_filing_numbers(text: str) -> list[str]:
    """Valid numbers mentioned inside free text, canonical, in order of appearance."""
    found: list[str] = []
    for match in _LOOSE.finditer(unicodedata.normalize("NFKC", text)):
        try:
            number = normalise_filing_number(match.group(0))
        except InvalidFilingNumberError:
            continue
        if number not in found:
            found.append(number)
    return found
