"""Dependencies as type aliases; tests swap them with app.dependency_overrides."""

from typing import Annotated

from fastapi import Depends, Request

from service.advisor.pipeline import Advisor
from service.container import Container


def get_container(request: Request) -> Container:
    return request.app.state.container


def get_advisor(request: Request) -> Advisor:
    return request.app.state.container.advisor


ContainerDep = Annotated[Container, Depends(get_container)]
AdvisorDep = Annotated[Advisor, Depends(get_advisor)]
