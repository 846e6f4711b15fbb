"""The application's state machine: who may move it, from where to where, and what each state means to the
applicant in plain words."""

from __future__ import annotations

from django.urls import reverse

from gaoxin.accounts.recipients import enterprise_users, staff_users
from gaoxin.workflow.machine import Edge, Machine

STATES = {
    "draft": "草稿",
    "submitted": "已提交，待形式审查",
    "returned": "已退回，待修改",
    "accepted": "已受理，待评审",
    "under_review": "专家评审中",
    "reviewed": "评审完成，待决定",
    "awarded": "已获支持",
    "rejected": "未获支持",
    "withdrawn": "已撤回",
}
PLAIN = {  # what the applicant reads on its page
    "draft": "申报材料尚未提交，可继续修改；提交前系统会按申报条件自动初筛。",
    "submitted": "已提交。区里正在核对材料是否齐全，期间不能修改。",
    "returned": "材料被退回，请按退回意见修改后重新提交。",
    "accepted": "材料齐全，已受理，等待安排专家评审。",
    "under_review": "专家正在评审。",
    "reviewed": "专家评审已完成，等待区里研究决定。",
    "awarded": "已获支持，请留意资金拨付安排。",
    "rejected": "本次未获支持。",
    "withdrawn": "已撤回申报。",
}


def _tasks(application, state: str) -> list[tuple[object, str]]:
    if state == "submitted":
        return [(u, f"形式审查：{application}") for u in staff_users()]
    if state == "returned":
        return [(u, f"修改并重新提交：{application.project_title}") for u in enterprise_users(application)]
    if state == "accepted":
        return [(u, f"安排评审：{application}") for u in staff_users()]
    return []


APPLICATION = Machine(
    name="application",
    states=STATES,
    edges=(
        Edge("submit", "提交申报", ("draft", "returned"), "submitted", "programs.apply"),
        Edge("withdraw", "撤回申报", ("draft", "submitted", "returned"), "withdrawn", "programs.apply"),
        Edge("accept", "受理", ("submitted",), "accepted", "programs.manage"),
        Edge("return", "退回修改", ("submitted",), "returned", "programs.manage", needs_reason=True),
        Edge("start_review", "开始评审", ("accepted",), "under_review", "programs.manage"),
        Edge("finish_review", "完成评审", ("under_review",), "reviewed", "programs.manage"),
        Edge("award", "决定支持", ("reviewed",), "awarded", "programs.manage"),
        Edge("reject", "决定不予支持", ("accepted", "reviewed"), "rejected", "programs.manage", needs_reason=True),
        Edge("auto_award", "免申即享核定支持", ("draft",), "awarded", "programs.manage"),  # an approved 免申即享 run
    ),
    tasks=_tasks,
    watchers=enterprise_users,
    link=lambda a: reverse("programs:application", args=[a.pk]),
)


AWARD = Machine(
    name="award",
    states={"proposed": "拟支持（公示中）", "confirmed": "已立项", "signed": "已签协议，执行中",
            "completed": "已结项", "cancelled": "已撤销"},
    edges=(
        Edge("confirm", "公示期满确认立项", ("proposed",), "confirmed", "programs.manage"),
        Edge("cancel", "撤销立项", ("proposed", "confirmed"), "cancelled", "programs.manage", needs_reason=True),
        Edge("sign", "登记签订协议", ("confirmed",), "signed", "programs.manage"),
        Edge("complete", "结项", ("signed",), "completed", "programs.manage"),
    ),
    tasks=lambda award, state: [(u, {"proposed": f"公示期满后确认立项：{award}",
                                      "confirmed": f"签订资助协议：{award}"}[state]) for u in staff_users()]
    if state in ("proposed", "confirmed") else [],
    watchers=lambda award: enterprise_users(award.application),
    link=lambda award: reverse("programs:application", args=[award.application_id]),
)


def _tranche_tasks(tranche, state: str) -> list[tuple[object, str]]:
    if state == "reported":
        return [(u, f"验收里程碑：{tranche}") for u in staff_users()]
    if state == "accepted":
        return [(u, f"拨付资金：{tranche}") for u in staff_users()]
    if state == "pending":
        return [(u, f"提交里程碑报告：{tranche}") for u in enterprise_users(tranche.award.application)]
    return []


TRANCHE = Machine(
    name="tranche",
    states={"pending": "待完成里程碑", "reported": "里程碑已报告，待验收", "accepted": "已验收，待拨付",
            "paid": "已拨付"},
    edges=(
        Edge("report", "提交里程碑报告", ("pending",), "reported", "programs.report_milestone"),
        Edge("accept_report", "验收通过", ("reported",), "accepted", "programs.release_tranche"),
        Edge("return_report", "退回里程碑报告", ("reported",), "pending", "programs.release_tranche",
             needs_reason=True),
        Edge("release", "签订协议即拨付", ("pending",), "accepted", "programs.release_tranche"),
        Edge("pay", "登记拨付", ("accepted",), "paid", "programs.release_tranche"),
    ),
    tasks=_tranche_tasks,
    watchers=lambda tranche: enterprise_users(tranche.award.application),
    link=lambda tranche: reverse("programs:application", args=[tranche.award.application_id]),
)


FOLLOWUP = Machine(
    name="followup",
    states={"due": "待报送", "submitted": "已报送，待审核", "accepted": "已审核", "returned": "已退回，待修改"},
    edges=(
        Edge("submit", "报送跟踪报告", ("due", "returned"), "submitted",
             "programs.submit_followup"),
        Edge("accept", "审核通过", ("submitted",), "accepted", "programs.manage"),
        Edge("return", "退回修改", ("submitted",), "returned", "programs.manage", needs_reason=True),
    ),
    tasks=lambda r, state: ([(u, f"审核跟踪报告：{r}") for u in staff_users()] if state == "submitted" else
                            [(u, f"修改跟踪报告：{r}") for u in enterprise_users(r.award.application)]
                            if state == "returned" else []),
    watchers=lambda r: enterprise_users(r.award.application),
    link=lambda r: reverse("programs:application", args=[r.award.application_id]),
)


ENTRY_PLAIN = {  # what the team reads on its page
    "registered": "已报名，等待比赛开始。",
    "competing": "比赛中：评委正在评审本轮项目，结果出来后会通知您。",
    "eliminated": "本次未能晋级，感谢参赛。",
    "finalist": "已完成决赛评审，等待评定奖项。",
    "awarded": "获奖。奖金在项目落地（注册为区内企业）后拨付。",
    "withdrawn": "已退出比赛。",
}


def entry_users(entry) -> list:
    """The team's accounts: whoever registered it, and the users of its enterprise once it has one."""
    users = set(enterprise_users(entry)) if entry.enterprise_id else set()
    if entry.registered_by_id:
        users.add(entry.registered_by)
    return [u for u in users if u.is_active]


ENTRY = Machine(
    name="entry",
    states={"registered": "已报名", "competing": "比赛中", "eliminated": "未晋级", "finalist": "决赛完成，待评奖",
            "awarded": "获奖", "withdrawn": "已退赛"},
    edges=(
        Edge("start", "进入比赛", ("registered",), "competing", "programs.manage"),
        Edge("promote", "晋级下一轮", ("competing",), "competing", "programs.manage"),
        Edge("eliminate", "未晋级", ("competing",), "eliminated", "programs.manage"),
        Edge("finish", "完成决赛", ("competing",), "finalist", "programs.manage"),
        Edge("award", "评定奖项", ("finalist",), "awarded", "programs.manage"),
        Edge("withdraw", "退出比赛", ("registered", "competing"), "withdrawn",
             "programs.withdraw_entry"),
    ),
    watchers=entry_users,
    link=lambda entry: reverse("programs:entry", args=[entry.pk]),
)


ROUND = Machine(
    name="round",
    states={"pending": "未开始", "judging": "评审中", "closed": "已结束"},
    edges=(
        Edge("start", "开始本轮评审", ("pending",), "judging", "programs.manage"),
        Edge("close", "结束本轮评审", ("judging",), "closed", "programs.manage"),
    ),
    link=lambda round_: reverse("programs:competition", args=[round_.program_id]),
)
