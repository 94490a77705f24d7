"""GL804 personal-data: personal information published in the report's prose — a 身份证号
(the 18-digit citizen identity number, checksum verified) or a mainland mobile number —
other than the office's own contact numbers."""
from __future__ import annotations

import re
from datetime import date

from govlint import hookimpl
from govlint.model.joined_texts import JoinedTexts
from govlint.plugins.rule import Rule
from govlint.rules.typography import has_url, joined_prose, masked

# 18 digits (the last may be X), not inside a longer run of digits or letters.
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])")
# 1[3-9]x xxxx xxxx, written together or in groups of 3-4-4 with a hyphen or space.
MOBILE = re.compile(r"(?<![0-9A-Za-z+\-])(?:\+?86[\- ]?)?(1[3-9]\d)([\- ]?)(\d{4})\2(\d{4})(?![0-9A-Za-z])")
# Eleven digits, together or 3-4-4: what both kinds of number hold; a paragraph without
# them is passed over (_eleven_digits).
_DIGITS = re.compile(r"[0-9][0-9]{2}[\- ]?[0-9]{4}[\- ]?[0-9]{4}")
# _DIGITS over the prose as ASCII bytes with each digit 0 and each hyphen a space (the other
# characters left apart from the digits: a non-ASCII one is one ?): led by the literal 000,
# which the regex engine skips to in C, where _DIGITS' digit class makes it try every digit
# of the prose (dates, counts: ~70 instructions a character of the seeds).
_DIGIT_CLASSES = bytes.maketrans(b"0123456789-", b"0000000000 ")
_ELEVEN = re.compile(rb"000 ?0000 ?0000")
# ISO 7064 MOD 11-2, as GB 11643 uses it for the check character.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# The first two digits: a province-level division (GB/T 2260).
PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
             53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
# The sentence giving the office's own contact numbers.
CONTACT = re.compile(r"联系方式|联系电话|咨询电话|办公电话|服务电话|监督电话|受理电话|投诉电话|举报电话|值班电话"
                     r"|热线|联系人|传真|联系.{0,30}电话|电话.{0,30}联系")
# …unless the sentence is about someone else: an applicant's "联系电话" is not the office's.
OTHER_PERSON = re.compile(r"申请人|当事人|群众|市民|村民|居民|举报人|投诉人|原告|被告|第三人|本人")
# Numbers that are not a person's: codes and accounts.
NOT_PERSONAL = re.compile(r"信用代码|组织机构代码|纳税人识别号|税号|账号|帐号|编号|文号|流水号|批准号|登记号")
SENTENCE_BREAK = re.compile(r"[。！？!?；;\n]")


def _eleven_digits(texts: list[str], joined: JoinedTexts | None = None) -> set[int]:
    """The indices of the texts where _DIGITS matches: found in all the texts joined (`joined`
    when given), as bytes where each character is one byte (str.encode's replace writes one ?
    for each non-ASCII character, in C) and _DIGITS is a literal pattern (_ELEVEN)."""
    joined = joined or JoinedTexts(texts)
    classes = joined.text.encode("ascii", "replace").translate(_DIGIT_CLASSES)
    return {joined.index(m.start()) for m in _ELEVEN.finditer(classes)}


def id_checksum_ok(number: str) -> bool:
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS))
    return _CHECK[total % 11] == number[17].upper()


def plausible_birth(number: str, latest_year: int) -> bool:
    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    if not 1900 <= year <= latest_year:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def is_id_number(number: str, latest_year: int | None = None) -> bool:
    """An 18-digit 身份证号: a province code, a birth date that exists and the check character."""
    latest = latest_year or date.today().year
    return (int(number[:2]) in PROVINCES and plausible_birth(number, latest) and id_checksum_ok(number))


def _sentence(text: str, start: int, end: int) -> str:
    begin = max((m.end() for m in SENTENCE_BREAK.finditer(text, 0, start)), default=0)
    following = SENTENCE_BREAK.search(text, end)
    return text[begin: following.start() if following else len(text)]


def _hidden(number: str, keep_start: int, keep_end: int) -> str:
    return number[:keep_start] + "*" * (len(number) - keep_start - keep_end) + number[len(number) - keep_end:]


class PersonalData(Rule):
    """报告正文中公开了个人信息：18 位身份证号（校验码和出生日期都对得上），或大陆手机号码
    （1[3-9] 开头的 11 位）；本机关在“联系方式”“联系电话”“咨询电话”一类句子中公布的联系电话除外。

    为什么：年度报告在网上公开，申请人、工作人员的身份证号和手机号属于个人信息，公开即构成泄露
    （《中华人民共和国个人信息保护法》），也是公开工作检查中的严重问题。校验码不对的 18 位数字
    不算身份证号；统一社会信用代码、账号、文号等也不报告。诊断中的号码只显示首尾几位。

    错误示例：申请人张某（身份证号330106199003071236，手机13812345678）申请公开……
    正确示例：申请人张某申请公开……
    """

    code, name, severity = "GL804", "personal-data", "error"

    def check(self, report):
        latest = (report.meta.year or date.today().year) + 1
        paragraphs, joined = joined_prose(report.document)
        for index in sorted(_eleven_digits([], joined)):
            paragraph = paragraphs[index]
            text = paragraph.text
            mask = masked(text) if has_url(text) else None
            for m in ID_NUMBER.finditer(text):
                if mask and mask[m.start()]:
                    continue
                number = m.group()
                if not is_id_number(number, latest) or NOT_PERSONAL.search(_sentence(text, m.start(), m.end())):
                    continue
                yield self.diagnostic(paragraph.span_of(m.start(), m.end()),
                                      f"正文中公开了身份证号（{_hidden(number, 4, 2)}），属于个人信息，应删去")
            for m in MOBILE.finditer(text):
                if mask and mask[m.start()]:
                    continue
                sentence = _sentence(text, m.start(), m.end())
                if (CONTACT.search(sentence) and not OTHER_PERSON.search(sentence)) or NOT_PERSONAL.search(sentence):
                    continue
                number = m.group(1) + m.group(3) + m.group(4)
                yield self.diagnostic(paragraph.span_of(m.start(), m.end()),
                                      f"正文中公开了手机号码（{_hidden(number, 3, 4)}），属于个人信息，应删去；"
                                      "本机关的联系电话请写在“联系方式”一句中")


@hookimpl
def govlint_rules():
    return [PersonalData]
