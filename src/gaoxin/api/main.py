"""The API object: version 1 under /api/v1/, its OpenAPI document at /api/v1/openapi.json and browsable docs at
/api/v1/docs (served from the package's own files, no CDN), both for signed-in users and token holders only.
A breaking change means /api/v2/, beside v1."""

from __future__ import annotations

from ninja import NinjaAPI

from gaoxin.api import benefits, enterprises, evaluations, programs, whoami
from gaoxin.api.auth import AUTH, signed_in_only
from gaoxin.api.errors import install

api = NinjaAPI(
    title="高新 Gaoxin API",
    version="1",
    description=(
        "高新区企业梯度培育平台的 REST API。每个请求以令牌所属用户的身份执行，只返回该用户有权查看的数据"
        "（区工作人员全部、园区联络员本园区、企业用户本企业）；无权查看的企业一律答 404。金额单位为万元，"
        "以十进制字符串表示。"),
    auth=AUTH,
    docs_decorator=signed_in_only,  # the schema and docs follow the site's login
    urls_namespace="api",
)
install(api)
for module in (whoami, enterprises, evaluations, benefits, programs):
    api.add_router("/", module.router)

