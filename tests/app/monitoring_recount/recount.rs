//! The recount of every dashboard figure from the raw referrals, written from the definitions (ADR 015, 018).

use super::raw::{Case, Raw, Referral, School, period};
use chrono::{Duration, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// What the reader narrowed the dashboard to, as a query string and as a test on a school.
#[derive(Debug, Clone)]
pub enum Narrow {
    All,
    School(i64),
    SchoolType(String),
    District(String),
    Provider(i64),
}

impl Narrow {
    pub fn query(&self) -> String {
        match self {
            Narrow::All => String::new(),
            Narrow::School(id) => format!("&school={id}"),
            Narrow::SchoolType(t) => format!("&school_type={t}"),
            Narrow::District(d) => format!("&district={d}"),
            Narrow::Provider(p) => format!("&provider={p}"),
        }
    }

    pub fn admits(&self, s: &School) -> bool {
        match self {
            Narrow::All => true,
            Narrow::School(id) => s.id == *id,
            Narrow::SchoolType(t) => s.school_type == *t,
            Narrow::District(d) => s.district == *d,
            Narrow::Provider(p) => s.providers.contains(p),
        }
    }
}

/// What the recount needs about one dashboard: the municipality, the year, the filter, today and k.
pub struct View<'a> {
    pub raw: &'a Raw,
    pub municipality: i64,
    pub year: i32,
    pub narrow: &'a Narrow,
    pub today: NaiveDate,
    pub k: u64,
}

impl View<'_> {
    pub fn admitted(&self) -> Vec<&School> {
        self.raw
            .schools
            .values()
            .filter(|s| s.municipality == self.municipality && self.narrow.admits(s))
            .collect()
    }

    /// Referrals (not withdrawn) at the admitted schools received in school year `year`.
    pub fn referrals_in(&self, year: i32) -> Vec<&Referral> {
        let ids: BTreeSet<i64> = self.admitted().iter().map(|s| s.id).collect();
        self.raw
            .referrals
            .iter()
            .filter(|r| !r.withdrawn && ids.contains(&r.school) && period(r.received).0 == year)
            .collect()
    }

    pub fn pupils_in(&self, s: &School, year: i32) -> Option<u64> {
        (0..=year - 2000)
            .map(|back| year - back)
            .find_map(|y| s.pupils.get(&y).copied())
    }
}

/// The Dutch outcome label of a referral (ADR 018): specialist care when sent on to a youth-care provider or
/// urgent youth care or an SMW-plus decision was approved; otherwise no case, help ongoing, light help by school
/// social work only, or referred on to light help.
pub fn outcome(r: &Referral) -> &'static str {
    let specialist = r.case.as_ref().is_some_and(|c| {
        c.approved_decisions > 0
            || c.onward
                .iter()
                .any(|k| k == "jeugdhulpaanbieder" || k == "spoed_voor_jeugd")
    });
    match &r.case {
        _ if specialist => "doorverwezen naar specialistische jeugdhulp",
        None => "geen dossier (advies of doorgestuurd)",
        Some(c) if c.closed.is_none() => "hulp loopt nog",
        Some(c) if c.onward.is_empty() => "alleen lichte hulp door SMW",
        Some(_) => "doorverwezen naar lichte hulp",
    }
}

/// A per-quarter count table: label → counts per quarter, each referral once per label it names.
pub fn per_quarter<'a>(
    referrals: &[&'a Referral],
    labels: impl Fn(&'a Referral) -> Vec<String>,
) -> BTreeMap<String, Vec<u64>> {
    let mut t: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for r in referrals {
        let mut once = labels(r);
        once.sort();
        once.dedup();
        for label in once {
            t.entry(label).or_insert_with(|| vec![0; 4])[period(r.received).1] += 1;
        }
    }
    t
}

/// The six tables built from referrals, recounted: title → rows.
pub fn referral_tables(v: &View<'_>) -> Vec<(&'static str, BTreeMap<String, Vec<u64>>)> {
    use schakel_domain::Lang;
    use schakel_domain::casework::{ReferralSource, TargetKind};
    let refs = v.referrals_in(v.year);
    let mut by_school = per_quarter(&refs, |r| vec![v.raw.schools[&r.school].name.clone()]);
    for s in v.admitted() {
        by_school
            .entry(s.name.clone())
            .or_insert_with(|| vec![0; 4]);
    }
    let source = |r: &Referral| {
        vec![
            ReferralSource::parse(&r.source)
                .unwrap_or(ReferralSource::Other)
                .label(Lang::Nl)
                .to_owned(),
        ]
    };
    vec![
        ("Aanmeldingen per school", by_school),
        ("Wie meldde aan", per_quarter(&refs, source)),
        (
            "Wat volgde op de aanmelding",
            per_quarter(&refs, |r| vec![outcome(r).to_owned()]),
        ),
        (
            "Doorverwezen naar (soort hulp)",
            per_quarter(&refs, |r| {
                r.case
                    .iter()
                    .flat_map(|c| c.onward.iter().map(|k| TargetKind::label_of(k, Lang::Nl)))
                    .collect()
            }),
        ),
        (
            "Signalen bij aanmelding",
            per_quarter(&refs, |r| {
                r.signals.iter().map(|s| s.replace('_', " ")).collect()
            }),
        ),
        ("Wie betaalt: woonplaats en school", who_pays(v)),
    ]
}

/// Who pays: per residence, referrals at the municipality's admitted schools and, of its own residents, at
/// schools elsewhere (whatever the filter).
pub fn who_pays(v: &View<'_>) -> BTreeMap<String, Vec<u64>> {
    let m = v.municipality;
    let own = &v.raw.municipality_names[&m];
    let mut t: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    t.insert(format!("Woont in {own}"), vec![0, 0]);
    for r in v
        .raw
        .referrals
        .iter()
        .filter(|r| !r.withdrawn && period(r.received).0 == v.year)
    {
        let school = &v.raw.schools[&r.school];
        let at_own = school.municipality == m;
        if (at_own && !v.narrow.admits(school)) || (!at_own && r.residence != Some(m)) {
            continue;
        }
        let label = match r.residence {
            Some(id) => format!("Woont in {}", v.raw.municipality_names[&id]),
            None => "Woonplaats onbekend".to_owned(),
        };
        t.entry(label).or_insert_with(|| vec![0, 0])[usize::from(!at_own)] += 1;
    }
    t
}

/// A share (percentage) by its definition: withheld when the base is under k or the part or the rest is small.
pub fn share(part: usize, of: usize, k: u64) -> Option<f64> {
    let small = |n: usize| n > 0 && (n as u64) < k;
    (of as u64 >= k && !small(part) && !small(of - part)).then(|| part as f64 * 100.0 / of as f64)
}

pub fn mean(xs: &[f64], k: u64) -> Option<f64> {
    (xs.len() as u64 >= k).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// The value at quantile q, nearest rank: the ⌈q·n⌉-th smallest.
pub fn nearest_rank(xs: &[i64], q: f64) -> Option<i64> {
    let mut v = xs.to_vec();
    v.sort_unstable();
    let rank = ((q * v.len() as f64).ceil() as usize).max(1);
    v.get(rank - 1).copied()
}

/// The headline figures, recounted: key → (basis, value).
pub fn headlines(v: &View<'_>) -> BTreeMap<&'static str, (u64, Option<f64>)> {
    let k = v.k;
    let refs = v.referrals_in(v.year);
    let cases: Vec<&Case> = refs.iter().filter_map(|r| r.case.as_ref()).collect();
    let n = refs.len() as u64;
    let shown = |n: u64| n == 0 || n >= k;
    let pupils: u64 = v
        .admitted()
        .iter()
        .filter_map(|s| v.pupils_in(s, v.year))
        .sum();
    let days: Vec<i64> = refs
        .iter()
        .filter_map(|r| {
            let first = r.case.as_ref()?.first_contact?;
            Some((first - r.received).num_days().max(0))
        })
        .collect();
    let enough = days.len() as u64 >= k;
    let decided: Vec<&str> = refs
        .iter()
        .map(|r| outcome(r))
        .filter(|o| !o.starts_with("geen dossier") && *o != "hulp loopt nog")
        .collect();
    let light = decided
        .iter()
        .filter(|o| !o.contains("specialistische"))
        .count();
    let approved: u64 = cases.iter().map(|c| c.approved_decisions).sum();
    let gas: Vec<f64> = cases
        .iter()
        .filter_map(|c| {
            let d: Vec<i64> = c
                .goals
                .iter()
                .filter_map(|(s, e)| Some(e.as_ref()? - s))
                .collect();
            (!d.is_empty()).then(|| d.iter().sum::<i64>() as f64 / d.len() as f64)
        })
        .collect();
    let ends: Vec<i64> = cases
        .iter()
        .flat_map(|c| c.goals.iter().filter_map(|g| g.1))
        .collect();
    let reasons: Vec<&str> = cases
        .iter()
        .filter_map(|c| c.closure_reason.as_deref())
        .collect();
    let planned = reasons
        .iter()
        .filter(|r| matches!(**r, "doelen_bereikt" | "verwezen"))
        .count();
    let satisfaction: Vec<f64> = cases
        .iter()
        .filter(|c| !c.satisfaction.is_empty())
        .map(|c| c.satisfaction.iter().sum::<i64>() as f64 / c.satisfaction.len() as f64)
        .collect();
    let year_ago = v.today - Duration::days(365);
    let followed: Vec<bool> = refs
        .iter()
        .filter_map(|r| {
            let closed = r.case.as_ref()?.closed.filter(|c| *c <= year_ago)?;
            Some(!v.raw.referrals.iter().any(|o| {
                !o.withdrawn
                    && o.child == r.child
                    && o.received > closed
                    && o.received <= closed + Duration::days(365)
            }))
        })
        .collect();
    BTreeMap::from([
        ("referrals", (n, shown(n).then_some(n as f64))),
        (
            "per_100_pupils",
            (
                n,
                (shown(n) && pupils > 0).then(|| n as f64 * 100.0 / pupils as f64),
            ),
        ),
        (
            "days_median",
            (
                days.len() as u64,
                nearest_rank(&days, 0.5)
                    .filter(|_| enough)
                    .map(|d| d as f64),
            ),
        ),
        (
            "days_p90",
            (
                days.len() as u64,
                nearest_rank(&days, 0.9)
                    .filter(|_| enough)
                    .map(|d| d as f64),
            ),
        ),
        (
            "light_help_share",
            (decided.len() as u64, share(light, decided.len(), k)),
        ),
        (
            "authorisations",
            (approved, shown(approved).then_some(approved as f64)),
        ),
        ("gas_change", (gas.len() as u64, mean(&gas, k))),
        (
            "goals_reached",
            (
                ends.len() as u64,
                share(ends.iter().filter(|e| **e >= 0).count(), ends.len(), k),
            ),
        ),
        (
            "ended_as_planned",
            (reasons.len() as u64, share(planned, reasons.len(), k)),
        ),
        (
            "satisfaction",
            (satisfaction.len() as u64, mean(&satisfaction, k)),
        ),
        (
            "no_new_referral",
            (
                followed.len() as u64,
                share(followed.iter().filter(|f| **f).count(), followed.len(), k),
            ),
        ),
    ])
}
