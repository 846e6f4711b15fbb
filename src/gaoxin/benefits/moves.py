"""免申即享 runs on the one URL of `workflow.moves`: submitting, returning and cancelling a run are plain moves;
approving it feeds the awards into programs (`runs.approve`)."""

from __future__ import annotations

from django.urls import reverse

from gaoxin.benefits import runs
from gaoxin.benefits.machines import RUN
from gaoxin.benefits.models import AwardRun
from gaoxin.workflow.moves import ReasonCommand, performs, place

place(RUN, rows=lambda scope: AwardRun.objects.all() if scope.is_staff else AwardRun.objects.none(),
      back=lambda run: reverse("benefits:run", args=[run.pk]), plain=("submit", "return", "cancel"))


@performs(RUN, "approve", ReasonCommand)
def approve(run: AwardRun, by, data: dict) -> AwardRun:
    return runs.approve(run, by)
