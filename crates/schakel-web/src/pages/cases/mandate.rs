//! The page of one mandate decision (SMW plus, ADR 011): what the municipality's allocation needs, and the
//! team lead's approval or refusal while it waits.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::pages::form::{Form, Values, trim, values_of};
use crate::pages::view::{AdminView, Field, FormSpec, render_admin};
use crate::pages::{FormErrors, format_date, page_error};
use crate::usecase;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use schakel_domain::Role;
use schakel_domain::mandate::{CareCategory, MandateStatus, VolumeUnit};
use serde::{Deserialize, Serialize};

/// The team lead's refusal as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct RefusalForm {
    pub reason: String,
}

/// The label of a stored product category in the user's language (a decision before the categories: "—").
pub(super) fn category_label(code: &str, lang: crate::i18n::Lang) -> String {
    match (CareCategory::parse(code), lang) {
        (Some(c), crate::i18n::Lang::Nl) => format!("{} ({})", c.label_nl(), c.ijw_code()),
        (Some(c), crate::i18n::Lang::En) => format!("{} ({})", c.label_en(), c.ijw_code()),
        (None, _) => "—".into(),
    }
}

pub(super) fn volume_label(volume: Option<i64>, unit: &str, lang: crate::i18n::Lang) -> String {
    match (volume, VolumeUnit::parse(unit), lang) {
        (Some(v), Some(u), crate::i18n::Lang::Nl) => format!("{v} {}", u.label_nl()),
        (Some(v), Some(u), crate::i18n::Lang::En) => format!("{v} {}", u.label_en()),
        _ => "—".into(),
    }
}

pub(super) fn mandate_status_label(
    m: &schakel_store::MandateDecision,
    lang: crate::i18n::Lang,
) -> String {
    let Some(status) = MandateStatus::parse(&m.status) else {
        return m.status.clone();
    };
    let label = match lang {
        crate::i18n::Lang::Nl => status.label_nl(),
        crate::i18n::Lang::En => status.label_en(),
    };
    if status == MandateStatus::Refused && !m.refusal_reason.is_empty() {
        format!("{label}: {}", m.refusal_reason)
    } else {
        label.to_string()
    }
}

/// The page of one decision: everything the municipality's allocation needs, and for the team lead, while it
/// waits, approval or refusal with a reason.
async fn mandate_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    decision_id: i64,
    failed: Option<(&'static str, FormErrors, Values)>,
    saved: bool,
) -> Result<AdminView, AppError> {
    let p = ctx.principal()?.clone();
    let t = |k| ctx.lang.t(k);
    let (m, file) = usecase::mandate::open_mandate(state, ctx, id, decision_id).await?;
    let worker = state.store().worker(m.worker_id).await?;
    let status = MandateStatus::parse(&m.status);
    let mut v = AdminView {
        title: format!(
            "{} · {} · {}",
            t("cases.mandate_title"),
            file.child.full_name(),
            file.case.case_number
        ),
        page_id: "mandate".into(),
        breadcrumbs: vec![
            ("/cases".into(), t("nav.cases").into()),
            (format!("/cases/{id}"), file.case.case_number.clone()),
        ],
        success: saved.then(|| t("common.saved").into()),
        ..Default::default()
    };
    v.facts = vec![
        (
            t("referrals.status").into(),
            mandate_status_label(&m, ctx.lang),
        ),
        (
            t("referrals.child").into(),
            format!(
                "{} · {} {}",
                file.child.full_name(),
                t("referrals.born"),
                format_date(&file.child.date_of_birth, ctx.lang)
            ),
        ),
        (
            t("cases.category").into(),
            category_label(&m.category, ctx.lang),
        ),
        (t("cases.care_kind").into(), m.care_kind.clone()),
        (
            t("cases.volume").into(),
            volume_label(m.volume, &m.volume_unit, ctx.lang),
        ),
        (t("cases.provider").into(), m.provider.clone()),
        (
            t("cases.period").into(),
            format!(
                "{} – {}",
                format_date(&m.period_from, ctx.lang),
                format_date(&m.period_until, ctx.lang)
            ),
        ),
        (t("cases.reasons").into(), m.reasons.clone()),
        (
            t("cases.decided_by").into(),
            format!("{} · {}", worker.name, format_date(&m.decided_on, ctx.lang)),
        ),
    ];
    if let Some(on) = &m.approved_on {
        v.facts
            .push((t("cases.approved_on").into(), format_date(on, ctx.lang)));
    }
    if let Some(on) = &m.refused_on {
        v.facts
            .push((t("cases.refused_on").into(), format_date(on, ctx.lang)));
        v.facts
            .push((t("cases.refusal_reason").into(), m.refusal_reason.clone()));
    }
    // The iJw identifiers entered with the decision (ADR 033): shown here and exported, nowhere else.
    let ids = state.store().mandate_allocation_ids(decision_id).await?;
    if ids != schakel_store::MandateAllocationIds::default() {
        // Shown by name in the access log, so the privacy officer's search by the child finds who saw a BSN.
        state
            .log(ctx.event(
                schakel_domain::audit::AuditAction::Read,
                "mandate_decision",
                Some(decision_id.to_string()),
                "ok",
            ))
            .await?;
    }
    for (key, value) in [
        ("cases.product_code", ids.product_code),
        ("cases.agb_code", ids.agb_code),
        ("cases.bsn", ids.bsn),
    ] {
        if !value.is_empty() {
            v.facts.push((t(key).into(), value));
        }
    }
    if status == Some(MandateStatus::Approved) {
        v.links.push((
            format!("/cases/{id}/mandate/{decision_id}/allocation.pdf"),
            t("cases.allocation_pdf").into(),
        ));
    }
    v.links
        .push((format!("/cases/{id}"), t("cases.back_to_case").into()));
    if status == Some(MandateStatus::AwaitingApproval) && p.role == Role::TeamLead {
        let mut forms = vec![
            FormSpec {
                id: "approve",
                title: t("cases.approve_decision").into(),
                action: format!("/cases/{id}/mandate/{decision_id}/approve"),
                submit: t("cases.approve").into(),
                ..Default::default()
            },
            FormSpec {
                id: "refuse",
                title: t("cases.refuse_decision").into(),
                action: format!("/cases/{id}/mandate/{decision_id}/refuse"),
                submit: t("cases.refuse").into(),
                danger: true,
                fields: vec![
                    Field::new("reason", t("cases.refusal_reason"), "textarea", "")
                        .hint(t("cases.refusal_reason_hint")),
                ],
                ..Default::default()
            },
        ];
        if let Some((form_id, errors, values)) = failed {
            for f in forms.iter_mut().filter(|f| f.id == form_id) {
                *f = f
                    .clone()
                    .with_values(&values)
                    .with_errors(&errors, ctx.lang);
                if f.fields.iter().all(|x| x.error.is_none()) {
                    if let Some(first) = f.fields.first_mut() {
                        first.error = Some(errors.all(&ctx.lang).join(" "));
                    } else {
                        v.lead = errors.all(&ctx.lang).join(" ");
                    }
                }
            }
        }
        v.forms = forms.into_iter().map(FormSpec::scoped).collect();
    } else if let Some((_, errors, _)) = failed {
        v.lead = errors.all(&ctx.lang).join(" ");
    }
    Ok(v)
}

#[derive(Deserialize, Default)]
pub struct SavedQuery {
    pub saved: Option<String>,
}

pub async fn show_mandate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, decision_id)): Path<(i64, i64)>,
    Query(q): Query<SavedQuery>,
) -> Response {
    match mandate_view(&state, &ctx, id, decision_id, None, q.saved.is_some()).await {
        Ok(v) => render_admin(ctx.page("cases"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

/// After the team lead's verdict: back to the decision (Post/Redirect/Get), or its page with the errors.
async fn after_verdict(
    state: &AppState,
    ctx: &Ctx,
    (id, decision_id): (i64, i64),
    form_id: &'static str,
    values: Values,
    result: Result<(), AppError>,
) -> Response {
    let errors = match result {
        Ok(()) => {
            return Redirect::to(&format!("/cases/{id}/mandate/{decision_id}?saved=1"))
                .into_response();
        }
        Err(AppError::Validation(e)) => FormErrors(e),
        Err(e) => return page_error(ctx, e),
    };
    match mandate_view(
        state,
        ctx,
        id,
        decision_id,
        Some((form_id, errors, values)),
        false,
    )
    .await
    {
        Ok(v) => {
            let mut res = render_admin(ctx.page("cases"), &v);
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            res
        }
        Err(e) => page_error(ctx, e),
    }
}

pub async fn approve_mandate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, decision_id)): Path<(i64, i64)>,
) -> Response {
    let r = usecase::mandate::approve_mandate(&state, &ctx, id, decision_id).await;
    after_verdict(&state, &ctx, (id, decision_id), "approve", Vec::new(), r).await
}

pub async fn refuse_mandate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, decision_id)): Path<(i64, i64)>,
    Form(form): Form<RefusalForm>,
) -> Response {
    let r =
        usecase::mandate::refuse_mandate(&state, &ctx, id, decision_id, &trim(&form.reason)).await;
    after_verdict(
        &state,
        &ctx,
        (id, decision_id),
        "refuse",
        values_of(&form),
        r,
    )
    .await
}

/// An approved decision as the one-page PDF "Toewijzingsbesluit SMW plus" for the municipality (ADR 024), in the
/// reader's language; a decision that is not approved answers its page with the reason (422).
pub async fn allocation_pdf(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, decision_id)): Path<(i64, i64)>,
) -> Response {
    let a = match usecase::allocation::allocation(&state, &ctx, decision_id, Some(id)).await {
        Ok(a) => a,
        Err(AppError::Validation(errors)) => {
            return match mandate_view(&state, &ctx, id, decision_id, None, false).await {
                Ok(mut v) => {
                    v.lead = FormErrors(errors).all(&ctx.lang).join(" ");
                    let mut res = render_admin(ctx.page("cases"), &v);
                    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
                    res
                }
                Err(e) => page_error(&ctx, e),
            };
        }
        Err(e) => return page_error(&ctx, e),
    };
    let sheet = allocation_sheet(&a, ctx.lang, state.now().date_naive());
    match schakel_report::allocation_decision(&sheet, ctx.lang) {
        Ok(bytes) => crate::pages::monitoring::download(
            bytes,
            "application/pdf",
            &format!("toewijzingsbesluit-{}-{}.pdf", a.case_number, a.decision_id),
        ),
        Err(e) => page_error(&ctx, AppError::internal(e)),
    }
}

/// The exported allocation as the PDF sheet says it, labels in the reader's language.
fn allocation_sheet(
    a: &usecase::allocation::Allocation,
    lang: crate::i18n::Lang,
    today: chrono::NaiveDate,
) -> schakel_report::AllocationSheet {
    let day = |s: &str| s.parse::<chrono::NaiveDate>().ok();
    let p = &a.toegewezen_product;
    let person =
        |x: &usecase::allocation::AllocationPerson| (x.name.clone(), x.registration_number.clone());
    schakel_report::AllocationSheet {
        municipality: a
            .gemeente
            .as_ref()
            .map(|g| (g.naam.clone(), g.gemeentecode.clone())),
        organisation: a.besluit.organisation.clone(),
        case_number: a.case_number.clone(),
        decision_id: a.decision_id,
        child_name: format!("{} {}", a.client.voornamen, a.client.geslachtsnaam),
        date_of_birth: day(&a.client.geboortedatum),
        bsn: a.client.bsn.clone(),
        category: category_label(&p.category, lang),
        product_code: p.productcode.clone(),
        care_kind: p.omschrijving.clone(),
        volume: volume_label(Some(p.omvang.volume), &p.omvang.unit, lang),
        ijw_volume: (
            p.omvang.volume,
            (p.omvang.eenheid.clone(), p.omvang.eenheid_naam.clone()),
            (
                p.omvang.frequentie.clone(),
                p.omvang.frequentie_naam.clone(),
            ),
        ),
        from: day(&p.ingangsdatum),
        until: day(&p.einddatum),
        provider: a.aanbieder.naam.clone(),
        provider_agb: a.aanbieder.agb_code.clone(),
        decided_on: day(&a.besluit.besluitdatum),
        decided_by: person(&a.besluit.decided_by),
        approved_on: day(&a.besluit.approved_on),
        approved_by: person(&a.besluit.approved_by),
        reasons: a.besluit.reasons.clone(),
        generated_on: today,
    }
}
