"""Typed inputs of 创新服务's writes that are not machine moves (those are in `moves.py`)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaoxin.core.commands import DayField, MoneyField, NumberField
from gaoxin.innovation.models import CARRIER_KINDS, CARRIER_LEVELS, OWNER_KINDS, PROSPECT_STAGES, TRANSFER
from gaoxin.innovation.scales import dimension_label, kind_choices, scales, trl_level, uses_trl, weights
from gaoxin.innovation.scorecard import indicator_specs


class TransferCommand(forms.Form):
    """An achievement's 转化: how (self-implemented, licensed, transferred …), for how much, when."""

    transfer = forms.ChoiceField(label=_("转化状态"), choices=TRANSFER)
    transfer_amount = MoneyField(label=_("转化金额（万元）"), required=False)
    transfer_on = DayField(label=_("转化日期"), required=False)


class RequestCommand(forms.Form):
    experts = forms.IntegerField(label=_("专家人数"), min_value=1, max_value=9, initial=3)


class AdmitCommand(forms.Form):
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=30,
                                  widget=forms.TextInput(attrs={"size": 22}))
    entered_on = DayField(label=_("入孵日期"), initial=timezone.localdate)
    special = forms.BooleanField(label=_("特殊领域（孵化时限 60 个月）"), required=False)


class AchievementCommand(forms.Form):
    """A 科技成果 to register: what it is, whose it is, and the registry enterprise behind it when there is one."""

    title = forms.CharField(label=_("成果名称"), max_length=200)
    kind = forms.ChoiceField(label=_("成果类型"), choices=kind_choices)
    owner = forms.CharField(label=_("完成单位"), max_length=200)
    owner_kind = forms.ChoiceField(label=_("完成单位类型"), choices=OWNER_KINDS)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=30, required=False)
    field = forms.CharField(label=_("技术领域"), max_length=100, required=False)
    summary = forms.CharField(label=_("简介"), required=False)


class ProspectCommand(forms.Form):
    """A 科技招商 prospect: who, where in the pipeline, and the scorecard's indicators (numbers; empty = unknown)."""

    STORED = ("name", "field", "origin", "contact", "stage", "notes", "indicators")  # the fields it sets

    name = forms.CharField(label=_("企业名称"), max_length=200, error_messages={"required": _("请填写企业名称")})
    field = forms.CharField(label=_("技术领域"), max_length=100, required=False)
    origin = forms.CharField(label=_("所在地"), max_length=100, required=False)
    contact = forms.CharField(label=_("联系人"), max_length=100, required=False)
    stage = forms.ChoiceField(label=_("阶段"), choices=PROSPECT_STAGES, required=False)
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 70}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.specs = indicator_specs()
        for code, spec in self.specs:
            self.fields[code] = NumberField(label=spec["label"], required=False, help_text=spec.get("help", ""))

    def indicator_rows(self) -> list[tuple]:
        """Each indicator's input with its spec (label, unit, help), in the scorecard's order."""
        return [(self[code], spec) for code, spec in self.specs]

    def clean(self) -> dict:
        data = super().clean()
        data["stage"] = data.get("stage") or "contact"
        data["indicators"] = {code: None if data.get(code) is None else str(data[code]) for code, _label in self.specs}
        return data

    @staticmethod
    def initial_of(prospect) -> dict:
        """A stored prospect as the form shows it."""
        plain = {name: getattr(prospect, name) for name in ProspectCommand.STORED if name != "indicators"}
        return plain | {code: value for code, value in prospect.indicators.items() if value is not None}


class ExpertReviewCommand(forms.Form):
    """An expert's 科技成果评价: the TRL claimed with every evidence item of that level checked (for kinds that use
    TRL), a 0–100 score per dimension of the achievement's kind, and the written opinion."""

    comment = forms.CharField(label=_("评价意见"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
                              error_messages={"required": _("请填写评价意见")})

    def __init__(self, *args, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if uses_trl(kind):
            choose = {"required": "请选择技术就绪水平（1–9 级）", "invalid_choice": "请选择技术就绪水平（1–9 级）"}
            self.fields["trl"] = forms.TypedChoiceField(label=_("技术就绪水平"), coerce=int, error_messages=choose,
                                                        choices=[(t["level"], t["label"]) for t in scales()["trl"]])
            every = dict.fromkeys(e for t in scales()["trl"] for e in t["evidence"])
            self.fields["evidence"] = forms.MultipleChoiceField(label=_("已核实证据"), required=False,
                                                                choices=[(e, e) for e in every])
        for code in weights(kind):
            between = "应为 0–100 的分数"
            self.fields[f"score:{code}"] = NumberField(
                label=dimension_label(code), max_value=Decimal(100),
                error_messages={"required": between, "invalid": between, "min_value": between, "max_value": between})

    def clean(self) -> dict:
        data = super().clean()
        data["scores"] = {code: data[f"score:{code}"] for code in weights(self.kind)
                          if data.get(f"score:{code}") is not None}
        if not uses_trl(self.kind):
            data["trl"], data["evidence"] = None, []
        elif data.get("trl"):
            level = trl_level(data["trl"])
            data["evidence"] = [e for e in data.get("evidence", []) if e in level["evidence"]]
            missing = [e for e in level["evidence"] if e not in data["evidence"]]
            if missing:
                self.add_error("evidence", f"TRL {level['level']}（{level['label']}）须核实的证据未勾选："
                                           f"{'、'.join(missing)}")
        return data


class CarrierCommand(forms.Form):
    """A new 孵化载体: its name (unique), kind, level, operator and incubation area."""

    name = forms.CharField(label=_("载体名称"), max_length=200, error_messages={"required": _("请填写载体名称")})
    kind = forms.ChoiceField(label=_("类型"), choices=CARRIER_KINDS, required=False)
    level = forms.ChoiceField(label=_("级别"), choices=CARRIER_LEVELS, required=False)
    operator = forms.CharField(label=_("运营机构"), max_length=200, required=False)
    area = NumberField(label=_("孵化场地面积（m²）"), required=False, decimal_places=1,
                       error_messages={"invalid": _("应为数字（m²）"), "min_value": _("不能为负数")})

    def clean(self) -> dict:
        data = super().clean()
        data["kind"], data["level"] = data.get("kind") or "incubator", data.get("level") or "none"
        data["area"] = data.get("area") or Decimal(0)
        return data
