"""年度填报's moves on the one URL of `workflow.moves`: staff return a filing (with a reason) or accept it, both
through `services.transition_filing`, which writes accepted figures into the registry."""

from __future__ import annotations

from django.urls import reverse

from gaoxin.registry import services
from gaoxin.registry.machines import FILING
from gaoxin.registry.models import FiguresFiling
from gaoxin.workflow.moves import ReasonCommand, performs, place


class ReturnCommand(ReasonCommand):
    """退回: the reason the enterprise reads."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, edge=FILING.edge("return"), **kwargs)
        self.fields["reason"].label = "退回原因"


place(FILING, rows=lambda scope: FiguresFiling.objects.filter(enterprise__in=scope.enterprises()),
      back=lambda filing: reverse("registry:filing_queue"))


@performs(FILING, "return", ReturnCommand)
def return_filing(filing: FiguresFiling, by, data: dict) -> FiguresFiling:
    return services.transition_filing(by, filing, "return", data["reason"])


@performs(FILING, "accept", ReasonCommand)
def accept_filing(filing: FiguresFiling, by, data: dict) -> FiguresFiling:
    return services.transition_filing(by, filing, "accept")
