"""The data contract's tables (enterprise-years and titles) for many registry enterprises at once.

Rows come out grouped by enterprise with years ascending, the order the engine pivots fastest. An enterprise
without figures still gets a row (year empty), so it is evaluated and its missing data named.
"""

from __future__ import annotations

import polars as pl

from gaoxin.contract.fields import ENTERPRISE_FIELDS, FIGURE_FIELDS
from gaoxin.engine.run import TITLE_SCHEMA, Inputs
from gaoxin.registry.models import AnnualFigures, Enterprise, TitleHeld

ENTERPRISE_CODES = [f.code for f in ENTERPRISE_FIELDS if f.code != "park"]
FIGURE_CODES = [f.code for f in FIGURE_FIELDS]


def zone_inputs(enterprise_ids: list[int]) -> tuple[Inputs, dict[str, int]]:
    """Inputs for these enterprises and the map from credit code back to enterprise id."""
    enterprises = pl.DataFrame(list(Enterprise.objects.filter(pk__in=enterprise_ids).order_by("pk").values(
        "pk", *ENTERPRISE_CODES)), schema_overrides={"pk": pl.Int64}, infer_schema_length=None)
    figures = list(AnnualFigures.objects.filter(enterprise_id__in=enterprise_ids).order_by(
        "enterprise_id", "year").values("enterprise_id", "year", *FIGURE_CODES))
    annual = pl.DataFrame(figures, infer_schema_length=None) if figures else pl.DataFrame(
        {"enterprise_id": [], "year": []}, schema={"enterprise_id": pl.Int64, "year": pl.Int32})
    without = enterprises.filter(~pl.col("pk").is_in(annual["enterprise_id"].implode())).select(
        pl.col("pk").alias("enterprise_id"), pl.lit(None, dtype=pl.Int32).alias("year"))
    annual = pl.concat([annual, without], how="diagonal_relaxed").sort("enterprise_id", "year", nulls_last=True)
    table = annual.join(enterprises.rename({"pk": "enterprise_id"}), on="enterprise_id", how="left",
                        maintain_order="left").drop("enterprise_id")
    titles = pl.DataFrame(list(TitleHeld.objects.filter(enterprise_id__in=enterprise_ids).values(
        "enterprise__credit_code", "title", "recognized_on", "valid_until")), infer_schema_length=None)
    titles = (titles.rename({"enterprise__credit_code": "credit_code"}).select(*TITLE_SCHEMA).cast(TITLE_SCHEMA)
              if titles.height else pl.DataFrame(schema=TITLE_SCHEMA))
    ids = dict(zip(enterprises["credit_code"].to_list(), enterprises["pk"].to_list(), strict=True))
    return Inputs(_plain(table), titles), ids


def _plain(table: pl.DataFrame) -> pl.DataFrame:
    """Stored values as the engine reads them: Decimal → float, an empty choice ("") → unknown."""
    return table.with_columns(
        *(pl.col(c).cast(pl.Float64) for c, t in table.schema.items() if isinstance(t, pl.Decimal)),
        *(pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c)
          for c, t in table.schema.items() if t == pl.String and c != "credit_code"))
