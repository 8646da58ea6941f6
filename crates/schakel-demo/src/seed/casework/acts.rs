//! What happens in a case, act by act, carried out in date order.

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use schakel_domain::casework::{self as rules, OnwardStatus};
use schakel_domain::consent::{Guardian, Party, Purpose, required_parties};
use schakel_domain::mandate::{self, CareCategory, VolumeUnit};
use schakel_store::NewTimeEntry;

use super::plan::Target;
use super::vocabulary::goal_theme_of;
use super::write::W;

/// Who consents: the child or a parent (index into the household).
#[derive(Debug, Clone, Copy)]
pub(super) enum Who {
    Child,
    Parent(usize),
}

/// The parties whose consent for `purpose` the age requires, by the domain's rule (RULES.md §1), as
/// people of the household: a parent by its index in `parents` (id, name, holds gezag).
pub(super) fn consent_parties(
    age: u32,
    purpose: &Purpose,
    parents: &[(i64, String, bool)],
) -> Vec<Who> {
    let guardians: Vec<Guardian> = parents
        .iter()
        .zip(0_i64..)
        .map(|((_, name, gezag), index)| Guardian {
            id: index,
            name: name.clone(),
            has_gezag: *gezag,
        })
        .collect();
    required_parties(age, purpose, &guardians)
        .into_iter()
        .filter_map(|party| match party {
            Party::Child => Some(Who::Child),
            Party::Guardian(index) => usize::try_from(index).ok().map(Who::Parent),
        })
        .collect()
}

#[derive(Debug, Clone)]
pub(super) enum Act {
    Contact {
        kind: &'static str,
        participants: String,
        minutes: i64,
        note: String,
    },
    Consent {
        who: Who,
        /// `None`: help; `Some(recipient)`: sharing with that recipient.
        share: Option<String>,
        information: String,
        until: Option<NaiveDate>,
        wish: String,
    },
    Goal {
        description: String,
        start: i64,
    },
    Score {
        goal: usize,
        end: bool,
        score: i64,
    },
    Propose {
        target: Target,
        note: String,
    },
    Advance {
        status: OnwardStatus,
        feedback: String,
    },
    /// An SMW-plus decision, made within the domain's rules (`schakel_domain::mandate::check_decision`).
    Mandate {
        care_kind: String,
        category: CareCategory,
        volume: i64,
        unit: VolumeUnit,
        provider: Target,
        from: NaiveDate,
        until: NaiveDate,
        reasons: String,
        needs_approval: bool,
    },
    Approve {
        user: i64,
        name: String,
    },
    Event {
        kind: &'static str,
        summary: String,
        detail: String,
    },
    Summary {
        text: String,
        safety: bool,
    },
    /// A report to the school, shared with the consent the story recorded before.
    SchoolReport {
        body: String,
    },
    Close {
        reason: &'static str,
        note: String,
        parent: Option<i64>,
        child: Option<i64>,
    },
    /// Closure asked for where the organisation wants the team lead's approval; it waits for it.
    RequestClosure {
        reason: &'static str,
        note: String,
    },
}

pub(super) struct CaseState {
    pub(super) id: i64,
    pub(super) organisation: i64,
    pub(super) school: i64,
    pub(super) version: i64,
    pub(super) worker: i64,
    pub(super) user: Option<i64>,
    pub(super) review_on: String,
    pub(super) given: String,
    pub(super) parents: Vec<(i64, String, bool)>,
    pub(super) goals: Vec<i64>,
    pub(super) onward: Option<(i64, i64, String)>,
    pub(super) mandate: Option<i64>,
}

/// Carries out a case's acts in date order (stable: acts on one day keep their order).
pub(super) async fn run(
    w: &mut W,
    st: &mut CaseState,
    mut acts: Vec<(NaiveDate, Act)>,
) -> Result<()> {
    acts.sort_by_key(|(d, _)| *d);
    for (on, act) in acts {
        let at = w.at(on);
        let day = on.to_string();
        match act {
            Act::Contact {
                kind,
                participants,
                minutes,
                note,
            } => {
                w.tx()?
                    .insert_contact(
                        st.id,
                        &day,
                        kind,
                        &participants,
                        minutes,
                        &note,
                        st.user,
                        at,
                    )
                    .await?;
                w.n.contacts += 1;
                let summary = format!(
                    "Contact: {} ({minutes} min)",
                    rules::contact_kind_label(kind)
                );
                w.event(st.id, st.user, "contact", &summary, "", on).await?;
                // A home visit costs travel; a meeting and an intake are written up afterwards.
                let indirect = match kind {
                    "huisbezoek" => Some(("reistijd", 25)),
                    "overleg" => Some(("verslaglegging", 15)),
                    "intake" => Some(("verslaglegging", 20)),
                    _ => None,
                };
                if let Some((activity, spent)) = indirect {
                    w.tx()?
                        .insert_time_entry(
                            &NewTimeEntry {
                                organisation_id: st.organisation,
                                case_id: Some(st.id),
                                school_id: Some(st.school),
                                worker_id: Some(st.worker),
                                spent_on: day.clone(),
                                minutes: spent,
                                activity: activity.into(),
                                note: String::new(),
                                created_by: st.user,
                            },
                            at,
                        )
                        .await?;
                    let label = rules::indirect_activity_label(activity).unwrap_or(activity);
                    let summary = format!("Indirecte tijd: {spent} min {label}");
                    w.event(st.id, st.user, "time", &summary, "", on).await?;
                }
            }
            Act::Consent {
                who,
                share,
                information,
                until,
                wish,
            } => {
                let (party, guardian, name) = match who {
                    Who::Child => ("child", None, "kind/jongere".to_string()),
                    Who::Parent(i) => {
                        let (id, name, gezag) = st
                            .parents
                            .get(i)
                            .cloned()
                            .ok_or_else(|| anyhow!("no parent {i}"))?;
                        if !gezag {
                            bail!("a parent without gezag does not consent");
                        }
                        ("guardian", Some(id), name)
                    }
                };
                let (purpose, recipient) = match &share {
                    Some(r) => ("share", r.as_str()),
                    None => ("help", ""),
                };
                let until = until.map(|u| u.to_string());
                w.tx()?
                    .insert_consent(
                        st.id,
                        party,
                        guardian,
                        purpose,
                        recipient,
                        &information,
                        &day,
                        until.as_deref(),
                        &wish,
                        st.user,
                        at,
                    )
                    .await?;
                w.n.consents += 1;
                let what = match &share {
                    Some(r) => format!("delen met {r}"),
                    None => "hulp".to_string(),
                };
                let summary = format!("Toestemming vastgelegd: {name} voor {what}");
                w.event(st.id, st.user, "consent", &summary, &wish, on)
                    .await?;
            }
            Act::Goal { description, start } => {
                let theme = goal_theme_of(&description);
                let id = w
                    .tx()?
                    .insert_goal(st.id, &description, theme, start, at)
                    .await?;
                st.goals.push(id);
                w.n.goals += 1;
                let summary = format!("Doel gesteld: {description} (GAS start {start:+})");
                w.event(st.id, st.user, "goal", &summary, "", on).await?;
            }
            Act::Score { goal, end, score } => {
                let id = *st
                    .goals
                    .get(goal)
                    .ok_or_else(|| anyhow!("no goal {goal}"))?;
                let moment = if end { "end" } else { "review" };
                w.tx()?.score_goal(st.id, id, moment, score).await?;
                let label = if end { "eindscore" } else { "tussenscore" };
                let summary = format!("GAS-{label} {score:+} voor doel {id}");
                w.event(st.id, st.user, "goal_score", &summary, "", on)
                    .await?;
            }
            Act::Propose { target, note } => {
                let id = w
                    .tx()?
                    .insert_onward(st.id, target.id, &note, &day, at)
                    .await?;
                st.onward = Some((id, 1, target.name.clone()));
                w.n.onward += 1;
                let summary = format!("Verwijzing voorgesteld: {}", target.name);
                w.event(st.id, st.user, "onward", &summary, "", on).await?;
            }
            Act::Advance { status, feedback } => {
                let (id, version, name) = st
                    .onward
                    .clone()
                    .ok_or_else(|| anyhow!("no onward referral"))?;
                // Consent for sharing was recorded before (the acts are built that way).
                let basis = matches!(status, OnwardStatus::Consented | OnwardStatus::Sent)
                    .then_some("consent");
                let feedback = (!feedback.is_empty()).then_some(feedback.as_str());
                w.tx()?
                    .set_onward_status(id, version, status.as_str(), feedback, basis, &day)
                    .await?;
                st.onward = Some((id, version + 1, name.clone()));
                let summary = format!("Verwijzing naar {name}: {}", status.label_nl());
                w.event(st.id, st.user, "onward", &summary, basis.unwrap_or(""), on)
                    .await?;
            }
            Act::Mandate {
                care_kind,
                category,
                volume,
                unit,
                provider,
                from,
                until,
                reasons,
                needs_approval,
            } => {
                // The demo's decisions keep to the rules a worker's would (default longest period: a year).
                let (from_s, until_s) = (from.to_string(), until.to_string());
                mandate::check_decision(
                    &mandate::DecisionDraft {
                        category: category.as_str(),
                        volume: Some(volume),
                        volume_unit: unit.as_str(),
                        period_from: &from_s,
                        period_until: &until_s,
                        provider_kind: Some(provider.kind),
                    },
                    on,
                    mandate::DEFAULT_MAX_MONTHS,
                )
                .map_err(|e| anyhow!("demo decision breaks the rules: {e:?}"))?;
                let status = mandate::MandateStatus::new_decision(needs_approval);
                let id = w
                    .tx()?
                    .insert_mandate(
                        &schakel_store::NewMandate {
                            case_id: st.id,
                            worker_id: st.worker,
                            care_kind: &care_kind,
                            category: category.as_str(),
                            volume,
                            volume_unit: unit.as_str(),
                            provider_id: provider.id,
                            provider: &provider.name,
                            period_from: &from_s,
                            period_until: &until_s,
                            reasons: &reasons,
                            status: status.as_str(),
                            decided_on: &day,
                        },
                        at,
                    )
                    .await?;
                st.mandate = Some(id);
                w.n.mandates += 1;
                let summary = format!(
                    "Beschikking jeugdhulp ({care_kind}, {}) vastgelegd; {}",
                    provider.name,
                    status.label_nl()
                );
                w.event(st.id, st.user, "mandate", &summary, "", on).await?;
            }
            Act::Approve { user, name } => {
                let id = st.mandate.ok_or_else(|| anyhow!("no mandate decision"))?;
                w.tx()?.approve_mandate(id, user, &day).await?;
                let summary = format!("Beschikking {id} goedgekeurd door {name}");
                w.event(st.id, Some(user), "mandate_approved", &summary, "", on)
                    .await?;
            }
            Act::Event {
                kind,
                summary,
                detail,
            } => {
                w.event(st.id, st.user, kind, &summary, &detail, on).await?;
            }
            Act::SchoolReport { body } => {
                let user = st
                    .user
                    .ok_or_else(|| anyhow!("a school report needs the worker's account"))?;
                w.tx()?
                    .insert_school_report(st.id, st.school, &body, "consent", &day, user, at)
                    .await?;
                w.event(
                    st.id,
                    st.user,
                    "school_report",
                    "Terugkoppeling aan school",
                    &body,
                    on,
                )
                .await?;
            }
            Act::Summary { text, safety } => {
                let review = st.review_on.clone();
                st.version = w
                    .tx()?
                    .update_case(st.id, st.version, &text, safety, Some(&review), at)
                    .await?;
                let what = if safety {
                    "samenvatting, zorg over veiligheid gemarkeerd"
                } else {
                    "samenvatting"
                };
                w.event(
                    st.id,
                    st.user,
                    "edited",
                    &format!("Gewijzigd: {what}"),
                    "",
                    on,
                )
                .await?;
            }
            Act::RequestClosure { reason, note } => {
                w.tx()?
                    .request_closure(st.id, st.version, reason, &note, None, None, at)
                    .await?;
                st.version += 1;
                let label = rules::closure_reason_label(reason).unwrap_or("anders");
                w.event(
                    st.id,
                    st.user,
                    "closure_requested",
                    &format!("Afsluiting aangevraagd: {label}; wacht op akkoord teamleider"),
                    &note,
                    on,
                )
                .await?;
            }
            Act::Close {
                reason,
                note,
                parent,
                child,
            } => {
                w.tx()?
                    .close_case(st.id, st.version, &day, reason, &note, parent, child, at)
                    .await?;
                st.version += 1;
                w.n.closed += 1;
                let label = rules::closure_reason_label(reason).unwrap_or("anders");
                w.event(
                    st.id,
                    st.user,
                    "closed",
                    &format!("Dossier gesloten: {label}"),
                    &note,
                    on,
                )
                .await?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn household() -> Vec<(i64, String, bool)> {
        vec![
            (41, "moeder".into(), true),
            (42, "stiefvader".into(), false),
            (43, "vader".into(), true),
        ]
    }

    fn indices(parties: &[Who]) -> Vec<Option<usize>> {
        parties
            .iter()
            .map(|w| match w {
                Who::Child => None,
                Who::Parent(i) => Some(*i),
            })
            .collect()
    }

    #[test]
    fn consent_parties_follow_the_domain_by_age_and_gezag() {
        let help = Purpose::Help;
        let share = Purpose::Share {
            recipient: "school".into(),
        };
        let parents = household();
        assert_eq!(
            indices(&consent_parties(11, &help, &parents)),
            [Some(0), Some(2)]
        );
        assert_eq!(
            indices(&consent_parties(12, &help, &parents)),
            [None, Some(0), Some(2)]
        );
        assert_eq!(indices(&consent_parties(16, &help, &parents)), [None]);
        assert_eq!(
            indices(&consent_parties(11, &share, &parents)),
            [Some(0), Some(2)]
        );
        assert_eq!(indices(&consent_parties(12, &share, &parents)), [None]);
    }
}
