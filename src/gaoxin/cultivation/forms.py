"""Typed inputs of 梯度培育's writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gaoxin.accounts.roles import is_zone_staff
from gaoxin.contract.titles import TITLE_CHOICES
from gaoxin.core.commands import MoneyField
from gaoxin.cultivation.models import Scenario
from gaoxin.engine.library import PackError
from gaoxin.engine.sandbox import knobs, sandbox
from gaoxin.engine.schema import POLICIES, Pack
from gaoxin.registry.commands import EnterpriseField


class TargetCommand(forms.Form):
    """三年培育计划: how many new recognitions of a title the zone aims for in a year."""

    title = forms.ChoiceField(label=_("称号"), choices=TITLE_CHOICES)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, initial=lambda: dt.date.today().year)
    target = forms.IntegerField(label=_("目标家数"), min_value=0, max_value=100_000)


TOP_REWARD = Decimal("1e10")  # 100 亿万元: beyond any zone's budget, so surely a typing mistake


class ScenarioCommand(forms.Form):
    """政策模拟's sandbox: each number of the official pack as users read it (% as %), each pack parameter, and the
    zone's reward per enterprise in the baseline and in the sandbox. Empty or equal to the official value means
    unchanged; the sandbox pack must load, or nothing is saved."""

    STORED = ("changes", "parameters", "reward_baseline", "reward_sandbox", "reward_basis")  # the fields it sets

    reward_baseline = MoneyField(label=_("基准（万元/家）"), required=False, max_value=TOP_REWARD)
    reward_sandbox = MoneyField(label=_("模拟（万元/家）"), required=False, max_value=TOP_REWARD)
    reward_basis = forms.ChoiceField(label=_("奖励对象"), choices=Scenario.BASES, required=False)

    def __init__(self, *args, official: Pack, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.official, self.knobs = official, knobs(official)
        for knob in self.knobs:
            self.fields[f"knob:{knob.key}"] = forms.FloatField(
                label=f"{knob.label} {knob.what}", required=False, error_messages={"invalid": _("应为数字")},
                widget=forms.TextInput(attrs={"size": 10, "placeholder": f"{knob.shown:g}"}))
        for name, current in official.parameters.items():
            self.fields[f"param:{name}"] = _parameter_field(name, current)

    def knob_rows(self) -> list[tuple]:
        return [(knob, self[f"knob:{knob.key}"]) for knob in self.knobs]

    def parameter_rows(self) -> list[tuple]:
        return [(name, value, self[f"param:{name}"], self.official.decision_for(name))
                for name, value in self.official.parameters.items()]

    def clean(self) -> dict:
        data = super().clean()
        data["changes"] = {k.key: data[f"knob:{k.key}"] for k in self.knobs
                           if data.get(f"knob:{k.key}") is not None and data[f"knob:{k.key}"] != k.shown}
        data["parameters"] = {name: data[f"param:{name}"] for name, current in self.official.parameters.items()
                              if data.get(f"param:{name}") not in (None, "") and data[f"param:{name}"] != current}
        for field in ("reward_baseline", "reward_sandbox"):
            data[field] = data.get(field) or Decimal(0)
        data["reward_basis"] = data.get("reward_basis") or "new"
        if not self.errors:
            try:
                sandbox(self.official, data["changes"], data["parameters"])
            except PackError as exc:
                raise forms.ValidationError(str(exc)) from None
        return data

    @staticmethod
    def initial_of(scenario) -> dict:
        """A stored scenario as the form shows it."""
        return ({f"knob:{key}": value for key, value in scenario.changes.items()}
                | {f"param:{name}": value for name, value in scenario.parameters.items()}
                | {field: getattr(scenario, field) for field in ScenarioCommand.STORED
                   if field.startswith("reward_")})


def _parameter_field(name: str, current) -> forms.Field:
    """A pack parameter's input, of its official value's type."""
    if isinstance(current, bool):
        return forms.TypedChoiceField(label=name, required=False, choices=(("", "—"), ("true", "是"), ("false", "否")),
                                      coerce=lambda v: v == "true", empty_value=None)
    if isinstance(current, int):
        return forms.IntegerField(label=name, required=False, error_messages={"invalid": _("参数应为整数")},
                                  widget=forms.TextInput(attrs={"size": 18}))
    if isinstance(current, float):
        return forms.FloatField(label=name, required=False, error_messages={"invalid": _("参数应为数字")},
                                widget=forms.TextInput(attrs={"size": 18}))
    return forms.CharField(label=name, required=False, max_length=100, widget=forms.TextInput(attrs={"size": 18}))


class NewScenarioCommand(forms.Form):
    """A new 政策模拟: what to call it, which policy, and the year whose pack in force is the baseline."""

    name = forms.CharField(label=_("名称"), max_length=100, error_messages={"required": _("请填写名称")})
    policy = forms.ChoiceField(label=_("政策"), choices=[(p, p) for p in POLICIES],
                               error_messages={"required": _("请选择政策"), "invalid_choice": _("请选择政策")})
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)

    def clean(self) -> dict:
        data = super().clean()
        data["year"] = data.get("year") or dt.date.today().year
        return data


class _AboutEnterprise(forms.Form):
    """A command about one enterprise among `enterprises`, the acting user's view."""

    enterprise = EnterpriseField()

    def __init__(self, *args, enterprises, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class PoolEntryCommand(_AboutEnterprise):
    """培育库 入库: which enterprise, for which title, and why (the reason shows on the plan and in its audit)."""

    title = forms.ChoiceField(label=_("称号"), choices=TITLE_CHOICES,
                              error_messages={"required": _("请选择称号"), "invalid_choice": _("请选择称号")})
    reason = forms.CharField(label=_("入库理由"), max_length=200, error_messages={"required": _("请填写入库理由")})


class PoolExitCommand(forms.Form):
    """培育库 出库: why (已认定, 迁出, 不再符合 …)."""

    reason = forms.CharField(label=_("出库理由"), max_length=200, error_messages={"required": _("请填写出库理由")})


class AssignCommand(_AboutEnterprise):
    """指派服务专员: for which enterprise and policy, which member of zone staff, with an optional note."""

    policy = forms.ChoiceField(label=_("称号"), choices=[(p, p) for p in POLICIES],
                               error_messages={"required": _("请选择称号"), "invalid_choice": _("请选择称号")})
    officer = forms.ModelChoiceField(label=_("服务专员"), queryset=get_user_model().objects.filter(is_active=True),
                                     error_messages={"required": _("请选择服务专员"),
                                                     "invalid_choice": _("请选择服务专员")})
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def clean_officer(self):
        officer = self.cleaned_data["officer"]
        if not is_zone_staff(officer):
            raise forms.ValidationError(gettext("服务专员须为区工作人员"))
        return officer


class CampaignCommand(forms.Form):
    """调查排摸: which enterprises (the 潜力企业 filter, or one enterprise), by when, with what note."""

    name = forms.CharField(label=_("名称"), max_length=100)
    policy = forms.ChoiceField(label=_("称号"), choices=[(p, dict(TITLE_CHOICES).get(p, p)) for p in POLICIES])
    year = forms.IntegerField(label=_("评价年度"), min_value=2000, max_value=2100,
                              initial=lambda: dt.date.today().year)
    park = forms.CharField(label=_("园区/街道"), max_length=100, required=False)
    industry = forms.CharField(label=_("行业代码开头"), max_length=10, required=False)
    max_unmet = forms.IntegerField(label=_("最多差几项"), min_value=0, max_value=100, required=False)
    discovered = forms.BooleanField(label=_("只含主动发现的企业"), required=False)
    enterprise = EnterpriseField(label=_("或只问一家企业（统一社会信用代码）"), required=False)
    deadline = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    message = forms.CharField(label=_("给企业的说明"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2, "cols": 60}))

    def __init__(self, *args, enterprises, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


def answer_form(asked: list, data=None) -> forms.Form:
    """The form an enterprise answers a 调查排摸 in: one field per figure asked (its year in the label), typed by
    the contract, blank allowed (an enterprise may not know every one)."""
    from gaoxin.registry.models import Enterprise, FiguresFiling

    form = forms.Form(data)
    for item in asked:
        model = Enterprise if item.year is None else FiguresFiling
        field = model._meta.get_field(item.field).formfield()
        field.required = False
        if isinstance(field, forms.NullBooleanField):
            field.widget = forms.Select(choices=[("unknown", "未填"), ("true", "是"), ("false", "否")])
        field.label = item.label if item.year is None else gettext("{label}（{year} 年度）").format(
            label=item.label, year=item.year)
        field.help_text = gettext("用于：{clauses}").format(clauses="；".join(item.clauses))
        form.fields[answer_key(item.field, item.year)] = field
    return form


def answer_key(field: str, year: int | None) -> str:
    return f"{field}__{year if year is not None else 'e'}"


def answered(form: forms.Form, asked: list) -> dict[tuple[str, int | None], object]:
    return {(a.field, a.year): form.cleaned_data.get(answer_key(a.field, a.year)) for a in asked}
