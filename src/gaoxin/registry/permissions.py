"""Who may do what in 企业库: read enterprises and their money figures, edit, import, file and review filings."""

from __future__ import annotations

from gaoxin.accounts.scope import Scope, rule


@rule("registry.read_money", "企业财务数据不对园区联络员公开")
def read_money(scope: Scope, enterprise=None) -> bool:
    """Enterprises' money figures (revenue, R&D expense, assets, profit, financing …) are business secrets held by
    the zone's bureaus: staff and the enterprise itself read them, a park liaison (who follows its park's
    enterprises' headcount, titles and projects) does not. `accounts.masking` applies this to every output."""
    return not (scope.role is not None and scope.role.value == "park_liaison")


@rule("registry.manage", "仅区工作人员可以修改企业库")
def manage(scope: Scope, enterprise=None) -> bool:
    """Correct figures, record titles and IP, import files, decide filings, archive enterprises."""
    return scope.is_staff


@rule("registry.file", "只有企业用户可以填报本企业数据")
def file(scope: Scope, enterprise) -> bool:
    return scope.owns(enterprise.pk)



@rule("registry.submit_filing", "只有企业用户可以提交本企业的填报")
def submit_filing(scope: Scope, filing) -> bool:
    return scope.owns(filing.enterprise_id)


@rule("registry.decide_filing", "仅区工作人员可以审核企业填报")
def decide_filing(scope: Scope, filing=None) -> bool:
    """Return a filing with a reason, or accept it into the registry."""
    return scope.is_staff
