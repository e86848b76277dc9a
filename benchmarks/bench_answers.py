"""Answer latency of the conversation engine, in-process and without an LLM, for `make bench`.

Each question is a fresh conversation through `Engine.handle` (database turn,
routing, retrieval, coverage judgement, lead selection). Target: p95 ≤ 60 ms (the answer-latency target of the product).
This shared machine's speed drifts by half between runs, so the same run also times the
query embedding each answer contains (the embedder alone, on the same questions) and prints
the answer as a multiple of it, and what the answer costs beyond it: those compare across runs.
Prints figures; exit 0.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
import uuid

from benchmarks.eval_answers import COVERAGE, DEV, OWN, load
from bot.console import ensure_database
from bot.engine import Engine
from bot.messages import UserInput
from config import get_settings

TARGET_P95_MS = 60.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    questions = [q["question"] for path in (DEV, OWN, COVERAGE) for q in load(path)]
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        ensure_database(url)
        engine = Engine(get_settings(), database_url=url)
        engine.handle(UserInput(user_id="bench:warmup", text="备案有效期多久?"))
        timings: list[float] = []
        for question in questions:
            started = time.perf_counter()
            engine.handle(UserInput(user_id=f"bench:{uuid.uuid4().hex[:10]}", text=question))
            timings.append((time.perf_counter() - started) * 1000)
        embed = engine.answerer.searcher.embeddings.embed_query  # uncached: the embedder alone
        embedding: list[float] = []
        for question in questions:
            started = time.perf_counter()
            embed(question)
            embedding.append((time.perf_counter() - started) * 1000)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    load1 = os.getloadavg()[0]
    say(f"Answer latency over {len(timings)} questions (fresh conversation each, no LLM, load {load1:.1f}):")
    say(f"  p50 {p50:.1f} ms   p95 {p95:.1f} ms   max {max(timings):.1f} ms   target p95 <= {TARGET_P95_MS:.0f} ms: "
          f"{'PASS' if p95 <= TARGET_P95_MS else 'FAIL'}")
    e50, e95 = statistics.median(embedding), percentile(embedding, 0.95)
    say(f"  query embedding alone, same run: p50 {e50:.1f} ms   p95 {e95:.1f} ms")
    say(f"  answer / embedding: p50 {p50 / e50:.2f}x   beyond the embedding: p50 {p50 - e50:.1f} ms   p95 {p95 - e95:.1f} ms")
    say(f"  peak RSS {peak_mb:.0f} MB")
    say(json.dumps({
        "answer_p50_ms": round(p50, 1), "answer_p95_ms": round(p95, 1), "peak_rss_mb": round(peak_mb),
        "embedding_p50_ms": round(e50, 1), "embedding_p95_ms": round(e95, 1),
    }))


def say(line: str) -> None:
    """One report line on stdout (the report is the product here, not a log)."""
    sys.stdout.write(line + "\n")


if __name__ == "__main__":
    main()
