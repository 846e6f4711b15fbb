"""一企一策: the generated .docx and .pdf opened and read back, their permissions, and the batch zip job."""

import datetime as dt
import io
import zipfile
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from gaoxin.cultivation.models import ServiceAssignment
from gaoxin.cultivation.report.fonts import truetype_cjk
from gaoxin.cultivation.services import evaluate_enterprises
from gaoxin.jobs.models import Job
from gaoxin.jobs.services import drain
from gaoxin.registry.models import AnnualFigures, TitleHeld

YEAR = dt.date.today().year


def make_candidate(make_enterprise, name="青江星云软件有限公司", park=None, **figures):
    """A 科小 near miss: score 42 < 60, short of 27 万元 R&D (see test_ladder)."""
    enterprise = make_enterprise(name, park=park, founded_on=dt.date(YEAR - 2, 1, 1), resident=True,
                                 restricted_industry=False, credit_blacklisted=False)
    values = dict(employees=50, tech_staff=20, revenue=Decimal(3000), total_assets=Decimal(2000),
                  total_cost=Decimal(2800), rd_expense=Decimal(63), ip_class1=0, ip_class2=2, major_incident=False,
                  led_standard=False, rd_institution_level="none") | figures
    for back in (2, 1):
        AnnualFigures.objects.create(enterprise=enterprise, year=YEAR - back, **values)
    return enterprise


@pytest.fixture
def candidate(make_enterprise, staff):
    enterprise = make_candidate(make_enterprise)
    TitleHeld.objects.create(enterprise=enterprise, title="innovative_sme", level="provincial",
                             recognized_on=dt.date(YEAR - 2, 6, 1), valid_until=dt.date(YEAR + 1, 5, 31))
    ServiceAssignment.objects.create(enterprise=enterprise, policy="tech_sme", officer=staff)
    return enterprise


def docx_text(data: bytes) -> tuple[str, object]:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts), document


def test_the_word_plan_says_where_the_enterprise_stands_and_what_to_do(client, staff, candidate):
    client.force_login(staff)
    response = client.get(reverse("cultivation:report", args=[candidate.credit_code, "docx"]))
    assert response.status_code == 200
    assert unquote(response["Content-Disposition"]).endswith(f"一企一策_{candidate.credit_code}_{YEAR}.docx")
    text, document = docx_text(response.content)
    assert f"青江星云软件有限公司 一企一策培育方案（{YEAR} 年度）" in text
    assert candidate.credit_code in text and "青江科技城" in text and "staff" in text  # profile and 服务专员
    assert f"{YEAR - 1} 年" in text and "3,000" in text and "2.10" in text  # figures with R&D intensity
    assert "创新型中小企业" in text and str(dt.date(YEAR + 1, 5, 31)) in text  # held title and its validity
    assert "科技型中小企业" in text and "需再投入研发费用总额 27.00 万元" in text  # the 科小 gap
    assert "加大研发投入" in text  # a concrete action from actions.yaml
    assert "国科发政〔2017〕115号" in text  # every clause cites its policy
    assert "评价所用数据的来源：来源未逐项记录" in text  # the fixture's figures predate lineage, and say so
    for year in (YEAR, YEAR + 1, YEAR + 2):
        assert f"{year} 年" in text
    assert "将于" in text and "复核或重新认定" in text  # the 创新型 title expires within the three years
    assert len(document.inline_shapes) == 2  # the growth chart and the ladder chart
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"


def test_the_pdf_plan_has_the_same_content_in_an_embedded_chinese_font(client, staff, candidate):
    client.force_login(staff)
    response = client.get(reverse("cultivation:report", args=[candidate.credit_code, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert "青江星云软件有限公司" in text and "三年培育路径" in text and "27.00" in text
    fonts = {f["/BaseFont"]: f for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    if truetype_cjk() is not None:
        embedded = [f for f in fonts.values() if "/FontFile2" in f.get("/FontDescriptor", {})]
        assert embedded, "the Chinese TrueType font is embedded"
    else:
        assert any("STSong-Light" in name for name in fonts)


def test_a_title_already_qualified_for_is_scheduled_this_year(client, staff, make_enterprise):
    enterprise = make_candidate(make_enterprise, rd_expense=Decimal(200))  # 6.7% R&D: 科小 passes
    client.force_login(staff)
    text, _ = docx_text(client.get(reverse("cultivation:report", args=[enterprise.credit_code, "docx"])).content)
    assert "已符合条件、可于今年申报：科技型中小企业" in text
    assert "申报科技型中小企业评价（" in text or "申报科技型中小企业" in text
    assert "通常 6–9 月受理" in text


def test_without_figures_the_plan_asks_for_them(client, staff, make_enterprise):
    enterprise = make_enterprise("青江空白科技有限公司")
    client.force_login(staff)
    text, document = docx_text(client.get(reverse("cultivation:report", args=[enterprise.credit_code,
                                                                             "docx"])).content)
    assert "尚无已审核的年度数据" in text and "补充填报" in text


def test_only_those_who_may_see_the_enterprise_get_its_plan(client, make_user, make_enterprise, candidate, parks):
    other = make_enterprise("青江别家有限公司", park=parks[1])
    url = reverse("cultivation:report", args=[candidate.credit_code, "pdf"])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(make_user("b", "enterprise_user", enterprise=other))
    assert client.get(url).status_code == 404
    client.force_login(make_user("a", "enterprise_user", enterprise=candidate))
    assert client.get(url).status_code == 200
    client.force_login(make_user("liaison", "park_liaison", park=parks[1]))
    assert client.get(url).status_code == 404
    assert client.get(reverse("cultivation:report", args=[candidate.credit_code, "exe"])).status_code == 404


def test_batch_plans_zip_the_filtered_list_with_progress(client, make_user, make_enterprise, parks):
    for n in range(3):
        make_candidate(make_enterprise, name=f"青江候选{n}有限公司")
    make_candidate(make_enterprise, name="临江候选有限公司", park=parks[1])
    evaluate_enterprises(YEAR)
    liaison = make_user("liaison", "park_liaison", park=parks[0])
    client.force_login(liaison)
    response = client.post(reverse("cultivation:report_batch"), {"policy": "tech_sme", "year": YEAR})
    job = Job.objects.get(kind="plan_reports")
    assert response.url == reverse("jobs:detail", args=[job.pk])
    drain()
    job.refresh_from_db()
    assert (job.status, job.progress) == ("done", 100), job.error
    assert "3 家" in job.message
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'id="job-download"' in page
    download = client.get(reverse("jobs:download", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert len(names) == 6 and sum(n.endswith(".pdf") for n in names) == 3
    assert not any("临江" in n for n in names)  # the liaison's park only
    first = next(n for n in names if n.endswith(".docx") and "青江候选0" in n)
    assert "青江候选0有限公司 一企一策培育方案" in docx_text(archive.read(first))[0]
    client.force_login(make_user("other", "enterprise_user"))
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_an_empty_filter_queues_nothing(client, staff):
    client.force_login(staff)
    response = client.post(reverse("cultivation:report_batch"), {"policy": "tech_sme", "year": YEAR}, follow=True)
    assert "当前筛选没有企业" in response.content.decode()
    assert not Job.objects.filter(kind="plan_reports").exists()
