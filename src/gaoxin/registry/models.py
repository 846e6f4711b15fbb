"""The registry as the data contract defines it: one model per concern, not one wide table.

Money is Decimal in 万元. Empty means unknown, never zero: every figure is nullable.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from gaoxin.contract import creditcode
from gaoxin.contract.checks import NAME_MAX
from gaoxin.contract.fields import FIGURE_FIELDS
from gaoxin.contract.lists import REGISTRATION_STATUSES
from gaoxin.contract.people import ROLE_LABELS
from gaoxin.contract.titles import (
    IP_ACQUISITIONS,
    IP_CLASS,
    IP_KIND_CHOICES,
    IP_STATUSES,
    TITLE_BY_CODE,
    TITLE_CHOICES,
    TITLE_LEVELS,
    ip_in_force,
)
from gaoxin.core.models import Tracked
from gaoxin.core.schemas import Shaped
from gaoxin.registry.fieldmap import contract_field
from gaoxin.registry.schemas import Changes, ImportProblem, Lineage, ListPreview


def validate_credit_code(value: str) -> None:
    from django.core.exceptions import ValidationError

    reason = creditcode.problem(value)
    if reason:
        raise ValidationError(reason)


class Park(models.Model):
    """A park (园区) or street (街道) of the zone. Disabled rather than deleted, so history keeps its names."""

    KINDS = (("park", "园区"), ("street", "街道"))
    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.CharField("类型", max_length=10, choices=KINDS, default="park")
    active = models.BooleanField("启用", default=True)
    address_keywords = models.TextField(
        "住所关键词", blank=True,
        help_text="每行一个，如“高新大道”“科技城”：导入工商登记信息时，住所含其中之一的企业归入本园区/街道")

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = verbose_name_plural = "园区/街道"

    def __str__(self) -> str:
        return self.name

    @property
    def keywords(self) -> list[str]:
        return [k.strip() for k in self.address_keywords.splitlines() if k.strip()]


class EnterpriseQuerySet(models.QuerySet):
    def active(self) -> EnterpriseQuerySet:
        return self.filter(archived_at__isnull=True)

    def search(self, text: str) -> EnterpriseQuerySet:
        """Name fragment, credit-code prefix or pinyin initials (e.g. “xyk” finds 星云科技)."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text) | Q(credit_code__istartswith=text) | Q(name_initials__contains=text.lower())
        )


class Enterprise(Tracked):
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True,
                                   validators=[validate_credit_code])
    name = models.CharField("企业名称", max_length=NAME_MAX, db_index=True)
    name_initials = models.CharField("名称拼音首字母", max_length=200, blank=True, db_index=True, editable=False)
    founded_on = contract_field("founded_on")
    park = models.ForeignKey(Park, verbose_name="所属园区/街道", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="enterprises")
    industry_code = contract_field("industry_code", max_length=10, db_index=True)
    high_tech_field = contract_field("high_tech_field")
    strategic_emerging = contract_field("strategic_emerging")
    niche_since = contract_field("niche_since")
    listed_board = contract_field("listed_board")
    resident = contract_field("resident")
    restricted_industry = contract_field("restricted_industry")
    credit_blacklisted = contract_field("credit_blacklisted")
    branch_or_trading = contract_field("branch_or_trading")
    listing_plan = contract_field("listing_plan")
    joint_stock = contract_field("joint_stock")
    joint_stock_planned = contract_field("joint_stock_planned")
    registered_capital = models.DecimalField("注册资本（万）", max_digits=18, decimal_places=4, null=True,
                                             blank=True, help_text="以 capital_currency 计，单位为万")
    capital_currency = models.CharField("注册资本币种", max_length=10, blank=True)
    address = models.CharField("住所", max_length=300, blank=True)
    registration_status = models.CharField("登记状态", max_length=10, choices=REGISTRATION_STATUSES, blank=True)
    former_names = Shaped("曾用名", schema=list[str], default=list, blank=True,
                          help_text="工商登记的曾用名；名单导入时按曾用名也能找到企业")
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    archive_reason = models.CharField("归档原因", max_length=200, blank=True)
    lineage = Shaped("数据来源", schema=Lineage, default=dict, blank=True,
                     help_text="每个企业级字段各来源报告的值（registry.lineage）：来源、批次、截至日期；按来源优先级取值")

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "企业"

    def __str__(self) -> str:
        return self.name


class FigureValues(models.Model):
    """The yearly figures of the data contract; shared by the official record and an enterprise's filing."""

    employees = contract_field("employees")
    tech_staff = contract_field("tech_staff")
    rd_staff = contract_field("rd_staff")
    revenue = contract_field("revenue")
    main_revenue = contract_field("main_revenue")
    high_tech_revenue = contract_field("high_tech_revenue")
    total_assets = contract_field("total_assets")
    total_liabilities = contract_field("total_liabilities")
    net_assets = contract_field("net_assets")
    total_cost = contract_field("total_cost")
    rd_expense = contract_field("rd_expense")
    rd_expense_domestic = contract_field("rd_expense_domestic")
    net_profit = contract_field("net_profit")
    equity_financing = contract_field("equity_financing")
    total_financing = contract_field("total_financing")
    net_profit_deducted = contract_field("net_profit_deducted")
    operating_cash_flow = contract_field("operating_cash_flow")
    expected_market_value = contract_field("expected_market_value")
    valuation_usd = contract_field("valuation_usd")
    ip_class1 = contract_field("ip_class1")
    ip_class1_self = contract_field("ip_class1_self")
    ip_class1_high_value = contract_field("ip_class1_high_value")
    ip_class2 = contract_field("ip_class2")
    tech_conversions = contract_field("tech_conversions")
    rd_institution_level = contract_field("rd_institution_level")
    national_award_rank = contract_field("national_award_rank")
    provincial_award_rank = contract_field("provincial_award_rank")
    makerchina_rank = contract_field("makerchina_rank")
    led_standard = contract_field("led_standard")
    major_incident = contract_field("major_incident")
    mgmt_certified = contract_field("mgmt_certified")
    own_brand = contract_field("own_brand")
    digital_level = contract_field("digital_level")
    market_share = contract_field("market_share")
    market_share_intl = contract_field("market_share_intl")
    market_rank = contract_field("market_rank")
    quality_award = contract_field("quality_award")
    info_system = contract_field("info_system")
    key_domain = contract_field("key_domain")
    chain_key_link = contract_field("chain_key_link")
    niche_market_leading = contract_field("niche_market_leading")
    srdi_domain_points = contract_field("srdi_domain_points")
    srdi_local_points = contract_field("srdi_local_points")
    local_feature_1 = contract_field("local_feature_1")
    local_feature_2 = contract_field("local_feature_2")
    local_feature_3 = contract_field("local_feature_3")
    srdi_eval_score = contract_field("srdi_eval_score")
    hte_ip_points = contract_field("hte_ip_points")
    hte_rd_mgmt_points = contract_field("hte_rd_mgmt_points")

    class Meta:
        abstract = True

    def figure_values(self) -> dict:
        return {f.code: getattr(self, f.code) for f in FIGURE_FIELDS}


class AnnualFigures(Tracked, FigureValues):
    """The accepted figures of one enterprise for one fiscal year (年度数据), the input of every verdict."""

    SOURCES = (("import", "导入"), ("online", "企业填报"), ("staff", "工作人员录入"), ("demo", "演示数据"))
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="annual_figures",
                                   verbose_name="企业")
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    source = models.CharField("最近写入", max_length=10, choices=SOURCES, default="import",
                              help_text="最近一次写入本行的途径；每项数据的来源见 lineage")
    version = models.PositiveIntegerField("版本", default=1)
    lineage = Shaped("数据来源", schema=Lineage, default=dict, blank=True,
                     help_text="每项数据各来源报告的值（registry.lineage）：来源、批次或填报、截至日期；按来源优先级取值")

    class Meta:
        ordering = ["enterprise", "year"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="one_figures_per_year")]
        verbose_name = verbose_name_plural = "年度数据"

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year} 年度数据"


class FiguresFiling(Tracked, FigureValues):
    """An enterprise's own filing of its yearly figures: draft → submitted → returned / accepted.

    Kept apart from AnnualFigures so that a draft never changes the figures verdicts are computed from; on
    acceptance its values are copied into AnnualFigures, audited.
    """

    STATUSES = (("draft", "草稿"), ("submitted", "已提交，待审核"), ("returned", "已退回"), ("accepted", "已通过"))
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="filings",
                                   verbose_name="企业")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=10, choices=STATUSES, default="draft", db_index=True)
    return_reason = models.CharField("退回原因", max_length=500, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="审核人")
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    facts = Shaped("企业级事项", schema=dict[str, Any], default=dict, blank=True,
                   help_text="随填报一并提交的企业级事项（如 调查排摸 所问的高新技术领域），通过时写入企业信息")

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], condition=~Q(status="accepted"),
                                    name="one_open_filing_per_year"),
        ]
        verbose_name = verbose_name_plural = "企业填报"

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year} 年度填报（{self.get_status_display()}）"


class IntellectualProperty(models.Model):
    """One IP right. The yearly class Ⅰ/Ⅱ counts of the contract can be derived from these records."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="ip_rights",
                                   verbose_name="企业")
    kind = models.CharField("类型", max_length=30, choices=IP_KIND_CHOICES)
    number = models.CharField("专利号/登记号", max_length=60)
    title = models.CharField("名称", max_length=200)
    acquisition = models.CharField("获得方式", max_length=20, choices=IP_ACQUISITIONS, default="self_developed")
    applied_on = models.DateField("申请日", null=True, blank=True)
    granted_on = models.DateField("授权/登记日期", null=True, blank=True, help_text="审中的专利尚无授权日")
    expires_on = models.DateField("有效期至", null=True, blank=True,
                                  help_text="留空时按申请日和专利法的保护期推算")
    legal_status = models.CharField("法律状态", max_length=10, choices=IP_STATUSES, default="valid")
    lapsed_on = models.DateField("失效日", null=True, blank=True)
    holder = models.CharField("权利人", max_length=200, blank=True, help_text="清单中的权利人名称，原样保留")
    source = models.ForeignKey("ImportBatch", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="ip_rights", verbose_name="来源",
                               help_text="记录该权利的专利/软著清单；手工登记时为空")
    high_value = models.BooleanField("高价值", default=False)
    main_product = models.BooleanField("与主要产品相关", default=True)

    class Meta:
        ordering = ["-granted_on"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "number"], name="unique_ip_number")]
        verbose_name = verbose_name_plural = "知识产权"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def ip_class(self) -> int:
        return IP_CLASS[self.kind]

    def valid_on(self, day: dt.date) -> bool:
        """In force on `day` as far as the record shows (a lapse without its date counts as not in force)."""
        return bool(ip_in_force(day, kind=self.kind, status=self.legal_status, applied_on=self.applied_on,
                                granted_on=self.granted_on, expires_on=self.expires_on, lapsed_on=self.lapsed_on))


def held_on(day: dt.date, via: str = "") -> models.Q:
    """The titles valid on `day` (recognized by then, not yet expired; no end date means no expiry), as a filter
    on TitleHeld, or on a model that reaches it through `via` (e.g. "titles__")."""
    return (models.Q(**{f"{via}recognized_on__lte": day})
            & (models.Q(**{f"{via}valid_until__isnull": True}) | models.Q(**{f"{via}valid_until__gte": day})))


class TitleHeld(models.Model):
    """A title (资质/称号) the enterprise holds or held, with its validity."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="titles",
                                   verbose_name="企业")
    title = models.CharField("称号", max_length=30, choices=TITLE_CHOICES, db_index=True)
    level = models.CharField("级别", max_length=12, choices=TITLE_LEVELS, default="national")
    recognized_on = models.DateField("认定日期")
    valid_until = models.DateField("有效期至", null=True, blank=True)
    certificate_no = models.CharField("证书编号", max_length=60, blank=True)
    batch = models.CharField("批次", max_length=60, blank=True, help_text="如 2026 年第一批")
    source = models.ForeignKey("ImportBatch", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="titles", verbose_name="来源",
                               help_text="记录该称号的导入（名单或年度数据）；手工登记时为空")

    class Meta:
        ordering = ["-recognized_on"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "title", "recognized_on"], name="unique_title_grant")
        ]
        verbose_name = verbose_name_plural = "资质/称号"

    def __str__(self) -> str:
        return f"{self.get_title_display()}（{self.recognized_on}）"

    @property
    def rung(self) -> int:
        return TITLE_BY_CODE[self.title].rung

    def valid_on(self, day: dt.date) -> bool:
        return self.recognized_on <= day and (self.valid_until is None or self.valid_until >= day)

    def days_left(self, today: dt.date) -> int | None:
        return None if self.valid_until is None else (self.valid_until - today).days


class KeyPerson(models.Model):
    """A shareholder or officer of an enterprise (股东及主要人员), from the business registry: a person by name, or
    an organisation. Replaced per enterprise on import (a snapshot, not a history)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="people", verbose_name="企业")
    name = models.CharField("姓名/名称", max_length=200, db_index=True)
    role = models.CharField("身份", max_length=20, choices=list(ROLE_LABELS.items()))
    share = models.DecimalField("持股比例（%）", max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enterprise", "name", "role"], name="one_role_per_person")]
        ordering = ["enterprise", "role", "-share", "name"]
        verbose_name = verbose_name_plural = "股东及主要人员"

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.get_role_display()} {self.name}"


class AuditEntry(models.Model):
    """One change to a record: who, when, what, old → new. Written by the services (through `audit.record` or,
    in bulk, `audit.entry`), never edited. `subject` and `object_id` name the record changed (a program, a loan
    product, a carrier …); `enterprise` is set when the record belongs to an enterprise, so its history shows it."""

    ACTIONS = (("create", "新增"), ("update", "修改"), ("delete", "删除"), ("archive", "归档"))
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name="操作人")
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="audit_entries", verbose_name="企业")  # enterprises are archived
    subject = models.CharField("对象", max_length=40, db_index=True)  # model name, e.g. "annualfigures"
    object_id = models.PositiveBigIntegerField("对象编号", null=True, blank=True)
    object_label = models.CharField("对象名称", max_length=200)
    action = models.CharField("操作", max_length=10, choices=ACTIONS)
    changes = Shaped("变更", schema=Changes, default=dict)  # {field: [old, new]} as display strings
    via = models.CharField("途径", max_length=60, blank=True)  # e.g. "导入 #12", "企业填报"

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject", "object_id"], name="audit_subject_object")]
        verbose_name = verbose_name_plural = "变更记录"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.object_label} {self.get_action_display()}"


class ImportBatch(models.Model):
    """One uploaded file and what became of it. A rejected file changed nothing; its errors are kept. Every
    kind of import (yearly figures, 股东及主要人员, a competition's entry list) is one, so each is stored and run by
    a background job the same way (`registry.uploads`)."""

    STATUSES = (("queued", "排队中"), ("running", "导入中"), ("pending", "待确认"), ("imported", "已导入"),
                ("rejected", "已拒绝"))
    KINDS = (("figures", "企业年度数据"), ("people", "股东及主要人员"), ("entries", "大赛报名表"),
             ("title_list", "称号名单"), ("patents", "专利/软著清单"), ("business", "工商登记信息"),
             ("projects", "重大项目"), ("carriers", "孵化载体历年统计"))
    kind = models.CharField("导入内容", max_length=10, choices=KINDS, default="figures")
    file_name = models.CharField("文件名", max_length=255)
    sha256 = models.CharField("文件摘要", max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="导入人")
    at = models.DateTimeField("时间", auto_now_add=True)
    status = models.CharField("结果", max_length=10, choices=STATUSES)
    rows = models.PositiveIntegerField("行数", default=0)
    enterprises_created = models.PositiveIntegerField("新增企业", default=0)
    figures_created = models.PositiveIntegerField("新增年度数据", default=0)
    figures_updated = models.PositiveIntegerField("更新年度数据", default=0)
    unchanged = models.PositiveIntegerField("未变化", default=0)
    errors = Shaped("错误", schema=list[ImportProblem], default=list)  # [{row, column, value, reason}]
    upload = models.FileField("上传的文件", upload_to="imports/", blank=True,
                              help_text="等待后台导入的文件；导入结束（成功或拒绝）后删除")
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                            verbose_name="后台任务")
    summary = models.CharField("结果说明", max_length=200, blank=True,
                               help_text="导入成功时写入了什么（年度数据以外的导入）")
    warnings = Shaped("提示", schema=list[str], default=list, blank=True,
                      help_text="导入时未读取的列、文件未包含的可选列等，不影响导入")
    title_list = Shaped("名单对应结果", schema=ListPreview | None, null=True, blank=True,
                        help_text="称号名单：名单所列企业与企业库的对应，待工作人员确认后记录")
    return_to = models.CharField("返回页面", max_length=200, blank=True,
                                 help_text="结果页“返回”链接：发起导入的页面")

    class Meta:
        ordering = ["-at"]
        verbose_name = verbose_name_plural = "导入记录"

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def pending(self) -> bool:
        """Still waiting for, or in, its background import."""
        return self.status in ("queued", "running")
