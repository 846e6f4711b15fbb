"""`gaoxin bench engine`: how fast the engine is, against what a typical system would do.

Generates N synthetic enterprises (the demo zone, in a child process so the peak memory reported is the
evaluation's), evaluates every pack in force, and times two references for the 科技型中小企业 pack over the same
long enterprise-year table: a plain per-enterprise Python loop (measured on a sample and scaled) and a
hand-written DuckDB SQL query that pivots and scores in one statement. For transparency it also times that
query on a table already pivoted (`sql_pivoted_seconds`). The references must agree with the engine's verdicts,
or the benchmark fails: a fast wrong answer is not a result.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import resource
import tempfile
import time
from pathlib import Path

import polars as pl

from gaoxin.contract.fields import BY_CODE
from gaoxin.engine.evaluate import evaluate, iter_evaluations, needs
from gaoxin.engine.frame import wide_frame
from gaoxin.engine.library import pack_for
from gaoxin.engine.run import packs_in_force

YEAR, ON = 2026, dt.date(2026, 7, 1)
LOOP_SAMPLE = 50_000


def _generate(enterprises: int, seed: int, out: str) -> None:
    from gaoxin.demo.generator import generate_zone

    zone = generate_zone(enterprises, seed=seed)
    zone.enterprise_years().write_parquet(Path(out) / "table.parquet")
    zone.titles.write_parquet(Path(out) / "titles.parquet")


def run(enterprises: int, seed: int = 2025) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        child = multiprocessing.get_context("spawn").Process(target=_generate, args=(enterprises, seed, tmp))
        child.start()
        child.join()
        if child.exitcode:
            raise RuntimeError("generating the benchmark zone failed")
        table, titles = pl.read_parquet(Path(tmp) / "table.parquet"), pl.read_parquet(Path(tmp) / "titles.parquet")
    packs = packs_in_force(ON)
    started = time.perf_counter()
    verdicts = [frame.select("credit_code", "verdict_code")  # verdicts and scores: no explanation columns
                for _, frame in iter_evaluations(packs, table, YEAR, ON, titles, explain=False)]
    seconds = time.perf_counter() - started
    del verdicts

    pack = pack_for("tech_sme", ON)
    started = time.perf_counter()
    engine = evaluate(pack, table, YEAR, ON, titles, explain=False).select("credit_code", "score_min",
                                                                           "verdict_code")
    tech_sme_seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    verdict_of = dict(zip(engine["credit_code"].to_list(), engine["verdict_code"].to_list(), strict=True))
    loop_seconds = _loop(table, titles, verdict_of)
    sql_seconds, sql_pivoted_seconds = _duckdb(table, titles, pack, verdict_of)
    return {
        "enterprises": enterprises,
        "enterprise_years": table.height,
        "packs": [p.id for p in packs],
        "seconds": round(seconds, 4),
        "tech_sme_seconds": round(tech_sme_seconds, 4),
        "peak_rss_mb": round(peak, 1),
        "loop_seconds": round(loop_seconds, 4),
        "sql_seconds": round(sql_seconds, 4),
        "sql_pivoted_seconds": round(sql_pivoted_seconds, 4),
    }


def _holders(titles: pl.DataFrame) -> set[str]:
    return set(titles.filter((pl.col("title") == "high_tech") & (pl.col("recognized_on") <= ON)
                             & (pl.col("valid_until") >= ON))["credit_code"].to_list())


def _agree(name: str, engine: dict, reference: dict) -> None:
    """Wherever a reference decides, the engine must decide the same. The references read a blank figure as
    unknown; the engine bounds it (营业收入 ≥ 主营业务收入 …), so it may decide where they cannot, never less."""
    bad = sum(1 for code, verdict in reference.items() if verdict is not None and engine[code] != verdict)
    if bad:
        raise AssertionError(f"{name} reference disagrees with the engine on {bad} of {len(reference)} enterprises")


def _loop(table: pl.DataFrame, titles: pl.DataFrame, engine: dict) -> float:
    """Time the loop on the rows of a sample of enterprises (grouping them is part of its work) and scale."""
    codes = table["credit_code"].unique(maintain_order=True).head(LOOP_SAMPLE)
    rows = table.filter(pl.col("credit_code").is_in(codes.implode())).to_dicts()
    holders = _holders(titles)
    started = time.perf_counter()
    by_enterprise: dict[str, dict[int, dict]] = {}
    for row in rows:
        by_enterprise.setdefault(row["credit_code"], {})[row["year"]] = row
    looped = {code: loop_verdict(_flatten(years), code in holders) for code, years in by_enterprise.items()}
    seconds = (time.perf_counter() - started) * len(engine) / max(1, len(looped))
    _agree("loop", engine, looped)
    return seconds


def _flatten(years: dict[int, dict]) -> dict:
    """One enterprise's rows as the loop reads them: `x@-k` for year Y−k, enterprise fields from the latest row."""
    latest = years[max(years)]
    flat = {k: v for k, v in latest.items() if BY_CODE.get(k) and BY_CODE[k].level == "enterprise"}
    for k in range(1, 6):
        row = years.get(YEAR - k, {})
        for code in ("employees", "tech_staff", "revenue", "total_assets", "total_cost", "rd_expense",
                     "ip_class1", "ip_class2", "major_incident", "national_award_rank", "led_standard",
                     "rd_institution_level"):
            flat[f"{code}@-{k}"] = row.get(code)
    return flat


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


def loop_verdict(r: dict, hte: bool) -> int | None:
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
    verdict = _and(hard, _or(score_pass, hte, award, institution, standard))
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


def _duckdb(table: pl.DataFrame, titles: pl.DataFrame, pack, engine: dict) -> tuple[float, float]:
    """The pack as one hand-written query over the long table (pivot by conditional aggregation, then score),
    and the scoring part alone over a pre-pivoted table."""
    import duckdb

    years = range(1, 6)
    score = _SQL.format(
        staff=_case('"tech_staff@-1" / "employees@-1"', [0.30, 0.25, 0.20, 0.15, 0.10], [20, 16, 12, 8, 4]),
        rd_sales=_case('"rd_expense@-1" / "revenue@-1"', [0.06, 0.05, 0.04, 0.03, 0.02], [50, 40, 30, 20, 10]),
        rd_cost=_case('"rd_expense@-1" / "total_cost@-1"', [0.30, 0.25, 0.20, 0.15, 0.10], [50, 40, 30, 20, 10]),
        std_any=" OR ".join(f'COALESCE("led_standard@-{k}", FALSE)' for k in years),
        std_known=" AND ".join(f'("led_standard@-{k}" IS NOT NULL OR year(founded_on) > {YEAR - k})' for k in years),
    )
    wanted = needs(pack)
    pivot = ", ".join(
        [f"arg_max({c}, year) FILTER (WHERE {c} IS NOT NULL) AS {c}"
         for c in sorted({c for c, _ in wanted if BY_CODE[c].level == "enterprise"} | {"founded_on"})]
        + [f'max(CASE WHEN year = {YEAR + k} THEN {c} END) AS "{c}@{k}"'
           for c, k in sorted(wanted) if BY_CODE[c].level == "year"])
    holders = pl.DataFrame({"credit_code": sorted(_holders(titles))}, schema={"credit_code": pl.String})
    connection = duckdb.connect()
    connection.register("t", table.to_arrow())
    connection.register("holders", holders.to_arrow())
    long_sql = (f"WITH pivoted AS (SELECT credit_code, {pivot} FROM t GROUP BY credit_code), "
                f"wide AS (SELECT p.*, h.credit_code IS NOT NULL AS hte FROM pivoted p "
                f"LEFT JOIN holders h USING (credit_code)) " + score.replace("WITH s AS", ", s AS", 1))
    started = time.perf_counter()
    result = pl.from_arrow(connection.sql(long_sql).to_arrow_table())
    seconds = time.perf_counter() - started
    _agree("sql", engine, dict(zip(result["credit_code"].to_list(), result["verdict"].to_list(), strict=True)))

    wide = wide_frame(table, YEAR, wanted).with_columns(
        hte=pl.col("credit_code").is_in(holders["credit_code"].implode()))
    connection.register("wide", wide.to_arrow())
    started = time.perf_counter()
    connection.sql(score).to_arrow_table()
    pivoted_seconds = time.perf_counter() - started
    connection.close()
    return seconds, pivoted_seconds
