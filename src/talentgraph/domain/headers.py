"""The names a bundle's files, sheets and columns may go by: the English names of the table schema
(``models.py``) and the Chinese names bureaus write. The one place they are kept: the reader
matches headers against it, the template writes its first Chinese name, and docs/bundle-format.md
prints the table (tests/unit/test_headers.py keeps the page and this module in step).

Names match after ``normalized``: case, full-width forms, spaces, hyphens and underscores do not
matter (``Entry Date``, ``entry_date`` and ``ENTRY-DATE`` are one name).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from talentgraph.domain.columns import TableSpec

_SEPARATORS = re.compile(r"[\s_\-]+")

# Chinese names of each table (file stem / sheet name), first the one the template writes.
TABLE_NAMES: dict[str, tuple[str, ...]] = {
    "orgs": ("机构", "单位", "组织机构"),
    "teachers": ("教师", "教师名单", "花名册"),
    "titles": ("称号", "认定", "称号认定"),
    "programmes": ("培养", "培养项目"),
    "training": ("培训", "学时", "培训学时"),
    "mentorships": ("师徒", "带教", "师徒结对"),
    "studios": ("工作室", "名师工作室"),
    "studio_members": ("工作室成员",),
    "studio_links": ("工作室帮扶学校", "帮扶学校"),
    "reviews": ("考核",),
    "postings": ("任职", "任职经历"),
}

# Chinese names of each column, table by table, first the one the template writes.
COLUMN_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "orgs": {
        "id": ("机构编号", "编号", "单位编号", "代码"),
        "kind": ("类型", "机构类型"),
        "name": ("名称", "机构名称", "单位名称"),
        "parent_id": ("上级编号", "上级机构编号", "上级单位编号"),
        "rural": ("乡村", "是否乡村", "农村"),
    },
    "teachers": {
        "id": ("教师编号", "编号"),
        "name": ("姓名", "教师姓名"),
        "school_id": ("学校编号", "学校代码"),
        "entry_date": ("入职日期", "从教日期", "参加工作日期"),
        "stage": ("学段",),
        "subject": ("学科", "任教学科"),
        "head_teacher": ("班主任", "是否班主任"),
        "roles": ("职务", "角色"),
        "principal_since": ("任校长日期", "校长任职日期"),
        "status": ("状态", "在职状态"),
        "left_on": ("离职日期", "离岗日期"),
    },
    "titles": {
        "teacher_id": ("教师编号",),
        "tier": ("等次", "层次", "称号"),
        "level": ("级别",),
        "org_id": ("认定机构编号", "认定单位编号"),
        "awarded_on": ("认定日期", "授予日期"),
        "valid_until": ("有效期至", "有效期截止日期"),
        "track": ("序列", "类别"),
        "source": ("来源", "称号来源"),
        "nomination_id": ("推荐编号",),
        "policy": ("认定依据政策",),
        "policy_hash": ("政策内容哈希",),
        "verdict": ("认定时审核结论",),
    },
    "programmes": {
        "teacher_id": ("教师编号",),
        "tier": ("等次", "层次"),
        "level": ("级别",),
        "org_id": ("培养机构编号", "主办单位编号"),
        "enrolled_on": ("入选日期", "开始日期"),
        "completed_on": ("结业日期", "完成日期"),
        "result": ("结果", "结业结果", "考核结果"),
        "type": ("项目类型", "类型"),
    },
    "training": {
        "teacher_id": ("教师编号",),
        "date": ("日期", "培训日期", "登记日期"),
        "hours": ("学时", "学时数"),
        "kind": ("培训形式", "形式"),
        "content": ("培训内容", "内容"),
        "programme": ("项目名称", "培训项目", "项目"),
        "level": ("级别", "主办级别"),
        "probation": ("试用期", "是否试用期", "见习期"),
        "passed": ("合格", "是否合格", "考核合格"),
    },
    "mentorships": {
        "mentor_id": ("导师编号", "师傅编号"),
        "mentee_id": ("学员编号", "徒弟编号"),
        "kind": ("类型", "带教类型"),
        "start_date": ("开始日期",),
        "end_date": ("结束日期",),
    },
    "studios": {
        "id": ("工作室编号", "编号"),
        "name": ("名称", "工作室名称"),
        "level": ("级别",),
        "lead_id": ("主持人编号", "领衔人编号"),
        "host_org_id": ("依托单位编号", "依托机构编号"),
        "subject": ("学科",),
        "rural": ("乡村", "是否乡村"),
        "founded_on": ("成立日期",),
    },
    "studio_members": {
        "studio_id": ("工作室编号",),
        "teacher_id": ("教师编号",),
        "joined_on": ("加入日期",),
        "left_on": ("退出日期",),
    },
    "studio_links": {
        "studio_id": ("工作室编号",),
        "school_id": ("学校编号",),
        "since": ("开始日期", "结对日期"),
    },
    "reviews": {
        "teacher_id": ("教师编号",),
        "year": ("年度", "年份"),
        "kind": ("考核类型", "类型"),
        "result": ("考核结果", "结果"),
    },
    "postings": {
        "teacher_id": ("教师编号",),
        "school_id": ("学校编号",),
        "start_date": ("开始日期",),
        "end_date": ("结束日期",),
        "kind": ("任职类型", "类型"),
    },
}

# Sheets a workbook may carry for people, not data (the template's own): reported as a notice.
INSTRUCTION_SHEETS = ("说明", "填写说明", "instructions", "readme")


def normalized(name: str) -> str:
    """A name as matched: full-width folded, lower case, spaces/hyphens/underscores as one '_'.

    >>> normalized("  Entry-Date ")
    'entry_date'
    >>> normalized("ＩＤ")
    'id'
    """
    folded = unicodedata.normalize("NFKC", name).strip().lower()
    return _SEPARATORS.sub("_", folded).strip("_")


@dataclass(frozen=True)
class Names:
    """Known names -> canonical name, after ``normalized``; ``suggest`` finds the nearest one."""

    known: dict[str, str]

    def find(self, name: str) -> str | None:
        return self.known.get(normalized(name))

    def suggest(self, name: str) -> str | None:
        """The canonical name nearest to an unknown one (difflib), or None if none is near."""
        close = difflib.get_close_matches(normalized(name), list(self.known), n=1, cutoff=0.6)
        return self.known[close[0]] if close else None


@cache
def column_names(spec: TableSpec) -> Names:
    """Every name a column of ``spec`` goes by."""
    chinese = COLUMN_NAMES.get(spec.name, {})
    known: dict[str, str] = {}
    for column in spec.column_names:
        for name in (column, *chinese.get(column, ())):
            known.setdefault(normalized(name), column)
    return Names(known)


@cache
def table_names(specs: tuple[TableSpec, ...]) -> Names:
    """Every name a table goes by (a file stem or a sheet name)."""
    known: dict[str, str] = {}
    for spec in specs:
        for name in (spec.name, *TABLE_NAMES.get(spec.name, ())):
            known.setdefault(normalized(name), spec.name)
    return Names(known)


def is_instructions(name: str) -> bool:
    return normalized(name) in {normalized(n) for n in INSTRUCTION_SHEETS}


def header(spec: TableSpec, column: str, chinese: bool) -> str:
    """The header the template writes: the first Chinese name, or the English one."""
    names = COLUMN_NAMES.get(spec.name, {}).get(column, ())
    return names[0] if chinese and names else column


def markdown_table() -> str:
    """The header table docs/bundle-format.md prints (a test keeps the two equal)."""
    lines = ["| table | column | Chinese names accepted |", "|---|---|---|"]
    for table, columns in COLUMN_NAMES.items():
        sheet = f"{table} ({' / '.join(TABLE_NAMES[table])})"
        for column, chinese in columns.items():
            lines.append(f"| {sheet} | {column} | {' / '.join(chinese)} |")
            sheet = ""
    return "\n".join(lines) + "\n"
