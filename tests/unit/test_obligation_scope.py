"""A scoped explanation rewords the teacher's obligations as it rewords checks: an obligation's
evidence (XD-MENTOR: the mentor's id) names no teacher outside the caller's scope."""

from __future__ import annotations

from talentgraph.access import Role
from talentgraph.bootstrap import services_for, store_from_roster
from talentgraph.domain.target import Target
from talentgraph.keys import Keys
from talentgraph.services import Scope
from tests.factories import AS_OF, COUNTY, OTHER_SCHOOL, Region
from tests.judging import FULL


def test_an_obligation_s_evidence_names_no_teacher_outside_the_scope() -> None:
    """T1 (county C1-K1), in their first year, follows mentor M of another county (C1-K2)."""
    region = (Region().teacher("T1", entry="2026-03-01")
              .teacher("M", school=OTHER_SCHOOL, entry="2001-09-01").mentorship("M", "T1", "2026-03-01"))
    services = services_for(store_from_roster(region.roster(FULL)), policy="reference")
    target = Target.parse("emerging@school")
    full = services.questions.explanation(Scope.everything(), "T1", target, AS_OF)
    (duty,) = [c for c in full.obligations if c.note and "first year" in c.note]
    assert "mentor M, ongoing" in duty.evidence[0].detail
    planner = Scope(Role.PLANNER, COUNTY, Keys.ephemeral())
    scoped = services.questions.explanation(planner, "T1", target, AS_OF)
    text = " ".join(e.detail for c in scoped.obligations for e in c.evidence)
    assert scoped.obligations and "M," not in text and "outside your scope" in text
