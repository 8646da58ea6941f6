//! Care meetings at school (zorgoverleg / ZAT / MDO) and pre-school group reviews (issue 13, item 3): the kinds,
//! planning a series, and the rule for discussing a pupil by name. Pure: dates are passed in.
//!
//! **By name only with consent to share with the school.** A care meeting is the school's meeting (the school
//! chairs it and keeps its minutes; outside partners take part at the school's invitation), so a pupil is discussed
//! by name only when the case file holds consent in force, today, to share with the recipient `school` from the
//! parties the child's age and gezag require (RULES.md §1: under 12 every parent with gezag, 12–15 the child,
//! 16+ the young person). A legal ground (meldcode, acute danger) never covers the school. Without it — never
//! asked, refused, expired or withdrawn — the pupil is discussed anonymously ("leerling groep 5, vraag over …").

use crate::lang::coded;
use chrono::{Duration, NaiveDate};

coded! {
    /// The kind of a care meeting; a group review is the pre-school's review of all children of a group.
    pub enum CareMeetingKind {
        CareConsultation = "zorgoverleg", "zorgoverleg", "care consultation";
        Zat = "zat", "ZAT (zorg- en adviesteam)", "ZAT (care and advice team)";
        Mdo = "mdo", "MDO (multidisciplinair overleg)", "MDO (multidisciplinary meeting)";
        GroupReview = "groepsbespreking", "groepsbespreking (voorschool)", "group review (pre-school)";
    }
}

/// The recipient a consent must name for a pupil to be discussed by name at a care meeting.
pub const SHARE_RECIPIENT: &str = "school";

/// A field that breaks a rule, with the message in both languages.
pub type Problem = (&'static str, &'static str, &'static str);

/// The most meetings one "plan a series" makes (weekly for a school year).
pub const MAX_SERIES: u32 = 40;
/// The longest interval of a series, in weeks.
pub const MAX_INTERVAL_WEEKS: u32 = 26;
/// The most children a group review can count (a pre-school group is 16; a large location's joint review more).
pub const MAX_CHILDREN: i64 = 200;

/// The refusal of a series' count (also of a count that is not a number).
pub const COUNT_REFUSED: Problem = (
    "count",
    "Plan 1 tot 40 overleggen tegelijk.",
    "Plan 1 to 40 meetings at once.",
);

/// The refusal of a number of children discussed (also of one that is not a number).
pub const CHILDREN_REFUSED: Problem = (
    "children_discussed",
    "Een aantal kinderen ligt tussen 0 en 200.",
    "A number of children is between 0 and 200.",
);

/// The dates of a series: `count` meetings, the first on `first`, then every `every_weeks` weeks.
pub fn series_dates(
    first: NaiveDate,
    count: u32,
    every_weeks: u32,
) -> Result<Vec<NaiveDate>, Problem> {
    if !(1..=MAX_SERIES).contains(&count) {
        return Err(COUNT_REFUSED);
    }
    if count > 1 && !(1..=MAX_INTERVAL_WEEKS).contains(&every_weeks) {
        return Err((
            "every_weeks",
            "Kies om de hoeveel weken (1 tot 26).",
            "Choose every how many weeks (1 to 26).",
        ));
    }
    Ok((0..count)
        .map(|i| first + Duration::weeks(i64::from(i) * i64::from(every_weeks)))
        .collect())
}

/// Children counted at a group review.
pub fn children_discussed(n: i64) -> Result<(), Problem> {
    if (0..=MAX_CHILDREN).contains(&n) {
        Ok(())
    } else {
        Err(CHILDREN_REFUSED)
    }
}

/// The refusal of a named pupil, in both languages; `gap_nl` says who has not consented (from
/// `ConsentGap::message_nl`).
pub fn not_by_name(gap_nl: &str) -> (String, String) {
    (
        format!(
            "Deze leerling kan niet met naam worden besproken: er is geen geldige toestemming om te delen met de school \
             (nooit gevraagd, geweigerd, verlopen of ingetrokken). {gap_nl} Voeg de leerling anoniem toe, \
             bijvoorbeeld \"leerling groep 5, vraag over ...\"."
        ),
        "This pupil cannot be discussed by name: there is no valid consent to share with the school (never asked, \
         refused, expired or withdrawn). Add the pupil anonymously, e.g. \"pupil group 5, question about ...\"."
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_series_is_spaced_by_weeks() {
        let d = series_dates(day("2026-09-01"), 6, 6).unwrap();
        assert_eq!(d.len(), 6);
        assert_eq!(d[1], day("2026-10-13"));
        assert_eq!(d[5], day("2027-03-30"));
        assert_eq!(series_dates(day("2026-09-01"), 1, 0).unwrap().len(), 1);
        assert_eq!(
            series_dates(day("2026-09-01"), 0, 6).unwrap_err().0,
            "count"
        );
        assert_eq!(
            series_dates(day("2026-09-01"), 41, 1).unwrap_err().0,
            "count"
        );
        assert_eq!(
            series_dates(day("2026-09-01"), 2, 0).unwrap_err().0,
            "every_weeks"
        );
        assert_eq!(
            series_dates(day("2026-09-01"), 2, 27).unwrap_err().0,
            "every_weeks"
        );
    }

    #[test]
    fn kinds_and_counts() {
        assert_eq!(CareMeetingKind::parse("zat"), Some(CareMeetingKind::Zat));
        assert_eq!(CareMeetingKind::parse("ZAT"), None);
        assert!(children_discussed(0).is_ok());
        assert!(children_discussed(-1).is_err());
        assert!(children_discussed(201).is_err());
        assert!(not_by_name("x").0.contains("anoniem"));
    }
}
