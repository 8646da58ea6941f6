//! The privacy officer's overview of consents (`/privacy/consents`, twin of `GET /api/v1/privacy/consents`).

use super::view::{AdminView, Cell, Field, SearchSpec, Table, render_admin};
use super::{FormErrors, format_date, page_error};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase::privacy::{ConsentEntry, ConsentQuery, consent_overview};
use axum::extract::{Query, State};
use axum::response::Response;

/// Who gave the consent, in words: the child with their age then, or the parent with or without gezag — and
/// whether that party's consent counts.
fn party(e: &ConsentEntry, ctx: &Ctx) -> String {
    let t = |k| ctx.lang.t(k);
    let who = match &e.guardian_name {
        None => t("privacy.party_child").replace("{age}", &e.child_age.to_string()),
        Some(name) => {
            let gezag = if e.has_gezag {
                t("privacy.with_gezag")
            } else {
                t("privacy.without_gezag")
            };
            format!(
                "{name} ({gezag}; {})",
                t("privacy.child_age").replace("{age}", &e.child_age.to_string())
            )
        }
    };
    if e.party_counts {
        who
    } else {
        format!("{who} — {}", t("privacy.does_not_count"))
    }
}

fn status_label(status: &str, ctx: &Ctx) -> String {
    ctx.lang.t(&format!("privacy.status_{status}")).to_string()
}

/// The page without its table: title, lead, the filter form.
fn frame(ctx: &Ctx, q: &ConsentQuery) -> AdminView {
    let t = |k| ctx.lang.t(k);
    AdminView {
        title: t("nav.consents").into(),
        page_id: "consents".into(),
        lead: t("privacy.consents_lead").into(),
        links: vec![("/audit".into(), t("nav.audit").into())],
        search: Some(SearchSpec {
            action: "/privacy/consents".into(),
            fields: vec![
                Field::new(
                    "status",
                    t("privacy.status"),
                    "select",
                    q.status.clone().unwrap_or_default(),
                )
                .optional()
                .options(vec![
                    (String::new(), t("privacy.status_any").into()),
                    ("valid".into(), t("privacy.status_valid").into()),
                    ("expired".into(), t("privacy.status_expired").into()),
                    ("withdrawn".into(), t("privacy.status_withdrawn").into()),
                ]),
                Field::new(
                    "case_number",
                    t("privacy.case_number"),
                    "text",
                    q.case_number.clone().unwrap_or_default(),
                )
                .optional(),
            ],
        }),
        ..Default::default()
    }
}

async fn view(state: &AppState, ctx: &Ctx, q: &ConsentQuery) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let mut v = frame(ctx, q);
    let overview = consent_overview(state, ctx, q).await?;
    if overview.truncated {
        v.facts
            .push((t("privacy.truncated").into(), t("privacy.narrow").into()));
    }
    let date = |d: &Option<String>| {
        d.as_deref()
            .map_or_else(|| "—".to_string(), |d| format_date(d, ctx.lang))
    };
    v.tables.push(Table {
        caption: format!("{} ({})", t("nav.consents"), overview.consents.len()),
        headers: [
            "privacy.case_number",
            "privacy.party",
            "privacy.purpose",
            "privacy.recipient",
            "privacy.given_on",
            "privacy.valid_until",
            "privacy.withdrawn_on",
            "privacy.status",
            "privacy.shares",
        ]
        .iter()
        .map(|k| t(k).to_string())
        .collect(),
        rows: overview
            .consents
            .iter()
            .map(|e| {
                let shares: Vec<String> = e
                    .shares
                    .iter()
                    .map(|s| {
                        format!(
                            "{} {} ({})",
                            ctx.lang.t(&format!("privacy.share_{}", s.kind)),
                            s.recipient,
                            format_date(&s.shared_on, ctx.lang)
                        )
                    })
                    .collect();
                vec![
                    Cell::link(&e.case_number, format!("/cases/{}", e.case_id)),
                    Cell::text(party(e, ctx)),
                    Cell::text(ctx.lang.t(&format!("privacy.purpose_{}", e.purpose))),
                    Cell::text(if e.recipient.is_empty() {
                        "—"
                    } else {
                        e.recipient.as_str()
                    }),
                    Cell::text(format_date(&e.given_on, ctx.lang)),
                    Cell::text(date(&e.valid_until)),
                    Cell::text(date(&e.withdrawn_on)),
                    Cell::text(status_label(&e.status, ctx)),
                    Cell::text(if shares.is_empty() {
                        "—".to_string()
                    } else {
                        shares.join("; ")
                    }),
                ]
            })
            .collect(),
        pagination: None,
    });
    Ok(v)
}

pub async fn consents(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ConsentQuery>,
) -> Response {
    match view(&state, &ctx, &q).await {
        Ok(v) => render_admin(ctx.page("consents"), &v),
        Err(AppError::Validation(errors)) => {
            let mut v = frame(&ctx, &q);
            v.lead = FormErrors(errors).all(&ctx.lang).join(" ");
            let mut res = render_admin(ctx.page("consents"), &v);
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            res
        }
        Err(e) => page_error(&ctx, e),
    }
}
