//! The municipality's story (DEMO.md): four earlier school years of referrals at Waterweide's schools, all
//! closed by now, and the arrangements its schools started. A few schools began Kind in Kaart two school
//! years ago, a year before the rest; from then on fewer of their referrals go on to specialist youth care,
//! while the other schools stay as they were — a modest effect that the effect page can estimate, with
//! its interval and caveats.
//!
//! The history uses the same plans, writing and course as the current year (consent before an onward
//! referral is sent, goals with GAS, closures with reasons), with fewer contacts per case so the demo still
//! starts in seconds. Where a case goes on to is planned per school and school year ([`plant_onward`]), so
//! the figures show the story and not mostly chance.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;
use chrono::{Duration, NaiveDate};
use schakel_domain::monitoring::{ArrangementKind, school_year_label, school_year_of};
use schakel_store::{Arrangement, School};

use crate::rng::Rng;

use super::dates::{in_summer_holiday, weekday, weekday_after};
use super::people::Stage;
use super::plan::{Ask, Env, Onward, Outcome, Plan, Sch, volume_plan};
use super::write::W;

pub(super) const HISTORY_SEED: u64 = 0x5CA4_E1DE_0415_2022;

/// School years of history before the current one.
pub(super) const HISTORY_YEARS: i32 = 4;

/// Old cases are light: 1–4 contacts (the current year keeps its fuller files).
pub(super) const HISTORY_CONTACTS: [(usize, u32); 4] = [(1, 3), (2, 4), (3, 3), (4, 2)];

/// Waterweide's schools that started Kind in Kaart two school years ago, a year before the rest: the
/// special primary school and primary schools in the neighbourhoods with the most worries (the school
/// account's school among them: Yusuf's story).
pub(super) const KIND_IN_KAART_SCHOOLS: [&str; 8] = [
    "SBO De Brug",
    "OBS De Regenboog",
    "CBS De Wegwijzer",
    "OBS Het Kompas",
    "OBS Het Palet",
    "IBS An Nour",
    "OBS De Kameleon",
    "IKC Het Mozaïek",
];

/// Schools that got more school social work hours last school year.
pub(super) const MORE_HOURS_SCHOOLS: [&str; 3] =
    ["Vakcollege Waterweide", "ISK Waterweide", "OBS De Windroos"];

/// Referrals per pupil a year at a school (the current year's volume uses the same).
pub(super) fn referral_rate(s: &Sch) -> f64 {
    match (s.stage, s.newcomer) {
        (Stage::Primary, true) | (Stage::Secondary, true) => 0.10,
        (Stage::Secondary, false) => 0.011,
        _ if s.school_type == "SBO" => 0.07,
        _ => 0.014,
    }
}

/// Share of referrals that go on to specialist youth care, and of cases that go on to light help: the
/// same everywhere, except at a school from the year it started Kind in Kaart (light help in the
/// neighbourhood takes over part of the specialist care).
const BEFORE: (f64, f64) = (0.10, 0.08);
const WITH_KIND_IN_KAART: (f64, f64) = (0.05, 0.13);

/// Waterweide's schools with the organisation's workers, and what is known of their pupils.
pub(super) struct Schools<'a> {
    pub(super) sch: Vec<Sch>,
    /// Pupils per (school, first calendar year of the school year).
    pub(super) pupils: &'a HashMap<(i64, i32), i64>,
    /// Schools where the demo worker works (more referrals, as in the current year).
    pub(super) smw_schools: &'a [i64],
}

/// Referrals at each school in the `years_back` school years before the current one (the demo:
/// [`HISTORY_YEARS`]), up to the day before the current year's volume begins (`until`), in proportion to
/// that year's pupils times `scale` (1 in the demo; a generated world scales its history to the volume of
/// its current year).
pub(super) fn history_plans(
    rng: &mut Rng,
    env: &Env,
    schools: &Schools<'_>,
    until: NaiveDate,
    years_back: i32,
    scale: f64,
) -> Vec<Plan> {
    let current = school_year_of(env.today);
    let mut plans = Vec::new();
    for s in &schools.sch {
        let boost = if schools.smw_schools.contains(&s.id) {
            1.8
        } else {
            1.0
        };
        for year in (current - years_back)..current {
            let (Some(from), Some(end)) = (
                NaiveDate::from_ymd_opt(year, 8, 1),
                NaiveDate::from_ymd_opt(year + 1, 7, 31),
            ) else {
                continue;
            };
            let last = end.min(until);
            if last < from {
                continue;
            }
            let pupils = schools
                .pupils
                .get(&(s.id, year))
                .copied()
                .unwrap_or(s.pupils);
            let share = school_days(from, last) as f64 / school_days(from, end).max(1) as f64;
            let expected = pupils as f64 * referral_rate(s) * boost * share * scale;
            let n = stochastic_round(rng, expected);
            let sch = Sch {
                pupils,
                ..s.clone()
            };
            for _ in 0..n {
                let received = Some(referral_day(rng, from, last));
                let ask = Ask {
                    received,
                    ..Ask::default()
                };
                plans.push(volume_plan(rng, env, &sch, ask));
            }
        }
    }
    plans
}

/// Days on which schools refer (not in the summer holidays) from `from` to `until`.
fn school_days(from: NaiveDate, until: NaiveDate) -> i64 {
    from.iter_days()
        .take_while(|d| *d <= until)
        .filter(|d| !in_summer_holiday(*d))
        .count() as i64
}

/// A school day between `from` and `until`.
fn referral_day(rng: &mut Rng, from: NaiveDate, until: NaiveDate) -> NaiveDate {
    let span = (until - from).num_days().max(0);
    let mut d = from;
    for _ in 0..12 {
        d = weekday(from + Duration::days(rng.between(0, span)));
        if d < from {
            d = weekday_after(d + Duration::days(2));
        }
        if !in_summer_holiday(d) && d <= until {
            break;
        }
    }
    d.min(until)
}

/// `x` rounded up with the probability of its fraction: the expected count, without the noise of drawing
/// every referral on its own.
fn stochastic_round(rng: &mut Rng, x: f64) -> usize {
    let whole = x.max(0.0).floor();
    let up = rng.chance(x.max(0.0) - whole);
    whole as usize + usize::from(up)
}

/// Plans where each case of the municipality's schools (every municipality's when `None`) goes on to: per
/// school and school year, a share of the referrals to specialist youth care and of the cases to light help
/// (see [`BEFORE`]); a school in `kind_in_kaart` (school → the school year it started) has the shares of
/// [`WITH_KIND_IN_KAART`] from that year on. The counts are rounded systematically over the schools of a
/// group (with or without Kind in Kaart) in a school year, so each group's total is its expected count and
/// the trend shows the story rather than the luck of a few small schools. A closed case referred on closes
/// as "verwezen"; one that was not, never does. Stories keep their own course.
pub(super) fn plant_onward(
    rng: &mut Rng,
    plans: &mut [Plan],
    municipality: Option<i64>,
    kind_in_kaart: &HashMap<i64, i32>,
) {
    let mut groups: BTreeMap<(i32, i64), Vec<usize>> = BTreeMap::new();
    for (i, p) in plans.iter().enumerate() {
        if p.story.is_none() && municipality.is_none_or(|m| p.municipality_id == m) {
            groups
                .entry((school_year_of(p.received), p.school_id))
                .or_default()
                .push(i);
        }
    }
    // One running sum per (school year, group, kind of help), each from its own random offset.
    let mut sums: BTreeMap<(i32, bool, bool), Systematic> = BTreeMap::new();
    for ((year, school), referrals) in groups {
        let started = kind_in_kaart.get(&school).copied();
        let kik = started.is_some();
        let (specialist, light) = if started.is_some_and(|from| year >= from) {
            WITH_KIND_IN_KAART
        } else {
            BEFORE
        };
        let mut cases: Vec<usize> = referrals
            .iter()
            .copied()
            .filter(|&i| {
                plans
                    .get(i)
                    .is_some_and(|p| matches!(p.outcome, Outcome::Case(_)))
            })
            .collect();
        let n_specialist = sums
            .entry((year, kik, true))
            .or_insert_with(|| Systematic::new(rng))
            .take(referrals.len() as f64 * specialist)
            .min(cases.len());
        let n_light = sums
            .entry((year, kik, false))
            .or_insert_with(|| Systematic::new(rng))
            .take(cases.len() as f64 * light)
            .min(cases.len() - n_specialist);
        rng.shuffle(&mut cases);
        for (k, i) in cases.into_iter().enumerate() {
            let onward = if k < n_specialist {
                Onward::Specialist
            } else if k < n_specialist + n_light {
                Onward::Light
            } else {
                Onward::Stay
            };
            if let Some(Outcome::Case(cp)) = plans.get_mut(i).map(|p| &mut p.outcome) {
                cp.onward = Some(onward);
                if let Some((closed, reason)) = cp.close {
                    let reason = match onward {
                        Onward::Specialist | Onward::Light => "verwezen",
                        Onward::Stay if reason == "verwezen" => "doelen_bereikt",
                        Onward::Stay => reason,
                    };
                    cp.close = Some((closed, reason));
                }
            }
        }
    }
}

/// Systematic rounding: expected counts taken one after another give whole counts whose running total
/// never differs from the expected total by a whole one, each count rounded up or down at random.
struct Systematic {
    sum: f64,
    taken: usize,
}

impl Systematic {
    fn new(rng: &mut Rng) -> Self {
        Systematic {
            sum: rng.range_f64(0.0, 1.0),
            taken: 0,
        }
    }

    fn take(&mut self, expected: f64) -> usize {
        self.sum += expected.max(0.0);
        let total = self.sum.floor() as usize;
        let n = total.saturating_sub(self.taken);
        self.taken = total;
        n
    }
}

/// The ids of the named schools of a municipality.
pub(super) fn school_ids(schools: &[School], municipality: i64, names: &[&str]) -> Vec<i64> {
    schools
        .iter()
        .filter(|s| s.municipality_id == municipality && names.contains(&s.name.as_str()))
        .map(|s| s.id)
        .collect()
}

/// Records the arrangements: Kind in Kaart two school years ago at [`KIND_IN_KAART_SCHOOLS`], more
/// hours last school year at [`MORE_HOURS_SCHOOLS`]. Returns how many were written.
pub(super) async fn write_arrangements(
    w: &mut W,
    schools: &[School],
    municipality: i64,
    today: NaiveDate,
) -> Result<usize> {
    let current = school_year_of(today);
    let mut n = 0;
    for (kind, names, year) in [
        (
            ArrangementKind::KindInKaart,
            &KIND_IN_KAART_SCHOOLS[..],
            current - 2,
        ),
        (
            ArrangementKind::MoreHours,
            &MORE_HOURS_SCHOOLS[..],
            current - 1,
        ),
    ] {
        for school_id in school_ids(schools, municipality, names) {
            let now = w.now;
            w.tx()?
                .set_arrangement(
                    &Arrangement {
                        school_id,
                        kind: kind.code().to_owned(),
                        school_year: school_year_label(year),
                    },
                    now,
                )
                .await?;
            n += 1;
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn referral_days_are_school_days_in_the_period() {
        let mut rng = Rng::new(3);
        let (from, until) = (d(2023, 8, 1), d(2024, 7, 31));
        for _ in 0..2_000 {
            let day = referral_day(&mut rng, from, until);
            assert!(day >= from && day <= until, "{day}");
            assert!(!in_summer_holiday(day), "{day}");
            assert!(weekday(day) == day, "{day} is a weekend day");
        }
        // A period of a few days in November: still inside it.
        let (from, until) = (d(2025, 11, 3), d(2025, 11, 5));
        for _ in 0..200 {
            let day = referral_day(&mut rng, from, until);
            assert!(day >= from && day <= until, "{day}");
        }
    }

    #[test]
    fn part_of_a_school_year_counts_its_school_days() {
        let year = school_days(d(2025, 8, 1), d(2026, 7, 31));
        // 365 days less the summer holidays (22 days of August, 20 of July).
        assert_eq!(year, 365 - 22 - 20);
        assert_eq!(school_days(d(2025, 8, 1), d(2025, 8, 22)), 0);
        assert_eq!(
            school_days(d(2025, 8, 1), d(2025, 11, 30)),
            9 + 30 + 31 + 30
        );
    }

    #[test]
    fn systematic_rounding_keeps_the_running_total() {
        let mut rng = Rng::new(5);
        for _ in 0..100 {
            let mut s = Systematic::new(&mut rng);
            let mut taken = 0;
            for k in 1..=40 {
                taken += s.take(0.37);
                let expected = 0.37 * f64::from(k);
                assert!((taken as f64 - expected).abs() < 1.0, "{taken} {expected}");
            }
        }
    }

    #[test]
    fn stochastic_rounding_keeps_the_expected_count() {
        let mut rng = Rng::new(11);
        let total: usize = (0..10_000).map(|_| stochastic_round(&mut rng, 0.3)).sum();
        assert!((2_800..=3_200).contains(&total), "{total}");
        assert_eq!(stochastic_round(&mut rng, 2.0), 2);
        assert_eq!(stochastic_round(&mut rng, -1.0), 0);
    }
}
