"""Stored verdicts: computed for the zone by a background job with progress, marked stale by data changes and
refreshed, recomputed when the packs change, and readable through the JSON API only where the user may read."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from gaoxin.cultivation.models import Evaluation
from gaoxin.cultivation.services import evaluate_enterprises
from gaoxin.cultivation.tests.test_ladder import make_candidate
from gaoxin.engine.run import packs_in_force
from gaoxin.jobs.models import Job
from gaoxin.jobs.services import drain, enqueue
from gaoxin.registry.models import AnnualFigures

YEAR = dt.date.today().year


@pytest.fixture
def zone(make_enterprise, parks):
    first = make_candidate(make_enterprise)
    second = make_candidate(make_enterprise, tech_staff=5)
    empty = make_enterprise("无数据企业有限公司", park=parks[1])
    return first, second, empty


def policies_in_force() -> int:
    return len(packs_in_force(dt.date(YEAR, 7, 1)))


def test_a_zone_job_stores_every_policy_for_every_enterprise_and_reports_progress(zone, staff, client):
    assert Job.objects.filter(kind="evaluate", params__stale_only=True).count() == 1  # queued by the fixture's saves
    Job.objects.all().delete()
    client.force_login(staff)
    response = client.post(reverse("cultivation:recompute"), {"year": YEAR})
    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk]) and job.status == "queued"
    assert drain() == 1
    job.refresh_from_db()
    assert (job.status, job.progress) == ("done", 100) and "写入" in job.message
    assert Evaluation.objects.filter(assessment_year=YEAR).count() == 3 * policies_in_force()
    empty = zone[2]
    assert set(Evaluation.objects.filter(enterprise=empty).values_list("verdict", flat=True)) <= {
        "insufficient_data", "not_qualified"}
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'data-status="done"' in page and "100%" in page


def test_saving_figures_marks_verdicts_stale_and_one_queued_job_refreshes_them(zone):
    first, second, _ = zone
    evaluate_enterprises(YEAR)
    Job.objects.all().delete()
    figures = AnnualFigures.objects.get(enterprise=first)
    figures.rd_expense = Decimal(300)  # 10% of revenue: the 科小 score rises
    figures.save()
    figures.save()
    assert Evaluation.objects.filter(enterprise=first, stale=True).exists()
    assert not Evaluation.objects.filter(enterprise=second, stale=True).exists()
    assert Job.objects.filter(kind="evaluate", status="queued").count() == 1
    before = Evaluation.objects.get(enterprise=first, policy="tech_sme").score_min
    drain()
    after = Evaluation.objects.get(enterprise=first, policy="tech_sme")
    assert not after.stale and after.score_min > before


def test_a_failed_job_keeps_its_reason_and_writes_nothing(zone, monkeypatch):
    from gaoxin.cultivation import services

    def broken(*args, **kwargs):
        raise RuntimeError("数据库连接中断")

    monkeypatch.setattr(services, "evaluate_inputs", broken)
    job = enqueue("evaluate", {"year": YEAR})
    for _ in range(job.max_attempts):  # retried after a wait each time, then given up
        Job.objects.filter(pk=job.pk).update(run_after=None)
        drain()
    job.refresh_from_db()
    assert job.status == "failed" and job.message == "已尝试 3 次仍失败：数据库连接中断"
    assert not Evaluation.objects.exists()


def test_ladder_recomputes_rows_made_under_other_packs(zone):
    first = zone[0]
    evaluate_enterprises(YEAR, [first.pk])
    Evaluation.objects.filter(enterprise=first).update(pack_fingerprint="old-packs")
    from gaoxin.cultivation.selectors import ladder

    results = ladder(first, YEAR)
    assert [r["policy"] for r in results][:2] == ["tech_sme", "high_tech"]
    assert not Evaluation.objects.filter(enterprise=first, pack_fingerprint="old-packs").exists()


def test_an_import_marks_its_enterprises_stale(zone, staff, django_capture_on_commit_callbacks):
    from gaoxin.conftest import xlsx_bytes
    from gaoxin.registry.importer import import_file

    first = zone[0]
    evaluate_enterprises(YEAR)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = import_file(xlsx_bytes(["统一社会信用代码", "年度", "职工总数"], [[first.credit_code, YEAR - 1, 51]]),
                              "update.xlsx", user=staff)
    assert outcome.ok
    assert Evaluation.objects.filter(enterprise=first, stale=True).count() == policies_in_force()


# ---------------------------------------------------------------- API


def test_api_gives_the_contract_shape_for_one_enterprise(zone, staff, client):
    client.force_login(staff)
    first = zone[0]
    data = client.get(reverse("api:ladder", args=[first.credit_code]), {"year": YEAR}).json()
    assert data["credit_code"] == first.credit_code and data["assessment_year"] == YEAR
    result = data["results"][0]
    assert set(result) >= {"credit_code", "name", "assessment_year", "policy", "policy_version", "verdict", "score",
                           "clauses"}
    assert result["clauses"][0]["label"] and "gap" in result["clauses"][0]


def test_api_lists_filter_and_paginate(zone, staff, client):
    evaluate_enterprises(YEAR)
    client.force_login(staff)
    url = reverse("api:evaluations")
    data = client.get(url, {"year": YEAR, "policy": "tech_sme"}).json()
    assert data["count"] == 3 and {r["policy"] for r in data["results"]} == {"tech_sme"}
    assert client.get(url, {"year": YEAR, "policy": "nonsense"}).status_code == 422
    assert client.get(url, {"year": "20x5"}).status_code == 422
    past_the_end = client.get(url, {"year": YEAR, "policy": "tech_sme", "page": 99}).json()
    assert past_the_end["results"] == [] and past_the_end["count"] == 3


def test_api_shows_each_user_only_what_they_may_read(zone, make_user, client, parks):
    first, second, empty = zone
    evaluate_enterprises(YEAR)
    url = reverse("api:evaluations")
    assert client.get(url).status_code == 401
    own = make_user("ent-user", "enterprise_user", enterprise=first)
    client.force_login(own)
    assert {r["credit_code"] for r in client.get(url, {"year": YEAR}).json()["results"]} == {first.credit_code}
    other = reverse("api:ladder", args=[second.credit_code])
    assert client.get(other, {"year": YEAR}).status_code == 404
    liaison = make_user("liaison", "park_liaison", park=parks[1])
    client.force_login(liaison)
    assert {r["credit_code"] for r in client.get(url, {"year": YEAR}).json()["results"]} == {empty.credit_code}


def test_only_staff_may_start_a_zone_evaluation(zone, make_user, client):
    client.force_login(make_user("ent-user", "enterprise_user", enterprise=zone[0]))
    assert client.post(reverse("cultivation:recompute"), {"year": YEAR}).status_code == 403
    assert not Job.objects.exclude(params__stale_only=True).exists()
