"""What the command line reads and how it fails: shared by `bot.cli` (search, ingest, source)
and `bot.console` (ask, chat), so neither imports the other for it."""

from __future__ import annotations

import sys
from typing import NoReturn

import typer

__all__ = ["fail", "stdin_lines"]


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a Chinese message on stderr and exit with `code`; never a traceback."""
    typer.echo(message, err=True)
    raise typer.Exit(code)


def stdin_lines() -> list[str]:
    """Standard input as lines; bytes that are not UTF-8 become U+FFFD instead of failing
    the whole batch."""
    return sys.stdin.buffer.read().decode("utf-8", errors="replace").splitlines()
