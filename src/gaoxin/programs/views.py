"""Program and application pages. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from gaoxin.accounts.roles import staff_required
from gaoxin.accounts.scope import Scope
from gaoxin.contract.fields import BY_CODE
from gaoxin.core.commands import Invalid, parse
from gaoxin.core.responses import download, xlsx_response
from gaoxin.programs import money, outcomes, review, services, setup
from gaoxin.programs.eligibility import screen
from gaoxin.programs.forms import AnswersCommand, AttachCommand, EntryCommand, ProgramCommand, StartCommand
from gaoxin.programs.machines import APPLICATION, AWARD, FOLLOWUP, PLAIN, TRANCHE
from gaoxin.programs.models import (
    Attachment,
    Award,
    FollowUpReport,
    Objection,
    Program,
    ReviewAssignment,
)
from gaoxin.programs.selectors import (
    agreement_applications,
    awaiting_check,
    my_reviews,
    programs_for,
    visible_applications,
    visible_entries,
)
from gaoxin.programs.uploads import BadUpload
from gaoxin.workflow.machine import IllegalTransition, history

FIGURE_LABELS = [(code, BY_CODE[code].label, BY_CODE[code].unit) for code in FollowUpReport.FIGURES]


@login_required
def program_list(request):
    today, staff = timezone.localdate(), request.scope.may("programs.manage")
    mine = {a.program_id: a for a in visible_applications(request.user)} if not staff else {}
    rows = list(programs_for(request.user, today))
    for program in rows:
        program.mine = mine.get(program.pk)
        program.open_now = program.is_open(today)
    return render(request, "programs/program_list.html", {"programs": rows, "is_staff": staff})


def own_enterprise(user):
    scope = Scope.of(user)
    return scope.enterprises().first() if scope.is_enterprise else None


@login_required
def program_detail(request, pk: int):
    program = get_object_or_404(Program, pk=pk)
    enterprise = own_enterprise(request.user)
    if program.kind == "competition":  # entered through `competition_views.register`, not as applications
        return competition_notice(request, program, enterprise)
    if request.method == "POST":
        if enterprise is None:
            raise PermissionDenied(gettext("只有企业用户可以申报"))
        try:
            title = parse(StartCommand, request.POST)["project_title"]
            application = services.start(program, enterprise, request.user, title)
        except ValueError as exc:
            messages.error(request, str(exc))
            return redirect("programs:program", pk=pk)
        return redirect("programs:application", pk=application.pk)
    existing = visible_applications(request.user).filter(program=program).first() if enterprise else None
    return render(request, "programs/program_detail.html", {
        "program": program, "enterprise": enterprise, "existing": existing,
        "precheck": screen(program, enterprise) if enterprise else None,
        "open_now": program.is_open(timezone.localdate())})


def competition_notice(request, program: Program, enterprise, entry: EntryCommand | None = None):
    """A competition's notice: rounds, prizes, and for an enterprise user the registration form (`entry`, when it
    came back with mistakes) and its entries."""
    if entry is None and enterprise:
        entry = EntryCommand(program=program, initial={"team": enterprise.name})
    return render(request, "programs/competition_detail.html", {
        "entry_form": entry,
        "program": program, "enterprise": enterprise, "rounds": program.rounds.all(),
        "mine": visible_entries(request.user).filter(program=program) if enterprise else [],
        "open_now": program.is_open(timezone.localdate()),
        "started": program.rounds.exclude(status="pending").exists()})


@login_required
def application_detail(request, pk: int, answers: AnswersCommand | None = None):
    """An application's page; `answers` is the applicant's form when it came back with mistakes."""
    application = get_object_or_404(visible_applications(request.user), pk=pk)
    scope = request.scope
    editable = scope.may("programs.apply", application) and application.status in services.EDITABLE
    award = Award.objects.filter(application=application).first() if scope.may("programs.see_award",
                                                                                 application) else None
    tranches = list(award.tranches.select_related("payment").order_by("seq")) if award else []
    for tranche in tranches:
        tranche.state = TRANCHE.label(tranche.status)
    followups = list(award.followups.all()) if award else []
    for report in followups:
        report.state = FOLLOWUP.label(report.status)
    return render(request, "programs/application.html", {
        "followups": followups, "figure_labels": FIGURE_LABELS, "award": award,
        "award_state": AWARD.label(award.status) if award else "", "tranches": tranches,
        "appeals": application.objections.all() if scope.may("programs.see_award", application) else [],
        "today": timezone.localdate(),
        "a": application, "program": application.program, "editable": editable, "plain": PLAIN[application.status],
        "answers": answers or AnswersCommand(program=application.program,
                                             initial=AnswersCommand.initial_of(application)),
        "state": APPLICATION.label(application.status),
        "history": history(application), "missing": services.missing(application) if editable else [],
        "files": application.files.all(), "states": APPLICATION.states})


def _on_application(request, pk: int, work, done: str, invalid: type[Exception] | tuple = ()):
    """Do one write on an application the user may see, and go back to its page saying what happened; errors of
    the `invalid` kind are left to the caller (to show the form again)."""
    application = get_object_or_404(visible_applications(request.user), pk=pk)
    try:
        work(application)
    except invalid:
        raise
    except (ValueError, BadUpload, IllegalTransition) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("programs:application", pk=pk)


@require_POST
@login_required
def save_answers(request, pk: int):
    """The applicant's draft: project title, amount asked and the program's own fields; mistakes are shown beside
    their fields on the application's page."""
    try:
        return _on_application(request, pk, lambda a: services.save_answers(a, request.POST, request.user), "已保存",
                               invalid=Invalid)
    except Invalid as exc:
        return application_detail(request, pk, answers=exc.command)


@require_POST
@login_required
def attach(request, pk: int):
    def work(application) -> None:
        data = parse(AttachCommand, request.POST, files=request.FILES, program=application.program)
        services.attach(application, data["code"], data["file"], request.user)
    return _on_application(request, pk, work, "附件已上传")


@require_POST
@login_required
def detach(request, pk: int, file: int):
    return _on_application(request, pk, lambda a: services.detach(
        get_object_or_404(Attachment, pk=file, application=a), request.user), "附件已删除")


@require_POST
@login_required
def appeal(request, pk: int):
    """公示异议 by the applicant, within the 公示 period."""
    return _on_application(request, pk, lambda a: money.file_appeal(a, request.user, request.POST),
                           "异议已提交")


@require_POST
@login_required
def appeal_answer(request, pk: int, appeal: int):
    def work(application) -> None:
        item = get_object_or_404(Objection, pk=appeal, application=application, about="public_notice")
        money.answer_appeal(item, request.user, request.POST)
    return _on_application(request, pk, work, "已答复异议")


@require_POST
@login_required
def performance(request, pk: int):
    """绩效评价 of the application's award (staff; the service checks)."""
    return _on_application(request, pk, lambda a: outcomes.evaluate_performance(
        get_object_or_404(Award, application=a), request.user, request.POST), "已记录绩效评价")


@login_required
def agreement(request, pk: int):
    """The award agreement (.docx) for the applicant and staff; not for the application's reviewers."""
    award = get_object_or_404(Award, application__in=agreement_applications(request.user), pk=pk)
    return download(money.agreement_docx(award), f"资助协议_{award.application.project_title}.docx")


@login_required
def attachment(request, pk: int):
    item = get_object_or_404(Attachment.objects.select_related("application"), pk=pk)
    if not visible_applications(request.user).filter(pk=item.application_id).exists():
        raise Http404
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)


@staff_required
def queue(request):
    """形式审查: submitted applications, oldest first."""
    return render(request, "programs/queue.html", {"applications": awaiting_check(request.user)})



@login_required
def review_detail(request, pk: int):
    """Score one assigned application; the other reviewers' scores appear only after one's own is submitted."""
    assignment = get_object_or_404(my_reviews(request.user), pk=pk)
    if request.method == "POST":
        try:
            review.submit_scores(assignment, request.POST, request.POST.get("comment", ""))
            messages.success(request, gettext("评审意见已提交"))
        except ValueError as exc:
            messages.error(request, str(exc))
        return redirect("programs:review", pk=pk)
    application = assignment.application
    others = application.reviews.exclude(pk=assignment.pk).exclude(submitted_at=None) \
        if assignment.submitted_at else []
    return render(request, "programs/review.html", {
        "r": assignment, "a": application, "program": application.program, "files": application.files.all(),
        "others": others})


@staff_required
def program_review(request, pk: int):
    """Staff: draw reviewers (with a recorded seed), follow the scoring, see the ranking and disagreements, then
    decide (allocate within the budget) and export the 公示 list."""
    program = get_object_or_404(Program, pk=pk)
    if request.GET.get("export") == "public_notice":
        return xlsx_response(money.public_notice_workbook(program), f"公示名单_{program.name}.xlsx")
    awards = list(Award.objects.filter(application__program=program).select_related(
        "application__enterprise").order_by("rank"))
    for award in awards:
        award.state = AWARD.label(award.status)
    return render(request, "programs/program_review.html", {
        "outcome": outcomes.outcome(program), "awards": awards,
        "program": program, "ranking": review.ranking(program), "draws": program.draws.all()[:10],
        "accepted": program.applications.filter(status="accepted").count(),
        "assignments": ReviewAssignment.objects.filter(application__program=program).select_related(
            "reviewer", "application", "application__enterprise")})


def _on_program(request, pk: int, work):
    """One staff write on a program's review; back to the review page with the words `work` returns."""
    program = get_object_or_404(Program, pk=pk)
    try:
        messages.success(request, work(program))
    except (ValueError, IllegalTransition) as exc:
        messages.error(request, str(exc))
    return redirect("programs:program_review", pk=pk)


@staff_required
@require_POST
def draw_reviewers(request, pk: int):
    """Draw the reviewers of every accepted application, with a seed anyone can use to repeat the draw."""
    raw = request.POST.get("seed", "").strip()

    def work(program) -> str:
        record = review.draw(program, request.user, int(raw) if raw.isdigit() else None)
        return f"已抽取专家（随机种子 {record.seed}）"
    return _on_program(request, pk, work)


@staff_required
@require_POST
def allocate(request, pk: int):
    """按排名分配资金: awards by rank within the cap and the budget, into 公示."""
    def work(program) -> str:
        return f"已决定：拟支持 {len(money.allocate(program, request.user))} 项，进入公示"
    return _on_program(request, pk, work)


@staff_required
def program_edit(request, pk: int | None = None):
    """Set up a program (or change one): fields, eligibility, form, attachments, rubric, tranches; every mistake is
    shown beside its field and nothing is saved."""
    program = get_object_or_404(Program, pk=pk) if pk else Program()
    command = ProgramCommand(program=program, initial=ProgramCommand.initial_of(program) if program.pk else {})
    if request.method == "POST":
        try:
            program = setup.apply_form(program, request.POST, request.user)
        except Invalid as exc:
            command = exc.command
        else:
            messages.success(request, gettext("已保存扶持项目"))
            return redirect("programs:program", pk=program.pk)
    return render(request, "programs/program_edit.html", {"program": program, "form": command})
