"""Policy what-if (政策模拟): a copy of an official pack with some numbers changed, never written back.

`knobs` lists every number a pack compares against (each clause's threshold or tier thresholds, age in days,
the score's pass mark and sub-score minimums) with a stable key and the unit users read it in (percentages as
%, not fractions). `sandbox` loads the pack with changed parameters and applies changed knobs, and the result
is validated like any pack; a key the pack does not have, or a parameter it does not declare, is refused with a
reason. The official files and stored verdicts are untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from gaoxin.engine.library import PackError, load_pack, pack_path
from gaoxin.engine.schema import Pack

NUMBERS = {"threshold": ("门槛", None), "days": ("天数", "天")}  # key in a test → (what it is, unit)


@dataclass(frozen=True)
class Knob:
    key: str  # path into the pack, e.g. "clauses/4/test/threshold"
    clause: str  # clause id, or "score"
    label: str  # the clause's label, or the score's
    what: str  # 门槛, a tier's label, 合格线 …
    unit: str
    value: float  # as the pack stores it (fractions for %)

    @property
    def shown(self) -> float:
        """The value as users read and type it (20 for 20%)."""
        return round(self.value * 100, 6) if self.unit == "%" else self.value


def knobs(pack: Pack) -> list[Knob]:
    data = pack.model_dump(mode="json", by_alias=True)
    out: list[Knob] = []
    for i, clause in enumerate(data["clauses"]):
        _walk(clause["test"], f"clauses/{i}/test", clause["id"], clause["label"], "", out)
    score = data.get("score")
    if score:
        out.append(Knob("score/pass_mark", "score", "综合评分", "合格线", "分", score["pass_mark"]))
        for g, group in enumerate(score["groups"]):
            if group["minimum"] is not None:
                out.append(Knob(f"score/groups/{g}/minimum", "score", group["label"], "最低分", "分",
                                group["minimum"]))
    return out


def _walk(node, path: str, clause: str, label: str, unit: str, out: list[Knob]) -> None:
    """Every number a test (or a tier, or an option of any_of / best_of) compares against, in document order;
    a tier's threshold is named by its label and read in the unit of the value it is compared with."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            _walk(item, f"{path}/{i}", clause, label, unit, out)
        return
    if not isinstance(node, dict):
        return
    value = node.get("value")
    if isinstance(value, dict) and value.get("unit"):
        unit = value["unit"]
    for key, (what, fixed_unit) in NUMBERS.items():
        number = node.get(key)
        if isinstance(number, int | float) and not isinstance(number, bool):
            out.append(Knob(f"{path}/{key}", clause, label, node.get("label") or what, fixed_unit or unit,
                            float(number)))
    for key, child in node.items():
        if key != "value" and isinstance(child, dict | list):
            _walk(child, f"{path}/{key}", clause, label, unit, out)


def sandbox(pack: Pack, changes: dict[str, float] | None = None, parameters: dict | None = None) -> Pack:
    """The pack with `parameters` chosen and each knob in `changes` (key → value as shown) set; PackError with
    a reason in Chinese when a key is unknown or the changed pack is inconsistent."""
    base = load_pack(pack_path(pack.id), parameters) if parameters else pack
    by_key = {k.key: k for k in knobs(base)}
    data = base.model_dump(mode="json", by_alias=True)
    for key, shown in (changes or {}).items():
        if key not in by_key:
            raise PackError(f"政策包 {pack.id} 没有可调整的数值 {key}")
        knob = by_key[key]
        _set(data, key, shown / 100 if knob.unit == "%" else shown)
    try:
        return Pack.model_validate(data | {"id": f"{pack.id}~sandbox"})
    except ValidationError as exc:
        reasons = "；".join(e["msg"] for e in exc.errors())
        raise PackError(f"调整后的政策包不成立：{reasons}") from None


def _set(data: dict, key: str, value: float) -> None:
    *parents, last = key.split("/")
    node = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[last] = value
