"""Conversation figures for `make eval`: multi-turn sets run as `policybot ask - --json --conversation`.

Each row is `{id, role, turns, facts_any_last, [split]}`: the turns are one user's stdin
lines (`#N` presses the N-th button of the previous reply), and every group of
`facts_any_last` must be matched by one of its strings in the last reply's `answer`, after
whitespace and punctuation normalisation (as ../shared/eval/README.md says). A row passes
when the conversation runs (one reply per turn, no internal error) and every group matches.

Sets: ../shared/eval/dev_turns.jsonl and benchmarks/questions/blind_turns*.jsonl; a set
with a `split` field is reported per split (tune, holdout), and holdout rows are never
listed one by one. The registry is a fresh SQLite database with the sample registry loaded
as written (no date shift), so the dates in the expected facts are the CSV's, and the bot
answers as of the day the sets were written (AS_OF_DATE, `eval_answers.pin_today`), so "前天"
and 剩余天数 mean what their writers meant.

By default every conversation goes through `bot.console.converse`, the function
`policybot ask` runs, in this process (one engine, fast); `--subprocess` runs the real
command once per conversation instead (slow: a cold start each). Exit 0: this is a report.

    python -m benchmarks.eval_conversations [-v] [--subprocess] [FILE.jsonl ...]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.eval_answers import load, normalise, pin_today
from config import get_settings

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEV_TURNS = get_settings().seed_docs_dir.parent / "eval" / "dev_turns.jsonl"
INTERNAL_ERROR_MARK = "出错了"


@dataclass
class Outcome:
    ok: bool
    why: str = ""


@dataclass
class Tally:
    passed: int = 0
    total: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def row(self) -> list[str]:
        share = f"{100 * self.passed / self.total:.0f}%" if self.total else "-"
        per = f"{1000 * self.seconds / self.total:.0f}" if self.total else "-"
        return [str(self.total), f"{self.passed}", share, per]


def judge(row: dict[str, Any], replies: list[dict[str, Any]]) -> Outcome:
    """Pass when every turn got a reply, none an internal error, and the last has every fact group."""
    if len(replies) != len(row["turns"]):
        return Outcome(False, f"{len(replies)} replies for {len(row['turns'])} turns")
    if any(INTERNAL_ERROR_MARK in str(r.get("answer", "")) for r in replies):
        return Outcome(False, "internal error")
    answer = normalise(str(replies[-1]["answer"])) if replies else ""
    missing = [group for group in row.get("facts_any_last", []) if not any(normalise(f) in answer for f in group)]
    if missing:
        return Outcome(False, "missing " + " | ".join("/".join(g) for g in missing))
    said = " ".join(normalise(str(r.get("answer", ""))) for r in replies)
    leaked = [s for s in row.get("must_not_contain", []) if normalise(s) in said]
    if leaked:  # e.g. an agency name in a reply to someone who may not see the list
        return Outcome(False, "must not show " + "/".join(leaked))
    return Outcome(True)


class InProcess:
    """One engine over a fresh database holding the sample registry; `converse` per row."""

    def __init__(self, tmp: str) -> None:
        from bot.console import ensure_database
        from bot.engine import Engine
        from db.seed import seed_sample
        from db.session import session_scope

        url = f"sqlite:///{tmp}/conversations.db"
        ensure_database(url)
        with session_scope(url) as session:
            seed_sample(session=session, shift=False)
        self.engine = Engine(get_settings(), database_url=url)

    def run(self, row: dict[str, Any], user: str) -> list[dict[str, Any]]:
        from bot.console import converse, reply_contract
        from bot.messages import Role

        replies = converse(self.engine, row["turns"], user_id=user, role=Role(row["role"]), conversation=True)
        return [reply_contract(reply) for reply in replies]


class Subprocess:
    """`policybot ask - --json --conversation --role ROLE --user ID`, one process per row."""

    def __init__(self, tmp: str) -> None:
        self.env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/conversations.db"}
        for args in (["db", "upgrade"], ["db", "seed-sample", "--no-shift"]):
            subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=ROOT, env=self.env,
                           capture_output=True, check=False)

    def run(self, row: dict[str, Any], user: str) -> list[dict[str, Any]]:
        out = subprocess.run(
            [sys.executable, "-m", "bot.cli", "ask", "-", "--json", "--conversation",
             "--role", row["role"], "--user", user],
            cwd=ROOT, env=self.env, input="\n".join(row["turns"]) + "\n", capture_output=True,
            text=True, timeout=600, check=False,
        )
        return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def conversation_sets(paths: list[Path]) -> dict[str, list[dict[str, Any]]]:
    """Set name → rows; a file with a `split` field becomes one set per split."""
    sets: dict[str, list[dict[str, Any]]] = {}
    for path in paths:
        rows = load(path)
        if not rows:
            continue
        name = "dev_turns" if path == DEV_TURNS else path.stem
        by_split: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_split[row.get("split", "")].append(row)
        for split, members in by_split.items():
            sets[f"{name}/{split}" if split else name] = members
            kinds: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for row in members:
                if row.get("kind"):
                    kinds[row["kind"]].append(row)
            for kind, rows in sorted(kinds.items()) if len(kinds) > 1 else ():
                sets[f"  {name}/{split}: {kind}" if split else f"  {name}: {kind}"] = rows
    return sets


def main(argv: list[str] | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    pin_today()
    args = argv if argv is not None else sys.argv[1:]
    verbose = "-v" in args
    files = [Path(a) for a in args if not a.startswith("-")]
    paths = files or [DEV_TURNS, *sorted((HERE / "questions").glob("blind_turns*.jsonl"))]
    console = Console(width=160)
    with tempfile.TemporaryDirectory() as tmp:
        runner = Subprocess(tmp) if "--subprocess" in args else InProcess(tmp)
        table = Table(title="Conversations (policybot ask - --json --conversation)")
        for column in ("set", "n", "passed", "pass rate", "ms/conversation"):
            table.add_column(column)
        listed: list[str] = []
        for number, (name, rows) in enumerate(conversation_sets(paths).items()):
            tally = Tally()
            for index, row in enumerate(rows):
                start = time.perf_counter()
                try:
                    outcome = judge(row, runner.run(row, f"eval{number}-{index}"))
                except Exception as exc:  # a crash is a failed row, not a failed report
                    outcome = Outcome(False, f"crashed: {exc}")
                tally.seconds += time.perf_counter() - start
                tally.total += 1
                tally.passed += outcome.ok
                if not outcome.ok:
                    tally.failures.append(f"[{name}] {row['id']}: {outcome.why}")
            table.add_row(name, *tally.row())
            if "holdout" not in name:
                listed += tally.failures
        console.print(table)
        if verbose and listed:
            console.print("Failures (holdout not listed):")
            for line in listed:
                console.print(f"  {line}", highlight=False, markup=False)


if __name__ == "__main__":
    main()
