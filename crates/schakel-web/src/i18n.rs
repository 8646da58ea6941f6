//! Interface texts: Dutch first, English second. One table, so a missing translation is a test failure,
//! not a blank on screen.

/// The reader's language lives in the domain (the labels of its coded lists need it); the interface texts
/// are here, reached through [`Texts::t`].
pub use schakel_domain::Lang;

macro_rules! texts {
    ($($key:literal => $nl:literal, $en:literal;)*) => {
        fn lookup(key: &str) -> Option<(&'static str, &'static str)> {
            match key {
                $($key => Some(($nl, $en)),)*
                _ => None,
            }
        }
        /// Every key, for tests.
        pub const KEYS: &[&str] = &[$($key),*];
    };
}

/// The interface texts of a language: `lang.t("key")`.
pub trait Texts {
    /// The text for `key`; an unknown key shows itself, so it is noticed.
    fn t(self, key: &str) -> &'static str;
}

impl Texts for Lang {
    fn t(self, key: &str) -> &'static str {
        match lookup(key) {
            Some((nl, en)) => self.pick(nl, en),
            None => {
                tracing::warn!("missing text: {key}");
                "⟨?⟩"
            }
        }
    }
}

pub fn has_key(key: &str) -> bool {
    lookup(key).is_some()
}

texts! {
    "layout.skip" => "Naar de inhoud", "Skip to content";
    "layout.logout" => "Afmelden", "Sign out";
    "layout.language" => "Taal", "Language";
    "layout.menu" => "Hoofdmenu", "Main menu";
    "layout.breadcrumbs" => "Kruimelpad", "Breadcrumbs";
    "layout.footer" => "Schakel – het werkplatform voor schoolmaatschappelijk werk. Vertrouwelijk: elke inzage in persoonsgegevens wordt vastgelegd.", "Schakel – the working platform for school social work. Confidential: every view of personal data is logged.";
    "layout.demo" => "Demo-omgeving: alle personen, scholen en gegevens zijn verzonnen.", "Demo environment: all people, schools and data are invented.";
    "nav.referrals" => "Aanmeldingen", "Referrals";
    "nav.cases" => "Dossiers", "Case files";
    "nav.consultations" => "Consultaties", "Consultations";
    "referrals.lead.school" => "Leerlingen die u heeft aangemeld. U ziet alleen de status, nooit de inhoud van het dossier.", "Pupils you referred. You see only the status, never the content of the case file.";
    "referrals.lead.worker" => "Aanmeldingen van uw scholen. Beslis over nieuwe aanmeldingen: aannemen, alleen advies, doorsturen of afwijzen.", "Referrals from your schools. Decide on new ones: accept, advice only, forward or decline.";
    "referrals.new" => "Leerling aanmelden", "Refer a pupil";
    "referrals.new_lead" => "Bespreek de aanmelding eerst met de ouders: we praten met ouders, niet over ze.", "Discuss the referral with the parents first: we talk with parents, not about them.";
    "referrals.sent" => "Verstuurd. De schoolmaatschappelijk werker neemt contact op.", "Sent. The school social worker will get in touch.";
    "referrals.received" => "Ontvangen", "Received";
    "referrals.child" => "Kind / jongere", "Child / young person";
    "referrals.status" => "Status", "Status";
    "referrals.urgency" => "Urgentie", "Urgency";
    "referrals.signals" => "Signalen", "Signals";
    "referrals.given_name" => "Voornaam", "Given name";
    "referrals.family_name" => "Achternaam", "Family name";
    "referrals.date_of_birth" => "Geboortedatum", "Date of birth";
    "referrals.born" => "geboren", "born";
    "referrals.class" => "Groep / klas", "Class";
    "referrals.source" => "Aangemeld door", "Referred by";
    "referrals.referrer" => "Naam van de aanmelder", "Name of the referrer";
    "referrals.guardian" => "Ouder/verzorger", "Parent/carer";
    "referrals.relation" => "Relatie", "Relation";
    "referrals.relation_hint" => "Bijvoorbeeld moeder, vader, pleegouder, voogd.", "E.g. mother, father, foster parent, guardian.";
    "referrals.has_gezag" => "heeft gezag", "has parental authority";
    "referrals.gezag" => "gezag", "parental authority";
    "kik.social_minimum" => "sociaal minimum", "of the social minimum";
    "referrals.phone" => "Telefoon", "Phone";
    "referrals.reason" => "Reden van aanmelding", "Reason for referral";
    "referrals.reason_hint" => "In uw eigen woorden: wat ziet u, wat hoort u, sinds wanneer?", "In your own words: what do you see and hear, since when?";
    "referrals.parents_agree" => "Ouders weten van de aanmelding en zijn akkoord", "Parents know about the referral and agree";
    "referrals.submit" => "Aanmelden", "Refer";
    "referrals.consultation" => "Liever eerst advies zonder naam?", "Advice first, without a name?";
    "referrals.consultation_hint" => "Bijvoorbeeld: groepsklimaat, zorgen over een leerling, gesprek met ouders voorbereiden.", "E.g. class climate, worries about a pupil, preparing a talk with parents.";
    "referrals.consultation_submit" => "Consultatie aanvragen", "Ask for a consultation";
    "referrals.question" => "Uw vraag", "Your question";
    "referrals.referral" => "Aanmelding", "Referral";
    "referrals.picked_up_by" => "Opgepakt door", "Picked up by";
    "referrals.not_picked_up" => "nog niemand (wacht op beoordeling)", "nobody yet (waiting for triage)";
    "referrals.withdraw" => "Aanmelding intrekken", "Withdraw referral";
    "referrals.withdraw_reason" => "Reden van intrekken", "Reason for withdrawing";
    "referrals.withdraw_hint" => "Kort, bijvoorbeeld: ouders willen eerst zelf hulp zoeken. Intrekken kan alleen zolang er nog niet over de aanmelding is beslist.", "Briefly, for example: the parents first want to find help themselves. Withdrawing is possible only until the referral has been decided.";
    "referrals.withdrawn" => "De aanmelding is ingetrokken.", "The referral has been withdrawn.";
    "referrals.school_only_status" => "Als school ziet u de status van deze aanmelding en wat de schoolmaatschappelijk werker met toestemming met u deelt. De rest blijft vertrouwelijk tussen gezin en schoolmaatschappelijk werker.", "As a school you see the status of this referral and what the social worker shares with you with consent. The rest stays confidential between the family and the social worker.";
    "referrals.household" => "Gezin", "Household";
    "referrals.decision_note" => "Toelichting bij de beslissing", "Note on the decision";
    "referrals.decision_hint" => "Verplicht bij doorsturen of afwijzen.", "Required when forwarding or declining.";
    "referrals.open_case" => "Naar het dossier", "To the case file";
    "referrals.duplicates" => "Mogelijk al bekend (naam en geboortedatum lijken op elkaar)", "Possibly known already (similar name and date of birth)";
    "referrals.triage" => "Beslissen over deze aanmelding", "Decide on this referral";
    "referrals.decide" => "Beslissing vastleggen", "Record the decision";
    "referrals.decision" => "Beslissing", "Decision";
    "referrals.assign_choose" => "— kies een medewerker —", "— choose a worker —";
    "referrals.open_cases" => "open dossiers", "open cases";
    "referrals.works_at_school" => "werkt op deze school", "works at this school";
    "referrals.assign" => "Toewijzen aan (bij aannemen)", "Assign to (when accepting)";
    "consultations.question" => "Vraag van de school", "The school's question";
    "consultations.requests" => "Consultatievragen", "Consultation requests";
    "consultations.state" => "Stand", "State";
    "consultations.open" => "wacht op antwoord", "waiting for an answer";
    "consultations.answered" => "beantwoord", "answered";
    "consultations.answer" => "Beantwoorden en sluiten", "Answer and close";
    "consultations.open_requests" => "Open consultatievragen van uw scholen", "Open consultation requests from your schools";
    "consultations.answered_ok" => "Het antwoord is verstuurd; de school ziet het bij haar consultatievragen.", "The answer has been sent; the school sees it with its consultation requests.";
    "consultations.lead" => "Advies aan een leerkracht of IB'er, met of zonder naam, zonder dossier: al vóór er een aanmelding is.", "Advice to a teacher or care coordinator, named or not, without a case file: before there is a referral.";
    "consultations.new" => "Consultatie vastleggen", "Record a consultation";
    "consultations.held_on" => "Datum", "Date";
    "consultations.asked_by" => "Vraagsteller", "Asked by";
    "consultations.asked_by_hint" => "Bijvoorbeeld: leerkracht groep 6.", "E.g. teacher of year 6.";
    "consultations.child_label" => "Over (zonder naam)", "About (no name)";
    "consultations.child_label_hint" => "Bijvoorbeeld: meisje groep 4. Geen naam nodig.", "E.g. girl in year 4. No name needed.";
    "consultations.theme" => "Thema", "Theme";
    "consultations.advice" => "Advies", "Advice";
    "consultations.minutes" => "Minuten", "Minutes";
    "cases.show_all" => "Alle contacten en de hele tijdlijn tonen", "Show all contacts and the whole timeline";
    "cases.contacts_lower" => "contacten", "contacts";
    "cases.documents" => "Documenten", "Documents";
    "cases.file" => "Bestand", "File";
    "cases.description" => "Omschrijving", "Description";
    "cases.size" => "Grootte", "Size";
    "cases.add_document" => "Document toevoegen", "Add a document";
    "cases.upload" => "Uploaden", "Upload";
    "cases.file_hint" => "PDF, PNG, JPEG, Word (.docx), OpenDocument (.odt) of tekst (.txt), hoogstens 10 MB.", "PDF, PNG, JPEG, Word (.docx), OpenDocument (.odt) or text (.txt), at most 10 MB.";
    "cases.closure_requested" => "afsluiting aangevraagd, wacht op akkoord teamleider", "closure requested, awaiting the team lead";
    "cases.approve_closure" => "Afsluiting goedkeuren", "Approve closure";
    "cases.home_language" => "Thuistaal", "Home language";
    "cases.interpreter_needed" => "tolk nodig", "interpreter needed";
    "cases.school_report" => "Terugkoppeling aan school", "Report to the school";
    "cases.school_report_submit" => "Terugkoppeling delen", "Share the report";
    "cases.school_report_body" => "Wat de school mag weten", "What the school may know";
    "cases.school_report_hint" => "Alleen wat de school nodig heeft. Kan alleen met toestemming om te delen met 'school' (onder 12 de ouders met gezag, vanaf 12 het kind): de meldcode is geen grond om de school te informeren.", "Only what the school needs. Needs consent to share with 'school' (under 12 the parents with gezag, from 12 the child): the reporting code is no ground to inform the school.";
    "referrals.reports" => "Terugkoppeling van de schoolmaatschappelijk werker", "Reports from the school social worker";
    "referrals.report_date" => "Datum", "Date";
    "referrals.report_body" => "Terugkoppeling", "Report";
    "cases.child_details" => "Kindgegevens", "Child details";
    "cases.search" => "Zoek op naam, geboortedatum, school of dossiernummer", "Search by name, date of birth, school or case number";
    "cases.search_hint" => "Accenten maken niet uit: 'Ozdemir' vindt 'Özdemir'. Datum als jjjj-mm-dd.", "Accents do not matter: 'Ozdemir' finds 'Özdemir'. Date as yyyy-mm-dd.";
    "cases.include_closed" => "Ook gesloten dossiers", "Include closed case files";
    "cases.number" => "Dossiernummer", "Case number";
    "cases.opened" => "Geopend", "Opened";
    "cases.review" => "Evaluatie", "Review";
    "cases.open" => "lopend", "open";
    "cases.closed" => "gesloten", "closed";
    "cases.years" => "jaar", "years";
    "cases.first_contact" => "Eerste contact", "First contact";
    "cases.days_after_referral" => "dagen na aanmelding", "days after referral";
    "cases.no_contact_yet" => "Nog geen contact", "No contact yet";
    "cases.consent_help" => "Toestemming voor hulp", "Consent for help";
    "cases.consent_ok" => "Geldig (volgens leeftijd en gezag)", "Valid (by age and parental authority)";
    "cases.consent_missing" => "Nog niet compleet.", "Not complete yet.";
    "cases.safety" => "Zorg over veiligheid", "Safety concern";
    "cases.safety_flagged" => "JA – volg de meldcode", "YES – follow the reporting code";
    "cases.safety_flag" => "Zorg over veiligheid (meldcode)", "Safety concern (reporting code)";
    "cases.previous" => "Eerder dossier van dit kind (binnen 12 maanden)", "Earlier case file of this child (within 12 months)";
    "cases.summary" => "Samenvatting en plan", "Summary and plan";
    "cases.consents" => "Toestemmingen", "Consents";
    "cases.party" => "Wie", "Who";
    "cases.party_child" => "het kind / de jongere", "the child / young person";
    "cases.party_hint" => "Alleen ouders met gezag geven toestemming. Onder 12: ouders; 12–15: kind én ouders; vanaf 16: de jongere zelf.", "Only parents with authority consent. Under 12: parents; 12–15: child and parents; from 16: the young person.";
    "cases.purpose" => "Waarvoor", "For";
    "cases.purpose_help" => "hulp", "help";
    "cases.purpose_share" => "informatie delen met", "sharing information with";
    "cases.recipient" => "Ontvanger (bij delen)", "Recipient (when sharing)";
    "cases.recipient_hint" => "Alleen als de ontvanger niet in de lijst staat.", "Only when the recipient is not in the list.";
    "cases.recipient_other" => "Andere ontvanger (typ de naam)", "Other recipient (type the name)";
    "cases.recipient_confirmed" => "De naam klopt: toestemming geldt alleen voor precies deze ontvanger", "The name is right: consent counts only for exactly this recipient";
    "cases.recipient_none" => "— (bij hulp geen ontvanger)", "— (no recipient for help)";
    "cases.recipient_school" => "De school van het kind", "The child's school";
    "cases.recipient_typed" => "Andere ontvanger (hieronder typen)", "Other recipient (type below)";
    "cases.information" => "Welke informatie", "Which information";
    "cases.given_on" => "Gegeven op", "Given on";
    "cases.valid_until" => "Geldig tot", "Valid until";
    "cases.withdrawn" => "Ingetrokken", "Withdrawn";
    "cases.withdraw" => "Intrekken", "Withdraw";
    "cases.child_wish" => "Wens van het kind (12–15)", "Wish of the child (12–15)";
    "cases.child_wish_hint" => "Een weloverwogen wens van het kind weegt mee; leg die vast.", "A considered wish of the child counts; record it.";
    "cases.goals" => "Doelen (GAS)", "Goals (GAS)";
    "cases.goal" => "Doel", "Goal";
    "cases.gas_review" => "tussenscore", "review score";
    "cases.gas_end" => "eindscore", "end score";
    "cases.contacts" => "Contacten", "Contacts";
    "cases.minutes_direct" => "minuten direct", "minutes direct";
    "cases.date" => "Datum", "Date";
    "cases.kind" => "Soort", "Kind";
    "cases.participants" => "Wie waren erbij", "Who took part";
    "cases.note" => "Notitie", "Note";
    "cases.tasks" => "Taken", "Tasks";
    "cases.task" => "Taak", "Task";
    "cases.due" => "Uiterlijk", "Due";
    "cases.done" => "Gedaan", "Done";
    "cases.mark_done" => "Afvinken", "Mark done";
    "cases.onward" => "Verwijzingen en toeleiding", "Onward referrals";
    "cases.target" => "Naar", "To";
    "cases.handover" => "Overdrachtsnotitie", "Handover note";
    "cases.handover_hint" => "Een warme overdracht: wat moet de volgende weten? Alleen met toestemming delen.", "A warm handover: what must the next person know? Share only with consent.";
    "cases.feedback" => "Terugkoppeling", "Feedback";
    "cases.basis" => "Grondslag delen", "Basis for sharing";
    "cases.mandates" => "Beschikkingen jeugdhulp (SMW plus)", "Youth-care decisions (SMW plus)";
    "cases.care_kind" => "Soort jeugdhulp", "Kind of youth care";
    "cases.care_kind_hint" => "Het product in woorden, bijvoorbeeld: ambulante gezinsbegeleiding.", "The product in words, e.g. outpatient family support.";
    "cases.category" => "Productcategorie (iJw)", "Product category (iJw)";
    "cases.volume" => "Omvang", "Volume";
    "cases.volume_unit" => "Eenheid van de omvang", "Unit of the volume";
    "cases.provider_hint" => "Een jeugdhulpaanbieder uit de sociale kaart van het kind. De beschikking gaat naar deze aanbieder: leg eerst de toestemming vast om met hem te delen.", "A youth-care provider from the child's referral directory. The decision goes to this provider: record consent to share with it first.";
    "cases.period_max" => "Een beschikking loopt hoogstens", "A decision runs at most";
    "cases.months" => "maanden (einddatum inbegrepen).", "months (end date included).";
    "cases.mandate_title" => "Beschikking jeugdhulp", "Youth-care decision";
    "cases.decided_by" => "Besloten door", "Decided by";
    "cases.approved_on" => "Goedgekeurd op", "Approved on";
    "cases.refused_on" => "Afgewezen op", "Refused on";
    "cases.refusal_reason" => "Reden van de afwijzing", "Reason for the refusal";
    "cases.refusal_reason_hint" => "De medewerker leest deze reden in het dossier en op de startpagina.", "The worker reads this reason in the case file and on the home page.";
    "cases.approve_decision" => "Beschikking goedkeuren", "Approve the decision";
    "cases.refuse_decision" => "Beschikking afwijzen", "Refuse the decision";
    "cases.refuse" => "Afwijzen", "Refuse";
    "cases.review_decision" => "Beoordelen", "Review";
    "cases.back_to_case" => "Terug naar het dossier", "Back to the case file";
    "cases.provider" => "Aanbieder", "Provider";
    "cases.period" => "Periode", "Period";
    "cases.reasons" => "Onderbouwing", "Reasons";
    "cases.mandate_new" => "Jeugdhulp inzetten (mandaat SMW plus)", "Authorise youth care (SMW plus mandate)";
    "cases.approve" => "Goedkeuren", "Approve";
    "cases.timeline" => "Tijdlijn (alle wijzigingen)", "Timeline (all changes)";
    "cases.event" => "Wat", "What";
    "cases.add_contact" => "Contact vastleggen", "Record a contact";
    "cases.add_goal" => "Doel toevoegen", "Add a goal";
    "cases.score_goal" => "Doel scoren (GAS)", "Score a goal (GAS)";
    "cases.moment" => "Moment", "Moment";
    "cases.add_consent" => "Toestemming vastleggen", "Record consent";
    "cases.add_guardian" => "Ouder/verzorger toevoegen", "Add a parent/carer";
    "cases.add_task" => "Taak toevoegen", "Add a task";
    "cases.propose_onward" => "Verwijzing voorstellen", "Propose an onward referral";
    "cases.advance_onward" => "Verwijzing bijwerken", "Update an onward referral";
    "cases.step" => "Volgende stap", "Next step";
    "cases.legal_ground" => "Delen zonder toestemming op grond van", "Share without consent on the ground of";
    "cases.legal_none" => "geen (toestemming nodig)", "none (consent needed)";
    "cases.legal_meldcode" => "meldcode (Veilig Thuis)", "reporting code (Veilig Thuis)";
    "cases.legal_acute" => "acuut gevaar (Veilig Thuis, politie, crisisdienst)", "acute danger (Veilig Thuis, police, crisis service)";
    "cases.legal_hint" => "Alleen bij verzenden, en alleen naar de ontvangers die de grond dekt. De functionaris gegevensbescherming ziet dit terug.", "Only when sending, and only to the recipients the ground covers. The privacy officer sees this.";
    "cases.transfer" => "Dossier overdragen", "Transfer the case file";
    "cases.transfer_submit" => "Overdragen", "Transfer";
    "cases.transfer_hint" => "De geschiedenis blijft bij het dossier.", "The history stays with the case file.";
    "cases.edit" => "Samenvatting, evaluatiedatum en markering", "Summary, review date and flag";
    "cases.close" => "Dossier afsluiten", "Close the case file";
    "cases.close_submit" => "Afsluiten", "Close";
    "cases.closure_reason" => "Reden van afsluiten", "Reason for closing";
    "cases.satisfaction_parent" => "Tevredenheid ouder (1–10)", "Satisfaction parent (1–10)";
    "cases.satisfaction_child" => "Tevredenheid kind (1–10)", "Satisfaction child (1–10)";
    "cases.satisfaction_hint" => "Vraag: hoe tevreden bent u over wat de hulp heeft opgeleverd?", "Question: how satisfied are you with what the help achieved?";
    "nav.social_map" => "Sociale kaart", "Social map";
    "nav.figures" => "Cijfers", "Figures";
    "nav.monitoring" => "Monitoring", "Monitoring";
    "form.date_hint" => "Bijvoorbeeld 14 2 2016", "For example 14 2 2016";
    "form.day" => "Dag", "Day";
    "form.month" => "Maand", "Month";
    "form.year" => "Jaar", "Year";
    "nav.team_dashboard" => "Teamoverzicht", "Team dashboard";
    "school.arrangement_set" => "Aanpak gestart", "Arrangement started";
    "school.arrangements" => "Aanpakken (voor het effectonderzoek)", "Arrangements (for the effect estimate)";
    "team.lead" => "Wachtlijst, werklast tegen contracturen, uren per school en wat aandacht vraagt.", "Waiting list, load against contract hours, hours per school and what needs attention.";
    "team.waiting" => "Aanmeldingen die wachten op triage", "Referrals waiting for triage";
    "team.waiting_median" => "Wachttijd (mediaan)", "Waiting time (median)";
    "team.first_contact_median" => "Van aanmelding tot eerste contact, dit schooljaar (mediaan)", "From referral to first contact, this school year (median)";
    "team.first_contact_p90" => "Van aanmelding tot eerste contact (90% binnen)", "From referral to first contact (90% within)";
    "team.load" => "Werklast per medewerker", "Load per worker";
    "team.worker" => "Medewerker", "Worker";
    "team.open_cases" => "Open dossiers", "Open cases";
    "team.contract" => "Contracturen per week", "Contract hours a week";
    "team.assigned" => "Vaste uren op scholen", "Fixed hours at schools";
    "team.per_hour" => "Dossiers per contractuur", "Cases per contract hour";
    "team.reviews_overdue_short" => "Evaluatie te laat", "Review overdue";
    "team.open_long_short" => "Langer open dan norm", "Open longer than norm";
    "team.first_contact_short" => "Tot eerste contact (mediaan)", "To first contact (median)";
    "team.received" => "Ontvangen", "Received";
    "team.days_waiting" => "Dagen wachtend", "Days waiting";
    "team.reviews_overdue" => "Evaluaties te laat", "Reviews overdue";
    "team.reviews_soon" => "Evaluaties in de komende 2 weken", "Reviews in the next 2 weeks";
    "team.closures" => "Afsluitingen die op akkoord wachten", "Closures waiting for approval";
    "team.open_long" => "Dossiers langer open dan de norm", "Cases open longer than the norm";
    "team.onward_waiting" => "Doorverwijzingen die nog niet gestart zijn", "Onward referrals not yet started";
    "team.weeks" => "weken", "weeks";
    "monitoring.title" => "Monitoring", "Monitoring";
    "monitoring.lead" => "Alleen totalen: geen kind is te zien. Aantallen onder de drempel staan als “< 5”, en waar nodig zijn andere cellen afgeschermd (•) zodat ze niet terug te rekenen zijn.", "Totals only: no child can be seen. Counts under the threshold show as “< 5”, and where needed other cells are withheld (•) so they cannot be worked back.";
    "monitoring.filter" => "Cijfers filteren", "Filter the figures";
    "monitoring.school_year" => "Schooljaar", "School year";
    "monitoring.school_type" => "Soort school", "School type";
    "monitoring.district" => "Wijk (postcode)", "District (postcode)";
    "monitoring.provider" => "Aanbieder", "Provider";
    "monitoring.all" => "Alle", "All";
    "monitoring.apply" => "Toon cijfers", "Show figures";
    "monitoring.more" => "Meer over deze cijfers", "More about these figures";
    "monitoring.effect_link" => "Effect van een aanpak (Kind in Kaart, SMW plus, meer uren)", "Effect of an arrangement (Kind in Kaart, SMW plus, more hours)";
    "monitoring.export_csv" => "Tabellen downloaden (CSV)", "Download the tables (CSV)";
    "monitoring.export_xlsx" => "Tabellen downloaden (Excel)", "Download the tables (Excel)";
    "monitoring.report_pdf" => "Jaarverslag (PDF)", "Annual report (PDF)";
    "monitoring.headlines" => "Kerncijfers", "Headline figures";
    "monitoring.consultations" => "Consultaties", "Consultations";
    "monitoring.kik_still" => "Kind in Kaart: na 3 maanden nog actief", "Kind in Kaart: still taking part after 3 months";
    "monitoring.trend" => "Vijf schooljaren", "Five school years";
    "monitoring.trend_caption" => "Aanmeldingen en doorverwijzingen naar specialistische jeugdhulp per 100 leerlingen", "Referrals and referrals on to specialist youth care per 100 pupils";
    "monitoring.referrals_per_100" => "Aanmeldingen per 100 leerlingen", "Referrals per 100 pupils";
    "monitoring.specialist_per_100" => "Naar specialistische jeugdhulp per 100 leerlingen", "To specialist youth care per 100 pupils";
    "monitoring.tables" => "Tabellen", "Tables";
    "monitoring.total" => "Totaal", "Total";
    "monitoring.care_meetings" => "Zorgoverleggen (ZAT, MDO) gehouden / gepland", "Care meetings (ZAT, MDO) held / planned";
    "monitoring.pupils_discussed" => "Leerlingen besproken in zorgoverleg", "Pupils discussed in care meetings";
    "monitoring.group_reviews" => "Groepsbesprekingen voorschool gehouden / gepland", "Pre-school group reviews held / planned";
    "monitoring.group_sessions" => "Groepsbijeenkomsten gehouden (preventie)", "Group sessions held (prevention)";
    "monitoring.group_hours" => "Uren groepswerk (voorbereiding en bijeenkomst)", "Hours of group work (preparation and session)";
    "monitoring.measure" => "Gemeten op", "Measured on";
    "monitoring.effect_trend_gas" => "Doelen bereikt (GAS 0 of hoger), % van de gescoorde doelen, per groep scholen", "Goals reached (GAS 0 or higher), % of goals scored, per group of schools";
    "monitoring.measure_specialist" => "doorverwijzingen naar specialistische jeugdhulp per 100 leerlingen", "referrals on to specialist youth care per 100 pupils";
    "monitoring.measure_gas" => "doelen bereikt (GAS), in procentpunten", "goals reached (GAS), in percentage points";
    "monitoring.estimate_gas" => "Geschat verschil in doelen bereikt (procentpunten)", "Estimated difference in goals reached (percentage points)";
    "monitoring.withheld" => "niet getoond: te weinig aanmeldingen om de tabel te tonen zonder dat een kind herkenbaar wordt", "withheld: too few referrals to show the table without a child becoming recognisable";
    "monitoring.per_school" => "Aanmeldingen per 100 leerlingen, per school", "Referrals per 100 pupils, per school";
    "monitoring.pupils" => "Leerlingen", "Pupils";
    "monitoring.referrals" => "Aanmeldingen", "Referrals";
    "monitoring.per_100" => "Per 100 leerlingen", "Per 100 pupils";
    "monitoring.hours" => "Uren per school: afgesproken en besteed", "Hours per school: contracted and spent";
    "monitoring.contracted" => "Afgesproken uren per week", "Contracted hours a week";
    "monitoring.spent" => "Besteed dit schooljaar (uren)", "Spent this school year (hours)";
    "monitoring.spent_week" => "Besteed per schoolweek", "Spent per school week";
    "monitoring.effect_title" => "Effect", "Effect";
    "monitoring.arrangement" => "Aanpak", "Arrangement";
    "monitoring.estimate" => "Geschat verschil in doorverwijzingen naar specialistische jeugdhulp per 100 leerlingen", "Estimated difference in referrals on to specialist youth care per 100 pupils";
    "monitoring.interval" => "95%-betrouwbaarheidsinterval", "95% confidence interval";
    "monitoring.schools_started" => "Scholen die startten", "Schools that started";
    "monitoring.schools_not_started" => "Scholen die niet startten", "Schools that did not start";
    "monitoring.what_it_means" => "Wat dit getal wel en niet zegt", "What this number can and cannot show";
    "monitoring.effect_trend" => "Doorverwijzingen naar specialistische jeugdhulp per 100 leerlingen, per groep scholen", "Referrals on to specialist youth care per 100 pupils, per group of schools";
    "monitoring.treated" => "Scholen met de aanpak", "Schools with the arrangement";
    "monitoring.control" => "Scholen zonder de aanpak", "Schools without the arrangement";
    "kik.class_title" => "Kind in Kaart voor een hele klas", "Kind in Kaart for a whole class";
    "kik.class_lead" => "Preventief, zonder dossiers: vul per kind een regel in tijdens de klassensessie. Er wordt niets over de kinderen opgeslagen; de school informeert de ouders en deelt de voorstellen.", "Prevention, without case files: one line per child during the class session. Nothing about the children is stored; the school informs the parents and shares the suggestions.";
    "kik.class_submit" => "Voorstellen maken", "Make suggestions";
    "kik.class_age" => "Leeftijd van de klas", "Age of the class";
    "kik.class_children" => "Kinderen (één per regel)", "Children (one per line)";
    "kik.class_children_hint" => "naam; interesses met komma's; vrije tijden — bijvoorbeeld: Amira; tekenen, dansen; wo 13:00-17:00", "name; interests separated by commas; free times — e.g. Amira; drawing, dancing; wo 13:00-17:00";
    "kik.class_nothing_stored" => "Deze voorstellen zijn niet opgeslagen. Druk ze af of geef ze mee; voor een kind dat hulp nodig heeft volgt een aanmelding.", "These suggestions are not stored. Print them or hand them out; a child who needs help is referred.";
    "kik.export" => "Sociale kaart downloaden (CSV)", "Download the social map (CSV)";
    "kik.min_age" => "Vanaf leeftijd", "From age";
    "kik.max_age" => "Tot en met leeftijd", "Up to age";
    "kik.capacity" => "Vrije plaatsen", "Places left";
    "kik.accessible_activity" => "Rolstoeltoegankelijk", "Wheelchair accessible";
    "kik.contact" => "Contact", "Contact";
    "kik.fig_by_district" => "Per wijk (postcodegebied van de school)", "Per district (postcode area of the school)";
    "kik.district" => "Wijk (postcode 4)", "District (postcode 4)";
    "kik.open" => "Kind in Kaart: talenten, interesses en activiteiten in de buurt", "Kind in Kaart: talents, interests and activities nearby";
    "kik.title" => "Kind in Kaart", "Kind in Kaart";
    "kik.lead" => "Wat kan het kind goed, wat vindt het leuk, wat wil het leren? Schakel zoekt activiteiten in de buurt en maakt een plan voor wat in de weg staat: kosten, afstand, niet alleen kunnen gaan.", "What is the child good at, what do they like, what do they want to learn? Schakel finds activities nearby and plans around what stands in the way: cost, distance, not being able to go alone.";
    "kik.map_lead" => "Aanbieders, activiteiten en fondsen in de buurt: sport, muziek, scouting, buurthuis, huiswerkbegeleiding, opvoedcursussen, jongerenwerk.", "Providers, activities and funds nearby: sport, music, scouting, community centres, homework help, parenting courses, youth work.";
    "kik.import_title" => "Sociale kaart importeren (CSV of GeoJSON)", "Import the social map (CSV or GeoJSON)";
    "kik.import_lead" => "Alle regels worden eerst gecontroleerd: bevat één regel een fout, dan wordt niets opgeslagen.", "Every row is checked first: if one row has an error, nothing is saved.";
    "kik.import_file" => "Bestand (CSV of GeoJSON)", "File (CSV or GeoJSON)";
    "kik.import_hint" => "Kolommen/eigenschappen: name, provider, category (sport, muziek_kunst_cultuur, scouting_buiten, buurt_geloof, huiswerkbegeleiding, opvoedcursus, jongerenwerk), latitude, longitude, min_age, max_age, sessions (wo 15:00-16:30; za 10:00-11:30), cost_per_season, interests, accessible, languages, capacity, address, postcode, city, contact, municipality_code. Fondsen: een CSV met de kolommen name, min_age, max_age, max_per_year, categories, municipalities, income_criterion_percent, description.", "Columns/properties: name, provider, category, latitude, longitude, min_age, max_age, sessions, cost_per_season, interests, accessible, languages, capacity, address, postcode, city, contact, municipality_code. Funds: a CSV with the columns name, min_age, max_age, max_per_year, categories, municipalities, income_criterion_percent, description.";
    "kik.imported" => "Geïmporteerde activiteiten", "Activities imported";
    "kik.activities" => "Activiteiten", "Activities";
    "kik.funds" => "Fondsen", "Funds";
    "kik.category" => "Soort", "Category";
    "kik.provider" => "Aanbieder", "Provider";
    "kik.ages" => "Leeftijd", "Ages";
    "kik.when" => "Wanneer", "When";
    "kik.cost" => "Kosten per seizoen", "Cost per season";
    "kik.income" => "Inkomensgrens", "Income limit";
    "kik.max" => "Maximaal per jaar", "Maximum per year";
    "kik.pays_for" => "Betaalt voor", "Pays for";
    "kik.profile" => "Kind in Kaart invullen (samen met het kind)", "Fill in Kind in Kaart (together with the child)";
    "kik.profile_save" => "Opslaan en activiteiten zoeken", "Save and find activities";
    "kik.good_at" => "Waar ben ik goed in?", "What am I good at?";
    "kik.likes" => "Wat vind ik leuk?", "What do I like?";
    "kik.wants_to_learn" => "Wat wil ik leren?", "What do I want to learn?";
    "kik.tags_hint" => "Woorden met komma's, bijvoorbeeld: basketbal, tekenen, dieren.", "Words separated by commas, e.g. basketball, drawing, animals.";
    "kik.free_times" => "Wanneer ben ik vrij?", "When am I free?";
    "kik.free_times_hint" => "Bijvoorbeeld: wo 13:00-18:00; za 09:00-13:00.", "E.g. wo 13:00-18:00; za 09:00-13:00.";
    "kik.who_brings" => "Wie kan mij brengen?", "Who can bring me?";
    "kik.transport" => "Hoe kom ik er?", "How do I get there?";
    "kik.cycling" => "lopen of fietsen", "walking or cycling";
    "kik.walking" => "alleen lopen", "walking only";
    "kik.lift" => "ik word gebracht", "someone brings me";
    "kik.alone" => "Ik kan alleen naar een nieuwe club", "I can go to a new club on my own";
    "kik.accessible" => "Rolstoeltoegankelijk nodig", "Wheelchair access needed";
    "kik.languages" => "Talen", "Languages";
    "kik.languages_hint" => "Bijvoorbeeld: nl, ar, tr.", "E.g. nl, ar, tr.";
    "kik.income_declared" => "Inkomen huishouden (% van het sociaal minimum, volgens ouders)", "Household income (% of the social minimum, as declared)";
    "kik.income_hint" => "Alleen nodig voor fondsen zoals Jeugdfonds Sport & Cultuur of Stichting Leergeld.", "Only needed for funds such as Jeugdfonds Sport & Cultuur or Stichting Leergeld.";
    "kik.home_lat" => "Breedtegraad thuis", "Home latitude";
    "kik.home_lon" => "Lengtegraad thuis", "Home longitude";
    "kik.home_hint" => "Leeg laten: er wordt gezocht vanaf school.", "Leave empty to search from school.";
    "kik.interests" => "Interesses", "Interests";
    "kik.profile_date" => "Ingevuld op", "Filled in on";
    "kik.map_label" => "Kaart met de voorgestelde activiteiten rond thuis en school; dezelfde activiteiten staan genummerd in de lijst.", "Map of the suggested activities around home and school; the same activities are numbered in the list.";
    "kik.suggestions" => "Voorstellen (best passend eerst)", "Suggestions (best fit first)";
    "kik.activity" => "Activiteit", "Activity";
    "kik.why" => "Waarom", "Why";
    "kik.cost_after" => "Kosten na fonds", "Cost after funds";
    "kik.barrier_plan" => "Drempels en aanpak", "Barriers and plan";
    "kik.choose" => "Kiezen", "Choose";
    "kik.plans" => "Plan en opvolging", "Plan and follow-up";
    "kik.choose_moment" => "Kies een moment", "Choose a moment";
    "kik.check_1m" => "Na 1 maand", "After 1 month";
    "kik.check_3m" => "Na 3 maanden", "After 3 months";
    "kik.planned" => "gepland", "planned";
    "kik.started" => "gestart", "started";
    "kik.stopped" => "gestopt", "stopped";
    "kik.still_going" => "doet nog mee", "still taking part";
    "kik.due" => "controle op", "check on";
    "kik.mark_started" => "Gestart", "Started";
    "kik.check" => "Controle: doet het kind nog mee?", "Check: is the child still taking part?";
    "kik.moment" => "Moment", "Moment";
    "kik.result" => "Uitkomst", "Outcome";
    "kik.stop_reason" => "Reden als het kind gestopt is", "Reason if the child stopped";
    "kik.figures_lead" => "Kind in Kaart: hoeveel kinderen zijn in kaart gebracht, gekoppeld aan een activiteit, gestart, en doen na 3 maanden nog mee.", "Kind in Kaart: how many children were profiled, matched, started, and still take part after 3 months.";
    "kik.fig_profiled" => "In kaart gebracht", "Profiled";
    "kik.fig_matched" => "Gekoppeld", "Matched";
    "kik.fig_started" => "Gestart", "Started";
    "kik.fig_still" => "Na 3 maanden nog actief", "Still active at 3 months";
    "kik.fig_funds" => "Met fonds · bedrag", "With a fund · amount";
    "kik.fig_by_school" => "Per school", "Per school";
    "kik.fig_barriers" => "Meest voorkomende drempels", "Most frequent barriers";
    "kik.barrier" => "Drempel", "Barrier";
    "kik.count" => "Aantal", "Count";
    "kik.suppressed" => "Aantallen kleiner dan dit getal worden niet getoond, zodat geen kind herkenbaar is:", "Counts smaller than this number are not shown, so no child can be recognised:";
    "nav.home" => "Start", "Home";
    "nav.schools" => "Scholen", "Schools";
    "nav.assignments" => "Inzet op scholen", "Assignments";
    "nav.workers" => "Medewerkers", "Workers";
    "nav.teams" => "Teams", "Teams";
    "nav.organisations" => "Organisaties", "Organisations";
    "nav.organisation" => "Organisatie", "Organisation";
    "casework_config.title" => "Werkwijze en lijsten", "Way of working and lists";
    "casework_config.intro" => "Hoe uw organisatie dossiers voert: nummering, evaluatietermijn, wie meetekent, de GAS-schaal, en de lijsten met signalen en doelthema's. Een term die u uit een lijst haalt, blijft zichtbaar bij eerdere aanmeldingen en doelen.", "How your organisation keeps case files: numbering, review period, who co-signs, the GAS scale, and the lists of signals and goal themes. A term you take off a list stays visible on earlier referrals and goals.";
    "casework_config.case_prefix" => "Voorvoegsel dossiernummer", "Case number prefix";
    "casework_config.case_prefix_hint" => "1 tot 8 letters of cijfers, bijvoorbeeld WW geeft WW-2026-0042.", "1 to 8 letters or digits; WW gives WW-2026-0042.";
    "casework_config.review_weeks" => "Eerste evaluatie na (weken)", "First review after (weeks)";
    "casework_config.review_weeks_hint" => "Standaard 6 weken; 1 tot 52.", "6 weeks by default; 1 to 52.";
    "casework_config.closure_needs_approval" => "Afsluiten vraagt akkoord van de teamleider", "Closing needs the team lead's approval";
    "casework_config.mandate_needs_approval" => "Een SMW-plus-besluit vraagt akkoord van de teamleider", "An SMW plus decision needs the team lead's approval";
    "casework_config.mandate_max_months" => "Een SMW-plus-besluit loopt hoogstens (maanden)", "An SMW plus decision runs at most (months)";
    "casework_config.mandate_max_months_hint" => "Standaard 12 maanden (1 tot 24): daarna een nieuw besluit na evaluatie.", "12 months by default (1 to 24): then a new decision after a review.";
    "casework_config.gas_min" => "GAS-schaal", "GAS scale";
    "casework_config.goal_themes" => "Doelthema's", "Goal themes";
    "casework_config.list_hint" => "Eén term per regel, in de volgorde waarin u ze wilt zien.", "One term per line, in the order you want them shown.";
    "casework_config.retired_signals" => "Signalen niet meer in de lijst", "Signals no longer on the list";
    "casework_config.retired_goal_themes" => "Doelthema's niet meer in de lijst", "Goal themes no longer on the list";
    "cases.goal_theme" => "Thema", "Theme";
    "cases.time" => "Tijd", "Time";
    "cases.direct" => "direct (contacten)", "direct (contacts)";
    "cases.indirect" => "indirect", "indirect";
    "cases.add_time" => "Indirecte tijd vastleggen", "Record indirect time";
    "cases.activity" => "Soort werk", "Kind of work";
    "time.title" => "Tijd per school", "Time per school";
    "time.lead" => "Directe tijd (contacten), indirecte tijd en consultaties per school, van", "Direct time (contacts), indirect time and consultations per school, from";
    "time.from" => "Van", "From";
    "time.until" => "Tot en met", "Until";
    "time.per_school" => "Uren per school", "Hours per school";
    "time.cases" => "Dossiers", "Case files";
    "time.direct_hours" => "Direct (uur)", "Direct (hours)";
    "time.indirect_hours" => "Indirect (uur)", "Indirect (hours)";
    "time.consultation_hours" => "Consultaties (uur)", "Consultations (hours)";
    "time.total_hours" => "Totaal (uur)", "Total (hours)";
    "time.group_hours" => "Groepswerk (uur)", "Group work (hours)";
    "nav.group_activities" => "Groepsactiviteiten", "Group activities";
    "nav.care_meetings" => "Zorgoverleggen", "Care meetings";
    "care.lead" => "Zorgoverleg, ZAT en MDO op school en groepsbesprekingen op de voorschool. Een leerling bespreken we alleen met naam als er toestemming is om met de school te delen; anders anoniem.", "Care meetings, ZAT and MDO at school and group reviews at pre-school. A pupil is discussed by name only with consent to share with the school; otherwise anonymously.";
    "care.new" => "Overleg plannen", "Plan a meeting";
    "care.plan" => "Plannen", "Plan";
    "care.kind" => "Soort overleg", "Kind of meeting";
    "care.school" => "School of locatie", "School or location";
    "care.group_name" => "Groep", "Group";
    "care.group_name_hint" => "Alleen bij een groepsbespreking (voorschool), bijvoorbeeld Peutergroep De Vlinders.", "Only for a group review (pre-school), e.g. toddler group De Vlinders.";
    "care.held_on" => "Datum", "Date";
    "care.agenda" => "Agenda", "Agenda";
    "care.participants" => "Deelnemers van de organisatie", "Participants from the organisation";
    "care.outside" => "Deelnemers van buiten (school, partners)", "Participants from outside (school, partners)";
    "care.outside_hint" => "Namen en functies; zij krijgen geen toegang tot Schakel.", "Names and roles; they get no access to Schakel.";
    "care.count" => "Aantal overleggen", "Number of meetings";
    "care.count_hint" => "Meer dan 1 plant een reeks, bijvoorbeeld 6 per schooljaar.", "More than 1 plans a series, e.g. 6 a school year.";
    "care.every_weeks" => "Om de hoeveel weken", "Every how many weeks";
    "care.held_vs_planned" => "Gehouden / gepland", "Held / planned";
    "care.pupils" => "Besproken leerlingen", "Pupils discussed";
    "care.pupil" => "Leerling", "Pupil";
    "care.status" => "Stand", "Status";
    "care.held" => "gehouden", "held";
    "care.planned" => "gepland", "planned";
    "care.to_record" => "verslag ontbreekt", "minutes missing";
    "care.anonymous" => "anoniem", "anonymous";
    "care.add_pupil" => "Leerling toevoegen", "Add a pupil";
    "care.pupil_case" => "Met naam (dossier)", "By name (case file)";
    "care.pupil_case_hint" => "Alleen met geldige toestemming om met de school te delen. Kies anoniem als die er niet is.", "Only with valid consent to share with the school. Choose anonymous when there is none.";
    "care.pupil_description" => "Vraag of onderwerp", "Question or subject";
    "care.pupil_description_hint" => "Anoniem zonder naam, bijvoorbeeld: leerling groep 5, vraag over concentratie.", "Anonymously without a name, e.g.: pupil group 5, question about concentration.";
    "care.actions" => "Afspraken", "Agreed actions";
    "care.action" => "Actie", "Action";
    "care.add_action" => "Actie toevoegen", "Add an action";
    "care.owner" => "Eigenaar", "Owner";
    "care.due_on" => "Uiterlijk", "Due";
    "care.done_on" => "Gereed op", "Done on";
    "care.mark_done" => "Gereed", "Done";
    "care.my_actions" => "Mijn acties uit overleggen", "My actions from meetings";
    "care.meeting" => "Overleg", "Meeting";
    "care.minutes" => "Verslag", "Minutes";
    "care.minutes_hint" => "Kort, en zo dat de school het mag lezen: namen alleen van leerlingen met toestemming.", "Short, and so that the school may read it: names only of pupils with consent.";
    "care.record" => "Verslag vastleggen", "Record the minutes";
    "care.children_discussed" => "Aantal besproken kinderen", "Number of children discussed";
    "care.follow_up" => "Wat volgt", "What follows";
    "form.choose" => "— kies —", "— choose —";
    "nav.presence" => "Aanwezigheid", "Presence";
    "nav.covers" => "Vervanging", "Cover";
    "presence.title" => "Wie is er wanneer", "Who is there when";
    "presence.lead" => "Wanneer de schoolmaatschappelijk werker op school is, de inloopspreekuren, de vakanties en wie er vervangt.", "When the school social worker is at school, the walk-in hours, the holidays and who covers.";
    "presence.period" => "Periode", "Period";
    "presence.region" => "Vakantieregio", "Holiday region";
    "presence.times" => "Tijden op school", "Times at school";
    "presence.date" => "Datum", "Date";
    "presence.time" => "Tijd", "Time";
    "presence.day" => "Dag", "Day";
    "presence.kind" => "Wat", "What";
    "presence.who" => "Wie", "Who";
    "presence.place" => "Plaats", "Place";
    "presence.note" => "Opmerking", "Note";
    "presence.instead_of" => "vervangt", "covering for";
    "presence.cancelled" => "Vervalt", "Cancelled";
    "presence.moved" => "Verplaatst", "Moved";
    "presence.later" => "Volgende weken", "Following weeks";
    "presence.feed_link" => "In uw agenda (iCalendar)", "In your calendar (iCalendar)";
    "presence.holidays" => "Schoolvakanties", "School holidays";
    "presence.holidays_lead" => "De schoolvakanties per regio en schooljaar. Op vakantiedagen vervallen de tijden op school; de vervanging staat in het rooster.", "School holidays per region and school year. Times at school lapse on holidays; cover is in the roster.";
    "presence.holiday" => "Vakantie", "Holiday";
    "presence.holiday_set" => "Vakantie vastleggen", "Set a holiday";
    "presence.from" => "Van", "From";
    "presence.until" => "Tot en met", "Until";
    "presence.covers" => "Vervangingsrooster", "Cover roster";
    "presence.covers_lead" => "Wie vervangt welke school wanneer. Nieuwe aanmeldingen van die school gaan in die periode naar de vervanger.", "Who covers which school when. New referrals of that school go to the covering worker during that period.";
    "presence.covering" => "Vervanger", "Covering worker";
    "presence.absent" => "Voor", "For";
    "presence.everyone" => "Iedereen van de school", "Everyone at the school";
    "presence.reason" => "Reden", "Reason";
    "presence.remove" => "Verwijderen", "Remove";
    "presence.cover_add" => "Vervanging inroosteren", "Add cover";
    "presence.pattern_title" => "Vaste tijden op school", "Regular times at school";
    "presence.pattern_lead" => "Per toewijzing de vaste tijden en inloopspreekuren; een datum kan vervallen of verplaatst worden.", "Per assignment the regular times and walk-in hours; a date can be cancelled or moved.";
    "presence.add" => "Tijd toevoegen", "Add a time";
    "presence.assignment" => "Toewijzing", "Assignment";
    "presence.exception" => "Datum laten vervallen of verplaatsen", "Cancel or move a date";
    "presence.slot" => "Vaste tijd", "Regular time";
    "presence.moved_to" => "Verplaatst naar", "Moved to";
    "presence.moved_hint" => "Leeg laten om de datum te laten vervallen.", "Leave empty to cancel the date.";
    "account.feed.title" => "Agenda-abonnement", "Calendar subscription";
    "account.feed.lead" => "Een geheime link voor uw agenda-app met de tijden op school, vakanties en vervanging. Wie de link heeft, kan de agenda lezen.", "A secret link for your calendar app with the times at school, holidays and cover. Anyone with the link can read the calendar.";
    "account.feed.once" => "Uw nieuwe link (alleen nu zichtbaar; de vorige werkt niet meer):", "Your new link (shown only now; the previous one stops working):";
    "account.feed.since" => "U heeft een agenda-link sinds", "You have had a calendar link since";
    "account.feed.none" => "U heeft geen agenda-link.", "You have no calendar link.";
    "account.feed.create" => "Agenda-link maken", "Make a calendar link";
    "account.feed.renew" => "Nieuwe link maken", "Make a new link";
    "account.feed.revoke" => "Link intrekken", "Revoke the link";
    "home.school.schedule" => "Wie is er wanneer", "Who is there when";
    "group.lead" => "Oudergespreksgroepen, trainingen, klassenworkshops en themabijeenkomsten: per bijeenkomst tellen we wie er was, zonder namen.", "Parent groups, trainings, class workshops and theme meetings: per session we count who came, without names.";
    "group.new" => "Groepsactiviteit plannen", "Plan a group activity";
    "group.plan" => "Plannen", "Plan";
    "group.kind" => "Soort", "Kind";
    "group.title_field" => "Naam", "Name";
    "group.description" => "Beschrijving", "Description";
    "group.schools" => "Scholen", "Schools";
    "group.organisers" => "Organisatoren", "Organisers";
    "group.partners" => "Organisatoren van buiten", "Outside organisers";
    "group.partners_hint" => "Partners zonder account, bijvoorbeeld 'J. Bakker (CJG)'.", "Partners without an account, e.g. 'J. Bakker (CJG)'.";
    "group.sessions_held" => "Bijeenkomsten gehouden / gepland", "Sessions held / planned";
    "group.sessions" => "Bijeenkomsten", "Sessions";
    "group.session" => "Bijeenkomst", "Session";
    "group.held_on" => "Datum", "Date";
    "group.starts_at" => "Begintijd", "Start time";
    "group.ends_at" => "Eindtijd", "End time";
    "group.time" => "Tijd", "Time";
    "group.place" => "Plaats", "Place";
    "group.theme" => "Thema", "Theme";
    "group.materials" => "Materialen", "Materials";
    "group.add_session" => "Bijeenkomst plannen", "Plan a session";
    "group.parents" => "Ouders aanwezig", "Parents present";
    "group.children" => "Kinderen aanwezig", "Children present";
    "group.status" => "Stand", "State";
    "group.held" => "gehouden", "held";
    "group.to_record" => "nog vast te leggen", "to be recorded";
    "group.planned" => "gepland", "planned";
    "group.record" => "Aanwezigheid en evaluatie vastleggen", "Record attendance and evaluation";
    "group.count_hint" => "Alleen aantallen, geen namen.", "Numbers only, no names.";
    "group.evaluation" => "Evaluatie", "Evaluation";
    "group.preparation_minutes" => "Voorbereiding (minuten)", "Preparation (minutes)";
    "group.session_minutes" => "Bijeenkomst (minuten)", "Session (minutes)";
    "group.hours_hint" => "De tijd telt als groepswerk van de school.", "The time counts as group work of the school.";
    "poll.polls" => "Peilingen", "Polls";
    "poll.poll" => "Peiling", "Poll";
    "poll.title_field" => "Titel", "Title";
    "poll.state" => "Stand", "State";
    "poll.new" => "Peiling maken", "Make a poll";
    "poll.create" => "Peiling maken", "Make the poll";
    "poll.statements" => "Stellingen", "Statements";
    "poll.statements_hint" => "Eén stelling per regel; deelnemers antwoorden van helemaal oneens tot helemaal eens.", "One statement per line; participants answer from strongly disagree to strongly agree.";
    "poll.distribution" => "Verdeling", "Distribution";
    "poll.open_hint" => "Na het openen krijgt de peiling een code en een QR-code. Deelnemers antwoorden zonder account.", "Once opened the poll gets a code and a QR code. Participants answer without an account.";
    "poll.open" => "Peiling openen", "Open the poll";
    "poll.close" => "Peiling sluiten", "Close the poll";
    "poll.join" => "Meedoen", "Join";
    "poll.code" => "Code", "Code";
    "poll.go_to" => "Scan de QR-code of ga naar", "Scan the QR code or go to";
    "poll.qr_label" => "QR-code met het adres van de peiling", "QR code with the poll's address";
    "poll.results" => "Uitslag", "Results";
    "poll.live_hint" => "De uitslag ververst zichzelf elke twee seconden.", "The results refresh every two seconds.";
    "poll.reload" => "Nu verversen", "Refresh now";
    "poll.export" => "Uitslag downloaden (CSV)", "Download the results (CSV)";
    "poll.paper" => "Antwoorden op papier", "Answers on paper";
    "poll.paper_hint" => "Het aantal per antwoord; het vervangt wat eerder is ingevuld.", "The number per answer; it replaces what was entered before.";
    "poll.participate" => "Meedoen aan een peiling", "Join a poll";
    "poll.participate_lead" => "Typ de code die op het scherm staat.", "Type the code shown on the screen.";
    "poll.go" => "Naar de peiling", "Go to the poll";
    "poll.thanks" => "Bedankt, je antwoorden zijn ontvangen.", "Thank you, your answers have been received.";
    "poll.all_answered" => "Je hebt alle stellingen beantwoord.", "You have answered every statement.";
    "poll.answer_lead" => "Geef bij elke stelling aan hoe eens of oneens je het ermee bent.", "For each statement, say how much you agree or disagree.";
    "poll.answered" => "beantwoord", "answered";
    "poll.send" => "Versturen", "Send";
    "poll.privacy" => "Anoniem: we bewaren geen naam en niets waaraan je te herkennen bent.", "Anonymous: we keep no name and nothing that identifies you.";
    "poll.code_invalid" => "Een code heeft zes tekens, bijvoorbeeld K7MX3P.", "A code has six characters, e.g. K7MX3P.";
    "poll.code_unknown" => "Deze code is onbekend of de peiling is gesloten.", "This code is unknown or the poll is closed.";
    "poll.no_device" => "Open de peiling opnieuw via de code en probeer het nog eens (cookies nodig).", "Open the poll again with its code and try once more (cookies needed).";
    "poll.answer_invalid" => "Kies bij een stelling een van de vijf antwoorden.", "Choose one of the five answers for a statement.";
    "time.total" => "Totaal", "Total";
    "nav.municipalities" => "Gemeenten", "Municipalities";
    "nav.audit" => "Toegangslog", "Access log";
    "nav.account" => "Mijn account", "My account";
    "role.social_worker" => "schoolmaatschappelijk werker", "school social worker";
    "role.team_lead" => "teamleider", "team lead";
    "role.school_contact" => "contactpersoon school", "school contact";
    "role.municipality" => "gemeente", "municipality";
    "role.functional_admin" => "functioneel beheerder", "functional administrator";
    "role.privacy_officer" => "functionaris gegevensbescherming", "privacy officer";
    "login.title" => "Aanmelden", "Sign in";
    "login.lead" => "Meld u aan met uw gebruikersnaam en wachtwoord.", "Sign in with your username and password.";
    "login.username" => "Gebruikersnaam", "Username";
    "login.password" => "Wachtwoord", "Password";
    "login.submit" => "Aanmelden", "Sign in";
    "login.wrong" => "De gebruikersnaam of het wachtwoord klopt niet.", "The username or password is wrong.";
    "login.throttled" => "Te veel mislukte pogingen. Probeer het over {minutes} minuut/minuten opnieuw.", "Too many failed attempts. Try again in {minutes} minute(s).";
    "twofactor.title" => "Tweede stap", "Second step";
    "twofactor.lead" => "Voer de code uit uw authenticator-app in, of een van uw herstelcodes.", "Enter the code from your authenticator app, or one of your recovery codes.";
    "twofactor.code" => "Code", "Code";
    "twofactor.code_hint" => "Zes cijfers, of een herstelcode zoals abcde-12345.", "Six digits, or a recovery code such as abcde-12345.";
    "twofactor.submit" => "Bevestigen", "Confirm";
    "twofactor.cancel" => "Annuleren en afmelden", "Cancel and sign out";
    "twofactor.wrong" => "Deze code klopt niet of is al gebruikt.", "This code is wrong or was already used.";
    "form.error_prefix" => "Fout:", "Error:";
    "form.fix_fields" => "Verbeter de gemarkeerde velden; wat u invulde is bewaard.", "Correct the marked fields; what you entered is kept.";
    "form.optional" => "niet verplicht", "optional";
    "error.back_home" => "Terug naar de startpagina", "Back to the home page";
    "error.forbidden.title" => "Geen toegang", "No access";
    "error.forbidden.text" => "U heeft met uw rol geen toegang tot deze pagina. Deze poging is vastgelegd.", "Your role does not give access to this page. This attempt has been logged.";
    "error.notfound.title" => "Niet gevonden", "Not found";
    "error.notfound.text" => "Deze pagina bestaat niet, of valt buiten wat u mag zien.", "This page does not exist, or is outside what you may see.";
    "error.method.title" => "Dit kan hier niet", "Not possible here";
    "error.method.text" => "Deze pagina bestaat, maar niet voor deze handeling.", "This page exists, but not for this action.";
    "error.conflict.title" => "Intussen gewijzigd", "Changed in the meantime";
    "error.conflict.text" => "Iemand anders heeft dit intussen gewijzigd. Er is niets overschreven.", "Someone else changed this in the meantime. Nothing was overwritten.";
    "error.unauthorized.title" => "Niet aangemeld", "Not signed in";
    "error.unauthorized.text" => "Meld u eerst aan.", "Please sign in first.";
    "error.throttled.title" => "Te veel pogingen", "Too many attempts";
    "error.throttled.text" => "Wacht even en probeer het opnieuw.", "Wait a moment and try again.";
    "error.badrequest.title" => "Onjuiste invoer", "Invalid input";
    "error.badrequest.text" => "Het verzoek kon niet worden verwerkt. Er is niets gewijzigd.", "The request could not be processed. Nothing was changed.";
    "error.internal.title" => "Er ging iets mis", "Something went wrong";
    "error.internal.text" => "Er ging aan onze kant iets mis. Er is niets verloren gegaan van wat al was opgeslagen; probeer het later opnieuw.", "Something went wrong on our side. Nothing already saved was lost; please try again later.";
    "conflict.title" => "Niet opgeslagen:", "Not saved:";
    "conflict.text" => "iemand anders heeft dit intussen gewijzigd. Hieronder staat de nieuwste versie; uw eigen invoer staat hier, zodat u die opnieuw kunt toepassen.", "someone else changed this in the meantime. The newest version is below; your own input is listed here so you can apply it again.";
    "conflict.yours" => "Uw invoer:", "Your input:";
    "common.yes" => "ja", "yes";
    "common.no" => "nee", "no";
    "common.none" => "Nog niets.", "Nothing yet.";
    "common.none_selected" => "(geen)", "(none)";
    "common.save" => "Opslaan", "Save";
    "common.saved" => "Opgeslagen.", "Saved.";
    "common.edit" => "Wijzigen", "Edit";
    "common.search" => "Zoeken", "Search";
    "common.all" => "Alle", "All";
    "common.actions" => "Acties", "Actions";
    "common.next" => "Volgende", "Next";
    "common.previous" => "Vorige", "Previous";
    "common.page" => "Pagina", "Page";
    "common.pages" => "Pagina's", "Pages";
    "field.name" => "Naam", "Name";
    "field.cbs_code" => "CBS-gemeentecode", "CBS municipality code";
    "field.municipality" => "Gemeente", "Municipality";
    "field.municipality_code" => "Gemeentecode (CBS)", "Municipality code (CBS)";
    "field.smw_plus" => "SMW-plus (mandaat om jeugdhulp in te zetten)", "SMW plus (mandate to authorise youth care)";
    "field.email" => "E-mailadres", "E-mail address";
    "field.team" => "Team", "Team";
    "field.contract_hours" => "Contracturen per week", "Contract hours per week";
    "field.registration_number" => "Registratienummer (SKJ/BIG)", "Registration number (SKJ/BIG)";
    "field.mandate" => "Mag jeugdhulp inzetten", "May authorise youth care";
    "field.active" => "Actief", "Active";
    "field.school" => "School", "School";
    "field.school_code" => "Schoolcode (BRIN/BRIN6 of eigen code)", "School code (BRIN/BRIN6 or own code)";
    "field.school_type" => "Schoolsoort", "School type";
    "field.street_address" => "Straat en huisnummer", "Street and number";
    "field.postcode" => "Postcode", "Postcode";
    "field.city" => "Plaats", "Town";
    "field.address" => "Adres", "Address";
    "field.latitude" => "Breedtegraad", "Latitude";
    "field.longitude" => "Lengtegraad", "Longitude";
    "field.holiday_region" => "Vakantieregio", "Holiday region";
    "field.school_year" => "Schooljaar", "School year";
    "field.pupils" => "Aantal leerlingen", "Number of pupils";
    "field.worker" => "Medewerker", "Worker";
    "field.hours_per_week" => "Uren per week", "Hours per week";
    "field.starts_on" => "Vanaf", "From";
    "field.ends_on" => "Tot en met", "Until";
    "hint.cbs_code" => "GM gevolgd door vier cijfers, bijvoorbeeld GM0439.", "GM followed by four digits, e.g. GM0439.";
    "hint.school_code" => "Bijvoorbeeld 16SW03; voor een voorschool zonder BRIN een eigen code zoals HVS-VVE-01.", "E.g. 16SW03; for a pre-school without a BRIN an own code such as HVS-VVE-01.";
    "hint.hours_per_week" => "Leeg laten voor 'op afroep'.", "Leave empty for 'as needed'.";
    "hint.contract_hours" => "Uren per week volgens het contract (0 tot 40). Leeg als het niet bekend is.", "Hours a week in the contract (0 to 40). Empty when not known.";
    "hint.registration_number" => "Alleen als de medewerker geregistreerd is.", "Only if the worker is registered.";
    "hint.school_year" => "Bijvoorbeeld 2025-2026.", "E.g. 2025-2026.";
    "home.title" => "Start", "Home";
    "home.none" => "Nog niets.", "Nothing yet.";
    "home.hours_per_week" => "uur per week", "hours per week";
    "home.as_needed" => "op afroep", "as needed";
    "home.smw.lead" => "Uw scholen en uw vaste momenten daar.", "Your schools and your regular presence there.";
    "home.smw.schools" => "Mijn scholen", "My schools";
    "home.smw.due_checks" => "Deelname controleren (Kind in Kaart): doet het kind nog mee?", "Check participation (Kind in Kaart): is the child still taking part?";
    "home.smw.cases" => "Mijn lopende dossiers", "My open case files";
    "home.smw.cases_caption" => "Lopende dossiers, eerstvolgende evaluatie eerst", "Open case files, next review first";
    "home.new_referrals" => "Nieuwe aanmeldingen van mijn scholen", "New referrals from my schools";
    "home.tl.waiting" => "aanmeldingen wachten op een beslissing", "referrals wait for a decision";
    "home.tl.mandates" => "Beschikkingen jeugdhulp die wachten op uw akkoord", "Youth-care decisions waiting for your approval";
    "home.tl.waiting_since" => "Besloten op", "Decided on";
    "home.smw.mandates" => "Uw beschikkingen jeugdhulp: wachten op akkoord of afgewezen", "Your youth-care decisions: waiting for approval or refused";
    "home.tl.closures" => "Afsluitingen die wachten op uw akkoord", "Closures waiting for your approval";
    "home.tl.caseload" => "Caseload: lopende dossiers per medewerker", "Caseload: open case files per worker";
    "home.tl.open_cases" => "Lopende dossiers", "Open case files";
    "home.smw.class_session" => "Kind in Kaart voor een klas van deze school", "Kind in Kaart for a class of this school";
    "home.tl.overdue_reviews" => "Evaluatie over datum", "Review overdue";
    "home.smw.overdue" => "Dossiers over de evaluatiedatum: {n}. Plan de evaluatie of zet een nieuwe datum.", "Case files past their review date: {n}. Plan the review or set a new date.";
    "cases.review_overdue" => "over datum", "overdue";
    "home.school.referrals" => "Uw aanmeldingen", "Your referrals";
    "home.school.referrals_caption" => "Aanmeldingen van uw school en hun status", "Referrals from your school and their status";
    "home.privacy.legal_ground" => "keer informatie gedeeld zonder toestemming, op wettelijke grond (meldcode/acuut gevaar)", "times information was shared without consent, on a legal ground (reporting code/acute danger)";
    "home.tl.lead" => "Uw team: wie werkt op hoeveel scholen, met hoeveel vaste uren.", "Your team: who works at how many schools, with how many fixed hours.";
    "home.tl.caption" => "Medewerkers van het team", "Workers of the team";
    "home.tl.schools" => "Scholen", "Schools";
    "home.tl.hours" => "Vaste uren per week", "Fixed hours per week";
    "home.tl.contract" => "Contracturen", "Contract hours";
    "worker.over_contract" => "{n} uur boven contract", "{n} hours over contract";
    "home.school.lead" => "Uw schoolmaatschappelijk werker en wanneer die op school is.", "Your school social worker and when they are at school.";
    "home.school.presence" => "Aanwezig", "Present";
    "home.school.nobody" => "Er is nog geen schoolmaatschappelijk werker aan uw school gekoppeld.", "No school social worker is linked to your school yet.";
    "home.gm.lead" => "Cijfers over de inzet van schoolmaatschappelijk werk in uw gemeente. U ziet geen gegevens van kinderen.", "Figures on school social work in your municipality. You see no data about children.";
    "home.gm.caption" => "Scholen, leerlingen en inzet per schoolsoort", "Schools, pupils and presence per school type";
    "home.gm.schools" => "Scholen", "Schools";
    "home.gm.pupils" => "Leerlingen (laatste schooljaar)", "Pupils (latest school year)";
    "home.gm.hours" => "Vaste uren SMW per week", "Fixed SMW hours per week";
    "home.gm.as_needed" => "Koppelingen op afroep", "As-needed links";
    "home.gm.note" => "Resultaten van hulp (doelrealisatie, uitval, tevredenheid) volgen met de module monitoring; kleine aantallen worden dan onderdrukt.", "Outcomes of help (goal attainment, drop-out, satisfaction) follow with the monitoring module; small numbers will be suppressed.";
    "home.admin.lead" => "Inrichting van gemeenten, organisaties, teams, medewerkers en scholen.", "Setting up municipalities, organisations, teams, workers and schools.";
    "home.privacy.lead" => "Het toegangslog: wie zag of wijzigde welke gegevens, wanneer en vanaf waar.", "The access log: who saw or changed which data, when and from where.";
    "home.privacy.entries" => "regels in het toegangslog", "entries in the access log";
    "home.privacy.denials" => "geweigerde toegangen in de afgelopen 7 dagen", "refused accesses in the last 7 days";
    "count.municipalities" => "gemeenten", "municipalities";
    "count.organisations" => "organisaties", "organisations";
    "count.teams" => "teams", "teams";
    "count.workers" => "medewerkers", "workers";
    "count.schools" => "scholen", "schools";
    "count.assignments" => "koppelingen medewerker–school", "worker–school assignments";
    "count.users" => "accounts", "accounts";
    "municipality.new" => "Gemeente toevoegen", "Add a municipality";
    "municipality.schools_link" => "Scholen in deze gemeente", "Schools in this municipality";
    "organisation.new" => "Organisatie toevoegen", "Add an organisation";
    "team.new" => "Team toevoegen", "Add a team";
    "worker.new" => "Medewerker toevoegen", "Add a worker";
    "school.new" => "School toevoegen", "Add a school";
    "school.pupils" => "Leerlingen per schooljaar", "Pupils per school year";
    "school.pupils_set" => "Leerlingaantal vastleggen", "Record number of pupils";
    "assignment.lead" => "Welke medewerker op welke school werkt: vaste uren per week of op afroep.", "Which worker works at which school: fixed hours per week or as needed.";
    "assignment.new" => "Medewerker aan school koppelen", "Assign a worker to a school";
    "schools.search" => "Zoek op naam of code", "Search by name or code";
    "schools.search_hint" => "Hoofdletters en accenten maken niet uit.", "Case and accents do not matter.";
    "schools.import.title" => "Scholen importeren (CSV)", "Import schools (CSV)";
    "schools.import.lead" => "Upload een CSV-bestand met scholen. Alle regels worden eerst gecontroleerd: bevat één regel een fout, dan wordt niets opgeslagen.", "Upload a CSV file of schools. Every row is checked first: if one row has an error, nothing is saved.";
    "schools.import.file" => "CSV-bestand", "CSV file";
    "schools.import.hint" => "Kolommen: code, name, school_type, municipality_code (of DUO-kolommen zoals BRIN NUMMER, VESTIGINGSNUMMER, VESTIGINGSNAAM, GEMEENTENUMMER), optioneel adres, postcode, plaats, coördinaten, vakantieregio. Scheidingsteken , of ;.", "Columns: code, name, school_type, municipality_code (or DUO columns such as BRIN NUMMER, VESTIGINGSNUMMER, VESTIGINGSNAAM, GEMEENTENUMMER), optionally address, postcode, town, coordinates, holiday region. Separator , or ;.";
    "schools.import.submit" => "Importeren", "Import";
    "schools.import.done" => "Geïmporteerde scholen", "Schools imported";
    "schools.import.nothing" => "Er is niets geïmporteerd. Verbeter deze regels en probeer het opnieuw:", "Nothing was imported. Correct these rows and try again:";
    "schools.import.row" => "Regel", "Row";
    "schools.import.field" => "Veld", "Field";
    "schools.import.problem" => "Probleem", "Problem";
    "account.title" => "Mijn account", "My account";
    "account.signed_in_as" => "U bent aangemeld als", "You are signed in as";
    "account.2fa.title" => "Tweestapsverificatie", "Two-factor sign-in";
    "account.2fa.on" => "Tweestapsverificatie staat aan.", "Two-factor sign-in is on.";
    "account.2fa.off" => "Tweestapsverificatie staat uit.", "Two-factor sign-in is off.";
    "account.2fa.required" => "Voor uw rol is dit verplicht voordat u dossiers kunt openen.", "Your role requires it before you can open case files.";
    "account.2fa.enrol" => "Tweestapsverificatie instellen", "Set up two-factor sign-in";
    "account.2fa.codes_left" => "Ongebruikte herstelcodes", "Unused recovery codes";
    "account.2fa.scan" => "Scan deze QR-code met een authenticator-app (bijvoorbeeld die van uw organisatie) en voer daarna de code van zes cijfers in.", "Scan this QR code with an authenticator app and then enter the six-digit code.";
    "account.2fa.qr_label" => "QR-code voor de authenticator-app", "QR code for the authenticator app";
    "account.2fa.manual" => "Lukt scannen niet? Voer deze sleutel handmatig in:", "Cannot scan? Enter this key by hand:";
    "account.2fa.confirm" => "Bevestigen en inschakelen", "Confirm and turn on";
    "account.2fa.done" => "Tweestapsverificatie staat nu aan.", "Two-factor sign-in is now on.";
    "account.2fa.recovery" => "Herstelcodes", "Recovery codes";
    "account.2fa.recovery_hint" => "Bewaar deze codes op een veilige plek. Elke code werkt één keer, als u uw telefoon kwijt bent. Ze worden maar één keer getoond.", "Keep these codes somewhere safe. Each works once, if you lose your phone. They are shown only once.";
    "account.sessions.title" => "Actieve sessies", "Active sessions";
    "account.sessions.kind" => "Soort", "Kind";
    "account.sessions.kind_web" => "browser", "browser";
    "account.sessions.kind_api" => "API-sleutel", "API key";
    "account.sessions.address" => "Adres", "Address";
    "account.sessions.device" => "Apparaat", "Device";
    "account.sessions.last_seen" => "Laatst actief", "Last active";
    "account.sessions.this" => "deze sessie", "this session";
    "account.sessions.everywhere" => "Overal afmelden", "Sign out everywhere";
    "account.sessions.confirm" => "Alle sessies beëindigen, ook deze, en alle persoonlijke API-tokens intrekken?", "End all sessions, including this one, and revoke all personal API tokens?";
    "account.password.title" => "Wachtwoord wijzigen", "Change password";
    "account.password.current" => "Huidig wachtwoord", "Current password";
    "account.password.new" => "Nieuw wachtwoord", "New password";
    "account.password.hint" => "Minstens 12 tekens. Een zin van een paar woorden werkt goed.", "At least 12 characters. A phrase of a few words works well.";
    "account.password.submit" => "Wachtwoord wijzigen", "Change password";
    "account.password.changed" => "Uw wachtwoord is gewijzigd.", "Your password has been changed.";
    "account.ended" => "Beëindigd: {sessions} andere sessie(s) en {tokens} persoonlijke API-token(s).", "Ended: {sessions} other session(s) and {tokens} personal API token(s).";
    "login.signed_out_everywhere" => "U bent overal afgemeld: {sessions} sessie(s) beëindigd en {tokens} persoonlijke API-token(s) ingetrokken.", "You are signed out everywhere: {sessions} session(s) ended and {tokens} personal API token(s) revoked.";
    "account.tokens.title" => "Persoonlijke API-tokens", "Personal API tokens";
    "account.tokens.lead" => "Voor koppelingen met de API (/api/v1). Een token geeft dezelfde rechten als uw rol, met 'lezen' of 'lezen en schrijven'.", "For connections to the API (/api/v1). A token has your role's rights, with 'read' or 'read and write'.";
    "account.tokens.scope" => "Bereik", "Scope";
    "account.tokens.read" => "lezen", "read";
    "account.tokens.write" => "lezen en schrijven", "read and write";
    "account.tokens.expires" => "Verloopt", "Expires";
    "account.tokens.revoke" => "Intrekken", "Revoke";
    "account.tokens.revoked" => "ingetrokken", "revoked";
    "account.tokens.create" => "Token aanmaken", "Create token";
    "account.tokens.once" => "Kopieer dit token nu; het wordt niet nog eens getoond:", "Copy this token now; it will not be shown again:";
    "audit.lead" => "Zoek op betrokkene (soort en nummer), gebruiker en periode. Het log is een hashketen: elke wijziging of verwijdering is aantoonbaar.", "Search by data subject (kind and number), user and period. The log is a hash chain: any change or deletion can be detected.";
    "audit.chain" => "Integriteit van de keten", "Chain integrity";
    "audit.not_checked" => "niet gecontroleerd in deze weergave", "not checked in this view";
    "audit.verify" => "De hele keten nu controleren", "Check the whole chain now";
    "audit.intact" => "intact", "intact";
    "audit.broken" => "GEBROKEN", "BROKEN";
    "audit.subject_kind" => "Soort gegeven", "Kind of data";
    "audit.subject_kind_hint" => "Bijvoorbeeld worker, user, team, school.", "E.g. worker, user, team, school.";
    "audit.subject_id" => "Nummer van de betrokkene", "Subject number";
    "audit.basis" => "Grondslag", "Basis";
    "audit.basis_any" => "elke grondslag", "any basis";
    "audit.basis_legal_ground" => "gedeeld op wettelijke grond (zonder toestemming)", "shared on a legal ground (without consent)";
    "audit.basis_consent" => "gedeeld met toestemming", "shared with consent";
    "audit.person" => "Kind (naam of dossiernummer)", "Child (name or case number)";
    "audit.person_hint" => "Bijvoorbeeld WW-2026-0179 of een deel van de naam: alle vermeldingen over de dossiers en aanmeldingen van dat kind.", "For example WW-2026-0179 or part of the name: every entry about that child's cases and referrals.";
    "audit.username" => "Gebruiker", "User";
    "audit.from" => "Vanaf datum", "From date";
    "audit.until" => "Tot en met datum", "Until date";
    "audit.entries" => "Regels", "Entries";
    "audit.when" => "Wanneer", "When";
    "audit.role" => "Rol", "Role";
    "audit.action" => "Handeling", "Action";
    "audit.subject" => "Betreft", "Concerns";
    "audit.route" => "Route", "Route";
    "audit.address" => "Adres", "Address";
    "audit.outcome" => "Uitkomst", "Outcome";
    "case.sections" => "Onderdelen van het dossier", "Parts of the case file";
    "case.section.overview" => "Overzicht", "Overview";
    "case.section.contacts" => "Contacten", "Contacts";
    "case.section.goals" => "Doelen", "Goals";
    "case.section.consent" => "Toestemming", "Consent";
    "case.section.tasks" => "Taken", "Tasks";
    "case.section.onward" => "Verwijzingen", "Onward referrals";
    "case.section.documents" => "Documenten", "Documents";
    "case.section.timeline" => "Tijdlijn", "Timeline";
    "case.section.closure" => "Afsluiten", "Closing";
    "case.saved.contact" => "Contact opgeslagen.", "Contact saved.";
    "case.saved.time" => "Indirecte tijd opgeslagen.", "Indirect time saved.";
    "case.saved.goal" => "Doel toegevoegd.", "Goal added.";
    "case.saved.score" => "Score opgeslagen.", "Score saved.";
    "case.saved.consent" => "Toestemming bijgewerkt.", "Consent updated.";
    "case.saved.task" => "Taak bijgewerkt.", "Task updated.";
    "case.saved.close" => "Dossier afgesloten (of ter goedkeuring aangeboden).", "Case closed (or sent for approval).";
    "case.saved.approve-closure" => "Afsluiting goedgekeurd.", "Closure approved.";
    "case.saved.reopen" => "Dossier heropend.", "Case reopened.";
    "case.next_review" => "Volgende evaluatie", "Next review";
    "case.error_title" => "Fout: ", "Error: ";
    "case.error_summary" => "Er ging iets mis", "There is a problem";
    "case.read_more" => "Lees meer", "Read more";
    "case.contacts_all" => "Oudere contacten tonen: alle", "Show older contacts: all";
    "case.contacts_newest" => "Alleen de nieuwste contacten tonen", "Show only the newest contacts";
    "case.of" => "van", "of";
    "case.closed_on" => "Gesloten op", "Closed on";
    "case.reopen" => "Dossier heropenen", "Reopen the case";
    "case.reopen_submit" => "Heropenen", "Reopen";
    "case.reopen_reason" => "Reden", "Reason";
    "case.reopen_hint" => "Waarom gaat het dossier weer open? Dit komt in de tijdlijn en het toegangslog.", "Why is the case opened again? This goes into the timeline and the access log.";
    "case.close_sure" => "Weet u zeker dat u dit dossier wilt afsluiten?", "Are you sure you want to close this case?";
    "case.close_sure_text" => "Dit wordt vastgelegd:", "This will be recorded:";
    "case.close_confirm" => "Afsluiten bevestigen", "Confirm closing";
    "case.close_confirm_submit" => "Ja, dossier afsluiten", "Yes, close the case";
    "case.close_back" => "Terug, niet afsluiten", "Back, do not close";
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `t("…")` used in the templates and code exists in the table.
    #[test]
    fn every_used_key_has_a_text() {
        let mut missing = Vec::new();
        let dirs = [
            concat!(env!("CARGO_MANIFEST_DIR"), "/templates"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/src"),
        ];
        let mut files = Vec::new();
        for d in dirs {
            let mut stack = vec![std::path::PathBuf::from(d)];
            while let Some(p) = stack.pop() {
                for entry in std::fs::read_dir(&p).into_iter().flatten().flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else {
                        files.push(path);
                    }
                }
            }
        }
        assert!(files.len() > 10);
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            for part in text.split("t(\"").skip(1) {
                let key: String = part.chars().take_while(|c| *c != '"').collect();
                if key.contains('.') && !key.contains(' ') && !has_key(&key) {
                    missing.push(format!("{}: {key}", f.display()));
                }
            }
        }
        assert!(missing.is_empty(), "missing texts: {missing:#?}");
    }

    #[test]
    fn dynamic_keys_exist() {
        for role in schakel_domain::Role::ALL {
            assert!(has_key(&format!("role.{}", role.as_str())));
        }
        for e in [
            "forbidden",
            "notfound",
            "method",
            "conflict",
            "unauthorized",
            "throttled",
            "badrequest",
            "internal",
        ] {
            assert!(has_key(&format!("error.{e}.title")) && has_key(&format!("error.{e}.text")));
        }
        for c in [
            "municipalities",
            "organisations",
            "teams",
            "workers",
            "schools",
            "assignments",
            "users",
        ] {
            assert!(has_key(&format!("count.{c}")));
        }
        for k in KEYS {
            assert!(
                !Lang::Nl.t(k).is_empty() && !Lang::En.t(k).is_empty(),
                "{k} has an empty text"
            );
        }
    }
}
