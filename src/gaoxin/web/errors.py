"""Error pages for people: 400/403/404/500 in the user's language with a way back, in every mode (Django's
debug pages, which list the site's URL patterns, appear only with GAOXIN_DEBUG=1).

The 500 page is rendered without the request's context processors: they read the database, which may be what
failed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _


def _page(status: int, reason: str = "") -> HttpResponse:
    body = loader.get_template(f"{status}.html").render({"status": status, "reason": reason})
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The reason our checks give (仅区工作人员可访问 …) is shown; it names a role, never data."""
    return _page(403, str(exception) if exception and exception.args else "")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent after its page expired (or from elsewhere): say what to do, not Django's English text."""
    return _page(403, _("表单已过期或来源无法验证，请刷新页面后重新提交"))
