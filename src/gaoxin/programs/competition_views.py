"""创新创业大赛 pages: staff run the competition on one page (entries, rounds, rankings, prizes); teams register
and follow their entry; judges score their assignments. Thin: parse, call `competition`, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from gaoxin.accounts.roles import staff_required
from gaoxin.core.responses import xlsx_response
from gaoxin.programs import competition
from gaoxin.programs.competition_exports import entries_workbook, prizes_workbook
from gaoxin.programs.machines import ENTRY, ENTRY_PLAIN
from gaoxin.programs.models import PRECREDIT_STATUSES, Entry, Prize, Program, Round
from gaoxin.programs.selectors import my_judgings, visible_entries
from gaoxin.workflow.machine import IllegalTransition, history


@staff_required
def competition_page(request, pk: int):
    program = get_object_or_404(Program, pk=pk, kind="competition")
    if request.method == "POST":
        if request.POST.get("action") == "import":
            return _import(request, program)
        _staff_action(request, program)
        return redirect("programs:competition", pk=pk)
    export = request.GET.get("export")
    if export == "entries":
        return xlsx_response(entries_workbook(program), f"参赛项目_{program.name}.xlsx")
    if export == "prizes":
        return xlsx_response(prizes_workbook(program), f"获奖名单_{program.name}.xlsx")
    rounds = list(program.rounds.all())
    for round_ in rounds:
        round_.ranked = competition.ranking(round_) if round_.status == "judging" else []
        round_.closed_rows = _closed_rows(round_) if round_.status == "closed" else []
        round_.submitted = round_.judgings.exclude(submitted_at=None).count()
        round_.expected = round_.judgings.count()
    entries = list(program.entries.select_related("enterprise").order_by("pk"))
    for entry in entries:
        entry.state = ENTRY.label(entry.status)
    return render(request, "programs/competition.html", {
        "program": program, "rounds": rounds, "entries": entries, "cost": competition.tiers_cost(program),
        "prizes": list(program.entries.filter(prize__isnull=False).select_related("prize", "enterprise")
                       .order_by("prize__rank")),
        "started": any(r.status != "pending" for r in rounds), "problems": getattr(request, "_problems", None)})


def _closed_rows(round_: Round) -> list[dict]:
    names = {e.pk: e for e in round_.program.entries.filter(pk__in=[r["entry"] for r in round_.results])}
    outcome = {"promote": "晋级", "eliminate": "未晋级", "finish": "完成决赛"}
    return [{**row, "entry": names[row["entry"]], "outcome_label": outcome.get(row["outcome"], "")}
            for row in round_.results if row["entry"] in names]


def _staff_action(request, program: Program) -> None:
    action, post = request.POST.get("action", ""), request.POST
    try:
        if action == "add":
            entry = competition.register(program, post, request.user)
            messages.success(request, f"已登记：{entry}")
        elif action in ("start", "close"):
            round_ = get_object_or_404(Round, pk=post.get("round") or 0, program=program)
            if action == "start":
                seed = post.get("seed", "").strip()
                record = competition.start_round(round_, request.user, int(seed) if seed.isdigit() else None)
                messages.success(request, f"{round_.name}已开始，评委已抽取（随机种子 {record.seed}）")
            else:
                competition.close_round(round_, request.user)
                messages.success(request, f"{round_.name}已结束，排名已记录")
        elif action == "award":
            prizes = competition.award_prizes(program, request.user)
            messages.success(request, f"已评定奖项 {len(prizes)} 项")
    except (ValueError, IllegalTransition) as exc:
        messages.error(request, str(exc))


def _import(request, program: Program):
    """Store the entry list and follow its background import on the batch's page."""
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValueError("请选择报名表文件")
        batch = competition.queue_entries(program, upload, request.user,
                                          return_to=reverse("programs:competition", args=[program.pk]))
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("programs:competition", pk=program.pk)
    return redirect("registry:import_result", pk=batch.pk)


@login_required
def register(request, pk: int):
    """An enterprise user registers its project (linked to its enterprise); staff register from their page."""
    program = get_object_or_404(Program, pk=pk, kind="competition")
    if request.method != "POST":
        return redirect("programs:program", pk=pk)
    if not request.scope.is_enterprise:
        raise PermissionDenied("只有企业用户可以在线报名")
    try:
        entry = competition.register(program, request.POST, request.user, timezone.localdate())
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("programs:program", pk=pk)
    messages.success(request, "报名成功")
    return redirect("programs:entry", pk=entry.pk)


@login_required
def entry_detail(request, pk: int):
    """One entry: its status in plain words, each closed round's result, prize, pre-credit; staff act here."""
    entry = get_object_or_404(visible_entries(request.user), pk=pk)
    if request.method == "POST":
        _entry_action(request, entry)
        return redirect("programs:entry", pk=pk)
    rounds = [(r, next((row for row in r.results if row["entry"] == entry.pk), None))
              for r in entry.program.rounds.filter(status="closed")]
    comments = [j.comment for j in entry.judgings.filter(round__status="closed").order_by("round__seq", "pk")]
    return render(request, "programs/entry.html", {
        "entry": entry, "program": entry.program, "state": ENTRY.label(entry.status),
        "plain": ENTRY_PLAIN[entry.status], "history": history(entry), "rounds": rounds, "comments": comments,
        "prize": Prize.objects.filter(entry=entry).first(),
        "precredits": entry.precredits.all(), "statuses": PRECREDIT_STATUSES,
        "can_withdraw": any(e.action == "withdraw" for e in ENTRY.available(entry, request.user)),
        "today": timezone.localdate(), "states": ENTRY.states})


def _entry_action(request, entry: Entry) -> None:
    action, post, user = request.POST.get("action", ""), request.POST, request.user
    try:
        if action == "withdraw":
            competition.withdraw(entry, user, post.get("reason", ""))
        elif not request.scope.may("programs.manage", entry.program):
            raise PermissionDenied("仅区工作人员可以操作")
        elif action == "link":
            competition.link_enterprise(entry, post.get("credit_code", ""))
        elif action == "pay":
            paid_on = dt.date.fromisoformat(post.get("paid_on") or str(timezone.localdate()))
            competition.pay_prize(entry.prize, paid_on, post.get("reference", ""), user)
        elif action == "precredit":
            competition.record_precredit(entry, post, user)
        else:
            raise ValueError("未知操作")
        messages.success(request, "已完成")
    except (ValueError, IllegalTransition) as exc:
        messages.error(request, str(exc))


@login_required
def judging_detail(request, pk: int):
    """A judge scores one entry; the other judges' scores show only after their own is in."""
    judging = get_object_or_404(my_judgings(request.user), pk=pk)
    if request.method == "POST":
        try:
            competition.submit_judging(judging, request.POST, request.POST.get("comment", ""))
            messages.success(request, "评审意见已提交")
        except ValueError as exc:
            messages.error(request, str(exc))
        return redirect("programs:judging", pk=pk)
    others = judging.entry.judgings.filter(round=judging.round).exclude(pk=judging.pk).exclude(
        submitted_at=None) if judging.submitted_at else []
    return render(request, "programs/judging.html", {"r": judging, "entry": judging.entry,
                                                     "program": judging.round.program, "others": others})
