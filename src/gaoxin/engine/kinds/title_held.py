"""A title held and valid on the assessment date (e.g. 有效期内的高新技术企业)."""

from __future__ import annotations

from typing import Literal

import polars as pl
from pydantic import field_validator

from gaoxin.contract.titles import TITLE_BY_CODE
from gaoxin.engine.kinds.base import Ctx, Kind, Row
from gaoxin.engine.text import fiscal_year


class TitleHeld(Kind):
    kind: Literal["title_held"]
    title: str
    required: bool = True  # false: this version does not ask for it (the clause always passes, and says so)
    recognized_in: int | None = None  # only a recognition dated in fiscal year Y+k (−1: 上年度新认定的)

    @property
    def flag(self) -> str:
        """The frame column that says whether the enterprise holds it (one per title and recognition year)."""
        return f"__title_{self.title}" + ("" if self.recognized_in is None else f"@{self.recognized_in}")

    @field_validator("title")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in TITLE_BY_CODE:
            raise ValueError(f"unknown title “{v}”")
        return v

    def columns(self, ctx: Ctx) -> dict[str, pl.Expr]:
        if not self.required:
            return {"status": pl.lit(1, dtype=pl.Int8)}
        if not ctx.has_titles:
            return {"status": pl.lit(None, dtype=pl.Int8)}
        return {"status": pl.col(self.flag).cast(pl.Int8)}

    def reads_title(self) -> str | None:
        return self.title if self.required else None

    def threshold_text(self, row: Row | None) -> str:
        label = TITLE_BY_CODE[self.title].label
        if not self.required:
            return f"本版本不要求持有{label}称号"
        if self.recognized_in is not None:
            return f"{fiscal_year(self.recognized_in)}新认定的{label}，且在有效期内"
        return f"持有有效的{label}称号"

    def missing(self, row: Row) -> list[str]:
        return ["titles"]
