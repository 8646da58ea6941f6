//! What happens in a case, act by act, carried out in date order.

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, NaiveDate, Utc};
use schakel_domain::casework::{self as rules, OnwardStatus};
use schakel_domain::consent::{Guardian, Party, Purpose, required_parties};
use schakel_domain::mandate::{self, CareCategory, VolumeUnit};
use schakel_store::NewTimeEntry;

use super::plan::Target;
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
        /// The goal theme as the worker tags it (a code of `DEFAULT_GOAL_THEMES`).
        theme: &'static str,
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
    Mandate(Decision),
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

/// A youth-care decision under the SMW-plus mandate.
#[derive(Debug, Clone)]
pub(super) struct Decision {
    pub(super) care_kind: String,
    pub(super) category: CareCategory,
    pub(super) volume: i64,
    pub(super) unit: VolumeUnit,
    pub(super) provider: Target,
    pub(super) from: NaiveDate,
    pub(super) until: NaiveDate,
    pub(super) reasons: String,
    pub(super) needs_approval: bool,
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
        let mut doing = Doing {
            w: &mut *w,
            st: &mut *st,
            on,
            at,
            day: on.to_string(),
        };
        doing.act(act).await?;
    }
    Ok(())
}

/// One act being carried out: the writer, the case, the day and the moment on it.
struct Doing<'a> {
    w: &'a mut W,
    st: &'a mut CaseState,
    on: NaiveDate,
    at: DateTime<Utc>,
    /// `on` as stored.
    day: String,
}

impl Doing<'_> {
    async fn act(&mut self, act: Act) -> Result<()> {
        match act {
            Act::Contact {
                kind,
                participants,
                minutes,
                note,
            } => self.contact(kind, &participants, minutes, &note).await,
            Act::Consent {
                who,
                share,
                information,
                until,
                wish,
            } => self.consent(who, share, &information, until, &wish).await,
            Act::Goal {
                description,
                theme,
                start,
            } => self.goal(&description, theme, start).await,
            Act::Score { goal, end, score } => self.score(goal, end, score).await,
            Act::Propose { target, note } => self.propose(&target, &note).await,
            Act::Advance { status, feedback } => self.advance(status, &feedback).await,
            Act::Mandate(decision) => self.mandate(&decision).await,
            Act::Approve { user, name } => self.approve(user, &name).await,
            Act::Event {
                kind,
                summary,
                detail,
            } => self.event(kind, &summary, &detail).await,
            Act::SchoolReport { body } => self.school_report(&body).await,
            Act::Summary { text, safety } => self.summary(&text, safety).await,
            Act::RequestClosure { reason, note } => self.request_closure(reason, &note).await,
            Act::Close {
                reason,
                note,
                parent,
                child,
            } => self.close(reason, &note, parent, child).await,
        }
    }

    /// A case event by the case's worker on the act's day.
    async fn event(&mut self, kind: &str, summary: &str, detail: &str) -> Result<()> {
        let (id, user) = (self.st.id, self.st.user);
        self.w.event(id, user, kind, summary, detail, self.on).await
    }

    async fn contact(
        &mut self,
        kind: &'static str,
        participants: &str,
        minutes: i64,
        note: &str,
    ) -> Result<()> {
        let st = &*self.st;
        self.w
            .tx()?
            .insert_contact(
                st.id,
                &self.day,
                kind,
                participants,
                minutes,
                note,
                st.user,
                self.at,
            )
            .await?;
        self.w.n.contacts += 1;
        let summary = format!(
            "Contact: {} ({minutes} min)",
            rules::contact_kind_label(kind)
        );
        self.event("contact", &summary, "").await?;
        // A home visit costs travel; a meeting and an intake are written up afterwards.
        let indirect = match kind {
            "huisbezoek" => Some(("reistijd", 25)),
            "overleg" => Some(("verslaglegging", 15)),
            "intake" => Some(("verslaglegging", 20)),
            _ => None,
        };
        if let Some((activity, spent)) = indirect {
            self.indirect_time(activity, spent).await?;
        }
        Ok(())
    }

    async fn indirect_time(&mut self, activity: &str, spent: i64) -> Result<()> {
        let st = &*self.st;
        let entry = NewTimeEntry {
            organisation_id: st.organisation,
            case_id: Some(st.id),
            school_id: Some(st.school),
            worker_id: Some(st.worker),
            spent_on: self.day.clone(),
            minutes: spent,
            activity: activity.into(),
            note: String::new(),
            created_by: st.user,
        };
        self.w.tx()?.insert_time_entry(&entry, self.at).await?;
        let label = rules::indirect_activity_label(activity).unwrap_or(activity);
        let summary = format!("Indirecte tijd: {spent} min {label}");
        self.event("time", &summary, "").await
    }

    async fn consent(
        &mut self,
        who: Who,
        share: Option<String>,
        information: &str,
        until: Option<NaiveDate>,
        wish: &str,
    ) -> Result<()> {
        let (party, guardian, name) = match who {
            Who::Child => ("child", None, "kind/jongere".to_string()),
            Who::Parent(i) => {
                let (id, name, gezag) = self
                    .st
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
        let (id, user) = (self.st.id, self.st.user);
        self.w
            .tx()?
            .insert_consent(
                id,
                party,
                guardian,
                purpose,
                recipient,
                information,
                &self.day,
                until.as_deref(),
                wish,
                user,
                self.at,
            )
            .await?;
        self.w.n.consents += 1;
        let what = match &share {
            Some(r) => format!("delen met {r}"),
            None => "hulp".to_string(),
        };
        let summary = format!("Toestemming vastgelegd: {name} voor {what}");
        self.event("consent", &summary, wish).await
    }

    async fn goal(&mut self, description: &str, theme: &str, start: i64) -> Result<()> {
        let id = self
            .w
            .tx()?
            .insert_goal(self.st.id, description, theme, start, self.at)
            .await?;
        self.st.goals.push(id);
        self.w.n.goals += 1;
        let summary = format!("Doel gesteld: {description} (GAS start {start:+})");
        self.event("goal", &summary, "").await
    }

    async fn score(&mut self, goal: usize, end: bool, score: i64) -> Result<()> {
        let id = *self
            .st
            .goals
            .get(goal)
            .ok_or_else(|| anyhow!("no goal {goal}"))?;
        let moment = if end { "end" } else { "review" };
        let case = self.st.id;
        self.w.tx()?.score_goal(case, id, moment, score).await?;
        let label = if end { "eindscore" } else { "tussenscore" };
        let summary = format!("GAS-{label} {score:+} voor doel {id}");
        self.event("goal_score", &summary, "").await
    }

    async fn propose(&mut self, target: &Target, note: &str) -> Result<()> {
        let id = self
            .w
            .tx()?
            .insert_onward(self.st.id, target.id, note, &self.day, self.at)
            .await?;
        self.st.onward = Some((id, 1, target.name.clone()));
        self.w.n.onward += 1;
        let summary = format!("Verwijzing voorgesteld: {}", target.name);
        self.event("onward", &summary, "").await
    }

    async fn advance(&mut self, status: OnwardStatus, feedback: &str) -> Result<()> {
        let (id, version, name) = self
            .st
            .onward
            .clone()
            .ok_or_else(|| anyhow!("no onward referral"))?;
        // Consent for sharing was recorded before (the acts are built that way).
        let basis =
            matches!(status, OnwardStatus::Consented | OnwardStatus::Sent).then_some("consent");
        let feedback = (!feedback.is_empty()).then_some(feedback);
        self.w
            .tx()?
            .set_onward_status(id, version, status.as_str(), feedback, basis, &self.day)
            .await?;
        self.st.onward = Some((id, version + 1, name.clone()));
        let summary = format!("Verwijzing naar {name}: {}", status.label_nl());
        self.event("onward", &summary, basis.unwrap_or("")).await
    }

    async fn mandate(&mut self, d: &Decision) -> Result<()> {
        // The demo's decisions keep to the rules a worker's would (default longest period: a year).
        let (from_s, until_s) = (d.from.to_string(), d.until.to_string());
        mandate::check_decision(
            &mandate::DecisionDraft {
                category: d.category.as_str(),
                volume: Some(d.volume),
                volume_unit: d.unit.as_str(),
                period_from: &from_s,
                period_until: &until_s,
                provider_kind: Some(d.provider.kind),
            },
            self.on,
            mandate::DEFAULT_MAX_MONTHS,
        )
        .map_err(|e| anyhow!("demo decision breaks the rules: {e:?}"))?;
        let status = mandate::MandateStatus::new_decision(d.needs_approval);
        let new = schakel_store::NewMandate {
            case_id: self.st.id,
            worker_id: self.st.worker,
            care_kind: &d.care_kind,
            category: d.category.as_str(),
            volume: d.volume,
            volume_unit: d.unit.as_str(),
            provider_id: d.provider.id,
            provider: &d.provider.name,
            period_from: &from_s,
            period_until: &until_s,
            reasons: &d.reasons,
            status: status.as_str(),
            decided_on: &self.day,
        };
        let id = self.w.tx()?.insert_mandate(&new, self.at).await?;
        self.st.mandate = Some(id);
        self.w.n.mandates += 1;
        let summary = format!(
            "Beschikking jeugdhulp ({}, {}) vastgelegd; {}",
            d.care_kind,
            d.provider.name,
            status.label_nl()
        );
        self.event("mandate", &summary, "").await
    }

    async fn approve(&mut self, user: i64, name: &str) -> Result<()> {
        let id = self
            .st
            .mandate
            .ok_or_else(|| anyhow!("no mandate decision"))?;
        self.w.tx()?.approve_mandate(id, user, &self.day).await?;
        let summary = format!("Beschikking {id} goedgekeurd door {name}");
        let case = self.st.id;
        self.w
            .event(case, Some(user), "mandate_approved", &summary, "", self.on)
            .await
    }

    async fn school_report(&mut self, body: &str) -> Result<()> {
        let user = self
            .st
            .user
            .ok_or_else(|| anyhow!("a school report needs the worker's account"))?;
        let (case, school) = (self.st.id, self.st.school);
        self.w
            .tx()?
            .insert_school_report(case, school, body, "consent", &self.day, user, self.at)
            .await?;
        self.event("school_report", "Terugkoppeling aan school", body)
            .await
    }

    async fn summary(&mut self, text: &str, safety: bool) -> Result<()> {
        let review = self.st.review_on.clone();
        let (case, version) = (self.st.id, self.st.version);
        self.st.version = self
            .w
            .tx()?
            .update_case(case, version, text, safety, Some(&review), self.at)
            .await?;
        let what = if safety {
            "samenvatting, zorg over veiligheid gemarkeerd"
        } else {
            "samenvatting"
        };
        self.event("edited", &format!("Gewijzigd: {what}"), "")
            .await
    }

    async fn request_closure(&mut self, reason: &'static str, note: &str) -> Result<()> {
        let (case, version) = (self.st.id, self.st.version);
        self.w
            .tx()?
            .request_closure(case, version, reason, note, None, None, self.at)
            .await?;
        self.st.version += 1;
        let label = rules::closure_reason_label(reason).unwrap_or("anders");
        let summary = format!("Afsluiting aangevraagd: {label}; wacht op akkoord teamleider");
        self.event("closure_requested", &summary, note).await
    }

    async fn close(
        &mut self,
        reason: &'static str,
        note: &str,
        parent: Option<i64>,
        child: Option<i64>,
    ) -> Result<()> {
        let (case, version) = (self.st.id, self.st.version);
        self.w
            .tx()?
            .close_case(
                case, version, &self.day, reason, note, parent, child, self.at,
            )
            .await?;
        self.st.version += 1;
        self.w.n.closed += 1;
        let label = rules::closure_reason_label(reason).unwrap_or("anders");
        self.event("closed", &format!("Dossier gesloten: {label}"), note)
            .await
    }
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
