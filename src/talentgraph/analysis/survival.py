"""Time to a tier with uncertainty: Kaplan-Meier, log-rank and Cox models through lifelines.

Input: ``tier_table(tier_times(g, tier, as_of))`` (analysis/tables.py), one
row per teacher, ``years`` from entry to the tier or to the end of
follow-up. Needs pandas and lifelines (the ``notebooks`` extra).

What each model can claim, and what it cannot:

- ``kaplan_meier(table, by)`` estimates, per group, the share still below
  the tier after t years, with pointwise 95% intervals (lifelines'
  exponential Greenwood), median with interval. Groups by a fixed
  attribute (``rural``, ``subject``, ``stage``, ``cohort``) compare as the
  data has them. ``rural`` is the current school's flag, today's value.
- Grouping by ``mentored`` uses a **landmark**: only teachers still below
  the tier ``landmark`` years after entry, grouped by whether their
  mentoring had begun by then, followed from the landmark on. Grouping by
  "ever mentored" would credit mentored teachers with the years they had to
  survive, unpromoted, to be mentored at all (immortal-time bias).
- ``logrank`` tests whether the groups' curves differ (no adjustment).
- ``cox`` fits a Cox model with ``mentored`` (and a famous mentor) as
  time-varying covariates (switched on when mentoring began), adjusted for
  the current school's rural flag, entry cohort and subject, stratified by
  stage: hazard ratios with 95% intervals. It assumes proportional hazards and no unmeasured confounding;
  it gives an association, not an effect: who gets a mentor is not random.

On the generated data of this project, mentees are drawn more often among
teachers whose generated career holds a title (synth/network.py): the
association between mentoring and promotion is built into the generator, so
a hazard ratio there reproduces the generator, not a finding about teachers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from lifelines import CoxTimeVaryingFitter, KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test
from lifelines.utils import median_survival_times

from talentgraph.domain.enums import Tier

MONTH = 1 / 12
LANDMARK_YEARS = 3.0  # subject mentoring in the seeds' programmes starts within a few years of entry
GROUPINGS = ("mentored", "rural", "subject", "stage", "cohort")
_FAMOUS = {Tier.FAMOUS.value, Tier.EDUCATOR.value}


@dataclass(frozen=True)
class Groups:
    """Who is compared: each group's durations and events, and who was left out and why."""

    by: str
    durations: dict[str, np.ndarray]
    events: dict[str, np.ndarray]
    landmark: float | None  # years after entry the follow-up starts (mentored only)
    left_out: int  # unknown group value, or (landmark) reached the tier before it


def groups(table: pd.DataFrame, by: str, *, landmark: float = LANDMARK_YEARS,
           cohort_years: int = 10) -> Groups:
    """Split ``table`` by ``by`` (one of ``GROUPINGS``) for Kaplan-Meier and log-rank.

    ``cohort`` groups entry years into ``cohort_years``-year bands; ``mentored``
    uses the landmark (see the module docstring).
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}, got {by!r}")
    years, reached = table["years"].to_numpy(float), table["reached"].to_numpy(bool)
    if by == "mentored":
        at_risk = years > landmark
        mentored_by = (table["mentored_at"].to_numpy(float) <= landmark) & at_risk  # nan compares False
        label = np.where(mentored_by, f"mentored by year {landmark:g}", f"not mentored by year {landmark:g}")
        keep, years = at_risk, years - landmark
    else:
        values = table[by]
        keep = values.notna().to_numpy(bool)
        if by == "cohort":
            band = (values.fillna(0).astype(int) // cohort_years) * cohort_years
            label = np.array([f"{b}-{b + cohort_years - 1}" for b in band])
        elif by == "rural":
            label = np.where(values.fillna(False).to_numpy(bool), "rural school", "urban school")
        else:
            label = values.fillna("").astype(str).to_numpy()  # missing ones are left out by ``keep``
    names = sorted({str(v) for v in label[keep]})
    durations = {n: years[keep & (label == n)] for n in names}
    events = {n: reached[keep & (label == n)] for n in names}
    return Groups(by, durations, events, landmark if by == "mentored" else None, int((~keep).sum()))


def kaplan_meier(split: Groups, alpha: float = 0.05) -> dict[str, KaplanMeierFitter]:
    """One fitted lifelines Kaplan-Meier curve per group (labelled by it), with (1 - alpha) intervals."""
    return {name: KaplanMeierFitter(alpha=alpha).fit(split.durations[name], split.events[name], label=name)
            for name in split.durations}


def medians(fits: dict[str, KaplanMeierFitter]) -> pd.DataFrame:
    """Per group: teachers, reached, median years with its interval (inf: not reached by half),
    and the share reached after 5 and 10 years with intervals."""
    rows = []
    for name, kmf in fits.items():
        low, high = median_survival_times(kmf.confidence_interval_).iloc[0].tolist()
        row: dict[str, Any] = {"group": name, "teachers": int(kmf.event_table["at_risk"].iloc[0]),
                               "reached": int(kmf.event_table["observed"].sum()),
                               "median_years": float(kmf.median_survival_time_),
                               "median_low": float(low), "median_high": float(high)}
        for t in (5, 10):
            s = float(kmf.survival_function_at_times(t).iloc[0])
            ci = kmf.confidence_interval_survival_function_
            band = ci[ci.index <= t].iloc[-1] if (ci.index <= t).any() else pd.Series([1.0, 1.0])
            row[f"reached_by_{t}"] = 1.0 - s
            row[f"reached_by_{t}_low"] = 1.0 - float(band.iloc[1])
            row[f"reached_by_{t}_high"] = 1.0 - float(band.iloc[0])
        rows.append(row)
    return pd.DataFrame(rows)


def logrank(split: Groups) -> dict[str, float]:
    """Log-rank test that every group's curve is the same: statistic, degrees of freedom, p-value."""
    names = list(split.durations)
    durations = np.concatenate([split.durations[n] for n in names])
    events = np.concatenate([split.events[n] for n in names])
    labels = np.concatenate([np.full(len(split.durations[n]), n, dtype=object) for n in names])
    result = multivariate_logrank_test(durations, labels, events)
    return {"statistic": float(result.test_statistic), "df": float(result.degrees_of_freedom),
            "p": float(result.p_value)}


def episodes(table: pd.DataFrame, *, min_share: float = 0.05,
             grid: float = MONTH) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The long (start, stop] table of a time-varying Cox model, and what was left out.

    One row per teacher and period: before mentoring (``mentored`` 0) and
    from its start (1, with ``famous_mentor`` 1 when that mentor held famous
    or educator on the day). Fixed covariates: ``rural`` (1/0; unknown left
    out), ``cohort_decades`` (entry year minus 2000, in decades), one column
    per subject apart from the most common one (the reference), subjects
    under ``min_share`` of teachers pooled as "other" (never the reference); ``stage`` is a
    stratum (a baseline hazard of its own), not a covariate.

    Times are counted in whole ``grid`` steps (a month), rounded up: titles
    come on a few award days a year, and a month grid makes the fit an
    order of magnitude faster with the same estimates to two decimals.
    Mentoring that began in the month of the title is not counted as before
    it. A column that does not vary within strata apart from the columns
    before it (in generated data, subject "preschool" is the kindergarten
    stage) is dropped and named in ``dropped_collinear``. Teachers at the
    tier on entry (no time at risk) are left out.
    """
    t = table[table["rural"].notna() & (table["years"] > 0)].reset_index(drop=True)
    notes: dict[str, Any] = {"unknown_rural": int(table["rural"].isna().sum()),
                             "at_tier_on_entry": int((table["years"] <= 0).sum())}
    years = np.ceil(t["years"].to_numpy(float) / grid - 1e-9) * grid
    at = np.ceil(t["mentored_at"].to_numpy(float) / grid - 1e-9) * grid  # nan stays nan
    reached = t["reached"].to_numpy(bool)
    fixed = pd.DataFrame({"id": np.arange(len(t)), "stage": t["stage"].fillna("unknown").astype(str),
                          "rural": t["rural"].astype(int),
                          "cohort_decades": (t["cohort"].astype(float) - 2000) / 10})
    subjects = t["subject"].fillna("unknown").astype(str)
    share = subjects.value_counts(normalize=True)
    subjects = subjects.where(subjects.map(share) >= min_share, "other")
    counts = subjects.value_counts()
    named = counts[counts.index != "other"]
    notes["subject_reference"] = (named if len(named) else counts).index[0]
    for level in sorted(set(subjects) - {notes["subject_reference"]}):
        fixed[f"subject={level}"] = (subjects == level).astype(int)
    fixed, notes["dropped_collinear"] = _full_rank(fixed, "stage")
    famous = t["mentor_tier"].isin(_FAMOUS).to_numpy(bool)
    mentored = ~np.isnan(at) & (at < years)
    split = mentored & (at > 0)
    from_start = mentored & (at <= 0)
    before = pd.DataFrame({"id": np.arange(len(t)), "start": 0.0, "stop": np.where(split, at, years),
                           "event": np.where(split, False, reached), "mentored": from_start.astype(int),
                           "famous_mentor": (from_start & famous).astype(int)})
    after = pd.DataFrame({"id": np.flatnonzero(split), "start": at[split], "stop": years[split],
                          "event": reached[split], "mentored": 1, "famous_mentor": famous[split].astype(int)})
    long = pd.concat([before, after], ignore_index=True).merge(fixed, on="id")
    return long.sort_values(["id", "start"], kind="stable").reset_index(drop=True), notes


def cox(table: pd.DataFrame, *, penalizer: float = 0.0, **options: Any) -> tuple[CoxTimeVaryingFitter,
                                                                               dict[str, Any]]:
    """A Cox model of time to the tier with time-varying mentoring, stratified by stage.

    ``fit.summary`` has ``exp(coef)`` (hazard ratio) with its 95% interval
    and p-value per covariate; the notes say who was left out. ``options``
    go to ``episodes``. See the module docstring for what it can claim.
    """
    long, notes = episodes(table, **options)
    fit = CoxTimeVaryingFitter(penalizer=penalizer)
    fit.fit(long, id_col="id", event_col="event", start_col="start", stop_col="stop", strata=["stage"],
            show_progress=False)
    notes["teachers"] = int(long["id"].nunique())
    notes["events"] = int(long["event"].sum())
    return fit, notes


def hazard_ratios(fit: CoxTimeVaryingFitter) -> pd.DataFrame:
    """The fit's hazard ratios with 95% intervals and p-values, one row per covariate."""
    s = fit.summary
    return pd.DataFrame({"hazard_ratio": s["exp(coef)"], "low": s["exp(coef) lower 95%"],
                         "high": s["exp(coef) upper 95%"], "p": s["p"]})


def _full_rank(fixed: pd.DataFrame, stratum: str) -> tuple[pd.DataFrame, list[str]]:
    """Drop covariate columns that add nothing, within strata, to the columns before them.

    A Cox model stratified by ``stratum`` only sees how a covariate varies
    inside each stratum, so columns are centred per stratum first.
    """
    columns = [c for c in fixed.columns if c not in ("id", stratum)]
    values = fixed[columns].astype(float)
    x = (values - values.groupby(fixed[stratum]).transform("mean")).to_numpy(float)
    gram = x.T @ x
    tol = 1e-8 * max(1.0, float(np.trace(gram)))
    kept: list[int] = []
    dropped = []
    for j, name in enumerate(columns):
        trial = [*kept, j]
        if np.linalg.matrix_rank(gram[np.ix_(trial, trial)], tol=tol) > len(kept):
            kept.append(j)
        else:
            dropped.append(name)
    return fixed.drop(columns=dropped), dropped
