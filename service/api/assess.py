"""POST /v1/assess: a planning document judged. Pasted text comes as JSON, a file as multipart/form-data.
The document is read in memory, assessed and dropped: nothing of it is stored."""

import json

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from service.advisor.types import Assessment
from service.api.deps import AdvisorDep, bounded
from service.documents.model import MAX_DOCUMENT_BYTES, MAX_DOCUMENT_CHARS, UnsupportedDocumentError
from service.documents.reader import SUPPORTED, document_from_text, read_document

router = APIRouter(prefix="/v1", tags=["assess"])
UPLOAD_OVERHEAD = 64 * 1024  # multipart boundaries and headers around the file
_LANGUAGE = {"type": "string", "enum": ["auto", "zh", "en"], "default": "auto"}


class AssessText(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description=f"The document's text, at most {MAX_DOCUMENT_CHARS:,} characters.")
    name: str = Field("text", max_length=200, description="What to call the document in the answer.")
    language: str = Field("auto", pattern="^(auto|zh|en)$", description="Answer language; auto follows the text.")


_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": AssessText.model_json_schema()},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": f"{SUPPORTED}, at most 5 MB."},
                    "language": _LANGUAGE,
                },
            }
        },
    },
}


@router.post(
    "/assess",
    response_model=Assessment,
    openapi_extra={"requestBody": _BODY},
    responses={
        413: {"description": "The file is over 5 MB, or its text over 50,000 characters."},
        415: {"description": "Not JSON or multipart, or a file type other than .md, .txt, .docx, .pdf."},
        422: {"description": "Encrypted, scanned (image-only), corrupt or empty document; or a bad field."},
    },
)
async def assess(request: Request, advisor: AdvisorDep) -> Assessment:
    """Judge a document describing a place (a working paper, a plan excerpt, a chat export): the model (or
    what would decide it), the document's own sentences behind the judgement with where they stand, the
    library's districts most like the place, and the advice, in the document's language."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        name, data, language = await _uploaded(request)
        return await bounded(request, lambda: advisor.assess(read_document(name, data), language))
    if kind in ("application/json", ""):
        req = _pasted(await request.body())
        return await bounded(request, lambda: advisor.assess(document_from_text(req.text, req.name), req.language))
    raise UnsupportedDocumentError(
        f"content-type {kind!r}: send JSON {{\"text\": ...}} or multipart/form-data with a 'file' field"
    )


def _pasted(body: bytes) -> AssessText:
    try:
        return AssessText.model_validate(json.loads(body or b"null"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise RequestValidationError([{"type": "json_invalid", "loc": ("body",), "msg": "not JSON"}]) from None
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None


async def _uploaded(request: Request) -> tuple[str, bytes, str]:
    try:
        form = await request.form(max_files=1, max_fields=4)
    except HTTPException as exc:  # a malformed multipart body ("Too many fields"): the client's error
        raise RequestValidationError([{"type": "multipart", "loc": ("body",), "msg": str(exc.detail)}]) from None
    try:
        upload, language = form.get("file"), form.get("language") or "auto"
        if not isinstance(upload, UploadFile):
            raise RequestValidationError(
                [{"type": "missing", "loc": ("file",), "msg": "send the document as the multipart field 'file'"}]
            )
        if language not in ("auto", "zh", "en"):
            raise RequestValidationError(
                [{"type": "enum", "loc": ("language",), "msg": "must be 'auto', 'zh' or 'en'"}]
            )
        data = await upload.read(MAX_DOCUMENT_BYTES + 1)  # one byte over is enough to refuse it
        return upload.filename or "", data, str(language)
    finally:
        await form.close()  # the upload's spooled copy is deleted here
