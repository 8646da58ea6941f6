//! Dutch formatting for the texts the worker reads: money, distances, times, weekdays and dates.
//! Dutch conventions: a comma for decimals, a dot between thousands, `€` before the amount,
//! 24-hour times, lower-case weekday and month names.

use chrono::{Datelike, NaiveDate, Weekday};

/// Groups an unsigned integer in threes with dots: `1250` → `1.250`.
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// An amount in euro cents, Dutch style: `€180`, `€12,50`, `€1.250`, `-€5`. Whole euros drop the cents.
pub fn format_euro(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let euros = group_thousands(abs / 100);
    match abs % 100 {
        0 => format!("{sign}€{euros}"),
        c => format!("{sign}€{euros},{c:02}"),
    }
}

/// A distance in metres as a person says it: below a kilometre in tens of metres (`600 m`), from a
/// kilometre on in tenths of a kilometre with a decimal comma (`1,2 km`).
pub fn format_distance(metres: u32) -> String {
    let tens = (u64::from(metres) + 5) / 10 * 10;
    if tens < 1000 {
        return format!("{tens} m");
    }
    let tenths = (u64::from(metres) + 50) / 100;
    format!("{},{} km", group_thousands(tenths / 10), tenths % 10)
}

/// Minutes since midnight as `15:00`.
pub fn format_minute(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// A time span as `15:00–16:30` (with an en dash).
pub fn format_span(start_minute: u32, end_minute: u32) -> String {
    format!(
        "{}–{}",
        format_minute(start_minute),
        format_minute(end_minute)
    )
}

/// The Dutch name of a weekday, lower case as in running text.
pub fn weekday_nl(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "maandag",
        Weekday::Tue => "dinsdag",
        Weekday::Wed => "woensdag",
        Weekday::Thu => "donderdag",
        Weekday::Fri => "vrijdag",
        Weekday::Sat => "zaterdag",
        Weekday::Sun => "zondag",
    }
}

const MONTHS_NL: [&str; 12] = [
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

/// A date as in a Dutch letter: `3 maart 2026`.
pub fn format_date_nl(date: NaiveDate) -> String {
    let month = MONTHS_NL
        .get(date.month0() as usize)
        .copied()
        .unwrap_or("?");
    format!("{} {} {}", date.day(), month, date.year())
}

/// Joins items as Dutch lists: `a`, `a en b`, `a, b en c`.
pub fn join_en(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} en {}", init.join(", "), last),
    }
}

/// The Dutch name of a language, from an ISO 639 code (`tr` → `Turks`) as used in the social map;
/// anything else (already a name, or an unknown code) is returned as given.
pub fn language_nl(code: &str) -> String {
    let name = match code.trim().to_ascii_lowercase().as_str() {
        "nl" | "nld" | "dut" => "Nederlands",
        "en" | "eng" => "Engels",
        "ar" | "ara" => "Arabisch",
        "tr" | "tur" => "Turks",
        "pl" | "pol" => "Pools",
        "uk" | "ukr" => "Oekraïens",
        "ru" | "rus" => "Russisch",
        "so" | "som" => "Somalisch",
        "ti" | "tir" => "Tigrinya",
        "fa" | "fas" | "per" => "Perzisch",
        "prs" => "Dari",
        "ps" | "pus" => "Pasjtoe",
        "ku" | "kur" => "Koerdisch",
        "es" | "spa" => "Spaans",
        "pt" | "por" => "Portugees",
        "fr" | "fra" | "fre" => "Frans",
        "de" | "deu" | "ger" => "Duits",
        "it" | "ita" => "Italiaans",
        "bg" | "bul" => "Bulgaars",
        "ro" | "ron" | "rum" => "Roemeens",
        "hu" | "hun" => "Hongaars",
        "zh" | "zho" | "chi" => "Chinees",
        "pap" => "Papiaments",
        "srn" => "Sranantongo",
        "ber" | "zgh" | "tzm" | "rif" => "Berbers (Tamazight)",
        "fy" | "fry" => "Fries",
        "ngt" | "sgn-nl" => "Nederlandse Gebarentaal",
        _ => return code.trim().to_string(),
    };
    name.to_string()
}

/// Whether a language code or name means Dutch.
pub(crate) fn is_dutch(code: &str) -> bool {
    matches!(
        code.trim().to_ascii_lowercase().as_str(),
        "nl" | "nld" | "dut" | "nederlands"
    )
}
