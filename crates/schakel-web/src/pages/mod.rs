//! Server-rendered pages. A handler reads like the sentence a user would say: load, authorise, act,
//! log, render.

pub mod account;
pub mod admin;
pub mod appointment;
pub mod audit;
pub mod care;
pub mod cases;
pub mod form;
pub mod group;
pub mod group_kind;
pub mod group_participant;
pub mod home;
pub mod kik;
pub mod monitoring;
pub mod poll;
pub mod presence;
pub mod privacy;
pub mod referrals;
pub mod schools;
pub mod social_map;
pub mod staff;
pub mod view;

use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::Texts as _;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use schakel_domain::Principal;
use schakel_domain::org::FieldError;

/// What every page's layout needs.
#[derive(Clone, Debug)]
pub struct PageCtx {
    pub lang: Lang,
    pub principal: Option<Principal>,
    pub csrf: String,
    /// Which navigation item is current.
    pub nav: &'static str,
    pub demo: bool,
}

impl PageCtx {
    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }
    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }
    pub fn role_label(&self) -> &'static str {
        match &self.principal {
            Some(p) => self.lang.t(&format!("role.{}", p.role.as_str())),
            None => "",
        }
    }
    pub fn signed_in(&self) -> bool {
        self.principal.is_some()
    }
    /// Navigation items the user's role may open: (key, href, label).
    pub fn nav_items(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        let Some(p) = &self.principal else {
            return Vec::new();
        };
        let mut items = vec![("home", "/", self.t("nav.home"))];
        let candidates: [(&str, &str); 21] = [
            ("referrals", "/referrals"),
            ("cases", "/cases"),
            ("consultations", "/consultations"),
            ("group-activities", "/group-activities"),
            ("care-meetings", "/care-meetings"),
            ("presence", "/presence"),
            ("covers", "/covers"),
            ("appointments", "/appointments"),
            ("social-map", "/social-map"),
            ("figures", "/figures"),
            ("monitoring", "/monitoring"),
            ("team-dashboard", "/monitoring/team"),
            ("schools", "/schools"),
            ("assignments", "/assignments"),
            ("workers", "/workers"),
            ("teams", "/teams"),
            ("organisations", "/organisations"),
            ("municipalities", "/municipalities"),
            ("audit", "/audit"),
            ("consents", "/privacy/consents"),
            ("account", "/account"),
        ];
        for (key, href) in candidates {
            let allowed =
                crate::routes::rule_for("GET", href).is_some_and(|r| r.permits(Some(p.role)));
            if allowed {
                let label = self.lang.t(&format!("nav.{}", key.replace('-', "_")));
                items.push((key, href, label));
            }
        }
        items
    }
    pub fn is_current(&self, key: &str) -> bool {
        self.nav == key
    }
}

/// Renders a template into a page; a template error becomes a plain 500 page.
pub fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!("template error: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: PageCtx,
    status: u16,
    title: &'static str,
    message: &'static str,
}

fn error_texts(status: StatusCode, lang: Lang) -> (&'static str, &'static str) {
    let key = match status.as_u16() {
        403 => "forbidden",
        404 => "notfound",
        405 => "method",
        409 => "conflict",
        401 => "unauthorized",
        429 => "throttled",
        422 | 400 => "badrequest",
        _ => "internal",
    };
    (
        lang.t(&format!("error.{key}.title")),
        lang.t(&format!("error.{key}.text")),
    )
}

/// An error page without user context (unknown route, failed CSRF check).
pub fn plain_error_page(status: StatusCode, lang: Lang) -> Response {
    let (title, message) = error_texts(status, lang);
    let mut res = render(&ErrorPage {
        page: PageCtx {
            lang,
            principal: None,
            csrf: String::new(),
            nav: "",
            demo: false,
        },
        status: status.as_u16(),
        title,
        message,
    });
    *res.status_mut() = status;
    res
}

/// The page a signed-in user sees for a route their role may not use.
pub fn refusal_page(ctx: &Ctx) -> Response {
    error_page(ctx, StatusCode::FORBIDDEN)
}

pub fn error_page(ctx: &Ctx, status: StatusCode) -> Response {
    let (title, message) = error_texts(status, ctx.lang);
    let mut res = render(&ErrorPage {
        page: ctx.page(""),
        status: status.as_u16(),
        title,
        message,
    });
    *res.status_mut() = status;
    res
}

/// Turns an error of a page handler into the right page.
pub fn page_error(ctx: &Ctx, e: AppError) -> Response {
    if let AppError::Internal(msg) = &e {
        tracing::error!("internal error: {msg}");
    }
    error_page(ctx, e.status())
}

/// Field errors in the user's language, keyed by field.
#[derive(Debug, Clone, Default)]
pub struct FormErrors(pub Vec<FieldError>);

impl FormErrors {
    pub fn get(&self, field: &str, lang: &Lang) -> Option<String> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| match lang {
                Lang::Nl => e.message_nl.clone(),
                Lang::En => e.message_en.clone(),
            })
    }
    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }
    pub fn all(&self, lang: &Lang) -> Vec<String> {
        self.0
            .iter()
            .map(|e| match lang {
                Lang::Nl => e.message_nl.clone(),
                Lang::En => e.message_en.clone(),
            })
            .collect()
    }
}

/// A number for a reader: Dutch `1.234,5`, English `1,234.5`.
pub fn format_number(v: f64, decimals: usize, lang: Lang) -> String {
    let (thousands, point) = lang.pick(('.', ','), (',', '.'));
    let s = format!("{v:.decimals$}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let (sign, digits) = int.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", int));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{point}{frac}")
    }
}

/// An amount in euros for a reader: Dutch `€1.234,50`, English `€1,234.50`; whole euros without cents.
pub fn format_euro(cents: i64, lang: Lang) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let decimals = if abs.is_multiple_of(100) { 0 } else { 2 };
    format!(
        "{sign}€{}",
        format_number(abs as f64 / 100.0, decimals, lang)
    )
}

/// Dutch long date: `23 november 2026`; English: `23 November 2026`. Text that is not a date shows as it is.
pub fn format_date(iso: &str, lang: Lang) -> String {
    // `FromStr` reads ISO 8601 (YYYY-MM-DD) without interpreting a format string: a case page formats ~100 dates.
    match iso.get(..10).unwrap_or(iso).parse::<chrono::NaiveDate>() {
        Ok(d) => schakel_domain::lang::long_date(d, lang),
        Err(_) => iso.to_string(),
    }
}

/// A timeline entry's sentence in the reader's language: told from its event and parameters, or (an entry
/// stored before events had parameters) the Dutch sentence it was stored with. The case page's timeline
/// calls it (after the case page's rewrite; until then only the API tells entries in the reader's language).
pub fn timeline_text(event: &schakel_store::CaseEvent, lang: Lang) -> String {
    event.text_in(lang)
}

/// A date in a table: Dutch `23-11-2026` (dd-mm-jjjj), English `23/11/2026`. Text that is not a date shows
/// as it is.
pub fn format_short_date(iso: &str, lang: Lang) -> String {
    let Ok(d) = iso.get(..10).unwrap_or(iso).parse::<chrono::NaiveDate>() else {
        return iso.to_string();
    };
    d.format(lang.pick("%d-%m-%Y", "%d/%m/%Y")).to_string()
}

/// A stored instant (RFC 3339, UTC) as the reader's wall clock in Amsterdam: `23 november 2026 14:05`.
/// Text that is not an instant shows as it is.
pub fn format_timestamp(ts: &str, lang: Lang) -> String {
    let Ok(at) = chrono::DateTime::parse_from_rfc3339(ts) else {
        return ts.to_string();
    };
    let local = schakel_domain::local_time::amsterdam(at.with_timezone(&chrono::Utc));
    format!(
        "{} {}",
        format_date(&local.date().to_string(), lang),
        local.format("%H:%M")
    )
}

/// A stored instant as a short date and time for tables: `23-11-2026 14:05` in Amsterdam.
pub fn format_short_timestamp(ts: &str, lang: Lang) -> String {
    let Ok(at) = chrono::DateTime::parse_from_rfc3339(ts) else {
        return ts.to_string();
    };
    let local = schakel_domain::local_time::amsterdam(at.with_timezone(&chrono::Utc));
    format!(
        "{} {}",
        format_short_date(&local.date().to_string(), lang),
        local.format("%H:%M")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_numbers() {
        assert_eq!(format_number(1234.5, 1, Lang::Nl), "1.234,5");
        assert_eq!(format_number(1234567.0, 0, Lang::Nl), "1.234.567");
        assert_eq!(format_number(-12.25, 2, Lang::Nl), "-12,25");
        assert_eq!(format_number(999.0, 0, Lang::Nl), "999");
    }

    #[test]
    fn euros_per_language() {
        assert_eq!(format_euro(123450, Lang::Nl), "€1.234,50");
        assert_eq!(format_euro(123450, Lang::En), "€1,234.50");
        assert_eq!(format_euro(-18000, Lang::Nl), "-€180");
    }

    #[test]
    fn english_numbers() {
        assert_eq!(format_number(1234.5, 1, Lang::En), "1,234.5");
        assert_eq!(format_number(-1234567.25, 2, Lang::En), "-1,234,567.25");
    }

    #[test]
    fn short_dates_and_amsterdam_times() {
        assert_eq!(format_short_date("2026-03-01", Lang::Nl), "01-03-2026");
        assert_eq!(format_short_date("2026-03-01", Lang::En), "01/03/2026");
        assert_eq!(format_short_date("not a date", Lang::Nl), "not a date");
        // Winter: UTC+1; the evening of 30 November is 1 December in Amsterdam after 23:00 UTC.
        assert_eq!(
            format_timestamp("2026-11-30T23:30:00.000000Z", Lang::Nl),
            "1 december 2026 00:30"
        );
        // Summer: UTC+2.
        assert_eq!(
            format_timestamp("2026-07-01T10:05:00Z", Lang::En),
            "1 July 2026 12:05"
        );
        assert_eq!(
            format_short_timestamp("2026-07-01T10:05:00Z", Lang::Nl),
            "01-07-2026 12:05"
        );
        assert_eq!(format_timestamp("gisteren", Lang::Nl), "gisteren");
    }

    #[test]
    fn dutch_dates() {
        assert_eq!(format_date("2026-11-23", Lang::Nl), "23 november 2026");
        assert_eq!(
            format_date("2026-03-01T10:00:00Z", Lang::En),
            "1 March 2026"
        );
    }
}
