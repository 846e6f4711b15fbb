"""创新创业大赛 pages: staff run the competition on one page (entries, rounds, rankings, prizes); teams register
and follow their entry; judges score their assignments. Thin: parse, call `competition`, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from gaoxin.accounts.roles import staff_required
from gaoxin.core.commands import Invalid, problems
from gaoxin.core.responses import xlsx_response
from gaoxin.programs import competition
from gaoxin.programs.competition_exports import entries_workbook, prizes_workbook
from gaoxin.programs.forms import PrizePaymentCommand
from gaoxin.programs.machines import ENTRY, ENTRY_PLAIN
from gaoxin.programs.models import PRECREDIT_STATUSES, Entry, Prize, Program, Round
from gaoxin.programs.selectors import my_judgings, visible_entries
from gaoxin.programs.views import competition_notice, own_enterprise
from gaoxin.workflow.machine import IllegalTransition, history


@staff_required
def competition_page(request, pk: int):
    program = get_object_or_404(Program, pk=pk, kind="competition")
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


def _on_competition(request, pk: int, work):
    """One staff write on a competition; back to its page with what happened (`work` returns the words)."""
    program = get_object_or_404(Program, pk=pk, kind="competition")
    try:
        messages.success(request, work(program))
    except (ValueError, IllegalTransition) as exc:
        messages.error(request, str(exc))
    return redirect("programs:competition", pk=pk)


@staff_required
@require_POST
def add_entry(request, pk: int):
    return _on_competition(request, pk, lambda p: f"已登记：{competition.register(p, request.POST, request.user)}")


@staff_required
@require_POST
def award_prizes(request, pk: int):
    return _on_competition(request, pk, lambda p: f"已评定奖项 {len(competition.award_prizes(p, request.user))} 项")


@staff_required
@require_POST
def import_entries(request, pk: int):
    """Store the entry list and follow its background import on the batch's page."""
    program = get_object_or_404(Program, pk=pk, kind="competition")
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValueError(gettext("请选择报名表文件"))
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
        raise PermissionDenied(gettext("只有企业用户可以在线报名"))
    try:
        entry = competition.register(program, request.POST, request.user, timezone.localdate())
    except Invalid as exc:
        return competition_notice(request, program, own_enterprise(request.user), entry=exc.command)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("programs:program", pk=pk)
    messages.success(request, gettext("报名成功"))
    return redirect("programs:entry", pk=entry.pk)


@login_required
def entry_detail(request, pk: int):
    """One entry: its status in plain words, each closed round's result, prize, pre-credit; staff act here."""
    entry = get_object_or_404(visible_entries(request.user), pk=pk)
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


def _on_entry(request, pk: int, work, done: str = "已完成"):
    """One staff write on an entry the user may see; back to its page."""
    entry = get_object_or_404(visible_entries(request.user), pk=pk)
    request.scope.require("programs.manage", entry.program)
    try:
        work(entry)
    except (ValueError, IllegalTransition) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("programs:entry", pk=pk)


@require_POST
@login_required
def link_entry(request, pk: int):
    """落地: the team is now an enterprise of the registry."""
    return _on_entry(request, pk,
                     lambda e: competition.link_enterprise(e, request.POST.get("credit_code", ""), request.user),
                     "已关联企业")


@require_POST
@login_required
def pay_prize(request, pk: int):
    def work(entry: Entry) -> None:
        command = PrizePaymentCommand(request.POST)
        if not command.is_valid():
            raise ValueError(gettext("未能登记拨付：{problems}").format(problems=problems(command)))
        competition.pay_prize(entry.prize, command.cleaned_data["paid_on"], command.cleaned_data["reference"],
                              request.user)
    return _on_entry(request, pk, work, "已登记拨付")


@require_POST
@login_required
def record_precredit(request, pk: int):
    return _on_entry(request, pk, lambda e: competition.record_precredit(e, request.POST, request.user),
                     "已登记预授信")


@login_required
def judging_detail(request, pk: int):
    """A judge scores one entry; the other judges' scores show only after their own is in."""
    judging = get_object_or_404(my_judgings(request.user), pk=pk)
    if request.method == "POST":
        try:
            competition.submit_judging(judging, request.POST, request.POST.get("comment", ""))
            messages.success(request, gettext("评审意见已提交"))
        except ValueError as exc:
            messages.error(request, str(exc))
        return redirect("programs:judging", pk=pk)
    others = judging.entry.judgings.filter(round=judging.round).exclude(pk=judging.pk).exclude(
        submitted_at=None) if judging.submitted_at else []
    return render(request, "programs/judging.html", {"r": judging, "entry": judging.entry,
                                                     "program": judging.round.program, "others": others})
