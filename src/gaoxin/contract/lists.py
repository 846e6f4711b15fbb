"""The columns of an official title list (公示/认定名单) that Gaoxin reads, by the headers issuers print; any other
column (序号, 所在地区, 备注 …) is named as not read. Here, not in intake, so the data dictionary lists them."""

from __future__ import annotations

NAME_HEADERS = ("企业名称", "单位名称", "公司名称", "名称", "申报单位", "申报单位名称", "企业（单位）名称", "申报企业",
                "企业名称（全称）", "单位名称（全称）", "企业全称")
CODE_HEADERS = ("统一社会信用代码", "信用代码", "社会信用代码", "统一信用代码")
CERTIFICATE_HEADERS = ("证书编号", "证书号", "证书号码", "认定编号", "入库登记编号", "登记编号")

# 专利清单 and 软件著作权清单 as patent offices, agencies and the enterprises themselves export them.
PATENT_COLUMNS = {
    "number": ("专利号", "申请号", "专利申请号", "申请号/专利号", "登记号", "著作权登记号", "软著登记号"),
    "title": ("专利名称", "名称", "发明名称", "发明创造名称", "软件名称", "软件全称"),
    "kind": ("专利类型", "类型", "类别", "知识产权类型"),
    "applied_on": ("申请日", "申请日期"),
    "granted_on": ("授权日", "授权公告日", "授权日期", "公告日", "登记日期", "登记日", "发证日期"),
    "status": ("法律状态", "状态", "当前法律状态", "有效性"),
    "holder": ("权利人", "专利权人", "申请人", "申请（专利权）人", "著作权人", "当前权利人"),
    "credit_code": CODE_HEADERS,
    "lapsed_on": ("失效日", "失效日期", "终止日"),
}
PATENT_REQUIRED = ("number", "holder")
STATUS_WORDS = {"有效": "valid", "授权": "valid", "专利权维持": "valid", "维持": "valid", "已登记": "valid",
                "审中": "pending", "实质审查": "pending", "公开": "pending", "实审": "pending", "待审": "pending",
                "失效": "lapsed", "无效": "lapsed", "终止": "lapsed", "未缴年费": "lapsed", "届满": "lapsed",
                "驳回": "lapsed", "撤回": "lapsed", "放弃": "lapsed", "权利终止": "lapsed"}

# The business registry's export (国家企业信用信息公示系统, commercial data vendors): one row per enterprise.
BUSINESS_COLUMNS = {
    "credit_code": CODE_HEADERS,
    "name": ("企业名称", "名称", "公司名称", "企业（机构）名称"),
    "founded_on": ("成立日期", "成立时间", "注册日期", "登记日期"),
    "capital": ("注册资本", "注册资金", "认缴资本"),
    "industry": ("行业", "所属行业", "国标行业", "行业门类", "国民经济行业", "国民经济行业代码", "行业代码"),
    "address": ("住所", "注册地址", "企业地址", "地址", "经营场所"),
    "status": ("登记状态", "经营状态", "企业状态", "状态"),
    "abnormal": ("经营异常", "是否经营异常", "经营异常名录", "列入经营异常名录"),
    "former_names": ("曾用名", "历史名称", "原名称"),
}
BUSINESS_REQUIRED = ("credit_code", "name")
# 登记状态 as exports word it → what Gaoxin does: active keeps the enterprise, revoked/cancelled archive it.
REGISTRATION_WORDS = {"存续": "active", "在业": "active", "开业": "active", "正常": "active", "在营": "active",
                      "迁入": "active", "吊销": "revoked", "注销": "cancelled", "撤销": "cancelled",
                      "迁出": "moved", "停业": "suspended", "清算": "suspended"}
REGISTRATION_STATUSES = (("active", "存续"), ("revoked", "吊销"), ("cancelled", "注销"), ("moved", "迁出"),
                         ("suspended", "停业/清算"))
