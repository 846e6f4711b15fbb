"""A deterministic synthetic high-tech zone: enterprises, five fiscal years of figures, IP rights, titles.

Vectorised with NumPy and Polars, so a million enterprises take seconds and can go straight to Parquet. The
distributions are chosen to look like a real zone: heavy-tailed revenue, R&D intensity by industry, growth
paths with a few fast growers, younger enterprises with fewer years, some unknown values, and a title mix in
which higher rungs are rarer. Same seed, same zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from gaoxin.contract.creditcode import CHARSET
from gaoxin.demo.catalog import BRAND_CHARS, CITY, DIVISION, INDUSTRIES, PARKS, SUFFIXES

FIRST_YEAR, LAST_YEAR = 2021, 2025  # fiscal years with figures; assessment year 2026 reads 2025 as 上年度


@dataclass
class Zone:
    parks: pl.DataFrame
    enterprises: pl.DataFrame
    annual: pl.DataFrame
    ip: pl.DataFrame
    titles: pl.DataFrame

    @property
    def size(self) -> int:
        return self.enterprises.height

    def enterprise_years(self) -> pl.DataFrame:
        """The single table of the data contract: enterprise columns repeated on every year row."""
        return self.annual.join(self.enterprises, on="credit_code", how="left", maintain_order="left")

    def write(self, out: Path, fmt: str = "parquet") -> list[Path]:
        out.mkdir(parents=True, exist_ok=True)
        frames = {"enterprises": self.enterprises, "annual": self.annual, "titles": self.titles, "ip": self.ip,
                  "enterprise_years": self.enterprise_years()}
        paths = []
        for name, frame in frames.items():
            path = out / f"{name}.{fmt}"
            if fmt == "csv":
                frame.write_csv(path)
            else:
                frame.write_parquet(path)
            paths.append(path)
        return paths


def generate_zone(n: int, seed: int = 2025) -> Zone:
    rng = np.random.default_rng(seed)
    ent = _enterprises(n, rng)
    annual = _annual(ent, rng)
    ip, counts = _ip(ent, rng)
    annual = annual.join(counts, on=["credit_code", "year"], how="left").with_columns(
        pl.col(c).fill_null(0) for c in ("ip_class1", "ip_class1_self", "ip_class1_high_value", "ip_class2"))
    # each enterprise's years together, ascending: how the registry exports them, and the engine's fast path
    annual = annual.sort("ent_idx", "year").drop("ent_idx")
    titles = _titles(ent, annual, rng)
    parks = pl.DataFrame({"name": [p for p, _ in PARKS], "kind": [k for _, k in PARKS]})
    public = ent.drop("industry_idx", "growth", "founded_year", "tech")
    return Zone(parks, public, annual, ip, titles)


# ---------------------------------------------------------------- enterprises


def credit_codes(n: int, rng: np.random.Generator) -> np.ndarray:
    """n distinct valid codes: 91 + division + 'MA' + 6 base-31 digits (+ GB 11714 digit) + check character.

    Computed on integer arrays (index into CHARSET), so a million codes take well under a second.
    """
    ids = rng.choice(31**6, size=n, replace=False)
    index = {c: i for i, c in enumerate(CHARSET)}
    serial = np.stack([(ids // 31**k) % 31 for k in range(5, -1, -1)], axis=1)  # CHARSET indices
    body = np.concatenate([np.tile([index["M"], index["A"]], (n, 1)), serial], axis=1)
    base36 = np.array([int(c, 36) for c in CHARSET])  # GB 11714 values of the same characters
    org = 11 - (base36[body] @ np.array([3, 7, 9, 10, 5, 8, 4, 2])) % 11
    org_index = np.where(org == 10, index["X"], np.where(org == 11, 0, org))
    prefix = np.tile([index[c] for c in "91" + DIVISION], (n, 1))
    first17 = np.concatenate([prefix, body, org_index[:, None]], axis=1)
    check = (31 - (first17 @ np.array([pow(3, i, 31) for i in range(17)])) % 31) % 31
    chars = np.frombuffer(CHARSET.encode(), dtype=np.uint8)
    raw = chars[np.concatenate([first17, check[:, None]], axis=1)].astype(np.uint8)
    return np.ascontiguousarray(raw).view("S18").ravel().astype(str)


def _enterprises(n: int, rng: np.random.Generator) -> pl.DataFrame:
    weights = np.array([i[2] for i in INDUSTRIES])
    industry = rng.choice(len(INDUSTRIES), size=n, p=weights / weights.sum())
    age = np.minimum(rng.exponential(7.0, size=n), 27).astype(int)
    founded_year = LAST_YEAR - age
    founded = _dates(founded_year, rng)
    tech = np.array([INDUSTRIES[i][5] != "" for i in industry])
    park_idx = np.where(rng.random(n) < 0.7, np.array([INDUSTRIES[i][6] for i in industry]),
                        rng.integers(0, len(PARKS), n))
    growth = np.where(rng.random(n) < 0.06, rng.normal(0.45, 0.15, n), rng.normal(0.10, 0.18, n))
    listed = rng.random(n) < 0.006
    board = np.where(listed, rng.choice(["star", "chinext", "bse", "main"], n), "")
    board = np.where(~listed & (rng.random(n) < 0.02), "neeq", board)
    plans = ~listed & (rng.random(n) < 0.04)
    return pl.DataFrame({
        "credit_code": credit_codes(n, rng),
        "name": _names(n, industry, rng),
        "founded_on": founded,
        "park": [PARKS[i][0] for i in park_idx],
        "industry_code": [INDUSTRIES[i][0] for i in industry],
        "high_tech_field": [INDUSTRIES[i][5] or None for i in industry],
        "strategic_emerging": tech & (rng.random(n) < 0.7),
        "niche_since": founded_year + rng.integers(0, 4, n),
        "listed_board": [b or None for b in board],
        "resident": np.ones(n, dtype=bool),
        "branch_or_trading": rng.random(n) < 0.03,
        "listing_plan": plans,
        "joint_stock": plans & (rng.random(n) < 0.5),
        "joint_stock_planned": plans & (rng.random(n) < 0.4),
        "restricted_industry": rng.random(n) < 0.01,
        "credit_blacklisted": rng.random(n) < 0.01,
        "industry_idx": industry,
        "growth": growth,
        "founded_year": founded_year,
        "tech": tech,
    }).with_columns(pl.col("niche_since").clip(upper_bound=LAST_YEAR))


def _names(n: int, industry: np.ndarray, rng: np.random.Generator) -> list[str]:
    chars = np.array(list(BRAND_CHARS))
    a, b = chars[rng.integers(0, len(chars), n)], chars[rng.integers(0, len(chars), n)]
    suffix = np.array(SUFFIXES)[rng.choice(3, n, p=[0.8, 0.12, 0.08])]
    names = [f"{CITY}{x}{y}{INDUSTRIES[i][1]}{s}" for x, y, i, s in zip(a, b, industry, suffix, strict=True)]
    seen: dict[str, int] = {}
    unique = []
    for name in names:  # a second 青江星云软件有限公司 becomes 青江星云软件（二）有限公司 etc.
        k = seen.get(name, 0)
        seen[name] = k + 1
        unique.append(name if k == 0 else name.replace(CITY, f"{CITY}{_ordinal(k + 1)}", 1))
    return unique


def _ordinal(k: int) -> str:
    digits = "零一二三四五六七八九"
    return "".join(digits[int(c)] for c in str(k)) + "号"


def _dates(years: np.ndarray, rng: np.random.Generator) -> pl.Series:
    """A random day in each given year (days 1–28, so every month has it)."""
    months, days = rng.integers(1, 13, years.size), rng.integers(1, 29, years.size)
    frame = pl.DataFrame({"y": years.astype(np.int32), "m": months.astype(np.int8), "d": days.astype(np.int8)})
    return frame.select(pl.date("y", "m", "d")).to_series()


# ---------------------------------------------------------------- yearly figures


def _annual(ent: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    n = ent.height
    years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    founded = ent["founded_year"].to_numpy()
    ind = ent["industry_idx"].to_numpy()
    rd_median = np.array([INDUSTRIES[i][3] for i in ind])
    tech_share = np.array([INDUSTRIES[i][4] for i in ind])

    base_emp = np.clip(rng.lognormal(np.log(35), 1.0, n), 3, 6000)
    per_head = rng.lognormal(np.log(55), 0.7, n)  # 万元 revenue per employee
    growth = ent["growth"].to_numpy()
    intensity = rd_median * rng.lognormal(0, 0.45, n)
    tshare = np.clip(tech_share * rng.lognormal(0, 0.35, n), 0.01, 0.95)
    debt = np.clip(rng.beta(2.2, 2.8, n), 0.05, 0.95)
    margin = rng.normal(0.06, 0.08, n)

    rows = []
    for k, year in enumerate(years):
        alive = founded <= year
        steps = k - (len(years) - 1)  # years back from LAST_YEAR (≤ 0)
        noise = rng.normal(0, 0.06, n)
        scale = np.power(1 + np.clip(growth + noise, -0.6, 2.0), steps)
        revenue = np.round(base_emp * per_head * scale, 2)
        employees = np.maximum(2, np.round(base_emp * np.power(1 + np.clip(growth * 0.5, -0.3, 0.6), steps)))
        tech_staff = np.minimum(employees, np.round(employees * tshare))
        rd = np.round(revenue * np.clip(intensity * rng.lognormal(0, 0.1, n), 0, 0.6), 2)
        assets = np.round(revenue * rng.uniform(0.6, 1.6, n), 2)
        liabilities = np.round(assets * np.clip(debt + rng.normal(0, 0.03, n), 0.02, 0.98), 2)
        financed = rng.random(n) < 0.05
        profit = np.round(revenue * margin * 0.85, 2)
        scored = rng.random(n) < 0.2  # expert scores exist for enterprises that applied (高企) or were rated
        frame = pl.DataFrame({
            "ent_idx": np.arange(n),
            "credit_code": ent["credit_code"],
            "year": np.full(n, year, dtype=np.int32),
            "employees": employees.astype(np.int64),
            "tech_staff": tech_staff.astype(np.int64),
            "rd_staff": np.round(tech_staff * rng.uniform(0.5, 0.9, n)).astype(np.int64),
            "revenue": revenue,
            "main_revenue": np.round(revenue * rng.uniform(0.55, 1.0, n), 2),
            "high_tech_revenue": np.round(revenue * np.where(ent["tech"].to_numpy(), rng.uniform(0.4, 0.95, n),
                                                             rng.uniform(0, 0.2, n)), 2),
            "total_assets": assets,
            "total_liabilities": liabilities,
            "net_assets": np.round(assets - liabilities, 2),
            "total_cost": np.round(revenue * (1 - margin) , 2),
            "rd_expense": rd,
            "rd_expense_domestic": np.round(rd * rng.uniform(0.8, 1.0, n), 2),
            "net_profit": profit,
            "net_profit_deducted": np.round(profit - np.abs(rng.normal(0, 0.01, n)) * revenue, 2),
            "operating_cash_flow": np.round(profit * rng.uniform(0.3, 1.5, n) + revenue * rng.normal(0, 0.02, n), 2),
            "expected_market_value": np.where(ent["listing_plan"].to_numpy(),
                                              np.round(revenue / 10_000 * rng.uniform(1, 8, n), 2), -1.0),
            "equity_financing": np.where(financed, np.round(rng.lognormal(np.log(1500), 1.1, n), 2), 0.0),
            "tech_conversions": rng.poisson(np.clip(intensity * 30, 0, 8)),
            "rd_institution_level": rng.choice(["none", "below_city", "city", "provincial", "national"], n,
                                               p=[0.55, 0.2, 0.15, 0.08, 0.02]),
            "national_award_rank": np.where(rng.random(n) < 0.004, rng.integers(1, 8, n), -1),
            "provincial_award_rank": np.where(rng.random(n) < 0.02, rng.integers(1, 8, n), -1),
            "makerchina_rank": np.where(rng.random(n) < 0.01, rng.integers(1, 800, n), -1),
            "led_standard": rng.random(n) < 0.03,
            "major_incident": rng.random(n) < 0.003,
            "mgmt_certified": rng.random(n) < 0.6,
            "own_brand": rng.random(n) < 0.5,
            "digital_level": rng.choice([1, 2, 3, 4], n, p=[0.35, 0.4, 0.2, 0.05]),
            "market_share": np.where(rng.random(n) < 0.15, np.round(rng.lognormal(np.log(4), 0.9, n), 2), -1.0),
            "market_rank": np.where(rng.random(n) < 0.1, rng.integers(1, 30, n), -1),
            "quality_award": rng.random(n) < 0.05,
            "info_system": rng.random(n) < 0.45,
            "key_domain": rng.random(n) < 0.25,
            "chain_key_link": rng.random(n) < 0.15,
            "niche_market_leading": rng.random(n) < 0.2,
            "srdi_domain_points": np.where(scored, rng.choice([0, 3, 5], n, p=[0.5, 0.35, 0.15]), -1),
            "srdi_local_points": np.where(scored, rng.integers(0, 16, n), -1),
            "srdi_eval_score": np.where(scored, np.round(np.clip(rng.normal(55, 12, n), 0, 100), 1), -1.0),
            "hte_ip_points": np.where(scored, rng.integers(6, 29, n), -1),
            "hte_rd_mgmt_points": np.where(scored, rng.integers(5, 19, n), -1),
            "alive": alive,
        })
        rows.append(frame.filter(pl.col("alive")).drop("alive"))
    annual = pl.concat(rows)
    unknown = {"tech_staff": 0.02, "total_cost": 0.03, "rd_expense_domestic": 0.04, "market_share": 0}
    annual = annual.with_columns(
        [pl.when(pl.col(c) < 0).then(None).otherwise(pl.col(c)).alias(c)
         for c in ("national_award_rank", "provincial_award_rank", "makerchina_rank", "market_share", "market_rank",
                   "expected_market_value", "srdi_domain_points", "srdi_local_points", "srdi_eval_score",
                   "hte_ip_points", "hte_rd_mgmt_points")]
        + [pl.when(pl.Series(rng.random(annual.height) < p)).then(None).otherwise(pl.col(c)).alias(c)
           for c, p in unknown.items() if p]
    )
    return annual.with_columns(valuation_usd=_valuation(annual), total_financing=_cumulative_financing(annual))


def _cumulative_financing(annual: pl.DataFrame) -> pl.Series:
    return annual.select(pl.col("equity_financing").cum_sum().over("credit_code", order_by="year")).to_series().alias(
        "total_financing")


def _valuation(annual: pl.DataFrame) -> pl.Series:
    """Post-money valuation (亿美元) for enterprises that raised money: about 12× cumulative financing."""
    cumulative = _cumulative_financing(annual)
    usd = (cumulative * 12 / 7 / 10_000).round(2)  # 万元 → 亿美元 at 7 CNY per USD
    return pl.Series("valuation_usd", np.where(usd.to_numpy() > 0, usd.to_numpy(), np.nan)).fill_nan(None)


# ---------------------------------------------------------------- IP rights and the counts derived from them

IP_CLASS1 = ("invention_patent", "ic_layout", "plant_variety", "new_drug")
IP_CLASS2 = ("utility_model", "software_copyright", "design_patent")


def _ip(ent: pl.DataFrame, rng: np.random.Generator) -> tuple[pl.DataFrame, pl.DataFrame]:
    n = ent.height
    tech = ent["tech"].to_numpy()
    n1 = rng.poisson(np.where(tech, 1.6, 0.1))
    n2 = rng.poisson(np.where(tech, 4.5, 0.6))
    owner = np.repeat(np.arange(n), n1 + n2)
    cls = np.repeat(np.tile([1, 2], n), np.stack([n1, n2], axis=1).ravel())
    founded = ent["founded_year"].to_numpy()[owner]
    granted_year = founded + np.floor(rng.random(owner.size) * (LAST_YEAR + 1 - founded)).astype(int)
    granted = _dates(granted_year, rng)
    kind = np.where(cls == 1, np.array(IP_CLASS1)[rng.choice(4, owner.size, p=[0.9, 0.05, 0.02, 0.03])],
                    np.array(IP_CLASS2)[rng.choice(3, owner.size, p=[0.5, 0.4, 0.1])])
    self_dev = rng.random(owner.size) < 0.8
    high_value = (cls == 1) & (rng.random(owner.size) < 0.15)
    codes = ent["credit_code"].to_numpy()[owner]
    ip = pl.DataFrame({
        "credit_code": codes,
        "kind": kind,
        "number": _ip_numbers(granted_year),
        "title": _ip_titles(cls),
        "acquisition": np.where(self_dev, "self_developed", "transferred"),
        "granted_on": granted,
        "high_value": high_value,
        "ip_class": cls.astype(np.int8),
    })
    return ip, _ip_counts(ip)


def _ip_numbers(granted_year: np.ndarray) -> pl.Series:
    serial = pl.Series(np.arange(granted_year.size)).cast(pl.String).str.zfill(7)
    return pl.select(pl.concat_str(pl.lit("ZL"), pl.Series(granted_year).cast(pl.String), serial)).to_series()


def _ip_titles(cls: np.ndarray) -> pl.Series:
    word = pl.Series(np.where(cls == 1, "一种装置及方法", "一种系统"))
    serial = pl.Series(np.arange(cls.size)).cast(pl.String)
    return pl.select(pl.concat_str(word, pl.lit("（"), serial, pl.lit("）"))).to_series()


def _ip_counts(ip: pl.DataFrame) -> pl.DataFrame:
    """Valid, main-product IP at each year end, counted the way the contract's ip_* columns mean."""
    years = pl.DataFrame({"year": np.arange(FIRST_YEAR, LAST_YEAR + 1, dtype=np.int32)})
    held = ip.join(years, how="cross").filter(pl.col("granted_on").dt.year() <= pl.col("year"))
    return held.group_by("credit_code", "year").agg(
        ip_class1=(pl.col("ip_class") == 1).sum().cast(pl.Int64),
        ip_class1_self=((pl.col("ip_class") == 1) & (pl.col("acquisition") == "self_developed")).sum()
        .cast(pl.Int64),
        ip_class1_high_value=((pl.col("ip_class") == 1) & pl.col("high_value")).sum().cast(pl.Int64),
        ip_class2=(pl.col("ip_class") == 2).sum().cast(pl.Int64),
    )


# ---------------------------------------------------------------- titles held


def _titles(ent: pl.DataFrame, annual: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """A plausible mix: held titles follow the figures loosely (the engine decides for real)."""
    last = annual.filter(pl.col("year") == LAST_YEAR).join(ent.select("credit_code", "tech", "growth"),
                                                           on="credit_code")
    intensity = (last["rd_expense"] / last["revenue"]).fill_null(0).to_numpy()
    techy = last["tech"].to_numpy()
    m = last.height
    r = rng.random((m, 8))
    ip1 = last["ip_class1"].to_numpy()
    plan = {
        "tech_sme": techy & (intensity > 0.03) & (r[:, 0] < 0.6),
        "high_tech": techy & (intensity > 0.04) & (ip1 + last["ip_class2"].to_numpy() > 0) & (r[:, 1] < 0.5),
        "innovative_sme": techy & (r[:, 2] < 0.3),
        "srdi_sme": techy & (intensity > 0.03) & (last["revenue"].to_numpy() > 1000) & (r[:, 3] < 0.35),
        "little_giant": techy & (last["revenue"].to_numpy() > 5000) & (ip1 >= 2) & (r[:, 4] < 0.35),
        "gazelle": (last["growth"].to_numpy() > 0.3) & (r[:, 5] < 0.3),
        "potential_unicorn": (last["valuation_usd"].fill_null(0).to_numpy() > 1) & (r[:, 6] < 0.6),
        "listing_reserve": (last["revenue"].to_numpy() > 4000) & (r[:, 7] < 0.15),
    }
    plan["srdi_sme"] &= plan["innovative_sme"] | (r[:, 3] < 0.1)
    plan["little_giant"] &= plan["srdi_sme"]
    frames = []
    codes = last["credit_code"].to_numpy()
    for title, mask in plan.items():
        if not mask.any():
            continue
        k = int(mask.sum())
        frames.append(_grants(codes[mask], title, k, rng))
    if not frames:
        return pl.DataFrame(schema={"credit_code": pl.String, "title": pl.String, "level": pl.String,
                                    "recognized_on": pl.Date, "valid_until": pl.Date, "certificate_no": pl.String})
    return pl.concat(frames)


_VALIDITY = {"tech_sme": 0, "gazelle": 1, "potential_unicorn": 1, "listing_reserve": 1}
_LEVEL = {"tech_sme": "national", "high_tech": "national", "innovative_sme": "provincial",
          "srdi_sme": "provincial", "little_giant": "national", "gazelle": "city", "potential_unicorn": "city",
          "listing_reserve": "city"}


def _grants(codes: np.ndarray, title: str, k: int, rng: np.random.Generator) -> pl.DataFrame:
    if title == "tech_sme":  # registered in this year's batch, valid to the end of the year
        recognized = [dt.date(2026, int(m), int(d)) for m, d in zip(rng.integers(6, 11, k), rng.integers(1, 29, k),
                                                                       strict=True)]
        until = [dt.date(2026, 12, 31)] * k
    else:
        years = _VALIDITY.get(title, 3)
        start = rng.integers(2026 - years, 2026 + (1 if years == 1 else 0), k)
        recognized = [dt.date(int(y), int(m), int(d)) for y, m, d in
                      zip(start, rng.integers(1, 12, k), rng.integers(1, 29, k), strict=True)]
        until = [dt.date(r.year + years, r.month, r.day) - dt.timedelta(days=1) for r in recognized]
    prefix = {"high_tech": "GR", "tech_sme": "2026", "little_giant": "XJR"}.get(title, "QJ")
    return pl.DataFrame({
        "credit_code": codes,
        "title": [title] * k,
        "level": [_LEVEL[title]] * k,
        "recognized_on": recognized,
        "valid_until": until,
        "certificate_no": [f"{prefix}{r.year}{i:05d}" for i, r in enumerate(recognized)],
    })
