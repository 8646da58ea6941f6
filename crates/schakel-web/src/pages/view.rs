//! A small view model shared by the configuration pages: facts, tables, forms.

use super::{FormErrors, PageCtx, render};
use crate::i18n::Lang;
use askama::Template;
use axum::response::Response;

#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
    /// A small POST form in the cell: (action URL, button label).
    pub action: Option<(String, String)>,
}

impl Cell {
    pub fn text(t: impl Into<String>) -> Cell {
        Cell {
            text: t.into(),
            href: None,
            action: None,
        }
    }
    pub fn action(label: impl Into<String>, url: impl Into<String>) -> Cell {
        Cell {
            text: String::new(),
            href: None,
            action: Some((url.into(), label.into())),
        }
    }
    pub fn link(t: impl Into<String>, href: impl Into<String>) -> Cell {
        Cell {
            text: t.into(),
            href: Some(href.into()),
            action: None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Pagination {
    pub prev: Option<String>,
    pub next: Option<String>,
    pub label: String,
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub pagination: Option<Pagination>,
}

impl Table {
    /// The name of a column, shown beside each cell when the table reflows into stacked rows on a phone.
    pub fn label(&self, column: &usize) -> &str {
        self.headers.get(*column).map(String::as_str).unwrap_or("")
    }
}

#[derive(Debug, Clone, Default)]
pub struct Field {
    pub name: &'static str,
    /// The element id without the `f-` prefix; empty means the name.
    pub id: String,
    pub label: String,
    /// `text`, `number`, `date`, `email`, `select`, `checkbox`, `file`, `search`.
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<(String, String)>,
    pub hint: String,
    pub error: Option<String>,
    pub required: bool,
    /// For `number`: `min`, `max` and `step` (empty: the browser's defaults, whole numbers).
    pub range: Option<(&'static str, &'static str, &'static str)>,
    /// A number the browser must not keep in its form history (`autocomplete="off"`, digits keyboard): a BSN.
    pub private_number: bool,
}

impl Field {
    pub fn new(
        name: &'static str,
        label: &str,
        kind: &'static str,
        value: impl Into<String>,
    ) -> Field {
        Field {
            name,
            label: label.to_string(),
            kind,
            value: value.into(),
            required: true,
            ..Default::default()
        }
    }
    pub fn optional(mut self) -> Field {
        self.required = false;
        self
    }
    /// For `number`: the lowest and highest value and the step (e.g. `0.5` to allow half hours).
    pub fn range(mut self, min: &'static str, max: &'static str, step: &'static str) -> Field {
        self.range = Some((min, max, step));
        self
    }
    /// Not remembered by the browser, typed on a digits keyboard (a BSN on a shared school computer).
    pub fn private_number(mut self) -> Field {
        self.private_number = true;
        self
    }
    pub fn hint(mut self, hint: &str) -> Field {
        self.hint = hint.to_string();
        self
    }
    pub fn options(mut self, options: Vec<(String, String)>) -> Field {
        self.options = options;
        self
    }
    /// For `checkboxes`: is this option among the comma-separated values?
    pub fn dom_id(&self) -> &str {
        if self.id.is_empty() {
            self.name
        } else {
            &self.id
        }
    }
    /// What describes the field for `aria-describedby`: its hint, then its error (ids, space-separated); empty
    /// when it has neither, so a screen reader reads both when the field is reached from the error summary.
    pub fn described_by(&self) -> String {
        let id = self.dom_id();
        let hint = (!self.hint.is_empty()).then(|| format!("f-{id}-hint"));
        let error = self.error.is_some().then(|| format!("f-{id}-error"));
        hint.into_iter().chain(error).collect::<Vec<_>>().join(" ")
    }
    /// A part of a date kept as `year-month-day` (0 year, 1 month, 2 day), for the three-field date.
    pub fn date_part(&self, i: usize) -> &str {
        self.value.splitn(3, '-').nth(i).unwrap_or("")
    }
    pub fn is_selected(&self, value: &str) -> bool {
        self.value.split(',').any(|v| v == value)
    }
}

#[derive(Debug, Clone, Default)]
pub struct FormSpec {
    pub id: &'static str,
    pub title: String,
    pub action: String,
    pub submit: String,
    pub fields: Vec<Field>,
    pub version: Option<i64>,
    pub multipart: bool,
    pub danger: bool,
    /// Tells apart several forms of one kind on a page (one per participant, say): added to the form's DOM ids.
    pub key: String,
}

impl FormSpec {
    /// The form's DOM id: its kind, and its key when a page has several of the kind.
    pub fn dom_id(&self) -> String {
        if self.key.is_empty() {
            self.id.to_string()
        } else {
            format!("{}-{}", self.id, self.key)
        }
    }
    /// Gives every field an id scoped to this form, for pages with several forms.
    pub fn scoped(mut self) -> FormSpec {
        let form = self.dom_id();
        for f in &mut self.fields {
            f.id = format!("{form}-{}", f.name);
        }
        self
    }
    pub fn has_errors(&self) -> bool {
        self.fields.iter().any(|f| f.error.is_some())
    }
    /// Attaches field errors in the user's language.
    pub fn with_errors(mut self, errors: &FormErrors, lang: Lang) -> FormSpec {
        for f in &mut self.fields {
            f.error = errors.get(f.name, &lang);
        }
        self
    }
    /// Puts the submitted values back, so nothing typed is lost.
    pub fn with_values(mut self, values: &[(String, String)]) -> FormSpec {
        for f in &mut self.fields {
            if f.kind == "checkboxes" {
                f.value = values
                    .iter()
                    .filter(|(k, _)| k == f.name)
                    .map(|(_, v)| v.as_str())
                    .collect::<Vec<_>>()
                    .join(",");
            } else if f.kind == "date3" {
                let part = |suffix: &str| {
                    values
                        .iter()
                        .find(|(k, _)| *k == format!("{}_{suffix}", f.name))
                        .map(|(_, v)| v.trim().to_owned())
                        .unwrap_or_default()
                };
                f.value = format!("{}-{}-{}", part("year"), part("month"), part("day"));
            } else if f.kind == "checkbox" {
                f.value = if values.iter().any(|(k, _)| k == f.name) {
                    "on".into()
                } else {
                    String::new()
                };
            } else if let Some((_, v)) = values.iter().find(|(k, _)| k == f.name) {
                f.value = v.clone();
            }
        }
        self
    }
}

#[derive(Debug, Clone, Default)]
pub struct SearchSpec {
    pub action: String,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Default)]
pub struct AdminView {
    pub title: String,
    pub page_id: String,
    pub lead: String,
    pub breadcrumbs: Vec<(String, String)>,
    pub facts: Vec<(String, String)>,
    pub search: Option<SearchSpec>,
    pub tables: Vec<Table>,
    pub forms: Vec<FormSpec>,
    pub links: Vec<(String, String)>,
    pub success: Option<String>,
    /// A server-rendered SVG (already escaped), shown after the facts.
    pub svg: Option<String>,
    /// The user's own values of an edit that arrived too late.
    pub conflict: Option<Vec<(String, String)>>,
}

impl AdminView {
    /// Whether a form on the page came back with errors (the title then starts with "Fout: ").
    pub fn has_errors(&self) -> bool {
        self.forms.iter().any(FormSpec::has_errors)
    }
    /// Whether nothing was saved: a form came back with errors, or a change came too late (a conflict). The
    /// title then starts with "Fout: ", as on the case file.
    pub fn refused(&self) -> bool {
        self.has_errors() || self.conflict.is_some()
    }
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage<'a> {
    page: PageCtx,
    v: &'a AdminView,
}

/// Renders a kit page; a form shown again with its errors answers 422 and a stale change 409, as the API does,
/// so a client (htmx, a test, a proxy log) sees that nothing was saved.
pub fn render_admin(page: PageCtx, v: &AdminView) -> Response {
    let mut res = render(&AdminPage { page, v });
    if res.status().is_success() {
        if v.forms.iter().any(FormSpec::has_errors) {
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        } else if v.conflict.is_some() {
            *res.status_mut() = axum::http::StatusCode::CONFLICT;
        }
    }
    res
}
