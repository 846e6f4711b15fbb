"""Who may do what in 资金与项目: applications, awards, tranches, follow-ups, appeals and competitions.

Every rule is `rule(scope, obj) -> bool`, named `programs.<what>`; the machines' moves, the services and the views
all ask `scope.may(name, obj)`, so a page, the API, the CLI and a job are held to the same answer.
"""

from __future__ import annotations

from gaoxin.accounts.scope import Scope, rule


@rule("programs.manage", "仅区工作人员可以办理")
def manage(scope: Scope, obj=None) -> bool:
    """Set up programs, check and decide applications, run reviews, confirm and sign awards, accept reports."""
    return scope.is_staff


@rule("programs.apply", "只有申报企业的用户可以办理")
def apply(scope: Scope, application) -> bool:
    """The applicant's own users move its application (submit, withdraw) and report on its award."""
    return scope.owns(application.enterprise_id)


@rule("programs.report_milestone", "只有获支持企业的用户可以提交里程碑报告")
def report_milestone(scope: Scope, tranche) -> bool:
    return scope.owns(tranche.award.application.enterprise_id)


@rule("programs.submit_followup", "只有获支持企业的用户可以报送跟踪报告")
def submit_followup(scope: Scope, report) -> bool:
    return scope.owns(report.award.application.enterprise_id)


@rule("programs.release_tranche", "仅区工作人员可以验收和拨付资金")
def release_tranche(scope: Scope, tranche=None) -> bool:
    """Accept a milestone, release a tranche on signing, record a payment: the zone's finance side only."""
    return scope.is_staff


@rule("programs.file_appeal", "只有申报企业的用户可以对公示结果提出异议")
def file_appeal(scope: Scope, application) -> bool:
    return scope.owns(application.enterprise_id)


@rule("programs.answer_appeal", "仅区工作人员可以答复异议")
def answer_appeal(scope: Scope, appeal=None) -> bool:
    return scope.is_staff


@rule("programs.download_agreement", "无权下载资助协议")
def download_agreement(scope: Scope, application) -> bool:
    """Staff, and the applicant (a party to the agreement). A reviewer scored the application but is no party to it
    (decision 0012)."""
    return scope.is_staff or scope.owns(application.enterprise_id)


@rule("programs.see_award", "无权查看资助金额")
def see_award(scope: Scope, application) -> bool:
    """An application's award, tranches, payments and appeals: staff and the applicant; a reviewer reads the
    application to score it, not what it was given."""
    return scope.is_staff or scope.owns(application.enterprise_id)


@rule("programs.enter_late", "报名已截止")
def enter_late(scope: Scope, program=None) -> bool:
    """Register a competition team after the window closes, or for another user: staff only."""
    return scope.is_staff


@rule("programs.withdraw_entry", "只有报名者或区工作人员可以退赛")
def withdraw_entry(scope: Scope, entry) -> bool:
    registrant = scope.is_user(entry.registered_by_id) or scope.owns(entry.enterprise_id)
    return scope.is_staff or registrant


@rule("programs.pay_prize", "仅区工作人员可以登记奖金拨付")
def pay_prize(scope: Scope, prize=None) -> bool:
    return scope.is_staff


@rule("programs.review", "只有被分配的评审专家可以评分")
def review(scope: Scope, assignment) -> bool:
    """Score an application or a competition entry: the expert it was assigned to."""
    return scope.is_reviewer and scope.is_user(assignment.reviewer.user_id)
