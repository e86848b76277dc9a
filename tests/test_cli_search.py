"""The stable CLI contract, run as a user runs it: `policybot` in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from config import Settings
from retrieval.index import ingest

ROOT = Path(__file__).resolve().parent.parent
FIELDS = {"doc_key", "doc_title", "doc_number", "jurisdiction", "article", "article_label", "chapter", "text", "score"}


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("cli")
    shutil.copytree(ROOT / "corpus" / "documents", tmp / "corpus" / "documents")
    ingest(Settings(data_dir=tmp / "data", corpus_dir=tmp / "corpus"))
    return {**os.environ, "DATA_DIR": str(tmp / "data"), "CORPUS_DIR": str(tmp / "corpus")}


def policybot(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=120
    )


def test_search_json_contract(env: dict[str, str]) -> None:
    out = policybot(env, "search", "天津评价机构资料保管多少年?", "--k", "3", "--json")
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert len(hits) == 3
    assert all(FIELDS <= set(hit) for hit in hits)
    assert (hits[0]["doc_key"], hits[0]["article"], hits[0]["article_label"]) == ("tianjin2020", 19, "第十九条")


def test_search_stdin_prints_one_array_per_line_in_order(env: dict[str, str]) -> None:
    questions = "内蒙古备案结果几月份公布?\n\n兵团评价档案多久内整理完?\n"
    out = policybot(env, "search", "-", "--k", "2", "--json", stdin=questions)
    lines = out.stdout.splitlines()
    assert len(lines) == 3
    first, empty, third = (json.loads(line) for line in lines)
    assert first[0]["doc_key"] == "neimenggu2024" and first[0]["article"] == 11
    assert empty == []
    assert third[0]["doc_key"] == "bingtuan2025" and third[0]["article"] == 16
    assert "不能为空" in out.stderr
    assert out.returncode == 1


def test_human_output_leads_with_citations(env: dict[str, str]) -> None:
    out = policybot(env, "search", "备案有效期", "--k", "2")
    assert out.returncode == 0
    assert out.stdout.splitlines()[1].startswith("1. 《")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search", ""), "不能为空"),
        (("search", "备案" * 10000), "太长"),
        (("search", "x", "--jurisdiction", "guangdong"), "未知地区"),
        (("source", "nosuchdoc", "1"), "没有文件"),
        (("source", "bingtuan2025", "99"), "没有第九十九条"),
        (("source", "bingtuan2025", "abc"), "无法识别条号"),
    ],
)
def test_bad_input_gets_a_message_and_nonzero_exit(env: dict[str, str], args: tuple[str, ...], message: str) -> None:
    out = policybot(env, *args)
    assert out.returncode != 0
    assert message in out.stderr
    assert "Traceback" not in out.stderr + out.stdout


def test_missing_index_is_explained(env: dict[str, str], tmp_path: Path) -> None:
    out = policybot({**env, "DATA_DIR": str(tmp_path / "empty")}, "search", "备案有效期")
    assert out.returncode == 2
    assert "policybot ingest" in out.stderr and "Traceback" not in out.stderr


def test_source_prints_the_whole_article_with_citation(env: dict[str, str]) -> None:
    out = policybot(env, "source", "neimenggu2024", "第十一条")
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert lines[0] == "《内蒙古自治区职业技能等级认定实施办法》第十一条 (内人社办发〔2024〕53号,2024年4月7日发布施行)"
    assert lines[1] == "效力:有效"
    assert "分别于每年4月和10月各进行一次" in out.stdout


def test_ingest_reports_what_it_did(env: dict[str, str]) -> None:
    out = policybot(env, "ingest")
    assert out.returncode == 0, out.stderr
    assert "新增 0" in out.stdout and "新计算向量 0 条" in out.stdout
