//! Presence as an iCalendar feed (RFC 5545), written with the `icalendar` crate: one event per time someone is
//! at a school (cancelled ones with `STATUS:CANCELLED`, so a subscribed calendar removes them), the school
//! holidays as all-day ranges, and the cover roster as all-day ranges naming who covers. Times are written in UTC
//! (no `VTIMEZONE` needed). The texts (from the i18n table) are in the language of the user the feed belongs to
//! — the language they read Schakel in when they made the feed, Dutch by default — or, for an invitation, of the
//! user who downloads it; school, place and people's names are written as they are.

use super::presence::SchoolSchedule;
use crate::i18n::{Lang, Texts};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use schakel_domain::appointment::{AppointmentKind, AppointmentStatus, ForKind};
use schakel_domain::local_time::from_amsterdam;
use schakel_domain::presence::{CoverReason, HolidayName, SlotKind};
use schakel_store::Appointment;

fn at(date: &str, time: &str) -> Option<DateTime<Utc>> {
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let t = NaiveTime::parse_from_str(time, "%H:%M").ok()?;
    Some(from_amsterdam(NaiveDateTime::new(d, t)))
}

/// A text of the table with its `{name}` places filled in one pass, so a filled-in name that happens to hold
/// `{…}` stays as it is.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open..).unwrap_or("");
        let close = after.find('}').map_or(after.len(), |c| c + 1);
        let place = after.get(..close).unwrap_or("");
        let name = place.trim_start_matches('{').trim_end_matches('}');
        match values.iter().find(|(k, _)| *k == name) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(place),
        }
        rest = after.get(close..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

fn day(date: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// The calendar of these schedules and the owner's bookings (with the Amsterdam `VTIMEZONE` when there are
/// bookings); `now` stamps each event (`DTSTAMP`).
pub fn presence_calendar(
    schedules: &[SchoolSchedule],
    appointments: &[Appointment],
    lang: Lang,
    now: DateTime<Utc>,
) -> String {
    let mut cal = Calendar::new();
    cal.name(lang.t("calendar.name"));
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
            let kind = SlotKind::parse(&t.kind).map_or("", |k| k.label(lang));
            let who = match &t.covered_by_name {
                Some(c) => fill(
                    lang.t("calendar.covering"),
                    &[("who", c), ("absent", &t.worker_name)],
                ),
                None => t.worker_name.clone(),
            };
            let mut e = Event::new();
            e.uid(&format!("presence-{}-{}@schakel", t.slot_id, t.date))
                .summary(&fill(
                    lang.t("calendar.presence"),
                    &[("kind", kind), ("school", &s.school_name), ("who", &who)],
                ))
                .starts(start)
                .ends(end);
            if !t.place.is_empty() {
                e.location(&t.place);
            }
            if t.moved {
                e.description(lang.t("calendar.moved"));
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
            let name = HolidayName::parse(&h.name).map_or(h.name.as_str(), |n| n.label(lang));
            let mut e = Event::new();
            e.uid(&format!("holiday-{}@schakel", h.id))
                .summary(&fill(
                    lang.t("calendar.holiday"),
                    &[("name", name), ("region", &h.region)],
                ))
                .starts(first)
                .ends(last + Duration::days(1));
            stamp(&mut e);
            cal.push(e.done());
        }
        for c in &s.covers {
            let (Some(first), Some(last)) = (day(&c.starts_on), day(&c.ends_on)) else {
                continue;
            };
            let reason = CoverReason::parse(&c.reason).map_or("", |r| r.label(lang));
            let absent = c.absent_worker_name.as_deref().unwrap_or("");
            let summary = fill(
                lang.t(if absent.is_empty() {
                    "calendar.cover"
                } else {
                    "calendar.cover_for"
                }),
                &[
                    ("school", &s.school_name),
                    ("who", &c.worker_name),
                    ("absent", absent),
                ],
            );
            let mut e = Event::new();
            e.uid(&format!("cover-{}@schakel", c.id))
                .summary(&summary)
                .description(reason)
                .starts(first)
                .ends(last + Duration::days(1));
            stamp(&mut e);
            cal.push(e.done());
        }
    }
    for e in appointment_events(appointments, lang, now) {
        cal.push(e);
    }
    let text = cal.done().to_string();
    if appointments.is_empty() {
        text
    } else {
        with_timezone(&text)
    }
}

/// Europe/Amsterdam as RFC 5545 describes a time zone (the EU rule since 1996: summer time from the last Sunday of
/// March 02:00 to the last Sunday of October 03:00), for the invitation's `TZID` times. The `icalendar` crate has no
/// `VTIMEZONE` builder, so it is written here once.
const AMSTERDAM: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n\
DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// Where an appointment is: the school (its name and address), the room of the walk-in hour, and the worker's
/// e-mail address as the organiser (left out when unknown).
pub struct Where<'a> {
    pub school: &'a str,
    pub address: &'a str,
    pub place: &'a str,
    pub organiser_email: &'a str,
}

/// A local Amsterdam time as `TZID=Europe/Amsterdam` property.
fn local(key: &str, date: &str, time: &str) -> Option<icalendar::Property> {
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let t = NaiveTime::parse_from_str(time, "%H:%M").ok()?;
    let mut p = icalendar::Property::new(
        key,
        NaiveDateTime::new(d, t).format("%Y%m%dT%H%M%S").to_string(),
    );
    p.add_parameter("TZID", "Europe/Amsterdam");
    Some(p)
}

/// The event of a booking: its stable UID, the school as location, who it is with and for; never the purpose or
/// anything of a case.
fn appointment_event(
    a: &Appointment,
    at: &Where<'_>,
    lang: Lang,
    now: DateTime<Utc>,
) -> Option<Event> {
    let kind = AppointmentKind::parse(&a.kind)
        .map_or_else(|| lang.t("calendar.appointment"), |k| k.label(lang));
    let for_kind = ForKind::parse(&a.for_kind).map_or("", |k| k.label(lang));
    let mut e = Event::new();
    e.uid(&format!("appointment-{}@schakel", a.id))
        .summary(&fill(
            lang.t("calendar.appointment_summary"),
            &[("kind", kind), ("school", at.school)],
        ))
        .description(&fill(
            lang.t("calendar.appointment_description"),
            &[
                ("worker", &a.worker_name),
                ("for", &a.for_name),
                ("for_kind", for_kind),
            ],
        ))
        .append_property(local("DTSTART", &a.on_date, &a.starts_at)?)
        .append_property(local("DTEND", &a.on_date, &a.ends_at)?)
        .add_property("SEQUENCE", "0")
        .timestamp(now);
    let location = [at.school, at.place, at.address]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    e.location(&location);
    if !at.organiser_email.is_empty() {
        let mut organiser =
            icalendar::Property::new("ORGANIZER", format!("mailto:{}", at.organiser_email));
        organiser.add_parameter("CN", &a.worker_name);
        e.append_property(organiser);
    }
    if a.status == AppointmentStatus::Cancelled.code() {
        e.status(EventStatus::Cancelled);
    } else {
        e.status(EventStatus::Confirmed);
    }
    Some(e.done())
}

/// Puts the Amsterdam `VTIMEZONE` before the first component of a written calendar.
fn with_timezone(text: &str) -> String {
    match text.find("BEGIN:VEVENT") {
        Some(i) => format!(
            "{}{AMSTERDAM}{}",
            text.get(..i).unwrap_or(""),
            text.get(i..).unwrap_or("")
        ),
        None => text.to_string(),
    }
}

/// The invitation of one booking (`METHOD:REQUEST`; a cancelled one `METHOD:CANCEL`), times in Europe/Amsterdam,
/// texts in `lang`.
pub fn invitation(a: &Appointment, at: &Where<'_>, lang: Lang, now: DateTime<Utc>) -> String {
    let mut cal = Calendar::new();
    let method = if a.status == AppointmentStatus::Cancelled.code() {
        "CANCEL"
    } else {
        "REQUEST"
    };
    cal.append_property(icalendar::Property::new("METHOD", method));
    if let Some(e) = appointment_event(a, at, lang, now) {
        cal.push(e);
    }
    with_timezone(&cal.done().to_string())
}

/// Bookings as events to add to a worker's feed (the location is the school; no address lookup per booking).
pub fn appointment_events(list: &[Appointment], lang: Lang, now: DateTime<Utc>) -> Vec<Event> {
    list.iter()
        .filter_map(|a| {
            appointment_event(
                a,
                &Where {
                    school: &a.school_name,
                    address: "",
                    place: "",
                    organiser_email: "",
                },
                lang,
                now,
            )
        })
        .collect()
}
