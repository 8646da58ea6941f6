//! SMW plus: the export of an approved decision for the municipality that gave the mandate (RULES.md §10, ADR
//! 024). Schakel records the decision with what the iJw allocation message (JW301 "toewijzing") needs and exports
//! it — as JSON (`GET /api/v1/mandate-decisions/{id}/allocation`) and as a one-page PDF from the decision's page;
//! the municipality sends the message to the provider. Only an approved decision is exported; the export is
//! logged as a read of the case and as an export. No consent is asked for the export itself: it goes to the
//! municipality that mandated the decision (the consent to share with the provider was checked when the decision
//! was taken, `usecase::mandate::decide_mandate`).

use super::case::open_case_recent;
use super::input::invalid;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::audit::AuditAction;
use schakel_domain::mandate::{CareCategory, MandateStatus, VolumeUnit};
use schakel_store::{Newest, StoreError};
use serde::Serialize;

/// An approved decision with the data of an iJw allocation (JW301). Fields carry the iJw element's name where the
/// standard has one (`geboortedatum`, `ingangsdatum`, `eenheid`, …); what Schakel does not record is `null` and
/// listed in `not_recorded`, for the municipality to add from its own records.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Allocation {
    pub decision_id: i64,
    pub case_number: String,
    /// Always `approved`: only an approved decision is exported.
    pub status: String,
    /// The municipality that gave the mandate (the sender, "Afzender", of the JW301 message).
    pub gemeente: Option<AllocationMunicipality>,
    pub client: AllocationClient,
    pub toegewezen_product: AllocationProduct,
    pub aanbieder: AllocationProvider,
    pub besluit: AllocationDecision,
    /// What the message needs and Schakel does not record, each with why.
    pub not_recorded: Vec<NotRecorded>,
}

/// The mandating municipality.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AllocationMunicipality {
    /// The gemeentecode (four digits, CBS).
    pub gemeentecode: String,
    pub naam: String,
}

/// The child ("Client" in the message).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AllocationClient {
    /// The burgerservicenummer, when the worker entered it with the decision (else `null`, see `not_recorded`).
    pub bsn: Option<String>,
    /// YYYY-MM-DD.
    #[schemars(extend("format" = "date"))]
    pub geboortedatum: String,
    pub voornamen: String,
    pub geslachtsnaam: String,
}

/// The care allocated ("ToegewezenProduct").
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AllocationProduct {
    /// The iJw product category (jeugdhulpcategorie), two digits, e.g. `45`.
    pub categorie: String,
    /// The category's name in Dutch.
    pub categorie_naam: String,
    /// The category's code in Schakel (`schakel_domain::mandate::CareCategory`).
    pub category: String,
    /// The productcode within the category, when the worker entered it with the decision (else `null`: the
    /// municipality's contract with the provider decides it).
    pub productcode: Option<String>,
    /// What care, in the worker's words.
    pub omschrijving: String,
    pub omvang: AllocationVolume,
    /// YYYY-MM-DD.
    #[schemars(extend("format" = "date"))]
    pub ingangsdatum: String,
    /// YYYY-MM-DD.
    #[schemars(extend("format" = "date"))]
    pub einddatum: String,
}

/// The volume ("Omvang"): so much of a unit, per a frequency.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AllocationVolume {
    pub volume: i64,
    /// The iJw unit code (code list Eenheid, WJ756), e.g. `04` for hours.
    pub eenheid: String,
    pub eenheid_naam: String,
    /// The iJw frequency code (code list Frequentie, WJ757): `2` per week, `6` in total within the period.
    pub frequentie: String,
    pub frequentie_naam: String,
    /// The unit's code in Schakel (`schakel_domain::mandate::VolumeUnit`).
    pub unit: String,
}

/// The provider the care is allocated to (the receiver, "Ontvanger", of the message).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AllocationProvider {
    /// The name as it was when the decision was taken.
    pub naam: String,
    /// The provider's AGB code, when the worker entered it with the decision (else `null`, see `not_recorded`).
    pub agb_code: Option<String>,
    /// The provider's entry in Schakel's referral directory.
    pub directory_id: Option<i64>,
}

/// Who decided and who approved, when.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AllocationDecision {
    /// YYYY-MM-DD.
    #[schemars(extend("format" = "date"))]
    pub besluitdatum: String,
    pub decided_by: AllocationPerson,
    pub organisation: String,
    /// YYYY-MM-DD.
    #[schemars(extend("format" = "date"))]
    pub approved_on: String,
    pub approved_by: AllocationPerson,
    /// The worker's reasons for the decision.
    pub reasons: String,
    /// Always "SMW plus": a school social worker deciding under the municipality's mandate.
    pub mandate: String,
}

/// A person who took part in the decision.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AllocationPerson {
    pub name: String,
    /// The professional registration number (SKJ), when recorded.
    pub registration_number: Option<String>,
}

/// A field of the allocation that was not entered with the decision (or that Schakel does not record).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NotRecorded {
    /// The field's path in this record, e.g. `client.bsn`.
    pub field: String,
    pub note_nl: String,
    pub note_en: String,
}

fn not_recorded(field: &str, nl: &str, en: &str) -> NotRecorded {
    NotRecorded {
        field: field.into(),
        note_nl: nl.into(),
        note_en: en.into(),
    }
}

/// The allocation of decision `decision_id` (of case `case_id` when the page asks): access as for the case, an
/// approved decision only (422 naming `status` otherwise), logged as a read of the case and as an export.
pub async fn allocation(
    state: &AppState,
    ctx: &Ctx,
    decision_id: i64,
    case_id: Option<i64>,
) -> Result<Allocation, AppError> {
    let d = match state.store().mandate_decision(decision_id).await {
        Ok(d) => d,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    if case_id.is_some_and(|id| id != d.case_id) {
        return Err(AppError::NotFound);
    }
    // Who may open the case may export its decision; the opening is logged (a refusal too) as for the case.
    let file = open_case_recent(state, ctx, d.case_id, Newest::both(0)).await?;
    let (Some(MandateStatus::Approved), Some(approver), Some(approved_on)) = (
        MandateStatus::parse(&d.status),
        d.approved_by,
        d.approved_on.clone(),
    ) else {
        return Err(invalid(
            "status",
            "Alleen een besluit waarop de teamleider akkoord heeft gegeven, wordt geëxporteerd voor de \
             toewijzing; dit besluit wacht nog of is afgewezen.",
            "Only a decision the team lead approved is exported for the allocation; this one is waiting or \
             was refused.",
        ));
    };
    let (Some(category), Some(unit), Some(volume)) = (
        CareCategory::parse(&d.category),
        VolumeUnit::parse(&d.volume_unit),
        d.volume,
    ) else {
        return Err(invalid(
            "category",
            "Dit besluit is vastgelegd zonder productcategorie en omvang en kan niet als toewijzing worden \
             geëxporteerd.",
            "This decision was recorded without a product category and volume and cannot be exported as an \
             allocation.",
        ));
    };
    let store = state.store();
    let worker = store.worker(d.worker_id).await?;
    let approver = store.user(approver).await?;
    let approver_registration = store
        .worker_of_user(approver.id)
        .await?
        .and_then(|w| w.registration_number);
    let org = store.organisation(file.case.organisation_id).await?;
    let gemeente = match org.municipality_id {
        Some(id) => {
            let m = store.municipality(id).await?;
            Some(AllocationMunicipality {
                gemeentecode: m.cbs_code,
                naam: m.name,
            })
        }
        None => None,
    };
    let ids = store.mandate_allocation_ids(d.id).await?;
    let given = |s: String| (!s.is_empty()).then_some(s);
    let (bsn, productcode, agb_code) =
        (given(ids.bsn), given(ids.product_code), given(ids.agb_code));
    let mut missing = Vec::new();
    if bsn.is_none() {
        missing.push(not_recorded(
            "client.bsn",
            "Het BSN is niet met het besluit vastgelegd; de gemeente vult het aan uit de BRP.",
            "No BSN was entered with the decision; the municipality adds it from the BRP.",
        ));
    }
    if productcode.is_none() {
        missing.push(not_recorded(
            "toegewezen_product.productcode",
            "De productcode volgt uit het contract van de gemeente met de aanbieder.",
            "The product code follows from the municipality's contract with the provider.",
        ));
    }
    if agb_code.is_none() {
        missing.push(not_recorded(
            "aanbieder.agb_code",
            "De AGB-code van de aanbieder is niet met het besluit vastgelegd; de gemeente kent die uit haar contract.",
            "The provider's AGB code was not entered with the decision; the municipality knows it from its contract.",
        ));
    }
    let (eenheid, eenheid_naam) = unit.ijw_unit();
    let (frequentie, frequentie_naam) = unit.ijw_frequency();
    let mut event = ctx.event(
        AuditAction::Export,
        "case",
        Some(d.case_id.to_string()),
        "ok",
    );
    event.basis = format!("{}; municipal_mandate", event.basis);
    let mut events = vec![event];
    // The identifiers (a BSN above all) are read by name: the privacy officer's search finds the decision.
    if bsn.is_some() || agb_code.is_some() || productcode.is_some() {
        events.push(ctx.event(
            AuditAction::Read,
            "mandate_decision",
            Some(d.id.to_string()),
            "ok",
        ));
    }
    state.log_all(events).await?;
    Ok(Allocation {
        decision_id: d.id,
        case_number: file.case.case_number,
        status: d.status,
        gemeente,
        client: AllocationClient {
            bsn,
            geboortedatum: file.child.date_of_birth,
            voornamen: file.child.given_name,
            geslachtsnaam: file.child.family_name,
        },
        toegewezen_product: AllocationProduct {
            categorie: category.ijw_code().into(),
            categorie_naam: category.label_nl().into(),
            category: category.as_str().into(),
            productcode,
            omschrijving: d.care_kind,
            omvang: AllocationVolume {
                volume,
                eenheid: eenheid.into(),
                eenheid_naam: eenheid_naam.into(),
                frequentie: frequentie.into(),
                frequentie_naam: frequentie_naam.into(),
                unit: unit.as_str().into(),
            },
            ingangsdatum: d.period_from,
            einddatum: d.period_until,
        },
        aanbieder: AllocationProvider {
            naam: d.provider,
            agb_code,
            directory_id: d.provider_id,
        },
        besluit: AllocationDecision {
            besluitdatum: d.decided_on,
            decided_by: AllocationPerson {
                name: worker.name,
                registration_number: worker.registration_number,
            },
            organisation: org.name,
            approved_on,
            approved_by: AllocationPerson {
                name: approver.display_name,
                registration_number: approver_registration,
            },
            reasons: d.reasons,
            mandate: "SMW plus".into(),
        },
        not_recorded: missing,
    })
}
