"""The composed pages (see the package docstring): thin, each asks every app's selectors for what the reader may
see and renders one template."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext

from gaoxin.accounts import masking
from gaoxin.contract.fields import ENTERPRISE_FIELDS, FIGURE_FIELDS
from gaoxin.contract.lineage import SOURCE_KINDS
from gaoxin.cultivation.campaigns import enterprise_requests
from gaoxin.cultivation.selectors import ladder
from gaoxin.innovation.selectors import my_reviews as my_achievement_reviews
from gaoxin.innovation.selectors import visible_achievements
from gaoxin.portal.timeline import timeline
from gaoxin.programs.selectors import my_judgings, my_reviews
from gaoxin.registry import lineage, selectors
from gaoxin.registry.patents import year_counts
from gaoxin.tracking.selectors import visible_projects


@login_required
def enterprise_page(request, credit_code: str):
    """Everything the reader may see about one enterprise; money figures pass through `masking`."""
    scope = request.scope
    enterprise = get_object_or_404(scope.enterprises().select_related("park"), credit_code=credit_code)
    today = dt.date.today()
    titles = [(t, t.days_left(today), t.valid_on(today)) for t in enterprise.titles.select_related("source")]
    rights = list(enterprise.ip_rights.select_related("source"))
    figures = list(enterprise.annual_figures.order_by("-year"))
    years = [f.year for f in figures]
    return render(request, "portal/enterprise.html", {
        "enterprise": enterprise,
        "figures": masking.rows(scope, figures),
        "lineage": lineage.of_enterprise(enterprise, figures, lambda m: masking.values(scope, m)),
        "source_kinds": SOURCE_KINDS,
        "figure_fields": FIGURE_FIELDS,
        "enterprise_fields": [f for f in ENTERPRISE_FIELDS if f.code not in ("credit_code", "name")],
        "chart": masking.series(scope, selectors.figure_series(enterprise)),
        "titles": titles,
        "ip_rights": rights[:200],
        "ip_years": [{"year": y, "counts": c, "undetermined": u}
                     for y in years for c, u in [year_counts(rights, y)]] if rights else [],
        "history": masking.audit(scope, enterprise.audit_entries.select_related("user")[:100]),
        "filings": masking.rows(scope, enterprise.filings.all()[:10]),
        "can_file": scope.may("registry.file", enterprise),
        "is_staff_role": scope.may("registry.manage", enterprise),
        "filing_year": today.year - 1,
        "evaluations": ladder(enterprise, today.year, scope),
        "held": {t.title: t.valid_until or "长期" for t, _, valid in titles if valid},
        "people": enterprise.people.all(),
        "projects": visible_projects(request.user).filter(enterprise=enterprise),
        "timeline": timeline(enterprise, request.user),
        "tenancies": enterprise.tenancies.select_related("carrier"),
        "achievements": visible_achievements(request.user).filter(enterprise=enterprise),
        "can_visit": scope.may("tracking.follow"),
        "campaign_requests": enterprise_requests(enterprise) if scope.owns(enterprise.pk) else [],
    })


@login_required
def review_list(request):
    """A reviewer's own assignments across programs, competitions and achievement evaluations; nobody else's."""
    if not request.scope.is_reviewer:
        raise PermissionDenied(gettext("仅评审专家可访问"))
    return render(request, "programs/review_list.html", {"reviews": my_reviews(request.user),
                                                         "judgings": my_judgings(request.user),
                                                         "achievements": my_achievement_reviews(request.user)})
