"""主动发现 on the workflow machine: a discovery waits for follow-up; the 服务专员 (or staff, or the park's liaison)
marks it followed with what was done, or dismisses it with the reason. Either move closes the to-dos it opened."""

from __future__ import annotations

from django.urls import reverse

from gaoxin.workflow.machine import Edge, Machine

DISCOVERY = Machine(
    name="discovery",
    states={"new": "待跟进", "followed": "已跟进", "dismissed": "已忽略"},
    edges=(
        Edge("follow", "已跟进", ("new",), "followed", "cultivation.follow_discovery", needs_reason=True),
        Edge("dismiss", "忽略", ("new",), "dismissed", "cultivation.follow_discovery", needs_reason=True),
        Edge("reopen", "重新跟进", ("followed", "dismissed"), "new", "cultivation.follow_discovery"),
    ),
    link=lambda d: reverse("cultivation:discoveries") + f"?q={d.enterprise.credit_code}",
)

CAMPAIGN = Machine(
    name="campaign",
    states={"open": "进行中", "closed": "已结束"},
    edges=(
        Edge("close", "结束调查", ("open",), "closed", "cultivation.manage"),
        Edge("reopen", "重新开放", ("closed",), "open", "cultivation.manage"),
    ),
    link=lambda c: reverse("cultivation:campaign", args=[c.pk]),
)
