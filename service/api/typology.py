"""GET /v1/typology: the five models and three trends, bilingual, each with its card's definition."""

from fastapi import APIRouter

from service.advisor.evidence import CARD_SECTIONS, best_quote, section_chunks
from service.api.deps import ContainerDep
from service.api.schemas import TypologyItem, TypologyResponse
from service.typology import MODEL_IDS, MODEL_NAMES, TREND_IDS, TREND_NAMES

router = APIRouter(prefix="/v1", tags=["typology"])


@router.get("/typology", response_model=TypologyResponse)
def typology(container: ContainerDep) -> TypologyResponse:
    """The article's typology, with each definition quoted from its card in both languages."""
    index = container.reader.get()

    def item(kind: str, key: str, names: dict[str, str]) -> TypologyItem:
        definition = {}
        for lang in ("en", "zh"):
            chunks = section_chunks(index, f"{kind}.{key}.{lang}", CARD_SECTIONS[lang]["definition"])
            definition[lang] = best_quote(chunks[0], container.tokenizer, n=2) if chunks else ""
        return TypologyItem(id=key, name=names, definition=definition, doc_ids=[f"{kind}.{key}.en", f"{kind}.{key}.zh"])

    return TypologyResponse(
        models=[item("model", m, MODEL_NAMES[m]) for m in MODEL_IDS],
        trends=[item("trend", t, TREND_NAMES[t]) for t in TREND_IDS],
    )
