"""The `policybot` command: search, ingest, source, corpus, chat, ask, and the registry/tool sub-apps.

Sub-apps are imported only when their command is used, so `policybot search`
in a cold process pays for retrieval alone. Every PolicybotError becomes its
Chinese message on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import importlib
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from bot.cli_io import fail, stdin_lines
from errors import PolicybotError

app = typer.Typer(
    help="policybot:职业技能评价政策问答与评价机构备案工具",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
corpus_app = typer.Typer(help="政策文本库:由原始网页副本生成干净文本", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")

# name -> (module, attribute, help); mounted lazily by `main`.
SUB_APPS: dict[str, tuple[str, str, str]] = {
    "db": ("db.cli", "app", "评价机构名录数据库:迁移、示例数据、导入导出"),
    "status": ("tools.cli_status", "status_app", "查询评价机构备案状态"),
    "registry": ("tools.cli_status", "registry_app", "监管名录查询(到期、暂停、终止)"),
    "deadline": ("tools.cli_rules", "deadline_app", "计算期限(续期、档案、申辩等)"),
    "eligibility": ("tools.cli_rules", "eligibility_app", "评价机构申报条件自查"),
    "checklist": ("tools.cli_rules", "checklist_app", "办事材料清单"),
    "reminders": ("bot.cli_reminders", "app", "到期提醒:查看、发送、订阅"),
}

T = TypeVar("T")
log = logging.getLogger("policybot")


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn any PolicybotError into its Chinese message and exit code 2."""
    try:
        yield
    except PolicybotError as exc:
        fail(exc.message_zh)


def settings() -> Any:
    from config import get_settings  # noqa: PLC0415

    return get_settings()


def _print_hits_human(query: str, hits: list[Any]) -> None:
    from rich.console import Console  # noqa: PLC0415

    console = Console()
    console.print(f"[bold]问题:[/bold]{query}")
    if not hits:
        console.print("没有找到相关条文。")
    for rank, hit in enumerate(hits, start=1):
        console.print(f"[bold cyan]{rank}. {hit.citation}[/bold cyan]  [dim]得分 {hit.score:.3f}[/dim]")
        console.print(hit.text, markup=False, highlight=False)
        console.print()


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="问题;用 - 从标准输入逐行读取")],
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="返回条数")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON(稳定接口)")] = False,
    jurisdiction: Annotated[str | None, typer.Option(help="只在某地区检索:national/bingtuan/neimenggu/tianjin/zhejiang")] = None,
) -> None:
    """检索政策条文(混合检索,带引用)。"""
    from retrieval.search import open_searcher  # noqa: PLC0415

    with friendly_errors():
        if jurisdiction:
            _check_jurisdiction(jurisdiction)
        searcher = open_searcher(settings())

    questions = stdin_lines() if query == "-" else [query]
    failures = 0
    noticed = False
    for question in questions:
        try:
            hits = searcher.search(question, k=k, jurisdiction=jurisdiction)
            if searcher.notice and not noticed:  # vectors unreachable: said once, on stderr
                typer.echo(searcher.notice, err=True)
                noticed = True
        except PolicybotError as exc:
            failures += 1
            typer.echo(exc.message_zh, err=True)
            if as_json and query == "-":
                typer.echo("[]")
                continue
            raise typer.Exit(2) from None
        if as_json:
            typer.echo(json.dumps([h.as_contract() for h in hits], ensure_ascii=False))
        else:
            _print_hits_human(question, hits)
    if failures:
        raise typer.Exit(1)


def _check_jurisdiction(value: str) -> None:
    from corpus.models import Jurisdiction  # noqa: PLC0415

    known = [j.value for j in Jurisdiction]
    if value not in known:
        fail(f"未知地区“{value}”,可选:{'、'.join(known)}")


@app.command()
def ingest() -> None:
    """把政策文本库写入检索索引(幂等:未变化的条文不重新计算)。"""
    from rich.progress import Progress  # noqa: PLC0415

    from retrieval.index import ingest as run_ingest  # noqa: PLC0415

    with friendly_errors(), Progress(transient=True) as progress:
        task = progress.add_task("计算向量", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            report = run_ingest(settings(), progress=advance)
        except PolicybotError:
            raise
        except Exception as exc:  # embedding or store failure: the previous index is untouched
            log.debug("ingest failed", exc_info=True)
            fail(f"索引构建失败,原有索引未改动:{exc}")
            return
    typer.echo(
        f"索引完成(模型 {report.model},用时 {report.seconds:.1f} 秒):新增 {len(report.added)},"
        f"替换 {len(report.replaced)},删除 {len(report.removed)},未变 {report.unchanged};"
        f"新计算向量 {report.embedded} 条。"
    )


@app.command()
def source(
    doc_key: Annotated[str, typer.Argument(help="文件代码,如 neimenggu2024")] = "",
    article: Annotated[str, typer.Argument(help="条号:11、十一、第十一条;印发通知用 0")] = "",
    list_docs: Annotated[bool, typer.Option("--list", help="列出全部文件")] = False,
) -> None:
    """显示一条完整条文及其引用。"""
    from bot.sources import article_text  # noqa: PLC0415
    from corpus import cached_corpus  # noqa: PLC0415

    with friendly_errors():
        corpus = cached_corpus(settings().corpus_dir)
        if list_docs or not doc_key:
            for key, doc in corpus.documents.items():
                number = f" {doc.meta.doc_number}" if doc.meta.doc_number else ""
                typer.echo(f"{key}\t《{doc.meta.title}》{number}\t{len(doc.articles)} 条")
            return
        document = corpus.document(doc_key)
        typer.echo(article_text(document, document.article(parse_article_ref(article))))


def parse_article_ref(value: str) -> int | None:
    """'11', '十一', '第十一条', '第一部分' → 11/1; '0' or '' → the unnumbered preamble."""
    from corpus.numerals import parse_chinese_number  # noqa: PLC0415
    from errors import UnknownArticleError  # noqa: PLC0415

    text = value.strip().removeprefix("第")
    for suffix in ("条", "部分", "段"):
        text = text.removesuffix(suffix)
    if text in ("", "0"):
        return None
    try:
        number = parse_chinese_number(text)
    except ValueError:
        raise UnknownArticleError(f"无法识别条号“{value}”,请写成 11 或 第十一条。") from None
    if number <= 0:
        raise UnknownArticleError(f"条号“{value}”无效。")
    return number


@corpus_app.command("build")
def corpus_build(
    seed_dir: Annotated[Path | None, typer.Option(help="原始副本目录(默认 ../shared/seed-docs)")] = None,
) -> None:
    """按 corpus/sources.yaml 由原始副本重新生成 corpus/documents。"""
    from corpus.clean import build_corpus  # noqa: PLC0415

    with friendly_errors():
        cfg = settings()
        paths = build_corpus(seed_dir or cfg.seed_docs_dir, cfg.corpus_dir)
    typer.echo(f"已生成 {len(paths) // 2} 份文件。")


def _console_commands() -> None:
    from bot import console  # noqa: PLC0415

    app.command("ask")(console.ask)
    app.command("chat")(console.chat)
    app.command("run")(console.run)


def _mount(name: str) -> None:
    module_name, attribute, help_text = SUB_APPS[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        log.debug("sub-app %s unavailable: %s", name, exc)
        return
    sub = getattr(module, attribute, None)
    if sub is not None:
        app.add_typer(sub, name=name, help=help_text)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    first = next((a for a in args if not a.startswith("-")), "")
    for name in SUB_APPS if first not in _CORE_COMMANDS else ():
        if not first or first == name or first not in SUB_APPS:
            _mount(name)
    if first in ("", "ask", "chat", "run") or first.startswith("-"):
        _console_commands()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from bot.cli_errors import run_app  # noqa: PLC0415

    run_app(app, args, "policybot")  # usage errors in Chinese, never a traceback


_CORE_COMMANDS = {"search", "ingest", "source", "corpus", "chat", "ask", "run"}


def register(func: Callable[..., T]) -> Callable[..., T]:
    """Hook for later modules to add top-level commands without editing this file."""
    return app.command()(func)


if __name__ == "__main__":
    main()
