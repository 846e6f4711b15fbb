"""The sections (门类) of the national industry classification GB/T 4754-2017, by the letter that begins every
国民经济行业代码, for grouping enterprises by 行业."""

from __future__ import annotations

SECTIONS: dict[str, str] = {
    "A": "农、林、牧、渔业",
    "B": "采矿业",
    "C": "制造业",
    "D": "电力、热力、燃气及水生产和供应业",
    "E": "建筑业",
    "F": "批发和零售业",
    "G": "交通运输、仓储和邮政业",
    "H": "住宿和餐饮业",
    "I": "信息传输、软件和信息技术服务业",
    "J": "金融业",
    "K": "房地产业",
    "L": "租赁和商务服务业",
    "M": "科学研究和技术服务业",
    "N": "水利、环境和公共设施管理业",
    "O": "居民服务、修理和其他服务业",
    "P": "教育",
    "Q": "卫生和社会工作",
    "R": "文化、体育和娱乐业",
    "S": "公共管理、社会保障和社会组织",
    "T": "国际组织",
}


def section_label(letter: str | None) -> str:
    """"C 制造业" for "C"; "未填行业" for an empty code."""
    if not letter:
        return "未填行业"
    return f"{letter} {SECTIONS.get(letter, '其他')}"

# The divisions (大类) of GB/T 4754-2017: two digits, under the section whose letter begins the code.
DIVISIONS: dict[str, str] = {
    "01": "农业", "02": "林业", "03": "畜牧业", "04": "渔业", "05": "农、林、牧、渔专业及辅助性活动",
    "06": "煤炭开采和洗选业", "07": "石油和天然气开采业", "08": "黑色金属矿采选业", "09": "有色金属矿采选业",
    "10": "非金属矿采选业", "11": "开采专业及辅助性活动", "12": "其他采矿业", "13": "农副食品加工业",
    "14": "食品制造业", "15": "酒、饮料和精制茶制造业", "16": "烟草制品业", "17": "纺织业", "18": "纺织服装、服饰业",
    "19": "皮革、毛皮、羽毛及其制品和制鞋业", "20": "木材加工和木、竹、藤、棕、草制品业", "21": "家具制造业",
    "22": "造纸和纸制品业", "23": "印刷和记录媒介复制业", "24": "文教、工美、体育和娱乐用品制造业",
    "25": "石油、煤炭及其他燃料加工业", "26": "化学原料和化学制品制造业", "27": "医药制造业", "28": "化学纤维制造业",
    "29": "橡胶和塑料制品业", "30": "非金属矿物制品业", "31": "黑色金属冶炼和压延加工业",
    "32": "有色金属冶炼和压延加工业", "33": "金属制品业", "34": "通用设备制造业", "35": "专用设备制造业",
    "36": "汽车制造业", "37": "铁路、船舶、航空航天和其他运输设备制造业", "38": "电气机械和器材制造业",
    "39": "计算机、通信和其他电子设备制造业", "40": "仪器仪表制造业", "41": "其他制造业", "42": "废弃资源综合利用业",
    "43": "金属制品、机械和设备修理业", "44": "电力、热力生产和供应业", "45": "燃气生产和供应业",
    "46": "水的生产和供应业", "47": "房屋建筑业", "48": "土木工程建筑业", "49": "建筑安装业",
    "50": "建筑装饰、装修和其他建筑业", "51": "批发业", "52": "零售业", "53": "铁路运输业", "54": "道路运输业",
    "55": "水上运输业", "56": "航空运输业", "57": "管道运输业", "58": "多式联运和运输代理业", "59": "装卸搬运和仓储业",
    "60": "邮政业", "61": "住宿业", "62": "餐饮业", "63": "电信、广播电视和卫星传输服务", "64": "互联网和相关服务",
    "65": "软件和信息技术服务业", "66": "货币金融服务", "67": "资本市场服务", "68": "保险业", "69": "其他金融业",
    "70": "房地产业", "71": "租赁业", "72": "商务服务业", "73": "研究和试验发展", "74": "专业技术服务业",
    "75": "科技推广和应用服务业", "76": "水利管理业", "77": "生态保护和环境治理业", "78": "公共设施管理业",
    "79": "土地管理业", "80": "居民服务业", "81": "机动车、电子产品和日用产品修理业", "82": "其他服务业",
    "83": "教育", "84": "卫生", "85": "社会工作", "86": "新闻和出版业", "87": "广播、电视、电影和录音制作业",
    "88": "文化艺术业", "89": "体育", "90": "娱乐业", "91": "中国共产党机关", "92": "国家机构",
    "93": "人民政协、民主党派", "94": "社会保障", "95": "群众团体、社会团体和其他成员组织",
    "96": "基层群众自治组织及其他组织", "97": "国际组织",
}
# Each section's first division: a division's section is the last one starting at or below it.
_SECTION_STARTS = (("A", 1), ("B", 6), ("C", 13), ("D", 44), ("E", 47), ("F", 51), ("G", 53), ("H", 61), ("I", 63),
                   ("J", 66), ("K", 70), ("L", 71), ("M", 73), ("N", 76), ("O", 80), ("P", 83), ("Q", 84), ("R", 86),
                   ("S", 91), ("T", 97))


def section_of(division: str) -> str:
    number = int(division)
    return [letter for letter, start in _SECTION_STARTS if start <= number][-1]


def industry_code_of(text: str) -> str | None:
    """The 国民经济行业代码 a registry export gives, as the registry keeps it (letter + digits): from a code with
    or without its letter (C3911, 3911, I65), or from a division's or section's name (软件和信息技术服务业 → I65,
    制造业 → C). None when the text is none of these."""
    import re

    value = re.sub(r"\s", "", str(text)).upper()
    match = re.fullmatch(r"([A-T])?(\d{2})(\d{0,2})", value)
    if match and match.group(2) in DIVISIONS:
        letter = section_of(match.group(2))
        if match.group(1) in (None, letter):
            return letter + match.group(2) + match.group(3)
        return None
    name = re.sub(r"^[A-T]?\d*", "", value)  # “I65 软件和信息技术服务业” or the name alone
    for code, label in DIVISIONS.items():
        if name == label:
            return section_of(code) + code
    for letter, label in SECTIONS.items():
        if name == label or value == letter:
            return letter
    return None
