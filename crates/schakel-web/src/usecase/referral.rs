//! Referrals (aanmeldingen): who may see which referral, creating one (school, parent, youth, professional) and
//! withdrawing it before triage. What a school contact sees of a referral is decided here, once.

use super::input::{collect, invalid, parse_date, text};
use super::scope::{may_see_referral, referral_scope};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use chrono::NaiveDate;
use schakel_domain::Role;
use schakel_domain::audit::AuditAction;
use schakel_domain::casework::{self as rules, ReferralStatus};
use schakel_domain::consent::{self};
use schakel_domain::org::FieldError;
use schakel_store::{NewChild, NewReferral, Referral, StoreError};
use serde::{Deserialize, Serialize};

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
        Some(org) => crate::usecase::config::options_in(
            &crate::usecase::config::terms(state, org, rules::Taxonomy::Signals).await?,
            rules::Taxonomy::Signals,
            ctx.lang,
        ),
        None => rules::DEFAULT_SIGNALS
            .iter()
            .map(|(c, l)| {
                let label = rules::term_label(rules::Taxonomy::Signals, c, l, ctx.lang);
                (c.to_string(), label.to_string())
            })
            .collect(),
    })
}

/// The referrals in the principal's scope (`status`: only those with it), logged as a read of each.
pub async fn referrals(
    state: &AppState,
    ctx: &Ctx,
    status: Option<String>,
) -> Result<Vec<Referral>, AppError> {
    let mut f = referral_scope(state, ctx).await?;
    f.status = status.filter(|s| ReferralStatus::parse(s).is_some());
    let list = state.store().list_referrals(&f).await?;
    // Every referral shown is logged (ADR 024): a privacy officer searching for a child finds the list.
    super::log_list(
        state,
        ctx,
        AuditAction::Read,
        "referral",
        list.iter().map(|r| r.id),
    )
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

/// A referral as its reader may see it: in full for the social workers and the team lead, as the school sent
/// it and where it stands for the school. Pages, the API and any later door read this one type.
#[derive(Debug, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum ReferralView {
    Full(Box<Referral>),
    ForSchool(Box<ReferralForSchool>),
}

/// What a school contact sees of a referral the school made: what it sent, where it stands and who picked
/// it up — never the content of the case file; on one referral also the reports the social worker shared
/// with the school.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ReferralForSchool {
    pub id: i64,
    pub child_name: String,
    pub received_on: String,
    pub status: rules::SchoolView,
    /// The social worker who picked it up, once a worker is assigned.
    pub picked_up_by: Option<String>,
    /// The school may still withdraw it (not yet triaged).
    pub can_withdraw: bool,
    /// The version a withdrawal is based on.
    pub version: i64,
    /// What the school sent, in its own words.
    pub sent: SentReferral,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reports: Option<Vec<SharedReport>>,
    /// The receiving organisation, whose words label the signals.
    #[serde(skip)]
    pub organisation_id: i64,
}

/// The school's own referral as it was sent.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SentReferral {
    pub referrer_name: String,
    pub reason: String,
    /// Codes of the receiving organisation's signals.
    pub signals: Vec<String>,
    /// `normaal`, `snel` or `spoed`.
    pub urgency: String,
}

/// A report the social worker shared with the school.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SharedReport {
    pub shared_on: String,
    pub body: String,
}

impl ReferralForSchool {
    fn of(r: Referral) -> ReferralForSchool {
        ReferralForSchool {
            id: r.id,
            status: r.school_view(),
            picked_up_by: r.worker_name.clone(),
            can_withdraw: r.status() == ReferralStatus::Received,
            version: r.version,
            sent: SentReferral {
                referrer_name: r.referrer_name,
                reason: r.reason,
                signals: r
                    .signals
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                urgency: r.urgency,
            },
            child_name: r.child_name,
            received_on: r.received_on,
            reports: None,
            organisation_id: r.organisation_id,
        }
    }
}

fn view_for(role: Role, r: Referral) -> ReferralView {
    if role == Role::SchoolContact {
        ReferralView::ForSchool(Box::new(ReferralForSchool::of(r)))
    } else {
        ReferralView::Full(Box::new(r))
    }
}

/// The referrals a user sees, each as that user may see it.
pub async fn referral_views(
    state: &AppState,
    ctx: &Ctx,
    status: Option<String>,
) -> Result<Vec<ReferralView>, AppError> {
    let role = ctx.principal()?.role;
    let list = referrals(state, ctx, status).await?;
    Ok(list.into_iter().map(|r| view_for(role, r)).collect())
}

/// One referral as the user may see it; a school contact also gets the reports shared with the school.
pub async fn referral_view(state: &AppState, ctx: &Ctx, id: i64) -> Result<ReferralView, AppError> {
    let role = ctx.principal()?.role;
    let r = referral(state, ctx, id).await?;
    if role != Role::SchoolContact {
        return Ok(view_for(role, r));
    }
    let reports = super::onward::school_reports_for(state, &r)
        .await?
        .into_iter()
        .map(|k| SharedReport {
            shared_on: k.shared_on,
            body: k.body,
        })
        .collect();
    let mut view = ReferralForSchool::of(r);
    view.reports = Some(reports);
    Ok(ReferralView::ForSchool(Box::new(view)))
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
    // Every wrong field at once: the referral's own fields, the school, the signals of the receiving organisation.
    let (fields, mut errors) = ReferralFields::parse(input, today);
    let school = referring_school(state, p, input, &mut errors).await?;
    let organisation_id = match &school {
        Some(school) => receiving_organisation(state, p, school.id)
            .await
            .map_err(|e| collect(&mut errors, e))
            .ok(),
        None => None,
    };
    if let Some(org) = organisation_id {
        check_signals(state, org, &input.signals)
            .await
            .or_else(|e| match e {
                AppError::Validation(e) => {
                    errors.extend(e);
                    Ok(())
                }
                other => Err(other),
            })?;
    }
    let (Some(school), Some(organisation_id), Some(birth), true) =
        (school, organisation_id, fields.birth, errors.is_empty())
    else {
        return Err(AppError::Validation(errors));
    };
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
    let mut tx = state.store().begin().await?;
    let child_id = child_of_referral(
        state,
        &mut tx,
        ChildOfReferral {
            organisation_id,
            fields: &fields,
            birth,
            school: &school,
            guardians: &input.guardians,
        },
        now,
    )
    .await?;
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
                reason: fields.reason,
                signals: input.signals.join(","),
                urgency: fields.urgency,
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

/// A referral's own fields, read and checked; the errors of every field at once.
struct ReferralFields {
    given_name: String,
    family_name: String,
    reason: String,
    class_name: String,
    birth: Option<NaiveDate>,
    urgency: String,
}

impl ReferralFields {
    fn parse(input: &ReferralInput, today: NaiveDate) -> (ReferralFields, Vec<FieldError>) {
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
            Err(_) => None,
        };
        if !input.parents_agree {
            errors.push(FieldError::new(
                "parents_agree",
                "Een aanmelding met naam kan alleen als ouders ervan weten en akkoord zijn. Vraag anders een consultatie zonder naam aan.",
                "A named referral needs the parents to know and agree. Otherwise ask for a consultation without a name.",
            ));
        }
        if input
            .guardians
            .iter()
            .any(|g| g.name.trim().chars().count() > 120)
        {
            errors.push(FieldError::new(
                "guardians",
                "Een naam van een ouder is te lang.",
                "A parent's name is too long.",
            ));
        }
        // No urgency given is a normal one; an unknown one is refused, not read as normal.
        let urgency = match input.urgency.trim() {
            "" => "normaal".to_string(),
            u if rules::URGENCIES.iter().any(|(k, _)| *k == u) => u.to_string(),
            _ => {
                errors.push(urgency_refused());
                String::new()
            }
        };
        let fields = ReferralFields {
            given_name,
            family_name,
            reason,
            class_name,
            birth,
            urgency,
        };
        (fields, errors)
    }
}

/// An urgency that is not one of the list.
fn urgency_refused() -> FieldError {
    FieldError::new(
        "urgency",
        "Kies hoe snel een antwoord nodig is.",
        "Choose how soon an answer is needed.",
    )
}

/// The school the referral is about: a school contact's own school, or the one named by its code (an unknown
/// code is a field error).
async fn referring_school(
    state: &AppState,
    p: &schakel_domain::Principal,
    input: &ReferralInput,
    errors: &mut Vec<FieldError>,
) -> Result<Option<schakel_store::School>, AppError> {
    if p.role == Role::SchoolContact {
        let own = p.school_id.ok_or(AppError::Forbidden)?;
        return Ok(Some(state.store().school(own).await?));
    }
    let code = input.school_code.trim().to_ascii_uppercase();
    match state.store().school_by_code(&code).await {
        Ok(s) => Ok(Some(s)),
        Err(StoreError::NotFound) => {
            errors.push(FieldError::new(
                "school_code",
                "Geen school met deze code.",
                "No school has this code.",
            ));
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// Which provider receives the referral: for a school contact the organisation of the school's social worker,
/// otherwise the referrer's own organisation.
async fn receiving_organisation(
    state: &AppState,
    p: &schakel_domain::Principal,
    school_id: i64,
) -> Result<i64, AppError> {
    if p.role != Role::SchoolContact {
        return p.organisation_id.ok_or(AppError::Forbidden);
    }
    state
        .store()
        .list_assignments(None, None, Some(school_id))
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
        })
}

/// Signals come from the receiving organisation's list; an unknown one is refused, not dropped.
async fn check_signals(
    state: &AppState,
    organisation_id: i64,
    signals: &[String],
) -> Result<(), AppError> {
    let known =
        crate::usecase::config::terms(state, organisation_id, rules::Taxonomy::Signals).await?;
    let unknown: Vec<&str> = signals
        .iter()
        .filter(|s| !known.iter().any(|t| *t.active && t.code == **s))
        .map(String::as_str)
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let list = unknown.join(", ");
    Err(invalid(
        "signals",
        &format!("Onbekend signaal: {list}. Kies uit de lijst."),
        &format!("Unknown signal: {list}. Choose from the list."),
    ))
}

/// Who the referral is about, as far as the child's record goes.
struct ChildOfReferral<'a> {
    organisation_id: i64,
    fields: &'a ReferralFields,
    birth: NaiveDate,
    school: &'a schakel_store::School,
    guardians: &'a [GuardianInput],
}

/// The child the referral is about: the known child (same name and date of birth, whose school and class become
/// the referral's, and who gets the carers the referral names that the file does not have yet — nothing the school
/// typed is dropped), or a new one with its carers.
async fn child_of_referral(
    state: &AppState,
    tx: &mut schakel_store::WriteTx,
    c: ChildOfReferral<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i64, AppError> {
    let f = c.fields;
    let birth_text = c.birth.to_string();
    let existing = state
        .store()
        .possible_duplicates(
            c.organisation_id,
            &f.given_name,
            &f.family_name,
            &birth_text,
        )
        .await?;
    let folded = schakel_domain::text::fold(&format!("{} {}", f.given_name, f.family_name));
    let named: Vec<&GuardianInput> = c
        .guardians
        .iter()
        .filter(|g| !g.name.trim().is_empty())
        .collect();
    let known_child = existing.iter().find(|k| {
        k.date_of_birth == birth_text && schakel_domain::text::fold(&k.full_name()) == folded
    });
    let (child_id, known_carers) = match known_child {
        Some(k) => {
            tx.set_child_school(k.id, c.school.id, &f.class_name, now)
                .await?;
            let carers: Vec<String> = state
                .store()
                .guardians_of(k.id)
                .await?
                .iter()
                .map(|g| schakel_domain::text::fold(g.name.trim()))
                .collect();
            (k.id, carers)
        }
        None => {
            let child = tx
                .insert_child(
                    &NewChild {
                        organisation_id: c.organisation_id,
                        given_name: f.given_name.clone(),
                        family_name: f.family_name.clone(),
                        date_of_birth: birth_text,
                        school_id: Some(c.school.id),
                        class_name: f.class_name.clone(),
                        home_language: String::new(),
                        interpreter_needed: false,
                        residence_municipality_id: Some(c.school.municipality_id),
                    },
                    now,
                )
                .await?;
            (child.id, Vec::new())
        }
    };
    for g in named
        .iter()
        .filter(|g| !known_carers.contains(&schakel_domain::text::fold(g.name.trim())))
    {
        tx.insert_guardian(
            child_id,
            g.name.trim(),
            g.relation.trim(),
            g.has_gezag,
            g.phone.trim(),
            g.email.trim(),
            now,
        )
        .await?;
    }
    Ok(child_id)
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
    // Both refusals at once: a referral already triaged, and a reason that is missing or too long.
    let mut errors = Vec::new();
    let next = rules::withdraw(current)
        .map_err(|(nl, en)| errors.push(FieldError::new("status", nl, en)))
        .ok();
    let reason = text("reason", &input.reason, 500, true)
        .map_err(|e| collect(&mut errors, e))
        .ok();
    let (Some(next), Some(reason), true) = (next, reason, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
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

/// The school's correction of what it sent, before triage.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct CorrectionInput {
    /// The reason for referral in the school's words (1–4,000 characters).
    #[serde(default)]
    pub reason: String,
    /// Codes of the receiving organisation's signals.
    #[serde(default)]
    pub signals: Vec<String>,
    /// `normaal`, `snel` or `spoed`.
    #[serde(default)]
    #[schemars(extend("examples" = crate::contract::codes(&schakel_domain::casework::URGENCIES)))]
    pub urgency: String,
    /// The version the school saw; 409 when the referral changed since.
    #[serde(default)]
    pub version: Option<i64>,
}

/// The school corrects its own referral while it waits for triage: reason, signals and urgency, every field
/// error at once. A referral of another school, or not made by the school, is "not found"; after triage 422;
/// a stale version 409.
pub async fn correct_referral(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &CorrectionInput,
) -> Result<(), AppError> {
    let p = ctx.principal()?;
    if p.role != Role::SchoolContact {
        return Err(AppError::Forbidden);
    }
    let r = referral(state, ctx, id).await?;
    if Some(r.school_id) != p.school_id {
        return Err(AppError::NotFound);
    }
    let mut errors = Vec::new();
    if let Err((nl, en)) = rules::correct(r.status()) {
        errors.push(FieldError::new("status", nl, en));
    }
    let reason = super::input::require_text("reason", &input.reason, 4000, &mut errors);
    if !rules::URGENCIES.iter().any(|(k, _)| *k == input.urgency) {
        errors.push(urgency_refused());
    }
    match check_signals(state, r.organisation_id, &input.signals).await {
        Ok(()) => {}
        Err(AppError::Validation(e)) => errors.extend(e),
        Err(other) => return Err(other),
    }
    let version = match super::input::based_on(input.version) {
        Ok(v) => Some(v),
        Err(AppError::Validation(e)) => {
            errors.extend(e);
            None
        }
        Err(other) => return Err(other),
    };
    let (Some(version), true) = (version, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let correction = schakel_store::ReferralCorrection {
        reason,
        signals: input.signals.join(","),
        urgency: input.urgency.clone(),
    };
    let mut tx = state.store().begin().await?;
    match tx
        .correct_referral(id, version, &correction, state.now())
        .await
    {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => {
            return Err(AppError::Conflict {
                current: serde_json::to_value(ReferralForSchool::of(
                    state.store().referral(id).await?,
                ))
                .unwrap_or_default(),
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
