//! The ordinary course of a case, for the volume around the demo's stories and for generated worlds.

use chrono::{Duration, Months, NaiveDate};
use schakel_domain::casework::{self as rules, OnwardStatus};
use schakel_domain::consent::{Purpose, age_on};
use schakel_domain::monitoring::is_specialist;

use crate::rng::Rng;

use super::acts::{Act, CaseState, Who, consent_parties};
use super::dates::{in_summer_holiday, school_year_end, weekday, weekday_after};
use super::people::Stage;
use super::plan::{CasePlan, Env, Onward, Plan, Target, fill};
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
    let last = cp.close.map_or(env.today, |c| c.0);
    let mut intake = weekday_after(cp.opened + Duration::days(rng.between(1, 9)));
    if intake > last {
        if cp.close.is_some() {
            intake = cp.opened;
        } else {
            // Opened days ago, the intake is still to come.
            return Vec::new();
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

    let mut course = Course::new(env, plan, cp, st, intake, last);
    let intake_contact = course.contact(rng, "intake");
    course.acts.push((intake, intake_contact));
    course.help_consents(rng);
    let to_school = course.school_consents(rng);
    let starts = course.goals(rng);
    course.turning_twelve(&dates, to_school);
    course.contacts(rng, &dates);
    course.meldcode_steps();
    // End scores first (they decide the review scores in between).
    let ends = end_scores(rng, &starts, cp.close.map(|c| c.1));
    course.review_scores(rng, &starts, &ends);
    let reason = course.onward(rng, &dates, n);
    course.close(rng, reason, &ends);
    course.summary();
    course.acts
}

/// A case's course being planned: what is known at the intake, and the acts so far.
struct Course<'a> {
    env: &'a Env,
    plan: &'a Plan,
    cp: &'a CasePlan,
    st: &'a CaseState,
    intake: NaiveDate,
    /// The closing day, or today for an open case.
    last: NaiveDate,
    /// The child's age at the intake.
    age: u32,
    /// Under 12 at the intake.
    young: bool,
    /// The parents with gezag, by relation ("moeder, vader").
    parents_label: String,
    acts: Vec<(NaiveDate, Act)>,
}

/// The kinds of contact and their weights, by stage and age.
const PRE_SCHOOL_CONTACTS: &[(&str, u32)] = &[
    ("gesprek_ouders", 45),
    ("huisbezoek", 20),
    ("gesprek_leerkracht", 15),
    ("telefoon", 15),
    ("anders", 5),
];
const YOUNG_CHILD_CONTACTS: &[(&str, u32)] = &[
    ("gesprek_kind", 30),
    ("gesprek_ouders", 25),
    ("gesprek_leerkracht", 15),
    ("telefoon", 12),
    ("huisbezoek", 8),
    ("overleg", 8),
];
const YOUTH_CONTACTS: &[(&str, u32)] = &[
    ("gesprek_kind", 48),
    ("gesprek_ouders", 10),
    ("gesprek_leerkracht", 12),
    ("telefoon", 15),
    ("huisbezoek", 4),
    ("overleg", 10),
];

/// What a child of 12 to 16 sometimes asks when consenting to help.
const WISHES: [&str; 3] = [
    "wil dat school alleen hoort dát er hulp is",
    "wil eerst zelf met moeder praten voordat vader erbij komt",
    "wil de gesprekken op school, niet thuis",
];

const SCHOOL_INFORMATION: &str =
    "voortgang en afspraken voor in de klas; geen details over de thuissituatie";

impl<'a> Course<'a> {
    fn new(
        env: &'a Env,
        plan: &'a Plan,
        cp: &'a CasePlan,
        st: &'a CaseState,
        intake: NaiveDate,
        last: NaiveDate,
    ) -> Self {
        let names: Vec<&str> = plan
            .pupil
            .parents
            .iter()
            .filter(|p| p.gezag)
            .map(|p| p.relation)
            .collect();
        let parents_label = if names.is_empty() {
            "ouder".to_string()
        } else {
            names.join(", ")
        };
        let age = age_on(plan.pupil.dob, intake);
        Course {
            env,
            plan,
            cp,
            st,
            intake,
            last,
            age,
            young: age < 12,
            parents_label,
            acts: Vec::new(),
        }
    }

    fn age(&self, d: NaiveDate) -> u32 {
        age_on(self.plan.pupil.dob, d)
    }

    fn given(&self) -> &str {
        self.st.given.as_str()
    }

    /// A contact of `kind`: who took part, how long, and a note.
    fn contact(&self, rng: &mut Rng, kind: &'static str) -> Act {
        Act::Contact {
            kind,
            participants: self.participants(rng, kind),
            minutes: self.minutes(rng, kind),
            note: self.at_school(&fill(rng.pick::<&str>(contact_notes(kind)), self.given())),
        }
    }

    /// Fills in who the worker meets at this child's school: a pre-school has pedagogical staff, a primary
    /// school a teacher and an IB'er, a secondary or vocational school a mentor and a care coordinator.
    fn at_school(&self, note: &str) -> String {
        let (teacher, care) = match self.plan.stage {
            Stage::Pre => ("pedagogisch medewerker", "leidinggevende van de locatie"),
            Stage::Primary => ("leerkracht", "IB'er"),
            Stage::Secondary | Stage::Vocational => ("mentor", "zorgcoördinator"),
        };
        note.replace("{leerkracht}", teacher)
            .replace("{zorg}", care)
    }

    fn participants(&self, rng: &mut Rng, kind: &str) -> String {
        let who = self.participants_as_typed(rng, kind);
        self.at_school(&who)
    }

    fn participants_as_typed(&self, rng: &mut Rng, kind: &str) -> String {
        let g = self.given();
        let parents = &self.parents_label;
        match kind {
            "intake" if self.plan.stage == Stage::Pre => parents.clone(),
            "intake" if self.age >= 16 => g.to_string(),
            "intake" => format!("{g}, {parents}"),
            "gesprek_kind" => g.to_string(),
            "gesprek_ouders" => parents.clone(),
            "gesprek_leerkracht" => match self.plan.stage {
                Stage::Pre => "pedagogisch medewerker".into(),
                Stage::Primary => rng.pick(&["leerkracht", "intern begeleider"]).to_string(),
                _ => rng.pick(&["mentor", "zorgcoördinator"]).to_string(),
            },
            "huisbezoek" => format!("{g}, {parents}"),
            "telefoon" => rng.pick(&["moeder", "vader", "moeder"]).to_string(),
            "overleg" => rng
                .pick(&["{zorg}, {leerkracht}", "{zorg}", "jeugdverpleegkundige"])
                .to_string(),
            _ => "groep".into(),
        }
    }

    fn minutes(&self, rng: &mut Rng, kind: &str) -> i64 {
        match kind {
            "intake" => 60,
            "gesprek_kind" if self.young => rng.between(6, 9) * 5,
            "gesprek_kind" => rng.between(9, 12) * 5,
            "gesprek_ouders" => rng.between(9, 15) * 5,
            "gesprek_leerkracht" => rng.between(3, 6) * 5,
            "huisbezoek" => rng.between(12, 18) * 5,
            "telefoon" => rng.between(2, 4) * 5,
            "overleg" => rng.between(6, 12) * 5,
            _ => 30,
        }
    }

    /// Consent for help at the intake, from whom the age requires.
    fn help_consents(&mut self, rng: &mut Rng) {
        let a = self.age;
        for who in consent_parties(a, &Purpose::Help, &self.st.parents) {
            let wish = match who {
                Who::Child if (12..16).contains(&a) && rng.chance(0.15) => {
                    rng.pick(&WISHES).to_string()
                }
                _ => String::new(),
            };
            let consent = Act::Consent {
                who,
                share: None,
                information: String::new(),
                until: None,
                wish,
            };
            self.acts.push((self.intake, consent));
        }
    }

    /// Often: feedback to school, with consent of whom the age requires. Whether it was asked.
    fn school_consents(&mut self, rng: &mut Rng) -> bool {
        let to_school = rng.chance(0.35);
        if !to_school {
            return false;
        }
        let recipient = if self.plan.stage == Stage::Pre {
            "voorschool"
        } else {
            "school"
        };
        let purpose = Purpose::Share {
            recipient: recipient.into(),
        };
        for who in consent_parties(self.age, &purpose, &self.st.parents) {
            let consent = Act::Consent {
                who,
                share: Some(recipient.into()),
                information: SCHOOL_INFORMATION.into(),
                until: Some(school_year_end(self.intake)),
                wish: String::new(),
            };
            self.acts.push((self.intake, consent));
        }
        true
    }

    /// One goal, or two for a child with more signals; their start scores.
    fn goals(&mut self, rng: &mut Rng) -> Vec<i64> {
        let (_, _, gas_min) = self.settings();
        let goals = if self.plan.signals.len() >= 2 && rng.chance(0.4) {
            2
        } else {
            1
        };
        let mut starts = Vec::new();
        for k in 0..goals {
            let signal = self.plan.signals.get(k).copied().unwrap_or("gedrag");
            let start = if rng.chance(0.35) {
                gas_min.max(-2)
            } else {
                -1
            };
            starts.push(start);
            let (theme, template) = *rng.pick(goal_templates(signal));
            let goal = Act::Goal {
                description: fill(template, self.given()),
                theme,
                start,
            };
            self.acts.push((self.intake, goal));
        }
        starts
    }

    /// Case-number prefix, review weeks and lowest GAS score of the case's organisation.
    fn settings(&self) -> (String, i64, i64) {
        self.env
            .settings
            .get(&self.plan.org)
            .cloned()
            .unwrap_or_else(|| ("SMW".into(), 6, -2))
    }

    /// A child who turns 12 during the help consents too from then on (help, and sharing with school).
    fn turning_twelve(&mut self, dates: &[NaiveDate], to_school: bool) {
        let dob = self.plan.pupil.dob;
        let twelve = dob.checked_add_months(Months::new(12 * 12)).unwrap_or(dob);
        if self.age >= 12 || twelve > self.last {
            return;
        }
        let on = dates
            .iter()
            .copied()
            .find(|d| *d >= twelve)
            .unwrap_or_else(|| weekday_after(twelve).min(self.last).max(twelve));
        let help = Act::Consent {
            who: Who::Child,
            share: None,
            information: String::new(),
            until: None,
            wish: format!(
                "{} is 12 geworden en geeft nu ook zelf toestemming",
                self.given()
            ),
        };
        self.acts.push((on, help));
        if to_school {
            let share = Act::Consent {
                who: Who::Child,
                share: Some("school".into()),
                information: SCHOOL_INFORMATION.into(),
                until: Some(school_year_end(on)),
                wish: String::new(),
            };
            self.acts.push((on, share));
        }
    }

    /// The contacts after the intake, their kinds drawn by stage and age.
    fn contacts(&mut self, rng: &mut Rng, dates: &[NaiveDate]) {
        let kinds = match self.plan.stage {
            Stage::Pre => PRE_SCHOOL_CONTACTS,
            _ if self.young => YOUNG_CHILD_CONTACTS,
            _ => YOUTH_CONTACTS,
        };
        for d in dates {
            let kind = match *rng.weighted(kinds) {
                // In the summer holidays there is no teacher to talk to.
                "gesprek_leerkracht" | "overleg" if in_summer_holiday(*d) => "telefoon",
                kind => kind,
            };
            let contact = self.contact(rng, kind);
            self.acts.push((*d, contact));
        }
    }

    /// A case opened over a safety concern records the meldcode's steps (RULES.md §5) as they are taken — signals
    /// and advice from Veilig Thuis, the talk with the parents, the weighing — and the flag is lifted once a later
    /// weighing finds help safe enough, so no case shows "volg de meldcode" for months with nothing recorded.
    fn meldcode_steps(&mut self) {
        if !self.plan.signals.contains(&"veiligheid") {
            return;
        }
        let steps: [(i64, &'static str, &str, i64, &str); 3] = [
            (
                2,
                "overleg",
                "aandachtsfunctionaris, Veilig Thuis (advies)",
                30,
                "Meldcode stap 1 en 2: signalen feitelijk vastgelegd; collegiale consultatie met de aandachtsfunctionaris en Veilig Thuis om advies gevraagd, zonder naam van het kind.",
            ),
            (
                7,
                "gesprek_ouders",
                "",
                60,
                "Meldcode stap 3: met ouders gesproken over de zorgen en de signalen; ouders herkennen de spanningen thuis en willen hulp.",
            ),
            (
                14,
                "overleg",
                "aandachtsfunctionaris",
                30,
                "Meldcode stap 4 en 5: afgewogen met het afwegingskader. Geen acute of structurele onveiligheid; hulp is mogelijk en wordt aanvaard. Besluit: geen melding, hulp met veiligheidsafspraken en over zes weken opnieuw wegen.",
            ),
        ];
        for (days, kind, who, minutes, note) in steps {
            let on = weekday_after(self.intake + Duration::days(days));
            if on > self.last {
                return;
            }
            let participants = if who.is_empty() {
                self.parents_label.clone()
            } else {
                who.to_string()
            };
            let contact = Act::Contact {
                kind,
                participants,
                minutes,
                note: note.to_string(),
            };
            self.acts.push((on, contact));
        }
        let reweighed = weekday_after(self.intake + Duration::days(56));
        if self.env.rich && reweighed <= self.last {
            let text = format!(
                "Aangemeld om zorgen over de veiligheid. Meldcode-stappen gezet (geen melding); opnieuw gewogen op {}: de veiligheidsafspraken worden nagekomen. Aanpak: {}.",
                reweighed.format("%d-%m-%Y"),
                approach("veiligheid")
            );
            self.acts.push((
                reweighed,
                Act::Summary {
                    text,
                    safety: false,
                },
            ));
        }
    }

    /// At the first review (when it falls within the case): a score between start and end per goal.
    fn review_scores(&mut self, rng: &mut Rng, starts: &[i64], ends: &[i64]) {
        let (_, review_weeks, _) = self.settings();
        let review = weekday(rules::first_review(self.cp.opened, review_weeks));
        if review > self.last || review <= self.intake {
            return;
        }
        for (k, (&s, &e)) in starts.iter().zip(ends).enumerate() {
            let score = s + rng.between(0, (e - s).max(0));
            let act = Act::Score {
                goal: k,
                end: false,
                score,
            };
            self.acts.push((review, act));
        }
    }

    /// An onward referral: always when the case closes as referred, sometimes otherwise. Returns the
    /// closing reason, "anders" for a referral with nowhere to go.
    /// A planned onward referral ([`CasePlan::onward`]) goes where it was planned to.
    fn onward(&mut self, rng: &mut Rng, dates: &[NaiveDate], n: usize) -> Option<&'static str> {
        let reason = self.cp.close.map(|c| c.1);
        let wants_onward = match (self.cp.onward, reason) {
            (Some(planned), _) => planned != Onward::Stay,
            (None, Some("verwezen")) => true,
            (None, Some("doelen_bereikt")) => rng.chance(0.06),
            (None, Some(_)) => false,
            (None, None) => n >= 3 && rng.chance(0.14),
        };
        if !wants_onward {
            return reason;
        }
        let target = match self.cp.onward {
            Some(Onward::Specialist) => self.specialist_target(),
            Some(Onward::Light) => self.light_target(),
            _ => self.onward_target(),
        };
        let Some(target) = target else {
            return reason.map(|_| "anders");
        };
        let proposed = dates
            .get(dates.len() / 2)
            .copied()
            .unwrap_or(self.intake)
            .min(self.last);
        self.propose(proposed, &target);
        let consented = self.step(rng, proposed, (0, 3));
        let sent = self.step(rng, consented, (0, 3));
        self.onward_consents(&target, proposed, [consented, sent]);
        let accepted = self.step(rng, sent, (5, 20));
        let started = self.step(rng, accepted, (5, 25));
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
        if self.cp.close.is_some() && rng.chance(0.35) {
            chain.push((
                self.last,
                OnwardStatus::Completed,
                "Traject afgerond; terugkoppeling ontvangen.".to_string(),
            ));
        }
        for (d, status, feedback) in chain {
            // An open case shows the steps taken so far; a closed one at least up to "gestart".
            if self.cp.close.is_none() && d > self.env.today {
                break;
            }
            self.acts.push((d, Act::Advance { status, feedback }));
        }
        reason
    }

    /// Where the signals point in the municipality's sociale kaart, or its wijkteam.
    fn onward_target(&self) -> Option<Target> {
        let targets = self.env.targets.get(&self.plan.municipality_id)?;
        self.plan
            .signals
            .iter()
            .flat_map(|s| target_kinds(s).iter())
            .find_map(|k| targets.iter().find(|t| t.kind == *k))
            .or_else(|| targets.iter().find(|t| t.kind == "wijkteam"))
            .cloned()
    }

    /// Specialist youth care in the municipality's sociale kaart.
    fn specialist_target(&self) -> Option<Target> {
        let targets = self.env.targets.get(&self.plan.municipality_id)?;
        targets
            .iter()
            .find(|t| is_specialist(t.kind))
            .cloned()
            .or_else(|| self.onward_target())
    }

    /// Light help where the signals point (no specialist youth care), or the wijkteam.
    fn light_target(&self) -> Option<Target> {
        let targets = self.env.targets.get(&self.plan.municipality_id)?;
        self.plan
            .signals
            .iter()
            .flat_map(|s| target_kinds(s).iter())
            .filter(|k| !is_specialist(k))
            .find_map(|k| targets.iter().find(|t| t.kind == *k))
            .or_else(|| targets.iter().find(|t| t.kind == "wijkteam"))
            .cloned()
    }

    /// The next step of an onward referral some days after `d`; never after a closed case's end.
    fn step(&self, rng: &mut Rng, d: NaiveDate, days: (i64, i64)) -> NaiveDate {
        let next = weekday_after(d + Duration::days(rng.between(days.0, days.1)));
        if self.cp.close.is_some() {
            next.min(self.last)
        } else {
            next
        }
    }

    fn propose(&mut self, on: NaiveDate, target: &Target) {
        let signals = self
            .plan
            .signals
            .iter()
            .map(|s| signal_label(s))
            .collect::<Vec<_>>()
            .join(", ");
        let note = format!(
            "Hulpvraag: {signals}. Wat is gedaan: {}.",
            approach(self.plan.signals.first().copied().unwrap_or("gedrag"))
        );
        let propose = Act::Propose {
            target: target.clone(),
            note,
        };
        self.acts.push((on, propose));
    }

    /// Consent to share with the target, recorded when proposed, from whom the age requires on
    /// each day information may be shared (a 12th birthday may fall in between).
    fn onward_consents(&mut self, target: &Target, proposed: NaiveDate, later: [NaiveDate; 2]) {
        let purpose = Purpose::Share {
            recipient: target.name.clone(),
        };
        let mut parties = consent_parties(self.age(proposed), &purpose, &self.st.parents);
        for d in later {
            for who in consent_parties(self.age(d), &purpose, &self.st.parents) {
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
            let consent = Act::Consent {
                who,
                share: Some(target.name.clone()),
                information: "hulpvraag, wat al gedaan is en de doelen".into(),
                until: None,
                wish: String::new(),
            };
            self.acts.push((proposed, consent));
        }
    }

    /// When the case ends: the end scores and the closure, with the satisfaction of parent and
    /// child (a child from 8 is asked).
    fn close(&mut self, rng: &mut Rng, reason: Option<&'static str>, ends: &[i64]) {
        let (Some((closed, _)), Some(reason)) = (self.cp.close, reason) else {
            return;
        };
        for (k, &e) in ends.iter().enumerate() {
            let score = Act::Score {
                goal: k,
                end: true,
                score: e,
            };
            self.acts.push((closed, score));
        }
        let asked = self.age >= 8;
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
        let close = Act::Close {
            reason,
            note: closure_note(reason).to_string(),
            parent,
            child,
        };
        self.acts.push((closed, close));
    }

    /// The demo's cases carry a summary: why referred and the approach.
    fn summary(&mut self) {
        if !self.env.rich {
            return;
        }
        let signals = self
            .plan
            .signals
            .iter()
            .map(|s| signal_label(s))
            .collect::<Vec<_>>()
            .join(", ");
        let text = format!(
            "Aangemeld om: {signals}. Aanpak: {}.",
            approach(self.plan.signals.first().copied().unwrap_or("gedrag"))
        );
        let safety = self.plan.signals.contains(&"veiligheid");
        self.acts.push((self.intake, Act::Summary { text, safety }));
    }
}

/// The end score per goal, by how the case closes (or where an open one is heading).
fn end_scores(rng: &mut Rng, starts: &[i64], reason: Option<&str>) -> Vec<i64> {
    starts
        .iter()
        .map(|&s| match reason {
            Some("doelen_bereikt") => *rng.weighted(&[(0, 3), (1, 5), (2, 2)]),
            Some("verwezen") => s.max(*rng.pick(&[-1, 0])),
            Some("gestopt_door_gezin") => (s + rng.between(0, 1)).min(0),
            Some(_) => s + rng.between(0, 1),
            None => (s + rng.between(0, 2)).min(2),
        })
        .collect()
}
