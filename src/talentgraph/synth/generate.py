"""``generate_region``: a deterministic synthetic region as a Roster.

Every part is drawn column-wise with numpy from its own PCG64 stream (seeded
from one SeedSequence), so the same (teachers, seed, as_of) always gives the
same Roster and a million teachers take seconds, not hours.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pyarrow as pa

from talentgraph.roster import Roster
from talentgraph.synth.activity import draw_reviews, draw_training
from talentgraph.synth.careers import draw_careers, draw_subject_leaders
from talentgraph.synth.common import day_number, rng_streams
from talentgraph.synth.network import (
    MentorRows,
    draw_postings,
    head_teacher_mentorships,
    mentorships_table,
    subject_mentorships,
)
from talentgraph.synth.orgs import build_region
from talentgraph.synth.programmes import draw_programmes, programmes_table
from talentgraph.synth.studios import draw_studios
from talentgraph.synth.teachers import draw_staff, teacher_names, teachers_table
from talentgraph.synth.titles import draw_titles, titles_table

Progress = Callable[[str, int], None]


def generate_region(
    teachers: int,
    *,
    seed: int,
    as_of: date = date(2026, 9, 1),
    progress: Progress | None = None,
) -> Roster:
    """A synthetic region of ``teachers`` teachers, every row valid as of ``as_of``.

    Up to 50,000 teachers the root is one city with counties; above, a
    province with cities. ``progress(file, rows)`` is called as each file is
    done.

    Examples:
        >>> roster = generate_region(300, seed=7)
        >>> roster.count("teachers")
        300
        >>> roster.equals(generate_region(300, seed=7))
        True
    """
    if teachers < 1:
        raise ValueError(f"teachers must be at least 1, got {teachers}")
    report = progress or (lambda _file, _rows: None)
    rng = rng_streams(seed)
    today = day_number(as_of)
    tables: dict[str, pa.Table] = {}

    def done(name: str, tbl: pa.Table) -> None:
        tables[name] = tbl
        report(name, tbl.num_rows)

    region = build_region(teachers, rng["orgs"])
    done("orgs", region.table)
    staff = draw_staff(region, as_of, rng["teachers"])
    names = teacher_names(staff, rng["teachers"])
    careers = draw_careers(staff, region.has_province, rng["titles"])
    titles = draw_titles(staff, careers, region.has_province, today, rng["titles"])
    staff.subject_leader = draw_subject_leaders(staff, careers, rng["teachers"])
    done("teachers", teachers_table(staff, region, names))
    done("titles", titles_table(titles, staff, region))
    programmes = draw_programmes(
        staff, careers, titles, region.has_province, today, rng["programmes"], rng["programme_types"]
    )
    done("programmes", programmes_table(programmes, staff, region))
    done("training", draw_training(staff, as_of, rng["training"]))
    studios = draw_studios(staff, careers, region, names, today, rng["studios"])
    mentorships = MentorRows.concat(
        [
            head_teacher_mentorships(staff, today, rng["mentorships"]),
            subject_mentorships(staff, careers, today, rng["mentorships"]),
            studios.mentorships,
        ]
    )
    done("mentorships", mentorships_table(mentorships, staff))
    done("studios", studios.studios)
    done("studio_members", studios.members)
    done("studio_links", studios.links)
    done("reviews", draw_reviews(staff, as_of, rng["reviews"]))
    done("postings", draw_postings(staff, careers, region, today, rng["postings"]))
    return Roster(tables)
