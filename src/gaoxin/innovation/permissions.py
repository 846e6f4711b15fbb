"""Who may do what in 创新服务: the achievement register and its expert evaluations, 招商 prospects, incubators."""

from __future__ import annotations

from gaoxin.accounts.scope import Scope, rule


@rule("innovation.read", "无权查看科技成果")
def read(scope: Scope, obj=None) -> bool:
    """The achievement register: staff all, an enterprise its own and those it registered."""
    return scope.is_staff or scope.is_enterprise


@rule("innovation.manage", "仅区工作人员可以操作")
def manage(scope: Scope, obj=None) -> bool:
    """Register achievements, request and conclude evaluations, draw experts, keep prospects and carriers."""
    return scope.is_staff
