//! Appointments and walk-in slots in the demo (issue 13, items 6 and 7; ADR 025): at two schools with a walk-in
//! hour, a few slots booked this week and next for parents and pupils (synthetic Dutch names), and in the past six
//! weeks a few visits marked attended or not shown, so the municipality's prevention figures have walk-in visits.
//!
//! Written through the store with the domain's rules: the times come from `presence::occurrences` (no walk-in
//! hour in a holiday, the covering worker during a cover), slots from `appointment::walk_in_slots`, and a status
//! changes only as `appointment::change_status` allows.

use anyhow::{Result, anyhow};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use schakel_domain::appointment::{
    self as rules, AppointmentKind, AppointmentStatus, ForKind, change_status,
};
use schakel_domain::presence::{self as presence, HolidayName, SlotKind};
use schakel_store::{NewAppointment, PresenceFilter, Store};

/// Who comes to the walk-in hour: (name as typed, parent or pupil).
const VISITORS: &[(&str, ForKind)] = &[
    ("Mw. Bakker (moeder van Sem)", ForKind::Parent),
    ("Dhr. Yilmaz", ForKind::Parent),
    ("Noa de Wit", ForKind::Pupil),
    ("Mw. Jansen", ForKind::Parent),
    ("Daan Visser", ForKind::Pupil),
    ("Dhr. El Idrissi (vader van Lina)", ForKind::Parent),
    ("Mw. de Boer", ForKind::Parent),
    ("Finn Mulder", ForKind::Pupil),
];

const PURPOSES: &[&str] = &[
    "Kennismaken",
    "Vraag over opvoeding",
    "Zorgen over slapen",
    "Vraag over pesten",
    "",
];

fn hm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// Books walk-in slots at the first two schools with a walk-in hour: this week and next (booked) and the six weeks
/// before today (attended or not shown). One transaction; a summary line.
pub async fn seed_appointments(
    store: &Store,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<String> {
    let slots: Vec<_> = store
        .presence_slots(&PresenceFilter::default())
        .await?
        .into_iter()
        .filter(|s| s.kind == SlotKind::WalkIn.code())
        .collect();
    let mut schools: Vec<i64> = slots.iter().map(|s| s.school_id).collect();
    schools.dedup();
    schools.truncate(2);
    let from = today - Duration::weeks(6);
    let until = today
        + Duration::days(13 - i64::from(chrono::Datelike::weekday(&today).num_days_from_monday()));
    let holidays = store.school_holidays(None, &from.to_string()).await?;
    let covers = store
        .covers(&PresenceFilter {
            school_ids: Some(schools.clone()),
            from: Some(from.to_string()),
            ..Default::default()
        })
        .await?;
    let domain_covers: Vec<presence::Cover> = covers
        .iter()
        .filter_map(|c| {
            Some(presence::Cover {
                id: c.id,
                school_id: c.school_id,
                worker_id: c.worker_id,
                absent_worker_id: c.absent_worker_id,
                starts_on: c.starts_on.parse().ok()?,
                ends_on: c.ends_on.parse().ok()?,
            })
        })
        .collect();
    let mut tx = store.begin().await?;
    let (mut ahead, mut past, mut turn) = (0, 0, 0usize);
    for school_id in &schools {
        let school = store.school(*school_id).await?;
        let own_holidays: Vec<presence::Holiday> = holidays
            .iter()
            .filter(|h| Some(&h.region) == school.holiday_region.as_ref())
            .filter_map(|h| {
                Some(presence::Holiday {
                    region: h.region.clone(),
                    name: HolidayName::parse(&h.name)?,
                    starts_on: h.starts_on.parse().ok()?,
                    ends_on: h.ends_on.parse().ok()?,
                })
            })
            .collect();
        let pattern: Vec<presence::Slot> = slots
            .iter()
            .filter(|s| s.school_id == *school_id)
            .filter_map(|s| {
                Some(presence::Slot {
                    id: s.id,
                    worker_id: s.worker_id,
                    school_id: s.school_id,
                    weekday: u32::try_from(s.weekday).ok()?,
                    starts: NaiveTime::parse_from_str(&s.starts_at, "%H:%M").ok()?,
                    ends: NaiveTime::parse_from_str(&s.ends_at, "%H:%M").ok()?,
                    kind: SlotKind::WalkIn,
                })
            })
            .collect();
        let organisation_id = slots
            .iter()
            .find(|s| s.school_id == *school_id)
            .map(|s| s.organisation_id)
            .ok_or_else(|| anyhow!("no walk-in hour"))?;
        let times =
            presence::occurrences(&pattern, &[], &own_holidays, &domain_covers, from, until);
        for o in &times {
            let worker = store.worker(o.present_worker()).await?;
            let Some(booked_by) = worker.user_id else {
                continue;
            };
            // Two slots of each walk-in hour: the first and the third.
            for (i, (starts, ends)) in rules::walk_in_slots(o.starts, o.ends)
                .into_iter()
                .enumerate()
                .filter(|(i, _)| *i == 0 || *i == 2)
            {
                let (name, for_kind) = VISITORS
                    .get((turn + i) % VISITORS.len())
                    .copied()
                    .ok_or_else(|| anyhow!("visitor"))?;
                let purpose = PURPOSES.get(turn % PURPOSES.len()).copied().unwrap_or("");
                turn += 1;
                if o.date >= today {
                    ahead += 1;
                } else {
                    past += 1;
                }
                let id = tx
                    .insert_appointment(
                        &NewAppointment {
                            organisation_id,
                            school_id: *school_id,
                            worker_id: o.present_worker(),
                            kind: AppointmentKind::WalkIn.code().into(),
                            slot_id: Some(o.slot_id),
                            on_date: o.date.to_string(),
                            starts_at: hm(starts),
                            ends_at: hm(ends),
                            for_name: name.into(),
                            for_kind: for_kind.code().into(),
                            purpose: purpose.into(),
                            case_id: None,
                            booked_by,
                        },
                        now,
                    )
                    .await?;
                if o.date < today {
                    // Most came; one in four did not.
                    let to = if turn % 4 == 0 {
                        AppointmentStatus::NotShown
                    } else {
                        AppointmentStatus::Attended
                    };
                    change_status(AppointmentStatus::Booked, to, o.date, today)
                        .map_err(|e| anyhow!("{}: {}", e.field, e.message_en))?;
                    tx.set_appointment_status(id, AppointmentStatus::Booked.code(), to.code(), now)
                        .await?;
                }
            }
        }
    }
    tx.commit().await?;
    Ok(format!(
        "{ahead} walk-in slots booked ahead and {past} walk-in visits in the past six weeks at {} schools",
        schools.len()
    ))
}
