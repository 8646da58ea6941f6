//! The reader's language, and the coded lists of the field: each value has a stable code (what the database
//! stores) and a label in Dutch and English.

use serde::{Deserialize, Serialize};

/// The language a reader sees: Dutch first, English second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The Dutch or the English of a pair.
    pub fn pick<T>(self, nl: T, en: T) -> T {
        match self {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}

/// A long date for text: Dutch `23 november 2026`, English `23 November 2026`.
pub fn long_date(d: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    const NL: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let months = lang.pick(NL, EN);
    let month = months.get(d.month0() as usize).copied().unwrap_or("");
    format!("{} {} {}", d.day(), month, d.year())
}

/// A closed list of the field with a code per value (what is stored) and a label per language:
/// `code()`, `parse(code)`, `label(lang)` and `ALL`.
macro_rules! coded {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $code:literal, $nl:literal, $en:literal;)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stored code.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                }
            }

            /// The value of a stored code; `None` for an unknown code.
            pub fn parse(code: &str) -> Option<$name> {
                match code {
                    $($code => Some($name::$variant),)*
                    _ => None,
                }
            }

            pub fn label(self, lang: $crate::lang::Lang) -> &'static str {
                match self {
                    $($name::$variant => lang.pick($nl, $en),)*
                }
            }
        }
    };
}
pub(crate) use coded;

/// Every Dutch label of the coded lists whose English differs, for tests that check an English page has no
/// Dutch left in it.
pub fn dutch_labels() -> Vec<&'static str> {
    use crate::audit::AuditAction;
    use crate::casework::{
        CaseStatus, ClosureReason, ContactKind, IndirectActivity, OnwardStatus, ReferralSource,
        ReferralStatus, SchoolView, Urgency,
    };
    use crate::casework::{TargetKind, Taxonomy, default_term_label_en};
    use crate::group::{GroupActivityKind, Likert};
    use crate::kind_in_kaart::{ActivityCategory, BarrierKind};
    use crate::mandate::{CareCategory, MandateStatus, VolumeUnit};
    use crate::org::SchoolType;
    fn both<T: Copy>(all: &[T], label: impl Fn(T, Lang) -> &'static str) -> Vec<&'static str> {
        all.iter()
            .filter(|v| label(**v, Lang::Nl) != label(**v, Lang::En))
            .map(|v| label(*v, Lang::Nl))
            .collect()
    }
    let mut labels = Vec::new();
    labels.extend(both(CaseStatus::ALL, CaseStatus::label));
    labels.extend(both(ContactKind::ALL, ContactKind::label));
    labels.extend(both(ClosureReason::ALL, ClosureReason::label));
    labels.extend(both(ReferralSource::ALL, ReferralSource::label));
    labels.extend(both(Urgency::ALL, Urgency::label));
    labels.extend(both(IndirectActivity::ALL, IndirectActivity::label));
    labels.extend(both(&ReferralStatus::ALL, ReferralStatus::label));
    labels.extend(both(&SchoolView::ALL, SchoolView::label));
    labels.extend(both(&OnwardStatus::ALL, OnwardStatus::label));
    labels.extend(both(&MandateStatus::ALL, MandateStatus::label));
    labels.extend(both(&CareCategory::ALL, CareCategory::label));
    labels.extend(both(&VolumeUnit::ALL, VolumeUnit::label));
    labels.extend(both(&SchoolType::ALL, SchoolType::label));
    labels.extend(both(&ActivityCategory::ALL, ActivityCategory::label));
    labels.extend(both(&BarrierKind::ALL, BarrierKind::label));
    labels.extend(both(TargetKind::ALL, TargetKind::label));
    labels.extend(both(&AuditAction::ALL, AuditAction::label));
    labels.extend(both(GroupActivityKind::ALL, GroupActivityKind::label));
    labels.extend(both(
        crate::care_meeting::CareMeetingKind::ALL,
        crate::care_meeting::CareMeetingKind::label,
    ));
    labels.extend(both(Likert::ALL, Likert::label));
    labels.extend(both(
        crate::group::ParticipantRemoval::ALL,
        crate::group::ParticipantRemoval::label,
    ));
    {
        use crate::appointment::{AppointmentKind, AppointmentStatus, ForKind};
        labels.extend(both(AppointmentKind::ALL, AppointmentKind::label));
        labels.extend(both(ForKind::ALL, ForKind::label));
        labels.extend(both(AppointmentStatus::ALL, AppointmentStatus::label));
    }
    for taxonomy in Taxonomy::ALL {
        for (code, nl) in taxonomy.defaults() {
            if default_term_label_en(taxonomy, code).is_some_and(|en| en != *nl) {
                labels.push(nl);
            }
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_reads_back_from_its_code() {
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.code()), Some(l));
        }
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::default(), Lang::Nl);
    }

    #[test]
    fn the_dutch_labels_are_many_and_not_english() {
        let labels = dutch_labels();
        assert!(labels.contains(&"doelen bereikt"));
        assert!(labels.contains(&"huisbezoek"));
        assert!(labels.contains(&"lopend"));
        assert!(!labels.contains(&"open"));
    }
}
