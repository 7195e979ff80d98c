"""身份证号码 (GB 11643-1999): the 18-character citizen number, its check digit, birth date and sex.

Pure functions: the account form and the 教师账号批量生成 preview (catalog §4.2) both use them.
"""
from __future__ import annotations

import re
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")

NOT_18 = "身份证号码应为 18 位（前 17 位数字，最后一位数字或 X）"
BAD_CHECK_DIGIT = "身份证号码校验位错误"
BAD_BIRTH_DATE = "身份证号码中的出生日期无效"
BIRTH_MISMATCH = "出生年月与身份证号码不符"
GENDER_MISMATCH = "性别与身份证号码不符"


def normalise(value: str) -> str:
    """Spaces removed, a lower-case x made upper-case."""
    return re.sub(r"\s", "", value).upper()


def check_digit(first17: str) -> str:
    """The check character of the first 17 digits (ISO 7064 MOD 11-2)."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def problem(number: str) -> str | None:
    """Why ``number`` is not a valid 身份证号码, or None: shape, check digit, birth date."""
    number = normalise(number)
    if not _SHAPE.match(number):
        return NOT_18
    if check_digit(number[:17]) != number[17]:
        return BAD_CHECK_DIGIT
    if birth_date(number) is None:
        return BAD_BIRTH_DATE
    return None


def birth_date(number: str) -> date | None:
    """The birth date written in a well-shaped number (characters 7–14), or None when it is no date."""
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def gender(number: str) -> str:
    """男 for an odd 17th digit, 女 for an even one."""
    return "男" if int(number[16]) % 2 else "女"


def consistency_problems(number: str, birth_month: str | None, sex: str | None) -> list[tuple[str, str]]:
    """``[(field, message)]`` where 出生年月 (``YYYY-MM``) or 性别 contradict a valid number."""
    out = []
    born = birth_date(number)
    if born is not None and birth_month and birth_month != f"{born.year:04d}-{born.month:02d}":
        out.append(("birth_month", BIRTH_MISMATCH))
    if sex and sex != gender(number):
        out.append(("gender", GENDER_MISMATCH))
    return out
