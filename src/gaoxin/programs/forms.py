"""Typed inputs of 资金与项目's writes that are not machine moves (those are in `moves.py`)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pypinyin import lazy_pinyin

from gaoxin.contract.creditcode import normalise
from gaoxin.contract.creditcode import problem as credit_code_problem
from gaoxin.contract.titles import TITLE_CHOICES
from gaoxin.core.commands import CountField, DayField, LinesField, MoneyField, NumberField
from gaoxin.programs.models import AGGREGATIONS, KINDS, PRECREDIT_STATUSES, Program
from gaoxin.programs.schemas import Attachment, Criterion, FormField, PrizeTier, Tranche
from gaoxin.registry.models import Enterprise


class PrizePaymentCommand(forms.Form):
    """登记拨付 of a competition prize: the day it was paid and the voucher."""

    paid_on = DayField(label=_("拨付日期"), initial=timezone.localdate)
    reference = forms.CharField(label=_("凭证号"), max_length=60)


class PreCreditCommand(forms.Form):
    """A bank's pre-credit for a competition entry, as the bank reported it."""

    bank = forms.CharField(label=_("银行"), max_length=100)
    product = forms.CharField(label=_("产品"), max_length=100, required=False)
    amount = MoneyField(label=_("授信额度（万元）"))
    drawn = MoneyField(label=_("已放款（万元）"), required=False)
    term_months = forms.IntegerField(label=_("期限（月）"), min_value=1, max_value=360, required=False)
    status = forms.ChoiceField(label=_("状态"), choices=PRECREDIT_STATUSES, required=False)
    reason = forms.CharField(label=_("未获授信原因"), max_length=300, required=False)
    recorded_on = DayField(label=_("日期"), required=False)


class EligibilityCommand(forms.Form):
    """Conditions as staff choose them: titles held, verdicts 符合, and 成立年限 / 上年营业收入 limits that become
    engine clauses (a program's 申报条件 and a loan product's 准入条件 alike)."""

    article = "申报指南"  # where the limits are written, cited by each clause

    titles = forms.MultipleChoiceField(label=_("须持有"), choices=TITLE_CHOICES, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    policies = forms.MultipleChoiceField(label=_("须经评价符合"), choices=TITLE_CHOICES, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    max_years = CountField(label=_("成立不超过（年）"), low=1, high=50, required=False)
    min_years = CountField(label=_("成立满（年）"), low=1, high=50, required=False)
    min_revenue = MoneyField(label=_("上年营业收入不低于（万元）"), required=False)

    def clean(self) -> dict:
        data = super().clean()
        data["eligibility"] = self._eligibility(data)
        return data

    def _eligibility(self, data: dict) -> dict:
        """The conditions as `schemas.Eligibility` stores them (only the parts given)."""
        clauses = []
        if data.get("max_years"):
            n = data["max_years"]
            clauses.append({"id": "program.age", "label": f"成立不超过 {n} 年", "article": self.article,
                            "test": {"kind": "age", "op": "<=", "days": round(n * 365.25)}})
        if data.get("min_years"):
            n = data["min_years"]
            clauses.append({"id": "program.age_min", "label": f"成立满 {n} 年", "article": self.article,
                            "test": {"kind": "age", "op": ">=", "days": round(n * 365.25)}})
        revenue = data.get("min_revenue")
        if revenue is not None:
            clauses.append({"id": "program.revenue", "label": f"上年营业收入不低于 {revenue.normalize():f} 万元",
                            "article": self.article,
                            "test": {"kind": "compare", "value": {"input": "revenue", "year": -1, "unit": "万元"},
                                     "op": ">=", "threshold": float(revenue)}})
        parts = (("titles", data.get("titles") or []), ("policies", data.get("policies") or []),
                 ("clauses", clauses))
        return {k: v for k, v in parts if v}

    @staticmethod
    def initial_of(eligibility: dict) -> dict:
        """A stored condition set as the form's initial values (editing starts from what is stored)."""
        clauses = {c["id"]: c for c in eligibility.get("clauses", [])}
        years = {key: round(clauses[cid]["test"]["days"] / 365.25)
                 for key, cid in (("max_years", "program.age"), ("min_years", "program.age_min")) if cid in clauses}
        revenue = clauses.get("program.revenue")
        return {"titles": eligibility.get("titles", []), "policies": eligibility.get("policies", []), **years,
                "min_revenue": f"{Decimal(str(revenue['test']['threshold'])).normalize():f}" if revenue else None}


def _code(label: str) -> str:
    """A stable code from a Chinese label (pinyin), for the answers and files stored under it."""
    return "_".join(lazy_pinyin(label))[:40] or "item"


FIELD_KINDS = {"单行": "text", "多行": "textarea", "数字": "number", "金额": "money"}


def _form_field(parts: list[str]) -> dict:
    kind = FIELD_KINDS[parts[1]] if len(parts) > 1 and parts[1] else "text"
    return FormField(code=_code(parts[0]), label=parts[0], kind=kind,
                     required=len(parts) > 2 and parts[2] == "必填").model_dump()


def _attachment(parts: list[str]) -> dict:
    types = [t.strip().lower() for t in parts[1].split(",") if t.strip()] if len(parts) > 1 else ["pdf"]
    return Attachment(code=_code(parts[0]), label=parts[0], types=types,
                      max_mb=int(parts[2]) if len(parts) > 2 and parts[2] else 10,
                      required=len(parts) > 3 and parts[3] == "必填").model_dump()


def _criterion(parts: list[str]) -> dict:
    return Criterion(code=_code(parts[0]), label=parts[0], weight=float(Decimal(parts[1])),
                     max=float(Decimal(parts[2]))).model_dump()


def _tranche(parts: list[str]) -> dict:
    share = Decimal(parts[1].rstrip("%")) / 100
    signing = len(parts) > 2 and parts[2] == "签约即付"
    return Tranche(milestone=parts[0], share=float(share), on_signing=signing).model_dump()


def _tier(parts: list[str]) -> dict:
    tier = PrizeTier(name=parts[0][:30], count=int(parts[1]), amount=Decimal(parts[2]).quantize(Decimal("0.01")))
    return tier.model_dump(mode="json")


def _round(parts: list[str]) -> dict:
    judges = int(parts[1]) if len(parts) > 1 and parts[1] else 3
    advancing = int(parts[2]) if len(parts) > 2 and parts[2] else 0
    if not parts[0] or not 1 <= judges <= 15 or advancing < 0:
        raise ValueError(parts)
    return {"name": parts[0][:30], "judges": judges, "advancing": advancing}


def _track(parts: list[str]) -> str:
    return "|".join(parts)[:50]


class ProgramCommand(EligibilityCommand):
    """Set up or change a support program: plain fields, conditions, and the lists staff write one item a line
    (申报表字段, 附件要求, 评审细则, 分期拨付, 大赛轮次, 奖项设置, 赛道). `program` is the one being changed (its
    started rounds cannot change)."""

    PLAIN = ("name", "kind", "year", "department", "budget", "award_cap", "opens_on", "closes_on", "guide",
             "reviewers_per_application", "aggregation", "pass_score", "public_notice_days")
    LISTS = ("form_fields", "attachments", "rubric", "tranche_plan", "tracks", "prize_tiers")
    STORED = (*PLAIN, *LISTS, "eligibility")  # the program's fields this command sets

    name = forms.CharField(label=_("项目名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类别"), choices=KINDS)
    year = CountField(label=_("年度"), low=2000, high=2100)
    department = forms.CharField(label=_("主管部门"), max_length=100, required=False)
    budget = MoneyField(label=_("资金总额（万元）"))
    award_cap = MoneyField(label=_("单项上限（万元）"), required=False)
    opens_on = DayField(label=_("申报开始"))
    closes_on = DayField(label=_("申报截止"))
    guide = forms.CharField(label=_("申报指南"), required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 90}))
    form_fields = LinesField(label=_("申报表字段（每行：名称|单行/多行/数字/金额|必填/选填）"), item=_form_field,
                            rows=4)
    attachments = LinesField(label=_("附件要求（每行：名称|pdf,docx|大小上限 MB|必填/选填）"), item=_attachment)
    rubric = LinesField(label=_("评审细则（每行：评分项|权重|满分）"), item=_criterion, rows=4)
    reviewers_per_application = CountField(label=_("每份申报专家数"), low=1, high=15, default=3)
    aggregation = forms.ChoiceField(label=_("汇总方式"), choices=AGGREGATIONS, required=False)
    pass_score = MoneyField(label=_("支持的最低平均分"), required=False, max_value=Decimal(100))
    public_notice_days = CountField(label=_("公示期（天）"), low=0, high=60, default=5)
    tranche_plan = LinesField(label=_("分期拨付（每行：里程碑|比例%|签约即付，可省略）"), item=_tranche)
    rounds = LinesField(label=_("比赛轮次（每行：名称|每个项目评委数|晋级数；最后一轮不填晋级数）"), item=_round)
    prize_tiers = LinesField(label=_("奖项设置（每行：奖项|名额|每项奖金万元）"), item=_tier)
    tracks = LinesField(label=_("赛道/组别（每行一个，可不设）"), item=_track, rows=2)

    def __init__(self, *args, program: Program | None = None, **kwargs) -> None:
        self.program = program
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        data["department"] = data.get("department") or "区科技局"
        data["aggregation"] = data.get("aggregation") or "mean"
        if data.get("pass_score") is None:
            data["pass_score"] = Decimal(60)
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "申报截止不能早于申报开始")
        plan = data.get("tranche_plan")
        if plan and sum(Decimal(str(t["share"])) for t in plan) != 1:
            self.add_error("tranche_plan", "分期拨付比例合计应为 100%")
        if data.get("kind") == "competition":
            self._check_competition(data)
        return data

    def _check_competition(self, data: dict) -> None:
        rounds = data.get("rounds")
        if rounds is None:
            return
        if not rounds:
            self.add_error("rounds", "大赛至少设一轮比赛")
            return
        rounds[-1]["advancing"] = 0
        if any(r["advancing"] == 0 for r in rounds[:-1]):
            self.add_error("rounds", "除最后一轮外，每轮都要填写晋级数")
        program = self.program
        if program is not None and program.pk and program.rounds.exclude(status="pending").exists() and [
                (r.name, r.judges, r.advancing) for r in program.rounds.all()] != [
                (r["name"], r["judges"], r["advancing"]) for r in rounds]:
            self.add_error("rounds", "比赛已开始，轮次不能修改")
        tiers, budget = data.get("prize_tiers") or [], data.get("budget")
        cost = sum((Decimal(t["amount"]) * t["count"] for t in tiers), Decimal(0))
        if budget is not None and cost > budget:
            self.add_error("prize_tiers",
                           f"奖项合计 {cost.normalize():f} 万元，超过资金总额 {budget.normalize():f} 万元")

    @classmethod
    def initial_of(cls, program: Program) -> dict:
        """The program as the form shows it: its lists written back one item a line."""
        kinds = {v: k for k, v in FIELD_KINDS.items()}
        plain = {name: getattr(program, name) for name in cls.PLAIN}
        lists = {
            "form_fields": "\n".join(f"{f['label']}|{kinds.get(f.get('kind'), '单行')}|{_need(f)}"
                                     for f in program.form_fields),
            "attachments": "\n".join(f"{a['label']}|{','.join(a.get('types', []))}|{a.get('max_mb', 10)}|{_need(a)}"
                                     for a in program.attachments),
            "rubric": "\n".join(f"{c['label']}|{c['weight']:g}|{c['max']:g}" for c in program.rubric),
            "tranche_plan": "\n".join(f"{t['milestone']}|{Decimal(str(t['share'])) * 100:.0f}%"
                                      + ("|签约即付" if t.get("on_signing") else "") for t in program.tranche_plan),
            "tracks": "\n".join(program.tracks),
            "prize_tiers": "\n".join(f"{t['name']}|{t['count']}|{t['amount']}" for t in program.prize_tiers),
            "rounds": "\n".join(f"{r.name}|{r.judges}" + (f"|{r.advancing}" if r.advancing else "")
                                for r in program.rounds.all()) if program.pk else "",
        }
        return plain | lists | EligibilityCommand.initial_of(program.eligibility)


def _need(item: dict) -> str:
    return "必填" if item.get("required") else "选填"


class AnswersCommand(forms.Form):
    """An applicant's draft: the project's name, the amount asked (within the program's cap) and the program's own
    fields, each checked by its kind (`schemas.FormField`)."""

    project_title = forms.CharField(label=_("项目名称"), max_length=200, widget=forms.TextInput(attrs={"size": 40}))
    requested = MoneyField(label=_("申请金额（万元）"), required=False)

    def __init__(self, *args, program: Program, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        if program.award_cap is not None:
            self.fields["requested"].help_text = f"上限 {program.award_cap} 万元"
        for spec in program.form_fields:
            self.fields[f"field:{spec['code']}"] = _answer_field(spec)

    def clean(self) -> dict:
        data = super().clean()
        data["requested"] = data.get("requested") or Decimal(0)
        cap = self.program.award_cap
        if cap is not None and data["requested"] > cap:
            self.add_error("requested", f"申请金额不能超过单项支持上限 {cap} 万元")
        data["answers"] = {s["code"]: data[f"field:{s['code']}"] for s in self.program.form_fields
                           if data.get(f"field:{s['code']}")}
        return data

    @staticmethod
    def initial_of(application) -> dict:
        """A stored draft as the form shows it."""
        answers = {f"field:{code}": value for code, value in application.answers.items()}
        return {"project_title": application.project_title, "requested": application.requested} | answers


def _answer_field(spec: dict) -> forms.Field:
    """One of the program's own fields: a line or a text box; numbers and amounts must read as numbers."""
    label, required = spec["label"], spec.get("required", False)
    widget = (forms.Textarea(attrs={"rows": 4, "cols": 70}) if spec.get("kind") == "textarea"
              else forms.TextInput(attrs={"size": 40}))
    field = forms.CharField(label=label, required=required, max_length=5000, widget=widget)
    if spec.get("kind") in ("number", "money"):
        field.validators.append(_numeric)
    return field


def _numeric(text: str) -> None:
    try:
        Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise forms.ValidationError(gettext("应为数字")) from None


def _text(label: str, limit: int | None = None, required: bool = True, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=limit, required=required, error_messages={
        "required": f"请填写{label}", "max_length": f"{label}不能超过 {limit} 字"}, **kwargs)


class EntryCommand(forms.Form):
    """One competition entry, from the registration form or one row of an imported entry list: the team and its
    project; the 赛道 among the program's; the enterprise, when a 统一社会信用代码 is given, must be in the registry."""

    project = _text("项目名称", 200)
    team = _text("团队名称", 200)
    leader = _text("负责人", 50)
    phone = _text("联系电话", 20, required=False)
    organisation = _text("所在单位", 200, required=False)
    members = _text("团队成员", required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60}))
    track = _text("赛道", 50, required=False)
    summary = _text("项目简介", required=False, widget=forms.Textarea(attrs={"rows": 4, "cols": 60}))
    credit_code = _text("统一社会信用代码", 30, required=False)

    def __init__(self, *args, program: Program, **kwargs) -> None:
        self.program = program
        super().__init__(*args, **kwargs)
        if program.tracks:
            self.fields["track"].widget = forms.Select(choices=[(t, t) for t in program.tracks])

    def clean_track(self) -> str:
        track = self.cleaned_data["track"]
        if self.program.tracks and track not in self.program.tracks:
            raise forms.ValidationError(gettext("赛道应为：{tracks}")
                    .format(tracks='、'.join(self.program.tracks)))
        return track

    def clean_credit_code(self):
        """The enterprise the code names (None when no code is given)."""
        code = normalise(self.cleaned_data["credit_code"])
        if not code:
            return None
        why = credit_code_problem(code)
        if why:
            raise forms.ValidationError(why)
        enterprise = Enterprise.objects.filter(credit_code=code).first()
        if enterprise is None:
            raise forms.ValidationError(gettext("企业库中没有统一社会信用代码为 {code} 的企业：请先登记企业，或留空")
                    .format(code=code))
        return enterprise

    def clean(self) -> dict:
        data = super().clean()
        data["enterprise"] = data.pop("credit_code", None)
        return data


class ScoresCommand(forms.Form):
    """One reviewer's (or judge's) scores: each rubric line from 0 to its top score, and the written opinion."""

    comment = forms.CharField(label=_("评审意见"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
                              error_messages={"required": _("请填写评审意见")})

    def __init__(self, *args, rubric: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        for criterion in rubric:
            top = Decimal(str(criterion["max"]))
            between = f"应在 0–{criterion['max']:g} 分之间"
            self.fields[criterion["code"]] = NumberField(
                label=criterion["label"], max_value=top,
                error_messages={"required": _("请打分"), "invalid": _("应为数字"), "min_value": between,
                                "max_value": between})
        self.order_fields([c["code"] for c in rubric] + ["comment"])

    def clean(self) -> dict:
        data = super().clean()
        data["scores"] = {c["code"]: str(data[c["code"]]) for c in self.rubric if data.get(c["code"]) is not None}
        return data


class StartCommand(forms.Form):
    """An enterprise starts its application to a program: the project's name, which the whole review cites."""

    project_title = forms.CharField(label=_("项目名称"), max_length=200,
                                    error_messages={"required": _("请填写项目名称")})


class AttachCommand(forms.Form):
    """One file for one of the program's attachment kinds (the kind's size and type limits are `uploads.check`'s)."""

    code = forms.ChoiceField(label=_("附件类别"), error_messages={"required": _("请选择附件类别"),
                                                              "invalid_choice": _("没有这一类附件")})
    file = forms.FileField(label=_("文件"), error_messages={"required": _("请选择文件"), "empty": _("文件是空的")})

    def __init__(self, *args, program: Program, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(a["code"], a["label"]) for a in program.attachments]


class PerformanceCommand(forms.Form):
    """绩效评价 of an award: a 0–100 score and the opinion behind it."""

    score = NumberField(label=_("绩效得分"), max_value=Decimal(100), decimal_places=2, error_messages={
        "required": _("绩效得分应为 0–100 的数字"), "invalid": _("绩效得分应为 0–100 的数字"),
        "min_value": _("绩效得分应为 0–100 的数字"), "max_value": _("绩效得分应为 0–100 的数字")})
    comment = forms.CharField(label=_("绩效评价意见"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
                              error_messages={"required": _("请填写绩效评价意见")})


class ObjectionCommand(forms.Form):
    """A 异议: what is disputed and why, in the enterprise's words."""

    text = forms.CharField(label=_("异议内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
                           error_messages={"required": _("请填写异议内容")})


class AnswerCommand(forms.Form):
    """Staff's answer to a 异议, and for a 公示 objection whether it is upheld (upheld holds the award)."""

    answer = forms.CharField(label=_("答复"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
                             error_messages={"required": _("请填写答复")})
    upheld = forms.TypedChoiceField(label=_("异议是否成立"), choices=(("0", "不成立"), ("1", "成立")),
                                    coerce=lambda v: v == "1", empty_value=False, required=False)
