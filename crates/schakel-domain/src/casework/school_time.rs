//! Time at a school without a case file: presence and the walk-in hour, meetings with the school's care team,
//! preparation, network and travel. It counts for the school's hours against the contract (source 002: 2.5 days
//! a week; 003c: 25 hours over eight schools) next to the time of the cases, consultations and group work.

use crate::input::{Fields, date, text};
use crate::lang::coded;
use crate::org::FieldError;
use chrono::NaiveDate;

coded! {
    /// What a worker did at or for a school, outside any case file.
    pub enum SchoolActivity {
        Presence = "aanwezig", "aanwezig op school / inloopspreekuur", "at school / walk-in hour";
        CareTeam = "overleg_school", "overleg met school (IB'er, zorgteam)", "meeting with the school (care team)";
        Network = "netwerk", "afstemming met netwerkpartners", "coordinating with network partners";
        Preparation = "voorbereiding", "voorbereiding", "preparation";
        Travel = "reistijd", "reistijd", "travel time";
        Other = "overig", "overig", "other";
    }
}

/// The most minutes one booking may take (a working day).
pub const MAX_SCHOOL_MINUTES: i64 = 480;
/// How far back time may be booked: the current and the previous school year's months.
pub const MAX_DAYS_BACK: i64 = 400;
/// The longest note.
pub const MAX_NOTE_CHARS: usize = 500;

/// Time at a school as it came in: texts as typed, the minutes `None` when missing or not a number.
#[derive(Debug, Clone, Copy, Default)]
pub struct SchoolTimeDraft<'a> {
    pub spent_on: &'a str,
    pub minutes: Option<i64>,
    pub activity: &'a str,
    pub note: &'a str,
}

/// Time at a school that may be booked: not in the future and not more than [`MAX_DAYS_BACK`] days ago, of a known
/// activity, 1 to [`MAX_SCHOOL_MINUTES`] minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSchoolTime {
    pub spent_on: NaiveDate,
    pub minutes: i64,
    pub activity: SchoolActivity,
    pub note: String,
}

impl NewSchoolTime {
    /// Every wrong field at once.
    pub fn parse(
        d: SchoolTimeDraft<'_>,
        today: NaiveDate,
    ) -> Result<NewSchoolTime, Vec<FieldError>> {
        let mut f = Fields::new();
        let spent_on = f.take(date("spent_on", d.spent_on).and_then(|on| {
            if on > today {
                Err(FieldError::new(
                    "spent_on",
                    "Tijd kan niet in de toekomst liggen.",
                    "Time cannot be in the future.",
                ))
            } else if (today - on).num_days() > MAX_DAYS_BACK {
                Err(FieldError::new(
                    "spent_on",
                    "Deze datum ligt te ver terug; boek tijd binnen ruim een jaar.",
                    "This date is too long ago; book time within a little over a year.",
                ))
            } else {
                Ok(on)
            }
        }));
        let minutes = f.take(
            d.minutes
                .filter(|m| (1..=MAX_SCHOOL_MINUTES).contains(m))
                .ok_or_else(|| {
                    FieldError::new(
                        "minutes",
                        &format!("Minuten liggen tussen 1 en {MAX_SCHOOL_MINUTES}."),
                        &format!("Minutes are between 1 and {MAX_SCHOOL_MINUTES}."),
                    )
                }),
        );
        let activity = f.take(SchoolActivity::parse(d.activity).ok_or_else(|| {
            FieldError::new("activity", "Kies een soort werk.", "Choose a kind of work.")
        }));
        let note = f.take(text("note", d.note, MAX_NOTE_CHARS, false));
        f.finish(spent_on.zip(minutes).zip(activity).zip(note)).map(
            |(((spent_on, minutes), activity), note)| NewSchoolTime {
                spent_on,
                minutes,
                activity,
                note,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn school_time_names_every_wrong_field() {
        let today = day("2026-12-02");
        let ok = NewSchoolTime::parse(
            SchoolTimeDraft {
                spent_on: "2026-12-01",
                minutes: Some(240),
                activity: "aanwezig",
                note: " inloop ",
            },
            today,
        );
        assert_eq!(
            ok.map(|t| (t.minutes, t.activity, t.note)),
            Ok((240, SchoolActivity::Presence, "inloop".into()))
        );
        let wrong = NewSchoolTime::parse(
            SchoolTimeDraft {
                spent_on: "2026-12-03",
                minutes: Some(481),
                activity: "koffie",
                note: "",
            },
            today,
        )
        .err()
        .unwrap_or_default();
        let fields: Vec<_> = wrong.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["spent_on", "minutes", "activity"]);
        let old = NewSchoolTime::parse(
            SchoolTimeDraft {
                spent_on: "2025-10-01",
                minutes: None,
                activity: "overig",
                note: "",
            },
            today,
        )
        .err()
        .unwrap_or_default();
        let fields: Vec<_> = old.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["spent_on", "minutes"]);
    }
}
