//! Who may see what: a principal's own worker record, the referral scope of a school contact or worker, and
//! whether a case file may be opened. Every use case that reads a referral or case goes through these.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::Principal;
use schakel_domain::casework::ReferralSource;
use schakel_domain::scope;
use schakel_store::{Case, Referral, ReferralFilter};

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

/// Schools whose referrals a user sees (the rule is `schakel_domain::scope::referral_scope`).
pub(crate) async fn referral_scope(
    state: &AppState,
    ctx: &Ctx,
) -> Result<ReferralFilter, AppError> {
    let p = ctx.principal()?;
    let worker = if scope::scope_needs_own_schools(p.role) {
        own_worker(state, ctx).await?
    } else {
        None
    };
    let own_schools: Vec<i64> = match worker {
        Some(w) => {
            let mut schools: Vec<i64> = state
                .store()
                .list_assignments(None, Some(w.id), None)
                .await?
                .into_iter()
                .filter(|a| a.ends_on.is_none())
                .map(|a| a.school_id)
                .collect();
            // During a cover the covering worker handles the covered schools' referrals (ADR 021).
            let today = schakel_domain::local_time::amsterdam_date(state.now());
            schools.extend(super::presence::covered_schools(state, w.id, today, None).await?);
            schools
        }
        None => Vec::new(),
    };
    let scope = scope::referral_scope(p, &own_schools).ok_or(AppError::Forbidden)?;
    Ok(ReferralFilter {
        limit: 500,
        organisation_id: scope.organisation_id,
        school_ids: scope.school_ids,
        source: scope.source.map(|s| s.code().to_string()),
        ..Default::default()
    })
}

pub(crate) fn may_see_referral(p: &Principal, r: &Referral, filter: &ReferralFilter) -> bool {
    let scope = scope::ReferralScope {
        organisation_id: filter.organisation_id,
        school_ids: filter.school_ids.clone(),
        source: filter
            .source
            .as_deref()
            .map(|s| ReferralSource::parse(s).unwrap_or(ReferralSource::Other)),
    };
    let facts = scope::ReferralFacts {
        organisation_id: r.organisation_id,
        school_id: r.school_id,
        source: &r.source,
    };
    scope::may_see_referral(p, &scope, facts)
}

/// May this user open this case file? Assigned worker; team lead of the case's team (or organisation).
pub async fn may_open(state: &AppState, ctx: &Ctx, case: &Case) -> Result<bool, AppError> {
    let worker = own_worker(state, ctx).await?.map(|w| w.id);
    Ok(scope::may_open_case(ctx.principal()?, worker, case.facts()))
}
