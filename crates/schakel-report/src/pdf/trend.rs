//! The trend chart drawn as lines, in the same styles as the SVG chart (colour, dash pattern, marker shape),
//! with its data in words under it. Tagged as a figure whose alternative text says what the chart is and
//! where its values are in words.

use schakel_domain::Lang;

use super::layout::{CONTENT_WIDTH, Layout, MARGIN, Op};
use super::structure::Role;
use super::{MUTED, TEXT};
use crate::chart::{AXIS_COLOUR, Axis, GRID_COLOUR, Marker, SeriesStyle, series_style};
use crate::number::format_number;
use crate::svg::LineChart;
use crate::svg::line::describe;

const PLOT_HEIGHT: f32 = 170.0;
const SMALL: f32 = 8.0;

pub(super) fn trend(l: &mut Layout<'_>, c: &LineChart, lang: Lang) {
    let legend_rows = legend_rows(l, c);
    let caption = describe(c, lang);
    let caption_height = l.measure.wrap(&caption, 7.5, false, CONTENT_WIDTH).len() as f32 * 10.5;
    let chart_height = 20.0 + PLOT_HEIGHT + 36.0 + legend_rows as f32 * 14.0;
    l.heading(2, &c.title, 12.0, chart_height + caption_height.min(60.0));

    let values = c.series.iter().flat_map(|s| s.values.iter().flatten());
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    let axis = Axis::nice(lo, hi, 5);
    let ticks: Vec<(f64, String)> = axis
        .ticks()
        .into_iter()
        .map(|t| (t, format_number(t, axis.decimals, lang)))
        .collect();
    let tick_width = ticks
        .iter()
        .map(|(_, s)| l.measure.width(s, SMALL, false))
        .fold(0.0, f32::max);

    l.begin(Role::Figure {
        alt: alt_text(c, lang),
    });
    l.graphic();
    let left = MARGIN + tick_width + 8.0;
    let right = MARGIN + CONTENT_WIDTH - 8.0;
    let top = l.y + 20.0;
    let bottom = top + PLOT_HEIGHT;
    l.text(MARGIN, top - 8.0, SMALL, false, TEXT, &c.y_label);
    let place_y = |v: f64| axis.place(v, f64::from(bottom), f64::from(top)) as f32;

    for (t, label) in &ticks {
        let y = place_y(*t);
        l.rule(left, right, y, 0.5, GRID_COLOUR);
        l.text_right(left - 5.0, y + 2.5, SMALL, false, TEXT, label);
    }
    l.push(Op::Stroke {
        points: vec![(left, top), (left, bottom), (right, bottom)],
        width: 0.8,
        colour: AXIS_COLOUR,
        dash: Vec::new(),
    });

    let count = c.x_labels.len().max(1);
    let band = (right - left) / count as f32;
    let place_x = |i: usize| left + (i as f32 + 0.5) * band;
    let widest = c
        .x_labels
        .iter()
        .map(|s| l.measure.width(s, SMALL, false))
        .fold(0.0, f32::max);
    let every = ((widest + 6.0) / band).ceil().max(1.0) as usize;
    for (i, label) in c.x_labels.iter().enumerate() {
        if i % every == 0 {
            let w = l.measure.width(label, SMALL, false);
            l.text(
                place_x(i) - w / 2.0,
                bottom + 12.0,
                SMALL,
                false,
                TEXT,
                label,
            );
        }
    }
    let w = l.measure.width(&c.x_label, SMALL, false);
    l.text(
        (left + right - w) / 2.0,
        bottom + 26.0,
        SMALL,
        false,
        TEXT,
        &c.x_label,
    );

    for (i, s) in c.series.iter().enumerate() {
        let style = series_style(i);
        let mut run: Vec<(f32, f32)> = Vec::new();
        let mut points = Vec::new();
        for (j, v) in s.values.iter().enumerate().take(c.x_labels.len()) {
            match v.filter(|v| v.is_finite()) {
                Some(v) => {
                    run.push((place_x(j), place_y(v)));
                    points.push((place_x(j), place_y(v)));
                }
                None => line(l, style, std::mem::take(&mut run)),
            }
        }
        line(l, style, run);
        for (x, y) in points {
            marker(l, style, x, y);
        }
    }

    l.y = bottom + 36.0;
    legend(l, c);
    l.end();
    l.y += 4.0;
    l.paragraph(&caption, 7.5, false, MUTED);
    l.y += 8.0;
}

/// What the chart is, for a reader who does not see it; its values follow as text under it.
fn alt_text(c: &LineChart, lang: Lang) -> String {
    let names: Vec<&str> = c.series.iter().map(|s| s.name.as_str()).collect();
    format!(
        "{}: {} {} {} ({}). {}",
        lang.pick("Lijndiagram", "Line chart"),
        c.y_label,
        lang.pick("per", "by"),
        c.x_label.to_lowercase(),
        names.join(", "),
        lang.pick(
            "De waarden staan in de tekst onder de grafiek.",
            "The values are in the text below the chart."
        )
    )
}

/// One unbroken run of a series (a single point is left to its marker).
fn line(l: &mut Layout<'_>, style: SeriesStyle, points: Vec<(f32, f32)>) {
    if points.len() > 1 {
        l.push(Op::Stroke {
            points,
            width: 1.8,
            colour: style.colour,
            dash: style.dash.iter().map(|d| d * 0.8).collect(),
        });
    }
}

fn marker(l: &mut Layout<'_>, style: SeriesStyle, x: f32, y: f32) {
    let r = 3.2;
    let points = match style.marker {
        Marker::Circle => (0..12)
            .map(|k| {
                let a = k as f32 * std::f32::consts::TAU / 12.0;
                (x + r * a.cos(), y + r * a.sin())
            })
            .collect(),
        Marker::Square => vec![
            (x - r * 0.9, y - r * 0.9),
            (x + r * 0.9, y - r * 0.9),
            (x + r * 0.9, y + r * 0.9),
            (x - r * 0.9, y + r * 0.9),
        ],
        Marker::Triangle => vec![
            (x, y - r * 1.2),
            (x + r * 1.1, y + r * 0.8),
            (x - r * 1.1, y + r * 0.8),
        ],
        Marker::Diamond => vec![
            (x, y - r * 1.2),
            (x + r * 1.2, y),
            (x, y + r * 1.2),
            (x - r * 1.2, y),
        ],
    };
    l.push(Op::Fill {
        points,
        colour: style.colour,
    });
}

/// How many rows the legend takes (entries flow left to right).
fn legend_rows(l: &Layout<'_>, c: &LineChart) -> usize {
    let mut rows = 1;
    let mut x = 0.0;
    for s in &c.series {
        let w = entry_width(l, &s.name);
        if x + w > CONTENT_WIDTH && x > 0.0 {
            rows += 1;
            x = 0.0;
        }
        x += w;
    }
    rows
}

fn entry_width(l: &Layout<'_>, name: &str) -> f32 {
    34.0 + l.measure.width(name, SMALL, false) + 18.0
}

fn legend(l: &mut Layout<'_>, c: &LineChart) {
    let mut x = MARGIN;
    let mut y = l.y;
    for (i, s) in c.series.iter().enumerate() {
        let style = series_style(i);
        let w = entry_width(l, &s.name);
        if x + w > MARGIN + CONTENT_WIDTH && x > MARGIN {
            x = MARGIN;
            y += 14.0;
        }
        line(l, style, vec![(x, y - 3.0), (x + 26.0, y - 3.0)]);
        marker(l, style, x + 13.0, y - 3.0);
        l.text(x + 34.0, y, SMALL, false, TEXT, &s.name);
        x += w;
    }
    l.y = y + 6.0;
}
