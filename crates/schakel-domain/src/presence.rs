//! Presence at schools and holiday cover (issue 13, items 4 and 5): a worker's weekly pattern at a school
//! (presence times and walk-in hours), its exceptions (a date cancelled or moved), the school holidays of the
//! school's region, and the duty roster saying who covers a school when. Pure: the dates are passed in.

use crate::group::Problem;
use crate::lang::coded;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};

coded! {
    /// What a slot of the weekly pattern is.
    pub enum SlotKind {
        Presence = "aanwezig", "Aanwezig op school", "Present at school";
        WalkIn = "inloopspreekuur", "Inloopspreekuur", "Walk-in hour";
    }
}

coded! {
    /// The school holidays of a school year (set per region by the government).
    pub enum HolidayName {
        Autumn = "herfst", "Herfstvakantie", "Autumn holiday";
        Christmas = "kerst", "Kerstvakantie", "Christmas holiday";
        Spring = "voorjaar", "Voorjaarsvakantie", "Spring holiday";
        May = "mei", "Meivakantie", "May holiday";
        Summer = "zomer", "Zomervakantie", "Summer holiday";
    }
}

coded! {
    /// Why a worker covers a school.
    pub enum CoverReason {
        Holiday = "vakantie", "Schoolvakantie", "School holiday";
        Absence = "afwezigheid", "Afwezigheid", "Absence";
    }
}

/// The most weeks a schedule page or feed looks ahead.
pub const MAX_WEEKS: i64 = 53;
/// The longest cover one roster line may span (a summer holiday and a little more).
pub const MAX_COVER_DAYS: i64 = 92;

/// Monday 1 … Friday 5 (schools are closed at the weekend).
pub fn weekday(n: i64) -> Result<u32, Problem> {
    weekday_given(Some(n))
}

/// A weekday as typed: a missing one (or one that was not a number) is refused like a weekend day.
pub fn weekday_given(n: Option<i64>) -> Result<u32, Problem> {
    match n.map(u32::try_from) {
        Some(Ok(d @ 1..=5)) => Ok(d),
        _ => Err((
            "weekday",
            "Kies een schooldag (maandag tot en met vrijdag).",
            "Choose a school day (Monday to Friday).",
        )),
    }
}

/// The weekday name, Monday = 1.
pub fn weekday_label(n: u32, lang: crate::Lang) -> &'static str {
    const NL: [&str; 7] = [
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
    ];
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let i = usize::try_from(n.saturating_sub(1)).unwrap_or(0);
    lang.pick(
        NL.get(i).copied().unwrap_or(""),
        EN.get(i).copied().unwrap_or(""),
    )
}

/// A date range: the end on or after the start, at most `max_days` long.
pub fn date_range(
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    max_days: i64,
) -> Result<(NaiveDate, NaiveDate), Problem> {
    if ends_on < starts_on {
        return Err((
            "ends_on",
            "De einddatum ligt op of na de begindatum.",
            "The end date is on or after the start date.",
        ));
    }
    if (ends_on - starts_on).num_days() > max_days {
        return Err((
            "ends_on",
            "Deze periode is te lang.",
            "This period is too long.",
        ));
    }
    Ok((starts_on, ends_on))
}

/// The school year (`2026-2027`, from 1 August) a date falls in.
pub fn school_year_of(d: NaiveDate) -> String {
    let start = if d.month() >= 8 {
        d.year()
    } else {
        d.year() - 1
    };
    format!("{start}-{}", start + 1)
}

/// A holiday must start inside its school year (it may end after it: the summer holiday runs into the next).
pub fn holiday_in_year(school_year: &str, starts_on: NaiveDate) -> Result<(), Problem> {
    if school_year_of(starts_on) == school_year {
        Ok(())
    } else {
        Err((
            "starts_on",
            "De vakantie begint in het gekozen schooljaar.",
            "The holiday starts in the chosen school year.",
        ))
    }
}

/// One slot of a worker's weekly pattern at a school.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub id: i64,
    pub worker_id: i64,
    pub school_id: i64,
    /// Monday 1 … Friday 5.
    pub weekday: u32,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    pub kind: SlotKind,
}

/// One date of a slot that does not happen as usual: cancelled, or moved to another date and time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    pub slot_id: i64,
    pub on: NaiveDate,
    pub moved_to: Option<(NaiveDate, NaiveTime, NaiveTime)>,
}

/// A school holiday of one region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub region: String,
    pub name: HolidayName,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl Holiday {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.starts_on <= d && d <= self.ends_on
    }
}

/// A roster line: `worker_id` covers the school from `starts_on` to `ends_on` (for the absent worker, or for
/// every worker of the school when none is named).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    pub id: i64,
    pub school_id: i64,
    pub worker_id: i64,
    pub absent_worker_id: Option<i64>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl Cover {
    pub fn active_on(&self, d: NaiveDate) -> bool {
        self.starts_on <= d && d <= self.ends_on
    }
}

/// The cover of a school on a date (for a worker of it, or for any), the latest roster line first.
pub fn cover_on(
    covers: &[Cover],
    school_id: i64,
    absent_worker: Option<i64>,
    d: NaiveDate,
) -> Option<&Cover> {
    covers
        .iter()
        .filter(|c| c.school_id == school_id && c.active_on(d))
        .filter(|c| match (c.absent_worker_id, absent_worker) {
            (None, _) | (_, None) => true,
            (Some(a), Some(w)) => a == w,
        })
        .max_by_key(|c| c.id)
}

/// The worker a new referral of a school goes to on a date: the covering worker during a cover, else the
/// worker proposed by the usual rule.
pub fn default_assignee(
    covers: &[Cover],
    school_id: i64,
    d: NaiveDate,
    usual: Option<i64>,
) -> Option<i64> {
    cover_on(covers, school_id, None, d)
        .map(|c| c.worker_id)
        .or(usual)
}

/// One time a worker is at a school (or would be, with who covers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub slot_id: i64,
    pub school_id: i64,
    pub date: NaiveDate,
    pub starts: NaiveTime,
    pub ends: NaiveTime,
    pub kind: SlotKind,
    /// The worker of the pattern.
    pub worker_id: i64,
    /// Who is there instead during a cover.
    pub covered_by: Option<i64>,
    /// Moved here from another date or time.
    pub moved: bool,
    /// Cancelled on this date.
    pub cancelled: bool,
}

impl Occurrence {
    /// The worker who is there: the covering one during a cover.
    pub fn present_worker(&self) -> i64 {
        self.covered_by.unwrap_or(self.worker_id)
    }
}

/// The times of the weekly patterns from `from` to `until` (inclusive): nothing on the school's holidays,
/// a cancelled date kept as cancelled, a moved date at its new date and time, and the covering worker named
/// during a cover. `holidays` are those of the school's region. Sorted by date and time.
pub fn occurrences(
    slots: &[Slot],
    exceptions: &[Exception],
    holidays: &[Holiday],
    covers: &[Cover],
    from: NaiveDate,
    until: NaiveDate,
) -> Vec<Occurrence> {
    let mut out = Vec::new();
    let in_holiday = |d: NaiveDate| holidays.iter().any(|h| h.contains(d));
    let mut d = from;
    while d <= until {
        for s in slots
            .iter()
            .filter(|s| d.weekday().number_from_monday() == s.weekday)
        {
            if in_holiday(d) {
                continue;
            }
            let exception = exceptions.iter().find(|e| e.slot_id == s.id && e.on == d);
            let (date, starts, ends, moved, cancelled) = match exception {
                None => (d, s.starts, s.ends, false, false),
                Some(Exception { moved_to: None, .. }) => (d, s.starts, s.ends, false, true),
                Some(Exception {
                    moved_to: Some((to, a, b)),
                    ..
                }) => (*to, *a, *b, true, false),
            };
            if date < from || date > until {
                continue;
            }
            out.push(Occurrence {
                slot_id: s.id,
                school_id: s.school_id,
                date,
                starts,
                ends,
                kind: s.kind,
                worker_id: s.worker_id,
                covered_by: cover_on(covers, s.school_id, Some(s.worker_id), date)
                    .map(|c| c.worker_id),
                moved,
                cancelled,
            });
        }
        d += Duration::days(1);
    }
    out.sort_by_key(|o| (o.date, o.starts, o.slot_id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn time(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }
    fn slot(id: i64, weekday: u32, kind: SlotKind) -> Slot {
        Slot {
            id,
            worker_id: 7,
            school_id: 3,
            weekday,
            starts: time("08:30"),
            ends: time("12:00"),
            kind,
        }
    }

    #[test]
    fn school_years_start_in_august() {
        assert_eq!(school_year_of(day("2026-07-31")), "2025-2026");
        assert_eq!(school_year_of(day("2026-08-01")), "2026-2027");
        assert!(holiday_in_year("2026-2027", day("2027-07-17")).is_ok());
        assert!(holiday_in_year("2026-2027", day("2027-08-01")).is_err());
    }

    #[test]
    fn weekdays_are_school_days() {
        assert_eq!(weekday(1), Ok(1));
        assert!(weekday(0).is_err());
        assert!(weekday(6).is_err());
        assert_eq!(weekday_label(3, crate::Lang::Nl), "woensdag");
    }

    #[test]
    fn a_pattern_skips_holidays_and_applies_exceptions_and_cover() {
        // Mondays in Oct 2026: 5, 12, 19 (autumn holiday midden 17–25), 26.
        let slots = [slot(1, 1, SlotKind::Presence), slot(2, 3, SlotKind::WalkIn)];
        let holidays = [Holiday {
            region: "midden".into(),
            name: HolidayName::Autumn,
            starts_on: day("2026-10-17"),
            ends_on: day("2026-10-25"),
        }];
        let exceptions = [
            Exception {
                slot_id: 1,
                on: day("2026-10-05"),
                moved_to: None,
            },
            Exception {
                slot_id: 2,
                on: day("2026-10-07"),
                moved_to: Some((day("2026-10-08"), time("13:00"), time("14:00"))),
            },
        ];
        let covers = [Cover {
            id: 1,
            school_id: 3,
            worker_id: 9,
            absent_worker_id: Some(7),
            starts_on: day("2026-10-26"),
            ends_on: day("2026-10-30"),
        }];
        let occ = occurrences(
            &slots,
            &exceptions,
            &holidays,
            &covers,
            day("2026-10-05"),
            day("2026-10-30"),
        );
        let mondays: Vec<_> = occ.iter().filter(|o| o.slot_id == 1).collect();
        assert_eq!(mondays.len(), 3, "19 Oct is in the holiday");
        assert!(mondays[0].cancelled);
        assert_eq!(mondays[2].date, day("2026-10-26"));
        assert_eq!(mondays[2].present_worker(), 9);
        assert_eq!(mondays[1].present_worker(), 7);
        let moved = occ.iter().find(|o| o.moved).unwrap();
        assert_eq!(
            (moved.date, moved.starts),
            (day("2026-10-08"), time("13:00"))
        );
        assert!(!occ.iter().any(|o| o.date == day("2026-10-21")));
    }

    #[test]
    fn the_covering_worker_is_the_default_assignee_during_the_cover() {
        let covers = [Cover {
            id: 1,
            school_id: 3,
            worker_id: 9,
            absent_worker_id: None,
            starts_on: day("2026-12-19"),
            ends_on: day("2027-01-03"),
        }];
        assert_eq!(
            default_assignee(&covers, 3, day("2026-12-18"), Some(7)),
            Some(7)
        );
        assert_eq!(
            default_assignee(&covers, 3, day("2026-12-19"), Some(7)),
            Some(9)
        );
        assert_eq!(
            default_assignee(&covers, 3, day("2027-01-03"), None),
            Some(9)
        );
        assert_eq!(
            default_assignee(&covers, 4, day("2026-12-20"), Some(7)),
            Some(7)
        );
        assert!(date_range(day("2026-12-19"), day("2026-12-18"), 10).is_err());
        assert!(date_range(day("2026-01-01"), day("2026-12-18"), MAX_COVER_DAYS).is_err());
    }
}
