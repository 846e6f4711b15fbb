"""统一社会信用代码 (unified social credit code) per GB 32100-2015.

18 characters: registration authority (1), entity kind (1), administrative division (6), organisation code (9),
check character (1). The check character is what catches a mistyped code in an import, so it is validated
everywhere a code enters the system. The organisation-code part has its own GB 11714 check digit; the demo
generator produces it so synthetic codes look like real ones.
"""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
_VALUE = {c: i for i, c in enumerate(CHARSET)}
_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28

_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
_ORG_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (GB 32100-2015 §4)."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def normalise(code: str) -> str:
    """Trim and upper-case; full-width letters and digits typed in a Chinese IME become half-width."""
    table = {0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF21 + i: 0x41 + i for i in range(26)}
    table |= {0xFF41 + i: 0x41 + i for i in range(26)}
    return str(code).strip().translate(table).upper()


def problem(code: str) -> str | None:
    """Why `code` is not a valid credit code, in Chinese, or None when it is valid."""
    if len(code) != 18:
        return f"统一社会信用代码应为 18 位，实为 {len(code)} 位"
    bad = sorted({c for c in code if c not in _VALUE})
    if bad:
        return f"统一社会信用代码含非法字符：{''.join(bad)}（不使用 I、O、S、V、Z）"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：第 18 位应为 {expected}，实为 {code[17]}"
    return None


def is_valid(code: str) -> bool:
    return problem(code) is None


def organisation_check_digit(first8: str) -> str:
    """GB 11714 check digit of the 8-character organisation code body."""
    total = sum(_ORG_CHARSET.index(c) * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True))
    digit = 11 - total % 11
    return {10: "X", 11: "0"}.get(digit, str(digit))


def build(registration: str, kind: str, division: str, organisation_body: str) -> str:
    """A complete code from its parts (organisation body = 8 characters, its check digit is added)."""
    first17 = registration + kind + division + organisation_body + organisation_check_digit(organisation_body)
    return first17 + check_character(first17)
