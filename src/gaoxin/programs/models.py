"""Support programs (孵化种子资金, 研发补助, 认定奖励, 创新创业大赛) and the applications enterprises make to them.

A program is set up by zone staff as data: budget, per-award cap, application window, eligibility (engine clauses
and required verdicts), the form's fields, the attachments required, and the review rubric. Applications move
through `machines.APPLICATION`; every move is recorded by the workflow app.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from gaoxin.core.models import Tracked
from gaoxin.core.schemas import Shaped
from gaoxin.programs import schemas
from gaoxin.registry.models import Enterprise

KINDS = (("seed_fund", "孵化种子资金"), ("rd_subsidy", "研发补助"), ("title_reward", "认定奖励"),
         ("competition", "创新创业大赛"), ("auto_award", "免申即享"), ("other", "其他扶持"))
AGGREGATIONS = (("mean", "算术平均"), ("trimmed", "去掉最高分和最低分后平均"),
                ("zscore", "按专家标准化（z 分数）后平均"))
MONEY = {"max_digits": 14, "decimal_places": 2}


class Program(Tracked):
    name = models.CharField("项目名称", max_length=200)
    kind = models.CharField("类别", max_length=20, choices=KINDS)
    year = models.PositiveSmallIntegerField("年度")
    department = models.CharField("主管部门", max_length=100, default="区科技局")
    guide = models.TextField("申报指南", blank=True)
    budget = models.DecimalField("资金总额（万元）", **MONEY)
    award_cap = models.DecimalField("单项支持上限（万元）", null=True, blank=True, **MONEY)
    opens_on = models.DateField("申报开始")
    closes_on = models.DateField("申报截止")
    eligibility = Shaped("申报条件", schema=schemas.Eligibility, default=dict, blank=True,
                                   help_text="policies：须“符合条件”的政策；titles：须持有的称号；"
                                             "clauses：引擎条款（如成立年限、营业收入）")
    form_fields = Shaped("申报表字段", schema=list[schemas.FormField], default=list, blank=True,
                                   help_text="[{code, label, kind: text|textarea|number|money, required}]")
    attachments = Shaped("附件要求", schema=list[schemas.Attachment], default=list, blank=True,
                                   help_text="[{code, label, types: [pdf, docx, xlsx, jpg, png], max_mb, required}]")
    rubric = Shaped("评审细则", schema=list[schemas.Criterion], default=list, blank=True,
                              help_text="[{code, label, weight, max}]")
    reviewers_per_application = models.PositiveSmallIntegerField("每份申报的评审专家数", default=3)
    pass_score = models.DecimalField("支持的最低平均分", max_digits=5, decimal_places=2, default=Decimal(60))
    public_notice_days = models.PositiveSmallIntegerField("公示期（天）", default=5,
                                                          help_text="含决定当日；0 表示不公示")
    followup_years = models.PositiveSmallIntegerField("跟踪报告年数", default=2,
                                                      help_text="立项后每年一份，次年 3 月 31 日前报送")
    tranche_plan = Shaped("分期拨付", schema=list[schemas.Tranche], default=list, blank=True,
                                    help_text="[{share: 0.5, milestone: 签订协议}, {share: 0.5, milestone: 中期验收}]；"
                                              "空则一次拨付")
    aggregation = models.CharField("评分汇总方式", max_length=10, choices=AGGREGATIONS, default="mean")
    tracks = Shaped("赛道", schema=schemas.Tracks, default=list, blank=True, help_text="大赛：参赛项目可选的赛道/组别")
    prize_tiers = Shaped("奖项设置", schema=list[schemas.PrizeTier], default=list, blank=True,
                                   help_text="大赛：[{name: 一等奖, count: 1, amount: 20}]，按名次依次评定，万元")

    class Meta:
        ordering = ["-year", "-opens_on", "name"]
        verbose_name = verbose_name_plural = "扶持项目"

    def __str__(self) -> str:
        return f"{self.year} {self.name}"

    def is_open(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class Application(Tracked):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="applications",
                                verbose_name="扶持项目")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="applications",
                                   verbose_name="申报企业")
    project_title = models.CharField("项目名称", max_length=200)
    requested = models.DecimalField("申请金额（万元）", default=Decimal(0), **MONEY)
    answers = Shaped("申报表内容", schema=schemas.Answers, default=dict, blank=True)
    status = models.CharField("状态", max_length=20, default="draft", db_index=True)
    screening = Shaped("资格初筛", schema=schemas.Screening, default=dict, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "enterprise"], name="one_application_per_program")]
        ordering = ["-updated_at", "-pk"]
        verbose_name = verbose_name_plural = "项目申报"

    def __str__(self) -> str:
        return f"{self.enterprise.name}《{self.project_title}》"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files",
                                    verbose_name="申报")
    code = models.CharField("附件类别", max_length=40)
    file = models.FileField("文件", upload_to="applications/%Y/")
    original_name = models.CharField("原文件名", max_length=200)
    kind = models.CharField("文件类型", max_length=10)  # from the file's bytes, not its name
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["code", "-uploaded_at"]
        verbose_name = verbose_name_plural = "申报附件"

    def __str__(self) -> str:
        return self.original_name


class Reviewer(models.Model):
    """An expert in the pool: fields of expertise, affiliation, and the enterprises they declared a relation to."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer",
                                verbose_name="账号")
    name = models.CharField("姓名", max_length=50)
    fields = models.CharField("专业领域", max_length=200, blank=True, help_text="以顿号或逗号分隔")
    affiliation = models.CharField("工作单位", max_length=200)
    declared = models.ManyToManyField(Enterprise, blank=True, related_name="declared_reviewers",
                                      verbose_name="申报回避的企业", help_text="专家自行申报的任职、持股、亲属等关系")
    active = models.BooleanField("在库", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "评审专家"

    def __str__(self) -> str:
        return f"{self.name}（{self.affiliation}）"


class ReviewDraw(models.Model):
    """One random draw of reviewers for a program's accepted applications, with the seed that reproduces it."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="draws", verbose_name="扶持项目")
    seed = models.BigIntegerField("随机种子")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                           verbose_name="操作人")
    at = models.DateTimeField("时间", auto_now_add=True)
    log = Shaped("抽取记录", schema=list[schemas.DrawLine], default=list,
                 help_text="每份申报：候选专家、回避原因、抽中的专家")
    round = models.ForeignKey("Round", null=True, blank=True, on_delete=models.CASCADE, related_name="draws",
                              verbose_name="大赛轮次")

    class Meta:
        ordering = ["-at"]
        verbose_name = verbose_name_plural = "专家抽取"

    def __str__(self) -> str:
        return f"{self.program} 抽取（种子 {self.seed}）"


class ReviewAssignment(models.Model):
    """A reviewer's task on one application, and once submitted, their scores."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews",
                                    verbose_name="申报")
    reviewer = models.ForeignKey(Reviewer, on_delete=models.PROTECT, related_name="assignments",
                                 verbose_name="评审专家")
    draw = models.ForeignKey(ReviewDraw, null=True, on_delete=models.SET_NULL, related_name="assignments",
                             verbose_name="抽取批次")
    scores = Shaped("各项得分", schema=schemas.Scores, default=dict)
    total = models.DecimalField("加权得分（百分制）", max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField("评审意见", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_per_expert")]
        ordering = ["application", "reviewer"]
        verbose_name = verbose_name_plural = "评审任务"

    def __str__(self) -> str:
        return f"{self.reviewer.name} → {self.application}"


class Award(models.Model):
    """A decision to fund an application: proposed during 公示, confirmed after the appeal window, then an
    agreement and staged payments. Moves through `machines.AWARD`."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award",
                                       verbose_name="申报")
    amount = models.DecimalField("支持金额（万元）", **MONEY)
    rank = models.PositiveIntegerField("排名")
    score = models.DecimalField("评审得分", max_digits=8, decimal_places=4, null=True)
    status = models.CharField("状态", max_length=20, default="proposed", db_index=True)
    public_notice_until = models.DateField("公示截止")
    warnings = Shaped("提示", schema=list[str], default=list, blank=True, help_text="如：同一企业已获其他项目支持")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="决定人")
    decided_at = models.DateTimeField("决定时间", auto_now_add=True)
    performance_score = models.DecimalField("绩效评价得分", max_digits=5, decimal_places=2, null=True, blank=True)
    performance_grade = models.CharField("绩效等级", max_length=10, blank=True)
    performance_comment = models.TextField("绩效评价意见", blank=True)

    class Meta:
        ordering = ["application__program", "rank"]
        verbose_name = verbose_name_plural = "立项支持"

    def __str__(self) -> str:
        return f"{self.application}：{self.amount} 万元"


OBJECTION_ABOUT = (("public_notice", "公示结果"), ("benefit_match", "政策匹配"))
OBJECTION_STATUSES = (("open", "待答复"), ("answered", "已答复"))


class Objection(models.Model):
    """异议: an enterprise disputes a published result — its application's 公示 (`application`) or a 政策匹配
    (`benefit`: a figure is wrong, a title is missing, it was left out) — and staff answer it once, saying whether
    it is upheld (a 公示 objection upheld holds the award)."""

    about = models.CharField("异议对象", max_length=20, choices=OBJECTION_ABOUT, db_index=True)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="objections",
                                   verbose_name="企业")
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="objections", verbose_name="申报")
    benefit = models.CharField("政策", max_length=60, blank=True)
    notice_ref = models.PositiveBigIntegerField("所回应的推送", null=True, blank=True,
                                                help_text="政策匹配异议：企业所回应的政策推送编号")
    text = models.TextField("异议内容")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name="提出人")
    raised_at = models.DateTimeField("提出时间", auto_now_add=True)
    status = models.CharField("状态", max_length=10, choices=OBJECTION_STATUSES, default="open", db_index=True)
    answer = models.TextField("答复", blank=True)
    upheld = models.BooleanField("异议成立", null=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="答复人")
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = verbose_name_plural = "异议"

    def __str__(self) -> str:
        return f"{self.application or self.benefit} 异议"


class Tranche(models.Model):
    """One stage of an award's money, released only when its milestone report is accepted."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="tranches", verbose_name="立项")
    seq = models.PositiveSmallIntegerField("期次")
    milestone = models.CharField("里程碑", max_length=200)
    amount = models.DecimalField("金额（万元）", **MONEY)
    status = models.CharField("状态", max_length=20, default="pending", db_index=True)
    report = models.TextField("里程碑报告", blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["award", "seq"], name="one_tranche_per_seq")]
        ordering = ["award", "seq"]
        verbose_name = verbose_name_plural = "分期拨付"

    def __str__(self) -> str:
        return f"{self.award.application} 第 {self.seq} 期（{self.milestone}）"


class Payment(models.Model):
    """Money paid for one tranche. One per tranche, enforced by the database as well as by the row lock."""

    tranche = models.OneToOneField(Tranche, on_delete=models.PROTECT, related_name="payment", verbose_name="期次")
    amount = models.DecimalField("金额（万元）", **MONEY)
    paid_on = models.DateField("拨付日期")
    reference = models.CharField("凭证号", max_length=60)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="登记人")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = verbose_name_plural = "拨付记录"

    def __str__(self) -> str:
        return f"{self.tranche}：{self.amount} 万元"


class FollowUpReport(models.Model):
    """A yearly report a funded enterprise owes after the award, pre-filled from its registry figures."""

    FIGURES = ("revenue", "rd_expense", "employees", "ip_class1", "ip_class2", "equity_financing")
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="followups", verbose_name="立项")
    year = models.PositiveSmallIntegerField("报告年度")
    due_on = models.DateField("报送截止")
    status = models.CharField("状态", max_length=20, default="due", db_index=True)
    figures = Shaped("主要指标", schema=schemas.Figures, default=dict, blank=True,
                               help_text="营业收入、研发费用、职工、知识产权、融资；预填自企业库，可修改")
    progress = models.TextField("项目进展", blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["award", "year"], name="one_followup_per_award_year")]
        ordering = ["award", "year"]
        verbose_name = verbose_name_plural = "跟踪报告"

    def __str__(self) -> str:
        return f"{self.award.application} {self.year} 年度跟踪报告"


class Round(models.Model):
    """One round of a competition (初赛, 复赛, 决赛): judges per entry and how many entries go on to the next round.
    Moves pending → judging → closed; a closed round keeps its ranking in `results`."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rounds", verbose_name="大赛")
    seq = models.PositiveSmallIntegerField("轮次")
    name = models.CharField("名称", max_length=30)
    judges = models.PositiveSmallIntegerField("每个项目的评委数", default=3)
    advancing = models.PositiveSmallIntegerField("晋级数", default=0, help_text="进入下一轮的项目数；最后一轮为 0")
    status = models.CharField("状态", max_length=20, default="pending")
    results = Shaped("本轮排名", schema=list[schemas.Placing], default=list, blank=True,
                               help_text="[{entry, rank, score, mean, outcome}]，本轮结束时记录")
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "seq"], name="one_round_per_seq")]
        ordering = ["program", "seq"]
        verbose_name = verbose_name_plural = "大赛轮次"

    def __str__(self) -> str:
        return f"{self.program.name} {self.name}"


class Entry(models.Model):
    """A team's project in a competition. The team need not be an enterprise yet: `enterprise` is set when it is
    one in the registry, or once it registers in the zone (落地). Moves through `machines.ENTRY`."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="entries", verbose_name="大赛")
    project = models.CharField("项目名称", max_length=200)
    team = models.CharField("团队/企业名称", max_length=200)
    leader = models.CharField("负责人", max_length=50)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    organisation = models.CharField("所在单位", max_length=200, blank=True,
                                    help_text="负责人所在高校、院所或企业；评委回避审查用")
    members = models.TextField("团队成员", blank=True)
    track = models.CharField("赛道/组别", max_length=50, blank=True)
    summary = models.TextField("项目简介", blank=True)
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="competition_entries", verbose_name="对应企业")
    status = models.CharField("状态", max_length=20, default="registered", db_index=True)
    reached = models.PositiveSmallIntegerField("已进入轮次", default=0)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name="报名人")
    registered_at = models.DateTimeField("报名时间", auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "team", "project"], name="one_entry_per_project")]
        ordering = ["program", "pk"]
        verbose_name = verbose_name_plural = "参赛项目"

    def __str__(self) -> str:
        return f"{self.team}《{self.project}》"

    @property
    def organisation_name(self) -> str:
        """The organisation judges must not belong to: the stated one, else the enterprise's or team's name."""
        return self.organisation or (self.enterprise.name if self.enterprise else self.team)


class Judging(models.Model):
    """A judge's scores for one entry in one round: the competition's counterpart of a ReviewAssignment, drawn,
    blind and scored the same way."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="judgings", verbose_name="参赛项目")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="judgings", verbose_name="轮次")
    reviewer = models.ForeignKey(Reviewer, on_delete=models.PROTECT, related_name="judgings", verbose_name="评委")
    draw = models.ForeignKey(ReviewDraw, null=True, on_delete=models.SET_NULL, related_name="judgings",
                             verbose_name="抽取批次")
    scores = Shaped("各项得分", schema=schemas.Scores, default=dict)
    total = models.DecimalField("加权得分（百分制）", max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField("评审意见", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "round", "reviewer"], name="one_judging_per_judge")]
        ordering = ["round", "entry", "reviewer"]
        verbose_name = verbose_name_plural = "大赛评审"

    def __str__(self) -> str:
        return f"{self.reviewer.name} → {self.entry}（{self.round.name}）"


class Prize(models.Model):
    """A prize decided from the final round's ranking. Paid once, and only to an enterprise registered in the
    registry (a team is paid after it has registered, 落地)."""

    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="prize", verbose_name="参赛项目")
    tier = models.CharField("奖项", max_length=30)
    rank = models.PositiveIntegerField("决赛名次")
    score = models.DecimalField("决赛得分", max_digits=8, decimal_places=4, null=True)
    amount = models.DecimalField("奖金（万元）", **MONEY)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="决定人")
    decided_at = models.DateTimeField("决定时间", auto_now_add=True)
    paid_on = models.DateField("拨付日期", null=True, blank=True)
    reference = models.CharField("凭证号", max_length=60, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name="登记人")

    class Meta:
        ordering = ["entry__program", "rank"]
        verbose_name = verbose_name_plural = "大赛奖项"

    def __str__(self) -> str:
        return f"{self.entry} {self.tier} {self.amount} 万元"


PRECREDIT_STATUSES = (("intent", "授信意向"), ("granted", "已授信"), ("drawn", "已放款"), ("declined", "未获授信"))


class PreCredit(models.Model):
    """A bank's pre-credit (预授信) for a competition entry, as the bank reported it: the line, the term, what was
    drawn, or the reason it declined."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="precredits", verbose_name="参赛项目")
    bank = models.CharField("银行", max_length=100)
    product = models.CharField("产品", max_length=100, blank=True)
    amount = models.DecimalField("授信额度（万元）", **MONEY)
    drawn = models.DecimalField("已放款（万元）", default=Decimal(0), **MONEY)
    term_months = models.PositiveSmallIntegerField("期限（月）", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=PRECREDIT_STATUSES, default="intent")
    reason = models.CharField("未获授信原因", max_length=300, blank=True)
    recorded_on = models.DateField("日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="登记人")

    class Meta:
        ordering = ["entry", "-recorded_on", "-pk"]
        verbose_name = verbose_name_plural = "银行预授信"

    def __str__(self) -> str:
        return f"{self.bank} → {self.entry}：{self.amount} 万元"
