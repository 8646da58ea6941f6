//! A protected table on the page: labels left, figures right-aligned, the header repeated on every page the
//! table runs over. Tagged as a table: the header row's cells head their columns, each row's label heads its
//! row, the total row is the table's footer; the repeated title and header row are decoration.

use schakel_domain::Lang;
use schakel_domain::figures::{Cell, ProtectedTable};

use super::layout::{CONTENT_BOTTOM, CONTENT_WIDTH, Layout, MARGIN, Measure};
use super::structure::{Artifact, Role};
use super::{HEADING, MUTED, RULE, SHADE, TEXT};
use crate::number::format_cell;

const PAD: f32 = 4.0;
const MAX_SIZE: f32 = 9.0;
const MIN_SIZE: f32 = 6.5;

/// The column widths and the font size a table gets.
struct Grid {
    size: f32,
    label_width: f32,
    figure_width: f32,
    figures: usize,
}

impl Grid {
    fn leading(&self) -> f32 {
        self.size * 1.35
    }

    /// The right edge of figure column `j` (0-based; the last is the total).
    fn right(&self, j: usize) -> f32 {
        MARGIN + self.label_width + (j + 1) as f32 * self.figure_width - PAD
    }

    fn figure_text_width(&self) -> f32 {
        self.figure_width - 2.0 * PAD
    }
}

/// The largest size (from 9 pt down to 6.5 pt) at which every figure and every header word fits its column.
fn grid(m: &Measure, t: &ProtectedTable, texts: &[Vec<String>], headers: &[String]) -> Grid {
    let figures = t.columns.len() + 1;
    let mut size = MAX_SIZE;
    loop {
        let widest_label = t
            .rows
            .iter()
            .chain([&t.row_heading])
            .map(|r| m.width(r, size, false))
            .fold(0.0, f32::max);
        let label_width = (widest_label + 2.0 * PAD).clamp(80.0, CONTENT_WIDTH * 0.45);
        let figure_width = (CONTENT_WIDTH - label_width) / figures as f32;
        let needed = texts
            .iter()
            .flatten()
            .map(|s| m.width(s, size, true))
            .chain(
                headers
                    .iter()
                    .flat_map(|h| h.split_whitespace())
                    .map(|w| m.width(w, size, true)),
            )
            .fold(0.0, f32::max)
            + 2.0 * PAD;
        if needed <= figure_width || size <= MIN_SIZE {
            return Grid {
                size,
                label_width,
                figure_width,
                figures,
            };
        }
        size -= 0.5;
    }
}

pub(super) fn table(l: &mut Layout<'_>, t: &ProtectedTable, lang: Lang) {
    let shown = |c: &Cell| format_cell(*c, t.threshold, lang);
    // Every row's figures as shown, the total row last.
    let mut texts: Vec<Vec<String>> = (0..t.rows.len())
        .map(|i| {
            let cells = t.cells.get(i).map_or(&[][..], Vec::as_slice);
            let mut row: Vec<String> = (0..t.columns.len())
                .map(|j| cells.get(j).map_or_else(String::new, shown))
                .collect();
            row.push(t.row_totals.get(i).map_or_else(String::new, shown));
            row
        })
        .collect();
    let mut total_row: Vec<String> = (0..t.columns.len())
        .map(|j| t.column_totals.get(j).map_or_else(String::new, shown))
        .collect();
    total_row.push(shown(&t.total));
    texts.push(total_row);
    let total_label = lang.pick("Totaal", "Total");
    let mut headers = t.columns.clone();
    headers.push(total_label.to_owned());
    let g = grid(l.measure, t, &texts, &headers);

    let header_height = header_height(l.measure, &g, &headers);
    l.heading(
        2,
        &t.title,
        12.0,
        header_height + 3.0 * g.leading() + 4.0 * PAD,
    );
    l.begin(Role::Table);
    l.begin(Role::TableHead);
    draw_header(l, &g, &t.row_heading, &headers, true);
    l.end();
    l.begin(Role::TableBody);

    let labels = t.rows.iter().map(String::as_str).chain([total_label]);
    let last = t.rows.len();
    for (i, (label, figures)) in labels.zip(&texts).enumerate() {
        let is_total = i == last;
        let lines = l
            .measure
            .wrap(label, g.size, is_total, g.label_width - 2.0 * PAD);
        let height = lines.len() as f32 * g.leading() + 2.0 * PAD;
        if l.y + height > CONTENT_BOTTOM {
            l.new_page();
            let continued = format!("{} ({})", t.title, lang.pick("vervolg", "continued"));
            l.artifact(Artifact::Repeat);
            l.heading_lines(&continued, 12.0, header_height + height);
            draw_header(l, &g, &t.row_heading, &headers, false);
        }
        if is_total {
            l.end();
            l.begin(Role::TableFoot);
        }
        l.begin(Role::Row);
        let top = l.y;
        if is_total {
            l.rule(MARGIN, MARGIN + CONTENT_WIDTH, top, 0.8, TEXT);
        } else if i % 2 == 1 {
            l.rect(MARGIN, top, CONTENT_WIDTH, height, SHADE);
        }
        let first_baseline = top + PAD + g.leading() - g.size * 0.3;
        l.element(Role::RowHeader, |l| {
            for (k, line) in lines.iter().enumerate() {
                let y = first_baseline + k as f32 * g.leading();
                l.text(MARGIN + PAD, y, g.size, is_total, TEXT, line);
            }
        });
        for (j, figure) in figures.iter().enumerate().take(g.figures) {
            l.element(Role::Cell, |l| {
                l.text_right(g.right(j), first_baseline, g.size, is_total, TEXT, figure);
            });
        }
        l.end();
        l.y = top + height;
    }
    l.end();
    l.end();
    l.rule(MARGIN, MARGIN + CONTENT_WIDTH, l.y, 0.8, TEXT);

    let suppressed = t
        .cells
        .iter()
        .flatten()
        .chain(&t.row_totals)
        .chain(&t.column_totals)
        .chain([&t.total])
        .any(|c| c.count().is_none());
    if suppressed {
        l.y += 2.0;
        let note = Cell::legend(t.threshold, lang);
        l.paragraph(&note, 7.5, false, MUTED);
    }
    l.y += 8.0;
}

fn header_height(m: &Measure, g: &Grid, headers: &[String]) -> f32 {
    let lines = headers
        .iter()
        .map(|h| m.wrap(h, g.size, true, g.figure_text_width()).len())
        .max()
        .unwrap_or(1);
    lines as f32 * g.leading() + 2.0 * PAD
}

/// The header row: the row heading left, the column names right-aligned and wrapped, a rule under it. The
/// first time it is the table's header row (`tagged`), after a page break decoration.
fn draw_header(l: &mut Layout<'_>, g: &Grid, row_heading: &str, headers: &[String], tagged: bool) {
    let height = header_height(l.measure, g, headers);
    let top = l.y;
    let bottom_baseline = top + height - PAD - g.size * 0.3;
    let cell = |l: &mut Layout<'_>, draw: &dyn Fn(&mut Layout<'_>)| {
        if tagged {
            l.element(Role::ColumnHeader, draw);
        } else {
            draw(l);
        }
    };
    if tagged {
        l.begin(Role::Row);
    }
    cell(l, &|l| {
        l.text(
            MARGIN + PAD,
            bottom_baseline,
            g.size,
            true,
            HEADING,
            row_heading,
        );
    });
    for (j, h) in headers.iter().enumerate() {
        let lines = l.measure.wrap(h, g.size, true, g.figure_text_width());
        let n = lines.len();
        cell(l, &|l| {
            for (k, line) in lines.iter().enumerate() {
                // Bottom-aligned, so the last line of every column name sits on one baseline.
                let y = bottom_baseline - (n - 1 - k) as f32 * g.leading();
                l.text_right(g.right(j), y, g.size, true, HEADING, line);
            }
        });
    }
    if tagged {
        l.end();
    }
    l.y = top + height;
    l.rule(MARGIN, MARGIN + CONTENT_WIDTH, l.y, 0.8, RULE);
}
