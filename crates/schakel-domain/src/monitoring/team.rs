//! The team dashboard's rules: when a case, a review or an onward referral needs the team lead's eye.

use chrono::NaiveDate;

/// A case open longer than the organisation's norm (weeks).
pub fn open_too_long(opened_on: NaiveDate, today: NaiveDate, norm_weeks: i64) -> bool {
    (today - opened_on).num_days() > norm_weeks * 7
}

/// An onward referral still not started after `norm_weeks` (proposed, consented, sent or accepted).
pub fn onward_waiting_too_long(proposed_on: NaiveDate, today: NaiveDate, norm_weeks: i64) -> bool {
    (today - proposed_on).num_days() > norm_weeks * 7
}

/// The longest norm a team may set, in weeks (two years).
pub const MAX_NORM_WEEKS: i64 = 104;

/// A norm in weeks as a team sets it (`field` names it in the error): 1 to [`MAX_NORM_WEEKS`].
pub fn check_norm_weeks(field: &str, weeks: i64) -> Result<i64, crate::org::FieldError> {
    if (1..=MAX_NORM_WEEKS).contains(&weeks) {
        Ok(weeks)
    } else {
        Err(crate::org::FieldError::new(
            field,
            &format!("Kies 1 tot {MAX_NORM_WEEKS} weken."),
            &format!("Choose 1 to {MAX_NORM_WEEKS} weeks."),
        ))
    }
}

/// Open cases per contracted hour a week: the load a team lead compares across workers.
pub fn cases_per_contract_hour(open_cases: u64, contract_hours: Option<f64>) -> Option<f64> {
    contract_hours
        .filter(|h| *h > 0.0)
        .map(|h| open_cases as f64 / h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norms_are_one_week_to_two_years() {
        assert_eq!(check_norm_weeks("case_norm_weeks", 26).ok(), Some(26));
        assert_eq!(check_norm_weeks("case_norm_weeks", 104).ok(), Some(104));
        for wrong in [0, -3, 105] {
            let e = check_norm_weeks("onward_norm_weeks", wrong).err();
            assert_eq!(
                e.map(|e| e.field),
                Some("onward_norm_weeks".to_string()),
                "{wrong}"
            );
        }
    }

    #[test]
    fn norms_count_whole_weeks() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
        assert!(!open_too_long(d(1, 1), d(7, 2), 26));
        assert!(open_too_long(d(1, 1), d(7, 3), 26));
        assert!(onward_waiting_too_long(d(1, 1), d(2, 13), 6));
        assert_eq!(cases_per_contract_hour(12, Some(24.0)), Some(0.5));
        assert_eq!(cases_per_contract_hour(12, None), None);
    }
}
