"""The synthetic-region generator: deterministic, schema-exact, valid, and plausibly shaped."""

from __future__ import annotations

import functools
from collections import defaultdict
from datetime import date
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from talentgraph.domain.enums import ANNUAL_RESULTS, ETHICS_RESULTS, Level, OrgKind
from talentgraph.domain.tables import FILE_ORDER, ROUND_TABLES, SPECS
from talentgraph.roster import Roster, arrow_schema
from talentgraph.synth import generate_region
from talentgraph.synth.careers import CITY, COUNTY, PROVINCE, draw_careers
from talentgraph.synth.common import rng_streams
from talentgraph.synth.orgs import build_region
from talentgraph.synth.teachers import draw_staff

AS_OF = date(2026, 9, 1)
N = 20_000


@pytest.fixture(scope="module")
def region() -> Roster:
    return generate_region(N, seed=3, as_of=AS_OF)


@pytest.fixture(scope="module", params=[1, 40, 300, N])
def any_region(request: pytest.FixtureRequest) -> Roster:
    """Regions from one teacher up: every invariant must hold at every size."""
    if request.param == N:
        roster: Roster = request.getfixturevalue("region")
        return roster
    return generate_region(request.param, seed=request.param, as_of=AS_OF)


def col(roster: Roster, file: str, column: str) -> list[Any]:
    values: list[Any] = roster[file].column(column).to_pylist()
    return values


def is_unique(table: pa.Table, columns: list[str]) -> bool:
    return bool(table.group_by(columns).aggregate([]).num_rows == table.num_rows)


def org_kinds(roster: Roster) -> dict[str, str]:
    return dict(zip(col(roster, "orgs", "id"), col(roster, "orgs", "kind"), strict=True))


# --- determinism and shape ----------------------------------------------------


def test_same_seed_gives_the_same_roster() -> None:
    assert generate_region(2_000, seed=5).equals(generate_region(2_000, seed=5))


def test_another_seed_gives_another_roster() -> None:
    assert not generate_region(2_000, seed=5).equals(generate_region(2_000, seed=6))


def test_each_part_draws_from_its_own_stream() -> None:
    streams = rng_streams(1)
    assert len({s.random() for s in streams.values()}) == len(streams)


def test_tables_have_exactly_the_spec_schemas(any_region: Roster) -> None:
    for name in FILE_ORDER:
        assert any_region[name].schema.equals(arrow_schema(SPECS[name])), name


def test_a_full_region_fills_every_file(region: Roster) -> None:
    # Nomination rounds are made by planners (talentgraph round), not drawn with a roster.
    assert all(region.count(name) > 0 for name in FILE_ORDER if name not in ROUND_TABLES)
    assert all(region.count(name) == 0 for name in ROUND_TABLES)
    assert region.count("teachers") == N


def test_progress_reports_every_file() -> None:
    seen: dict[str, int] = {}
    roster = generate_region(300, seed=1, progress=lambda f, n: seen.__setitem__(f, n))
    assert seen == {name: n for name, n in roster.summary().items() if name not in ROUND_TABLES}


def test_rejects_an_empty_region() -> None:
    with pytest.raises(ValueError):
        generate_region(0, seed=1)


# --- structure ------------------------------------------------------------------


def test_ids_and_keys_are_unique(any_region: Roster) -> None:
    for name in FILE_ORDER:
        key = list(SPECS[name].key)
        if key:
            assert is_unique(any_region[name], key), name


def test_org_parents_are_one_kind_up(any_region: Roster) -> None:
    kinds = org_kinds(any_region)
    up = {"school": "county", "county": "city", "city": "province"}
    roots = 0
    for kind, parent in zip(
        col(any_region, "orgs", "kind"), col(any_region, "orgs", "parent_id"), strict=True
    ):
        if parent is None:
            roots += 1
        else:
            assert kinds[parent] == up[kind]
    assert roots == 1


def test_small_regions_are_a_city_and_big_ones_a_province(region: Roster) -> None:
    roots = [
        k
        for k, p in zip(col(region, "orgs", "kind"), col(region, "orgs", "parent_id"), strict=True)
        if p is None
    ]
    assert roots == ["city"]
    big = build_region(60_000, rng_streams(1)["orgs"])
    kinds = big.table.column("kind").to_pylist()
    assert kinds[0] == "province" and kinds.count("city") >= 2


def test_counties_and_school_sizes_are_realistic(region: Roster) -> None:
    kinds = col(region, "orgs", "kind")
    assert kinds.count("county") == round(N / 4_000)
    schools = pc.value_counts(region["teachers"].column("school_id")).field("counts").to_numpy()
    assert 25 <= schools.mean() <= 70
    rural = [r for r, k in zip(col(region, "orgs", "rural"), kinds, strict=True) if k == "school"]
    assert 0.3 <= float(np.mean(rural)) <= 0.5


def test_teachers_work_in_schools(any_region: Roster) -> None:
    kinds = org_kinds(any_region)
    assert {kinds[s] for s in col(any_region, "teachers", "school_id")} == {"school"}


def test_referenced_teachers_exist(any_region: Roster) -> None:
    teachers = set(col(any_region, "teachers", "id"))
    references = [
        ("titles", "teacher_id"),
        ("programmes", "teacher_id"),
        ("training", "teacher_id"),
        ("reviews", "teacher_id"),
        ("mentorships", "mentor_id"),
        ("mentorships", "mentee_id"),
        ("studios", "lead_id"),
        ("studio_members", "teacher_id"),
        ("postings", "teacher_id"),
    ]
    for name, column in references:
        assert set(col(any_region, name, column)) <= teachers, (name, column)


def test_titles_and_programmes_are_awarded_by_an_org_of_their_level(any_region: Roster) -> None:
    kinds = org_kinds(any_region)
    for name in ("titles", "programmes"):
        for level, org in zip(
            col(any_region, name, "level"), col(any_region, name, "org_id"), strict=True
        ):
            if level == Level.NATIONAL:
                assert org is None
            else:
                assert kinds[org] == OrgKind(level)


def test_nothing_is_dated_after_as_of(any_region: Roster) -> None:
    dated = {
        "titles": ["awarded_on"],
        "training": ["date"],
        "programmes": ["enrolled_on", "completed_on"],
        "teachers": ["entry_date", "principal_since"],
        "mentorships": ["start_date", "end_date"],
        "postings": ["start_date", "end_date"],
        "studios": ["founded_on"],
        "studio_members": ["joined_on", "left_on"],
        "studio_links": ["since"],
    }
    for name, columns in dated.items():
        for column in columns:
            latest = pc.max(any_region[name].column(column)).as_py()
            assert latest is None or latest <= AS_OF, (name, column)
    assert (pc.max(any_region["reviews"].column("year")).as_py() or 0) <= AS_OF.year


def ends_not_before_starts(table: pa.Table, start: str, end: str) -> bool:
    ends = table.column(end)
    ok = pc.or_kleene(pc.is_null(ends), pc.greater_equal(ends, table.column(start)))
    return bool(pc.all(ok).as_py() is not False)


def test_end_dates_follow_start_dates(any_region: Roster) -> None:
    assert ends_not_before_starts(any_region["titles"], "awarded_on", "valid_until")
    assert ends_not_before_starts(any_region["programmes"], "enrolled_on", "completed_on")
    assert ends_not_before_starts(any_region["mentorships"], "start_date", "end_date")
    assert ends_not_before_starts(any_region["postings"], "start_date", "end_date")
    assert ends_not_before_starts(any_region["studio_members"], "joined_on", "left_on")
    assert ends_not_before_starts(any_region["teachers"], "entry_date", "principal_since")


def test_programmes_are_in_progress_exactly_when_not_completed(any_region: Roster) -> None:
    results = col(any_region, "programmes", "result")
    completed = col(any_region, "programmes", "completed_on")
    assert all((r == "in_progress") == (c is None) for r, c in zip(results, completed, strict=True))


def test_training_hours_are_positive_half_hours(any_region: Roster) -> None:
    hours = any_region["training"].column("hours").to_numpy()
    assert (hours > 0).all() and (hours * 2 == np.round(hours * 2)).all()


def test_review_results_fit_their_kind_and_ethics_vetoes(any_region: Roster) -> None:
    rows = any_region["reviews"].to_pylist()
    for row in rows:
        allowed = ETHICS_RESULTS if row["kind"] == "ethics" else ANNUAL_RESULTS
        assert row["result"] in allowed
    failed = {(r["teacher_id"], r["year"]) for r in rows if r["result"] == "fail"}
    for row in rows:  # XD-ETHICS-VETO
        if row["kind"] == "annual" and (row["teacher_id"], row["year"]) in failed:
            assert row["result"] in {"basic", "unqualified"}


def test_nobody_mentors_themselves(any_region: Roster) -> None:
    table = any_region["mentorships"]
    assert not pc.any(pc.equal(table.column("mentor_id"), table.column("mentee_id"))).as_py()


def test_studio_leads_hold_a_famous_title(any_region: Roster) -> None:
    famous = {
        (t["teacher_id"], t["level"])
        for t in any_region["titles"].to_pylist()
        if t["tier"] == "famous" and t["track"] in {"teacher", "head_teacher"}
    }
    for studio in any_region["studios"].to_pylist():
        assert (studio["lead_id"], studio["level"]) in famous


# --- plausibility (20,000 teachers) ----------------------------------------------


def holder_share(roster: Roster, tier: str, level: str) -> float:
    wanted = (tier, level, "teacher")
    titles = [
        t["teacher_id"]
        for t in roster["titles"].to_pylist()
        if (t["tier"], t["level"], t["track"]) == wanted
    ]
    return len(set(titles)) / roster.count("teachers")


def test_backbone_shares_follow_tx_ratio(region: Roster) -> None:
    assert 0.10 <= holder_share(region, "backbone", "county") <= 0.20
    assert 0.06 <= holder_share(region, "backbone", "city") <= 0.12
    famous = holder_share(region, "famous", "county")
    assert 0.002 <= famous <= 0.03


def test_roles_and_head_teachers_are_in_band(region: Roster) -> None:
    roles = col(region, "teachers", "roles")
    principals = sum("principal" in (r or "") for r in roles)
    schools = col(region, "orgs", "kind").count("school")
    assert 0.95 * schools <= principals <= schools
    assert 0.01 <= sum("researcher" in (r or "") for r in roles) / N <= 0.03
    assert 0.025 <= sum("subject_leader" in (r or "") for r in roles) / N <= 0.06
    head = region["teachers"].column("head_teacher").to_numpy(zero_copy_only=False)
    assert 0.30 <= head.mean() <= 0.40


def test_every_new_teacher_has_a_head_teacher_mentor(region: Roster) -> None:
    cutoff = date(AS_OF.year - 2, AS_OF.month, AS_OF.day)
    young = {t["id"] for t in region["teachers"].to_pylist() if t["entry_date"] >= cutoff}
    mentored = {
        m["mentee_id"] for m in region["mentorships"].to_pylist() if m["kind"] == "head_teacher"
    }
    assert young and young <= mentored


def test_subject_mentorships_form_lineages(region: Roster) -> None:
    mentors: dict[str, list[str]] = defaultdict(list)
    for m in region["mentorships"].to_pylist():
        if m["kind"] == "subject":
            mentors[m["mentee_id"]].append(m["mentor_id"])

    @functools.cache
    def generations(teacher: str) -> int:
        return 1 + max((generations(m) for m in mentors.get(teacher, ())), default=0)

    assert max(generations(t) for t in list(mentors)) >= 4


def test_most_years_meet_the_90_hour_rule(region: Roster) -> None:
    table = region["training"].filter(pc.invert(region["training"].column("probation")))
    years = pc.year(table.column("date"))
    full = pc.and_(pc.greater_equal(years, AS_OF.year - 5), pc.less(years, AS_OF.year))
    per_year = (
        table.append_column("year", years)
        .filter(full)
        .group_by(["teacher_id", "year"])
        .aggregate([("hours", "sum")])
    )
    short = pc.mean(pc.cast(pc.less(per_year.column("hours_sum"), 90.0), pa.int8())).as_py()
    assert 0.08 <= short <= 0.30
    failed = 1 - pc.mean(pc.cast(region["training"].column("passed"), pa.int8())).as_py()
    assert 0.001 <= failed <= 0.01


def test_studios_have_members_and_mostly_rural_partner_schools(region: Roster) -> None:
    members = pc.value_counts(region["studio_members"].column("studio_id")).field("counts")
    assert pc.min(members).as_py() >= 3
    assert pc.max(members).as_py() <= 15
    rural = dict(zip(col(region, "orgs", "id"), col(region, "orgs", "rural"), strict=True))
    linked = [rural[s] for s in col(region, "studio_links", "school_id")]
    assert np.mean(linked) >= 0.6


def test_higher_titles_rest_on_earlier_lower_ones(region: Roster) -> None:
    """JM-LEVEL: most city backbone holders got the county title first; a few skip it."""
    awarded: dict[tuple[str, str], date] = {}
    for t in region["titles"].to_pylist():
        if (t["tier"], t["track"]) == ("backbone", "teacher"):
            awarded[(t["teacher_id"], t["level"])] = t["awarded_on"]
    city = [teacher for teacher, level in awarded if level == "city"]
    chained = [t for t in city if awarded.get((t, "county"), AS_OF) < awarded[(t, "city")]]
    assert 0.85 <= len(chained) / len(city) < 1.0


def test_some_titles_expire_and_some_have_lapsed(region: Roster) -> None:
    until = [u for u in col(region, "titles", "valid_until") if u is not None]
    assert 0.05 <= len(until) / region.count("titles") <= 0.15
    assert any(u < AS_OF for u in until) and any(u >= AS_OF for u in until)


def test_a_province_region_fills_the_province_tier() -> None:
    """TX-RATIO at all three levels when there is a province to award (careers only: cheap)."""
    streams = rng_streams(2)
    staff = draw_staff(build_region(N, streams["orgs"]), AS_OF, streams["teachers"])
    backbone = draw_careers(staff, True, streams["titles"]).backbone
    shares = backbone.held.mean(axis=0)
    assert 0.10 <= shares[COUNTY] <= 0.20
    assert 0.06 <= shares[CITY] <= 0.12
    assert 0.04 <= shares[PROVINCE] <= 0.08
    both = backbone.held[:, CITY] & backbone.held[:, PROVINCE]
    assert (backbone.award[both, CITY] < backbone.award[both, PROVINCE]).all()
