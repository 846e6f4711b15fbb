"""`gaoxin screen`: every policy pack (and every benefit) in force, over enterprise-year data in Parquet, to
Parquet results — on this machine by default, or on Apache Spark for a province's tens of millions of rows.

Both paths call the same function, `screen_frame`, on groups of whole enterprises: the single-machine path on
chunks it reads itself, Spark on each partition after repartitioning by credit code (`mapInArrow`, one call per
partition). The packs are the same files either way; nothing in the engine knows it runs on Spark.

Results: one row per enterprise × policy (or benefit): credit_code, assessment_year, kind (policy | benefit),
policy, policy_version, verdict, score_min, score_max, unknown (clauses undecided for lack of data), amount_yuan
(benefits: whole 元; null for policies or when a figure it needs is unknown).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pyarrow as pa

from gaoxin.engine.benefit import AMOUNT, Benefit, benefits_in_force, evaluate_benefits
from gaoxin.engine.evaluate import iter_evaluations, verdicts
from gaoxin.engine.frame import KEY
from gaoxin.engine.library import assessment_date
from gaoxin.engine.run import TITLE_SCHEMA, packs_in_force, titles_table
from gaoxin.engine.schema import Pack

RESULT_SCHEMA = {KEY: pl.String, "assessment_year": pl.Int32, "kind": pl.String, "policy": pl.String,
                 "policy_version": pl.String, "verdict": pl.String, "score_min": pl.Float64, "score_max": pl.Float64,
                 "unknown": pl.Int32, AMOUNT: pl.Int64}
SPARK_TYPES = {pl.String: "string", pl.Int32: "int", pl.Int64: "bigint", pl.Float64: "double"}
TITLE_PREFIX = "__title__"
PARTITION_ROWS = 200_000  # title rows travel with the enterprise's year rows on Spark, under these columns


def screen_frame(table: pl.DataFrame, titles: pl.DataFrame | None, year: int, on: dt.date, packs: list[Pack],
                 benefits: list[Benefit]) -> pl.DataFrame:
    """The results for the enterprises in `table` (every one of their rows must be there)."""
    parts = [_rows(frame, pack, "policy", year) for pack, frame in iter_evaluations(packs, table, year, on, titles)]
    parts += [_rows(frame, benefit.pack(), "benefit", year, frame[AMOUNT])
              for benefit, frame in evaluate_benefits(benefits, table, year, on, titles)] if benefits else []
    if not parts:
        return pl.DataFrame(schema=RESULT_SCHEMA)
    return pl.concat(parts).sort(KEY, "kind", "policy")


def _rows(frame: pl.DataFrame, pack: Pack, kind: str, year: int, amount: pl.Series | None = None) -> pl.DataFrame:
    undecided = pl.sum_horizontal(pl.col(f"{c.id}:status").is_null().cast(pl.Int32) for c in pack.clauses)
    has_score = "score_min" in frame.columns
    return frame.select(
        pl.col(KEY),
        pl.lit(year, dtype=pl.Int32).alias("assessment_year"),
        pl.lit(kind).alias("kind"),
        pl.lit(pack.id.split("@")[0] if kind == "benefit" else pack.policy).alias("policy"),
        pl.lit(pack.id).alias("policy_version"),
        verdicts(frame).alias("verdict"),
        (pl.col("score_min") if has_score else pl.lit(None)).cast(pl.Float64).alias("score_min"),
        (pl.col("score_max") if has_score else pl.lit(None)).cast(pl.Float64).alias("score_max"),
        undecided.cast(pl.Int32).alias("unknown"),
        (pl.lit(amount) if amount is not None else pl.lit(None)).cast(pl.Int64).alias(AMOUNT),
    )


def rules(year: int, on: dt.date | None, policies: list[str] | None, variants: dict[str, str] | None,
          with_benefits: bool) -> tuple[dt.date, list[Pack], list[Benefit]]:
    day = assessment_date(year, on)
    return day, packs_in_force(day, policies, variants), benefits_in_force(day) if with_benefits else []


# ---------------------------------------------------------------- this machine


def screen_local(data: Path, titles: Path | None, out: Path, year: int, on: dt.date | None = None,
                 policies: list[str] | None = None, variants: dict[str, str] | None = None,
                 with_benefits: bool = False, chunk: int = 200_000) -> int:
    """Screen Parquet data here, `chunk` enterprises at a time (so memory stays bounded), writing one Parquet
    file per chunk into `out`. Returns the number of result rows."""
    day, packs, benefits = rules(year, on, policies, variants, with_benefits)
    scan = pl.scan_parquet(_parquet_files(data))
    keys = scan.select(pl.col(KEY).unique()).collect()[KEY].sort()
    title_scan = pl.scan_parquet(_parquet_files(titles)) if titles else None
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for i, start in enumerate(range(0, len(keys), chunk)):
        wanted = keys.slice(start, chunk).implode()
        table = scan.filter(pl.col(KEY).is_in(wanted)).collect().sort(KEY, "year")
        held = title_scan.filter(pl.col(KEY).is_in(wanted)).collect() if title_scan is not None else None
        result = screen_frame(table, _titles(held), year, day, packs, benefits)
        result.write_parquet(out / f"part-{i:05d}.parquet")
        written += result.height
    return written


def _parquet_files(path: Path) -> list[str]:
    files = sorted(str(p) for p in path.rglob("*.parquet")) if path.is_dir() else [str(path)]
    if not files:
        raise FileNotFoundError(f"{path} 下没有 Parquet 文件")
    return files


def _titles(frame: pl.DataFrame | None) -> pl.DataFrame | None:
    return None if frame is None else titles_table(frame)


# ---------------------------------------------------------------- Spark


def screen_spark(data: Path, titles: Path | None, out: Path, year: int, master: str = "local[2]",
                 on: dt.date | None = None, policies: list[str] | None = None,
                 variants: dict[str, str] | None = None, with_benefits: bool = False,
                 partitions: int | None = None) -> int:
    """Screen on Spark (`master`: local[N] or a cluster URL): read Parquet, bring each enterprise's year rows
    and title rows into one partition, run `screen_frame` on every partition, write Parquet to `out`."""
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    day, packs, benefits = rules(year, on, policies, variants, with_benefits)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers need this interpreter's packages (gaoxin)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # local mode: don't bind the external interface
    spark = (SparkSession.builder.master(master).appName("gaoxin screen")
             .config("spark.driver.memory", os.environ.get("GAOXIN_SPARK_DRIVER_MEMORY", "4g"))
             .config("spark.ui.enabled", "false").config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    try:
        rows = spark.read.parquet(*_parquet_files(data)).withColumn("__row", F.lit("year"))
        if titles is not None:
            held = spark.read.parquet(*_parquet_files(titles)).select(
                KEY, *(F.col(c).alias(TITLE_PREFIX + c) for c in TITLE_SCHEMA if c != KEY)).withColumn(
                "__row", F.lit("title"))
            rows = rows.unionByName(held, allowMissingColumns=True)
        # partitions of about PARTITION_ROWS rows: each is evaluated whole in one Python worker's memory
        n = partitions or max(spark.sparkContext.defaultParallelism * 4, -(-rows.count() // PARTITION_ROWS))
        schema = ", ".join(f"{name} {SPARK_TYPES[dtype]}" for name, dtype in RESULT_SCHEMA.items())
        partition = _partition_fn(year, day, packs, benefits, titles is not None)
        result = rows.repartition(n, KEY).mapInArrow(partition, schema=schema)
        result.write.mode("overwrite").parquet(str(out))
        return spark.read.parquet(str(out)).count()
    finally:
        spark.stop()


def _partition_fn(year: int, on: dt.date, packs: list[Pack], benefits: list[Benefit], has_titles: bool):
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        frames = [pl.from_arrow(b) for b in batches]
        frames = [f for f in frames if f.height]
        if not frames:
            return
        data = pl.concat(frames, how="diagonal_relaxed")
        years = data.filter(pl.col("__row") == "year").drop("__row", *(c for c in data.columns
                                                                         if c.startswith(TITLE_PREFIX)))
        titles = None
        if has_titles:
            titles = data.filter(pl.col("__row") == "title").select(
                KEY, *(pl.col(TITLE_PREFIX + c).alias(c) for c in TITLE_SCHEMA if c != KEY)).pipe(_titles)
        result = screen_frame(years.sort(KEY, "year"), titles, year, on, packs, benefits)
        yield from result.to_arrow().to_batches()
    return run
