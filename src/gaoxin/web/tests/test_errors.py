"""Error pages a person can read: Chinese first (English from the language menu), a way back, never Django's debug
page with the site's URL patterns — in the demo's settings too."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import RequestFactory
from django.urls import reverse

from gaoxin.web import errors


def _readable(response, status: int, words: str) -> str:
    page = response.content.decode()
    assert response.status_code == status
    assert words in page and 'href="/"' in page and "返回首页" in page
    assert "URLconf" not in page and "urlpatterns" not in page and "Traceback" not in page
    return page


def test_a_missing_page_is_a_chinese_404_with_a_way_back(client, staff):
    client.force_login(staff)
    _readable(client.get("/enterprises/no-such-thing/really/"), 404, "页面不存在")


def test_the_404_follows_the_language_menu(client):
    client.cookies["django_language"] = "en"
    page = client.get("/no-such-page/").content.decode()
    assert "Page not found" in page and "Back to the home page" in page and "页面不存在" not in page


def test_a_page_the_role_may_not_open_is_a_403_that_says_why(client, make_user):
    liaison = make_user("liaison", "park_liaison")
    client.force_login(liaison)
    _readable(client.get(reverse("registry:import_upload")), 403, "仅区工作人员可访问")


def test_a_bad_host_is_a_readable_400(client):
    _readable(client.get("/", HTTP_HOST="evil.example"), 400, "请求无法处理")


def test_a_server_error_is_a_readable_500_without_the_database():
    request = RequestFactory().get("/")
    _readable(errors.server_error(request), 500, "服务器出错了")


def test_an_expired_form_is_a_readable_403(client, staff):
    client = type(client)(enforce_csrf_checks=True)
    client.force_login(staff)
    _readable(client.post(reverse("registry:import_upload"), {}), 403, "表单已过期")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX environment variables")
def test_the_demo_settings_show_no_debug_pages_and_keep_their_key(tmp_path):
    """`start.sh` runs `gaoxin up` with no environment: debug is off, a key is made once and kept, and plain
    HTTP on loopback still works (no HTTPS redirect, cookies not HTTPS-only)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GAOXIN_", "DJANGO_", "DATABASE_URL"))}
    env |= {"GAOXIN_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "gaoxin.web.settings"}
    code = ("from django.conf import settings as s; "
            "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECRET_KEY)")
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
            for _ in range(2)]
    outs = [r.stdout.split() for r in runs]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    assert outs[0][:3] == ["False", "False", "False"]
    assert outs[0][3] == outs[1][3] and len(outs[0][3]) >= 50 and "dev-only" not in outs[0][3]
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
