"""`policybot ask --json`: the `answer` field states the answer, and regional silence is honest.

Run as users run it (a subprocess over a copy of the session's index); the contract
fields are unchanged, only what `answer` says is checked.
"""

from __future__ import annotations

import re

from tests.test_cli_ask import assert_contract, env, index_dirs, objects, policybot  # noqa: F401

DURATION = re.compile(r"\d+\s*(?:年|个月|个工作日|日|天)")


def test_ask_json_answer_leads_with_the_period_of_its_citation(env: dict[str, str]) -> None:  # noqa: F811
    out = policybot(env, "ask", "兵团评价机构备案有效期多久?", "--json")

    assert out.returncode == 0, out.stderr.decode()
    (reply,) = objects(out)
    assert_contract(reply)
    assert reply["covered"] is True
    first = str(reply["answer"]).splitlines()[0]
    figures = DURATION.findall(first)
    assert figures
    top = reply["citations"][0]
    assert isinstance(top, dict)
    assert all(figure in str(top["text"]) for figure in figures)


def test_ask_json_region_silence_is_not_covered(env: dict[str, str]) -> None:  # noqa: F811
    out = policybot(env, "ask", "兵团的评价档案电子版要保存几年?", "--json")

    assert out.returncode == 0, out.stderr.decode()
    (reply,) = objects(out)
    assert_contract(reply)
    assert reply["covered"] is False
    assert "没有规定" in str(reply["answer"]).splitlines()[0]
    # 兵团's own article stands only on its labelled "related rule" line (it sets no period).
    lines = str(reply["answer"]).splitlines()
    for cited in reply["citations"]:  # type: ignore[union-attr]
        if cited["jurisdiction"] == "bingtuan":  # type: ignore[index]
            assert any(line.startswith("兵团的相关规定") and str(cited["citation"]) in line for line in lines)  # type: ignore[index]
    assert any(c["jurisdiction"] != "bingtuan" for c in reply["citations"])  # type: ignore[index]
