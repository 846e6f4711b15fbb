"""Web security: sign-in throttling and lock-out, the headers every page carries, no inline script the policy
would have to allow, names with markup rendered as text, and `check --deploy` clean with production settings."""

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from gaoxin.accounts.models import LoginFailure

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def sign_in(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_the_account_name_for_a_while(client, staff, settings):
    for _ in range(settings.GAOXIN_LOGIN_MAX_FAILURES):
        assert sign_in(client, "staff", "wrong-password").status_code == 200
    locked = sign_in(client, "staff", "pw-for-tests-123")  # even the right password waits
    assert locked.status_code == 429 and "已暂时锁定，请 15 分钟后再试" in locked.content.decode()
    LoginFailure.objects.update(at=timezone.now() - dt.timedelta(minutes=settings.GAOXIN_LOGIN_LOCK_MINUTES, seconds=1))
    assert sign_in(client, "staff", "pw-for-tests-123").status_code == 302
    assert not LoginFailure.objects.filter(username="staff").exists()  # success clears the name's failures


def test_one_short_of_the_limit_still_signs_in(client, staff, settings):
    for _ in range(settings.GAOXIN_LOGIN_MAX_FAILURES - 1):
        sign_in(client, "staff", "wrong-password")
    assert sign_in(client, "staff", "pw-for-tests-123").status_code == 302


def test_an_address_guessing_many_names_is_locked(client, staff, settings):
    for n in range(4 * settings.GAOXIN_LOGIN_MAX_FAILURES):
        sign_in(client, f"user{n}", "x", ip="10.9.9.9")
    assert sign_in(client, "staff", "pw-for-tests-123", ip="10.9.9.9").status_code == 429
    assert sign_in(client, "staff", "pw-for-tests-123", ip="10.1.1.1").status_code == 302


def test_every_page_carries_the_security_headers(client, staff):
    client.force_login(staff)
    response = client.get(reverse("dashboard:index"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_no_template_has_inline_script_or_handler():
    """The policy forbids inline scripts, so none may exist: behaviour lives in static/js."""
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", text), path
        assert not re.search(r"\son[a-z]+=\"", text), path


def test_an_enterprise_named_like_markup_renders_as_text(client, staff, make_enterprise):
    evil = make_enterprise("<script>alert(1)</script>有限公司")
    client.force_login(staff)
    for url in (reverse("registry:enterprise_list"), reverse("portal:enterprise", args=[evil.credit_code])):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX environment variables")
def test_deploy_checks_are_clean_with_production_settings(tmp_path):
    env = os.environ | {"GAOXIN_SECRET_KEY": "k" * 40 + "-production-only-secret-not-for-use-9x8y7z",
                        "GAOXIN_DEBUG": "0", "GAOXIN_DATA_DIR": str(tmp_path), "GAOXIN_ALLOWED_HOSTS": "gaoxin.example"}
    for inherited in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"):  # set by other tests
        env.pop(inherited, None)
    done = subprocess.run([sys.executable, "-m", "gaoxin.cli", "manage", "check", "--deploy", "--fail-level",
                           "WARNING"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
