"""Pathological messages against a normal question, in one run, for `make bench` (issue 10).

A message built to make a regex backtrack ("AB" + 4,000 digits + "X", "哈" × 4,000, "吧了" ×
2,000 …) must cost about what a normal question costs: routing reads at most
MAX_QUERY_CHARS characters and every pattern on user text is linear. Prints, for `route`
and for `Engine.handle`, each shape's median time and its ratio to the normal question,
with the load average, since the machine is shared. The target (≤ 3×) is on the whole turn,
`Engine.handle`; `route` alone is shown for information (it reads up to twice the question
limit, so a long message costs more than a 30-character one, but linearly). Exit 0.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable

from bot.console import ensure_database
from bot.engine import Engine
from bot.intents import route
from bot.messages import UserInput
from config import get_settings
from retrieval.textnorm import MAX_QUERY_CHARS

TARGET_RATIO = 3.0
LENGTH = 4096
REPEATS = 5
NORMAL = "内蒙古评价机构备案有效期多久?到期前多久要申请续期?"
SHAPES: dict[str, str] = {
    "letters+digits+X": "AB" + "1" * LENGTH + "X",
    "digit run": "1" * LENGTH,
    "one CJK char + x": "哈" * LENGTH + "x",
    "吧了 + x": "吧了" * (LENGTH // 2) + "x",
    "repeated punctuation": "!" * LENGTH + "x",
    "dashed digits": "-1" * (LENGTH // 2) + "X",
    "spaces": "电工" + " " * LENGTH + "X(",
    "mixed CJK": ("评价机构备案2023年5月10日,“示例”《办法》第十一条?" * 200)[:LENGTH],
}


def median_ms(action: Callable[[], object]) -> float:
    """Median wall time of REPEATS runs, in milliseconds."""
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def report(label: str, measure: Callable[[str], float], *, target: bool = True) -> dict[str, float]:
    """Time the normal question and each shape with `measure`; print ratios; return them."""
    base = measure(NORMAL)
    say(f"{label}: normal question {base:.2f} ms")
    ratios: dict[str, float] = {}
    for name, text in SHAPES.items():
        spent = measure(text)
        ratios[name] = spent / base if base else float("inf")
        verdict = ("PASS" if ratios[name] <= TARGET_RATIO else "FAIL") if target else "(information)"
        say(f"  {name:<22} {len(text):>5} chars  {spent:8.2f} ms  {ratios[name]:6.2f}x  target <= {TARGET_RATIO:.0f}x: {verdict}")
    return ratios


def main() -> None:
    say(f"Pathological input vs a normal question (load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}):")
    route(NORMAL)  # tables and opencc loaded before timing
    routed = report("route", lambda text: median_ms(lambda: route(text)), target=False)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        ensure_database(url)
        engine = Engine(get_settings(), database_url=url)
        engine.handle(UserInput(user_id="bench:warmup", text=NORMAL))

        def handle(text: str) -> float:
            return median_ms(lambda: engine.handle(UserInput(user_id=f"bench:{uuid.uuid4().hex[:10]}", text=text)))

        handled = report("Engine.handle", handle)
        at_limit = {name: text[:MAX_QUERY_CHARS] for name, text in SHAPES.items()}
        long_normal = (NORMAL * (MAX_QUERY_CHARS // len(NORMAL) + 1))[:MAX_QUERY_CHARS]
        base = handle(long_normal)
        say(f"Engine.handle at the question limit ({MAX_QUERY_CHARS} chars: routed and searched, not refused), "
            f"against a normal question of the same length ({base:.2f} ms):")
        for name, text in at_limit.items():
            ratio = handle(text) / base
            handled[f"{name} @limit"] = ratio
            verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
            say(f"  {name:<22} {len(text):>5} chars  {ratio:6.2f}x  target <= {TARGET_RATIO:.0f}x: {verdict}")
    say(f"load average after: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    say(json.dumps({
        "route_worst_ratio": round(max(routed.values()), 2),
        "handle_worst_ratio": round(max(handled.values()), 2),
        "load1": round(os.getloadavg()[0], 1),
    }))


def say(line: str) -> None:
    """One report line on stdout (the report is the product here, not a log)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
