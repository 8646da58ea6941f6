//! Time at the schools outside the case files: presence and the walk-in hour, meetings with the school's care team,
//! preparation. Without it a school with 20 contracted hours a week showed 24 hours in sixteen months (issue 11,
//! finding 11): the demo's workers book their week as a worker would, through the domain's rule for a booking.

use anyhow::{Result, anyhow};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use schakel_domain::casework::{NewSchoolTime, SchoolActivity, SchoolTimeDraft};
use schakel_store::{Assignment, NewTimeEntry, Store};

/// Shares of the contracted hours a week booked outside the case files (the cases, consultations and group work
/// add the rest, so a school lands at roughly 70–95 % of its contract).
const PRESENCE_SHARE: f64 = 0.50;
const CARE_TEAM_SHARE: f64 = 0.08;
const PREPARATION_SHARE: f64 = 0.07;
/// One booking is at most half a day.
const MAX_CHUNK: i64 = 240;

/// No school, so no presence: the summer and Christmas holidays (every region; close enough for the demo).
fn school_week(monday: NaiveDate) -> bool {
    let (m, d) = (monday.month(), monday.day());
    !((m == 7 && d >= 14) || (m == 8 && d <= 24) || (m == 12 && d >= 21) || (m == 1 && d <= 3))
}

/// Books the school weeks of the past year for every current assignment.
pub async fn seed_school_time(
    store: &Store,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<String> {
    let assignments: Vec<Assignment> = store
        .list_assignments(None, None, None)
        .await?
        .into_iter()
        .filter(|a| a.ends_on.is_none())
        .collect();
    let first_monday = {
        let year_ago = today - Duration::days(364);
        year_ago - Duration::days(i64::from(year_ago.weekday().num_days_from_monday()))
    };
    let mut tx = store.begin().await?;
    let mut bookings = 0;
    for a in &assignments {
        let starts = NaiveDate::parse_from_str(&a.starts_on, "%Y-%m-%d")
            .map_err(|e| anyhow!("assignment start {}: {e}", a.starts_on))?;
        let weekly = (a.hours_per_week.unwrap_or(0.0) * 60.0).round() as i64;
        if weekly <= 0 {
            continue;
        }
        let mut monday = first_monday;
        let mut week = 0;
        while monday + Duration::days(4) < today {
            if monday >= starts && school_week(monday) {
                for (day, minutes, activity) in week_plan(weekly, week) {
                    let spent_on = (monday + Duration::days(day)).to_string();
                    let time = NewSchoolTime::parse(
                        SchoolTimeDraft {
                            spent_on: &spent_on,
                            minutes: Some(minutes),
                            activity: activity.code(),
                            note: "",
                        },
                        today,
                    )
                    .map_err(|e| anyhow!("school time {spent_on}: {e:?}"))?;
                    tx.insert_time_entry(
                        &NewTimeEntry {
                            organisation_id: a.organisation_id,
                            case_id: None,
                            school_id: Some(a.school_id),
                            worker_id: Some(a.worker_id),
                            spent_on: time.spent_on.to_string(),
                            minutes: time.minutes,
                            activity: time.activity.code().into(),
                            note: time.note,
                            created_by: None,
                        },
                        now,
                    )
                    .await?;
                    bookings += 1;
                }
                week += 1;
            }
            monday += Duration::days(7);
        }
    }
    tx.commit().await?;
    Ok(format!("{bookings} bookings of time at school"))
}

/// A week's bookings for `weekly` contracted minutes: presence in half days from Monday, a care-team meeting every
/// other week, preparation on Friday. (day offset from Monday, minutes, activity)
fn week_plan(weekly: i64, week: usize) -> Vec<(i64, i64, SchoolActivity)> {
    let share = |s: f64| (weekly as f64 * s).round() as i64;
    let mut plan = Vec::new();
    let mut presence = share(PRESENCE_SHARE);
    let mut day = 0;
    while presence > 0 && day < 4 {
        let chunk = presence.min(MAX_CHUNK);
        plan.push((day, chunk, SchoolActivity::Presence));
        presence -= chunk;
        day += 1;
    }
    if week.is_multiple_of(2) {
        let meeting = share(CARE_TEAM_SHARE * 2.0).clamp(15, MAX_CHUNK);
        plan.push((1, meeting, SchoolActivity::CareTeam));
    }
    let preparation = share(PREPARATION_SHARE).clamp(10, MAX_CHUNK);
    plan.push((
        i64::from(Weekday::Fri.num_days_from_monday()),
        preparation,
        SchoolActivity::Preparation,
    ));
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_books_about_two_thirds_of_the_contract_in_half_days() {
        let week: Vec<_> = [0, 1].iter().flat_map(|w| week_plan(20 * 60, *w)).collect();
        let total: i64 = week.iter().map(|(_, m, _)| m).sum();
        // Two weeks of 20 hours: presence 2 × 600, one meeting of 192, preparation 2 × 84.
        assert_eq!(total, 2 * 600 + 192 + 2 * 84);
        assert!(week.iter().all(|(_, m, _)| (1..=MAX_CHUNK).contains(m)));
        let small: i64 = week_plan(120, 1).iter().map(|(_, m, _)| m).sum();
        assert!(small <= 90, "two hours a week book {small} minutes");
    }
}
