"""Region swaps without labels: "那X呢" should answer as the question asked of X directly.

A question asked again of another region ("那兵团呢") is the same question there. This
probe needs no new labels: it derives conversations from the *tune* halves of the blind
answer sets (`benchmarks/questions/blind_answers*.jsonl`; holdout rows are never read).

- From each region-silent row (region S silent; another region R rules, `other_facts`):
  [the question asked of R, "那S呢"] must say S's text is silent (`silent after a swap`),
  and [the question of S, "那R呢"] must quote R's rule (`rule after a swap`). Each is shown
  beside the same question asked directly.
- From single-region fact, list and procedure rows: the question asked of another region,
  then "那X呢", must lead as the question asked of X directly (`same lead`).

Exit 0: this is a report. `-v` lists the rows that differ (tune rows only).

    python -m benchmarks.eval_region_swaps [-v] [--sample N]
"""

from __future__ import annotations

import argparse
import glob
import itertools
import json
import os
import random
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console

from benchmarks.eval_answers import normalise, pin_today
from benchmarks.eval_conversations import InProcess

ROOT = Path(__file__).resolve().parent.parent
NAMES = {"bingtuan": ("新疆生产建设兵团", "兵团"), "neimenggu": ("内蒙古自治区", "内蒙古", "内蒙"), "tianjin": ("天津市", "天津")}
SHORT = {"bingtuan": "兵团", "neimenggu": "内蒙古", "tianjin": "天津"}
DOCS = {"bingtuan": "bingtuan2025", "neimenggu": "neimenggu2024", "tianjin": "tianjin2020"}
SILENT = ("没有规定", "未规定", "没有明确", "未明确", "未作规定")
DIRECT_TYPES = ("fact", "paraphrase", "list", "procedure")


def tune_rows() -> Iterator[dict[str, Any]]:
    for path in sorted(glob.glob(str(ROOT / "benchmarks/questions/blind_answers*.jsonl"))):
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("split") == "tune":
                yield row


def region_named(question: str, region: str) -> str | None:
    """The name `question` calls `region` by, when it names that region and no other."""
    name = next((n for n in NAMES[region] if n in question), None)
    others = any(n in question for r in NAMES if r != region for n in NAMES[r])
    return None if others else name


def silent_cases(texts: dict[str, str]) -> list[tuple[str, str, str, str, list[str]]]:
    """(id, silent region, ruling region, question, the ruling region's facts)."""
    cases = []
    for row in tune_rows():
        silent, facts = row.get("silent_region") or row.get("jurisdiction"), row.get("other_facts") or []
        if row.get("type") != "region_silent" or silent not in NAMES or not facts:
            continue
        ruling = [r for r in texts if r != silent and all(f in texts[r] for f in facts)]
        name = region_named(row["question"], silent)
        if len(ruling) == 1 and name:
            cases.append((row["id"], silent, ruling[0], row["question"].replace(name, SHORT[silent], 1), facts))
    return cases


def direct_cases(sample: int) -> list[tuple[str, str, str]]:
    """(id, region, question) of single-region rows, a fixed random sample."""
    cases = [
        (row["id"], row["jurisdiction"], row["question"].replace(name, SHORT[row["jurisdiction"]], 1))
        for row in tune_rows()
        if row.get("type") in DIRECT_TYPES and row.get("jurisdiction") in NAMES
        and (name := region_named(row["question"], row["jurisdiction"]))
    ]
    random.Random(1).shuffle(cases)
    return cases[:sample]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--sample", type=int, default=120, help="single-region rows compared (default 120)")
    args = parser.parse_args()
    pin_today()
    console = Console(width=160, highlight=False)
    texts = {r: (ROOT / f"corpus/documents/{d}.txt").read_text(encoding="utf-8") for r, d in DOCS.items()}
    runner = InProcess(tempfile.mkdtemp())
    counter = itertools.count()
    last = lambda turns: runner.run({"turns": turns, "role": "staff"}, f"swap{next(counter)}")[-1]["answer"]  # noqa: E731
    says = lambda answer, words: any(normalise(w) in normalise(answer) for w in words)  # noqa: E731

    figures = dict.fromkeys(("silent asked directly", "silent after a swap", "rule asked directly", "rule after a swap"), 0)
    silent = silent_cases(texts)
    for rid, quiet, ruling, question, facts in silent:
        asked_of_ruling = question.replace(SHORT[quiet], SHORT[ruling], 1)
        found = {
            "silent asked directly": says(last([question]), SILENT),
            "silent after a swap": says(last([asked_of_ruling, f"那{SHORT[quiet]}呢"]), SILENT),
            "rule asked directly": says(last([asked_of_ruling]), facts),
            "rule after a swap": says(last([question, f"那{SHORT[ruling]}呢"]), facts),
        }
        for key, ok in found.items():
            figures[key] += ok
        if args.verbose and not all(found.values()):
            console.print(f"  {rid} {question} ↔ {SHORT[ruling]}: {found}")

    same = 0
    direct = direct_cases(args.sample)
    for k, (rid, region, question) in enumerate(direct):
        other = [r for r in SHORT if r != region][k % 2]
        alone = last([question]).splitlines()[0]
        swapped = last([question.replace(SHORT[region], SHORT[other], 1), f"那{SHORT[region]}呢"]).splitlines()[0]
        same += alone == swapped
        if args.verbose and alone != swapped:
            console.print(f"  {rid} {question}\n    directly: {alone[:100]}\n    swapped : {swapped[:100]}")

    console.print(f"Region swaps from the tune halves of the blind answer sets (load {os.getloadavg()[0]:.1f})")
    for key, value in figures.items():
        console.print(f"  {key:24s} {value}/{len(silent)}")
    console.print(f"  {'same lead as directly':24s} {same}/{len(direct)}")


if __name__ == "__main__":
    main()
