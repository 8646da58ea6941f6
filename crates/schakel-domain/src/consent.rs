//! Consent of minors (RULES.md §1; Jeugdwet art. 7.3.4–7.3.5, 7.3.11; WGBO art. 7:447 BW).
//!
//! Help: under 12 the parents with gezag; 12–15 the child **and** the parents with gezag; from 16 the young
//! person alone. Sharing information with a third party (e.g. the school): under 12 the parents with gezag;
//! from 12 the child decides which third parties get information; from 16 the young person alone.
//! A parent without gezag is recorded but never consents. Consent is specific (purpose, recipient, until when)
//! and ends when withdrawn.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Age in whole years on a date (a child born on 29 February turns a year older on 1 March in common years).
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    if on < birth {
        return 0;
    }
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// What the consent is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Purpose {
    /// Help (hulpverlening) by the social worker.
    Help,
    /// Sharing named information with one recipient (e.g. "school", "Veilig Thuis", a course provider).
    Share { recipient: String },
}

/// A recipient's name as compared: case, accents, spacing and the kind of dash or quote do not count
/// ("Jeugdteam Noord – West" is "jeugdteam noord - west"); every other difference does.
pub fn recipient_key(name: &str) -> String {
    crate::text::fold(name)
        .chars()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            other => other,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Purpose {
    /// Whether a consent given for `self` covers `wanted`: the same purpose, and for sharing the same
    /// recipient — named alike apart from case, accents and spacing ("Kinderen uit de Knel" covers
    /// "kinderen uit de  knel"), never a different or a partial name.
    pub fn covers(&self, wanted: &Purpose) -> bool {
        match (self, wanted) {
            (Purpose::Help, Purpose::Help) => true,
            (Purpose::Share { recipient: given }, Purpose::Share { recipient: asked }) => {
                recipient_key(given) == recipient_key(asked)
            }
            _ => false,
        }
    }

    pub fn label_nl(&self) -> String {
        match self {
            Purpose::Help => "hulp".into(),
            Purpose::Share { recipient } => format!("informatie delen met {recipient}"),
        }
    }
}

/// Who gave a consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Party {
    Child,
    /// A parent or carer, by id.
    Guardian(i64),
}

/// A parent or carer of the child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guardian {
    pub id: i64,
    pub name: String,
    /// Holds parental authority (gezag).
    pub has_gezag: bool,
}

/// One recorded consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub id: i64,
    pub party: Party,
    pub purpose: Purpose,
    pub given_on: NaiveDate,
    pub valid_until: Option<NaiveDate>,
    pub withdrawn_on: Option<NaiveDate>,
}

impl ConsentRecord {
    /// In force on `date`: given on or before, not expired, not withdrawn on or before.
    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.given_on <= date
            && self.valid_until.is_none_or(|u| date <= u)
            && self.withdrawn_on.is_none_or(|w| date < w)
    }
}

/// The parties whose consent is needed for a purpose at an age.
pub fn required_parties(age: u32, purpose: &Purpose, guardians: &[Guardian]) -> Vec<Party> {
    let parents: Vec<Party> = guardians
        .iter()
        .filter(|g| g.has_gezag)
        .map(|g| Party::Guardian(g.id))
        .collect();
    match (age, purpose) {
        (0..=11, _) => parents,
        (12..=15, Purpose::Help) => {
            let mut p = vec![Party::Child];
            p.extend(parents);
            p
        }
        (12..=15, Purpose::Share { .. }) => vec![Party::Child],
        _ => vec![Party::Child],
    }
}

/// Why consent is not valid, in terms a worker can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ConsentGap {
    /// No parent with gezag is recorded for a child who needs one.
    NoGezagHolder,
    /// These parties still have to consent.
    Missing(Vec<Party>),
    /// The legal ground given does not cover this recipient (the meldcode covers Veilig Thuis,
    /// not the school); consent is still missing as `gap` says.
    GroundDoesNotCover {
        ground: LegalGround,
        gap: Box<ConsentGap>,
    },
}

impl ConsentGap {
    pub fn message_nl(&self, guardians: &[Guardian]) -> String {
        match self {
            ConsentGap::NoGezagHolder => {
                "Er is geen ouder met gezag vastgelegd; leg eerst vast wie het gezag heeft.".into()
            }
            ConsentGap::Missing(parties) => {
                let names: Vec<String> = parties
                    .iter()
                    .map(|p| match p {
                        Party::Child => "het kind / de jongere".to_string(),
                        Party::Guardian(id) => guardians
                            .iter()
                            .find(|g| g.id == *id)
                            .map(|g| g.name.clone())
                            .unwrap_or_else(|| format!("ouder {id}")),
                    })
                    .collect();
                format!("Toestemming ontbreekt nog van: {}.", names.join(", "))
            }
            ConsentGap::GroundDoesNotCover { ground, gap } => {
                format!("{} {}", ground.covers_nl(), gap.message_nl(guardians))
            }
        }
    }
}

/// Checks that every required party has consent in force on `date` for `purpose`.
pub fn check(
    birth: NaiveDate,
    date: NaiveDate,
    purpose: &Purpose,
    guardians: &[Guardian],
    records: &[ConsentRecord],
) -> Result<(), ConsentGap> {
    let age = age_on(birth, date);
    let required = required_parties(age, purpose, guardians);
    if age < 12 && required.is_empty() {
        return Err(ConsentGap::NoGezagHolder);
    }
    if age < 16 && matches!(purpose, Purpose::Help) && !guardians.iter().any(|g| g.has_gezag) {
        return Err(ConsentGap::NoGezagHolder);
    }
    let missing: Vec<Party> = required
        .into_iter()
        .filter(|party| {
            !records
                .iter()
                .any(|r| r.party == *party && r.purpose.covers(purpose) && r.in_force(date))
        })
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ConsentGap::Missing(missing))
    }
}

/// A recorded legal ground to share without consent (meldcode, acute safety); visible to the privacy officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalGround {
    /// Meldcode huiselijk geweld en kindermishandeling: report to / consult Veilig Thuis.
    Meldcode,
    /// Acute danger to the child or others.
    AcuteSafety,
}

/// Who receives shared information, as far as a legal ground is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecipientKind {
    /// Veilig Thuis, the advice and reporting centre for domestic violence and child abuse.
    VeiligThuis,
    /// Police, crisis service (e.g. Spoed voor Jeugd): those who can avert an acute danger.
    EmergencyServices,
    /// The child's school.
    School,
    /// Any other organisation or professional.
    Other,
}

impl RecipientKind {
    /// The recipient kind of a referral-directory entry (`referral_targets.kind`).
    pub fn of_target(kind: &str) -> RecipientKind {
        match kind {
            "veilig_thuis" => RecipientKind::VeiligThuis,
            "politie" | "crisisdienst" | "spoed_voor_jeugd" => RecipientKind::EmergencyServices,
            "school" => RecipientKind::School,
            _ => RecipientKind::Other,
        }
    }
}

impl LegalGround {
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            LegalGround::Meldcode => {
                lang.pick("meldcode (Veilig Thuis)", "reporting code (Veilig Thuis)")
            }
            LegalGround::AcuteSafety => lang.pick("acuut gevaar", "acute danger"),
        }
    }

    /// Whom the ground lets a worker share with without consent. The meldcode is a ground to
    /// consult and report to Veilig Thuis (RULES.md), not to inform the school or anyone else;
    /// acute danger, to those who can avert it.
    pub fn covers(self, recipient: RecipientKind) -> bool {
        match self {
            LegalGround::Meldcode => recipient == RecipientKind::VeiligThuis,
            LegalGround::AcuteSafety => matches!(
                recipient,
                RecipientKind::VeiligThuis | RecipientKind::EmergencyServices
            ),
        }
    }

    /// What the ground covers, in Dutch, for the message when it does not cover a recipient.
    pub fn covers_nl(self) -> &'static str {
        match self {
            LegalGround::Meldcode => {
                "De meldcode is een grond om Veilig Thuis te raadplegen of een melding te doen, niet om met deze ontvanger te delen."
            }
            LegalGround::AcuteSafety => {
                "Acuut gevaar is een grond om te delen met Veilig Thuis, politie of crisisdienst, niet met deze ontvanger."
            }
        }
    }

    pub fn parse(s: &str) -> Option<LegalGround> {
        match s {
            "meldcode" => Some(LegalGround::Meldcode),
            "acute_safety" => Some(LegalGround::AcuteSafety),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            LegalGround::Meldcode => "meldcode",
            LegalGround::AcuteSafety => "acute_safety",
        }
    }
}

/// Sharing is allowed with valid consent, or without it only on a recorded legal ground that
/// covers this recipient.
pub fn may_share(
    consent: Result<(), ConsentGap>,
    legal_ground: Option<LegalGround>,
    recipient: RecipientKind,
) -> Result<&'static str, ConsentGap> {
    match (consent, legal_ground) {
        (Ok(()), _) => Ok("consent"),
        (Err(_), Some(g)) if g.covers(recipient) => Ok(g.as_str()),
        (Err(gap), Some(ground)) => Err(ConsentGap::GroundDoesNotCover {
            ground,
            gap: Box::new(gap),
        }),
        (Err(gap), None) => Err(gap),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn parents() -> Vec<Guardian> {
        vec![
            Guardian {
                id: 1,
                name: "Moeder".into(),
                has_gezag: true,
            },
            Guardian {
                id: 2,
                name: "Vader".into(),
                has_gezag: true,
            },
            Guardian {
                id: 3,
                name: "Stiefvader".into(),
                has_gezag: false,
            },
        ]
    }

    fn consent(id: i64, party: Party, purpose: Purpose, given: &str) -> ConsentRecord {
        ConsentRecord {
            id,
            party,
            purpose,
            given_on: d(given),
            valid_until: None,
            withdrawn_on: None,
        }
    }

    const BIRTH: &str = "2014-03-10";

    #[test]
    fn ages_on_boundaries() {
        let b = d(BIRTH);
        assert_eq!(age_on(b, d("2026-03-09")), 11, "11 y 364 d");
        assert_eq!(age_on(b, d("2026-03-10")), 12, "12 y 0 d");
        assert_eq!(age_on(b, d("2030-03-09")), 15, "15 y 364 d");
        assert_eq!(age_on(b, d("2030-03-10")), 16, "16 y 0 d");
        let leap = d("2012-02-29");
        assert_eq!(age_on(leap, d("2024-02-28")), 11);
        assert_eq!(age_on(leap, d("2024-02-29")), 12);
        assert_eq!(age_on(leap, d("2025-02-28")), 12);
        assert_eq!(age_on(leap, d("2025-03-01")), 13);
    }

    #[test]
    fn help_under_12_needs_both_gezag_parents_not_the_stepfather() {
        let g = parents();
        let records = vec![consent(1, Party::Guardian(1), Purpose::Help, "2026-01-05")];
        let on = d("2026-03-09"); // 11 y 364 d
        assert_eq!(
            check(d(BIRTH), on, &Purpose::Help, &g, &records),
            Err(ConsentGap::Missing(vec![Party::Guardian(2)]))
        );
        let mut records = records;
        records.push(consent(2, Party::Guardian(2), Purpose::Help, "2026-01-05"));
        assert_eq!(check(d(BIRTH), on, &Purpose::Help, &g, &records), Ok(()));
        assert!(!required_parties(11, &Purpose::Help, &g).contains(&Party::Guardian(3)));
    }

    #[test]
    fn help_at_12_also_needs_the_child() {
        let g = parents();
        let records = vec![
            consent(1, Party::Guardian(1), Purpose::Help, "2026-01-05"),
            consent(2, Party::Guardian(2), Purpose::Help, "2026-01-05"),
        ];
        assert_eq!(
            check(d(BIRTH), d("2026-03-09"), &Purpose::Help, &g, &records),
            Ok(()),
            "11 y 364 d: parents suffice"
        );
        assert_eq!(
            check(d(BIRTH), d("2026-03-10"), &Purpose::Help, &g, &records),
            Err(ConsentGap::Missing(vec![Party::Child])),
            "12 y 0 d: child too"
        );
    }

    #[test]
    fn from_16_the_young_person_alone() {
        let g = parents();
        let parents_only = vec![
            consent(1, Party::Guardian(1), Purpose::Help, "2026-01-05"),
            consent(2, Party::Guardian(2), Purpose::Help, "2026-01-05"),
        ];
        let with_child = {
            let mut r = parents_only.clone();
            r.push(consent(3, Party::Child, Purpose::Help, "2026-01-05"));
            r
        };
        assert_eq!(
            check(d(BIRTH), d("2030-03-09"), &Purpose::Help, &g, &with_child),
            Ok(()),
            "15 y 364 d: child and parents"
        );
        assert!(check(d(BIRTH), d("2030-03-09"), &Purpose::Help, &g, &parents_only).is_err());
        assert_eq!(
            check(d(BIRTH), d("2030-03-10"), &Purpose::Help, &g, &parents_only),
            Err(ConsentGap::Missing(vec![Party::Child])),
            "16 y 0 d: parents' consent is not enough"
        );
        let child_only = vec![consent(3, Party::Child, Purpose::Help, "2026-01-05")];
        assert_eq!(
            check(d(BIRTH), d("2030-03-10"), &Purpose::Help, &[], &child_only),
            Ok(()),
            "16: no gezag holder needed"
        );
    }

    #[test]
    fn sharing_with_school_from_12_is_the_childs_decision() {
        let g = parents();
        let school = Purpose::Share {
            recipient: "school".into(),
        };
        let parents_share = vec![
            consent(1, Party::Guardian(1), school.clone(), "2026-01-05"),
            consent(2, Party::Guardian(2), school.clone(), "2026-01-05"),
        ];
        assert_eq!(
            check(d(BIRTH), d("2026-03-09"), &school, &g, &parents_share),
            Ok(())
        );
        assert_eq!(
            check(d(BIRTH), d("2026-03-10"), &school, &g, &parents_share),
            Err(ConsentGap::Missing(vec![Party::Child]))
        );
        // Consent to share with one recipient is not consent for another.
        let other = Purpose::Share {
            recipient: "huisarts".into(),
        };
        assert!(check(d(BIRTH), d("2026-03-09"), &other, &g, &parents_share).is_err());
        // The recipient's name as typed differently (case, spacing) is the same recipient; a part is not.
        let typed = Purpose::Share {
            recipient: " School ".into(),
        };
        assert_eq!(
            check(d(BIRTH), d("2026-03-09"), &typed, &g, &parents_share),
            Ok(())
        );
        let part = Purpose::Share {
            recipient: "Kinderen uit de Knel".into(),
        };
        assert!(!part.covers(&Purpose::Share {
            recipient: "Kinderen".into()
        }));
        assert!(part.covers(&Purpose::Share {
            recipient: "kinderen  uit de knel".into()
        }));
        assert!(!Purpose::Help.covers(&part));
    }

    #[test]
    fn withdrawal_and_expiry_end_consent() {
        let g = vec![Guardian {
            id: 1,
            name: "Moeder".into(),
            has_gezag: true,
        }];
        let mut r = consent(1, Party::Guardian(1), Purpose::Help, "2025-09-01");
        r.withdrawn_on = Some(d("2025-10-01"));
        assert_eq!(
            check(
                d("2017-01-01"),
                d("2025-09-30"),
                &Purpose::Help,
                &g,
                std::slice::from_ref(&r)
            ),
            Ok(())
        );
        assert!(
            check(
                d("2017-01-01"),
                d("2025-10-01"),
                &Purpose::Help,
                &g,
                std::slice::from_ref(&r)
            )
            .is_err(),
            "withdrawn from that day"
        );
        let mut e = consent(2, Party::Guardian(1), Purpose::Help, "2025-09-01");
        e.valid_until = Some(d("2025-12-31"));
        assert!(
            check(
                d("2017-01-01"),
                d("2026-01-01"),
                &Purpose::Help,
                &g,
                &[e.clone()]
            )
            .is_err()
        );
        assert!(
            check(d("2017-01-01"), d("2025-08-31"), &Purpose::Help, &g, &[e]).is_err(),
            "not before it was given"
        );
    }

    #[test]
    fn no_gezag_holder_is_its_own_gap() {
        let g = vec![Guardian {
            id: 3,
            name: "Stiefvader".into(),
            has_gezag: false,
        }];
        assert_eq!(
            check(d("2017-01-01"), d("2025-10-01"), &Purpose::Help, &g, &[]),
            Err(ConsentGap::NoGezagHolder)
        );
    }

    #[test]
    fn sharing_without_consent_needs_a_legal_ground() {
        assert_eq!(
            may_share(
                Err(ConsentGap::NoGezagHolder),
                Some(LegalGround::Meldcode),
                RecipientKind::VeiligThuis
            ),
            Ok("meldcode")
        );
        assert!(
            may_share(
                Err(ConsentGap::NoGezagHolder),
                None,
                RecipientKind::VeiligThuis
            )
            .is_err()
        );
        assert_eq!(
            may_share(Ok(()), None, RecipientKind::School),
            Ok("consent")
        );
    }

    #[test]
    fn a_recipient_is_the_same_whatever_dash_or_quote_was_typed() {
        let given = Purpose::Share {
            recipient: "Jeugdteam Noord \u{2013} West".into(),
        };
        for typed in [
            "Jeugdteam Noord - West",
            "jeugdteam  noord \u{2014} west",
            "Jeugdteam Noord \u{2212} West",
        ] {
            assert!(
                given.covers(&Purpose::Share {
                    recipient: typed.into()
                }),
                "{typed}"
            );
        }
        assert!(!given.covers(&Purpose::Share {
            recipient: "Jeugdteam Noord-Oost".into()
        }));
        assert_eq!(
            recipient_key("\u{2018}t Kompas"),
            recipient_key("'t Kompas")
        );
    }

    #[test]
    fn a_legal_ground_covers_only_its_recipients() {
        let missing = || Err(ConsentGap::Missing(vec![Party::Child]));
        for recipient in [RecipientKind::School, RecipientKind::Other] {
            for ground in [LegalGround::Meldcode, LegalGround::AcuteSafety] {
                let refused = may_share(missing(), Some(ground), recipient);
                assert!(
                    matches!(refused, Err(ConsentGap::GroundDoesNotCover { .. })),
                    "{ground:?} must not cover {recipient:?}"
                );
            }
        }
        assert!(
            may_share(
                missing(),
                Some(LegalGround::Meldcode),
                RecipientKind::EmergencyServices
            )
            .is_err()
        );
        assert_eq!(
            may_share(
                missing(),
                Some(LegalGround::AcuteSafety),
                RecipientKind::EmergencyServices
            ),
            Ok("acute_safety")
        );
        assert_eq!(
            RecipientKind::of_target("veilig_thuis"),
            RecipientKind::VeiligThuis
        );
        assert_eq!(RecipientKind::of_target("wijkteam"), RecipientKind::Other);
        let message = may_share(
            missing(),
            Some(LegalGround::Meldcode),
            RecipientKind::School,
        )
        .expect_err("refused")
        .message_nl(&[]);
        assert!(message.contains("Veilig Thuis") && message.contains("Toestemming ontbreekt"));
    }
}
