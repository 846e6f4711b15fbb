"""Typed inputs of 服务与跟踪: the project form (dates in order, plan within the total), 督办, visits and needs."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from gaoxin.core.commands import DayField, MoneyField, MonthField
from gaoxin.tracking.models import NEED_CATEGORIES, STAGES, VISIT_KINDS, Department, MajorProject

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(forms.ModelForm):
    class Meta:
        model = MajorProject
        fields = ["name", "year", "category", "enterprise", "park", "officer", "investment", "year_plan",
                  "signed_by", "started_by", "in_operation_by", "report_every", "tracked_from", "notes"]
        widgets = {f: DATE for f in ("signed_by", "started_by", "in_operation_by", "tracked_from")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].widget = forms.TextInput(attrs={"placeholder": "统一社会信用代码（可空）"})
        self.fields["enterprise"].to_field_name = "credit_code"
        self.fields["report_every"].widget = forms.Select(choices=[(1, "每月"), (3, "每季度"), (6, "每半年"),
                                                                   (12, "每年")])

    def clean(self) -> dict:
        data = super().clean()
        planned = [(data.get(f), label) for f, label in (("signed_by", "计划签约"), ("started_by", "计划开工"),
                                                         ("in_operation_by", "计划投产/落地"))]
        dated = [(d, label) for d, label in planned if d]
        for (before, a), (after, b) in zip(dated, dated[1:], strict=False):
            if after < before:
                self.add_error(None, f"{b}不能早于{a}")
        investment, plan = data.get("investment"), data.get("year_plan")
        if investment is not None and investment <= 0:
            self.add_error("investment", "总投资应大于 0")
        if investment is not None and plan is not None and plan > investment:
            self.add_error("year_plan", "本年计划投资不能大于总投资")
        if data.get("report_every") not in (1, 3, 6, 12):
            self.add_error("report_every", "报送周期应为 1、3、6 或 12 个月")
        if data.get("tracked_from"):
            data["tracked_from"] = data["tracked_from"].replace(day=1)
        return data


class EscalateCommand(forms.Form):
    """督办: what must be done, and by when."""

    reason = forms.CharField(label=_("督办事项"), max_length=2000)
    due_on = DayField(label=_("办结时限"))


def _departments():
    return Department.objects.filter(active=True)


class VisitCommand(forms.Form):
    """A visit planned (or recorded at once with the day it happened)."""

    department = forms.ModelChoiceField(label=_("走访部门"), queryset=_departments())
    kind = forms.ChoiceField(label=_("走访方式"), choices=VISIT_KINDS, required=False)
    planned_on = DayField(label=_("计划日期"), required=False)
    visited_on = DayField(label=_("走访日期"), required=False)
    visitors = forms.CharField(label=_("走访人员"), max_length=200)
    topics = forms.CharField(label=_("走访内容"), required=False)
    policies = forms.CharField(label=_("宣讲政策"), required=False)
    confirm = forms.BooleanField(label=_("仍要安排（其他部门近期已走访）"), required=False)


class RecordCommand(forms.Form):
    """What a planned visit found."""

    visited_on = DayField(label=_("走访日期"))
    topics = forms.CharField(label=_("走访内容"), required=False)
    policies = forms.CharField(label=_("宣讲政策"), required=False)


class NeedCommand(forms.Form):
    """An enterprise's need: its kind and words; the department and deadline default from the rules."""

    category = forms.ChoiceField(label=_("诉求类别"), choices=NEED_CATEGORIES)
    description = forms.CharField(label=_("诉求内容"), max_length=5000)
    department = forms.ModelChoiceField(label=_("责任部门"), queryset=_departments(), required=False)
    due_on = DayField(label=_("办理时限"), required=False)


class ReportCommand(forms.Form):
    """A period's progress report: the stage reached, 形象进度, investment done (cumulative and this year)."""

    period = MonthField(label=_("报送期"))
    stage = forms.ChoiceField(label=_("所处阶段"), choices=STAGES, required=False)
    progress = forms.DecimalField(label=_("形象进度（%）"), min_value=Decimal(0), max_value=Decimal(100),
                                  decimal_places=2)
    invested = MoneyField(label=_("累计完成投资（万元）"))
    invested_year = MoneyField(label=_("本年完成投资（万元）"))
    problems = forms.CharField(label=_("存在问题"), required=False)
    help_needed = forms.CharField(label=_("需协调事项"), required=False)
