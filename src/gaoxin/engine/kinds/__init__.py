"""Every clause kind, one module each, registered here: the pack schema's `Test` is the union of this table."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from gaoxin.engine.kinds.age import Age
from gaoxin.engine.kinds.any_of import AnyOf
from gaoxin.engine.kinds.at_least_level import AtLeastLevel
from gaoxin.engine.kinds.bands import TOP_BAND, Band, Bands
from gaoxin.engine.kinds.base import Ctx, Kind, OneInput, Row
from gaoxin.engine.kinds.best_of import BestOf
from gaoxin.engine.kinds.choice_in import ChoiceIn
from gaoxin.engine.kinds.compare import Compare, Tier, Tiers
from gaoxin.engine.kinds.expert import Expert
from gaoxin.engine.kinds.filled import Filled
from gaoxin.engine.kinds.flag import Flag
from gaoxin.engine.kinds.industry_not_in import IndustryNotIn
from gaoxin.engine.kinds.level_points import LevelPoints
from gaoxin.engine.kinds.sme_size import SmeSize
from gaoxin.engine.kinds.title_held import TitleHeld
from gaoxin.engine.kinds.within import Within

KINDS = (Flag, Compare, Bands, BestOf, TitleHeld, Within, AtLeastLevel, Age, Filled, Expert, SmeSize, LevelPoints,
         AnyOf, ChoiceIn, IndustryNotIn)

Test = Annotated[Flag | Compare | Bands | BestOf | TitleHeld | Within | AtLeastLevel | Age | Filled | Expert | SmeSize
                 | LevelPoints | AnyOf | ChoiceIn | IndustryNotIn, Field(discriminator="kind")]

__all__ = ["KINDS", "TOP_BAND", "Age", "AnyOf", "AtLeastLevel", "Band", "Bands", "BestOf", "ChoiceIn", "Compare",
           "Ctx", "Expert", "Filled", "Flag", "IndustryNotIn", "Kind", "LevelPoints", "OneInput", "Row", "SmeSize",
           "Test", "Tier", "Tiers", "TitleHeld", "Within"]
