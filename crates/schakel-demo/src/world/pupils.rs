//! Pupil counts over five school years for the demo's schools.

use super::WorldSchool;
use crate::rng::Rng;

/// The five school years of pupil counts in the demo (DUO counts on 1 October): the monitoring trend and
/// the effect estimate look back over them. The generator's two years are the middle ones.
pub(crate) const PUPIL_YEARS: [&str; 5] = [
    "2022-2023",
    "2023-2024",
    "2024-2025",
    "2025-2026",
    "2026-2027",
];

/// Extends the generator's two years of pupils to [`PUPIL_YEARS`]: two years back from the first and one
/// forward from the last, drifting by at most 3% a year within the school type's range. The drift comes
/// from a generator of its own per school (`seed` mixed with a hash of its code), so the world's other draws
/// stay the same.
pub(super) fn five_years(school: &mut WorldSchool, range: (i64, i64), seed: u64) {
    let own = school.code.bytes().fold(0xCBF2_9CE4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    });
    let mut rng = Rng::new(seed ^ own);
    let mut drift = |from: i64| (from * rng.between(97, 103) / 100).clamp(range.0, range.1);
    let (Some(first), Some(last)) = (
        school.pupils.first().map(|p| p.1),
        school.pupils.last().map(|p| p.1),
    ) else {
        return;
    };
    let second_year_back = drift(first);
    let two_years_back = drift(second_year_back);
    let next = drift(last);
    let counts = [two_years_back, second_year_back, first, last, next];
    school.pupils = PUPIL_YEARS
        .iter()
        .zip(counts)
        .map(|(year, n)| ((*year).to_string(), n))
        .collect();
}
