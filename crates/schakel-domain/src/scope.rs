//! Object-level access: which referrals and case files a principal may see, decided from the principal and a
//! few plain facts about the object. The route table (`access`) says who may use a page at all; these rules
//! say which records on it.

use crate::casework::ReferralSource;
use crate::{Principal, Role};

/// The referrals a user sees: those of an organisation, of some schools, or both, and of one source.
/// `None` means no limit on that side.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferralScope {
    pub organisation_id: Option<i64>,
    pub school_ids: Option<Vec<i64>>,
    /// Only referrals made by this source.
    pub source: Option<ReferralSource>,
}

/// What the rule needs to know about a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferralFacts<'a> {
    pub organisation_id: i64,
    pub school_id: i64,
    /// The stored source code (`school`, `parent`, `youth`, …).
    pub source: &'a str,
}

/// The referral scope of a principal: a school contact sees the referrals their own school made — not a
/// parent's or a young person's own request for help at that school, which is theirs to share; a social
/// worker the schools they are assigned to now (`own_schools`) within their organisation; a team lead
/// their organisation. `None` for every other role: they see no referrals.
pub fn referral_scope(p: &Principal, own_schools: &[i64]) -> Option<ReferralScope> {
    match p.role {
        Role::SchoolContact => Some(ReferralScope {
            organisation_id: None,
            school_ids: Some(p.school_id.into_iter().collect()),
            source: Some(ReferralSource::School),
        }),
        Role::SocialWorker => Some(ReferralScope {
            organisation_id: p.organisation_id,
            school_ids: Some(own_schools.to_vec()),
            source: None,
        }),
        Role::TeamLead => Some(ReferralScope {
            organisation_id: Some(p.organisation_id?),
            school_ids: None,
            source: None,
        }),
        _ => None,
    }
}

/// Whether a social worker's scope needs their current school assignments (the caller loads them).
pub fn scope_needs_own_schools(role: Role) -> bool {
    role == Role::SocialWorker
}

/// May `p`, with this scope, see this referral? A team lead sees every referral of their organisation.
pub fn may_see_referral(p: &Principal, scope: &ReferralScope, r: ReferralFacts) -> bool {
    let in_scope = scope.organisation_id.is_none_or(|o| o == r.organisation_id)
        && scope
            .school_ids
            .as_ref()
            .is_none_or(|ids| ids.contains(&r.school_id))
        && scope.source.is_none_or(|s| s.code() == r.source);
    in_scope || (p.role == Role::TeamLead && p.organisation_id == Some(r.organisation_id))
}

/// What the rule needs to know about a case file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    pub organisation_id: i64,
    pub team_id: Option<i64>,
    pub worker_id: Option<i64>,
}

/// Who may open a case file: the social worker it is assigned to, and the team lead of its team (or of its
/// organisation, when either has no team). `own_worker` is the signed-in user's worker record, if any.
pub fn may_open_case(p: &Principal, own_worker: Option<i64>, case: CaseFacts) -> bool {
    match p.role {
        Role::SocialWorker => own_worker.is_some_and(|w| Some(w) == case.worker_id),
        Role::TeamLead => {
            p.organisation_id == Some(case.organisation_id)
                && (p.team_id.is_none() || case.team_id.is_none() || p.team_id == case.team_id)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(role: Role) -> Principal {
        Principal {
            user_id: 1,
            username: "u".into(),
            display_name: "U".into(),
            role,
            organisation_id: Some(10),
            team_id: Some(100),
            school_id: Some(7),
            municipality_id: None,
        }
    }

    fn facts(organisation_id: i64, school_id: i64) -> ReferralFacts<'static> {
        ReferralFacts {
            organisation_id,
            school_id,
            source: "school",
        }
    }

    const CASE: CaseFacts = CaseFacts {
        organisation_id: 10,
        team_id: Some(100),
        worker_id: Some(5),
    };

    #[test]
    fn only_the_assigned_worker_and_the_team_lead_open_a_case() {
        let worker = principal(Role::SocialWorker);
        assert!(may_open_case(&worker, Some(5), CASE));
        assert!(!may_open_case(&worker, Some(6), CASE));
        assert!(!may_open_case(&worker, None, CASE));
        let lead = principal(Role::TeamLead);
        assert!(may_open_case(&lead, None, CASE));
        assert!(!may_open_case(
            &lead,
            None,
            CaseFacts {
                team_id: Some(101),
                ..CASE
            }
        ));
        assert!(may_open_case(
            &lead,
            None,
            CaseFacts {
                team_id: None,
                ..CASE
            }
        ));
        assert!(!may_open_case(
            &lead,
            None,
            CaseFacts {
                organisation_id: 11,
                ..CASE
            }
        ));
        for role in [
            Role::SchoolContact,
            Role::Municipality,
            Role::FunctionalAdmin,
            Role::PrivacyOfficer,
        ] {
            assert!(!may_open_case(&principal(role), Some(5), CASE), "{role:?}");
        }
    }

    #[test]
    fn a_school_contact_sees_only_their_school() {
        let p = principal(Role::SchoolContact);
        let scope = referral_scope(&p, &[]).unwrap();
        assert!(may_see_referral(&p, &scope, facts(10, 7)));
        assert!(may_see_referral(&p, &scope, facts(11, 7)));
        assert!(!may_see_referral(&p, &scope, facts(10, 8)));
        let no_school = Principal {
            school_id: None,
            ..p
        };
        let scope = referral_scope(&no_school, &[]).unwrap();
        assert!(!may_see_referral(&no_school, &scope, facts(10, 7)));
    }

    /// A parent's or a young person's own request for help is not the school's to see, even at its school;
    /// the school's worker and the team lead see it.
    #[test]
    fn a_school_contact_sees_only_what_the_school_referred() {
        let p = principal(Role::SchoolContact);
        let scope = referral_scope(&p, &[]).unwrap();
        for source in ["parent", "youth", "chat", "professional", "other"] {
            let r = ReferralFacts {
                source,
                ..facts(10, 7)
            };
            assert!(!may_see_referral(&p, &scope, r), "{source}");
            let w = principal(Role::SocialWorker);
            assert!(may_see_referral(&w, &referral_scope(&w, &[7]).unwrap(), r));
            let lead = principal(Role::TeamLead);
            assert!(may_see_referral(
                &lead,
                &referral_scope(&lead, &[]).unwrap(),
                r
            ));
        }
    }

    #[test]
    fn a_worker_sees_their_schools_and_a_lead_their_organisation() {
        let w = principal(Role::SocialWorker);
        assert!(scope_needs_own_schools(w.role));
        let scope = referral_scope(&w, &[7, 8]).unwrap();
        assert!(may_see_referral(&w, &scope, facts(10, 8)));
        assert!(!may_see_referral(&w, &scope, facts(10, 9)));
        assert!(!may_see_referral(&w, &scope, facts(11, 8)));
        let lead = principal(Role::TeamLead);
        let scope = referral_scope(&lead, &[]).unwrap();
        assert!(may_see_referral(&lead, &scope, facts(10, 99)));
        assert!(!may_see_referral(&lead, &scope, facts(11, 99)));
        assert!(referral_scope(&principal(Role::Municipality), &[]).is_none());
        assert!(
            referral_scope(
                &Principal {
                    organisation_id: None,
                    ..lead
                },
                &[]
            )
            .is_none()
        );
    }
}
