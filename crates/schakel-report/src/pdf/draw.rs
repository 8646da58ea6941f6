//! Laid-out pages into a PDF with krilla: fonts embedded as subsets, text kept as text (searchable,
//! copyable, read by `pdftotext` and screen readers), tagged to PDF/UA-1: every operation's mark becomes marked
//! content (a piece of the structure or an artifact), the structure becomes the tag tree, the headings the
//! outline. krilla's PDF/UA-1 validator is on, so what it can check (a title, a language, an outline, every
//! figure's alternative text, every heading's title, every glyph mapped to Unicode) fails the export when it
//! is missing.

use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::error::KrillaError;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::tagging::{
    ArtifactType, ContentTag, Identifier, SpanTag, TableHeaderScope, Tag, TagGroup, TagKind,
    TagTree,
};
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};

use super::layout::{BOLD, Op, PAGE_HEIGHT, PAGE_WIDTH, Page, REGULAR, Rgb};
use super::structure::{Artifact, Bookmark, Mark, Node, Role, Structure};
use crate::ReportError;

/// What the document says about itself.
pub(crate) struct Info {
    pub title: String,
    pub language: &'static str,
    pub date: chrono::NaiveDate,
}

pub(crate) fn render(
    pages: &[Page],
    structure: Structure,
    info: &Info,
) -> Result<Vec<u8>, ReportError> {
    let regular =
        Font::new(REGULAR.into(), 0).ok_or(ReportError::Font("unreadable TrueType font"))?;
    let bold = Font::new(BOLD.into(), 0).ok_or(ReportError::Font("unreadable TrueType font"))?;
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| ReportError::Pdf("page size".to_owned()))?;
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| ReportError::Pdf(format!("PDF/UA-1 configuration: {e:?}")))?;
    let (roots, leaves, bookmarks) = structure.finish();

    let mut document = Document::new_with(SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    });
    document.set_metadata(metadata(info));
    // Each piece of content's marked sequences, in drawing order (a piece broken by a page has several).
    let mut marked: Vec<Vec<Identifier>> = vec![Vec::new(); leaves];
    let last_text = last_text_of_each_piece(pages, leaves);
    for (page_index, ops) in pages.iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        let mut open: Option<Mark> = None;
        for (op_index, (mark, op)) in ops.iter().enumerate() {
            if open != Some(*mark) {
                if open.is_some() {
                    surface.end_tagged();
                }
                let id = surface.start_tagged(content_tag(*mark));
                if let Mark::Content { leaf, .. } = mark
                    && let Some(ids) = marked.get_mut(*leaf)
                {
                    ids.push(id);
                }
                open = Some(*mark);
            }
            // A line that a later line of the same piece follows ends in a space, so a reader's text has
            // the word break that the layout shows by the line break.
            let continues = matches!(
                (mark, op),
                (Mark::Content { leaf, .. }, Op::Text { text, .. })
                    if last_text.get(*leaf) != Some(&Some((page_index, op_index)))
                        && !text.ends_with(char::is_whitespace)
            );
            draw(&mut surface, op, continues, &regular, &bold);
        }
        if open.is_some() {
            surface.end_tagged();
        }
        surface.finish();
        page.finish();
    }
    let mut tree = TagTree::new().with_lang(Some(info.language.to_owned()));
    for node in roots {
        for child in tag_nodes(node, &mut marked) {
            tree.push(child);
        }
    }
    document.set_tag_tree(tree);
    document.set_outline(outline(&bookmarks));
    document.finish().map_err(|e| match e {
        KrillaError::Validation(errors) => {
            let errors: Vec<String> = errors.iter().map(|(e, _)| format!("{e:?}")).collect();
            ReportError::Pdf(format!("not PDF/UA-1: {}", errors.join("; ")))
        }
        e => ReportError::Pdf(e.to_string()),
    })
}

/// For each piece of content, where its last line of text is drawn (page, operation).
fn last_text_of_each_piece(pages: &[Page], leaves: usize) -> Vec<Option<(usize, usize)>> {
    let mut last = vec![None; leaves];
    for (p, ops) in pages.iter().enumerate() {
        for (i, (mark, op)) in ops.iter().enumerate() {
            if let (Mark::Content { leaf, .. }, Op::Text { .. }) = (mark, op)
                && let Some(slot) = last.get_mut(*leaf)
            {
                *slot = Some((p, i));
            }
        }
    }
    last
}

fn content_tag(mark: Mark) -> ContentTag<'static> {
    match mark {
        Mark::Content { graphic: true, .. } => ContentTag::Other,
        Mark::Content { graphic: false, .. } => ContentTag::Span(SpanTag::empty()),
        Mark::Artifact(kind) => {
            ContentTag::Artifact(krilla::tagging::Artifact::with_kind(match kind {
                Artifact::Layout => ArtifactType::Layout,
                Artifact::Footer => ArtifactType::Footer,
                Artifact::Repeat => ArtifactType::PaginationOther,
            }))
        }
    }
}

/// A structure node as tag-tree nodes: an element as a group, a piece of content as its marked sequences.
fn tag_nodes(node: Node, marked: &mut [Vec<Identifier>]) -> Vec<krilla::tagging::Node> {
    match node {
        Node::Content(leaf) => marked
            .get_mut(leaf)
            .map(std::mem::take)
            .unwrap_or_default()
            .into_iter()
            .map(krilla::tagging::Node::from)
            .collect(),
        Node::Element(role, children) => {
            let children = children
                .into_iter()
                .flat_map(|c| tag_nodes(c, marked))
                .collect();
            vec![TagGroup::with_children(tag_kind(role), children).into()]
        }
    }
}

fn tag_kind(role: Role) -> TagKind {
    match role {
        Role::Heading { level, title } => Tag::Hn(
            std::num::NonZeroU16::new(level).unwrap_or(std::num::NonZeroU16::MIN),
            Some(title),
        )
        .into(),
        Role::Paragraph => Tag::P.into(),
        Role::Table => Tag::Table.into(),
        Role::TableHead => Tag::THead.into(),
        Role::TableBody => Tag::TBody.into(),
        Role::TableFoot => Tag::TFoot.into(),
        Role::Row => Tag::TR.into(),
        Role::ColumnHeader => Tag::TH(TableHeaderScope::Column).into(),
        Role::RowHeader => Tag::TH(TableHeaderScope::Row).into(),
        Role::Cell => Tag::TD.into(),
        Role::Figure { alt } => Tag::Figure(Some(alt)).into(),
    }
}

/// The headings as bookmarks: a level-2 heading under the level-1 heading before it.
fn outline(bookmarks: &[Bookmark]) -> Outline {
    let node = |b: &Bookmark| {
        OutlineNode::new(
            b.title.clone(),
            XyzDestination::new(b.page, Point::from_xy(0.0, b.y)),
        )
    };
    let mut outline = Outline::new();
    let mut top: Option<OutlineNode> = None;
    for b in bookmarks {
        if b.level <= 1 {
            if let Some(done) = top.take() {
                outline.push_child(done);
            }
            top = Some(node(b).with_open(true));
        } else if let Some(parent) = top.as_mut() {
            parent.push_child(node(b));
        } else {
            outline.push_child(node(b));
        }
    }
    if let Some(done) = top {
        outline.push_child(done);
    }
    outline
}

fn metadata(info: &Info) -> Metadata {
    use chrono::Datelike;
    let date = DateTime::new(u16::try_from(info.date.year()).unwrap_or(2000))
        .month(u8::try_from(info.date.month()).unwrap_or(1))
        .day(u8::try_from(info.date.day()).unwrap_or(1));
    Metadata::new()
        .title(info.title.clone())
        .language(info.language.to_owned())
        .creator("Schakel".to_owned())
        .creation_date(date)
}

fn fill(colour: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

/// Draws one operation; `continues`: a text line followed by more of its piece (drawn with a trailing space,
/// which does not move what is drawn).
fn draw(surface: &mut Surface<'_>, op: &Op, continues: bool, regular: &Font, bold: &Font) {
    match op {
        Op::Text {
            x,
            y,
            size,
            bold: is_bold,
            colour,
            text,
        } => {
            surface.set_stroke(None);
            surface.set_fill(Some(fill(*colour)));
            let font = if *is_bold { bold } else { regular };
            let text = if continues {
                format!("{text} ")
            } else {
                text.clone()
            };
            surface.draw_text(
                Point::from_xy(*x, *y),
                font.clone(),
                *size,
                &text,
                false,
                TextDirection::Auto,
            );
        }
        Op::Stroke {
            points,
            width,
            colour,
            dash,
        } => {
            let Some(path) = polyline(points, false) else {
                return;
            };
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
                width: *width,
                dash: (!dash.is_empty()).then(|| StrokeDash {
                    array: dash.clone(),
                    offset: 0.0,
                }),
                ..Stroke::default()
            }));
            surface.draw_path(&path);
            surface.set_stroke(None);
        }
        Op::Fill { points, colour } => {
            let Some(path) = polyline(points, true) else {
                return;
            };
            surface.set_stroke(None);
            surface.set_fill(Some(fill(*colour)));
            surface.draw_path(&path);
        }
    }
}

fn polyline(points: &[(f32, f32)], close: bool) -> Option<krilla::geom::Path> {
    let (first, rest) = points.split_first()?;
    let mut pb = PathBuilder::new();
    pb.move_to(first.0, first.1);
    for (x, y) in rest {
        pb.line_to(*x, *y);
    }
    if close {
        pb.close();
    }
    pb.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::{Layout, Measure};

    fn info() -> Info {
        Info {
            title: "Proef".to_owned(),
            language: "nl-NL",
            date: chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
        }
    }

    /// A page with a heading and a chart drawn as a figure with the given alternative text.
    fn figure_page(alt: &str) -> Result<Vec<u8>, ReportError> {
        let measure = Measure::new().unwrap();
        let mut l = Layout::new(&measure);
        l.heading(1, "Grafiek", 14.0, 0.0);
        l.begin(Role::Figure {
            alt: alt.to_owned(),
        });
        l.graphic();
        l.push(Op::Fill {
            points: vec![(60.0, 100.0), (120.0, 100.0), (120.0, 160.0)],
            colour: (0, 0, 0),
        });
        l.end();
        render(&l.pages, l.structure, &info())
    }

    #[test]
    fn a_document_that_breaks_pdf_ua_is_refused() {
        assert!(figure_page("Een driehoek").is_ok());
        let refused = figure_page("").unwrap_err().to_string();
        assert!(
            refused.contains("not PDF/UA-1") && refused.contains("MissingAltText"),
            "{refused}"
        );
    }
}
