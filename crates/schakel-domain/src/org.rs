//! Municipalities, schools and their codes: parsed once at the edge ("parse, don't validate").

use serde::{Deserialize, Serialize};

/// A problem with one field of input, in Dutch and English, keyed by the field's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FieldError {
    pub field: String,
    pub message_nl: String,
    pub message_en: String,
}

impl FieldError {
    pub fn new(field: &str, nl: &str, en: &str) -> Self {
        FieldError {
            field: field.to_string(),
            message_nl: nl.to_string(),
            message_en: en.to_string(),
        }
    }
}

/// CBS municipality code: `GM` followed by four digits, e.g. `GM0439` (Purmerend).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CbsCode(String);

impl CbsCode {
    pub fn parse(input: &str) -> Result<CbsCode, FieldError> {
        let s = input.trim().to_ascii_uppercase();
        let digits = s.strip_prefix("GM").unwrap_or(&s);
        if digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()) {
            Ok(CbsCode(format!("GM{digits}")))
        } else {
            Err(FieldError::new(
                "cbs_code",
                "Een CBS-gemeentecode is GM gevolgd door vier cijfers, bijvoorbeeld GM0439.",
                "A CBS municipality code is GM followed by four digits, e.g. GM0439.",
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// School type, as the field names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SchoolType {
    /// Primary (basisonderwijs).
    Po,
    /// Special primary (speciaal basisonderwijs).
    Sbo,
    /// Special education.
    So,
    /// Special secondary.
    Vso,
    /// Secondary.
    Vo,
    /// Vocational.
    Mbo,
    /// Newcomers' class (internationale schakelklas / taalklas).
    Isk,
    /// Pre-school: playgroup or day care with VVE.
    Voorschool,
}

impl SchoolType {
    pub const ALL: [SchoolType; 8] = [
        SchoolType::Po,
        SchoolType::Sbo,
        SchoolType::So,
        SchoolType::Vso,
        SchoolType::Vo,
        SchoolType::Mbo,
        SchoolType::Isk,
        SchoolType::Voorschool,
    ];
    pub fn code(self) -> &'static str {
        match self {
            SchoolType::Po => "PO",
            SchoolType::Sbo => "SBO",
            SchoolType::So => "SO",
            SchoolType::Vso => "VSO",
            SchoolType::Vo => "VO",
            SchoolType::Mbo => "MBO",
            SchoolType::Isk => "ISK",
            SchoolType::Voorschool => "VOORSCHOOL",
        }
    }
    pub fn label_nl(self) -> &'static str {
        match self {
            SchoolType::Po => "Basisonderwijs",
            SchoolType::Sbo => "Speciaal basisonderwijs",
            SchoolType::So => "Speciaal onderwijs",
            SchoolType::Vso => "Voortgezet speciaal onderwijs",
            SchoolType::Vo => "Voortgezet onderwijs",
            SchoolType::Mbo => "Middelbaar beroepsonderwijs",
            SchoolType::Isk => "Nieuwkomersonderwijs (ISK/taalklas)",
            SchoolType::Voorschool => "Voorschool (peuterspeelzaal/kinderopvang met VVE)",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            SchoolType::Po => "Primary education",
            SchoolType::Sbo => "Special primary education",
            SchoolType::So => "Special education",
            SchoolType::Vso => "Special secondary education",
            SchoolType::Vo => "Secondary education",
            SchoolType::Mbo => "Vocational education (MBO)",
            SchoolType::Isk => "Newcomers' education (ISK / language class)",
            SchoolType::Voorschool => "Pre-school (playgroup / day care with early education)",
        }
    }
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        lang.pick(self.label_nl(), self.label_en())
    }
    pub fn parse(input: &str) -> Result<SchoolType, FieldError> {
        let s = input.trim().to_ascii_uppercase();
        let s = match s.as_str() {
            "BO" | "BAO" => "PO",
            "PRESCHOOL" | "PRE-SCHOOL" | "VVE" => "VOORSCHOOL",
            "TAALKLAS" => "ISK",
            other => other,
        };
        SchoolType::ALL
            .into_iter()
            .find(|t| t.code() == s)
            .ok_or_else(|| {
                FieldError::new(
                    "school_type",
                    "Kies een schoolsoort: PO, SBO, SO, VSO, VO, MBO, ISK of VOORSCHOOL.",
                    "Choose a school type: PO, SBO, SO, VSO, VO, MBO, ISK or VOORSCHOOL.",
                )
            })
    }
}

/// School code: BRIN (2 digits + 2 letters), BRIN6 (BRIN + 2-digit location number), or an own code
/// for locations without a BRIN (pre-schools): letters, digits and hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchoolCode(String);

impl SchoolCode {
    pub fn parse(input: &str) -> Result<SchoolCode, FieldError> {
        let s: String = input
            .trim()
            .to_ascii_uppercase()
            .chars()
            .filter(|c| *c != ' ')
            .collect();
        let b = s.as_bytes();
        let brin4 = matches!(b, [d1, d2, a, x, ..]
            if d1.is_ascii_digit() && d2.is_ascii_digit() && a.is_ascii_alphabetic() && x.is_ascii_alphanumeric());
        let ok = match b {
            [_, _, _, _] if brin4 => true,
            [_, _, _, _, v1, v2] if brin4 => v1.is_ascii_digit() && v2.is_ascii_digit(),
            _ => {
                (3..=20).contains(&b.len())
                    && s.contains('-')
                    && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            }
        };
        if ok {
            Ok(SchoolCode(s))
        } else {
            Err(FieldError::new(
                "code",
                "Geef een BRIN (bijv. 16SW), BRIN6 (bijv. 16SW03) of een eigen code met een streepje (bijv. HVS-VVE-01).",
                "Give a BRIN (e.g. 16SW), a BRIN6 (e.g. 16SW03) or an own code with a hyphen (e.g. HVS-VVE-01).",
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Dutch postcode, normalised as `1234 AB`.
pub fn parse_postcode(input: &str) -> Result<String, FieldError> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    match s.as_bytes() {
        [d1, d2, d3, d4, l1, l2]
            if *d1 != b'0'
                && [d1, d2, d3, d4].iter().all(|d| d.is_ascii_digit())
                && l1.is_ascii_uppercase()
                && l2.is_ascii_uppercase() =>
        {
            let (digits, letters) = s.split_at(4);
            Ok(format!("{digits} {letters}"))
        }
        _ => Err(FieldError::new(
            "postcode",
            "Een postcode is vier cijfers en twee letters, bijvoorbeeld 1441 AB.",
            "A postcode is four digits and two letters, e.g. 1441 AB.",
        )),
    }
}

/// School holiday region of a location.
pub fn parse_holiday_region(input: &str) -> Result<String, FieldError> {
    let s = input.trim().to_lowercase();
    match s.as_str() {
        "noord" | "midden" | "zuid" => Ok(s),
        _ => Err(FieldError::new(
            "holiday_region",
            "Kies een vakantieregio: noord, midden of zuid.",
            "Choose a holiday region: noord, midden or zuid.",
        )),
    }
}

/// School year written as `2025-2026`.
pub fn parse_school_year(input: &str) -> Result<String, FieldError> {
    let s = input.trim();
    let parsed = s
        .split_once('-')
        .and_then(|(a, b)| Some((a.parse::<i32>().ok()?, b.parse::<i32>().ok()?)));
    match parsed {
        Some((a, b)) if b == a + 1 && (1990..2100).contains(&a) => Ok(format!("{a}-{b}")),
        _ => Err(FieldError::new(
            "school_year",
            "Schrijf een schooljaar als 2025-2026.",
            "Write a school year as 2025-2026.",
        )),
    }
}

fn parse_coordinate(
    field: &str,
    input: &str,
    range: std::ops::RangeInclusive<f64>,
) -> Result<Option<f64>, FieldError> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.replace(',', ".").parse::<f64>() {
        Ok(v) if range.contains(&v) => Ok(Some(v)),
        _ => Err(FieldError::new(
            field,
            "Geef een coördinaat als decimaal getal (WGS84), bijvoorbeeld 52,5012.",
            "Give a coordinate as a decimal number (WGS84), e.g. 52.5012.",
        )),
    }
}

/// A school location as entered on a form, in the API or in a CSV row; all text, parsed by `validate`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
pub struct SchoolInput {
    pub code: String,
    pub name: String,
    pub school_type: String,
    pub municipality_code: String,
    #[serde(default)]
    pub street_address: String,
    #[serde(default)]
    pub postcode: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub latitude: String,
    #[serde(default)]
    pub longitude: String,
    #[serde(default)]
    pub holiday_region: String,
}

/// A school location whose every field is valid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidSchool {
    pub code: SchoolCode,
    pub name: String,
    pub school_type: SchoolType,
    pub municipality_code: CbsCode,
    pub street_address: String,
    pub postcode: Option<String>,
    pub city: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub holiday_region: Option<String>,
}

impl SchoolInput {
    /// Checks every field; returns all problems at once so the user can fix them in one go.
    pub fn validate(&self) -> Result<ValidSchool, Vec<FieldError>> {
        let mut errors = Vec::new();
        let code = SchoolCode::parse(&self.code)
            .map_err(|e| errors.push(e))
            .ok();
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 200 {
            errors.push(FieldError::new(
                "name",
                "Vul de naam van de school in (hoogstens 200 tekens).",
                "Enter the school's name (at most 200 characters).",
            ));
        }
        let school_type = SchoolType::parse(&self.school_type)
            .map_err(|e| errors.push(e))
            .ok();
        let municipality_code = CbsCode::parse(&self.municipality_code)
            .map_err(|mut e| {
                e.field = "municipality_code".into();
                errors.push(e)
            })
            .ok();
        let postcode = if self.postcode.trim().is_empty() {
            None
        } else {
            parse_postcode(&self.postcode)
                .map_err(|e| errors.push(e))
                .ok()
        };
        let latitude = parse_coordinate("latitude", &self.latitude, 50.0..=54.0)
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        let longitude = parse_coordinate("longitude", &self.longitude, 3.0..=8.0)
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        if latitude.is_some() != longitude.is_some() && errors.is_empty() {
            errors.push(FieldError::new(
                "longitude",
                "Vul breedte- en lengtegraad allebei in, of geen van beide.",
                "Fill in both latitude and longitude, or neither.",
            ));
        }
        let holiday_region = if self.holiday_region.trim().is_empty() {
            None
        } else {
            parse_holiday_region(&self.holiday_region)
                .map_err(|e| errors.push(e))
                .ok()
        };
        match (code, school_type, municipality_code) {
            (Some(code), Some(school_type), Some(municipality_code)) if errors.is_empty() => {
                Ok(ValidSchool {
                    code,
                    name,
                    school_type,
                    municipality_code,
                    street_address: self.street_address.trim().to_string(),
                    postcode,
                    city: self.city.trim().to_string(),
                    latitude,
                    longitude,
                    holiday_region,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Which CSV column feeds which field. Accepts Schakel's own headers and both DUO header styles
/// (`BRIN NUMMER`/`VESTIGINGSNUMMER` and the newer `INSTELLINGSCODE`/`VESTIGINGSCODE`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SchoolCsvColumns {
    code: Option<usize>,
    brin: Option<usize>,
    location_number: Option<usize>,
    name: Option<usize>,
    school_type: Option<usize>,
    municipality_code: Option<usize>,
    street_address: Option<usize>,
    house_number: Option<usize>,
    postcode: Option<usize>,
    city: Option<usize>,
    latitude: Option<usize>,
    longitude: Option<usize>,
    holiday_region: Option<usize>,
}

/// A problem in one row of an import (row 1 is the header; data starts at row 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RowError {
    pub row: usize,
    pub field: String,
    pub message_nl: String,
    pub message_en: String,
}

impl SchoolCsvColumns {
    pub fn from_headers(headers: &[String]) -> Result<SchoolCsvColumns, RowError> {
        let mut c = SchoolCsvColumns::default();
        for (i, raw) in headers.iter().enumerate() {
            let h = raw
                .trim()
                .trim_start_matches('\u{feff}')
                .to_ascii_uppercase()
                .replace(['_', '-'], " ");
            match h.as_str() {
                "CODE" | "SCHOOLCODE" => c.code = Some(i),
                "BRIN NUMMER" | "BRIN" | "INSTELLINGSCODE" => c.brin = Some(i),
                "VESTIGINGSNUMMER" | "VESTIGINGSCODE" => c.location_number = Some(i),
                "NAME" | "NAAM" | "VESTIGINGSNAAM" | "INSTELLINGSNAAM"
                    if c.name.is_none() || h == "VESTIGINGSNAAM" =>
                {
                    c.name = Some(i)
                }
                "SCHOOL TYPE" | "SCHOOLSOORT" | "SOORT" | "ONDERWIJSSOORT" => {
                    c.school_type = Some(i)
                }
                "MUNICIPALITY CODE" | "GEMEENTECODE" | "GEMEENTENUMMER" => {
                    c.municipality_code = Some(i)
                }
                "STREET ADDRESS" | "ADRES" | "STRAATNAAM" => c.street_address = Some(i),
                "HUISNUMMER TOEVOEGING" | "HUISNUMMER" => c.house_number = Some(i),
                "POSTCODE" => c.postcode = Some(i),
                "CITY" | "PLAATS" | "PLAATSNAAM" => c.city = Some(i),
                "LATITUDE" | "LAT" | "BREEDTEGRAAD" => c.latitude = Some(i),
                "LONGITUDE" | "LON" | "LNG" | "LENGTEGRAAD" => c.longitude = Some(i),
                "HOLIDAY REGION" | "VAKANTIEREGIO" => c.holiday_region = Some(i),
                _ => {}
            }
        }
        let missing = if c.code.is_none() && c.brin.is_none() {
            Some("code / BRIN NUMMER / INSTELLINGSCODE")
        } else if c.name.is_none() {
            Some("name / VESTIGINGSNAAM")
        } else if c.school_type.is_none() {
            Some("school_type / SOORT")
        } else if c.municipality_code.is_none() {
            Some("municipality_code / GEMEENTENUMMER")
        } else {
            None
        };
        match missing {
            Some(col) => Err(RowError {
                row: 1,
                field: col.to_string(),
                message_nl: format!("De kolom '{col}' ontbreekt in de kopregel."),
                message_en: format!("The header row lacks the column '{col}'."),
            }),
            None => Ok(c),
        }
    }

    /// Turns one CSV record into form input. DUO's GEMEENTENUMMER is digits only; it becomes `GMxxxx`.
    pub fn input(&self, record: &[String]) -> SchoolInput {
        let get = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let code = match self.code {
            Some(_) => get(self.code),
            None => format!("{}{}", get(self.brin), get(self.location_number)),
        };
        let mut municipality_code = get(self.municipality_code);
        if !municipality_code.is_empty() && municipality_code.chars().all(|c| c.is_ascii_digit()) {
            municipality_code = format!("GM{municipality_code:0>4}");
        }
        let street = get(self.street_address);
        let number = get(self.house_number);
        SchoolInput {
            code,
            name: get(self.name),
            school_type: get(self.school_type),
            municipality_code,
            street_address: if number.is_empty() {
                street
            } else {
                format!("{street} {number}")
            },
            postcode: get(self.postcode),
            city: get(self.city),
            latitude: get(self.latitude),
            longitude: get(self.longitude),
            holiday_region: get(self.holiday_region),
        }
    }
}

/// The most hours a week a contract may hold: a full-time week in the field (CAO Sociaal Werk: 36, some 38–40).
pub const MAX_CONTRACT_HOURS: f64 = 40.0;

/// A worker's contract hours a week: empty (not recorded) or a number from 0 to [`MAX_CONTRACT_HOURS`].
pub fn parse_contract_hours(hours: Option<f64>) -> Result<Option<f64>, FieldError> {
    match hours {
        None => Ok(None),
        Some(h) if h.is_finite() && (0.0..=MAX_CONTRACT_HOURS).contains(&h) => Ok(Some(h)),
        Some(_) => Err(FieldError::new(
            "contract_hours",
            "Contracturen liggen tussen 0 en 40 uur per week.",
            "Contract hours lie between 0 and 40 hours a week.",
        )),
    }
}

/// How many hours a week the fixed hours of a worker's assignments exceed the contract, when they do.
/// No contract recorded: no warning (nothing to compare with).
pub fn hours_over_contract(assigned: f64, contract: Option<f64>) -> Option<f64> {
    let over = assigned - contract?;
    (over > 0.0).then_some(over)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cbs_codes() {
        assert_eq!(CbsCode::parse("gm0439").unwrap().as_str(), "GM0439");
        assert_eq!(CbsCode::parse("0439").unwrap().as_str(), "GM0439");
        assert!(CbsCode::parse("GM439").is_err());
        assert!(CbsCode::parse("GMabcd").is_err());
    }

    #[test]
    fn school_codes() {
        assert_eq!(SchoolCode::parse("16sw03").unwrap().as_str(), "16SW03");
        assert_eq!(SchoolCode::parse("16SW").unwrap().as_str(), "16SW");
        assert_eq!(
            SchoolCode::parse("HVS-VVE-01").unwrap().as_str(),
            "HVS-VVE-01"
        );
        assert!(SchoolCode::parse("16SW0").is_err());
        assert!(SchoolCode::parse("ABCD").is_err());
        assert!(SchoolCode::parse("").is_err());
    }

    #[test]
    fn postcodes() {
        assert_eq!(parse_postcode("1441ab").unwrap(), "1441 AB");
        assert_eq!(parse_postcode(" 1441 AB ").unwrap(), "1441 AB");
        assert!(parse_postcode("0441 AB").is_err());
        assert!(parse_postcode("1441 A").is_err());
    }

    #[test]
    fn school_years() {
        assert_eq!(parse_school_year("2025-2026").unwrap(), "2025-2026");
        assert!(parse_school_year("2025-2027").is_err());
        assert!(parse_school_year("2025").is_err());
    }

    #[test]
    fn validate_reports_every_problem() {
        let input = SchoolInput {
            code: "x".into(),
            name: "".into(),
            school_type: "PO".into(),
            municipality_code: "nope".into(),
            postcode: "12".into(),
            ..Default::default()
        };
        let errors = input.validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["code", "name", "municipality_code", "postcode"]);
    }

    #[test]
    fn duo_headers_both_styles() {
        let old: Vec<String> = [
            "BRIN NUMMER",
            "VESTIGINGSNUMMER",
            "VESTIGINGSNAAM",
            "SOORT",
            "POSTCODE",
            "PLAATSNAAM",
            "GEMEENTENUMMER",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let cols = SchoolCsvColumns::from_headers(&old).unwrap();
        let rec: Vec<String> = [
            "99WA",
            "01",
            "OBS De Linde",
            "PO",
            "9901AB",
            "Waterweide",
            "9901",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let school = cols.input(&rec).validate().unwrap();
        assert_eq!(school.code.as_str(), "99WA01");
        assert_eq!(school.municipality_code.as_str(), "GM9901");
        assert_eq!(school.postcode.as_deref(), Some("9901 AB"));

        let new: Vec<String> = [
            "INSTELLINGSCODE",
            "VESTIGINGSCODE",
            "VESTIGINGSNAAM",
            "SOORT",
            "GEMEENTENUMMER",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert!(SchoolCsvColumns::from_headers(&new).is_ok());
        let missing: Vec<String> = vec!["NAAM".into()];
        assert_eq!(SchoolCsvColumns::from_headers(&missing).unwrap_err().row, 1);
    }

    #[test]
    fn hours_over_contract_only_when_over() {
        let cases = [
            (55.0, Some(36.0), Some(19.0)),
            (36.0, Some(36.0), None),
            (35.5, Some(36.0), None),
            (36.5, Some(36.0), Some(0.5)),
            (10.0, Some(0.0), Some(10.0)),
            (0.0, Some(0.0), None),
            (55.0, None, None),
        ];
        for (assigned, contract, over) in cases {
            assert_eq!(
                hours_over_contract(assigned, contract),
                over,
                "{assigned} against {contract:?}"
            );
        }
    }

    #[test]
    fn contract_hours_from_0_to_40() {
        assert_eq!(parse_contract_hours(None), Ok(None));
        assert_eq!(parse_contract_hours(Some(0.0)), Ok(Some(0.0)));
        assert_eq!(parse_contract_hours(Some(40.0)), Ok(Some(40.0)));
        assert_eq!(parse_contract_hours(Some(28.5)), Ok(Some(28.5)));
        for bad in [-0.5, 40.5, 41.0, f64::NAN, f64::INFINITY] {
            let err = parse_contract_hours(Some(bad)).unwrap_err();
            assert_eq!(err.field, "contract_hours");
        }
    }
}
