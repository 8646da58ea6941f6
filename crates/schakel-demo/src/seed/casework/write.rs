//! Writing: one transaction (or batches of them), counting as it goes; the child, the referral, its
//! triage and the case.

use std::collections::HashMap;

use anyhow::{Result, anyhow};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use schakel_domain::casework as rules;
use schakel_store::{NewCase, NewChild, NewReferral, Store, WriteTx};

use super::acts::CaseState;
use super::plan::{CasePlan, Env, Outcome, Plan};

#[derive(Debug, Default)]
pub(super) struct Counts {
    pub(super) children: usize,
    pub(super) guardians: usize,
    pub(super) referrals: usize,
    pub(super) waiting: usize,
    pub(super) cases: usize,
    pub(super) closed: usize,
    pub(super) contacts: usize,
    pub(super) goals: usize,
    pub(super) consents: usize,
    pub(super) onward: usize,
    pub(super) mandates: usize,
    pub(super) events: usize,
    pub(super) consultations: usize,
    pub(super) targets: usize,
}

impl Counts {
    pub(super) fn summary(&self) -> String {
        format!(
            "{} referrals ({} waiting), {} cases ({} open, {} closed), {} children, {} parents/carers, {} contacts, \
             {} goals, {} consents, {} onward referrals, {} mandate decisions, {} consultations, {} referral targets, \
             {} case events",
            self.referrals,
            self.waiting,
            self.cases,
            self.cases - self.closed,
            self.closed,
            self.children,
            self.guardians,
            self.contacts,
            self.goals,
            self.consents,
            self.onward,
            self.mandates,
            self.consultations,
            self.targets,
            self.events
        )
    }
}

pub(super) struct W {
    pub(super) tx: Option<WriteTx>,
    pub(super) now: DateTime<Utc>,
    pub(super) tick: i64,
    pub(super) n: Counts,
    /// Next case sequence per (organisation, year).
    pub(super) sequences: HashMap<(i64, i32), i64>,
}

impl W {
    pub(super) fn tx(&mut self) -> Result<&mut WriteTx> {
        self.tx
            .as_mut()
            .ok_or_else(|| anyhow!("no open transaction"))
    }

    /// A time on `d` for rows and events: 08:30 plus a step per event, never after `now`.
    pub(super) fn at(&mut self, d: NaiveDate) -> DateTime<Utc> {
        self.tick += 1;
        let t = d.and_time(NaiveTime::MIN).and_utc()
            + Duration::minutes(8 * 60 + 30 + (self.tick % 420));
        if t > self.now {
            self.now - Duration::seconds(900 - (self.tick % 800))
        } else {
            t
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) async fn event(
        &mut self,
        case_id: i64,
        user: Option<i64>,
        kind: &str,
        summary: &str,
        detail: &str,
        on: NaiveDate,
    ) -> Result<()> {
        let at = self.at(on);
        self.tx()?
            .insert_event(case_id, user, kind, summary, detail, at)
            .await?;
        self.n.events += 1;
        Ok(())
    }

    pub(super) async fn rotate(&mut self, store: &Store) -> Result<()> {
        if let Some(tx) = self.tx.take() {
            tx.commit().await?;
        }
        self.tx = Some(store.begin().await?);
        Ok(())
    }

    pub(super) async fn commit(&mut self) -> Result<()> {
        if let Some(tx) = self.tx.take() {
            tx.commit().await?;
        }
        Ok(())
    }

    pub(super) fn next_number(&mut self, prefix: &str, org: i64, year: i32) -> String {
        let seq = self.sequences.entry((org, year)).or_insert(0);
        *seq += 1;
        rules::case_number(prefix, year, *seq)
    }
}

/// What was written for a plan, for a later referral of the same child.
#[derive(Debug, Clone)]
pub(super) struct Written {
    pub(super) child_id: i64,
    pub(super) parents: Vec<(i64, String, bool)>,
    pub(super) case: Option<(i64, String)>,
}

/// Writes the child (unless known), the referral and its triage; opens the case when accepted.
pub(super) async fn write_plan(
    w: &mut W,
    env: &Env,
    plan: &Plan,
    prior: Option<&Written>,
) -> Result<(Written, Option<CaseState>)> {
    let received_at = w.at(plan.received);
    let (child_id, parents) = match prior {
        Some(p) => (p.child_id, p.parents.clone()),
        None => write_child(w, plan, received_at).await?,
    };
    let referral = w
        .tx()?
        .insert_referral(
            &NewReferral {
                organisation_id: plan.org,
                school_id: plan.school_id,
                child_id,
                source: plan.source.to_string(),
                referred_by_user_id: plan.referred_by,
                referrer_name: plan.referrer.clone(),
                reason: plan.reason.clone(),
                signals: plan.signals.join(","),
                urgency: plan.urgency.to_string(),
                parents_informed: plan.parents_informed,
                parents_agree: plan.parents_informed,
                received_on: plan.received.to_string(),
            },
            received_at,
        )
        .await?;
    w.n.referrals += 1;
    let mut written = Written {
        child_id,
        parents: parents.clone(),
        case: None,
    };
    match &plan.outcome {
        Outcome::Waiting => {
            w.n.waiting += 1;
            Ok((written, None))
        }
        Outcome::Decided { status, on, note } => {
            let at = w.at(*on);
            w.tx()?
                .decide_referral(referral, 1, status, note, &on.to_string(), None, at)
                .await?;
            Ok((written, None))
        }
        Outcome::Case(cp) => {
            let previous = prior
                .and_then(|p| p.case.clone())
                .filter(|_| cp.previous.is_some());
            let referred = Referred {
                referral,
                child_id,
                parents,
                previous,
            };
            let (state, number) = open_case(w, env, plan, cp, referred).await?;
            written.case = Some((state.id, number));
            Ok((written, Some(state)))
        }
    }
}

/// A new child and its parents or carers, as the referral names them: (child id, parents).
async fn write_child(
    w: &mut W,
    plan: &Plan,
    received_at: DateTime<Utc>,
) -> Result<(i64, Vec<(i64, String, bool)>)> {
    let child = w
        .tx()?
        .insert_child(
            &NewChild {
                organisation_id: plan.org,
                given_name: plan.pupil.given.clone(),
                family_name: plan.pupil.family.clone(),
                date_of_birth: plan.pupil.dob.to_string(),
                school_id: Some(plan.school_id),
                class_name: plan.pupil.class_name.clone(),
                home_language: plan.pupil.language.clone(),
                interpreter_needed: plan.pupil.interpreter,
                residence_municipality_id: plan.residence,
            },
            received_at,
        )
        .await?;
    w.n.children += 1;
    let mut parents = Vec::new();
    for p in &plan.pupil.parents {
        let id = w
            .tx()?
            .insert_guardian(
                child.id,
                &p.name,
                p.relation,
                p.gezag,
                &p.phone,
                &p.email,
                received_at,
            )
            .await?;
        w.n.guardians += 1;
        parents.push((id, p.name.clone(), p.gezag));
    }
    Ok((child.id, parents))
}

/// The referral an accepted case is opened from.
struct Referred {
    referral: i64,
    child_id: i64,
    parents: Vec<(i64, String, bool)>,
    /// The earlier case of the same child within 12 months: (id, case number).
    previous: Option<(i64, String)>,
}

/// Opens the case of an accepted referral with its number and first review, and logs who took it:
/// the case's state for its acts, and its case number.
async fn open_case(
    w: &mut W,
    env: &Env,
    plan: &Plan,
    cp: &CasePlan,
    referred: Referred,
) -> Result<(CaseState, String)> {
    let worker = env
        .workers
        .get(&cp.worker)
        .ok_or_else(|| anyhow!("unknown worker {}", cp.worker))?;
    let (prefix, review_weeks, _) = env
        .settings
        .get(&plan.org)
        .cloned()
        .unwrap_or_else(|| ("SMW".into(), 6, -2));
    let number = w.next_number(&prefix, plan.org, cp.opened.year());
    let review_on = rules::first_review(cp.opened, review_weeks).to_string();
    let at = w.at(cp.opened);
    let case_id = w
        .tx()?
        .insert_case(
            &NewCase {
                organisation_id: plan.org,
                case_number: number.clone(),
                child_id: referred.child_id,
                school_id: Some(plan.school_id),
                worker_id: Some(worker.id),
                team_id: worker.team_id,
                referral_id: Some(referred.referral),
                previous_case_id: referred.previous.as_ref().map(|p| p.0),
                opened_on: cp.opened.to_string(),
                review_on: Some(review_on.clone()),
            },
            at,
        )
        .await?;
    w.n.cases += 1;
    w.tx()?
        .decide_referral(
            referred.referral,
            1,
            "accepted",
            "",
            &cp.opened.to_string(),
            Some(case_id),
            at,
        )
        .await?;
    let mut summary = format!(
        "Dossier {number} geopend na aanmelding; toegewezen aan {}",
        worker.name
    );
    if let Some((_, prev)) = &referred.previous {
        summary.push_str(&format!("; eerdere casus {prev} (binnen 12 maanden)"));
    }
    let triage = env.triage_user.get(&plan.org).copied().or(worker.user_id);
    w.event(case_id, triage, "opened", &summary, &plan.reason, cp.opened)
        .await?;
    let state = CaseState {
        id: case_id,
        organisation: plan.org,
        school: plan.school_id,
        version: 1,
        worker: worker.id,
        user: worker.user_id,
        review_on,
        given: plan.pupil.given.clone(),
        parents: referred.parents,
        goals: Vec::new(),
        onward: None,
        mandate: None,
    };
    Ok((state, number))
}
