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
    ArrangementKind, Outcome, ReferralFact, parse_school_year, school_year_bounds,
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
}

/// The effect of an arrangement on referrals to specialist youth care.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EffectFigures {
    pub municipality: String,
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

/// Facts of the municipality over the trend's years (and the schools they name).
async fn facts(
    state: &AppState,
    s: &Scope,
    year: i32,
) -> Result<(Vec<ReferralFact>, Vec<SchoolInfo>), AppError> {
    let from = school_year_bounds(year - YEARS_BACK)
        .map(|b| b.0.to_string())
        .unwrap_or_default();
    let until = school_year_bounds(year)
        .map(|b| b.1.to_string())
        .unwrap_or_default();
    let facts = state
        .store()
        .referral_facts(&schakel_store::FactScope {
            municipality_id: Some(s.municipality_id),
            organisation_id: s.organisation,
            from,
            until,
        })
        .await?;
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
    let (facts, schools) = facts(state, &s, year).await?;
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
    let trend = dashboard::trend(&facts, &admitted, (year - YEARS_BACK)..=year, s.threshold);
    let (from, until) = school_year_bounds(year).unwrap_or_default();
    let ids: Vec<i64> = admitted.iter().map(|x| x.id).collect();
    let consultations = shown(
        state
            .store()
            .consultations_at(&ids, &from.to_string(), &until.to_string())
            .await?,
        s.threshold,
    );
    let mut still = 0u64;
    for id in &ids {
        let f = state.store().kik_figures(s.organisation, Some(*id)).await?;
        still += u64::try_from(f.still_at_3_months).unwrap_or(0);
    }
    let hours = hours(state, &s, &admitted, from, until.min(today)).await?;
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
    })
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
                t.direct_minutes + t.indirect_minutes + t.consultation_minutes;
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
    let (facts, schools) = facts(state, &s, year).await?;
    let arrangements = state.store().arrangements().await?;
    let started: BTreeMap<i64, i32> = arrangements
        .iter()
        .filter(|a| a.kind == kind.code())
        .filter_map(|a| Some((a.school_id, parse_school_year(&a.school_year)?)))
        .collect();
    let mut data = Vec::new();
    for x in schools
        .iter()
        .filter(|x| x.municipality_id == s.municipality_id)
    {
        for y in (year - YEARS_BACK)..=year {
            let Some(pupils) = x.pupils.get(&y) else {
                continue;
            };
            let outcome = facts
                .iter()
                .filter(|f| {
                    f.school_id == x.id
                        && school_year_of(f.received_on) == y
                        && f.outcome() == Outcome::Specialist
                })
                .count();
            data.push(SchoolYearFigure {
                school: x.id,
                school_year: y,
                started: started.get(&x.id).copied(),
                outcome: outcome as f64,
                pupils: *pupils as f64,
            });
        }
    }
    let estimate = effect::difference_in_differences(&data);
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
