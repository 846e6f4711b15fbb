"""Who may do what in 梯度培育: the 潜力企业 list, alerts and plan, officers and targets, what-if scenarios."""

from __future__ import annotations

from gaoxin.accounts.scope import Scope, rule


@rule("cultivation.candidates", "潜力企业名单仅供区工作人员和园区联络员查看")
def candidates(scope: Scope, obj=None) -> bool:
    """潜力企业, 动态管理 alerts, the 三年培育计划 and batch 一企一策: staff (the zone) and liaisons (their park)."""
    return scope.is_staff or scope.is_liaison


@rule("cultivation.manage", "仅区工作人员可以办理")
def manage(scope: Scope, obj=None) -> bool:
    """Recompute verdicts, assign 服务专员, set plan targets, run 政策模拟 scenarios."""
    return scope.is_staff


@rule("cultivation.follow_discovery", "只有区工作人员和企业所在园区的联络员可以跟进主动发现")
def follow_discovery(scope: Scope, discovery=None) -> bool:
    """Mark a 主动发现 followed up or dismissed: staff, or the liaison of the enterprise's park."""
    if discovery is None:
        return scope.is_staff or scope.is_liaison
    return scope.is_staff or scope.serves(discovery.enterprise.park_id)


@rule("cultivation.answer_campaign", "只有被调查企业的用户可以答复")
def answer_campaign(scope: Scope, request=None) -> bool:
    """Answer a 调查排摸 request: the users of the enterprise asked."""
    return request is not None and scope.owns(request.enterprise_id)
