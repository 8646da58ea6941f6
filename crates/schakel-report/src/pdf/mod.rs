//! The annual report for a municipality as a PDF, made in-process with [krilla](https://docs.rs/krilla)
//! (why krilla: `docs/adr/017-report-formats.md`).
//!
//! From the top: a header (the report's name, the municipality, the school year, the date it was made), the
//! headline figures, every table (a table longer than a page continues on the next with its header
//! repeated, "(vervolg)" after its title), the paragraphs on the effect, the trend chart drawn as lines (with
//! its data in words under it) and the legend of the markers. Every page has a footer with the page number
//! ("Pagina 2 van 5"). The text is real text in DejaVu Sans, embedded as a subset, so it can be searched,
//! copied and read aloud. The document carries its title, language and date, and it is a tagged PDF built
//! to PDF/UA-1 (`structure`, ADR 017's addendum): headings (also the outline), paragraphs, tables with their
//! header cells, the chart as a figure with its data in words as alternative text; rules, shading, footers
//! and what a page break repeats are decoration. krilla's PDF/UA-1 validator checks every document, so a
//! report that breaks what it can check is an error, not a file.

pub mod allocation;
mod draw;
mod layout;
mod structure;
mod table;
mod trend;

use schakel_domain::Lang;
use schakel_domain::figures::{Cell, ProtectedTable};
use schakel_domain::lang::long_date;

use crate::ReportError;
use crate::svg::LineChart;
use layout::{CONTENT_WIDTH, Layout, MARGIN, Measure, PAGE_HEIGHT, PAGE_WIDTH, Rgb};
use structure::{Artifact, Mark, Role};

/// What the annual report says. Every figure in it is already protected: the headlines are shown values
/// (taken from protected cells), the tables are [`ProtectedTable`]s, the trend holds shown values only.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnualReport {
    pub municipality: String,
    /// E.g. "2024-2025".
    pub school_year: String,
    /// The date printed on the report (passed in: this crate does not read the clock).
    pub generated_on: chrono::NaiveDate,
    /// Label and shown value, e.g. ("Leerlingen begeleid", "1.234").
    pub headlines: Vec<(String, String)>,
    pub tables: Vec<ProtectedTable>,
    pub effect_paragraphs: Vec<String>,
    pub trend: Option<LineChart>,
}

pub(crate) const TEXT: Rgb = crate::chart::TEXT_COLOUR;
pub(crate) const HEADING: Rgb = (0x1d, 0x3d, 0x6b);
pub(crate) const MUTED: Rgb = (0x4d, 0x4d, 0x4d);
pub(crate) const RULE: Rgb = (0x8c, 0x8c, 0x8c);
pub(crate) const SHADE: Rgb = (0xf0, 0xf2, 0xf5);

/// The report as a PDF (see the module documentation for its layout).
pub fn annual_report(r: &AnnualReport, lang: Lang) -> Result<Vec<u8>, ReportError> {
    let measure = Measure::new()?;
    let mut l = Layout::new(&measure);

    header(&mut l, r, lang);
    if !r.headlines.is_empty() {
        l.heading(2, lang.pick("Kerncijfers", "Headline figures"), 14.0, 60.0);
        headlines(&mut l, &r.headlines);
    }
    for t in &r.tables {
        table::table(&mut l, t, lang);
    }
    if !r.effect_paragraphs.is_empty() {
        l.heading(2, lang.pick("Effect van de inzet", "Effect"), 14.0, 40.0);
        for p in &r.effect_paragraphs {
            l.paragraph(p, 10.0, false, TEXT);
            l.y += 6.0;
        }
    }
    if let Some(c) = &r.trend {
        trend::trend(&mut l, c, lang);
    }
    legend(&mut l, &r.tables, lang);

    let pages = footers(std::mem::take(&mut l.pages), &measure, r, lang);
    let info = draw::Info {
        title: format!(
            "{} {} {}",
            lang.pick("Jaarverslag", "Annual report"),
            r.municipality,
            r.school_year
        ),
        language: lang.pick("nl-NL", "en-GB"),
        date: r.generated_on,
    };
    draw::render(&pages, l.structure, &info)
}

fn header(l: &mut Layout<'_>, r: &AnnualReport, lang: Lang) {
    let name = lang.pick(
        "Jaarverslag schoolmaatschappelijk werk",
        "Annual report school social work",
    );
    l.y += 4.0;
    l.begin(Role::Heading {
        level: 1,
        title: format!("{name} {}", r.municipality),
    });
    l.heading_lines(name, 13.0, 0.0);
    l.y += 4.0;
    l.lines(&r.municipality, 24.0, true, TEXT);
    l.end();
    l.y += 2.0;
    l.paragraph(
        &format!(
            "{} {}",
            lang.pick("Schooljaar", "School year"),
            r.school_year
        ),
        12.0,
        false,
        TEXT,
    );
    l.paragraph(
        &format!(
            "{} {}",
            lang.pick("Gemaakt op", "Made on"),
            long_date(r.generated_on, lang)
        ),
        10.0,
        false,
        MUTED,
    );
    l.y += 10.0;
    let y = l.y;
    l.rule(MARGIN, MARGIN + CONTENT_WIDTH, y, 1.5, HEADING);
    l.y += 4.0;
}

/// The headline figures in boxes, two to a row: the value large, its label under it.
fn headlines(l: &mut Layout<'_>, items: &[(String, String)]) {
    const GAP: f32 = 12.0;
    const PAD: f32 = 10.0;
    let box_width = (CONTENT_WIDTH - GAP) / 2.0;
    l.y += 8.0;
    for pair in items.chunks(2) {
        let wrapped: Vec<(Vec<String>, Vec<String>)> = pair
            .iter()
            .map(|(label, value)| {
                (
                    l.measure.wrap(value, 18.0, true, box_width - 2.0 * PAD),
                    l.measure.wrap(label, 9.5, false, box_width - 2.0 * PAD),
                )
            })
            .collect();
        let height = wrapped
            .iter()
            .map(|(v, t)| v.len() as f32 * 22.0 + t.len() as f32 * 12.5)
            .fold(0.0, f32::max)
            + 2.0 * PAD;
        l.ensure(height + GAP);
        let top = l.y;
        for (i, (value, label)) in wrapped.iter().enumerate() {
            let x = MARGIN + i as f32 * (box_width + GAP);
            l.rect(x, top, box_width, height, SHADE);
            l.begin(Role::Paragraph);
            l.content();
            let mut y = top + PAD;
            for line in value {
                y += 22.0;
                l.text(x + PAD, y - 4.0, 18.0, true, HEADING, line);
            }
            for line in label {
                y += 12.5;
                l.text(x + PAD, y - 2.0, 9.5, false, TEXT, line);
            }
            l.end();
        }
        l.y = top + height + GAP;
    }
}

/// The meaning of the markers, once per threshold used.
fn legend(l: &mut Layout<'_>, tables: &[ProtectedTable], lang: Lang) {
    let mut thresholds: Vec<u64> = tables.iter().map(|t| t.threshold).collect();
    thresholds.sort_unstable();
    thresholds.dedup();
    if thresholds.is_empty() {
        return;
    }
    l.heading(2, lang.pick("Legenda", "Legend"), 12.0, 30.0);
    for k in thresholds {
        l.paragraph(&Cell::legend(k, lang), 9.0, false, TEXT);
        l.y += 4.0;
    }
}

/// The footer on every page: the report and the municipality left, "Pagina i van n" right.
fn footers(
    mut pages: Vec<layout::Page>,
    measure: &Measure,
    r: &AnnualReport,
    lang: Lang,
) -> Vec<layout::Page> {
    let footer = Mark::Artifact(Artifact::Footer);
    let total = pages.len();
    let left = format!(
        "{} · {} · {}",
        lang.pick("Jaarverslag", "Annual report"),
        r.municipality,
        r.school_year
    );
    let y = PAGE_HEIGHT - 36.0;
    for (i, ops) in pages.iter_mut().enumerate() {
        let right = format!(
            "{} {} {} {total}",
            lang.pick("Pagina", "Page"),
            i + 1,
            lang.pick("van", "of")
        );
        let right_x = PAGE_WIDTH - MARGIN - measure.width(&right, 8.0, false);
        ops.push((
            footer,
            layout::Op::Stroke {
                points: vec![(MARGIN, y - 12.0), (PAGE_WIDTH - MARGIN, y - 12.0)],
                width: 0.5,
                colour: RULE,
                dash: Vec::new(),
            },
        ));
        for (x, text) in [(MARGIN, left.clone()), (right_x, right)] {
            ops.push((
                footer,
                layout::Op::Text {
                    x,
                    y,
                    size: 8.0,
                    bold: false,
                    colour: MUTED,
                    text,
                },
            ));
        }
    }
    pages
}

#[cfg(test)]
mod tests;
