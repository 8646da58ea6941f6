//! Figures for funders: small numbers are suppressed so no child can be recognised.
//!
//! - [`table`]: a table of counts as computed ([`CountTable`]) and as it may be shown ([`ProtectedTable`]).
//! - [`protect`]: primary and complementary suppression over a table and the totals it shows
//!   ([`threshold_for`] gives an organisation's threshold; [`exposed`] names what no truthful table can hide).
//! - [`effect`]: the difference-in-differences estimate of an arrangement's effect, with its interval.

pub mod effect;
pub mod protect;
pub mod table;

pub use protect::{Figure, exposed, protect, protect_and_audit, protect_knowing, threshold_for};
pub use table::{Cell, CountTable, ProtectedTable, rate};

/// Counts below this are shown as "< 5" to municipality accounts (an organisation may raise it, never lower
/// it: [`threshold_for`]).
pub const SMALL_NUMBER: i64 = 5;

/// The highest threshold an organisation may set: above it most tables of a school year would show nothing.
pub const MAX_THRESHOLD: i64 = 50;

/// An organisation's own threshold as it asks to set it: at least [`SMALL_NUMBER`] (it may raise it, never lower
/// it), at most [`MAX_THRESHOLD`].
pub fn check_threshold(k: i64) -> Result<i64, crate::org::FieldError> {
    if (SMALL_NUMBER..=MAX_THRESHOLD).contains(&k) {
        Ok(k)
    } else {
        Err(crate::org::FieldError::new(
            "figures_threshold",
            &format!(
                "Kies {SMALL_NUMBER} tot {MAX_THRESHOLD}: aantallen kleiner dan {SMALL_NUMBER} worden nooit getoond."
            ),
            &format!(
                "Choose {SMALL_NUMBER} to {MAX_THRESHOLD}: counts below {SMALL_NUMBER} are never shown."
            ),
        ))
    }
}

/// Whether a count is too small to show (1..threshold; 0 reveals no one).
pub fn is_suppressed(n: i64, threshold: i64) -> bool {
    n > 0 && n < threshold
}

/// The count as shown: `"< threshold"` for 1..threshold, the number otherwise (0 stays 0).
/// Anything derived from a suppressed count (an amount, an average) must be withheld with it —
/// see [`is_suppressed`].
pub fn shown(n: i64, threshold: i64) -> String {
    if is_suppressed(n, threshold) {
        format!("< {threshold}")
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_organisation_may_raise_the_threshold_never_lower_it() {
        assert_eq!(super::check_threshold(5).ok(), Some(5));
        assert_eq!(super::check_threshold(10).ok(), Some(10));
        for wrong in [4, 2, 0, -1, 51] {
            let e = super::check_threshold(wrong).err();
            assert_eq!(
                e.map(|e| e.field),
                Some("figures_threshold".to_string()),
                "{wrong}"
            );
        }
    }

    use super::*;

    #[test]
    fn small_numbers_are_suppressed_at_the_boundary() {
        assert_eq!(shown(0, SMALL_NUMBER), "0");
        assert_eq!(shown(1, SMALL_NUMBER), "< 5");
        assert_eq!(shown(4, SMALL_NUMBER), "< 5");
        assert_eq!(shown(5, SMALL_NUMBER), "5");
        assert_eq!(shown(3, 0), "3");
    }
}
