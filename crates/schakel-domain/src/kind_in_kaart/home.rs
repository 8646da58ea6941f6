//! Where a child starts from, with as little as needed (ADR 030): the four digits of the home postcode (PC4),
//! never the letters, the street or coordinates; and the languages spoken at home, from a short fixed list.
//!
//! The place used for distances is the middle of what Schakel knows in that PC4 (schools and activities with
//! a location), else the child's school. A PC4 covers a neighbourhood of a few thousand addresses, which is
//! as precise as "can she cycle there" needs.

use serde::{Deserialize, Serialize};

use crate::org::FieldError;

/// The four digits of a Dutch postcode (1000–9999): a neighbourhood, not an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Pc4(u16);

impl Pc4 {
    /// A whole Dutch postcode, `1234 AB` or `1234AB` (letters in either case, spaces around ignored), kept as
    /// its four digits; an empty text is no postcode. The letters must be a pair Dutch postcodes use (not
    /// SA, SD or SS).
    pub fn parse(text: &str) -> Result<Option<Pc4>, FieldError> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(None);
        }
        if !t.is_ascii() {
            return Err(postcode_refused());
        }
        let compact: String = t.chars().filter(|c| *c != ' ').collect();
        let spaces = t.chars().filter(|c| *c == ' ').count();
        let (digits, letters) = compact.split_at(compact.len().min(4));
        let letters = letters.to_ascii_uppercase();
        let valid = spaces <= 1
            && (spaces == 0 || t.find(' ') == Some(4))
            && digits.len() == 4
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0')
            && letters.len() == 2
            && letters.bytes().all(|b| b.is_ascii_uppercase())
            && !matches!(letters.as_str(), "SA" | "SD" | "SS");
        match digits.parse::<u16>() {
            Ok(n) if valid => Ok(Some(Pc4(n))),
            _ => Err(postcode_refused()),
        }
    }

    /// The four digits of a stored PC4 (1000–9999).
    pub fn from_number(n: i64) -> Option<Pc4> {
        u16::try_from(n)
            .ok()
            .filter(|n| (1000..=9999).contains(n))
            .map(Pc4)
    }

    /// The four digits of a postcode as stored with a school or activity (`1234 AB`, `1234AB` or `1234`).
    pub fn of_address(postcode: &str) -> Option<Pc4> {
        let digits: String = postcode.trim().chars().take(4).collect();
        digits
            .parse::<i64>()
            .ok()
            .filter(|_| digits.len() == 4)
            .and_then(Pc4::from_number)
    }

    pub fn number(self) -> i64 {
        i64::from(self.0)
    }
}

impl std::fmt::Display for Pc4 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The refusal of a text that is no Dutch postcode.
pub fn postcode_refused() -> FieldError {
    FieldError::new(
        "postcode",
        "Geef een postcode zoals 1234 AB.",
        "Give a Dutch postcode such as 1234 AB.",
    )
}

/// Where the distances to activities are measured from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HomeFrom {
    /// The middle of the schools and activities Schakel knows in the child's PC4.
    Postcode,
    /// The child's school (no PC4, or nothing known in it).
    School,
    /// Neither is known: the middle of the country, so distances mean little.
    Unknown,
}

impl HomeFrom {
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            HomeFrom::Postcode => lang.pick(
                "het midden van de bekende scholen en activiteiten in de postcode (4 cijfers)",
                "the middle of the known schools and activities in the postcode (4 digits)",
            ),
            HomeFrom::School => lang.pick(
                "de school van het kind (geen postcode, of niets bekend in die postcode)",
                "the child's school (no postcode, or nothing known in it)",
            ),
            HomeFrom::Unknown => lang.pick(
                "onbekend: geen postcode en geen school met een locatie",
                "unknown: no postcode and no school with a location",
            ),
        }
    }
}

/// The place distances are measured from: the middle of the places known in the PC4, else the school, else
/// the middle of the country; and which of these it is.
pub fn home_location(in_pc4: &[(f64, f64)], school: Option<(f64, f64)>) -> ((f64, f64), HomeFrom) {
    let known: Vec<&(f64, f64)> = in_pc4
        .iter()
        .filter(|(lat, lon)| lat.is_finite() && lon.is_finite())
        .collect();
    if !known.is_empty() {
        let n = known.len() as f64;
        let lat = known.iter().map(|p| p.0).sum::<f64>() / n;
        let lon = known.iter().map(|p| p.1).sum::<f64>() / n;
        return ((lat, lon), HomeFrom::Postcode);
    }
    match school {
        Some(s) => (s, HomeFrom::School),
        None => ((52.1, 5.1), HomeFrom::Unknown),
    }
}

/// The languages a profile offers to tick: those spoken by the families school social work meets most and
/// named by the social map's activities (ISO 639 code, Dutch name, English name).
pub const LANGUAGES: &[(&str, &str, &str)] = &[
    ("nl", "Nederlands", "Dutch"),
    ("en", "Engels", "English"),
    ("ar", "Arabisch", "Arabic"),
    ("ber", "Berbers (Tamazight)", "Berber (Tamazight)"),
    ("tr", "Turks", "Turkish"),
    ("pl", "Pools", "Polish"),
    ("uk", "Oekraïens", "Ukrainian"),
    ("ti", "Tigrinya", "Tigrinya"),
    ("so", "Somalisch", "Somali"),
    ("fa", "Perzisch (Farsi)", "Persian (Farsi)"),
    ("ro", "Roemeens", "Romanian"),
    ("bg", "Bulgaars", "Bulgarian"),
    (
        "ngt",
        "Nederlandse Gebarentaal",
        "Sign Language of the Netherlands",
    ),
];

/// The languages ticked or sent, as codes from [`LANGUAGES`] in its order without repeats. Each may be given
/// as its code or its Dutch or English name (any case); anything else refuses the field `languages`.
pub fn parse_languages<S: AsRef<str>>(given: &[S]) -> Result<Vec<&'static str>, FieldError> {
    let mut codes = Vec::new();
    for g in given {
        let g = g.as_ref().trim();
        if g.is_empty() {
            continue;
        }
        let found = LANGUAGES.iter().find(|(code, nl, en)| {
            g.eq_ignore_ascii_case(code)
                || g.to_lowercase() == nl.to_lowercase()
                || g.eq_ignore_ascii_case(en)
        });
        match found {
            Some((code, _, _)) => codes.push(*code),
            None => {
                return Err(FieldError::new(
                    "languages",
                    &format!("Kies talen uit de lijst; '{g}' staat er niet in."),
                    &format!("Choose languages from the list; '{g}' is not in it."),
                ));
            }
        }
    }
    Ok(LANGUAGES
        .iter()
        .map(|(code, _, _)| *code)
        .filter(|c| codes.contains(c))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postcode_is_kept_as_its_four_digits() {
        for ok in ["1234 AB", "1234AB", " 9901 zx ", "9999ZZ"] {
            let pc4 = Pc4::parse(ok).unwrap().unwrap();
            assert!(pc4.number() == 1234 || pc4.number() >= 9901, "{ok}");
        }
        assert_eq!(Pc4::parse("3011 XY").unwrap(), Pc4::from_number(3011));
        assert_eq!(Pc4::parse("").unwrap(), None);
        for bad in [
            "0123 AB",
            "123 AB",
            "12345 AB",
            "1234",
            "1234 A",
            "1234 ABC",
            "1234 SS",
            "1234 SA",
            "1234 sd",
            "12 34AB",
            "1234  AB",
            "1234 A1",
            "abcd EF",
            "١٢٣٤ AB",
        ] {
            let refused = Pc4::parse(bad).unwrap_err();
            assert_eq!(refused.field, "postcode", "{bad}");
        }
        assert_eq!(Pc4::of_address("9901 AB"), Pc4::from_number(9901));
        assert_eq!(Pc4::of_address(""), None);
        assert_eq!(Pc4::from_number(999), None);
    }

    #[test]
    fn home_is_the_middle_of_the_pc4_else_the_school() {
        let (at, from) = home_location(&[(52.0, 5.0), (52.2, 5.4)], Some((51.0, 4.0)));
        assert_eq!(from, HomeFrom::Postcode);
        assert!(
            (at.0 - 52.1).abs() < 1e-9 && (at.1 - 5.2).abs() < 1e-9,
            "{at:?}"
        );
        assert_eq!(
            home_location(&[], Some((51.0, 4.0))),
            ((51.0, 4.0), HomeFrom::School)
        );
        assert_eq!(home_location(&[], None).1, HomeFrom::Unknown);
    }

    #[test]
    fn languages_are_chosen_from_the_list_by_code_or_name() {
        assert_eq!(
            parse_languages(&["Turks", "nl", "ARABIC", "nl", " "]).unwrap(),
            ["nl", "ar", "tr"]
        );
        assert_eq!(parse_languages(&["oekraïens"]).unwrap(), ["uk"]);
        assert_eq!(
            parse_languages(&["Klingon"]).unwrap_err().field,
            "languages"
        );
        assert!(parse_languages::<&str>(&[]).unwrap().is_empty());
    }
}
