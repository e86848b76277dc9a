"""Which jurisdictions a question names, from a keyword table.

Retrieval uses it to rank a named region's articles first and to give each
named region its own slots in a comparison question, so "兵团和内蒙古规定一样吗"
gets both documents in the top hits instead of a blend of one.
"""

from __future__ import annotations

import re

from corpus.models import Jurisdiction

# Ordered: longer, more specific names first. "国家" alone is not a region (国家职业标准).
REGION_KEYWORDS: tuple[tuple[str, Jurisdiction], ...] = (
    ("新疆生产建设兵团", Jurisdiction.BINGTUAN),
    ("兵团", Jurisdiction.BINGTUAN),
    ("师市", Jurisdiction.BINGTUAN),
    ("内蒙古", Jurisdiction.NEIMENGGU),
    ("内蒙", Jurisdiction.NEIMENGGU),
    ("自治区", Jurisdiction.NEIMENGGU),
    ("盟市", Jurisdiction.NEIMENGGU),
    ("呼和浩特", Jurisdiction.NEIMENGGU),
    ("包头", Jurisdiction.NEIMENGGU),
    ("鄂尔多斯", Jurisdiction.NEIMENGGU),
    ("天津", Jurisdiction.TIANJIN),
    ("市鉴定中心", Jurisdiction.TIANJIN),
    ("浙江", Jurisdiction.ZHEJIANG),
    ("人社部", Jurisdiction.NATIONAL),
    ("人力资源社会保障部", Jurisdiction.NATIONAL),
    ("全国性", Jurisdiction.NATIONAL),
    ("全国", Jurisdiction.NATIONAL),
    ("行业组织", Jurisdiction.NATIONAL),
    ("水平评价类", Jurisdiction.NATIONAL),
    ("国家职业资格目录", Jurisdiction.NATIONAL),
)

_COMPARISON = re.compile(r"各地|分别|哪里|不同|区别|差别|差异|一样|相同|对比|比较|两地|各自|都")


def detect_regions(text: str) -> list[Jurisdiction]:
    """Regions in order of first mention, without duplicates."""
    found: list[tuple[int, Jurisdiction]] = []
    taken: list[tuple[int, int]] = []
    for keyword, region in REGION_KEYWORDS:
        for match in re.finditer(re.escape(keyword), text):
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            taken.append(span)
            found.append((span[0], region))
    ordered: list[Jurisdiction] = []
    for _, region in sorted(found, key=lambda pair: pair[0]):
        if region not in ordered:
            ordered.append(region)
    return ordered


def is_comparison(text: str) -> bool:
    return len(detect_regions(text)) >= 2 or bool(re.search(r"各地|各省|哪些地方|两地", text))


def mentions_comparison_words(text: str) -> bool:
    return bool(_COMPARISON.search(text))
