"""Reading a YAML mapping into a pydantic model, with one error naming the file and the field at fault."""

from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from service.errors import CorpusError

M = TypeVar("M", bound=BaseModel)
# libyaml's loader when PyYAML was built with it: some ten times faster on the corpus's 300 YAML blocks
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str | bytes) -> object:
    return yaml.load(text, Loader=FAST_LOADER)


def parse_yaml_model(text: str, model: type[M], rel: str, what: str) -> M:
    """`what` names the block in messages about the whole of it ("front-matter", "record")."""
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise CorpusError(rel, what, f"invalid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise CorpusError(rel, what, "must be a mapping of field: value")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or what
        raise CorpusError(rel, field, err["msg"]) from exc
