"""Turn raw web copies into clean corpus documents.

What is removed or repaired is declared per source in `corpus/sources.yaml`
(start/end lines, exact replacements); this module only applies it, plus two
generic steps every copy needs: dropping page-furniture lines and removing
stray spaces that web copies insert between Chinese characters (首 席技师).
The legal wording itself is never rewritten.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from errors import CorpusError

FURNITURE = tuple(
    re.compile(p)
    for p in (
        r"^点击二维码$",
        r"^查看公众号$",
        r"^扫码关注",
        r"^阅读量[::]",
        r"^#.*#$",
        r"^原文(链接|地址)",
        r"^当前位置[::]",
        r"^附件下载[::]",
        r"^【推荐】",
        r"^主办[::]",
        r"^技术支持[::]",
        r"^电话[::]\s*400",
        r"^•\s",
        r"^-{5,}$",
    )
)

_HEADING_PREFIX = re.compile(r"^(第[零〇一二三四五六七八九十百千\d]+[章节条])[ \t\u3000\u00a0]+")
# A space next to a Chinese character, with no Latin letter on either side, is copy noise
# (首 席技师, 技师(二级) 和, 2020年 12月).
_SP = r"[ \t\u3000\u00a0]+"
_STRAY_SPACE = re.compile(
    rf"(?<=[^\x00-\x7f]){_SP}(?=[^A-Za-z\s])|(?<=[^A-Za-z\s]){_SP}(?=[^\x00-\x7f])"
)


@dataclass(frozen=True)
class SourceSpec:
    key: str
    source_file: str
    start: str
    end: str
    meta: dict[str, Any]
    replacements: list[tuple[str, str]] = field(default_factory=list)
    drop_lines: list[str] = field(default_factory=list)


def load_specs(path: Path) -> list[SourceSpec]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    specs = []
    for entry in raw["documents"]:
        entry = dict(entry)
        entry["replacements"] = [tuple(pair) for pair in entry.get("replacements", [])]
        specs.append(SourceSpec(**entry))
    return specs


def _squash(line: str) -> str:
    return re.sub(r"\s+", " ", line.strip())


def normalise_line(line: str) -> str:
    """One space after a 章/节/条 label; no spaces between Chinese characters elsewhere."""
    line = line.strip()
    heading = _HEADING_PREFIX.match(line)
    if heading:
        return f"{heading.group(1)} {_STRAY_SPACE.sub('', line[heading.end():])}"
    return _STRAY_SPACE.sub("", line)


def is_furniture(line: str) -> bool:
    return any(p.search(line) for p in FURNITURE)


def clean_source(raw: str, spec: SourceSpec) -> str:
    """Cut the document out of its page, drop furniture, repair known defects."""
    lines = [line.strip() for line in raw.replace("\r\n", "\n").splitlines()]
    lines = [line for line in lines if line]
    squashed = [_squash(line) for line in lines]
    try:
        start = squashed.index(_squash(spec.start))
        end = squashed.index(_squash(spec.end), start)
    except ValueError as exc:
        raise CorpusError(f"{spec.key}: 在源文件中找不到起止行({exc})") from exc
    drop = {_squash(line) for line in spec.drop_lines}
    kept = [
        line
        for line in lines[start : end + 1]
        if _squash(line) not in drop and not is_furniture(line)
    ]
    text = "\n".join(kept)
    for old, new in spec.replacements:
        if old not in text:
            raise CorpusError(f"{spec.key}: 需修复的片段不存在:{old!r}")
        text = text.replace(old, new)
    return "\n".join(normalise_line(line) for line in text.split("\n")) + "\n"


def build_corpus(seed_dir: Path, corpus_dir: Path) -> list[Path]:
    """Write `<key>.txt` and `<key>.json` for every source spec; return the written paths."""
    specs = load_specs(corpus_dir / "sources.yaml")
    out_dir = corpus_dir / "documents"
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in specs:
        raw = (seed_dir / spec.source_file).read_text(encoding="utf-8")
        text_path = out_dir / f"{spec.key}.txt"
        meta_path = out_dir / f"{spec.key}.json"
        text_path.write_text(clean_source(raw, spec), encoding="utf-8")
        meta = {"key": spec.key, **spec.meta, "source_file": spec.source_file}
        meta_path.write_text(
            json.dumps(meta, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
        )
        written += [text_path, meta_path]
    return written
