//! Casework rules shared by pages and API: who may see which referral and case, and every change to a
//! case file — each checked, logged to the access log and written to the case's timeline.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use chrono::NaiveDate;
use schakel_domain::audit::AuditAction;
use schakel_domain::casework::{self as rules, GasScale, OnwardStatus, ReferralStatus};
use schakel_domain::consent::{
    self, ConsentRecord, Guardian, LegalGround, Party, Purpose, RecipientKind,
};
use schakel_domain::mandate;
use schakel_domain::org::FieldError;
use schakel_domain::{Principal, Role};
use schakel_store::{
    Case, CaseFile, CaseFilter, CaseFormLists, NewCase, NewChild, NewReferral, Referral,
    ReferralFilter, StoreError,
};
use serde::{Deserialize, Serialize};

fn invalid(field: &str, nl: &str, en: &str) -> AppError {
    AppError::Validation(vec![FieldError::new(field, nl, en)])
}

pub fn parse_date(field: &str, s: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        invalid(
            field,
            "Geef een datum als jjjj-mm-dd.",
            "Give a date as yyyy-mm-dd.",
        )
    })
}

fn text(field: &str, s: &str, max: usize, required: bool) -> Result<String, AppError> {
    let t = s.trim().to_string();
    if (required && t.is_empty()) || t.chars().count() > max {
        return Err(invalid(
            field,
            &format!("Vul dit veld in (hoogstens {max} tekens)."),
            &format!("Fill in this field (at most {max} characters)."),
        ));
    }
    Ok(t)
}

/// The worker record of a signed-in social worker or team lead.
pub async fn own_worker(
    state: &AppState,
    ctx: &Ctx,
) -> Result<Option<schakel_store::Worker>, AppError> {
    let p = ctx.principal()?;
    let worker = ctx
        .own_worker
        .get_or_try_init(|| state.store().worker_of_user(p.user_id))
        .await?;
    Ok(worker.clone())
}

/// The signals a referral form offers: the list of the organisation that would receive it (a school contact's:
/// the organisation of the school's social worker), or the defaults when there is none yet.
pub async fn signal_options(
    state: &AppState,
    ctx: &Ctx,
) -> Result<Vec<(String, String)>, AppError> {
    let p = ctx.principal()?;
    let organisation = match (p.role, p.school_id) {
        (Role::SchoolContact, Some(school)) => state
            .store()
            .list_assignments(None, None, Some(school))
            .await?
            .into_iter()
            .find(|a| a.ends_on.is_none())
            .map(|a| a.organisation_id),
        _ => p.organisation_id,
    };
    Ok(match organisation {
        Some(org) => crate::config::options(
            &crate::config::terms(state, org, rules::Taxonomy::Signals).await?,
        ),
        None => rules::DEFAULT_SIGNALS
            .iter()
            .map(|(c, l)| (c.to_string(), l.to_string()))
            .collect(),
    })
}

/// Schools whose referrals a user sees.
async fn referral_scope(state: &AppState, ctx: &Ctx) -> Result<ReferralFilter, AppError> {
    let p = ctx.principal()?;
    let mut f = ReferralFilter {
        limit: 500,
        ..Default::default()
    };
    match p.role {
        Role::SchoolContact => f.school_ids = Some(p.school_id.into_iter().collect()),
        Role::SocialWorker => {
            let schools = match own_worker(state, ctx).await? {
                Some(w) => state
                    .store()
                    .list_assignments(None, Some(w.id), None)
                    .await?
                    .into_iter()
                    .filter(|a| a.ends_on.is_none())
                    .map(|a| a.school_id)
                    .collect(),
                None => Vec::new(),
            };
            f.organisation_id = p.organisation_id;
            f.school_ids = Some(schools);
        }
        Role::TeamLead => f.organisation_id = Some(p.organisation_id.ok_or(AppError::Forbidden)?),
        _ => return Err(AppError::Forbidden),
    }
    Ok(f)
}

fn may_see_referral(p: &Principal, r: &Referral, scope: &ReferralFilter) -> bool {
    scope.organisation_id.is_none_or(|o| o == r.organisation_id)
        && scope
            .school_ids
            .as_ref()
            .is_none_or(|ids| ids.contains(&r.school_id))
        || (p.role == Role::TeamLead && p.organisation_id == Some(r.organisation_id))
}

pub async fn referrals(
    state: &AppState,
    ctx: &Ctx,
    status: Option<String>,
) -> Result<Vec<Referral>, AppError> {
    let mut f = referral_scope(state, ctx).await?;
    f.status = status.filter(|s| ReferralStatus::parse(s).is_some());
    let list = state.store().list_referrals(&f).await?;
    state
        .log(ctx.event(AuditAction::Read, "referral", None, "ok"))
        .await?;
    Ok(list)
}

/// One referral, if the user may see it; a refusal is logged and answered as "not found".
pub async fn referral(state: &AppState, ctx: &Ctx, id: i64) -> Result<Referral, AppError> {
    let p = ctx.principal()?;
    let scope = referral_scope(state, ctx).await?;
    let r = match state.store().referral(id).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    if !may_see_referral(p, &r, &scope) {
        state
            .log(ctx.event(
                AuditAction::Read,
                "referral",
                Some(id.to_string()),
                "denied",
            ))
            .await?;
        return Err(AppError::NotFound);
    }
    state
        .log(ctx.event(AuditAction::Read, "referral", Some(id.to_string()), "ok"))
        .await?;
    Ok(r)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct GuardianInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub relation: String,
    #[serde(default)]
    pub has_gezag: bool,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ReferralInput {
    #[serde(default)]
    pub given_name: String,
    #[serde(default)]
    pub family_name: String,
    /// YYYY-MM-DD.
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub date_of_birth: String,
    #[serde(default)]
    pub class_name: String,
    /// School code; a school contact always refers for their own school.
    #[serde(default)]
    pub school_code: String,
    #[serde(default)]
    pub guardians: Vec<GuardianInput>,
    #[serde(default)]
    pub reason: String,
    /// Codes of the organisation's signals.
    #[serde(default)]
    #[schemars(extend("examples" = [crate::contract::codes(&schakel_domain::casework::DEFAULT_SIGNALS)]))]
    pub signals: Vec<String>,
    /// `normaal`, `snel` or `spoed`.
    #[serde(default)]
    #[schemars(extend("examples" = crate::contract::codes(&schakel_domain::casework::URGENCIES)))]
    pub urgency: String,
    /// `school`, `parent`, `youth`, `professional`, `chat`, `other`.
    #[serde(default)]
    #[schemars(extend("examples" = crate::contract::codes(&schakel_domain::casework::REFERRAL_SOURCES)))]
    pub source: String,
    #[serde(default)]
    pub referrer_name: String,
    /// Parents know about the referral and agree (required for a named referral).
    #[serde(default)]
    pub parents_agree: bool,
}

/// Records a referral. A school contact refers a pupil of their own school; parents must know and agree.
pub async fn create_referral(
    state: &AppState,
    ctx: &Ctx,
    input: &ReferralInput,
) -> Result<i64, AppError> {
    let p = ctx.principal()?;
    let now = state.now();
    let today = now.date_naive();
    let mut errors = Vec::new();
    let mut push = |r: Result<String, AppError>| match r {
        Ok(v) => v,
        Err(AppError::Validation(mut e)) => {
            errors.append(&mut e);
            String::new()
        }
        Err(_) => String::new(),
    };
    let given_name = push(text("given_name", &input.given_name, 80, true));
    let family_name = push(text("family_name", &input.family_name, 120, true));
    let reason = push(text("reason", &input.reason, 4000, true));
    let class_name = push(text("class_name", &input.class_name, 40, false));
    let birth = match parse_date("date_of_birth", &input.date_of_birth) {
        Ok(d) if d < today && consent::age_on(d, today) <= 23 => Some(d),
        Ok(_) => {
            errors.push(FieldError::new(
                "date_of_birth",
                "Deze geboortedatum kan niet kloppen.",
                "This date of birth cannot be right.",
            ));
            None
        }
        Err(AppError::Validation(mut e)) => {
            errors.append(&mut e);
            None
        }
        Err(e) => return Err(e),
    };
    if !input.parents_agree {
        errors.push(FieldError::new(
            "parents_agree",
            "Een aanmelding met naam kan alleen als ouders ervan weten en akkoord zijn. Vraag anders een consultatie zonder naam aan.",
            "A named referral needs the parents to know and agree. Otherwise ask for a consultation without a name.",
        ));
    }
    let urgency = if rules::URGENCIES.iter().any(|(k, _)| *k == input.urgency) {
        input.urgency.clone()
    } else {
        "normaal".into()
    };
    let school = match p.role {
        Role::SchoolContact => {
            state
                .store()
                .school(p.school_id.ok_or(AppError::Forbidden)?)
                .await?
        }
        _ => match state
            .store()
            .school_by_code(&input.school_code.trim().to_ascii_uppercase())
            .await
        {
            Ok(s) => s,
            Err(_) => {
                errors.push(FieldError::new(
                    "school_code",
                    "Geen school met deze code.",
                    "No school has this code.",
                ));
                return Err(AppError::Validation(errors));
            }
        },
    };
    let guardians: Vec<&GuardianInput> = input
        .guardians
        .iter()
        .filter(|g| !g.name.trim().is_empty())
        .collect();
    if guardians.iter().any(|g| g.name.chars().count() > 120) {
        errors.push(FieldError::new(
            "guardians",
            "Een naam van een ouder is te lang.",
            "A parent's name is too long.",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let Some(birth) = birth else {
        return Err(AppError::Validation(Vec::new()));
    };
    // Which provider receives it: the organisation of the school's social worker.
    let organisation_id = match p.role {
        Role::SchoolContact => state
            .store()
            .list_assignments(None, None, Some(school.id))
            .await?
            .into_iter()
            .find(|a| a.ends_on.is_none())
            .map(|a| a.organisation_id)
            .ok_or_else(|| {
                invalid(
                    "school_code",
                    "Aan deze school is nog geen schoolmaatschappelijk werker gekoppeld.",
                    "No school social worker is linked to this school yet.",
                )
            })?,
        _ => p.organisation_id.ok_or(AppError::Forbidden)?,
    };
    // Signals come from the receiving organisation's list; an unknown one is refused, not dropped.
    let known = crate::config::terms(state, organisation_id, rules::Taxonomy::Signals).await?;
    let unknown: Vec<&String> = input
        .signals
        .iter()
        .filter(|s| !known.iter().any(|t| *t.active && t.code == **s))
        .collect();
    if !unknown.is_empty() {
        let list = unknown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(invalid(
            "signals",
            &format!("Onbekend signaal: {list}. Kies uit de lijst."),
            &format!("Unknown signal: {list}. Choose from the list."),
        ));
    }
    let signals = input.signals.clone();
    let source = match p.role {
        Role::SchoolContact => "school".to_string(),
        _ if rules::REFERRAL_SOURCES
            .iter()
            .any(|(k, _)| *k == input.source) =>
        {
            input.source.clone()
        }
        _ => "other".to_string(),
    };
    let birth_text = birth.to_string();
    let mut tx = state.store().begin().await?;
    // The same child (same name and date of birth) is not recorded twice.
    let existing = state
        .store()
        .possible_duplicates(organisation_id, &given_name, &family_name, &birth_text)
        .await?;
    let folded = schakel_domain::text::fold(&format!("{given_name} {family_name}"));
    let child_id = match existing.iter().find(|c| {
        c.date_of_birth == birth_text && schakel_domain::text::fold(&c.full_name()) == folded
    }) {
        Some(c) => {
            // Known child: the referral's school and class are the current ones, and carers it names that
            // the file does not have yet are added (nothing the school typed is dropped).
            tx.set_child_school(c.id, school.id, &class_name, now)
                .await?;
            let known: Vec<String> = state
                .store()
                .guardians_of(c.id)
                .await?
                .iter()
                .map(|g| schakel_domain::text::fold(g.name.trim()))
                .collect();
            for g in guardians
                .iter()
                .filter(|g| !known.contains(&schakel_domain::text::fold(g.name.trim())))
            {
                tx.insert_guardian(
                    c.id,
                    g.name.trim(),
                    g.relation.trim(),
                    g.has_gezag,
                    g.phone.trim(),
                    g.email.trim(),
                    now,
                )
                .await?;
            }
            c.id
        }
        None => {
            let child = tx
                .insert_child(
                    &NewChild {
                        organisation_id,
                        given_name,
                        family_name,
                        date_of_birth: birth_text,
                        school_id: Some(school.id),
                        class_name,
                        home_language: String::new(),
                        interpreter_needed: false,
                        residence_municipality_id: Some(school.municipality_id),
                    },
                    now,
                )
                .await?;
            for g in &guardians {
                tx.insert_guardian(
                    child.id,
                    g.name.trim(),
                    g.relation.trim(),
                    g.has_gezag,
                    g.phone.trim(),
                    g.email.trim(),
                    now,
                )
                .await?;
            }
            child.id
        }
    };
    let referrer_name = if input.referrer_name.trim().is_empty() {
        p.display_name.clone()
    } else {
        input.referrer_name.trim().to_string()
    };
    let id = tx
        .insert_referral(
            &NewReferral {
                organisation_id,
                school_id: school.id,
                child_id,
                source,
                referred_by_user_id: Some(p.user_id),
                referrer_name,
                reason,
                signals: signals.join(","),
                urgency,
                parents_informed: true,
                parents_agree: true,
                received_on: today.to_string(),
            },
            now,
        )
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Create, "referral", Some(id.to_string()), "ok"),
        )
        .await?;
    Ok(id)
}

/// A consultation without a name (the school asks advice before there is a referral).
pub async fn request_consultation(
    state: &AppState,
    ctx: &Ctx,
    theme: &str,
    question: &str,
) -> Result<i64, AppError> {
    let p = ctx.principal()?;
    let theme = text("theme", theme, 200, true)?;
    let question = text("reason", question, 4000, true)?;
    let now = state.now();
    let (organisation_id, school_id, worker_id) = match p.role {
        Role::SchoolContact => {
            let school_id = p.school_id.ok_or(AppError::Forbidden)?;
            let a = state
                .store()
                .list_assignments(None, None, Some(school_id))
                .await?
                .into_iter()
                .find(|a| a.ends_on.is_none())
                .ok_or_else(|| {
                    invalid(
                        "theme",
                        "Aan deze school is nog geen schoolmaatschappelijk werker gekoppeld.",
                        "No school social worker is linked to this school yet.",
                    )
                })?;
            (a.organisation_id, Some(school_id), Some(a.worker_id))
        }
        _ => (
            p.organisation_id.ok_or(AppError::Forbidden)?,
            None,
            own_worker(state, ctx).await?.map(|w| w.id),
        ),
    };
    let mut tx = state.store().begin().await?;
    let id = match school_id {
        // The school's question waits for the worker's answer.
        Some(school_id) => {
            tx.insert_consultation_request(
                organisation_id,
                school_id,
                worker_id,
                &p.display_name,
                &theme,
                &question,
                &now.date_naive().to_string(),
                now,
            )
            .await?
        }
        None => {
            tx.insert_consultation(
                organisation_id,
                None,
                worker_id,
                &p.display_name,
                "",
                &theme,
                &question,
                0,
                &now.date_naive().to_string(),
                now,
            )
            .await?
        }
    };
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "consultation",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ConsultationInput {
    #[serde(default)]
    pub school_code: String,
    #[serde(default)]
    pub asked_by: String,
    #[serde(default)]
    pub child_label: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub advice: String,
    #[serde(default)]
    pub minutes: i64,
    #[serde(default)]
    /// YYYY-MM-DD.
    #[schemars(extend("format" = "date"))]
    pub held_on: String,
}

/// The organisation's consultations, newest first (at most 300); named ones hold personal data, so the
/// reading is logged. A school contact gets the requests its school sent, with the answers.
pub async fn consultations(
    state: &AppState,
    ctx: &Ctx,
) -> Result<Vec<schakel_store::Consultation>, AppError> {
    let p = ctx.principal()?;
    let list = match p.role {
        Role::SchoolContact => {
            state
                .store()
                .consultation_requests_of_school(p.school_id.ok_or(AppError::Forbidden)?, 300)
                .await?
        }
        _ => {
            state
                .store()
                .list_consultations(p.organisation_id.ok_or(AppError::Forbidden)?, 300)
                .await?
        }
    };
    state
        .log(ctx.event(AuditAction::Read, "consultation", None, "ok"))
        .await?;
    Ok(list)
}

/// Schools whose consultation requests a social worker answers: those of their current assignments.
async fn consultation_schools(state: &AppState, ctx: &Ctx) -> Result<Option<Vec<i64>>, AppError> {
    let p = ctx.principal()?;
    match p.role {
        Role::TeamLead => Ok(None),
        Role::SocialWorker => Ok(Some(match own_worker(state, ctx).await? {
            Some(w) => state
                .store()
                .list_assignments(None, Some(w.id), None)
                .await?
                .into_iter()
                .filter(|a| a.ends_on.is_none())
                .map(|a| a.school_id)
                .collect(),
            None => Vec::new(),
        })),
        _ => Err(AppError::Forbidden),
    }
}

fn may_answer(
    p: &Principal,
    c: &schakel_store::Consultation,
    schools: &Option<Vec<i64>>,
    own_worker: Option<i64>,
) -> bool {
    p.organisation_id == Some(c.organisation_id)
        && match schools {
            None => true,
            Some(ids) => {
                c.school_id.is_some_and(|s| ids.contains(&s))
                    || (own_worker.is_some() && c.worker_id == own_worker)
            }
        }
}

/// The schools' consultation requests waiting for an answer: a social worker's for their own schools, a team
/// lead's for the organisation; oldest first.
pub async fn open_consultations(
    state: &AppState,
    ctx: &Ctx,
) -> Result<Vec<schakel_store::Consultation>, AppError> {
    let p = ctx.principal()?;
    let org = p.organisation_id.ok_or(AppError::Forbidden)?;
    let schools = consultation_schools(state, ctx).await?;
    let own = own_worker(state, ctx).await?.map(|w| w.id);
    let list: Vec<_> = state
        .store()
        .open_consultation_requests(org)
        .await?
        .into_iter()
        .filter(|c| may_answer(p, c, &schools, own))
        .collect();
    state
        .log(ctx.event(AuditAction::Read, "consultation", None, "ok"))
        .await?;
    Ok(list)
}

/// A worker's answer to a school's consultation request; answering closes it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ConsultationAnswer {
    /// The advice for the school (1–4000 characters).
    #[serde(default)]
    pub advice: String,
    /// Minutes spent (0–600), counted as consultation time of the school.
    #[serde(default)]
    pub minutes: i64,
}

/// The social worker of the school (or a team lead) answers an open consultation request and closes it.
/// A request of another worker's school is "not found"; an answered one is refused (422).
pub async fn answer_consultation(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &ConsultationAnswer,
) -> Result<schakel_store::Consultation, AppError> {
    let p = ctx.principal()?;
    let schools = consultation_schools(state, ctx).await?;
    let own = own_worker(state, ctx).await?.map(|w| w.id);
    let c = match state.store().consultation(id).await {
        Ok(c) => c,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    if !may_answer(p, &c, &schools, own) {
        state
            .log(ctx.event(
                AuditAction::Change,
                "consultation",
                Some(id.to_string()),
                "denied",
            ))
            .await?;
        return Err(AppError::NotFound);
    }
    if c.question.is_empty() || c.closed_on.is_some() {
        return Err(invalid(
            "advice",
            "Deze consultatievraag is al beantwoord en gesloten.",
            "This consultation request has already been answered and closed.",
        ));
    }
    let advice = text("advice", &input.advice, 4000, true)?;
    if !(0..=600).contains(&input.minutes) {
        return Err(invalid(
            "minutes",
            "Minuten liggen tussen 0 en 600.",
            "Minutes are between 0 and 600.",
        ));
    }
    let today = state.now().date_naive().to_string();
    let mut tx = state.store().begin().await?;
    match tx
        .answer_consultation(id, own, &advice, input.minutes, &today)
        .await
    {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => {
            return Err(AppError::Conflict {
                current: serde_json::to_value(&c).unwrap_or_default(),
            });
        }
        Err(e) => return Err(e.into()),
    }
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "consultation",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(state.store().consultation(id).await?)
}

/// A worker records advice given to a teacher or care coordinator, without a case file.
pub async fn record_consultation(
    state: &AppState,
    ctx: &Ctx,
    input: &ConsultationInput,
) -> Result<i64, AppError> {
    let p = ctx.principal()?;
    let org = p.organisation_id.ok_or(AppError::Forbidden)?;
    let theme = text("theme", &input.theme, 200, true)?;
    let advice = text("advice", &input.advice, 4000, false)?;
    let held_on = parse_date("held_on", &input.held_on)?;
    if !(0..=600).contains(&input.minutes) {
        return Err(invalid(
            "minutes",
            "Minuten liggen tussen 0 en 600.",
            "Minutes are between 0 and 600.",
        ));
    }
    let school_id = if input.school_code.trim().is_empty() {
        None
    } else {
        Some(
            state
                .store()
                .school_by_code(&input.school_code.trim().to_ascii_uppercase())
                .await
                .map_err(|_| {
                    invalid(
                        "school_code",
                        "Geen school met deze code.",
                        "No school has this code.",
                    )
                })?
                .id,
        )
    };
    let now = state.now();
    let worker = own_worker(state, ctx).await?.map(|w| w.id);
    let mut tx = state.store().begin().await?;
    let id = tx
        .insert_consultation(
            org,
            school_id,
            worker,
            input.asked_by.trim(),
            input.child_label.trim(),
            &theme,
            &advice,
            input.minutes,
            &held_on.to_string(),
            now,
        )
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "consultation",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct TriageInput {
    /// `accepted`, `advice_only`, `forwarded`, `declined`.
    #[serde(default)]
    #[schemars(extend("examples" = ["accepted", "advice_only", "forwarded", "declined"]))]
    pub decision: String,
    #[serde(default)]
    pub note: String,
    /// Worker to assign when accepting; a social worker accepting assigns themself by default.
    pub worker_id: Option<i64>,
    pub version: Option<i64>,
}

/// The version an edit was based on: required, so that a stale edit is refused instead of overwriting.
fn based_on(version: Option<i64>) -> Result<i64, AppError> {
    version.ok_or_else(|| {
        invalid(
            "version",
            "De versie ontbreekt; laad de pagina opnieuw.",
            "The version is missing; reload the page.",
        )
    })
}

/// A stale change of `case` (read at the start of the change, so it is the newer content) is a conflict that
/// shows it; any other error stays what it is.
fn conflict_with(case: &Case) -> impl FnOnce(StoreError) -> AppError + '_ {
    move |e| match e {
        StoreError::Conflict { .. } => AppError::Conflict {
            current: serde_json::to_value(case).unwrap_or_default(),
        },
        e => e.into(),
    }
}

/// Triage: accept as a case (assigning a worker), advice only, forward, or decline with a reason.
pub async fn triage(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &TriageInput,
) -> Result<Option<i64>, AppError> {
    let r = referral(state, ctx, id).await?;
    let current = ReferralStatus::parse(&r.status)
        .ok_or_else(|| AppError::internal("unknown referral status"))?;
    let decision = ReferralStatus::parse(&input.decision)
        .ok_or_else(|| invalid("decision", "Kies een beslissing.", "Choose a decision."))?;
    let next = rules::triage(current, decision)
        .map_err(|m| invalid("decision", m, "This referral cannot be decided (again)."))?;
    let note = text(
        "note",
        &input.note,
        2000,
        matches!(next, ReferralStatus::Declined | ReferralStatus::Forwarded),
    )?;
    let version = based_on(input.version)?;
    let org = state.store().organisation(r.organisation_id).await?;
    let settings = state
        .store()
        .organisation_settings(r.organisation_id)
        .await?;
    let triage = Triage {
        referral: &r,
        next,
        note: &note,
        version,
        worker_id: input.worker_id,
        organisation: &org,
        settings: &settings,
    };
    // One child, one file: the database refuses a second open file. When a triage of another referral of the
    // child opened one at the same moment, that file is committed by now, so a second attempt joins it as any
    // later referral of the child does.
    for _attempt in 0..2 {
        if let Triaged::Decided(case_id) = write_triage(state, ctx, &triage).await? {
            return Ok(case_id);
        }
    }
    Err(AppError::Conflict {
        current: serde_json::json!({"status": r.status, "version": r.version, "child_has_open_case": true}),
    })
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct WithdrawInput {
    /// Why the school withdraws the referral (1–500 characters); kept with the referral and logged.
    #[serde(default)]
    pub reason: String,
    /// The version the school saw; 409 when the referral changed since.
    #[serde(default)]
    pub version: Option<i64>,
}

/// The school withdraws its own referral while it is still received (not yet triaged), with a short reason.
/// A referral of another school is "not found"; after triage the answer is 422.
pub async fn withdraw_referral(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &WithdrawInput,
) -> Result<(), AppError> {
    let p = ctx.principal()?;
    if p.role != Role::SchoolContact {
        return Err(AppError::Forbidden);
    }
    let r = referral(state, ctx, id).await?;
    if Some(r.school_id) != p.school_id {
        return Err(AppError::NotFound);
    }
    let current = ReferralStatus::parse(&r.status)
        .ok_or_else(|| AppError::internal("unknown referral status"))?;
    let next = rules::withdraw(current).map_err(|(nl, en)| invalid("status", nl, en))?;
    let reason = text("reason", &input.reason, 500, true)?;
    let version = input.version.unwrap_or(r.version);
    let now = state.now();
    let mut tx = state.store().begin().await?;
    match tx
        .decide_referral(
            id,
            version,
            next.as_str(),
            &reason,
            &now.date_naive().to_string(),
            None,
            now,
        )
        .await
    {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => {
            return Err(AppError::Conflict {
                current: serde_json::json!({"status": r.status, "version": r.version}),
            });
        }
        Err(e) => return Err(e.into()),
    }
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "referral", Some(id.to_string()), "ok"),
        )
        .await?;
    Ok(())
}

/// A triage decision, checked and ready to write.
struct Triage<'a> {
    referral: &'a Referral,
    next: ReferralStatus,
    note: &'a str,
    version: i64,
    worker_id: Option<i64>,
    organisation: &'a schakel_store::Organisation,
    settings: &'a schakel_store::OrganisationSettings,
}

enum Triaged {
    /// Written, with the case the referral now belongs to.
    Decided(Option<i64>),
    /// Nothing written: another triage opened a case file for the child after this one looked.
    ChildGotOpenCase,
}

/// Writes a triage decision in one transaction: the look for the child's open case, the new case file (with a
/// number from the organisation's counter) or the joining of the open one, and the referral's decision.
async fn write_triage(state: &AppState, ctx: &Ctx, t: &Triage<'_>) -> Result<Triaged, AppError> {
    let p = ctx.principal()?;
    let r = t.referral;
    let org = t.organisation;
    let now = state.now();
    let today = now.date_naive();
    let mut tx = state.store().begin().await?;
    let mut case_id = None;
    let open_case = if t.next == ReferralStatus::Accepted {
        tx.open_case_of_child(r.child_id).await?
    } else {
        None
    };
    if let Some(open) = open_case {
        // One child, one file: a referral of a child with an open case joins that case; its worker stays.
        tx.insert_event(
            open.id,
            Some(p.user_id),
            "referral",
            &format!(
                "Nieuwe aanmelding van {} toegevoegd aan dit lopende dossier",
                r.received_on
            ),
            &r.reason,
            now,
        )
        .await?;
        case_id = Some(open.id);
    } else if t.next == ReferralStatus::Accepted {
        let worker =
            match (t.worker_id, p.role) {
                (Some(w), _) => state.store().worker(w).await.map_err(|_| {
                    invalid("worker_id", "Kies een medewerker.", "Choose a worker.")
                })?,
                (None, Role::SocialWorker) => own_worker(state, ctx).await?.ok_or_else(|| {
                    invalid("worker_id", "Kies een medewerker.", "Choose a worker.")
                })?,
                _ => {
                    return Err(invalid(
                        "worker_id",
                        "Kies een medewerker.",
                        "Choose a worker.",
                    ));
                }
            };
        if worker.organisation_id != org.id || !*worker.active {
            return Err(invalid(
                "worker_id",
                "Kies een actieve medewerker van deze organisatie.",
                "Choose an active worker of this organisation.",
            ));
        }
        let previous = state
            .store()
            .last_closed_case_of_child(r.child_id)
            .await?
            .filter(|c| {
                c.closed_on
                    .as_deref()
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .is_some_and(|closed| rules::links_to_previous(closed, today))
            });
        let year = today.year();
        let seq = tx.next_case_sequence(org.id, year).await?;
        let number = rules::case_number(&t.settings.case_prefix, year, seq);
        let inserted = tx
            .insert_case(
                &NewCase {
                    organisation_id: org.id,
                    case_number: number.clone(),
                    child_id: r.child_id,
                    school_id: Some(r.school_id),
                    worker_id: Some(worker.id),
                    team_id: worker.team_id,
                    referral_id: Some(r.id),
                    previous_case_id: previous.as_ref().map(|c| c.id),
                    opened_on: today.to_string(),
                    review_on: Some(
                        rules::first_review(today, t.settings.review_weeks).to_string(),
                    ),
                },
                now,
            )
            .await;
        let new_case = match inserted {
            Ok(new_case) => new_case,
            Err(StoreError::OpenCaseExists) => return Ok(Triaged::ChildGotOpenCase),
            Err(e) => return Err(e.into()),
        };
        let mut summary = format!(
            "Dossier {number} geopend na aanmelding; toegewezen aan {}",
            worker.name
        );
        if let Some(prev) = &previous {
            summary.push_str(&format!(
                "; eerdere casus {} (binnen 12 maanden)",
                prev.case_number
            ));
        }
        tx.insert_event(
            new_case,
            Some(p.user_id),
            "opened",
            &summary,
            &r.reason,
            now,
        )
        .await?;
        case_id = Some(new_case);
    }
    match tx
        .decide_referral(
            r.id,
            t.version,
            t.next.as_str(),
            t.note,
            &today.to_string(),
            case_id,
            now,
        )
        .await
    {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => {
            drop(tx);
            let current = state.store().referral(r.id).await?;
            return Err(AppError::Conflict {
                current: serde_json::json!({"status": current.status, "version": current.version}),
            });
        }
        Err(e) => return Err(e.into()),
    }
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "referral",
                Some(r.id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(Triaged::Decided(case_id))
}

use chrono::Datelike;

/// May this user open this case file? Assigned worker; team lead of the case's team (or organisation).
pub async fn may_open(state: &AppState, ctx: &Ctx, case: &Case) -> Result<bool, AppError> {
    let worker = own_worker(state, ctx).await?.map(|w| w.id);
    Ok(may_open_with(ctx.principal()?, worker, case))
}

/// Who may open a case file: the social worker it is assigned to, and the team lead of its team (or of its
/// organisation, when either has no team). `own_worker` is the signed-in user's worker record, if any.
fn may_open_with(p: &Principal, own_worker: Option<i64>, case: &Case) -> bool {
    match p.role {
        Role::SocialWorker => own_worker.is_some_and(|w| Some(w) == case.worker_id),
        Role::TeamLead => {
            p.organisation_id == Some(case.organisation_id)
                && (p.team_id.is_none() || case.team_id.is_none() || p.team_id == case.team_id)
        }
        _ => false,
    }
}

/// Logs the opening of case `id`: "ok" with its basis, or the refusal.
async fn log_case_read(state: &AppState, ctx: &Ctx, id: i64, opened: bool) -> Result<(), AppError> {
    let mut event = ctx.event(
        AuditAction::Read,
        "case",
        Some(id.to_string()),
        if opened { "ok" } else { "denied" },
    );
    if opened {
        event.basis = format!("{}; assigned", event.basis);
    }
    state.log(event).await?;
    Ok(())
}

/// Opens a case file for reading; every opening is logged, a refusal too.
pub async fn open_case(state: &AppState, ctx: &Ctx, id: i64) -> Result<CaseFile, AppError> {
    open_case_recent(state, ctx, id, None).await
}

/// Opens a case file with only the newest `recent` contacts and timeline entries (the page's default view).
pub async fn open_case_recent(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    recent: Option<i64>,
) -> Result<CaseFile, AppError> {
    let case = match state.store().case(id).await {
        Ok(c) => c,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    if !may_open(state, ctx, &case).await? {
        log_case_read(state, ctx, id, false).await?;
        return Err(AppError::NotFound);
    }
    let file = state.store().case_file_of(case, recent).await?;
    log_case_read(state, ctx, id, true).await?;
    Ok(file)
}

/// Opens a case file for its page: the file (newest `recent` entries) and what the page's forms offer, read
/// on one connection (ADR 007). Logged like [`open_case_recent`].
pub async fn open_case_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    recent: Option<i64>,
) -> Result<(CaseFile, CaseFormLists), AppError> {
    let p = ctx.principal()?;
    let worker = own_worker(state, ctx).await?.map(|w| w.id);
    let page = match state
        .store()
        .case_page(id, recent, |case| may_open_with(p, worker, case))
        .await
    {
        Ok(page) => page,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    log_case_read(state, ctx, id, page.is_some()).await?;
    page.ok_or(AppError::NotFound)
}

pub async fn cases(
    state: &AppState,
    ctx: &Ctx,
    query: Option<String>,
    open_only: bool,
) -> Result<Vec<Case>, AppError> {
    let p = ctx.principal()?;
    let mut f = CaseFilter {
        query,
        open_only,
        limit: 500,
        organisation_id: p.organisation_id,
        ..Default::default()
    };
    match p.role {
        Role::SocialWorker => {
            f.worker_id = Some(own_worker(state, ctx).await?.map(|w| w.id).unwrap_or(-1))
        }
        Role::TeamLead => f.team_id = p.team_id,
        _ => return Err(AppError::Forbidden),
    }
    let list = state.store().list_cases(&f).await?;
    state
        .log(ctx.event(
            if f.query.is_some() {
                AuditAction::Search
            } else {
                AuditAction::Read
            },
            "case",
            None,
            "ok",
        ))
        .await?;
    Ok(list)
}

/// Checks access and that the case is open, for a change.
async fn for_change(state: &AppState, ctx: &Ctx, id: i64) -> Result<Case, AppError> {
    let case = state.store().case(id).await?;
    if !may_open(state, ctx, &case).await? {
        state
            .log(ctx.event(AuditAction::Change, "case", Some(id.to_string()), "denied"))
            .await?;
        return Err(AppError::NotFound);
    }
    Ok(case)
}

async fn finish(
    state: &AppState,
    ctx: &Ctx,
    mut tx: schakel_store::WriteTx,
    case_id: i64,
    kind: &str,
    summary: &str,
    detail: &str,
) -> Result<(), AppError> {
    let p = ctx.principal()?;
    let now = state.now();
    tx.insert_event(case_id, Some(p.user_id), kind, summary, detail, now)
        .await?;
    tx.touch_case(case_id, now).await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "case", Some(case_id.to_string()), "ok"),
        )
        .await
}

fn open_only(case: &Case) -> Result<(), AppError> {
    if case.status != "open" {
        return Err(invalid(
            "status",
            "Dit dossier is gesloten.",
            "This case file is closed.",
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct CaseEdit {
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub safety_concern: bool,
    #[serde(default)]
    pub review_on: String,
    pub version: Option<i64>,
}

/// Changes the case summary, safety flag and review date — refused with the newer content when stale.
pub async fn edit_case(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &CaseEdit,
) -> Result<Case, AppError> {
    let case = for_change(state, ctx, id).await?;
    let summary = text("summary", &input.summary, 8000, false)?;
    let review = if input.review_on.trim().is_empty() {
        None
    } else {
        Some(parse_date("review_on", &input.review_on)?.to_string())
    };
    let version = based_on(input.version)?;
    let now = state.now();
    let mut tx = state.store().begin().await?;
    match tx
        .update_case(
            id,
            version,
            &summary,
            input.safety_concern,
            review.as_deref(),
            now,
        )
        .await
    {
        Ok(_) => {}
        Err(StoreError::Conflict { .. }) => {
            drop(tx);
            let current = state.store().case(id).await?;
            state
                .log(ctx.event(
                    AuditAction::Change,
                    "case",
                    Some(id.to_string()),
                    "conflict",
                ))
                .await?;
            return Err(AppError::Conflict {
                current: serde_json::to_value(&current).unwrap_or_default(),
            });
        }
        Err(e) => return Err(e.into()),
    }
    let p = ctx.principal()?;
    let mut what = Vec::new();
    if summary != case.summary {
        what.push("samenvatting");
    }
    if input.safety_concern != *case.safety_concern {
        what.push(if input.safety_concern {
            "zorg over veiligheid gemarkeerd"
        } else {
            "markering veiligheid opgeheven"
        });
    }
    if review != case.review_on {
        what.push("evaluatiedatum");
    }
    let detail = serde_json::json!({"before": {"summary": case.summary, "safety_concern": *case.safety_concern, "review_on": case.review_on}}).to_string();
    tx.insert_event(
        id,
        Some(p.user_id),
        "edited",
        &format!(
            "Gewijzigd: {}",
            if what.is_empty() {
                "niets".into()
            } else {
                what.join(", ")
            }
        ),
        &detail,
        now,
    )
    .await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "case", Some(id.to_string()), "ok"),
        )
        .await?;
    Ok(state.store().case(id).await?)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ContactInput {
    /// YYYY-MM-DD.
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub held_on: String,
    /// A code of the contact kinds (`gesprek_kind`, `huisbezoek`, …).
    #[serde(default)]
    #[schemars(extend("examples" = crate::contract::codes(&schakel_domain::casework::CONTACT_KINDS)))]
    pub kind: String,
    #[serde(default)]
    pub participants: String,
    /// Required: a missing number is refused, not read as 0 (the page and the API alike).
    #[serde(default)]
    pub minutes: Option<i64>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct IndirectTimeInput {
    /// YYYY-MM-DD.
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub spent_on: String,
    #[serde(default)]
    pub minutes: i64,
    /// A code of the indirect activities (`verslaglegging`, …).
    #[serde(default)]
    #[schemars(extend("examples" = crate::contract::codes(&schakel_domain::casework::INDIRECT_ACTIVITIES)))]
    pub activity: String,
    #[serde(default)]
    pub note: String,
}

/// Records indirect time for a case; it counts for the case's school.
pub async fn add_indirect_time(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &IndirectTimeInput,
) -> Result<i64, AppError> {
    let case = for_change(state, ctx, id).await?;
    // Also after closure (writing the closing report is indirect time), never before the case was opened.
    let spent_on = parse_date("spent_on", &input.spent_on)?;
    if spent_on.to_string() < case.opened_on {
        return Err(invalid(
            "spent_on",
            "Deze datum ligt voor de opening van het dossier.",
            "This date is before the case was opened.",
        ));
    }
    if spent_on > state.now().date_naive() {
        return Err(invalid(
            "spent_on",
            "Tijd kan niet in de toekomst liggen.",
            "Time cannot be in the future.",
        ));
    }
    let Some(activity) = rules::indirect_activity_label(&input.activity) else {
        return Err(invalid(
            "activity",
            "Kies een soort werk.",
            "Choose a kind of work.",
        ));
    };
    if !(1..=480).contains(&input.minutes) {
        return Err(invalid(
            "minutes",
            "Minuten liggen tussen 1 en 480.",
            "Minutes are between 1 and 480.",
        ));
    }
    let note = text("note", &input.note, 2000, false)?;
    let p = ctx.principal()?;
    // The time is the recorder's own: a team lead without a worker record books it to no worker.
    let worker = own_worker(state, ctx).await?.map(|w| w.id);
    let mut tx = state.store().begin().await?;
    let entry = tx
        .insert_time_entry(
            &schakel_store::NewTimeEntry {
                organisation_id: case.organisation_id,
                case_id: Some(id),
                school_id: case.school_id,
                worker_id: worker,
                spent_on: spent_on.to_string(),
                minutes: input.minutes,
                activity: input.activity.clone(),
                note,
                created_by: Some(p.user_id),
            },
            state.now(),
        )
        .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        "time",
        &format!("Indirecte tijd: {} min {activity}", input.minutes),
        "",
    )
    .await?;
    Ok(entry)
}

/// A period asked for in a query string (`from`, `until`: dates; empty means the default).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct PeriodQuery {
    /// YYYY-MM-DD; default the start of the school year.
    #[schemars(extend("format" = "date"))]
    pub from: Option<String>,
    /// YYYY-MM-DD; default today.
    #[schemars(extend("format" = "date"))]
    pub until: Option<String>,
}

/// Direct, indirect and consultation time per school in a period: a social worker's own, a team lead's
/// organisation. Figures about the work, not about children.
pub async fn time_per_school(
    state: &AppState,
    ctx: &Ctx,
    period: &PeriodQuery,
) -> Result<(NaiveDate, NaiveDate, Vec<schakel_store::SchoolTime>), AppError> {
    let p = ctx.principal()?;
    let today = state.now().date_naive();
    let until = match period.until.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(d) => parse_date("until", d)?,
        None => today,
    };
    let from = match period.from.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(d) => parse_date("from", d)?,
        None => rules::school_year_start(until),
    };
    if from > until {
        return Err(invalid(
            "from",
            "De begindatum ligt na de einddatum.",
            "The start date is after the end date.",
        ));
    }
    let organisation_id = p.organisation_id.ok_or(AppError::Forbidden)?;
    let worker_id = match p.role {
        Role::SocialWorker => Some(own_worker(state, ctx).await?.map(|w| w.id).unwrap_or(-1)),
        Role::TeamLead => None,
        _ => return Err(AppError::Forbidden),
    };
    let rows = state
        .store()
        .time_per_school(&schakel_store::TimeFilter {
            organisation_id,
            worker_id,
            from: from.to_string(),
            until: until.to_string(),
        })
        .await?;
    Ok((from, until, rows))
}

/// The first day a contact on `held_on` may be dated in this case file (the domain's rule). The
/// referral is read only for a date before the opening: a contact write is a hot path, and the
/// referral can only move the start earlier.
async fn case_file_start(
    state: &AppState,
    case: &Case,
    held_on: NaiveDate,
) -> Result<NaiveDate, AppError> {
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let opened = date(&case.opened_on).unwrap_or(NaiveDate::MIN);
    let born = date(&case.date_of_birth);
    let without_referral = rules::case_file_start(None, opened, born);
    let received = match case.referral_id {
        Some(rid) if held_on < without_referral => {
            date(&state.store().referral(rid).await?.received_on)
        }
        _ => None,
    };
    Ok(rules::case_file_start(received, opened, born))
}

pub async fn add_contact(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &ContactInput,
) -> Result<i64, AppError> {
    let case = for_change(state, ctx, id).await?;
    open_only(&case)?;
    let held_on = parse_date("held_on", &input.held_on)?;
    let start = case_file_start(state, &case, held_on).await?;
    let held_on = rules::check_contact_date(held_on, start, state.now().date_naive())
        .map_err(|e| AppError::Validation(vec![e]))?;
    if !rules::CONTACT_KINDS.iter().any(|(k, _)| *k == input.kind) {
        return Err(invalid(
            "kind",
            "Kies een soort contact.",
            "Choose a kind of contact.",
        ));
    }
    let Some(minutes) = input.minutes.filter(|m| (0..=600).contains(m)) else {
        return Err(invalid(
            "minutes",
            "Vul het aantal minuten in, tussen 0 en 600.",
            "Give the number of minutes, between 0 and 600.",
        ));
    };
    let note = text("note", &input.note, 20000, false)?;
    let participants = text("participants", &input.participants, 400, false)?;
    let p = ctx.principal()?;
    let mut tx = state.store().begin().await?;
    let cid = tx
        .insert_contact(
            id,
            &held_on.to_string(),
            &input.kind,
            &participants,
            minutes,
            &note,
            Some(p.user_id),
            state.now(),
        )
        .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        "contact",
        &format!(
            "Contact: {} ({} min)",
            rules::contact_kind_label(&input.kind),
            minutes
        ),
        "",
    )
    .await?;
    Ok(cid)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct GoalInput {
    #[serde(default)]
    pub description: String,
    /// Code of one of the organisation's goal themes; empty for none.
    #[serde(default)]
    #[schemars(extend("examples" = crate::contract::codes(&schakel_domain::casework::DEFAULT_GOAL_THEMES)))]
    pub theme: String,
    /// The GAS start score, from the organisation's lowest (−2 or −3) to +2.
    #[serde(default)]
    pub gas_start: i64,
}

async fn gas_scale(state: &AppState, organisation_id: i64) -> Result<GasScale, AppError> {
    Ok(GasScale {
        min: state
            .store()
            .organisation_settings(organisation_id)
            .await?
            .gas_min,
        max: 2,
    })
}

pub async fn add_goal(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &GoalInput,
) -> Result<i64, AppError> {
    let case = for_change(state, ctx, id).await?;
    open_only(&case)?;
    let description = text("description", &input.description, 1000, true)?;
    let score = gas_scale(state, case.organisation_id)
        .await?
        .check(input.gas_start)
        .map_err(|m| invalid("gas_start", &m, "A GAS score is out of range."))?;
    let theme = input.theme.trim();
    if !theme.is_empty() {
        let themes =
            crate::config::terms(state, case.organisation_id, rules::Taxonomy::GoalThemes).await?;
        if !themes.iter().any(|t| *t.active && t.code == theme) {
            return Err(invalid(
                "theme",
                "Kies een thema uit de lijst van uw organisatie.",
                "Choose a theme from your organisation's list.",
            ));
        }
    }
    let mut tx = state.store().begin().await?;
    let gid = tx
        .insert_goal(id, &description, theme, score, state.now())
        .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        "goal",
        &format!("Doel gesteld: {description} (GAS start {score:+})"),
        "",
    )
    .await?;
    Ok(gid)
}

pub async fn score_goal(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    goal_id: i64,
    moment: &str,
    score: i64,
) -> Result<(), AppError> {
    let case = for_change(state, ctx, id).await?;
    open_only(&case)?;
    let score = gas_scale(state, case.organisation_id)
        .await?
        .check(score)
        .map_err(|m| invalid("score", &m, "A GAS score is out of range."))?;
    let moment = match moment {
        "end" => "end",
        "review" | "" => "review",
        _ => {
            return Err(invalid(
                "moment",
                "Kies tussenscore of eindscore.",
                "Choose review or end.",
            ));
        }
    };
    let mut tx = state.store().begin().await?;
    tx.score_goal(id, goal_id, moment, score).await?;
    let label = if moment == "end" {
        "eindscore"
    } else {
        "tussenscore"
    };
    finish(
        state,
        ctx,
        tx,
        id,
        "goal_score",
        &format!("GAS-{label} {score:+} voor doel {goal_id}"),
        "",
    )
    .await
}

pub async fn add_guardian(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &GuardianInput,
) -> Result<(), AppError> {
    let case = for_change(state, ctx, id).await?;
    let name = text("name", &input.name, 120, true)?;
    let mut tx = state.store().begin().await?;
    tx.insert_guardian(
        case.child_id,
        &name,
        input.relation.trim(),
        input.has_gezag,
        input.phone.trim(),
        input.email.trim(),
        state.now(),
    )
    .await?;
    let gezag = if input.has_gezag {
        "met gezag"
    } else {
        "zonder gezag"
    };
    finish(
        state,
        ctx,
        tx,
        id,
        "household",
        &format!("Ouder/verzorger vastgelegd: {name} ({gezag})"),
        "",
    )
    .await
}

pub async fn add_task(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    description: &str,
    due_on: &str,
) -> Result<(), AppError> {
    let case = for_change(state, ctx, id).await?;
    open_only(&case)?;
    let description = text("description", description, 500, true)?;
    let due = if due_on.trim().is_empty() {
        None
    } else {
        Some(parse_date("due_on", due_on)?.to_string())
    };
    let mut tx = state.store().begin().await?;
    tx.insert_task(id, &description, due.as_deref(), state.now())
        .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        "task",
        &format!("Taak: {description}"),
        "",
    )
    .await
}

pub async fn complete_task(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    task_id: i64,
) -> Result<(), AppError> {
    for_change(state, ctx, id).await?;
    let mut tx = state.store().begin().await?;
    tx.complete_task(id, task_id, &state.now().date_naive().to_string())
        .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        "task_done",
        &format!("Taak {task_id} afgerond"),
        "",
    )
    .await
}

/// Guardians and consent records of a case in the domain's terms.
pub fn consent_view(file: &CaseFile) -> (Vec<Guardian>, Vec<ConsentRecord>) {
    let guardians = file
        .guardians
        .iter()
        .map(|g| Guardian {
            id: g.id,
            name: g.name.clone(),
            has_gezag: *g.has_gezag,
        })
        .collect();
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let records = file
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

/// Is consent for `purpose` valid today? `Err` says who is missing, in Dutch.
pub fn consent_status(file: &CaseFile, purpose: &Purpose, today: NaiveDate) -> Result<(), String> {
    let Ok(birth) = NaiveDate::parse_from_str(&file.child.date_of_birth, "%Y-%m-%d") else {
        return Err("geboortedatum onbekend".into());
    };
    let (guardians, records) = consent_view(file);
    consent::check(birth, today, purpose, &guardians, &records)
        .map_err(|gap| gap.message_nl(&guardians))
}

/// May information from the file go to `recipient` today (RULES.md): consent in force for the child's age, or
/// else the recorded legal `ground`. `Ok` is the basis (`consent` or the ground); `Err` says in Dutch who
/// still has to consent.
pub fn sharing_basis(
    file: &CaseFile,
    recipient: &str,
    recipient_kind: RecipientKind,
    today: NaiveDate,
    ground: Option<LegalGround>,
) -> Result<&'static str, String> {
    let birth = NaiveDate::parse_from_str(&file.child.date_of_birth, "%Y-%m-%d")
        .map_err(|_| "geboortedatum onbekend".to_string())?;
    let (guardians, records) = consent_view(file);
    let purpose = Purpose::Share {
        recipient: recipient.to_string(),
    };
    consent::may_share(
        consent::check(birth, today, &purpose, &guardians, &records),
        ground,
        recipient_kind,
    )
    .map_err(|gap| gap.message_nl(&guardians))
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ConsentInput {
    /// `child` or `guardian:<id>`.
    #[serde(default)]
    #[schemars(extend("examples" = ["child"]))]
    pub party: String,
    /// `help` or `share`.
    #[serde(default)]
    #[schemars(extend("examples" = ["help", "share"]))]
    pub purpose: String,
    #[serde(default)]
    pub recipient: String,
    #[serde(default)]
    pub information: String,
    #[serde(default)]
    /// YYYY-MM-DD.
    #[schemars(extend("format" = "date"))]
    pub given_on: String,
    #[serde(default)]
    pub valid_until: String,
    /// 12–15: a considered wish of the child, recorded (WGBO).
    #[serde(default)]
    pub child_wish: String,
}

pub async fn add_consent(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &ConsentInput,
) -> Result<(), AppError> {
    let case = for_change(state, ctx, id).await?;
    let guardians = state.store().guardians_of(case.child_id).await?;
    let (party, guardian_id, who) = if input.party == "child" {
        ("child", None, "kind/jongere".to_string())
    } else {
        let gid: i64 = input
            .party
            .strip_prefix("guardian:")
            .and_then(|g| g.parse().ok())
            .ok_or_else(|| {
                invalid(
                    "party",
                    "Kies wie toestemming geeft.",
                    "Choose who consents.",
                )
            })?;
        let g = guardians.iter().find(|g| g.id == gid).ok_or_else(|| {
            invalid(
                "party",
                "Kies wie toestemming geeft.",
                "Choose who consents.",
            )
        })?;
        if !*g.has_gezag {
            return Err(invalid(
                "party",
                "Een ouder zonder gezag geeft geen toestemming; leg hem of haar wel vast als betrokkene.",
                "A parent without parental authority does not consent.",
            ));
        }
        ("guardian", Some(gid), g.name.clone())
    };
    let (purpose, recipient) = match input.purpose.as_str() {
        "help" => ("help", String::new()),
        "share" => ("share", text("recipient", &input.recipient, 200, true)?),
        _ => {
            return Err(invalid(
                "purpose",
                "Kies waarvoor de toestemming is.",
                "Choose what the consent is for.",
            ));
        }
    };
    let given_on = parse_date("given_on", &input.given_on)?;
    let valid_until = if input.valid_until.trim().is_empty() {
        None
    } else {
        Some(parse_date("valid_until", &input.valid_until)?)
    };
    if valid_until.is_some_and(|u| u < given_on) {
        return Err(invalid(
            "valid_until",
            "De einddatum ligt voor de datum van toestemming.",
            "The end date is before the consent date.",
        ));
    }
    let p = ctx.principal()?;
    let mut tx = state.store().begin().await?;
    tx.insert_consent(
        id,
        party,
        guardian_id,
        purpose,
        &recipient,
        input.information.trim(),
        &given_on.to_string(),
        valid_until.map(|d| d.to_string()).as_deref(),
        input.child_wish.trim(),
        Some(p.user_id),
        state.now(),
    )
    .await?;
    let what = if purpose == "help" {
        "hulp".to_string()
    } else {
        format!("delen met {recipient}")
    };
    finish(
        state,
        ctx,
        tx,
        id,
        "consent",
        &format!("Toestemming vastgelegd: {who} voor {what}"),
        "",
    )
    .await
}

pub async fn withdraw_consent(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    consent_id: i64,
) -> Result<(), AppError> {
    for_change(state, ctx, id).await?;
    let mut tx = state.store().begin().await?;
    tx.withdraw_consent(id, consent_id, &state.now().date_naive().to_string())
        .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        "consent_withdrawn",
        &format!("Toestemming {consent_id} ingetrokken"),
        "",
    )
    .await
}

pub async fn propose_onward(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    target_id: i64,
    handover_note: &str,
) -> Result<(), AppError> {
    let case = for_change(state, ctx, id).await?;
    open_only(&case)?;
    let target = match state.store().referral_target(target_id).await {
        Ok(t) => t,
        Err(StoreError::NotFound) => {
            return Err(invalid("target_id", "Kies waarheen.", "Choose a target."));
        }
        Err(e) => return Err(e.into()),
    };
    let note = text("handover_note", handover_note, 4000, false)?;
    let mut tx = state.store().begin().await?;
    tx.insert_onward(
        id,
        target_id,
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
        "onward",
        &format!("Verwijzing voorgesteld: {}", target.name),
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
    let file = state.store().case_file_of(case, Some(1)).await?;
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
        "onward",
        &format!("Verwijzing naar {}: {}", o.target_name, next.label_nl()),
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
    let file = state.store().case_file_of(case.clone(), Some(1)).await?;
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
    let (Ok(care_kind), Ok(reasons), Ok(decision), Some(provider)) =
        (care_kind, reasons, decision, provider)
    else {
        return Err(AppError::Validation(errors));
    };
    consent_status(&file, &Purpose::Help, today).map_err(|m| {
        invalid(
            "reasons",
            &format!("Toestemming voor hulp ontbreekt: {m}"),
            "Consent for help is missing.",
        )
    })?;
    // The decision goes to the provider (through the municipality's allocation): consent to share with it.
    sharing_basis(
        &file,
        &provider.name,
        RecipientKind::of_target(&provider.kind),
        today,
        None,
    )
    .map_err(|missing| {
        invalid(
            "provider_id",
            &format!(
                "Geen geldige toestemming om de beschikking te delen met {}. {missing}",
                provider.name
            ),
            &format!(
                "No valid consent to share the decision with {}.",
                provider.name
            ),
        )
    })?;
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
    finish(
        state,
        ctx,
        tx,
        id,
        "mandate",
        &mandate_summary(&care_kind, &provider.name, status),
        "",
    )
    .await?;
    Ok(did)
}

/// The timeline's line for a new decision (also the demo's).
pub fn mandate_summary(care_kind: &str, provider: &str, status: mandate::MandateStatus) -> String {
    format!(
        "Beschikking jeugdhulp ({care_kind}, {provider}) vastgelegd; {}",
        status.label_nl()
    )
}

fn collect(errors: &mut Vec<FieldError>, e: AppError) {
    if let AppError::Validation(e) = e {
        errors.extend(e);
    }
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
    let (kind, summary) = match &verdict {
        mandate::Verdict::Approve => {
            tx.approve_mandate(decision_id, p.user_id, &today)
                .await
                .map_err(not_waiting)?;
            (
                "mandate_approved",
                format!(
                    "Beschikking {decision_id} ({}, {}) goedgekeurd door {}",
                    d.care_kind, d.provider, p.display_name
                ),
            )
        }
        mandate::Verdict::Refuse { reason } => {
            tx.refuse_mandate(decision_id, p.user_id, &today, reason)
                .await
                .map_err(not_waiting)?;
            (
                "mandate_refused",
                format!(
                    "Beschikking {decision_id} ({}, {}) afgewezen door {}: {reason}",
                    d.care_kind, d.provider, p.display_name
                ),
            )
        }
    };
    finish(state, ctx, tx, id, kind, &summary, "").await
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
    let file = open_case_recent(state, ctx, id, Some(1)).await?;
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

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct TransferInput {
    pub worker_id: i64,
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
    let note = text("note", &input.note, 4000, true)?;
    let version = based_on(input.version)?;
    let worker = state
        .store()
        .worker(input.worker_id)
        .await
        .map_err(|_| invalid("worker_id", "Kies een medewerker.", "Choose a worker."))?;
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
        let file = state.store().case_file_of(case.clone(), Some(1)).await?;
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
        "transfer",
        &format!(
            "Overgedragen aan {} (van {})",
            worker.name,
            case.worker_name.clone().unwrap_or_default()
        ),
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
    let body = text("body", &input.body, 2000, true)?;
    let file = state.store().case_file_of(case.clone(), Some(1)).await?;
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
        "school_report",
        &format!(
            "Terugkoppeling aan {}",
            case.school_name.clone().unwrap_or_default()
        ),
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

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ChildEdit {
    #[serde(default)]
    pub class_name: String,
    #[serde(default)]
    pub home_language: String,
    #[serde(default)]
    pub interpreter_needed: bool,
    /// The child record's version the edit was based on.
    pub version: Option<i64>,
}

/// Changes the child's class, home language and whether an interpreter is needed — refused with the newer
/// record when stale. Recorded on the case's timeline.
pub async fn edit_child(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &ChildEdit,
) -> Result<schakel_store::Child, AppError> {
    let case = for_change(state, ctx, id).await?;
    let class_name = text("class_name", &input.class_name, 40, false)?;
    let home_language = text("home_language", &input.home_language, 60, false)?;
    let version = based_on(input.version)?;
    let mut tx = state.store().begin().await?;
    let child = match tx
        .update_child(
            case.child_id,
            version,
            &class_name,
            &home_language,
            input.interpreter_needed,
            state.now(),
        )
        .await
    {
        Ok(child) => child,
        Err(StoreError::Conflict { .. }) => {
            drop(tx);
            let current = state.store().child(case.child_id).await?;
            return Err(AppError::Conflict {
                current: serde_json::to_value(&current).unwrap_or_default(),
            });
        }
        Err(e) => return Err(e.into()),
    };
    let interpreter = if input.interpreter_needed {
        "; tolk nodig"
    } else {
        ""
    };
    finish(
        state,
        ctx,
        tx,
        id,
        "child",
        &format!("Kindgegevens: klas {class_name}, thuistaal {home_language}{interpreter}"),
        "",
    )
    .await?;
    Ok(child)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ClosureInput {
    #[serde(default)]
    /// A code of the closure reasons (`doelen_bereikt`, …).
    #[schemars(extend("examples" = crate::contract::codes(&schakel_domain::casework::CLOSURE_REASONS)))]
    pub reason: String,
    #[serde(default)]
    pub note: String,
    pub satisfaction_parent: Option<i64>,
    pub satisfaction_child: Option<i64>,
    pub version: Option<i64>,
}

pub async fn close(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &ClosureInput,
) -> Result<(), AppError> {
    let case = for_change(state, ctx, id).await?;
    open_only(&case)?;
    let reason = rules::closure_reason_label(&input.reason).ok_or_else(|| {
        invalid(
            "reason",
            "Kies een reden van afsluiten.",
            "Choose a reason for closing.",
        )
    })?;
    for (field, v) in [
        ("satisfaction_parent", input.satisfaction_parent),
        ("satisfaction_child", input.satisfaction_child),
    ] {
        if v.is_some_and(|v| !(1..=10).contains(&v)) {
            return Err(invalid(
                field,
                "Een cijfer ligt tussen 1 en 10.",
                "A mark is between 1 and 10.",
            ));
        }
    }
    let file = state.store().case_file(id).await?;
    let checklist = rules::ClosureChecklist {
        open_onward_referrals: file
            .onward
            .iter()
            .filter(|o| {
                OnwardStatus::parse(&o.status)
                    .is_some_and(|s| s.is_open() && s != OnwardStatus::Started)
            })
            .count(),
        open_tasks: file.tasks.iter().filter(|t| t.done_on.is_none()).count(),
        goals_without_end_score: file.goals.iter().filter(|g| g.gas_end.is_none()).count(),
    };
    let problems = checklist.problems_nl();
    if !problems.is_empty() {
        return Err(AppError::Validation(
            problems
                .iter()
                .map(|p| FieldError::new("checklist", p, "The closing checklist is not complete."))
                .collect(),
        ));
    }
    let version = based_on(input.version)?;
    let p = ctx.principal()?;
    let settings = state
        .store()
        .organisation_settings(case.organisation_id)
        .await?;
    if *settings.closure_needs_approval && p.role != Role::TeamLead {
        let mut tx = state.store().begin().await?;
        tx.request_closure(
            id,
            version,
            &input.reason,
            input.note.trim(),
            input.satisfaction_parent,
            input.satisfaction_child,
            state.now(),
        )
        .await
        .map_err(conflict_with(&case))?;
        tx.insert_event(
            id,
            Some(p.user_id),
            "closure_requested",
            &format!("Afsluiting aangevraagd: {reason}; wacht op akkoord teamleider"),
            input.note.trim(),
            state.now(),
        )
        .await?;
        return state
            .commit_logged(
                tx,
                ctx.event(AuditAction::Change, "case", Some(id.to_string()), "ok"),
            )
            .await;
    }
    let mut tx = state.store().begin().await?;
    tx.close_case(
        id,
        version,
        &state.now().date_naive().to_string(),
        &input.reason,
        input.note.trim(),
        input.satisfaction_parent,
        input.satisfaction_child,
        state.now(),
    )
    .await
    .map_err(conflict_with(&case))?;
    let p = ctx.principal()?;
    tx.insert_event(
        id,
        Some(p.user_id),
        "closed",
        &format!("Dossier gesloten: {reason}"),
        input.note.trim(),
        state.now(),
    )
    .await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "case", Some(id.to_string()), "ok"),
        )
        .await
}

/// Stores a document in the case file after checking its content and size.
pub async fn add_document(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    filename: &str,
    bytes: &[u8],
    description: &str,
) -> Result<i64, AppError> {
    for_change(state, ctx, id).await?;
    let filename: String = filename
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    if filename.trim().is_empty() {
        return Err(invalid("file", "Kies een bestand.", "Choose a file."));
    }
    let content_type = rules::document_type(&filename, bytes)
        .map_err(|m| invalid("file", &m, "This file type or size is not allowed."))?;
    let filename = rules::document_filename(&filename, content_type);
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(bytes))
    };
    let p = ctx.principal()?;
    let mut tx = state.store().begin().await?;
    let did = tx
        .insert_document(
            id,
            &filename,
            content_type,
            &sha,
            bytes,
            description.trim(),
            Some(p.user_id),
            state.now(),
        )
        .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        "document",
        &format!(
            "Document toegevoegd: {filename} ({} kB)",
            bytes.len().div_ceil(1024)
        ),
        "",
    )
    .await?;
    Ok(did)
}

/// A document for download; each download is logged as an export of case data.
pub async fn document(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    document_id: i64,
) -> Result<(schakel_store::DocumentMeta, Vec<u8>), AppError> {
    open_case_recent(state, ctx, id, Some(1)).await?;
    let doc = state.store().document(id, document_id).await?;
    state
        .log(ctx.event(AuditAction::Export, "case", Some(id.to_string()), "ok"))
        .await?;
    Ok(doc)
}

/// The team lead approves a requested closure.
pub async fn approve_closure(state: &AppState, ctx: &Ctx, id: i64) -> Result<(), AppError> {
    let case = for_change(state, ctx, id).await?;
    let p = ctx.principal()?;
    if p.role != Role::TeamLead {
        return Err(AppError::Forbidden);
    }
    if case.status != "closure_requested" {
        return Err(invalid(
            "status",
            "Voor dit dossier is geen afsluiting aangevraagd.",
            "No closure was requested for this case.",
        ));
    }
    let mut tx = state.store().begin().await?;
    tx.approve_closure(id, &state.now().date_naive().to_string(), state.now())
        .await?;
    tx.insert_event(
        id,
        Some(p.user_id),
        "closed",
        &format!(
            "Dossier gesloten: afsluiting goedgekeurd door {}",
            p.display_name
        ),
        "",
        state.now(),
    )
    .await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "case", Some(id.to_string()), "ok"),
        )
        .await
}
