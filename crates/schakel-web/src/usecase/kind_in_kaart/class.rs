//! Kind in Kaart for a whole class in one session (prevention, no case files): per child a label, interests and
//! free times. Nothing about the children is stored — the suggestions are shown for the class session and the
//! parents are informed by the school; only the fact of the session is logged.

use super::{activity_of, fund_of};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::audit::AuditAction;
use schakel_domain::kind_in_kaart::{
    ActivityIndex, ChildProfile, MatchOptions, Transport, rank_class,
};
use schakel_domain::org::FieldError;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Free times: weekday, from and until (minutes after midnight).
type FreeTimes = Vec<(chrono::Weekday, u32, u32)>;

/// Most children in one session.
pub const MAX_CHILDREN: usize = 40;

/// One child of the class: a label (a first name or a number — nothing is stored), interests, free times.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
pub struct ClassChild {
    pub label: String,
    /// Interests, e.g. `voetbal, tekenen`; may be empty (the suggestions then rest on age, times and distance).
    #[serde(default)]
    pub interests: String,
    /// Free times, e.g. `wo 13:00-17:00`; may be empty.
    #[serde(default)]
    pub free_times: String,
}

/// A whole-class session: the school (by its BRIN or location code), the age of the class, the children.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
pub struct ClassInput {
    #[schemars(example = &"12AB")]
    pub school_code: String,
    /// The age of the class (4–18); required.
    #[serde(default)]
    pub age: Option<i64>,
    pub children: Vec<ClassChild>,
}

/// One suggested activity for a child of the class.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ClassSuggestion {
    pub activity_id: i64,
    pub name: String,
    /// Why, in Dutch and in English.
    pub reasons_nl: Vec<String>,
    pub reasons_en: Vec<String>,
}

/// The suggestions for each child, in the order given.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ClassSession {
    pub school_id: i64,
    pub school_name: String,
    pub children: Vec<(String, Vec<ClassSuggestion>)>,
}

/// Ranks the social map's activities for every child of the class (three each). Every field error at once.
pub async fn class_session(
    state: &AppState,
    ctx: &Ctx,
    input: &ClassInput,
) -> Result<ClassSession, AppError> {
    let mut errors = Vec::new();
    let school = state
        .store()
        .school_by_code(&input.school_code.trim().to_ascii_uppercase())
        .await;
    let school = match school {
        Ok(s) => Some(s),
        Err(schakel_store::StoreError::NotFound) => {
            errors.push(FieldError::new(
                "school_code",
                "Geen school met deze code.",
                "No school has this code.",
            ));
            None
        }
        Err(e) => return Err(e.into()),
    };
    let age = input
        .age
        .and_then(|a| u32::try_from(a).ok())
        .filter(|a| (4..=18).contains(a));
    if age.is_none() {
        errors.push(FieldError::new(
            "age",
            "Geef de leeftijd van de klas (4–18).",
            "Give the age of the class (4–18).",
        ));
    }
    let mut children: Vec<(String, Vec<String>, FreeTimes)> = Vec::new();
    for (i, child) in input.children.iter().enumerate() {
        let label: String = child.label.trim().chars().take(40).collect();
        match super::parse_times(&child.free_times) {
            Ok(free) if !label.is_empty() => {
                let interests = child
                    .interests
                    .split(',')
                    .map(|x| x.trim().to_lowercase())
                    .filter(|x| !x.is_empty())
                    .collect();
                children.push((label, interests, free));
            }
            _ => errors.push(FieldError::new(
                "children",
                &format!(
                    "Kind {} niet begrepen: geef een naam en vrije tijden als bijvoorbeeld wo 13:00-17:00.",
                    i + 1
                ),
                &format!(
                    "Child {} not understood: give a name and free times such as wed 13:00-17:00.",
                    i + 1
                ),
            )),
        }
    }
    if input.children.is_empty() {
        errors.push(FieldError::new(
            "children",
            "Vul minstens één kind in.",
            "Enter at least one child.",
        ));
    }
    if input.children.len() > MAX_CHILDREN {
        errors.push(FieldError::new(
            "children",
            "Hoogstens 40 kinderen per sessie.",
            "At most 40 children per session.",
        ));
    }
    let (Some(school), Some(age), true) = (school, age, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let location = school.latitude.zip(school.longitude).ok_or_else(|| {
        AppError::Validation(vec![FieldError::new(
            "school_code",
            "Van deze school is de ligging onbekend.",
            "This school has no coordinates.",
        )])
    })?;
    let municipality = state
        .store()
        .municipality(school.municipality_id)
        .await?
        .cbs_code;
    let profiles: Vec<ChildProfile> = children
        .iter()
        .map(|(_, interests, free)| ChildProfile {
            age_years: age,
            interests: interests.clone(),
            free_times: free.clone(),
            home: location,
            school: Some(location),
            municipality_code: municipality.clone(),
            household_income_percent_of_minimum: None,
            needs_accessible: false,
            languages: Vec::new(),
            can_travel_alone: true,
            transport: Transport::Cycling,
        })
        .collect();
    let rows = state.store().activities(None).await?;
    let index = ActivityIndex::new(rows.iter().filter_map(activity_of).collect());
    let funds: Vec<_> = state.store().funds().await?.iter().map(fund_of).collect();
    let options = MatchOptions {
        max_results: 3,
        ..Default::default()
    };
    let ranked = rank_class(&profiles, &index, &funds, &options);
    let mut event = ctx.event(
        AuditAction::Search,
        "kind_in_kaart_class",
        Some(school.id.to_string()),
        "ok",
    );
    event.basis = format!(
        "{}; {} children, nothing stored",
        event.basis,
        children.len()
    );
    state.log(event).await?;
    let children = children
        .into_iter()
        .zip(ranked)
        .map(|((label, _, _), list)| {
            let suggestions = list
                .iter()
                .map(|s| ClassSuggestion {
                    activity_id: s.activity_id,
                    name: rows
                        .iter()
                        .find(|r| r.id == s.activity_id)
                        .map(|r| r.name.clone())
                        .unwrap_or_default(),
                    reasons_nl: s.reasons_nl.clone(),
                    reasons_en: s.reasons_en.clone(),
                })
                .collect();
            (label, suggestions)
        })
        .collect();
    Ok(ClassSession {
        school_id: school.id,
        school_name: school.name,
        children,
    })
}
