//! Monitoring: what school social work did and what came of it, as counts that never show a child.
//!
//! The store reads one [`ReferralFact`] per referral (no name, no date of birth, no case number); the functions
//! here turn facts into [`CountTable`](crate::figures::CountTable)s and headline figures, which
//! [`protect`](crate::figures::protect) makes fit to show. Periods are school years (1 August – 31 July) and
//! their quarters (Q1 August–October, Q2 November–January, Q3 February–April, Q4 May–July).

pub mod dashboard;
pub mod team;

use chrono::{Datelike, NaiveDate};

use crate::Lang;
use crate::casework::{ClosureReason, ReferralSource, TargetKind};
use crate::lang::coded;

/// One referral as monitoring sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralFact {
    pub school_id: i64,
    pub organisation_id: i64,
    /// The worker of the case (for the team dashboard; never shown to a municipality).
    pub worker_id: Option<i64>,
    pub school_municipality_id: i64,
    pub residence_municipality_id: Option<i64>,
    pub source: ReferralSource,
    pub received_on: NaiveDate,
    /// Signal codes named at referral.
    pub signals: Vec<String>,
    /// A case file was opened for it.
    pub accepted: bool,
    pub first_contact_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub closure_reason: Option<ClosureReason>,
    /// Kinds of help the child was referred on to (sent or further along).
    pub onward: Vec<String>,
    /// SMW-plus decisions approved in the case.
    pub authorisations: u32,
    /// The case's goals scored at the end (GAS).
    pub goals: GoalScores,
    /// Satisfaction (1–10) of parent and child, averaged when both were asked.
    pub satisfaction: Option<f64>,
    /// Another referral of the same child followed within twelve months of closing.
    pub referred_again_within_a_year: bool,
}

/// A case's goals scored at the end, counted (the store adds them up per case; a goal not scored at the end
/// counts nowhere).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GoalScores {
    /// Goals with a GAS score at the end.
    pub scored: usize,
    /// Of those, goals reached: a score at the end of 0 or higher.
    pub reached: usize,
    /// The sum over those goals of the end score minus the start score.
    pub change: i64,
}

/// Referrals of one school in one school year, and how many of them went on to specialist care: all the trend
/// needs of the years before the one shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferralTally {
    pub school_id: i64,
    /// First calendar year of the school year.
    pub school_year: i32,
    pub referrals: u64,
    /// Those whose [`ReferralFact::outcome`] is [`Outcome::Specialist`].
    pub specialist: u64,
}

/// The school year a date falls in, by its first calendar year (2025 for 2025-2026).
pub fn school_year_of(d: NaiveDate) -> i32 {
    if d.month() >= 8 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// The school-year quarter (1–4) a date falls in: Q1 August–October … Q4 May–July.
pub fn quarter_of(d: NaiveDate) -> usize {
    let from_august = (d.month0() + 12 - 7) % 12;
    (from_august / 3 + 1) as usize
}

/// `2025-2026`, the way schools and the pupil counts name a school year.
pub fn school_year_label(start: i32) -> String {
    format!("{start}-{}", start + 1)
}

/// The first calendar year of a `2025-2026` label.
pub fn parse_school_year(label: &str) -> Option<i32> {
    let (a, b) = label.split_once('-')?;
    let a: i32 = a.trim().parse().ok()?;
    let b: i32 = b.trim().parse().ok()?;
    (b == a + 1).then_some(a)
}

/// The first and last day of a school year.
pub fn school_year_bounds(start: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(start, 8, 1)?,
        NaiveDate::from_ymd_opt(start + 1, 7, 31)?,
    ))
}

/// Kinds of help counted as specialist youth care (the flow the municipality wants to see go down).
pub const SPECIALIST_KINDS: [TargetKind; 2] =
    [TargetKind::YouthCareProvider, TargetKind::UrgentYouthCare];

/// Whether a kind of help is specialist youth care ([`SPECIALIST_KINDS`]).
pub fn is_specialist(kind: &str) -> bool {
    TargetKind::parse(kind).is_some_and(|k| SPECIALIST_KINDS.contains(&k))
}

coded! {
    /// What came of a referral: the prevention figure is "light help only" against "specialist care".
    pub enum Outcome {
        NoCase = "no_case", "geen dossier (advies of doorgestuurd)", "no case file (advice or forwarded)";
        Open = "open", "hulp loopt nog", "help ongoing";
        SmwOnly = "smw_only", "alleen lichte hulp door SMW", "light help by school social work only";
        OnwardLight = "onward_light", "doorverwezen naar lichte hulp", "referred on to light help";
        Specialist = "specialist", "doorverwezen naar specialistische jeugdhulp", "referred on to specialist youth care";
    }
}

impl ReferralFact {
    /// What came of this referral (a referral on to specialist care counts as such even while the case is open).
    pub fn outcome(&self) -> Outcome {
        if self.authorisations > 0 || self.onward.iter().any(|k| is_specialist(k)) {
            Outcome::Specialist
        } else if !self.accepted {
            Outcome::NoCase
        } else if self.closed_on.is_none() {
            Outcome::Open
        } else if self.onward.is_empty() {
            Outcome::SmwOnly
        } else {
            Outcome::OnwardLight
        }
    }

    /// Days from referral to the first contact, when there was one.
    pub fn days_to_first_contact(&self) -> Option<i64> {
        self.first_contact_on
            .map(|d| (d - self.received_on).num_days().max(0))
    }

    /// Ended as planned (goals achieved or referred on as agreed) — the opposite of drop-out (RULES.md §7).
    pub fn ended_as_planned(&self) -> Option<bool> {
        self.closure_reason
            .map(|r| matches!(r, ClosureReason::GoalsMet | ClosureReason::ReferredOn))
    }

    /// Mean GAS change over the goals scored at the end.
    pub fn gas_change(&self) -> Option<f64> {
        (self.goals.scored > 0).then(|| self.goals.change as f64 / self.goals.scored as f64)
    }
}

/// The value at quantile `q` (0–1) of `values`, nearest rank; `None` when empty.
pub fn quantile(values: &[i64], q: f64) -> Option<i64> {
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    if n == 0 {
        return None;
    }
    let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
    v.get(rank - 1).copied()
}

/// Quarter headings in the reader's language.
pub fn quarter_labels(lang: Lang) -> Vec<String> {
    [
        ("K1 aug–okt", "Q1 Aug–Oct"),
        ("K2 nov–jan", "Q2 Nov–Jan"),
        ("K3 feb–apr", "Q3 Feb–Apr"),
        ("K4 mei–jul", "Q4 May–Jul"),
    ]
    .iter()
    .map(|(nl, en)| lang.pick(*nl, *en).to_owned())
    .collect()
}

coded! {
    /// An arrangement a school can start, whose effect the municipality wants to know.
    pub enum ArrangementKind {
        KindInKaart = "kind_in_kaart", "Kind in Kaart", "Kind in Kaart";
        SmwPlus = "smw_plus", "SMW plus (mandaat jeugdhulp)", "SMW plus (youth care mandate)";
        MoreHours = "more_hours", "meer uren schoolmaatschappelijk werk", "more school social work hours";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn school_years_and_quarters_start_in_august() {
        assert_eq!(school_year_of(d(2025, 7, 31)), 2024);
        assert_eq!(school_year_of(d(2025, 8, 1)), 2025);
        assert_eq!(quarter_of(d(2025, 8, 1)), 1);
        assert_eq!(quarter_of(d(2025, 10, 31)), 1);
        assert_eq!(quarter_of(d(2025, 11, 1)), 2);
        assert_eq!(quarter_of(d(2026, 1, 31)), 2);
        assert_eq!(quarter_of(d(2026, 2, 1)), 3);
        assert_eq!(quarter_of(d(2026, 7, 31)), 4);
        assert_eq!(parse_school_year("2025-2026"), Some(2025));
        assert_eq!(parse_school_year("2025-2027"), None);
        assert_eq!(school_year_label(2025), "2025-2026");
    }

    #[test]
    fn quantiles_use_the_nearest_rank() {
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[7], 0.9), Some(7));
        assert_eq!(quantile(&[1, 2, 3, 4], 0.5), Some(2));
        assert_eq!(quantile(&[5, 1, 3, 2, 4, 6, 7, 8, 9, 10], 0.9), Some(9));
    }
}
