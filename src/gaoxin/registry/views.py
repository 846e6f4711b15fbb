"""Registry pages. Thin: parse the request, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods

from gaoxin.accounts import masking
from gaoxin.accounts.roles import staff_required
from gaoxin.contract.fields import BY_CODE, FIGURE_FIELDS
from gaoxin.contract.titles import TITLE_BY_CODE, TITLE_CHOICES, TITLE_LEVELS
from gaoxin.core.responses import xlsx_response
from gaoxin.intake.business import template_workbook as business_template_workbook
from gaoxin.intake.patents import template_workbook as patents_template_workbook
from gaoxin.intake.reader import UnreadableFile
from gaoxin.intake.template import template_workbook
from gaoxin.registry import lineage, selectors, services, title_lists
from gaoxin.registry.business import queue_business
from gaoxin.registry.exports import enterprises_workbook
from gaoxin.registry.forms import FiguresForm, ImportForm, IPForm, ListImportCommand, StaffFiguresForm, TitleForm
from gaoxin.registry.importer import queue_import
from gaoxin.registry.machines import EDITABLE
from gaoxin.registry.models import FiguresFiling, ImportBatch, Park
from gaoxin.registry.patents import queue_patents
from gaoxin.registry.people import people_template_workbook, queue_people
from gaoxin.registry.reports import write_error_report
from gaoxin.registry.schemas import ListPreview
from gaoxin.registry.upload_pages import upload_page
from gaoxin.registry.uploads import UploadRefused
from gaoxin.workflow.machine import IllegalTransition


@login_required
def enterprise_list(request):
    flt = selectors.EnterpriseFilter.from_query(request.GET)
    qs = selectors.filtered_enterprises(request.user, flt)
    year = flt.year or selectors.latest_year()
    if request.GET.get("export") == "xlsx":
        return xlsx_response(enterprises_workbook(qs, year, request.scope), f"企业名单_{year}.xlsx")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    figures = masking.by_key(request.scope, selectors.figures_by_enterprise([e.pk for e in page], year))
    return render(request, "registry/enterprise_list.html", {
        "page": page, "flt": flt, "year": year, "figures": figures, "query": flt.as_query(),
        "parks": Park.objects.filter(active=True), "titles": TITLE_CHOICES,
        "years": range(year, year - 6, -1),
    })


@staff_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = queue_import(form.cleaned_data["file"], request.user)
        except UploadRefused as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("registry:import_result", pk=batch.pk)
    return render(request, "registry/import_upload.html", {
        "form": form, "recent": ImportBatch.objects.filter(kind="figures").select_related("uploaded_by")[:10]})


@staff_required
def import_result(request, pk: int):
    batch = get_object_or_404(ImportBatch, pk=pk)
    return render(request, "registry/import_result.html", {"batch": batch, "errors": batch.errors[:500]})


@staff_required
def import_report(request, pk: int):
    batch = get_object_or_404(ImportBatch, pk=pk, status="rejected")
    return xlsx_response(write_error_report(batch), f"错误报告_{batch.file_name}.xlsx")


@staff_required
@require_http_methods(["GET", "POST"])
def people_import(request):
    """股东及主要人员 from the business registry's export, imported by a background job like any upload: all rows
    or none, each problem with its row and column on the batch's page."""
    return _upload_page(request, "people", lambda upload: queue_people(
        upload, request.user, return_to=reverse("registry:people_import")), "registry/people_import.html")


def _upload_page(request, kind: str, queue, template: str):
    form_id, heading = UPLOADS[kind]
    return upload_page(request, kind, queue, template, form_id=form_id, heading=heading)


UPLOADS = {"people": ("people-form", gettext_lazy("最近的人员导入")),
           "patents": ("patents-form", gettext_lazy("最近的清单导入")),
           "business": ("business-form", gettext_lazy("最近的工商登记信息导入"))}


@staff_required
def patents_template(request):
    return xlsx_response(patents_template_workbook(), "专利软著清单模板.xlsx")


@staff_required
def business_template(request):
    return xlsx_response(business_template_workbook(), "工商登记信息模板.xlsx")


@staff_required
def people_template(request):
    return xlsx_response(people_template_workbook(), "股东及主要人员导入模板.xlsx")


@staff_required
def import_template(request):
    return xlsx_response(template_workbook(), "企业年度数据导入模板.xlsx")


@staff_required
@require_http_methods(["GET", "POST"])
def figures_edit(request, credit_code: str, year: int):
    """Zone staff correct one year's accepted figures; a concurrent edit is refused, never overwritten."""
    enterprise = get_object_or_404(selectors.visible_enterprises(request.user), credit_code=credit_code)
    current = enterprise.annual_figures.filter(year=year).first()
    initial = {"loaded_version": current.version if current else None}
    form = StaffFiguresForm(request.POST or None, instance=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_figures(request.user, enterprise, year, form.figure_values(),
                                    form.cleaned_data["loaded_version"])
            messages.success(request, gettext("{year} 年度数据已保存").format(year=year))
            return redirect("portal:enterprise", credit_code=credit_code)
        except (services.StaleEdit, services.InvalidFigures) as exc:
            form.add_error(None, str(exc))
    return render(request, "registry/figures_form.html", {"enterprise": enterprise, "year": year, "form": form})


GRANT_FORMS = {"title": (TitleForm, "登记资质/称号"), "ip": (IPForm, "登记知识产权")}


@staff_required
@require_http_methods(["GET", "POST"])
def grant_add(request, credit_code: str, kind: str):
    """Zone staff record a title grant or an IP right for one enterprise."""
    enterprise = get_object_or_404(selectors.visible_enterprises(request.user), credit_code=credit_code)
    form_class, heading = GRANT_FORMS[kind]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_grant(request.user, enterprise, form.save(commit=False))
            messages.success(request, gettext("已{heading}").format(heading=heading))
            return redirect("portal:enterprise", credit_code=credit_code)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
    return render(request, "registry/grant_form.html", {"enterprise": enterprise, "form": form, "heading": heading})


# ---------------------------------------------------------------- enterprise self-service filing


def _own_enterprise(request, credit_code: str):
    enterprise = get_object_or_404(request.scope.enterprises(), credit_code=credit_code)
    request.scope.require("registry.file", enterprise)
    return enterprise


@login_required
@require_http_methods(["GET", "POST"])
def filing_edit(request, credit_code: str, year: int):
    enterprise = _own_enterprise(request, credit_code)
    filing = services.open_filing(request.user, enterprise, year)
    editable = filing.status in EDITABLE
    form = FiguresForm(request.POST or None, instance=filing)
    if request.method == "POST" and editable and form.is_valid():
        try:
            services.save_filing(request.user, filing, form.figure_values())
            if "submit" in request.POST:
                services.transition_filing(request.user, filing, "submit")
                messages.success(request, gettext("{year} 年度数据已提交，等待区工作人员审核").format(year=year))
            else:
                messages.success(request, gettext("草稿已保存"))
            return redirect("registry:filing_edit", credit_code=credit_code, year=year)
        except (services.InvalidFigures, IllegalTransition) as exc:
            form.add_error(None, str(exc))
    return render(request, "registry/filing_form.html", {
        "enterprise": enterprise, "year": year, "filing": filing, "form": form, "editable": editable})


@staff_required
def filing_queue(request):
    filings = FiguresFiling.objects.filter(status="submitted").select_related("enterprise", "created_by")
    return render(request, "registry/filing_queue.html", {"filings": filings})


@staff_required
def filing_review(request, pk: int):
    """The filing beside the figures it would replace; returning or accepting it are its machine's moves."""
    filing = get_object_or_404(FiguresFiling.objects.select_related("enterprise"), pk=pk)
    current = filing.enterprise.annual_figures.filter(year=filing.year).first()
    rows = [(f, old, new, lineage.kept_by(current, f.code, new, "filing"))
            for f in FIGURE_FIELDS for old, new in [(getattr(current, f.code) if current else None,
                                                    getattr(filing, f.code))]]
    facts = [(BY_CODE[code], getattr(filing.enterprise, code), lineage.from_json(code, value))
             for code, value in filing.facts.items()]
    return render(request, "registry/filing_review.html", {"filing": filing, "rows": rows, "current": current,
                                                           "kept": sum(1 for r in rows if r[3]), "facts": facts})



@staff_required
@require_http_methods(["GET", "POST"])
def list_import(request):
    """名单导入: read an official list, match its names and keep it for staff to confirm (nothing recorded yet)."""
    command = ListImportCommand(request.POST or None, request.FILES or None)
    if request.method == "POST" and command.is_valid():
        data = command.cleaned_data
        try:
            batch = title_lists.preview_upload(data, request.user)
        except UnreadableFile as exc:
            command.add_error("file" if data.get("file") else "text", str(exc))
        else:
            return redirect("registry:list_review", pk=batch.pk)
    return render(request, "registry/list_import.html", {
        "command": command,
        "recent": ImportBatch.objects.filter(kind="title_list").select_related("uploaded_by")[:10]})


@staff_required
@require_http_methods(["GET", "POST"])
def list_review(request, pk: int):
    """A kept list: staff confirm uncertain matches and decide unknown names, then record every title at once."""
    batch = get_object_or_404(ImportBatch, pk=pk, kind="title_list")
    result = ListPreview.model_validate(batch.title_list)
    if request.method == "POST":
        try:
            title_lists.record(batch, title_lists.decisions_from(request.POST, result), request.user)
        except title_lists.ListError as exc:
            messages.error(request, gettext("未记录任何称号：{why}").format(why=exc))
        else:
            messages.success(request, batch.summary)
            return redirect("registry:list_review", pk=pk)
    groups = {status: [e for e in result.entries if e.status == status] for status in ("matched", "uncertain",
                                                                                       "unknown")}
    return render(request, "registry/list_review.html", {
        "batch": batch, "result": result, "groups": groups, "title": TITLE_BY_CODE[result.title].label,
        "level": dict(TITLE_LEVELS)[result.level], "posted": request.POST,
        "pending": batch.status == "pending"})


@staff_required
def list_template(request):
    return xlsx_response(title_lists.template_workbook(), "称号名单导入模板.xlsx")


@staff_required
@require_http_methods(["GET", "POST"])
def patents_import(request):
    """专利/软著清单: each right against its holder, by a background job, all or nothing; the holders' yearly IP
    counts are derived from their rights."""
    return _upload_page(request, "patents", lambda upload: queue_patents(upload, request.user),
                        "registry/patents_import.html")


@staff_required
@require_http_methods(["GET", "POST"])
def business_import(request):
    """工商登记信息: the business registry's export updates master data, by a background job, all or nothing."""
    return _upload_page(request, "business", lambda upload: queue_business(upload, request.user),
                        "registry/business_import.html")
