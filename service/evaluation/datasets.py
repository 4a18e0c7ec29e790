"""Reading JSONL datasets with one clear error per bad line."""

import json
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from service.errors import AdvisorError

T = TypeVar("T", bound=BaseModel)


class DatasetError(AdvisorError):
    """A dataset line is malformed: names the file, the line and the field."""


def read_jsonl(path: Path, row_type: type[T]) -> list[T]:
    if not path.exists():
        raise DatasetError(f"{path}: file not found")
    rows: list[T] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = row_type.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}:{n}: not JSON ({exc.msg})") from exc
        except ValidationError as exc:
            e = exc.errors()[0]
            field = ".".join(str(p) for p in e["loc"]) or "row"
            raise DatasetError(f"{path}:{n}: field '{field}': {e['msg']}") from exc
        row_id = getattr(row, "id", None)
        if row_id in seen:
            raise DatasetError(f"{path}:{n}: field 'id': '{row_id}' is used twice")
        seen.add(row_id)
        rows.append(row)
    if not rows:
        raise DatasetError(f"{path}: no rows")
    return rows
