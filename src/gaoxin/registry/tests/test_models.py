import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gaoxin.registry.models import Enterprise, IntellectualProperty, TitleHeld
from gaoxin.registry.selectors import ip_counts


def test_model_validation_refuses_a_bad_credit_code(parks):
    enterprise = Enterprise(credit_code="91350100M000100Y44", name="甲")
    with pytest.raises(ValidationError, match="校验位错误"):
        enterprise.full_clean()


def test_ip_counts_follow_grant_expiry_class_and_main_product(make_enterprise):
    e = make_enterprise()
    add = IntellectualProperty.objects.create
    add(enterprise=e, kind="invention_patent", number="A", title="a", granted_on=dt.date(2023, 5, 1), high_value=True)
    add(enterprise=e, kind="invention_patent", number="B", title="b", granted_on=dt.date(2024, 5, 1),
        acquisition="transferred")
    add(enterprise=e, kind="utility_model", number="C", title="c", granted_on=dt.date(2020, 1, 1),
        expires_on=dt.date(2024, 6, 30))
    add(enterprise=e, kind="software_copyright", number="D", title="d", granted_on=dt.date(2022, 1, 1))
    add(enterprise=e, kind="design_patent", number="E", title="e", granted_on=dt.date(2022, 1, 1), main_product=False)
    assert ip_counts(e, 2023) == {"ip_class1": 1, "ip_class1_self": 1, "ip_class1_high_value": 1, "ip_class2": 2}
    assert ip_counts(e, 2024) == {"ip_class1": 2, "ip_class1_self": 1, "ip_class1_high_value": 1, "ip_class2": 1}


def test_title_validity_and_days_left(make_enterprise):
    title = TitleHeld(enterprise=make_enterprise(), title="high_tech", recognized_on=dt.date(2023, 12, 1),
                      valid_until=dt.date(2026, 11, 30))
    assert title.valid_on(dt.date(2026, 11, 30)) and not title.valid_on(dt.date(2026, 12, 1))
    assert title.days_left(dt.date(2026, 11, 25)) == 5
    assert title.rung == 2


def test_an_enterprise_with_history_cannot_be_deleted(make_enterprise):
    from django.db.models import ProtectedError

    from gaoxin.registry import audit

    e = make_enterprise()
    audit.entry(user=None, enterprise=e, subject="enterprise", label=e.name, action="create", changes={}).save()
    with pytest.raises(ProtectedError):
        e.delete()
