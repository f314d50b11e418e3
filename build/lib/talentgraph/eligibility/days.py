"""Dates as int32 day numbers (days since 1970-01-01), vectorised calendar maths."""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

EPOCH = dt.date(1970, 1, 1)
MISSING = np.iinfo(np.int32).min  # an unknown date
OPEN_END = np.iinfo(np.int32).max  # no end date: still running / never lapses

Days = npt.NDArray[np.int32]


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def from_day_number(n: int) -> dt.date | None:
    if n in (MISSING, OPEN_END):
        return None
    return EPOCH + dt.timedelta(days=int(n))


def completed_years(start: Days, as_of: dt.date) -> npt.NDArray[np.int32]:
    """Whole years from each start date to ``as_of`` (birthday arithmetic).

    Examples:
        >>> s = np.array([day_number(dt.date(2021, 11, 22)), day_number(dt.date(2021, 11, 23))], np.int32)
        >>> completed_years(s, dt.date(2026, 11, 22)).tolist()
        [5, 4]
    """
    dates = start.astype("datetime64[D]")
    years = dates.astype("datetime64[Y]").astype(np.int32) + 1970
    month = dates.astype("datetime64[M]").astype(np.int32) % 12 + 1
    mday: Days = (dates - dates.astype("datetime64[M]")).astype(np.int32) + 1
    before_anniversary = (as_of.month * 100 + as_of.day) < (month * 100 + mday)
    return (as_of.year - years - before_anniversary).astype(np.int32)


def years_before(as_of: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return as_of.replace(year=as_of.year - years)
    except ValueError:
        return as_of.replace(year=as_of.year - years, day=28)


def first_day_after_years(day: dt.date, years: int) -> dt.date:
    """The first as-of date for which ``day`` lies ``years`` or more in the past.

    Mirrors ``years_before``: a ban from 29 February 2024 for five years still
    holds on 28 February 2029 and is over on 1 March 2029.

    Examples:
        >>> first_day_after_years(dt.date(2023, 5, 10), 5), first_day_after_years(dt.date(2024, 2, 29), 5)
        (datetime.date(2028, 5, 10), datetime.date(2029, 3, 1))
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)
