//! Dutch local time. The Netherlands keep Central European Time (UTC+1) and summer time (UTC+2) from the last
//! Sunday of March to the last Sunday of October, switching at 01:00 UTC (EU directive 2000/84/EC). Ten
//! lines instead of a time-zone database; should the EU rule change, this is the one place to change.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};

fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let last = NaiveDate::from_ymd_opt(year, month + 1, 1)?.pred_opt()?;
    let back = last.weekday().num_days_from_sunday();
    Some(last - Duration::days(i64::from(back)))
}

/// Whether summer time (CEST) applies at this instant.
pub fn is_summer_time(at: DateTime<Utc>) -> bool {
    let year = at.year();
    let switch = |month| {
        last_sunday(year, month)
            .and_then(|d| d.and_hms_opt(1, 0, 0))
            .map(|t| t.and_utc())
    };
    match (switch(3), switch(10)) {
        (Some(start), Some(end)) => at >= start && at < end,
        _ => false,
    }
}

/// The wall-clock time in Amsterdam at this instant.
pub fn amsterdam(at: DateTime<Utc>) -> NaiveDateTime {
    let hours = if is_summer_time(at) { 2 } else { 1 };
    (at + Duration::hours(hours)).naive_utc()
}

/// The date in Amsterdam at this instant ("today" for a Dutch user).
pub fn amsterdam_date(at: DateTime<Utc>) -> NaiveDate {
    amsterdam(at).date()
}

/// The instant of an Amsterdam wall-clock time (a time skipped or repeated at a switch takes winter time).
pub fn from_amsterdam(local: NaiveDateTime) -> DateTime<Utc> {
    let winter = (local - Duration::hours(1)).and_utc();
    let summer = (local - Duration::hours(2)).and_utc();
    if is_summer_time(summer) {
        summer
    } else {
        winter
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn winter_is_one_hour_ahead_and_summer_two() {
        assert_eq!(
            amsterdam(utc(2026, 1, 15, 12, 0)).to_string(),
            "2026-01-15 13:00:00"
        );
        assert_eq!(
            amsterdam(utc(2026, 7, 1, 12, 0)).to_string(),
            "2026-07-01 14:00:00"
        );
    }

    #[test]
    fn the_switches_fall_on_the_last_sundays_at_one_utc() {
        // 2026: 29 March and 25 October.
        assert!(!is_summer_time(utc(2026, 3, 29, 0, 59)));
        assert!(is_summer_time(utc(2026, 3, 29, 1, 0)));
        assert!(is_summer_time(utc(2026, 10, 25, 0, 59)));
        assert!(!is_summer_time(utc(2026, 10, 25, 1, 0)));
        // 2027: 28 March and 31 October.
        assert!(is_summer_time(utc(2027, 3, 28, 1, 0)));
        assert!(is_summer_time(utc(2027, 10, 31, 0, 30)));
        assert!(!is_summer_time(utc(2027, 10, 31, 1, 0)));
    }

    #[test]
    fn late_evening_utc_is_already_tomorrow_in_amsterdam() {
        assert_eq!(
            amsterdam_date(utc(2026, 11, 30, 23, 30)).to_string(),
            "2026-12-01"
        );
        assert_eq!(
            amsterdam_date(utc(2026, 6, 30, 22, 0)).to_string(),
            "2026-07-01"
        );
    }
}

#[cfg(test)]
mod from_local {
    use super::*;

    #[test]
    fn wall_clock_times_go_back_to_utc() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            from_amsterdam(at("2026-12-07 08:30")),
            at("2026-12-07 07:30").and_utc()
        );
        assert_eq!(
            from_amsterdam(at("2026-06-01 08:30")),
            at("2026-06-01 06:30").and_utc()
        );
        for s in ["2026-03-30 09:00", "2026-10-26 09:00", "2027-01-04 13:15"] {
            assert_eq!(amsterdam(from_amsterdam(at(s))), at(s));
        }
    }
}
