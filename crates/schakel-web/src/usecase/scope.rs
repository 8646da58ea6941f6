//! Who may see what: a principal's own worker record, the referral scope of a school contact or worker, and
//! whether a case file may be opened. Every use case that reads a referral or case goes through these.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::{Principal, Role};
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

/// Schools whose referrals a user sees.
pub(crate) async fn referral_scope(
    state: &AppState,
    ctx: &Ctx,
) -> Result<ReferralFilter, AppError> {
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

pub(crate) fn may_see_referral(p: &Principal, r: &Referral, scope: &ReferralFilter) -> bool {
    scope.organisation_id.is_none_or(|o| o == r.organisation_id)
        && scope
            .school_ids
            .as_ref()
            .is_none_or(|ids| ids.contains(&r.school_id))
        || (p.role == Role::TeamLead && p.organisation_id == Some(r.organisation_id))
}

/// May this user open this case file? Assigned worker; team lead of the case's team (or organisation).
pub async fn may_open(state: &AppState, ctx: &Ctx, case: &Case) -> Result<bool, AppError> {
    let worker = own_worker(state, ctx).await?.map(|w| w.id);
    Ok(may_open_with(ctx.principal()?, worker, case))
}

/// Who may open a case file: the social worker it is assigned to, and the team lead of its team (or of its
/// organisation, when either has no team). `own_worker` is the signed-in user's worker record, if any.
pub(crate) fn may_open_with(p: &Principal, own_worker: Option<i64>, case: &Case) -> bool {
    match p.role {
        Role::SocialWorker => own_worker.is_some_and(|w| Some(w) == case.worker_id),
        Role::TeamLead => {
            p.organisation_id == Some(case.organisation_id)
                && (p.team_id.is_none() || case.team_id.is_none() || p.team_id == case.team_id)
        }
        _ => false,
    }
}
