"""股东及主要人员: the people and organisations behind an enterprise, as the business registry lists them. Kept so
that review and judging can avoid conflicts of interest through shared shareholders or officers.

One row per (enterprise, person or organisation, role). A person is known by name only (the platform keeps no
identity numbers), so matching is by name: conservative, it may exclude an expert who merely shares a name, never
the other way round.
"""

from __future__ import annotations

ROLES = {  # code → (中文, words accepted in a file)
    "shareholder": ("股东", ("股东", "投资人", "出资人", "合伙人")),
    "legal_rep": ("法定代表人", ("法定代表人", "法人代表", "法人")),
    "director": ("董事", ("董事", "董事长", "副董事长", "执行董事")),
    "supervisor": ("监事", ("监事", "监事会主席")),
    "executive": ("高级管理人员", ("高级管理人员", "高管", "总经理", "副总经理", "财务负责人", "董事会秘书")),
}
ROLE_LABELS = {code: label for code, (label, _) in ROLES.items()}
ROLE_WORDS = {word: code for code, (_, words) in ROLES.items() for word in words}

COLUMNS = {  # code → headers accepted (first is the template's)
    "credit_code": ("统一社会信用代码", "信用代码", "credit_code"),
    "name": ("姓名/名称", "姓名", "名称", "股东名称", "name"),
    "role": ("身份", "职务", "角色", "role"),
    "share": ("持股比例（%）", "持股比例", "出资比例", "share"),
}
REQUIRED = ("credit_code", "name", "role")
