"""政银企对接: banks' loan products with eligibility as engine clauses, enterprises' financing needs, the matches
between them and what the banks did with each (授信, 放款, or a refusal and its reason). Money in 万元 (Decimal).
"""

from __future__ import annotations

from django.db import models

from gaoxin.core.models import Tracked
from gaoxin.core.schemas import Shaped
from gaoxin.financing.machines import NEED_STATES
from gaoxin.programs.schemas import Eligibility, Screening
from gaoxin.registry.models import Enterprise

MONEY = {"max_digits": 14, "decimal_places": 2}
PRODUCT_KINDS = (("gov_procurement", "政采贷"), ("tax", "银税贷"), ("bridge", "应急转贷"), ("srdi", "专精特新贷"),
                 ("tech", "科创贷"), ("ip_pledge", "知识产权质押贷"), ("talent", "人才贷"), ("other", "其他"))


class Bank(models.Model):
    name = models.CharField("银行", max_length=100, unique=True)
    contact = models.CharField("联系人及电话", max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "合作银行"

    def __str__(self) -> str:
        return self.name


class LoanProduct(models.Model):
    """A bank's product. `eligibility` has the programs' shape (titles held, verdicts, engine clauses); the need
    conditions (amount within the product's range, a government procurement contract for 政采贷) are fields."""

    bank = models.ForeignKey(Bank, on_delete=models.PROTECT, related_name="products", verbose_name="银行")
    name = models.CharField("产品名称", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=PRODUCT_KINDS)
    min_amount = models.DecimalField("最低额度（万元）", default=0, **MONEY)
    max_amount = models.DecimalField("最高额度（万元）", **MONEY)
    max_term_months = models.PositiveSmallIntegerField("最长期限（月）", default=12)
    rate = models.CharField("利率", max_length=100, blank=True, help_text="如：LPR+0.3%，贴息后 2.5%")
    needs_procurement = models.BooleanField("须有政府采购合同", default=False)
    eligibility = Shaped("准入条件", schema=Eligibility, default=dict, blank=True)
    description = models.TextField("产品说明", blank=True)
    active = models.BooleanField("在售", default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bank", "name"], name="one_product_name_per_bank")]
        ordering = ["bank", "name"]
        verbose_name = verbose_name_plural = "贷款产品"

    def __str__(self) -> str:
        return f"{self.bank.name} {self.name}"


class FinancingNeed(Tracked):
    """An enterprise's financing need, filed by itself or by staff after a visit."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="financing_needs",
                                   verbose_name="企业")
    amount = models.DecimalField("融资金额（万元）", **MONEY)
    term_months = models.PositiveSmallIntegerField("期限（月）", default=12)
    purpose = models.CharField("用途", max_length=200)
    needed_by = models.DateField("需要到位日期", null=True, blank=True)
    procurement_contract = models.DecimalField("政府采购合同金额（万元）", null=True, blank=True, **MONEY)
    status = models.CharField("状态", max_length=20, default="open", db_index=True, choices=list(NEED_STATES.items()))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "融资需求"

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.amount} 万元（{self.purpose}）"


class FinancingMatch(Tracked):
    """A need put to a product: the screening at the time, then the bank's answer. Moves through `machines.MATCH`;
    at most one per need and product."""

    need = models.ForeignKey(FinancingNeed, on_delete=models.CASCADE, related_name="matches", verbose_name="融资需求")
    product = models.ForeignKey(LoanProduct, on_delete=models.PROTECT, related_name="matches", verbose_name="产品")
    screening = Shaped("匹配时的条件核对", schema=Screening, default=dict)
    status = models.CharField("状态", max_length=20, default="referred", db_index=True)
    credit_amount = models.DecimalField("授信金额（万元）", null=True, blank=True, **MONEY)
    credit_on = models.DateField("授信日期", null=True, blank=True)
    loan_amount = models.DecimalField("放款金额（万元）", null=True, blank=True, **MONEY)
    loan_on = models.DateField("放款日期", null=True, blank=True)
    decline_reason = models.CharField("未获授信原因", max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["need", "product"], name="one_match_per_product")]
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "对接记录"

    def __str__(self) -> str:
        return f"{self.need.enterprise.name} → {self.product}"
