"""Answer-level figures for `make eval`: facts in the lead, region faithfulness, refusals.

Runs the real engine (no LLM) on fresh conversations, as `policybot ask - --json`
does, over the dev questions, our own retrieval questions, the blind sets and the
coverage set (benchmarks/questions/coverage.jsonl: questions labelled answerable or
not). Columns:

- facts (reply): every `answer_facts` string is in the answer text or a quoted passage;
- facts (answer): every one is in the `answer` text itself, the part users read,
  after whitespace and punctuation normalisation (the issue-9 headline figure);
- faithful: of questions about one named region, the share whose reply cites no other
  region's article unlabelled (a national text is allowed; another region's line must
  name that region and be marked as reference);
- refused: of unanswerable questions (negatives, region-silent ones), the share answered
  covered=false; silence said: of region-silent ones, the share whose first line says the
  region's text 没有规定; false refusal: answerable questions answered covered=false.

Blind answer sets (benchmarks/questions/blind_answers*.jsonl) are reported per split;
holdout rows are never listed question by question. Exit 0: this is a report.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine import Engine
from bot.messages import Reply, UserInput
from config import get_settings
from corpus.models import JURISDICTION_NAMES, Jurisdiction

HERE = Path(__file__).resolve().parent
DEV = get_settings().seed_docs_dir.parent / "eval" / "dev_questions.jsonl"
OWN = HERE / "questions" / "own_retrieval.jsonl"
BLIND = HERE / "questions" / "blind_holdout.jsonl"
COVERAGE = HERE / "questions" / "coverage.jsonl"
LOCAL = {"bingtuan", "neimenggu", "tianjin", "zhejiang"}
REFERENCE_MARK = "供参考"


def load(path: Path) -> list[dict]:  # type: ignore[type-arg]
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def normalise(text: str) -> str:
    """NFKC text without whitespace or punctuation: how answer facts are matched."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace() and not unicodedata.category(ch).startswith(("P", "S")))


def is_gold(hit_doc: str, hit_article: int | None, gold: dict) -> bool:  # type: ignore[type-arg]
    if gold["article"] is None:
        return hit_doc == gold["doc"] or (gold["doc"] == "zhejiang2017" and hit_doc == "mohrss2017")
    return hit_doc == gold["doc"] and hit_article == gold["article"]


def is_answerable(question: dict) -> bool:  # type: ignore[type-arg]
    """Negatives and region-silent questions (the named region's text says nothing) are not."""
    if question.get("type") in ("negative", "region_silent"):
        return False
    return bool(question.get("covered", bool(question.get("gold"))))


def asked_region(question: dict) -> str | None:  # type: ignore[type-arg]
    """The one local region a non-comparison question is about, if any."""
    region = question.get("jurisdiction")
    if region in LOCAL and question.get("type") != "comparison":
        return str(region)
    return None


def faithful(region: str, reply: Reply) -> bool:
    """No other region's article stands unlabelled under a question about `region`."""
    allowed = {region, "national"} | ({"national"} if region == "zhejiang" else set())
    for hit in reply.citations:
        if hit.jurisdiction in allowed:
            continue
        name = JURISDICTION_NAMES[Jurisdiction(hit.jurisdiction)]
        lines = [line for line in reply.text.splitlines() if hit.citation in line]
        labelled = REFERENCE_MARK in reply.text and lines and all(name in line for line in lines)
        if not labelled:
            return False
    return True


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
    regional: int = 0
    faithful: int = 0
    silent: int = 0
    silent_said: int = 0
    seconds: float = 0.0
    lead_misses: list[str] = field(default_factory=list)

    def add(self, question: dict, reply: Reply, seconds: float) -> None:  # type: ignore[type-arg]
        self.seconds += seconds
        region = asked_region(question)
        if region is not None:
            self.regional += 1
            self.faithful += faithful(region, reply)
        answerable = is_answerable(question)
        if not answerable:
            self.negatives += 1
            self.false_answers += reply.covered
            if question.get("type") == "region_silent":
                self.silent += 1
                self.silent_said += not reply.covered and "没有规定" in reply.text.splitlines()[0]
            return
        self.answerable += 1
        if not reply.covered:
            self.false_refusals += 1
        facts = [normalise(f) for f in question.get("answer_facts") or []]
        if facts:
            self.fact_questions += 1
            full = normalise(reply.text + "".join(h.text for h in reply.citations))
            lead = normalise(reply.text)
            self.with_facts += all(f in full for f in facts)
            missing = [f for f in facts if f not in lead]
            self.facts_in_lead += not missing
            if missing:
                self.lead_misses.append(f"{question.get('id')} {question['question']} missing {missing}")
        golds = question.get("gold") or []
        if golds and reply.covered:
            self.cited += len(reply.citations)
            self.cited_gold += sum(any(is_gold(h.doc_key, h.article, g) for g in golds) for h in reply.citations)

    def row(self) -> list[str]:
        def pct(a: float, b: float) -> str:
            return f"{a / b:.2f}" if b else "-"

        n = self.answerable + self.negatives
        return [
            str(n),
            pct(self.with_facts, self.fact_questions),
            pct(self.facts_in_lead, self.fact_questions),
            pct(self.faithful, self.regional),
            pct(self.cited_gold, self.cited),
            pct(self.negatives - self.false_answers, self.negatives),
            pct(self.silent_said, self.silent),
            pct(self.false_refusals, self.answerable),
            f"{1000 * self.seconds / n:.0f}" if n else "-",
        ]


def question_sets() -> dict[str, list[dict]]:  # type: ignore[type-arg]
    """Every set present, blind answer sets split into tune and holdout."""
    sets = {
        "dev": load(DEV),
        "own (tuning)": [q for q in load(OWN) if q.get("split") != "holdout"],
        "own (holdout)": [q for q in load(OWN) if q.get("split") == "holdout"],
        "blind": load(BLIND),
        "coverage set": load(COVERAGE),
    }
    for path in sorted((HERE / "questions").glob("blind_answers*.jsonl")):
        rows = load(path)
        sets[f"{path.stem} (tune)"] = [q for q in rows if q.get("split") != "holdout"]
        sets[f"{path.stem} (holdout)"] = [q for q in rows if q.get("split") == "holdout"]
    return {name: rows for name, rows in sets.items() if rows}


def is_blind(name: str) -> bool:
    return "holdout" in name or name == "blind"


# The day the question sets were written: their relative dates ("前天") and remaining days
# count from it. An AS_OF_DATE already set (another day's sets) is kept.
SETS_WRITTEN_ON = "2026-12-01"


def pin_today() -> None:
    """Answer as of the day the sets were written, so their figures do not drift by date."""
    os.environ.setdefault("AS_OF_DATE", SETS_WRITTEN_ON)
    get_settings.cache_clear()


def main(argv: list[str] | None = None) -> None:  # noqa: PLR0915
    from rich.console import Console
    from rich.table import Table

    from bot.console import ensure_database

    pin_today()
    args = argv if argv is not None else sys.argv[1:]
    verbose = "-v" in args
    only = [a for a in args if not a.startswith("-")]  # set names to run, e.g. dev own
    settings = get_settings()
    console = Console(width=200)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/eval.db"
        ensure_database(url)
        engine = Engine(settings, database_url=url)
        engine.handle(UserInput(user_id="eval:warm", text="备案有效期几年?"))
        table = Table(title="Answer quality (extractive engine, no LLM)")
        for column in (
            "set", "n", "facts (reply)", "facts (answer)", "faithful", "citation precision",
            "refused", "silence said", "false refusal", "ms/q",
        ):
            table.add_column(column)
        misses: list[str] = []
        for name, questions in question_sets().items():
            if only and not any(name.startswith(o) for o in only):
                continue
            tally = Tally()
            for question in questions:
                start = time.perf_counter()
                reply = engine.handle(UserInput(user_id=f"eval:{uuid.uuid4().hex[:10]}", text=question["question"]))
                tally.add(question, reply, time.perf_counter() - start)
                answerable = is_answerable(question)
                if not is_blind(name) and answerable != reply.covered:
                    kind = "false refusal" if answerable else "false answer"
                    misses.append(f"[{name}] {kind}: {question['question']}")
            table.add_row(name, *tally.row())
            if verbose and not is_blind(name):
                misses.extend(f"[{name}] lead lacks: {line}" for line in tally.lead_misses)
        console.print(table)
        if misses:
            console.print("Mistakes (holdout and blind not listed):")
            for line in misses:
                console.print(f"  {line}", highlight=False, markup=False)


if __name__ == "__main__":
    main()
