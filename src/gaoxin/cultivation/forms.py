"""Typed inputs of 梯度培育's writes."""

from __future__ import annotations

import datetime as dt

from django import forms

from gaoxin.contract.titles import TITLE_CHOICES


class TargetCommand(forms.Form):
    """三年培育计划: how many new recognitions of a title the zone aims for in a year."""

    title = forms.ChoiceField(label="称号", choices=TITLE_CHOICES)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=lambda: dt.date.today().year)
    target = forms.IntegerField(label="目标家数", min_value=0, max_value=100_000)
