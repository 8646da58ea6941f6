//! Referrals, triage, case files, onward referrals and closure: the states and what may follow what.

use crate::lang::{Lang, coded};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod contact;
mod school_time;
pub use contact::{ContactDraft, MAX_CONTACT_MINUTES, NewContact};
pub use school_time::{NewSchoolTime, SchoolActivity, SchoolTimeDraft};

coded! {
    /// Where a referral came from.
    pub enum ReferralSource {
        School = "school", "school", "school";
        Parent = "parent", "ouder", "parent";
        Youth = "youth", "jongere zelf", "the young person";
        Professional = "professional", "andere professional", "another professional";
        Chat = "chat", "chat", "chat";
        Other = "other", "anders", "other";
    }
}

coded! {
    /// How soon a referral needs an answer.
    pub enum Urgency {
        Normal = "normaal", "normaal", "normal";
        Soon = "snel", "binnen een week", "within a week";
        Urgent = "spoed", "spoed (vandaag)", "urgent (today)";
    }
}

coded! {
    /// Where a case file stands.
    pub enum CaseStatus {
        Open = "open", "lopend", "open";
        /// The worker asked to close it; the team lead approves.
        ClosureRequested = "closure_requested", "afsluiting aangevraagd", "closure requested";
        Closed = "closed", "gesloten", "closed";
    }
}

impl CaseStatus {
    /// The status of a stored code; an unknown code counts as open, so the file stays visible and editable.
    pub fn of(code: &str) -> CaseStatus {
        CaseStatus::parse(code).unwrap_or(CaseStatus::Open)
    }
}

coded! {
    /// Kinds of contact in a case file.
    pub enum ContactKind {
        TalkChild = "gesprek_kind", "gesprek met kind/jongere", "talk with the child / young person";
        TalkParents = "gesprek_ouders", "gesprek met ouder(s)", "talk with the parent(s)";
        TalkTeacher = "gesprek_leerkracht", "gesprek met leerkracht / IB'er", "talk with the teacher / care coordinator";
        HomeVisit = "huisbezoek", "huisbezoek", "home visit";
        Phone = "telefoon", "telefonisch", "by phone";
        Meeting = "overleg", "overleg / zorgoverleg", "meeting / care meeting";
        Intake = "intake", "intakegesprek", "intake interview";
        Other = "anders", "anders", "other";
    }
}

coded! {
    /// Why a case was closed (CBS Beleidsinformatie Jeugd style reasons).
    pub enum ClosureReason {
        GoalsMet = "doelen_bereikt", "doelen bereikt", "goals achieved";
        ReferredOn = "verwezen", "doorverwezen", "referred on";
        StoppedByFamily = "gestopt_door_gezin", "gestopt door gezin/jongere", "stopped by the family / young person";
        Moved = "verhuisd", "verhuisd", "moved away";
        Other = "anders", "anders", "other";
    }
}

coded! {
    /// Kinds of organisation in the referral directory (sociale kaart) an onward referral goes to.
    pub enum TargetKind {
        NeighbourhoodTeam = "wijkteam", "wijkteam", "neighbourhood team";
        YouthDesk = "jeugdloket", "jeugdloket", "municipal youth desk";
        Cjg = "cjg", "CJG", "Centre for Youth and Family (CJG)";
        GeneralPractitioner = "huisarts", "huisarts", "general practitioner";
        ParentingCourse = "opvoedcursus", "opvoedcursus", "parenting course";
        YouthCareProvider = "jeugdhulpaanbieder", "jeugdhulpaanbieder", "youth care provider";
        DebtAdvice = "schuldhulp", "schuldhulp", "debt advice";
        VeiligThuis = "veilig_thuis", "Veilig Thuis", "Veilig Thuis (domestic violence and child abuse)";
        Police = "politie", "politie", "police";
        CrisisService = "crisisdienst", "crisisdienst", "crisis service";
        UrgentYouthCare = "spoed_voor_jeugd", "Spoed voor Jeugd", "Spoed voor Jeugd (urgent youth care)";
        School = "school", "school", "school";
    }
}

impl TargetKind {
    /// The label of a stored kind; a kind the organisation added itself shows as it is stored.
    pub fn label_of(code: &str, lang: Lang) -> String {
        TargetKind::parse(code)
            .map_or_else(|| code.replace('_', " "), |k| k.label(lang).to_string())
    }
}

coded! {
    /// Indirect time: work for a case without the child or family present.
    pub enum IndirectActivity {
        Reporting = "verslaglegging", "verslaglegging / dossier", "reporting / case file";
        Colleagues = "overleg_collega", "overleg met collega's / intervisie", "consulting colleagues / peer review";
        Network = "netwerk", "afstemming met netwerkpartners", "coordinating with network partners";
        Preparation = "voorbereiding", "voorbereiding", "preparation";
        Travel = "reistijd", "reistijd", "travel time";
        Other = "overig", "overig", "other";
    }
}

/// The rows a taxonomy starts with, as stored: `(code, Dutch label, English label)`. Group-activity kinds carry
/// their English label (a reader of either language sees them); signals and goal themes keep it empty and show a
/// kept default's English by their own rule (ADR 013).
pub fn seeded_terms(taxonomy: Taxonomy) -> Vec<(String, String, String)> {
    taxonomy
        .defaults()
        .iter()
        .map(|(code, label)| {
            let en = match taxonomy {
                Taxonomy::GroupActivityKinds => default_term_label_en(taxonomy, code),
                _ => None,
            };
            (
                (*code).to_string(),
                (*label).to_string(),
                en.unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The English label of a term an organisation starts with (signals, goal themes), by its code; `None` for a
/// term the organisation added itself, which has only the label it was given.
pub fn default_term_label_en(taxonomy: Taxonomy, code: &str) -> Option<&'static str> {
    let en: &[(&str, &str)] = match taxonomy {
        Taxonomy::Signals => &[
            ("gedrag", "behaviour"),
            ("stemming", "mood / low spirits"),
            ("verzuim", "absence / lateness"),
            ("thuissituatie", "home situation / divorce"),
            ("opvoeding", "parenting"),
            ("ontwikkeling", "development"),
            ("gezondheid", "health"),
            ("pesten", "bullying"),
            ("geldzorgen", "money worries"),
            ("veiligheid", "safety"),
            ("sociale_vaardigheden", "social skills"),
            ("rouw", "grief and loss"),
        ],
        Taxonomy::GoalThemes => &[
            ("welbevinden", "well-being / emotions"),
            ("gedrag", "behaviour"),
            ("sociale_relaties", "social relations / friendship"),
            ("schoolgang", "school attendance"),
            ("opvoeding", "parenting"),
            ("thuissituatie", "home situation"),
            ("veiligheid", "safety"),
            ("meedoen", "taking part / leisure"),
            ("bestaanszekerheid", "money and livelihood"),
        ],
        Taxonomy::GroupActivityKinds => {
            return crate::group::GroupActivityKind::parse(code).map(|k| k.label(Lang::En));
        }
    };
    en.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// A term's label for a reader: the organisation's own label, or in English the English of a default term
/// whose label the organisation kept.
pub fn term_label<'a>(taxonomy: Taxonomy, code: &str, own_label: &'a str, lang: Lang) -> &'a str {
    let kept_default = taxonomy
        .defaults()
        .iter()
        .any(|(c, l)| *c == code && *l == own_label);
    match (lang, kept_default) {
        (Lang::En, true) => default_term_label_en(taxonomy, code).unwrap_or(own_label),
        _ => own_label,
    }
}

/// Where a referral came from.
pub const REFERRAL_SOURCES: [(&str, &str); 6] = [
    ("school", "school"),
    ("parent", "ouder"),
    ("youth", "jongere zelf"),
    ("professional", "andere professional"),
    ("chat", "chat"),
    ("other", "anders"),
];

/// The signals an organisation starts with (each organisation edits its own list): code and Dutch label.
pub const DEFAULT_SIGNALS: [(&str, &str); 12] = [
    ("gedrag", "gedrag"),
    ("stemming", "stemming / somber"),
    ("verzuim", "verzuim / te laat"),
    ("thuissituatie", "thuissituatie / scheiding"),
    ("opvoeding", "opvoeding"),
    ("ontwikkeling", "ontwikkeling"),
    ("gezondheid", "gezondheid"),
    ("pesten", "pesten"),
    ("geldzorgen", "geldzorgen"),
    ("veiligheid", "veiligheid"),
    ("sociale_vaardigheden", "sociale vaardigheden"),
    ("rouw", "rouw en verlies"),
];

/// The goal themes an organisation starts with (each organisation edits its own list): code and Dutch label.
pub const DEFAULT_GOAL_THEMES: [(&str, &str); 9] = [
    ("welbevinden", "welbevinden / emoties"),
    ("gedrag", "gedrag"),
    ("sociale_relaties", "sociale relaties / vriendschap"),
    ("schoolgang", "schoolgang / aanwezigheid"),
    ("opvoeding", "opvoeding / ouderschap"),
    ("thuissituatie", "thuissituatie"),
    ("veiligheid", "veiligheid"),
    ("meedoen", "meedoen / vrije tijd"),
    ("bestaanszekerheid", "geld en bestaanszekerheid"),
];

/// A list an organisation configures: the signals of a referral, the themes of a goal, the kinds of a group
/// activity (ADR 019 addendum).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taxonomy {
    Signals,
    GoalThemes,
    GroupActivityKinds,
}

impl Taxonomy {
    pub const ALL: [Taxonomy; 3] = [
        Taxonomy::Signals,
        Taxonomy::GoalThemes,
        Taxonomy::GroupActivityKinds,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Taxonomy::Signals => "signal",
            Taxonomy::GoalThemes => "goal_theme",
            Taxonomy::GroupActivityKinds => "group_activity_kind",
        }
    }

    pub fn defaults(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Taxonomy::Signals => &DEFAULT_SIGNALS,
            Taxonomy::GoalThemes => &DEFAULT_GOAL_THEMES,
            Taxonomy::GroupActivityKinds => &crate::group::DEFAULT_KINDS,
        }
    }
}

/// The code a new term gets from its label: folded to ASCII lower case, other characters as `_`
/// ("Rouw & verlies" → `rouw_verlies`). Codes stay when a label is edited, so old records keep their meaning.
pub fn term_code(label: &str) -> String {
    let folded = crate::text::fold(label);
    let mut code = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            code.push(c);
        } else if !code.is_empty() && !code.ends_with('_') {
            code.push('_');
        }
    }
    code.trim_end_matches('_').chars().take(40).collect()
}

/// Most terms a list may have.
pub const MAX_TERMS: usize = 40;

/// Reads a list of terms, one label per line (blank lines skipped): each label 1–80 characters, no two with the
/// same code, at least one and at most [`MAX_TERMS`].
pub fn parse_terms(
    field: &str,
    text: &str,
) -> Result<Vec<(String, String)>, crate::org::FieldError> {
    let err = |nl: &str, en: &str| crate::org::FieldError::new(field, nl, en);
    let mut terms: Vec<(String, String)> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.chars().count() > 80 {
            return Err(err(
                &format!("“{line}” is te lang (hoogstens 80 tekens)."),
                &format!("“{line}” is too long (at most 80 characters)."),
            ));
        }
        let code = term_code(line);
        if code.is_empty() {
            return Err(err(
                &format!("“{line}” bevat geen letters of cijfers."),
                &format!("“{line}” has no letters or digits."),
            ));
        }
        if terms.iter().any(|(c, _)| *c == code) {
            return Err(err(
                &format!("“{line}” staat er twee keer in."),
                &format!("“{line}” is listed twice."),
            ));
        }
        terms.push((code, line.to_string()));
    }
    if terms.is_empty() {
        return Err(err("Geef minstens één regel.", "Give at least one line."));
    }
    if terms.len() > MAX_TERMS {
        return Err(err(
            &format!("Hoogstens {MAX_TERMS} regels."),
            &format!("At most {MAX_TERMS} lines."),
        ));
    }
    Ok(terms)
}

pub const URGENCIES: [(&str, &str); 3] = [
    ("normaal", "normaal"),
    ("snel", "binnen een week"),
    ("spoed", "spoed (vandaag)"),
];

/// The state of a referral (aanmelding).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    Received,
    /// Accepted as a case.
    Accepted,
    AdviceOnly,
    Forwarded,
    Declined,
    /// Withdrawn by the school before triage.
    Withdrawn,
}

impl ReferralStatus {
    pub const ALL: [ReferralStatus; 6] = [
        ReferralStatus::Received,
        ReferralStatus::Accepted,
        ReferralStatus::AdviceOnly,
        ReferralStatus::Forwarded,
        ReferralStatus::Declined,
        ReferralStatus::Withdrawn,
    ];
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.label_nl(), self.label_en())
    }
    pub fn as_str(self) -> &'static str {
        match self {
            ReferralStatus::Received => "received",
            ReferralStatus::Accepted => "accepted",
            ReferralStatus::AdviceOnly => "advice_only",
            ReferralStatus::Forwarded => "forwarded",
            ReferralStatus::Declined => "declined",
            ReferralStatus::Withdrawn => "withdrawn",
        }
    }
    pub fn parse(s: &str) -> Option<ReferralStatus> {
        ReferralStatus::ALL.into_iter().find(|r| r.as_str() == s)
    }
    pub fn label_nl(self) -> &'static str {
        match self {
            ReferralStatus::Received => "ontvangen",
            ReferralStatus::Accepted => "aangenomen",
            ReferralStatus::AdviceOnly => "alleen advies",
            ReferralStatus::Forwarded => "doorgestuurd",
            ReferralStatus::Declined => "afgewezen",
            ReferralStatus::Withdrawn => "ingetrokken",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            ReferralStatus::Received => "received",
            ReferralStatus::Accepted => "accepted",
            ReferralStatus::AdviceOnly => "advice only",
            ReferralStatus::Forwarded => "forwarded",
            ReferralStatus::Declined => "declined",
            ReferralStatus::Withdrawn => "withdrawn",
        }
    }
}

/// The school withdraws its referral: only while it is still received (not yet triaged). The error is in
/// Dutch and English.
pub fn withdraw(current: ReferralStatus) -> Result<ReferralStatus, (&'static str, &'static str)> {
    match current {
        ReferralStatus::Received => Ok(ReferralStatus::Withdrawn),
        ReferralStatus::Withdrawn => Err((
            "Deze aanmelding is al ingetrokken.",
            "This referral has already been withdrawn.",
        )),
        _ => Err((
            "Over deze aanmelding is al beslist; intrekken kan niet meer. Neem contact op met de schoolmaatschappelijk werker.",
            "This referral has already been decided and can no longer be withdrawn. Contact the school social worker.",
        )),
    }
}

/// May the school still correct what it sent? Only while the referral waits for triage: after that the team
/// has acted on what it read, and a change goes through the social worker.
pub fn correct(current: ReferralStatus) -> Result<(), (&'static str, &'static str)> {
    match current {
        ReferralStatus::Received => Ok(()),
        ReferralStatus::Withdrawn => Err((
            "Deze aanmelding is ingetrokken; verbeteren kan niet meer.",
            "This referral has been withdrawn and can no longer be corrected.",
        )),
        _ => Err((
            "Over deze aanmelding is al beslist; verbeteren kan niet meer. Neem contact op met de schoolmaatschappelijk werker.",
            "This referral has already been decided and can no longer be corrected. Contact the school social worker.",
        )),
    }
}

/// What the referring school sees: the status only, never the content (BRIEF: school contact).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SchoolView {
    Received,
    InProgress,
    Closed,
    /// The school withdrew it before triage.
    Withdrawn,
}

impl SchoolView {
    pub const ALL: [SchoolView; 4] = [
        SchoolView::Received,
        SchoolView::InProgress,
        SchoolView::Closed,
        SchoolView::Withdrawn,
    ];
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.label_nl(), self.label_en())
    }
    pub fn of(referral: ReferralStatus, case_closed: Option<bool>) -> SchoolView {
        match (referral, case_closed) {
            (ReferralStatus::Received, _) => SchoolView::Received,
            (ReferralStatus::Withdrawn, _) => SchoolView::Withdrawn,
            (ReferralStatus::Accepted, Some(true)) => SchoolView::Closed,
            (ReferralStatus::Accepted, _) => SchoolView::InProgress,
            _ => SchoolView::Closed,
        }
    }
    pub fn label_nl(self) -> &'static str {
        match self {
            SchoolView::Received => "ontvangen",
            SchoolView::InProgress => "in behandeling",
            SchoolView::Closed => "afgesloten",
            SchoolView::Withdrawn => "ingetrokken",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            SchoolView::Received => "received",
            SchoolView::InProgress => "in progress",
            SchoolView::Closed => "closed",
            SchoolView::Withdrawn => "withdrawn",
        }
    }
}

/// The triage decision on a referral; only a received referral can be decided.
pub fn triage(
    current: ReferralStatus,
    decision: ReferralStatus,
) -> Result<ReferralStatus, &'static str> {
    match (current, decision) {
        (ReferralStatus::Received, ReferralStatus::Received | ReferralStatus::Withdrawn) => {
            Err("kies een beslissing")
        }
        (ReferralStatus::Received, d) => Ok(d),
        _ => Err("over deze aanmelding is al beslist"),
    }
}

/// Kinds of contact in a case file.
pub const CONTACT_KINDS: [(&str, &str); 8] = [
    ("gesprek_kind", "gesprek met kind/jongere"),
    ("gesprek_ouders", "gesprek met ouder(s)"),
    ("gesprek_leerkracht", "gesprek met leerkracht / IB'er"),
    ("huisbezoek", "huisbezoek"),
    ("telefoon", "telefonisch"),
    ("overleg", "overleg / zorgoverleg"),
    ("intake", "intakegesprek"),
    ("anders", "anders"),
];

/// Indirect time: work for a case without the child or family present (source 000 counts it apart from direct
/// contact time).
pub const INDIRECT_ACTIVITIES: [(&str, &str); 6] = [
    ("verslaglegging", "verslaglegging / dossier"),
    ("overleg_collega", "overleg met collega's / intervisie"),
    ("netwerk", "afstemming met netwerkpartners"),
    ("voorbereiding", "voorbereiding"),
    ("reistijd", "reistijd"),
    ("overig", "overig"),
];

pub fn indirect_activity_label(key: &str) -> Option<&'static str> {
    INDIRECT_ACTIVITIES
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, l)| *l)
}

/// The school year a date falls in starts on 1 August (the Dutch school year for reporting).
pub fn school_year_start(day: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    let year = if day.month() >= 8 {
        day.year()
    } else {
        day.year() - 1
    };
    NaiveDate::from_ymd_opt(year, 8, 1).unwrap_or(day)
}

pub fn contact_kind_label(key: &str) -> &'static str {
    CONTACT_KINDS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, l)| *l)
        .unwrap_or("anders")
}

/// Goal Attainment Scaling: −2 … +2 by default, some organisations use −3 … +2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GasScale {
    pub min: i64,
    pub max: i64,
}

impl Default for GasScale {
    fn default() -> Self {
        GasScale { min: -2, max: 2 }
    }
}

impl GasScale {
    pub fn check(&self, score: i64) -> Result<i64, String> {
        self.check_given(Some(score))
    }

    /// A score as typed: a missing one (or one that was not a number) is refused like one out of range.
    pub fn check_given(&self, score: Option<i64>) -> Result<i64, String> {
        score
            .filter(|s| (self.min..=self.max).contains(s))
            .ok_or_else(|| format!("Een GAS-score ligt tussen {} en +{}.", self.min, self.max))
    }
}

/// Onward referral (toeleiding/verwijzing) lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnwardStatus {
    Proposed,
    Consented,
    Sent,
    Accepted,
    Declined,
    Started,
    Completed,
}

impl OnwardStatus {
    pub const ALL: [OnwardStatus; 7] = [
        OnwardStatus::Proposed,
        OnwardStatus::Consented,
        OnwardStatus::Sent,
        OnwardStatus::Accepted,
        OnwardStatus::Declined,
        OnwardStatus::Started,
        OnwardStatus::Completed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            OnwardStatus::Proposed => "proposed",
            OnwardStatus::Consented => "consented",
            OnwardStatus::Sent => "sent",
            OnwardStatus::Accepted => "accepted",
            OnwardStatus::Declined => "declined",
            OnwardStatus::Started => "started",
            OnwardStatus::Completed => "completed",
        }
    }
    pub fn parse(s: &str) -> Option<OnwardStatus> {
        OnwardStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
    pub fn label_nl(self) -> &'static str {
        match self {
            OnwardStatus::Proposed => "voorgesteld",
            OnwardStatus::Consented => "toestemming gegeven",
            OnwardStatus::Sent => "verstuurd",
            OnwardStatus::Accepted => "geaccepteerd",
            OnwardStatus::Declined => "afgewezen",
            OnwardStatus::Started => "gestart",
            OnwardStatus::Completed => "afgerond",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            OnwardStatus::Proposed => "proposed",
            OnwardStatus::Consented => "consent given",
            OnwardStatus::Sent => "sent",
            OnwardStatus::Accepted => "accepted",
            OnwardStatus::Declined => "declined",
            OnwardStatus::Started => "started",
            OnwardStatus::Completed => "completed",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.label_nl(), self.label_en())
    }
    /// The states that may follow this one. A proposal may be sent at once: sending is checked for consent
    /// like any other, and it is how a report on a legal ground (meldcode, acute danger) goes out without it.
    pub fn next(self) -> &'static [OnwardStatus] {
        match self {
            OnwardStatus::Proposed => &[OnwardStatus::Consented, OnwardStatus::Sent],
            OnwardStatus::Consented => &[OnwardStatus::Sent],
            OnwardStatus::Sent => &[OnwardStatus::Accepted, OnwardStatus::Declined],
            OnwardStatus::Accepted => &[OnwardStatus::Started],
            OnwardStatus::Started => &[OnwardStatus::Completed],
            OnwardStatus::Declined | OnwardStatus::Completed => &[],
        }
    }
    pub fn is_open(self) -> bool {
        !matches!(self, OnwardStatus::Declined | OnwardStatus::Completed)
    }
    /// Sending shares information: it needs consent (or a legal ground).
    pub fn shares_information(self) -> bool {
        matches!(self, OnwardStatus::Sent)
    }
}

/// Why a case was closed (CBS Beleidsinformatie Jeugd style reasons).
pub const CLOSURE_REASONS: [(&str, &str); 5] = [
    ("doelen_bereikt", "doelen bereikt"),
    ("verwezen", "doorverwezen"),
    ("gestopt_door_gezin", "gestopt door gezin/jongere"),
    ("verhuisd", "verhuisd"),
    ("anders", "anders"),
];

pub fn closure_reason_label(key: &str) -> Option<&'static str> {
    CLOSURE_REASONS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, l)| *l)
}

/// What still stands open when a case is about to be closed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ClosureChecklist {
    pub open_onward_referrals: usize,
    pub open_tasks: usize,
    pub goals_without_end_score: usize,
}

impl ClosureChecklist {
    /// Blocking problems, in Dutch. Open referrals and tasks must be settled; every goal needs an end score.
    pub fn problems_nl(&self) -> Vec<String> {
        let mut p = Vec::new();
        if self.open_onward_referrals > 0 {
            p.push(format!(
                "{} verwijzing(en) staan nog open: rond ze af of leg de afwijzing vast.",
                self.open_onward_referrals
            ));
        }
        if self.open_tasks > 0 {
            p.push(format!("{} taak/taken staan nog open.", self.open_tasks));
        }
        if self.goals_without_end_score > 0 {
            p.push(format!(
                "{} doel(en) hebben nog geen eindscore (GAS).",
                self.goals_without_end_score
            ));
        }
        p
    }
}

/// A review is overdue the day after its date (on the date itself it is due, not late).
pub fn review_overdue(review_on: NaiveDate, today: NaiveDate) -> bool {
    review_on < today
}

/// The first review of a plan: `weeks` after the start (default 6, per organisation).
pub fn first_review(start: NaiveDate, weeks: i64) -> NaiveDate {
    start + chrono::Duration::weeks(weeks.clamp(1, 52))
}

/// Days from referral to first contact, when there was one.
pub fn days_to_first_contact(
    referred_on: NaiveDate,
    first_contact: Option<NaiveDate>,
) -> Option<i64> {
    first_contact.map(|c| (c - referred_on).num_days().max(0))
}

/// Case numbers read like `WW-2026-0042`: organisation prefix, year, sequence.
pub fn case_number(prefix: &str, year: i32, sequence: i64) -> String {
    format!("{prefix}-{year}-{sequence:04}")
}

/// A new referral of the same child within 12 months links to the earlier case.
pub fn links_to_previous(previous_closed_on: NaiveDate, new_referral_on: NaiveDate) -> bool {
    new_referral_on >= previous_closed_on
        && new_referral_on - previous_closed_on <= chrono::Duration::days(365)
}

/// The worker triage proposes for a referral: of the workers assigned to the child's school, the
/// one with the fewest open cases (the first of equals); else the person triaging, when they are a
/// worker themselves; else nobody, and the team lead chooses. Never simply the first name in the
/// alphabet, who may not work at that school.
pub fn proposed_worker(
    at_school: &[i64],
    own: Option<i64>,
    open_cases: impl Fn(i64) -> i64,
) -> Option<i64> {
    at_school
        .iter()
        .copied()
        .min_by_key(|w| open_cases(*w))
        .or(own)
}

/// The day a date in a case file (a contact, time spent) must be on or after: the day the case's
/// referral came in, or the day the case opened when it had none — never before the child was born.
pub fn case_file_start(
    referral_received: Option<NaiveDate>,
    opened: NaiveDate,
    born: Option<NaiveDate>,
) -> NaiveDate {
    let start = referral_received.map_or(opened, |r| r.min(opened));
    born.map_or(start, |b| start.max(b))
}

/// A contact's date: not before the case file's start (see [`case_file_start`]), not after today.
pub fn check_contact_date(
    held_on: NaiveDate,
    start: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, crate::org::FieldError> {
    if held_on > today {
        return Err(crate::org::FieldError::new(
            "held_on",
            "Een contact kan niet in de toekomst liggen.",
            "A contact cannot be in the future.",
        ));
    }
    if held_on < start {
        return Err(crate::org::FieldError::new(
            "held_on",
            &format!(
                "Een contact ligt op of na het begin van het dossier ({}).",
                start.format("%d-%m-%Y")
            ),
            &format!(
                "A contact is on or after the start of the case file ({}).",
                start.format("%Y-%m-%d")
            ),
        ));
    }
    Ok(held_on)
}

/// Largest document a case file accepts.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// The kinds of document a case file takes: content type and the file extension it is kept under.
pub const DOCUMENT_KINDS: [(&str, &str); 6] = [
    ("application/pdf", "pdf"),
    ("image/png", "png"),
    ("image/jpeg", "jpg"),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    ("application/vnd.oasis.opendocument.text", "odt"),
    ("text/plain; charset=utf-8", "txt"),
];

/// Checks an uploaded document by its content (not the name or the browser's claim) and size;
/// returns the content type to store, or a Dutch reason.
pub fn document_type(filename: &str, bytes: &[u8]) -> Result<&'static str, String> {
    if bytes.is_empty() {
        return Err("Het bestand is leeg.".into());
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(format!(
            "Het bestand is groter dan {} MB.",
            MAX_DOCUMENT_BYTES / 1024 / 1024
        ));
    }
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let kind = if bytes.starts_with(b"%PDF-") {
        "application/pdf"
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if bytes.starts_with(b"PK\x03\x04") && ext == "docx" {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    } else if bytes.starts_with(b"PK\x03\x04") && ext == "odt" {
        "application/vnd.oasis.opendocument.text"
    } else if ext == "txt" && !bytes.contains(&0) && std::str::from_utf8(bytes).is_ok() {
        "text/plain; charset=utf-8"
    } else {
        return Err("Alleen PDF, PNG, JPEG, Word (.docx), OpenDocument (.odt) en tekst (.txt) zijn toegestaan.".into());
    };
    Ok(kind)
}

/// The name a document is stored and served under: the uploaded name with the extension of the
/// detected type (`brief.html` holding a PDF becomes `brief.pdf`), so no browser or program opens
/// it as something else.
pub fn document_filename(filename: &str, content_type: &str) -> String {
    let Some((_, ext)) = DOCUMENT_KINDS.iter().find(|(t, _)| *t == content_type) else {
        return filename.to_string();
    };
    let stem = match filename.rsplit_once('.') {
        Some((stem, _)) if !stem.trim().is_empty() => stem,
        _ => filename,
    };
    format!("{stem}.{ext}")
}

#[cfg(test)]
mod tests;
