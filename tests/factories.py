"""Small, readable regions for tests: one place that builds rosters and facts.

A ``Region`` starts as one city with one county and two schools (one rural)
and grows by calls such as ``teacher(...)``, ``title(...)``, ``hours(...)``.
Defaults make a plain, eligible-looking teacher; each test states only what
its scenario is about.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from talentgraph.domain.tables import FILE_ORDER, SPECS
from talentgraph.eligibility.facts import Facts
from talentgraph.roster import Roster, arrow_schema
from talentgraph.roster.upgrade import LEGACY_KINDS
from talentgraph.store.roster_facts import facts_from_roster

AS_OF = dt.date(2026, 11, 22)
CITY, COUNTY, SCHOOL, RURAL_SCHOOL, OTHER_COUNTY, OTHER_SCHOOL = (
    "C1", "C1-K1", "C1-K1-S1", "C1-K1-S2", "C1-K2", "C1-K2-S1")


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@dataclass
class Region:
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {n: [] for n in FILE_ORDER})

    def __post_init__(self) -> None:
        if not self.rows["orgs"]:
            self.org(CITY, "city", "江门市", None)
            self.org(COUNTY, "county", "新会区", CITY)
            self.org(SCHOOL, "school", "新会第一中学", COUNTY, rural=False)
            self.org(RURAL_SCHOOL, "school", "崖门镇中心小学", COUNTY, rural=True)
            self.org(OTHER_COUNTY, "county", "台山市", CITY)
            self.org(OTHER_SCHOOL, "school", "台山第一中学", OTHER_COUNTY, rural=False)

    def org(self, id: str, kind: str, name: str, parent: str | None, rural: bool | None = None) -> Region:
        self.rows["orgs"].append(
            {"id": id, "kind": kind, "name": name, "parent_id": parent, "rural": rural})
        return self

    def teacher(self, id: str, *, entry: str = "2021-09-01", school: str = SCHOOL,
                stage: str | None = "junior", head_teacher: bool | None = False,
                roles: str | None = None, principal_since: str | None = None,
                status: str = "active", name: str | None = None, subject: str = "math",
                left_on: str | None = None) -> Region:
        self.rows["teachers"].append({
            "id": id, "name": name or f"教师{id}", "school_id": school,
            "entry_date": d(entry) if entry else None, "stage": stage, "subject": subject,
            "head_teacher": head_teacher, "roles": roles,
            "principal_since": d(principal_since) if principal_since else None, "status": status,
            "left_on": d(left_on) if left_on else None,
        })
        return self

    def title(self, teacher: str, tier: str, level: str, awarded: str, *, until: str | None = None,
              track: str = "teacher", org: str | None = None) -> Region:
        org = org or {"school": SCHOOL, "county": COUNTY, "city": CITY}.get(level)
        self.rows["titles"].append({
            "teacher_id": teacher, "tier": tier, "level": level, "org_id": org,
            "awarded_on": d(awarded), "valid_until": d(until) if until else None, "track": track,
            "source": "import"})
        return self

    def programme(self, teacher: str, tier: str, level: str, result: str, *,
                  enrolled: str = "2022-09-01", completed: str | None = "2023-07-01",
                  type: str = "cultivation") -> Region:
        org = {"school": SCHOOL, "county": COUNTY, "city": CITY}.get(level)
        self.rows["programmes"].append({
            "teacher_id": teacher, "tier": tier, "level": level, "org_id": org,
            "enrolled_on": d(enrolled), "completed_on": d(completed) if completed else None,
            "result": result, "type": type})  # type: the reader's default for an empty cell
        return self

    def hours(self, teacher: str, date: str, hours: float, kind: str | None = "professional", *,
              content: str | None = None, programme: str | None = None, probation: bool = False,
              passed: bool = True, level: str | None = None) -> Region:
        """``kind`` may be a content value, as in format version 1: it is read as the bundle
        reader reads it (content, delivery unknown)."""
        if kind in LEGACY_KINDS:
            kind, content = None, content or kind
        self.rows["training"].append({
            "teacher_id": teacher, "date": d(date), "hours": float(hours), "kind": kind,
            "content": content, "programme": programme, "level": level, "probation": probation,
            "passed": passed})
        return self

    def yearly_hours(self, teacher: str, years: range, hours: float = 100) -> Region:
        for year in years:
            self.hours(teacher, f"{year}-06-30", hours)
        return self

    def review(self, teacher: str, year: int, kind: str, result: str) -> Region:
        self.rows["reviews"].append({"teacher_id": teacher, "year": year, "kind": kind, "result": result})
        return self

    def mentorship(self, mentor: str, mentee: str, start: str, end: str | None = None,
                   kind: str = "head_teacher") -> Region:
        self.rows["mentorships"].append({
            "mentor_id": mentor, "mentee_id": mentee, "kind": kind, "start_date": d(start),
            "end_date": d(end) if end else None})
        return self

    def studio(self, id: str, lead: str, level: str = "county", founded: str = "2020-01-01") -> Region:
        self.rows["studios"].append({
            "id": id, "name": f"工作室{id}", "level": level, "lead_id": lead,
            "host_org_id": COUNTY, "subject": "math", "rural": False, "founded_on": d(founded)})
        return self

    def member(self, studio: str, teacher: str, joined: str, left: str | None = None) -> Region:
        self.rows["studio_members"].append({
            "studio_id": studio, "teacher_id": teacher, "joined_on": d(joined),
            "left_on": d(left) if left else None})
        return self

    def link(self, studio: str, school: str, since: str | None = None) -> Region:
        self.rows["studio_links"].append(
            {"studio_id": studio, "school_id": school, "since": d(since) if since else None})
        return self

    def posting(self, teacher: str, school: str, start: str, end: str | None = None,
                kind: str = "exchange") -> Region:
        self.rows["postings"].append({
            "teacher_id": teacher, "school_id": school, "start_date": d(start),
            "end_date": d(end) if end else None, "kind": kind})
        return self

    def round_trail(self, round_id: str, teacher: str, *, org: str = CITY, opens: str = "2024-03-01",
                    outcome: str = "approve") -> Region:
        """A backbone@city round run by ``org`` with one nomination of ``teacher``, decided, and
        the audit events of those steps (stored rows, as a round leaves them)."""
        nomination = f"{round_id}-N0001"
        self.rows["rounds"].append({
            "id": round_id, "tier": "backbone", "level": "city", "track": "teacher", "org_id": org,
            "quota": 2, "opens_on": d(opens), "closes_on": None, "as_of": d(opens), "policy": "jiangmen",
            "policy_hash": "sha256:0", "certified_on": None})
        self.rows["nominations"].append({
            "id": nomination, "round_id": round_id, "teacher_id": teacher, "nominated_by": "admin",
            "verdict": "{}"})
        self.rows["decisions"].append({
            "round_id": round_id, "seq": 1, "nomination_id": nomination, "outcome": outcome,
            "waived": None, "reason": "理由", "approver": "王主任", "decided_at": f"{opens}T09:00:00+00:00",
            "verdict": "{}"})
        steps = (("open", None), ("nominate", teacher), ("decide", teacher))
        for seq, (action, about) in enumerate(steps, 1):
            self.rows["round_events"].append({
                "round_id": round_id, "seq": seq, "at": f"{opens}T09:00:0{seq}+00:00", "actor": "admin",
                "action": action, "teacher_id": about, "detail": "{}"})
        return self

    def roster(self, present: tuple[str, ...] = ()) -> Roster:
        tables = {name: pa.Table.from_pylist(rows, schema=arrow_schema(SPECS[name]))
                  for name, rows in self.rows.items()}
        listed = frozenset(present) | {n for n, rows in self.rows.items() if rows}
        return Roster(tables, frozenset(listed) | {"orgs", "teachers"})

    def facts(self, present: tuple[str, ...] = ()) -> Facts:
        return facts_from_roster(self.roster(present))


ALL_EVENT_FILES = ("titles", "programmes", "training", "reviews", "mentorships", "postings")
