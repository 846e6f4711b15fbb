"""The benchmark runs and its references agree with the engine (the speed figures live in docs/performance.md)."""

import json

from typer.testing import CliRunner

from gaoxin.cli import app


def test_bench_engine_prints_the_agreed_keys():
    result = CliRunner().invoke(app, ["bench", "engine", "--enterprises", "3000", "--format", "json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert {"enterprises", "seconds", "tech_sme_seconds", "peak_rss_mb", "loop_seconds", "sql_seconds",
            "sql_pivoted_seconds"} <= set(figures)
    assert figures["enterprises"] == 3000 and figures["seconds"] > 0
