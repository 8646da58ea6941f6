//! Presence at schools and holiday cover in the demo (issue 13, items 4 and 5): a weekly pattern for every
//! current assignment (the 2.5-days-a-week worker at one school, fixed mornings or afternoons elsewhere, a walk-in
//! hour at most schools), the school holidays of 2026-2027 for noord, midden and zuid, and a cover roster for the
//! Christmas and summer holidays plus one absence.
//!
//! Written through the store with the domain's rules (weekdays, times, holiday in its school year, cover length),
//! as the use cases do. The holiday dates are demo values to be checked against rijksoverheid.nl (ADR 021).

use anyhow::{Result, anyhow};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use schakel_domain::group::session_times;
use schakel_domain::presence::{self as rules, CoverReason, HolidayName, SlotKind};
use schakel_store::{Assignment, NewCover, NewPresenceSlot, SchoolHoliday, Store, WriteTx};
use std::collections::{BTreeMap, HashSet};

/// The school holidays of 2026-2027: (name, region, first day, last day).
pub const HOLIDAYS_2026_2027: &[(HolidayName, &str, &str, &str)] = &[
    (HolidayName::Autumn, "noord", "2026-10-17", "2026-10-25"),
    (HolidayName::Autumn, "midden", "2026-10-17", "2026-10-25"),
    (HolidayName::Autumn, "zuid", "2026-10-10", "2026-10-18"),
    (HolidayName::Christmas, "noord", "2026-12-19", "2027-01-03"),
    (HolidayName::Christmas, "midden", "2026-12-19", "2027-01-03"),
    (HolidayName::Christmas, "zuid", "2026-12-19", "2027-01-03"),
    (HolidayName::Spring, "noord", "2027-02-20", "2027-02-28"),
    (HolidayName::Spring, "midden", "2027-02-20", "2027-02-28"),
    (HolidayName::Spring, "zuid", "2027-02-06", "2027-02-14"),
    (HolidayName::May, "noord", "2027-04-24", "2027-05-02"),
    (HolidayName::May, "midden", "2027-04-24", "2027-05-02"),
    (HolidayName::May, "zuid", "2027-04-24", "2027-05-02"),
    (HolidayName::Summer, "noord", "2027-07-24", "2027-09-05"),
    (HolidayName::Summer, "midden", "2027-07-17", "2027-08-29"),
    (HolidayName::Summer, "zuid", "2027-07-10", "2027-08-22"),
];

fn date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| anyhow!("{s}: {e}"))
}

fn problem(p: schakel_domain::group::Problem) -> anyhow::Error {
    anyhow!("{}: {}", p.0, p.2)
}

async fn slot(
    tx: &mut WriteTx,
    a: &Assignment,
    kind: SlotKind,
    weekday: i64,
    (starts, ends): (NaiveTime, NaiveTime),
    place: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let weekday = rules::weekday(weekday).map_err(problem)?;
    let fmt = |t: NaiveTime| t.format("%H:%M").to_string();
    // The same check as a user's form.
    session_times(&fmt(starts), &fmt(ends)).map_err(problem)?;
    tx.insert_presence_slot(
        &NewPresenceSlot {
            assignment_id: a.id,
            kind: kind.code().into(),
            weekday: i64::from(weekday),
            starts_at: fmt(starts),
            ends_at: fmt(ends),
            place: place.into(),
            created_by: None,
        },
        now,
    )
    .await?;
    Ok(())
}

fn at(h: u32, m: u32) -> Result<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(|| anyhow!("time {h}:{m}"))
}

/// A weekly pattern for every current assignment: the worker's half days are handed out so they never overlap.
async fn patterns(
    tx: &mut WriteTx,
    assignments: &[Assignment],
    now: DateTime<Utc>,
) -> Result<usize> {
    let mut by_worker: BTreeMap<i64, Vec<&Assignment>> = BTreeMap::new();
    for a in assignments {
        by_worker.entry(a.worker_id).or_default().push(a);
    }
    let mut slots = 0;
    let mut school_index = 0_usize;
    for list in by_worker.values_mut() {
        // The biggest assignment first: it gets whole days.
        list.sort_by(|a, b| {
            b.hours_per_week
                .unwrap_or(0.0)
                .total_cmp(&a.hours_per_week.unwrap_or(0.0))
                .then(a.id.cmp(&b.id))
        });
        let mut used: HashSet<(i64, bool)> = HashSet::new();
        for a in list.iter() {
            school_index += 1;
            // A walk-in hour at most schools, always where the worker is 2.5 days.
            let walk_in =
                !school_index.is_multiple_of(4) || a.hours_per_week.unwrap_or(0.0) >= 16.0;
            let hours = a.hours_per_week.unwrap_or(1.0);
            if hours >= 16.0 {
                // Two and a half days: Monday and Tuesday whole, Wednesday morning; walk-in on Tuesday.
                for (day, times) in [
                    (1, (at(8, 30)?, at(16, 30)?)),
                    (2, (at(8, 30)?, at(16, 30)?)),
                    (3, (at(8, 30)?, at(12, 30)?)),
                ] {
                    slot(tx, a, SlotKind::Presence, day, times, "", now).await?;
                    used.insert((day, true));
                    used.insert((day, false));
                    slots += 1;
                }
                if walk_in {
                    let times = (at(8, 30)?, at(9, 30)?);
                    slot(tx, a, SlotKind::WalkIn, 2, times, "Spreekkamer", now).await?;
                    slots += 1;
                }
                continue;
            }
            let halves = if hours >= 8.0 { 2 } else { 1 };
            let minutes = (hours.clamp(0.75, 4.0) * 60.0).round() as i64;
            for _ in 0..halves {
                let free = (0..10)
                    .map(|i| (i % 5 + 1, i >= 5))
                    .find(|k| !used.contains(k));
                let Some((day, afternoon)) = free else {
                    break;
                };
                used.insert((day, afternoon));
                let start = if afternoon { at(13, 0)? } else { at(8, 30)? };
                let end = start + Duration::minutes(minutes);
                slot(tx, a, SlotKind::Presence, day, (start, end), "", now).await?;
                slots += 1;
                if walk_in && minutes >= 60 {
                    let hour = (start, start + Duration::minutes(60));
                    slot(tx, a, SlotKind::WalkIn, day, hour, "Spreekkamer", now).await?;
                    slots += 1;
                    break;
                }
            }
        }
    }
    Ok(slots)
}

/// One roster line per school of the organisation: `worker` covers it from `first` to `last`.
async fn cover_all(
    tx: &mut WriteTx,
    organisation_id: i64,
    schools: &[i64],
    worker: i64,
    (first, last): (NaiveDate, NaiveDate),
    now: DateTime<Utc>,
) -> Result<usize> {
    rules::date_range(first, last, rules::MAX_COVER_DAYS).map_err(problem)?;
    for school in schools {
        tx.insert_cover(
            &NewCover {
                organisation_id,
                school_id: *school,
                worker_id: worker,
                absent_worker_id: None,
                starts_on: first.to_string(),
                ends_on: last.to_string(),
                reason: CoverReason::Holiday.code().into(),
                note: String::new(),
                created_by: None,
            },
            now,
        )
        .await?;
    }
    Ok(schools.len())
}

/// Adds presence patterns, the 2026-2027 holidays and the cover roster to a database where
/// `load_world(demo_world())` has run; one transaction.
pub async fn seed_presence(store: &Store, today: NaiveDate, now: DateTime<Utc>) -> Result<String> {
    let assignments: Vec<Assignment> = store
        .list_assignments(None, None, None)
        .await?
        .into_iter()
        .filter(|a| a.ends_on.is_none())
        .collect();
    let mut tx = store.begin().await?;
    let slots = patterns(&mut tx, &assignments, now).await?;
    for (name, region, first, last) in HOLIDAYS_2026_2027 {
        let (first, last) = (date(first)?, date(last)?);
        rules::holiday_in_year("2026-2027", first).map_err(problem)?;
        rules::date_range(first, last, 70).map_err(problem)?;
        tx.set_school_holiday(
            &SchoolHoliday {
                id: 0,
                school_year: "2026-2027".into(),
                region: (*region).into(),
                name: name.code().into(),
                starts_on: first.to_string(),
                ends_on: last.to_string(),
            },
            None,
            now,
        )
        .await?;
    }
    // The roster: per organisation, its workers take turns over the Christmas weeks and the summer.
    let mut by_org: BTreeMap<i64, (Vec<i64>, Vec<i64>)> = BTreeMap::new();
    for a in &assignments {
        let entry = by_org.entry(a.organisation_id).or_default();
        if !entry.0.contains(&a.school_id) {
            entry.0.push(a.school_id);
        }
        if !entry.1.contains(&a.worker_id) {
            entry.1.push(a.worker_id);
        }
    }
    let mut covers = 0;
    for (org, (schools, workers)) in &by_org {
        let turn = |i: usize| workers.get(i % workers.len().max(1)).copied();
        let christmas = [
            (date("2026-12-19")?, date("2026-12-27")?),
            (date("2026-12-28")?, date("2027-01-03")?),
        ];
        // The summer of the earliest region (zuid) to the end of the latest (noord), in two-week turns.
        let mut summer = Vec::new();
        let mut first = date("2027-07-10")?;
        let end = date("2027-09-05")?;
        while first <= end {
            let last = (first + Duration::days(13)).min(end);
            summer.push((first, last));
            first = last + Duration::days(1);
        }
        for (i, period) in christmas.into_iter().chain(summer).enumerate() {
            if let Some(w) = turn(i) {
                covers += cover_all(&mut tx, *org, schools, w, period, now).await?;
            }
        }
        // One absence: the organisation's first worker is away for a week from a fortnight on; the second covers.
        if let (Some(away), Some(cover), Some(a)) = (
            turn(0),
            turn(1).filter(|w| Some(*w) != turn(0)),
            assignments
                .iter()
                .find(|a| a.organisation_id == *org && Some(a.worker_id) == turn(0)),
        ) {
            let first = today + Duration::days(14);
            tx.insert_cover(
                &NewCover {
                    organisation_id: *org,
                    school_id: a.school_id,
                    worker_id: cover,
                    absent_worker_id: Some(away),
                    starts_on: first.to_string(),
                    ends_on: (first + Duration::days(4)).to_string(),
                    reason: CoverReason::Absence.code().into(),
                    note: "Cursusweek".into(),
                    created_by: None,
                },
                now,
            )
            .await?;
            covers += 1;
        }
    }
    tx.commit().await?;
    Ok(format!(
        "{slots} presence times, {} school holidays, {covers} cover roster lines",
        HOLIDAYS_2026_2027.len()
    ))
}
