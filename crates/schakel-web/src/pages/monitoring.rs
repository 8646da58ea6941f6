//! Monitoring pages: the municipality dashboard, the effect estimate and the team dashboard. Numbers are
//! formatted here; what is counted and what is withheld is decided in `usecase::monitoring` and the domain.

use super::{PageCtx, format_number, page_error, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::i18n::Lang;
use crate::usecase::monitoring::{self as figures, DashboardQuery, Choice};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use schakel_domain::figures::{Cell, ProtectedTable};
use schakel_domain::monitoring::dashboard::Headline;

/// A protected table as text.
pub struct TableView {
    pub id: String,
    pub caption: String,
    pub row_heading: String,
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<String>, String)>,
    pub column_totals: Vec<String>,
    pub total: String,
}

fn cell_text(c: Cell, threshold: u64, lang: Lang) -> String {
    match c {
        Cell::Count(n) => format_number(n as f64, 0, lang),
        other => other.text(threshold),
    }
}

pub fn table_view(t: &ProtectedTable, id: String, lang: Lang) -> TableView {
    let k = t.threshold;
    TableView {
        id,
        caption: t.title.clone(),
        row_heading: t.row_heading.clone(),
        columns: t.columns.clone(),
        rows: t
            .rows
            .iter()
            .zip(&t.cells)
            .zip(&t.row_totals)
            .map(|((label, cells), total)| {
                (
                    label.clone(),
                    cells.iter().map(|c| cell_text(*c, k, lang)).collect(),
                    cell_text(*total, k, lang),
                )
            })
            .collect(),
        column_totals: t.column_totals.iter().map(|c| cell_text(*c, k, lang)).collect(),
        total: cell_text(t.total, k, lang),
    }
}

fn headline_text(h: &Headline, threshold: u64, lang: Lang) -> (String, String, String) {
    let value = match h.value {
        Some(v) => {
            let n = format_number(v, usize::from(h.decimals), lang);
            match h.unit {
                "%" => format!("{n}%"),
                "days" => format!("{n} {}", lang.pick("dagen", "days")),
                _ => n,
            }
        }
        None => lang.pick("niet getoond", "withheld").to_owned(),
    };
    let basis = format!("n = {}", cell_text(h.basis, threshold, lang));
    (h.label.clone(), value, basis)
}

fn optional(v: Option<f64>, decimals: usize, lang: Lang) -> String {
    v.map_or_else(|| "–".to_owned(), |v| format_number(v, decimals, lang))
}

#[derive(Template)]
#[template(path = "monitoring/dashboard.html")]
pub struct DashboardPage {
    pub page: PageCtx,
    pub f: figures::MunicipalityFigures,
    pub q: DashboardQuery,
    pub headlines: Vec<(String, String, String)>,
    pub tables: Vec<TableView>,
    /// School, pupils, referrals, per 100 pupils.
    pub per_school: Vec<[String; 4]>,
    /// School year, referrals per 100, specialist per 100.
    pub trend: Vec<[String; 3]>,
    /// School, contracted a week, spent, spent a week.
    pub hours: Vec<[String; 4]>,
    pub legend: String,
    pub query_string: String,
    pub consultations: String,
    pub kik_still: String,
}

impl DashboardPage {
    fn selected(&self, which: &str, c: &Choice) -> bool {
        let v = match which {
            "school" => self.q.school.map(|x| x.to_string()),
            "school_type" => self.q.school_type.clone(),
            "district" => self.q.district.clone(),
            "provider" => self.q.provider.map(|x| x.to_string()),
            _ => None,
        };
        v.as_deref() == Some(c.value.as_str())
    }
}

/// The query as a URL query string, for the export links.
fn query_string(q: &DashboardQuery, year: &str) -> String {
    let mut parts = vec![format!("school_year={year}")];
    if let Some(s) = q.school {
        parts.push(format!("school={s}"));
    }
    for (k, v) in [("school_type", &q.school_type), ("district", &q.district)] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            parts.push(format!("{k}={}", v.chars().filter(char::is_ascii_alphanumeric).collect::<String>()));
        }
    }
    if let Some(p) = q.provider {
        parts.push(format!("provider={p}"));
    }
    parts.join("&")
}

pub async fn dashboard(State(state): State<AppState>, ctx: Ctx, Query(q): Query<DashboardQuery>) -> Response {
    match figures::municipality_figures(&state, &ctx, &q).await {
        Ok(f) => {
            let lang = ctx.lang;
            let k = f.dashboard.threshold;
            let page = DashboardPage {
                headlines: f.dashboard.headlines.iter().map(|h| headline_text(h, k, lang)).collect(),
                tables: f
                    .dashboard
                    .tables
                    .iter()
                    .enumerate()
                    .map(|(i, t)| table_view(t, format!("table-{}", i + 1), lang))
                    .collect(),
                per_school: f
                    .dashboard
                    .per_school
                    .iter()
                    .map(|s| {
                        [
                            s.school.clone(),
                            s.pupils.map_or_else(|| "–".to_owned(), |p| format_number(p as f64, 0, lang)),
                            cell_text(s.referrals, k, lang),
                            optional(s.per_100_pupils, 1, lang),
                        ]
                    })
                    .collect(),
                trend: f
                    .trend
                    .iter()
                    .map(|t| {
                        [
                            schakel_domain::monitoring::school_year_label(t.school_year),
                            optional(t.referrals_per_100, 1, lang),
                            optional(t.specialist_per_100, 2, lang),
                        ]
                    })
                    .collect(),
                hours: f
                    .hours
                    .iter()
                    .map(|h| {
                        [
                            h.school.clone(),
                            h.contracted_per_week
                                .map_or_else(|| lang.pick("naar behoefte", "as needed").to_owned(), |c| format_number(c, 1, lang)),
                            format_number(h.spent_hours, 0, lang),
                            format_number(h.spent_per_week, 1, lang),
                        ]
                    })
                    .collect(),
                legend: Cell::legend(k, lang),
                query_string: query_string(&q, &f.school_year),
                consultations: cell_text(f.consultations, k, lang),
                kik_still: cell_text(f.kind_in_kaart_still_at_3_months, k, lang),
                page: ctx.page("monitoring"),
                q,
                f,
            };
            render(&page)
        }
        Err(e) => page_error(&ctx, e),
    }
}

#[derive(Template)]
#[template(path = "monitoring/effect.html")]
pub struct EffectPage {
    pub page: PageCtx,
    pub f: figures::EffectFigures,
    pub estimate: String,
    pub interval: String,
    /// School year, treated rate, control rate.
    pub trend: Vec<[String; 3]>,
    pub arrangements: Vec<(String, String)>,
}

pub async fn effect(State(state): State<AppState>, ctx: Ctx, Query(q): Query<DashboardQuery>) -> Response {
    match figures::effect_figures(&state, &ctx, &q).await {
        Ok(f) => {
            let lang = ctx.lang;
            let e = &f.estimate;
            let page = EffectPage {
                estimate: optional(e.estimate, 2, lang),
                interval: match (e.ci_low, e.ci_high) {
                    (Some(l), Some(h)) => format!(
                        "{} {} {} {}",
                        lang.pick("van", "from"),
                        format_number(l, 2, lang),
                        lang.pick("tot", "to"),
                        format_number(h, 2, lang)
                    ),
                    _ => "–".to_owned(),
                },
                trend: e
                    .trend
                    .iter()
                    .map(|t| {
                        [
                            schakel_domain::monitoring::school_year_label(t.school_year),
                            optional(t.treated_rate, 2, lang),
                            optional(t.control_rate, 2, lang),
                        ]
                    })
                    .collect(),
                arrangements: schakel_domain::monitoring::ArrangementKind::ALL
                    .iter()
                    .map(|a| (a.code().to_owned(), a.label(lang).to_owned()))
                    .collect(),
                page: ctx.page("monitoring"),
                f,
            };
            render(&page)
        }
        Err(e) => page_error(&ctx, e),
    }
}
