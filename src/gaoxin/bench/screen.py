"""`gaoxin bench screen`: throughput and memory of `gaoxin screen` on a province-sized table, on this machine and
on Spark local[1] / local[2], each in its own process tree so memory is measured for that run alone.

The data is the demo generator's (N enterprises × 4 years), written once as Parquet partitioned by enterprise
(files by hash bucket of the credit code) and reused. Peak memory is the largest sum of resident memory over the
whole process tree (the JVM and its Python workers included), sampled every half second.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import polars as pl

BUCKETS = 16


def prepare(enterprises: int, directory: Path, seed: int = 2025) -> tuple[Path, Path]:
    """The partitioned year table and the titles file, generated unless already there."""
    years, titles = directory / "years", directory / "titles.parquet"
    if years.is_dir() and titles.exists():
        return years, titles
    from gaoxin.demo.generator import generate_zone

    zone = generate_zone(enterprises, seed=seed)
    years.mkdir(parents=True, exist_ok=True)
    table = zone.enterprise_years().with_columns(bucket=pl.col("credit_code").hash() % BUCKETS)
    for i, part in enumerate(table.partition_by("bucket", include_key=False, maintain_order=True)):
        part.write_parquet(years / f"part-{i:02d}.parquet")
    zone.titles.write_parquet(titles)
    return years, titles


def measure(years: Path, titles: Path, year: int, out: Path, master: str | None) -> dict:
    """Run `gaoxin screen` once in a child process; seconds, rows per second and peak memory."""
    import psutil

    command = [sys.executable, "-c", "from gaoxin.cli import app; app()", "screen", str(years), "--out", str(out),
               "--year", str(year), "--titles", str(titles), *(["--master", master] if master else [])]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    root, peak = psutil.Process(child.pid), 0
    while child.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.5)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise RuntimeError(f"gaoxin screen ({master or 'local'}) failed: {child.stdout.read()}")
    rows = pl.scan_parquet(str(years / "*.parquet")).select(pl.len()).collect().item()
    return {"seconds": round(seconds, 1), "enterprise_years_per_second": round(rows / seconds),
            "peak_memory_mb": round(peak / 2**20)}


def run(enterprises: int, directory: Path, masters: list[str], year: int = 2026) -> dict:
    years, titles = prepare(enterprises, directory)
    rows = pl.scan_parquet(str(years / "*.parquet")).select(pl.len()).collect().item()
    figures = {"enterprises": enterprises, "enterprise_years": rows, "year": year, "runs": {}}
    for master in masters:
        name = master or "this machine (Polars)"
        slug = "".join(ch if ch.isalnum() else "-" for ch in master or "polars")  # Hadoop globs "[2]" in paths
        figures["runs"][name] = measure(years, titles, year, directory / f"out-{slug}", master)
    return figures
