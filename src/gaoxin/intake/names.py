"""Enterprise names as official lists print them, matched to the registry.

A 公示名单 names enterprises the way its issuer typed them: full-width or half-width brackets, a line break in the
middle of a name copied from a PDF, 有限责任公司 for 有限公司, the province or city in front, or the name the
enterprise had before it renamed. Matching goes from the surest evidence to the weakest and says which it used:
the credit code when the list gives one (`code`), the registered name (`exact`), the name once those variations
are taken out (`normalised`, also against former names), and last a fuzzy score from rapidfuzz (`fuzzy`), which is
never taken on trust: a fuzzy match, or a normalised name two enterprises share, waits for staff to confirm.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from gaoxin.contract.creditcode import is_valid, normalise

# Company forms that name the same enterprise once it converts (有限责任公司 → 股份有限公司) or as lists abbreviate.
FORMS = ("股份有限公司", "有限责任公司", "有限公司", "股份公司", "公司")
PROVINCES = ("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
             "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
             "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门")
# Cities lists print without 市 (成都星云… for 成都市星云…): provincial capitals, sub-provincial and other large cities.
CITIES = ("石家庄", "太原", "沈阳", "长春", "哈尔滨", "南京", "杭州", "合肥", "福州", "南昌", "济南", "郑州", "武汉",
          "长沙", "广州", "海口", "成都", "贵阳", "昆明", "西安", "兰州", "西宁", "呼和浩特", "南宁", "拉萨", "银川",
          "乌鲁木齐", "大连", "青岛", "宁波", "厦门", "深圳", "苏州", "无锡", "常州", "南通", "徐州", "温州", "嘉兴",
          "绍兴", "金华", "台州", "佛山", "东莞", "珠海", "中山", "惠州", "泉州", "烟台", "潍坊", "淄博", "济宁",
          "洛阳", "襄阳", "宜昌", "株洲", "湘潭", "绵阳", "德阳", "乐山", "宜宾", "泸州", "自贡", "南充", "遵义",
          "柳州", "桂林", "包头", "鄂尔多斯", "唐山", "保定", "邯郸", "芜湖", "赣州", "九江", "常德", "岳阳", "衡阳")
# A place in front of the name: a province (省, 自治区, 市 for the four municipalities, or bare), then a city or
# district of 2–4 characters ending in 市/州/盟/地区/区/县. Only taken off when what remains is itself a name.
_PROVINCE_SUFFIX = r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)?"
_PLACE = re.compile("^(?:(?:" + "|".join(PROVINCES) + ")" + _PROVINCE_SUFFIX + ")?"
                    "(?:(?:" + "|".join(CITIES) + ")市?"
                    r"|[\u4e00-\u9fff]{2,4}?(?:市|自治州|州|盟|地区|新区|区|县))?")
FUZZY_FLOOR = 80.0  # below this a name is unknown: no candidate worth showing
CANDIDATES = 3


def clean(text: str) -> str:
    """The name as a person reads it: half-width letters and brackets (NFKC) turned back to the Chinese 全角
    brackets the registry uses, no spaces or line breaks inside, no trailing punctuation."""
    text = unicodedata.normalize("NFKC", str(text))
    text = re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")
    return text.strip("，,。.;；、:：")


def key(name: str) -> str:
    """What two spellings of one name share: cleaned, brackets dropped, the company form taken off."""
    text = clean(name).replace("（", "").replace("）", "")
    for form in FORMS:
        if text.endswith(form) and len(text) > len(form) + 1:
            return text[: -len(form)]
    return text


def without_place(name_key: str) -> str | None:
    """The key with a leading province/city taken off, or None when there is none (or nothing would remain)."""
    match = _PLACE.match(name_key)
    rest = name_key[match.end():] if match else ""
    return rest if match and match.end() and len(rest) >= 2 else None


@dataclass(frozen=True)
class Known:
    """A registry enterprise as the matcher sees it."""

    credit_code: str
    name: str
    former_names: tuple[str, ...] = ()
    id: int | None = field(default=None, compare=False)  # the registry's key, so a match needs no second lookup


@dataclass
class Match:
    """The outcome for one listed name: `enterprise` when sure, `candidates` when staff must choose."""

    how: str | None  # code | exact | normalised | fuzzy | None (unknown)
    score: float
    enterprise: Known | None = None
    candidates: list[tuple[Known, float]] = field(default_factory=list)
    reason: str = ""

    @property
    def status(self) -> str:
        if self.enterprise is not None:
            return "matched"
        return "uncertain" if self.candidates else "unknown"


class Matcher:
    """An index of the registry's names, built once per list (about a second for 100,000 enterprises)."""

    def __init__(self, enterprises: Iterable[Known]) -> None:
        self.by_code: dict[str, Known] = {}
        self.by_name: dict[str, list[Known]] = {}
        self.by_key: dict[str, list[Known]] = {}
        for known in enterprises:
            self.by_code[known.credit_code] = known
            self.by_name.setdefault(known.name.strip(), []).append(known)
            for name in (known.name, *known.former_names):
                for k in _keys(name):
                    bucket = self.by_key.setdefault(k, [])
                    if known not in bucket:
                        bucket.append(known)
        self.keys = list(self.by_key)

    def match(self, name: str, credit_code: str | None = None) -> Match:
        code = normalise(credit_code) if credit_code else ""
        by_code = self.by_code.get(code) if code else None
        by_name = self._by_name(name)
        if by_code is not None:
            if by_name.enterprise is None or by_name.enterprise == by_code or by_name.how == "fuzzy":
                return Match("code", 100.0, by_code)
            return Match(None, 0.0, candidates=[(by_code, 100.0), (by_name.enterprise, by_name.score)],
                         reason="统一社会信用代码与名称分属两家企业")
        if code and by_name.enterprise is not None and by_name.enterprise.credit_code != code:
            return Match(None, 0.0, candidates=[(by_name.enterprise, by_name.score)],
                         reason=f"名单中的统一社会信用代码 {code} 与企业库不一致")
        if code and not is_valid(code):
            by_name.reason = by_name.reason or f"名单中的统一社会信用代码 {code} 无效"
        return by_name

    def _by_name(self, name: str) -> Match:
        exact = self.by_name.get(str(name).strip(), [])
        if len(exact) == 1:
            return Match("exact", 100.0, exact[0])
        found: list[Known] = []
        for k in _keys(name):
            found += [e for e in self.by_key.get(k, []) if e not in found]
        if len(found) == 1:
            return Match("normalised", 100.0, found[0])
        if found:
            return Match(None, 100.0, candidates=[(e, 100.0) for e in found], reason="多家企业名称相近，请确认")
        return self._fuzzy(name)

    def _fuzzy(self, name: str) -> Match:
        hits = process.extract(key(name), self.keys, scorer=fuzz.ratio, limit=CANDIDATES * 2,
                               score_cutoff=FUZZY_FLOOR)
        candidates: list[tuple[Known, float]] = []
        for hit, score, _index in hits:
            for known in self.by_key[hit]:
                if all(known != c for c, _s in candidates):
                    candidates.append((known, round(score, 1)))
        candidates = candidates[:CANDIDATES]
        if not candidates:
            return Match(None, 0.0, reason="企业库中没有相近的名称")
        return Match("fuzzy", candidates[0][1], candidates=candidates, reason="名称相似，请确认")


def _keys(name: str) -> list[str]:
    base = key(name)
    rest = without_place(base)
    return [base, rest] if rest else [base]
