"""The landing page each role starts from, and each user's own API tokens."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gaoxin.accounts import tokens
from gaoxin.accounts.models import ApiToken
from gaoxin.accounts.roles import Role, role_of


@login_required
def home(request):
    """Staff and liaisons land on the enterprise list; an enterprise user on its own page."""
    role = role_of(request.user)
    profile = getattr(request.user, "profile", None)
    if role is Role.enterprise_user and profile and profile.enterprise_id:
        return redirect("portal:enterprise", credit_code=profile.enterprise.credit_code)
    if role in (Role.zone_admin, Role.zone_staff, Role.park_liaison):
        return redirect("registry:enterprise_list")
    return render(request, "accounts/home.html", {"role": role, "today": dt.date.today()})


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """The user's own REST API tokens: issue one (shown once), revoke one. A token acts with the user's role, so
    it never reaches further than the user's own pages."""
    issued = None
    if request.method == "POST":
        try:
            if "revoke" in request.POST:
                tokens.revoke(request.user, int(request.POST["revoke"]))
                messages.success(request, _("令牌已吊销"))
                return redirect("api_tokens")
            days = request.POST.get("days", "90")
            _token, issued = tokens.issue(request.user, request.POST.get("name", ""),
                                          int(days) if days.isdigit() else -1)
        except (ValueError, ApiToken.DoesNotExist) as exc:
            messages.error(request, str(exc) if isinstance(exc, ValueError) else _("没有这个令牌"))
    return render(request, "accounts/tokens.html", {"tokens": tokens.tokens_of(request.user), "issued": issued,
                                                    "now": timezone.now()})
