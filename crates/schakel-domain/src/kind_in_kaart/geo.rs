//! Great-circle distance on a sphere (haversine) and the bounding box of a circle around a point.
//!
//! Haversine, for two points with latitude φ and longitude λ (radians) on a sphere of radius R:
//!
//! ```text
//! a = sin²((φ₂ − φ₁) / 2) + cos φ₁ · cos φ₂ · sin²((λ₂ − λ₁) / 2)
//! d = 2 R · asin(min(1, √a))
//! ```
//!
//! With R the mean Earth radius (6,371 km) the error against the ellipsoid is below 0.5 %: a few
//! metres over the kilometres a child walks or cycles, which is far below what matters here.
//! Straight-line distance is not route distance; the worker knows the neighbourhood (a canal or
//! a motorway may be in between).

use std::f64::consts::FRAC_PI_2;

/// Mean Earth radius in metres (IUGG).
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A point with its cosine of latitude computed once. Built only from valid coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Point {
    pub lat: f64,
    pub lon: f64,
    pub cos_lat: f64,
}

impl Point {
    /// `None` unless latitude is in [-90, 90] and longitude in [-180, 180] (and both finite).
    pub fn new(lat: f64, lon: f64) -> Option<Point> {
        valid(lat, lon).then(|| Point {
            lat,
            lon,
            cos_lat: lat.to_radians().cos(),
        })
    }
}

/// Whether a latitude/longitude pair is a place on Earth.
pub(crate) fn valid(lat: f64, lon: f64) -> bool {
    (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)
}

/// Haversine distance in metres between two points (see the module docs for the formula).
pub(crate) fn haversine_m(p: &Point, q: &Point) -> f64 {
    let dphi = (q.lat - p.lat).to_radians();
    let dlambda = (q.lon - p.lon).to_radians();
    let s1 = (dphi / 2.0).sin();
    let s2 = (dlambda / 2.0).sin();
    let a = s1 * s1 + p.cos_lat * q.cos_lat * s2 * s2;
    2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
}

/// Haversine distance in metres between two latitude/longitude pairs (degrees); `None` when either
/// is not a valid place.
pub fn distance_m(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> Option<f64> {
    Some(haversine_m(
        &Point::new(lat1, lon1)?,
        &Point::new(lat2, lon2)?,
    ))
}

/// Degrees: `(lat_min, lat_max, lon_min, lon_max)`.
pub(crate) type BBox = (f64, f64, f64, f64);

/// The latitude/longitude box (degrees) that contains every point within `radius_m` of `p`, or
/// `None` when the circle is too large, touches a pole or crosses the ±180° meridian (then the
/// caller scans everything, which is always correct).
///
/// Every point at angular distance δ = r/R from (φ₀, λ₀) has |φ − φ₀| ≤ δ and, when the cap does
/// not contain a pole, |λ − λ₀| ≤ asin(sin δ / cos φ₀).
pub(crate) fn bbox(p: &Point, radius_m: f64) -> Option<BBox> {
    let delta = radius_m / EARTH_RADIUS_M;
    if !(delta.is_finite() && (0.0..FRAC_PI_2).contains(&delta)) {
        return None;
    }
    let lat0 = p.lat.to_radians();
    let (lat_lo, lat_hi) = (lat0 - delta, lat0 + delta);
    if lat_lo <= -FRAC_PI_2 || lat_hi >= FRAC_PI_2 {
        return None;
    }
    let s = delta.sin() / lat0.cos();
    if s.is_nan() || s >= 1.0 {
        return None;
    }
    let dlon = s.asin().to_degrees();
    // A hair wider than exact, for rounding in the degree/radian conversions.
    const PAD: f64 = 1e-6;
    let (lon_lo, lon_hi) = (p.lon - dlon - PAD, p.lon + dlon + PAD);
    if lon_lo < -180.0 || lon_hi > 180.0 {
        return None;
    }
    Some((
        lat_lo.to_degrees() - PAD,
        lat_hi.to_degrees() + PAD,
        lon_lo,
        lon_hi,
    ))
}
