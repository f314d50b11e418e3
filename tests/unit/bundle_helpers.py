"""Small roster bundles written as CSV text, for the bundle reader/validator/writer tests.

``VALID`` is a complete, valid bundle (every file, a few rows each). Tests
copy it, change the one row their scenario is about, and write it to a folder.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from talentgraph.bundle.load import load_bundle
from talentgraph.errors import BundleError, Problem

TODAY = dt.date(2024, 6, 30)

VALID: dict[str, str] = {
    "orgs": """\
id,kind,name,parent_id,rural
P1,province,某省,,
C1,city,某市,P1,
X1,county,某县,C1,
S1,school,第一中学,X1,false
S2,school,乡村小学,X1,true
""",
    "teachers": """\
id,name,school_id,entry_date,stage,subject,head_teacher,roles,principal_since,status
T1,张三,S1,2010-09-01,junior,math,true,principal;researcher,2018-09-01,active
T2,李四,S2,2015-09-01,primary,chinese,false,,,
T3,王五,S1,2020-09-01,senior,physics,,subject_leader,,retired
""",
    "titles": """\
teacher_id,tier,level,org_id,awarded_on,valid_until,track
T1,backbone,county,X1,2019-05-01,2024-05-01,teacher
T1,famous,city,C1,2022-05-01,,principal
T2,emerging,national,,2023-01-10,,
""",
    "programmes": """\
teacher_id,tier,level,org_id,enrolled_on,completed_on,result
T1,famous,city,C1,2020-09-01,2021-07-01,pass
T2,backbone,county,X1,2023-09-01,,in_progress
""",
    "training": """\
teacher_id,date,hours,kind,programme,level,probation,passed
T1,2023-03-01,90,centralized,市级骨干研修,city,false,true
T2,2023-04-02,1.5,online,"网络研修, 第二期",,TRUE,False
T3,2023-05-03,12.25,school_based,,,,
""",
    "mentorships": """\
mentor_id,mentee_id,kind,start_date,end_date
T1,T2,subject,2021-09-01,2022-07-01
T1,T3,head_teacher,2022-09-01,
""",
    "studios": """\
id,name,level,lead_id,host_org_id,subject,rural,founded_on
ST1,张三名师工作室,city,T1,C1,math,false,2021-03-01
""",
    "studio_members": """\
studio_id,teacher_id,joined_on,left_on
ST1,T2,2021-03-01,2023-03-01
ST1,T3,2021-03-01,
""",
    "studio_links": """\
studio_id,school_id,since
ST1,S2,2022-01-01
""",
    "reviews": """\
teacher_id,year,kind,result
T1,2023,ethics,pass
T1,2023,annual,excellent
T2,2023,annual,qualified
""",
    "postings": """\
teacher_id,school_id,start_date,end_date,kind
T2,S1,2015-09-01,2019-08-31,regular
T2,S2,2019-09-01,,support
""",
}

MINIMAL = {name: VALID[name] for name in ("orgs", "teachers")}


def write_csv_bundle(folder: Path, files: dict[str, str]) -> Path:
    """Write each file's text as ``<name>.csv`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def with_row(files: dict[str, str], name: str, row: str) -> dict[str, str]:
    """A copy of ``files`` with one more data row at the end of file ``name``."""
    return {**files, name: files[name] + row + "\n"}


def problems_in(folder: Path, today: dt.date = TODAY) -> list[Problem]:
    """The problems ``load_bundle`` reports for a bundle that must not load."""
    with pytest.raises(BundleError) as raised:
        load_bundle(folder, today=today)
    return raised.value.problems


def as_xls(xlsx: Path, xls: Path, title: str | None = None) -> Path:
    """The same workbook saved as Excel 97-2003 (.xls), dates as date cells and merged cells
    merged, as WPS saves it; ``title`` goes in a row above each sheet's header."""
    import openpyxl
    import xlwt  # the test extra: a writer of the old format

    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    out = xlwt.Workbook(encoding="utf-8")
    for sheet in openpyxl.load_workbook(xlsx).worksheets:
        target = out.add_sheet(sheet.title)
        offset = 0
        if title:
            target.write(0, 0, title)
            offset = 1
        merged = {(m.min_row - 1, m.min_col - 1): m for m in sheet.merged_cells.ranges}
        for r, row in enumerate(sheet.iter_rows(values_only=True)):
            for c, value in enumerate(row):
                if (r, c) in merged:
                    m = merged[(r, c)]
                    target.write_merge(r + offset, m.max_row - 1 + offset, c, m.max_col - 1, value)
                elif isinstance(value, dt.datetime | dt.date):
                    target.write(r + offset, c, value, date_style)
                elif value is not None:
                    target.write(r + offset, c, value)
    out.save(str(xls))
    return xls
