//! Laid-out pages into a PDF with krilla: fonts embedded as subsets, text kept as text (searchable,
//! copyable, read by `pdftotext` and screen readers).

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use super::layout::{BOLD, Op, PAGE_HEIGHT, PAGE_WIDTH, REGULAR, Rgb};
use crate::ReportError;

/// What the document says about itself.
pub(crate) struct Info {
    pub title: String,
    pub language: &'static str,
    pub date: chrono::NaiveDate,
}

pub(crate) fn render(pages: &[Vec<Op>], info: &Info) -> Result<Vec<u8>, ReportError> {
    let regular =
        Font::new(REGULAR.into(), 0).ok_or(ReportError::Font("unreadable TrueType font"))?;
    let bold = Font::new(BOLD.into(), 0).ok_or(ReportError::Font("unreadable TrueType font"))?;
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
        .ok_or_else(|| ReportError::Pdf("page size".to_owned()))?;

    let mut document = Document::new();
    document.set_metadata(metadata(info));
    for ops in pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, op, &regular, &bold);
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| ReportError::Pdf(e.to_string()))
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

fn draw(surface: &mut Surface<'_>, op: &Op, regular: &Font, bold: &Font) {
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
            surface.draw_text(
                Point::from_xy(*x, *y),
                font.clone(),
                *size,
                text,
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
