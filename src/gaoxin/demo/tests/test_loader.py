from gaoxin.demo.accounts import ensure_demo_users
from gaoxin.demo.generator import generate_zone
from gaoxin.demo.loader import load_zone
from gaoxin.registry.models import AnnualFigures, Enterprise, IntellectualProperty, TitleHeld
from gaoxin.registry.selectors import ip_counts


def test_demo_zone_loads_and_its_ip_records_reproduce_the_yearly_counts(db):
    zone = generate_zone(300, seed=3)
    load_zone(zone)
    assert Enterprise.objects.count() == 300
    assert AnnualFigures.objects.count() == zone.annual.height
    assert TitleHeld.objects.count() == zone.titles.height
    assert IntellectualProperty.objects.count() == zone.ip.height
    holder = IntellectualProperty.objects.values_list("enterprise", flat=True).first()
    figures = AnnualFigures.objects.get(enterprise_id=holder, year=2025)
    derived = ip_counts(figures.enterprise, 2025)
    assert derived == {k: getattr(figures, k) for k in derived}


def test_demo_users_cover_every_role_and_the_enterprise_user_has_an_enterprise(db):
    load_zone(generate_zone(50, seed=3))
    shown = ensure_demo_users()
    assert [label for label, _ in shown] == ["区管理员", "区工作人员", "评审专家", "企业用户", "园区联络员"]
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="enterprise").profile.enterprise is not None
    assert ensure_demo_users() == shown  # idempotent


def test_demo_plan_targets_and_peers_put_the_zone_in_a_ranking(db):
    import datetime as dt

    from gaoxin.cultivation.models import CultivationTarget
    from gaoxin.dashboard.selectors import peer_rankings
    from gaoxin.demo.plan import seed_plan

    load_zone(generate_zone(600, seed=3))
    seed_plan()
    seed_plan()  # idempotent
    year = dt.date.today().year
    assert CultivationTarget.objects.filter(year__in=[year, year + 1, year + 2]).count() == 12
    ranking = next(r for r in peer_rankings(Enterprise.objects.all()) if r.title == "high_tech")
    assert ranking.year == year - 1 and len(ranking.rows) == 5
    ours = next(r for r in ranking.rows if r.ours)
    assert ours.count > 0 and 1 < ranking.our_rank < 5  # behind 东湖高新区 (×1.35), ahead of 南江科技园 (×0.55)


def test_demo_seed_fund_has_a_finished_round_and_an_open_one(db):
    import datetime as dt
    from decimal import Decimal

    from gaoxin.demo.programs import seed_programs
    from gaoxin.programs.models import Award, Payment, Program

    load_zone(generate_zone(2000, seed=2025))
    ensure_demo_users()
    seed_programs()
    seed_programs()  # idempotent
    year = dt.date.today().year
    finished, current = Program.objects.get(year=year - 1), Program.objects.get(year=year)
    awards = Award.objects.filter(application__program=finished)
    assert awards.count() == 4 and sum(a.amount for a in awards) == Decimal(61)
    assert max(a.amount for a in awards) == Decimal(20) and Payment.objects.count() == 6
    assert current.is_open(dt.date.today())
    assert set(current.applications.values_list("status", flat=True)) == {"submitted"}


def test_demo_competition_is_finished_with_prizes_a_payment_and_pre_credit(db):
    from decimal import Decimal

    from gaoxin.demo.competition import seed_competition
    from gaoxin.programs.models import Entry, PreCredit, Prize

    load_zone(generate_zone(2000, seed=2025))
    ensure_demo_users()
    program = seed_competition()
    assert seed_competition() is None  # idempotent
    assert list(program.rounds.values_list("status", flat=True)) == ["closed", "closed"]
    prizes = Prize.objects.filter(entry__program=program).order_by("rank")
    assert [p.tier for p in prizes] == ["一等奖", "二等奖", "三等奖", "三等奖"]
    assert sum(p.amount for p in prizes) == Decimal(40) and prizes[0].paid_on is not None
    assert Entry.objects.filter(program=program, status="eliminated").count() == 4
    assert set(PreCredit.objects.values_list("status", flat=True)) == {"drawn", "declined"}


def test_demo_projects_show_every_colour_and_a_pending_escalation(db):
    import datetime as dt

    from gaoxin.demo.tracking import seed_projects
    from gaoxin.tracking.models import Escalation, MajorProject
    from gaoxin.tracking.status import status

    load_zone(generate_zone(2000, seed=2025))
    ensure_demo_users()
    assert seed_projects() == 30 and seed_projects() == 0  # idempotent
    today = dt.date.today()
    colours = {status(p, today).colour for p in MajorProject.objects.all()}
    assert colours == {"red", "yellow", "green"} or today.month <= 2  # early in the year nothing is late yet
    assert MajorProject.objects.exclude(last_period=None).count() >= 20 or today.month == 1
    assert Escalation.objects.count() == (1 if "red" in colours else 0)


def test_demo_visits_and_needs(db):
    import datetime as dt

    from gaoxin.demo.tracking import seed_visits
    from gaoxin.tracking.models import Need, Visit

    load_zone(generate_zone(2000, seed=2025))
    ensure_demo_users()
    assert seed_visits() == 27 and seed_visits() == 0
    assert Visit.objects.filter(visited_on=None).count() == 3
    assert set(Need.objects.values_list("status", flat=True)) == {"open", "handling", "closed"}
    assert Need.objects.filter(status="open", due_on__lt=dt.date.today()).exists() or dt.date.today().month == 1


def test_demo_financing_has_products_needs_and_every_bank_answer(db):
    from gaoxin.demo.financing import seed_financing
    from gaoxin.financing.models import FinancingMatch

    load_zone(generate_zone(2000, seed=2025))
    ensure_demo_users()
    assert seed_financing() == 8 and seed_financing() == 0
    assert {"credit_granted", "loan_drawn", "declined"} <= set(FinancingMatch.objects.values_list("status", flat=True))


def test_demo_innovation_has_evaluations_prospects_and_tenants(db):
    from gaoxin.demo.innovation import seed_innovation
    from gaoxin.innovation.models import AchievementEvaluation, Prospect, Tenancy

    load_zone(generate_zone(2000, seed=2025))
    ensure_demo_users()
    seed_innovation()
    seed_innovation()  # idempotent
    concluded = AchievementEvaluation.objects.filter(status="concluded")
    assert sorted(concluded.values_list("trl", flat=True)) == [4, 7]
    assert set(concluded.values_list("level", flat=True)) == {"国际先进", "国内领先"}
    assert AchievementEvaluation.objects.filter(status="requested").count() == 1 and Prospect.objects.count() == 5
    assert Tenancy.objects.filter(status="incubating").exists()
