"""A generated two-county region with links across the county line, for the leak tests.

``generate_region`` gives a city of two counties (A: C01-K01, B: C01-K02); on top of it come
the links a scoped planner of A must not see through:

- b1 (B) mentors a1 (A), ongoing; a1 mentors b2 (B), who mentors a2 (A): a2 is a1's
  generation-2 mentee only through b2; a2 mentors b3 (B).
- Studio ST9001 is led by a3 (A), with members b1 (B) and a2 (A), and supports a B school: b1's
  mentee a1 is in its reach only through b1. Studio ST9002 is led by b3 (B), with member a1.
- Studios are named after their lead (…名师工作室), as the generated ones are.
- Nomination rounds: RA run by A (a1 nominated), RB run by B (b1 nominated), and RC run by the
  city above both, with a2 and b2 nominated and b2 approved: a planner of A sees RC with a2's
  nomination only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from talentgraph.bundle.load import load_bundle
from talentgraph.bundle.write import write_bundle
from talentgraph.roster import Roster
from talentgraph.synth import generate_region

TEACHERS, SEED = 6000, 11
AS_OF = "2026-09-01"
A, B = "C01-K01", "C01-K02"
MISSING_TEACHER, MISSING_STUDIO, MISSING_ORG = "T9999999", "ST9999", "C09-K09"
CITY, MISSING_ROUND = "C01", "R9999"


@dataclass(frozen=True)
class LeakRegion:
    roster: Roster
    a: tuple[str, ...]  # a1, a2, a3
    b: tuple[str, ...]  # b1, b2, b3
    a_school: str
    b_school: str
    county_of: dict[str, str]  # teacher id -> county id
    names: dict[str, str]  # teacher id -> name
    studio_county: dict[str, str]  # studio id -> county of its lead

    def teachers_of(self, county: str) -> set[str]:
        return {t for t, c in self.county_of.items() if c == county}

    def studios_of(self, county: str) -> set[str]:
        return {s for s, c in self.studio_county.items() if c == county}


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _add(roster: Roster, name: str, rows: list[dict[str, Any]]) -> pa.Table:
    table = roster[name]
    return pa.concat_tables([table, pa.Table.from_pylist(rows, schema=table.schema)])


def leak_region(folder: Path) -> LeakRegion:
    """The region, written to ``folder`` as a bundle and read back (so it is a valid bundle)."""
    base = generate_region(TEACHERS, seed=SEED, as_of=_day(AS_OF))
    teachers = base["teachers"].to_pylist()
    county = {t["id"]: t["school_id"][:len(A)] for t in teachers}
    assert set(county.values()) == {A, B}, "the generated region must have exactly two counties"
    names = {t["id"]: t["name"] or "" for t in teachers}

    def pick(c: str) -> tuple[str, ...]:
        old_hands = [t["id"] for t in teachers if county[t["id"]] == c and t["status"] == "active"
                     and t["entry_date"] is not None and t["entry_date"] < _day("2010-01-01")]
        return tuple(old_hands[:3])

    a, b = pick(A), pick(B)
    school = {t["id"]: t["school_id"] for t in teachers}
    mentorships = [
        {"mentor_id": b[0], "mentee_id": a[0], "kind": "head_teacher", "start_date": _day("2020-09-01")},
        {"mentor_id": a[0], "mentee_id": b[1], "kind": "subject", "start_date": _day("2018-09-01")},
        {"mentor_id": b[1], "mentee_id": a[1], "kind": "subject", "start_date": _day("2019-09-01")},
        {"mentor_id": a[1], "mentee_id": b[2], "kind": "subject", "start_date": _day("2021-09-01")},
    ]
    studios = [
        {"id": "ST9001", "name": f"{names[a[2]]}名师工作室", "level": "county", "lead_id": a[2],
         "host_org_id": A, "subject": "math", "rural": False, "founded_on": _day("2020-01-01")},
        {"id": "ST9002", "name": f"{names[b[2]]}名师工作室", "level": "county", "lead_id": b[2],
         "host_org_id": B, "subject": "math", "rural": False, "founded_on": _day("2020-01-01")},
    ]
    members = [{"studio_id": s, "teacher_id": t, "joined_on": _day("2021-01-01"), "left_on": None}
               for s, t in (("ST9001", b[0]), ("ST9001", a[1]), ("ST9002", a[0]))]
    links = [{"studio_id": "ST9001", "school_id": school[b[0]], "since": _day("2021-01-01")}]
    tables = dict(base.tables)
    tables["mentorships"] = _add(base, "mentorships", mentorships)
    tables["studios"] = _add(base, "studios", studios)
    tables["studio_members"] = _add(base, "studio_members", members)
    tables["studio_links"] = _add(base, "studio_links", links)
    tables.update(_rounds(a, b))
    write_bundle(Roster(tables, base.present | {"rounds", "nominations", "decisions", "round_events"}),
                 folder)
    roster = load_bundle(folder, today=_day(AS_OF))
    leads = {s["id"]: county[s["lead_id"]] for s in roster["studios"].to_pylist()}
    return LeakRegion(roster, a, b, school[a[0]], school[b[0]], county, names, leads)


def _rounds(a: tuple[str, ...], b: tuple[str, ...]) -> dict[str, pa.Table]:
    """Rounds RA (run by A), RB (by B) and RC (by the city), as stored rows."""
    from talentgraph.domain.tables import SPECS
    from talentgraph.policy.load import load_policy
    from talentgraph.roster import arrow_schema
    from talentgraph.services.rounds import policy_hash

    opens = _day("2026-08-01")
    rounds, nominations, decisions, events = [], [], [], []
    for round_id, org, level, nominees in (("RA", A, "county", (a[0],)), ("RB", B, "county", (b[0],)),
                                           ("RC", CITY, "city", (a[1], b[1]))):
        rounds.append({"id": round_id, "tier": "backbone", "level": level, "track": "teacher", "org_id": org,
                       "quota": 2, "opens_on": opens, "closes_on": None, "as_of": opens,
                       "policy": "reference", "policy_hash": policy_hash(load_policy("reference")),
                       "certified_on": None})
        events.append({"round_id": round_id, "seq": 1, "at": "2026-08-01T09:00:00+00:00", "actor": "admin",
                       "action": "open", "teacher_id": None, "detail": "{}"})
        for k, teacher in enumerate(nominees, 1):
            nomination = f"{round_id}-N{k:04d}"
            nominations.append({"id": nomination, "round_id": round_id, "teacher_id": teacher,
                                "nominated_by": "admin", "verdict": _VERDICT.replace("TEACHER", teacher)})
            events.append({"round_id": round_id, "seq": k + 1, "at": "2026-08-01T09:00:00+00:00",
                           "actor": "admin", "action": "nominate", "teacher_id": teacher,
                           "detail": f'{{"nomination_id": "{nomination}"}}'})
    decisions.append({"round_id": "RC", "seq": 1, "nomination_id": "RC-N0002", "outcome": "approve",
                      "waived": None, "reason": "ok", "approver": "admin",
                      "decided_at": "2026-08-02T09:00:00+00:00",
                      "verdict": _VERDICT.replace("TEACHER", b[1])})
    events.append({"round_id": "RC", "seq": 4, "at": "2026-08-02T09:00:00+00:00", "actor": "admin",
                   "action": "decide", "teacher_id": b[1], "detail": "{}"})
    rows = {"rounds": rounds, "nominations": nominations, "decisions": decisions, "round_events": events}
    return {name: pa.Table.from_pylist(found, schema=arrow_schema(SPECS[name]))
            for name, found in rows.items()}


_VERDICT = ('{"teacher_id": "TEACHER", "name": "", "school_id": "", "target": {"tier": "backbone", '
            '"level": "county", "track": "teacher"}, "as_of": "2026-08-01", "policy": "reference", '
            '"verdict": "eligible", "checks": []}')
