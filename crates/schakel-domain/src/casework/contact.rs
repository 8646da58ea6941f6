//! A new contact in a case file, parsed once with every field's error at once (ADR 023): the page and the API
//! call the same `NewContact::parse` through the use case, so both refuse the same fields with the same words.

use super::{CONTACT_KINDS, check_contact_date};
use crate::input::{Fields, date, text};
use crate::org::FieldError;
use chrono::NaiveDate;

/// The contact as it came in: texts as typed, the minutes `None` when they were missing or not a number.
#[derive(Debug, Clone, Copy, Default)]
pub struct ContactDraft<'a> {
    pub held_on: &'a str,
    pub kind: &'a str,
    pub participants: &'a str,
    pub minutes: Option<i64>,
    pub note: &'a str,
}

/// A contact that may be recorded: dated within the case file and not in the future, of a known kind, with
/// 0–600 minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContact {
    pub held_on: NaiveDate,
    pub kind: String,
    pub participants: String,
    pub minutes: i64,
    pub note: String,
}

/// The most minutes one contact may take.
pub const MAX_CONTACT_MINUTES: i64 = 600;

impl NewContact {
    /// The date as typed, for finding the case file's start before the whole contact is checked.
    pub fn date_of(draft: &ContactDraft<'_>) -> Option<NaiveDate> {
        date("held_on", draft.held_on).ok()
    }

    /// Checks every field; `start` is the case file's first day (see [`super::case_file_start`]).
    pub fn parse(
        draft: &ContactDraft<'_>,
        start: NaiveDate,
        today: NaiveDate,
    ) -> Result<NewContact, Vec<FieldError>> {
        let mut f = Fields::new();
        let held_on = f
            .take(date("held_on", draft.held_on).and_then(|d| check_contact_date(d, start, today)));
        let kind = draft.kind.trim();
        let kind = f.take(if CONTACT_KINDS.iter().any(|(k, _)| *k == kind) {
            Ok(kind.to_string())
        } else {
            Err(FieldError::new(
                "kind",
                "Kies een soort contact.",
                "Choose a kind of contact.",
            ))
        });
        let minutes = f.take(
            draft
                .minutes
                .filter(|m| (0..=MAX_CONTACT_MINUTES).contains(m))
                .ok_or_else(|| {
                    FieldError::new(
                        "minutes",
                        "Vul het aantal minuten in, tussen 0 en 600.",
                        "Give the number of minutes, between 0 and 600.",
                    )
                }),
        );
        let note = f.take(text("note", draft.note, 20000, false));
        let participants = f.take(text("participants", draft.participants, 400, false));
        let contact = (|| {
            Some(NewContact {
                held_on: held_on?,
                kind: kind?,
                participants: participants?,
                minutes: minutes?,
                note: note?,
            })
        })();
        f.finish(contact)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn every_wrong_field_is_named_at_once() {
        let draft = ContactDraft {
            held_on: "morgen",
            kind: "koffie",
            minutes: None,
            ..Default::default()
        };
        let errors = NewContact::parse(&draft, day("2026-01-01"), day("2026-03-01")).unwrap_err();
        let names: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(names, ["held_on", "kind", "minutes"]);
    }

    #[test]
    fn a_right_contact_parses_and_dates_are_bounded() {
        let draft = ContactDraft {
            held_on: " 2026-02-01 ",
            kind: "huisbezoek",
            minutes: Some(600),
            note: " fijn gesprek ",
            ..Default::default()
        };
        let c = NewContact::parse(&draft, day("2026-01-01"), day("2026-03-01")).unwrap();
        assert_eq!(
            (c.held_on, c.minutes, c.note.as_str()),
            (day("2026-02-01"), 600, "fijn gesprek")
        );
        let early = NewContact::parse(&draft, day("2026-02-02"), day("2026-03-01")).unwrap_err();
        assert_eq!(early.first().map(|e| e.field.as_str()), Some("held_on"));
        let late = NewContact::parse(&draft, day("2026-01-01"), day("2026-01-31")).unwrap_err();
        assert_eq!(late.len(), 1);
        let too_long = ContactDraft {
            minutes: Some(601),
            ..draft
        };
        assert!(NewContact::parse(&too_long, day("2026-01-01"), day("2026-03-01")).is_err());
    }
}
