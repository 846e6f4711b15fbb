"""Expert review: conflicts excluded, a reproducible seeded draw that balances load, reviewers blind to each other
until they submit, and rankings under each aggregation with disagreement flags."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from gaoxin.programs.models import Application, Program, ReviewAssignment, Reviewer
from gaoxin.programs.review import conflicts, draw, ranking, submit_scores, weighted_total

TODAY = dt.date.today()
RUBRIC = [{"code": "tech", "label": "技术创新性", "weight": 60, "max": 10},
          {"code": "market", "label": "市场前景", "weight": 40, "max": 10}]


@pytest.fixture
def world(make_enterprise, make_user):
    program = Program.objects.create(name="孵化种子资金", kind="seed_fund", year=TODAY.year, budget=Decimal(61),
                                     opens_on=TODAY, closes_on=TODAY, rubric=RUBRIC, reviewers_per_application=2)
    applicants = [make_enterprise(f"申报企业{n}有限公司") for n in range(3)]
    applications = [Application.objects.create(program=program, enterprise=e, project_title=f"项目{n}",
                                               status="accepted") for n, e in enumerate(applicants)]
    reviewers = []
    for n, affiliation in enumerate(["青江大学", "青江研究院", "申报企业0有限公司", "青江投资", "青江大学"]):
        user = make_user(f"expert{n}", "reviewer")
        reviewers.append(Reviewer.objects.create(user=user, name=f"专家{n}", affiliation=affiliation))
    reviewers[3].declared.add(applicants[1])
    return {"program": program, "applications": applications, "reviewers": reviewers,
            "staff": make_user("staff", "zone_staff")}


def test_conflicts_name_their_reason(world):
    a0, a1, _ = world["applications"]
    assert conflicts(world["reviewers"][2], a0) == ["工作单位即申报单位"]
    assert conflicts(world["reviewers"][3], a1) == ["本人申报的回避关系"]
    assert conflicts(world["reviewers"][0], a0) == []


def test_the_draw_excludes_conflicts_balances_load_and_is_reproducible(world):
    record = draw(world["program"], world["staff"], seed=20251125)
    assigned = {(a.application_id, a.reviewer_id) for a in ReviewAssignment.objects.all()}
    a0, a1, a2 = world["applications"]
    assert (a0.pk, world["reviewers"][2].pk) not in assigned and (a1.pk, world["reviewers"][3].pk) not in assigned
    loads = [sum(1 for _, r in assigned if r == reviewer.pk) for reviewer in world["reviewers"]]
    assert sum(loads) == 6 and max(loads) - min(loads) <= 1  # 6 reviews over 5 experts
    assert {a.status for a in Application.objects.all()} == {"under_review"}
    assert record.log[1]["excluded"] == {str(world["reviewers"][3].pk): ["本人申报的回避关系"]}
    # the same seed over the same pool and applications draws the same experts
    ReviewAssignment.objects.all().delete()
    Application.objects.update(status="accepted")
    draw(world["program"], world["staff"], seed=20251125)
    assert {(a.application_id, a.reviewer_id) for a in ReviewAssignment.objects.all()} == assigned


def test_too_few_eligible_reviewers_draws_nobody(world):
    world["program"].reviewers_per_application = 5
    world["program"].save()
    with pytest.raises(ValueError, match="回避后专家不足：申报企业0有限公司《项目0》（可选专家 4 人，需要 5 人）"):
        draw(world["program"], world["staff"], seed=1)
    assert not ReviewAssignment.objects.exists()
    assert set(Application.objects.values_list("status", flat=True)) == {"accepted"}


def test_weighted_total_is_out_of_100():
    assert weighted_total(RUBRIC, {"tech": "8", "market": "5"}) == Decimal("68.00")
    assert weighted_total(RUBRIC, {"tech": "10", "market": "10"}) == Decimal("100.00")


def score(assignment, tech, market, comment="意见"):
    return submit_scores(assignment, {"tech": str(tech), "market": str(market)}, comment)


def test_reviewers_see_only_their_own_and_others_scores_after_submitting(client, world):
    draw(world["program"], world["staff"], seed=7)
    mine, theirs = ReviewAssignment.objects.filter(application=world["applications"][0])
    score(theirs, 9, 9, "技术领先")
    client.force_login(mine.reviewer.user)
    inbox = client.get(reverse("workflow:inbox")).content.decode()
    assert f"评审：{mine.application}" in inbox  # the draw put it on the reviewer's to-do list
    listing = client.get(reverse("portal:reviews")).content.decode()
    assert len(re.findall(r"/programs/reviews/\d+/", listing)) == mine.reviewer.assignments.count()
    page = client.get(reverse("programs:review", args=[mine.pk])).content.decode()
    assert "技术领先" not in page and 'data-submitted="no"' in page
    others = ReviewAssignment.objects.exclude(reviewer=mine.reviewer).first()
    assert client.get(reverse("programs:review", args=[others.pk])).status_code == 404
    page = client.post(reverse("programs:review", args=[mine.pk]), {"tech": "11", "market": "5", "comment": ""},
                       follow=True).content.decode()
    assert "技术创新性：应在 0–10 分之间" in page and "请填写评审意见" in page
    page = client.post(reverse("programs:review", args=[mine.pk]), {"tech": "7", "market": "6", "comment": "可行"},
                       follow=True).content.decode()
    assert "技术领先" in page and "66.00" in page
    from gaoxin.workflow.models import Task

    assert not Task.objects.filter(user=mine.reviewer.user, done_at=None, object_id=mine.pk).exists()
    with pytest.raises(ValueError, match="不能修改"):
        score(ReviewAssignment.objects.get(pk=mine.pk), 1, 1)


def test_rankings_by_mean_trimmed_and_zscore_with_disagreement_flags(world):
    program = world["program"]
    program.reviewers_per_application = 3
    program.save()
    draw(program, world["staff"], seed=3)
    marks = {0: [(9, 9), (8, 8), (2, 2)], 1: [(7, 7), (7, 7), (7, 7)], 2: [(5, 5), (6, 6), (4, 4)]}
    for n, application in enumerate(world["applications"]):
        for assignment, (tech, market) in zip(application.reviews.order_by("pk"), marks[n], strict=True):
            score(assignment, tech, market)
    means = {r.application.project_title: r for r in ranking(program)}
    assert [r.application.project_title for r in ranking(program)] == ["项目1", "项目0", "项目2"]  # 70, 63.3, 50
    assert means["项目0"].disagreement and not means["项目1"].disagreement  # 90 vs 20
    program.aggregation = "trimmed"
    program.save()
    assert [r.application.project_title for r in ranking(program)] == ["项目0", "项目1", "项目2"]  # 80, 70, 50
    program.aggregation = "zscore"
    program.save()
    ranked = ranking(program)
    assert all(r.complete for r in ranked) and ranked[-1].application.project_title == "项目2"


def test_staff_draw_from_the_page_and_the_seed_is_shown(client, world):
    client.force_login(world["staff"])
    page = client.post(reverse("programs:draw_reviewers", args=[world["program"].pk]), {"seed": "424242"},
                       follow=True).content.decode()
    assert "已抽取专家（随机种子 424242）" in page and 'id="ranking"' in page
    client.force_login(world["reviewers"][0].user)
    assert client.get(reverse("programs:program_review", args=[world["program"].pk])).status_code == 403
