"""Typed inputs of 政策兑现's writes that are not machine moves (those are in `moves.py`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gaoxin.engine.benefit import Benefit, BenefitError, benefit_knobs, benefit_sandbox
from gaoxin.programs.forms import ObjectionCommand


class WhatIfCommand(forms.Form):
    """A benefit's 政策模拟: each of its numbers as users read it; only those changed count, and the sandbox
    benefit must load."""

    def __init__(self, *args, benefit: Benefit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.benefit, self.knobs = benefit, benefit_knobs(benefit)
        for knob in self.knobs:
            self.fields[f"knob:{knob.key}"] = forms.FloatField(
                label=knob.what, required=False, error_messages={"invalid": _("应为数字")},
                widget=forms.TextInput(attrs={"size": 10, "inputmode": "decimal"}))

    def clean(self) -> dict:
        data = super().clean()
        data["changes"] = {k.key: data[f"knob:{k.key}"] for k in self.knobs
                           if data.get(f"knob:{k.key}") is not None and data[f"knob:{k.key}"] != k.shown}
        if not self.errors:
            if not data["changes"]:
                raise forms.ValidationError(gettext("没有改动任何数值"))
            try:
                benefit_sandbox(self.benefit, data["changes"])
            except BenefitError as exc:
                raise forms.ValidationError(str(exc)) from None
        return data


class MatchObjectionCommand(ObjectionCommand):
    """A 政策匹配 异议: which benefit, and the notice it answers when it answers one."""

    benefit = forms.CharField(label=_("政策"), max_length=60)
    notice = forms.IntegerField(label=_("推送"), required=False, min_value=1)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = "请写明异议内容：哪项数据有误、应当如何"
