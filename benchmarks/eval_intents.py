"""Measure the offline router: intent accuracy, confusions and entity accuracy.

Two sets: benchmarks/intents.jsonl (labelled utterances written for the router, with
expected regions, dates, 备案编号… where relevant) and the shared dev questions
(../shared/eval/dev_questions.jsonl beside the repo, or $POLICYBOT_DEV_QUESTIONS), which are all
policy questions with a gold jurisdiction. It is a report, not a test: it always exits 0.

Rows with a "batch" field were written after the rules and run once unseen; the rules
were then fixed where they generalised, so today's figure for a batch is optimistic and
FIRST_RUN keeps its unseen score, which is the honest estimate for new phrasings.
Relative dates in the labels ("今天", "去年5月", "3月5日") are read against TODAY.

    python -m benchmarks.eval_intents
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bot.dates import ParsedDate, Precision
from bot.intents import Routed, route

TODAY = date(2026, 6, 1)
# Intent accuracy of each batch on its first, unseen run (hits, total); see the docstring.
FIRST_RUN: dict[str, tuple[int, int]] = {"heldout": (43, 53), "heldout2": (31, 44), "heldout3": (35, 41)}
OWN_SET = Path(__file__).with_name("intents.jsonl")
ROOT = Path(__file__).resolve().parents[1]
DEV_SET = Path(os.environ.get("POLICYBOT_DEV_QUESTIONS", ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"))


def say(*parts: str) -> None:
    """One report line on stdout (the report is the product here, not a log)."""
    sys.stdout.write(" ".join(parts) + "\n")


def _load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _date_label(parsed: ParsedDate) -> str:
    """How labels write a date: 2023-05-10, 2023-05 (month), 2023 (year), !problem."""
    if parsed.value is None:
        return "!problem"
    if parsed.precision is Precision.DAY:
        return parsed.value.isoformat()
    if parsed.precision is Precision.MONTH:
        return parsed.value.strftime("%Y-%m")
    return str(parsed.value.year)


# label key → what the router produced, in the label's own terms
_ENTITY_GETTERS: dict[str, Callable[[Routed], Any]] = {
    "regions": lambda r: [j.value for j in r.entities.regions],
    "dates": lambda r: [_date_label(d) for d in r.entities.dates],
    "filing_number": lambda r: r.entities.filing_number,
    "agency": lambda r: r.entities.agency_name,
    "article": lambda r: r.entities.article,
    "role": lambda r: r.entities.role.value if r.entities.role else None,
    "comparison": lambda r: r.entities.comparison,
}


def _percent(hit: int, total: int) -> str:
    return f"{hit}/{total} = {100 * hit / total:.1f}%" if total else "n/a"


def _report_intents(name: str, rows: list[dict[str, Any]], routed: list[Routed], text_key: str) -> None:
    per_intent: dict[str, list[bool]] = defaultdict(list)
    confusions: list[str] = []
    for row, result in zip(rows, routed, strict=True):
        ok = result.intent.value == row["intent"]
        per_intent[row["intent"]].append(ok)
        if not ok:
            confusions.append(
                f"  {row['id']}: expected {row['intent']}, got {result.intent.value}"
                f" (rule {result.rule}, {result.confidence:.2f}) — {row[text_key]}"
            )
    hits = sum(sum(v) for v in per_intent.values())
    say(f"\n== {name}: intent accuracy {_percent(hits, len(rows))}")
    batches: dict[str, list[bool]] = defaultdict(list)
    for row, result in zip(rows, routed, strict=True):
        batches[row.get("batch", "main")].append(result.intent.value == row["intent"])
    if len(batches) > 1:
        say("  by batch:", ", ".join(f"{b} {_percent(sum(v), len(v))}" for b, v in sorted(batches.items())))
        first = ", ".join(f"{b} {_percent(*FIRST_RUN[b])}" for b in sorted(batches) if b in FIRST_RUN)
        if first:
            say("  first run, unseen:", first)
    for intent in sorted(per_intent):
        results = per_intent[intent]
        say(f"  {intent:<12} {_percent(sum(results), len(results))}")
    predicted = Counter(r.intent.value for r in routed)
    say("  predicted:", ", ".join(f"{k} {v}" for k, v in predicted.most_common()))
    say(f"  confusions ({len(confusions)}):")
    say("\n".join(confusions) if confusions else "  none")


def _report_entities(rows: list[dict[str, Any]], routed: list[Routed]) -> None:
    say("  entity accuracy (rows that label the entity):")
    misses: list[str] = []
    for key, getter in _ENTITY_GETTERS.items():
        labelled = [(row, result) for row, result in zip(rows, routed, strict=True) if key in row]
        good = 0
        for row, result in labelled:
            got = getter(result)
            if got == row[key]:
                good += 1
            else:
                misses.append(f"  {row['id']} {key}: expected {row[key]!r}, got {got!r} — {row['text']}")
        say(f"    {key:<14} {_percent(good, len(labelled))}")
    say(f"  entity misses ({len(misses)}):")
    say("\n".join(misses) if misses else "  none")


def _report_dev_regions(rows: list[dict[str, Any]], routed: list[Routed]) -> None:
    """Gold jurisdiction = first region detected; a comparison = comparison detected; else none."""
    good, misses = 0, []
    for row, result in zip(rows, routed, strict=True):
        gold = row.get("jurisdiction")
        regions = [j.value for j in result.entities.regions]
        if row.get("type") == "comparison":
            ok = result.entities.comparison
        else:
            ok = regions[:1] == ([gold] if gold else [])
        good += ok
        if not ok:
            misses.append(f"  {row['id']}: gold {gold or 'comparison'}, got {regions} — {row['question']}")
    say(f"  region (first mention = gold jurisdiction; comparison rows flagged): {_percent(good, len(rows))}")
    if misses:
        say("\n".join(misses))


def _timed_routes(texts: list[str]) -> tuple[list[Routed], list[float]]:
    route("预热", today=TODAY)  # tables and opencc load once; not part of the per-message cost
    routed, millis = [], []
    for text in texts:
        start = time.perf_counter()
        routed.append(route(text, today=TODAY))
        millis.append((time.perf_counter() - start) * 1000)
    return routed, millis


def main() -> int:
    own = _load(OWN_SET)
    own_routed, own_ms = _timed_routes([row["text"] for row in own])
    _report_intents(f"own set ({OWN_SET.name}, {len(own)} utterances)", own, own_routed, "text")
    _report_entities(own, own_routed)

    if DEV_SET.exists():
        dev = [{**row, "intent": "policy"} for row in _load(DEV_SET)]
        dev_routed, dev_ms = _timed_routes([row["question"] for row in dev])
        _report_intents(f"dev questions ({len(dev)})", dev, dev_routed, "question")
        _report_dev_regions(dev, dev_routed)
        own_ms += dev_ms
    else:
        say(f"\n(dev questions not found at {DEV_SET}; skipped)")

    own_ms.sort()
    p95 = own_ms[int(0.95 * (len(own_ms) - 1))]
    say(f"\nroute() latency: median {statistics.median(own_ms):.3f} ms, p95 {p95:.3f} ms, max {own_ms[-1]:.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
