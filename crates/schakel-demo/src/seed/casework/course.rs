//! The ordinary course of a case, for the volume around the demo's stories and for generated worlds.

use chrono::{Duration, Months, NaiveDate};
use schakel_domain::casework::{self as rules, OnwardStatus};
use schakel_domain::consent::{Purpose, age_on};

use crate::rng::Rng;

use super::acts::{Act, CaseState, Who, consent_parties};
use super::dates::{in_summer_holiday, school_year_end, weekday, weekday_after};
use super::people::Stage;
use super::plan::{CasePlan, Env, Plan, fill};
use super::vocabulary::{
    approach, closure_note, contact_notes, goal_templates, signal_label, target_kinds,
};

/// The ordinary course of a case: intake, consent as the age requires, goals, contacts, a review,
/// sometimes an onward referral, and — when it ends — end scores and the closure.
pub(super) fn generic_acts(
    rng: &mut Rng,
    env: &Env,
    plan: &Plan,
    cp: &CasePlan,
    st: &CaseState,
) -> Vec<(NaiveDate, Act)> {
    let today = env.today;
    let g = st.given.as_str();
    let mut acts = Vec::new();
    let last = cp.close.map_or(today, |c| c.0);
    let mut intake = weekday_after(cp.opened + Duration::days(rng.between(1, 9)));
    if intake > last {
        if cp.close.is_some() {
            intake = cp.opened;
        } else {
            // Opened days ago, the intake is still to come.
            return acts;
        }
    }
    let span = (last - intake).num_days();
    // Contacts at most every few days (the benchmark case keeps all of its contacts).
    let n = if cp.contacts >= 100 {
        cp.contacts
    } else {
        cp.contacts
            .min(usize::try_from(span / 3 + 1).unwrap_or(1))
            .max(1)
    };
    let mut dates: Vec<NaiveDate> = (1..n)
        .map(|_| weekday(intake + Duration::days(rng.between(2.min(span), span))).max(intake))
        .collect();
    dates.sort();
    let age = |d: NaiveDate| age_on(plan.pupil.dob, d);
    let young = age(intake) < 12;
    let parents_label = {
        let names: Vec<&str> = plan
            .pupil
            .parents
            .iter()
            .filter(|p| p.gezag)
            .map(|p| p.relation)
            .collect();
        if names.is_empty() {
            "ouder".to_string()
        } else {
            names.join(", ")
        }
    };
    let participants = |kind: &str, rng: &mut Rng| -> String {
        match kind {
            "intake" if plan.stage == Stage::Pre => parents_label.clone(),
            "intake" if age(intake) >= 16 => g.to_string(),
            "intake" => format!("{g}, {parents_label}"),
            "gesprek_kind" => g.to_string(),
            "gesprek_ouders" => parents_label.clone(),
            "gesprek_leerkracht" => match plan.stage {
                Stage::Pre => "pedagogisch medewerker".into(),
                Stage::Primary => rng.pick(&["leerkracht", "intern begeleider"]).to_string(),
                _ => rng.pick(&["mentor", "zorgcoördinator"]).to_string(),
            },
            "huisbezoek" => format!("{g}, {parents_label}"),
            "telefoon" => rng.pick(&["moeder", "vader", "moeder"]).to_string(),
            "overleg" => rng
                .pick(&[
                    "IB'er, leerkracht",
                    "zorgcoördinator, mentor",
                    "jeugdverpleegkundige",
                ])
                .to_string(),
            _ => "groep".into(),
        }
    };
    let minutes = |kind: &str, rng: &mut Rng| -> i64 {
        match kind {
            "intake" => 60,
            "gesprek_kind" if young => rng.between(6, 9) * 5,
            "gesprek_kind" => rng.between(9, 12) * 5,
            "gesprek_ouders" => rng.between(9, 15) * 5,
            "gesprek_leerkracht" => rng.between(3, 6) * 5,
            "huisbezoek" => rng.between(12, 18) * 5,
            "telefoon" => rng.between(2, 4) * 5,
            "overleg" => rng.between(6, 12) * 5,
            _ => 30,
        }
    };
    let kinds: &[(&'static str, u32)] = match plan.stage {
        Stage::Pre => &[
            ("gesprek_ouders", 45),
            ("huisbezoek", 20),
            ("gesprek_leerkracht", 15),
            ("telefoon", 15),
            ("anders", 5),
        ],
        _ if young => &[
            ("gesprek_kind", 30),
            ("gesprek_ouders", 25),
            ("gesprek_leerkracht", 15),
            ("telefoon", 12),
            ("huisbezoek", 8),
            ("overleg", 8),
        ],
        _ => &[
            ("gesprek_kind", 48),
            ("gesprek_ouders", 10),
            ("gesprek_leerkracht", 12),
            ("telefoon", 15),
            ("huisbezoek", 4),
            ("overleg", 10),
        ],
    };
    let contact = |kind: &'static str, rng: &mut Rng| Act::Contact {
        kind,
        participants: participants(kind, rng),
        minutes: minutes(kind, rng),
        note: fill(rng.pick::<&str>(contact_notes(kind)), g),
    };
    acts.push((intake, contact("intake", rng)));
    // Consent for help at the intake, from whom the age requires.
    let a = age(intake);
    let wish_pool = [
        "wil dat de mentor alleen hoort dát er hulp is",
        "wil eerst zelf met moeder praten voordat vader erbij komt",
        "wil de gesprekken op school, niet thuis",
    ];
    for who in consent_parties(a, &Purpose::Help, &st.parents) {
        let wish = match who {
            Who::Child if (12..16).contains(&a) && rng.chance(0.15) => {
                rng.pick(&wish_pool).to_string()
            }
            _ => String::new(),
        };
        acts.push((
            intake,
            Act::Consent {
                who,
                share: None,
                information: String::new(),
                until: None,
                wish,
            },
        ));
    }
    // Often: feedback to school, with consent of whom the age requires.
    let to_school = rng.chance(0.35);
    if to_school {
        let recipient = if plan.stage == Stage::Pre {
            "voorschool"
        } else {
            "school"
        };
        let purpose = Purpose::Share {
            recipient: recipient.into(),
        };
        for who in consent_parties(a, &purpose, &st.parents) {
            acts.push((
                intake,
                Act::Consent {
                    who,
                    share: Some(recipient.into()),
                    information:
                        "voortgang en afspraken voor in de klas; geen details over de thuissituatie"
                            .into(),
                    until: Some(school_year_end(intake)),
                    wish: String::new(),
                },
            ));
        }
    }
    let (_, review_weeks, gas_min) = env
        .settings
        .get(&plan.org)
        .cloned()
        .unwrap_or_else(|| ("SMW".into(), 6, -2));
    let goals = if plan.signals.len() >= 2 && rng.chance(0.4) {
        2
    } else {
        1
    };
    let mut starts = Vec::new();
    for k in 0..goals {
        let signal = plan.signals.get(k).copied().unwrap_or("gedrag");
        let start = if rng.chance(0.35) {
            gas_min.max(-2)
        } else {
            -1
        };
        starts.push(start);
        acts.push((
            intake,
            Act::Goal {
                description: fill(rng.pick::<&str>(goal_templates(signal)), g),
                start,
            },
        ));
    }
    // A child who turns 12 during the help consents too from then on (help, and sharing with school).
    let twelve = plan
        .pupil
        .dob
        .checked_add_months(Months::new(12 * 12))
        .unwrap_or(plan.pupil.dob);
    if a < 12 && twelve <= last {
        let on = dates
            .iter()
            .copied()
            .find(|d| *d >= twelve)
            .unwrap_or_else(|| weekday_after(twelve).min(last).max(twelve));
        acts.push((
            on,
            Act::Consent {
                who: Who::Child,
                share: None,
                information: String::new(),
                until: None,
                wish: format!("{g} is 12 geworden en geeft nu ook zelf toestemming"),
            },
        ));
        if to_school {
            acts.push((
                on,
                Act::Consent {
                    who: Who::Child,
                    share: Some("school".into()),
                    information:
                        "voortgang en afspraken voor in de klas; geen details over de thuissituatie"
                            .into(),
                    until: Some(school_year_end(on)),
                    wish: String::new(),
                },
            ));
        }
    }
    for d in &dates {
        let kind = match *rng.weighted(kinds) {
            // In the summer holidays there is no teacher to talk to.
            "gesprek_leerkracht" | "overleg" if in_summer_holiday(*d) => "telefoon",
            kind => kind,
        };
        acts.push((*d, contact(kind, rng)));
    }
    // End scores first (they decide the review scores in between).
    let ends: Vec<i64> = starts
        .iter()
        .map(|&s| match cp.close.map(|c| c.1) {
            Some("doelen_bereikt") => *rng.weighted(&[(0, 3), (1, 5), (2, 2)]),
            Some("verwezen") => s.max(*rng.pick(&[-1, 0])),
            Some("gestopt_door_gezin") => (s + rng.between(0, 1)).min(0),
            Some(_) => s + rng.between(0, 1),
            None => (s + rng.between(0, 2)).min(2),
        })
        .collect();
    let review = weekday(rules::first_review(cp.opened, review_weeks));
    if review <= last && review > intake {
        for (k, (&s, &e)) in starts.iter().zip(&ends).enumerate() {
            let score = s + rng.between(0, (e - s).max(0));
            acts.push((
                review,
                Act::Score {
                    goal: k,
                    end: false,
                    score,
                },
            ));
        }
    }
    // An onward referral: always when the case closes as referred, sometimes otherwise.
    let reason = cp.close.map(|c| c.1);
    let wants_onward = match reason {
        Some("verwezen") => true,
        Some("doelen_bereikt") => rng.chance(0.06),
        Some(_) => false,
        None => n >= 3 && rng.chance(0.14),
    };
    let targets = env.targets.get(&plan.municipality_id);
    let target = targets.and_then(|ts| {
        plan.signals
            .iter()
            .flat_map(|s| target_kinds(s).iter())
            .find_map(|k| ts.iter().find(|t| t.kind == *k))
            .or_else(|| ts.iter().find(|t| t.kind == "wijkteam"))
            .cloned()
    });
    let mut reason_final = reason;
    match (wants_onward, target) {
        (true, Some(target)) => {
            let proposed = dates
                .get(dates.len() / 2)
                .copied()
                .unwrap_or(intake)
                .min(last);
            let closing = cp.close.is_some();
            let step = |d: NaiveDate, days: (i64, i64), rng: &mut Rng| -> NaiveDate {
                let next = weekday_after(d + Duration::days(rng.between(days.0, days.1)));
                if closing { next.min(last) } else { next }
            };
            acts.push((
                proposed,
                Act::Propose {
                    target: target.clone(),
                    note: format!(
                        "Hulpvraag: {}. Wat is gedaan: {}.",
                        plan.signals
                            .iter()
                            .map(|s| signal_label(s))
                            .collect::<Vec<_>>()
                            .join(", "),
                        approach(plan.signals.first().copied().unwrap_or("gedrag"))
                    ),
                },
            ));
            let consented = step(proposed, (0, 3), rng);
            let sent = step(consented, (0, 3), rng);
            // Whom the age requires on each day information may be shared (a 12th birthday may fall
            // in between).
            let purpose = Purpose::Share {
                recipient: target.name.clone(),
            };
            let mut parties = consent_parties(age(proposed), &purpose, &st.parents);
            for d in [consented, sent] {
                for who in consent_parties(age(d), &purpose, &st.parents) {
                    let known = parties.iter().any(|p| match (p, &who) {
                        (Who::Child, Who::Child) => true,
                        (Who::Parent(a), Who::Parent(b)) => a == b,
                        _ => false,
                    });
                    if !known {
                        parties.push(who);
                    }
                }
            }
            for who in parties {
                acts.push((
                    proposed,
                    Act::Consent {
                        who,
                        share: Some(target.name.clone()),
                        information: "hulpvraag, wat al gedaan is en de doelen".into(),
                        until: None,
                        wish: String::new(),
                    },
                ));
            }
            let accepted = step(sent, (5, 20), rng);
            let started = step(accepted, (5, 25), rng);
            let mut chain = vec![
                (consented, OnwardStatus::Consented, String::new()),
                (sent, OnwardStatus::Sent, String::new()),
                (
                    accepted,
                    OnwardStatus::Accepted,
                    "Aanmelding ontvangen; intake gepland.".to_string(),
                ),
                (
                    started,
                    OnwardStatus::Started,
                    "Hulp gestart; eerste afspraak heeft plaatsgevonden.".to_string(),
                ),
            ];
            if cp.close.is_some() && rng.chance(0.35) {
                chain.push((
                    last,
                    OnwardStatus::Completed,
                    "Traject afgerond; terugkoppeling ontvangen.".to_string(),
                ));
            }
            for (d, status, feedback) in chain {
                // An open case shows the steps taken so far; a closed one at least up to "gestart".
                if cp.close.is_none() && d > today {
                    break;
                }
                acts.push((d, Act::Advance { status, feedback }));
            }
        }
        (true, None) => reason_final = reason.map(|_| "anders"),
        _ => {}
    }
    if let (Some((closed, _)), Some(reason)) = (cp.close, reason_final) {
        for (k, &e) in ends.iter().enumerate() {
            acts.push((
                closed,
                Act::Score {
                    goal: k,
                    end: true,
                    score: e,
                },
            ));
        }
        let asked = a >= 8;
        let (parent, child) = match reason {
            "doelen_bereikt" => (
                rng.chance(0.8).then(|| rng.between(7, 9)),
                (asked && rng.chance(0.7)).then(|| rng.between(7, 10)),
            ),
            "verwezen" | "anders" => (
                rng.chance(0.5).then(|| rng.between(6, 8)),
                (asked && rng.chance(0.4)).then(|| rng.between(6, 9)),
            ),
            "gestopt_door_gezin" => (rng.chance(0.3).then(|| rng.between(4, 6)), None),
            _ => (None, None),
        };
        acts.push((
            closed,
            Act::Close {
                reason,
                note: closure_note(reason).to_string(),
                parent,
                child,
            },
        ));
    }
    if env.rich {
        let signals = plan
            .signals
            .iter()
            .map(|s| signal_label(s))
            .collect::<Vec<_>>()
            .join(", ");
        let text = format!(
            "Aangemeld om: {signals}. Aanpak: {}.",
            approach(plan.signals.first().copied().unwrap_or("gedrag"))
        );
        let safety = plan.signals.contains(&"veiligheid");
        acts.push((intake, Act::Summary { text, safety }));
    }
    acts
}
