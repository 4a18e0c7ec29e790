"""Building the LangChain chat model a generator talks to. LangChain types stay in generation/."""

import atexit
from pathlib import Path

from langchain_core.language_models import BaseChatModel

from service.errors import ConfigError
from service.settings import Settings

ANSWER_SCHEMA = {
    "type": "object",
    "properties": {"answer": {"type": "string"}, "citations": {"type": "array", "items": {"type": "integer"}}},
    "required": ["answer", "citations"],
}


def openai_model(base_url: str | None, api_key: str, model: str, s: Settings) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=base_url,
        api_key=api_key,
        model=model,
        temperature=s.llm_temperature,
        max_tokens=s.llm_max_tokens,
        timeout=s.llm_timeout_s,
        max_retries=0,  # retries with backoff are the generator's, so every provider behaves alike
        model_kwargs={
            "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "schema": ANSWER_SCHEMA}}
        },
    )


def ollama_model(s: Settings) -> BaseChatModel:
    from langchain_ollama import ChatOllama

    return ChatOllama(
        base_url=s.ollama_base_url,
        model=s.llm_model,
        temperature=s.llm_temperature,
        num_predict=s.llm_max_tokens,
        format=ANSWER_SCHEMA,
        client_kwargs={"timeout": s.llm_timeout_s},
    )


class LlamaCppServer:
    """An embedded llama.cpp server (xllamacpp) on a loopback port, reached through the OpenAI path."""

    def __init__(self, model_path: Path, n_ctx: int, threads: int) -> None:
        if not model_path.is_file():
            raise ConfigError(f"ADVISOR_LLAMACPP_MODEL_PATH: no GGUF file at {model_path}")
        import xllamacpp

        params = xllamacpp.CommonParams()
        params.model.path = str(model_path)
        params.n_ctx = n_ctx
        params.cpuparams.n_threads = threads
        params.hostnames = ["127.0.0.1"]
        params.port = 0  # any free port; the server reports the one it took
        self._server = xllamacpp.Server(params)
        self.base_url = self._server.listening_address.rstrip("/") + "/v1"
        atexit.register(self.close)

    def close(self) -> None:
        self._server = None


def build_chat_model(s: Settings) -> tuple[str, BaseChatModel, object | None]:
    """(generator name, chat model, a resource to keep alive) for the configured generator."""
    if s.generator == "openai":
        key = s.llm_api_key.get_secret_value() if s.llm_api_key else "not-needed"
        return f"openai:{s.llm_model}", openai_model(s.llm_base_url, key, s.llm_model, s), None
    if s.generator == "ollama":
        return f"ollama:{s.llm_model}", ollama_model(s), None
    if s.generator == "llamacpp":
        if s.llamacpp_model_path is None:
            raise ConfigError("ADVISOR_GENERATOR=llamacpp needs ADVISOR_LLAMACPP_MODEL_PATH (a GGUF file)")
        server = LlamaCppServer(s.llamacpp_model_path, s.llamacpp_ctx, s.embed_threads)
        name = f"llamacpp:{s.llamacpp_model_path.name}"
        return name, openai_model(server.base_url, "not-needed", "local", s), server
    raise ConfigError(f"unknown generator '{s.generator}'; choose offline, openai, ollama or llamacpp")
