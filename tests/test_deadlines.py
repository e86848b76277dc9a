"""Deadline rules: the issue's examples, properties of every rule, bad input, CLI and tool."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from errors import InputError, InvalidDateError
from tools.cli_rules import app
from tools.deadlines import (
    compute_deadline,
    deadline_table,
    list_events,
    renewal_for_agency,
    renewal_window,
)
from tools.langchain_tools import deadline_tool
from tools.workdays import count_workdays, is_workday, known_years

EVENTS = [(e.jurisdiction, e.event) for e in list_events()]
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))


def cited_articles(answer: object) -> set[tuple[str, int]]:
    return {(c.doc_key, c.article) for c in answer.citations}  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the examples
@pytest.mark.parametrize(
    ("jurisdiction", "doc", "article"),
    [("bingtuan", "bingtuan2025", 10), ("neimenggu", "neimenggu2024", 15), ("tianjin", "tianjin2020", 12)],
)
def test_filing_valid_three_years(jurisdiction: str, doc: str, article: int) -> None:
    answer = compute_deadline(jurisdiction, "filing", date(2023, 5, 10))
    assert answer.end == date(2026, 5, 10)  # corresponding day, stated in a caveat
    assert (doc, article) in cited_articles(answer)
    assert any("对应日" in c for c in answer.caveats)


def test_leap_day_filing_ends_on_month_end() -> None:
    assert compute_deadline("bingtuan", "filing", date(2024, 2, 29)).end == date(2027, 2, 28)


def test_bingtuan_renewal_at_least_three_months_before() -> None:
    answer = renewal_window("bingtuan", date(2026, 5, 10))
    assert (answer.start, answer.end) == (None, date(2026, 2, 10))
    assert ("bingtuan2025", 10) in cited_articles(answer)


def test_neimenggu_renewal_within_three_months_before() -> None:
    answer = renewal_window("neimenggu", date(2026, 5, 10))
    assert (answer.start, answer.end) == (date(2026, 2, 11), date(2026, 5, 10))
    assert any("期满后3个月内" in c for c in answer.caveats)  # the reading is flagged


def test_tianjin_renewal_is_not_invented() -> None:
    answer = renewal_window("tianjin", date(2026, 5, 10))
    assert answer.start is None and answer.end is None
    assert ("tianjin2020", 23) in cited_articles(answer)
    assert "没有规定" in answer.description_zh


def test_renewal_without_any_rule_says_so() -> None:
    answer = renewal_window("zhejiang", date(2026, 5, 10))
    assert answer.start is None and answer.end is None and answer.citations == ()
    assert "没有规定" in answer.description_zh


def test_archive_within_one_month_clamps() -> None:
    answer = compute_deadline("bingtuan", "archive", date(2026, 1, 31))
    assert answer.end == date(2026, 2, 28)
    assert ("bingtuan2025", 16) in cited_articles(answer)
    assert any("没有对应日" in c for c in answer.caveats)


def test_records_retention_paper_and_electronic() -> None:
    for jurisdiction, doc, article in (("neimenggu", "neimenggu2024", 30), ("tianjin", "tianjin2020", 19)):
        paper = compute_deadline(jurisdiction, "records_paper", date(2025, 6, 1))
        electronic = compute_deadline(jurisdiction, "records_electronic", date(2025, 6, 1))
        assert (paper.end, electronic.end) == (date(2028, 6, 1), date(2030, 6, 1))
        assert (doc, article) in cited_articles(paper) & cited_articles(electronic)


def test_objection_five_working_days_over_national_day() -> None:
    answer = compute_deadline("neimenggu", "objection_receipt", date(2026, 9, 29))
    # Sep 30, Oct 8, 9, 10 (make-up Saturday), 12
    assert answer.end == date(2026, 10, 12)
    assert count_workdays(date(2026, 9, 29), answer.end) == 5
    assert ("neimenggu2024", 48) in cited_articles(answer)
    assert any("三十五个工作日" in c for c in answer.caveats)  # the literal wording is shown


def test_objection_announcement_beyond_calendar_has_caveat() -> None:
    last = known_years()[1]
    answer = compute_deadline("neimenggu", "objection_announcement", date(last, 12, 1))
    assert answer.end is not None and answer.end.year == last + 1
    assert any(f"{last + 1}年" in c and "周一至周五" in c for c in answer.caveats)


def test_cancel_notice_seven_working_days() -> None:
    answer = compute_deadline("bingtuan", "cancel_notice", date(2024, 5, 6))
    assert answer.start == date(2024, 5, 7)
    assert answer.end == date(2024, 5, 14)  # May 7-10, 11 (make-up Saturday), 13, 14
    assert count_workdays(date(2024, 5, 6), answer.end) == 7
    assert ("bingtuan2025", 19) in cited_articles(answer)


def test_inactivity_one_year() -> None:
    answer = compute_deadline("bingtuan", "inactivity", date(2025, 3, 1))
    assert (answer.start, answer.end) == (date(2026, 3, 1), None)


@pytest.mark.parametrize(
    ("on", "month"),
    [(date(2026, 1, 5), date(2026, 4, 1)), (date(2026, 4, 30), date(2026, 4, 1)),
     (date(2026, 5, 1), date(2026, 10, 1)), (date(2026, 11, 2), date(2027, 4, 1))],
)
def test_neimenggu_next_publication_month(on: date, month: date) -> None:
    answer = compute_deadline("neimenggu", "publication", on)
    assert answer.start == month and answer.end is not None and answer.end.month == month.month
    assert ("neimenggu2024", 11) in cited_articles(answer)


def test_redblack_every_three_years_and_supervision_cycle() -> None:
    assert compute_deadline("tianjin", "redblack", date(2024, 1, 15)).end == date(2027, 1, 15)
    cycle = compute_deadline("bingtuan", "supervision_cycle", date(2025, 9, 1))
    assert (cycle.start, cycle.end) == (date(2025, 9, 1), date(2028, 9, 1))
    assert ("bingtuan2025", 22) in cited_articles(cycle)


def test_silent_rules_have_no_dates() -> None:
    for jurisdiction, event in (("neimenggu", "appeal"), ("neimenggu", "info_change"),
                                ("national", "annual_report")):
        answer = compute_deadline(jurisdiction, event, date(2025, 1, 1))
        assert answer.start is None and answer.end is None and answer.citations


def test_holiday_rollover_note_on_action_deadline() -> None:
    # Archive due 2026-10-01 (National Day): the note names the next working day.
    answer = compute_deadline("bingtuan", "archive", date(2026, 9, 1))
    assert answer.end == date(2026, 10, 1)
    assert any("2026年10月8日" in c for c in answer.caveats)


def test_chinese_event_name_accepted() -> None:
    assert compute_deadline("兵团", "评价档案整理", date(2025, 3, 1)).rule_id == "bingtuan.archive"


# ---------------------------------------------------------------- every rule, any date
@settings(max_examples=60, deadline=None)
@given(pair=st.sampled_from(EVENTS), a=dates, b=dates)
def test_every_rule_window_ordered_and_monotonic(pair: tuple[str, str], a: date, b: date) -> None:
    low, high = sorted((a, b))
    first = compute_deadline(*pair, low)
    second = compute_deadline(*pair, high)
    for answer in (first, second):
        assert answer.citations
        if answer.start and answer.end:
            assert answer.start <= answer.end
    for attr in ("start", "end"):
        x, y = getattr(first, attr), getattr(second, attr)
        assert (x is None) == (y is None)
        if x is not None:
            assert x <= y


@settings(max_examples=60, deadline=None)
@given(on=dates, event=st.sampled_from(["objection_receipt", "objection_announcement"]))
def test_working_day_deadlines_end_on_working_days(on: date, event: str) -> None:
    answer = compute_deadline("neimenggu", event, on)
    assert answer.end is not None and is_workday(answer.end)


def test_one_rule_per_event_and_menus_cover_all_rules() -> None:
    assert len(EVENTS) == len(set(EVENTS)) == len(deadline_table().rules)
    assert all(e.name_zh and e.date_zh for e in list_events())
    assert list_events("zhejiang") == []


# ---------------------------------------------------------------- registry agency
@pytest.mark.parametrize(
    ("today", "fragment"),
    [(date(2025, 12, 1), "还有"), (date(2026, 3, 1), "已过申请截止日")],
)
def test_renewal_for_agency_relative_to_today(today: date, fragment: str) -> None:
    answer = renewal_for_agency("bingtuan", valid_until=date(2026, 5, 10), today=today)
    assert answer.end == date(2026, 2, 10) and fragment in answer.description_zh


def test_renewal_for_agency_derives_expiry_from_filing_date() -> None:
    answer = renewal_for_agency("neimenggu", filed_on=date(2024, 4, 20), today=date(2026, 11, 1))
    assert answer.end == date(2027, 4, 20)
    assert "申请期尚未开始" in answer.description_zh
    assert any("推算" in c for c in answer.caveats)
    with pytest.raises(InputError):
        renewal_for_agency("neimenggu", today=date(2026, 11, 1))


# ---------------------------------------------------------------- bad input
def test_bad_input_gets_chinese_errors() -> None:
    with pytest.raises(InvalidDateError):
        compute_deadline("bingtuan", "filing", date(2999, 1, 1))
    with pytest.raises(InputError) as info:
        compute_deadline("bingtuan", "site_filing", date(2025, 1, 1))  # 内蒙古 only
    assert "可选" in info.value.message_zh and "renewal" in info.value.message_zh
    with pytest.raises(InputError) as info:
        compute_deadline("mars", "filing", date(2025, 1, 1))
    assert "不认识的地区" in info.value.message_zh
    with pytest.raises(InputError):
        compute_deadline("zhejiang", "filing", date(2025, 1, 1))


def test_cli_deadline() -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["deadline", "bingtuan", "renewal", "2026-05-10"])
    assert ok.exit_code == 0 and "2026年2月10日" in ok.output and "第十条" in ok.output
    as_json = runner.invoke(app, ["deadline", "neimenggu", "renewal", "2026-05-10", "--json"])
    assert as_json.exit_code == 0 and '"start": "2026-02-11"' in as_json.output
    bad = runner.invoke(app, ["deadline", "bingtuan", "renewal", "2026-02-30"])
    assert bad.exit_code == 2 and "只有28天" in bad.output and "Traceback" not in bad.output


def test_langchain_tool_returns_text_and_citations() -> None:
    args = {"jurisdiction": "bingtuan", "event": "archive", "date": "2025-03-10"}
    message = deadline_tool.invoke({"type": "tool_call", "id": "t1", "name": "deadline", "args": args})
    assert "2025年4月10日" in message.content
    assert message.artifact["citations"][0]["article"] == 16
    args = {**args, "date": "2025-02-30"}
    failed = deadline_tool.invoke({"type": "tool_call", "id": "t2", "name": "deadline", "args": args})
    assert failed.status == "error" and "只有28天" in failed.content
