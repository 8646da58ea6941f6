//! Text helpers for search: "Ozdemir" finds "Özdemir".

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case without diacritics, for search keys.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_diacritics_and_case() {
        assert_eq!(fold("Özdemir"), "ozdemir");
        assert_eq!(fold("Çelik-Ağaoğlu"), "celik-agaoglu");
        assert_eq!(fold("Zoë"), "zoe");
    }
}
