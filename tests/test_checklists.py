"""Checklists: coverage of the issue's procedures, stable ids, progress, export, CLI and tool."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from errors import InputError
from tools.checklists import (
    checklist_table,
    get_checklist,
    list_procedures,
    parse_done,
    progress,
    render_checklist,
)
from tools.cli_rules import app, checklist_app, deadline_app, eligibility_app
from tools.langchain_tools import checklist_tool

REQUIRED = {
    "bingtuan": {"initial_filing", "renewal", "change_key_info", "change_routine_info", "add_scope",
                 "reduce_scope", "voluntary_termination", "cross_division"},
    "neimenggu": {"initial_filing", "renewal", "change_key_info", "add_scope", "reduce_scope",
                  "voluntary_termination", "site_filing"},
    "tianjin": {"initial_filing"},
    "national": {"industry_org_application"},
}


@pytest.mark.parametrize("jurisdiction", sorted(REQUIRED))
def test_issue_procedures_exist(jurisdiction: str) -> None:
    have = {code for _, code, _ in list_procedures(jurisdiction)}
    assert REQUIRED[jurisdiction] <= have


def test_item_ids_are_unique_prefixed_and_pinned() -> None:
    ids = [i.id for c in checklist_table().checklists for i in c.items]
    assert len(ids) == len(set(ids))
    # Persisted with user progress: these must never be renamed.
    for pinned in ("bingtuan.renewal.apply", "bingtuan.change_key_info.registry_document",
                   "bingtuan.voluntary_termination.certificates_uploaded",
                   "neimenggu.site_filing.apply", "national.industry_org_application.apply"):
        assert pinned in ids


def test_conditions_say_what_evidence_shows_them() -> None:
    for checklist in checklist_table().checklists:
        for item in checklist.items:
            if item.kind == "condition":
                assert item.evidence_zh, item.id


def test_bingtuan_key_info_lists_the_three_materials_of_article_18() -> None:
    checklist = get_checklist("bingtuan", "change_key_info")
    materials = [i for i in checklist.items if i.kind == "material"]
    assert [i.citation.article for i in materials] == [18, 18, 18]
    assert any("登记注册机关出具的变更文件" in i.text_zh for i in materials)


def test_cross_division_cites_article_23() -> None:
    checklist = get_checklist("兵团", "跨师市开展评价")
    assert {i.citation.article for i in checklist.items} >= {23}


def test_render_marks_progress_and_citations() -> None:
    checklist = get_checklist("bingtuan", "reduce_scope")
    first = checklist.items[0].id
    text = render_checklist(checklist, {first, "retired.item.id"})
    assert f"(已完成 1/{len(checklist.items)})" in text
    assert text.count("☑") == 1 and text.count("☐") == len(checklist.items) - 1
    assert "第十八条第(四)项" in text and "证明材料" in text
    assert progress(checklist, {first, "retired.item.id"}) == (1, len(checklist.items))


def test_notes_on_silent_texts_are_rendered() -> None:
    text = render_checklist(get_checklist("neimenggu", "change_key_info"), set())
    assert "没有提到备案号变更" in text


def test_parse_done_forms() -> None:
    checklist = get_checklist("bingtuan", "voluntary_termination")
    ids = [i.id for i in checklist.items]
    assert parse_done(checklist, f"{ids[0]},application,4") == {ids[0], ids[2], ids[3]}
    assert parse_done(checklist, "1,2") == set(ids[:2])
    assert parse_done(checklist, "") == set()
    with pytest.raises(InputError) as info:
        parse_done(checklist, "1,nonsense")
    assert "nonsense" in info.value.message_zh


def test_missing_procedures_name_the_available_ones() -> None:
    with pytest.raises(InputError) as info:
        get_checklist("tianjin", "change_key_info")
    assert "没有规定" in info.value.message_zh and "initial_filing" in info.value.message_zh
    with pytest.raises(InputError):
        get_checklist("zhejiang", "renewal")
    with pytest.raises(InputError):
        get_checklist("atlantis", "renewal")


def test_cli_checklist_text_and_json() -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["checklist", "neimenggu", "site_filing", "--done", "1"])
    assert out.exit_code == 0 and "(已完成 1/" in out.output and "第十二条" in out.output
    data = json.loads(runner.invoke(app, ["checklist", "bingtuan", "renewal", "--json"]).output)
    assert data["progress"][0] == 0 and data["checklist"]["items"][0]["citation"]["article"] == 10
    bad = runner.invoke(app, ["checklist", "tianjin", "reduce_scope"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_langchain_checklist_tool() -> None:
    call = {"type": "tool_call", "id": "c1", "name": "checklist",
            "args": {"jurisdiction": "national", "procedure": "industry_org_application", "done": ["apply"]}}
    message = checklist_tool.invoke(call)
    assert "☑" in message.content
    assert message.artifact["result"]["done"] == ["national.industry_org_application.apply"]
    assert all(c["doc_key"] == "mohrss2016" for c in message.artifact["citations"])


def test_rules_check_command() -> None:
    out = CliRunner().invoke(app, ["check"])
    assert out.exit_code == 0 and "一致" in out.output


def test_one_command_apps_mount_without_repeating_the_name() -> None:
    """As bot/cli.py mounts them: `add_typer(x, name="deadline")`."""
    root = typer.Typer()
    root.command("noop")(lambda: None)
    for name, sub in (("deadline", deadline_app), ("eligibility", eligibility_app),
                      ("checklist", checklist_app)):
        root.add_typer(sub, name=name)
    runner = CliRunner()
    out = runner.invoke(root, ["deadline", "bingtuan", "renewal", "2026-05-10"])
    assert out.exit_code == 0 and "2026年2月10日" in out.output
    out = runner.invoke(root, ["eligibility", "neimenggu", "employer", "--legal-form", "government", "--json"])
    assert out.exit_code == 0 and json.loads(out.output)["verdict"] == "not_eligible"
    out = runner.invoke(root, ["checklist", "bingtuan", "renewal", "--done", "1"])
    assert out.exit_code == 0 and "(已完成 1/" in out.output
