"""POST /v1/feedback: helpful / not helpful, stored beside the answer log."""

from fastapi import APIRouter, status

from service.api.deps import ContainerDep
from service.api.schemas import FeedbackRequest, FeedbackResponse

router = APIRouter(prefix="/v1", tags=["feedback"])


@router.post(
    "/feedback",
    response_model=FeedbackResponse,
    status_code=status.HTTP_201_CREATED,
    responses={404: {"description": "No answer with that answer_id."}},
)
def feedback(req: FeedbackRequest, container: ContainerDep) -> FeedbackResponse:
    """Record a rating for an answer the advisor gave; 404 when the answer_id is unknown."""
    fid = container.store.add_feedback(req.answer_id, req.rating, req.comment)
    return FeedbackResponse(feedback_id=fid, answer_id=req.answer_id)
