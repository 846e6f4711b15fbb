"""创新服务's moves on the one URL of `workflow.moves`: an evaluation's expert draw (with an optional seed, for a
draw anyone can repeat) and conclusion (with the staff's remarks); a tenant's 毕业 and 退出."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import timezone

from gaoxin.innovation import incubation, services
from gaoxin.innovation.machines import EVALUATION, TENANCY
from gaoxin.innovation.models import AchievementEvaluation, Tenancy
from gaoxin.innovation.selectors import visible_achievements
from gaoxin.workflow.moves import performs, place

place(EVALUATION,
      rows=lambda scope: AchievementEvaluation.objects.filter(achievement__in=visible_achievements(scope.user)),
      back=lambda evaluation: reverse("innovation:achievement", args=[evaluation.achievement_id]))


class DrawCommand(forms.Form):
    seed = forms.IntegerField(label="随机种子（留空自动生成）", required=False, min_value=0,
                              widget=forms.TextInput(attrs={"size": 14}))


class ConcludeCommand(forms.Form):
    remarks = forms.CharField(label="补充意见（可不填）", max_length=2000, required=False,
                              widget=forms.TextInput(attrs={"size": 40}))


@performs(EVALUATION, "draw", DrawCommand)
def draw(evaluation: AchievementEvaluation, by, data: dict) -> str:
    drawn = services.draw(evaluation, by, data["seed"])
    return f"已抽取专家（随机种子 {drawn.seed}）"


@performs(EVALUATION, "conclude", ConcludeCommand)
def conclude(evaluation: AchievementEvaluation, by, data: dict) -> str:
    concluded = services.conclude(evaluation, by, data["remarks"])
    return f"已形成评价结论：{concluded.level}（{concluded.total} 分）"


place(TENANCY, rows=lambda scope: Tenancy.objects.all() if scope.is_staff else Tenancy.objects.none(),
      back=lambda tenancy: reverse("innovation:carrier", args=[tenancy.carrier_id]))


class LeaveCommand(forms.Form):
    reason = forms.CharField(label="退出原因", max_length=300, widget=forms.TextInput(attrs={"size": 10}))


@performs(TENANCY, "graduate", forms.Form)
def graduate(tenancy: Tenancy, by, data: dict) -> Tenancy:
    return incubation.graduate(tenancy, timezone.localdate(), by)


@performs(TENANCY, "leave", LeaveCommand)
def leave(tenancy: Tenancy, by, data: dict) -> Tenancy:
    return incubation.leave(tenancy, timezone.localdate(), data["reason"], by)
