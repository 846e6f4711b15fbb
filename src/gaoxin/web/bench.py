"""`gaoxin bench web`: page speed on a real-sized zone, measured, not asserted.

Loads the synthetic zone (N enterprises, 4 years of figures, titles, IP) into the configured database, stores
every verdict for the current year with the production code path, then requests the pages zone staff open most
through Django's full stack (middleware, sessions, ORM, templates; no network) and reports p50 / p95 / max per
page. Run it against PostgreSQL (DATABASE_URL) on an empty database; `--reuse` measures an already loaded one.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client

from gaoxin.accounts.roles import ensure_role_groups
from gaoxin.cultivation.services import evaluate_enterprises
from gaoxin.demo.generator import generate_zone
from gaoxin.demo.loader import load_zone
from gaoxin.demo.plan import seed_plan
from gaoxin.registry.models import Enterprise, Park

Say = Callable[[str], None]


def prepare(n: int, year: int, reuse: bool, say: Say) -> dict:
    """Load and evaluate the zone unless `reuse`; the seconds each step took."""
    figures: dict = {}
    present = Enterprise.objects.count()
    if reuse:
        if not present:
            raise SystemExit("--reuse: the database holds no enterprises; run without --reuse first")
        return {"enterprises": present}
    if present:
        raise SystemExit(f"the database already holds {present} enterprises: use an empty database or --reuse")
    started = time.perf_counter()
    load_zone(generate_zone(n), lambda done, total: say(f"写入企业 {done}/{total}") if done % 20000 == 0 else None)
    figures["load_seconds"] = round(time.perf_counter() - started, 1)
    say(f"载入 {n} 家企业用时 {figures['load_seconds']} 秒，开始评价")
    started = time.perf_counter()
    stored = evaluate_enterprises(year, progress=lambda p, m: say(m) if p % 10 == 0 else None)
    figures |= {"evaluate_seconds": round(time.perf_counter() - started, 1), "verdicts_stored": stored,
                "enterprises": n}
    seed_plan()
    analyse()
    return figures


def analyse() -> None:
    """Refresh PostgreSQL's statistics and visibility map after the bulk load, as autovacuum would shortly after:
    without them the planner guesses row counts and index-only scans read the heap."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def pages(year: int) -> dict[str, list[str]]:
    """Each measured page and the URLs it cycles through (different enterprises for the reports)."""
    park = Park.objects.order_by("pk").values_list("name", flat=True).first() or ""
    codes = list(Enterprise.objects.order_by("?").values_list("credit_code", flat=True)[:40])
    return {
        "驾驶舱 dashboard": [f"/dashboard/?year={year}"],
        "驾驶舱 刷新（不用快照）": [f"/dashboard/?year={year}&refresh=1"],
        "潜力企业 高企": [f"/cultivation/candidates/?policy=high_tech&year={year}"],
        "潜力企业 科小 差≤1项": [f"/cultivation/candidates/?policy=tech_sme&year={year}&max_unmet=1"],
        "潜力企业 专精特新 园区": [f"/cultivation/candidates/?policy=srdi_sme&year={year}&park={park}"],
        "潜力企业 第 20 页": [f"/cultivation/candidates/?policy=innovative_sme&year={year}&page=20"],
        "名单 持有高企": [f"/dashboard/enterprises/?kind=held&year={year}&title=high_tech"],
        "名单 梯度跃升": [f"/dashboard/enterprises/?kind=moved&year={year}&before=2&after=3"],
        "一企一策 PDF": [f"/cultivation/report/{c}.pdf?year={year}" for c in codes],
        "一企一策 Word": [f"/cultivation/report/{c}.docx?year={year}" for c in codes],
    }


def measure(client: Client, urls: list[str], requests: int, warmup: int = 2) -> dict:
    for url in urls[:warmup]:
        _get(client, url)
    times = []
    for i in range(requests):
        started = time.perf_counter()
        _get(client, urls[i % len(urls)])
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times)), "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)]),
            "max_ms": round(times[-1])}


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")


def run(n: int, requests: int, reuse: bool, say: Say) -> dict:
    settings.DEBUG = False  # no query log: measure what production runs
    year = dt.date.today().year
    figures = {"database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1], "year": year}
    figures |= prepare(n, year, reuse, say)
    ensure_role_groups()
    user, _ = get_user_model().objects.get_or_create(username="bench-staff")
    user.groups.add(Group.objects.get(name="zone_staff"))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    figures["pages"] = {}
    for name, urls in pages(year).items():
        figures["pages"][name] = measure(client, urls, requests)
        say(f"{name}: {figures['pages'][name]}")
    return figures
