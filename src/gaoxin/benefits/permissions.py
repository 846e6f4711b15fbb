"""Who may do what in 政策匹配: push notices, raise and answer objections, and the 免申即享 run's moves."""

from __future__ import annotations

from gaoxin.accounts.scope import Scope, rule


@rule("benefits.read", "无权查看政策匹配")
def read(scope: Scope, obj=None) -> bool:
    """The matches, the 政策库 and the calculator: staff, park liaisons (their park's) and enterprises (their own)."""
    return scope.is_staff or scope.is_liaison or scope.is_enterprise


@rule("benefits.manage", "只有区工作人员可以办理")
def manage(scope: Scope, obj=None) -> bool:
    """Refresh matches, push a benefit to the enterprises that qualify, see runs and what-if knobs."""
    return scope.is_staff


@rule("benefits.object", "只有企业本身可以对政策匹配提出异议")
def raise_objection(scope: Scope, enterprise) -> bool:
    return scope.owns(enterprise.pk)


@rule("benefits.answer_objection", "只有区工作人员可以答复异议")
def answer_objection(scope: Scope, objection=None) -> bool:
    return scope.is_staff


@rule("benefits.run", "只有区工作人员可以生成和办理免申即享名单")
def run(scope: Scope, award_run=None) -> bool:
    """Generate a 免申即享 run, submit it for approval, cancel it."""
    return scope.is_staff


@rule("benefits.approve_run", "免申即享名单须由生成人以外的区工作人员审批")
def approve_run(scope: Scope, award_run) -> bool:
    """Approve or return a run: staff, and not the person who generated it (a second pair of eyes)."""
    return scope.is_staff and (scope.system or not scope.is_user(award_run.created_by_id))
