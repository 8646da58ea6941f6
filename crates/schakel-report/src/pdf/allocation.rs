//! An approved SMW-plus decision as a one-page PDF, "Toewijzingsbesluit SMW plus" (RULES.md §10, ADR 024):
//! what the mandating municipality needs to send the iJw allocation (JW301) to the provider — the child, the
//! care allocated (category, volume with the iJw unit and frequency, period), the provider, who decided and
//! who approved. Laid out like the annual report (DejaVu Sans embedded, real text), one page unless the
//! reasons are very long. Tagged to PDF/UA-1 like the annual report: the title a heading, each section a
//! heading with a two-column table whose labels head their rows.

use schakel_domain::Lang;
use schakel_domain::lang::long_date;

use super::layout::{CONTENT_WIDTH, Layout, MARGIN, Measure};
use super::structure::Role;
use super::{HEADING, MUTED, RULE, SHADE, TEXT, draw};
use crate::ReportError;

/// What the decision sheet says. Labels of codes (category, unit) come in the reader's language; what Schakel
/// does not record (a BSN, an AGB code, a product code) is `None` and is printed as not recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct AllocationSheet {
    /// The municipality that gave the mandate, and its gemeentecode (CBS code); `None` when unknown.
    pub municipality: Option<(String, String)>,
    /// The organisation of the deciding worker.
    pub organisation: String,
    pub case_number: String,
    pub decision_id: i64,
    pub child_name: String,
    pub date_of_birth: Option<chrono::NaiveDate>,
    pub bsn: Option<String>,
    /// The product category with its iJw code, e.g. "Jeugdhulp ambulant (45)".
    pub category: String,
    pub product_code: Option<String>,
    /// What care, in the worker's words.
    pub care_kind: String,
    /// The volume in words, e.g. "2 uur per week".
    pub volume: String,
    /// The volume as the iJw message states it: the amount, the unit (code and name of the list Eenheid) and
    /// the frequency (code and name of the list Frequentie).
    pub ijw_volume: (i64, (String, String), (String, String)),
    pub from: Option<chrono::NaiveDate>,
    pub until: Option<chrono::NaiveDate>,
    pub provider: String,
    pub provider_agb: Option<String>,
    pub decided_on: Option<chrono::NaiveDate>,
    /// The deciding worker, with the registration number when recorded.
    pub decided_by: (String, Option<String>),
    pub approved_on: Option<chrono::NaiveDate>,
    /// The approving team lead, with the registration number when recorded.
    pub approved_by: (String, Option<String>),
    pub reasons: String,
    /// The date printed on the sheet (passed in: this crate does not read the clock).
    pub generated_on: chrono::NaiveDate,
}

/// The decision sheet as a PDF.
pub fn allocation_decision(s: &AllocationSheet, lang: Lang) -> Result<Vec<u8>, ReportError> {
    let measure = Measure::new()?;
    let mut l = Layout::new(&measure);
    let not_recorded = lang.pick("niet vastgelegd in Schakel", "not recorded in Schakel");
    let date =
        |d: Option<chrono::NaiveDate>| d.map_or_else(|| "—".to_owned(), |d| long_date(d, lang));
    let or_not = |v: &Option<String>| v.clone().unwrap_or_else(|| not_recorded.to_owned());
    let person = |(name, number): &(String, Option<String>)| match number {
        Some(n) => format!(
            "{name} ({} {n})",
            lang.pick("registratienummer", "registration number")
        ),
        None => name.clone(),
    };
    let (amount, (unit, unit_name), (frequency, frequency_name)) = &s.ijw_volume;
    let ijw_volume = format!(
        "{amount} · {} {unit} {unit_name} · {} {frequency} {frequency_name}",
        lang.pick("eenheid", "unit"),
        lang.pick("frequentie", "frequency"),
    );

    header(&mut l, s, lang);

    section(
        &mut l,
        lang.pick("Jeugdige", "Child"),
        &[
            (lang.pick("Naam", "Name"), s.child_name.clone()),
            (
                lang.pick("Geboortedatum", "Date of birth"),
                date(s.date_of_birth),
            ),
            ("BSN", or_not(&s.bsn)),
        ],
    );
    section(
        &mut l,
        lang.pick("Toegewezen jeugdhulp", "Youth care allocated"),
        &[
            (
                lang.pick("Productcategorie", "Product category"),
                s.category.clone(),
            ),
            (
                lang.pick("Productcode", "Product code"),
                or_not(&s.product_code),
            ),
            (
                lang.pick("Omschrijving", "Description"),
                s.care_kind.clone(),
            ),
            (lang.pick("Omvang", "Volume"), s.volume.clone()),
            (
                lang.pick("Omvang volgens iJw", "Volume in iJw terms"),
                ijw_volume,
            ),
            (lang.pick("Ingangsdatum", "Start date"), date(s.from)),
            (lang.pick("Einddatum", "End date"), date(s.until)),
        ],
    );
    section(
        &mut l,
        lang.pick("Aanbieder", "Provider"),
        &[
            (lang.pick("Naam", "Name"), s.provider.clone()),
            (lang.pick("AGB-code", "AGB code"), or_not(&s.provider_agb)),
        ],
    );
    section(
        &mut l,
        lang.pick("Besluit", "Decision"),
        &[
            (lang.pick("Besloten op", "Decided on"), date(s.decided_on)),
            (
                lang.pick("Besloten door", "Decided by"),
                person(&s.decided_by),
            ),
            (
                lang.pick("Organisatie", "Organisation"),
                s.organisation.clone(),
            ),
            (lang.pick("Akkoord op", "Approved on"), date(s.approved_on)),
            (
                lang.pick("Akkoord door", "Approved by"),
                person(&s.approved_by),
            ),
        ],
    );
    l.heading(2, lang.pick("Onderbouwing", "Reasons"), 12.0, 30.0);
    l.paragraph(&s.reasons, 10.0, false, TEXT);

    l.y += 16.0;
    let y = l.y;
    l.rule(MARGIN, MARGIN + CONTENT_WIDTH, y, 0.5, RULE);
    l.y += 2.0;
    l.paragraph(
        lang.pick(
            "Schakel legt dit besluit vast en exporteert het; het verstuurt geen iJw-berichten. De gemeente \
             stuurt de toewijzing (iJw JW301) naar de aanbieder en vult aan wat Schakel niet vastlegt.",
            "Schakel records and exports this decision; it sends no iJw messages. The municipality sends the \
             allocation (iJw JW301) to the provider and adds what Schakel does not record.",
        ),
        8.5,
        false,
        MUTED,
    );
    l.paragraph(
        &format!(
            "{} {}",
            lang.pick("Gemaakt op", "Made on"),
            long_date(s.generated_on, lang)
        ),
        8.5,
        false,
        MUTED,
    );

    let info = draw::Info {
        title: format!(
            "{} {}",
            lang.pick(
                "Toewijzingsbesluit SMW plus",
                "Allocation decision SMW plus"
            ),
            s.case_number
        ),
        language: lang.pick("nl-NL", "en-GB"),
        date: s.generated_on,
    };
    draw::render(&l.pages, l.structure, &info)
}

/// The title, the mandating municipality, the case and decision, and a rule under them.
fn header(l: &mut Layout<'_>, s: &AllocationSheet, lang: Lang) {
    l.y += 4.0;
    let title = lang.pick(
        "Toewijzingsbesluit SMW plus",
        "Allocation decision SMW plus",
    );
    l.begin(Role::Heading {
        level: 1,
        title: title.to_owned(),
    });
    l.heading_lines(title, 20.0, 0.0);
    l.end();
    let municipality = match &s.municipality {
        Some((name, code)) => format!(
            "{} {name} ({} {code})",
            lang.pick(
                "In mandaat van de gemeente",
                "Under the mandate of the municipality of"
            ),
            lang.pick("gemeentecode", "municipality code"),
        ),
        None => lang
            .pick(
                "In mandaat van de gemeente",
                "Under the municipality's mandate",
            )
            .to_owned(),
    };
    l.paragraph(&municipality, 11.0, false, TEXT);
    l.paragraph(
        &format!(
            "{} {} · {} {}",
            lang.pick("Dossier", "Case"),
            s.case_number,
            lang.pick("besluit", "decision"),
            s.decision_id
        ),
        10.0,
        false,
        MUTED,
    );
    l.y += 8.0;
    let y = l.y;
    l.rule(MARGIN, MARGIN + CONTENT_WIDTH, y, 1.5, HEADING);
}

/// A titled block of label–value rows on a shaded band, the value wrapped beside its label.
fn section(l: &mut Layout<'_>, title: &str, rows: &[(&str, String)]) {
    const LABEL_WIDTH: f32 = 150.0;
    const SIZE: f32 = 10.0;
    const LEADING: f32 = 14.0;
    l.heading(2, title, 12.0, 40.0);
    l.y += 4.0;
    l.begin(Role::Table);
    l.begin(Role::TableBody);
    for (i, (label, value)) in rows.iter().enumerate() {
        let lines = l
            .measure
            .wrap(value, SIZE, false, CONTENT_WIDTH - LABEL_WIDTH - 8.0);
        let height = lines.len() as f32 * LEADING + 4.0;
        l.ensure(height);
        let top = l.y;
        if i % 2 == 0 {
            l.rect(MARGIN, top, CONTENT_WIDTH, height, SHADE);
        }
        l.begin(Role::Row);
        l.element(Role::RowHeader, |l| {
            l.text(MARGIN + 4.0, top + LEADING - 2.0, SIZE, true, TEXT, label);
        });
        l.element(Role::Cell, |l| {
            let mut y = top;
            for line in &lines {
                y += LEADING;
                l.text(MARGIN + LABEL_WIDTH, y - 2.0, SIZE, false, TEXT, line);
            }
        });
        l.end();
        l.y = top + height;
    }
    l.end();
    l.end();
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sheet() -> AllocationSheet {
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        AllocationSheet {
            municipality: Some(("Súdwest-Fryslân".into(), "1900".into())),
            organisation: "Schoolmaatschappelijk werk Fryslân".into(),
            case_number: "SMW-2026-0042".into(),
            decision_id: 7,
            child_name: "Zoë de Vries".into(),
            date_of_birth: day("2014-05-17"),
            bsn: None,
            category: "Jeugdhulp ambulant (45)".into(),
            product_code: None,
            care_kind: "ambulante gezinsbegeleiding thuis".into(),
            volume: "2 uur per week".into(),
            ijw_volume: (
                2,
                ("04".into(), "Uur".into()),
                ("2".into(), "Per week".into()),
            ),
            from: day("2026-12-01"),
            until: day("2027-05-31"),
            provider: "Ambulante gezinsbegeleiding De Haven".into(),
            provider_agb: None,
            decided_on: day("2026-11-30"),
            decided_by: ("Rachid Benali".into(), Some("100012345".into())),
            approved_on: day("2026-12-01"),
            approved_by: ("Wendy Kartoredjo".into(), None),
            reasons: "Lichte opvoedondersteuning is onvoldoende gebleken; moeder is akkoord."
                .into(),
            generated_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
        }
    }

    #[test]
    fn the_sheet_says_what_the_allocation_needs_on_one_page() {
        let pdf = allocation_decision(&sheet(), Lang::Nl).unwrap();
        let text = super::super::tests::pdftotext(&pdf);
        for want in [
            "Toewijzingsbesluit SMW plus",
            "Súdwest-Fryslân",
            "1900",
            "Zoë de Vries",
            "17 mei 2014",
            "Jeugdhulp ambulant (45)",
            "2 uur per week",
            "1 december 2026",
            "31 mei 2027",
            "Ambulante gezinsbegeleiding De Haven",
            "Wendy Kartoredjo",
            "Rachid Benali (registratienummer 100012345)",
            "eenheid 04 Uur",
            "frequentie 2 Per week",
            "niet vastgelegd in Schakel",
        ] {
            assert!(text.contains(want), "{want} in:\n{text}");
        }
        assert_eq!(text.matches('\u{c}').count(), 1, "one page:\n{text}");
        let english =
            super::super::tests::pdftotext(&allocation_decision(&sheet(), Lang::En).unwrap());
        assert!(
            english.contains("Allocation decision SMW plus") && english.contains("17 May 2014")
        );
        assert!(!english.contains("Geboortedatum"), "{english}");
    }

    #[test]
    fn a_character_the_font_lacks_does_not_stop_the_export() {
        let mut odd = sheet();
        odd.child_name = "Li\tWei 李伟 😀".into();
        odd.reasons = "Afspraak:\tbelt terug 😀".into();
        let pdf =
            allocation_decision(&odd, Lang::Nl).expect("a sheet despite glyph-less characters");
        super::super::tests::assert_tagged_pdf_ua(&pdf);
        let text = super::super::tests::pdftotext(&pdf);
        assert!(text.contains("Li Wei"), "the tab is a space:\n{text}");
        assert!(
            text.contains('\u{fffd}'),
            "a missing glyph shows as �:\n{text}"
        );
    }

    #[test]
    fn the_sheet_is_a_tagged_pdf_ua_document() {
        let pdf = allocation_decision(&sheet(), Lang::Nl).unwrap();
        super::super::tests::assert_tagged_pdf_ua(&pdf);
        let tree = super::super::tests::pdfinfo(&pdf, &["-struct-text"]);
        for expected in [
            "H1 \"Toewijzingsbesluit SMW plus\"",
            "H2 \"Toegewezen jeugdhulp\"",
            "TH:\n           /Scope /Row\n          \"Geboortedatum\"\n        TD\n          \"17 mei 2014\"",
            "H2 \"Onderbouwing\"",
        ] {
            assert!(
                tree.contains(expected),
                "{expected:?} missing from:\n{tree}"
            );
        }
    }
}
