"""Chinese first, English on request; money in 万元 / 亿元."""

from decimal import Decimal

from django.urls import reverse

from gaoxin.registry.templatetags.gaoxin_format import wan


def test_ui_is_chinese_even_for_an_english_browser(client, staff):
    client.force_login(staff)
    page = client.get(reverse("registry:enterprise_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "企业库" in page.content.decode() and page["Content-Language"] == "zh-hans"


def test_english_when_the_user_picks_it(client, staff):
    client.force_login(staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("registry:enterprise_list")).content.decode()
    assert "Export to Excel" in page and "导出 Excel" not in page


def test_money_in_wan_and_yi():
    assert wan(Decimal("1234.5")) == "1,234.50 万元"
    assert wan(Decimal("12345.678")) == "1.23 亿元"
    assert wan(None) == "—"
