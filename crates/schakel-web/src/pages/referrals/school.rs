//! What a school contact does with its own referral: sees what it sent and where it stands, corrects it or
//! withdraws it before triage.

use super::super::form::{Form, Values, number, trim, values_of};
use super::super::view::{AdminView, Cell, Field, FormSpec, Table, render_admin};
use super::super::{FormErrors, format_date, format_short_date, page_error};
use super::{detail_view, signal_labels};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase::{self, referral::ReferralForSchool};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use schakel_domain::casework as rules;
use serde::{Deserialize, Serialize};

/// The school's withdrawal as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct WithdrawForm {
    pub reason: String,
    pub version: String,
}

/// The school's correction as typed; `form` marks it among the page's forms when it is shown again.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct CorrectionForm {
    pub form: String,
    pub reason: String,
    pub signals: Vec<String>,
    pub urgency: String,
    pub version: String,
}

/// Whether pairs shown again are those of the correction form.
fn of_correction(values: &Values) -> bool {
    values.iter().any(|(k, v)| k == "form" && v == "correct")
}

/// What a school contact sees of its referral (the use case's [`ReferralForSchool`]): what the school sent,
/// the status and who picked it up, never the case file; the withdraw form while it waits for triage; the
/// reports the social worker shared with the school.
pub(super) async fn school_view(
    state: &AppState,
    ctx: &Ctx,
    r: ReferralForSchool,
    triage_errors: Option<(FormErrors, Values)>,
) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let signals = signal_labels(state, Some(r.organisation_id), ctx.lang).await?;
    let mut v = AdminView {
        title: format!("{} {}", t("referrals.referral"), r.child_name),
        page_id: "referral".into(),
        breadcrumbs: vec![("/referrals".into(), t("nav.referrals").into())],
        lead: t("referrals.school_only_status").into(),
        ..Default::default()
    };
    v.facts = vec![
        (t("referrals.child").into(), r.child_name.clone()),
        (
            t("referrals.received").into(),
            format_date(&r.received_on, ctx.lang),
        ),
        (
            t("referrals.status").into(),
            r.status.label(ctx.lang).to_string(),
        ),
        (
            t("referrals.picked_up_by").into(),
            r.picked_up_by
                .clone()
                .unwrap_or_else(|| t("referrals.not_picked_up").into()),
        ),
        (t("referrals.referrer").into(), r.sent.referrer_name.clone()),
        (t("referrals.reason").into(), r.sent.reason.clone()),
        (
            t("referrals.signals").into(),
            signals(&r.sent.signals.join(",")),
        ),
        (
            t("referrals.urgency").into(),
            rules::Urgency::parse(&r.sent.urgency)
                .map(|u| u.label(ctx.lang))
                .unwrap_or("")
                .into(),
        ),
    ];
    // A refusal that is not about the form's field (decided meanwhile) is said above the facts.
    if let Some(message) = triage_errors
        .as_ref()
        .and_then(|(errors, _)| errors.get("status", &ctx.lang))
    {
        v.lead = format!("{message} {}", v.lead);
    }
    if r.can_withdraw {
        let failed = triage_errors
            .as_ref()
            .filter(|(_, values)| of_correction(values));
        v.forms.push(correction_form(
            ctx,
            &r,
            usecase::referral::signal_options(state, ctx).await?,
            failed,
        ));
        let triage_errors = triage_errors
            .as_ref()
            .filter(|(_, values)| !of_correction(values));
        let mut form = FormSpec {
            id: "withdraw",
            title: t("referrals.withdraw").into(),
            action: format!("/referrals/{}/withdraw", r.id),
            submit: t("referrals.withdraw").into(),
            version: Some(r.version),
            fields: vec![
                Field::new("reason", t("referrals.withdraw_reason"), "textarea", "")
                    .hint(t("referrals.withdraw_hint")),
            ],
            ..Default::default()
        };
        if let Some((errors, values)) = &triage_errors {
            form = form.with_values(values).with_errors(errors, ctx.lang);
        }
        v.forms.push(form);
    }
    let reports = r.reports.unwrap_or_default();
    if !reports.is_empty() {
        v.tables.push(Table {
            caption: t("referrals.reports").into(),
            headers: vec![
                t("referrals.report_date").into(),
                t("referrals.report_body").into(),
            ],
            rows: reports
                .iter()
                .map(|k| {
                    vec![
                        Cell::text(format_short_date(&k.shared_on, ctx.lang)),
                        Cell::text(k.body.clone()),
                    ]
                })
                .collect(),
            pagination: None,
        });
    }
    Ok(v)
}

/// The school's correction of what it sent, filled with what it sent (or, after an error, with what it typed).
fn correction_form(
    ctx: &Ctx,
    r: &ReferralForSchool,
    signals: Vec<(String, String)>,
    failed: Option<&(FormErrors, Values)>,
) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    let form = FormSpec {
        id: "correct",
        title: t("referrals.correct").into(),
        action: format!("/referrals/{}/correct", r.id),
        submit: t("referrals.correct_submit").into(),
        version: Some(r.version),
        fields: vec![
            Field::new(
                "reason",
                t("referrals.reason"),
                "textarea",
                r.sent.reason.clone(),
            )
            .hint(t("referrals.correct_hint")),
            Field::new(
                "signals",
                t("referrals.signals"),
                "checkboxes",
                r.sent.signals.join(","),
            )
            .optional()
            .options(signals),
            Field::new(
                "urgency",
                t("referrals.urgency"),
                "radios",
                r.sent.urgency.clone(),
            )
            .options(
                rules::Urgency::ALL
                    .iter()
                    .map(|u| (u.code().to_string(), u.label(ctx.lang).to_string()))
                    .collect(),
            ),
        ],
        ..Default::default()
    };
    match failed {
        Some((errors, values)) => form.with_values(values).with_errors(errors, ctx.lang),
        None => form,
    }
}

pub async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<WithdrawForm>,
) -> Response {
    let input = usecase::referral::WithdrawInput {
        reason: trim(&form.reason),
        version: number(&form.version),
    };
    match usecase::referral::withdraw_referral(&state, &ctx, id, &input).await {
        Ok(()) => Redirect::to(&format!("/referrals/{id}")).into_response(),
        Err(AppError::Validation(e)) => {
            match detail_view(&state, &ctx, id, Some((FormErrors(e), values_of(&form)))).await {
                Ok(v) => {
                    let mut res = render_admin(ctx.page("referrals"), &v);
                    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
                    res
                }
                Err(e) => page_error(&ctx, e),
            }
        }
        Err(e) => page_error(&ctx, e),
    }
}

/// The school corrects what it sent, before triage; an error shows the form again with what was typed.
pub async fn correct(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(mut form): Form<CorrectionForm>,
) -> Response {
    let input = usecase::referral::CorrectionInput {
        reason: trim(&form.reason),
        signals: form.signals.iter().map(|s| trim(s)).collect(),
        urgency: trim(&form.urgency),
        version: number(&form.version),
    };
    match usecase::referral::correct_referral(&state, &ctx, id, &input).await {
        Ok(()) => Redirect::to(&format!("/referrals/{id}?saved=1")).into_response(),
        Err(AppError::Validation(e)) => {
            form.form = "correct".into();
            match detail_view(&state, &ctx, id, Some((FormErrors(e), values_of(&form)))).await {
                Ok(v) => {
                    let mut res = render_admin(ctx.page("referrals"), &v);
                    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
                    res
                }
                Err(e) => page_error(&ctx, e),
            }
        }
        Err(e) => page_error(&ctx, e),
    }
}
