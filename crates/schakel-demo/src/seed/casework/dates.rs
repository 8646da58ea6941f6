//! Dates: school days, school years and holidays.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

/// A weekend day moves back to the Friday before.
pub(super) fn weekday(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d - Duration::days(1),
        Weekday::Sun => d - Duration::days(2),
        _ => d,
    }
}

/// A weekend day moves on to the Monday after.
pub(super) fn weekday_after(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d + Duration::days(2),
        Weekday::Sun => d + Duration::days(1),
        _ => d,
    }
}

pub(super) fn years_before(d: NaiveDate, years: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(12 * years))
        .unwrap_or(d - Duration::days(365 * i64::from(years)))
}

/// Summer holidays (roughly, all regions): schools refer nobody then.
pub(super) fn in_summer_holiday(d: NaiveDate) -> bool {
    (d.month() == 7 && d.day() >= 12) || (d.month() == 8 && d.day() <= 22)
}

/// The end of the school year a date falls in (31 July).
pub(super) fn school_year_end(d: NaiveDate) -> NaiveDate {
    let year = if d.month() >= 8 {
        d.year() + 1
    } else {
        d.year()
    };
    NaiveDate::from_ymd_opt(year, 7, 31).unwrap_or(d + Duration::days(300))
}
