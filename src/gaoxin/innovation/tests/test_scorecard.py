"""科技招商 scorecard: bands at their edges, unknowns scored 0 with the upper bound shown, the gap to the next
band in words, the ranking and its Excel."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gaoxin.innovation.models import Prospect
from gaoxin.innovation.scorecard import score


@pytest.mark.parametrize(("value", "points"), [("9.99", 80), ("10", 100), ("5.99", 60), ("6", 80),
                                               ("0.99", 0), ("1", 30)])
def test_rd_intensity_bands_at_their_edges(value, points):
    line = next(line for line in score({"rd_intensity": Decimal(value)}).lines if line.code == "rd_intensity")
    assert line.points == points


def test_the_explanation_names_the_gap_and_the_unknowns():
    result = score({"rd_intensity": Decimal("4.5"), "ip_class1": Decimal(20), "rd_staff": Decimal(30),
                    "growth": Decimal(35), "titles": Decimal(2), "financing": Decimal(1500), "trl": None})
    lines = {line.code: line for line in result.lines}
    assert lines["rd_intensity"].gap == "再增加 1.5% 可得 80 分"
    assert lines["ip_class1"].gap == "" and lines["trl"].gap == "未填报" and lines["trl"].status == "unknown"
    # (60×25 + 100×15 + 60×15 + 80×15 + 60×10 + 60×10 + 0×10) / 100 = 63; with TRL at the top band: 73
    assert (result.score, result.upper, result.grade) == (Decimal("63.0"), Decimal("73.0"), "B 积极跟进")


def test_prospects_are_ranked_and_exported(client, staff):
    client.force_login(staff)
    client.post(reverse("innovation:prospect_new"), {"name": "甲智能", "stage": "talks", "rd_intensity": "12",
                                                       "ip_class1": "25", "rd_staff": "120", "growth": "60",
                                                       "titles": "5", "financing": "20000", "trl": "9"})
    client.post(reverse("innovation:prospect_new"), {"name": "乙材料", "rd_intensity": "2"})
    page = client.post(reverse("innovation:prospect_new"), {"name": "丙", "rd_intensity": "很多"}).content.decode()
    assert "应为数字" in page.split('name="rd_intensity"')[1].split("</tr>")[0] and Prospect.objects.count() == 2
    assert 'value="很多"' in page  # what was typed is kept
    page = client.get(reverse("innovation:prospects")).content.decode()
    assert page.index("甲智能") < page.index("乙材料") and "A 重点引进" in page
    detail = client.get(reverse("innovation:prospect", args=[Prospect.objects.get(name="乙材料").pk]))
    assert "再增加 1% 可得 60 分" in detail.content.decode()
    book = load_workbook(io.BytesIO(client.get(reverse("innovation:prospects") + "?export=xlsx").content))
    assert [c.value for c in book["科技招商评估"][2]][:6] == [1, "甲智能", None, None, "洽谈中", 100]
