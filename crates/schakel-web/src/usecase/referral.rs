//! Referrals (aanmeldingen): who may see which referral, creating one (school, parent, youth, professional) and
//! withdrawing it before triage. What a school contact sees of a referral is decided here, once.

use super::input::{invalid, parse_date, text};
use super::scope::{may_see_referral, referral_scope};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
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
    let known =
        crate::usecase::config::terms(state, organisation_id, rules::Taxonomy::Signals).await?;
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
