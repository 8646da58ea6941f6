//! Appointments and walk-in slots (issue 13, items 6 and 7): a walk-in hour of a school's presence pattern is cut
//! into slots of [`SLOT_MINUTES`]; a slot is booked once, for a parent or a pupil. A separate appointment lies
//! within a time the worker is at the school. What may happen to a booking (cancel, attended, not shown) and when.
//! Pure: dates and times are passed in.

use crate::lang::coded;
use crate::org::FieldError;
use crate::presence::Occurrence;
use chrono::{Duration, NaiveDate, NaiveTime};

/// The length of a walk-in slot.
pub const SLOT_MINUTES: i64 = 15;
/// The longest separate appointment.
pub const MAX_APPOINTMENT_MINUTES: i64 = 120;
/// The longest purpose ("a few words").
pub const MAX_PURPOSE: usize = 120;

coded! {
    /// What was booked.
    pub enum AppointmentKind {
        WalkIn = "inloop", "Inloopspreekuur", "Walk-in slot";
        Appointment = "afspraak", "Afspraak", "Appointment";
    }
}

coded! {
    /// Who the booking is for.
    pub enum ForKind {
        Parent = "ouder", "Ouder", "Parent";
        Pupil = "leerling", "Leerling", "Pupil";
    }
}

coded! {
    /// Where a booking stands.
    pub enum AppointmentStatus {
        Booked = "geboekt", "Geboekt", "Booked";
        Cancelled = "geannuleerd", "Geannuleerd", "Cancelled";
        Attended = "verschenen", "Verschenen", "Attended";
        NotShown = "niet_verschenen", "Niet verschenen", "Not shown";
    }
}

/// The walk-in slots of a walk-in hour: consecutive slots of [`SLOT_MINUTES`] from its start; a rest shorter than
/// a slot is left out.
pub fn walk_in_slots(starts: NaiveTime, ends: NaiveTime) -> Vec<(NaiveTime, NaiveTime)> {
    let mut out = Vec::new();
    let mut at = starts;
    while at < ends {
        let next = at + Duration::minutes(SLOT_MINUTES);
        if next > ends || next <= at {
            break;
        }
        out.push((at, next));
        at = next;
    }
    out
}

/// The walk-in hour a slot starting at `starts` belongs to (not cancelled), and that slot's end.
pub fn walk_in_slot_of(
    times: &[Occurrence],
    slot_id: i64,
    date: NaiveDate,
    starts: NaiveTime,
) -> Option<(&Occurrence, NaiveTime)> {
    times
        .iter()
        .filter(|o| {
            o.slot_id == slot_id
                && o.date == date
                && !o.cancelled
                && o.kind == crate::presence::SlotKind::WalkIn
        })
        .find_map(|o| {
            walk_in_slots(o.starts, o.ends)
                .into_iter()
                .find(|s| s.0 == starts)
                .map(|s| (o, s.1))
        })
}

/// The time at the school a separate appointment lies within: a time (not cancelled) of that date whose span holds
/// the appointment, of the given worker when one is asked for (the covering worker during a cover).
pub fn presence_holding(
    times: &[Occurrence],
    date: NaiveDate,
    starts: NaiveTime,
    ends: NaiveTime,
    worker: Option<i64>,
) -> Option<&Occurrence> {
    times.iter().find(|o| {
        o.date == date
            && !o.cancelled
            && o.starts <= starts
            && ends <= o.ends
            && worker.is_none_or(|w| o.present_worker() == w)
    })
}

/// Do two times of one day overlap? Touching ends (one ends when the other starts) do not.
pub fn overlaps(a: (NaiveTime, NaiveTime), b: (NaiveTime, NaiveTime)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The refusal of a booking whose time overlaps another booking with the same worker (or of the same walk-in
/// hour): on `starts_at`, as the taken slot is.
pub fn overlap_refused(kind: AppointmentKind) -> FieldError {
    match kind {
        AppointmentKind::WalkIn => FieldError::new(
            "starts_at",
            "Dit tijdvak is al bezet: het is geboekt of de medewerker heeft dan een andere afspraak. Kies een ander tijdvak.",
            "This slot is taken: it is booked, or the worker has another appointment then. Choose another slot.",
        ),
        AppointmentKind::Appointment => FieldError::new(
            "starts_at",
            "Op dit tijdstip heeft de medewerker al een afspraak of een geboekt inlooptijdvak. Kies een tijd die daar niet mee overlapt.",
            "The worker already has an appointment or a booked walk-in slot at this time. Choose a time that does not overlap it.",
        ),
    }
}

/// A separate appointment's times: the end after the start, at most [`MAX_APPOINTMENT_MINUTES`].
pub fn appointment_times(starts: NaiveTime, ends: NaiveTime) -> Result<(), FieldError> {
    if ends <= starts {
        return Err(FieldError::new(
            "ends_at",
            "De eindtijd ligt na de begintijd.",
            "The end time is after the start time.",
        ));
    }
    if (ends - starts).num_minutes() > MAX_APPOINTMENT_MINUTES {
        return Err(FieldError::new(
            "ends_at",
            "Een afspraak duurt hoogstens twee uur.",
            "An appointment lasts at most two hours.",
        ));
    }
    Ok(())
}

/// May a booking go from `from` to `to` on `today` (the booking's date `on`)? Only a booked one changes: it is
/// cancelled before it starts (or on its day), and marked attended or not shown on or after its day.
pub fn change_status(
    from: AppointmentStatus,
    to: AppointmentStatus,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<(), FieldError> {
    if from != AppointmentStatus::Booked {
        return Err(FieldError::new(
            "status",
            "Deze afspraak is al afgesloten of geannuleerd.",
            "This appointment is already closed or cancelled.",
        ));
    }
    match to {
        AppointmentStatus::Booked => Err(FieldError::new(
            "status",
            "Kies verschenen, niet verschenen of annuleren.",
            "Choose attended, not shown or cancel.",
        )),
        AppointmentStatus::Cancelled if on < today => Err(FieldError::new(
            "status",
            "Een afspraak in het verleden annuleert u niet meer; kies verschenen of niet verschenen.",
            "A past appointment is not cancelled any more; choose attended or not shown.",
        )),
        AppointmentStatus::Attended | AppointmentStatus::NotShown if on > today => {
            Err(FieldError::new(
                "status",
                "Of iemand verschenen is, legt u vast op of na de dag van de afspraak.",
                "Whether someone came is recorded on or after the day of the appointment.",
            ))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presence::SlotKind;

    fn t(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    #[test]
    fn times_overlap_unless_they_only_touch() {
        let cases = [
            (("10:00", "10:30"), ("10:15", "10:45"), true),
            (("10:00", "10:30"), ("09:45", "10:15"), true),
            (("10:00", "11:00"), ("10:15", "10:30"), true),
            (("10:15", "10:30"), ("10:00", "11:00"), true),
            (("10:00", "10:30"), ("10:00", "10:30"), true),
            (("10:00", "10:30"), ("10:30", "11:00"), false),
            (("10:30", "11:00"), ("10:00", "10:30"), false),
            (("10:00", "10:15"), ("13:00", "13:15"), false),
        ];
        for ((a0, a1), (b0, b1), expected) in cases {
            assert_eq!(
                overlaps((t(a0), t(a1)), (t(b0), t(b1))),
                expected,
                "{a0}-{a1} and {b0}-{b1}"
            );
        }
    }

    fn occ(kind: SlotKind, starts: &str, ends: &str, cancelled: bool) -> Occurrence {
        Occurrence {
            slot_id: 1,
            school_id: 3,
            date: d("2026-12-02"),
            starts: t(starts),
            ends: t(ends),
            kind,
            worker_id: 7,
            covered_by: Some(9),
            moved: false,
            cancelled,
        }
    }

    #[test]
    fn a_walk_in_hour_is_cut_into_whole_slots() {
        let slots = walk_in_slots(t("08:30"), t("09:40"));
        assert_eq!(slots.len(), 4);
        assert_eq!(slots.first(), Some(&(t("08:30"), t("08:45"))));
        assert_eq!(slots.last(), Some(&(t("09:15"), t("09:30"))));
        assert!(walk_in_slots(t("09:00"), t("09:10")).is_empty());
    }

    #[test]
    fn a_slot_belongs_to_a_walk_in_hour_that_happens() {
        let times = [occ(SlotKind::WalkIn, "08:30", "09:30", false)];
        let (o, ends) = walk_in_slot_of(&times, 1, d("2026-12-02"), t("08:45")).unwrap();
        assert_eq!((o.present_worker(), ends), (9, t("09:00")));
        assert!(walk_in_slot_of(&times, 1, d("2026-12-02"), t("08:50")).is_none());
        assert!(walk_in_slot_of(&times, 1, d("2026-12-09"), t("08:45")).is_none());
        let cancelled = [occ(SlotKind::WalkIn, "08:30", "09:30", true)];
        assert!(walk_in_slot_of(&cancelled, 1, d("2026-12-02"), t("08:45")).is_none());
        let presence = [occ(SlotKind::Presence, "08:30", "09:30", false)];
        assert!(walk_in_slot_of(&presence, 1, d("2026-12-02"), t("08:45")).is_none());
    }

    #[test]
    fn an_appointment_lies_within_a_time_at_school() {
        let times = [occ(SlotKind::Presence, "08:30", "12:00", false)];
        let day = d("2026-12-02");
        assert!(presence_holding(&times, day, t("10:00"), t("10:30"), None).is_some());
        assert!(presence_holding(&times, day, t("10:00"), t("10:30"), Some(9)).is_some());
        assert!(presence_holding(&times, day, t("10:00"), t("10:30"), Some(7)).is_none());
        assert!(presence_holding(&times, day, t("11:45"), t("12:15"), None).is_none());
        assert!(appointment_times(t("10:00"), t("10:00")).is_err());
        assert!(appointment_times(t("10:00"), t("12:30")).is_err());
        assert!(appointment_times(t("10:00"), t("10:30")).is_ok());
    }

    #[test]
    fn only_a_booked_appointment_changes_and_at_the_right_time() {
        use AppointmentStatus::*;
        let (day, before, after) = (d("2026-12-02"), d("2026-12-01"), d("2026-12-03"));
        assert!(change_status(Booked, Cancelled, day, before).is_ok());
        assert!(change_status(Booked, Cancelled, day, after).is_err());
        assert!(change_status(Booked, Attended, day, before).is_err());
        assert!(change_status(Booked, Attended, day, day).is_ok());
        assert!(change_status(Booked, NotShown, day, after).is_ok());
        assert!(change_status(Attended, NotShown, day, after).is_err());
        assert!(change_status(Cancelled, Booked, day, before).is_err());
    }
}
