"""政银企对接 pages. Thin: parse, call `matching` / `services` / `selectors`, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from gaoxin.accounts.roles import staff_required
from gaoxin.accounts.scope import Scope
from gaoxin.core.commands import Invalid
from gaoxin.core.responses import xlsx_response
from gaoxin.financing import matching, services
from gaoxin.financing.exports import needs_workbook, totals_workbook
from gaoxin.financing.forms import ProductCommand
from gaoxin.financing.machines import MATCH
from gaoxin.financing.models import FinancingMatch, LoanProduct
from gaoxin.financing.selectors import totals, visible_needs
from gaoxin.registry.commands import chosen_enterprise
from gaoxin.registry.models import Enterprise
from gaoxin.workflow.machine import history


def _readers_only(user) -> None:
    Scope.of(user).require("financing.read")


@login_required
def index(request):
    """Products on sale; staff also see the totals; enterprise users their needs and the form to file one."""
    _readers_only(request.user)
    overall, banks, _ = totals(FinancingMatch.objects.filter(need__in=visible_needs(request.user)))
    return render(request, "financing/index.html", {
        "products": LoanProduct.objects.filter(active=True).select_related("bank")
        if not request.scope.may("financing.manage") else LoanProduct.objects.select_related("bank"),
        "overall": overall, "banks": banks,
        "needs": visible_needs(request.user)[:20]})


@staff_required
def product_edit(request, pk: int | None = None):
    """Set up or change a product; mistakes are shown beside their fields and nothing is saved."""
    product = get_object_or_404(LoanProduct, pk=pk) if pk else LoanProduct()
    command = ProductCommand(initial=ProductCommand.initial_of(product) if product.pk else {})
    if request.method == "POST":
        try:
            saved = services.save_product(product, request.POST, request.user)
        except Invalid as exc:
            command = exc.command
        except services.FinancingError as exc:
            command = ProductCommand(request.POST)
            command.is_valid()
            command.add_error("name", str(exc))
        else:
            messages.success(request, gettext("已保存"))
            return redirect("financing:product", pk=saved.pk)
    return render(request, "financing/product_form.html", {"product": product, "form": command})


@login_required
def product_detail(request, pk: int):
    """A product's conditions, the open needs it could serve, its referrals, and on request every enterprise of
    the zone that meets its conditions."""
    _readers_only(request.user)
    product = get_object_or_404(LoanProduct.objects.select_related("bank"), pk=pk)
    today = timezone.localdate()
    staff = request.scope.may("financing.manage")
    scan = None
    if staff and request.GET.get("scan") == "1":
        found = matching.enterprises_for(product, request.scope.enterprises(), today)
        scan = {"pass": len(found["pass"]), "unknown": len(found["unknown"]),
                "first": Enterprise.objects.filter(pk__in=found["pass"][:100]).order_by("credit_code")}
    return render(request, "financing/product_detail.html", {
        "product": product, "staff": staff, "scan": scan, "conditions": matching.conditions_text(product),
        "needs": matching.needs_for(product, visible_needs(request.user), today) if staff else [],
        "matches": product.matches.filter(need__in=visible_needs(request.user)).select_related("need__enterprise"),
        "states": MATCH.states})


@login_required
def need_list(request):
    _readers_only(request.user)
    if request.method == "POST":
        need = _file(request)
        if need is not None:
            return redirect("financing:need", pk=need.pk)
        return redirect("financing:needs")
    if request.GET.get("export") == "xlsx":
        return xlsx_response(needs_workbook(visible_needs(request.user)), "融资需求.xlsx")
    return render(request, "financing/need_list.html", {
        "needs": visible_needs(request.user)[:300], "own": request.scope.is_enterprise,
        "staff": request.scope.may("financing.manage")})


def _file(request):
    """An enterprise's own need, or one staff file for an enterprise they name by its credit code."""
    user, scope = request.user, request.scope
    try:
        enterprise = (scope.enterprises().first() if scope.is_enterprise
                      else chosen_enterprise(request.POST, scope.enterprises(), field="credit_code"))
        need = services.file_need(enterprise, request.POST, user)
        messages.success(request, gettext("已登记融资需求"))
        return need
    except ValueError as exc:
        messages.error(request, str(exc))
        return None


@login_required
def need_detail(request, pk: int):
    """A need with every product screened against it (best first) and what the banks did."""
    _readers_only(request.user)
    need = get_object_or_404(visible_needs(request.user), pk=pk)
    today = timezone.localdate()
    matches = list(need.matches.select_related("product", "product__bank"))
    for match in matches:
        match.state = MATCH.label(match.status)
        match.history = history(match)
    referred = {m.product_id for m in matches}
    return render(request, "financing/need_detail.html", {
        "need": need, "screened": matching.products_for(need, today), "matches": matches, "referred": referred,
        "staff": request.scope.may("financing.manage"), "today": today})


@require_POST
@login_required
def refer(request, pk: int, product: int):
    """Put the need to one bank product (the screening kept as of today); the bank's answers are machine moves."""
    need = get_object_or_404(visible_needs(request.user), pk=pk)
    chosen = get_object_or_404(LoanProduct, pk=product, active=True)
    try:
        services.refer(need, chosen, request.user, timezone.localdate())
    except services.FinancingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("已推送给{chosen}").format(chosen=chosen))
    return redirect("financing:need", pk=pk)


@staff_required
def totals_page(request):
    overall, banks, products = totals(FinancingMatch.objects.all())
    if request.GET.get("export") == "xlsx":
        return xlsx_response(totals_workbook(overall, banks, products), "政银企对接统计.xlsx")
    return render(request, "financing/totals.html", {"overall": overall, "banks": banks, "products": products})
