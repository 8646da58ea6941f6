//! The annual report read back with `pdftotext` (Debian's poppler-utils; CI installs it).

use std::process::Command;

use schakel_domain::Lang;
use schakel_domain::figures::{Cell, ProtectedTable};

use super::*;
use crate::fixtures::{table, trend};

fn report() -> AnnualReport {
    let long = ProtectedTable {
        title: "Verwijzingen per groep".into(),
        row_heading: "Groep".into(),
        rows: (1..=90).map(|i| format!("Groep {i} — Café ë")).collect(),
        columns: vec![
            "Gestart".into(),
            "Afgerond".into(),
            "Doorverwezen naar zorg".into(),
        ],
        threshold: 5,
        cells: (1..=90)
            .map(|i| vec![Cell::Count(i * 10), Cell::Count(i), Cell::Small])
            .collect(),
        row_totals: (1..=90).map(|_| Cell::Hidden).collect(),
        column_totals: vec![Cell::Count(40_950), Cell::Count(4_095), Cell::Hidden],
        total: Cell::Hidden,
    };
    AnnualReport {
        municipality: "Súdwest-Fryslân".into(),
        school_year: "2024-2025".into(),
        generated_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
        headlines: vec![
            ("Leerlingen begeleid".into(), "1.234".into()),
            ("Scholen met schoolmaatschappelijk werk".into(), "27".into()),
            ("Gemiddelde duur van een traject in weken".into(), "11,5".into()),
        ],
        tables: vec![table(), long],
        effect_paragraphs: vec![
            "Op scholen met schoolmaatschappelijk werk daalde het aantal verwijzingen naar de \
             jeugdzorg sneller dan op vergelijkbare scholen zonder. Het verschil is 2,1 verwijzingen \
             per 100 leerlingen (95%-interval 0,4 tot 3,8)."
                .into(),
            "Dit is een schatting; de privé-situatie van één leerling is nooit herleidbaar.".into(),
        ],
        trend: Some(trend()),
    }
}

/// The text of a PDF, or a clear failure when poppler-utils is missing.
pub(super) fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jaarverslag.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext not found: install poppler-utils (apt-get install -y poppler-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_annual_report_reads_back_as_text() {
    let pdf = annual_report(&report(), Lang::Nl).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdftotext(&pdf);
    // The municipality (with its accent), the headline values, a table's row labels and markers.
    for expected in [
        "Jaarverslag schoolmaatschappelijk werk",
        "Súdwest-Fryslân",
        "Schooljaar 2024-2025",
        "Gemaakt op 3 december 2026",
        "Kerncijfers",
        "1.234",
        "Leerlingen begeleid",
        "11,5",
        "Verwijzingen per school",
        "De Eekhoorn",
        "Sint-Joris; \"Zoë\"",
        "< 5",
        "•",
        "Groep 90 — Café ë",
        "40.950",
        "Verwijzingen per groep (vervolg)",
        "Effect van de inzet",
        "privé-situatie van één leerling",
        "Scholen met SMW",
        "Legenda",
        "minder dan 5, niet getoond",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    // The long table runs over more pages; every page has its number.
    let pages = text.matches('\u{c}').count();
    assert!(pages >= 3, "{pages} pages");
    assert!(text.contains(&format!("Pagina 1 van {pages}")), "{text}");
    assert!(text.contains(&format!("Pagina {pages} van {pages}")));
}

#[test]
fn the_english_report_has_english_words_and_numbers() {
    let mut r = report();
    r.tables.truncate(1);
    r.tables[0].cells[0][0] = Cell::Count(12_345);
    let text = pdftotext(&annual_report(&r, Lang::En).unwrap());
    for expected in [
        "Annual report school social work",
        "School year 2024-2025",
        "Made on 3 December 2026",
        "12,345",
        "Page 1 of",
        "fewer than 5",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
}

#[test]
fn an_empty_report_is_one_page() {
    let r = AnnualReport {
        municipality: "Ede".into(),
        school_year: "2025-2026".into(),
        generated_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        headlines: vec![],
        tables: vec![],
        effect_paragraphs: vec![],
        trend: None,
    };
    let text = pdftotext(&annual_report(&r, Lang::Nl).unwrap());
    assert!(
        text.contains("Ede") && text.contains("Pagina 1 van 1"),
        "{text}"
    );
}

/// What `pdfinfo` says of a PDF with `args` (`-struct-text`: the tag tree with its text; `-meta`: the XMP).
pub(super) fn pdfinfo(pdf: &[u8], args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("verslag.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdfinfo")
        .args(args)
        .arg(&path)
        .output()
        .expect("pdfinfo not found: install poppler-utils (apt-get install -y poppler-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Lossy: poppler prints a heading title with a non-ASCII letter as raw UTF-16.
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A tagged PDF that says it is PDF/UA-1.
pub(super) fn assert_tagged_pdf_ua(pdf: &[u8]) {
    let info = pdfinfo(pdf, &[]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    let meta = pdfinfo(pdf, &["-meta"]);
    assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{meta}");
}

#[test]
fn the_annual_report_is_a_tagged_pdf_ua_document() {
    let pdf = annual_report(&report(), Lang::Nl).unwrap();
    assert_tagged_pdf_ua(&pdf);
    let tree = pdfinfo(&pdf, &["-struct-text"]);
    for expected in [
        "H1 ",
        "\"Jaarverslag schoolmaatschappelijk werk Súdwest-Fryslân\"",
        "H2 \"Kerncijfers\"",
        "\"1.234 Leerlingen begeleid\"",
        "H2 \"Verwijzingen per groep\"",
        "TH:\n           /Scope /Column\n          \"Gestart\"",
        "TH:\n           /Scope /Row\n          \"Groep 90 — Café ë\"",
        "TFoot",
        "Figure",
        "H2 \"Effect van de inzet\"",
        // A paragraph wrapped over lines reads with its word breaks.
        "niet uit de totalen terug te rekenen is.\"",
    ] {
        assert!(
            tree.contains(expected),
            "{expected:?} missing from:\n{tree}"
        );
    }
    // One header row per table: the row repeated after a page break, its "(vervolg)" and the footers are
    // decoration, not content.
    assert_eq!(tree.matches("THead").count(), 2, "{tree}");
    assert_eq!(tree.matches("\"Gestart\"").count(), 2, "{tree}");
    for absent in ["vervolg", "Pagina", "Gestart Afgerond"] {
        assert!(!tree.contains(absent), "{absent:?} in:\n{tree}");
    }
    // Every row of the 90-row table, the header and the total row.
    assert!(tree.matches("TR\n").count() >= 92 + 5, "{tree}");
}
