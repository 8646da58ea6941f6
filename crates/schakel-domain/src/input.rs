//! Rules for single fields of input that the domain's parse functions share: a date as `yyyy-mm-dd`, a text
//! with a length limit. Each answers with the field's error in Dutch and English, so a parse function can
//! collect the errors of every field and return them together (ADR 023).

use crate::org::FieldError;
use chrono::NaiveDate;

/// A date as `yyyy-mm-dd` (spaces around it allowed).
pub fn date(field: &str, s: &str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        FieldError::new(
            field,
            "Geef een datum als jjjj-mm-dd.",
            "Give a date as yyyy-mm-dd.",
        )
    })
}

/// A text of at most `max` characters, trimmed; `required`: not empty either. An empty field is asked to be
/// filled in; a text that is too long says how long it is (so a filled field is never told to be filled in).
pub fn text(field: &str, s: &str, max: usize, required: bool) -> Result<String, FieldError> {
    let t = s.trim().to_string();
    if required && t.is_empty() {
        return Err(FieldError::new(
            field,
            "Vul dit veld in.",
            "Fill in this field.",
        ));
    }
    let length = t.chars().count();
    if length > max {
        return Err(FieldError::new(
            field,
            &format!("Gebruik hoogstens {max} tekens; nu zijn het er {length}."),
            &format!("Use at most {max} characters; this has {length}."),
        ));
    }
    Ok(t)
}

/// The version an edit was based on: required, so that a stale edit is refused instead of overwriting.
pub fn version(v: Option<i64>) -> Result<i64, FieldError> {
    v.ok_or_else(|| {
        FieldError::new(
            "version",
            "De versie ontbreekt; laad de pagina opnieuw.",
            "The version is missing; reload the page.",
        )
    })
}

/// Collects the errors of every field: `take` keeps the value of a field that parsed and the error of one that
/// did not; `finish` answers all errors at once.
#[derive(Debug, Default)]
pub struct Fields {
    errors: Vec<FieldError>,
}

impl Fields {
    pub fn new() -> Fields {
        Fields::default()
    }

    pub fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    pub fn push(&mut self, e: FieldError) {
        self.errors.push(e);
    }

    /// The value built from the parsed fields when every field was right, all the errors otherwise.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, Vec<FieldError>> {
        match value {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ => Err(self.errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filled_field_is_never_told_to_be_filled_in() {
        let empty = text("note", "   ", 10, true).unwrap_err();
        assert_eq!(empty.message_nl, "Vul dit veld in.");
        let long = text("note", &"x".repeat(12), 10, true).unwrap_err();
        assert_eq!(
            long.message_nl,
            "Gebruik hoogstens 10 tekens; nu zijn het er 12."
        );
        assert_eq!(long.message_en, "Use at most 10 characters; this has 12.");
        assert_eq!(text("note", "", 10, false).ok(), Some(String::new()));
        assert_eq!(text("note", " ééé ", 3, true).ok(), Some("ééé".to_string()));
    }

    #[test]
    fn a_collector_answers_every_error() {
        let mut f = Fields::new();
        let d = f.take(date("a", "gisteren"));
        let t = f.take(text("b", "", 10, true));
        let ok = f.take(text("c", "ja", 10, true));
        let errors = f.finish(d.zip(t).zip(ok)).unwrap_err();
        let names: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
    }

    #[test]
    fn texts_are_trimmed_and_limited() {
        assert_eq!(text("x", "  ja ", 2, true).unwrap(), "ja");
        assert!(text("x", "nee", 2, false).is_err());
        assert_eq!(text("x", " ", 2, false).unwrap(), "");
        assert_eq!(
            date("x", " 2026-02-28 ").unwrap(),
            NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
        );
        assert!(date("x", "2026-02-30").is_err());
    }
}
