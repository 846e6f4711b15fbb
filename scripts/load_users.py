"""Users for scripts/load.sh: a staff member and a park liaison with a known password, and an API token for each,
written as JSON for the locust file. Run with the load test's DATABASE_URL; safe to run again."""

from __future__ import annotations

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gaoxin.web.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402

from gaoxin.accounts.models import Profile  # noqa: E402
from gaoxin.accounts.roles import ensure_role_groups  # noqa: E402
from gaoxin.accounts.tokens import issue  # noqa: E402
from gaoxin.registry.models import Enterprise, Park  # noqa: E402

PASSWORD = "load-test-only-9fc2"


def user(name: str, role: str, park=None):
    account, _ = get_user_model().objects.get_or_create(username=name)
    account.set_password(PASSWORD)
    account.save()
    account.groups.set([Group.objects.get(name=role)])
    Profile.objects.update_or_create(user=account, defaults={"display_name": name, "park": park})
    return account


ensure_role_groups()
park = Park.objects.annotate(n=django.db.models.Count("enterprises")).order_by("-n").first()
staff, liaison = user("load-staff", "zone_staff"), user("load-liaison", "park_liaison", park)
codes = list(Enterprise.objects.order_by("?").values_list("credit_code", flat=True)[:500])
park_codes = list(Enterprise.objects.filter(park=park).order_by("?").values_list("credit_code", flat=True)[:200])
json.dump({"password": PASSWORD, "staff": "load-staff", "liaison": "load-liaison", "park": park.name,
           "staff_token": issue(staff, "负载测试", 1)[1], "liaison_token": issue(liaison, "负载测试", 1)[1],
           "codes": codes, "park_codes": park_codes}, sys.stdout, ensure_ascii=False)
