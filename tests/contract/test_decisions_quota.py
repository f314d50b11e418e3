"""Quotas, targets and coverage (aggregate rules) on both stores: TX-RATIO, JM-QUOTA-CITY-BACKBONE,
TX-TARGET, JM-TARGET, XD-FAMOUS-HEADTEACHER-TARGET, XD-COVERAGE, WZ-SCHOOL-SHARE and XD-MENTOR
as coverage. The default as-of date is 2026-11-22; counts are of teachers in post on it."""

from __future__ import annotations

from talentgraph.eligibility.coverage_measures import coverage_rows
from talentgraph.eligibility.pipeline import pipeline
from talentgraph.eligibility.quota import QuotaRow, quota_rows
from talentgraph.policy.load import load_policy
from tests.factories import AS_OF, CITY, COUNTY, OTHER_COUNTY, OTHER_SCHOOL, RURAL_SCHOOL, SCHOOL, Region
from tests.judging import region_facts


def quotas(region: Region, policy: str, org: str | None = COUNTY) -> list[QuotaRow]:
    facts = region_facts(region)
    return quota_rows(facts, facts.orgs.row_of(org) if org else None, load_policy(policy), AS_OF)


def staff(region: Region, prefix: str, n: int, school: str = SCHOOL, **options: object) -> list[str]:
    ids = [f"{prefix}{i:03d}" for i in range(n)]
    for tid in ids:
        region.teacher(tid, school=school, **options)  # type: ignore[arg-type]
    return ids


# -------------------------------------------------------------------- TX-RATIO
#
# «2022年根据区级骨干教师占比6%测算……根据市级骨干教师占比9%测算……根据县级骨干教师占比15%测算»: shares of
# all the county's teachers, the region (province-level), city and county backbone teachers.

def tx_county() -> Region:
    """County C1-K1: 50 teachers in post, 8 county backbone, 5 city backbone, 2 region (province)
    backbone; a leaver with a county title, an expired county title; the other county's
    teachers and titles must not count."""
    region = Region()
    ids = staff(region, "A", 40) + staff(region, "R", 10, school=RURAL_SCHOOL)
    for tid in ids[:8]:
        region.title(tid, "backbone", "county", "2021-06-01")
    for tid in ids[8:13]:
        region.title(tid, "backbone", "city", "2022-06-01")
    for tid in ids[13:15]:
        region.title(tid, "backbone", "province", "2023-06-01")
    region.teacher("L1", status="left", left_on="2026-01-31").title("L1", "backbone", "county", "2020-06-01")
    region.title(ids[20], "backbone", "county", "2015-06-01", until="2020-06-01")
    for tid in staff(region, "B", 30, school=OTHER_SCHOOL):
        region.title(tid, "backbone", "county", "2021-06-01", org=OTHER_COUNTY)
    return region


def test_tx_ratio_county_scope_shows_all_three_shares() -> None:
    """TX-RATIO «根据区级骨干教师占比6%测算……根据市级骨干教师占比9%测算……根据县级骨干教师占比15%测算»:
    a county planner sees the 15% county, 9% city and 6% region shares of the county's own
    teachers, each against its holders."""
    rows = {r.level.value: r for r in quotas(tx_county(), "tongxin") if r.rule == "TX-RATIO"}
    assert sorted(rows) == ["city", "county", "province"]
    got = {lv: (r.share, r.base, r.quota, r.holders, r.approved, r.headroom) for lv, r in rows.items()}
    assert got == {"county": (0.15, 50, 7, 8, 0, -1), "city": (0.09, 50, 4, 5, 0, -1),
                   "province": (0.06, 50, 3, 2, 0, 1)}
    assert all(r.org_id == COUNTY and r.rounding == "floor" for r in rows.values())
    assert "rounded down" in rows["county"].basis and "teachers in post" in rows["county"].basis


def test_tx_ratio_city_scope_gives_a_row_per_county() -> None:
    """TX-RATIO: the shares are of each county's teachers; at city scope each county has its rows."""
    rows = [r for r in quotas(tx_county(), "tongxin", CITY)
            if r.rule == "TX-RATIO" and r.level.value == "county"]
    assert [(r.org_id, r.base, r.quota, r.holders) for r in rows] == [
        (COUNTY, 50, 7, 8), (OTHER_COUNTY, 30, 4, 30)]


def test_tx_ratio_reference_policy_counts_the_same_as_tongxin() -> None:
    """TX-RATIO in the reference policy is the same policy data, not a separate constant."""
    def pick(name: str) -> list[tuple[str, int, int]]:
        return [(r.level.value, r.quota, r.holders) for r in quotas(tx_county(), name)
                if r.rule == "TX-RATIO"]
    assert pick("reference") == pick("tongxin")


# ------------------------------------------------------- JM-QUOTA-CITY-BACKBONE

def test_jm_quota_city_backbone_ten_percent_of_primary_and_secondary_teachers() -> None:
    """JM-QUOTA-CITY-BACKBONE «市级按全市中小学专任教师数量10%左右开展骨干教师培养培训»: about 10% of the
    city's primary and secondary (中小学) teachers, rounded to the nearest; cultivation counts
    title holders and teachers in a running city programme; kindergarten teachers are not 中小学
    and a teacher of unknown stage is said, not counted."""
    region = Region()
    staff(region, "P", 10, stage="primary")
    staff(region, "J", 10, stage="junior")
    staff(region, "S", 5, school=OTHER_SCHOOL, stage="senior")
    staff(region, "K", 8, stage="kindergarten")
    region.teacher("U1", stage=None)
    region.title("J000", "backbone", "city", "2023-06-01")
    region.programme("J001", "backbone", "city", "in_progress", enrolled="2026-03-01", completed=None)
    region.programme("J002", "backbone", "city", "pass", enrolled="2024-03-01", completed="2025-07-01")
    region.title("K000", "backbone", "city", "2023-06-01")
    (row,) = [r for r in quotas(region, "jiangmen", None) if r.rule == "JM-QUOTA-CITY-BACKBONE"]
    assert (row.org_id, row.base, row.quota, row.holders, row.rounding) == (CITY, 25, 3, 2, "round")
    assert "1 teacher(s) of unknown stage not counted" in row.basis
    # A county planner sees the county's own part: 20 teachers, 2.
    (part,) = [r for r in quotas(region, "jiangmen", COUNTY) if r.rule == "JM-QUOTA-CITY-BACKBONE"]
    assert (part.org_id, part.base, part.quota) == (COUNTY, 20, 2)


# ------------------------------------------------------------------ TX-TARGET

def test_tx_target_counts_selections_for_training_from_2022() -> None:
    """TX-TARGET «至2025年遴选397人市级认定培训,完成522人全员能力提升培训»: city certification and
    improvement training enrolments from the plan's year, each teacher once, against 397 and 522."""
    region = Region()
    ids = staff(region, "A", 6)
    region.programme(ids[0], "backbone", "city", "pass", enrolled="2022-03-01", type="certification")
    region.programme(ids[0], "backbone", "city", "pass", enrolled="2023-03-01", type="certification")
    region.programme(ids[1], "backbone", "city", "in_progress", enrolled="2026-09-01", completed=None,
                     type="certification")
    region.programme(ids[2], "backbone", "city", "pass", enrolled="2021-09-01", type="certification")
    region.programme(ids[3], "backbone", "city", "pass", enrolled="2024-03-01", type="improvement")
    region.programme(ids[4], "backbone", "city", "in_progress", enrolled="2026-12-01", completed=None,
                     type="certification")
    rows = {(r.level.value, r.types): r for r in quotas(region, "tongxin") if r.rule == "TX-TARGET"}
    cert = rows[("city", ("certification",))]
    improvement = rows[("city", ("improvement",))]
    assert (cert.quota, cert.holders, cert.headroom, str(cert.by)) == (397, 2, 395, "2025-12-31")
    assert (improvement.quota, improvement.holders) == (522, 1)


# ------------------------------------------------------------------ JM-TARGET

def test_jm_target_counts_famous_titles_awarded_in_the_plan_years() -> None:
    """JM-TARGET «“十四五”期间梯次培养各类教学名师8000人以上»: famous teachers and famous head-teachers
    named from 2021, any level, each once; a famous principal is not a 教学名师."""
    region = Region()
    ids = staff(region, "A", 5)
    region.title(ids[0], "famous", "county", "2021-03-01").title(ids[0], "famous", "city", "2024-03-01")
    region.title(ids[1], "famous", "school", "2022-03-01", track="head_teacher")
    region.title(ids[2], "famous", "county", "2020-12-31")
    region.title(ids[3], "famous", "county", "2023-03-01", track="principal")
    (row,) = [r for r in quotas(region, "jiangmen", CITY) if r.rule == "JM-TARGET"]
    assert (row.quota, row.holders, row.headroom) == (8000, 2, 7998)


# ------------------------------------------------------- XD-FAMOUS-HEADTEACHER-TARGET

def test_xd_famous_headteacher_target_counts_district_or_higher_holders() -> None:
    """XD-FAMOUS-HEADTEACHER-TARGET «到2025年,培养区级以上名班主任166名»: famous head-teachers of
    district (county) level or higher in post; a school-level one or a famous teacher (not a
    head-teacher title) is not one."""
    region = Region()
    ids = staff(region, "A", 5)
    region.title(ids[0], "famous", "county", "2023-03-01", track="head_teacher")
    region.title(ids[1], "famous", "city", "2023-03-01", track="head_teacher")
    region.title(ids[2], "famous", "school", "2023-03-01", track="head_teacher")
    region.title(ids[3], "famous", "county", "2023-03-01")
    (row,) = quotas(region, "xd")
    assert (row.rule, row.org_id, row.quota, row.holders, row.headroom) == (
        "XD-FAMOUS-HEADTEACHER-TARGET", COUNTY, 166, 2, 164)


# ------------------------------------------------------------------ coverage

def coverage(region: Region, policy: str,
             org: str = COUNTY) -> dict[tuple[str, str], tuple[int, int, int, int]]:
    facts = region_facts(region)
    rows = coverage_rows(facts, facts.orgs.row_of(org), load_policy(policy), AS_OF)
    return {(r.school_id, r.measure): (r.count, r.of, r.needed, r.gap) for r in rows}


def test_xd_coverage_every_school_a_famous_teacher_every_class_a_backbone() -> None:
    """XD-COVERAGE «实现校校有名师,班班有骨干»: S1 has a county famous teacher, S2 only a school-level
    one (not 名师 at district level); S1 has 3 classes (head-teachers) and 1 backbone teacher."""
    region = Region()
    ids = staff(region, "A", 6)
    region.teacher("H1", head_teacher=True).teacher("H2", head_teacher=True).teacher("H3", head_teacher=True)
    rural = staff(region, "R", 3, school=RURAL_SCHOOL)
    region.title(ids[0], "famous", "county", "2023-03-01").title(ids[1], "backbone", "school", "2023-03-01")
    region.title(rural[0], "famous", "school", "2023-03-01")
    got = coverage(region, "xd")
    assert got[(SCHOOL, "famous_in_school")] == (1, 9, 1, 0)
    assert got[(RURAL_SCHOOL, "famous_in_school")] == (0, 3, 1, 1)
    assert got[(SCHOOL, "backbone_per_class")] == (2, 3, 3, 1)  # the famous teacher is of backbone standing
    assert (OTHER_SCHOOL, "famous_in_school") not in got  # another county: outside the subtree


def test_wz_school_share_one_programme_of_90_hours() -> None:
    """WZ-SCHOOL-SHARE «学校每年安排不少于20%的教师,参加一次性不少于90学时集中培训»: of S1's 11
    teachers, at least 3 (20%, rounded up) attended one centralized programme of 90 h in 2025;
    50 + 40 h of one programme count, 60 + 40 h of two do not."""
    region = Region()
    ids = staff(region, "A", 11)
    region.hours(ids[0], "2025-04-01", 90, "centralized", programme="省培")
    region.hours(ids[1], "2025-04-01", 50, "centralized", programme="市培").hours(
        ids[1], "2025-10-01", 40, "centralized", programme="市培")
    region.hours(ids[2], "2025-04-01", 60, "centralized", programme="甲").hours(
        ids[2], "2025-10-01", 40, "centralized", programme="乙")
    region.hours(ids[3], "2024-04-01", 120, "centralized", programme="省培")
    region.hours(ids[4], "2025-04-01", 100, "online", programme="网培")
    assert coverage(region, "wenzhou")[(SCHOOL, "school_share")] == (2, 11, 3, 1)


def test_xd_mentor_coverage_of_new_teachers() -> None:
    """XD-MENTOR «新入职教师须跟随班主任导师学习班级管理不少于一学年»: new teachers (less than a year
    in) with a head-teacher mentor on record; a subject mentor is not one."""
    region = Region().teacher("M1", entry="2010-09-01", head_teacher=True)
    region.teacher("N1", entry="2026-09-01").teacher("N2", entry="2026-09-01")
    region.teacher("N3", entry="2026-02-01")
    region.mentorship("M1", "N1", "2026-09-01").mentorship("M1", "N2", "2026-09-01", kind="subject")
    assert coverage(region, "xd")[(SCHOOL, "new_teacher_mentor")] == (1, 3, 3, 2)


def test_tx_ratio_pipeline_at_county_scope_shows_all_three_levels() -> None:
    """TX-RATIO «……区级骨干教师占比6%……市级骨干教师占比9%……县级骨干教师占比15%»: the pipeline's quota
    table at county scope has the region and city shares too, from the policy's [[quota]]."""
    facts = region_facts(tx_county())
    scope = facts.in_scope(facts.orgs.row_of(COUNTY))
    found = pipeline(facts, scope, load_policy("tongxin"), AS_OF)
    assert [(q.level.value, q.ratio, q.holders, q.quota) for q in found.quotas] == [
        ("county", 0.15, 8, 7), ("city", 0.09, 5, 4), ("province", 0.06, 2, 3)]
    assert pipeline(facts, scope, load_policy("jiangmen"), AS_OF).quotas == []  # not Jiangmen's rule


def test_xd_headteacher_training_rotation_per_school() -> None:
    """XD-HEADTEACHER-TRAINING «到“十四五”末,基本完成全区班主任轮训»: head-teachers with head-teacher
    training since 2021; training of other content, or before 2021, is not it."""
    region = Region().teacher("H1", head_teacher=True).teacher("H2", head_teacher=True)
    region.teacher("H3", head_teacher=True).teacher("A1")
    region.hours("H1", "2023-05-01", 30, "centralized", content="head_teacher")
    region.hours("H2", "2020-05-01", 30, "centralized", content="head_teacher")
    region.hours("H3", "2023-05-01", 30, "centralized", content="professional")
    region.hours("A1", "2023-05-01", 30, "centralized", content="head_teacher")
    assert coverage(region, "xd")[(SCHOOL, "head_teacher_training")] == (1, 3, 3, 2)
