"""docs/data-dictionary.md, written from the contract itself so the document cannot drift from the code.

Regenerate with `gaoxin dictionary docs/data-dictionary.md`; a test fails when the committed file is stale.
"""

from __future__ import annotations

from gaoxin.contract.checks import EMPTY_MARKERS, ROW_RULES, LooksLikeYuan, NetAssetsBalance, NotMore
from gaoxin.contract.derivations import derivations
from gaoxin.contract.fields import BY_CODE, ENTERPRISE_FIELDS, YEAR_FIELDS, Field, describe_rule
from gaoxin.contract.lineage import DERIVED_LABEL, SOURCE_KINDS
from gaoxin.contract.lists import (
    BUSINESS_COLUMNS,
    BUSINESS_REQUIRED,
    CARRIER_YEAR_COLUMNS,
    CARRIER_YEAR_REQUIRED,
    CERTIFICATE_HEADERS,
    CODE_HEADERS,
    NAME_HEADERS,
    PATENT_COLUMNS,
    PATENT_REQUIRED,
    PROJECT_COLUMNS,
    PROJECT_REQUIRED,
    REGISTRATION_STATUSES,
    REGISTRATION_WORDS,
    STAGE_WORDS,
    STATUS_WORDS,
)
from gaoxin.contract.people import COLUMNS as PEOPLE_COLUMNS
from gaoxin.contract.people import REQUIRED as PEOPLE_REQUIRED
from gaoxin.contract.people import ROLES
from gaoxin.contract.titles import IP_KINDS, IP_STATUSES, TITLES

INTRO = """# 数据字典 Data dictionary

Generated from `gaoxin.contract` (`gaoxin dictionary docs/data-dictionary.md`); do not edit by hand.
Money is in 万元 unless the unit says otherwise; an empty cell means unknown, never zero. Headers in import
files may be the code name, the Chinese label (with or without the unit) or one of the listed aliases.
"""


def _row(f: Field) -> str:
    aliases = "、".join(f.aliases)
    cells = [f"`{f.code}`", f.label, f.unit or "—", f.meaning, describe_rule(f), aliases or "—"]
    return "| " + " | ".join(c.replace("|", "/") for c in cells) + " |"


def _rule(rule) -> str:
    if isinstance(rule, NotMore):
        return f"{BY_CODE[rule.part].label} ≤ {BY_CODE[rule.whole].label}"
    if isinstance(rule, NetAssetsBalance):
        return f"净资产 = 资产总额 − 负债总额（容差 {rule.tolerance} 万元或 0.1%）"
    if isinstance(rule, LooksLikeYuan):
        return (f"{BY_CODE[rule.field].label}：每名职工超过 {rule.per_head} 万元（无职工数时超过 {rule.absolute} 万元）"
                "视为误以“元”填报")
    return type(rule).__name__


def _derivation_section() -> list[str]:
    """The identities the engine may use for a blank figure (`contract/derivations.yaml`)."""
    rules = derivations()
    return [f"\n## Derived values and ranges (推算：{rules.id})\n",
            "When a figure is blank the engine never fills it in or writes it back. It bounds it from these "
            "identities and from the limits that are facts (shares 0–100 %, scores up to their maximum, money and "
            "counts never negative), computes every clause's value as a range, and decides the clause when the "
            "whole range lies on one side of its threshold. Explanations mark such figures `derived`, with the "
            "formula and the figures used, e.g. "
            "净资产 7,200.00 万元（= 资产总额 11,200.00 − 负债总额 4,000.00，推算）.\n",
            "| rule | formula | source |", "|---|---|---|",
            *(f"| `{r.id}` | {r.formula} | {r.source} |" for r in rules.rules)]


def _projects_section() -> list[str]:
    return ["\n## Major projects (重大项目)\n",
            "A zone's own sheet (`/tracking/projects/import/`, `gaoxin import-projects`; template on the page), "
            "one row per project and year; the header may sit below a title row. Imported by a background job, "
            "all rows or none. A project of the same name and year is updated to the sheet's plan (a blank cell "
            "keeps what is stored); its stage, progress and investment done move only by progress reports, so "
            "where the sheet differs the result names the rows and changes nothing. Money is 万元 unless the header"
            " says 亿元 or 元; a plan date may be a month (2026年6月). The category and the park must exist; the "
            "project unit is linked by credit code or a sure name match, else kept in the notes. Checked: plan ≤ "
            "total, done ≤ total, this year's done ≤ all done, planned dates in order, nothing done while 洽谈.\n",
            "| column | required | accepted headers |", "|---|---|---|",
            *(f"| `{code}` | {'yes' if code in PROJECT_REQUIRED else 'no'} | {'、'.join(names)} |"
              for code, names in PROJECT_COLUMNS.items()),
            "\n| stage | words read |", "|---|---|",
            *(f"| `{code}` | {'、'.join(w for w, c in STAGE_WORDS.items() if c == code)} |"
              for code in dict.fromkeys(STAGE_WORDS.values()))]


def _carriers_section() -> list[str]:
    return ["\n## Carriers' yearly figures (孵化载体历年统计)\n",
            "A sheet of each carrier's yearly 火炬统计 figures (`/innovation/carriers/history/import/`; template on "
            "the page), past years included, one row per carrier and year, all rows or none. A carrier is found by "
            "its name; one the zone does not have is created with the type and level given. A blank cell keeps "
            "what is stored. Checked: this year's graduates ≤ all graduates ≤ all incubated, tenants holding a "
            "title and new tenants ≤ tenants.\n",
            "| column | required | accepted headers |", "|---|---|---|",
            *(f"| `{code}` | {'yes' if code in CARRIER_YEAR_REQUIRED else 'no'} | {'、'.join(names)} |"
              for code, names in CARRIER_YEAR_COLUMNS.items())]


def _lineage_section() -> list[str]:
    return ["\n## Sources of figures (数据来源)\n",
            "Every enterprise field and yearly figure keeps, per kind of source, the latest value that source "
            "reported, with its batch or filing and as-of date (`lineage`). The value stored is the one of the "
            "highest-ranked kind; a newer report of the same kind with another value replaces the older (the same "
            "value keeps the earlier report as the source); a blank cell says nothing "
            "(only staff may clear a figure). Where sources disagree, the enterprise page and the API "
            "(`/figures`: `sources`, `conflicts`) show every value with the chosen one marked, and every "
            "explanation names the source of each figure it read; a figure the engine derives is "
            f"{DERIVED_LABEL} (derived) and is never stored.\n",
            "| rank | code | 中文 | why |", "|---|---|---|---|",
            *(f"| {k.rank} | `{k.code}` | {k.label} | {k.why} |" for k in SOURCE_KINDS)]


def render() -> str:
    header = "| code name | 中文 | unit | meaning | validation | aliases |\n|---|---|---|---|---|---|"
    parts = [INTRO, "## Enterprise (企业层级：每行可重复，以最近年度的非空值为准)\n", header,
             *(_row(f) for f in ENTERPRISE_FIELDS), "\n## Enterprise-year (年度数据)\n", header,
             *(_row(f) for f in YEAR_FIELDS), "\n## Rules across fields of one row (行内交叉校验)\n",
             *(f"- {_rule(r)}" for r in ROW_RULES),
             *_derivation_section(),
             "\n## Import file rules\n",
             "- The whole file is imported or nothing is: any problem rejects it with a row/column error report.",
             "- The same (credit_code, year) twice in one file is an error; re-importing a file changes nothing.",
             "- New enterprises need a name; parks/streets must already be registered.",
             "- An empty cell never erases a stored value, and neither does a column the file does not have; the "
             "result names the contract's columns the file lacks.",
             "- Columns the contract does not know (序号, 备注, 联系人 …) are not read and are named in the result; "
             "they never refuse a file (unless a required column is missing too, when they are listed as a hint).",
             "- A unit after a header is recognised written as 营业收入（万元）, 营业收入(万元), 营业收入/万元 or "
             "营业收入（单位：万元）; a money column labelled in 元, 千元, 百万元 or 亿元 is refused with the "
             "header to use, never converted by guess.",
             f"- Empty markers: {'、'.join(sorted(repr(m) for m in EMPTY_MARKERS))} (and an empty cell). A choice "
             "is recognised first, by its code, label or synonym: `none` / 未建立 / 无 in 研发机构级别 are 未建立, "
             "not unknown. For 国家级/省级科技奖励排名 and 创客中国名次, 0, 无 and 未获奖 mean no award (an empty "
             "cell), never an error.",
             "- An xlsx file may carry a `titles` / `称号` sheet: "
             "统一社会信用代码, 称号, 级别, 认定日期, 有效期至, 证书编号.",
             "- Or flat columns on the yearly sheet: `title_<code>_valid_until` or “<称号>有效期至” "
             "(e.g. 高企有效期至). "
             "Such a column has no recognition date; it is inferred as one usual validity period before the end "
             "(高企 valid until 2027-11-30 → recognised 2024-12-01; 科小 → 1 January of the same year).",
             "\n## Titles (称号)\n", "| code | 中文 | 简称 | rung | usual validity (years) |", "|---|---|---|---|---|",
             *(f"| `{t.code}` | {t.label} | {t.short} | {t.rung} | {t.valid_years or '—'} |" for t in TITLES),
             "\n## Intellectual property kinds (知识产权)\n", "| code | 中文 | class |", "|---|---|---|",
             *(f"| `{code}` | {label} | {'Ⅰ' if cls == 1 else 'Ⅱ'} |" for code, label, cls in IP_KINDS),
             "\nYearly counts `ip_class1`, `ip_class1_self`, `ip_class1_high_value`, `ip_class2` count the rights "
             "valid on 31 December of the year and related to the main products.\n",
             "\n## Title lists (称号名单, 名单导入)\n",
             "An official 公示/认定名单 of one title (`/registry/lists/`, `gaoxin import-list`): .xlsx or .csv whose "
             "header may sit below a title row, or text copied from a PDF (.txt or pasted). The title, level, "
             "recognition date, batch and validity are chosen on import; when the validity is left empty it is the "
             "policy's (科小: 31 December of its year; others: their usual validity from the recognition date). "
             "Names are matched by credit code, exact name, normalised name (brackets, spaces and line breaks, "
             "company form, a province or city in front, former names), then a fuzzy score that staff confirm. "
             "Other columns are not read and are named in the result.\n",
             "| column | accepted headers |", "|---|---|",
             f"| 企业名称 (required) | {'、'.join(NAME_HEADERS)} |",
             f"| 统一社会信用代码 | {'、'.join(CODE_HEADERS)} |",
             f"| 证书编号 | {'、'.join(CERTIFICATE_HEADERS)} |",
             "\n## Patent and software-copyright lists (专利/软著清单)\n",
             "A separate file (`/registry/patents/import/`, `gaoxin import-patents`), one row per right; the header "
             "may sit below a title row. Imported by a background job, all rows or none: every right is recorded "
             "against the enterprise its holder (or credit code) surely names, else the list is refused with the "
             "row. The kind may be left out when the number shows it (patent type digit 1/8 发明, 2/9 实用新型, "
             "3 外观设计; SR in a 软著 登记号). A right is in force on a day when granted by then, within its term "
             "(发明 20, 实用新型 10, 外观设计 15 years from filing, 10 for designs filed before 2021-06-01) and not "
             "lapsed by then; a lapsed right without its lapse date is counted in no year and said. The yearly "
             "counts `ip_class1`, `ip_class1_self`, `ip_class1_high_value`, `ip_class2` of every year of figures "
             "the holder has are then derived from its rights, audited.\n",
             "| column | required | accepted headers |", "|---|---|---|",
             *(f"| `{code}` | {'yes' if code in PATENT_REQUIRED else 'no'} | {'、'.join(names)} |"
               for code, names in PATENT_COLUMNS.items()),
             "\n| legal status | words read |", "|---|---|",
             *(f"| {label} | {'、'.join(w for w, c in STATUS_WORDS.items() if c == code)} |"
               for code, label in IP_STATUSES),
             "\n## Business registry export (工商登记信息)\n",
             "A separate file (`/registry/business/import/`, `gaoxin import-registry`) as 国家企业信用信息公示系统 or "
             "a data vendor exports it, one row per enterprise; the header may sit below a title row. Imported by a "
             "background job, all rows or none: new enterprises are created, others updated (a blank cell keeps "
             "what is stored); a new name keeps the old one as a former name; 住所 places the enterprise in the "
             "first park or street whose 住所关键词 it contains; 吊销 and 注销 archive it with the reason (a later "
             "存续 brings back one archived so); 经营异常 "
             "sets 列入经营异常名录或严重失信名单. 注册资本 is read as written (1000万元人民币, 50万美元, "
             "5000000元; a bare number is 万元) and kept with its currency; 行业 as a code with or without its "
             "letter (C3911, 2710, I65) or a section's or division's name (制造业, 软件和信息技术服务业).\n",
             "| column | required | accepted headers |", "|---|---|---|",
             *(f"| `{code}` | {'yes' if code in BUSINESS_REQUIRED else 'no'} | {'、'.join(names)} |"
               for code, names in BUSINESS_COLUMNS.items()),
             "\n| 登记状态 | words read |", "|---|---|",
             *(f"| {label} | {'、'.join(w for w, c in REGISTRATION_WORDS.items() if c == code)} |"
               for code, label in REGISTRATION_STATUSES),
             *_lineage_section(), *_projects_section(), *_carriers_section(),
             "\n## Shareholders and officers (股东及主要人员)\n",
             "A separate file (`/registry/people/import/`), one row per enterprise, person or organisation and role. "
             "Imported by a background job, all rows or none, the required columns checked before any row. "
             "Every enterprise in the file gets exactly the people the file lists. Used to avoid conflicts of "
             "interest in review and judging; names are matched exactly, no identity numbers are kept.\n",
             "| code name | 中文 | required | accepted headers |", "|---|---|---|---|",
             *(f"| `{code}` | {names[0]} | {'yes' if code in PEOPLE_REQUIRED else 'no'} | {'、'.join(names[1:])} |"
               for code, names in PEOPLE_COLUMNS.items()),
             "\n| role | 中文 | accepted words |", "|---|---|---|",
             *(f"| `{code}` | {label} | {'、'.join(words)} |" for code, (label, words) in ROLES.items()), ""]
    return "\n".join(parts)
