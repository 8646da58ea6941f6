//! English formatting for the same texts (see `nl`): a point for decimals, a comma between thousands, `€`
//! before the amount, 24-hour times, capitalised weekday names.

use chrono::Weekday;

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An amount in euro cents: `€180`, `€12.50`, `€1,250`, `-€5`.
pub fn format_euro(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let euros = group_thousands(abs / 100);
    match abs % 100 {
        0 => format!("{sign}€{euros}"),
        c => format!("{sign}€{euros}.{c:02}"),
    }
}

/// A distance in metres: `600 m`, `1.2 km`.
pub fn format_distance(metres: u32) -> String {
    let tens = (u64::from(metres) + 5) / 10 * 10;
    if tens < 1000 {
        return format!("{tens} m");
    }
    let tenths = (u64::from(metres) + 50) / 100;
    format!("{}.{} km", group_thousands(tenths / 10), tenths % 10)
}

pub fn weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// Joins items as English lists: `a`, `a and b`, `a, b and c`.
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

/// The English name of a language, from an ISO 639 code; anything else is returned as given.
pub fn language(code: &str) -> String {
    let name = match code.trim().to_ascii_lowercase().as_str() {
        "nl" | "nld" | "dut" => "Dutch",
        "en" | "eng" => "English",
        "ar" | "ara" => "Arabic",
        "tr" | "tur" => "Turkish",
        "pl" | "pol" => "Polish",
        "uk" | "ukr" => "Ukrainian",
        "ru" | "rus" => "Russian",
        "so" | "som" => "Somali",
        "ti" | "tir" => "Tigrinya",
        "fa" | "fas" | "per" => "Persian",
        "prs" => "Dari",
        "ps" | "pus" => "Pashto",
        "ku" | "kur" => "Kurdish",
        "es" | "spa" => "Spanish",
        "pt" | "por" => "Portuguese",
        "fr" | "fra" | "fre" => "French",
        "de" | "deu" | "ger" => "German",
        "it" | "ita" => "Italian",
        "bg" | "bul" => "Bulgarian",
        "ro" | "ron" | "rum" => "Romanian",
        "hu" | "hun" => "Hungarian",
        "zh" | "zho" | "chi" => "Chinese",
        "pap" => "Papiamento",
        "srn" => "Sranan Tongo",
        "ber" | "zgh" | "tzm" | "rif" => "Berber (Tamazight)",
        "fy" | "fry" => "Frisian",
        "ngt" | "sgn-nl" => "Sign Language of the Netherlands",
        _ => return code.trim().to_string(),
    };
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_money_distances_and_lists() {
        assert_eq!(format_euro(125_050), "€1,250.50");
        assert_eq!(format_euro(-500), "-€5");
        assert_eq!(format_distance(1_234), "1.2 km");
        assert_eq!(format_distance(604), "600 m");
        assert_eq!(
            join_and(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(language("tr"), "Turkish");
        assert_eq!(language("Klingon"), "Klingon");
    }
}
