"""The rule IDs of domain.md, each with the one line a planner needs.

Policies cite these IDs; explanations print the line beside a failed check.
"""

from __future__ import annotations

RULES: dict[str, str] = {
    "JM-LEVEL": (
        "a city candidate holds the county title of the same tier; a county candidate the school title"
    ),
    "JM-NEW-EMERGING": (
        "new teachers who did excellently in new-teacher training may enter the emerging programme"
    ),
    "JM-EMERGING-WINDOW": "emerging candidates entered teaching 3 to 5 years ago",
    "JM-EMERGING-BACKBONE": "emerging teachers who passed their cultivation may enter backbone programmes",
    "JM-BACKBONE-STAGE": (
        "city backbone covers senior and part of junior high; county backbone junior, primary, kindergarten"
    ),
    "JM-BACKBONE-FAMOUS": "excellent backbone teachers may enter the famous programme",
    "JM-FAMOUS-CITY": "city famous candidates hold a county famous teacher or famous head-teacher title",
    "JM-EDUCATOR": "educator-type candidates come from province- or city-level famous teachers",
    "JM-QUOTA-CITY-BACKBONE": "city backbone teachers about 10% of the city's full-time teachers",
    "JM-TARGET": "more than 8,000 famous teachers cultivated in tiers, 2021-2025",
    "JM-HOURS": "each teacher completes at least 90 training hours a year",
    "JM-PRINCIPAL": "new principals take 300 h of qualification training in their first year",
    "TX-RATIO": "backbone shares: province 6%, city 9%, county 15% of teachers",
    "TX-COUNTY-BACKBONE": (
        "county backbone is for subject leaders, excellent head-teachers and studio members"
    ),
    "TX-CITY-BACKBONE": (
        "county famous and backbone teachers take the 1-year city programme to become city backbone"
    ),
    "TX-PROVINCE-BACKBONE": (
        "city famous or backbone teachers take the 2-year programme to become region backbone"
    ),
    "TX-PROVINCE-FAMOUS": (
        "region backbone teachers take the advanced programme to become region famous teachers"
    ),
    "TX-PRINCIPAL-TENURE": (
        "famous principal: 2 years a principal (county), 4 (city), 6 (region), plus the title below"
    ),
    "TX-TRAINING-BAN": "a failed training assessment bars backbone certification for 5 years",
    "XD-ETHICS-VETO": "an ethics failure vetoes awards and higher titles for two years",
    "XD-RURAL": "rural service or exchange is required for a higher professional title",
    "XD-RESEARCHER-BONUS": "serving as a researcher adds points in title and promotion decisions",
    "XD-DIMENSIONS": "performance is judged on ethics, teaching, subject literacy, results, research",
    "XD-COVERAGE": "every school has a famous teacher, every class a backbone teacher",
    "XD-MENTOR": "every new teacher follows a head-teacher mentor for at least one academic year",
    "XD-ETHICS-HOURS": "at least 10 h of ethics study per semester",
    "LE-HOURS": "at least 90 h a year: 60 professional and 30 public-need",
    "LE-PROVINCIAL-EXEMPT": "60 h of provincial training exempts that year's professional part",
    "LE-EVIDENCE": "school-based hours need evidence, one file per teacher",
    "WZ-CYCLE": "360 h per five-year cycle, 120 school-based, one centralized programme of 90 h",
    "WZ-YEAR": "normally at least 48 h a year, 24 of them school-based",
    "WZ-DAY": "a training day credits 8 hours",
    "WZ-BACKBONE": "backbone teachers take at least 120 h of centralized training",
    "WZ-NEW": "new teachers take 180 h in probation; these hours do not count toward the cycle",
    "WZ-NEW-PRINCIPAL": "new principals take qualification training; not counted in the cycle",
    "WZ-SCHOOL-SHARE": "each school sends 20% of its teachers a year to a 90 h centralized programme",
}
