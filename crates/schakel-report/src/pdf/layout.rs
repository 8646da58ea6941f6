//! Pages as lists of drawing operations, laid out top to bottom with page breaks. Laying out first and drawing
//! afterwards lets every footer say "page 2 of 5". While it lays out, the layout builds the document's
//! structure (`structure`): every operation is marked as a piece of a heading, paragraph, table cell or figure,
//! or as decoration.

use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

use super::structure::{Artifact, Bookmark, Mark, Role, Structure};
use crate::ReportError;

/// DejaVu Sans 2.37 (Bitstream Vera licence, see `fonts/LICENSE-DejaVu.txt`): Latin with every Dutch and
/// most European accents, the bullet `•` and the en dash.
pub(crate) static REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
pub(crate) static BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// A4 in points.
pub(crate) const PAGE_WIDTH: f32 = 595.28;
pub(crate) const PAGE_HEIGHT: f32 = 841.89;
pub(crate) const MARGIN: f32 = 56.0;
/// The lowest baseline of body content; the footer sits below it.
pub(crate) const CONTENT_BOTTOM: f32 = PAGE_HEIGHT - 72.0;
pub(crate) const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;

pub(crate) type Rgb = (u8, u8, u8);

/// One thing drawn on a page; y grows downwards from the top of the page, text at its baseline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        colour: Rgb,
        text: String,
    },
    /// An open polyline.
    Stroke {
        points: Vec<(f32, f32)>,
        width: f32,
        colour: Rgb,
        dash: Vec<f32>,
    },
    /// A closed, filled polygon.
    Fill {
        points: Vec<(f32, f32)>,
        colour: Rgb,
    },
}

/// Text widths from the fonts' advance widths (without kerning: close enough to align and wrap).
pub(crate) struct Measure {
    regular: Face,
    bold: Face,
}

struct Face {
    font: FontRef<'static>,
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
}

impl Face {
    fn new(data: &'static [u8]) -> Result<Face, ReportError> {
        let font = FontRef::new(data).map_err(|_| ReportError::Font("unreadable TrueType font"))?;
        let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let units_per_em = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        Ok(Face {
            font,
            metrics,
            units_per_em: units_per_em.max(1.0),
        })
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let charmap = self.font.charmap();
        let units: f32 = text
            .chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|g| self.metrics.advance_width(g))
                    .unwrap_or(self.units_per_em * 0.6)
            })
            .sum();
        units * size / self.units_per_em
    }

    /// `text` as this font can draw it: a control character (a tab, a line break) becomes a space and a
    /// character without a glyph (an emoji, a Chinese name) the replacement character `�`. PDF/UA refuses a
    /// document with a glyph-less character, so one such character in a name or a note would otherwise stop
    /// the whole export; the reader sees where something could not be printed.
    fn printable(&self, text: &str) -> String {
        let charmap = self.font.charmap();
        let missing = if charmap.map(char::REPLACEMENT_CHARACTER).is_some() {
            char::REPLACEMENT_CHARACTER
        } else {
            '?'
        };
        text.chars()
            .map(|c| match c {
                c if c.is_control() => ' ',
                c if charmap.map(c).is_some() => c,
                _ => missing,
            })
            .collect()
    }
}

impl Measure {
    pub(crate) fn new() -> Result<Measure, ReportError> {
        Ok(Measure {
            regular: Face::new(REGULAR)?,
            bold: Face::new(BOLD)?,
        })
    }

    pub(crate) fn printable(&self, text: &str, bold: bool) -> String {
        if bold {
            self.bold.printable(text)
        } else {
            self.regular.printable(text)
        }
    }

    pub(crate) fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        if bold {
            self.bold.width(text, size)
        } else {
            self.regular.width(text, size)
        }
    }

    /// Words into lines no wider than `max`; a word wider than a line is broken between characters.
    pub(crate) fn wrap(&self, text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if self.width(&candidate, size, bold) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if self.width(&line, size, bold) > max && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// A page: its drawing operations in reading order, each with what it belongs to.
pub(crate) type Page = Vec<(Mark, Op)>;

/// The pages so far, the structure so far and where the next thing goes.
pub(crate) struct Layout<'m> {
    pub measure: &'m Measure,
    pub pages: Vec<Page>,
    pub structure: Structure,
    /// What text and drawings pushed now belong to (rules and shading are always decoration).
    pub mark: Mark,
    /// The top of the free space on the current page.
    pub y: f32,
}

impl<'m> Layout<'m> {
    pub(crate) fn new(measure: &'m Measure) -> Self {
        Layout {
            measure,
            pages: vec![Vec::new()],
            structure: Structure::default(),
            mark: Mark::Artifact(Artifact::Layout),
            y: MARGIN,
        }
    }

    /// Opens a structure element; what is drawn until [`Layout::end`] belongs to it once
    /// [`Layout::content`] has been called.
    pub(crate) fn begin(&mut self, role: Role) {
        self.structure.begin(role);
        self.mark = Mark::Artifact(Artifact::Layout);
    }

    pub(crate) fn end(&mut self) {
        self.structure.end();
        self.mark = Mark::Artifact(Artifact::Layout);
    }

    /// What is drawn from now on is text of the innermost open element.
    pub(crate) fn content(&mut self) {
        let leaf = self.structure.content();
        self.mark = Mark::Content {
            leaf,
            graphic: false,
        };
    }

    /// What is drawn from now on is the drawing of the innermost open element (a figure).
    pub(crate) fn graphic(&mut self) {
        let leaf = self.structure.content();
        self.mark = Mark::Content {
            leaf,
            graphic: true,
        };
    }

    /// What is drawn from now on is decoration of this kind.
    pub(crate) fn artifact(&mut self, kind: Artifact) {
        self.mark = Mark::Artifact(kind);
    }

    /// An element holding one piece of content, drawn by `draw`.
    pub(crate) fn element(&mut self, role: Role, draw: impl FnOnce(&mut Self)) {
        self.begin(role);
        self.content();
        draw(self);
        self.end();
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Starts a new page unless `height` still fits on this one; true when it started one.
    pub(crate) fn ensure(&mut self, height: f32) -> bool {
        let page_is_empty = self.pages.last().is_none_or(Vec::is_empty);
        if self.y + height > CONTENT_BOTTOM && !page_is_empty {
            self.new_page();
            true
        } else {
            false
        }
    }

    /// Draws `op` as what the current mark says it is.
    pub(crate) fn push(&mut self, op: Op) {
        let mark = self.mark;
        self.push_as(mark, op);
    }

    fn push_as(&mut self, mark: Mark, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push((mark, op));
        }
    }

    pub(crate) fn text(
        &mut self,
        x: f32,
        baseline: f32,
        size: f32,
        bold: bool,
        colour: Rgb,
        text: &str,
    ) {
        let text = self.measure.printable(text, bold);
        self.push(Op::Text {
            x,
            y: baseline,
            size,
            bold,
            colour,
            text,
        });
    }

    /// Text ending at `right`.
    pub(crate) fn text_right(
        &mut self,
        right: f32,
        baseline: f32,
        size: f32,
        bold: bool,
        colour: Rgb,
        text: &str,
    ) {
        let x = right - self.measure.width(text, size, bold);
        self.text(x, baseline, size, bold, colour, text);
    }

    /// A horizontal rule (decoration).
    pub(crate) fn rule(&mut self, x1: f32, x2: f32, y: f32, width: f32, colour: Rgb) {
        self.push_as(
            Mark::Artifact(Artifact::Layout),
            Op::Stroke {
                points: vec![(x1, y), (x2, y)],
                width,
                colour,
                dash: Vec::new(),
            },
        );
    }

    /// A filled rectangle (decoration).
    pub(crate) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Rgb) {
        self.push_as(
            Mark::Artifact(Artifact::Layout),
            Op::Fill {
                points: vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h)],
                colour,
            },
        );
    }

    /// A wrapped paragraph over the content width, breaking pages between lines; leaves `y` under it.
    pub(crate) fn paragraph(&mut self, text: &str, size: f32, bold: bool, colour: Rgb) {
        self.element(Role::Paragraph, |l| l.lines(text, size, bold, colour));
    }

    /// Wrapped lines over the content width as the current mark says, breaking pages between lines.
    pub(crate) fn lines(&mut self, text: &str, size: f32, bold: bool, colour: Rgb) {
        let leading = size * 1.4;
        for line in self.measure.wrap(text, size, bold, CONTENT_WIDTH) {
            self.ensure(leading);
            self.y += leading;
            let baseline = self.y - size * 0.3;
            self.text(MARGIN, baseline, size, bold, colour, &line);
        }
    }

    /// A section heading of `level` (1 or 2), kept with at least `keep` points of what follows it; it goes into
    /// the outline too.
    pub(crate) fn heading(&mut self, level: u16, text: &str, size: f32, keep: f32) {
        self.begin(Role::Heading {
            level,
            title: text.to_owned(),
        });
        self.heading_lines(text, size, keep);
        self.end();
    }

    /// A heading's lines as the current mark says (a repeated heading is decoration); a heading begun by
    /// [`Layout::heading`] gets its content and its bookmark here, after any page break.
    pub(crate) fn heading_lines(&mut self, text: &str, size: f32, keep: f32) {
        let lines = self.measure.wrap(text, size, true, CONTENT_WIDTH);
        let height = lines.len() as f32 * size * 1.3 + size * 0.8;
        self.ensure(height + keep);
        if let Some(Role::Heading { level, title }) = self.structure.open_role() {
            let bookmark = Bookmark {
                level: *level,
                title: title.clone(),
                page: self.pages.len().saturating_sub(1),
                y: self.y,
            };
            self.structure.bookmarks.push(bookmark);
            self.content();
        }
        self.y += size * 0.8;
        for line in lines {
            self.y += size * 1.3;
            let baseline = self.y - size * 0.3;
            self.text(MARGIN, baseline, size, true, super::HEADING, &line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_measured_and_wrapped() {
        let m = Measure::new().unwrap();
        let w = m.width("Zoë", 10.0, false);
        assert!(w > 10.0 && w < 25.0, "{w}");
        assert!(m.width("Zoë", 10.0, true) > w);
        let lines = m.wrap("een twee drie vier vijf zes zeven acht", 10.0, false, 60.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(m.width(l, 10.0, false) <= 60.0, "{l}");
        }
        let long = m.wrap("Verwijzingsbevoegdheidsregeling", 10.0, false, 40.0);
        assert!(long.len() > 2 && long.concat() == "Verwijzingsbevoegdheidsregeling");
        assert_eq!(m.wrap("", 10.0, false, 40.0), [""]);
    }
}
