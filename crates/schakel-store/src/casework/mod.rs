//! Children, referrals, consultations and case files.

use crate::{
    Backend, Flag, Result, Store, StoreError, WriteTx, flag, json_array, json_rows, timestamp,
};
use chrono::{DateTime, Utc};
use schakel_domain::text::fold;
use serde::{Deserialize, Serialize};
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct Child {
    pub id: i64,
    pub organisation_id: i64,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub school_id: Option<i64>,
    pub class_name: String,
    pub home_language: String,
    #[sqlx(try_from = "i64")]
    pub interpreter_needed: Flag,
    pub residence_municipality_id: Option<i64>,
    pub version: i64,
}

impl Child {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct GuardianRow {
    pub id: i64,
    pub child_id: i64,
    pub name: String,
    pub relation: String,
    #[sqlx(try_from = "i64")]
    pub has_gezag: Flag,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct Referral {
    pub id: i64,
    pub organisation_id: i64,
    pub school_id: i64,
    pub child_id: i64,
    pub source: String,
    pub referred_by_user_id: Option<i64>,
    pub referrer_name: String,
    pub reason: String,
    pub signals: String,
    pub urgency: String,
    #[sqlx(try_from = "i64")]
    pub parents_informed: Flag,
    #[sqlx(try_from = "i64")]
    pub parents_agree: Flag,
    pub status: String,
    pub received_on: String,
    pub decided_on: Option<String>,
    pub decision_note: String,
    pub case_id: Option<i64>,
    pub version: i64,
    pub child_name: String,
    pub school_name: String,
    pub case_status: Option<String>,
    /// The worker of the case the referral became (who picked it up), once one is assigned.
    pub worker_name: Option<String>,
}

impl Referral {
    /// The referral's status; an unknown stored code reads as received.
    pub fn status(&self) -> schakel_domain::casework::ReferralStatus {
        use schakel_domain::casework::ReferralStatus;
        ReferralStatus::parse(&self.status).unwrap_or(ReferralStatus::Received)
    }

    /// What the referring school sees of it.
    pub fn school_view(&self) -> schakel_domain::casework::SchoolView {
        use schakel_domain::casework::{CaseStatus, SchoolView};
        let case_closed = self
            .case_status
            .as_deref()
            .map(|s| CaseStatus::of(s) == CaseStatus::Closed);
        SchoolView::of(self.status(), case_closed)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct Consultation {
    pub id: i64,
    pub organisation_id: i64,
    pub school_id: Option<i64>,
    pub worker_id: Option<i64>,
    pub asked_by: String,
    pub child_label: String,
    pub theme: String,
    pub advice: String,
    pub minutes: i64,
    pub held_on: String,
    pub school_name: Option<String>,
    /// The school's question ('' for a consultation the worker recorded).
    pub question: String,
    /// When the worker answered and closed the school's request; none while it is open.
    pub closed_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct Case {
    pub id: i64,
    pub organisation_id: i64,
    pub case_number: String,
    pub child_id: i64,
    pub school_id: Option<i64>,
    pub worker_id: Option<i64>,
    pub team_id: Option<i64>,
    pub referral_id: Option<i64>,
    pub previous_case_id: Option<i64>,
    pub status: String,
    pub opened_on: String,
    pub first_contact_on: Option<String>,
    pub review_on: Option<String>,
    pub closed_on: Option<String>,
    pub closure_reason: Option<String>,
    pub closure_note: String,
    pub satisfaction_parent: Option<i64>,
    pub satisfaction_child: Option<i64>,
    #[sqlx(try_from = "i64")]
    pub safety_concern: Flag,
    pub summary: String,
    pub version: i64,
    pub child_name: String,
    pub date_of_birth: String,
    pub worker_name: Option<String>,
    pub school_name: Option<String>,
}

impl Case {
    /// What the access rules need to know about this case (`schakel_domain::scope::may_open_case`).
    pub fn facts(&self) -> schakel_domain::scope::CaseFacts {
        schakel_domain::scope::CaseFacts {
            organisation_id: self.organisation_id,
            team_id: self.team_id,
            worker_id: self.worker_id,
        }
    }

    pub fn status(&self) -> schakel_domain::casework::CaseStatus {
        schakel_domain::casework::CaseStatus::of(&self.status)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct Goal {
    pub id: i64,
    pub case_id: i64,
    pub description: String,
    /// Code of a goal theme of the organisation's list ('' when none was chosen).
    pub theme: String,
    pub gas_start: i64,
    pub gas_review: Option<i64>,
    pub gas_end: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct Contact {
    pub id: i64,
    pub case_id: i64,
    pub held_on: String,
    pub kind: String,
    pub participants: String,
    pub minutes: i64,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct Task {
    pub id: i64,
    pub case_id: i64,
    pub description: String,
    pub due_on: Option<String>,
    pub done_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct ConsentRow {
    pub id: i64,
    pub case_id: i64,
    pub party: String,
    pub guardian_id: Option<i64>,
    pub purpose: String,
    pub recipient: String,
    pub information: String,
    pub given_on: String,
    pub valid_until: Option<String>,
    pub withdrawn_on: Option<String>,
    pub child_wish: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ReferralTarget {
    pub id: i64,
    pub municipality_id: Option<i64>,
    pub name: String,
    pub kind: String,
    pub contact: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct OnwardReferral {
    pub id: i64,
    pub case_id: i64,
    pub target_id: i64,
    pub status: String,
    pub handover_note: String,
    pub feedback: String,
    pub sharing_basis: Option<String>,
    pub proposed_on: String,
    pub updated_on: String,
    pub version: i64,
    pub target_name: String,
    pub target_kind: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct MandateDecision {
    pub id: i64,
    pub case_id: i64,
    pub worker_id: i64,
    /// What care, in the worker's words (the product within the category).
    pub care_kind: String,
    /// The provider's name as it was when the decision was taken.
    pub provider: String,
    pub period_from: String,
    pub period_until: String,
    pub reasons: String,
    /// `awaiting_approval`, `approved` or `refused` (`schakel_domain::mandate::MandateStatus`).
    pub status: String,
    pub approved_by: Option<i64>,
    pub approved_on: Option<String>,
    pub decided_on: String,
    /// The iJw product category (`schakel_domain::mandate::CareCategory`); empty for decisions before 0009.
    pub category: String,
    pub volume: Option<i64>,
    /// `schakel_domain::mandate::VolumeUnit`; empty for decisions before 0009.
    pub volume_unit: String,
    /// The provider's entry in the referral directory; none for decisions before 0009.
    pub provider_id: Option<i64>,
    pub refused_by: Option<i64>,
    pub refused_on: Option<String>,
    pub refusal_reason: String,
}

/// The iJw identifiers entered with a decision (ADR 033): each empty when not given. Read only by the allocation
/// export and the decision's page, never with the case file.
#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct MandateAllocationIds {
    /// The child's burgerservicenummer, nine digits that pass the elfproef.
    pub bsn: String,
    /// The provider's AGB code, eight digits.
    pub agb_code: String,
    /// The product code within the category (the municipality's contract with the provider).
    pub product_code: String,
}

/// A new decision, checked by the domain's rules (`schakel_domain::mandate::check_decision`).
#[derive(Debug, Clone, PartialEq)]
pub struct NewMandate<'a> {
    pub case_id: i64,
    pub worker_id: i64,
    pub care_kind: &'a str,
    pub category: &'a str,
    pub volume: i64,
    pub volume_unit: &'a str,
    pub provider_id: i64,
    pub provider: &'a str,
    pub period_from: &'a str,
    pub period_until: &'a str,
    pub reasons: &'a str,
    pub status: &'a str,
    pub decided_on: &'a str,
}

/// A decision in a list (the team lead's waiting decisions, a worker's own): with its case and child.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct MandateLine {
    pub id: i64,
    pub case_id: i64,
    pub case_number: String,
    pub child_name: String,
    pub worker_name: String,
    pub care_kind: String,
    pub category: String,
    pub provider: String,
    pub period_from: String,
    pub period_until: String,
    pub decided_on: String,
    pub status: String,
    pub refused_on: Option<String>,
    pub refusal_reason: String,
}

const MANDATE_COLUMNS: &str = "id, case_id, worker_id, care_kind, provider, period_from, period_until, reasons, status, \
     approved_by, approved_on, decided_on, category, volume, volume_unit, provider_id, refused_by, refused_on, refusal_reason";
const MANDATE_LINE_SELECT: &str = "SELECT d.id, d.case_id, k.case_number, c.given_name || ' ' || c.family_name AS child_name, \
     w.name AS worker_name, d.care_kind, d.category, d.provider, d.period_from, d.period_until, d.decided_on, d.status, \
     d.refused_on, d.refusal_reason FROM mandate_decisions d JOIN cases k ON k.id = d.case_id \
     JOIN children c ON c.id = k.child_id JOIN workers w ON w.id = d.worker_id";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct CaseEvent {
    pub id: i64,
    pub case_id: i64,
    pub at: String,
    pub user_id: Option<i64>,
    pub kind: String,
    /// The sentence in Dutch as it was stored (older entries have only this).
    pub summary: String,
    pub detail: String,
    /// The event with its parameters (JSON, `schakel_domain::timeline::TimelineEvent`); empty for an older entry.
    #[serde(default)]
    pub params: String,
    /// The sentence in the reader's language; filled in by the web layer, empty as stored.
    #[serde(default)]
    #[sqlx(default)]
    pub text: String,
}

impl CaseEvent {
    /// The sentence for a reader (see `schakel_domain::timeline::entry_text`).
    pub fn text_in(&self, lang: schakel_domain::Lang) -> String {
        schakel_domain::timeline::entry_text(&self.summary, &self.params, lang)
    }
}

const CHILD_COLS: &str = "id, organisation_id, given_name, family_name, date_of_birth, school_id, class_name, home_language, \
     interpreter_needed, residence_municipality_id, version";
const REFERRAL_SELECT: &str = "SELECT r.id, r.organisation_id, r.school_id, r.child_id, r.source, r.referred_by_user_id, r.referrer_name, \
     r.reason, r.signals, r.urgency, r.parents_informed, r.parents_agree, r.status, r.received_on, r.decided_on, r.decision_note, \
     r.case_id, r.version, c.given_name || ' ' || c.family_name AS child_name, s.name AS school_name, k.status AS case_status, \
     rw.name AS worker_name FROM referrals r JOIN children c ON c.id = r.child_id JOIN schools s ON s.id = r.school_id \
     LEFT JOIN cases k ON k.id = r.case_id LEFT JOIN workers rw ON rw.id = k.worker_id";
const CONSULTATION_SELECT: &str = "SELECT k.id, k.organisation_id, k.school_id, k.worker_id, k.asked_by, k.child_label, k.theme, k.advice, \
     k.minutes, k.held_on, s.name AS school_name, k.question, k.closed_on FROM consultations k LEFT JOIN schools s ON s.id = k.school_id";
const CASE_SELECT: &str = "SELECT k.id, k.organisation_id, k.case_number, k.child_id, k.school_id, k.worker_id, k.team_id, k.referral_id, \
     k.previous_case_id, k.status, k.opened_on, k.first_contact_on, k.review_on, k.closed_on, k.closure_reason, k.closure_note, \
     k.satisfaction_parent, k.satisfaction_child, k.safety_concern, k.summary, k.version, \
     c.given_name || ' ' || c.family_name AS child_name, c.date_of_birth, w.name AS worker_name, s.name AS school_name \
     FROM cases k JOIN children c ON c.id = k.child_id LEFT JOIN workers w ON w.id = k.worker_id LEFT JOIN schools s ON s.id = k.school_id";
const ONWARD_SELECT: &str = "SELECT o.id, o.case_id, o.target_id, o.status, o.handover_note, o.feedback, o.sharing_basis, o.proposed_on, \
     o.updated_on, o.version, t.name AS target_name, t.kind AS target_kind FROM onward_referrals o JOIN referral_targets t ON t.id = o.target_id";
const CHILD_FIELDS: &[&str] = &[
    "id",
    "organisation_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "school_id",
    "class_name",
    "home_language",
    "interpreter_needed",
    "residence_municipality_id",
    "version",
];
const REFERRAL_FIELDS: &[&str] = &[
    "id",
    "organisation_id",
    "school_id",
    "child_id",
    "source",
    "referred_by_user_id",
    "referrer_name",
    "reason",
    "signals",
    "urgency",
    "parents_informed",
    "parents_agree",
    "status",
    "received_on",
    "decided_on",
    "decision_note",
    "case_id",
    "version",
    "child_name",
    "school_name",
    "case_status",
    "worker_name",
];
const ONWARD_FIELDS: &[&str] = &[
    "id",
    "case_id",
    "target_id",
    "status",
    "handover_note",
    "feedback",
    "sharing_basis",
    "proposed_on",
    "updated_on",
    "version",
    "target_name",
    "target_kind",
];

/// The parts of a case file after the case itself, in the order `case_file_of` reads them. Parameters: `$1` case,
/// `$2` child, `$3` referral, `$4` how many of the newest contacts, `$5` how many of the newest timeline entries.
fn case_file_parts() -> Vec<(&'static [&'static str], String, &'static str)> {
    vec![
        (CHILD_FIELDS, format!("SELECT {CHILD_COLS} FROM children WHERE id = $2"), "id"),
        (
            &["id", "child_id", "name", "relation", "has_gezag", "phone", "email"],
            "SELECT id, child_id, name, relation, has_gezag, phone, email FROM guardians WHERE child_id = $2".into(),
            "id",
        ),
        (REFERRAL_FIELDS, format!("{REFERRAL_SELECT} WHERE r.id = $3"), "id"),
        (
            &["id", "case_id", "description", "theme", "gas_start", "gas_review", "gas_end"],
            "SELECT id, case_id, description, theme, gas_start, gas_review, gas_end FROM case_goals WHERE case_id = $1".into(),
            "id",
        ),
        (
            &["id", "case_id", "held_on", "kind", "participants", "minutes", "note"],
            "SELECT id, case_id, held_on, kind, participants, minutes, note FROM case_contacts WHERE case_id = $1 \
             ORDER BY held_on DESC, id DESC LIMIT CAST($4 AS BIGINT)"
                .into(),
            "held_on DESC, id DESC",
        ),
        (
            &["id", "case_id", "description", "due_on", "done_on"],
            "SELECT id, case_id, description, due_on, done_on FROM case_tasks WHERE case_id = $1".into(),
            "done_on IS NOT NULL, due_on, id",
        ),
        (
            &[
                "id", "case_id", "party", "guardian_id", "purpose", "recipient", "information", "given_on", "valid_until",
                "withdrawn_on", "child_wish",
            ],
            "SELECT id, case_id, party, guardian_id, purpose, recipient, information, given_on, valid_until, withdrawn_on, \
             child_wish FROM consents WHERE case_id = $1"
                .into(),
            "given_on, id",
        ),
        (ONWARD_FIELDS, format!("{ONWARD_SELECT} WHERE o.case_id = $1"), "id"),
        (
            &[
                "id", "case_id", "worker_id", "care_kind", "provider", "period_from", "period_until", "reasons", "status",
                "approved_by", "approved_on", "decided_on", "category", "volume", "volume_unit", "provider_id", "refused_by",
                "refused_on", "refusal_reason",
            ],
            format!("SELECT {MANDATE_COLUMNS} FROM mandate_decisions WHERE case_id = $1"),
            "id",
        ),
        (
            &["id", "case_id", "at", "user_id", "kind", "summary", "detail", "params"],
            "SELECT id, case_id, at, user_id, kind, summary, detail, params FROM case_events WHERE case_id = $1 \
             ORDER BY at DESC, id DESC LIMIT CAST($5 AS BIGINT)"
                .into(),
            "at DESC, id DESC",
        ),
        (
            &["id", "case_id", "filename", "content_type", "size_bytes", "sha256", "description", "uploaded_at"],
            "SELECT id, case_id, filename, content_type, size_bytes, sha256, description, uploaded_at FROM case_documents \
             WHERE case_id = $1"
                .into(),
            "uploaded_at DESC, id DESC",
        ),
    ]
}

fn case_file_sql(backend: Backend) -> &'static str {
    fn build(backend: Backend) -> String {
        let parts: Vec<String> = case_file_parts()
            .into_iter()
            .map(|(fields, source, order)| json_array(backend, fields, &source, order))
            .collect();
        format!(
            "SELECT {}, (SELECT COUNT(*) FROM case_contacts WHERE case_id = $1), \
             (SELECT CAST(COALESCE(SUM(minutes), 0) AS BIGINT) FROM case_contacts WHERE case_id = $1), \
             (SELECT CAST(COALESCE(SUM(minutes), 0) AS BIGINT) FROM time_entries WHERE case_id = $1)",
            parts.join(", ")
        )
    }
    per_backend!(backend, build)
}

/// The choices of the case page's forms; see `Store::case_form_lists`.
#[derive(Debug, Clone)]
pub struct CaseFormLists {
    pub settings: crate::OrganisationSettings,
    pub workers: Vec<WorkerChoice>,
    pub targets: Vec<ReferralTarget>,
    /// The organisation's goal themes (empty until its list is first used: then the defaults apply).
    pub goal_themes: Vec<crate::TaxonomyTerm>,
}

/// An active worker of the organisation, as a transfer choice.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct WorkerChoice {
    pub id: i64,
    pub name: String,
}

fn case_form_lists_sql(backend: Backend) -> &'static str {
    fn build(backend: Backend) -> String {
        let workers = json_array(
            backend,
            &["id", "name"],
            "SELECT id, name FROM workers WHERE organisation_id = $1 AND active = 1",
            "name, id",
        );
        let targets = json_array(
            backend,
            &["id", "municipality_id", "name", "kind", "contact"],
            "SELECT id, municipality_id, name, kind, contact FROM referral_targets WHERE municipality_id IS NULL \
             OR municipality_id = COALESCE($2, (SELECT s.municipality_id FROM schools s WHERE s.id = $3))",
            "kind, name",
        );
        let themes = json_array(
            backend,
            &["id", "code", "label", "active"],
            "SELECT id, code, label, active, position FROM taxonomy_terms WHERE organisation_id = $1 AND taxonomy = 'goal_theme'",
            "active DESC, position, label",
        );
        format!(
            "SELECT o.case_prefix, o.review_weeks, o.closure_needs_approval, o.mandate_needs_approval, o.gas_min, \
             o.smw_plus, o.mandate_max_months, o.figures_threshold, o.case_norm_weeks, o.onward_norm_weeks, \
             {workers} AS workers, {targets} AS targets, {themes} AS goal_themes FROM organisations o WHERE o.id = $1"
        )
    }
    per_backend!(backend, build)
}

/// Which referrals a list shows.
#[derive(Debug, Clone, Default)]
pub struct ReferralFilter {
    pub organisation_id: Option<i64>,
    pub school_ids: Option<Vec<i64>>,
    pub status: Option<String>,
    /// Only referrals of this source (a school contact sees what the school referred).
    pub source: Option<String>,
    pub limit: i64,
}

/// What a school may correct of its referral before triage.
#[derive(Debug, Clone, Default)]
pub struct ReferralCorrection {
    pub reason: String,
    /// Signal codes, comma-separated as stored.
    pub signals: String,
    pub urgency: String,
}

/// Which cases a list shows.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub organisation_id: Option<i64>,
    pub worker_id: Option<i64>,
    pub team_id: Option<i64>,
    /// Name (diacritics-insensitive), date of birth (YYYY-MM-DD) or case number.
    pub query: Option<String>,
    pub open_only: bool,
    pub limit: i64,
}

#[derive(Debug, Clone, Default)]
pub struct NewChild {
    pub organisation_id: i64,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub school_id: Option<i64>,
    pub class_name: String,
    pub home_language: String,
    pub interpreter_needed: bool,
    pub residence_municipality_id: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct NewReferral {
    pub organisation_id: i64,
    pub school_id: i64,
    pub child_id: i64,
    pub source: String,
    pub referred_by_user_id: Option<i64>,
    pub referrer_name: String,
    pub reason: String,
    pub signals: String,
    pub urgency: String,
    pub parents_informed: bool,
    pub parents_agree: bool,
    pub received_on: String,
}

#[derive(Debug, Clone, Default)]
pub struct NewCase {
    pub organisation_id: i64,
    pub case_number: String,
    pub child_id: i64,
    pub school_id: Option<i64>,
    pub worker_id: Option<i64>,
    pub team_id: Option<i64>,
    pub referral_id: Option<i64>,
    pub previous_case_id: Option<i64>,
    pub opened_on: String,
    pub review_on: Option<String>,
}

/// Everything a case file page shows.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CaseFile {
    pub case: Case,
    pub child: Child,
    pub guardians: Vec<GuardianRow>,
    pub referral: Option<Referral>,
    pub goals: Vec<Goal>,
    pub contacts: Vec<Contact>,
    pub tasks: Vec<Task>,
    pub consents: Vec<ConsentRow>,
    pub onward: Vec<OnwardReferral>,
    pub mandates: Vec<MandateDecision>,
    pub events: Vec<CaseEvent>,
    pub documents: Vec<DocumentMeta>,
    /// All contacts, also when only the newest are loaded.
    pub contact_count: i64,
    pub contact_minutes: i64,
    /// Indirect time recorded for the case (work without the family present).
    pub indirect_minutes: i64,
}

impl CaseFile {
    /// Guardians and consent records of the file in the domain's terms (for `schakel_domain::consent`).
    pub fn consent_view(
        &self,
    ) -> (
        Vec<schakel_domain::consent::Guardian>,
        Vec<schakel_domain::consent::ConsentRecord>,
    ) {
        use schakel_domain::consent::{ConsentRecord, Guardian, Party, Purpose};
        let guardians = self
            .guardians
            .iter()
            .map(|g| Guardian {
                id: g.id,
                name: g.name.clone(),
                has_gezag: *g.has_gezag,
            })
            .collect();
        let date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let records = self
            .consents
            .iter()
            .filter_map(|c| {
                Some(ConsentRecord {
                    id: c.id,
                    party: if c.party == "child" {
                        Party::Child
                    } else {
                        Party::Guardian(c.guardian_id?)
                    },
                    purpose: if c.purpose == "help" {
                        Purpose::Help
                    } else {
                        Purpose::Share {
                            recipient: c.recipient.clone(),
                        }
                    },
                    given_on: date(&c.given_on)?,
                    valid_until: c.valid_until.as_deref().and_then(date),
                    withdrawn_on: c.withdrawn_on.as_deref().and_then(date),
                })
            })
            .collect();
        (guardians, records)
    }
}

/// A document's metadata (the content is read separately, only on download).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct DocumentMeta {
    pub id: i64,
    pub case_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub description: String,
    pub uploaded_at: String,
}

mod read;
pub use read::Newest;
mod write;
