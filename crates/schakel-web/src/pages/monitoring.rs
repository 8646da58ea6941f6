//! Monitoring pages: the municipality dashboard, the effect estimate and the team dashboard. Numbers are
//! formatted here; what is counted and what is withheld is decided in `usecase::monitoring` and the domain.

use super::{PageCtx, format_number, page_error, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::i18n::{Lang, Texts};
use crate::usecase::monitoring::{self as figures, Choice, DashboardQuery};
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
        column_totals: t
            .column_totals
            .iter()
            .map(|c| cell_text(*c, k, lang))
            .collect(),
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
    pub group_sessions: String,
    /// Care meetings held / planned, pupils discussed, group reviews held / planned.
    pub care: [String; 3],
    pub group_hours: String,
    pub group_reach: Option<TableView>,
    pub walk_in_visits: Option<TableView>,
    /// The trend as an accessible SVG line chart (the table beside it holds the same numbers).
    pub trend_svg: String,
    /// What followed the referrals, as bars (suppressed bars drawn as such; the table holds the numbers).
    pub outcome_svg: String,
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
            parts.push(format!(
                "{k}={}",
                v.chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>()
            ));
        }
    }
    if let Some(p) = q.provider {
        parts.push(format!("provider={p}"));
    }
    parts.join("&")
}

pub async fn dashboard(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DashboardQuery>,
) -> Response {
    match figures::municipality_figures(&state, &ctx, &q).await {
        Ok(f) => {
            let lang = ctx.lang;
            let k = f.dashboard.threshold;
            let page = DashboardPage {
                headlines: f
                    .dashboard
                    .headlines
                    .iter()
                    .map(|h| headline_text(h, k, lang))
                    .collect(),
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
                            s.pupils.map_or_else(
                                || "–".to_owned(),
                                |p| format_number(p as f64, 0, lang),
                            ),
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
                            h.contracted_per_week.map_or_else(
                                || lang.pick("naar behoefte", "as needed").to_owned(),
                                |c| format_number(c, 1, lang),
                            ),
                            format_number(h.spent_hours, 0, lang),
                            format_number(h.spent_per_week, 1, lang),
                        ]
                    })
                    .collect(),
                legend: Cell::legend(k, lang),
                query_string: query_string(&q, &f.school_year),
                consultations: cell_text(f.consultations, k, lang),
                group_sessions: format_number(f.group_sessions as f64, 0, lang),
                care: [
                    format!("{} / {}", f.care_meetings_held, f.care_meetings_planned),
                    cell_text(f.pupils_discussed, k, lang),
                    format!("{} / {}", f.group_reviews_held, f.group_reviews_planned),
                ],
                group_hours: format_number(f.group_hours, 0, lang),
                group_reach: f
                    .group_reach
                    .as_ref()
                    .map(|t| table_view(t, "group-reach".into(), lang)),
                walk_in_visits: f
                    .walk_in_visits
                    .as_ref()
                    .map(|t| table_view(t, "walk-in-visits".into(), lang)),
                kik_still: cell_text(f.kind_in_kaart_still_at_3_months, k, lang),
                trend_svg: schakel_report::svg::line_chart(&trend_chart(&f, lang), lang),
                outcome_svg: outcome_chart(&f, lang),
                page: ctx.page("monitoring"),
                q,
                f,
            };
            render(&page)
        }
        Err(e) => page_error(&ctx, e),
    }
}

/// The caption of the effect page's trend, by what the effect is measured on.
pub fn trend_title(measure: &str) -> &'static str {
    if measure == "gas" {
        "monitoring.effect_trend_gas"
    } else {
        "monitoring.effect_trend"
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
    pub trend_svg: String,
}

pub async fn effect(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DashboardQuery>,
) -> Response {
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
                trend_svg: schakel_report::svg::line_chart(
                    &schakel_report::LineChart {
                        id_prefix: "effect-trend-chart".into(),
                        title: lang.t(trend_title(&f.measure)).into(),
                        x_label: lang.t("monitoring.school_year").into(),
                        y_label: if f.measure == "gas" {
                            lang.pick("% van de gescoorde doelen", "% of goals scored")
                        } else {
                            lang.pick("per 100 leerlingen", "per 100 pupils")
                        }
                        .into(),
                        x_labels: e
                            .trend
                            .iter()
                            .map(|t| schakel_domain::monitoring::school_year_label(t.school_year))
                            .collect(),
                        series: vec![
                            schakel_report::Series {
                                name: lang.t("monitoring.treated").into(),
                                values: e.trend.iter().map(|t| t.treated_rate).collect(),
                            },
                            schakel_report::Series {
                                name: lang.t("monitoring.control").into(),
                                values: e.trend.iter().map(|t| t.control_rate).collect(),
                            },
                        ],
                        decimals: 2,
                    },
                    lang,
                ),
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

/// A file download with a fixed type and name.
pub(crate) fn download(body: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ExportQuery {
    /// Which table (1-based) for the CSV; all tables otherwise.
    #[serde(default)]
    pub table: Option<usize>,
    #[serde(flatten)]
    pub q: DashboardQuery,
}

/// The dashboard's tables as CSV: one table (`table=N`), or all of them one after the other.
pub async fn export_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(e): Query<ExportQuery>,
) -> Response {
    match figures::municipality_figures(&state, &ctx, &e.q).await {
        Ok(f) => {
            let tables: Vec<&ProtectedTable> = match e.table {
                Some(n) => f
                    .dashboard
                    .tables
                    .get(n.saturating_sub(1))
                    .into_iter()
                    .collect(),
                None => f.dashboard.tables.iter().collect(),
            };
            let mut body = schakel_report::csv::UTF8_BOM.to_owned();
            for (i, t) in tables.iter().enumerate() {
                if i > 0 {
                    body.push_str("\r\n");
                }
                body.push_str(&schakel_report::csv::table_csv(t, ctx.lang));
            }
            let name = format!("schakel-{}-{}.csv", slug(&f.municipality), f.school_year);
            download(body.into_bytes(), "text/csv; charset=utf-8", &name)
        }
        Err(e) => page_error(&ctx, e),
    }
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// All tables of the dashboard as one workbook, a sheet each.
pub async fn export_xlsx(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DashboardQuery>,
) -> Response {
    let result = async {
        let f = figures::municipality_figures(&state, &ctx, &q).await?;
        let bytes = schakel_report::xlsx::tables_xlsx(&f.dashboard.tables, ctx.lang)
            .map_err(|e| crate::error::AppError::Internal(e.to_string()))?;
        Ok::<_, crate::error::AppError>((bytes, f))
    }
    .await;
    match result {
        Ok((bytes, f)) => download(
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &format!("schakel-{}-{}.xlsx", slug(&f.municipality), f.school_year),
        ),
        Err(e) => page_error(&ctx, e),
    }
}

/// What followed the referrals of the year, one bar per outcome (the row totals of the outcome table).
fn outcome_chart(f: &figures::MunicipalityFigures, lang: Lang) -> String {
    let Some(t) = f.dashboard.tables.iter().find(|t| {
        t.title == lang.pick("Wat volgde op de aanmelding", "What followed the referral")
    }) else {
        return String::new();
    };
    schakel_report::svg::bar_chart(
        &schakel_report::BarChart {
            id_prefix: "outcome-chart".into(),
            title: t.title.clone(),
            value_label: lang.t("monitoring.referrals").into(),
            bars: t
                .rows
                .iter()
                .zip(&t.row_totals)
                .map(|(label, cell)| schakel_report::Bar {
                    label: label.clone(),
                    value: (*cell).into(),
                })
                .collect(),
            threshold: t.threshold,
            decimals: 0,
        },
        lang,
    )
}

/// The trend of the dashboard as a line chart.
pub fn trend_chart(f: &figures::MunicipalityFigures, lang: Lang) -> schakel_report::LineChart {
    schakel_report::LineChart {
        id_prefix: "trend".into(),
        title: lang.t("monitoring.trend_caption").into(),
        x_label: lang.t("monitoring.school_year").into(),
        y_label: lang.pick("per 100 leerlingen", "per 100 pupils").into(),
        x_labels: f
            .trend
            .iter()
            .map(|t| schakel_domain::monitoring::school_year_label(t.school_year))
            .collect(),
        series: vec![
            schakel_report::Series {
                name: lang.t("monitoring.referrals_per_100").into(),
                values: f.trend.iter().map(|t| t.referrals_per_100).collect(),
            },
            schakel_report::Series {
                name: lang.t("monitoring.specialist_per_100").into(),
                values: f.trend.iter().map(|t| t.specialist_per_100).collect(),
            },
        ],
        decimals: 1,
    }
}

/// The annual report for the municipality: headline figures, trend, tables, the effect estimate with its caveats.
pub async fn report_pdf(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DashboardQuery>,
) -> Response {
    let result = async {
        let f = figures::municipality_figures(&state, &ctx, &q).await?;
        let effect = figures::effect_figures(&state, &ctx, &q).await?;
        let lang = ctx.lang;
        let k = f.dashboard.threshold;
        let mut headlines: Vec<(String, String)> = f
            .dashboard
            .headlines
            .iter()
            .map(|h| {
                let (label, value, basis) = headline_text(h, k, lang);
                (label, format!("{value} ({basis})"))
            })
            .collect();
        headlines.push((
            lang.t("monitoring.consultations").into(),
            cell_text(f.consultations, k, lang),
        ));
        for h in &f.hours {
            headlines.push((
                format!("{}: {}", lang.t("monitoring.spent_week"), h.school),
                format!(
                    "{} / {}",
                    format_number(h.spent_per_week, 1, lang),
                    h.contracted_per_week.map_or_else(
                        || lang.pick("naar behoefte", "as needed").to_owned(),
                        |c| format_number(c, 1, lang)
                    )
                ),
            ));
        }
        let mut paragraphs = vec![format!(
            "{}: {}",
            lang.t("monitoring.effect_title"),
            effect.arrangement_label
        )];
        paragraphs.extend(effect.explanation.iter().cloned());
        let report = schakel_report::AnnualReport {
            municipality: f.municipality.clone(),
            school_year: f.school_year.clone(),
            generated_on: state.now().date_naive(),
            headlines,
            tables: f.dashboard.tables.clone(),
            effect_paragraphs: paragraphs,
            trend: Some(trend_chart(&f, lang)),
        };
        let bytes = schakel_report::pdf::annual_report(&report, lang)
            .map_err(|e| crate::error::AppError::Internal(e.to_string()))?;
        Ok::<_, crate::error::AppError>((bytes, f))
    }
    .await;
    match result {
        Ok((bytes, f)) => download(
            bytes,
            "application/pdf",
            &format!(
                "jaarverslag-{}-{}.pdf",
                slug(&f.municipality),
                f.school_year
            ),
        ),
        Err(e) => page_error(&ctx, e),
    }
}

#[derive(Template)]
#[template(path = "monitoring/team.html")]
pub struct TeamPage {
    pub page: PageCtx,
    pub f: figures::TeamFigures,
    /// Name, open cases, contract, assigned, cases per contract hour, reviews overdue, open too long, days to first contact.
    pub workers: Vec<[String; 8]>,
    pub hours: Vec<[String; 4]>,
    pub facts: Vec<(String, String)>,
    pub lists: Vec<(String, String, Vec<figures::CaseLine>)>,
}

pub async fn team(State(state): State<AppState>, ctx: Ctx) -> Response {
    match figures::team_figures(&state, &ctx).await {
        Ok(f) => {
            let lang = ctx.lang;
            let days = |d: Option<i64>| {
                d.map_or_else(
                    || "–".to_owned(),
                    |d| format!("{d} {}", lang.pick("dagen", "days")),
                )
            };
            let page = TeamPage {
                workers: f
                    .workers
                    .iter()
                    .map(|w| {
                        [
                            w.name.clone(),
                            w.open_cases.to_string(),
                            optional(w.contract_hours, 1, lang),
                            format_number(w.assigned_hours, 1, lang),
                            optional(w.cases_per_contract_hour, 2, lang),
                            w.reviews_overdue.to_string(),
                            w.open_longer_than_norm.to_string(),
                            days(w.days_to_first_contact),
                        ]
                    })
                    .collect(),
                hours: f
                    .hours
                    .iter()
                    .map(|h| {
                        [
                            h.school.clone(),
                            h.contracted_per_week.map_or_else(
                                || lang.pick("naar behoefte", "as needed").to_owned(),
                                |c| format_number(c, 1, lang),
                            ),
                            format_number(h.spent_hours, 0, lang),
                            format_number(h.spent_per_week, 1, lang),
                        ]
                    })
                    .collect(),
                facts: vec![
                    (lang.t("team.waiting").into(), f.waiting.len().to_string()),
                    (
                        lang.t("team.waiting_median").into(),
                        days(f.waiting_days_median),
                    ),
                    (
                        lang.t("team.first_contact_median").into(),
                        days(f.first_contact_median),
                    ),
                    (
                        lang.t("team.first_contact_p90").into(),
                        days(f.first_contact_p90),
                    ),
                ],
                lists: vec![
                    (
                        "reviews-overdue".into(),
                        lang.t("team.reviews_overdue").into(),
                        f.reviews_overdue.clone(),
                    ),
                    (
                        "reviews-soon".into(),
                        lang.t("team.reviews_soon").into(),
                        f.reviews_due_soon.clone(),
                    ),
                    (
                        "closures".into(),
                        lang.t("team.closures").into(),
                        f.closures_requested.clone(),
                    ),
                    (
                        "open-long".into(),
                        format!(
                            "{} ({} {})",
                            lang.t("team.open_long"),
                            f.case_norm_weeks,
                            lang.pick("weken", "weeks")
                        ),
                        f.open_longer_than_norm.clone(),
                    ),
                    (
                        "onward-waiting".into(),
                        format!(
                            "{} ({} {})",
                            lang.t("team.onward_waiting"),
                            f.onward_norm_weeks,
                            lang.pick("weken", "weeks")
                        ),
                        f.onward_waiting.clone(),
                    ),
                ],
                page: ctx.page("team-dashboard"),
                f,
            };
            render(&page)
        }
        Err(e) => page_error(&ctx, e),
    }
}
