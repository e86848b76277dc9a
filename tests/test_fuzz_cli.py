"""Generated arguments for every `policybot` command (issue 10): no traceback, every error in Chinese.

Commands run in-process through `bot.cli.main` (the same entry the console script calls, with
its Chinese usage errors and last-resort net), on the shared test index and a fresh seeded
SQLite registry; a few run as real processes to prove what a user sees on stderr. The last
net's "内部错误" line counts as a failure: it means an exception nobody handled.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.cli_errors import INTERNAL_ERROR_ZH
from config import Settings, get_settings
from tests.fuzz_profile import fuzz_settings
from tests.telegram.botapi_stub import rejecting_bot_api

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def cli_env(indexed_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Environment for the CLI: the shared index, a migrated and seeded SQLite registry."""
    env = {
        "DATA_DIR": str(indexed_settings.data_dir),
        "CORPUS_DIR": str(indexed_settings.corpus_dir),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "LOG_LEVEL": "WARNING",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    from bot.console import ensure_database
    from db.seed import seed_sample
    from db.session import session_scope

    ensure_database(env["DATABASE_URL"])
    with session_scope(env["DATABASE_URL"]) as session:
        seed_sample(session=session)
    yield {**os.environ, **env}
    get_settings.cache_clear()


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `policybot ARGS` run in this process."""
    from bot import cli

    capsys.readouterr()
    try:
        cli.main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_clean(args: list[str], code: int, out: str, err: str) -> None:
    assert "Traceback" not in out + err, (args, err[-2000:])
    assert INTERNAL_ERROR_ZH not in err, (args, err[-500:])
    if code != 0:
        assert CJK.search(err), (args, code, err[-500:])
        assert "Usage:" not in err and "Error" not in err, (args, err[-500:])


words = st.one_of(
    st.text(max_size=24),
    st.sampled_from(["", "-1", "0", "-", "--", "0000-01-01", "2026-02-30", "1" * 5000, "BT-2023-0001", "示例",
                     "bingtuan", "neimenggu", "兵团", "renewal", "initial_filing", "social_org", "{}", "[", "@/nonexistent",
                     "\udcff", "第十一条", "neimenggu2024", "99999999999999999999", "-5", "1e999", "{\"a\": 1}"]),
)
JURISDICTIONS = st.sampled_from(["bingtuan", "neimenggu", "tianjin", "zhejiang", "national", "内蒙古", "火星", ""])
commands = st.one_of(
    st.builds(lambda q, k: ["search", q, "--k", k], words, words),
    st.builds(lambda d, a: ["source", d, a], words, words),
    st.builds(lambda q: ["status", q], words),
    st.builds(lambda q, j: ["status", q, "--json", "--today", j], words, words),
    st.builds(lambda n: ["registry", "expiring", "--days", n], words),
    st.builds(lambda s, u: ["registry", "terminated", "--since", s, "--until", u], words, words),
    st.builds(lambda q: ["registry", "history", q], words),
    st.builds(lambda j, e, d: ["deadline", j, e, d], JURISDICTIONS, words, words),
    st.builds(lambda j, t, p: ["eligibility", j, t, "--profile", p], JURISDICTIONS, words, words),
    st.builds(lambda j, p, d: ["checklist", j, p, "--done", d], JURISDICTIONS, words, words),
    st.builds(lambda f: ["db", "import", f, "--dry-run"], words),
    st.builds(lambda q: ["ask", q, "--json"], words),
    st.lists(words, max_size=4),
)


@fuzz_settings(30)
@given(args=commands)
def test_generated_arguments_never_print_a_traceback(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, out, err = run(args, capsys)
    assert_clean(args, code, out, err)


def _zero_date_file(tmp_path: Path) -> Path:
    rows = list(csv.reader((ROOT / "db" / "sample_registry.csv").open(encoding="utf-8")))
    rows[1][rows[0].index("备案日期")] = "0000-01-01"
    path = tmp_path / "zero.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows[:2])
    return path


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["registry", "terminated", "--since", "0000-01-01", "--until", "2026-01-01"], "0000"),
        (["registry", "expiring", "--today", "0000-01-01"], "0000"),
        (["db", "import", "{tmp}"], "不是文件"),
        (["db", "import", "{zero}"], "0000"),
        (["eligibility", "bingtuan", "social_org", "--profile", "1" * 5000], "--profile"),
        (["eligibility", "bingtuan", "social_org", "--profile", "[" * 5000], "--profile"),
        (["source", "doc", "-1"], "-1"),
        (["search", "x", "--k", "0"], "--k"),
        (["search", "x", "--k", "abc"], "整数"),
        (["status", "x", "--role", "nobody"], "applicant"),
        (["nosuch"], "nosuch"),
        (["source", "a", "b", "c"], "多余"),
    ],
)
def test_reported_faults_get_a_chinese_message(
    cli_env: dict[str, str], capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], expected: str
) -> None:
    args = [a.format(tmp=tmp_path, zero=_zero_date_file(tmp_path)) for a in args]
    code, out, err = run(args, capsys)
    assert code != 0
    assert expected in err, err
    assert_clean(args, code, out, err)


@pytest.mark.parametrize("args", [["source", "doc", "-1"], ["search", "x", "--k", "0"]])
def test_usage_errors_are_chinese_in_a_real_process(cli_env: dict[str, str], args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], cwd=ROOT, env=cli_env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert CJK.search(done.stderr) and "Traceback" not in done.stderr
    assert "Usage" not in done.stderr and "Error" not in done.stderr and not done.stdout


@pytest.mark.parametrize(("level", "shown"), [("INFO", True), ("ERROR", False)])
def test_policybot_run_logs_at_log_level(cli_env: dict[str, str], level: str, shown: bool) -> None:
    with rejecting_bot_api() as base_url:
        env = {
            **cli_env,
            "TELEGRAM_BOT_TOKEN": "424242:LOG-LEVEL-TEST",
            "TELEGRAM_API_BASE_URL": base_url,
            "WEBHOOK_URL": "",
            "LOG_LEVEL": level,
        }
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
        )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-2000:]
    assert ("Telegram bot starting" in output) is shown, output[-2000:]
    assert "LOG-LEVEL-TEST" not in output
