"""The shape of a policy pack, checked when it is loaded so a broken file fails with a message, not a verdict.

One file is one version of one policy (e.g. 科技型中小企业 under the 2022 指引). Thresholds, bands and dates are
data here; the evaluator only interprets them. Every clause names the article it comes from, and every input it
reads is a field of the data contract, so forms and "what data is missing" lists can be built from the pack.
The clause kinds (what a clause tests) live one per module in `kinds/`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import model_validator

from gaoxin.engine.kinds import (  # noqa: F401 - the schema's public names
    KINDS,
    Age,
    AnyOf,
    AtLeastLevel,
    Band,
    Bands,
    BestOf,
    ChoiceIn,
    Compare,
    Expert,
    Filled,
    Flag,
    IndustryNotIn,
    LevelPoints,
    OneInput,
    SmeSize,
    Test,
    Tier,
    Tiers,
    TitleHeld,
    Within,
)
from gaoxin.engine.kinds.compare import Op  # noqa: F401
from gaoxin.engine.value import Strict, Value  # noqa: F401

# In ladder order. The three board standards are not titles: they say which board's listing standard an
# enterprise's figures already meet, next to 上市后备.
POLICIES = ("tech_sme", "high_tech", "innovative_sme", "srdi_sme", "little_giant", "gazelle", "seed_unicorn",
            "potential_unicorn", "unicorn", "listing_reserve", "board_star", "board_chinext", "board_bse")
PROGRAM = "program"  # the pseudo-policy of a support program's eligibility clauses (never stored as a verdict)
BENEFIT = "benefit"  # the pseudo-policy of a benefit's (扶持政策) eligibility clauses (engine/benefit.py)


class Clause(Strict):
    id: str
    label: str
    article: str  # the 文号 and article the threshold comes from
    test: Test
    note: str = ""


class Node(Strict):
    """A nested group in the rule: every member (`all`) or at least one (`any`); members are clause ids,
    `score`, or further groups (小巨人: 研发分档 with its own conditions, or a 直通 route)."""

    all: tuple[str | Node, ...] = ()
    any: tuple[str | Node, ...] = ()

    @model_validator(mode="after")
    def _one_kind(self) -> Node:
        if bool(self.all) == bool(self.any):
            raise ValueError("a rule group has either `all` or `any`, not both")
        return self

    def refs(self) -> list[str]:
        return _refs(self.all + self.any)


def _refs(members) -> list[str]:
    return [r for m in members for r in ([m] if isinstance(m, str) else m.refs())]


class Rule(Strict):
    """Verdict logic over clause ids: every clause in `all`, and at least one branch of `any` when given.

    A branch is a clause id, a nested group, or `score` (the sum of `score.clauses` reaches `score.pass_mark`,
    every clause in `score.nonzero` scored points and every score group its minimum).
    """

    all: tuple[str | Node, ...]
    any: tuple[str | Node, ...] = ()

    def refs(self) -> list[str]:
        return _refs(self.all + self.any)


class ScoreGroup(Strict):
    """A sub-score reported on its own and, with `minimum`, required on its own (创新型: 创新能力类 ≥ 20 分)."""

    id: str
    label: str
    clauses: tuple[str, ...]
    minimum: float | None = None


class Score(Strict):
    clauses: tuple[str, ...]
    pass_mark: float
    nonzero: tuple[str, ...] = ()
    groups: tuple[ScoreGroup, ...] = ()


class Document(Strict):
    number: str  # 文号
    title: str
    issued_on: dt.date | None = None


class Decision(Strict):
    """How this pack settles a point the official text leaves open (fact sheet: UNVERIFIED)."""

    about: str
    decision: str
    reason: str
    parameters: tuple[str, ...] = ()  # the pack parameters (identifiers) that let a zone choose otherwise
    options: dict[str, str] = {}  # what each other value of the parameter means, when it is a choice


class Pack(Strict):
    id: str
    policy: Literal[(*POLICIES, PROGRAM, BENEFIT)]  # type: ignore[valid-type]
    name: str
    variant: str = "national"
    overlays: str | None = None  # the pack this one was built on (`base:` in the file)
    issuer: str
    documents: tuple[Document, ...]
    effective_from: dt.date
    superseded_on: dt.date | None = None
    source: str
    notice: str = ""  # what users must know about this version's standing (沿用, 未核实 …), shown with its verdicts
    parameters: dict[str, str | float | int | bool] = {}
    decisions: tuple[Decision, ...] = ()
    clauses: tuple[Clause, ...]
    score: Score | None = None
    rule: Rule

    @model_validator(mode="after")
    def _consistent(self) -> Pack:
        ids = [c.id for c in self.clauses]
        if len(set(ids)) != len(ids):
            raise ValueError("clause ids must be unique")
        for clause_id in ids:
            if not clause_id.startswith(self.policy + "."):
                raise ValueError(f"clause id “{clause_id}” must start with “{self.policy}.”")
        known = set(ids) | ({"score"} if self.score else set())
        named = self.rule.refs()
        if self.score:
            named += [*self.score.clauses, *self.score.nonzero, *(c for g in self.score.groups for c in g.clauses)]
        for ref in named:
            if ref not in known:
                raise ValueError(f"the rule names “{ref}”, which is not a clause of this pack")
        unused = set(ids) - set(named)
        if unused:
            raise ValueError(f"clauses used by neither the rule nor the score: {', '.join(sorted(unused))}")
        if self.superseded_on and self.superseded_on <= self.effective_from:
            raise ValueError("superseded_on must come after effective_from")
        for decision in self.decisions:
            for name in decision.parameters:
                if name not in self.parameters:
                    raise ValueError(f"the decision “{decision.about}” names “{name}”, which is not a parameter")
        return self

    def decision_for(self, parameter: str) -> Decision | None:
        """The decision that explains a parameter (what the default settles and why), if the pack gives one."""
        return next((d for d in self.decisions if parameter in d.parameters), None)

    def inputs(self) -> tuple[str, ...]:
        """Every contract field this pack reads, in clause order: what a form must ask for."""
        seen: dict[str, None] = {}
        for clause in self.clauses:
            for code in clause.test.inputs():
                seen.setdefault(code)
        return tuple(seen)

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.superseded_on is None or day < self.superseded_on)
