//! Kind in Kaart and the social map: input parsing (forms, CSV, GeoJSON), profiles, matching with the
//! domain engine, plans with barrier actions and participation checks, and the SVG map.

pub mod class;
mod map;
pub mod plan;

pub use map::{MapTexts, svg_map};

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use chrono::{NaiveDate, Weekday};
use schakel_domain::audit::AuditAction;
use schakel_domain::kind_in_kaart::home::{HomeFrom, Pc4, home_location};
use schakel_domain::kind_in_kaart::{
    self as kik, Activity, ActivityCategory, ChildProfile, Fund, MatchOptions, Session, Suggestion,
    Transport,
};
use schakel_domain::org::{FieldError, RowError};
use schakel_store::{ActivityRow, CaseFile, FundRow, NewActivity, ProfileRow};

fn weekday(s: &str) -> Option<Weekday> {
    Some(match s.trim().to_lowercase().as_str() {
        "ma" | "maandag" | "mon" => Weekday::Mon,
        "di" | "dinsdag" | "tue" => Weekday::Tue,
        "wo" | "woensdag" | "wed" => Weekday::Wed,
        "do" | "donderdag" | "thu" => Weekday::Thu,
        "vr" | "vrijdag" | "fri" => Weekday::Fri,
        "za" | "zaterdag" | "sat" => Weekday::Sat,
        "zo" | "zondag" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

pub(crate) fn minute(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once([':', '.'])?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// `wo 15:00-16:30; za 10:00-11:30` → sessions; `Err` names the part that is not understood.
pub fn parse_times(s: &str) -> Result<Vec<(Weekday, u32, u32)>, String> {
    let mut out = Vec::new();
    for part in s
        .split([';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let parsed = (|| {
            let (day, span) = part.split_once(' ')?;
            let (a, b) = span.trim().split_once(['-', '–'])?;
            let (a, b) = (minute(a)?, minute(b)?);
            (a < b).then_some((weekday(day)?, a, b))
        })();
        out.push(parsed.ok_or_else(|| part.to_string())?);
    }
    Ok(out)
}

pub(crate) fn list(s: &str) -> Vec<String> {
    s.split(',')
        .map(|x| x.trim().to_lowercase())
        .filter(|x| !x.is_empty())
        .collect()
}

pub fn activity_of(row: &ActivityRow) -> Option<Activity> {
    Some(Activity {
        id: row.id,
        name: row.name.clone(),
        category: ActivityCategory::parse(&row.category).ok()?,
        interests: list(&row.interests),
        latitude: row.latitude,
        longitude: row.longitude,
        min_age: u32::try_from(row.min_age).ok()?,
        max_age: u32::try_from(row.max_age).ok()?,
        sessions: parse_times(&row.sessions)
            .ok()?
            .into_iter()
            .map(|(weekday, start_minute, end_minute)| Session {
                weekday,
                start_minute,
                end_minute,
            })
            .collect(),
        cost_per_season_cents: row.cost_per_season_cents,
        accessible: *row.accessible,
        languages: list(&row.languages),
        capacity_left: row.capacity_left,
        provider_name: row.provider_name.clone(),
    })
}

pub fn fund_of(row: &FundRow) -> Fund {
    Fund {
        id: row.id,
        name: row.name.clone(),
        min_age: u32::try_from(row.min_age).unwrap_or(0),
        max_age: u32::try_from(row.max_age).unwrap_or(0),
        municipalities: row
            .municipalities
            .split(',')
            .map(|m| m.trim().to_uppercase())
            .filter(|m| !m.is_empty())
            .collect(),
        income_criterion_percent: row
            .income_criterion_percent
            .and_then(|p| u32::try_from(p).ok()),
        max_cents_per_year: row.max_cents_per_year,
        categories: row
            .categories
            .split(',')
            .filter_map(|c| ActivityCategory::parse(c).ok())
            .collect(),
    }
}

fn euro_cents(s: &str) -> Option<i64> {
    let t = s.trim().trim_start_matches('€').trim();
    // Dutch "1.180,50" or plain "180.50".
    let t = if t.contains(',') {
        t.replace('.', "").replace(',', ".")
    } else {
        t.to_string()
    };
    if t.is_empty() {
        return Some(0);
    }
    let v: f64 = t.parse().ok()?;
    (0.0..100_000.0)
        .contains(&v)
        .then(|| (v * 100.0).round() as i64)
}

pub(crate) fn yes(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "ja" | "j" | "yes" | "y" | "true" | "1" | "on"
    )
}

/// One activity as text fields, from a form, a CSV row or GeoJSON properties.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, schemars::JsonSchema)]
pub struct ActivityInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub provider: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub interests: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub latitude: String,
    #[serde(default)]
    pub longitude: String,
    #[serde(default)]
    pub min_age: String,
    #[serde(default)]
    pub max_age: String,
    #[serde(default)]
    pub sessions: String,
    #[serde(default)]
    pub cost_per_season: String,
    #[serde(default)]
    pub accessible: String,
    #[serde(default)]
    pub languages: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub municipality_code: String,
}

impl ActivityInput {
    /// Every problem at once; the municipality is resolved by the caller.
    pub fn validate(&self) -> Result<NewActivity, Vec<FieldError>> {
        let mut e = Vec::new();
        let req = |f: &str, v: &str, e: &mut Vec<FieldError>| {
            if v.trim().is_empty() || v.chars().count() > 200 {
                e.push(FieldError::new(
                    f,
                    "Vul dit veld in (hoogstens 200 tekens).",
                    "Fill in this field (at most 200 characters).",
                ));
            }
        };
        req("name", &self.name, &mut e);
        req("provider", &self.provider, &mut e);
        let category = ActivityCategory::parse(&self.category)
            .map_err(|x| e.push(x))
            .ok();
        let coord =
            |f: &str, v: &str, r: std::ops::RangeInclusive<f64>, e: &mut Vec<FieldError>| match v
                .trim()
                .replace(',', ".")
                .parse::<f64>()
            {
                Ok(x) if r.contains(&x) => x,
                _ => {
                    e.push(FieldError::new(
                        f,
                        "Geef een coördinaat in graden (WGS84), bijvoorbeeld 51,9225.",
                        "Give a coordinate in degrees (WGS84), e.g. 51.9225.",
                    ));
                    0.0
                }
            };
        let latitude = coord("latitude", &self.latitude, 50.0..=54.0, &mut e);
        let longitude = coord("longitude", &self.longitude, 3.0..=8.0, &mut e);
        let age = |f: &str, v: &str, e: &mut Vec<FieldError>| match v.trim().parse::<i64>() {
            Ok(a) if (0..=23).contains(&a) => a,
            _ => {
                e.push(FieldError::new(
                    f,
                    "Geef een leeftijd in jaren (0–23).",
                    "Give an age in years (0–23).",
                ));
                0
            }
        };
        let min_age = age("min_age", &self.min_age, &mut e);
        let max_age = age("max_age", &self.max_age, &mut e);
        if min_age > max_age {
            e.push(FieldError::new(
                "max_age",
                "De hoogste leeftijd ligt onder de laagste.",
                "The maximum age is below the minimum.",
            ));
        }
        if let Err(part) = parse_times(&self.sessions) {
            e.push(FieldError::new("sessions", &format!("Tijden niet begrepen bij '{part}'. Schrijf bijvoorbeeld: wo 15:00-16:30; za 10:00-11:30."), "Times not understood; write e.g. wo 15:00-16:30; za 10:00-11:30."));
        }
        let cost = euro_cents(&self.cost_per_season);
        if cost.is_none() {
            e.push(FieldError::new(
                "cost_per_season",
                "Geef de kosten per seizoen in euro, bijvoorbeeld 180 of 180,00.",
                "Give the cost per season in euros, e.g. 180.",
            ));
        }
        let capacity = if self.capacity.trim().is_empty() {
            None
        } else {
            match self.capacity.trim().parse::<i64>() {
                Ok(c) if c >= 0 => Some(c),
                _ => {
                    e.push(FieldError::new(
                        "capacity",
                        "Geef het aantal vrije plaatsen als heel getal, of laat leeg.",
                        "Give the places left as a whole number, or leave empty.",
                    ));
                    None
                }
            }
        };
        if !e.is_empty() {
            return Err(e);
        }
        Ok(NewActivity {
            municipality_id: None,
            provider_name: self.provider.trim().into(),
            name: self.name.trim().into(),
            category: category.map(|c| c.code().to_string()).unwrap_or_default(),
            description: self.description.trim().into(),
            interests: list(&self.interests).join(", "),
            street_address: self.address.trim().into(),
            postcode: self.postcode.trim().into(),
            city: self.city.trim().into(),
            latitude,
            longitude,
            min_age,
            max_age,
            sessions: self.sessions.trim().into(),
            cost_per_season_cents: cost.unwrap_or(0),
            accessible: yes(&self.accessible),
            languages: list(&self.languages).join(", "),
            capacity_left: capacity,
            contact: self.contact.trim().into(),
        })
    }
}

fn row_errors(row: usize, errors: Vec<FieldError>) -> impl Iterator<Item = RowError> {
    errors.into_iter().map(move |e| RowError {
        row,
        field: e.field,
        message_nl: e.message_nl,
        message_en: e.message_en,
    })
}

/// Reads a CSV (`,` or `;`) or a GeoJSON FeatureCollection of Points into activity inputs; `row` is the
/// CSV line (header = 1) or the feature number (first = 1).
pub fn read_social_map(bytes: &[u8]) -> Result<Vec<(usize, ActivityInput)>, Vec<RowError>> {
    let text = String::from_utf8_lossy(bytes);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        let doc: serde_json::Value = serde_json::from_str(trimmed).map_err(|e| {
            vec![RowError {
                row: 0,
                field: String::new(),
                message_nl: format!("Geen geldige GeoJSON: {e}"),
                message_en: format!("Not valid GeoJSON: {e}"),
            }]
        })?;
        let features = doc
            .get("features")
            .and_then(|f| f.as_array())
            .cloned()
            .unwrap_or_default();
        let mut out = Vec::new();
        for (i, f) in features.iter().enumerate() {
            let props = f.get("properties").unwrap_or(&serde_json::Value::Null);
            let mut input: ActivityInput =
                serde_json::from_value(stringify(props)).unwrap_or_default();
            match (
                f.pointer("/geometry/type").and_then(|t| t.as_str()),
                f.pointer("/geometry/coordinates")
                    .and_then(|c| c.as_array())
                    .map(Vec::as_slice),
            ) {
                (Some("Point"), Some([longitude, latitude, ..])) => {
                    input.longitude = longitude.to_string();
                    input.latitude = latitude.to_string();
                }
                _ => input.latitude = String::new(),
            }
            out.push((i + 1, input));
        }
        return Ok(out);
    }
    Ok(csv_rows(trimmed)?
        .into_iter()
        .map(|(row, obj)| (row, serde_json::from_value(obj).unwrap_or_default()))
        .collect())
}

/// Reads a CSV (`,` or `;`, header row first) into one JSON object of text per row, keyed by the lower-cased
/// header; the row numbers count the header as row 1.
fn csv_rows(text: &str) -> Result<Vec<(usize, serde_json::Value)>, Vec<RowError>> {
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let unreadable = |row: usize, e: csv::Error| {
        vec![RowError {
            row,
            field: String::new(),
            message_nl: format!("Regel niet te lezen: {e}"),
            message_en: format!("Row unreadable: {e}"),
        }]
    };
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| unreadable(1, e))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| unreadable(i + 2, e))?;
        let obj: serde_json::Map<String, serde_json::Value> = headers
            .iter()
            .cloned()
            .zip(rec.iter().map(|v| serde_json::Value::String(v.to_string())))
            .collect();
        out.push((i + 2, serde_json::Value::Object(obj)));
    }
    Ok(out)
}

/// GeoJSON properties may be numbers or booleans; our input is text.
fn stringify(v: &serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => serde_json::Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let s = match v {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Null => String::new(),
                        serde_json::Value::Array(a) => a
                            .iter()
                            .map(|x| {
                                x.as_str()
                                    .map(str::to_string)
                                    .unwrap_or_else(|| x.to_string())
                            })
                            .collect::<Vec<_>>()
                            .join(", "),
                        other => other.to_string(),
                    };
                    (k.clone(), serde_json::Value::String(s))
                })
                .collect(),
        ),
        _ => serde_json::Value::Object(Default::default()),
    }
}

/// A fund as text fields (form or CSV row).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct FundInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub min_age: String,
    #[serde(default)]
    pub max_age: String,
    /// CBS codes, comma-separated; empty = everywhere.
    #[serde(default)]
    pub municipalities: String,
    /// Percentage of the social minimum; empty = no income limit.
    #[serde(default)]
    pub income_criterion_percent: String,
    /// Euros per year.
    #[serde(default)]
    pub max_per_year: String,
    /// Category codes, comma-separated.
    #[serde(default)]
    pub categories: String,
}

impl FundInput {
    pub fn validate(&self) -> Result<schakel_store::NewFund, Vec<FieldError>> {
        let mut e = Vec::new();
        if self.name.trim().is_empty() || self.name.chars().count() > 200 {
            e.push(FieldError::new(
                "name",
                "Vul de naam van het fonds in.",
                "Fill in the fund's name.",
            ));
        }
        let age = |f: &str, v: &str, e: &mut Vec<FieldError>| match v.trim().parse::<i64>() {
            Ok(a) if (0..=23).contains(&a) => a,
            _ => {
                e.push(FieldError::new(
                    f,
                    "Geef een leeftijd in jaren (0–23).",
                    "Give an age in years (0–23).",
                ));
                0
            }
        };
        let min_age = age("min_age", &self.min_age, &mut e);
        let max_age = age("max_age", &self.max_age, &mut e);
        if min_age > max_age {
            e.push(FieldError::new(
                "max_age",
                "De hoogste leeftijd ligt onder de laagste.",
                "The maximum age is below the minimum.",
            ));
        }
        let mut municipalities = Vec::new();
        for m in self
            .municipalities
            .split(',')
            .map(str::trim)
            .filter(|m| !m.is_empty())
        {
            match schakel_domain::org::CbsCode::parse(m) {
                Ok(c) => municipalities.push(c.as_str().to_string()),
                Err(mut x) => {
                    x.field = "municipalities".into();
                    e.push(x)
                }
            }
        }
        let income = if self.income_criterion_percent.trim().is_empty() {
            None
        } else {
            match self
                .income_criterion_percent
                .trim()
                .trim_end_matches('%')
                .parse::<i64>()
            {
                Ok(p) if (0..=1000).contains(&p) => Some(p),
                _ => {
                    e.push(FieldError::new(
                        "income_criterion_percent",
                        "Geef een percentage van het sociaal minimum, bijvoorbeeld 120.",
                        "Give a percentage of the social minimum, e.g. 120.",
                    ));
                    None
                }
            }
        };
        let max = euro_cents(&self.max_per_year).filter(|c| *c > 0);
        if max.is_none() {
            e.push(FieldError::new(
                "max_per_year",
                "Geef het maximum per jaar in euro, bijvoorbeeld 300.",
                "Give the maximum per year in euros, e.g. 300.",
            ));
        }
        let mut categories = Vec::new();
        for c in self
            .categories
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            match ActivityCategory::parse(c) {
                Ok(c) => categories.push(c.code()),
                Err(mut x) => {
                    x.field = "categories".into();
                    e.push(x)
                }
            }
        }
        if categories.is_empty() {
            e.push(FieldError::new(
                "categories",
                "Kies waarvoor het fonds betaalt (bijv. sport, muziek_kunst_cultuur).",
                "Choose what the fund pays for.",
            ));
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(schakel_store::NewFund {
            name: self.name.trim().into(),
            description: self.description.trim().into(),
            min_age,
            max_age,
            municipalities: municipalities.join(","),
            income_criterion_percent: income,
            max_cents_per_year: max.unwrap_or(0),
            categories: categories.join(","),
        })
    }
}

/// A CSV of funds is recognised by its `max_per_year` column; all rows or none.
async fn import_funds(state: &AppState, ctx: &Ctx, text: &str) -> Result<usize, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut ready = Vec::new();
    for (row, obj) in csv_rows(text)? {
        let input: FundInput = serde_json::from_value(obj).unwrap_or_default();
        match input.validate() {
            Ok(f) => ready.push(f),
            Err(e) => errors.extend(row_errors(row, e)),
        }
    }
    if ready.is_empty() && errors.is_empty() {
        errors.push(RowError {
            row: 0,
            field: String::new(),
            message_nl: "Het bestand bevat geen fondsen.".into(),
            message_en: "The file contains no funds.".into(),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let internal = |e: String| {
        vec![RowError {
            row: 0,
            field: String::new(),
            message_nl: format!("Opslaan mislukt: {e}"),
            message_en: format!("Saving failed: {e}"),
        }]
    };
    let now = state.now();
    let mut tx = state
        .store()
        .begin()
        .await
        .map_err(|e| internal(e.to_string()))?;
    for f in &ready {
        tx.insert_fund(f, now)
            .await
            .map_err(|e| internal(e.to_string()))?;
    }
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "social_map_import",
                Some(ready.len().to_string()),
                "ok",
            ),
        )
        .await
        .map_err(|e| internal(e.to_string()))?;
    Ok(ready.len())
}

/// Imports a social map file: all rows or none; errors name row and field. A CSV with a `max_per_year`
/// column holds funds; any other CSV, or GeoJSON, holds activities.
pub async fn import_social_map(
    state: &AppState,
    ctx: &Ctx,
    bytes: &[u8],
) -> Result<usize, Vec<RowError>> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with('{')
        && text
            .lines()
            .next()
            .is_some_and(|h| h.to_lowercase().contains("max_per_year"))
    {
        return import_funds(state, ctx, text).await;
    }
    let rows = read_social_map(bytes)?;

    let mut errors = Vec::new();
    let mut ready = Vec::new();
    for (row, input) in rows {
        match input.validate() {
            Ok(mut a) => {
                if !input.municipality_code.trim().is_empty() {
                    match state
                        .store()
                        .municipality_by_code(&input.municipality_code.trim().to_uppercase())
                        .await
                    {
                        Ok(m) => a.municipality_id = Some(m.id),
                        Err(_) => errors.push(RowError {
                            row,
                            field: "municipality_code".into(),
                            message_nl: "Onbekende gemeentecode.".into(),
                            message_en: "Unknown municipality code.".into(),
                        }),
                    }
                }
                ready.push(a);
            }
            Err(e) => errors.extend(row_errors(row, e)),
        }
    }
    if ready.is_empty() && errors.is_empty() {
        errors.push(RowError {
            row: 0,
            field: String::new(),
            message_nl: "Het bestand bevat geen activiteiten.".into(),
            message_en: "The file contains no activities.".into(),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let internal = |e: String| {
        vec![RowError {
            row: 0,
            field: String::new(),
            message_nl: format!("Opslaan mislukt: {e}"),
            message_en: format!("Saving failed: {e}"),
        }]
    };
    let now = state.now();
    let mut tx = state
        .store()
        .begin()
        .await
        .map_err(|e| internal(e.to_string()))?;
    for a in &ready {
        tx.insert_activity(a, now)
            .await
            .map_err(|e| internal(e.to_string()))?;
    }
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "social_map_import",
                Some(ready.len().to_string()),
                "ok",
            ),
        )
        .await
        .map_err(|e| internal(e.to_string()))?;
    Ok(ready.len())
}

/// The child profile for matching, from the stored profile and the case file, and where its distances are
/// measured from: the middle of the schools and activities known in the profile's PC4, else the school
/// (ADR 030).
pub async fn child_profile(
    state: &AppState,
    file: &CaseFile,
    p: &ProfileRow,
    today: NaiveDate,
) -> Result<(ChildProfile, HomeFrom), AppError> {
    let birth = NaiveDate::parse_from_str(&file.child.date_of_birth, "%Y-%m-%d")
        .map_err(AppError::internal)?;
    let school = match file.case.school_id {
        Some(id) => {
            let s = state.store().school(id).await?;
            s.latitude.zip(s.longitude)
        }
        None => None,
    };
    let in_pc4 = match p.home_pc4.and_then(Pc4::from_number) {
        Some(pc4) => state.store().locations_in_pc4(&pc4.to_string()).await?,
        None => Vec::new(),
    };
    let (home, home_from) = home_location(&in_pc4, school);
    let municipality_code = match file.child.residence_municipality_id {
        Some(m) => state.store().municipality(m).await?.cbs_code,
        None => String::new(),
    };
    let mut interests = list(&p.interests);
    for free_text in [&p.good_at, &p.likes, &p.wants_to_learn] {
        interests.extend(list(free_text));
    }
    interests.sort();
    interests.dedup();
    let child = ChildProfile {
        age_years: schakel_domain::consent::age_on(birth, today),
        interests,
        free_times: parse_times(&p.free_times).unwrap_or_default(),
        home,
        school,
        municipality_code,
        household_income_percent_of_minimum: p.income_percent.and_then(|i| u32::try_from(i).ok()),
        needs_accessible: *p.needs_accessible,
        languages: list(&p.languages),
        can_travel_alone: *p.can_travel_alone,
        transport: match p.transport.as_str() {
            "walking" => Transport::Walking,
            "lift" => Transport::Lift,
            _ => Transport::Cycling,
        },
    };
    Ok((child, home_from))
}

/// Suggestions for a case's latest profile: the engine over the whole social map.
pub async fn suggestions(
    state: &AppState,
    profile: &ChildProfile,
) -> Result<(Vec<Suggestion>, Vec<ActivityRow>, Vec<FundRow>), AppError> {
    let rows = state.store().activities(None).await?;
    let activities: Vec<Activity> = rows.iter().filter_map(activity_of).collect();
    let fund_rows = state.store().funds().await?;
    let funds: Vec<Fund> = fund_rows.iter().map(fund_of).collect();
    let options = MatchOptions {
        max_results: 10,
        ..MatchOptions::default()
    };
    let list = kik::rank(profile, &activities, &funds, &options);
    Ok((list, rows, fund_rows))
}

pub(crate) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Changes one activity of the social map, based on the version the editor read (a stale edit: 409, nothing lost).
pub async fn update_activity(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    version: i64,
    input: &ActivityInput,
) -> Result<(), AppError> {
    let existing = state.store().activity(id).await?;
    let mut new = input.validate().map_err(AppError::Validation)?;
    new.municipality_id = existing.municipality_id;
    let mut tx = state.store().begin().await?;
    match tx.update_activity(id, version, &new).await {
        Ok(()) => {}
        Err(schakel_store::StoreError::Conflict { .. }) => {
            drop(tx);
            return Err(crate::usecase::input::stale(state.store().activity(id)).await);
        }
        Err(e) => return Err(e.into()),
    }
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "activity", Some(id.to_string()), "ok"),
        )
        .await
}

/// An activity change through the API: the fields as in the import, with the version it is based on.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
pub struct ActivityUpdate {
    pub version: i64,
    #[serde(flatten)]
    pub activity: ActivityInput,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_and_report_the_bad_part() {
        let t = parse_times("wo 15:00-16:30; za 10.00-11.30").unwrap_or_default();
        assert_eq!(t, vec![(Weekday::Wed, 900, 990), (Weekday::Sat, 600, 690)]);
        assert_eq!(
            parse_times("wo 16:30-15:00"),
            Err("wo 16:30-15:00".to_string())
        );
        assert_eq!(
            parse_times("someday 10:00-11:00"),
            Err("someday 10:00-11:00".to_string())
        );
    }

    #[test]
    fn euros() {
        assert_eq!(euro_cents("180"), Some(18000));
        assert_eq!(euro_cents("€ 1.180,50"), Some(118050));
        assert_eq!(euro_cents("180.50"), Some(18050));
        assert_eq!(euro_cents("veel"), None);
    }

    #[test]
    fn csv_rows_are_numbered_from_two_and_geojson_from_one() {
        let csv = "name;provider;category;latitude;longitude;min_age;max_age;sessions;cost_per_season\nBasketbal;BC Havenstad;sport;51,92;4,47;8;14;wo 15:00-16:30;180\nTekenen;Atelier;nope;51,92;4,47;8;14;;0\n";
        let rows = read_social_map(csv.as_bytes()).unwrap_or_default();
        assert_eq!(rows.len(), 2);
        assert!(rows[0].1.validate().is_ok());
        let errs = rows[1].1.validate().err().unwrap_or_default();
        assert_eq!(errs[0].field, "category");
        assert_eq!(rows[1].0, 3);
        let geo = r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[4.47,51.92]},"properties":{"name":"Scouting","provider":"Groep 12","category":"scouting_buiten","min_age":7,"max_age":11,"cost_per_season":95}}]}"#;
        let rows = read_social_map(geo.as_bytes()).unwrap_or_default();
        assert_eq!(rows[0].0, 1);
        let a = rows[0].1.validate();
        assert!(a.as_ref().is_ok_and(|a| (a.latitude - 51.92).abs() < 1e-9 && a.cost_per_season_cents == 9500), "{a:?}");
    }
}
