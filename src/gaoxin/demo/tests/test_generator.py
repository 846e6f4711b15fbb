import polars as pl
import pytest

from gaoxin.contract.creditcode import is_valid
from gaoxin.contract.fields import BY_CODE
from gaoxin.demo.generator import FIRST_YEAR, LAST_YEAR, generate_zone


@pytest.fixture(scope="module")
def zone():
    return generate_zone(1500, seed=7)


def test_same_seed_same_zone_other_seed_other_zone(zone):
    again = generate_zone(1500, seed=7)
    assert zone.enterprises.equals(again.enterprises) and zone.annual.equals(again.annual)
    assert not generate_zone(1500, seed=8).enterprises.equals(zone.enterprises)


def test_credit_codes_are_valid_and_distinct(zone):
    codes = zone.enterprises["credit_code"].to_list()
    assert all(is_valid(c) for c in codes) and len(set(codes)) == len(codes)


def test_columns_are_the_data_contracts(zone):
    table = zone.enterprise_years()
    assert set(table.columns) - set(BY_CODE) == set()


def test_figures_respect_the_contracts_own_rules(zone):
    a = zone.annual
    assert a.filter(pl.col("tech_staff") > pl.col("employees")).height == 0
    assert a.filter(pl.col("rd_expense_domestic") > pl.col("rd_expense")).height == 0
    assert a.filter(pl.col("main_revenue") > pl.col("revenue")).height == 0
    assert a["year"].min() == FIRST_YEAR and a["year"].max() == LAST_YEAR


def test_revenue_is_heavy_tailed_and_young_enterprises_have_fewer_years(zone):
    last = zone.annual.filter(pl.col("year") == LAST_YEAR)["revenue"]
    assert last.mean() > 1.5 * last.median()  # a long right tail
    years_per = zone.annual.group_by("credit_code").len()["len"]
    assert years_per.min() < 5 and years_per.max() == 5


def test_ip_counts_are_derived_from_the_ip_records(zone):
    code = zone.ip.group_by("credit_code").len().sort("len", descending=True)["credit_code"][0]
    granted = zone.ip.filter((pl.col("credit_code") == code) & (pl.col("granted_on").dt.year() <= LAST_YEAR))
    row = zone.annual.filter((pl.col("credit_code") == code) & (pl.col("year") == LAST_YEAR)).row(0, named=True)
    assert row["ip_class1"] + row["ip_class2"] == granted.height


def test_higher_rungs_are_rarer(zone):
    counts = dict(zone.titles.group_by("title").len().iter_rows())
    assert counts["tech_sme"] > counts["srdi_sme"] > counts.get("little_giant", 0)
    little = set(zone.titles.filter(pl.col("title") == "little_giant")["credit_code"])
    srdi = set(zone.titles.filter(pl.col("title") == "srdi_sme")["credit_code"])
    assert little <= srdi  # 小巨人 requires 专精特新


def test_large_zone_written_straight_to_parquet_and_csv(tmp_path):
    zone = generate_zone(20_000, seed=1)
    paths = zone.write(tmp_path, "parquet")
    table = pl.read_parquet(tmp_path / "enterprise_years.parquet")
    assert table.height == zone.annual.height and len(paths) == 5
    zone.write(tmp_path / "csv", "csv")
    assert pl.read_csv(tmp_path / "csv" / "enterprises.csv").height == 20_000
