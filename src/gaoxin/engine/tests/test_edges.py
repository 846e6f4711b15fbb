"""Every boundary of every points table and every fixed threshold in every shipped pack, probed just below, at
and just above: the evaluator's result must be what the pack declares (band inclusiveness, comparison operator).

The expected side is computed from the pack's declaration in plain Python (`Bands.contains`, the operator), the
observed side by the Polars evaluator from enterprise rows built to measure exactly the probed value, so an
expression that gets an edge wrong fails here whatever pack it sits in.
"""

from __future__ import annotations

import datetime as dt
import operator

import polars as pl
import pytest

from gaoxin.contract.fields import BY_CODE
from gaoxin.engine.evaluate import clause_exprs
from gaoxin.engine.frame import wide_frame
from gaoxin.engine.library import all_packs
from gaoxin.engine.schema import Bands, BestOf, Clause, Compare, Expert, Value

YEAR = 2026
OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}
DEN = 10_000


def _tables(pack):
    """(clause id, Bands or Compare) for every table and fixed threshold the pack holds."""
    for clause in pack.clauses:
        test = clause.test
        found = [test]
        if isinstance(test, BestOf):
            found = list(test.options)
        elif isinstance(test, Expert) and test.estimate is not None:
            found = list(test.estimate.options) if isinstance(test.estimate, BestOf) else [test.estimate]
        for i, t in enumerate(found):
            if isinstance(t, Bands) or (isinstance(t, Compare) and t.threshold is not None and not t.every_year):
                yield f"{clause.id}#{i}", t


def _integral(value: Value) -> bool:
    if value.years_since or value.count_true:
        return True
    code = value.input or (value.sum_of or value.min_of or (None,))[0]
    return bool(code) and BY_CODE[code].kind == "int" and value.aggregate == "sum" and value.scale == 1


def _rows(value: Value, v: float) -> list[dict] | None:
    """Enterprise-year rows (years Y−5..Y−1) on which `value` measures exactly `v`; None if impossible."""
    years = {YEAR + k: {} for k in range(-5, 0)}
    enterprise = {"founded_on": dt.date(2000, 1, 1)}
    v = v / value.scale if isinstance(value.scale, (int, float)) and value.scale != 1 else v
    offsets = list(value.offsets())
    if value.years_since:
        enterprise[value.years_since] = dt.date(int(YEAR + value.year - v), 6, 1) if BY_CODE[
            value.years_since].kind == "date" else int(YEAR + value.year - v)
    elif value.count_true:
        if not 0 <= v <= len(value.count_true) or v != int(v):
            return None
        for i, code in enumerate(value.count_true):
            years[YEAR + value.year][code] = i < v
    elif value.growth:
        if v <= -1:
            return None
        first, last = value.years
        n = last - first + 1 if value.method != "last_ratio" else 2
        start = last - n + 1
        for j, k in enumerate(range(start, last + 1)):
            years[YEAR + k][value.growth] = 1000.0 * (1 + v) ** j
    elif value.ratio:
        num, den = value.ratio
        for k in offsets:
            years[YEAR + k][num], years[YEAR + k][den] = 0.0, 0.0
        years[YEAR + offsets[-1]][den] = float(DEN)
        amount = v * DEN
        if BY_CODE[num].kind == "int" and abs(amount - round(amount)) > 1e-9:
            return None
        years[YEAR + offsets[-1]][num] = round(amount, 6)
    else:
        codes = value.min_of or value.sum_of or (value.input,)
        field = BY_CODE[codes[0]]
        raw = v * 100 if field.kind == "percent" else v
        if field.kind == "bool":
            if v not in (0, 1):
                return None
            raw = bool(v)
        for k in offsets:
            for i, code in enumerate(codes):
                share = raw if (value.aggregate == "mean" or k == offsets[-1]) and (i == 0 or value.min_of) else 0
                years[YEAR + k][code] = share
        if field.level == "enterprise":
            enterprise[codes[0]] = raw
    return [{"year": y} | enterprise | figures for y, figures in years.items()]


def _probes(test) -> list[float]:
    edges = [test.threshold] if isinstance(test, Compare) else sorted(
        {e for b in test.bands for e in (b.from_, b.to) if e is not None})
    step = 1 if _integral(test.value) else 1e-4
    return [e + d for e in edges for d in (-step, 0, step)]


def _expected(test, v: float):
    if isinstance(test, Compare):
        return int(OPS[test.op](v, test.threshold))
    band = next(b for b in test.bands if test.contains(b, v))
    return band.points if isinstance(band.points, tuple) else (band.points, band.points)


CASES = [pytest.param(pack, cid, test, id=f"{pack.id}:{cid}") for pack in all_packs()
         for cid, test in _tables(pack)]


def test_every_pack_has_tables_to_probe():
    assert len(CASES) > 150


@pytest.mark.parametrize("pack, cid, test", CASES)
def test_every_edge(pack, cid, test):
    probes = [(v, rows) for v in _probes(test) if (rows := _rows(test.value, v)) is not None]
    assert probes, "no probe could be built"
    table = pl.DataFrame([{"credit_code": f"E{i:04d}"} | r for i, (_, rows) in enumerate(probes) for r in rows],
                         infer_schema_length=None)
    clause = Clause(id=f"{pack.policy}.probe", label="probe", article="-", test=test)
    needs = {(c, k) for c in test.value.inputs() for k in range(-5, 0)}
    frame = wide_frame(table, YEAR, needs | {("founded_on", -1)}).sort("credit_code")
    parts = clause_exprs(clause, YEAR, False, dt.date(YEAR, 7, 1))
    got = frame.select(**{name: expr for name, expr in parts.items()})
    for i, (v, _) in enumerate(probes):
        want = _expected(test, v)
        if isinstance(test, Compare):
            assert got["status"][i] == want, (cid, v)
        else:
            assert (got["pmin"][i], got["pmax"][i]) == want, (cid, v, got["value"][i])
