"""`gaoxin bench engine`: how fast the engine is, against what a typical system would do.

Generates N synthetic enterprises (the demo zone), evaluates every pack, and times two references for the
科技型中小企业 pack over the same data: a plain per-enterprise Python loop (measured on a sample and scaled) and a
hand-written DuckDB SQL query. Both references must agree with the engine's verdicts, or the benchmark fails:
a fast wrong answer is not a result.
"""

from __future__ import annotations

import datetime as dt
import resource
import time

import polars as pl

from gaoxin.demo.generator import generate_zone
from gaoxin.engine.evaluate import evaluate, needs
from gaoxin.engine.frame import wide_frame
from gaoxin.engine.library import all_packs, pack_for

YEAR, ON = 2026, dt.date(2026, 7, 1)
LOOP_SAMPLE = 50_000


def run(enterprises: int, seed: int = 2025) -> dict:
    zone = generate_zone(enterprises, seed=seed)
    table, titles = zone.enterprise_years(), zone.titles
    policies = sorted({p.policy for p in all_packs()})
    started = time.perf_counter()
    for policy in policies:
        evaluate(pack_for(policy, ON), table, YEAR, ON, titles).select("credit_code", "verdict_code")
    seconds = time.perf_counter() - started

    pack = pack_for("tech_sme", ON)
    started = time.perf_counter()
    engine = evaluate(pack, table, YEAR, ON, titles).select("credit_code", "score_min", "verdict_code")
    tech_sme_seconds = time.perf_counter() - started

    wide = _with_hte(wide_frame(table, YEAR, needs(pack)), titles)
    sample = wide.head(min(LOOP_SAMPLE, wide.height))
    rows = sample.to_dicts()
    started = time.perf_counter()
    looped = [loop_verdict(r) for r in rows]
    loop_seconds = (time.perf_counter() - started) * wide.height / max(1, len(rows))
    _agree("loop", engine.head(len(rows))["verdict_code"].to_list(), looped)

    sql_seconds, sql_verdicts = _duckdb(wide)
    _agree("sql", engine["verdict_code"].to_list(), sql_verdicts)
    return {
        "enterprises": enterprises,
        "enterprise_years": table.height,
        "packs": [pack_for(p, ON).id for p in policies],
        "seconds": round(seconds, 4),
        "tech_sme_seconds": round(tech_sme_seconds, 4),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "loop_seconds": round(loop_seconds, 4),
        "sql_seconds": round(sql_seconds, 4),
    }


def _with_hte(wide: pl.DataFrame, titles: pl.DataFrame) -> pl.DataFrame:
    holders = titles.filter((pl.col("title") == "high_tech") & (pl.col("recognized_on") <= ON)
                            & (pl.col("valid_until") >= ON))["credit_code"].implode()
    return wide.with_columns(hte=pl.col("credit_code").is_in(holders))


def _agree(name: str, engine: list, reference: list) -> None:
    bad = sum(1 for a, b in zip(engine, reference, strict=True) if a != b)
    if bad:
        raise AssertionError(f"{name} reference disagrees with the engine on {bad} of {len(engine)} enterprises")


# ---------------------------------------------------------------- reference 1: a plain loop, one enterprise at a time


def _band(value, edges, points):
    if value is None:
        return None
    for edge, pts in zip(edges, points, strict=True):
        if value >= edge:
            return pts
    return 0


def _ratio(num, den):
    if num is None or den is None:
        return None
    return "undefined" if den == 0 else num / den


def _and(*values):
    if any(v is False for v in values):
        return False
    return True if all(v is True for v in values) else None


def _or(*values):
    if any(v is True for v in values):
        return True
    return False if all(v is False for v in values) else None


def loop_verdict(r: dict) -> int | None:
    """The 科小 pack written the way a typical system writes it: if/else per enterprise (three-valued)."""
    def le(v, cap):
        return None if v is None else v <= cap

    def is_false(v):
        return None if v is None else not v

    hard = _and(r["resident"] if r["resident"] is None else bool(r["resident"]), le(r["employees@-1"], 500),
                le(r["revenue@-1"], 20000), le(r["total_assets@-1"], 20000), is_false(r["restricted_industry"]),
                is_false(r["credit_blacklisted"]), is_false(r["major_incident@-1"]))
    staff_ratio = _ratio(r["tech_staff@-1"], r["employees@-1"])
    staff = 0 if staff_ratio == "undefined" else _band(staff_ratio, [0.30, 0.25, 0.20, 0.15, 0.10], [20, 16, 12, 8, 4])
    options = []
    tables = (("revenue@-1", [0.06, 0.05, 0.04, 0.03, 0.02]), ("total_cost@-1", [0.30, 0.25, 0.20, 0.15, 0.10]))
    for den, edges in tables:
        ratio = _ratio(r["rd_expense@-1"], r[den])
        options.append(0 if ratio == "undefined" else _band(ratio, edges, [50, 40, 30, 20, 10]))
    rd = _best(options, 0, 50)
    ip1 = None if r["ip_class1@-1"] is None else (30 if r["ip_class1@-1"] >= 1 else 0)
    ip2 = _band(r["ip_class2@-1"], [4, 3, 2, 1], [24, 18, 12, 6])
    ip = _best([ip1, ip2], 0, 30)
    score_min = sum(x[0] for x in (_pair(staff, 0, 20), rd, ip))
    score_max = sum(x[1] for x in (_pair(staff, 0, 20), rd, ip))
    staff_min, staff_max = _pair(staff, 0, 20)
    score_pass = True if score_min >= 60 and staff_min > 0 else False if score_max < 60 or staff_max <= 0 else None
    years = range(1, 6)
    founded = r["founded_on"].year if r["founded_on"] else None
    award = any(r[f"national_award_rank@-{k}"] is not None and r[f"national_award_rank@-{k}"] <= 3 for k in years)
    standard_hit = any(r[f"led_standard@-{k}"] for k in years)
    standard_known = all(r[f"led_standard@-{k}"] is not None or (founded and founded > YEAR - k) for k in years)
    standard = True if standard_hit else (False if standard_known else None)
    level = r["rd_institution_level@-1"]
    institution = None if level in (None, "") else level in ("national", "provincial")
    verdict = _and(hard, _or(score_pass, r["hte"], award, institution, standard))
    return None if verdict is None else int(verdict)


def _pair(points, low, high):
    return (low, high) if points is None else (points, points)


def _best(options, low, high):
    pairs = [_pair(p, low, high if p is None else p) for p in options]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


# ---------------------------------------------------------------- reference 2: hand-written SQL

_SQL = """
WITH s AS (
  SELECT credit_code,
    (resident AND "employees@-1" <= 500 AND "revenue@-1" <= 20000 AND "total_assets@-1" <= 20000
      AND NOT restricted_industry AND NOT credit_blacklisted AND NOT "major_incident@-1") AS hard,
    CASE WHEN "employees@-1" = 0 THEN 0 WHEN "tech_staff@-1" IS NULL OR "employees@-1" IS NULL THEN NULL
         ELSE {staff} END AS staff,
    GREATEST(CASE WHEN "revenue@-1" = 0 THEN 0 ELSE {rd_sales} END,
             CASE WHEN "total_cost@-1" = 0 THEN 0 ELSE {rd_cost} END) AS rd_known,
    CASE WHEN "revenue@-1" = 0 THEN 0 ELSE {rd_sales} END AS rd_sales,
    CASE WHEN "total_cost@-1" = 0 THEN 0 ELSE {rd_cost} END AS rd_cost,
    CASE WHEN "ip_class1@-1" >= 1 THEN 30 WHEN "ip_class1@-1" = 0 THEN 0 END AS ip1,
    CASE WHEN "ip_class2@-1" >= 4 THEN 24 WHEN "ip_class2@-1" = 3 THEN 18 WHEN "ip_class2@-1" = 2 THEN 12
         WHEN "ip_class2@-1" = 1 THEN 6 WHEN "ip_class2@-1" = 0 THEN 0 END AS ip2,
    hte,
    (COALESCE("national_award_rank@-1", 99) <= 3 OR COALESCE("national_award_rank@-2", 99) <= 3
      OR COALESCE("national_award_rank@-3", 99) <= 3 OR COALESCE("national_award_rank@-4", 99) <= 3
      OR COALESCE("national_award_rank@-5", 99) <= 3) AS award,
    CASE WHEN "rd_institution_level@-1" IS NULL OR "rd_institution_level@-1" = '' THEN NULL
         ELSE "rd_institution_level@-1" IN ('national', 'provincial') END AS institution,
    CASE WHEN {std_any} THEN TRUE WHEN {std_known} THEN FALSE END AS standard
  FROM wide
), p AS (
  SELECT *,
    COALESCE(staff, 0) + GREATEST(COALESCE(rd_sales, 0), COALESCE(rd_cost, 0))
      + GREATEST(COALESCE(ip1, 0), COALESCE(ip2, 0)) AS smin,
    COALESCE(staff, 20) + GREATEST(COALESCE(rd_sales, 50), COALESCE(rd_cost, 50))
      + GREATEST(COALESCE(ip1, 30), COALESCE(ip2, 24)) AS smax,
    COALESCE(staff, 0) AS staff_min, COALESCE(staff, 20) AS staff_max
  FROM s
)
SELECT credit_code,
  (hard AND (CASE WHEN smin >= 60 AND staff_min > 0 THEN TRUE WHEN smax < 60 OR staff_max <= 0 THEN FALSE END
             OR hte OR award OR institution OR standard))::INTEGER AS verdict
FROM p
"""


def _case(ratio: str, edges: list[float], points: list[int]) -> str:
    arms = " ".join(f"WHEN {ratio} >= {e} THEN {p}" for e, p in zip(edges, points, strict=True))
    return f"CASE WHEN {ratio} IS NULL THEN NULL {arms} ELSE 0 END"


def _duckdb(wide: pl.DataFrame) -> tuple[float, list]:
    import duckdb

    years = range(1, 6)
    sql = _SQL.format(
        staff=_case('"tech_staff@-1" / "employees@-1"', [0.30, 0.25, 0.20, 0.15, 0.10], [20, 16, 12, 8, 4]),
        rd_sales=_case('"rd_expense@-1" / "revenue@-1"', [0.06, 0.05, 0.04, 0.03, 0.02], [50, 40, 30, 20, 10]),
        rd_cost=_case('"rd_expense@-1" / "total_cost@-1"', [0.30, 0.25, 0.20, 0.15, 0.10], [50, 40, 30, 20, 10]),
        std_any=" OR ".join(f'COALESCE("led_standard@-{k}", FALSE)' for k in years),
        std_known=" AND ".join(f'("led_standard@-{k}" IS NOT NULL OR year(founded_on) > {YEAR - k})' for k in years),
    )
    connection = duckdb.connect()
    connection.register("wide", wide.to_arrow())
    started = time.perf_counter()
    result = pl.from_arrow(connection.sql(sql).to_arrow_table())
    seconds = time.perf_counter() - started
    connection.close()
    return seconds, result["verdict"].to_list()
