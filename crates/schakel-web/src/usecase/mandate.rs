//! SMW plus: a social worker's decision (beschikking) for youth care within the mandate, its approval or refusal
//! by the team lead, and the decision record that is exported.

use super::case::{finish, for_change, open_case, open_case_recent, open_only};
use super::consent::{consent_status, sharing_basis};
use super::input::{collect, invalid, text};
use super::scope::own_worker;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::Role;
use schakel_domain::consent::{Purpose, RecipientKind};
use schakel_domain::mandate;
use schakel_domain::org::FieldError;
use schakel_domain::timeline::TimelineEvent;
use schakel_store::{CaseFile, Newest, StoreError};
use serde::{Deserialize, Serialize};

/// An SMW-plus decision as entered on the page or sent to the API.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct MandateInput {
    /// What care, in the worker's words (the product within the category).
    #[serde(default)]
    pub care_kind: String,
    /// A code of `schakel_domain::mandate::CareCategory` (the iJw product category).
    #[serde(default)]
    #[schemars(extend("examples" = mandate_category_codes()))]
    pub category: String,
    #[serde(default)]
    pub volume: Option<i64>,
    /// A code of `schakel_domain::mandate::VolumeUnit`.
    #[serde(default)]
    #[schemars(extend("examples" = mandate_unit_codes()))]
    pub volume_unit: String,
    /// The provider's entry in the case's referral directory.
    #[serde(default)]
    pub provider_id: Option<i64>,
    #[serde(default)]
    /// YYYY-MM-DD.
    #[schemars(extend("format" = "date"))]
    pub period_from: String,
    #[serde(default)]
    /// YYYY-MM-DD.
    #[schemars(extend("format" = "date"))]
    pub period_until: String,
    #[serde(default)]
    pub reasons: String,
    /// The child's BSN for the municipality's allocation message (optional; nine digits that pass the elfproef).
    /// Read back only by the allocation export and the decision's page (ADR 033).
    #[serde(default)]
    pub bsn: String,
    /// The provider's AGB code (optional; eight digits).
    #[serde(default)]
    pub agb_code: String,
    /// The product code within the category, from the municipality's contract with the provider (optional; at
    /// most five letters or digits).
    #[serde(default)]
    pub product_code: String,
}

/// SMW plus: a worker with the mandate records a decision authorising youth care (RULES.md §10). The decision
/// keeps to the domain's rules (`schakel_domain::mandate::check_decision`, with the organisation's longest
/// period); the provider comes from the case's referral directory; consent for help is needed, and — because
/// the municipality sends the decision on to the provider — consent to share with that provider. One function
/// for the page and the API.
pub async fn decide_mandate(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &MandateInput,
) -> Result<i64, AppError> {
    let case = for_change(state, ctx, id).await?;
    open_only(&case)?;
    let worker = own_worker(state, ctx)
        .await?
        .filter(|w| *w.may_authorise_youth_care)
        .ok_or(AppError::Forbidden)?;
    let org = state.store().organisation(case.organisation_id).await?;
    if !*org.smw_plus {
        return Err(AppError::Forbidden);
    }
    let today = state.now().date_naive();
    // Only the carers and consents are needed: not every contact and timeline entry.
    let file = state
        .store()
        .case_file_of(case.clone(), Newest::both(0))
        .await?;
    let lists = state
        .store()
        .case_form_lists(
            case.organisation_id,
            file.child.residence_municipality_id,
            case.school_id,
        )
        .await?;
    let provider = input
        .provider_id
        .and_then(|pid| lists.targets.iter().find(|t| t.id == pid));
    let mut errors = Vec::new();
    let care_kind =
        text("care_kind", &input.care_kind, 200, true).map_err(|e| collect(&mut errors, e));
    let reasons = text("reasons", &input.reasons, 4000, true).map_err(|e| collect(&mut errors, e));
    let decision = mandate::check_decision(
        &mandate::DecisionDraft {
            category: &input.category,
            volume: input.volume,
            volume_unit: &input.volume_unit,
            period_from: &input.period_from,
            period_until: &input.period_until,
            provider_kind: provider.map(|p| p.kind.as_str()),
        },
        today,
        lists.settings.mandate_max_months,
    )
    .map_err(|e| errors.extend(e));
    let ids = mandate::check_allocation_ids(&input.bsn, &input.agb_code, &input.product_code)
        .map_err(|e| errors.extend(e));
    // Consent for help, and — because the decision goes to the provider through the municipality's
    // allocation — consent to share with it; refused with the fields, so every reason comes at once.
    if let Err(m) = consent_status(&file, &Purpose::Help, today) {
        errors.push(FieldError::new(
            "reasons",
            &format!("Toestemming voor hulp ontbreekt: {m}"),
            "Consent for help is missing.",
        ));
    }
    // A provider already refused (not a youth-care provider) is not also asked for consent.
    if let Some(provider) = provider
        && !errors.iter().any(|e| e.field == "provider_id")
        && let Err(missing) = sharing_basis(
            &file,
            &provider.name,
            RecipientKind::of_target(&provider.kind),
            today,
            None,
        )
    {
        errors.push(FieldError::new(
            "provider_id",
            &format!(
                "Geen geldige toestemming om de beschikking te delen met {}. {missing}",
                provider.name
            ),
            &format!(
                "No valid consent to share the decision with {}.",
                provider.name
            ),
        ));
    }
    let (Ok(care_kind), Ok(reasons), Ok(decision), Ok(ids), Some(provider), true) = (
        care_kind,
        reasons,
        decision,
        ids,
        provider,
        errors.is_empty(),
    ) else {
        return Err(AppError::Validation(errors));
    };
    let status = mandate::MandateStatus::new_decision(*lists.settings.mandate_needs_approval);
    let mut tx = state.store().begin().await?;
    let did = tx
        .insert_mandate(
            &schakel_store::NewMandate {
                case_id: id,
                worker_id: worker.id,
                care_kind: &care_kind,
                category: decision.category.as_str(),
                volume: decision.volume,
                volume_unit: decision.unit.as_str(),
                provider_id: provider.id,
                provider: &provider.name,
                period_from: &decision.from.to_string(),
                period_until: &decision.until.to_string(),
                reasons: &reasons,
                status: status.as_str(),
                decided_on: &today.to_string(),
            },
            state.now(),
        )
        .await?;
    if ids != mandate::AllocationIds::default() {
        tx.insert_mandate_allocation_ids(
            did,
            &schakel_store::MandateAllocationIds {
                bsn: ids.bsn.unwrap_or_default(),
                agb_code: ids.agb_code.unwrap_or_default(),
                product_code: ids.product_code.unwrap_or_default(),
            },
        )
        .await?;
    }
    finish(
        state,
        ctx,
        tx,
        id,
        TimelineEvent::MandateRecorded {
            care_kind: care_kind.clone(),
            provider: provider.name.clone(),
            status: status.as_str().to_string(),
        },
        "",
    )
    .await?;
    Ok(did)
}

/// The team lead approves a decision that waits for approval.
pub async fn approve_mandate(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    decision_id: i64,
) -> Result<(), AppError> {
    settle_mandate(state, ctx, id, decision_id, mandate::Verdict::Approve).await
}

/// The team lead refuses a decision that waits for approval, with the reason the worker reads (on the case's
/// timeline, the decision and the worker's home page).
pub async fn refuse_mandate(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    decision_id: i64,
    reason: &str,
) -> Result<(), AppError> {
    let verdict = mandate::Verdict::Refuse {
        reason: reason.trim().to_string(),
    };
    settle_mandate(state, ctx, id, decision_id, verdict).await
}

async fn settle_mandate(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    decision_id: i64,
    verdict: mandate::Verdict,
) -> Result<(), AppError> {
    for_change(state, ctx, id).await?;
    let p = ctx.principal()?;
    if p.role != Role::TeamLead {
        return Err(AppError::Forbidden);
    }
    let d = state.store().mandate_decision(decision_id).await?;
    if d.case_id != id {
        return Err(AppError::NotFound);
    }
    let current = mandate::MandateStatus::parse(&d.status)
        .ok_or_else(|| AppError::internal("unknown decision status"))?;
    mandate::settle(current, &verdict).map_err(|e| AppError::Validation(vec![e]))?;
    let today = state.now().date_naive().to_string();
    let not_waiting = |e: StoreError| match e {
        StoreError::NotFound => invalid(
            "decision",
            "Dit besluit wacht niet (meer) op akkoord.",
            "This decision is not awaiting approval.",
        ),
        e => e.into(),
    };
    let mut tx = state.store().begin().await?;
    let event = match &verdict {
        mandate::Verdict::Approve => {
            tx.approve_mandate(decision_id, p.user_id, &today)
                .await
                .map_err(not_waiting)?;
            TimelineEvent::MandateApproved {
                decision_id,
                care_kind: d.care_kind.clone(),
                provider: d.provider.clone(),
                by: p.display_name.clone(),
            }
        }
        mandate::Verdict::Refuse { reason } => {
            tx.refuse_mandate(decision_id, p.user_id, &today, reason)
                .await
                .map_err(not_waiting)?;
            TimelineEvent::MandateRefused {
                decision_id,
                care_kind: d.care_kind.clone(),
                provider: d.provider.clone(),
                by: p.display_name.clone(),
                reason: reason.to_string(),
            }
        }
    };
    finish(state, ctx, tx, id, event, "").await
}

/// A decision with its case file, for the decision's page: access checked and the reading logged like the case.
pub async fn open_mandate(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    decision_id: i64,
) -> Result<(schakel_store::MandateDecision, CaseFile), AppError> {
    let d = match state.store().mandate_decision(decision_id).await {
        Ok(d) => d,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    if d.case_id != id {
        return Err(AppError::NotFound);
    }
    let file = open_case_recent(state, ctx, id, Newest::both(0)).await?;
    Ok((d, file))
}

/// A mandate decision as the structured record a municipality needs for its iJw allocation (RULES §10).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MandateRecord {
    pub decision_id: i64,
    pub status: String,
    pub decided_on: String,
    pub approved_on: Option<String>,
    /// When the team lead refused the decision, if they did.
    pub refused_on: Option<String>,
    /// The team lead's reason for a refusal; empty otherwise.
    pub refusal_reason: String,
    pub care: MandateCare,
    pub reasons: String,
    pub decided_by: MandateDecider,
    pub client: MandateClient,
    pub case_number: String,
    pub consent_for_help: bool,
}

/// The youth care a mandate decision authorises.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MandateCare {
    pub kind: String,
    /// The iJw product category; none for decisions made before categories were recorded.
    pub category: Option<MandateCategory>,
    /// How much care; none for decisions made before volumes were recorded.
    pub volume: Option<MandateVolume>,
    /// The provider's name as it was when the decision was made.
    pub provider: String,
    /// The provider's entry in the referral directory; none for older decisions.
    pub provider_id: Option<i64>,
    pub period: MandatePeriod,
}

/// An iJw product category (`schakel_domain::mandate::CareCategory`).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MandateCategory {
    #[schemars(extend("examples" = mandate_category_codes()))]
    pub code: String,
    /// The two-digit iJw code.
    pub ijw_code: String,
    pub label_nl: String,
    pub label_en: String,
}

/// An amount of care with its unit (`schakel_domain::mandate::VolumeUnit`).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MandateVolume {
    pub amount: i64,
    #[schemars(extend("examples" = mandate_unit_codes()))]
    pub unit: Option<String>,
    pub unit_nl: Option<String>,
}

/// The codes of the iJw product categories, as schema examples.
fn mandate_category_codes() -> Vec<&'static str> {
    mandate::CareCategory::ALL
        .iter()
        .map(|c| c.as_str())
        .collect()
}

/// The codes of the volume units, as schema examples.
fn mandate_unit_codes() -> Vec<&'static str> {
    mandate::VolumeUnit::ALL
        .iter()
        .map(|u| u.as_str())
        .collect()
}

/// From and until (dates, YYYY-MM-DD).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MandatePeriod {
    pub from: String,
    pub until: String,
}

/// Who decided, with which mandate.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MandateDecider {
    pub name: String,
    pub registration_number: Option<String>,
    pub organisation: String,
    pub mandate: String,
}

/// The child the decision is for.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MandateClient {
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: String,
}

/// The decision as the structured record a municipality needs for its iJw allocation (RULES §10).
pub async fn mandate_record(
    state: &AppState,
    ctx: &Ctx,
    decision_id: i64,
) -> Result<MandateRecord, AppError> {
    let d = state.store().mandate_decision(decision_id).await?;
    let file = open_case(state, ctx, d.case_id).await?;
    let worker = state.store().worker(d.worker_id).await?;
    let org = state
        .store()
        .organisation(file.case.organisation_id)
        .await?;
    let category = mandate::CareCategory::parse(&d.category);
    let unit = mandate::VolumeUnit::parse(&d.volume_unit);
    let consent_for_help = consent_status(&file, &Purpose::Help, state.now().date_naive()).is_ok();
    Ok(MandateRecord {
        decision_id: d.id,
        status: d.status,
        decided_on: d.decided_on,
        approved_on: d.approved_on,
        refused_on: d.refused_on,
        refusal_reason: d.refusal_reason,
        care: MandateCare {
            kind: d.care_kind,
            category: category.map(|c| MandateCategory {
                code: c.as_str().into(),
                ijw_code: c.ijw_code().into(),
                label_nl: c.label_nl().into(),
                label_en: c.label_en().into(),
            }),
            volume: d.volume.map(|amount| MandateVolume {
                amount,
                unit: unit.map(|u| u.as_str().into()),
                unit_nl: unit.map(|u| u.label_nl().into()),
            }),
            provider: d.provider,
            provider_id: d.provider_id,
            period: MandatePeriod {
                from: d.period_from,
                until: d.period_until,
            },
        },
        reasons: d.reasons,
        decided_by: MandateDecider {
            name: worker.name,
            registration_number: worker.registration_number,
            organisation: org.name,
            mandate: "SMW plus".into(),
        },
        client: MandateClient {
            given_name: file.child.given_name,
            family_name: file.child.family_name,
            date_of_birth: file.child.date_of_birth,
        },
        case_number: file.case.case_number,
        consent_for_help,
    })
}
