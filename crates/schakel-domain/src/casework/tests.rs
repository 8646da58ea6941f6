//! Tests of the casework rules.

mod rules {
    use super::super::*;

    #[test]
    fn triage_proposes_the_school_worker_with_the_fewest_cases() {
        let load = |w: i64| match w {
            7 => 14,
            9 => 6,
            _ => 0,
        };
        assert_eq!(proposed_worker(&[7, 9], Some(3), load), Some(9));
        assert_eq!(proposed_worker(&[7], Some(3), load), Some(7));
        assert_eq!(proposed_worker(&[], Some(3), load), Some(3));
        assert_eq!(proposed_worker(&[], None, load), None);
    }

    #[test]
    fn a_contact_lies_between_the_case_start_and_today() {
        let start = case_file_start(
            Some(d("2026-09-01")),
            d("2026-09-03"),
            Some(d("2014-05-05")),
        );
        assert_eq!(start, d("2026-09-01"));
        assert_eq!(
            case_file_start(None, d("2026-09-03"), None),
            d("2026-09-03")
        );
        // A birth date after the referral (bad data) still bounds the case file.
        assert_eq!(
            case_file_start(
                Some(d("2010-01-01")),
                d("2026-09-03"),
                Some(d("2014-05-05"))
            ),
            d("2014-05-05")
        );
        let today = d("2026-11-30");
        assert!(check_contact_date(d("0001-01-01"), start, today).is_err());
        assert!(check_contact_date(d("2026-08-31"), start, today).is_err());
        assert!(check_contact_date(d("2026-09-01"), start, today).is_ok());
        assert!(check_contact_date(today, start, today).is_ok());
        assert!(check_contact_date(d("2026-12-01"), start, today).is_err());
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn triage_only_once() {
        assert_eq!(
            triage(ReferralStatus::Received, ReferralStatus::Accepted),
            Ok(ReferralStatus::Accepted)
        );
        assert!(triage(ReferralStatus::Accepted, ReferralStatus::Declined).is_err());
        assert!(triage(ReferralStatus::Received, ReferralStatus::Received).is_err());
        // Withdrawing is the school's act, not a triage decision; a withdrawn referral cannot be triaged.
        assert!(triage(ReferralStatus::Received, ReferralStatus::Withdrawn).is_err());
        assert!(triage(ReferralStatus::Withdrawn, ReferralStatus::Accepted).is_err());
    }

    #[test]
    fn a_referral_is_withdrawn_only_before_triage() {
        assert_eq!(
            withdraw(ReferralStatus::Received),
            Ok(ReferralStatus::Withdrawn)
        );
        for s in [
            ReferralStatus::Accepted,
            ReferralStatus::AdviceOnly,
            ReferralStatus::Forwarded,
            ReferralStatus::Declined,
            ReferralStatus::Withdrawn,
        ] {
            assert!(withdraw(s).is_err(), "{s:?}");
        }
        assert_eq!(
            SchoolView::of(ReferralStatus::Withdrawn, None),
            SchoolView::Withdrawn
        );
        assert_eq!(
            ReferralStatus::parse("withdrawn"),
            Some(ReferralStatus::Withdrawn)
        );
    }

    #[test]
    fn school_sees_status_only() {
        assert_eq!(
            SchoolView::of(ReferralStatus::Received, None),
            SchoolView::Received
        );
        assert_eq!(
            SchoolView::of(ReferralStatus::Accepted, Some(false)),
            SchoolView::InProgress
        );
        assert_eq!(
            SchoolView::of(ReferralStatus::Accepted, Some(true)),
            SchoolView::Closed
        );
        assert_eq!(
            SchoolView::of(ReferralStatus::Declined, None),
            SchoolView::Closed
        );
    }

    #[test]
    fn onward_lifecycle() {
        use OnwardStatus::*;
        assert_eq!(Proposed.next(), &[Consented, Sent]);
        assert!(!Proposed.next().contains(&Accepted));
        assert!(Sent.next().contains(&Declined));
        assert!(Completed.next().is_empty());
        assert!(!Declined.is_open() && Started.is_open());
        for s in OnwardStatus::ALL {
            assert_eq!(OnwardStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn gas_scale_is_configurable() {
        assert!(GasScale::default().check(-3).is_err());
        assert_eq!(GasScale { min: -3, max: 2 }.check(-3), Ok(-3));
        assert!(GasScale::default().check(3).is_err());
    }

    #[test]
    fn closure_checklist() {
        assert!(ClosureChecklist::default().problems_nl().is_empty());
        let c = ClosureChecklist {
            open_onward_referrals: 1,
            open_tasks: 0,
            goals_without_end_score: 2,
        };
        assert_eq!(c.problems_nl().len(), 2);
    }

    #[test]
    fn dates() {
        assert_eq!(first_review(d("2026-09-01"), 6), d("2026-10-13"));
        assert_eq!(
            days_to_first_contact(d("2026-09-01"), Some(d("2026-09-04"))),
            Some(3)
        );
        assert!(links_to_previous(d("2025-11-01"), d("2026-10-31")));
        assert!(!links_to_previous(d("2025-11-01"), d("2026-11-02")));
        assert_eq!(case_number("WW", 2026, 42), "WW-2026-0042");
    }
}

mod document_tests {
    use super::super::*;

    #[test]
    fn documents_are_checked_by_content_and_size() {
        assert_eq!(
            document_type("verslag.pdf", b"%PDF-1.7 ..."),
            Ok("application/pdf")
        );
        assert!(
            document_type("verslag.pdf", b"MZ\x90\x00 not a pdf").is_err(),
            "an executable renamed to .pdf"
        );
        assert_eq!(
            document_type("foto.png", b"\x89PNG\r\n\x1a\n...."),
            Ok("image/png")
        );
        assert!(document_type("plan.docx", b"PK\x03\x04....").is_ok());
        assert!(document_type("archief.zip", b"PK\x03\x04....").is_err());
        assert!(document_type("notitie.txt", b"Gesprek met moeder").is_ok());
        assert!(document_type("notitie.txt", b"bin\x00ary").is_err());
        assert!(document_type("leeg.pdf", b"").is_err());
        let pdf_as_html = b"%PDF-1.4\n<html><script>alert(1)</script></html>";
        let kind = document_type("brief.html", pdf_as_html);
        assert_eq!(kind, Ok("application/pdf"));
        assert_eq!(
            document_filename("brief.html", "application/pdf"),
            "brief.pdf"
        );
        assert_eq!(
            document_filename("verslag", "application/pdf"),
            "verslag.pdf"
        );
        assert_eq!(document_filename("foto.JPEG", "image/jpeg"), "foto.jpg");
        assert_eq!(
            document_filename("plan.docx", DOCUMENT_KINDS[3].0),
            "plan.docx"
        );
        assert_eq!(document_filename(".pdf", "application/pdf"), ".pdf.pdf");
        let big = vec![b'%'; MAX_DOCUMENT_BYTES + 1];
        assert!(document_type("groot.pdf", &big).is_err());
    }
}

mod taxonomy_tests {
    use super::super::*;

    #[test]
    fn codes_come_from_labels() {
        assert_eq!(term_code("Rouw & verlies"), "rouw_verlies");
        assert_eq!(term_code("  Één-ouder gezin "), "een_ouder_gezin");
        assert_eq!(
            term_code("Schoolgang / aanwezigheid"),
            "schoolgang_aanwezigheid"
        );
        assert_eq!(term_code("!!"), "");
    }

    #[test]
    fn term_lists_are_checked() {
        let ok = parse_terms("signals", "Gedrag\n\n Pesten \nSchulden thuis").expect("valid");
        assert_eq!(
            ok,
            vec![
                ("gedrag".to_string(), "Gedrag".to_string()),
                ("pesten".to_string(), "Pesten".to_string()),
                ("schulden_thuis".to_string(), "Schulden thuis".to_string()),
            ]
        );
        assert!(parse_terms("signals", "").is_err(), "empty list");
        assert!(
            parse_terms("signals", "Pesten\npesten").is_err(),
            "same code twice"
        );
        assert!(parse_terms("signals", "---").is_err(), "no letters");
        assert!(parse_terms("signals", &"x".repeat(81)).is_err(), "too long");
        let many: Vec<String> = (0..=MAX_TERMS).map(|i| format!("term {i}")).collect();
        assert!(
            parse_terms("signals", &many.join("\n")).is_err(),
            "too many"
        );
        assert_eq!(parse_terms("s", "a\nb").expect("two").len(), 2);
    }

    #[test]
    fn defaults_have_valid_codes() {
        for t in Taxonomy::ALL {
            for (code, label) in t.defaults() {
                assert_eq!(term_code(code), *code, "{label}");
            }
        }
    }
}

mod time_tests {
    use super::super::*;

    #[test]
    fn school_year_starts_in_august() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert_eq!(school_year_start(d("2026-11-26")), d("2026-08-01"));
        assert_eq!(school_year_start(d("2026-08-01")), d("2026-08-01"));
        assert_eq!(school_year_start(d("2026-07-31")), d("2025-08-01"));
        assert_eq!(school_year_start(d("2027-01-05")), d("2026-08-01"));
    }

    #[test]
    fn indirect_activities_have_labels() {
        assert_eq!(indirect_activity_label("reistijd"), Some("reistijd"));
        assert_eq!(indirect_activity_label("koffie"), None);
    }
}

mod coded_tests {
    use super::super::*;

    fn same<T: Copy + std::fmt::Debug>(
        table: &[(&str, &str)],
        all: &[T],
        code: impl Fn(T) -> &'static str,
        label: impl Fn(T, Lang) -> &'static str,
    ) {
        let from_enum: Vec<(&str, &str)> = all
            .iter()
            .map(|v| (code(*v), label(*v, Lang::Nl)))
            .collect();
        assert_eq!(table, from_enum.as_slice());
    }

    #[test]
    fn the_lists_and_the_enums_agree() {
        same(
            &CONTACT_KINDS,
            ContactKind::ALL,
            ContactKind::code,
            ContactKind::label,
        );
        same(
            &CLOSURE_REASONS,
            ClosureReason::ALL,
            ClosureReason::code,
            ClosureReason::label,
        );
        same(
            &REFERRAL_SOURCES,
            ReferralSource::ALL,
            ReferralSource::code,
            ReferralSource::label,
        );
        same(&URGENCIES, Urgency::ALL, Urgency::code, Urgency::label);
        same(
            &INDIRECT_ACTIVITIES,
            IndirectActivity::ALL,
            IndirectActivity::code,
            IndirectActivity::label,
        );
    }

    #[test]
    fn every_code_reads_back_and_has_english() {
        for s in CaseStatus::ALL {
            assert_eq!(CaseStatus::parse(s.code()), Some(*s));
        }
        for k in ContactKind::ALL {
            assert_eq!(ContactKind::parse(k.code()), Some(*k));
            assert!(!k.label(Lang::En).is_empty());
        }
        assert_eq!(
            CaseStatus::of("closure_requested"),
            CaseStatus::ClosureRequested
        );
        assert_eq!(CaseStatus::of("???"), CaseStatus::Open);
        assert_eq!(
            ClosureReason::parse("verhuisd").map(|r| r.label(Lang::En)),
            Some("moved away")
        );
        for (code, _) in DEFAULT_SIGNALS {
            assert!(
                default_term_label_en(Taxonomy::Signals, code).is_some(),
                "{code}"
            );
        }
        for (code, _) in DEFAULT_GOAL_THEMES {
            assert!(
                default_term_label_en(Taxonomy::GoalThemes, code).is_some(),
                "{code}"
            );
        }
    }

    #[test]
    fn an_organisations_own_label_stays_in_english() {
        assert_eq!(
            term_label(Taxonomy::Signals, "pesten", "pesten", Lang::En),
            "bullying"
        );
        assert_eq!(
            term_label(Taxonomy::Signals, "pesten", "pesten", Lang::Nl),
            "pesten"
        );
        assert_eq!(
            term_label(Taxonomy::Signals, "pesten", "Pesten op school", Lang::En),
            "Pesten op school"
        );
        assert_eq!(
            term_label(Taxonomy::Signals, "eigen", "eigen", Lang::En),
            "eigen"
        );
    }
}
