"""Prompt files, loaded strictly: unknown or unused variables fail at start-up, never at answer time."""

import re
import string
from dataclasses import dataclass
from pathlib import Path

import yaml

from service.errors import ConfigError

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_SECTION = re.compile(r"^### (system|user)\s*$", re.M)


@dataclass(frozen=True)
class Prompt:
    id: str
    version: int
    lang: str
    variables: frozenset[str]
    system: str
    user: str

    @property
    def ref(self) -> str:
        return f"{self.id}@v{self.version}"

    def render(self, **values: str) -> tuple[str, str]:
        missing = self.variables - set(values)
        unknown = set(values) - self.variables
        if missing or unknown:
            raise ConfigError(f"prompt {self.ref}.{self.lang}: missing {sorted(missing)}, unknown {sorted(unknown)}")
        return self.system.format(**values), self.user.format(**values)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def load_prompt(path: Path) -> Prompt:
    raw = path.read_text(encoding="utf-8")
    match = _FRONT.match(raw)
    if not match:
        raise ConfigError(f"{path}: a prompt file starts with a '---' front-matter block")
    meta = yaml.safe_load(match.group(1)) or {}
    for key in ("id", "version", "lang", "variables"):
        if key not in meta:
            raise ConfigError(f"{path}: front-matter field '{key}' is missing")
    parts = _SECTION.split(raw[match.end() :])
    sections = dict(zip(parts[1::2], (p.strip() for p in parts[2::2]), strict=True))
    if set(sections) != {"system", "user"}:
        raise ConfigError(f"{path}: needs exactly one '### system' and one '### user' section")
    declared = set(meta["variables"])
    try:
        used = _fields(sections["system"]) | _fields(sections["user"])
    except ValueError as exc:
        raise ConfigError(f"{path}: malformed placeholder ({exc}); write literal braces as {{{{ and }}}}") from exc
    if used != declared:
        raise ConfigError(
            f"{path}: placeholders {sorted(used - declared)} are not declared; "
            f"declared variables {sorted(declared - used)} are never used"
        )
    return Prompt(
        str(meta["id"]),
        int(meta["version"]),
        str(meta["lang"]),
        frozenset(declared),
        sections["system"],
        sections["user"],
    )


def load_prompts(folder: Path, prompt_id: str, version: int) -> dict[str, Prompt]:
    """The prompt in every language, e.g. prompts/answer/v1.en.md and v1.zh.md."""
    prompts = {}
    for lang in ("en", "zh"):
        path = folder / prompt_id / f"v{version}.{lang}.md"
        if not path.exists():
            raise ConfigError(f"prompt file {path} is missing")
        prompt = load_prompt(path)
        if prompt.lang != lang or prompt.version != version or prompt.id != prompt_id:
            raise ConfigError(f"{path}: front-matter id/version/lang do not match the file name")
        prompts[lang] = prompt
    return prompts
