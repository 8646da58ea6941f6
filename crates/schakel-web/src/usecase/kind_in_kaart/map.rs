//! The Kind in Kaart map: a server-rendered SVG with the child's home and school in the middle, distance rings,
//! and the suggestions numbered as in the list, spread apart where they would cover each other.

use super::xml_escape;
use schakel_domain::kind_in_kaart::{ChildProfile, Suggestion};
use schakel_store::ActivityRow;

/// The words on the map, in the reader's language.
pub struct MapTexts<'a> {
    /// The map's accessible name.
    pub label: &'a str,
    pub home: &'a str,
    pub school: &'a str,
}

/// The smallest distance between two markers' centres, in the map's units: a marker has radius 11.
const MARKER_SPACING: f64 = 24.0;

/// Moves markers that would cover each other apart, so every number stays readable (issue 11: "labels
/// overlapping"): each pass pushes each pair that is too close apart along the line between them (straight right
/// and left when they sit on one spot), at most 60 passes, kept inside the map. Returns the new positions in the
/// same order; a marker that was not in the way stays where it is.
pub fn spread_markers(points: &[(f64, f64)], width: f64, height: f64) -> Vec<(f64, f64)> {
    let mut placed: Vec<(f64, f64)> = points.to_vec();
    let margin = MARKER_SPACING / 2.0;
    for _ in 0..60 {
        let mut moved = false;
        for i in 0..placed.len() {
            let (head, tail) = placed.split_at_mut(i + 1);
            let Some(a) = head.last_mut() else {
                continue;
            };
            for (k, b) in tail.iter_mut().enumerate() {
                let (dx, dy) = (b.0 - a.0, b.1 - a.1);
                let distance = dx.hypot(dy);
                if distance >= MARKER_SPACING - 0.01 {
                    continue;
                }
                // On one spot: apart by their order, each next one turned by the golden angle, so they fan out.
                let (ux, uy) = if distance < 1e-6 {
                    let turn = ((i + k + 1) as f64) * 2.399;
                    (turn.cos(), turn.sin())
                } else {
                    (dx / distance, dy / distance)
                };
                let push = (MARKER_SPACING - distance) / 2.0 + 0.01;
                *a = (a.0 - ux * push, a.1 - uy * push);
                *b = (b.0 + ux * push, b.1 + uy * push);
                moved = true;
            }
        }
        for p in &mut placed {
            p.0 = p.0.clamp(margin, width - margin);
            p.1 = p.1.clamp(margin, height - margin);
        }
        if !moved {
            break;
        }
    }
    placed
}

/// A server-rendered SVG map: the child's home/school in the middle, suggestions numbered as in the list. Markers
/// that would cover each other are spread apart, with a thin line to the activity's own spot.
pub fn svg_map(
    profile: &ChildProfile,
    suggestions: &[Suggestion],
    rows: &[ActivityRow],
    texts: &MapTexts,
) -> String {
    let (clat, clon) = profile.home;
    let points: Vec<(usize, f64, f64, String)> = suggestions
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            rows.iter()
                .find(|r| r.id == s.activity_id)
                .map(|r| (i + 1, r.latitude, r.longitude, r.name.clone()))
        })
        .collect();
    let km_per_lat = 111.32;
    let km_per_lon = 111.32 * clat.to_radians().cos();
    let extent = points
        .iter()
        .map(|(_, la, lo, _)| {
            ((la - clat) * km_per_lat)
                .abs()
                .max(((lo - clon) * km_per_lon).abs())
        })
        .fold(1.0_f64, f64::max)
        .max(
            profile
                .school
                .map(|(la, lo)| {
                    ((la - clat) * km_per_lat)
                        .abs()
                        .max(((lo - clon) * km_per_lon).abs())
                })
                .unwrap_or(0.0),
        )
        * 1.15;
    let (w, h) = (480.0, 480.0);
    let xy = |la: f64, lo: f64| {
        (
            w / 2.0 + (lo - clon) * km_per_lon / extent * (w / 2.0 - 20.0),
            h / 2.0 - (la - clat) * km_per_lat / extent * (h / 2.0 - 20.0),
        )
    };
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\" aria-label=\"{}\"><rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#f4f7f9\" stroke=\"#8a9aa6\"/>",
        xml_escape(texts.label)
    );
    // Rings every km around home.
    for km in [1.0, 2.0, 5.0] {
        if km <= extent {
            let r = km / extent * (w / 2.0 - 20.0);
            svg.push_str(&format!("<circle cx=\"{}\" cy=\"{}\" r=\"{r:.1}\" fill=\"none\" stroke=\"#c5d0d8\" stroke-dasharray=\"4 4\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#4a5a66\">{} km</text>", w / 2.0, h / 2.0, w / 2.0 + r + 2.0, h / 2.0 - 2.0, km));
        }
    }
    svg.push_str(&format!("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"#00607a\"/><text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#1a1a1a\">{}</text>", w / 2.0 - 7.0, h / 2.0 - 7.0, w / 2.0 + 10.0, h / 2.0 + 18.0, xml_escape(texts.home)));
    if let Some((sla, slo)) = profile.school {
        let (x, y) = xy(sla, slo);
        svg.push_str(&format!("<polygon points=\"{x:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"#6b3fa0\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\">{}</text>", y - 8.0, x - 8.0, y + 6.0, x + 8.0, y + 6.0, x + 10.0, y + 4.0, xml_escape(texts.school)));
    }
    let spots: Vec<(f64, f64)> = points.iter().map(|(_, la, lo, _)| xy(*la, *lo)).collect();
    let markers = spread_markers(&spots, w, h);
    for ((n, _, _, name), ((sx, sy), (x, y))) in points.iter().zip(spots.iter().zip(&markers)) {
        // A marker moved off its spot points back to it.
        if (sx - x).hypot(sy - y) > 1.0 {
            svg.push_str(&format!(
                "<line x1=\"{sx:.1}\" y1=\"{sy:.1}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"#b3541e\" stroke-width=\"1.5\"/><circle cx=\"{sx:.1}\" cy=\"{sy:.1}\" r=\"2.5\" fill=\"#b3541e\"/>"
            ));
        }
        svg.push_str(&format!(
            "<g><title>{n}. {}</title><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"11\" fill=\"#b3541e\"/><text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\" fill=\"#ffffff\" text-anchor=\"middle\">{n}</text></g>",
            xml_escape(name),
            y + 4.0
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_on_one_spot_are_spread_apart_and_others_stay() {
        let spots = [
            (240.0, 240.0),
            (240.0, 240.0),
            (240.0, 240.0),
            (241.0, 239.0),
            (470.0, 10.0),
            (100.0, 400.0),
        ];
        let placed = spread_markers(&spots, 480.0, 480.0);
        for (i, a) in placed.iter().enumerate() {
            assert!(
                (12.0..=468.0).contains(&a.0) && (12.0..=468.0).contains(&a.1),
                "{a:?} inside"
            );
            for b in &placed[i + 1..] {
                let d = (a.0 - b.0).hypot(a.1 - b.1);
                assert!(
                    d >= MARKER_SPACING - 0.05,
                    "{a:?} and {b:?} are {d:.1} apart"
                );
            }
        }
        assert_eq!(placed[5], (100.0, 400.0), "a marker in nobody's way stays");
        assert_eq!(spread_markers(&[], 480.0, 480.0), Vec::new());
    }
}
