//! Presence as an iCalendar feed (RFC 5545), written with the `icalendar` crate: one event per time someone is
//! at a school (cancelled ones with `STATUS:CANCELLED`, so a subscribed calendar removes them), the school
//! holidays as all-day ranges, and the cover roster as all-day ranges naming who covers. Times are written in UTC
//! (no `VTIMEZONE` needed); the texts are Dutch, as the schools read them.

use super::presence::SchoolSchedule;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use schakel_domain::Lang;
use schakel_domain::local_time::from_amsterdam;
use schakel_domain::presence::{CoverReason, HolidayName, SlotKind};

fn at(date: &str, time: &str) -> Option<DateTime<Utc>> {
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let t = NaiveTime::parse_from_str(time, "%H:%M").ok()?;
    Some(from_amsterdam(NaiveDateTime::new(d, t)))
}

fn day(date: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// The calendar of these schedules; `now` stamps each event (`DTSTAMP`).
pub fn presence_calendar(schedules: &[SchoolSchedule], now: DateTime<Utc>) -> String {
    let mut cal = Calendar::new();
    cal.name("Schakel – wie is er wanneer");
    let stamp = |e: &mut Event| {
        e.timestamp(now);
    };
    let mut seen_holidays = Vec::new();
    for s in schedules {
        for t in &s.times {
            let (Some(start), Some(end)) = (at(&t.date, &t.starts_at), at(&t.date, &t.ends_at))
            else {
                continue;
            };
            let kind = SlotKind::parse(&t.kind).map_or("", |k| k.label(Lang::Nl));
            let who = match &t.covered_by_name {
                Some(c) => format!("{c} (vervangt {})", t.worker_name),
                None => t.worker_name.clone(),
            };
            let mut e = Event::new();
            e.uid(&format!("presence-{}-{}@schakel", t.slot_id, t.date))
                .summary(&format!("{kind} {}: {who}", s.school_name))
                .starts(start)
                .ends(end);
            if !t.place.is_empty() {
                e.location(&t.place);
            }
            if t.moved {
                e.description("Verplaatst");
            }
            if t.cancelled {
                e.status(EventStatus::Cancelled);
            } else {
                e.status(EventStatus::Confirmed);
            }
            stamp(&mut e);
            cal.push(e.done());
        }
        for h in &s.holidays {
            if seen_holidays.contains(&h.id) {
                continue;
            }
            seen_holidays.push(h.id);
            let (Some(first), Some(last)) = (day(&h.starts_on), day(&h.ends_on)) else {
                continue;
            };
            let name = HolidayName::parse(&h.name).map_or(h.name.as_str(), |n| n.label(Lang::Nl));
            let mut e = Event::new();
            e.uid(&format!("holiday-{}@schakel", h.id))
                .summary(&format!("{name} (regio {})", h.region))
                .starts(first)
                .ends(last + Duration::days(1));
            stamp(&mut e);
            cal.push(e.done());
        }
        for c in &s.covers {
            let (Some(first), Some(last)) = (day(&c.starts_on), day(&c.ends_on)) else {
                continue;
            };
            let reason = CoverReason::parse(&c.reason).map_or("", |r| r.label(Lang::Nl));
            let instead = c
                .absent_worker_name
                .as_ref()
                .map(|a| format!(" voor {a}"))
                .unwrap_or_default();
            let mut e = Event::new();
            e.uid(&format!("cover-{}@schakel", c.id))
                .summary(&format!(
                    "Vervanging {}: {}{instead}",
                    s.school_name, c.worker_name
                ))
                .description(reason)
                .starts(first)
                .ends(last + Duration::days(1));
            stamp(&mut e);
            cal.push(e.done());
        }
    }
    cal.done().to_string()
}
