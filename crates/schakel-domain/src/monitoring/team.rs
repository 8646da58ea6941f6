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
    fn norms_count_whole_weeks() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
        assert!(!open_too_long(d(1, 1), d(7, 2), 26));
        assert!(open_too_long(d(1, 1), d(7, 3), 26));
        assert!(onward_waiting_too_long(d(1, 1), d(2, 13), 6));
        assert_eq!(cases_per_contract_hour(12, Some(24.0)), Some(0.5));
        assert_eq!(cases_per_contract_hour(12, None), None);
    }
}
