//! Numbers for a reader: Dutch `1.234,5` (a point between thousands, a decimal comma), English `1,234.5`.

use schakel_domain::Lang;
use schakel_domain::figures::Cell;

/// `v` with `decimals` decimals, grouped by thousands in the reader's convention.
/// Not finite (NaN, ±∞) shows as `–`.
pub fn format_number(v: f64, decimals: usize, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".to_owned();
    }
    let (thousands, point) = lang.pick(('.', ','), (',', '.'));
    // Half away from zero (9,25 → 9,3), as a reader rounds; `format!` alone rounds half to even.
    let scale = 10f64.powi(i32::try_from(decimals).unwrap_or(i32::MAX));
    let rounded = if scale.is_finite() && (v * scale).abs() < 1e15 {
        (v * scale).round() / scale
    } else {
        v
    };
    let s = format!("{rounded:.decimals$}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    // "-0" and "-0,0" read as zero.
    let sign = if digits.chars().chain(frac.chars()).all(|c| c == '0') {
        ""
    } else {
        sign
    };
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    let len = digits.chars().count();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
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

/// A count grouped by thousands: Dutch `12.345`, English `12,345`.
pub fn format_count(n: u64, lang: Lang) -> String {
    format_number(n as f64, 0, lang)
}

/// A cell as a reader sees it: the count grouped by thousands, `< k` or `•`.
pub fn format_cell(cell: Cell, threshold: u64, lang: Lang) -> String {
    match cell {
        Cell::Count(n) => format_count(n, lang),
        Cell::Small | Cell::Hidden => cell.text(threshold),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_and_english_numbers() {
        assert_eq!(format_number(1234.5, 1, Lang::Nl), "1.234,5");
        assert_eq!(format_number(1234.5, 1, Lang::En), "1,234.5");
        assert_eq!(format_number(1_234_567.0, 0, Lang::Nl), "1.234.567");
        assert_eq!(format_number(-1234.25, 2, Lang::Nl), "-1.234,25");
        assert_eq!(format_number(-0.01, 1, Lang::Nl), "0,0");
        assert_eq!(format_number(999.0, 0, Lang::Nl), "999");
        assert_eq!(format_number(0.5, 2, Lang::En), "0.50");
        assert_eq!(format_number(9.25, 1, Lang::Nl), "9,3");
        assert_eq!(format_number(2.5, 0, Lang::Nl), "3");
        assert_eq!(format_number(f64::NAN, 1, Lang::Nl), "–");
        assert_eq!(format_count(12_345, Lang::Nl), "12.345");
        assert_eq!(format_cell(Cell::Small, 5, Lang::Nl), "< 5");
        assert_eq!(format_cell(Cell::Hidden, 5, Lang::Nl), "•");
        assert_eq!(format_cell(Cell::Count(1000), 5, Lang::En), "1,000");
    }
}
