"""`gaoxin screen`: the same packs on Spark and on this machine give identical results on the demo zone, and both
agree with the engine's own single-machine evaluation (verdicts, score ranges) and benefit amounts."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import polars as pl
import pytest
from typer.testing import CliRunner

from gaoxin.demo.generator import generate_zone
from gaoxin.engine.benefit import AMOUNT, benefits_in_force, evaluate_benefits
from gaoxin.engine.run import Inputs, evaluate_inputs
from gaoxin.engine.screen import screen_local

YEAR = 2026


@pytest.fixture(scope="module")
def zone_files(tmp_path_factory):
    directory = tmp_path_factory.mktemp("zone")
    zone = generate_zone(400, seed=7)
    zone.write(directory)
    return directory, zone


def results(directory) -> pl.DataFrame:
    return pl.read_parquet(str(directory / "*.parquet")).sort("credit_code", "kind", "policy")


def test_the_local_path_agrees_with_the_engine_and_the_benefits(zone_files, tmp_path):
    directory, zone = zone_files
    rows = screen_local(directory / "enterprise_years.parquet", directory / "titles.parquet", tmp_path / "out",
                        YEAR, with_benefits=True, chunk=150)  # several chunks
    got = results(tmp_path / "out")
    assert rows == got.height
    table, titles = zone.enterprise_years(), zone.titles.select("credit_code", "title", "recognized_on", "valid_until")
    expected = {(r["credit_code"], r["policy"]): (r["verdict"], r["score_range"])
                for r in evaluate_inputs(Inputs(table, titles), YEAR)}
    policies = got.filter(pl.col("kind") == "policy")
    assert policies.height == len(expected)
    for r in policies.iter_rows(named=True):
        verdict, score_range = expected[(r["credit_code"], r["policy"])]
        assert r["verdict"] == verdict
        assert [r["score_min"], r["score_max"]] == (score_range or [None, None])
    amounts = {}
    for benefit, frame in evaluate_benefits(benefits_in_force(dt.date(YEAR, 7, 1)), table, YEAR,
                                            dt.date(YEAR, 7, 1), titles):
        amounts |= {(code, benefit.code): amount for code, amount in zip(frame["credit_code"], frame[AMOUNT],
                                                                          strict=True)}
    for r in got.filter(pl.col("kind") == "benefit").iter_rows(named=True):
        assert r[AMOUNT] == amounts[(r["credit_code"], r["policy"])]


@pytest.mark.spark
def test_spark_gives_identical_results_to_this_machine(zone_files, tmp_path, spark_available):
    directory, _ = zone_files
    # input partitioned by enterprise: several files, each enterprise's rows in one of them
    parts = tmp_path / "years"
    parts.mkdir()
    table = pl.read_parquet(directory / "enterprise_years.parquet")
    bucketed = table.with_columns(bucket=pl.col("credit_code").hash() % 3)
    for i, chunk in enumerate(bucketed.partition_by("bucket", include_key=False)):
        chunk.write_parquet(parts / f"part-{i}.parquet")
    runner = CliRunner()
    common = ["--year", str(YEAR), "--titles", str(directory / "titles.parquet"), "--benefits"]
    here = runner.invoke(app(), ["screen", str(parts), "--out", str(tmp_path / "local"), *common])
    there = runner.invoke(app(), ["screen", str(parts), "--out", str(tmp_path / "spark"), "--master", "local[2]",
                                  *common])
    assert here.exit_code == 0 and there.exit_code == 0, there.output
    spark, local = results(tmp_path / "spark"), results(tmp_path / "local")
    assert spark.equals(local) and spark["credit_code"].n_unique() == 400
    assert set(spark["kind"]) == {"policy", "benefit"}


def app():
    from gaoxin.cli import app as cli

    return cli


@pytest.fixture
def spark_available():
    if shutil.which("java") is None:
        if os.environ.get("GAOXIN_REQUIRE_SPARK") == "1":
            pytest.fail("Java is required here (GAOXIN_REQUIRE_SPARK=1): apt-get install openjdk-17-jre-headless")
        pytest.skip("Spark test: no Java on this machine (apt-get install openjdk-17-jre-headless)")
    pytest.importorskip("pyspark")
