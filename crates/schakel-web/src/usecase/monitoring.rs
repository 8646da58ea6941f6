//! Monitoring: the municipality dashboard (aggregates only, small numbers protected per table), the effect
//! estimate of an arrangement, and the team dashboard (waiting, load, hours against contract, what is overdue).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schakel_domain::Role;
use schakel_domain::audit::AuditAction;
use schakel_domain::figures::effect::{self, EffectEstimate, SchoolYearFigure};
use schakel_domain::figures::{Cell, SMALL_NUMBER};
use schakel_domain::monitoring::dashboard::{self, Dashboard, Filter, SchoolInfo, TrendYear};
use schakel_domain::monitoring::{
    ArrangementKind, Outcome, ReferralFact, ReferralTally, parse_school_year, school_year_bounds,
    school_year_label, school_year_of,
};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;

/// School years a dashboard looks back over (the trend and the effect estimate).
pub const YEARS_BACK: i32 = 4;

/// What the reader narrows the dashboard to (all optional; the current school year by default).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct DashboardQuery {
    /// `2025-2026`.
    #[serde(default)]
    pub school_year: Option<String>,
    #[serde(default, deserialize_with = "crate::usecase::input::empty_as_none")]
    pub school: Option<i64>,
    #[serde(default)]
    pub school_type: Option<String>,
    /// PC4 of the school's postcode.
    #[serde(default)]
    pub district: Option<String>,
    /// An organisation (provider); an organisation's own staff always see only their own.
    #[serde(default, deserialize_with = "crate::usecase::input::empty_as_none")]
    pub provider: Option<i64>,
    /// For provider staff working in several municipalities.
    #[serde(default, deserialize_with = "crate::usecase::input::empty_as_none")]
    pub municipality: Option<i64>,
    /// The arrangement whose effect is estimated (`kind_in_kaart`, `smw_plus`, `more_hours`).
    #[serde(default)]
    pub arrangement: Option<String>,
    /// What the effect is measured on: `specialist` (referrals on to specialist care per 100 pupils, the default)
    /// or `gas` (share of goals reached).
    #[serde(default)]
    pub measure: Option<String>,
}

/// A choice in a filter.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// Hours at a school: contracted a week (sum of the current assignments) and spent in the school year so far.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SchoolHours {
    pub school: String,
    pub contracted_per_week: Option<f64>,
    pub spent_hours: f64,
    /// Spent hours divided by the school weeks passed (40 school weeks a year, pro rata).
    pub spent_per_week: f64,
}

/// The municipality dashboard.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MunicipalityFigures {
    pub municipality: String,
    pub school_year: String,
    pub school_years: Vec<String>,
    pub schools: Vec<Choice>,
    pub school_types: Vec<Choice>,
    pub districts: Vec<Choice>,
    pub providers: Vec<Choice>,
    pub dashboard: Dashboard,
    pub consultations: Cell,
    pub kind_in_kaart_still_at_3_months: Cell,
    pub trend: Vec<TrendYear>,
    pub hours: Vec<SchoolHours>,
    /// Prevention work in groups: sessions held and hours (not about children: shown as they are) and the parents
    /// and children reached per school (attendances, protected like every count of people).
    pub group_sessions: u64,
    pub group_hours: f64,
    pub group_reach: Option<schakel_domain::figures::ProtectedTable>,
    /// Walk-in visits (attended walk-in slots) per school and quarter, protected like every count of people
    /// (ADR 025); none when there were none.
    pub walk_in_visits: Option<schakel_domain::figures::ProtectedTable>,
    /// Care meetings (zorgoverleg, ZAT, MDO) held and planned, pupils discussed (named with consent + anonymous,
    /// as shown: a small number is withheld), pre-school group reviews held and planned.
    pub care_meetings_held: u64,
    pub care_meetings_planned: u64,
    pub pupils_discussed: Cell,
    pub group_reviews_held: u64,
    pub group_reviews_planned: u64,
}

/// The effect of an arrangement on referrals to specialist youth care.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EffectFigures {
    pub municipality: String,
    /// `specialist` or `gas`.
    pub measure: String,
    pub arrangement: String,
    pub arrangement_label: String,
    pub estimate: EffectEstimate,
    pub explanation: Vec<String>,
    /// Schools per start year, as counts.
    pub started: Vec<(String, usize)>,
}

struct Scope {
    municipality_id: i64,
    municipality: String,
    /// Provider staff see only their own organisation's work.
    organisation: Option<i64>,
    threshold: u64,
}

async fn scope(state: &AppState, ctx: &Ctx, q: &DashboardQuery) -> Result<Scope, AppError> {
    let p = ctx.principal()?;
    let store = state.store();
    let (municipality_id, organisation, threshold) = match p.role {
        Role::Municipality => {
            let m = p.municipality_id.ok_or(AppError::Forbidden)?;
            (m, None, store.municipality_threshold(m).await?)
        }
        Role::TeamLead | Role::FunctionalAdmin => {
            let org = p.organisation_id.ok_or(AppError::Forbidden)?;
            let home = store.organisation(org).await?.municipality_id;
            let m = q.municipality.or(home).ok_or(AppError::NotFound)?;
            (
                m,
                Some(org),
                store.monitoring_settings(org).await?.figures_threshold,
            )
        }
        _ => return Err(AppError::Forbidden),
    };
    let municipality = store.municipality(municipality_id).await?.name;
    Ok(Scope {
        municipality_id,
        municipality,
        organisation,
        threshold: u64::try_from(threshold)
            .unwrap_or(0)
            .max(SMALL_NUMBER as u64),
    })
}

fn selected_year(q: &DashboardQuery, today: NaiveDate) -> i32 {
    q.school_year
        .as_deref()
        .and_then(parse_school_year)
        .unwrap_or_else(|| school_year_of(today))
}

/// The referrals of the municipality (or of the organisation in it) received in the school years `years`.
fn fact_scope(s: &Scope, years: std::ops::RangeInclusive<i32>) -> schakel_store::FactScope {
    let from = school_year_bounds(*years.start())
        .map(|b| b.0.to_string())
        .unwrap_or_default();
    let until = school_year_bounds(*years.end())
        .map(|b| b.1.to_string())
        .unwrap_or_default();
    schakel_store::FactScope {
        municipality_id: Some(s.municipality_id),
        organisation_id: s.organisation,
        from,
        until,
    }
}

/// Facts of the municipality in the school years `years` (and the schools they name).
async fn facts(
    state: &AppState,
    s: &Scope,
    years: std::ops::RangeInclusive<i32>,
) -> Result<(Vec<ReferralFact>, Vec<SchoolInfo>), AppError> {
    let facts = state.store().referral_facts(&fact_scope(s, years)).await?;
    let mut elsewhere: Vec<i64> = facts.iter().map(|f| f.school_id).collect();
    elsewhere.sort_unstable();
    elsewhere.dedup();
    let schools = state
        .store()
        .monitoring_schools(Some(s.municipality_id), &elsewhere)
        .await?;
    Ok((facts, schools))
}

/// The municipality dashboard for one school year and filter.
pub async fn municipality_figures(
    state: &AppState,
    ctx: &Ctx,
    q: &DashboardQuery,
) -> Result<MunicipalityFigures, AppError> {
    let s = scope(state, ctx, q).await?;
    let today = state.now().date_naive();
    let year = selected_year(q, today);
    let ((facts, schools), tallies) = shown_year_and_trend(state, &s, year).await?;
    let filter = Filter {
        school: q.school,
        school_type: q.school_type.clone().filter(|t| !t.is_empty()),
        district: q.district.clone().filter(|d| !d.is_empty()),
        organisation: s.organisation.or(q.provider),
    };
    let names: BTreeMap<i64, String> = state
        .store()
        .list_municipalities()
        .await?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    let lang = ctx.lang;
    let dashboard = dashboard::build(&dashboard::Input {
        municipality_id: s.municipality_id,
        municipality_name: &s.municipality,
        municipality_names: &names,
        school_year: year,
        facts: &facts,
        schools: &schools,
        filter: &filter,
        threshold: s.threshold,
        today,
        lang,
    });
    let own: Vec<SchoolInfo> = schools
        .iter()
        .filter(|x| x.municipality_id == s.municipality_id)
        .cloned()
        .collect();
    let admitted: Vec<SchoolInfo> = own.iter().filter(|x| filter.admits(x)).cloned().collect();
    let trend = dashboard::trend(&tallies, &admitted, (year - YEARS_BACK)..=year, s.threshold);
    let (from, until) = school_year_bounds(year).unwrap_or_default();
    let ids: Vec<i64> = admitted.iter().map(|x| x.id).collect();
    let consultations = shown(
        state
            .store()
            .consultations_at(&ids, &from.to_string(), &until.to_string())
            .await?,
        s.threshold,
    );
    let still_per_school = state
        .store()
        .kik_still_at_3_months_per_school(s.organisation)
        .await?;
    let still: u64 = ids
        .iter()
        .filter_map(|id| still_per_school.get(id))
        .map(|n| u64::try_from(*n).unwrap_or(0))
        .sum();
    let hours = hours(state, &s, &admitted, from, until.min(today)).await?;
    let (group_sessions, group_hours, group_reach) =
        group_work(state, &s, &admitted, year, lang).await?;
    let walk_in_visits = walk_in_visits(state, &s, &admitted, year, lang).await?;
    let care: Vec<schakel_store::CareMeetingFigure> = state
        .store()
        .care_meetings_per_school_year(&schakel_store::CareMeetingFilter {
            organisation_id: s.organisation,
            school_id: None,
            municipality_id: Some(s.municipality_id),
        })
        .await?
        .into_iter()
        .filter(|c| c.school_year == school_year_label(year) && ids.contains(&c.school_id))
        .collect();
    let care_sum = |f: fn(&schakel_store::CareMeetingFigure) -> i64| -> u64 {
        care.iter().map(|c| u64::try_from(f(c)).unwrap_or(0)).sum()
    };
    let organisations = state.store().list_organisations().await?;
    let mut districts: Vec<String> = own
        .iter()
        .map(|x| x.district.clone())
        .filter(|d| !d.is_empty())
        .collect();
    districts.sort();
    districts.dedup();
    let mut types: Vec<String> = own.iter().map(|x| x.school_type.clone()).collect();
    types.sort();
    types.dedup();
    state
        .log(ctx.event(
            AuditAction::Read,
            "figures",
            Some(format!("municipality:{}", s.municipality_id)),
            "ok",
        ))
        .await?;
    Ok(MunicipalityFigures {
        municipality: s.municipality.clone(),
        school_year: school_year_label(year),
        school_years: (year.min(school_year_of(today)) - YEARS_BACK..=school_year_of(today))
            .rev()
            .map(school_year_label)
            .collect(),
        schools: own
            .iter()
            .map(|x| Choice {
                value: x.id.to_string(),
                label: x.name.clone(),
            })
            .collect(),
        school_types: types
            .into_iter()
            .map(|t| Choice {
                label: schakel_domain::org::SchoolType::parse(&t)
                    .map_or_else(|_| t.clone(), |k| k.label(lang).to_owned()),
                value: t,
            })
            .collect(),
        districts: districts
            .into_iter()
            .map(|d| Choice {
                value: d.clone(),
                label: d,
            })
            .collect(),
        providers: organisations
            .into_iter()
            .filter(|o| s.organisation.is_none_or(|own| own == o.id))
            .filter(|o| own.iter().any(|x| x.organisation_ids.contains(&o.id)))
            .map(|o| Choice {
                value: o.id.to_string(),
                label: o.name,
            })
            .collect(),
        dashboard,
        consultations,
        kind_in_kaart_still_at_3_months: shown(still, s.threshold),
        trend,
        hours,
        group_sessions,
        group_hours,
        group_reach,
        walk_in_visits,
        care_meetings_held: care_sum(|c| c.meetings_held),
        care_meetings_planned: care_sum(|c| c.meetings_planned),
        pupils_discussed: shown(
            care_sum(|c| c.pupils_named + c.pupils_anonymous),
            s.threshold,
        ),
        group_reviews_held: care_sum(|c| c.group_reviews_held),
        group_reviews_planned: care_sum(|c| c.group_reviews_planned),
    })
}

/// The facts of the school year shown (and the schools they name), and alongside them, on another connection,
/// what the trend needs of the school years up to it: referrals and referrals on to specialist care, counted per
/// school and year by the store, not read in full.
async fn shown_year_and_trend(
    state: &AppState,
    s: &Scope,
    year: i32,
) -> Result<((Vec<ReferralFact>, Vec<SchoolInfo>), Vec<ReferralTally>), AppError> {
    let tallies = async {
        Ok(state
            .store()
            .referral_tallies(&fact_scope(s, (year - YEARS_BACK)..=year))
            .await?)
    };
    tokio::try_join!(facts(state, s, year..=year), tallies)
}

/// Group work at the admitted schools in the school year: sessions, hours and people reached.
async fn group_work(
    state: &AppState,
    s: &Scope,
    schools: &[SchoolInfo],
    year: i32,
    lang: schakel_domain::Lang,
) -> Result<(u64, f64, Option<schakel_domain::figures::ProtectedTable>), AppError> {
    let label = school_year_label(year);
    let figures: Vec<schakel_store::GroupWorkFigure> = state
        .store()
        .group_work_per_school_year(&schakel_store::GroupWorkFilter {
            organisation_id: s.organisation,
            municipality_id: Some(s.municipality_id),
        })
        .await?
        .into_iter()
        .filter(|f| f.school_year == label && schools.iter().any(|x| x.id == f.school_id))
        .collect();
    let sessions = figures
        .iter()
        .map(|f| u64::try_from(f.sessions_held).unwrap_or(0))
        .sum();
    let hours = figures.iter().map(|f| f.minutes as f64).sum::<f64>() / 60.0;
    let mut names: Vec<String> = figures.iter().map(|f| f.school_name.clone()).collect();
    names.sort();
    names.dedup();
    let mut t = schakel_domain::figures::CountTable::new(
        lang.pick(
            "Groepswerk: bereik per school (aanwezigen)",
            "Group work: reach per school (attendances)",
        ),
        lang.pick("School", "School"),
        names.clone(),
        vec![
            lang.pick("Ouders", "Parents").to_owned(),
            lang.pick("Kinderen", "Children").to_owned(),
        ],
    );
    for f in &figures {
        if let Some(row) = names
            .iter()
            .position(|n| *n == f.school_name)
            .and_then(|r| t.cells.get_mut(r))
        {
            if let Some(c) = row.get_mut(0) {
                *c += u64::try_from(f.parents_reached).unwrap_or(0);
            }
            if let Some(c) = row.get_mut(1) {
                *c += u64::try_from(f.children_reached).unwrap_or(0);
            }
        }
    }
    let reach = (!names.is_empty())
        .then(|| dashboard::protect_or_merge(&t, s.threshold, &[], lang))
        .flatten();
    Ok((sessions, hours, reach))
}

/// Walk-in visits (attended walk-in slots) at the admitted schools per school and quarter of the school year.
async fn walk_in_visits(
    state: &AppState,
    s: &Scope,
    schools: &[SchoolInfo],
    year: i32,
    lang: schakel_domain::Lang,
) -> Result<Option<schakel_domain::figures::ProtectedTable>, AppError> {
    let (from, until) = school_year_bounds(year).unwrap_or_default();
    let ids: Vec<i64> = schools.iter().map(|x| x.id).collect();
    let visits = state
        .store()
        .walk_in_visits(s.organisation, &ids, &from.to_string(), &until.to_string())
        .await?;
    let name = |id: i64| {
        schools
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let mut names: Vec<String> = visits.iter().map(|v| name(v.0)).collect();
    names.sort();
    names.dedup();
    if names.is_empty() {
        return Ok(None);
    }
    let mut t = schakel_domain::figures::CountTable::new(
        lang.pick(
            "Inloopspreekuur: bezoeken per school en kwartaal",
            "Walk-in hours: visits per school and quarter",
        ),
        lang.pick("School", "School"),
        names.clone(),
        schakel_domain::monitoring::quarter_labels(lang),
    );
    for (school, on, n) in &visits {
        let Ok(day) = NaiveDate::parse_from_str(on, "%Y-%m-%d") else {
            continue;
        };
        let column = schakel_domain::monitoring::quarter_of(day).saturating_sub(1);
        if let Some(c) = names
            .iter()
            .position(|x| *x == name(*school))
            .and_then(|r| t.cells.get_mut(r))
            .and_then(|row| row.get_mut(column))
        {
            *c += u64::try_from(*n).unwrap_or(0);
        }
    }
    Ok(dashboard::protect_or_merge(&t, s.threshold, &[], lang))
}

fn shown(n: u64, k: u64) -> Cell {
    if n > 0 && n < k {
        Cell::Small
    } else {
        Cell::Count(n)
    }
}

/// Contracted hours a week (current assignments) against hours spent (contacts, indirect time, consultations).
async fn hours(
    state: &AppState,
    s: &Scope,
    schools: &[SchoolInfo],
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<SchoolHours>, AppError> {
    let store = state.store();
    let assignments = store.list_assignments(s.organisation, None, None).await?;
    let orgs: Vec<i64> = match s.organisation {
        Some(o) => vec![o],
        None => {
            let mut o: Vec<i64> = schools
                .iter()
                .flat_map(|x| x.organisation_ids.iter().copied())
                .collect();
            o.sort_unstable();
            o.dedup();
            o
        }
    };
    let mut spent: BTreeMap<i64, i64> = BTreeMap::new();
    for org in orgs {
        for t in store
            .time_per_school(&schakel_store::TimeFilter {
                organisation_id: org,
                worker_id: None,
                from: from.to_string(),
                until: until.to_string(),
            })
            .await?
        {
            *spent.entry(t.school_id).or_default() +=
                t.direct_minutes + t.indirect_minutes + t.school_minutes + t.consultation_minutes;
        }
    }
    // 40 school weeks in a year of 52: the weeks passed, pro rata, at least one.
    let weeks = ((until - from).num_days().max(0) as f64 / 7.0 * 40.0 / 52.0).max(1.0);
    Ok(schools
        .iter()
        .map(|x| {
            let contracted: Vec<f64> = assignments
                .iter()
                .filter(|a| a.school_id == x.id && a.ends_on.is_none())
                .filter_map(|a| a.hours_per_week)
                .collect();
            let spent_hours = spent.get(&x.id).copied().unwrap_or(0) as f64 / 60.0;
            SchoolHours {
                school: x.name.clone(),
                contracted_per_week: (!contracted.is_empty()).then(|| contracted.iter().sum()),
                spent_hours,
                spent_per_week: spent_hours / weeks,
            }
        })
        .collect())
}

/// The effect estimate of an arrangement on referrals on to specialist care per 100 pupils.
pub async fn effect_figures(
    state: &AppState,
    ctx: &Ctx,
    q: &DashboardQuery,
) -> Result<EffectFigures, AppError> {
    let s = scope(state, ctx, q).await?;
    let today = state.now().date_naive();
    let year = school_year_of(today);
    let kind = q
        .arrangement
        .as_deref()
        .and_then(ArrangementKind::parse)
        .unwrap_or(ArrangementKind::KindInKaart);
    let (facts, schools) = facts(state, &s, (year - YEARS_BACK)..=year).await?;
    let arrangements = state.store().arrangements().await?;
    let started: BTreeMap<i64, i32> = arrangements
        .iter()
        .filter(|a| a.kind == kind.code())
        .filter_map(|a| Some((a.school_id, parse_school_year(&a.school_year)?)))
        .collect();
    let gas = q.measure.as_deref() == Some("gas");
    let mut by_school_year: BTreeMap<(i64, i32), Vec<&ReferralFact>> = BTreeMap::new();
    for f in &facts {
        by_school_year
            .entry((f.school_id, school_year_of(f.received_on)))
            .or_default()
            .push(f);
    }
    let mut data = Vec::new();
    for x in schools
        .iter()
        .filter(|x| x.municipality_id == s.municipality_id)
    {
        for y in (year - YEARS_BACK)..=year {
            let in_year = by_school_year
                .get(&(x.id, y))
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .copied();
            // Specialist care per 100 pupils; or, for GAS, goals reached (0 or higher at the end) per goal scored.
            let (outcome, base) = if gas {
                let (reached, scored) = in_year.fold((0, 0), |(reached, scored), f| {
                    (reached + f.goals.reached, scored + f.goals.scored)
                });
                (reached as f64, scored as f64)
            } else {
                let Some(pupils) = x.pupils.get(&y) else {
                    continue;
                };
                (
                    in_year
                        .filter(|f| f.outcome() == Outcome::Specialist)
                        .count() as f64,
                    *pupils as f64,
                )
            };
            if base <= 0.0 {
                continue;
            }
            data.push(SchoolYearFigure {
                school: x.id,
                school_year: y,
                started: started.get(&x.id).copied(),
                outcome,
                pupils: base,
            });
        }
    }
    let measure = if gas {
        effect::Measure::GasAttainment
    } else {
        effect::Measure::SpecialistReferrals
    };
    let estimate = effect::difference_in_differences_of(&data, measure);
    let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
    for (id, y) in &started {
        if schools
            .iter()
            .any(|x| x.id == *id && x.municipality_id == s.municipality_id)
        {
            *per_year.entry(*y).or_default() += 1;
        }
    }
    state
        .log(ctx.event(
            AuditAction::Read,
            "figures",
            Some(format!("effect:{}", s.municipality_id)),
            "ok",
        ))
        .await?;
    Ok(EffectFigures {
        municipality: s.municipality,
        measure: if gas { "gas" } else { "specialist" }.to_owned(),
        arrangement: kind.code().to_owned(),
        arrangement_label: kind.label(ctx.lang).to_owned(),
        explanation: estimate.explain(ctx.lang),
        estimate,
        started: per_year
            .into_iter()
            .map(|(y, n)| (school_year_label(y), n))
            .collect(),
    })
}

/// One worker's load on the team dashboard.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WorkerLoad {
    pub worker_id: i64,
    pub name: String,
    pub open_cases: usize,
    pub contract_hours: Option<f64>,
    /// Fixed hours a week at schools (current assignments).
    pub assigned_hours: f64,
    pub cases_per_contract_hour: Option<f64>,
    pub reviews_overdue: usize,
    pub open_longer_than_norm: usize,
    /// Median days from referral to first contact this school year.
    pub days_to_first_contact: Option<i64>,
}

/// A case the team lead should look at, and why (a date and weeks).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CaseLine {
    pub case_id: i64,
    pub case_number: String,
    pub worker: String,
    /// The review date, the date it was opened, or the onward referral's date.
    pub date: String,
    pub weeks: i64,
    /// For an onward referral: to whom.
    pub detail: String,
}

/// A referral waiting for triage.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WaitingLine {
    pub referral_id: i64,
    pub school: String,
    pub received_on: String,
    pub days_waiting: i64,
}

/// The team dashboard (a social worker sees their own).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TeamFigures {
    pub workers: Vec<WorkerLoad>,
    pub waiting: Vec<WaitingLine>,
    pub waiting_days_median: Option<i64>,
    /// Days from referral to first contact this school year: median and 90th percentile.
    pub first_contact_median: Option<i64>,
    pub first_contact_p90: Option<i64>,
    pub first_contact_cases: usize,
    pub hours: Vec<SchoolHours>,
    pub reviews_overdue: Vec<CaseLine>,
    pub reviews_due_soon: Vec<CaseLine>,
    pub closures_requested: Vec<CaseLine>,
    pub open_longer_than_norm: Vec<CaseLine>,
    pub onward_waiting: Vec<CaseLine>,
    pub case_norm_weeks: i64,
    pub onward_norm_weeks: i64,
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()
}

/// The team dashboard: load per worker against contract, waiting, first contact, hours per school against
/// contract, and what is overdue. A team lead sees the team; a social worker sees their own work.
#[expect(
    clippy::too_many_lines,
    reason = "one dashboard read as one list of figures; each is a few lines"
)]
pub async fn team_figures(state: &AppState, ctx: &Ctx) -> Result<TeamFigures, AppError> {
    use schakel_domain::monitoring::quantile;
    use schakel_domain::monitoring::team::{
        cases_per_contract_hour, onward_waiting_too_long, open_too_long,
    };
    let p = ctx.principal()?;
    let store = state.store();
    let org = p.organisation_id.ok_or(AppError::Forbidden)?;
    let settings = store.monitoring_settings(org).await?;
    let today = state.now().date_naive();
    let workers = match p.role {
        Role::TeamLead => match p.team_id {
            Some(t) => store.workers_of_team(t).await?,
            None => store.list_workers(Some(org)).await?,
        },
        Role::SocialWorker => crate::usecase::scope::own_worker(state, ctx)
            .await?
            .into_iter()
            .collect(),
        _ => return Err(AppError::Forbidden),
    };
    let worker_ids: Vec<i64> = workers.iter().map(|w| w.id).collect();
    // Logged below by the cases the dashboard names (ADR 024), not every case counted.
    let cases = crate::usecase::case::cases_in_scope(state, ctx, None, true).await?;
    let assignments = store.list_assignments(Some(org), None, None).await?;
    let year = school_year_of(today);
    let (from, until) = school_year_bounds(year).unwrap_or_default();
    let facts = store
        .referral_facts(&schakel_store::FactScope {
            municipality_id: None,
            organisation_id: Some(org),
            from: from.to_string(),
            until: until.to_string(),
        })
        .await?;
    let days_of = |w: Option<i64>| -> Vec<i64> {
        facts
            .iter()
            .filter(|f| {
                f.worker_id.is_some_and(|x| worker_ids.contains(&x))
                    && (w.is_none() || f.worker_id == w)
            })
            .filter_map(ReferralFact::days_to_first_contact)
            .collect()
    };
    let line = |c: &schakel_store::Case, date: &str, detail: String| CaseLine {
        case_id: c.id,
        case_number: c.case_number.clone(),
        worker: c.worker_name.clone().unwrap_or_default(),
        date: date.to_owned(),
        weeks: day(date).map_or(0, |d| (today - d).num_days().abs() / 7),
        detail,
    };
    let review_overdue = |c: &schakel_store::Case| {
        c.review_on
            .as_deref()
            .and_then(day)
            .is_some_and(|d| d < today)
    };
    let norm = |c: &schakel_store::Case| {
        day(&c.opened_on).is_some_and(|d| open_too_long(d, today, settings.case_norm_weeks))
    };
    let loads = workers
        .iter()
        .map(|w| {
            let own: Vec<&schakel_store::Case> =
                cases.iter().filter(|c| c.worker_id == Some(w.id)).collect();
            let assigned: f64 = assignments
                .iter()
                .filter(|a| a.worker_id == w.id && a.ends_on.is_none())
                .filter_map(|a| a.hours_per_week)
                .sum();
            WorkerLoad {
                worker_id: w.id,
                name: w.name.clone(),
                open_cases: own.len(),
                contract_hours: w.contract_hours,
                assigned_hours: assigned,
                cases_per_contract_hour: cases_per_contract_hour(
                    own.len() as u64,
                    w.contract_hours,
                ),
                reviews_overdue: own.iter().filter(|c| review_overdue(c)).count(),
                open_longer_than_norm: own.iter().filter(|c| norm(c)).count(),
                days_to_first_contact: quantile(&days_of(Some(w.id)), 0.5),
            }
        })
        .collect();
    let waiting = waiting_lines(state, ctx, today).await?;
    let waiting_days: Vec<i64> = waiting.iter().map(|w| w.days_waiting).collect();
    let all_days = days_of(None);
    let soon = today + chrono::Duration::days(14);
    let onward = store.open_onward_referrals(org).await?;
    let onward_waiting = onward
        .iter()
        .filter(|o| {
            day(&o.proposed_on)
                .is_some_and(|d| onward_waiting_too_long(d, today, settings.onward_norm_weeks))
        })
        .filter_map(|o| {
            let c = cases.iter().find(|c| c.id == o.case_id)?;
            Some(line(c, &o.proposed_on, o.target.clone()))
        })
        .collect();
    let hours = team_hours(
        state,
        org,
        &assignments,
        &worker_ids,
        from,
        until.min(today),
    )
    .await?;
    state
        .log(ctx.event(
            AuditAction::Read,
            "team_dashboard",
            p.team_id.map(|t| t.to_string()),
            "ok",
        ))
        .await?;
    let figures = TeamFigures {
        workers: loads,
        waiting_days_median: quantile(&waiting_days, 0.5),
        waiting,
        first_contact_median: quantile(&all_days, 0.5),
        first_contact_p90: quantile(&all_days, 0.9),
        first_contact_cases: all_days.len(),
        hours,
        reviews_overdue: cases
            .iter()
            .filter(|c| review_overdue(c))
            .map(|c| line(c, c.review_on.as_deref().unwrap_or_default(), String::new()))
            .collect(),
        reviews_due_soon: cases
            .iter()
            .filter(|c| {
                c.review_on
                    .as_deref()
                    .and_then(day)
                    .is_some_and(|d| d >= today && d <= soon)
            })
            .map(|c| line(c, c.review_on.as_deref().unwrap_or_default(), String::new()))
            .collect(),
        closures_requested: cases
            .iter()
            .filter(|c| c.status() == schakel_domain::casework::CaseStatus::ClosureRequested)
            .map(|c| line(c, &c.opened_on, String::new()))
            .collect(),
        open_longer_than_norm: cases
            .iter()
            .filter(|c| norm(c))
            .map(|c| line(c, &c.opened_on, String::new()))
            .collect(),
        onward_waiting,
        case_norm_weeks: settings.case_norm_weeks,
        onward_norm_weeks: settings.onward_norm_weeks,
    };
    let mut shown: Vec<i64> = [
        &figures.reviews_overdue,
        &figures.reviews_due_soon,
        &figures.closures_requested,
        &figures.open_longer_than_norm,
        &figures.onward_waiting,
    ]
    .into_iter()
    .flatten()
    .map(|l| l.case_id)
    .collect();
    shown.sort_unstable();
    shown.dedup();
    crate::usecase::log_list(state, ctx, AuditAction::Read, "case", shown).await?;
    Ok(figures)
}

/// Referrals waiting for triage, with days waiting (a team lead triages; a worker sees none here).
async fn waiting_lines(
    state: &AppState,
    ctx: &Ctx,
    today: NaiveDate,
) -> Result<Vec<WaitingLine>, AppError> {
    if ctx.principal()?.role != Role::TeamLead {
        return Ok(Vec::new());
    }
    Ok(
        crate::usecase::referral::referrals(state, ctx, Some("received".into()))
            .await?
            .into_iter()
            .map(|r| WaitingLine {
                referral_id: r.id,
                days_waiting: day(&r.received_on).map_or(0, |d| (today - d).num_days()),
                school: r.school_name,
                received_on: r.received_on,
            })
            .collect(),
    )
}

/// Hours per school of the workers shown: contracted against spent.
async fn team_hours(
    state: &AppState,
    org: i64,
    assignments: &[schakel_store::Assignment],
    worker_ids: &[i64],
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<SchoolHours>, AppError> {
    let scope = Scope {
        municipality_id: 0,
        municipality: String::new(),
        organisation: Some(org),
        threshold: 0,
    };
    let mut schools: Vec<i64> = assignments
        .iter()
        .filter(|a| a.ends_on.is_none() && worker_ids.contains(&a.worker_id))
        .map(|a| a.school_id)
        .collect();
    schools.sort_unstable();
    schools.dedup();
    // Only the team's few schools are read (not every school of the country with its pupils).
    let mut infos: Vec<SchoolInfo> = Vec::with_capacity(schools.len());
    for id in schools {
        let s = state.store().school(id).await?;
        infos.push(SchoolInfo {
            id: s.id,
            name: s.name,
            school_type: s.school_type,
            district: String::new(),
            municipality_id: s.municipality_id,
            organisation_ids: vec![org],
            pupils: BTreeMap::new(),
        });
    }
    infos.sort_by(|a, b| a.name.cmp(&b.name));
    hours(state, &scope, &infos, from, until).await
}
