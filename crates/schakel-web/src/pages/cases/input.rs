//! The case file's forms as the browser sends them (ADR 023): every field kept as typed, so what was typed is
//! shown again with its error; `input()` makes the use case's input (texts trimmed, numbers `None` when they do
//! not parse, so the use case names the field).

use crate::pages::form::{number, ticked, trim};
use crate::usecase::{
    case::CaseEdit, child::ChildEdit, closure::ClosureInput, closure::ReopenInput,
    consent::ConsentInput, contact::ContactInput, goal::GoalInput, mandate::MandateInput,
    onward::SchoolReportInput, onward::TransferInput, referral::GuardianInput,
    time::IndirectTimeInput,
};
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct EditForm {
    pub summary: String,
    pub safety_concern: Option<String>,
    pub review_on: String,
    pub version: String,
}

impl EditForm {
    pub fn input(&self) -> CaseEdit {
        CaseEdit {
            summary: trim(&self.summary),
            safety_concern: ticked(&self.safety_concern),
            review_on: trim(&self.review_on),
            version: number(&self.version),
        }
    }
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct SchoolReportForm {
    pub body: String,
    pub legal_ground: String,
}

impl SchoolReportForm {
    pub fn input(&self) -> SchoolReportInput {
        SchoolReportInput {
            body: trim(&self.body),
            legal_ground: trim(&self.legal_ground),
        }
    }
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ChildForm {
    pub class_name: String,
    pub home_language: String,
    pub interpreter_needed: Option<String>,
    pub version: String,
}

impl ChildForm {
    pub fn input(&self) -> ChildEdit {
        ChildEdit {
            class_name: trim(&self.class_name),
            home_language: trim(&self.home_language),
            interpreter_needed: ticked(&self.interpreter_needed),
            version: number(&self.version),
        }
    }
}

/// The contact form: a number of minutes that does not parse is shown again as it was typed, with its error.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ContactForm {
    pub held_on: String,
    pub kind: String,
    pub participants: String,
    pub minutes: String,
    pub note: String,
}

impl ContactForm {
    pub fn input(&self) -> ContactInput {
        ContactInput {
            held_on: trim(&self.held_on),
            kind: trim(&self.kind),
            participants: trim(&self.participants),
            minutes: number(&self.minutes),
            note: trim(&self.note),
        }
    }
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct IndirectTimeForm {
    pub spent_on: String,
    pub minutes: String,
    pub activity: String,
    pub note: String,
}

impl IndirectTimeForm {
    pub fn input(&self) -> IndirectTimeInput {
        IndirectTimeInput {
            spent_on: trim(&self.spent_on),
            minutes: number(&self.minutes),
            activity: trim(&self.activity),
            note: trim(&self.note),
        }
    }
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct GoalForm {
    pub description: String,
    pub theme: String,
    pub gas_start: String,
}

impl GoalForm {
    pub fn input(&self) -> GoalInput {
        GoalInput {
            description: trim(&self.description),
            theme: trim(&self.theme),
            gas_start: number(&self.gas_start),
        }
    }
}

/// The score form; the goal comes from the form (`goal_id`) or the path.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ScoreForm {
    pub goal_id: String,
    pub moment: String,
    pub score: String,
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct GuardianForm {
    pub name: String,
    pub relation: String,
    pub has_gezag: Option<String>,
    pub phone: String,
}

impl GuardianForm {
    pub fn input(&self) -> GuardianInput {
        GuardianInput {
            name: trim(&self.name),
            relation: trim(&self.relation),
            has_gezag: ticked(&self.has_gezag),
            phone: trim(&self.phone),
            email: String::new(),
        }
    }
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct TaskForm {
    pub description: String,
    pub due_on: String,
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ConsentForm {
    pub party: String,
    pub purpose: String,
    pub recipient_id: String,
    pub recipient: String,
    pub recipient_confirmed: Option<String>,
    pub information: String,
    pub given_on: String,
    pub valid_until: String,
    pub child_wish: String,
}

impl ConsentForm {
    pub fn input(&self) -> ConsentInput {
        ConsentInput {
            party: trim(&self.party),
            purpose: trim(&self.purpose),
            recipient_id: trim(&self.recipient_id),
            recipient: trim(&self.recipient),
            recipient_confirmed: ticked(&self.recipient_confirmed),
            information: trim(&self.information),
            given_on: trim(&self.given_on),
            valid_until: trim(&self.valid_until),
            child_wish: trim(&self.child_wish),
        }
    }
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct OnwardForm {
    pub target_id: String,
    pub handover_note: String,
}

/// The next step of an onward referral: `step` as `<onward id>:<status>`, or `status` with the path's id.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct OnwardStepForm {
    pub step: String,
    pub status: String,
    pub feedback: String,
    pub legal_ground: String,
}

impl OnwardStepForm {
    /// Which onward referral and which status; the path's id when the form names none.
    pub fn target(&self, onward_id: i64) -> (i64, String) {
        match self.step.trim().split_once(':') {
            Some((o, s)) => (number(o).unwrap_or(onward_id), s.to_string()),
            None => (onward_id, trim(&self.status)),
        }
    }
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct MandateForm {
    pub care_kind: String,
    pub category: String,
    pub volume: String,
    pub volume_unit: String,
    pub provider_id: String,
    pub period_from: String,
    pub period_until: String,
    pub reasons: String,
    pub bsn: String,
    pub agb_code: String,
    pub product_code: String,
}

impl MandateForm {
    pub fn input(&self) -> MandateInput {
        MandateInput {
            care_kind: trim(&self.care_kind),
            category: trim(&self.category),
            volume: number(&self.volume),
            volume_unit: trim(&self.volume_unit),
            provider_id: number(&self.provider_id),
            period_from: trim(&self.period_from),
            period_until: trim(&self.period_until),
            reasons: trim(&self.reasons),
            bsn: trim(&self.bsn),
            agb_code: trim(&self.agb_code),
            product_code: trim(&self.product_code),
        }
    }
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct TransferForm {
    pub worker_id: String,
    pub note: String,
    pub version: String,
}

impl TransferForm {
    pub fn input(&self) -> TransferInput {
        TransferInput {
            worker_id: number(&self.worker_id),
            note: trim(&self.note),
            version: number(&self.version),
        }
    }
}

/// Closing a case: `step=confirm` first shows what closing will record, then the same values close it.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ClosureForm {
    pub step: String,
    pub reason: String,
    pub note: String,
    pub satisfaction_parent: String,
    pub satisfaction_child: String,
    pub version: String,
}

impl ClosureForm {
    pub fn input(&self) -> ClosureInput {
        ClosureInput {
            reason: trim(&self.reason),
            note: trim(&self.note),
            satisfaction_parent: number(&self.satisfaction_parent),
            satisfaction_child: number(&self.satisfaction_child),
            version: number(&self.version),
        }
    }
}

/// The team lead reopens a closed case, with a reason (logged, and on the timeline).
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ReopenForm {
    pub reason: String,
}

impl ReopenForm {
    pub fn input(&self) -> ReopenInput {
        ReopenInput {
            reason: self.reason.clone(),
        }
    }
}
