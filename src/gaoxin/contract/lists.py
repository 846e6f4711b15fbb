"""The columns of an official title list (公示/认定名单) that Gaoxin reads, by the headers issuers print; any other
column (序号, 所在地区, 备注 …) is named as not read. Here, not in intake, so the data dictionary lists them."""

from __future__ import annotations

NAME_HEADERS = ("企业名称", "单位名称", "公司名称", "名称", "申报单位", "申报单位名称", "企业（单位）名称", "申报企业",
                "企业名称（全称）", "单位名称（全称）", "企业全称")
CODE_HEADERS = ("统一社会信用代码", "信用代码", "社会信用代码", "统一信用代码")
CERTIFICATE_HEADERS = ("证书编号", "证书号", "证书号码", "认定编号", "入库登记编号", "登记编号")
