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
/// `$2` child, `$3` referral, `$4` how many of the newest contacts and timeline entries.
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
             ORDER BY at DESC, id DESC LIMIT CAST($4 AS BIGINT)"
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
             o.smw_plus, o.mandate_max_months, {workers} AS workers, {targets} AS targets, {themes} AS goal_themes FROM organisations o WHERE o.id = $1"
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
    pub limit: i64,
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

impl Store {
    pub async fn child(&self, id: i64) -> Result<Child> {
        sqlx::query_as(sql!("SELECT ", CHILD_COLS, " FROM children WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Children of an organisation who may be the same child: same date of birth, or a similar name.
    pub async fn possible_duplicates(
        &self,
        organisation_id: i64,
        given_name: &str,
        family_name: &str,
        date_of_birth: &str,
    ) -> Result<Vec<Child>> {
        let family = fold(family_name.trim());
        let given = fold(given_name.trim());
        let family_prefix: String = family.chars().take(4).collect();
        Ok(sqlx::query_as(sql!(
            "SELECT ", CHILD_COLS, " FROM children WHERE organisation_id = $1 AND \
             ((date_of_birth = $2 AND (name_folded LIKE CAST($3 AS TEXT) OR name_folded LIKE CAST($4 AS TEXT))) OR name_folded = $5) ORDER BY family_name LIMIT 10"
        ))
        .bind(organisation_id)
        .bind(date_of_birth)
        .bind(format!("%{family_prefix}%"))
        .bind(format!("{}%", given.chars().take(3).collect::<String>()))
        .bind(format!("{given} {family}"))
        .fetch_all(self.reader())
        .await?)
    }

    pub async fn guardians_of(&self, child_id: i64) -> Result<Vec<GuardianRow>> {
        Ok(sqlx::query_as("SELECT id, child_id, name, relation, has_gezag, phone, email FROM guardians WHERE child_id = $1 ORDER BY id")
            .bind(child_id)
            .fetch_all(self.reader())
            .await?)
    }

    pub async fn referral(&self, id: i64) -> Result<Referral> {
        sqlx::query_as(sql!(REFERRAL_SELECT, " WHERE r.id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn list_referrals(&self, f: &ReferralFilter) -> Result<Vec<Referral>> {
        let mut rows: Vec<Referral> = sqlx::query_as(sql!(
            REFERRAL_SELECT,
            " WHERE ($1 IS NULL OR r.organisation_id = $1) AND ($2 IS NULL OR r.status = $2) ORDER BY r.received_on DESC, r.id DESC LIMIT CAST($3 AS BIGINT)"
        ))
        .bind(f.organisation_id)
        .bind(&f.status)
        .bind(if f.school_ids.is_some() { 100_000 } else { f.limit.clamp(1, 5000) })
        .fetch_all(self.reader())
        .await?;
        if let Some(ids) = &f.school_ids {
            rows.retain(|r| ids.contains(&r.school_id));
            rows.truncate(f.limit.clamp(1, 5000) as usize);
        }
        Ok(rows)
    }

    pub async fn list_consultations(
        &self,
        organisation_id: i64,
        limit: i64,
    ) -> Result<Vec<Consultation>> {
        Ok(sqlx::query_as(sql!(
            CONSULTATION_SELECT,
            " WHERE k.organisation_id = $1 ORDER BY k.held_on DESC, k.id DESC LIMIT CAST($2 AS BIGINT)"
        ))
        .bind(organisation_id)
        .bind(limit.clamp(1, 5000))
        .fetch_all(self.reader())
        .await?)
    }

    /// A school's consultation requests still waiting for an answer, oldest first.
    pub async fn open_consultation_requests(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<Consultation>> {
        Ok(sqlx::query_as(sql!(
            CONSULTATION_SELECT,
            " WHERE k.organisation_id = $1 AND k.question <> '' AND k.closed_on IS NULL ORDER BY k.held_on, k.id"
        ))
        .bind(organisation_id)
        .fetch_all(self.reader())
        .await?)
    }

    /// The consultation requests a school sent, open and answered, newest first.
    pub async fn consultation_requests_of_school(
        &self,
        school_id: i64,
        limit: i64,
    ) -> Result<Vec<Consultation>> {
        Ok(sqlx::query_as(sql!(
            CONSULTATION_SELECT,
            " WHERE k.school_id = $1 AND k.question <> '' ORDER BY k.held_on DESC, k.id DESC LIMIT CAST($2 AS BIGINT)"
        ))
        .bind(school_id)
        .bind(limit.clamp(1, 5000))
        .fetch_all(self.reader())
        .await?)
    }

    pub async fn consultation(&self, id: i64) -> Result<Consultation> {
        sqlx::query_as(sql!(CONSULTATION_SELECT, " WHERE k.id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Open cases per worker of an organisation (worker id, count): the caseload shown when
    /// assigning a case.
    pub async fn open_caseloads(&self, organisation_id: i64) -> Result<Vec<(i64, i64)>> {
        let rows = sqlx::query(
            "SELECT worker_id, CAST(COUNT(*) AS BIGINT) FROM cases \
             WHERE organisation_id = $1 AND status <> 'closed' AND worker_id IS NOT NULL GROUP BY worker_id",
        )
        .bind(organisation_id)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    pub async fn case(&self, id: i64) -> Result<Case> {
        case_on(&mut *self.reader().acquire().await?, id).await
    }

    pub async fn list_cases(&self, f: &CaseFilter) -> Result<Vec<Case>> {
        let q = f.query.as_deref().map(str::trim).filter(|q| !q.is_empty());
        let pattern = q.map(|q| format!("%{}%", fold(q)));
        let exact = q.map(|q| q.to_uppercase());
        Ok(sqlx::query_as(sql!(
            CASE_SELECT,
            " WHERE ($1 IS NULL OR k.organisation_id = $1) AND ($2 IS NULL OR k.worker_id = $2) AND ($3 IS NULL OR k.team_id = $3) \
             AND ($4 IS NULL OR c.name_folded LIKE CAST($4 AS TEXT) OR LOWER(s.name) LIKE CAST($4 AS TEXT) OR c.date_of_birth = $5 OR UPPER(k.case_number) = $6) \
             AND ($7 = 0 OR k.status <> 'closed') ORDER BY k.status DESC, k.opened_on DESC, k.id DESC LIMIT CAST($8 AS BIGINT)"
        ))
        .bind(f.organisation_id)
        .bind(f.worker_id)
        .bind(f.team_id)
        .bind(&pattern)
        .bind(q)
        .bind(&exact)
        .bind(flag(f.open_only))
        .bind(f.limit.clamp(1, 5000))
        .fetch_all(self.reader())
        .await?)
    }

    /// The case file with everything in it.
    pub async fn case_file(&self, id: i64) -> Result<CaseFile> {
        let case = self.case(id).await?;
        self.case_file_of(case, None).await
    }

    /// The rest of the file of `case`, read just before for the access check (see [`case_file_on`]).
    pub async fn case_file_of(&self, case: Case, recent: Option<i64>) -> Result<CaseFile> {
        case_file_on(
            &mut *self.reader().acquire().await?,
            self.backend,
            case,
            recent,
        )
        .await
    }

    /// What the case page's forms offer, in one statement (ADR 006): the organisation's settings, its active
    /// workers (transfer) and the referral directory (onward referral): national targets and those of the
    /// child's municipality — or of the school's, when the child's is not known.
    pub async fn case_form_lists(
        &self,
        organisation_id: i64,
        child_municipality_id: Option<i64>,
        school_id: Option<i64>,
    ) -> Result<CaseFormLists> {
        let mut conn = self.reader().acquire().await?;
        case_form_lists_on(
            &mut conn,
            self.backend,
            organisation_id,
            child_municipality_id,
            school_id,
        )
        .await
    }

    /// The case page's reads on one reader connection (ADR 007): the case, then — only when the domain's
    /// `may_open_case` lets `reader` (with their own worker record, if any) open it — its file (newest
    /// `recent` contacts and timeline entries) and the form lists. One connection instead of three saves the
    /// driver's hand-offs and its check of every returned connection. `None` when the case may not be opened.
    pub async fn case_page(
        &self,
        id: i64,
        recent: Option<i64>,
        reader: &schakel_domain::Principal,
        own_worker: Option<i64>,
    ) -> Result<Option<(CaseFile, CaseFormLists)>> {
        let mut conn = self.reader().acquire().await?;
        let case = case_on(&mut conn, id).await?;
        if !schakel_domain::scope::may_open_case(reader, own_worker, case.facts()) {
            return Ok(None);
        }
        let (org, school) = (case.organisation_id, case.school_id);
        let file = case_file_on(&mut conn, self.backend, case, recent).await?;
        let lists = case_form_lists_on(
            &mut conn,
            self.backend,
            org,
            file.child.residence_municipality_id,
            school,
        )
        .await?;
        Ok(Some((file, lists)))
    }

    pub async fn referral_target(&self, id: i64) -> Result<ReferralTarget> {
        sqlx::query_as(
            "SELECT id, municipality_id, name, kind, contact FROM referral_targets WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    pub async fn mandate_decision(&self, id: i64) -> Result<MandateDecision> {
        sqlx::query_as(sql!(
            "SELECT ",
            MANDATE_COLUMNS,
            " FROM mandate_decisions WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// Decisions waiting for the team lead's approval, oldest first: of the organisation's open case files, of
    /// one team's when `team_id` is given (as the team lead's case list).
    pub async fn mandates_waiting(
        &self,
        organisation_id: i64,
        team_id: Option<i64>,
    ) -> Result<Vec<MandateLine>> {
        Ok(sqlx::query_as(sql!(
            MANDATE_LINE_SELECT,
            " WHERE d.status = 'awaiting_approval' AND k.organisation_id = $1 AND ($2 IS NULL OR k.team_id = $2) \
             AND k.status <> 'closed' ORDER BY d.decided_on, d.id LIMIT 200"
        ))
        .bind(organisation_id)
        .bind(team_id)
        .fetch_all(self.reader())
        .await?)
    }

    /// A worker's own decisions that still wait, and those refused on or after `refused_since`, newest first.
    pub async fn mandates_of_worker(
        &self,
        worker_id: i64,
        refused_since: &str,
    ) -> Result<Vec<MandateLine>> {
        Ok(sqlx::query_as(sql!(
            MANDATE_LINE_SELECT,
            " WHERE d.worker_id = $1 AND (d.status = 'awaiting_approval' OR (d.status = 'refused' AND d.refused_on >= $2)) \
             ORDER BY d.decided_on DESC, d.id DESC LIMIT 200"
        ))
        .bind(worker_id)
        .bind(refused_since)
        .fetch_all(self.reader())
        .await?)
    }

    /// The latest closed case of a child, to link a new referral within 12 months.
    pub async fn last_closed_case_of_child(&self, child_id: i64) -> Result<Option<Case>> {
        Ok(sqlx::query_as(sql!(
            CASE_SELECT,
            " WHERE k.child_id = $1 AND k.status = 'closed' ORDER BY k.closed_on DESC LIMIT 1"
        ))
        .bind(child_id)
        .fetch_optional(self.reader())
        .await?)
    }
}

impl WriteTx {
    pub async fn insert_child(&mut self, c: &NewChild, now: DateTime<Utc>) -> Result<Child> {
        Ok(sqlx::query_as(sql!(
            "INSERT INTO children (organisation_id, given_name, family_name, name_folded, date_of_birth, school_id, class_name, \
             home_language, interpreter_needed, residence_municipality_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING ",
            CHILD_COLS
        ))
        .bind(c.organisation_id)
        .bind(&c.given_name)
        .bind(&c.family_name)
        .bind(fold(&format!("{} {}", c.given_name, c.family_name)))
        .bind(&c.date_of_birth)
        .bind(c.school_id)
        .bind(&c.class_name)
        .bind(&c.home_language)
        .bind(flag(c.interpreter_needed))
        .bind(c.residence_municipality_id)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?)
    }

    /// Changes the child's details if `version` is still current.
    #[allow(clippy::too_many_arguments)]
    pub async fn update_child(
        &mut self,
        id: i64,
        version: i64,
        class_name: &str,
        home_language: &str,
        interpreter_needed: bool,
        now: DateTime<Utc>,
    ) -> Result<Child> {
        let row: Option<Child> = sqlx::query_as(sql!(
            "UPDATE children SET class_name = $1, home_language = $2, interpreter_needed = $3, updated_at = $4, version = version + 1 \
             WHERE id = $5 AND version = $6 RETURNING ",
            CHILD_COLS
        ))
        .bind(class_name)
        .bind(home_language)
        .bind(flag(interpreter_needed))
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .fetch_optional(self.conn())
        .await?;
        row.ok_or(StoreError::Conflict {
            current_version: -1,
        })
    }

    /// A new referral names the child's school and class as they are now: the child record follows it.
    pub async fn set_child_school(
        &mut self,
        id: i64,
        school_id: i64,
        class_name: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE children SET school_id = $1, class_name = $2, updated_at = $3, version = version + 1 \
             WHERE id = $4 AND (school_id IS NULL OR school_id <> $1 OR class_name <> $2)",
        )
        .bind(school_id)
        .bind(class_name)
        .bind(timestamp(now))
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_guardian(
        &mut self,
        child_id: i64,
        name: &str,
        relation: &str,
        has_gezag: bool,
        phone: &str,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO guardians (child_id, name, relation, has_gezag, phone, email, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(child_id)
        .bind(name)
        .bind(relation)
        .bind(flag(has_gezag))
        .bind(phone)
        .bind(email)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn insert_referral(&mut self, r: &NewReferral, now: DateTime<Utc>) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO referrals (organisation_id, school_id, child_id, source, referred_by_user_id, referrer_name, reason, signals, urgency, \
             parents_informed, parents_agree, status, received_on, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'received', $12, $13, $13) RETURNING id",
        )
        .bind(r.organisation_id)
        .bind(r.school_id)
        .bind(r.child_id)
        .bind(&r.source)
        .bind(r.referred_by_user_id)
        .bind(&r.referrer_name)
        .bind(&r.reason)
        .bind(&r.signals)
        .bind(&r.urgency)
        .bind(flag(r.parents_informed))
        .bind(flag(r.parents_agree))
        .bind(&r.received_on)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Records the triage decision if the referral is still at `version`.
    #[allow(clippy::too_many_arguments)]
    pub async fn decide_referral(
        &mut self,
        id: i64,
        version: i64,
        status: &str,
        note: &str,
        decided_on: &str,
        case_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE referrals SET status = $1, decision_note = $2, decided_on = $3, case_id = $4, updated_at = $5, version = version + 1 \
             WHERE id = $6 AND version = $7",
        )
        .bind(status)
        .bind(note)
        .bind(decided_on)
        .bind(case_id)
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                current_version: -1,
            });
        }
        Ok(())
    }

    /// A school's consultation request: the question, open until the worker answers.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_consultation_request(
        &mut self,
        organisation_id: i64,
        school_id: i64,
        worker_id: Option<i64>,
        asked_by: &str,
        theme: &str,
        question: &str,
        held_on: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO consultations (organisation_id, school_id, worker_id, asked_by, child_label, theme, advice, question, minutes, held_on, created_at) \
             VALUES ($1, $2, $3, $4, '', $5, '', $6, 0, $7, $8) RETURNING id",
        )
        .bind(organisation_id)
        .bind(school_id)
        .bind(worker_id)
        .bind(asked_by)
        .bind(theme)
        .bind(question)
        .bind(held_on)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    /// The worker's answer to an open request, which closes it; `Conflict` when it was closed meanwhile.
    pub async fn answer_consultation(
        &mut self,
        id: i64,
        worker_id: Option<i64>,
        advice: &str,
        minutes: i64,
        closed_on: &str,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE consultations SET advice = $1, minutes = $2, closed_on = $3, worker_id = COALESCE($4, worker_id) \
             WHERE id = $5 AND closed_on IS NULL",
        )
        .bind(advice)
        .bind(minutes)
        .bind(closed_on)
        .bind(worker_id)
        .bind(id)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                current_version: -1,
            });
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_consultation(
        &mut self,
        organisation_id: i64,
        school_id: Option<i64>,
        worker_id: Option<i64>,
        asked_by: &str,
        child_label: &str,
        theme: &str,
        advice: &str,
        minutes: i64,
        held_on: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO consultations (organisation_id, school_id, worker_id, asked_by, child_label, theme, advice, minutes, held_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(organisation_id)
        .bind(school_id)
        .bind(worker_id)
        .bind(asked_by)
        .bind(child_label)
        .bind(theme)
        .bind(advice)
        .bind(minutes)
        .bind(held_on)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    /// The child's case that is not closed (open or waiting for closure approval), if any, read in this
    /// transaction (a triage decides on it and writes in one go). A file the rule of one open file per child does
    /// not cover (`duplicate_open_file`, migration 0008) comes last.
    pub async fn open_case_of_child(&mut self, child_id: i64) -> Result<Option<Case>> {
        Ok(sqlx::query_as(sql!(
            CASE_SELECT,
            " WHERE k.child_id = $1 AND k.status <> 'closed' \
             ORDER BY k.duplicate_open_file, k.opened_on DESC, k.id DESC LIMIT 1"
        ))
        .bind(child_id)
        .fetch_optional(self.conn())
        .await?)
    }

    /// Takes the next case sequence number of an organisation in a year from its counter row, which stays
    /// locked until this transaction ends: two triages never get the same number. The first number of a year
    /// follows the cases the organisation already has in that year (as numbers were counted before the counter).
    pub async fn next_case_sequence(&mut self, organisation_id: i64, year: i32) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO case_number_counters (organisation_id, case_year, last_sequence) \
             VALUES ($1, $2, 1 + (SELECT COUNT(*) FROM cases WHERE organisation_id = $1 AND case_number LIKE CAST($3 AS TEXT))) \
             ON CONFLICT (organisation_id, case_year) DO UPDATE SET last_sequence = case_number_counters.last_sequence + 1 \
             RETURNING last_sequence",
        )
        .bind(organisation_id)
        .bind(i64::from(year))
        .bind(format!("%-{year}-%"))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn insert_case(&mut self, c: &NewCase, now: DateTime<Utc>) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO cases (organisation_id, case_number, child_id, school_id, worker_id, team_id, referral_id, previous_case_id, status, \
             opened_on, review_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11, $11) RETURNING id",
        )
        .bind(c.organisation_id)
        .bind(&c.case_number)
        .bind(c.child_id)
        .bind(c.school_id)
        .bind(c.worker_id)
        .bind(c.team_id)
        .bind(c.referral_id)
        .bind(c.previous_case_id)
        .bind(&c.opened_on)
        .bind(&c.review_on)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await
        .map_err(|e| {
            if violates_one_open_case_per_child(&e) {
                StoreError::OpenCaseExists
            } else {
                StoreError::unique("case_number")(e)
            }
        })?;
        Ok(row.try_get(0)?)
    }

    /// Changes the case summary and flags if `version` is current; otherwise a conflict with the current version.
    pub async fn update_case(
        &mut self,
        id: i64,
        version: i64,
        summary: &str,
        safety_concern: bool,
        review_on: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let done = sqlx::query(
            "UPDATE cases SET summary = $1, safety_concern = $2, review_on = $3, updated_at = $4, version = version + 1 WHERE id = $5 AND version = $6",
        )
        .bind(summary)
        .bind(flag(safety_concern))
        .bind(review_on)
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(crate::org::conflict_or_missing(self.conn(), "cases", id).await);
        }
        Ok(version + 1)
    }

    /// Bumps the case version so concurrent editors notice any change in the file.
    pub async fn touch_case(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE cases SET version = version + 1, updated_at = $1 WHERE id = $2")
            .bind(timestamp(now))
            .bind(id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// A timeline entry with only a sentence (no event parameters); see [`WriteTx::record_event`].
    pub async fn insert_event(
        &mut self,
        case_id: i64,
        user_id: Option<i64>,
        kind: &str,
        summary: &str,
        detail: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.insert_event_row(case_id, user_id, kind, summary, detail, "", now)
            .await
    }

    /// A timeline entry: the event's kind and parameters, and its Dutch sentence as summary (what older
    /// readers and exports show).
    pub async fn record_event(
        &mut self,
        case_id: i64,
        user_id: Option<i64>,
        event: &schakel_domain::timeline::TimelineEvent,
        detail: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let summary = event.text(schakel_domain::Lang::Nl);
        self.insert_event_row(
            case_id,
            user_id,
            event.kind(),
            &summary,
            detail,
            &event.params(),
            now,
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn insert_event_row(
        &mut self,
        case_id: i64,
        user_id: Option<i64>,
        kind: &str,
        summary: &str,
        detail: &str,
        params: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query("INSERT INTO case_events (case_id, at, user_id, kind, summary, detail, params) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(case_id)
            .bind(timestamp(now))
            .bind(user_id)
            .bind(kind)
            .bind(summary)
            .bind(detail)
            .bind(params)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn insert_goal(
        &mut self,
        case_id: i64,
        description: &str,
        theme: &str,
        gas_start: i64,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query("INSERT INTO case_goals (case_id, description, theme, gas_start, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(case_id)
            .bind(description)
            .bind(theme)
            .bind(gas_start)
            .bind(timestamp(now))
            .fetch_one(self.conn())
            .await?;
        Ok(row.try_get(0)?)
    }

    /// Sets the review or end score of a goal (`moment` is `review` or `end`).
    pub async fn score_goal(
        &mut self,
        case_id: i64,
        goal_id: i64,
        moment: &str,
        score: i64,
    ) -> Result<()> {
        let q = if moment == "end" {
            "UPDATE case_goals SET gas_end = $1 WHERE id = $2 AND case_id = $3"
        } else {
            "UPDATE case_goals SET gas_review = $1 WHERE id = $2 AND case_id = $3"
        };
        let done = sqlx::query(q)
            .bind(score)
            .bind(goal_id)
            .bind(case_id)
            .execute(self.conn())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_contact(
        &mut self,
        case_id: i64,
        held_on: &str,
        kind: &str,
        participants: &str,
        minutes: i64,
        note: &str,
        recorded_by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO case_contacts (case_id, held_on, kind, participants, minutes, note, recorded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(case_id)
        .bind(held_on)
        .bind(kind)
        .bind(participants)
        .bind(minutes)
        .bind(note)
        .bind(recorded_by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        sqlx::query("UPDATE cases SET first_contact_on = $1 WHERE id = $2 AND (first_contact_on IS NULL OR first_contact_on > $1)")
            .bind(held_on)
            .bind(case_id)
            .execute(self.conn())
            .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn insert_task(
        &mut self,
        case_id: i64,
        description: &str,
        due_on: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query("INSERT INTO case_tasks (case_id, description, due_on, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(case_id)
            .bind(description)
            .bind(due_on)
            .bind(timestamp(now))
            .fetch_one(self.conn())
            .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn complete_task(&mut self, case_id: i64, task_id: i64, done_on: &str) -> Result<()> {
        let done = sqlx::query(
            "UPDATE case_tasks SET done_on = $1 WHERE id = $2 AND case_id = $3 AND done_on IS NULL",
        )
        .bind(done_on)
        .bind(task_id)
        .bind(case_id)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_consent(
        &mut self,
        case_id: i64,
        party: &str,
        guardian_id: Option<i64>,
        purpose: &str,
        recipient: &str,
        information: &str,
        given_on: &str,
        valid_until: Option<&str>,
        child_wish: &str,
        recorded_by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO consents (case_id, party, guardian_id, purpose, recipient, information, given_on, valid_until, child_wish, recorded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(case_id)
        .bind(party)
        .bind(guardian_id)
        .bind(purpose)
        .bind(recipient)
        .bind(information)
        .bind(given_on)
        .bind(valid_until)
        .bind(child_wish)
        .bind(recorded_by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn withdraw_consent(
        &mut self,
        case_id: i64,
        consent_id: i64,
        on: &str,
    ) -> Result<()> {
        let done = sqlx::query("UPDATE consents SET withdrawn_on = $1 WHERE id = $2 AND case_id = $3 AND withdrawn_on IS NULL")
            .bind(on)
            .bind(consent_id)
            .bind(case_id)
            .execute(self.conn())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn insert_referral_target(
        &mut self,
        municipality_id: Option<i64>,
        name: &str,
        kind: &str,
        contact: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query("INSERT INTO referral_targets (municipality_id, name, kind, contact, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(municipality_id)
            .bind(name)
            .bind(kind)
            .bind(contact)
            .bind(timestamp(now))
            .fetch_one(self.conn())
            .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn insert_onward(
        &mut self,
        case_id: i64,
        target_id: i64,
        handover_note: &str,
        on: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO onward_referrals (case_id, target_id, status, handover_note, proposed_on, updated_on, created_at) \
             VALUES ($1, $2, 'proposed', $3, $4, $4, $5) RETURNING id",
        )
        .bind(case_id)
        .bind(target_id)
        .bind(handover_note)
        .bind(on)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn onward(&mut self, case_id: i64, onward_id: i64) -> Result<OnwardReferral> {
        sqlx::query_as(sql!(ONWARD_SELECT, " WHERE o.id = $1 AND o.case_id = $2"))
            .bind(onward_id)
            .bind(case_id)
            .fetch_optional(self.conn())
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn set_onward_status(
        &mut self,
        onward_id: i64,
        version: i64,
        status: &str,
        feedback: Option<&str>,
        sharing_basis: Option<&str>,
        on: &str,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE onward_referrals SET status = $1, feedback = COALESCE($2, feedback), sharing_basis = COALESCE($3, sharing_basis), updated_on = $4, \
             version = version + 1 WHERE id = $5 AND version = $6",
        )
        .bind(status)
        .bind(feedback)
        .bind(sharing_basis)
        .bind(on)
        .bind(onward_id)
        .bind(version)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                current_version: -1,
            });
        }
        Ok(())
    }

    pub async fn insert_mandate(&mut self, m: &NewMandate<'_>, now: DateTime<Utc>) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO mandate_decisions (case_id, worker_id, care_kind, category, volume, volume_unit, provider_id, provider, \
             period_from, period_until, reasons, status, decided_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        )
        .bind(m.case_id)
        .bind(m.worker_id)
        .bind(m.care_kind)
        .bind(m.category)
        .bind(m.volume)
        .bind(m.volume_unit)
        .bind(m.provider_id)
        .bind(m.provider)
        .bind(m.period_from)
        .bind(m.period_until)
        .bind(m.reasons)
        .bind(m.status)
        .bind(m.decided_on)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Refuses a decision that waits for approval; `NotFound` when it does not (any more).
    pub async fn refuse_mandate(
        &mut self,
        decision_id: i64,
        refused_by: i64,
        on: &str,
        reason: &str,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE mandate_decisions SET status = 'refused', refused_by = $1, refused_on = $2, refusal_reason = $3 \
             WHERE id = $4 AND status = 'awaiting_approval'",
        )
        .bind(refused_by)
        .bind(on)
        .bind(reason)
        .bind(decision_id)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn approve_mandate(
        &mut self,
        decision_id: i64,
        approved_by: i64,
        on: &str,
    ) -> Result<()> {
        let done = sqlx::query("UPDATE mandate_decisions SET status = 'approved', approved_by = $1, approved_on = $2 WHERE id = $3 AND status = 'awaiting_approval'")
            .bind(approved_by)
            .bind(on)
            .bind(decision_id)
            .execute(self.conn())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn close_case(
        &mut self,
        id: i64,
        version: i64,
        closed_on: &str,
        reason: &str,
        note: &str,
        satisfaction_parent: Option<i64>,
        satisfaction_child: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE cases SET status = 'closed', closed_on = $1, closure_reason = $2, closure_note = $3, satisfaction_parent = $4, \
             satisfaction_child = $5, updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8 AND status = 'open'",
        )
        .bind(closed_on)
        .bind(reason)
        .bind(note)
        .bind(satisfaction_parent)
        .bind(satisfaction_child)
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                current_version: -1,
            });
        }
        Ok(())
    }

    pub async fn transfer_case(
        &mut self,
        id: i64,
        version: i64,
        worker_id: i64,
        team_id: Option<i64>,
        organisation_id: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE cases SET worker_id = $1, team_id = $2, organisation_id = $3, updated_at = $4, version = version + 1 WHERE id = $5 AND version = $6",
        )
        .bind(worker_id)
        .bind(team_id)
        .bind(organisation_id)
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                current_version: -1,
            });
        }
        Ok(())
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

impl Store {
    pub async fn documents_of_case(&self, case_id: i64) -> Result<Vec<DocumentMeta>> {
        Ok(sqlx::query_as(
            "SELECT id, case_id, filename, content_type, size_bytes, sha256, description, uploaded_at FROM case_documents WHERE case_id = $1 ORDER BY uploaded_at DESC, id DESC",
        )
        .bind(case_id)
        .fetch_all(self.reader())
        .await?)
    }

    /// Metadata and content of one document of a case.
    pub async fn document(
        &self,
        case_id: i64,
        document_id: i64,
    ) -> Result<(DocumentMeta, Vec<u8>)> {
        let row = sqlx::query(
            "SELECT id, case_id, filename, content_type, size_bytes, sha256, description, uploaded_at, content FROM case_documents WHERE id = $1 AND case_id = $2",
        )
        .bind(document_id)
        .bind(case_id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)?;
        let meta = DocumentMeta {
            id: row.try_get("id")?,
            case_id: row.try_get("case_id")?,
            filename: row.try_get("filename")?,
            content_type: row.try_get("content_type")?,
            size_bytes: row.try_get("size_bytes")?,
            sha256: row.try_get("sha256")?,
            description: row.try_get("description")?,
            uploaded_at: row.try_get("uploaded_at")?,
        };
        Ok((meta, row.try_get("content")?))
    }
}

impl WriteTx {
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_document(
        &mut self,
        case_id: i64,
        filename: &str,
        content_type: &str,
        sha256: &str,
        content: &[u8],
        description: &str,
        uploaded_by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO case_documents (case_id, filename, content_type, size_bytes, sha256, content, description, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(case_id)
        .bind(filename)
        .bind(content_type)
        .bind(content.len() as i64)
        .bind(sha256)
        .bind(content.to_vec())
        .bind(description)
        .bind(uploaded_by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }
}

impl WriteTx {
    /// A worker asks to close; the team lead approves (when the organisation requires it).
    #[allow(clippy::too_many_arguments)]
    pub async fn request_closure(
        &mut self,
        id: i64,
        version: i64,
        reason: &str,
        note: &str,
        satisfaction_parent: Option<i64>,
        satisfaction_child: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE cases SET status = 'closure_requested', closure_reason = $1, closure_note = $2, satisfaction_parent = $3, \
             satisfaction_child = $4, updated_at = $5, version = version + 1 WHERE id = $6 AND version = $7 AND status = 'open'",
        )
        .bind(reason)
        .bind(note)
        .bind(satisfaction_parent)
        .bind(satisfaction_child)
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                current_version: -1,
            });
        }
        Ok(())
    }

    /// The team lead's approval of a requested closure.
    pub async fn approve_closure(
        &mut self,
        id: i64,
        closed_on: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE cases SET status = 'closed', closed_on = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND status = 'closure_requested'",
        )
        .bind(closed_on)
        .bind(timestamp(now))
        .bind(id)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// The team lead reopens a closed case: open again, the closing date cleared (the closure stays on the
    /// timeline). `Conflict` when it is not closed any more; the rule of one open case per child (migration
    /// 0008's unique index) refuses a second open case as a constraint error.
    pub async fn reopen_case(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let done = sqlx::query(
            "UPDATE cases SET status = 'open', closed_on = NULL, updated_at = $1, version = version + 1 \
             WHERE id = $2 AND status = 'closed'",
        )
        .bind(timestamp(now))
        .bind(id)
        .execute(self.conn())
        .await
        .map_err(StoreError::unique("child_id"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                current_version: -1,
            });
        }
        Ok(())
    }
}

async fn case_on(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Case> {
    sqlx::query_as(sql!(CASE_SELECT, " WHERE k.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// The rest of the file of `case` (read just before, for the access check), in one statement: each part
/// comes back as a JSON array (ADR 006). At most `recent` of the newest contacts and timeline entries
/// (all when `None`); `contact_count` and `contact_minutes` always cover all contacts.
async fn case_file_on(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    case: Case,
    recent: Option<i64>,
) -> Result<CaseFile> {
    let row = sqlx::query(case_file_sql(backend))
        .bind(case.id)
        .bind(case.child_id)
        .bind(case.referral_id)
        .bind(recent.unwrap_or(1_000_000).max(1))
        .fetch_one(conn)
        .await?;
    let part = |i: usize| -> Result<String> { Ok(row.try_get::<String, _>(i)?) };
    let mut children: Vec<Child> = json_rows(&part(0)?)?;
    let child = children.pop().ok_or(StoreError::NotFound)?;
    Ok(CaseFile {
        child,
        guardians: json_rows(&part(1)?)?,
        referral: json_rows::<Referral>(&part(2)?)?.pop(),
        goals: json_rows(&part(3)?)?,
        contacts: json_rows(&part(4)?)?,
        tasks: json_rows(&part(5)?)?,
        consents: json_rows(&part(6)?)?,
        onward: json_rows(&part(7)?)?,
        mandates: json_rows(&part(8)?)?,
        events: json_rows(&part(9)?)?,
        documents: json_rows(&part(10)?)?,
        contact_count: row.try_get(11)?,
        contact_minutes: row.try_get(12)?,
        indirect_minutes: row.try_get(13)?,
        case,
    })
}

async fn case_form_lists_on(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    organisation_id: i64,
    child_municipality_id: Option<i64>,
    school_id: Option<i64>,
) -> Result<CaseFormLists> {
    let row = sqlx::query(case_form_lists_sql(backend))
        .bind(organisation_id)
        .bind(child_municipality_id)
        .bind(school_id)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(CaseFormLists {
        settings: sqlx::FromRow::from_row(&row)?,
        workers: json_rows(&row.try_get::<String, _>("workers")?)?,
        targets: json_rows(&row.try_get::<String, _>("targets")?)?,
        goal_themes: json_rows(&row.try_get::<String, _>("goal_themes")?)?,
    })
}

/// Is `e` the unique index `cases_one_open_per_child` firing? PostgreSQL names the index; SQLite names the column
/// of a partial unique index ("UNIQUE constraint failed: cases.child_id").
fn violates_one_open_case_per_child(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            db.constraint() == Some("cases_one_open_per_child")
                || db.message().contains("cases.child_id")
        }
        _ => false,
    }
}
