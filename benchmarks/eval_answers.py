"""Answer-level figures for `make eval`: facts, citation precision, and the not-covered rates.

Runs the real engine (no LLM) on fresh conversations, as `policybot ask - --json`
does, over the dev questions, our own retrieval questions, and the coverage set
(benchmarks/questions/coverage.jsonl: questions labelled answerable or not).
False refusal = an answerable question answered "not covered"; false answer = an
unanswerable one answered as if covered. Exit 0: this is a report.
"""

from __future__ import annotations

import json
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from bot.engine import Engine
from bot.messages import Reply, UserInput
from config import get_settings

HERE = Path(__file__).resolve().parent
DEV = get_settings().seed_docs_dir.parent / "eval" / "dev_questions.jsonl"
OWN = HERE / "questions" / "own_retrieval.jsonl"
BLIND = HERE / "questions" / "blind_holdout.jsonl"
COVERAGE = HERE / "questions" / "coverage.jsonl"


def load(path: Path) -> list[dict]:  # type: ignore[type-arg]
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def is_gold(hit_doc: str, hit_article: int | None, gold: dict) -> bool:  # type: ignore[type-arg]
    if gold["article"] is None:
        return hit_doc == gold["doc"] or (gold["doc"] == "zhejiang2017" and hit_doc == "mohrss2017")
    return hit_doc == gold["doc"] and hit_article == gold["article"]


@dataclass
class Tally:
    answerable: int = 0
    negatives: int = 0
    false_refusals: int = 0
    false_answers: int = 0
    with_facts: int = 0
    facts_in_lead: int = 0
    fact_questions: int = 0
    cited: int = 0
    cited_gold: int = 0

    def add(self, question: dict, reply: Reply) -> None:  # type: ignore[type-arg]
        answerable = question.get("covered", bool(question.get("gold")))
        if not answerable:
            self.negatives += 1
            self.false_answers += reply.covered
            return
        self.answerable += 1
        if not reply.covered:
            self.false_refusals += 1
        facts = question.get("answer_facts") or []
        if facts:
            self.fact_questions += 1
            full = reply.text + "".join(h.text for h in reply.citations)
            self.with_facts += all(f in full for f in facts)
            self.facts_in_lead += all(f in reply.text for f in facts)
        golds = question.get("gold") or []
        if golds and reply.covered:
            self.cited += len(reply.citations)
            self.cited_gold += sum(any(is_gold(h.doc_key, h.article, g) for g in golds) for h in reply.citations)

    def row(self) -> list[str]:
        def pct(a: int, b: int) -> str:
            return f"{a / b:.2f}" if b else "-"

        return [
            str(self.answerable + self.negatives),
            pct(self.with_facts, self.fact_questions),
            pct(self.facts_in_lead, self.fact_questions),
            pct(self.cited_gold, self.cited),
            pct(self.false_refusals, self.answerable),
            pct(self.false_answers, self.negatives),
        ]


def main() -> None:
    from rich.console import Console
    from rich.table import Table

    from bot.console import ensure_database

    settings = get_settings()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/eval.db"
        ensure_database(url)
        engine = Engine(settings, database_url=url)
        sets = {
            "dev": load(DEV),
            "own (tuning)": [q for q in load(OWN) if q.get("split") != "holdout"],
            "own (holdout)": [q for q in load(OWN) if q.get("split") == "holdout"],
            "blind": load(BLIND),
            "coverage set": load(COVERAGE),
        }
        table = Table(title="Answer quality (extractive engine, no LLM)")
        for column in ("set", "n", "all facts (reply)", "all facts (lead)", "citation precision", "false refusal", "false answer"):
            table.add_column(column)
        misses: list[str] = []
        for name, questions in sets.items():
            tally = Tally()
            for question in questions:
                reply = engine.handle(UserInput(user_id=f"eval:{uuid.uuid4().hex[:10]}", text=question["question"]))
                tally.add(question, reply)
                answerable = question.get("covered", bool(question.get("gold")))
                if name not in ("own (holdout)", "blind") and answerable != reply.covered:
                    kind = "false refusal" if answerable else "false answer"
                    misses.append(f"[{name}] {kind}: {question['question']}")
            table.add_row(name, *tally.row())
        console = Console()
        console.print(table)
        if misses:
            console.print("Coverage mistakes (holdout and blind not listed):")
            for line in misses:
                console.print(f"  {line}", highlight=False, markup=False)


if __name__ == "__main__":
    main()
