"""Fixtures shared by every test: roles, parks, enterprises, users of each role, spreadsheets built in memory."""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections.abc import Sequence

import pytest
from openpyxl import Workbook

from gaoxin.contract import creditcode

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_configure(config):
    """No persistent connections in tests: the live server's request threads would keep the test database busy."""
    from django.conf import settings

    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


def code_for(n: int) -> str:
    """A valid credit code for test enterprise number n."""
    body = f"T{n:07d}"
    return creditcode.build("9", "1", "320591", body)


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GAOXIN_DASHBOARD_WARM = False  # tests that want the warming job switch it on
    settings.GAOXIN_DASHBOARD_LAG = 0  # every change shows at once; tests of the lag set it


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (dashboard snapshots live in it)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def parks(db):
    from gaoxin.registry.models import Park

    return [Park.objects.create(name="青江科技城"), Park.objects.create(name="临江街道", kind="street")]


@pytest.fixture
def make_enterprise(db, parks):
    from gaoxin.registry.models import Enterprise

    counter = iter(range(1, 10_000))

    def make(name: str | None = None, park=None, **fields) -> Enterprise:
        n = next(counter)
        return Enterprise.objects.create(credit_code=fields.pop("credit_code", code_for(n)),
                                         name=name or f"测试企业{n}有限公司", park=park or parks[0], **fields)

    return make


@pytest.fixture
def make_user(db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from gaoxin.accounts.models import Profile
    from gaoxin.accounts.roles import ensure_role_groups

    ensure_role_groups()

    def make(username: str, role: str | None, enterprise=None, park=None):
        user = get_user_model().objects.create_user(username=username, password="pw-for-tests-123")
        if role:
            user.groups.add(Group.objects.get(name=role))
        Profile.objects.create(user=user, display_name=username, enterprise=enterprise, park=park)
        return user

    return make


@pytest.fixture
def staff(make_user):
    return make_user("staff", "zone_staff")


def xlsx_bytes(headers: Sequence[str], rows: Sequence[Sequence], sheet: str = "年度数据") -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


@pytest.fixture
def browser():
    """Debian's chromium through Playwright. Skips, saying why, when absent, unless GAOXIN_REQUIRE_BROWSER=1.

    List it after the fixtures that write to the database: the test body runs under Playwright's sync API, and a
    connection Django opens there is never closed, so PostgreSQL could not drop the test database.
    """
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("GAOXIN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is required here (GAOXIN_REQUIRE_BROWSER=1): apt-get install chromium")
        pytest.skip(f"browser test: {CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
