"""A JSON field's declared shape is checked on every save: a wrong shape fails with the field and the place named,
and nothing is stored."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from gaoxin.core.schemas import ShapeError
from gaoxin.programs.models import Program

DAY = dt.date(2026, 5, 1)


def program(**lists) -> Program:
    return Program(name="研发补助", kind="rd_subsidy", year=2026, budget=Decimal(100), opens_on=DAY, closes_on=DAY,
                   **lists)


def test_a_well_formed_configuration_is_stored_as_given(db):
    rubric = [{"code": "tech", "label": "技术", "weight": 60, "max": 10}]
    saved = program(rubric=rubric, eligibility={"titles": ["high_tech"]})
    saved.save()
    saved.refresh_from_db()
    assert saved.rubric == rubric and saved.eligibility == {"titles": ["high_tech"]}


@pytest.mark.parametrize("lists, place", [
    ({"rubric": [{"code": "tech", "label": "技术", "weight": 0, "max": 10}]},
     "评审细则（Program.rubric）格式不对：0.weight"),
    ({"rubric": [{"code": "tech", "label": "技术", "weight": 1, "max": 10, "wieght": 2}]}, "0.wieght"),
    ({"tranche_plan": [{"milestone": "签约", "share": 1.5}]}, "分期拨付（Program.tranche_plan）格式不对：0.share"),
    ({"attachments": [{"code": "plan", "label": "计划书", "types": ["exe"]}]}, "0.types.0"),
    ({"eligibility": {"titles": ["nobel_prize"]}}, "“nobel_prize”不是平台认识的称号或政策"),
    ({"eligibility": {"clauses": [{"id": "program.age", "label": "成立年限", "article": "指南",
                                   "test": {"kind": "age", "op": "<<", "days": 10}}]}},
     "申报条件（Program.eligibility）"),
])
def test_a_wrong_shape_is_refused_on_save_and_nothing_is_stored(db, lists, place):
    with pytest.raises(ShapeError, match=place), transaction.atomic():
        program(**lists).save()
    with pytest.raises(ShapeError), transaction.atomic():
        Program.objects.bulk_create([program(**lists)])
    assert not Program.objects.exists()


def test_full_clean_reports_the_shape_as_a_field_error(db):
    with pytest.raises(ValidationError) as caught:
        program(form_fields=[{"code": "x", "label": "简介", "kind": "essay"}]).full_clean()
    assert "form_fields" in caught.value.message_dict
