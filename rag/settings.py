"""Settings, read once from `RAG_*` environment variables into one frozen object."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from rag.errors import ConfigError
from rag.records import MAX_K


def _project_root() -> Path:
    """The checkout holding this package when installed in place, else the working directory."""
    here = Path(__file__).resolve().parent.parent
    return here if (here / "pyproject.toml").exists() else Path.cwd()


Encoder = Literal["torch", "onnx", "onnx-int8"]  # what runs the embedding model


class Settings(BaseSettings):
    """Every setting the assistant reads; each default works offline on a laptop."""

    model_config = SettingsConfigDict(env_prefix="RAG_", frozen=True, extra="ignore")

    data_dir: Path = Field(default_factory=lambda: _project_root() / "data")
    corpus_dir: Path = Field(default_factory=lambda: _project_root() / "corpus")
    eval_dir: Path = Field(default_factory=lambda: _project_root() / "eval")
    reports_dir: Path = Field(default_factory=lambda: _project_root().parent / "shared" / "reports")
    model_path: Path | None = None
    # The tuning file answers are scored with; by default the one shipped in the package.
    calibration: Path | None = None
    cache_dir: Path = Field(default_factory=lambda: _project_root() / "data" / "cache")
    encoder: Encoder = "onnx"
    chroma_url: str = ""
    collection: str = Field(default="record", pattern=r"^[a-zA-Z0-9][a-zA-Z0-9_-]{1,50}$")
    top_k: int = Field(default=6, ge=1, le=MAX_K)
    host: str = "127.0.0.1"
    port: int = Field(default=7860, ge=1, le=65535)
    auth: str = ""
    # A language model that rewrites answers in plain English, verified sentence by sentence:
    # "extractive" (none), "ollama:<model>" or "openai:<model>" (any OpenAI-compatible server).
    llm: str = Field(default="extractive", pattern=r"^(extractive|(openai|ollama):\S+)$")
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_timeout: float = Field(default=30.0, gt=0, le=600)

    @field_validator("auth")
    @classmethod
    def _user_and_password(cls, value: str) -> str:
        if value and (":" not in value or not all(value.split(":", 1))):
            raise ValueError("must be user:password")
        return value

    @property
    def credentials(self) -> tuple[str, str] | None:
        """The login for the web app, from RAG_AUTH=user:password (None: no login)."""
        if not self.auth:
            return None
        user, password = self.auth.split(":", 1)
        return user, password

    @property
    def newham_reports_dir(self) -> Path:
        """Newham's three Ofsted reports: RAG_REPORTS_DIR/newham, else the copy committed in the
        checkout's tests/fixtures (what a clone without ../shared has)."""
        shared = self.reports_dir / "newham"
        if shared.is_dir():
            return shared
        return _project_root() / "tests" / "fixtures" / "reports" / "newham"

    @property
    def models_dir(self) -> Path:
        """Where the ONNX export of the model is cached (shared by every data folder)."""
        return self.cache_dir / "models"

    @property
    def chroma_dir(self) -> Path:
        """Where the embedded Chroma store keeps its files."""
        return self.data_dir / "chroma"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read the environment once; a bad value becomes a ConfigError naming the variable."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"RAG_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"Invalid setting: {problems}") from exc
