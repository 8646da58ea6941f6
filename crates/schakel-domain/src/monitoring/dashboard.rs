//! The municipality dashboard: tables of counts per school year and quarter, headline figures and trends, built
//! from [`ReferralFact`]s. Every table is protected as a whole (its cells and the totals it shows) before it is
//! shown; every headline derived from fewer than `threshold` referrals is withheld.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{
    Outcome, ReferralFact, ReferralTally, quantile, quarter_labels, quarter_of, school_year_of,
};
use crate::Lang;
use crate::casework::{ReferralSource, TargetKind};
use crate::figures::{Cell, CountTable, Figure, ProtectedTable, protect_and_audit};

/// A school as the dashboard groups it.
#[derive(Debug, Clone, PartialEq)]
pub struct SchoolInfo {
    pub id: i64,
    pub name: String,
    pub school_type: String,
    /// The four digits of the postcode (PC4), the usual proxy for a district in Dutch figures.
    pub district: String,
    pub municipality_id: i64,
    pub organisation_ids: Vec<i64>,
    /// Pupils per school year (first calendar year → count).
    pub pupils: BTreeMap<i32, u64>,
}

impl SchoolInfo {
    /// Pupils in a school year: its own count, or else the latest earlier count (the October count of a new
    /// school year often arrives months later; rates use the last known number until then).
    pub fn pupils_in(&self, year: i32) -> Option<u64> {
        self.pupils.range(..=year).next_back().map(|(_, n)| *n)
    }
}

/// What the reader narrowed the dashboard to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub school: Option<i64>,
    pub school_type: Option<String>,
    pub district: Option<String>,
    pub organisation: Option<i64>,
}

impl Filter {
    pub fn admits(&self, s: &SchoolInfo) -> bool {
        self.school.is_none_or(|id| id == s.id)
            && self
                .school_type
                .as_deref()
                .is_none_or(|t| t == s.school_type)
            && self.district.as_deref().is_none_or(|d| d == s.district)
            && self
                .organisation
                .is_none_or(|o| s.organisation_ids.contains(&o))
    }
}

/// A headline figure; `value` is `None` when withheld (too few referrals behind it).
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Headline {
    pub key: &'static str,
    pub label: String,
    pub value: Option<f64>,
    pub decimals: u8,
    /// `%`, `days`, or empty for a plain number.
    pub unit: &'static str,
    /// How many referrals (or cases, goals) the figure rests on, as shown.
    pub basis: Cell,
}

/// The dashboard for one municipality, school year and filter.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Dashboard {
    pub school_year: i32,
    pub threshold: u64,
    pub headlines: Vec<Headline>,
    pub tables: Vec<ProtectedTable>,
    /// Titles of tables not shown because no suppression could protect them (too few referrals in all).
    pub withheld: Vec<String>,
    /// Per school: name, pupils, referrals (as shown), referrals per 100 pupils (withheld with the count).
    pub per_school: Vec<SchoolRate>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct SchoolRate {
    pub school: String,
    pub pupils: Option<u64>,
    pub referrals: Cell,
    pub per_100_pupils: Option<f64>,
}

/// Everything the dashboard is computed from.
pub struct Input<'a> {
    pub municipality_id: i64,
    pub municipality_name: &'a str,
    /// Names of other municipalities, for the "who pays" table.
    pub municipality_names: &'a BTreeMap<i64, String>,
    pub school_year: i32,
    pub facts: &'a [ReferralFact],
    /// The municipality's schools (and, for "who pays", schools elsewhere that its residents attend).
    pub schools: &'a [SchoolInfo],
    pub filter: &'a Filter,
    pub threshold: u64,
    pub today: NaiveDate,
    pub lang: Lang,
}

/// Builds the dashboard. Only referrals at the municipality's schools (after the filter) count, except in the
/// "who pays" table, which also counts residents at schools elsewhere.
pub fn build(input: &Input<'_>) -> Dashboard {
    let lang = input.lang;
    let k = input.threshold;
    let schools: BTreeMap<i64, &SchoolInfo> = input
        .schools
        .iter()
        .filter(|s| s.municipality_id == input.municipality_id && input.filter.admits(s))
        .map(|s| (s.id, s))
        .collect();
    let in_year = |f: &&ReferralFact| school_year_of(f.received_on) == input.school_year;
    let facts: Vec<&ReferralFact> = input
        .facts
        .iter()
        .filter(in_year)
        .filter(|f| schools.contains_key(&f.school_id))
        .collect();
    let quarters = quarter_labels(lang);

    let mut by_school = CountTable::new(
        lang.pick("Aanmeldingen per school", "Referrals per school"),
        lang.pick("School", "School"),
        schools.values().map(|s| s.name.clone()).collect(),
        quarters.clone(),
    );
    let school_row: BTreeMap<i64, usize> =
        schools.keys().enumerate().map(|(i, id)| (*id, i)).collect();
    for f in &facts {
        if let Some(&r) = school_row.get(&f.school_id) {
            add(&mut by_school, r, quarter_of(f.received_on) - 1);
        }
    }
    let sources = ReferralSource::ALL;
    let mut by_source = CountTable::new(
        lang.pick("Wie meldde aan", "Who referred"),
        lang.pick("Aangemeld door", "Referred by"),
        sources.iter().map(|s| s.label(lang).to_owned()).collect(),
        quarters.clone(),
    );
    for f in &facts {
        if let Some(r) = sources.iter().position(|s| *s == f.source) {
            add(&mut by_source, r, quarter_of(f.received_on) - 1);
        }
    }
    let outcomes = Outcome::ALL;
    let mut by_outcome = CountTable::new(
        lang.pick("Wat volgde op de aanmelding", "What followed the referral"),
        lang.pick("Uitkomst", "Outcome"),
        outcomes.iter().map(|o| o.label(lang).to_owned()).collect(),
        quarters.clone(),
    );
    for f in &facts {
        if let Some(r) = outcomes.iter().position(|o| *o == f.outcome()) {
            add(&mut by_outcome, r, quarter_of(f.received_on) - 1);
        }
    }
    let kinds: Vec<String> = {
        let mut k: Vec<String> = facts
            .iter()
            .flat_map(|f| f.onward.iter().cloned())
            .collect();
        k.sort();
        k.dedup();
        k
    };
    let mut by_kind = CountTable::new(
        lang.pick(
            "Doorverwezen naar (soort hulp)",
            "Referred on to (kind of help)",
        ),
        lang.pick("Soort hulp", "Kind of help"),
        kinds
            .iter()
            .map(|c| TargetKind::label_of(c, lang))
            .collect(),
        quarters.clone(),
    );
    for f in &facts {
        let mut seen: Vec<&String> = f.onward.iter().collect();
        seen.dedup();
        for kind in seen {
            if let Some(r) = kinds.iter().position(|c| c == kind) {
                add(&mut by_kind, r, quarter_of(f.received_on) - 1);
            }
        }
    }
    let by_signal = signal_table(&facts, &quarters, lang);
    let who_pays = who_pays(input);

    // The table per school is shown first; its quarter totals and grand total (when shown) are known to a reader
    // of every other table about the same referrals, so those tables are protected knowing them.
    let school_shown = protect_or_merge(&by_school, k, &[], lang);
    let school_counts = by_school.clone();
    let school_safe = school_shown.is_some();
    let mut public: Vec<Figure> = Vec::new();
    if school_safe {
        let school_shown = school_shown.as_ref().filter(|_| school_safe);
        public.extend(
            school_shown
                .map(|t| t.column_totals.as_slice())
                .unwrap_or_default()
                .iter()
                .enumerate()
                .filter(|(_, c)| matches!(c, Cell::Count(_)))
                .map(|(i, _)| Figure::ColumnTotal(i)),
        );
        if school_shown.is_some_and(|t| matches!(t.total, Cell::Count(_))) {
            public.push(Figure::Total);
        }
    }
    let total_public: Vec<Figure> = if public.contains(&Figure::Total) {
        vec![Figure::ColumnTotal(0)]
    } else {
        Vec::new()
    };
    let mut tables = Vec::new();
    let mut withheld = Vec::new();
    match school_shown {
        Some(t) => tables.push(t),
        None => withheld.push(by_school.title.clone()),
    }
    for (t, known) in [
        (by_source, public.as_slice()),
        (by_outcome, public.as_slice()),
        (by_kind, &[][..]),
        (by_signal, &[][..]),
        (who_pays, total_public.as_slice()),
    ] {
        match protect_or_merge(&t, k, known, lang) {
            Some(shown) => tables.push(shown),
            None => withheld.push(t.title),
        }
    }
    // The per-school rates use the school table's totals, so they are withheld with it.
    let by_school = tables.first().filter(|_| school_safe);
    let per_school = per_school(&schools, by_school, input.school_year, &school_counts, k);
    let pupils: u64 = schools
        .values()
        .filter_map(|s| s.pupils_in(input.school_year))
        .sum();
    let headlines = headlines(&facts, pupils, input.today, k, lang);
    Dashboard {
        school_year: input.school_year,
        threshold: k,
        headlines,
        tables,
        withheld,
        per_school,
    }
}

/// Signals named at referral (a referral may name several), per quarter.
fn signal_table(facts: &[&ReferralFact], quarters: &[String], lang: Lang) -> CountTable {
    let mut codes: Vec<String> = facts
        .iter()
        .flat_map(|f| f.signals.iter().cloned())
        .collect();
    codes.sort();
    codes.dedup();
    let label = |code: &str| match lang {
        Lang::Nl => code.replace('_', " "),
        Lang::En => {
            crate::casework::default_term_label_en(crate::casework::Taxonomy::Signals, code)
                .map_or_else(|| code.replace('_', " "), str::to_owned)
        }
    };
    let mut t = CountTable::new(
        lang.pick("Signalen bij aanmelding", "Signals at referral"),
        lang.pick("Signaal", "Signal"),
        codes.iter().map(|c| label(c)).collect(),
        quarters.to_vec(),
    );
    for f in facts {
        let mut seen: Vec<&String> = f.signals.iter().collect();
        seen.sort();
        seen.dedup();
        for code in seen {
            if let Some(r) = codes.iter().position(|c| c == code) {
                add(&mut t, r, quarter_of(f.received_on) - 1);
            }
        }
    }
    t
}

fn add(t: &mut CountTable, row: usize, column: usize) {
    if let Some(c) = t.cells.get_mut(row).and_then(|r| r.get_mut(column)) {
        *c += 1;
    }
}

/// Who pays (source 003d): referrals of children living in the municipality at its schools and elsewhere, and of
/// children from elsewhere at its schools — counts only.
fn who_pays(input: &Input<'_>) -> CountTable {
    let lang = input.lang;
    let m = input.municipality_id;
    let school_in: BTreeMap<i64, &SchoolInfo> = input.schools.iter().map(|s| (s.id, s)).collect();
    let mut residences: Vec<Option<i64>> = vec![Some(m)];
    let mut counts: BTreeMap<(Option<i64>, bool), u64> = BTreeMap::new();
    for f in input
        .facts
        .iter()
        .filter(|f| school_year_of(f.received_on) == input.school_year)
    {
        let school = school_in.get(&f.school_id);
        let at_own = school.is_some_and(|s| s.municipality_id == m);
        let admitted = school.is_some_and(|s| !at_own || input.filter.admits(s));
        let lives_here = f.residence_municipality_id == Some(m);
        if !admitted || !(at_own || lives_here) {
            continue;
        }
        if !residences.contains(&f.residence_municipality_id) {
            residences.push(f.residence_municipality_id);
        }
        *counts
            .entry((f.residence_municipality_id, at_own))
            .or_default() += 1;
    }
    let name = |id: Option<i64>| match id {
        Some(id) if id == m => lang.pick(
            format!("Woont in {}", input.municipality_name),
            format!("Lives in {}", input.municipality_name),
        ),
        Some(id) => input.municipality_names.get(&id).map_or_else(
            || {
                lang.pick("Andere gemeente", "Other municipality")
                    .to_owned()
            },
            |n| lang.pick(format!("Woont in {n}"), format!("Lives in {n}")),
        ),
        None => lang
            .pick("Woonplaats onbekend", "Residence unknown")
            .to_owned(),
    };
    let mut t = CountTable::new(
        lang.pick(
            "Wie betaalt: woonplaats en school",
            "Who pays: residence and school",
        ),
        lang.pick("Woonplaats", "Residence"),
        residences.iter().map(|r| name(*r)).collect(),
        vec![
            lang.pick(
                format!("School in {}", input.municipality_name),
                format!("School in {}", input.municipality_name),
            ),
            lang.pick("School elders", "School elsewhere").to_owned(),
        ],
    );
    for (r, residence) in residences.iter().enumerate() {
        for (c, own) in [true, false].iter().enumerate() {
            if let Some(cell) = t.cells.get_mut(r).and_then(|row| row.get_mut(c)) {
                *cell = counts.get(&(*residence, *own)).copied().unwrap_or(0);
            }
        }
    }
    t
}

/// The table as it may be shown, knowing `known` from elsewhere. When no truthful suppression protects it (a few
/// ones under a small row total pin each other), the rows with a small total are merged into one row and the
/// table is protected again; `None` when even that fails (the caller withholds the table).
pub fn protect_or_merge(
    t: &CountTable,
    k: u64,
    known: &[Figure],
    lang: Lang,
) -> Option<ProtectedTable> {
    let (shown, exposed_figures) = protect_and_audit(t, k, known);
    if exposed_figures.is_empty() {
        return Some(shown);
    }
    let small: Vec<usize> = (0..t.rows.len())
        .filter(|&r| (1..k).contains(&t.row_total(r)))
        .collect();
    if small.len() < 2 {
        return None;
    }
    let mut merged = CountTable::new(
        t.title.clone(),
        t.row_heading.clone(),
        Vec::new(),
        t.columns.clone(),
    );
    let mut others = vec![0; t.columns.len()];
    for (r, (label, cells)) in t.rows.iter().zip(&t.cells).enumerate() {
        if small.contains(&r) {
            for (sum, n) in others.iter_mut().zip(cells) {
                *sum += n;
            }
        } else {
            merged.rows.push(label.clone());
            merged.cells.push(cells.clone());
        }
    }
    merged.rows.push(format!(
        "{} ({})",
        lang.pick(
            "Overige, samengevoegd (elk minder dan",
            "Others, merged (each fewer than"
        ),
        format_args!("{k}: {})", small.len())
    ));
    merged.cells.push(others);
    let (shown, exposed_figures) = protect_and_audit(&merged, k, known);
    exposed_figures.is_empty().then_some(shown)
}

fn per_school(
    schools: &BTreeMap<i64, &SchoolInfo>,
    by_school: Option<&ProtectedTable>,
    year: i32,
    counts: &CountTable,
    k: u64,
) -> Vec<SchoolRate> {
    schools
        .values()
        .enumerate()
        .map(|(i, s)| {
            // A school's own row when the table shows it; a school merged into "others" had fewer than k.
            let referrals = by_school
                .and_then(|t| {
                    t.rows
                        .iter()
                        .position(|r| *r == s.name)
                        .and_then(|r| t.row_totals.get(r).copied())
                })
                .or_else(|| by_school.map(|_| shown(counts.row_total(i), k)))
                .unwrap_or(Cell::Hidden);
            let pupils = s.pupils_in(year);
            SchoolRate {
                school: s.name.clone(),
                pupils,
                referrals,
                per_100_pupils: pupils
                    .and_then(|p| crate::figures::table::rate(referrals, Cell::Count(p), 100.0)),
            }
        })
        .collect()
}

/// A count as a headline cell: under the threshold it is withheld.
fn shown(n: u64, k: u64) -> Cell {
    if n > 0 && n < k {
        Cell::Small
    } else {
        Cell::Count(n)
    }
}

/// A percentage, withheld when its base is under the threshold or when the part (or the rest) is a small number
/// that the percentage would reveal.
fn share(part: usize, of: usize, k: u64) -> Option<f64> {
    let small = |n: usize| n > 0 && (n as u64) < k;
    (of > 0 && of as u64 >= k && !small(part) && !small(of - part))
        .then(|| part as f64 * 100.0 / of as f64)
}

fn headlines(
    facts: &[&ReferralFact],
    pupils: u64,
    today: NaiveDate,
    k: u64,
    lang: Lang,
) -> Vec<Headline> {
    let n = facts.len();
    let mut h = Vec::new();
    let count = shown(n as u64, k);
    h.push(Headline {
        key: "referrals",
        label: lang.pick("Aanmeldingen", "Referrals").into(),
        value: count.count().map(|c| c as f64),
        decimals: 0,
        unit: "",
        basis: count,
    });
    h.push(Headline {
        key: "per_100_pupils",
        label: lang
            .pick(
                "Aanmeldingen per 100 leerlingen",
                "Referrals per 100 pupils",
            )
            .into(),
        value: crate::figures::table::rate(count, Cell::Count(pupils), 100.0),
        decimals: 1,
        unit: "",
        basis: count,
    });
    let days: Vec<i64> = facts
        .iter()
        .filter_map(|f| f.days_to_first_contact())
        .collect();
    let enough_days = days.len() as u64 >= k;
    let days_basis = shown(days.len() as u64, k);
    h.push(Headline {
        key: "days_median",
        label: lang
            .pick(
                "Dagen tot eerste contact (mediaan)",
                "Days to first contact (median)",
            )
            .into(),
        value: quantile(&days, 0.5)
            .filter(|_| enough_days)
            .map(|d| d as f64),
        decimals: 0,
        unit: "days",
        basis: days_basis,
    });
    h.push(Headline {
        key: "days_p90",
        label: lang
            .pick(
                "Dagen tot eerste contact (90% binnen)",
                "Days to first contact (90% within)",
            )
            .into(),
        value: quantile(&days, 0.9)
            .filter(|_| enough_days)
            .map(|d| d as f64),
        decimals: 0,
        unit: "days",
        basis: days_basis,
    });
    let decided: Vec<Outcome> = facts
        .iter()
        .map(|f| f.outcome())
        .filter(|o| {
            matches!(
                o,
                Outcome::SmwOnly | Outcome::OnwardLight | Outcome::Specialist
            )
        })
        .collect();
    let light = decided
        .iter()
        .filter(|o| **o != Outcome::Specialist)
        .count();
    h.push(Headline {
        key: "light_help_share",
        label: lang
            .pick(
                "Geholpen zonder specialistische jeugdhulp",
                "Helped without specialist youth care",
            )
            .into(),
        value: share(light, decided.len(), k),
        decimals: 0,
        unit: "%",
        basis: shown(decided.len() as u64, k),
    });
    let authorisations: u64 = facts.iter().map(|f| u64::from(f.authorisations)).sum();
    let a = shown(authorisations, k);
    h.push(Headline {
        key: "authorisations",
        label: lang
            .pick("Toewijzingen SMW plus", "SMW-plus authorisations")
            .into(),
        value: a.count().map(|c| c as f64),
        decimals: 0,
        unit: "",
        basis: a,
    });
    h.extend(outcome_headlines(facts, today, k, lang));
    h
}

/// What came of the help: GAS, goals reached, ended as planned, satisfaction, no new referral (RULES.md §7).
fn outcome_headlines(
    facts: &[&ReferralFact],
    today: NaiveDate,
    k: u64,
    lang: Lang,
) -> Vec<Headline> {
    let mut h = Vec::new();
    let gas: Vec<f64> = facts.iter().filter_map(|f| f.gas_change()).collect();
    h.push(Headline {
        key: "gas_change",
        label: lang
            .pick(
                "Gemiddelde GAS-verandering per dossier",
                "Mean GAS change per case",
            )
            .into(),
        value: (gas.len() as u64 >= k).then(|| gas.iter().sum::<f64>() / gas.len() as f64),
        decimals: 1,
        unit: "",
        basis: shown(gas.len() as u64, k),
    });
    let scored: usize = facts.iter().map(|f| f.goals.scored).sum();
    let reached: usize = facts.iter().map(|f| f.goals.reached).sum();
    h.push(Headline {
        key: "goals_reached",
        label: lang
            .pick(
                "Doelen bereikt (GAS 0 of hoger)",
                "Goals reached (GAS 0 or higher)",
            )
            .into(),
        value: share(reached, scored, k),
        decimals: 0,
        unit: "%",
        basis: shown(scored as u64, k),
    });
    let closed: Vec<bool> = facts.iter().filter_map(|f| f.ended_as_planned()).collect();
    h.push(Headline {
        key: "ended_as_planned",
        label: lang
            .pick("Beëindigd volgens plan", "Ended as planned")
            .into(),
        value: share(closed.iter().filter(|p| **p).count(), closed.len(), k),
        decimals: 0,
        unit: "%",
        basis: shown(closed.len() as u64, k),
    });
    let satisfaction: Vec<f64> = facts.iter().filter_map(|f| f.satisfaction).collect();
    h.push(Headline {
        key: "satisfaction",
        label: lang
            .pick("Tevredenheid (1–10)", "Satisfaction (1–10)")
            .into(),
        value: (satisfaction.len() as u64 >= k)
            .then(|| satisfaction.iter().sum::<f64>() / satisfaction.len() as f64),
        decimals: 1,
        unit: "",
        basis: shown(satisfaction.len() as u64, k),
    });
    let a_year_ago = today - chrono::Duration::days(365);
    let followed: Vec<bool> = facts
        .iter()
        .filter(|f| f.closed_on.is_some_and(|c| c <= a_year_ago))
        .map(|f| !f.referred_again_within_a_year)
        .collect();
    h.push(Headline {
        key: "no_new_referral",
        label: lang
            .pick(
                "Geen nieuwe aanmelding binnen 12 maanden na afsluiten",
                "No new referral within 12 months of closing",
            )
            .into(),
        value: share(followed.iter().filter(|x| **x).count(), followed.len(), k),
        decimals: 0,
        unit: "%",
        basis: shown(followed.len() as u64, k),
    });
    h
}

/// Per school year: referrals and referrals on to specialist care per 100 pupils, at the schools admitted.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct TrendYear {
    pub school_year: i32,
    pub referrals_per_100: Option<f64>,
    pub specialist_per_100: Option<f64>,
}

/// The trend over `years` from the referrals per school and school year, at the schools given (those admitted).
pub fn trend(
    tallies: &[ReferralTally],
    schools: &[SchoolInfo],
    years: std::ops::RangeInclusive<i32>,
    k: u64,
) -> Vec<TrendYear> {
    let ids: std::collections::BTreeSet<i64> = schools.iter().map(|s| s.id).collect();
    years
        .map(|y| {
            let pupils: u64 = schools.iter().filter_map(|s| s.pupils_in(y)).sum();
            let (referrals, specialist) = tallies
                .iter()
                .filter(|t| t.school_year == y && ids.contains(&t.school_id))
                .fold((0, 0), |(n, s), t| (n + t.referrals, s + t.specialist));
            let rate =
                |n: u64| crate::figures::table::rate(shown(n, k), Cell::Count(pupils), 100.0);
            TrendYear {
                school_year: y,
                referrals_per_100: rate(referrals),
                specialist_per_100: rate(specialist),
            }
        })
        .collect()
}

/// Facts counted per school and school year, as [`trend`] takes them (ordered by school and year).
pub fn tally(facts: &[ReferralFact]) -> Vec<ReferralTally> {
    let mut counts: BTreeMap<(i64, i32), (u64, u64)> = BTreeMap::new();
    for f in facts {
        let c = counts
            .entry((f.school_id, school_year_of(f.received_on)))
            .or_default();
        c.0 += 1;
        c.1 += u64::from(f.outcome() == Outcome::Specialist);
    }
    counts
        .into_iter()
        .map(
            |((school_id, school_year), (referrals, specialist))| ReferralTally {
                school_id,
                school_year,
                referrals,
                specialist,
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pupils_fall_back_to_the_latest_earlier_count() {
        let s = SchoolInfo {
            id: 1,
            name: "OBS De Regenboog".into(),
            school_type: "po".into(),
            district: "9901".into(),
            municipality_id: 1,
            organisation_ids: vec![1],
            pupils: [(2023, 310), (2025, 325)].into_iter().collect(),
        };
        assert_eq!(s.pupils_in(2022), None);
        assert_eq!(s.pupils_in(2023), Some(310));
        assert_eq!(s.pupils_in(2024), Some(310));
        assert_eq!(s.pupils_in(2026), Some(325));
    }

    #[test]
    fn rows_that_pin_each_other_are_merged_not_the_table_withheld() {
        let mut t = CountTable::new(
            "per school",
            "school",
            vec!["A".into(), "B".into(), "C".into(), "D".into()],
            vec!["Q1".into(), "Q2".into(), "Q3".into(), "Q4".into()],
        );
        // B has one child in each quarter: four ones under a total of four pin each other.
        t.cells = vec![
            vec![12, 9, 14, 8],
            vec![1, 1, 1, 1],
            vec![0, 2, 1, 0],
            vec![10, 11, 9, 12],
        ];
        let shown = protect_or_merge(&t, 5, &[], Lang::Nl).expect("shown after merging");
        assert_eq!(shown.rows.len(), 3, "{:?}", shown.rows);
        assert!(
            shown
                .rows
                .iter()
                .any(|r| r.starts_with("Overige, samengevoegd")),
            "{:?}",
            shown.rows
        );
        assert!(!shown.rows.contains(&"B".to_owned()));
        assert_eq!(shown.total, Cell::Count(t.total()));
    }

    #[test]
    fn a_share_hides_a_small_part_or_rest() {
        assert_eq!(share(0, 20, 5), Some(0.0));
        assert_eq!(share(3, 20, 5), None);
        assert_eq!(share(17, 20, 5), None);
        assert_eq!(share(10, 20, 5), Some(50.0));
        assert_eq!(share(4, 4, 5), None);
    }
}

#[cfg(test)]
mod known_totals {
    use crate::figures::{Cell, CountTable, Figure, exposed, protect, protect_knowing};

    /// Who pays: 74 residents at the municipality's schools, 2 at schools elsewhere, 8 from elsewhere at its
    /// schools. The 82 referrals at its schools are shown in another table; protected alone, this table hides
    /// the column total and a reader works the 2 back from the 82. Knowing the 82, the table hides others.
    #[test]
    fn a_total_shown_elsewhere_is_not_relied_on() {
        let mut t = CountTable::new(
            "who pays",
            "residence",
            vec!["here".into(), "elsewhere".into()],
            vec!["school here".into(), "school elsewhere".into()],
        );
        t.cells = vec![vec![74, 2], vec![8, 0]];
        let alone = protect(&t, 5);
        let mut as_read = alone.clone();
        as_read.column_totals[0] = Cell::Count(82);
        assert!(
            !exposed(&t, &as_read).is_empty(),
            "alone, the other table gives the small cell away"
        );
        let knowing = protect_knowing(&t, 5, &[Figure::ColumnTotal(0)]);
        assert_eq!(knowing.column_totals[0], Cell::Count(82));
        assert!(exposed(&t, &knowing).is_empty(), "{knowing:?}");
        assert_eq!(knowing.cells[0][1], Cell::Small);
    }
}
