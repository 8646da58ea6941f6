//! The timeline of a case file: what happened, stored as an event with its parameters (codes, names,
//! numbers) and told in the reader's language when shown. Older entries have only the Dutch sentence they
//! were stored with.

use crate::casework::{ClosureReason, ContactKind, IndirectActivity, OnwardStatus};
use crate::lang::{Lang, long_date};
use crate::mandate::MandateStatus;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A change to a case file's summary, safety flag or review date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseChange {
    Summary,
    SafetyFlagged,
    SafetyCleared,
    ReviewDate,
}

impl CaseChange {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CaseChange::Summary => lang.pick("samenvatting", "summary"),
            CaseChange::SafetyFlagged => {
                lang.pick("zorg over veiligheid gemarkeerd", "safety concern flagged")
            }
            CaseChange::SafetyCleared => {
                lang.pick("markering veiligheid opgeheven", "safety flag cleared")
            }
            CaseChange::ReviewDate => lang.pick("evaluatiedatum", "review date"),
        }
    }
}

/// One entry of a case file's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum TimelineEvent {
    Opened {
        case_number: String,
        worker: String,
        /// The child's earlier case within 12 months, if any.
        previous: Option<String>,
    },
    ReferralJoined {
        /// ISO date (as stored with the referral).
        received_on: String,
    },
    Edited {
        changes: Vec<CaseChange>,
    },
    Contact {
        /// A [`ContactKind`] code.
        kind: String,
        minutes: i64,
    },
    IndirectTime {
        /// An [`IndirectActivity`] code.
        activity: String,
        minutes: i64,
    },
    GoalSet {
        description: String,
        score: i64,
    },
    GoalScored {
        goal_id: i64,
        end: bool,
        score: i64,
    },
    TaskAdded {
        description: String,
    },
    TaskDone {
        task_id: i64,
    },
    GuardianRecorded {
        name: String,
        gezag: bool,
    },
    ChildDetails {
        class_name: String,
        home_language: String,
        interpreter: bool,
    },
    ConsentRecorded {
        /// A parent's name; none for the child.
        guardian: Option<String>,
        /// Whom information may be shared with; none for consent to help.
        recipient: Option<String>,
    },
    ConsentWithdrawn {
        consent_id: i64,
    },
    OnwardProposed {
        target: String,
    },
    OnwardMoved {
        target: String,
        /// An [`OnwardStatus`] code.
        status: String,
    },
    Transferred {
        to: String,
        from: String,
    },
    SchoolReport {
        school: String,
    },
    DocumentAdded {
        filename: String,
        kilobytes: u64,
    },
    MandateRecorded {
        care_kind: String,
        provider: String,
        /// A [`MandateStatus`] code.
        status: String,
    },
    MandateApproved {
        decision_id: i64,
        care_kind: String,
        provider: String,
        by: String,
    },
    MandateRefused {
        decision_id: i64,
        care_kind: String,
        provider: String,
        by: String,
        reason: String,
    },
    ClosureRequested {
        /// A [`ClosureReason`] code.
        reason: String,
    },
    Closed {
        /// A [`ClosureReason`] code.
        reason: String,
    },
    ClosureApproved {
        by: String,
    },
    KindInKaartFilled {
        tags: Vec<String>,
    },
    ActivityChosen {
        activity: String,
        provider: String,
        /// The fund applied to and who applies, if any.
        fund: Option<(String, String)>,
    },
    ActivityStarted {
        check_1: NaiveDate,
        check_3: NaiveDate,
    },
    FollowUp {
        months: i64,
        /// Why the child stopped; none while they still take part.
        stopped: Option<String>,
    },
    Reopened {
        by: String,
        reason: String,
    },
    /// Named as a participant of a group activity (ADR 026).
    GroupParticipant {
        activity: String,
    },
    /// Taken off a group activity's participants, with the reason's code (`group::ParticipantRemoval`).
    GroupParticipantRemoved {
        activity: String,
        reason: String,
    },
}

impl TimelineEvent {
    /// The stored kind of the entry (the `kind` column, as before events had parameters).
    pub fn kind(&self) -> &'static str {
        use TimelineEvent as E;
        match self {
            E::Opened { .. } => "opened",
            E::ReferralJoined { .. } => "referral",
            E::Edited { .. } => "edited",
            E::Contact { .. } => "contact",
            E::IndirectTime { .. } => "time",
            E::GoalSet { .. } => "goal",
            E::GoalScored { .. } => "goal_score",
            E::TaskAdded { .. } => "task",
            E::TaskDone { .. } => "task_done",
            E::GuardianRecorded { .. } => "household",
            E::ChildDetails { .. } => "child",
            E::ConsentRecorded { .. } => "consent",
            E::ConsentWithdrawn { .. } => "consent_withdrawn",
            E::OnwardProposed { .. } | E::OnwardMoved { .. } => "onward",
            E::Transferred { .. } => "transfer",
            E::SchoolReport { .. } => "school_report",
            E::DocumentAdded { .. } => "document",
            E::MandateRecorded { .. } => "mandate",
            E::MandateApproved { .. } => "mandate_approved",
            E::MandateRefused { .. } => "mandate_refused",
            E::ClosureRequested { .. } => "closure_requested",
            E::Closed { .. } | E::ClosureApproved { .. } => "closed",
            E::KindInKaartFilled { .. }
            | E::ActivityChosen { .. }
            | E::ActivityStarted { .. }
            | E::FollowUp { .. } => "kind_in_kaart",
            E::Reopened { .. } => "reopened",
            E::GroupParticipant { .. } => "group_participant",
            E::GroupParticipantRemoved { .. } => "group_participant_removed",
        }
    }

    /// The parameters as stored (JSON).
    pub fn params(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The event of stored parameters; `None` for an entry stored before events had parameters (or one this
    /// version does not know), which shows its stored sentence.
    pub fn from_params(params: &str) -> Option<TimelineEvent> {
        if params.is_empty() {
            return None;
        }
        serde_json::from_str(params).ok()
    }

    /// The sentence for a reader.
    #[expect(
        clippy::too_many_lines,
        reason = "one arm per event kind with its Dutch and English sentence side by side"
    )]
    pub fn text(&self, lang: Lang) -> String {
        use TimelineEvent as E;
        let nl = lang == Lang::Nl;
        match self {
            E::Opened {
                case_number,
                worker,
                previous,
            } => {
                let mut s = if nl {
                    format!("Dossier {case_number} geopend na aanmelding; toegewezen aan {worker}")
                } else {
                    format!("Case file {case_number} opened after a referral; assigned to {worker}")
                };
                if let Some(p) = previous {
                    s.push_str(&if nl {
                        format!("; eerdere casus {p} (binnen 12 maanden)")
                    } else {
                        format!("; earlier case {p} (within 12 months)")
                    });
                }
                s
            }
            E::ReferralJoined { received_on } => {
                let d = received_on
                    .parse::<NaiveDate>()
                    .map_or_else(|_| received_on.clone(), |d| long_date(d, lang));
                if nl {
                    format!("Nieuwe aanmelding van {d} toegevoegd aan dit lopende dossier")
                } else {
                    format!("New referral of {d} added to this open case file")
                }
            }
            E::Edited { changes } => {
                let what = if changes.is_empty() {
                    lang.pick("niets", "nothing").to_string()
                } else {
                    changes
                        .iter()
                        .map(|c| c.label(lang))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                format!("{}: {what}", lang.pick("Gewijzigd", "Changed"))
            }
            E::Contact { kind, minutes } => {
                let kind = ContactKind::parse(kind).unwrap_or(ContactKind::Other);
                format!("Contact: {} ({minutes} min)", kind.label(lang))
            }
            E::IndirectTime { activity, minutes } => {
                let activity = IndirectActivity::parse(activity)
                    .map(|a| a.label(lang))
                    .unwrap_or(activity);
                format!(
                    "{}: {minutes} min {activity}",
                    lang.pick("Indirecte tijd", "Indirect time")
                )
            }
            E::GoalSet { description, score } => format!(
                "{}: {description} (GAS start {score:+})",
                lang.pick("Doel gesteld", "Goal set")
            ),
            E::GoalScored {
                goal_id,
                end,
                score,
            } => match (nl, end) {
                (true, true) => format!("GAS-eindscore {score:+} voor doel {goal_id}"),
                (true, false) => format!("GAS-tussenscore {score:+} voor doel {goal_id}"),
                (false, true) => format!("GAS end score {score:+} for goal {goal_id}"),
                (false, false) => format!("GAS review score {score:+} for goal {goal_id}"),
            },
            E::TaskAdded { description } => {
                format!("{}: {description}", lang.pick("Taak", "Task"))
            }
            E::TaskDone { task_id } => {
                if nl {
                    format!("Taak {task_id} afgerond")
                } else {
                    format!("Task {task_id} done")
                }
            }
            E::GuardianRecorded { name, gezag } => {
                let gezag = match (nl, gezag) {
                    (true, true) => "met gezag",
                    (true, false) => "zonder gezag",
                    (false, true) => "with parental authority",
                    (false, false) => "without parental authority",
                };
                format!(
                    "{}: {name} ({gezag})",
                    lang.pick("Ouder/verzorger vastgelegd", "Parent/carer recorded")
                )
            }
            E::ChildDetails {
                class_name,
                home_language,
                interpreter,
            } => {
                let interpreter = match (interpreter, nl) {
                    (true, true) => "; tolk nodig",
                    (true, false) => "; interpreter needed",
                    (false, _) => "",
                };
                if nl {
                    format!(
                        "Kindgegevens: klas {class_name}, thuistaal {home_language}{interpreter}"
                    )
                } else {
                    format!(
                        "Child details: class {class_name}, home language {home_language}{interpreter}"
                    )
                }
            }
            E::ConsentRecorded {
                guardian,
                recipient,
            } => {
                let who = guardian
                    .clone()
                    .unwrap_or_else(|| lang.pick("kind/jongere", "child / young person").into());
                let what = match recipient {
                    None => lang.pick("hulp", "help").to_string(),
                    Some(r) => format!("{} {r}", lang.pick("delen met", "sharing with")),
                };
                if nl {
                    format!("Toestemming vastgelegd: {who} voor {what}")
                } else {
                    format!("Consent recorded: {who} for {what}")
                }
            }
            E::ConsentWithdrawn { consent_id } => {
                if nl {
                    format!("Toestemming {consent_id} ingetrokken")
                } else {
                    format!("Consent {consent_id} withdrawn")
                }
            }
            E::OnwardProposed { target } => format!(
                "{}: {target}",
                lang.pick("Verwijzing voorgesteld", "Onward referral proposed")
            ),
            E::OnwardMoved { target, status } => {
                let status = OnwardStatus::parse(status)
                    .map(|s| s.label(lang))
                    .unwrap_or(status);
                if nl {
                    format!("Verwijzing naar {target}: {status}")
                } else {
                    format!("Onward referral to {target}: {status}")
                }
            }
            E::Transferred { to, from } => {
                if nl {
                    format!("Overgedragen aan {to} (van {from})")
                } else {
                    format!("Transferred to {to} (from {from})")
                }
            }
            E::SchoolReport { school } => {
                format!("{} {school}", lang.pick("Terugkoppeling aan", "Report to"))
            }
            E::DocumentAdded {
                filename,
                kilobytes,
            } => format!(
                "{}: {filename} ({kilobytes} kB)",
                lang.pick("Document toegevoegd", "Document added")
            ),
            E::MandateRecorded {
                care_kind,
                provider,
                status,
            } => {
                let status = MandateStatus::parse(status)
                    .map(|s| s.label(lang))
                    .unwrap_or(status);
                if nl {
                    format!("Beschikking jeugdhulp ({care_kind}, {provider}) vastgelegd; {status}")
                } else {
                    format!("Youth care decision ({care_kind}, {provider}) recorded; {status}")
                }
            }
            E::MandateApproved {
                decision_id,
                care_kind,
                provider,
                by,
            } => {
                if nl {
                    format!(
                        "Beschikking {decision_id} ({care_kind}, {provider}) goedgekeurd door {by}"
                    )
                } else {
                    format!("Decision {decision_id} ({care_kind}, {provider}) approved by {by}")
                }
            }
            E::MandateRefused {
                decision_id,
                care_kind,
                provider,
                by,
                reason,
            } => {
                if nl {
                    format!(
                        "Beschikking {decision_id} ({care_kind}, {provider}) afgewezen door {by}: {reason}"
                    )
                } else {
                    format!(
                        "Decision {decision_id} ({care_kind}, {provider}) refused by {by}: {reason}"
                    )
                }
            }
            E::ClosureRequested { reason } => {
                let reason = ClosureReason::parse(reason)
                    .map(|r| r.label(lang))
                    .unwrap_or(reason);
                if nl {
                    format!("Afsluiting aangevraagd: {reason}; wacht op akkoord teamleider")
                } else {
                    format!("Closure requested: {reason}; awaiting the team lead's approval")
                }
            }
            E::Closed { reason } => {
                let reason = ClosureReason::parse(reason)
                    .map(|r| r.label(lang))
                    .unwrap_or(reason);
                format!(
                    "{}: {reason}",
                    lang.pick("Dossier gesloten", "Case file closed")
                )
            }
            E::ClosureApproved { by } => {
                if nl {
                    format!("Dossier gesloten: afsluiting goedgekeurd door {by}")
                } else {
                    format!("Case file closed: closure approved by {by}")
                }
            }
            E::KindInKaartFilled { tags } => format!(
                "{}: {}",
                lang.pick("Kind in Kaart ingevuld", "Kind in Kaart filled in"),
                tags.join("; ")
            ),
            E::ActivityChosen {
                activity,
                provider,
                fund,
            } => {
                let mut s = format!(
                    "{}: {activity} ({provider})",
                    lang.pick("Activiteit gekozen", "Activity chosen")
                );
                if let Some((fund, owner)) = fund {
                    s.push_str(&if nl {
                        format!("; aanvraag {fund} door {owner}")
                    } else {
                        format!("; application to {fund} by {owner}")
                    });
                }
                s
            }
            E::ActivityStarted { check_1, check_3 } => {
                let (a, b) = (long_date(*check_1, lang), long_date(*check_3, lang));
                if nl {
                    format!("Gestart met de activiteit; controles op {a} en {b}")
                } else {
                    format!("Started the activity; checks on {a} and {b}")
                }
            }
            E::FollowUp { months, stopped } => match (stopped, nl) {
                (Some(r), true) => format!("Controle na {months} maand(en): gestopt ({r})"),
                (None, true) => format!("Controle na {months} maand(en): doet nog mee"),
                (Some(r), false) => format!("Check after {months} month(s): stopped ({r})"),
                (None, false) => format!("Check after {months} month(s): still taking part"),
            },
            E::Reopened { by, reason } => match nl {
                true => format!("Dossier heropend door {by}: {reason}"),
                false => format!("Case reopened by {by}: {reason}"),
            },
            E::GroupParticipant { activity } => match nl {
                true => format!("Neemt deel aan groepsactiviteit {activity}"),
                false => format!("Takes part in the group activity {activity}"),
            },
            E::GroupParticipantRemoved { activity, reason } => {
                let reason = crate::group::ParticipantRemoval::parse(reason)
                    .map_or(reason.as_str(), |r| r.label(lang));
                match nl {
                    true => {
                        format!("Niet langer deelnemer aan groepsactiviteit {activity} ({reason})")
                    }
                    false => format!(
                        "No longer a participant of the group activity {activity} ({reason})"
                    ),
                }
            }
        }
    }
}

/// The sentence of a stored entry for a reader: told from its parameters when it has them, else the
/// sentence it was stored with.
pub fn entry_text(summary: &str, params: &str, lang: Lang) -> String {
    match TimelineEvent::from_params(params) {
        Some(event) => event.text(lang),
        None => summary.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_reads_back_from_its_parameters_in_both_languages() {
        let e = TimelineEvent::Contact {
            kind: "huisbezoek".into(),
            minutes: 45,
        };
        assert_eq!(e.kind(), "contact");
        let back = TimelineEvent::from_params(&e.params()).unwrap();
        assert_eq!(back, e);
        assert_eq!(back.text(Lang::Nl), "Contact: huisbezoek (45 min)");
        assert_eq!(back.text(Lang::En), "Contact: home visit (45 min)");
    }

    #[test]
    fn the_dutch_sentences_are_the_ones_stored_before() {
        let closed = TimelineEvent::Closed {
            reason: "doelen_bereikt".into(),
        };
        assert_eq!(closed.text(Lang::Nl), "Dossier gesloten: doelen bereikt");
        assert_eq!(closed.text(Lang::En), "Case file closed: goals achieved");
        let opened = TimelineEvent::Opened {
            case_number: "WW-2026-0001".into(),
            worker: "Yasmina".into(),
            previous: Some("WW-2025-0100".into()),
        };
        assert_eq!(
            opened.text(Lang::Nl),
            "Dossier WW-2026-0001 geopend na aanmelding; toegewezen aan Yasmina; eerdere casus WW-2025-0100 (binnen 12 maanden)"
        );
        let joined = TimelineEvent::ReferralJoined {
            received_on: "2026-11-23".into(),
        };
        assert_eq!(
            joined.text(Lang::Nl),
            "Nieuwe aanmelding van 23 november 2026 toegevoegd aan dit lopende dossier"
        );
        let edited = TimelineEvent::Edited {
            changes: vec![CaseChange::Summary, CaseChange::SafetyFlagged],
        };
        assert_eq!(
            edited.text(Lang::Nl),
            "Gewijzigd: samenvatting, zorg over veiligheid gemarkeerd"
        );
        assert_eq!(
            edited.text(Lang::En),
            "Changed: summary, safety concern flagged"
        );
        let consent = TimelineEvent::ConsentRecorded {
            guardian: None,
            recipient: None,
        };
        assert_eq!(
            consent.text(Lang::Nl),
            "Toestemming vastgelegd: kind/jongere voor hulp"
        );
        assert_eq!(
            consent.text(Lang::En),
            "Consent recorded: child / young person for help"
        );
    }

    #[test]
    fn a_removed_participation_is_told_with_its_reason_in_both_languages() {
        let e = TimelineEvent::GroupParticipantRemoved {
            activity: "Weerbaarheidstraining".into(),
            reason: "vergissing".into(),
        };
        assert_eq!(e.kind(), "group_participant_removed");
        let back = TimelineEvent::from_params(&e.params()).unwrap();
        assert_eq!(
            back.text(Lang::Nl),
            "Niet langer deelnemer aan groepsactiviteit Weerbaarheidstraining (per vergissing toegevoegd)"
        );
        assert_eq!(
            back.text(Lang::En),
            "No longer a participant of the group activity Weerbaarheidstraining (added by mistake)"
        );
    }

    #[test]
    fn a_group_participation_is_told_in_both_languages() {
        let e = TimelineEvent::GroupParticipant {
            activity: "Weerbaarheidstraining".into(),
        };
        assert_eq!(e.kind(), "group_participant");
        let back = TimelineEvent::from_params(&e.params()).unwrap();
        assert_eq!(
            back.text(Lang::Nl),
            "Neemt deel aan groepsactiviteit Weerbaarheidstraining"
        );
        assert_eq!(
            back.text(Lang::En),
            "Takes part in the group activity Weerbaarheidstraining"
        );
    }

    #[test]
    fn an_old_entry_keeps_its_sentence() {
        assert_eq!(
            entry_text("Dossier gesloten", "", Lang::En),
            "Dossier gesloten"
        );
        assert_eq!(
            entry_text("Oud", "{\"event\":\"unknown\"}", Lang::En),
            "Oud"
        );
        let e = TimelineEvent::TaskDone { task_id: 3 };
        assert_eq!(
            entry_text("Taak 3 afgerond", &e.params(), Lang::En),
            "Task 3 done"
        );
    }

    #[test]
    fn every_kind_is_one_the_timeline_knew() {
        let known = [
            "opened",
            "referral",
            "edited",
            "contact",
            "time",
            "goal",
            "goal_score",
            "task",
            "task_done",
            "household",
            "child",
            "consent",
            "consent_withdrawn",
            "onward",
            "transfer",
            "school_report",
            "document",
            "mandate",
            "mandate_approved",
            "mandate_refused",
            "closure_requested",
            "closed",
            "kind_in_kaart",
        ];
        let e = TimelineEvent::FollowUp {
            months: 1,
            stopped: None,
        };
        assert!(known.contains(&e.kind()));
        assert_eq!(
            e.text(Lang::En),
            "Check after 1 month(s): still taking part"
        );
    }
}
