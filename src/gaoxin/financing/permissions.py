"""Who may do what in 政银企对接: read products and needs, file a need, refer it to a bank and record the answer."""

from __future__ import annotations

from gaoxin.accounts.scope import Scope, rule


@rule("financing.read", "无权查看融资对接")
def read(scope: Scope, obj=None) -> bool:
    return scope.is_staff or scope.is_liaison or scope.is_enterprise


@rule("financing.manage", "仅区工作人员可以推送和登记银行反馈")
def manage(scope: Scope, obj=None) -> bool:
    """Set up products, scan the zone for a product, refer needs to banks and record the banks' answers."""
    return scope.is_staff


@rule("financing.file_need", "无权为该企业登记融资需求")
def file_need(scope: Scope, enterprise) -> bool:
    """An enterprise files its own need; staff and the park's liaison file for an enterprise they may read."""
    return scope.is_staff or scope.owns(enterprise.pk) or scope.serves(enterprise.park_id)
