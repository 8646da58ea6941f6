//! The line chart.

use std::fmt::Write as _;

use schakel_domain::Lang;

use super::{LineChart, esc, id_prefix, n, open, text_width};
use crate::chart::{AXIS_COLOUR, Axis, GRID_COLOUR, Marker, SeriesStyle, hex, series_style};
use crate::number::format_number;

const WIDTH: f64 = 640.0;
/// The least room left of the plot, for the tick labels.
const LEFT: f64 = 64.0;
const RIGHT: f64 = 24.0;
const PLOT_HEIGHT: f64 = 220.0;

/// The chart as an SVG document (see the [module documentation](super) for what every chart promises).
/// A `None` value leaves a gap in its line; a point with gaps on both sides shows as its marker alone.
pub fn line_chart(c: &LineChart, lang: Lang) -> String {
    let p = id_prefix(&c.id_prefix);
    let values = c.series.iter().flat_map(|s| s.values.iter().flatten());
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    let axis = Axis::nice(lo, hi, 5);
    let widest_tick = axis
        .ticks()
        .iter()
        .map(|t| text_width(&format_number(*t, axis.decimals, lang), 12.0))
        .fold(0.0, f64::max);
    let left = (16.0 + widest_tick + 8.0).max(LEFT);

    // Title, then the legend (wrapping onto more rows when needed), then the y label, then the plot.
    let mut body = String::new();
    let _ = write!(
        body,
        "<text x=\"16\" y=\"24\" font-size=\"16\" font-weight=\"bold\">{}</text>",
        esc(&c.title)
    );
    let mut x = 16.0;
    let mut y = 48.0;
    for (i, s) in c.series.iter().enumerate() {
        let style = series_style(i);
        let w = 40.0 + text_width(&s.name, 12.0) + 24.0;
        if x + w > WIDTH - RIGHT && x > 16.0 {
            x = 16.0;
            y += 20.0;
        }
        let _ = write!(
            body,
            "<g>{}{}<text x=\"{}\" y=\"{}\">{}</text></g>",
            line(style, &format!("M{} {}H{}", n(x), n(y - 4.0), n(x + 32.0))),
            marker(style, x + 16.0, y - 4.0, None),
            n(x + 40.0),
            n(y),
            esc(&s.name)
        );
        x += w;
    }
    let top = y + 32.0;
    let bottom = top + PLOT_HEIGHT;
    let right = WIDTH - RIGHT;
    let _ = write!(
        body,
        "<text x=\"16\" y=\"{}\" font-size=\"12\">{}</text>",
        n(top - 12.0),
        esc(&c.y_label)
    );

    // Value axis: grid lines and tick labels.
    let place_y = |v: f64| axis.place(v, bottom, top);
    for t in axis.ticks() {
        let ty = place_y(t);
        let _ = write!(
            body,
            "<line x1=\"{left}\" y1=\"{y}\" x2=\"{right}\" y2=\"{y}\" stroke=\"{grid}\" stroke-width=\"1\"/>\
             <text x=\"{lx}\" y=\"{ly}\" text-anchor=\"end\">{label}</text>",
            y = n(ty),
            grid = hex(GRID_COLOUR),
            lx = n(left - 8.0),
            ly = n(ty + 4.0),
            label = esc(&format_number(t, axis.decimals, lang)),
        );
    }
    let _ = write!(
        body,
        "<path d=\"M{left} {t}V{b}H{right}\" fill=\"none\" stroke=\"{axis}\" stroke-width=\"1\"/>",
        t = n(top),
        b = n(bottom),
        axis = hex(AXIS_COLOUR),
    );

    // Category axis: one band per x label, the point in its middle; labels thinned when they would collide.
    let count = c.x_labels.len().max(1);
    let band = (right - left) / count as f64;
    let place_x = |i: usize| left + (i as f64 + 0.5) * band;
    let widest = c
        .x_labels
        .iter()
        .map(|l| text_width(l, 12.0))
        .fold(0.0, f64::max);
    let every = ((widest + 8.0) / band).ceil().max(1.0) as usize;
    for (i, label) in c.x_labels.iter().enumerate() {
        if i % every == 0 {
            let _ = write!(
                body,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                n(place_x(i)),
                n(bottom + 18.0),
                esc(label)
            );
        }
    }
    let _ = write!(
        body,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
        n((left + right) / 2.0),
        n(bottom + 40.0),
        esc(&c.x_label)
    );

    // The series: one path with a sub-path per unbroken run, and a marker (with a tooltip) on every point.
    for (i, s) in c.series.iter().enumerate() {
        let style = series_style(i);
        let mut d = String::new();
        let mut pen_down = false;
        let mut markers = String::new();
        for (j, v) in s.values.iter().enumerate().take(c.x_labels.len()) {
            match v.filter(|v| v.is_finite()) {
                Some(v) => {
                    let (px, py) = (place_x(j), place_y(v));
                    let _ = write!(d, "{}{} {}", if pen_down { "L" } else { "M" }, n(px), n(py));
                    pen_down = true;
                    let tip = format!(
                        "{}, {}: {}",
                        s.name,
                        c.x_labels.get(j).map_or("", String::as_str),
                        format_number(v, c.decimals, lang)
                    );
                    markers.push_str(&marker(style, px, py, Some(&tip)));
                }
                None => pen_down = false,
            }
        }
        let _ = write!(
            body,
            "<g>{}{markers}</g>",
            if d.is_empty() {
                String::new()
            } else {
                line(style, &d)
            }
        );
    }

    let height = bottom + 56.0;
    let mut svg = open(&p, WIDTH, height, &c.title, &describe(c, lang));
    svg.push_str(&body);
    svg.push_str("</svg>");
    svg
}

/// The data in words, for the `<desc>`: every series with every value.
pub(crate) fn describe(c: &LineChart, lang: Lang) -> String {
    let mut d = format!(
        "{}: {} {} {}. ",
        lang.pick("Lijndiagram", "Line chart"),
        c.y_label,
        lang.pick("per", "by"),
        c.x_label.to_lowercase()
    );
    for s in &c.series {
        let points: Vec<String> = c
            .x_labels
            .iter()
            .enumerate()
            .map(|(j, x)| match s.values.get(j).copied().flatten() {
                Some(v) if v.is_finite() => format!("{x} {}", format_number(v, c.decimals, lang)),
                _ => format!("{x} {}", lang.pick("geen gegevens", "no data")),
            })
            .collect();
        let _ = write!(d, "{}: {}. ", s.name, points.join("; "));
    }
    d.trim_end().to_owned()
}

fn line(style: SeriesStyle, d: &str) -> String {
    let dash = if style.dash.is_empty() {
        String::new()
    } else {
        let parts: Vec<String> = style.dash.iter().map(|v| n(f64::from(*v))).collect();
        format!(" stroke-dasharray=\"{}\"", parts.join(" "))
    };
    format!(
        "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"{dash}/>",
        hex(style.colour)
    )
}

fn marker(style: SeriesStyle, x: f64, y: f64, tip: Option<&str>) -> String {
    let colour = hex(style.colour);
    let paint = format!("fill=\"{colour}\" stroke=\"#ffffff\" stroke-width=\"1\"");
    let tip = tip.map_or(String::new(), |t| format!("<title>{}</title>", esc(t)));
    let shape = match style.marker {
        Marker::Circle => format!("<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" {paint}", n(x), n(y)),
        Marker::Square => format!(
            "<rect x=\"{}\" y=\"{}\" width=\"8\" height=\"8\" {paint}",
            n(x - 4.0),
            n(y - 4.0)
        ),
        Marker::Triangle => format!(
            "<path d=\"M{} {}L{} {}L{} {}Z\" {paint}",
            n(x),
            n(y - 5.5),
            n(x + 5.0),
            n(y + 3.5),
            n(x - 5.0),
            n(y + 3.5)
        ),
        Marker::Diamond => format!(
            "<path d=\"M{} {}L{} {}L{} {}L{} {}Z\" {paint}",
            n(x),
            n(y - 5.5),
            n(x + 5.5),
            n(y),
            n(x),
            n(y + 5.5),
            n(x - 5.5),
            n(y)
        ),
    };
    if tip.is_empty() {
        format!("{shape}/>")
    } else {
        format!("{shape}>{tip}</{}>", shape_tag(style.marker))
    }
}

fn shape_tag(m: Marker) -> &'static str {
    match m {
        Marker::Circle => "circle",
        Marker::Square => "rect",
        Marker::Triangle | Marker::Diamond => "path",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::trend;
    use crate::svg::Series;
    use crate::svg::tests::check_accessible;

    #[test]
    fn a_line_chart_is_an_accessible_image() {
        let svg = line_chart(&trend(), Lang::Nl);
        let (title, desc) = check_accessible(&svg, "trend");
        assert_eq!(title, "Verwijzingen <per> 100 leerlingen & \"trend\"");
        assert!(svg.contains("Verwijzingen &lt;per&gt; 100 leerlingen &amp; &quot;trend&quot;"));
        assert!(
            desc.contains(
                "Scholen met SMW: 2020-2021 12,5; 2021-2022 11,0; 2022-2023 geen gegevens"
            )
        );
        assert!(desc.contains("2024-2025 1.234,5"), "{desc}");
        assert!(desc.contains("Vergelijkingsscholen <b>"));
        // Ticks are round and in Dutch.
        assert!(
            svg.contains(">1.250</text>") || svg.contains(">1.000</text>"),
            "{svg}"
        );
        let en = line_chart(&trend(), Lang::En);
        assert!(en.contains("2024-2025 1,234.5") && en.contains("no data"));
    }

    #[test]
    fn a_missing_value_breaks_the_line() {
        let svg = line_chart(&trend(), Lang::Nl);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let lines: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("path") && n.attribute("fill") == Some("none"))
            .filter_map(|n| n.attribute("d"))
            .filter(|d| !d.contains('H') && !d.contains('V'))
            .collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        // Series 1: points 1-2, gap, points 4-5: two sub-paths.
        assert_eq!(lines[0].matches('M').count(), 2, "{}", lines[0]);
        assert_eq!(lines[0].matches('L').count(), 2, "{}", lines[0]);
        // Series 2: points 1-3, gap, point 5 alone: two moves, two lines.
        assert_eq!(lines[1].matches('M').count(), 2, "{}", lines[1]);
        assert_eq!(lines[1].matches('L').count(), 2, "{}", lines[1]);
        // Every shown point has a marker with its value: 4 + 4, plus 2 in the legend without one.
        let tips = doc
            .descendants()
            .filter(|n| n.has_tag_name("title"))
            .count();
        assert_eq!(tips, 1 + 8);
        // The second series is dashed.
        assert!(svg.contains("stroke-dasharray=\"8 4\""));
    }

    #[test]
    fn an_empty_chart_is_still_well_formed() {
        let c = LineChart {
            id_prefix: "leeg".into(),
            title: "Leeg".into(),
            x_label: "Jaar".into(),
            y_label: "Aantal".into(),
            x_labels: vec![],
            series: vec![Series {
                name: "Niets".into(),
                values: vec![None, None],
            }],
            decimals: 0,
        };
        check_accessible(&line_chart(&c, Lang::En), "leeg");
    }
}
