"""Login and the landing page each role starts from."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from gaoxin.accounts.roles import Role, role_of


@login_required
def home(request):
    """Staff and liaisons land on the enterprise list; an enterprise user on its own page."""
    role = role_of(request.user)
    profile = getattr(request.user, "profile", None)
    if role is Role.enterprise_user and profile and profile.enterprise_id:
        return redirect("registry:enterprise_detail", credit_code=profile.enterprise.credit_code)
    if role in (Role.zone_admin, Role.zone_staff, Role.park_liaison):
        return redirect("registry:enterprise_list")
    return render(request, "accounts/home.html", {"role": role, "today": dt.date.today()})
