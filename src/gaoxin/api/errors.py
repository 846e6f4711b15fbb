"""Every refusal is a 4xx with a reason in Chinese: `{"detail": "…"}`, or for bad input `{"detail": [{"field",
"message"}, …]}` naming each field. A 500 would be a bug (the schemathesis run in the tests looks for them)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError


class Invalid(Exception):
    """Input that parsed but breaks the data contract (range, unit, a cross-field rule)."""

    def __init__(self, problems: list[dict]):
        super().__init__("; ".join(p["message"] for p in problems))
        self.problems = problems


_MESSAGES = {
    "missing": "必填",
    "extra_forbidden": "不认识的字段",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "string_type": "应为文字",
    "string_pattern_mismatch": "格式不对",
    "string_too_long": "太长",
    "greater_than_equal": "太小",
    "less_than_equal": "太大",
    "json_invalid": "不是有效的 JSON",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
}


def _field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "values")]
    return ".".join(parts) or "请求体"


def _problem(error: dict) -> dict:
    limit = error.get("ctx", {})
    message = _MESSAGES.get(error.get("type"), error.get("msg", "无效"))
    if "ge" in limit:
        message += f"（不能小于 {limit['ge']}）"
    if "le" in limit:
        message += f"（不能大于 {limit['le']}）"
    return {"field": _field(error.get("loc", ())), "message": message}


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def bad_input(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": [_problem(e) for e in exc.errors]}, status=422)

    @api.exception_handler(Invalid)
    def invalid(request: HttpRequest, exc: Invalid) -> HttpResponse:
        return api.create_response(request, {"detail": exc.problems}, status=422)

    @api.exception_handler(HttpError)
    def refused(request: HttpRequest, exc: HttpError) -> HttpResponse:
        detail = "请求体不是有效的 JSON" if str(exc).startswith("Cannot parse request body") else str(exc)
        return api.create_response(request, {"detail": detail}, status=exc.status_code)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = api.create_response(request, {"detail": "请先登录或提供有效的 API 令牌"}, status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": "不存在，或您无权查看"}, status=404)
