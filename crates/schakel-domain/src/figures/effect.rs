//! Did schools that started an arrangement (Kind in Kaart, SMW plus, more hours) see their figures change more
//! than schools that did not? A difference-in-differences estimate, with its interval and its limits said.
//!
//! # The method
//!
//! The input is one row per school and school year ([`SchoolYearFigure`]): an outcome, the number it is counted
//! over, and the school year the arrangement started at that school (if it did). Each row gives a rate per 100:
//! `outcome × 100 / pupils`.
//!
//! Schools start in different years (staggered adoption), so schools are grouped by start year into *cohorts*, and
//! each cohort is compared only with schools that never started:
//!
//! 1. For a school that started in year `s`: `d = mean rate in its years ≥ s − mean rate in its years < s`. It
//!    needs at least one year on each side, otherwise it is left out.
//! 2. For a school without the arrangement, the same difference split at each cohort's `s`, averaged over the
//!    cohorts with the cohorts' weights (`w_s` = share of the started schools that started in `s`): `e`.
//! 3. The estimate is `mean(d) − mean(e)`, which equals the per-cohort estimates
//!    `mean(d in cohort s) − mean(control differences split at s)` combined with the weights `w_s`.
//!
//! So a started school is never compared with a school that started earlier (the "forbidden comparison" that
//! makes the usual two-way fixed-effects regression mislead under staggered starts), and schools that start later
//! are not used as controls either ("not-yet-treated"), which keeps every control a control in all its years.
//! A school whose start lies after the last school year in the data has not started in any year shown, and counts
//! as a school without the arrangement.
//!
//! Every school counts once (the mean of its rates, not weighted by its pupils): the question is about schools,
//! and one large school should not decide it.
//!
//! # The interval
//!
//! Each school contributes one number (`d` or `e`), so the estimate is a difference of two means of independent
//! schools, and its 95% interval is a Welch t-interval: `estimate ± t(df) × se`, with the Student t quantile from
//! `statrs` and Welch–Satterthwaite degrees of freedom. The started schools' spread is measured around their own
//! cohort's mean (cohorts are compared at different years, so their differences have different centres), with
//! `n − cohorts` degrees of freedom; when every cohort has one school, around the overall mean with `n − 1`
//! (wider, so on the safe side). With the few dozen schools of a municipality a t-interval is the usual choice; a
//! percentile bootstrap over so few schools is known to be too narrow. ADR 016 says more.
//!
//! # Another outcome
//!
//! The same estimate serves any share: for GAS, pass the goals attained as `outcome` and the goals rated as
//! `pupils`, and call [`difference_in_differences_of`] with [`Measure::GasAttainment`]; the rate then reads as a
//! percentage and the estimate as percentage points. The measure only changes the words of [`EffectEstimate::explain`].
//!
//! The pooled rates per year in [`EffectEstimate::trend`] are figures for a chart: a caller who shows them to a
//! municipality protects them like any other figure (see [`super::protect()`]).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::Lang;

/// The coverage of the reported interval.
pub const CONFIDENCE: f64 = 0.95;

/// Fewer schools than this in either group give no estimate ([`Verdict::TooFewSchools`]): one school has no spread.
pub const MIN_SCHOOLS_PER_GROUP: usize = 2;

/// One school in one school year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SchoolYearFigure {
    pub school: i64,
    /// The start year of the school year: 2024 for 2024-25.
    pub school_year: i32,
    /// The school year the arrangement started at this school; `None` when it never did. When a school's rows
    /// disagree, the earliest start given counts.
    pub started: Option<i32>,
    /// What is counted, e.g. onward referrals to specialist youth care (or GAS goals attained).
    pub outcome: f64,
    /// What it is counted over, e.g. the pupils (or GAS goals rated). Rows with no pupils, or with a number that
    /// is not finite, are left out.
    pub pupils: f64,
}

impl SchoolYearFigure {
    /// `outcome × 100 / pupils`; `None` when the row cannot give a rate.
    pub fn rate(&self) -> Option<f64> {
        let usable = self.outcome.is_finite() && self.pupils.is_finite() && self.pupils > 0.0;
        usable.then(|| self.outcome * 100.0 / self.pupils)
    }
}

/// What the outcome is, for the words of [`EffectEstimate::explain`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Onward referrals to specialist youth care per 100 pupils.
    #[default]
    SpecialistReferrals,
    /// The share of GAS goals attained, in percent (`outcome` = goals attained, `pupils` = goals rated).
    GasAttainment,
}

impl Measure {
    /// What the rate is, in running text.
    fn what(self, lang: Lang) -> &'static str {
        match self {
            Measure::SpecialistReferrals => lang.pick(
                "het aantal verwijzingen naar specialistische jeugdhulp per 100 leerlingen",
                "the number of referrals to specialist youth care per 100 pupils",
            ),
            Measure::GasAttainment => lang.pick(
                "het aandeel behaalde GAS-doelen",
                "the share of GAS goals attained",
            ),
        }
    }

    /// The unit of the estimate.
    fn unit(self, lang: Lang) -> &'static str {
        match self {
            Measure::SpecialistReferrals => lang.pick(
                "verwijzingen per 100 leerlingen",
                "referrals per 100 pupils",
            ),
            Measure::GasAttainment => lang.pick("procentpunt", "percentage points"),
        }
    }
}

/// What the interval says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The interval contains 0: no evidence of an effect either way (a valid answer).
    NoEvidence,
    /// The whole interval lies below 0.
    Lower,
    /// The whole interval lies above 0.
    Higher,
    /// Fewer than [`MIN_SCHOOLS_PER_GROUP`] schools in a group with a year before and a year from the start.
    TooFewSchools,
}

/// The schools that started in one school year, and their own estimate against the schools without the
/// arrangement split at that year.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Cohort {
    pub started: i32,
    pub treated_schools: usize,
    pub estimate: f64,
}

/// The pooled rates of one school year (the sum of outcomes × 100 / the sum of pupils), for the chart that shows
/// whether the two groups ran in parallel before the start. `None` when the group has no figures that year.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TrendPoint {
    pub school_year: i32,
    /// The schools that started the arrangement (in any year), before and after their start.
    pub treated_rate: Option<f64>,
    /// The schools without the arrangement.
    pub control_rate: Option<f64>,
}

/// The estimate, its 95% interval, what it rests on and what it says.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct EffectEstimate {
    pub measure: Measure,
    /// The difference in differences, per 100 (`None` with [`Verdict::TooFewSchools`]).
    pub estimate: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub standard_error: Option<f64>,
    /// Welch–Satterthwaite degrees of freedom of the t-interval.
    pub degrees_of_freedom: Option<f64>,
    /// Schools that started, with a year before and a year from their start.
    pub treated_schools: usize,
    /// Schools without the arrangement in the comparison (with no cohort to compare with: all of them).
    pub control_schools: usize,
    pub cohorts: Vec<Cohort>,
    pub trend: Vec<TrendPoint>,
    pub verdict: Verdict,
}

/// The estimate for onward referrals to specialist youth care ([`Measure::SpecialistReferrals`]).
pub fn difference_in_differences(data: &[SchoolYearFigure]) -> EffectEstimate {
    difference_in_differences_of(data, Measure::SpecialistReferrals)
}

/// A school's figures: the start and, per school year, the summed outcome and pupils.
#[derive(Default)]
struct School {
    started: Option<i32>,
    years: BTreeMap<i32, (f64, f64)>,
}

impl School {
    fn rate(&self, year: i32) -> Option<f64> {
        self.years
            .get(&year)
            .and_then(|&(outcome, pupils)| (pupils > 0.0).then(|| outcome * 100.0 / pupils))
    }

    /// Mean rate in the years from `start` minus the mean rate in the years before; `None` without both.
    fn difference_at(&self, start: i32) -> Option<f64> {
        let (before, after): (Vec<i32>, Vec<i32>) = self.years.keys().partition(|&&y| y < start);
        let mean_rate = |years: &[i32]| {
            mean(
                &years
                    .iter()
                    .filter_map(|&y| self.rate(y))
                    .collect::<Vec<_>>(),
            )
        };
        Some(mean_rate(&after)? - mean_rate(&before)?)
    }
}

/// The estimate for any rate per 100 (see the module docs for GAS). Deterministic: the order of the rows does
/// not matter; rows of one school and year are added up.
pub fn difference_in_differences_of(data: &[SchoolYearFigure], measure: Measure) -> EffectEstimate {
    let mut schools: BTreeMap<i64, School> = BTreeMap::new();
    for row in data.iter().filter(|r| r.rate().is_some()) {
        let school = schools.entry(row.school).or_default();
        school.started = match (school.started, row.started) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let cell = school.years.entry(row.school_year).or_insert((0.0, 0.0));
        cell.0 += row.outcome;
        cell.1 += row.pupils;
    }
    let last_year = schools
        .values()
        .filter_map(|s| s.years.keys().next_back())
        .max()
        .copied();
    let started_in_data = |s: &School| {
        s.started
            .filter(|&y| last_year.is_some_and(|last| y <= last))
    };

    // The started schools with a year on each side of their start, by cohort.
    let mut cohorts: BTreeMap<i32, Vec<(i64, f64)>> = BTreeMap::new();
    for (&id, school) in &schools {
        if let Some(start) = started_in_data(school)
            && let Some(d) = school.difference_at(start)
        {
            cohorts.entry(start).or_default().push((id, d));
        }
    }
    let treated: Vec<f64> = cohorts.values().flatten().map(|&(_, d)| d).collect();
    let treated_ids: BTreeSet<i64> = cohorts.values().flatten().map(|&(id, _)| id).collect();
    let weights: Vec<(i32, f64)> = cohorts
        .iter()
        .map(|(&s, members)| (s, members.len() as f64 / treated.len() as f64))
        .collect();

    // The schools without the arrangement: their differences split at every cohort's start, weighted.
    let never: Vec<(i64, &School)> = schools
        .iter()
        .filter(|(_, s)| started_in_data(s).is_none())
        .map(|(&id, s)| (id, s))
        .collect();
    let mut controls: Vec<(i64, f64)> = Vec::new();
    for &(id, school) in &never {
        let (sum, weight) = weights
            .iter()
            .filter_map(|&(s, w)| school.difference_at(s).map(|d| (w * d, w)))
            .fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
        if weight > 0.0 {
            controls.push((id, sum / weight));
        }
    }
    let control_ids: BTreeSet<i64> = if cohorts.is_empty() {
        never.iter().map(|&(id, _)| id).collect()
    } else {
        controls.iter().map(|&(id, _)| id).collect()
    };

    let cohorts_out: Vec<Cohort> = cohorts
        .iter()
        .filter_map(|(&s, members)| {
            let in_cohort: Vec<f64> = members.iter().map(|&(_, d)| d).collect();
            let control: Vec<f64> = never
                .iter()
                .filter_map(|(_, school)| school.difference_at(s))
                .collect();
            Some(Cohort {
                started: s,
                treated_schools: members.len(),
                estimate: mean(&in_cohort)? - mean(&control)?,
            })
        })
        .collect();

    let trend = trend(&schools, &treated_ids, &control_ids);
    let mut out = EffectEstimate {
        measure,
        estimate: None,
        ci_low: None,
        ci_high: None,
        standard_error: None,
        degrees_of_freedom: None,
        treated_schools: treated.len(),
        control_schools: control_ids.len(),
        cohorts: cohorts_out,
        trend,
        verdict: Verdict::TooFewSchools,
    };
    let control: Vec<f64> = controls.iter().map(|&(_, e)| e).collect();
    if treated.len() < MIN_SCHOOLS_PER_GROUP || control.len() < MIN_SCHOOLS_PER_GROUP {
        return out;
    }
    let by_cohort: Vec<Vec<f64>> = cohorts
        .values()
        .map(|members| members.iter().map(|&(_, d)| d).collect())
        .collect();
    if let Some(interval) = welch_interval(&by_cohort, &control) {
        out.estimate = Some(interval.estimate);
        out.ci_low = Some(interval.low);
        out.ci_high = Some(interval.high);
        out.standard_error = Some(interval.standard_error);
        out.degrees_of_freedom = interval.degrees_of_freedom;
        out.verdict = if interval.high < 0.0 {
            Verdict::Lower
        } else if interval.low > 0.0 {
            Verdict::Higher
        } else {
            Verdict::NoEvidence
        };
    }
    out
}

struct Interval {
    estimate: f64,
    low: f64,
    high: f64,
    standard_error: f64,
    degrees_of_freedom: Option<f64>,
}

/// `mean(treated) − mean(control)` with a Welch t-interval; the treated spread is taken within cohorts.
/// `None` when a group is empty or a number is not finite.
fn welch_interval(by_cohort: &[Vec<f64>], control: &[f64]) -> Option<Interval> {
    let treated: Vec<f64> = by_cohort.iter().flatten().copied().collect();
    let n = treated.len() as f64;
    let m = control.len() as f64;
    let estimate = mean(&treated)? - mean(control)?;

    let within: f64 = by_cohort
        .iter()
        .filter_map(|c| Some(sum_of_squares(c, mean(c)?)))
        .sum();
    let cohorts = by_cohort.iter().filter(|c| !c.is_empty()).count() as f64;
    let (treated_var, treated_df) = if n > cohorts {
        (within / (n - cohorts), n - cohorts)
    } else {
        (
            sum_of_squares(&treated, mean(&treated)?) / (n - 1.0),
            n - 1.0,
        )
    };
    let control_var = sum_of_squares(control, mean(control)?) / (m - 1.0);

    let a = treated_var / n;
    let b = control_var / m;
    let standard_error = (a + b).sqrt();
    if !estimate.is_finite() || !standard_error.is_finite() {
        return None;
    }
    if standard_error == 0.0 {
        // No spread at all: the interval is the point itself.
        return Some(Interval {
            estimate,
            low: estimate,
            high: estimate,
            standard_error,
            degrees_of_freedom: None,
        });
    }
    let df = (a + b).powi(2) / (a.powi(2) / treated_df + b.powi(2) / (m - 1.0));
    let t = StudentsT::new(0.0, 1.0, df)
        .ok()?
        .inverse_cdf(1.0 - (1.0 - CONFIDENCE) / 2.0);
    let half = t * standard_error;
    half.is_finite().then_some(Interval {
        estimate,
        low: estimate - half,
        high: estimate + half,
        standard_error,
        degrees_of_freedom: Some(df),
    })
}

fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

fn sum_of_squares(xs: &[f64], centre: f64) -> f64 {
    xs.iter().map(|x| (x - centre).powi(2)).sum()
}

/// Pooled rates per school year of the two groups.
fn trend(
    schools: &BTreeMap<i64, School>,
    treated: &BTreeSet<i64>,
    control: &BTreeSet<i64>,
) -> Vec<TrendPoint> {
    let years: BTreeSet<i32> = schools
        .values()
        .flat_map(|s| s.years.keys().copied())
        .collect();
    let pooled = |group: &BTreeSet<i64>, year: i32| {
        let (outcome, pupils) = group
            .iter()
            .filter_map(|id| schools.get(id)?.years.get(&year))
            .fold((0.0, 0.0), |(o, p), &(x, y)| (o + x, p + y));
        (pupils > 0.0).then(|| outcome * 100.0 / pupils)
    };
    years
        .into_iter()
        .map(|year| TrendPoint {
            school_year: year,
            treated_rate: pooled(treated, year),
            control_rate: pooled(control, year),
        })
        .collect()
}

/// A number in running text with `decimals` decimals: Dutch `−1,5`, English `−1.5` (a true minus sign in both).
fn number(x: f64, decimals: usize, lang: Lang) -> String {
    let text = format!("{:.*}", decimals, x.abs());
    let text = match lang {
        Lang::Nl => text.replace('.', ","),
        Lang::En => text,
    };
    // `-0.0` and values that round to zero are shown without a sign.
    if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("−{text}")
    } else {
        text
    }
}

impl EffectEstimate {
    /// Plain-language paragraphs on what the estimate can and cannot show, in the reader's language.
    pub fn explain(&self, lang: Lang) -> Vec<String> {
        let what = self.measure.what(lang);
        let (n, m) = (self.treated_schools, self.control_schools);
        let (Some(estimate), Some(low), Some(high)) = (self.estimate, self.ci_low, self.ci_high)
        else {
            return vec![
                lang.pick(
                    format!(
                        "Te weinig scholen om een effect te schatten: er zijn ten minste {MIN_SCHOOLS_PER_GROUP} \
                         scholen nodig die met het arrangement begonnen en {MIN_SCHOOLS_PER_GROUP} die dat niet \
                         deden, elk met ten minste één schooljaar vóór en één vanaf de start. Nu: {n} met en {m} \
                         zonder."
                    ),
                    format!(
                        "Too few schools to estimate an effect: it takes at least {MIN_SCHOOLS_PER_GROUP} schools \
                         that started the arrangement and {MIN_SCHOOLS_PER_GROUP} that did not, each with at least \
                         one school year before and one from the start. Now: {n} with and {m} without."
                    ),
                ),
                lang.pick(
                    "Er is dus geen schatting, en ook geen bewijs van effect — alleen te weinig cijfers om iets \
                     te zeggen."
                        .to_owned(),
                    "So there is no estimate, and no evidence of an effect either — only too few figures to \
                     say anything."
                        .to_owned(),
                ),
            ];
        };
        let decimals = if high - low < 1.0 { 2 } else { 1 };
        let [est, lo, hi] = [estimate, low, high].map(|x| number(x, decimals, lang));
        let unit = self.measure.unit(lang);
        let cohorts = self.cohorts.len();
        let mut out = vec![lang.pick(
            format!(
                "Geschat verschil: {est} {unit} (95%-interval van {lo} tot {hi}). Zoveel meer (+) of minder (−) \
                 veranderde {what} na de start bij de {n} scholen die met het arrangement begonnen, dan in \
                 dezelfde jaren bij de {m} scholen zonder arrangement."
            ),
            format!(
                "Estimated difference: {est} {unit} (95% interval {lo} to {hi}). That is how much more (+) or \
                 less (−) {what} changed after the start at the {n} schools that started the arrangement than \
                 over the same years at the {m} schools without it."
            ),
        )];
        out.push(match self.verdict {
            Verdict::Lower | Verdict::Higher => {
                let side = match (self.verdict, lang) {
                    (Verdict::Lower, Lang::Nl) => "onder",
                    (_, Lang::Nl) => "boven",
                    (Verdict::Lower, Lang::En) => "below",
                    (_, Lang::En) => "above",
                };
                lang.pick(
                    format!(
                        "Het hele interval ligt {side} 0: bij de scholen met het arrangement veranderde {what} \
                         anders dan bij de scholen zonder. Lees de punten hieronder voordat je daar een conclusie \
                         aan verbindt."
                    ),
                    format!(
                        "The whole interval lies {side} 0: at the schools with the arrangement {what} changed \
                         differently than at the schools without it. Read the points below before drawing a \
                         conclusion from that."
                    ),
                )
            }
            Verdict::NoEvidence | Verdict::TooFewSchools => lang.pick(
                "Het interval bevat 0: deze cijfers geven geen bewijs van effect. Dat is een geldig antwoord: er \
                 kan geen effect zijn, of een effect dat te klein is om met dit aantal scholen te zien. Het is \
                 ook geen bewijs dat er géén effect is."
                    .to_owned(),
                "The interval contains 0: these figures give no evidence of an effect. That is a valid answer: \
                 there may be no effect, or one too small to see with this many schools. Nor is it proof that \
                 there is no effect."
                    .to_owned(),
            ),
        });
        out.push(lang.pick(
            format!(
                "De schatting gaat ervan uit dat {what} bij beide groepen zonder arrangement gelijk zou zijn \
                 opgelopen. Na de start is dat niet te controleren; kijk in de grafiek of de lijnen vóór de start \
                 gelijk oplopen. Lopen ze vóór de start al uiteen, dan zegt het getal weinig."
            ),
            format!(
                "The estimate assumes that without the arrangement {what} would have moved in parallel at both \
                 groups. After the start that cannot be checked; look in the chart whether the lines run in \
                 parallel before the start. If they already drift apart before the start, the number says little."
            ),
        ));
        out.push(lang.pick(
            "Scholen kozen zelf om te beginnen. Een school die start heeft misschien net een nieuwe \
             zorgcoördinator, een nieuwe aanpak of een moeilijk jaar; wat haar deed starten kan ook de cijfers \
             veranderen. De vergelijking haalt vaste verschillen tussen scholen weg, maar niet zulke veranderingen \
             die met de start samenvallen."
                .to_owned(),
            "Schools chose for themselves to start. A school that starts may just have had a new care \
             coordinator, a new approach or a hard year; whatever made it start can also move its figures. The \
             comparison removes fixed differences between schools, but not such changes that coincide with the \
             start."
                .to_owned(),
        ));
        out.push(lang.pick(
            format!(
                "Het gaat om {} scholen ({cohorts} {}). Met zo weinig scholen is het interval \
                 breed, en één school met uitschieters kan het getal flink verschuiven.",
                n + m,
                if cohorts == 1 { "startjaar" } else { "startjaren" }
            ),
            format!(
                "This rests on {} schools ({cohorts} {}). With so few schools the interval is wide, \
                 and one school with outliers can move the number a good deal.",
                n + m,
                if cohorts == 1 { "start year" } else { "start years" }
            ),
        ));
        out.push(lang.pick(
            "Dit is geen bewijs dat het arrangement het verschil veroorzaakte: het is een vergelijking van \
             cijfers, geen experiment. Lees het naast wat scholen en werkers zelf zien."
                .to_owned(),
            "This is not proof that the arrangement caused the difference: it is a comparison of figures, not \
             an experiment. Read it alongside what schools and workers see themselves."
                .to_owned(),
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    fn row(school: i64, school_year: i32, started: Option<i32>, outcome: f64) -> SchoolYearFigure {
        SchoolYearFigure {
            school,
            school_year,
            started,
            outcome,
            pupils: 100.0,
        }
    }

    /// Rates per 100 for 2021..=2024 (pupils 100, so the outcome is the rate).
    fn school(id: i64, started: Option<i32>, rates: [f64; 4]) -> Vec<SchoolYearFigure> {
        (2021..)
            .zip(rates)
            .map(|(y, r)| row(id, y, started, r))
            .collect()
    }

    /// Two schools start in 2023, one in 2022, two never: worked out by hand in the test below.
    fn tiny() -> Vec<SchoolYearFigure> {
        [
            school(1, Some(2023), [10.0, 10.0, 8.0, 8.0]), // d = 8 − 10 = −2
            school(2, Some(2023), [12.0, 14.0, 12.0, 12.0]), // d = 12 − 13 = −1
            school(3, Some(2022), [6.0, 6.0, 5.0, 4.0]),   // d = 5 − 6 = −1
            school(4, None, [10.0, 11.0, 12.0, 13.0]),     // at 2023: 2; at 2022: 2
            school(5, None, [5.0, 5.0, 5.0, 8.0]),         // at 2023: 1.5; at 2022: 1
        ]
        .concat()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn a_tiny_example_matches_the_hand_computation() {
        let e = difference_in_differences(&tiny());
        // Weights: 2023 → 2/3, 2022 → 1/3. Controls: e4 = 2, e5 = 2/3·1.5 + 1/3·1 = 4/3.
        // Estimate: mean(−2, −1, −1) − mean(2, 4/3) = −4/3 − 5/3 = −3.
        assert!(close(e.estimate.unwrap(), -3.0), "{e:?}");
        assert_eq!((e.treated_schools, e.control_schools), (3, 2));
        // Per cohort: 2022: −1 − mean(2, 1) = −2.5; 2023: −1.5 − mean(2, 1.5) = −3.25; 1/3·−2.5 + 2/3·−3.25 = −3.
        assert_eq!(e.cohorts.len(), 2);
        assert_eq!(
            (e.cohorts[0].started, e.cohorts[0].treated_schools),
            (2022, 1)
        );
        assert!(close(e.cohorts[0].estimate, -2.5));
        assert_eq!(
            (e.cohorts[1].started, e.cohorts[1].treated_schools),
            (2023, 2)
        );
        assert!(close(e.cohorts[1].estimate, -3.25));
        // Treated spread within cohorts: ((−2+1.5)² + (−1+1.5)²)/(3 − 2) = 0.5, over 3 schools: 1/6.
        // Controls: ((2−5/3)² + (4/3−5/3)²)/1 = 2/9, over 2 schools: 1/9. se² = 5/18; df = (5/18)²/(1/36 + 1/81) = 25/13.
        assert!(close(e.standard_error.unwrap(), (5.0f64 / 18.0).sqrt()));
        assert!(close(e.degrees_of_freedom.unwrap(), 25.0 / 13.0));
        let half = (e.ci_high.unwrap() - e.ci_low.unwrap()) / 2.0;
        assert!(close((e.ci_high.unwrap() + e.ci_low.unwrap()) / 2.0, -3.0));
        // t(0.975; 25/13) ≈ 4.45 (between t(1) = 12.71 and t(2) = 4.30).
        let t = half / e.standard_error.unwrap();
        assert!(t > 4.30 && t < 4.6, "t = {t}");
        assert_eq!(e.verdict, Verdict::Lower);
        // The trend pools each group per year: 2021 treated (10+12+6)/300·100, control (10+5)/200·100.
        assert_eq!(e.trend.len(), 4);
        assert_eq!(e.trend[0].school_year, 2021);
        assert!(close(e.trend[0].treated_rate.unwrap(), 28.0 / 3.0));
        assert!(close(e.trend[0].control_rate.unwrap(), 7.5));
    }

    #[test]
    fn the_t_quantile_is_the_textbook_one() {
        // Two schools per group with the same spread: df = 2, t(0.975; 2) = 4.303.
        let data = [
            school(1, Some(2022), [1.0, 2.0, 2.0, 2.0]), // d = 1
            school(2, Some(2022), [1.0, 4.0, 4.0, 4.0]), // d = 3
            school(3, None, [1.0, 1.0, 1.0, 1.0]),       // 0
            school(4, None, [1.0, 3.0, 3.0, 3.0]),       // 2
        ]
        .concat();
        let e = difference_in_differences(&data);
        assert!(close(e.estimate.unwrap(), 1.0));
        assert!(close(e.degrees_of_freedom.unwrap(), 2.0));
        // Spread 2 in each group, over 2 schools: se = (2/2 + 2/2)^½ = √2.
        assert!(close(e.standard_error.unwrap(), 2.0_f64.sqrt()));
        let half = 4.302_653 * 2.0_f64.sqrt();
        assert!((e.ci_low.unwrap() - (1.0 - half)).abs() < 1e-5, "{e:?}");
        assert!((e.ci_high.unwrap() - (1.0 + half)).abs() < 1e-5, "{e:?}");
        assert_eq!(e.verdict, Verdict::NoEvidence);
    }

    #[test]
    fn the_order_of_the_rows_does_not_matter() {
        let mut rows = tiny();
        let a = difference_in_differences(&rows);
        rows.reverse();
        assert_eq!(difference_in_differences(&rows), a);
    }

    #[test]
    fn too_few_schools_give_no_estimate() {
        let one_started = [
            school(1, Some(2023), [10.0, 10.0, 8.0, 8.0]),
            school(4, None, [10.0, 11.0, 12.0, 13.0]),
            school(5, None, [5.0, 5.0, 5.0, 8.0]),
        ]
        .concat();
        let e = difference_in_differences(&one_started);
        assert_eq!(e.verdict, Verdict::TooFewSchools);
        assert_eq!((e.estimate, e.ci_low, e.ci_high), (None, None, None));
        assert_eq!((e.treated_schools, e.control_schools), (1, 2));

        let one_control = [
            school(1, Some(2023), [10.0, 10.0, 8.0, 8.0]),
            school(2, Some(2023), [12.0, 14.0, 12.0, 12.0]),
            school(4, None, [10.0, 11.0, 12.0, 13.0]),
        ]
        .concat();
        assert_eq!(
            difference_in_differences(&one_control).verdict,
            Verdict::TooFewSchools
        );

        // Starts in the first year shown have no year before: nothing to compare.
        let no_before = [
            school(1, Some(2021), [10.0, 10.0, 8.0, 8.0]),
            school(2, Some(2021), [12.0, 14.0, 12.0, 12.0]),
            school(4, None, [10.0, 11.0, 12.0, 13.0]),
            school(5, None, [5.0, 5.0, 5.0, 8.0]),
        ]
        .concat();
        let e = difference_in_differences(&no_before);
        assert_eq!(e.verdict, Verdict::TooFewSchools);
        assert_eq!((e.treated_schools, e.control_schools), (0, 2));
        assert!(e.cohorts.is_empty());

        assert_eq!(
            difference_in_differences(&[]).verdict,
            Verdict::TooFewSchools
        );
        assert!(difference_in_differences(&[]).trend.is_empty());
    }

    #[test]
    fn a_start_after_the_last_year_shown_is_a_school_without_the_arrangement() {
        let mut data = tiny();
        data.extend(school(6, Some(2025), [7.0, 7.0, 7.0, 7.0]));
        let e = difference_in_differences(&data);
        assert_eq!((e.treated_schools, e.control_schools), (3, 3));
    }

    #[test]
    fn rows_without_pupils_or_with_broken_numbers_are_left_out() {
        let mut data = tiny();
        let clean = difference_in_differences(&data);
        data.push(SchoolYearFigure {
            pupils: 0.0,
            ..row(1, 2025, Some(2023), 50.0)
        });
        data.push(row(2, 2026, Some(2023), f64::NAN));
        data.push(SchoolYearFigure {
            pupils: f64::INFINITY,
            ..row(4, 2027, None, 1.0)
        });
        assert_eq!(difference_in_differences(&data), clean);
    }

    #[test]
    fn rows_of_one_school_and_year_are_added_up() {
        // Two locations of school 1 in 2021: 4 of 50 and 6 of 50 are 10 of 100, as in the tiny example.
        let mut data: Vec<_> = tiny()
            .into_iter()
            .filter(|r| !(r.school == 1 && r.school_year == 2021))
            .collect();
        for outcome in [4.0, 6.0] {
            data.push(SchoolYearFigure {
                pupils: 50.0,
                ..row(1, 2021, Some(2023), outcome)
            });
        }
        assert_eq!(
            difference_in_differences(&data),
            difference_in_differences(&tiny())
        );
    }

    #[test]
    fn the_explanation_says_no_evidence_when_the_interval_holds_zero() {
        let mut e = difference_in_differences(&tiny());
        e.estimate = Some(-0.4);
        e.ci_low = Some(-1.26);
        e.ci_high = Some(0.5);
        e.verdict = Verdict::NoEvidence;
        let nl = e.explain(Lang::Nl).join("\n");
        assert!(nl.contains("geen bewijs van effect"), "{nl}");
        assert!(nl.contains("−0,4 verwijzingen per 100 leerlingen"), "{nl}");
        assert!(nl.contains("van −1,3 tot 0,5"), "{nl}"); // 1 decimal: the interval is wider than 1
        assert!(
            nl.contains("kijk in de grafiek of de lijnen vóór de start gelijk oplopen"),
            "{nl}"
        );
        assert!(nl.contains("kozen zelf"), "{nl}");
        assert!(
            nl.contains("geen bewijs dat het arrangement het verschil veroorzaakte"),
            "{nl}"
        );

        let en = e.explain(Lang::En).join("\n");
        assert!(en.contains("no evidence of an effect"), "{en}");
        assert!(en.contains("−0.4 referrals per 100 pupils"), "{en}");
        assert!(en.contains("run in parallel before the start"), "{en}");
        for dutch in [
            "geen",
            "scholen",
            "verwijzingen",
            "leerlingen",
            "interval van",
        ] {
            assert!(!en.contains(dutch), "Dutch {dutch:?} in: {en}");
        }
    }

    #[test]
    fn the_explanation_of_a_clear_difference_still_says_its_limits() {
        let e = difference_in_differences(&tiny());
        assert_eq!(e.verdict, Verdict::Lower);
        let nl = e.explain(Lang::Nl).join("\n");
        assert!(!nl.contains("geen bewijs van effect"), "{nl}");
        assert!(nl.contains("Het hele interval ligt onder 0"), "{nl}");
        assert!(nl.contains("Geschat verschil: −3,0"), "{nl}");
        assert!(nl.contains("geen bewijs dat het arrangement"), "{nl}");
        assert!(nl.contains("5 scholen"), "{nl}");

        let gas = difference_in_differences_of(&tiny(), Measure::GasAttainment);
        assert!(
            gas.explain(Lang::Nl)
                .join("\n")
                .contains("−3,0 procentpunt")
        );
        assert!(
            gas.explain(Lang::En)
                .join("\n")
                .contains("GAS goals attained")
        );
    }

    #[test]
    fn the_explanation_of_too_few_schools_says_so() {
        let e = difference_in_differences(&school(1, Some(2023), [1.0, 1.0, 1.0, 1.0]));
        let nl = e.explain(Lang::Nl).join("\n");
        assert!(nl.contains("Te weinig scholen"), "{nl}");
        assert!(nl.contains("geen bewijs van effect"), "{nl}");
        assert!(e.explain(Lang::En).join("\n").contains("Too few schools"));
    }

    #[test]
    fn numbers_read_dutch_or_english() {
        assert_eq!(number(-1.25, 2, Lang::Nl), "−1,25");
        assert_eq!(number(1.25, 1, Lang::En), "1.2");
        assert_eq!(number(-0.001, 1, Lang::Nl), "0,0");
        assert_eq!(number(-0.0, 1, Lang::En), "0.0");
    }

    /// A standard normal draw (Box–Muller).
    fn normal(rng: &mut StdRng) -> f64 {
        let u: f64 = rng.random_range(f64::EPSILON..1.0);
        let v: f64 = rng.random();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    /// 40 schools over the school years 2020..=2024; half start the arrangement, staggered over 2022 and 2023.
    /// Each school has its own level (3–7 per 100) and size (150–600 pupils); every school shares the year
    /// effects; counts are Poisson-like (normal with variance = mean, rounded, not below 0). After the start a
    /// school's expected rate moves by `effect` per 100 pupils.
    fn simulated(seed: u64, effect: f64) -> Vec<SchoolYearFigure> {
        let mut rng = StdRng::seed_from_u64(seed);
        let years: Vec<(i32, f64)> = (2020..=2024).map(|y| (y, 0.6 * normal(&mut rng))).collect();
        let mut rows = Vec::new();
        for school in 0..40_i64 {
            let started = match school % 4 {
                0 => Some(2022),
                1 => Some(2023),
                _ => None,
            };
            let level = 5.0 + normal(&mut rng);
            let pupils = f64::from(rng.random_range(150_u32..=600));
            for &(year, year_effect) in &years {
                let after = started.is_some_and(|s| year >= s);
                let rate = (level + year_effect + if after { effect } else { 0.0 }).max(0.0);
                let expected = rate * pupils / 100.0;
                let outcome = (expected + expected.sqrt() * normal(&mut rng))
                    .round()
                    .max(0.0);
                rows.push(SchoolYearFigure {
                    school,
                    school_year: year,
                    started,
                    outcome,
                    pupils,
                });
            }
        }
        rows
    }

    const SEEDS: u64 = 400;

    #[test]
    fn the_interval_covers_a_planted_effect_in_at_least_90_percent_of_worlds() {
        let planted = -1.5;
        let mut covered = 0;
        let mut found_lower = 0;
        for seed in 0..SEEDS {
            let e = difference_in_differences(&simulated(seed, planted));
            assert_eq!(
                (e.treated_schools, e.control_schools, e.cohorts.len()),
                (20, 20, 2)
            );
            if e.ci_low.unwrap() <= planted && planted <= e.ci_high.unwrap() {
                covered += 1;
            }
            if e.verdict == Verdict::Lower {
                found_lower += 1;
            }
        }
        let coverage = f64::from(covered) / SEEDS as f64;
        println!(
            "coverage of a planted −1.5: {coverage:.3}; found lower in {found_lower} of {SEEDS}"
        );
        assert!(coverage >= 0.90, "coverage {coverage}");
        // A 95% interval should not be much wider than it needs to be either.
        assert!(
            coverage <= 0.99,
            "coverage {coverage}: the interval is too wide"
        );
        // With 20 schools a side and noise of this size, −1.5 is found most of the time.
        assert!(
            found_lower as f64 / SEEDS as f64 >= 0.5,
            "found lower in {found_lower}"
        );
    }

    #[test]
    fn without_an_effect_a_difference_is_claimed_in_at_most_10_percent_of_worlds() {
        let mut claimed = 0;
        for seed in 0..SEEDS {
            let e = difference_in_differences(&simulated(10_000 + seed, 0.0));
            if matches!(e.verdict, Verdict::Lower | Verdict::Higher) {
                claimed += 1;
            }
            assert_ne!(e.verdict, Verdict::TooFewSchools);
        }
        let rate = f64::from(claimed) / SEEDS as f64;
        println!("false positives without an effect: {rate:.3}");
        assert!(rate <= 0.10, "claimed a difference in {rate} of worlds");
    }

    #[test]
    fn a_trend_that_differs_before_the_start_is_not_removed() {
        // The started schools already fall by 1 a year before they start; the estimate picks that up (it cannot
        // tell it from an effect), which is why the explanation asks the reader to look at the lines.
        let data = [
            school(1, Some(2023), [10.0, 9.0, 8.0, 7.0]),
            school(2, Some(2023), [12.0, 11.0, 10.0, 9.0]),
            school(4, None, [10.0, 10.0, 10.0, 10.0]),
            school(5, None, [5.0, 5.0, 5.0, 5.0]),
        ]
        .concat();
        let e = difference_in_differences(&data);
        assert!(close(e.estimate.unwrap(), -2.0));
        let before: Vec<f64> = e.trend[..2]
            .iter()
            .map(|p| p.treated_rate.unwrap())
            .collect();
        assert!(before[1] < before[0]);
    }

    proptest::proptest! {
        #[test]
        fn any_figures_give_an_answer_without_panicking(
            rows in proptest::collection::vec(
                (0_i64..6, 2019_i32..2025, proptest::option::of(2018_i32..2026), -5.0_f64..50.0, -10.0_f64..500.0),
                0..60,
            )
        ) {
            let data: Vec<SchoolYearFigure> = rows
                .into_iter()
                .map(|(school, school_year, started, outcome, pupils)| SchoolYearFigure {
                    school, school_year, started, outcome, pupils,
                })
                .collect();
            let e = difference_in_differences(&data);
            if let (Some(lo), Some(est), Some(hi)) = (e.ci_low, e.estimate, e.ci_high) {
                proptest::prop_assert!(lo <= est && est <= hi);
                proptest::prop_assert!(e.treated_schools >= 2 && e.control_schools >= 2);
            } else {
                proptest::prop_assert_eq!(e.verdict, Verdict::TooFewSchools);
            }
            let _ = e.explain(Lang::Nl);
            let _ = e.explain(Lang::En);
        }
    }
}
