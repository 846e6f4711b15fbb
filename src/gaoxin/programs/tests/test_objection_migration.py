"""The two 异议 models became one: migrating copies every 公示 appeal and every 政策匹配 objection, times and
answers included, and migrating back restores them."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The registry as it was then too: its later fields (曾用名 …) have no database default for old states to fill.
BEFORE = [("programs", "0009_glossary_names"), ("benefits", "0006_glossary_names"),
          ("registry", "0009_audit_any_record")]
AFTER = [("programs", "0010_one_objection"), ("benefits", "0007_one_objection")]
FILED = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_appeals_and_objections_are_merged_into_one_objection_and_back():
    old = _migrate(BEFORE)
    park = old.get_model("registry", "Park").objects.create(name="一园")
    enterprise = old.get_model("registry", "Enterprise").objects.create(
        credit_code="91320100MA1X8X8X8X", name="甲科技有限公司", park=park, founded_on=dt.date(2020, 1, 1))
    program = old.get_model("programs", "Program").objects.create(
        name="种子资金", kind="seed_fund", year=2026, budget=10, opens_on=dt.date(2026, 1, 1),
        closes_on=dt.date(2026, 2, 1))
    application = old.get_model("programs", "Application").objects.create(program=program, enterprise=enterprise,
                                                                          project_title="中试")
    appeal = old.get_model("programs", "Appeal").objects.create(application=application, text="评分有误",
                                                                answer="维持", upheld=False, answered_at=FILED)
    old.get_model("programs", "Appeal").objects.filter(pk=appeal.pk).update(filed_at=FILED)
    old.get_model("benefits", "Objection").objects.create(enterprise=enterprise, benefit="zone_rd_subsidy",
                                                          text="研发费用应为 650 万元")
    new = _migrate(AFTER)
    rows = {o.about: o for o in new.get_model("programs", "Objection").objects.all()}
    notice, match = rows["public_notice"], rows["benefit_match"]
    assert (notice.application_id, notice.enterprise_id, notice.text, notice.upheld, notice.status) == (
        application.pk, enterprise.pk, "评分有误", False, "answered")
    assert notice.raised_at == FILED and notice.answered_at == FILED
    assert (match.benefit, match.text, match.status, match.application_id) == (
        "zone_rd_subsidy", "研发费用应为 650 万元", "open", None)
    back = _migrate(BEFORE)
    assert back.get_model("programs", "Appeal").objects.get().filed_at == FILED
    assert back.get_model("benefits", "Objection").objects.get().benefit == "zone_rd_subsidy"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # every app back at its latest for the tests after
