//! The privacy officer's overview of consents (issue 11, item 7): every consent recorded in an organisation's
//! cases, with the party that gave it, and the shares of information made on the basis of consent (reports to the
//! school, onward referrals sent, pupils named in a care meeting). Which consent covered which share is the
//! domain's rule (`schakel_domain::consent`), applied in the web layer.

use crate::{Flag, Result, Store};
use serde::Serialize;

/// What the overview is filtered by.
#[derive(Debug, Clone, Default)]
pub struct ConsentFilter {
    /// Only the cases of this organisation; `None`: every organisation.
    pub organisation_id: Option<i64>,
    /// Only the consents of this case (its case number, case ignored).
    pub case_number: Option<String>,
    /// `valid` (not withdrawn, not expired on `today`), `expired` or `withdrawn`; `None`: all.
    pub status: Option<String>,
    /// YYYY-MM-DD: the day `valid` and `expired` are judged on.
    pub today: String,
    pub limit: i64,
}

/// One recorded consent with its case, the child's date of birth and the guardian who gave it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct ConsentLine {
    pub id: i64,
    pub case_id: i64,
    pub case_number: String,
    pub child_date_of_birth: String,
    /// `child` or `guardian`.
    pub party: String,
    pub guardian_id: Option<i64>,
    pub guardian_name: Option<String>,
    pub guardian_relation: Option<String>,
    /// Whether the guardian holds gezag (parental authority); false for the child.
    #[sqlx(try_from = "i64")]
    pub guardian_has_gezag: Flag,
    /// `help` or `share`.
    pub purpose: String,
    pub recipient: String,
    pub information: String,
    pub given_on: String,
    pub valid_until: Option<String>,
    pub withdrawn_on: Option<String>,
    pub child_wish: String,
}

/// Information shared from a case: a report to the school, an onward referral sent, a pupil named in a care
/// meeting.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct ShareLine {
    /// `school_report`, `onward_referral` or `care_meeting`.
    pub kind: String,
    pub case_id: i64,
    /// The recipient as consent names it (`school` for the child's school, else the directory entry's name).
    pub recipient: String,
    /// The recipient's own name (the school's, the directory entry's).
    pub recipient_name: String,
    /// YYYY-MM-DD.
    pub shared_on: String,
    /// `consent` or the legal ground it was shared on.
    pub basis: String,
}

/// The cases a filter covers, as a condition on `k` (cases), with `$1` the organisation and `$2` the case number.
const CASES_OF: &str =
    "($1 IS NULL OR k.organisation_id = $1) AND ($2 IS NULL OR UPPER(k.case_number) = $2)";

impl Store {
    /// Consents of the filter's cases, by case number, newest first within a case.
    pub async fn consent_overview(&self, f: &ConsentFilter) -> Result<Vec<ConsentLine>> {
        Ok(sqlx::query_as(sql!(
            "SELECT c.id, c.case_id, k.case_number, ch.date_of_birth AS child_date_of_birth, \
             CASE WHEN c.guardian_id IS NULL THEN 'child' ELSE 'guardian' END AS party, c.guardian_id, \
             g.name AS guardian_name, g.relation AS guardian_relation, COALESCE(g.has_gezag, 0) AS guardian_has_gezag, \
             c.purpose, c.recipient, c.information, c.given_on, c.valid_until, c.withdrawn_on, c.child_wish \
             FROM consents c JOIN cases k ON k.id = c.case_id JOIN children ch ON ch.id = k.child_id \
             LEFT JOIN guardians g ON g.id = c.guardian_id WHERE ",
            CASES_OF,
            " AND ($3 IS NULL \
               OR ($3 = 'withdrawn' AND c.withdrawn_on IS NOT NULL) \
               OR ($3 = 'expired' AND c.withdrawn_on IS NULL AND c.valid_until IS NOT NULL AND c.valid_until < $4) \
               OR ($3 = 'valid' AND c.withdrawn_on IS NULL AND (c.valid_until IS NULL OR c.valid_until >= $4))) \
             ORDER BY k.case_number, c.given_on DESC, c.id DESC LIMIT CAST($5 AS BIGINT)"
        ))
        .bind(f.organisation_id)
        .bind(f.case_number.as_ref().map(|n| n.trim().to_uppercase()))
        .bind(&f.status)
        .bind(&f.today)
        .bind(f.limit.clamp(1, 5000))
        .fetch_all(self.reader())
        .await?)
    }

    /// Information shared from the filter's cases (its status filter does not apply), oldest first.
    pub async fn shares_of_cases(&self, f: &ConsentFilter) -> Result<Vec<ShareLine>> {
        Ok(sqlx::query_as(sql!(
            "SELECT 'school_report' AS kind, r.case_id, 'school' AS recipient, s.name AS recipient_name, \
             r.shared_on, r.basis FROM school_reports r JOIN cases k ON k.id = r.case_id \
             JOIN schools s ON s.id = r.school_id WHERE ",
            CASES_OF,
            " UNION ALL SELECT 'onward_referral' AS kind, o.case_id, t.name AS recipient, t.name AS recipient_name, \
             o.updated_on AS shared_on, o.sharing_basis AS basis FROM onward_referrals o \
             JOIN cases k ON k.id = o.case_id JOIN referral_targets t ON t.id = o.target_id \
             WHERE o.sharing_basis IS NOT NULL AND ",
            CASES_OF,
            " UNION ALL SELECT 'care_meeting' AS kind, p.case_id, 'school' AS recipient, s.name AS recipient_name, \
             m.held_on AS shared_on, p.basis FROM care_meeting_pupils p JOIN care_meetings m ON m.id = p.meeting_id \
             JOIN schools s ON s.id = m.school_id JOIN cases k ON k.id = p.case_id WHERE p.basis <> '' AND ",
            CASES_OF,
            " ORDER BY shared_on, case_id LIMIT 5000"
        ))
        .bind(f.organisation_id)
        .bind(f.case_number.as_ref().map(|n| n.trim().to_uppercase()))
        .fetch_all(self.reader())
        .await?)
    }
}
