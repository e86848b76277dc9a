"""Retrieval quality: policybot beside two peer RAG set-ups, on the same questions in one run.

Why: issue 2 asks whether article-sized, precisely cited hits beat big chunks.
Every system answers every question with its top 5. We score those 5 against
article-level gold:

- recall@1 / recall@5: a gold article is at rank 1 / in the top 5.
- all-gold@5: every gold article of the question is in the top 5.
- MRR: the mean of 1/rank of the first gold hit (0 if none is in the top 5).

Negative questions (gold []) are left out; they belong to the answer-level
eval. A gold entry `{"doc", "article": n}` names an article. With `"article":
null` plus a `"label"` it names an unnumbered part (印发通知, 导语, 落款). With
`"article": null` and no label it means the whole document, and then a
document forwarded inside it also counts (mohrss2017 for zhejiang2017).

    python -m benchmarks.eval_retrieval [--reuse] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from config import ROOT, Settings, get_settings
from corpus.loader import Corpus, load_corpus

_DEV = ROOT.parent / "shared" / "eval" / "dev_questions.jsonl"
DEV_PATH = Path(os.environ.get("POLICYBOT_DEV_QUESTIONS", _DEV))
OWN_PATH = Path(__file__).resolve().parent / "questions" / "own_retrieval.jsonl"
# Written blind by a helper after every tuning decision of the editorial headings round, and
# never used for one since: the cleanest estimate for unseen questions here.
BLIND_PATH = Path(__file__).resolve().parent / "questions" / "blind_holdout.jsonl"
UNSEEN_SPLITS = ("holdout", "blind")
BASELINE_CACHE = "baseline_vector_cache.sqlite"  # under <data_dir>/index, beside policybot's
K = 5
SYSTEMS = ("policybot", "naive", "chatchat")
COLUMNS = ("set", "n", "system", "recall@1", "recall@5", "all-gold@5", "MRR", "chars/top5")
BAR = (
    ("own-holdout", "recall@5", 0.95),
    ("own-holdout", "recall@1", 0.80),
    ("comparison (holdout)", "all_gold@5", 0.90),
    ("blind", "recall@5", 0.95),
    ("blind", "recall@1", 0.80),
    ("comparison (blind)", "all_gold@5", 0.90),
)


def say(*parts: str) -> None:
    """One report line on stdout (the report is the product here, not a log)."""
    sys.stdout.write(" ".join(parts) + "\n")


@dataclass(frozen=True)
class Gold:
    doc: str
    article: int | None
    label: str | None = None

    @property
    def whole_document(self) -> bool:
        return self.article is None and not self.label

    def names(self, number: int | None, label: str) -> bool:
        """Whether this (numbered or labelled) gold names the article `number`/`label`."""
        if self.article is not None:
            return number == self.article
        return number is None and label == self.label


@dataclass(frozen=True)
class Result:
    """One ranked hit: its document, the articles it covers, and how much text it shows."""

    doc: str
    articles: frozenset[tuple[int | None, str]]
    chars: int
    cite: str  # what the hit points at: an article label, or a character window


@dataclass
class Question:
    id: str
    text: str
    type: str
    split: str
    gold: list[Gold]
    facts: list[str] = field(default_factory=list)

    @property
    def is_comparison(self) -> bool:
        return self.type == "comparison"


def load_questions(path: Path, default_split: str) -> list[Question]:
    questions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        gold = [Gold(g["doc"], g.get("article"), g.get("label")) for g in row.get("gold", [])]
        split = row.get("split", default_split)
        questions.append(
            Question(
                row["id"], row["question"], row["type"], split, gold, row.get("answer_facts", [])
            )
        )
    return questions


def forwarded_docs(corpus: Corpus) -> dict[str, set[str]]:
    """Document key → itself plus the documents forwarded inside it (from `forwarded_in`)."""
    docs = {key: {key} for key in corpus.documents}
    for key, document in corpus.documents.items():
        if document.meta.forwarded_in in docs:
            docs[document.meta.forwarded_in].add(key)
    return docs


def matches(gold: Gold, result: Result, equivalent: dict[str, set[str]]) -> bool:
    if gold.whole_document:
        return result.doc in equivalent.get(gold.doc, {gold.doc})
    return result.doc == gold.doc and any(gold.names(n, label) for n, label in result.articles)


def check_questions(questions: Iterable[Question], corpus: Corpus) -> list[str]:
    """Gold that names no article, or an answer fact found in none of the gold texts.

    A gold document's title and 文号 count as its text too: every hit's citation carries them.
    """
    problems = []
    equivalent = forwarded_docs(corpus)
    for q in questions:
        texts: list[str] = []
        for g in q.gold:
            if g.doc not in corpus.documents:
                problems.append(f"{q.id}: unknown document {g.doc}")
                continue
            meta = corpus.documents[g.doc].meta
            texts += [meta.title, meta.doc_number or ""]
            if g.whole_document:
                texts += [corpus.documents[d].text for d in equivalent[g.doc]]
                continue
            found = [a.text for a in corpus.documents[g.doc].articles if g.names(a.number, a.label)]
            if len(found) != 1:
                problems.append(
                    f"{q.id}: {g.doc} {g.article or g.label} names {len(found)} articles"
                )
            texts += found
        missing = [f for f in q.facts if not any(f in t for t in texts)]
        problems += [f"{q.id}: fact not in gold text: {f}" for f in missing]
    return problems


@dataclass
class Score:
    rank: int | None  # rank of the first gold hit within the top K
    all_gold: bool
    chars: int  # characters shown in the top K
    articles: int  # articles cited or spanned by the top K


def score(question: Question, results: list[Result], equivalent: dict[str, set[str]]) -> Score:
    top = results[:K]
    found = [
        i for i, r in enumerate(top, 1) if any(matches(g, r, equivalent) for g in question.gold)
    ]
    rank = found[0] if found else None
    all_gold = all(any(matches(g, r, equivalent) for r in top) for g in question.gold)
    return Score(rank, all_gold, sum(r.chars for r in top), sum(len(r.articles) for r in top))


def summarise(scores: list[Score]) -> dict[str, float]:
    n = len(scores)
    if not n:
        return {"n": 0}
    return {
        "n": n,
        "recall@1": sum(s.rank == 1 for s in scores) / n,
        "recall@5": sum(s.rank is not None for s in scores) / n,
        "all_gold@5": sum(s.all_gold for s in scores) / n,
        "mrr": sum(1 / s.rank for s in scores if s.rank) / n,
        "chars_top5": sum(s.chars for s in scores) / n,
        "articles_per_hit": sum(s.articles for s in scores) / (n * K),
    }


def prepare_policybot(args: argparse.Namespace, tmp: Path, embeddings: Any) -> tuple[Any, str]:
    """A searcher on the default index (--reuse) or on a fresh index in a temp data dir."""
    from retrieval.index import cache_path, ingest, sidecar_path  # noqa: PLC0415
    from retrieval.search import open_searcher  # noqa: PLC0415
    from retrieval.store import build_client  # noqa: PLC0415

    default = get_settings()
    if args.reuse and sidecar_path(default).exists():
        origin = f"policybot: reusing the index in {default.data_dir}"
        return open_searcher(default, embeddings=embeddings), origin
    settings = Settings(data_dir=tmp / "data")
    if not args.no_cache and cache_path(default).exists():
        cache_path(settings).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(cache_path(default), cache_path(settings))  # quality run: reuse known vectors
    client = build_client(settings)
    report = ingest(settings, embeddings=embeddings, client=client)
    origin = (
        f"policybot: fresh temp index ({report.embedded} vectors computed, {report.seconds:.1f} s)"
    )
    return open_searcher(settings, embeddings=embeddings, client=client), origin


def policybot_runner(searcher: Any) -> Callable[[str], list[Result]]:
    from errors import PolicybotError  # noqa: PLC0415

    def run(text: str) -> list[Result]:
        try:
            hits = searcher.search(text, k=K)
        except PolicybotError:
            return []
        cite = "{0.doc_key} {0.article_label}".format
        return [
            Result(h.doc_key, frozenset({(h.article, h.article_label)}), len(h.text), cite(h))
            for h in hits
        ]

    return run


def baseline_runner(system: Any) -> Callable[[str], list[Result]]:
    def run(text: str) -> list[Result]:
        chunks = [h.chunk for h in system.search(text, K)]
        cite = "{0.doc_key}[{0.start}:{0.end}]".format
        return [Result(c.doc_key, frozenset(c.articles), len(c.text), cite(c)) for c in chunks]

    return run


def question_sets(dev: list[Question], own: list[Question]) -> dict[str, list[Question]]:
    answerable = [q for q in dev + own if q.gold]
    return {
        "dev": [q for q in dev if q.gold],
        "own-tuning": [q for q in own if q.gold and q.split not in UNSEEN_SPLITS],
        "own-holdout": [q for q in own if q.gold and q.split == "holdout"],
        "blind": [q for q in own if q.gold and q.split == "blind"],
        "comparison (all)": [q for q in answerable if q.is_comparison],
        "comparison (holdout)": [q for q in answerable if q.is_comparison and q.split == "holdout"],
        "comparison (blind)": [q for q in answerable if q.is_comparison and q.split == "blind"],
    }


def run_all(
    args: argparse.Namespace, corpus: Corpus, questions: list[Question]
) -> tuple[dict[str, dict[str, list[Result]]], str]:
    """Top-K results of every system for every question, and a line saying where the index came from."""
    from benchmarks.baselines import build_chatchat, build_naive  # noqa: PLC0415
    from retrieval.cache import VectorCache  # noqa: PLC0415
    from retrieval.embeddings import build_embeddings  # noqa: PLC0415

    embeddings = build_embeddings(get_settings())
    with tempfile.TemporaryDirectory(prefix="policybot-eval-", ignore_cleanup_errors=True) as tmp:
        searcher, origin = prepare_policybot(args, Path(tmp), embeddings)
        cache_file = get_settings().data_dir / "index" / BASELINE_CACHE
        cache = None if args.no_cache else VectorCache(cache_file)
        try:
            runners = {
                "policybot": policybot_runner(searcher),
                "naive": baseline_runner(build_naive(corpus, embeddings, cache)),
                "chatchat": baseline_runner(build_chatchat(corpus, embeddings, cache)),
            }
        finally:
            if cache is not None:
                cache.close()
        results = {name: {q.id: run(q.text) for q in questions} for name, run in runners.items()}
        return results, origin


def print_figures(figures: dict[str, dict[str, dict[str, float]]], cover_rule: str) -> None:
    from rich.console import Console  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415

    table = Table(title=f"Retrieval quality, top {K} per system")
    for column in (*COLUMNS, "articles/hit"):
        table.add_column(column, justify="left" if column in ("set", "system") else "right")
    for name, by_system in figures.items():
        for i, system in enumerate(SYSTEMS):
            f = by_system[system]
            if not f.get("n"):
                continue
            rates = [f"{f[m]:.3f}" for m in ("recall@1", "recall@5", "all_gold@5", "mrr")]
            head = [name, str(f["n"])] if i == 0 else ["", ""]
            sizes = [f"{f['chars_top5']:.0f}", f"{f['articles_per_hit']:.2f}"]
            table.add_row(*head, system, *rates, *sizes, end_section=i == len(SYSTEMS) - 1)
    console = Console(width=140)
    console.print(table)
    console.print(
        "policybot hits cite one article each; naive/chatchat hits cite a character window of a page, not an article.\n"
        f"Baseline scoring: {cover_rule}.\n"
        "Whole-document gold (article null, no label) also accepts documents forwarded inside it "
        "(mohrss2017 counts for zhejiang2017).\n"
        "recall@k: a gold article in the top k; all-gold@5: every gold article in the top 5; MRR over the top 5; "
        "negatives excluded."
    )


def print_bar(figures: dict[str, dict[str, dict[str, float]]]) -> None:
    say("\nBar (policybot, unseen questions):")
    for name, metric, target in BAR:
        value = figures[name]["policybot"].get(metric, 0.0)
        verdict = "PASS" if value >= target else "FAIL"
        say(f"  {metric:<11} on {name:<21} {value:.3f}  target >= {target:.2f}  {verdict}")


def print_misses(
    misses: dict[str, list[dict[str, Any]]], unseen_counts: dict[str, dict[str, int]]
) -> None:
    for name, rows in misses.items():
        say(
            f"\npolicybot misses on {name} ({len(rows)}): rank of first gold hit, all gold in top {K}?"
        )
        for row in rows:
            refs = (
                f"{g['doc']} {g['label'] if g['article'] is None else g['article']}"
                for g in row["gold"]
            )
            say(
                f"  {row['id']} rank={row['rank']} all={'Y' if row['all_gold'] else 'N'} | {row['question']}"
            )
            say(f"      gold: {', '.join(refs)}")
            say(f"      got : {' | '.join(row['got'])}")
    say("")
    for name, counts in unseen_counts.items():
        shown = ", ".join(f"{metric} misses {count}" for metric, count in counts.items())
        say(f"{name} (not listed, so it stays unseen): {shown}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument(
        "--reuse", action="store_true", help="use the default data dir's index if any"
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="compute every vector, cache nothing"
    )
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--dev", type=Path, default=DEV_PATH)
    parser.add_argument("--own", type=Path, default=OWN_PATH)
    parser.add_argument("--blind", type=Path, default=BLIND_PATH)
    args = parser.parse_args(argv)
    from benchmarks.baselines import COVER_RULE  # noqa: PLC0415

    corpus = load_corpus()
    dev = load_questions(args.dev, "dev") if args.dev.exists() else []
    own = load_questions(args.own, "tuning")
    own += load_questions(args.blind, "blind") if args.blind.exists() else []
    problems = check_questions(dev + own, corpus)
    for problem in problems:
        sys.stderr.write(f"question check: {problem}\n")

    answerable = [q for q in dev + own if q.gold]
    results, origin = run_all(args, corpus, answerable)
    say(origin)
    equivalent = forwarded_docs(corpus)
    scores = {
        s: {q.id: score(q, results[s][q.id], equivalent) for q in answerable} for s in SYSTEMS
    }
    sets = question_sets(dev, own)
    figures = {
        name: {s: summarise([scores[s][q.id] for q in qs]) for s in SYSTEMS}
        for name, qs in sets.items()
    }
    mine = scores["policybot"]
    misses = {
        name: [
            {
                "id": q.id,
                "question": q.text,
                "gold": [asdict(g) for g in q.gold],
                **asdict(mine[q.id]),
                "got": [r.cite for r in results["policybot"][q.id]],
            }
            for q in sets[name]
            if mine[q.id].rank != 1 or not mine[q.id].all_gold
        ]
        for name in ("dev", "own-tuning")
    }
    unseen_counts = {
        name: {
            "recall@1": sum(mine[q.id].rank != 1 for q in sets[name]),
            "recall@5": sum(mine[q.id].rank is None for q in sets[name]),
            "all-gold@5": sum(not mine[q.id].all_gold for q in sets[name]),
        }
        for name in ("own-holdout", "blind")
    }
    negatives = sum(1 for q in dev + own if not q.gold)
    say(f"questions: {len(dev)} dev, {len(own)} own; {negatives} negatives excluded")
    say(f"gold check: {len(problems)} problems (listed on stderr)")
    print_figures(figures, COVER_RULE)
    print_bar(figures)
    print_misses(misses, unseen_counts)
    if args.json:
        payload = {"figures": figures, "misses": misses, "unseen_miss_counts": unseen_counts}
        payload["cover_rule"] = COVER_RULE
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        say(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
