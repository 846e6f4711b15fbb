"""The vocabulary of the demo zone: parks, industries with their typical R&D intensity, name parts."""

from __future__ import annotations

ZONE_NAME = "青江高新区"
DIVISION = "320591"  # administrative-division part of the demo credit codes

PARKS: tuple[tuple[str, str], ...] = (
    ("青江科技城", "park"),
    ("生物医药产业园", "park"),
    ("智能制造产业园", "park"),
    ("软件与信息服务园", "park"),
    ("新材料产业园", "park"),
    ("临江街道", "street"),
    ("白鹭街道", "street"),
    ("青石街道", "street"),
)

# industry_code, name word, weight, R&D intensity (median share of revenue), tech-staff share, field, park index
INDUSTRIES: tuple[tuple[str, str, float, float, float, str, int], ...] = (
    ("I6513", "软件", 0.16, 0.08, 0.45, "electronic_info", 3),
    ("I6531", "信息技术", 0.08, 0.05, 0.35, "electronic_info", 3),
    ("C3973", "微电子", 0.05, 0.09, 0.40, "electronic_info", 0),
    ("C3911", "电子科技", 0.06, 0.04, 0.22, "electronic_info", 0),
    ("C2720", "生物医药", 0.07, 0.07, 0.30, "biomedicine", 1),
    ("C3581", "医疗器械", 0.06, 0.06, 0.28, "biomedicine", 1),
    ("C3842", "新能源", 0.05, 0.04, 0.20, "new_energy", 2),
    ("C3491", "智能装备", 0.08, 0.045, 0.24, "advanced_manufacturing", 2),
    ("C3985", "新材料", 0.06, 0.04, 0.20, "new_materials", 4),
    ("M7320", "技术研究", 0.06, 0.12, 0.55, "high_tech_services", 0),
    ("N7721", "环保科技", 0.04, 0.03, 0.18, "resources_env", 6),
    ("C3741", "航空科技", 0.01, 0.06, 0.30, "aerospace", 2),
    ("F5179", "贸易", 0.10, 0.003, 0.04, "", 5),
    ("C3360", "精密五金", 0.07, 0.012, 0.08, "", 7),
    ("L7212", "企业管理咨询", 0.05, 0.005, 0.06, "", 6),
)

BRAND_CHARS = (
    "星云瀚海博思华芯睿智天衡锐达中科恒远启明卓越鼎新汇智联创精诚宏图君安泰和康宁"
    "凯盛嘉禾远望晨光泓毅维拓思源清越弘正永信安捷德赛普瑞众合佳讯微纳云帆"
)
SUFFIXES = ("有限公司", "股份有限公司", "有限责任公司")
CITY = "青江"
