"""A round's nomination list 推荐名单 as rows and as an XLSX workbook, headers in the chosen
language (Chinese first), domain words from ``i18n.Words``."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO

from talentgraph.domain.enums import Level, Tier, Track
from talentgraph.domain.rounds import RoundView
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import VerdictKind
from talentgraph.i18n import CHINESE, Words
from talentgraph.spreadsheet import xlsx_cell

# (key, Chinese, English): one column each.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("number", "序号", "No."),
    ("teacher_id", "教师编号", "Teacher ID"),
    ("name", "姓名", "Name"),
    ("school_id", "学校", "School"),
    ("target", "推荐称号", "Title"),
    ("status", "状态", "Status"),
    ("verdict", "资格审核结果", "Verdict"),
    ("failed_rules", "未通过规则", "Rules not passed"),
    ("waived", "豁免的原则上规则", "Waived 原则上 rules"),
    ("reason", "理由", "Reason"),
    ("approver", "审批人", "Approver"),
    ("decided_at", "审批时间", "Decided at"),
)
STATUS_ZH = {"nominated": "已推荐", "approved": "已批准", "rejected": "未批准", "certified": "已认定"}
SHEET = {CHINESE: "推荐名单"}


def header(lang: str) -> list[str]:
    return [zh if lang == CHINESE else en for _, zh, en in COLUMNS]


def _target(view: RoundView) -> Target:
    return Target(tier=Tier(view.tier), level=Level(view.level), track=Track(view.track))


def rows(view: RoundView, lang: str) -> list[list[str]]:
    """One row per nomination the view shows, in nomination order."""
    words = Words.of(lang)
    target = _target(view)
    out = []
    for number, n in enumerate(view.nominations, 1):
        out.append([str(number), n.teacher_id, n.name, n.school_id, words.target(target),
                    STATUS_ZH[n.status.value] if lang == CHINESE else n.status.value,
                    words.verdict(VerdictKind(n.verdict)), ";".join(n.failed_rules), ";".join(n.waived),
                    n.reason or "", n.approver or "", n.decided_at or ""])
    return out


def title(view: RoundView, lang: str) -> str:
    """The sheet's first line: which round, whose list."""
    if lang == CHINESE:
        return (f"{view.org_id} {Words.of(lang).target(_target(view))} 推荐名单"
                f"（轮次 {view.id}，名额 {view.quota}，政策 {view.policy}）")
    return (f"Nomination list of round {view.id}: {view.target} by {view.org_id} "
            f"(quota {view.quota}, policy {view.policy})")


def write_xlsx(view: RoundView, lang: str, output: Path | IO[bytes]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET.get(lang, "nominations"))
    ws.append([xlsx_cell(ws, title(view, lang))])
    ws.append(header(lang))
    for row in rows(view, lang):
        ws.append([xlsx_cell(ws, value) for value in row])
    wb.save(output)


def xlsx_bytes(view: RoundView, lang: str) -> bytes:
    out = io.BytesIO()
    write_xlsx(view, lang, out)
    return out.getvalue()

