//! The privacy officer's view of the access log: search by person, user and period.

use super::view::{AdminView, Cell, Field, SearchSpec, Table, render_admin};
use super::{format_timestamp, page_error};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use axum::extract::{Query, State};
use axum::response::Response;
use schakel_domain::audit::AuditAction;
use schakel_store::{AuditFilter, AuditVerification};
use serde::Deserialize;

#[derive(Deserialize, Default, Debug, Clone, schemars::JsonSchema)]
pub struct AuditQuery {
    pub subject_kind: Option<String>,
    pub subject_id: Option<String>,
    pub username: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
    /// Walk the whole hash chain (on request: it reads every entry).
    pub verify: Option<String>,
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The filter for a query: `until` is a date and includes that whole day.
pub fn audit_filter(q: &AuditQuery) -> AuditFilter {
    AuditFilter {
        subject_kind: nonempty(&q.subject_kind),
        subject_id: nonempty(&q.subject_id),
        username: nonempty(&q.username),
        from: nonempty(&q.from),
        // The next day as a bound; past the year 9999 it would print as `+10000-01-01`, which sorts before
        // every timestamp: there, no bound.
        until: nonempty(&q.until).and_then(|d| {
            match chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d") {
                Ok(day) => day
                    .succ_opt()
                    .filter(|next| chrono::Datelike::year(next) <= 9999)
                    .map(|next| next.to_string()),
                Err(_) => Some(d),
            }
        }),
        limit: 500,
    }
}

async fn view(state: &AppState, ctx: &Ctx, q: &AuditQuery) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let entries = state.store().search_audit(&audit_filter(q)).await?;
    state
        .log(ctx.event(
            AuditAction::Search,
            "access_log",
            nonempty(&q.subject_id),
            "ok",
        ))
        .await?;
    let chain = if q.verify.is_some() {
        match state.store().verify_audit().await? {
            AuditVerification::Intact { entries } => format!("{} ({entries})", t("audit.intact")),
            AuditVerification::Broken(b) => format!("{}: {b}", t("audit.broken")),
        }
    } else {
        t("audit.not_checked").to_string()
    };
    let mut v = AdminView {
        title: t("nav.audit").into(),
        page_id: "audit".into(),
        lead: t("audit.lead").into(),
        facts: vec![(t("audit.chain").into(), chain)],
        links: vec![("/audit?verify=1".into(), t("audit.verify").into())],
        search: Some(SearchSpec {
            action: "/audit".into(),
            fields: vec![
                Field::new(
                    "subject_kind",
                    t("audit.subject_kind"),
                    "text",
                    q.subject_kind.clone().unwrap_or_default(),
                )
                .optional()
                .hint(t("audit.subject_kind_hint")),
                Field::new(
                    "subject_id",
                    t("audit.subject_id"),
                    "text",
                    q.subject_id.clone().unwrap_or_default(),
                )
                .optional(),
                Field::new(
                    "username",
                    t("audit.username"),
                    "text",
                    q.username.clone().unwrap_or_default(),
                )
                .optional(),
                Field::new(
                    "from",
                    t("audit.from"),
                    "date",
                    q.from.clone().unwrap_or_default(),
                )
                .optional(),
                Field::new(
                    "until",
                    t("audit.until"),
                    "date",
                    q.until.clone().unwrap_or_default(),
                )
                .optional(),
            ],
        }),
        ..Default::default()
    };
    v.tables.push(Table {
        caption: format!("{} ({})", t("audit.entries"), entries.len()),
        headers: [
            "audit.when",
            "audit.username",
            "audit.role",
            "audit.action",
            "audit.subject",
            "audit.route",
            "audit.address",
            "audit.outcome",
        ]
        .iter()
        .map(|k| t(k).to_string())
        .collect(),
        rows: entries
            .iter()
            .map(|e| {
                let ev = &e.event;
                vec![
                    Cell::text(format_timestamp(&ev.at, ctx.lang)),
                    Cell::text(&ev.username),
                    Cell::text(&ev.role),
                    Cell::text(&ev.action),
                    Cell::text(format!(
                        "{} {}",
                        ev.subject_kind,
                        ev.subject_id.clone().unwrap_or_default()
                    )),
                    Cell::text(format!("{} {}", ev.method, ev.route)),
                    Cell::text(&ev.client_addr),
                    Cell::text(&ev.outcome),
                ]
            })
            .collect(),
        pagination: None,
    });
    Ok(v)
}

pub async fn audit_search(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Response {
    match view(&state, &ctx, &q).await {
        Ok(v) => render_admin(ctx.page("audit"), &v),
        Err(e) => page_error(&ctx, e),
    }
}
