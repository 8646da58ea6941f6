//! The privacy officer's view of the access log: search by person, user and period.

use super::view::{AdminView, Cell, Field, SearchSpec, Table, render_admin};
use super::{format_short_timestamp, page_error};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::Datelike;
use schakel_domain::audit::{AuditAction, basis_label};
use schakel_domain::org::FieldError;
use schakel_store::{AuditFilter, AuditVerification};
use serde::Deserialize;

#[derive(Deserialize, Default, Debug, Clone, schemars::JsonSchema)]
pub struct AuditQuery {
    pub subject_kind: Option<String>,
    pub subject_id: Option<String>,
    pub username: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
    /// A child, by case number or (part of the) name: entries about their cases and referrals.
    pub person: Option<String>,
    /// Entries whose basis starts with this, e.g. `legal_ground` for every share without consent.
    pub basis: Option<String>,
    /// Walk the whole hash chain (on request: it reads every entry).
    pub verify: Option<String>,
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The filter for a query: `from` and `until` are dates (yyyy-mm-dd), `until` includes that whole
/// day. Entries are compared by their timestamp text, so each bound is written as a date of
/// four-digit years; a bound beyond year 9999 is no bound.
pub fn audit_filter(q: &AuditQuery) -> Result<AuditFilter, AppError> {
    let day = |field: &str, value: Option<String>| -> Result<Option<chrono::NaiveDate>, AppError> {
        value
            .map(|d| {
                chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| {
                    AppError::Validation(vec![FieldError::new(
                        field,
                        "Geef een datum als jjjj-mm-dd.",
                        "Give a date as yyyy-mm-dd.",
                    )])
                })
            })
            .transpose()
    };
    let four_digit_year = |d: &chrono::NaiveDate| (0..=9999).contains(&d.year());
    let last_day = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(chrono::NaiveDate::MAX);
    let basis_prefix = nonempty(&q.basis)
        .map(|b| {
            if b.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
            {
                Ok(b)
            } else {
                Err(AppError::Validation(vec![FieldError::new(
                    "basis",
                    "Een grondslag bestaat uit letters, cijfers, '_' en ':'.",
                    "A basis consists of letters, digits, '_' and ':'.",
                )]))
            }
        })
        .transpose()?;
    let from = day("from", nonempty(&q.from))?;
    let until = day("until", nonempty(&q.until))?;
    Ok(AuditFilter {
        subject_kind: nonempty(&q.subject_kind),
        subject_id: nonempty(&q.subject_id),
        username: nonempty(&q.username),
        // A start before year 0 bounds nothing; one after 9999 leaves nothing (no entry is that late).
        from: from
            .filter(|d| d.year() >= 0)
            .map(|d| d.min(last_day).format("%Y-%m-%d").to_string()),
        until: until
            .and_then(|d| d.succ_opt())
            .filter(four_digit_year)
            .map(|d| d.format("%Y-%m-%d").to_string()),
        subjects: None,
        basis_prefix,
        organisation_id: None,
        limit: 500,
    })
}

/// The filter for a search, within the privacy officer's organisation when they have one, with a
/// child named by case number or name turned into the subjects the log knows them by.
pub async fn audit_filter_for(
    state: &AppState,
    ctx: &Ctx,
    q: &AuditQuery,
) -> Result<AuditFilter, AppError> {
    let mut filter = audit_filter(q)?;
    // A privacy officer of an organisation sees what concerns it; one without sees the whole log.
    let organisation = ctx.principal()?.organisation_id;
    filter.organisation_id = organisation;
    if let Some(person) = nonempty(&q.person) {
        filter.subjects = Some(
            state
                .store()
                .audit_subjects_of_child(organisation, &person)
                .await?,
        );
    }
    Ok(filter)
}

async fn view(state: &AppState, ctx: &Ctx, q: &AuditQuery) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let entries = state
        .store()
        .search_audit(&audit_filter_for(state, ctx, q).await?)
        .await?;
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
        links: vec![
            ("/audit?verify=1".into(), t("audit.verify").into()),
            ("/privacy/consents".into(), t("nav.consents").into()),
        ],
        search: Some(SearchSpec {
            action: "/audit".into(),
            fields: vec![
                Field::new(
                    "person",
                    t("audit.person"),
                    "text",
                    q.person.clone().unwrap_or_default(),
                )
                .optional()
                .hint(t("audit.person_hint")),
                Field::new(
                    "basis",
                    t("audit.basis"),
                    "select",
                    q.basis.clone().unwrap_or_default(),
                )
                .optional()
                .options(vec![
                    (String::new(), t("audit.basis_any").into()),
                    ("legal_ground".into(), t("audit.basis_legal_ground").into()),
                    ("consent".into(), t("audit.basis_consent").into()),
                ]),
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
            "audit.basis",
        ]
        .iter()
        .map(|k| t(k).to_string())
        .collect(),
        rows: entries
            .iter()
            .map(|e| {
                let ev = &e.event;
                vec![
                    Cell::text(format_short_timestamp(&ev.at, ctx.lang)),
                    Cell::text(&ev.username),
                    Cell::text(match schakel_domain::Role::parse(&ev.role) {
                        Some(role) => ctx.lang.t(&format!("role.{}", role.as_str())).to_string(),
                        None => ev.role.clone(),
                    }),
                    Cell::text(
                        AuditAction::parse(&ev.action)
                            .map_or(ev.action.as_str(), |a| a.label(ctx.lang)),
                    ),
                    Cell::text(format!(
                        "{} {}",
                        ev.subject_kind,
                        ev.subject_id.clone().unwrap_or_default()
                    )),
                    Cell::text(format!("{} {}", ev.method, ev.route)),
                    Cell::text(&ev.client_addr),
                    Cell::text(&ev.outcome),
                    Cell::text(basis_label(&ev.basis, ctx.lang)),
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
