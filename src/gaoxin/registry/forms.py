"""Forms for the online side of the registry; figure validation is the contract's, as in the import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.contract.fields import FIGURE_FIELDS, ZONE_ASSESSED
from gaoxin.contract.titles import TITLE_CHOICES, TITLE_LEVELS
from gaoxin.core.commands import DayField
from gaoxin.registry.models import AnnualFigures, FiguresFiling, IntellectualProperty, TitleHeld
from gaoxin.registry.services import InvalidFigures, check_figures

FIGURE_CODES = [f.code for f in FIGURE_FIELDS]

# Sections of the figures form, in the order an enterprise's finance staff would fill them in.
FIGURE_SECTIONS = (
    ("人员", ("employees", "tech_staff", "rd_staff")),
    ("收入与利润", ("revenue", "main_revenue", "high_tech_revenue", "net_profit", "net_profit_deducted", "total_cost",
               "operating_cash_flow")),
    ("资产负债", ("total_assets", "total_liabilities", "net_assets")),
    ("研发投入", ("rd_expense", "rd_expense_domestic", "rd_institution_level", "tech_conversions")),
    ("知识产权", ("ip_class1", "ip_class1_self", "ip_class1_high_value", "ip_class2")),
    ("融资与市值", ("equity_financing", "total_financing", "valuation_usd", "expected_market_value")),
    ("荣誉、管理与市场", ("national_award_rank", "provincial_award_rank", "makerchina_rank", "led_standard",
                    "mgmt_certified", "quality_award", "own_brand", "digital_level", "info_system",
                    "market_share", "market_share_intl", "market_rank", "major_incident")),
    ("工作人员认定", ("key_domain", "chain_key_link", "niche_market_leading", "local_feature_1", "local_feature_2",
                "local_feature_3")),
    ("专家与平台评分", ("hte_ip_points", "hte_rd_mgmt_points", "srdi_domain_points", "srdi_local_points",
                 "srdi_eval_score")),
)
assert sorted(c for _, cs in FIGURE_SECTIONS for c in cs) == sorted(FIGURE_CODES), "every figure in one section"
assert {c for _, cs in FIGURE_SECTIONS[-2:] for c in cs} == ZONE_ASSESSED, "the zone's sections are the contract's"


class FigureFormMixin:
    """Every figure optional (empty = unknown), yes/no as a three-way choice, the contract's row rules."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            if isinstance(field, forms.NullBooleanField):
                field.widget = forms.Select(choices=[("unknown", "未填"), ("true", "是"), ("false", "否")])

    def clean(self):
        data = super().clean()
        try:
            check_figures({c: data.get(c) for c in FIGURE_CODES})
        except InvalidFigures as exc:
            for code, messages in exc.problems.items():
                for message in messages:
                    self.add_error(code, message)
        return data

    def figure_values(self) -> dict:
        return {c: self.cleaned_data.get(c) for c in FIGURE_CODES}

    def sections(self):
        return [(title, [self[c] for c in codes]) for title, codes in FIGURE_SECTIONS]


class FiguresForm(FigureFormMixin, forms.ModelForm):
    """An enterprise's own filing."""

    class Meta:
        model = FiguresFiling
        fields = FIGURE_CODES


class StaffFiguresForm(FigureFormMixin, forms.ModelForm):
    """Zone staff correcting the accepted figures; the version they loaded travels with the form."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AnnualFigures
        fields = FIGURE_CODES


class ImportForm(forms.Form):
    file = forms.FileField(label=_("数据文件"), help_text=_("Excel（.xlsx）、CSV 或 Parquet；表头可用中文列名或代码名"))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


DATE = forms.DateInput(attrs={"type": "date"})


class TitleForm(forms.ModelForm):
    class Meta:
        model = TitleHeld
        fields = ["title", "level", "recognized_on", "valid_until", "certificate_no"]
        widgets = {"recognized_on": DATE, "valid_until": DATE}

    def clean(self):
        data = super().clean()
        start, end = data.get("recognized_on"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", "有效期至不能早于认定日期")
        return data


class IPForm(forms.ModelForm):
    class Meta:
        model = IntellectualProperty
        fields = ["kind", "number", "title", "acquisition", "granted_on", "expires_on", "high_value", "main_product"]
        widgets = {"granted_on": DATE, "expires_on": DATE}


class ListImportCommand(forms.Form):
    """名单导入: the list (a file, or text pasted from a PDF) and what it is a list of."""

    file = forms.FileField(label=_("名单文件（.xlsx、.csv、.txt）"), required=False)
    text = forms.CharField(label=_("或粘贴名单文字（可直接从 PDF 复制）"), required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": 6, "cols": 80}))
    title = forms.ChoiceField(label=_("称号"), choices=TITLE_CHOICES)
    level = forms.ChoiceField(label=_("级别"), choices=TITLE_LEVELS, initial="provincial")
    recognized_on = DayField(label=_("认定（公告）日期"))
    batch = forms.CharField(label=_("批次"), max_length=60, required=False,
                            widget=forms.TextInput(attrs={"placeholder": _("如 2026 年第一批"), "size": 16}))
    valid_until = DayField(label=_("有效期至（留空按政策推算）"), required=False)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("请选择名单文件，或粘贴名单文字"))
        start, end = data.get("recognized_on"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("有效期至早于认定日期"))
        return data
