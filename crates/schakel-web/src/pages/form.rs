//! Page forms (ADR 023): each form is a struct of the fields as typed (`String`, `Option<String>` for a
//! checkbox, `Vec<String>` for a list of checkboxes), read with [`Form`] (serde_html_form, so repeated keys
//! become a list) and turned into the use case's input by the page. The struct is written back as pairs by
//! [`values_of`] when the form is shown again with its errors or in a conflict, so nothing typed is lost.

use schakel_domain::org::FieldError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::str::FromStr;

/// The extractor for page forms: like axum's `Form`, and repeated keys become a `Vec`.
pub use axum_extra::extract::Form;

/// A form as name/value pairs in the order sent, as `FormSpec::with_values` and the conflict message read it.
pub type Values = Vec<(String, String)>;

/// A form struct as the pairs a browser would have sent: a checkbox left open (`None`) is left out, a list
/// gives one pair per value.
pub fn values_of<T: Serialize>(form: &T) -> Values {
    serde_html_form::to_string(form)
        .ok()
        .and_then(|s| serde_html_form::from_str(&s).ok())
        .unwrap_or_default()
}

/// Pairs read back into a form struct (the inverse of [`values_of`]), for a step that carries a form's values on.
pub fn form_of<T: DeserializeOwned + Default>(values: &Values) -> T {
    serde_html_form::to_string(values)
        .ok()
        .and_then(|s| serde_html_form::from_str(&s).ok())
        .unwrap_or_default()
}

/// A checkbox: ticked when it was sent as `on` (or `true`).
pub fn ticked(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|v| v == "on" || v == "true")
}

/// A number as typed: `None` when empty or not a number, so the use case names the field.
pub fn number<T: FromStr>(s: &str) -> Option<T> {
    s.trim().parse().ok()
}

/// A decimal number as typed (a comma or a point): `None` when empty; when it is not a number, `None` and the
/// field's error, for the use case to refuse with the other fields.
pub fn decimal(s: &str, refused: FieldError) -> (Option<f64>, Vec<FieldError>) {
    let s = s.trim();
    if s.is_empty() {
        return (None, Vec::new());
    }
    match s.replace(',', ".").parse::<f64>() {
        Ok(n) => (Some(n), Vec::new()),
        Err(_) => (None, vec![refused]),
    }
}

/// The numbers of a list of checkboxes or selects; a value that is not a number is left out.
pub fn numbers(list: &[String]) -> Vec<i64> {
    list.iter().filter_map(|v| number(v)).collect()
}

/// A text as typed, without the spaces around it.
pub fn trim(s: &str) -> String {
    s.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, serde::Deserialize, Default)]
    #[serde(default)]
    struct Example {
        name: String,
        minutes: String,
        agreed: Option<String>,
        ids: Vec<String>,
    }

    #[test]
    fn a_form_reads_lists_and_is_written_back_as_sent() {
        let form: Example =
            serde_html_form::from_str("name=Sanne+de+Vries&minutes=3x&ids=2&ids=5&ids=").unwrap();
        assert_eq!(form.ids, ["2", "5", ""]);
        assert_eq!(form.agreed, None);
        assert_eq!(numbers(&form.ids), [2, 5]);
        assert_eq!(number::<i64>(&form.minutes), None);
        let pairs = values_of(&form);
        let expect: Values = [
            ("name", "Sanne de Vries"),
            ("minutes", "3x"),
            ("ids", "2"),
            ("ids", "5"),
            ("ids", ""),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(pairs, expect);
        let ticked_form: Example = serde_html_form::from_str("agreed=on").unwrap();
        assert!(ticked(&ticked_form.agreed));
        assert!(values_of(&ticked_form).contains(&("agreed".into(), "on".into())));
    }
}
