//! What leaves the case file: an onward referral (propose, advance), a transfer to another worker or
//! organisation, and a report to the school (terugkoppeling) — each checked against consent or a legal ground.

use super::case::{finish, for_change, open_only};
use super::consent::sharing_basis;
use super::input::{conflict_with, invalid};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::audit::AuditAction;
use schakel_domain::casework::OnwardStatus;
use schakel_domain::consent::{LegalGround, RecipientKind};
use schakel_domain::input::{Fields, text, version};
use schakel_domain::org::FieldError;
use schakel_domain::timeline::TimelineEvent;
use schakel_store::{Newest, Referral, StoreError};
use serde::{Deserialize, Serialize};

pub async fn propose_onward(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    target_id: Option<i64>,
    handover_note: &str,
) -> Result<(), AppError> {
    let case = for_change(state, ctx, id).await?;
    open_only(&case)?;
    let mut f = Fields::new();
    let target = match target_id {
        Some(target_id) => match state.store().referral_target(target_id).await {
            Ok(t) => Some(t),
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let target = f.take(
        target.ok_or_else(|| FieldError::new("target_id", "Kies waarheen.", "Choose a target.")),
    );
    let note = f.take(text("handover_note", handover_note, 4000, false));
    let (target, note) = f.finish(target.zip(note)).map_err(AppError::Validation)?;
    let mut tx = state.store().begin().await?;
    tx.insert_onward(
        id,
        target.id,
        &note,
        &state.now().date_naive().to_string(),
        state.now(),
    )
    .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        TimelineEvent::OnwardProposed {
            target: target.name.clone(),
        },
        "",
    )
    .await
}

/// Moves an onward referral on; sending it shares information, which needs consent for that recipient
/// or a recorded legal ground (the privacy officer sees which).
pub async fn advance_onward(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    onward_id: i64,
    status: &str,
    feedback: &str,
    legal_ground: &str,
) -> Result<(), AppError> {
    let case = for_change(state, ctx, id).await?;
    let next = OnwardStatus::parse(status)
        .ok_or_else(|| invalid("step", "Kies de nieuwe stap.", "Choose the next step."))?;
    // Only the carers and consents are needed: not every contact and timeline entry.
    let file = state.store().case_file_of(case, Newest::both(0)).await?;
    let mut tx = state.store().begin().await?;
    let o = tx.onward(id, onward_id).await?;
    let current = OnwardStatus::parse(&o.status)
        .ok_or_else(|| AppError::internal("unknown onward status"))?;
    if !current.next().contains(&next) {
        return Err(invalid(
            "step",
            &format!(
                "Na '{}' kan '{}' niet.",
                current.label_nl(),
                next.label_nl()
            ),
            "That step cannot follow the current one.",
        ));
    }
    let today = state.now().date_naive();
    let mut basis = None;
    if next == OnwardStatus::Consented || next.shares_information() {
        // Only sending shares: a legal ground counts there, never for recording consent.
        let ground = LegalGround::parse(legal_ground).filter(|_| next.shares_information());
        let b = sharing_basis(
            &file,
            &o.target_name,
            RecipientKind::of_target(&o.target_kind),
            today,
            ground,
        )
        .map_err(|missing| {
            invalid(
                "step",
                &format!(
                    "Geen geldige toestemming om informatie te delen met {}. {missing}",
                    o.target_name
                ),
                "No valid consent to share information with this recipient.",
            )
        })?;
        basis = Some(b.to_string());
    }
    let feedback = if feedback.trim().is_empty() {
        None
    } else {
        Some(feedback.trim())
    };
    tx.set_onward_status(
        onward_id,
        o.version,
        next.as_str(),
        feedback,
        basis.as_deref(),
        &today.to_string(),
    )
    .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        TimelineEvent::OnwardMoved {
            target: o.target_name.clone(),
            status: next.as_str().to_string(),
        },
        &basis.clone().unwrap_or_default(),
    )
    .await?;
    if let Some(b) = basis.filter(|b| b != "consent") {
        // Sharing on a legal ground instead of consent: visible to the privacy officer.
        let mut e = ctx.event(AuditAction::Export, "case", Some(id.to_string()), "ok");
        e.basis = format!("legal_ground:{b}");
        state.log(e).await?;
    }
    Ok(())
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct TransferInput {
    /// Required: a missing worker is refused on this field.
    #[serde(default)]
    pub worker_id: Option<i64>,
    #[serde(default)]
    pub note: String,
    pub version: Option<i64>,
}

/// Transfers the case to another worker with a handover note; the history stays with the case.
pub async fn transfer(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &TransferInput,
) -> Result<(), AppError> {
    let case = for_change(state, ctx, id).await?;
    open_only(&case)?;
    let mut f = Fields::new();
    let note = f.take(text("note", &input.note, 4000, true));
    let version = f.take(version(input.version));
    let worker = match input.worker_id {
        Some(worker_id) => state.store().worker(worker_id).await.ok(),
        None => None,
    };
    let worker =
        f.take(worker.ok_or_else(|| {
            FieldError::new("worker_id", "Kies een medewerker.", "Choose a worker.")
        }));
    let (note, (version, worker)) = f
        .finish(note.zip(version.zip(worker)))
        .map_err(AppError::Validation)?;
    if !*worker.active {
        return Err(invalid(
            "worker_id",
            "Kies een actieve medewerker.",
            "Choose an active worker.",
        ));
    }
    if worker.organisation_id != case.organisation_id {
        // Handing the file to another organisation shares it: consent to share with that organisation, by name.
        let receiving = state.store().organisation(worker.organisation_id).await?;
        let file = state
            .store()
            .case_file_of(case.clone(), Newest::both(0))
            .await?;
        let today = state.now().date_naive();
        sharing_basis(&file, &receiving.name, RecipientKind::Other, today, None).map_err(|missing| {
            invalid(
                "worker_id",
                &format!(
                    "Overdracht aan {0} deelt het dossier: daarvoor is toestemming nodig om te delen met {0}. {missing}",
                    receiving.name
                ),
                "Transferring to another organisation shares the file: it needs consent to share with it.",
            )
        })?;
    }
    let mut tx = state.store().begin().await?;
    tx.transfer_case(
        id,
        version,
        worker.id,
        worker.team_id,
        worker.organisation_id,
        state.now(),
    )
    .await
    .map_err(conflict_with(&case))?;
    finish(
        state,
        ctx,
        tx,
        id,
        TimelineEvent::Transferred {
            to: worker.name.clone(),
            from: case.worker_name.clone().unwrap_or_default(),
        },
        &note,
    )
    .await
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct SchoolReportInput {
    /// What the school may know: how things are going, what the teacher can do — no more than needed.
    #[serde(default)]
    pub body: String,
    /// `meldcode` or `acute_safety` to share without consent on that ground; empty otherwise.
    #[serde(default)]
    pub legal_ground: String,
}

/// A report to the case's school (terugkoppeling): sharing information, so it needs consent to share with the
/// school in force today for this child's age (under 12 the parents with gezag, 12–15 the child, 16+ the young
/// person) or a recorded legal ground, which is logged as an export the privacy officer sees.
pub async fn report_to_school(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &SchoolReportInput,
) -> Result<i64, AppError> {
    let case = for_change(state, ctx, id).await?;
    let school_id = case.school_id.ok_or_else(|| {
        invalid(
            "body",
            "Dit dossier heeft geen school.",
            "This case has no school.",
        )
    })?;
    let body = super::input::text("body", &input.body, 2000, true)?;
    let file = state
        .store()
        .case_file_of(case.clone(), Newest::both(0))
        .await?;
    let today = state.now().date_naive();
    let basis = sharing_basis(
        &file,
        "school",
        RecipientKind::School,
        today,
        LegalGround::parse(&input.legal_ground),
    )
    .map_err(|missing| {
        invalid(
            "body",
            &format!("Geen geldige toestemming om informatie te delen met de school. {missing}"),
            "No valid consent to share information with the school.",
        )
    })?;
    let p = ctx.principal()?;
    let now = state.now();
    let mut tx = state.store().begin().await?;
    let report = tx
        .insert_school_report(
            id,
            school_id,
            &body,
            basis,
            &today.to_string(),
            p.user_id,
            now,
        )
        .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        TimelineEvent::SchoolReport {
            school: case.school_name.clone().unwrap_or_default(),
        },
        &body,
    )
    .await?;
    // Every report leaves the organisation; one on a legal ground is marked so for the privacy officer.
    let mut e = ctx.event(AuditAction::Export, "case", Some(id.to_string()), "ok");
    e.basis = match basis {
        "consent" => basis.to_string(),
        ground => format!("legal_ground:{ground}"),
    };
    state.log(e).await?;
    Ok(report)
}

/// The reports a school contact may read for a referral of their school: those of its case addressed to
/// that school. Reading them is logged with the referral.
pub async fn school_reports_for(
    state: &AppState,
    referral: &Referral,
) -> Result<Vec<schakel_store::SchoolReport>, AppError> {
    Ok(match referral.case_id {
        Some(case_id) => {
            state
                .store()
                .school_reports(case_id, referral.school_id)
                .await?
        }
        None => Vec::new(),
    })
}
