//! Plans: what a referral and its case will look like, decided before anything is written.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use schakel_domain::consent::age_on;

use crate::rng::Rng;

use super::dates::{in_summer_holiday, weekday, weekday_after};
use super::people::{Pupil, Stage, adult_name, pupil};
use super::vocabulary::{reason_templates, signal_label};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Story {
    /// Boy of 10: sombre, fights, late; Kind in Kaart, basketball paid by a fund.
    Yusuf,
    /// Girl of 8, high-conflict divorce, both parents with gezag, course for divorcing parents.
    Divorce,
    /// Pupil of 14, absent a lot; the pupil does not want school told details.
    Absent14,
    /// 16-year-old who consents alone and asks for inzage.
    Inzage16,
    /// Closed after 7 weeks with the goal reached (GAS +1).
    Closed7Weeks,
    /// Havenstad: specialist youth care under the SMW-plus mandate, approved by the team lead.
    Mandate,
    /// Havenstad: a mandate decision still waiting for the team lead.
    MandateWaiting,
}

/// Where a case goes on to, when that is planned rather than drawn in its course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Onward {
    /// Ends with school social work's own help.
    Stay,
    /// Referred on to light help (a course, the CJG, the wijkteam, the GP …).
    Light,
    /// Referred on to specialist youth care (`jeugdhulpaanbieder`).
    Specialist,
}

#[derive(Debug, Clone)]
pub(super) struct CasePlan {
    pub(super) worker: i64,
    pub(super) opened: NaiveDate,
    /// Closing date and reason.
    pub(super) close: Option<(NaiveDate, &'static str)>,
    pub(super) contacts: usize,
    /// Index of the plan whose (closed) case this one follows within 12 months.
    pub(super) previous: Option<usize>,
    /// A planned onward referral (the monitoring story); `None`: drawn in the case's course.
    pub(super) onward: Option<Onward>,
}

#[derive(Debug, Clone)]
pub(super) enum Outcome {
    Waiting,
    Decided {
        status: &'static str,
        on: NaiveDate,
        note: String,
    },
    Case(CasePlan),
}

#[derive(Debug, Clone)]
pub(super) struct Plan {
    pub(super) org: i64,
    pub(super) school_id: i64,
    pub(super) municipality_id: i64,
    pub(super) stage: Stage,
    pub(super) residence: Option<i64>,
    pub(super) pupil: Pupil,
    pub(super) same_child_as: Option<usize>,
    pub(super) source: &'static str,
    pub(super) referred_by: Option<i64>,
    pub(super) referrer: String,
    pub(super) reason: String,
    pub(super) signals: Vec<&'static str>,
    pub(super) urgency: &'static str,
    pub(super) parents_informed: bool,
    pub(super) received: NaiveDate,
    pub(super) outcome: Outcome,
    pub(super) story: Option<Story>,
}

#[derive(Debug, Clone)]
pub(super) struct Target {
    pub(super) id: i64,
    pub(super) name: String,
    pub(super) kind: &'static str,
}

#[derive(Debug, Clone)]
pub(super) struct Wk {
    pub(super) id: i64,
    pub(super) organisation_id: i64,
    pub(super) team_id: Option<i64>,
    pub(super) name: String,
    pub(super) user_id: Option<i64>,
}

/// A school with the workers (and their weight) who take its cases.
#[derive(Debug, Clone)]
pub(super) struct Sch {
    pub(super) id: i64,
    pub(super) school_type: String,
    pub(super) stage: Stage,
    pub(super) newcomer: bool,
    pub(super) municipality_id: i64,
    pub(super) pupils: i64,
    pub(super) workers: Vec<(i64, u32)>,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Force {
    Waiting,
    Declined,
    Advice,
    Closed,
    Open,
    /// Accepted; open or closed as the dates fall.
    Case,
    /// Not accepted: waiting, advice, forwarded or declined.
    NoCase,
}

#[derive(Default)]
pub(super) struct Ask {
    pub(super) force: Option<Force>,
    /// Who referred (user id, name) when the school's own contact did.
    pub(super) referrer: Option<(Option<i64>, String)>,
    pub(super) received: Option<NaiveDate>,
    pub(super) worker: Option<i64>,
    pub(super) org: Option<i64>,
}

#[derive(Clone)]
pub(super) struct Env {
    pub(super) today: NaiveDate,
    /// Case-number prefix, review weeks and lowest GAS score per organisation.
    pub(super) settings: HashMap<i64, (String, i64, i64)>,
    pub(super) targets: HashMap<i64, Vec<Target>>,
    pub(super) workers: HashMap<i64, Wk>,
    /// Who triages referrals per organisation (the team lead's account).
    pub(super) triage_user: HashMap<i64, i64>,
    /// Demo: a case summary and more texture; generated: the same shape, fewer extras.
    pub(super) rich: bool,
    /// Weights of the number of contacts (1, 2, …).
    pub(super) contact_weights: &'static [(usize, u32)],
    /// Residence municipality per school municipality: (municipality, weight).
    pub(super) residence: HashMap<i64, Vec<(i64, u32)>>,
}

pub(super) const DEMO_CONTACTS: [(usize, u32); 12] = [
    (1, 4),
    (2, 8),
    (3, 12),
    (4, 14),
    (5, 14),
    (6, 12),
    (7, 10),
    (8, 8),
    (9, 6),
    (10, 5),
    (11, 4),
    (12, 3),
];

/// 1–15 contacts, about 5 on average.
pub(super) const GENERATED_CONTACTS: [(usize, u32); 15] = [
    (1, 9),
    (2, 13),
    (3, 14),
    (4, 14),
    (5, 12),
    (6, 10),
    (7, 8),
    (8, 6),
    (9, 5),
    (10, 3),
    (11, 2),
    (12, 2),
    (13, 1),
    (14, 1),
    (15, 1),
];

pub(super) fn signals_for(rng: &mut Rng, stage: Stage) -> Vec<&'static str> {
    let table: &[(&'static str, u32)] = match stage {
        Stage::Pre => &[
            ("opvoeding", 40),
            ("ontwikkeling", 30),
            ("thuissituatie", 15),
            ("geldzorgen", 8),
            ("gezondheid", 7),
        ],
        Stage::Primary => &[
            ("gedrag", 20),
            ("stemming", 12),
            ("verzuim", 5),
            ("thuissituatie", 18),
            ("opvoeding", 12),
            ("ontwikkeling", 8),
            ("gezondheid", 4),
            ("pesten", 8),
            ("geldzorgen", 5),
            ("veiligheid", 3),
            ("sociale_vaardigheden", 10),
            ("rouw", 3),
        ],
        Stage::Secondary | Stage::Vocational => &[
            ("stemming", 20),
            ("verzuim", 20),
            ("thuissituatie", 12),
            ("gedrag", 10),
            ("pesten", 6),
            ("gezondheid", 8),
            ("sociale_vaardigheden", 8),
            ("geldzorgen", 4),
            ("veiligheid", 3),
            ("rouw", 3),
            ("opvoeding", 4),
            ("ontwikkeling", 2),
        ],
    };
    let n = *rng.weighted(&[(1usize, 45), (2, 40), (3, 15)]);
    let mut out: Vec<&'static str> = Vec::new();
    for _ in 0..n * 3 {
        let s = *rng.weighted(table);
        if !out.contains(&s) {
            out.push(s);
        }
        if out.len() == n {
            break;
        }
    }
    out
}

pub(super) fn fill(template: &str, given: &str) -> String {
    template.replace("{g}", given)
}

pub(super) fn received_date(rng: &mut Rng, today: NaiveDate, days: (i64, i64)) -> NaiveDate {
    let mut d = weekday(today - Duration::days(rng.between(days.0, days.1)));
    for _ in 0..6 {
        if !in_summer_holiday(d) {
            break;
        }
        d = weekday(today - Duration::days(rng.between(days.0, days.1)));
    }
    d.min(today)
}

/// A volume referral at a school, with its triage and, when accepted, the shape of its case.
pub(super) fn volume_plan(rng: &mut Rng, env: &Env, s: &Sch, ask: Ask) -> Plan {
    let today = env.today;
    let received = ask.received.unwrap_or_else(|| {
        let window = match ask.force {
            Some(Force::Waiting) => (1, 9),
            Some(Force::Open) => (14, 120),
            Some(Force::Closed) => (130, 330),
            _ => (1, 365),
        };
        received_date(rng, today, window)
    });
    let pupil = pupil(rng, s.stage, s.newcomer, received, today);
    let age = age_on(pupil.dob, received);
    let signals = signals_for(rng, s.stage);
    let reason = reason_for(rng, &signals, &pupil.given);
    let urgency = urgency_for(rng, &signals);
    let (source, referred_by, referrer) = referrer_for(rng, s, &pupil, ask.referrer.as_ref());
    // A young person of 16 or older may ask for help without the parents knowing.
    let parents_informed = !(source == "youth" && age >= 16 && rng.chance(0.6));
    let worker = ask.worker.or_else(|| pick_worker(rng, s));
    let org = ask
        .org
        .or_else(|| {
            worker
                .and_then(|w| env.workers.get(&w))
                .map(|w| w.organisation_id)
        })
        .unwrap_or_default();
    let recent = (today - received).num_days() <= 12;
    let kind = triage(rng, ask.force, recent);
    let kind = if kind == "case" && worker.is_none() {
        "declined"
    } else {
        kind
    };
    let delay = match urgency {
        "spoed" => 0,
        "snel" => rng.between(1, 3),
        _ => rng.between(2, 10),
    };
    let decided = weekday_after(received + Duration::days(delay)).min(today);
    let outcome = match kind {
        "waiting" => Outcome::Waiting,
        "case" => case_outcome(rng, env, ask.force, decided, worker.unwrap_or_default()),
        status => Outcome::Decided {
            status,
            on: decided,
            note: decision_note(rng, env, s, status),
        },
    };
    let residence = env
        .residence
        .get(&s.municipality_id)
        .map(|r| *rng.weighted(r))
        .or(Some(s.municipality_id));
    Plan {
        org,
        school_id: s.id,
        municipality_id: s.municipality_id,
        stage: s.stage,
        residence,
        pupil,
        same_child_as: None,
        source,
        referred_by,
        referrer,
        reason,
        signals,
        urgency,
        parents_informed,
        received,
        outcome,
        story: None,
    }
}

/// The reason for referral: a template for the first signal, the second one named after it.
fn reason_for(rng: &mut Rng, signals: &[&'static str], given: &str) -> String {
    let first = signals.first().copied().unwrap_or("gedrag");
    let mut reason = fill(rng.pick::<&str>(reason_templates(first)), given);
    if let Some(second) = signals.get(1) {
        reason.push_str(&format!(
            " Daarnaast: {}.",
            signal_label(second).replace(" / ", ", ")
        ));
    }
    reason
}

const URGENCY: [(&str, u32); 3] = [("normaal", 82), ("snel", 16), ("spoed", 2)];
const URGENCY_WITH_SAFETY: [(&str, u32); 3] = [("normaal", 30), ("snel", 50), ("spoed", 20)];

/// Mostly normal; more often urgent when safety is a concern.
fn urgency_for(rng: &mut Rng, signals: &[&'static str]) -> &'static str {
    if signals.contains(&"veiligheid") {
        rng.weighted::<&str>(&URGENCY_WITH_SAFETY)
    } else {
        rng.weighted::<&str>(&URGENCY)
    }
}

/// Who referred: (source, referring user, referrer's name) — the school's own contact when asked,
/// otherwise someone drawn by the school's stage.
fn referrer_for(
    rng: &mut Rng,
    s: &Sch,
    pupil: &Pupil,
    asked: Option<&(Option<i64>, String)>,
) -> (&'static str, Option<i64>, String) {
    let source = match s.stage {
        Stage::Pre => *rng.weighted(&[("school", 60), ("parent", 35), ("professional", 5)]),
        Stage::Primary => *rng.weighted(&[
            ("school", 72),
            ("parent", 16),
            ("professional", 9),
            ("other", 3),
        ]),
        _ => *rng.weighted(&[
            ("school", 58),
            ("youth", 12),
            ("parent", 15),
            ("professional", 12),
            ("chat", 3),
        ]),
    };
    match (asked, source) {
        (Some((user, name)), _) => ("school", *user, name.clone()),
        (None, "school") => {
            let role = match s.stage {
                Stage::Pre => "pedagogisch medewerker",
                Stage::Primary => {
                    *rng.pick(&["intern begeleider", "leerkracht", "intern begeleider"])
                }
                _ => *rng.pick(&["mentor", "zorgcoördinator", "mentor"]),
            };
            ("school", None, format!("{} ({role})", adult_name(rng)))
        }
        (None, "parent") => {
            let p = pupil.parents.first().map_or("ouder", |p| p.name.as_str());
            ("parent", None, p.to_string())
        }
        (None, "youth") => ("youth", None, format!("{} zelf", pupil.given)),
        (None, "professional") => {
            let who = *rng.pick(&[
                "jeugdverpleegkundige GGD",
                "huisarts",
                "leerplichtambtenaar",
                "wijkagent",
                "buurtsportcoach",
            ]);
            ("professional", None, format!("{} ({who})", adult_name(rng)))
        }
        (None, "chat") => ("chat", None, "via de jongerenchat".to_string()),
        (None, other) => (other, None, "buurtwerker".to_string()),
    }
}

/// One of the school's workers, by weight; none when the school has none.
fn pick_worker(rng: &mut Rng, s: &Sch) -> Option<i64> {
    let total: u32 = s.workers.iter().map(|(_, w)| *w).sum();
    if total == 0 {
        return None;
    }
    let mut roll = rng.below(u64::from(total)) as u32;
    s.workers
        .iter()
        .find(|(_, w)| {
            if roll < *w {
                true
            } else {
                roll -= *w;
                false
            }
        })
        .map(|(id, _)| *id)
}

/// How triage ends when nothing is forced, and when the referral is not to become a case.
const TRIAGE: [(&str, u32); 4] = [
    ("case", 70),
    ("advice_only", 14),
    ("forwarded", 8),
    ("declined", 8),
];
const NOT_A_CASE: [(&str, u32); 3] = [("advice_only", 50), ("forwarded", 25), ("declined", 25)];

/// The triage decision: forced, or drawn (a recent referral is often still waiting).
fn triage(rng: &mut Rng, force: Option<Force>, recent: bool) -> &'static str {
    match force {
        Some(Force::Waiting) => "waiting",
        Some(Force::Declined) => "declined",
        Some(Force::Advice) => "advice_only",
        Some(Force::Closed | Force::Open | Force::Case) => "case",
        Some(Force::NoCase) if recent && rng.chance(0.5) => "waiting",
        Some(Force::NoCase) => rng.weighted::<&str>(&NOT_A_CASE),
        None if recent && rng.chance(0.7) => "waiting",
        None => rng.weighted::<&str>(&TRIAGE),
    }
}

/// An accepted referral's case: opened on the decision, closed after some weeks when that day has
/// passed (or as forced), with a number of contacts.
fn case_outcome(
    rng: &mut Rng,
    env: &Env,
    force: Option<Force>,
    decided: NaiveDate,
    worker: i64,
) -> Outcome {
    let today = env.today;
    let weeks = *rng.weighted(&[((5, 8), 25), ((9, 16), 40), ((17, 30), 30), ((31, 45), 5)]);
    let weeks = rng.between(weeks.0, weeks.1);
    let planned = weekday(decided + Duration::days(weeks * 7));
    let reason = *rng.weighted(&[
        ("doelen_bereikt", 55),
        ("verwezen", 17),
        ("gestopt_door_gezin", 12),
        ("verhuisd", 5),
        ("anders", 11),
    ]);
    let close = match force {
        Some(Force::Open) => None,
        Some(Force::Closed) => {
            let latest = weekday(today - Duration::days(rng.between(2, 20)));
            Some((
                weekday(planned.min(latest).max(decided + Duration::days(21))),
                reason,
            ))
        }
        _ if planned <= today - Duration::days(2) => Some((planned, reason)),
        _ => None,
    };
    let contacts = *rng.weighted(env.contact_weights);
    Outcome::Case(CasePlan {
        worker,
        opened: decided,
        close,
        contacts,
        previous: None,
        onward: None,
    })
}

/// The note with a referral that did not become a case: advice, forwarded or declined.
fn decision_note(rng: &mut Rng, env: &Env, s: &Sch, status: &str) -> String {
    match status {
        "advice_only" => rng
            .pick(&[
                "Advies gegeven aan school en ouders; een traject is (nog) niet nodig. Bij nieuwe zorgen opnieuw aanmelden.",
                "Consultatie met de IB'er volstaat: tips voor de aanpak in de klas besproken.",
                "Ouders hebben tips gekregen voor thuis; afgesproken dat school over zes weken terugkoppelt.",
            ])
            .to_string(),
        "forwarded" => {
            let target = env
                .targets
                .get(&s.municipality_id)
                .and_then(|t| t.iter().find(|t| t.kind == "wijkteam" || t.kind == "cjg"));
            format!(
                "Doorgestuurd naar {}: de hulpvraag ligt vooral thuis en past daar beter. Ouders zijn geïnformeerd.",
                target.map_or("het wijkteam", |t| t.name.as_str())
            )
        }
        _ => rng
            .pick(&[
                "Afgewezen: het wijkteam is al betrokken bij het gezin; dubbele hulp voorkomen. School en ouders zijn geïnformeerd.",
                "Afgewezen: ouders trekken hun akkoord in; er is geen hulpvraag meer. School weet dat ze opnieuw kan aanmelden.",
                "Afgewezen: leerling is inmiddels verhuisd en naar een andere school gegaan.",
            ])
            .to_string(),
    }
}
