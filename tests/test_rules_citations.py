"""Every rule table's citations resolve to a corpus article and quote it verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from corpus import cached_corpus
from errors import CorpusError
from tools.checklists import checklist_table
from tools.deadline_rules import DeadlineTable
from tools.deadlines import deadline_table
from tools.eligibility import eligibility_table
from tools.rules import RULES_DIR, RuleCitation, check_citations, iter_citations, load_table
from tools.scope_rules import scope_table


def _assert_verbatim(citations: list[tuple[str, RuleCitation]]) -> None:
    corpus = cached_corpus()
    assert citations
    problems = [f"{where}: {c.problem(corpus)}" for where, c in citations if c.problem(corpus)]
    assert problems == []


def test_deadline_citations_resolve_and_quote_verbatim() -> None:
    _assert_verbatim([(r.id, c) for r in deadline_table().rules for c in r.citations])


def test_eligibility_citations_resolve_and_quote_verbatim() -> None:
    table = eligibility_table()
    cited = [(r.id, r.citation) for r in table.rules]
    cited += [(t.code, n.citation) for t in table.applicant_types for n in t.notes]
    cited += [(n.jurisdiction.value, n.citation) for n in table.procedure_notes]
    _assert_verbatim(cited)


def test_scope_citations_resolve_and_quote_verbatim() -> None:
    _assert_verbatim([(r.jurisdiction.value, r.citation) for r in scope_table().rules])


def test_checklist_citations_resolve_and_quote_verbatim() -> None:
    table = checklist_table()
    cited = [(i.id, i.citation) for c in table.checklists for i in c.items]
    cited += [(c.id, n.citation) for c in table.checklists for n in c.notes if n.citation]
    _assert_verbatim(cited)


def test_raw_walk_finds_every_citation_and_all_hold() -> None:
    """The untyped walk covers citations a model might skip; it must agree with the models."""
    raw = yaml.safe_load((RULES_DIR / "deadlines.yaml").read_text(encoding="utf-8"))
    walked = list(iter_citations(raw))
    assert len(walked) == sum(len(r.citations) for r in deadline_table().rules)
    assert check_citations() == []


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ({"doc": "bingtuan2025", "article": 10, "quote": "有效期为5年"}, "引文不在"),
        ({"doc": "bingtuan2025", "article": 99, "quote": "有效期为3年"}, "第九十九条"),
        ({"doc": "nosuchdoc", "article": 1, "quote": "有效期为3年"}, "nosuchdoc"),
        # the quote is in 第七条 but in item (二), not (一)
        ({"doc": "bingtuan2025", "article": 7, "part": "第(一)项",
          "quote": "原则上每个师市同一职业不超过1家评价机构"}, "第(一)项"),
    ],
)
def test_checker_catches_bad_citations(raw: dict[str, object], fragment: str) -> None:
    problem = RuleCitation.model_validate(raw).problem(cached_corpus())
    assert problem is not None and fragment in problem


def test_formatted_citation_comes_from_metadata() -> None:
    cite = RuleCitation.model_validate({"doc": "bingtuan2025", "article": 10, "quote": "有效期为3年"})
    assert cite.formatted == "《兵团技能人才评价机构管理办法(试行)》第十条 (2025年8月12日发布,2025年9月1日施行)"
    cite = RuleCitation.model_validate(
        {"doc": "neimenggu2024", "article": 48, "quote": "五个工作日"})
    assert cite.formatted == "《内蒙古自治区职业技能等级认定实施办法》第四十八条 (内人社办发〔2024〕53号,2024年4月7日发布施行)"
    assert cite.as_dict()["article_label"] == "第四十八条"


def test_malformed_table_is_a_corpus_error(tmp_path: Path) -> None:
    raw = yaml.safe_load((RULES_DIR / "deadlines.yaml").read_text(encoding="utf-8"))
    raw["rules"][0]["condition"]["event"] = "no_such_event"
    (tmp_path / "deadlines.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_table("deadlines", DeadlineTable, rules_dir=tmp_path)
    assert "deadlines.yaml" in info.value.message_zh


def test_rule_without_citation_is_rejected(tmp_path: Path) -> None:
    raw = yaml.safe_load((RULES_DIR / "deadlines.yaml").read_text(encoding="utf-8"))
    raw["rules"][0]["citations"] = []
    (tmp_path / "deadlines.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CorpusError):
        load_table("deadlines", DeadlineTable, rules_dir=tmp_path)
