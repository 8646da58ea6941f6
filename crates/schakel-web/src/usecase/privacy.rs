//! The privacy officer's overview of consents (issue 11, item 7): within the officer's organisation, every consent
//! recorded — the case, the party that gave it (the child or a parent, with the child's age then and whether the
//! parent holds gezag, so whether that party's consent counts), purpose, recipient, given and withdrawn — and the
//! shares of information made under it. Reading it is logged as a read of every case it shows.

use super::input::invalid;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use chrono::NaiveDate;
use schakel_domain::audit::AuditAction;
use schakel_domain::consent::{
    ConsentRecord, Guardian, Party, Purpose, age_on, recipient_key, required_parties,
};
use schakel_store::{ConsentFilter, ConsentLine, ShareLine};
use serde::{Deserialize, Serialize};

/// Most consents one overview shows.
pub const MAX_CONSENTS: i64 = 500;

/// What the overview is filtered by.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ConsentQuery {
    /// `valid` (in force today), `expired` or `withdrawn`; empty: all.
    #[serde(default)]
    #[schemars(extend("examples" = ["valid", "expired", "withdrawn"]))]
    pub status: Option<String>,
    /// One case, by its case number (case ignored).
    #[serde(default)]
    pub case_number: Option<String>,
}

/// The consents of the officer's organisation, with the shares made under each.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ConsentOverview {
    pub consents: Vec<ConsentEntry>,
    /// True when more consents match than the overview shows ([`MAX_CONSENTS`]): narrow it by case number.
    pub truncated: bool,
}

/// One recorded consent.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ConsentEntry {
    pub id: i64,
    pub case_id: i64,
    pub case_number: String,
    /// `child` or `guardian`.
    pub party: String,
    /// The parent or carer who gave it (none when the child did).
    pub guardian_name: Option<String>,
    pub guardian_relation: Option<String>,
    /// Whether that parent holds gezag (parental authority); false for the child.
    pub has_gezag: bool,
    /// The child's age in years on the day the consent was given.
    pub child_age: u32,
    /// Whether this party's consent counts for this purpose at that age (Jeugdwet; RULES.md §1): a parent
    /// without gezag, a child under 12, or a parent for sharing once the child is 12, does not count.
    pub party_counts: bool,
    /// `help` or `share`.
    pub purpose: String,
    /// For `share`: to whom.
    pub recipient: String,
    pub information: String,
    pub given_on: String,
    pub valid_until: Option<String>,
    pub withdrawn_on: Option<String>,
    /// `valid`, `expired` or `withdrawn` today.
    pub status: String,
    /// Information shared under this consent (same case and recipient, in force on the day it was shared).
    pub shares: Vec<ConsentShare>,
}

/// A share of information made under a consent.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ConsentShare {
    /// `school_report`, `onward_referral` or `care_meeting`.
    pub kind: String,
    pub recipient: String,
    pub shared_on: String,
}

fn day(s: &str) -> Option<NaiveDate> {
    s.get(..10)?.parse().ok()
}

fn status_of(line: &ConsentLine, today: NaiveDate) -> &'static str {
    if line.withdrawn_on.is_some() {
        "withdrawn"
    } else if line
        .valid_until
        .as_deref()
        .and_then(day)
        .is_some_and(|u| u < today)
    {
        "expired"
    } else {
        "valid"
    }
}

/// The consent as the domain's rules read it (`None` when its dates cannot be read).
fn record(line: &ConsentLine) -> Option<ConsentRecord> {
    Some(ConsentRecord {
        id: line.id,
        party: line.guardian_id.map_or(Party::Child, Party::Guardian),
        purpose: if line.purpose == "share" {
            Purpose::Share {
                recipient: line.recipient.clone(),
            }
        } else {
            Purpose::Help
        },
        given_on: day(&line.given_on)?,
        valid_until: line.valid_until.as_deref().and_then(day),
        withdrawn_on: line.withdrawn_on.as_deref().and_then(day),
    })
}

fn entry(line: ConsentLine, shares: &[ShareLine], today: NaiveDate) -> ConsentEntry {
    let rec = record(&line);
    let birth = day(&line.child_date_of_birth);
    let child_age = match (birth, rec.as_ref()) {
        (Some(b), Some(r)) => age_on(b, r.given_on),
        _ => 0,
    };
    let guardians: Vec<Guardian> = line
        .guardian_id
        .map(|id| Guardian {
            id,
            name: line.guardian_name.clone().unwrap_or_default(),
            has_gezag: *line.guardian_has_gezag,
        })
        .into_iter()
        .collect();
    let party_counts = rec
        .as_ref()
        .is_some_and(|r| required_parties(child_age, &r.purpose, &guardians).contains(&r.party));
    let under_it = shares
        .iter()
        .filter(|s| {
            s.case_id == line.case_id
                && s.basis == "consent"
                && line.purpose == "share"
                && recipient_key(&s.recipient) == recipient_key(&line.recipient)
                && rec
                    .as_ref()
                    .zip(day(&s.shared_on))
                    .is_some_and(|(r, on)| r.in_force(on))
        })
        .map(|s| ConsentShare {
            kind: s.kind.clone(),
            recipient: s.recipient_name.clone(),
            shared_on: s.shared_on.clone(),
        })
        .collect();
    ConsentEntry {
        status: status_of(&line, today).into(),
        id: line.id,
        case_id: line.case_id,
        case_number: line.case_number,
        party: line.party,
        guardian_name: line.guardian_name,
        guardian_relation: line.guardian_relation,
        has_gezag: *line.guardian_has_gezag,
        child_age,
        party_counts,
        purpose: line.purpose,
        recipient: line.recipient,
        information: line.information,
        given_on: line.given_on,
        valid_until: line.valid_until,
        withdrawn_on: line.withdrawn_on,
        shares: under_it,
    }
}

/// The overview for the privacy officer: the consents of their organisation (all of them for an officer of no
/// organisation), filtered by status and case number (422 naming `status` for an unknown one). Logged as a read of
/// every case it shows (ADR 024).
pub async fn consent_overview(
    state: &AppState,
    ctx: &Ctx,
    q: &ConsentQuery,
) -> Result<ConsentOverview, AppError> {
    let p = ctx.principal()?;
    let status = q.status.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if status.is_some_and(|s| !["valid", "expired", "withdrawn"].contains(&s)) {
        return Err(invalid(
            "status",
            "Kies geldig, verlopen of ingetrokken.",
            "Choose valid, expired or withdrawn.",
        ));
    }
    let today = state.now().date_naive();
    let filter = ConsentFilter {
        organisation_id: p.organisation_id,
        case_number: q
            .case_number
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        status: status.map(str::to_string),
        today: today.to_string(),
        limit: MAX_CONSENTS + 1,
    };
    let mut lines = state.store().consent_overview(&filter).await?;
    let truncated = lines.len() as i64 > MAX_CONSENTS;
    lines.truncate(usize::try_from(MAX_CONSENTS).unwrap_or(usize::MAX));
    let shares = if lines.is_empty() {
        Vec::new()
    } else {
        state.store().shares_of_cases(&filter).await?
    };
    let mut cases: Vec<i64> = lines.iter().map(|l| l.case_id).collect();
    cases.sort_unstable();
    cases.dedup();
    super::log_list(state, ctx, AuditAction::Read, "case", cases).await?;
    Ok(ConsentOverview {
        consents: lines
            .into_iter()
            .map(|l| entry(l, &shares, today))
            .collect(),
        truncated,
    })
}
