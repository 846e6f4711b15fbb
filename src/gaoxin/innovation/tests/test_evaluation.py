"""科技成果评价: experts drawn without conflicts, TRL claimed only with its evidence, weighted scores, the
conclusion's rules (lower-median TRL, mean total, level bands), the report opened and read, and the register."""

import io
import re
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from gaoxin.core.commands import Invalid
from gaoxin.innovation import services
from gaoxin.innovation.models import Achievement, AchievementEvaluation, ExpertReview
from gaoxin.innovation.scales import level_of, trl_level, weighted
from gaoxin.programs.models import Reviewer
from gaoxin.workflow.machine import IllegalTransition, history
from gaoxin.workflow.models import Task


def form(**values) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data.setlist(key, value) if isinstance(value, list) else data.__setitem__(key, value)
    return data


SCORES = {"technical": 80, "economic": 70, "innovation": 90, "advancement": 85, "maturity": 60, "prospects": 75}


def assessment(trl: int, score_shift: int = 0, evidence: list[str] | None = None) -> QueryDict:
    level = trl_level(trl)
    return form(trl=str(trl), evidence=level["evidence"] if evidence is None else evidence,
                **{f"score:{k}": str(v + score_shift) for k, v in SCORES.items()})


@pytest.fixture
def world(make_user):
    staff = make_user("staff", "zone_staff")
    experts = [Reviewer.objects.create(user=make_user(f"e{n}", "reviewer"), name=f"专家{n}", affiliation=org)
               for n, org in enumerate(["青江大学", "青江研究院", "青江检测中心", "青江创投"])]
    achievement = services.register(form(title="柔性触觉传感器", kind="development", owner="青江大学",
                                         owner_kind="university", field="智能传感"), staff)
    return {"staff": staff, "experts": experts, "a": achievement}


def drawn(world, experts: int = 3):
    evaluation = services.request(world["a"], world["staff"], experts)
    return services.draw(evaluation, world["staff"], seed=11)


def test_experts_are_drawn_without_the_owners_own_people(world):
    evaluation = drawn(world)
    chosen = set(evaluation.reviews.values_list("reviewer__name", flat=True))
    assert chosen == {"专家1", "专家2", "专家3"}  # 专家0 works at 青江大学, the owner
    assert evaluation.draw_log[0]["excluded"] == {str(world["experts"][0].pk): ["工作单位即申报单位"]}
    assert Task.objects.filter(user=world["experts"][1].user, done_at=None).count() == 1
    with pytest.raises(services.EvaluationError, match="已有进行中的评价"):
        services.request(world["a"], world["staff"])


def test_a_trl_needs_every_evidence_item_of_its_level(world):
    item = drawn(world).reviews.first()
    with pytest.raises(Invalid, match="已核实证据：TRL 6（原型演示）须核实的证据未勾选：第三方测试报告"):
        services.submit(item, assessment(6, evidence=["演示样机"]), "良好")
    with pytest.raises(Invalid, match="成熟度：应为 0–100 的分数"):
        services.submit(item, assessment(6) | {"score:maturity": "120"}, "良好")
    done = services.submit(item, assessment(6), "样机已通过第三方测试")
    assert done.trl == 6 and done.total == weighted("development", {k: Decimal(v) for k, v in SCORES.items()})
    assert done.total == Decimal("77.00")  # (80×15 + 70×20 + 90×20 + 85×15 + 60×15 + 75×15) / 100
    with pytest.raises(services.EvaluationError, match="不能修改"):
        services.submit(item, assessment(7), "改")


@pytest.mark.parametrize(("total", "level"), [("89.99", "国际先进"), ("90", "国际领先"), ("69.99", "国内先进"),
                                              ("70", "国内领先"), ("59.99", "国内一般"), ("60", "国内先进")])
def test_level_bands_at_their_edges(total, level):
    assert level_of(Decimal(total)) == level


def test_the_conclusion_takes_the_lower_median_trl_and_the_mean_total(world):
    evaluation = drawn(world)
    items = list(evaluation.reviews.order_by("pk"))
    services.submit(items[0], assessment(5), "一")
    with pytest.raises(services.EvaluationError, match="还有 2 位专家未提交"):
        services.conclude(evaluation, world["staff"])
    services.submit(items[1], assessment(7, score_shift=10), "二")
    services.submit(items[2], assessment(6, score_shift=-30), "三")
    evaluation = services.conclude(evaluation, world["staff"])
    assert evaluation.trl == 6
    assert evaluation.total == Decimal("70.33")  # (77 + 87 + 47) / 3
    assert evaluation.level == "国内领先"
    assert "专家评分差异较大（最高 87.00、最低 47.00）" in evaluation.conclusion
    stored = AchievementEvaluation.objects.get(pk=evaluation.pk)
    assert (stored.status, stored.total, stored.trl, stored.conclusion) == ("concluded", Decimal("70.33"), 6,
                                                                            evaluation.conclusion)
    assert [(t.action, t.to_state) for t in history(stored)] == [("draw", "evaluating"), ("conclude", "concluded")]
    with pytest.raises(IllegalTransition):
        services.conclude(stored, world["staff"])


def test_a_basic_research_achievement_has_no_trl(world):
    basic = services.register(form(title="新型拓扑材料理论", kind="basic", owner="青江研究院",
                                   owner_kind="institute"), world["staff"])
    evaluation = services.draw(services.request(basic, world["staff"], 1), world["staff"], seed=3)
    item = evaluation.reviews.get()
    services.submit(item, form(**{"score:scientific": "95", "score:innovation": "90", "score:advancement": "90",
                                  "score:social": "70"}), "原创性强")
    evaluation = services.conclude(evaluation, world["staff"])
    assert evaluation.trl is None and evaluation.level == "国际领先" and "TRL" not in evaluation.conclusion


def test_the_report_opens_and_says_what_was_concluded(client, world, make_user, make_enterprise):
    evaluation = drawn(world, experts=2)
    for n, item in enumerate(evaluation.reviews.order_by("pk")):
        services.submit(item, assessment(6 + n), f"意见{n}")
    evaluation = services.conclude(evaluation, world["staff"])
    client.force_login(world["staff"])
    docx = client.get(reverse("innovation:report", args=[evaluation.pk, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    tables = " ".join(c.text for t in Document(io.BytesIO(docx.content)).tables for r in t.rows for c in r.cells)
    assert "科技成果评价报告：柔性触觉传感器" in text and "TRL 6：原型演示" in text and "专家一：意见0" in text
    assert "成熟度" in tables and "青江大学（高校）" in tables
    pdf = client.get(reverse("innovation:report", args=[evaluation.pk, "pdf"]))
    content = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "科技成果评价报告" in content and "TRL 6" in content
    client.force_login(make_user("outsider", "enterprise_user", enterprise=make_enterprise("外部公司")))
    assert client.get(reverse("innovation:report", args=[evaluation.pk, "pdf"])).status_code == 404


def test_experts_are_blind_until_they_submit_and_the_register_exports(client, world):
    evaluation = drawn(world)
    mine, other, _ = evaluation.reviews.order_by("pk")
    services.submit(other, assessment(6), "对方的意见")
    client.force_login(mine.reviewer.user)
    listing = client.get(reverse("portal:reviews")).content.decode()
    title = re.search(r"<title>(.*?)</title>", listing, re.S).group(1)
    assert "我的评审任务" in title and "<" not in title  # the achievements' table is on the page, not in the tab
    assert 'id="achievement-reviews"' in listing.split("</title>")[1]
    url = reverse("innovation:review", args=[mine.pk])
    assert "对方的意见" not in client.get(url).content.decode()
    assert client.get(reverse("innovation:review", args=[other.pk])).status_code == 404
    client.post(url, assessment(6) | {"comment": "我的意见"})
    assert ExpertReview.objects.get(pk=mine.pk).submitted_at is not None
    assert "对方的意见" in client.get(url).content.decode()
    client.force_login(world["staff"])
    client.post(reverse("innovation:transfer", args=[world["a"].pk]),
                {"transfer": "licensed", "transfer_amount": "120", "transfer_on": "2026-06-01"})
    book = load_workbook(io.BytesIO(client.get(reverse("innovation:achievements") + "?export=xlsx").content))
    row = [c.value for c in book["科技成果登记册"][2]]
    assert row[0] == "柔性触觉传感器" and row[7] == "未评价" and row[8:10] == ["许可", 120]


def test_only_staff_change_an_achievement_and_its_moves_take_typed_input(client, world, make_user, make_enterprise):
    """转化 and 发起评价 post to their own URLs: bad numbers are refused naming the field; an enterprise user who
    may read the achievement may not change it (403); one who may not read it finds nothing (404)."""
    a, staff = world["a"], world["staff"]
    client.force_login(staff)
    transfer, request = (reverse(f"innovation:{name}", args=[a.pk]) for name in ("transfer", "request_evaluation"))
    page = client.post(transfer, {"transfer": "licensed", "transfer_amount": "一百"}, follow=True).content.decode()
    assert "转化金额（万元）：应为数字（万元）" in page
    assert "专家人数：" in client.post(request, {"experts": "12"}, follow=True).content.decode()
    client.post(request, {"experts": "2"})
    evaluation = a.evaluations.get()
    page = client.get(reverse("innovation:achievement", args=[a.pk])).content.decode()
    assert 'data-move="draw"' in page and 'name="draw-seed"' in page
    client.post(reverse("workflow:move", args=["achievement_evaluation", evaluation.pk, "draw"]), {"draw-seed": "7"})
    assert AchievementEvaluation.objects.get(pk=evaluation.pk).seed == 7
    owner = make_enterprise("青江传感有限公司")
    Achievement.objects.filter(pk=a.pk).update(enterprise=owner)
    client.force_login(make_user("owner", "enterprise_user", enterprise=owner))
    assert [client.post(url, {"experts": "2"}).status_code for url in (transfer, request)] == [403, 403]
    client.force_login(make_user("outsider", "enterprise_user", enterprise=make_enterprise("别家公司")))
    assert [client.post(url, {"experts": "2"}).status_code for url in (transfer, request)] == [404, 404]
    assert Achievement.objects.get(pk=a.pk).transfer == "none"


def test_an_achievement_is_registered_from_one_typed_input(client, world):
    client.force_login(world["staff"])
    page = client.post(reverse("innovation:achievement_new"), {"title": "", "kind": "magic", "owner": "青江大学",
                                                                "owner_kind": "university"}, follow=True)
    text = page.content.decode()
    assert "成果名称：" in text and "成果类型：" in text and Achievement.objects.count() == 1  # the world's own
    with pytest.raises(services.EvaluationError, match="企业库中没有统一社会信用代码为"):
        services.register(form(title="新成果", kind="applied", owner="青江大学", owner_kind="university",
                               credit_code="91320500MA1XXXXX0X"), world["staff"])
