"""The suite runs on the database it was asked for; PostgreSQL-only behaviour is tested there."""

import os
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from gaoxin.registry import services
from gaoxin.registry.models import AnnualFigures, AuditEntry, FiguresFiling
from gaoxin.workflow.machine import IllegalTransition


def test_suite_runs_on_the_requested_database(db):
    url = os.environ.get("DATABASE_URL", "")
    assert connection.vendor == ("postgresql" if url.startswith("postgres") else "sqlite")


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        if os.environ.get("GAOXIN_REQUIRE_POSTGRES") == "1" and os.environ.get("DATABASE_URL"):
            pytest.fail("PostgreSQL required but the suite is not running on it")
        pytest.skip("needs PostgreSQL (set DATABASE_URL): row locks across connections are tested there")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_staff_accepting_one_filing_at_once_apply_it_once(postgres_only, make_enterprise, make_user):
    enterprise = make_enterprise()
    filing = FiguresFiling.objects.create(enterprise=enterprise, year=2025, status="submitted",
                                          revenue=Decimal(500), employees=10)
    staff = [make_user("s1", "zone_staff"), make_user("s2", "zone_staff")]
    results, barrier = [], threading.Barrier(2)

    def accept(user):
        barrier.wait()
        try:
            services.transition_filing(user, filing, "accept")
            results.append("accepted")
        except IllegalTransition:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(u,)) for u in staff]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["accepted", "refused"]
    assert AnnualFigures.objects.get().version == 1
    assert AuditEntry.objects.filter(subject="annualfigures").count() == 1
