"""Word lists and frequency tables the generator draws from.

Names are assembled by indexing small syllable arrays, so building a million
names is one vectorised string join, not a loop.
"""

from __future__ import annotations

from dataclasses import dataclass

from talentgraph.domain.enums import Level, Stage, TrainingContent, TrainingDelivery

# --- places -----------------------------------------------------------------

PLACE_SYLLABLES = tuple("江河山清安平新宁东西南北云海阳湖龙华兴泰长嘉临永桂丰广昌德福")


def chinese_numeral(k: int) -> str:
    """1..99 as Chinese numerals: 1 -> 一, 12 -> 十二, 40 -> 四十, 23 -> 二十三."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(k, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")
    return head + (digits[ones] if ones else "")


NUMERALS = tuple(chinese_numeral(k) for k in range(1, 100))


# --- people -----------------------------------------------------------------

SURNAMES = tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢"
)
# Common surnames dominate (王, 李, 张 are each ~7% of China).
SURNAME_WEIGHTS = tuple(1.0 / (i + 1) ** 0.8 for i in range(len(SURNAMES)))
MIDDLE_CHARS = tuple("晓思子雨佳嘉文志俊梓玉春秋海永建")
FEMALE_CHARS = tuple("芳娜敏静丽艳娟霞燕玲婷雪琳颖慧欣怡悦梅红英兰萍洁倩琴云秀")
MALE_CHARS = tuple("伟强磊军勇杰涛明超刚平辉鹏飞鑫波斌宇浩峰国龙林亮东")
FEMALE_SHARE = {Stage.KINDERGARTEN: 0.97, Stage.PRIMARY: 0.8, Stage.SPECIAL: 0.75}
FEMALE_SHARE_DEFAULT = 0.6


# --- schools ----------------------------------------------------------------


@dataclass(frozen=True)
class SchoolType:
    suffix: str
    share: float  # of schools
    rural_share: float
    size: tuple[int, int]  # urban teachers, min..max; rural schools are smaller
    stages: tuple[tuple[Stage, float], ...]
    flagship: str = "实验"  # how the first urban school of the type is called


SCHOOL_TYPES: tuple[SchoolType, ...] = (
    SchoolType("幼儿园", 0.28, 0.45, (8, 30), ((Stage.KINDERGARTEN, 1.0),)),
    SchoolType("小学", 0.40, 0.55, (20, 100), ((Stage.PRIMARY, 1.0),)),
    SchoolType("初级中学", 0.16, 0.35, (30, 120), ((Stage.JUNIOR, 1.0),)),
    SchoolType(
        "九年一贯制学校", 0.05, 0.70, (30, 100), ((Stage.PRIMARY, 0.6), (Stage.JUNIOR, 0.4))
    ),
    SchoolType("高级中学", 0.06, 0.05, (50, 140), ((Stage.SENIOR, 1.0),)),
    SchoolType("职业技术学校", 0.03, 0.05, (40, 120), ((Stage.VOCATIONAL, 1.0),), ""),
    SchoolType("特殊教育学校", 0.02, 0.0, (10, 35), ((Stage.SPECIAL, 1.0),), ""),
)
RURAL_SIZE_FACTOR = 0.6


# --- subjects by stage ------------------------------------------------------

SUBJECTS = (
    "preschool", "chinese", "math", "english", "physics", "chemistry", "biology",
    "history", "geography", "politics", "morality", "science", "pe", "music", "art", "it",
    "mechanics", "electronics", "accounting", "computing", "nursing", "tourism",
    "special_education", "rehabilitation",
)  # fmt: skip

STAGE_SUBJECTS: dict[Stage, dict[str, float]] = {
    Stage.KINDERGARTEN: {"preschool": 1.0},
    Stage.PRIMARY: {
        "chinese": 0.30, "math": 0.25, "english": 0.10, "pe": 0.08, "music": 0.06,
        "art": 0.06, "science": 0.06, "morality": 0.05, "it": 0.04,
    },
    Stage.JUNIOR: {
        "chinese": 0.15, "math": 0.15, "english": 0.14, "physics": 0.07, "chemistry": 0.05,
        "biology": 0.06, "history": 0.06, "geography": 0.06, "politics": 0.07, "pe": 0.08,
        "music": 0.04, "art": 0.04, "it": 0.03,
    },
    Stage.SENIOR: {
        "chinese": 0.14, "math": 0.14, "english": 0.13, "physics": 0.09, "chemistry": 0.08,
        "biology": 0.08, "history": 0.07, "geography": 0.07, "politics": 0.07, "pe": 0.06,
        "it": 0.04, "art": 0.02, "music": 0.01,
    },
    Stage.VOCATIONAL: {
        "chinese": 0.10, "math": 0.10, "english": 0.08, "mechanics": 0.14, "electronics": 0.12,
        "accounting": 0.12, "computing": 0.16, "nursing": 0.10, "tourism": 0.08,
    },
    Stage.SPECIAL: {"special_education": 0.7, "rehabilitation": 0.3},
}  # fmt: skip


# --- training programmes ----------------------------------------------------


@dataclass(frozen=True)
class TrainingTemplate:
    kind: TrainingDelivery
    content: TrainingContent
    name: str  # "{year}" is replaced by the record's year
    level: Level
    drawn_as: str  # which share of SLOT_KINDS picks it (the kinds of format version 1)


C, SB, ON, PR = (TrainingDelivery.CENTRALIZED, TrainingDelivery.SCHOOL_BASED, TrainingDelivery.ONLINE,
                 TrainingDelivery.PRACTICE)
PROF, PUBLIC, ETHICS = TrainingContent.PROFESSIONAL, TrainingContent.PUBLIC_NEED, TrainingContent.ETHICS
# 暑期研修, 公需科目 and 师德 study run on the online platforms; none is centralized or school-based,
# the deliveries the hour checks count on their own.
TRAINING_TEMPLATES: tuple[TrainingTemplate, ...] = (
    TrainingTemplate(C, PROF, "国培计划{year}", Level.NATIONAL, "centralized"),
    TrainingTemplate(C, PROF, "省培计划{year}", Level.PROVINCE, "centralized"),
    TrainingTemplate(C, PROF, "{year}年市级骨干教师集中培训", Level.CITY, "centralized"),
    TrainingTemplate(ON, PROF, "{year}年暑期教师研修", Level.COUNTY, "professional"),
    TrainingTemplate(ON, PROF, "学科专业能力提升培训", Level.CITY, "professional"),
    TrainingTemplate(SB, PROF, "校本研修", Level.SCHOOL, "school_based"),
    TrainingTemplate(SB, PROF, "{year}年校本教研活动", Level.SCHOOL, "school_based"),
    TrainingTemplate(ON, PROF, "国家智慧教育平台研修", Level.NATIONAL, "online"),
    TrainingTemplate(ON, TrainingContent.IT, "{year}年网络研修", Level.PROVINCE, "online"),
    TrainingTemplate(ON, PUBLIC, "{year}年公需科目培训", Level.CITY, "public_need"),
    TrainingTemplate(ON, PUBLIC, "公需科目网络学习", Level.COUNTY, "public_need"),
    TrainingTemplate(ON, ETHICS, "师德师风专题学习", Level.COUNTY, "ethics"),
    TrainingTemplate(PR, ETHICS, "{year}年师德师风教育", Level.SCHOOL, "ethics"),
    TrainingTemplate(PR, PROF, "新教师跟岗实践", Level.SCHOOL, "practice"),
    TrainingTemplate(C, PROF, "新教师岗前培训", Level.COUNTY, "centralized"),
)
PROBATION_CENTRALIZED = len(TRAINING_TEMPLATES) - 1
PROBATION_PRACTICE = len(TRAINING_TEMPLATES) - 2
# What a programme is about for a head-teacher (班主任 school-based training) or a principal
# (校长 training in the national and provincial plans).
HEAD_TEACHER_CONTENT = {"校本研修": TrainingContent.HEAD_TEACHER}
PRINCIPAL_CONTENT = {name: TrainingContent.MANAGEMENT for name in ("国培计划{year}", "省培计划{year}")}

# Kind mix of a teacher's 1st, 2nd and 3rd record in a year: the first is the
# big professional block, later ones the public-need and ethics parts (LE-HOURS,
# XD-ETHICS-HOURS).
SLOT_KINDS: tuple[dict[str, float], ...] = (
    {"professional": 0.35, "centralized": 0.25, "school_based": 0.25, "online": 0.15},
    {"public_need": 0.5, "school_based": 0.3, "online": 0.2},
    {"ethics": 0.6, "public_need": 0.2, "online": 0.2},
)
# Relative hours of a record in slot 1, 2, 3 (the year's total is split by these).
SLOT_WEIGHTS = (1.0, 0.45, 0.2)
