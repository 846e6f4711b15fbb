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

# 重大项目 as a zone keeps them in Excel: one row per project and year (项目库/调度表). Money columns are 万元 unless
# the header says 亿元 or 元.
PROJECT_COLUMNS = {
    "name": ("项目名称", "项目", "重大项目名称"),
    "year": ("纳入年度", "年度", "年份", "入库年度"),
    "category": ("项目类别", "类别", "项目类型", "产业类别", "所属类别", "行业类别"),
    "credit_code": CODE_HEADERS,
    "enterprise": ("项目单位", "企业名称", "建设单位", "实施主体", "项目业主", "承建单位"),
    "park": ("所属园区/街道", "所属园区", "园区", "街道", "所在园区", "属地", "所在地"),
    "investment": ("总投资", "计划总投资", "项目总投资"),
    "year_plan": ("本年计划投资", "年度计划投资", "当年计划投资", "年计划投资"),
    "stage": ("阶段", "项目阶段", "进展阶段", "当前阶段", "项目进度", "推进阶段"),
    "signed_by": ("计划签约", "计划签约时间", "计划签约日期"),
    "started_by": ("计划开工", "计划开工时间", "计划开工日期"),
    "in_operation_by": ("计划投产", "计划投产时间", "计划竣工", "计划落地", "计划投产/落地"),
    "signed_on": ("实际签约", "签约时间", "签约日期", "实际签约时间"),
    "started_on": ("实际开工", "开工时间", "开工日期", "实际开工时间"),
    "in_operation_on": ("实际投产", "投产时间", "竣工时间", "实际投产/落地", "实际竣工"),
    "invested": ("累计完成投资", "累计完成", "已完成投资"),
    "invested_year": ("本年完成投资", "年度完成投资", "当年完成投资", "本年累计完成投资"),
    "progress": ("形象进度", "进度", "完成进度"),
    "report_every": ("报送周期", "调度周期"),
    "notes": ("备注", "说明", "建设内容"),
}
PROJECT_REQUIRED = ("name", "year", "category", "park", "investment")
STAGE_WORDS = {"洽谈": "negotiating", "在谈": "negotiating", "谋划": "negotiating", "储备": "negotiating",
               "签约": "signed", "已签约": "signed", "签订": "signed",
               "开工": "started", "在建": "started", "已开工": "started", "新开工": "started", "续建": "started",
               "投产": "in_operation", "竣工": "in_operation", "落地": "in_operation", "建成": "in_operation",
               "运营": "in_operation"}
PERIOD_WORDS = {"月": 1, "每月": 1, "月报": 1, "季": 3, "季度": 3, "每季度": 3, "季报": 3, "半年": 6, "每半年": 6,
                "年": 12, "每年": 12, "年报": 12}

# A carrier's yearly 火炬统计 (孵化器/众创空间 统计调查) figures, one row per carrier and year, kept for years before
# the platform as well.
CARRIER_YEAR_COLUMNS = {
    "carrier": ("载体名称", "孵化器名称", "众创空间名称", "孵化载体", "名称", "单位名称"),
    "year": ("年度", "统计年度", "年份"),
    "kind": ("载体类型", "类型"),
    "level": ("级别", "认定级别", "载体级别"),
    "area": ("场地面积", "孵化场地面积", "孵化器总面积", "使用面积"),
    "incubating": ("在孵企业数", "在孵企业", "在孵企业（团队）数", "当年在孵企业数"),
    "entered": ("当年新增在孵企业", "新增在孵企业", "当年新入孵企业", "新入孵企业数"),
    "graduated": ("当年毕业企业", "当年毕业企业数", "本年毕业企业"),
    "graduated_total": ("累计毕业企业", "累计毕业企业数"),
    "incubated_total": ("累计孵化企业", "累计孵化企业数", "累计孵化", "累计服务企业"),
    "tech_sme": ("在孵科技型中小企业", "科技型中小企业", "在孵企业中科技型中小企业数", "科小"),
    "high_tech": ("在孵高新技术企业", "高新技术企业", "在孵企业中高新技术企业数", "高企"),
    "innovative": ("在孵创新型中小企业", "创新型中小企业", "创新型"),
    "jobs": ("在孵企业从业人员", "从业人员", "吸纳就业", "在孵企业从业人员数"),
    "revenue": ("在孵企业总收入", "总收入", "在孵企业收入"),
}
CARRIER_YEAR_REQUIRED = ("carrier", "year")
CARRIER_KIND_WORDS = {"孵化器": "incubator", "众创空间": "makerspace", "加速器": "accelerator"}
CARRIER_LEVEL_WORDS = {"国家": "national", "省": "provincial", "市": "city", "区": "district", "未认定": "none",
                       "无": "none"}
