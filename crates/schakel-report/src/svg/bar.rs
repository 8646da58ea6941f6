//! The horizontal bar chart.

use std::fmt::Write as _;

use schakel_domain::Lang;
use schakel_domain::figures::Cell;

use super::{BarChart, BarValue, esc, id_prefix, n, open, text_width, wrap};
use crate::chart::{AXIS_COLOUR, Axis, BAR_COLOUR, GRID_COLOUR, hex};
use crate::number::format_number;

const WIDTH: f64 = 640.0;
const ROW: f64 = 28.0;
const BAR: f64 = 18.0;
/// Room right of the longest bar for its value label.
const VALUE_ROOM: f64 = 64.0;
/// The least width of a hatched bar under the threshold (on a long scale `< 5` would be a hairline).
const MIN_SMALL_BAR: f64 = 14.0;

/// The chart as an SVG document (see the [module documentation](super) for what every chart promises).
///
/// A bar under the threshold ([`BarValue::Small`]) is drawn hatched and outlined up to the threshold — it
/// lies somewhere in that span — (at least 14 units wide, so the hatching shows) and labelled `< k`; a withheld bar ([`BarValue::Hidden`]) has no bar, only
/// `•`. When a chart has either, the legend of the markers is printed under it.
pub fn bar_chart(c: &BarChart, lang: Lang) -> String {
    let p = id_prefix(&c.id_prefix);
    let threshold = c.threshold as f64;
    let (lo, hi) = c
        .bars
        .iter()
        .filter_map(|b| match b.value {
            BarValue::Value(v) if v.is_finite() => Some(v),
            BarValue::Small => Some(threshold),
            _ => None,
        })
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    let axis = Axis::nice(lo, hi, 5);

    let label_width = c
        .bars
        .iter()
        .map(|b| text_width(&b.label, 12.0))
        .fold(60.0, f64::max)
        .min(240.0);
    let left = 16.0 + label_width + 8.0;
    let right = WIDTH - VALUE_ROOM;
    let top = 60.0;
    let bottom = top + ROW * c.bars.len().max(1) as f64;
    let place_x = |v: f64| axis.place(v, left, right);
    let zero = place_x(0.0);

    let mut body = String::new();
    let _ = write!(
        body,
        "<defs><pattern id=\"{p}-hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" \
         patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{axis}\" stroke-width=\"2\"/></pattern></defs>\
         <text x=\"16\" y=\"24\" font-size=\"16\" font-weight=\"bold\">{title}</text>\
         <text x=\"{left}\" y=\"46\">{value_label}</text>",
        axis = hex(AXIS_COLOUR),
        title = esc(&c.title),
        left = n(left),
        value_label = esc(&c.value_label),
    );

    for t in axis.ticks() {
        let tx = place_x(t);
        let _ = write!(
            body,
            "<line x1=\"{x}\" y1=\"{top}\" x2=\"{x}\" y2=\"{b}\" stroke=\"{grid}\" stroke-width=\"1\"/>\
             <text x=\"{x}\" y=\"{ly}\" text-anchor=\"middle\">{label}</text>",
            x = n(tx),
            top = n(top),
            b = n(bottom),
            grid = hex(GRID_COLOUR),
            ly = n(bottom + 18.0),
            label = esc(&format_number(t, axis.decimals, lang)),
        );
    }

    let mut suppressed = false;
    for (i, b) in c.bars.iter().enumerate() {
        let row_top = top + ROW * i as f64;
        let bar_y = row_top + (ROW - BAR) / 2.0;
        let text_y = row_top + ROW / 2.0 + 4.0;
        let _ = write!(
            body,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            n(left - 8.0),
            n(text_y),
            esc(&b.label)
        );
        match b.value {
            BarValue::Value(v) if v.is_finite() => {
                let (x0, x1) = (zero.min(place_x(v)), zero.max(place_x(v)));
                let shown = format_number(v, c.decimals, lang);
                let _ = write!(
                    body,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR}\" fill=\"{}\"><title>{}</title></rect>\
                     <text x=\"{}\" y=\"{}\">{}</text>",
                    n(x0),
                    n(bar_y),
                    n((x1 - x0).max(0.0)),
                    hex(BAR_COLOUR),
                    esc(&format!("{}: {shown}", b.label)),
                    n(x1 + 6.0),
                    n(text_y),
                    esc(&shown)
                );
            }
            BarValue::Small => {
                suppressed = true;
                // Up to the threshold, but never too thin to see its hatching.
                let x1 = place_x(threshold).max(zero + MIN_SMALL_BAR);
                let shown = Cell::Small.text(c.threshold);
                let _ = write!(
                    body,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{BAR}\" fill=\"url(#{p}-hatch)\" \
                     stroke=\"{}\" stroke-width=\"1\" stroke-dasharray=\"3 2\"><title>{}</title></rect>\
                     <text x=\"{}\" y=\"{}\">{}</text>",
                    n(zero),
                    n(bar_y),
                    n((x1 - zero).max(0.0)),
                    hex(AXIS_COLOUR),
                    esc(&format!("{}: {shown}", b.label)),
                    n(x1 + 6.0),
                    n(text_y),
                    esc(&shown)
                );
            }
            BarValue::Hidden | BarValue::Value(_) => {
                suppressed |= b.value == BarValue::Hidden;
                let shown = if b.value == BarValue::Hidden {
                    Cell::Hidden.text(c.threshold)
                } else {
                    "–".to_owned()
                };
                let _ = write!(
                    body,
                    "<text x=\"{}\" y=\"{}\">{}</text>",
                    n(zero + 6.0),
                    n(text_y),
                    esc(&shown)
                );
            }
        }
    }
    let _ = write!(
        body,
        "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>",
        n(top),
        n(bottom),
        hex(AXIS_COLOUR),
        x = n(zero),
    );

    let mut height = bottom + 32.0;
    if suppressed {
        for line in wrap(&Cell::legend(c.threshold, lang), 96) {
            height += 16.0;
            let _ = write!(
                body,
                "<text x=\"16\" y=\"{}\" font-size=\"11\">{}</text>",
                n(height),
                esc(&line)
            );
        }
        height += 8.0;
    }

    let mut svg = open(&p, WIDTH, height, &c.title, &describe(c, lang));
    svg.push_str(&body);
    svg.push_str("</svg>");
    svg
}

/// The data in words, for the `<desc>`: every bar with its value as shown.
fn describe(c: &BarChart, lang: Lang) -> String {
    let bars: Vec<String> = c
        .bars
        .iter()
        .map(|b| {
            let shown = match b.value {
                BarValue::Value(v) if v.is_finite() => format_number(v, c.decimals, lang),
                BarValue::Value(_) => lang.pick("geen gegevens", "no data").to_owned(),
                BarValue::Small => {
                    format!("{} {}", lang.pick("minder dan", "fewer than"), c.threshold)
                }
                BarValue::Hidden => lang.pick("afgeschermd", "withheld").to_owned(),
            };
            format!("{} {shown}", b.label)
        })
        .collect();
    format!(
        "{}: {}. {}.",
        lang.pick("Staafdiagram", "Bar chart"),
        c.value_label,
        bars.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::svg::Bar;
    use crate::svg::tests::check_accessible;

    fn likert() -> BarChart {
        BarChart {
            id_prefix: "vraag-3".into(),
            title: "Ik voel me veilig op school <&\">".into(),
            value_label: "Aantal leerlingen".into(),
            bars: vec![
                Bar {
                    label: "Helemaal mee eens".into(),
                    value: BarValue::Value(1234.0),
                },
                Bar {
                    label: "Mee eens".into(),
                    value: BarValue::Value(56.0),
                },
                Bar {
                    label: "Oneens".into(),
                    value: BarValue::Small,
                },
                Bar {
                    label: "Helemaal oneens".into(),
                    value: BarValue::Hidden,
                },
            ],
            threshold: 5,
            decimals: 0,
        }
    }

    #[test]
    fn a_bar_chart_is_an_accessible_image() {
        let svg = bar_chart(&likert(), Lang::Nl);
        let (title, desc) = check_accessible(&svg, "vraag-3");
        assert_eq!(title, "Ik voel me veilig op school <&\">");
        assert!(svg.contains("Ik voel me veilig op school &lt;&amp;&quot;&gt;"));
        assert_eq!(
            desc,
            "Staafdiagram: Aantal leerlingen. Helemaal mee eens 1.234; Mee eens 56; \
             Oneens minder dan 5; Helemaal oneens afgeschermd."
        );
        // Direct value labels, Dutch grouping, the markers and their legend.
        assert!(svg.contains(">1.234</text>"));
        assert!(svg.contains(">&lt; 5</text>"));
        assert!(svg.contains(">•</text>"));
        assert!(svg.contains("fill=\"url(#vraag-3-hatch)\""));
        assert!(svg.contains("minder dan 5, niet getoond"));
        // Round ticks: 0, 250, 500, … in Dutch.
        assert!(
            svg.contains(">1.250</text>") || svg.contains(">1.500</text>"),
            "{svg}"
        );
    }

    #[test]
    fn without_suppression_there_is_no_legend() {
        let mut c = likert();
        c.bars.truncate(2);
        let svg = bar_chart(&c, Lang::En);
        check_accessible(&svg, "vraag-3");
        assert!(!svg.contains("fewer than"));
        assert!(svg.contains(">1,234</text>"));
    }
}
