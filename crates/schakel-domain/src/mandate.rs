//! SMW plus: a decision (beschikking) by a social worker with the municipality's mandate that authorises youth
//! care, and the team lead's approval or refusal of it (RULES.md §10).
//!
//! The worker decides on behalf of the municipality; the municipality then sends the iJw allocation message
//! (JW301 "toewijzing") to the provider. So a decision carries what that message needs and nothing that a
//! municipality could not send on: a product category of the national iJw list, a volume with its unit, a
//! period with a start and an end, and a provider the municipality knows (one of its referral directory).
//!
//! The longest period is configuration, per organisation (the municipality's mandate decides it), one year by
//! default: an allocation always has an end date, and a year is the longest a school social worker's view of a
//! child stays current without a new look — longer care is a new decision after an evaluation (ADR 011).

use crate::org::FieldError;
use chrono::{Months, NaiveDate};
use serde::Serialize;

/// The longest period of a decision when the organisation has not chosen otherwise: one year.
pub const DEFAULT_MAX_MONTHS: i64 = 12;
/// The longest period an organisation may configure: two years.
pub const MAX_CONFIGURABLE_MONTHS: i64 = 24;
/// A decision may take effect at most this many days before the day it is taken (care that started in a
/// crisis before the paperwork) …
pub const START_DAYS_BEFORE: i64 = 31;
/// … and at most this many days after it (a waiting list), so that it is decided on a current view.
pub const START_DAYS_AFTER: i64 = 92;

/// The product category (iJw "productcategorie", the national list every allocation message must use).
/// Youth probation (47), child protection (48) and preventive justice activities (49) are left out: they
/// follow from a court or a certified institution, never from a school social worker's mandate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CareCategory {
    Outpatient,
    DayTreatment,
    Crisis,
    ResidentialWithTreatment,
    ResidentialWithoutTreatment,
    PersonalCare,
    Transport,
    Tailored,
}

impl CareCategory {
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        lang.pick(self.label_nl(), self.label_en())
    }

    pub const ALL: [CareCategory; 8] = [
        CareCategory::Outpatient,
        CareCategory::DayTreatment,
        CareCategory::Crisis,
        CareCategory::ResidentialWithTreatment,
        CareCategory::ResidentialWithoutTreatment,
        CareCategory::PersonalCare,
        CareCategory::Transport,
        CareCategory::Tailored,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CareCategory::Outpatient => "outpatient",
            CareCategory::DayTreatment => "day_treatment",
            CareCategory::Crisis => "crisis",
            CareCategory::ResidentialWithTreatment => "residential_with_treatment",
            CareCategory::ResidentialWithoutTreatment => "residential_without_treatment",
            CareCategory::PersonalCare => "personal_care",
            CareCategory::Transport => "transport",
            CareCategory::Tailored => "tailored",
        }
    }

    pub fn parse(s: &str) -> Option<CareCategory> {
        CareCategory::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
    }

    /// The code of the category in iJw messages.
    pub fn ijw_code(self) -> &'static str {
        match self {
            CareCategory::PersonalCare => "40",
            CareCategory::DayTreatment => "41",
            CareCategory::Transport => "42",
            CareCategory::ResidentialWithTreatment => "43",
            CareCategory::ResidentialWithoutTreatment => "44",
            CareCategory::Outpatient => "45",
            CareCategory::Crisis => "46",
            CareCategory::Tailored => "50",
        }
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            CareCategory::Outpatient => "Jeugdhulp ambulant",
            CareCategory::DayTreatment => "Dagbehandeling",
            CareCategory::Crisis => "Jeugdhulp crisis",
            CareCategory::ResidentialWithTreatment => "Jeugdhulp verblijf (incl. behandeling)",
            CareCategory::ResidentialWithoutTreatment => "Jeugdhulp verblijf (excl. behandeling)",
            CareCategory::PersonalCare => "Persoonlijke verzorging",
            CareCategory::Transport => "Vervoerdiensten",
            CareCategory::Tailored => "Maatwerkarrangement jeugdhulp",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            CareCategory::Outpatient => "Outpatient youth care",
            CareCategory::DayTreatment => "Day treatment",
            CareCategory::Crisis => "Crisis youth care",
            CareCategory::ResidentialWithTreatment => "Residential youth care (with treatment)",
            CareCategory::ResidentialWithoutTreatment => {
                "Residential youth care (without treatment)"
            }
            CareCategory::PersonalCare => "Personal care",
            CareCategory::Transport => "Transport",
            CareCategory::Tailored => "Tailored youth-care arrangement",
        }
    }
}

/// The unit of a decision's volume: so much per week for the whole period, or so much in total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VolumeUnit {
    HoursPerWeek,
    SessionsPerWeek,
    DayPartsPerWeek,
    HoursTotal,
    SessionsTotal,
    /// Days and nights of a stay (etmalen).
    StayDaysTotal,
}

impl VolumeUnit {
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        lang.pick(self.label_nl(), self.label_en())
    }

    pub const ALL: [VolumeUnit; 6] = [
        VolumeUnit::HoursPerWeek,
        VolumeUnit::SessionsPerWeek,
        VolumeUnit::DayPartsPerWeek,
        VolumeUnit::HoursTotal,
        VolumeUnit::SessionsTotal,
        VolumeUnit::StayDaysTotal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VolumeUnit::HoursPerWeek => "hours_per_week",
            VolumeUnit::SessionsPerWeek => "sessions_per_week",
            VolumeUnit::DayPartsPerWeek => "day_parts_per_week",
            VolumeUnit::HoursTotal => "hours_total",
            VolumeUnit::SessionsTotal => "sessions_total",
            VolumeUnit::StayDaysTotal => "stay_days_total",
        }
    }

    pub fn parse(s: &str) -> Option<VolumeUnit> {
        VolumeUnit::ALL.into_iter().find(|u| u.as_str() == s.trim())
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            VolumeUnit::HoursPerWeek => "uur per week",
            VolumeUnit::SessionsPerWeek => "keer per week",
            VolumeUnit::DayPartsPerWeek => "dagdelen per week",
            VolumeUnit::HoursTotal => "uur in totaal",
            VolumeUnit::SessionsTotal => "keer in totaal",
            VolumeUnit::StayDaysTotal => "etmalen in totaal",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            VolumeUnit::HoursPerWeek => "hours a week",
            VolumeUnit::SessionsPerWeek => "sessions a week",
            VolumeUnit::DayPartsPerWeek => "day parts a week",
            VolumeUnit::HoursTotal => "hours in total",
            VolumeUnit::SessionsTotal => "sessions in total",
            VolumeUnit::StayDaysTotal => "days of stay in total",
        }
    }

    /// Whether the volume is a total over the whole period (else it is per week).
    pub fn is_total(self) -> bool {
        matches!(
            self,
            VolumeUnit::HoursTotal | VolumeUnit::SessionsTotal | VolumeUnit::StayDaysTotal
        )
    }

    /// The most a week can hold: a working week of hours, a session a day, two day parts a school day.
    fn weekly_max(self) -> i64 {
        match self {
            VolumeUnit::HoursPerWeek | VolumeUnit::HoursTotal => 40,
            VolumeUnit::SessionsPerWeek | VolumeUnit::SessionsTotal => 7,
            VolumeUnit::DayPartsPerWeek => 10,
            VolumeUnit::StayDaysTotal => 7,
        }
    }

    /// The unit as the iJw allocation message (JW301) states it: code and name of the iJw code list
    /// "Eenheid" (WJ756). Sessions are counted as pieces (a service delivered), days of stay as etmalen.
    pub fn ijw_unit(self) -> (&'static str, &'static str) {
        match self {
            VolumeUnit::HoursPerWeek | VolumeUnit::HoursTotal => ("04", "Uur"),
            VolumeUnit::SessionsPerWeek | VolumeUnit::SessionsTotal => ("82", "Stuks (prestatie)"),
            VolumeUnit::DayPartsPerWeek => ("16", "Dagdeel (4 uur)"),
            VolumeUnit::StayDaysTotal => ("14", "Etmaal"),
        }
    }

    /// The frequency as the iJw allocation message states it: code and name of the iJw code list "Frequentie"
    /// (WJ757) — per week, or in total within the allocation's period.
    pub fn ijw_frequency(self) -> (&'static str, &'static str) {
        if self.is_total() {
            ("6", "Totaal binnen geldigheidsduur toewijzing")
        } else {
            ("2", "Per week")
        }
    }

    /// The largest volume for a period of `days` days (counted inclusively): the weekly maximum, or for a total
    /// the weekly maximum for every week begun — and never more days of stay than the period has.
    pub fn max_for(self, days: i64) -> i64 {
        let days = days.max(1);
        match self {
            VolumeUnit::StayDaysTotal => days,
            u if u.is_total() => u.weekly_max() * ((days + 6) / 7),
            u => u.weekly_max(),
        }
    }
}

/// Referral-directory kinds that are not youth-care providers: a decision cannot allocate care to them.
const NOT_PROVIDERS: [&str; 6] = [
    "veilig_thuis",
    "politie",
    "school",
    "huisarts",
    "jeugdloket",
    "schuldhulp",
];

/// Whether a referral-directory entry of this kind (`referral_targets.kind`) can receive an allocation of
/// youth care: not Veilig Thuis, the police, the school, a GP (a referrer itself), the municipality's own
/// youth desk or debt counselling.
pub fn may_provide_youth_care(kind: &str) -> bool {
    !NOT_PROVIDERS.contains(&kind.trim())
}

/// The last day a decision starting on `from` may run to: `max_months` calendar months, the end day included
/// (1 January → 31 December for a year; 31 January → 28 February for a month).
pub fn last_end_date(from: NaiveDate, max_months: i64) -> NaiveDate {
    use chrono::Datelike;
    let months = u32::try_from(max_months.clamp(1, MAX_CONFIGURABLE_MONTHS)).unwrap_or(12);
    match from.checked_add_months(Months::new(months)) {
        // The month after is shorter (31 January + 1 month = 28 February): that last day is the end.
        Some(end) if end.day() < from.day() => end,
        Some(end) => end.pred_opt().unwrap_or(from),
        None => from,
    }
}

/// The organisation's longest period, as configured: 1 to [`MAX_CONFIGURABLE_MONTHS`] months.
pub fn check_max_months(months: i64) -> Result<i64, FieldError> {
    if (1..=MAX_CONFIGURABLE_MONTHS).contains(&months) {
        Ok(months)
    } else {
        Err(FieldError::new(
            "mandate_max_months",
            &format!("Kies 1 tot {MAX_CONFIGURABLE_MONTHS} maanden."),
            &format!("Choose 1 to {MAX_CONFIGURABLE_MONTHS} months."),
        ))
    }
}

/// A decision as entered, before the rules (the provider by the kind of its directory entry; `None` when the
/// chosen provider is not in the case's directory).
#[derive(Debug, Clone, Default)]
pub struct DecisionDraft<'a> {
    pub category: &'a str,
    pub volume: Option<i64>,
    pub volume_unit: &'a str,
    pub period_from: &'a str,
    pub period_until: &'a str,
    pub provider_kind: Option<&'a str>,
}

/// A decision within the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub category: CareCategory,
    pub volume: i64,
    pub unit: VolumeUnit,
    pub from: NaiveDate,
    pub until: NaiveDate,
}

fn date(field: &str, s: &str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        FieldError::new(
            field,
            "Geef een datum als jjjj-mm-dd.",
            "Give a date as yyyy-mm-dd.",
        )
    })
}

/// Checks a decision taken on `decided_on` against the rules: a category of the list, a volume with its unit
/// within bounds, a period that starts near the decision and ends within `max_months`, a provider of the
/// directory that provides youth care. Every broken rule is reported, each on its field.
pub fn check_decision(
    d: &DecisionDraft,
    decided_on: NaiveDate,
    max_months: i64,
) -> Result<Decision, Vec<FieldError>> {
    let mut errors = Vec::new();
    let category = CareCategory::parse(d.category);
    if category.is_none() {
        errors.push(FieldError::new(
            "category",
            "Kies een productcategorie uit de lijst.",
            "Choose a product category from the list.",
        ));
    }
    let unit = VolumeUnit::parse(d.volume_unit);
    if unit.is_none() {
        errors.push(FieldError::new(
            "volume_unit",
            "Kies de eenheid van de omvang.",
            "Choose the unit of the volume.",
        ));
    }
    let from = date("period_from", d.period_from).map_err(|e| errors.push(e));
    let until = date("period_until", d.period_until).map_err(|e| errors.push(e));
    let mut period_ok = false;
    if let Ok(from) = from {
        if from < decided_on - chrono::Duration::days(START_DAYS_BEFORE) {
            errors.push(FieldError::new(
                "period_from",
                &format!(
                    "De jeugdhulp begint hoogstens {START_DAYS_BEFORE} dagen voor de datum van het besluit."
                ),
                &format!(
                    "The care starts at most {START_DAYS_BEFORE} days before the date of the decision."
                ),
            ));
        } else if from > decided_on + chrono::Duration::days(START_DAYS_AFTER) {
            errors.push(FieldError::new(
                "period_from",
                &format!(
                    "De jeugdhulp begint hoogstens {START_DAYS_AFTER} dagen na de datum van het besluit."
                ),
                &format!(
                    "The care starts at most {START_DAYS_AFTER} days after the date of the decision."
                ),
            ));
        }
        if let Ok(until) = until {
            let last = last_end_date(from, max_months);
            if until < from {
                errors.push(FieldError::new(
                    "period_until",
                    "Het einde ligt voor het begin.",
                    "The end is before the start.",
                ));
            } else if until > last {
                errors.push(FieldError::new(
                    "period_until",
                    &format!(
                        "Een beschikking loopt hoogstens {max_months} maanden: uiterlijk tot en met {}.",
                        last.format("%d-%m-%Y")
                    ),
                    &format!(
                        "A decision runs at most {max_months} months: until {} at the latest.",
                        last.format("%Y-%m-%d")
                    ),
                ));
            } else {
                period_ok = true;
            }
        }
    }
    let days = match (from, until) {
        (Ok(f), Ok(u)) if period_ok => (u - f).num_days() + 1,
        _ => 7,
    };
    match (d.volume, unit) {
        (None, _) => errors.push(FieldError::new(
            "volume",
            "Geef de omvang als heel getal.",
            "Give the volume as a whole number.",
        )),
        (Some(v), Some(u)) if !(1..=u.max_for(days)).contains(&v) => errors.push(FieldError::new(
            "volume",
            &format!(
                "De omvang ligt tussen 1 en {} {} voor deze periode.",
                u.max_for(days),
                u.label_nl()
            ),
            &format!(
                "The volume lies between 1 and {} {} for this period.",
                u.max_for(days),
                u.label_en()
            ),
        )),
        (Some(v), None) if v < 1 => errors.push(FieldError::new(
            "volume",
            "De omvang is minstens 1.",
            "The volume is at least 1.",
        )),
        _ => {}
    }
    match d.provider_kind {
        None => errors.push(FieldError::new(
            "provider_id",
            "Kies de aanbieder uit de sociale kaart van het kind.",
            "Choose the provider from the child's referral directory.",
        )),
        Some(kind) if !may_provide_youth_care(kind) => errors.push(FieldError::new(
            "provider_id",
            "Deze bestemming biedt geen jeugdhulp; kies een jeugdhulpaanbieder.",
            "This entry does not provide youth care; choose a youth-care provider.",
        )),
        Some(_) => {}
    }
    match (category, unit, d.volume, from, until) {
        (Some(category), Some(unit), Some(volume), Ok(from), Ok(until)) if errors.is_empty() => {
            Ok(Decision {
                category,
                volume,
                unit,
                from,
                until,
            })
        }
        _ => Err(errors),
    }
}

/// Where a decision stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MandateStatus {
    AwaitingApproval,
    Approved,
    Refused,
}

impl MandateStatus {
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        lang.pick(self.label_nl(), self.label_en())
    }

    pub const ALL: [MandateStatus; 3] = [
        MandateStatus::AwaitingApproval,
        MandateStatus::Approved,
        MandateStatus::Refused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MandateStatus::AwaitingApproval => "awaiting_approval",
            MandateStatus::Approved => "approved",
            MandateStatus::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<MandateStatus> {
        MandateStatus::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            MandateStatus::AwaitingApproval => "wacht op akkoord teamleider",
            MandateStatus::Approved => "vastgesteld",
            MandateStatus::Refused => "afgewezen door teamleider",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            MandateStatus::AwaitingApproval => "awaiting the team lead's approval",
            MandateStatus::Approved => "approved",
            MandateStatus::Refused => "refused by the team lead",
        }
    }

    /// A new decision waits for the team lead when the organisation asks for approval; otherwise it stands.
    pub fn new_decision(needs_approval: bool) -> MandateStatus {
        if needs_approval {
            MandateStatus::AwaitingApproval
        } else {
            MandateStatus::Approved
        }
    }
}

/// The team lead's verdict on a decision that waits for approval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Approve,
    /// Refuse, with the reason the worker reads.
    Refuse {
        reason: String,
    },
}

/// The longest reason of a refusal.
pub const MAX_REASON_CHARS: usize = 2000;

/// The status after the team lead's verdict: only a waiting decision can be approved or refused, and a refusal
/// needs a reason (1 to [`MAX_REASON_CHARS`] characters).
pub fn settle(current: MandateStatus, verdict: &Verdict) -> Result<MandateStatus, FieldError> {
    if current != MandateStatus::AwaitingApproval {
        return Err(FieldError::new(
            "decision",
            "Dit besluit wacht niet (meer) op akkoord.",
            "This decision is not awaiting approval.",
        ));
    }
    match verdict {
        Verdict::Approve => Ok(MandateStatus::Approved),
        Verdict::Refuse { reason } => {
            let n = reason.trim().chars().count();
            if n == 0 || n > MAX_REASON_CHARS {
                return Err(FieldError::new(
                    "reason",
                    &format!(
                        "Geef de reden van de afwijzing (hoogstens {MAX_REASON_CHARS} tekens); de medewerker leest die."
                    ),
                    &format!(
                        "Give the reason for the refusal (at most {MAX_REASON_CHARS} characters); the worker reads it."
                    ),
                ));
            }
            Ok(MandateStatus::Refused)
        }
    }
}

/// The iJw identifiers a worker may add to a decision (ADR 033), checked; `None` when left empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllocationIds {
    pub bsn: Option<String>,
    pub agb_code: Option<String>,
    pub product_code: Option<String>,
}

/// Whether nine digits pass the elfproef of a burgerservicenummer: 9×d1 + 8×d2 + … + 2×d8 − 1×d9 is a multiple of
/// 11 (and not zero).
pub fn passes_elfproef(bsn: &str) -> bool {
    let digits: Vec<i64> = bsn
        .chars()
        .filter_map(|c| c.to_digit(10).map(i64::from))
        .collect();
    if digits.len() != 9 || bsn.chars().count() != 9 {
        return false;
    }
    let sum: i64 = digits
        .iter()
        .zip([9, 8, 7, 6, 5, 4, 3, 2, -1])
        .map(|(d, w)| d * w)
        .sum();
    sum != 0 && sum % 11 == 0
}

/// Checks the identifiers as typed: a BSN of nine digits that passes the elfproef (spaces and dots allowed, an old
/// eight-digit number gets its leading zero), an AGB code of eight digits, a product code of one to five letters or
/// digits (upper case kept). Each may be left empty; every wrong one is named at once.
pub fn check_allocation_ids(
    bsn: &str,
    agb_code: &str,
    product_code: &str,
) -> Result<AllocationIds, Vec<FieldError>> {
    let mut errors = Vec::new();
    let bsn: String = bsn.chars().filter(|c| !matches!(c, ' ' | '.')).collect();
    let bsn = if bsn.len() == 8 && bsn.chars().all(|c| c.is_ascii_digit()) {
        format!("0{bsn}")
    } else {
        bsn
    };
    if !bsn.is_empty() && !passes_elfproef(&bsn) {
        errors.push(FieldError::new(
            "bsn",
            "Dit is geen geldig BSN: negen cijfers die aan de elfproef voldoen.",
            "This is not a valid BSN: nine digits that pass the eleven test.",
        ));
    }
    let agb_code: String = agb_code.chars().filter(|c| *c != ' ').collect();
    let agb_ok = agb_code.len() == 8 && agb_code.chars().all(|c| c.is_ascii_digit());
    if !agb_code.is_empty() && !agb_ok {
        errors.push(FieldError::new(
            "agb_code",
            "Een AGB-code bestaat uit acht cijfers.",
            "An AGB code has eight digits.",
        ));
    }
    let product_code = product_code.trim().to_ascii_uppercase();
    let product_ok =
        product_code.len() <= 5 && product_code.chars().all(|c| c.is_ascii_alphanumeric());
    if !product_code.is_empty() && !product_ok {
        errors.push(FieldError::new(
            "product_code",
            "Een productcode bestaat uit hoogstens vijf letters of cijfers.",
            "A product code has at most five letters or digits.",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let given = |s: String| (!s.is_empty()).then_some(s);
    Ok(AllocationIds {
        bsn: given(bsn),
        agb_code: given(agb_code),
        product_code: given(product_code),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn draft<'a>(from: &'a str, until: &'a str) -> DecisionDraft<'a> {
        DecisionDraft {
            category: "outpatient",
            volume: Some(2),
            volume_unit: "hours_per_week",
            period_from: from,
            period_until: until,
            provider_kind: Some("jeugdhulpaanbieder"),
        }
    }

    fn fields(r: Result<Decision, Vec<FieldError>>) -> Vec<String> {
        match r {
            Ok(_) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.field).collect(),
        }
    }

    #[test]
    fn codes_and_labels_round_trip() {
        for c in CareCategory::ALL {
            assert_eq!(CareCategory::parse(c.as_str()), Some(c));
            assert_eq!(c.ijw_code().len(), 2);
            assert_ne!(c.label_nl(), c.label_en());
        }
        for u in VolumeUnit::ALL {
            assert_eq!(VolumeUnit::parse(u.as_str()), Some(u));
            assert_ne!(u.label_nl(), u.label_en());
        }
        for s in MandateStatus::ALL {
            assert_eq!(MandateStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(CareCategory::parse("jeugdbescherming"), None);
        assert_eq!(CareCategory::Outpatient.ijw_code(), "45");
    }

    #[test]
    fn units_have_their_ijw_unit_and_frequency() {
        // (unit, iJw Eenheid, iJw Frequentie)
        let table = [
            (VolumeUnit::HoursPerWeek, "04", "2"),
            (VolumeUnit::SessionsPerWeek, "82", "2"),
            (VolumeUnit::DayPartsPerWeek, "16", "2"),
            (VolumeUnit::HoursTotal, "04", "6"),
            (VolumeUnit::SessionsTotal, "82", "6"),
            (VolumeUnit::StayDaysTotal, "14", "6"),
        ];
        assert_eq!(table.len(), VolumeUnit::ALL.len());
        for (unit, code, frequency) in table {
            assert_eq!(unit.ijw_unit().0, code, "{unit:?}");
            assert_eq!(unit.ijw_frequency().0, frequency, "{unit:?}");
        }
    }

    #[test]
    fn the_period_ends_within_the_configured_maximum() {
        let today = d("2026-11-30");
        // (from, until, max months, fields in error)
        let cases: &[(&str, &str, i64, &[&str])] = &[
            ("2026-12-01", "2027-11-30", 12, &[]),
            ("2026-12-01", "2027-12-01", 12, &["period_until"]),
            ("2026-12-01", "2036-12-01", 12, &["period_until"]),
            ("2026-12-01", "2027-05-31", 6, &[]),
            ("2026-12-01", "2027-06-01", 6, &["period_until"]),
            ("2026-12-01", "2028-11-30", 24, &[]),
            ("2026-12-01", "2026-12-01", 12, &[]),
            ("2026-12-01", "2026-11-30", 12, &["period_until"]),
            ("2026-10-30", "2027-01-31", 12, &[]),
            ("2026-10-29", "2027-01-31", 12, &["period_from"]),
            ("2027-03-02", "2027-06-30", 12, &[]),
            ("2027-03-03", "2027-06-30", 12, &["period_from"]),
            ("30-11-2026", "2027-01-31", 12, &["period_from"]),
            ("2026-12-01", "", 12, &["period_until"]),
        ];
        for (from, until, months, want) in cases {
            assert_eq!(
                fields(check_decision(&draft(from, until), today, *months)),
                *want,
                "{from} – {until}, at most {months} months"
            );
        }
        assert_eq!(last_end_date(d("2026-01-31"), 1), d("2026-02-28"));
        assert_eq!(last_end_date(d("2026-03-01"), 1), d("2026-03-31"));
        assert_eq!(last_end_date(d("2026-01-01"), 12), d("2026-12-31"));
    }

    #[test]
    fn the_volume_has_a_unit_and_sane_bounds() {
        let today = d("2026-11-30");
        // A period of 12 weeks: 2026-12-01 .. 2027-02-22 (84 days).
        let (from, until) = ("2026-12-01", "2027-02-22");
        let cases: &[(Option<i64>, &str, &[&str])] = &[
            (Some(2), "hours_per_week", &[]),
            (Some(40), "hours_per_week", &[]),
            (Some(41), "hours_per_week", &["volume"]),
            (Some(0), "hours_per_week", &["volume"]),
            (Some(-3), "sessions_per_week", &["volume"]),
            (Some(7), "sessions_per_week", &[]),
            (Some(8), "sessions_per_week", &["volume"]),
            (Some(10), "day_parts_per_week", &[]),
            (Some(11), "day_parts_per_week", &["volume"]),
            (Some(12), "sessions_total", &[]),
            (Some(84), "sessions_total", &[]),
            (Some(85), "sessions_total", &["volume"]),
            (Some(480), "hours_total", &[]),
            (Some(481), "hours_total", &["volume"]),
            (Some(84), "stay_days_total", &[]),
            (Some(85), "stay_days_total", &["volume"]),
            (None, "hours_per_week", &["volume"]),
            (Some(2), "", &["volume_unit"]),
            (Some(2), "uur", &["volume_unit"]),
            (Some(0), "uur", &["volume_unit", "volume"]),
        ];
        for (volume, unit, want) in cases {
            let mut x = draft(from, until);
            x.volume = *volume;
            x.volume_unit = unit;
            assert_eq!(
                fields(check_decision(&x, today, 12)),
                *want,
                "{volume:?} {unit}"
            );
        }
    }

    #[test]
    fn category_and_provider_come_from_the_lists() {
        let today = d("2026-11-30");
        let ok = check_decision(&draft("2026-12-01", "2027-02-22"), today, 12).expect("valid");
        assert_eq!(ok.category, CareCategory::Outpatient);
        assert_eq!(ok.unit, VolumeUnit::HoursPerWeek);
        let cases: &[(&str, Option<&str>, &[&str])] = &[
            ("outpatient", Some("jeugdhulpaanbieder"), &[]),
            ("crisis", Some("wijkteam"), &[]),
            ("", Some("jeugdhulpaanbieder"), &["category"]),
            ("jeugd-ggz", Some("jeugdhulpaanbieder"), &["category"]),
            ("outpatient", None, &["provider_id"]),
            ("outpatient", Some("veilig_thuis"), &["provider_id"]),
            ("outpatient", Some("school"), &["provider_id"]),
            ("outpatient", Some("huisarts"), &["provider_id"]),
            ("X", None, &["category", "provider_id"]),
        ];
        for (category, kind, want) in cases {
            let mut x = draft("2026-12-01", "2027-02-22");
            x.category = category;
            x.provider_kind = *kind;
            assert_eq!(
                fields(check_decision(&x, today, 12)),
                *want,
                "{category} {kind:?}"
            );
        }
    }

    #[test]
    fn a_ten_year_decision_for_provider_x_breaks_every_rule_it_touches() {
        let x = DecisionDraft {
            category: "",
            volume: None,
            volume_unit: "",
            period_from: "2026-12-01",
            period_until: "2036-11-30",
            provider_kind: None,
        };
        assert_eq!(
            fields(check_decision(&x, d("2026-11-30"), DEFAULT_MAX_MONTHS)),
            [
                "category",
                "volume_unit",
                "period_until",
                "volume",
                "provider_id"
            ]
        );
    }

    #[test]
    fn only_a_waiting_decision_is_settled_and_a_refusal_has_a_reason() {
        use MandateStatus::*;
        let refuse = |r: &str| Verdict::Refuse { reason: r.into() };
        let cases: Vec<(MandateStatus, Verdict, Option<MandateStatus>)> = vec![
            (AwaitingApproval, Verdict::Approve, Some(Approved)),
            (AwaitingApproval, refuse("Eerst de huisarts"), Some(Refused)),
            (AwaitingApproval, refuse("   "), None),
            (
                AwaitingApproval,
                refuse(&"x".repeat(MAX_REASON_CHARS + 1)),
                None,
            ),
            (Approved, Verdict::Approve, None),
            (Approved, refuse("te laat"), None),
            (Refused, Verdict::Approve, None),
            (Refused, refuse("nogmaals"), None),
        ];
        for (current, verdict, want) in cases {
            assert_eq!(
                settle(current, &verdict).ok(),
                want,
                "{current:?} {verdict:?}"
            );
        }
        assert_eq!(MandateStatus::new_decision(true), AwaitingApproval);
        assert_eq!(MandateStatus::new_decision(false), Approved);
    }

    #[test]
    fn the_maximum_is_configured_within_bounds() {
        assert!(check_max_months(0).is_err());
        assert_eq!(check_max_months(1), Ok(1));
        assert_eq!(check_max_months(DEFAULT_MAX_MONTHS), Ok(12));
        assert_eq!(check_max_months(24), Ok(24));
        assert!(check_max_months(120).is_err());
    }

    #[test]
    fn the_elfproef_takes_valid_numbers_and_refuses_others() {
        // 9×1 + 8×1 + 7×1 + 6×2 + 5×2 + 4×2 + 3×3 + 2×3 − 3 = 66 = 6 × 11.
        assert!(passes_elfproef("111222333"));
        assert!(passes_elfproef("123456782"));
        assert!(!passes_elfproef("123456789"), "one digit off");
        assert!(!passes_elfproef("000000000"), "zero is no number");
        assert!(!passes_elfproef("12345678"), "eight digits");
        assert!(!passes_elfproef("1234567820"), "ten digits");
        assert!(!passes_elfproef("12345678a"));
    }

    #[test]
    fn allocation_ids_are_checked_together_and_may_be_left_empty() {
        assert_eq!(
            check_allocation_ids("", " ", ""),
            Ok(AllocationIds::default())
        );
        let ids = check_allocation_ids("1112.22.333", "0312 3456", "45a01").expect("valid");
        assert_eq!(ids.bsn.as_deref(), Some("111222333"));
        assert_eq!(ids.agb_code.as_deref(), Some("03123456"));
        assert_eq!(ids.product_code.as_deref(), Some("45A01"));
        // An old eight-digit number gets its leading zero: 0 + 12345672 passes (8 + 14 + … + 14 − 2 = 110 = 10 × 11).
        assert_eq!(
            check_allocation_ids("12345672", "", "")
                .expect("valid")
                .bsn
                .as_deref(),
            Some("012345672")
        );
        let fields: Vec<String> = check_allocation_ids("123456789", "1234", "45-A01")
            .expect_err("all three wrong")
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["bsn", "agb_code", "product_code"]);
    }
}
