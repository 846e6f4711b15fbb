"""Program set-up from a staff form: plain fields plus short line-based lists, parsed into the program's data.

Staff write lists the way they would in a notice, one item per line, parts separated by "|":
- 申报表字段：  项目简介|多行|必填         (类型：单行 / 多行 / 数字 / 金额)
- 附件要求：    商业计划书|pdf,docx|10|必填  (类型、大小上限 MB)
- 评审细则：    技术创新性|40|10            (权重、满分)
- 分期拨付：    签订协议|50%|签约即付        (比例合计 100%)
- 大赛轮次：    初赛|3|20                   (每个项目的评委数、晋级数；最后一轮不填晋级数)
- 奖项设置：    一等奖|1|20                 (名额、每项奖金万元；合计不超过资金总额)
- 赛道：        one per line
Eligibility is chosen from the titles and policies the platform knows, plus 成立年限 and 上年营业收入 limits,
which become engine clauses.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from pypinyin import lazy_pinyin

from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.programs.models import AGGREGATIONS, KINDS, Program, Round

FIELD_KINDS = {"单行": "text", "多行": "textarea", "数字": "number", "金额": "money"}


class SetupError(ValueError):
    """Every problem of the form, in words."""


def apply_form(program: Program, data) -> Program:
    problems: list[str] = []
    program.name = _required(data, "name", "项目名称", problems)[:200]
    program.kind = data.get("kind") if data.get("kind") in dict(KINDS) else _fail(problems, "请选择类别")
    program.year = _int(data.get("year"), "年度", problems, 2000, 2100)
    program.department = (data.get("department") or "区科技局").strip()[:100]
    program.guide = (data.get("guide") or "").strip()
    program.budget = _money(data.get("budget"), "资金总额", problems, required=True)
    program.award_cap = _money(data.get("award_cap"), "单项支持上限", problems)
    program.opens_on = _date(data.get("opens_on"), "申报开始", problems)
    program.closes_on = _date(data.get("closes_on"), "申报截止", problems)
    if program.opens_on and program.closes_on and program.closes_on < program.opens_on:
        problems.append("申报截止不能早于申报开始")
    program.pass_score = _money(data.get("pass_score") or "60", "支持的最低平均分", problems)
    program.publicity_days = _int(data.get("publicity_days") or "5", "公示期", problems, 0, 60)
    program.reviewers_per_application = _int(data.get("reviewers_per_application") or "3", "专家数", problems, 1, 15)
    program.aggregation = data.get("aggregation") if data.get("aggregation") in dict(AGGREGATIONS) else "mean"
    program.eligibility = eligibility_from_form(data, problems)
    program.form_fields = _lines(data.get("form_fields"), "申报表字段", _form_field, problems)
    program.attachments = _lines(data.get("attachments"), "附件要求", _attachment, problems)
    program.rubric = _lines(data.get("rubric"), "评审细则", _criterion, problems)
    program.tranche_plan = _lines(data.get("tranche_plan"), "分期拨付", _tranche, problems)
    if program.tranche_plan and sum(Decimal(str(t["share"])) for t in program.tranche_plan) != 1:
        problems.append("分期拨付比例合计应为 100%")
    program.tracks = [t.strip()[:50] for t in (data.get("tracks") or "").splitlines() if t.strip()]
    program.prize_tiers = _lines(data.get("prize_tiers"), "奖项设置", _tier, problems)
    rounds = _lines(data.get("rounds"), "大赛轮次", _round, problems)
    if program.kind == "competition":
        _check_competition(program, rounds, problems)
    if problems:
        raise SetupError("；".join(problems))
    with transaction.atomic():
        program.save()
        if program.kind == "competition" and not program.rounds.exclude(status="pending").exists():
            program.rounds.all().delete()
            Round.objects.bulk_create(Round(program=program, seq=i, **r) for i, r in enumerate(rounds, start=1))
    return program


def _check_competition(program: Program, rounds: list[dict], problems: list[str]) -> None:
    if not rounds:
        problems.append("大赛至少设一轮比赛")
    if rounds:
        rounds[-1]["advancing"] = 0
    if any(r["advancing"] == 0 for r in rounds[:-1]):
        problems.append("除最后一轮外，每轮都要填写晋级数")
    if program.pk and program.rounds.exclude(status="pending").exists() and [
            (r.name, r.judges, r.advancing) for r in program.rounds.all()] != [
            (r["name"], r["judges"], r["advancing"]) for r in rounds]:
        problems.append("比赛已开始，轮次不能修改")
    cost = sum((Decimal(str(t["amount"])) * t["count"] for t in program.prize_tiers), Decimal(0))
    if program.budget is not None and cost > program.budget:
        problems.append(f"奖项合计 {cost.normalize():f} 万元，超过资金总额 {program.budget.normalize():f} 万元")


def as_form(program: Program) -> dict:
    """The program's lists written back as the form shows them (so editing starts from what is stored)."""
    kinds = {v: k for k, v in FIELD_KINDS.items()}
    clauses = {c["id"]: c for c in program.eligibility.get("clauses", [])}
    return {
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
        "max_years": round(clauses["program.age"]["test"]["days"] / 365.25) if "program.age" in clauses else "",
        "min_revenue": clauses["program.revenue"]["test"]["threshold"] if "program.revenue" in clauses else "",
    }


def _need(item: dict) -> str:
    return "必填" if item.get("required") else "选填"


def _fail(problems: list[str], message: str):
    problems.append(message)
    return ""


def _required(data, key: str, label: str, problems: list[str]) -> str:
    value = (data.get(key) or "").strip()
    return value or _fail(problems, f"请填写{label}")


def _int(raw, label: str, problems: list[str], low: int, high: int) -> int:
    text = (raw or "").strip()
    if not text.isdigit() or not low <= int(text) <= high:
        problems.append(f"{label}应为 {low}–{high} 之间的整数")
        return low
    return int(text)


def _money(raw, label: str, problems: list[str], required: bool = False) -> Decimal | None:
    text = (raw or "").strip().replace(",", "")
    if not text:
        if required:
            problems.append(f"请填写{label}")
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        problems.append(f"{label}应为数字")
        return None
    if value < 0:
        problems.append(f"{label}不能为负数")
    return value.quantize(Decimal("0.01"))


def _date(raw, label: str, problems: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat((raw or "").strip())
    except ValueError:
        problems.append(f"{label}应为日期（如 2026-04-01）")
        return None


def eligibility_from_form(data, problems: list[str], article: str = "申报指南") -> dict:
    """Conditions from a form: titles held, verdicts, and 成立年限 / 上年营业收入 limits as engine clauses (shared by
    programs and loan products)."""
    titles = [t for t in data.getlist("titles") if t in TITLE_BY_CODE]
    policies = [p for p in data.getlist("policies") if p in TITLE_BY_CODE]
    clauses = []
    years = (data.get("max_years") or "").strip()
    if years:
        n = _int(years, "成立年限", problems, 1, 50)
        clauses.append({"id": "program.age", "label": f"成立不超过 {n} 年", "article": article,
                        "test": {"kind": "age", "op": "<=", "days": round(n * 365.25)}})
    least = (data.get("min_years") or "").strip()
    if least:
        n = _int(least, "最短成立年限", problems, 1, 50)
        clauses.append({"id": "program.age_min", "label": f"成立满 {n} 年", "article": article,
                        "test": {"kind": "age", "op": ">=", "days": round(n * 365.25)}})
    revenue = _money(data.get("min_revenue"), "上年营业收入下限", problems)
    if revenue is not None:
        clauses.append({"id": "program.revenue", "label": f"上年营业收入不低于 {revenue.normalize():f} 万元",
                        "article": article, "test": {"kind": "compare", "value": {"input": "revenue", "year": -1,
                                                                                      "unit": "万元"},
                                                       "op": ">=", "threshold": float(revenue)}})
    return {k: v for k, v in (("titles", titles), ("policies", policies), ("clauses", clauses)) if v}


def _lines(raw, label: str, parse, problems: list[str]) -> list[dict]:
    out = []
    for number, line in enumerate((raw or "").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append(parse([p.strip() for p in line.split("|")]))
        except (ValueError, IndexError, InvalidOperation):
            problems.append(f"{label}第 {number} 行“{line.strip()}”格式不对")
    return out


def _code(label: str) -> str:
    """A stable code from a Chinese label (pinyin), for the answers and files stored under it."""
    return "_".join(lazy_pinyin(label))[:40] or "item"


def _form_field(parts: list[str]) -> dict:
    kind = FIELD_KINDS[parts[1]] if len(parts) > 1 and parts[1] else "text"
    return {"code": _code(parts[0]), "label": parts[0], "kind": kind,
            "required": len(parts) > 2 and parts[2] == "必填"}


def _attachment(parts: list[str]) -> dict:
    types = [t.strip().lower() for t in parts[1].split(",") if t.strip()] if len(parts) > 1 else ["pdf"]
    if not set(types) <= {"pdf", "docx", "xlsx", "jpg", "png"}:
        raise ValueError(types)
    return {"code": _code(parts[0]), "label": parts[0], "types": types,
            "max_mb": int(parts[2]) if len(parts) > 2 and parts[2] else 10,
            "required": len(parts) > 3 and parts[3] == "必填"}


def _criterion(parts: list[str]) -> dict:
    return {"code": _code(parts[0]), "label": parts[0], "weight": float(Decimal(parts[1])),
            "max": float(Decimal(parts[2]))}


def _tranche(parts: list[str]) -> dict:
    share = Decimal(parts[1].rstrip("%")) / 100
    if not 0 < share <= 1:
        raise ValueError(share)
    return {"milestone": parts[0], "share": float(share), "on_signing": len(parts) > 2 and parts[2] == "签约即付"}


def _tier(parts: list[str]) -> dict:
    count, amount = int(parts[1]), Decimal(parts[2])
    if count < 1 or amount < 0:
        raise ValueError(parts)
    return {"name": parts[0][:30], "count": count, "amount": f"{amount.quantize(Decimal('0.01'))}"}


def _round(parts: list[str]) -> dict:
    judges = int(parts[1]) if len(parts) > 1 and parts[1] else 3
    advancing = int(parts[2]) if len(parts) > 2 and parts[2] else 0
    if not parts[0] or not 1 <= judges <= 15 or advancing < 0:
        raise ValueError(parts)
    return {"name": parts[0][:30], "judges": judges, "advancing": advancing}
