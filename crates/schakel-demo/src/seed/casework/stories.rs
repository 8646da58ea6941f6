//! The acts of the demo's stories, on days counted back from today.

use anyhow::{Result, anyhow};
use chrono::{Duration, NaiveDate};
use schakel_domain::casework::OnwardStatus;
use schakel_domain::mandate::{CareCategory, VolumeUnit};

use super::acts::{Act, Decision, Who};
use super::dates::{school_year_end, weekday};
use super::plan::{Env, Plan, Story, Target};

pub(super) struct StoryIds {
    pub(super) hvs_lead: (i64, String),
    pub(super) needs_approval: bool,
}

pub(super) fn contact(kind: &'static str, participants: &str, minutes: i64, note: &str) -> Act {
    Act::Contact {
        kind,
        participants: participants.into(),
        minutes,
        note: note.into(),
    }
}

pub(super) fn help(who: Who) -> Act {
    Act::Consent {
        who,
        share: None,
        information: String::new(),
        until: None,
        wish: String::new(),
    }
}

pub(super) fn share(who: Who, recipient: &str, information: &str, until: Option<NaiveDate>) -> Act {
    Act::Consent {
        who,
        share: Some(recipient.into()),
        information: information.into(),
        until,
        wish: String::new(),
    }
}

pub(super) fn advance(status: OnwardStatus, feedback: &str) -> Act {
    Act::Advance {
        status,
        feedback: feedback.into(),
    }
}

pub(super) fn target_named(env: &Env, municipality: i64, name: &str) -> Result<Target> {
    env.targets
        .get(&municipality)
        .and_then(|t| t.iter().find(|t| t.name == name))
        .cloned()
        .ok_or_else(|| anyhow!("no referral target {name}"))
}

/// The acts of the demo's stories, on days counted back from today.
pub(super) fn story_acts(
    story: Story,
    env: &Env,
    plan: &Plan,
    ids: &StoryIds,
) -> Vec<(NaiveDate, Act)> {
    let mut a: Vec<(NaiveDate, Act)> = Vec::new();
    match story {
        Story::Yusuf => yusuf(env, plan, ids, &mut a),
        Story::Divorce => divorce(env, plan, ids, &mut a),
        Story::Absent14 => absent14(env, plan, ids, &mut a),
        Story::Inzage16 => inzage16(env, plan, ids, &mut a),
        Story::Closed7Weeks => closed_after_7_weeks(env, plan, ids, &mut a),
        Story::Mandate => mandate_approved(env, plan, ids, &mut a),
        Story::MandateWaiting => mandate_waiting(env, plan, ids, &mut a),
    }
    a
}

fn yusuf(env: &Env, plan: &Plan, _ids: &StoryIds, a: &mut Vec<(NaiveDate, Act)>) {
    let today = env.today;
    let d = |n: i64| weekday(today - Duration::days(n));
    let m = plan.municipality_id;
    let (mother, father) = (Who::Parent(0), Who::Parent(1));
    let fund = target_named(env, m, "Meedoenfonds Waterweide");
    a.push((d(89), contact("intake", "Yusuf, moeder, vader", 60, "Kennismaking thuis aan de keukentafel. Yusuf vertelt dat hij 's avonds laat slaapt en 's ochtends moe is. Thuis is veel onrust sinds oma ernstig ziek is; vader werkt in ploegendienst. Ouders willen graag dat Yusuf weer plezier krijgt in school.")));
    a.push((d(89), help(mother)));
    a.push((d(89), help(father)));
    a.push((
        d(89),
        share(
            mother,
            "school",
            "voortgang en afspraken voor in de klas; geen details over de thuissituatie",
            Some(school_year_end(d(89))),
        ),
    ));
    a.push((
        d(89),
        share(
            father,
            "school",
            "voortgang en afspraken voor in de klas; geen details over de thuissituatie",
            Some(school_year_end(d(89))),
        ),
    ));
    a.push((
        d(89),
        Act::Goal {
            description: "Yusuf gaat met plezier naar school en heeft een vaste hobby".into(),
            theme: "meedoen",
            start: -1,
        },
    ));
    a.push((d(84), contact("gesprek_kind", "Yusuf", 45, "Samen Kind in Kaart ingevuld. Yusuf wil graag basketballen, net als zijn neef. Afgesproken: samen kijken naar een club in de wijk; de contributie is een drempel.")));
    if let Ok(fund) = fund {
        a.push((d(80), Act::Propose { target: fund.clone(), note: "Aanvraag vergoeding contributie basketbalvereniging (seizoen) en sportschoenen.".into() }));
        a.push((
            d(80),
            share(
                mother,
                &fund.name,
                "naam, geboortedatum en een indicatie van het gezinsinkomen, voor de aanvraag",
                None,
            ),
        ));
        a.push((
            d(80),
            share(
                father,
                &fund.name,
                "naam, geboortedatum en een indicatie van het gezinsinkomen, voor de aanvraag",
                None,
            ),
        ));
        a.push((d(79), contact("telefoon", "moeder", 15, "Moeder gebeld over de aanvraag bij het Meedoenfonds; zij brengt de inkomensgegevens langs.")));
        a.push((d(78), advance(OnwardStatus::Consented, "")));
        a.push((d(77), advance(OnwardStatus::Sent, "")));
        a.push((
            d(72),
            advance(
                OnwardStatus::Accepted,
                "Vergoeding toegekend voor het hele seizoen.",
            ),
        ));
        a.push((
            d(68),
            advance(
                OnwardStatus::Started,
                "Contributie en sportschoenen betaald; Yusuf traint op dinsdag en donderdag.",
            ),
        ));
    }
    a.push((d(66), contact("gesprek_kind", "Yusuf", 45, "Eerste training geweest. Yusuf vertelt enthousiast; de trainer is een oud-leerling van school.")));
    a.push((d(55), contact("gesprek_leerkracht", "leerkracht groep 6", 20, "Leerkracht ziet dat Yusuf vaker op tijd is (3 keer te laat in 4 weken, eerder bijna dagelijks) en minder ruzie maakt op het plein.")));
    a.push((d(51), contact("gesprek_ouders", "moeder, vader", 60, "Evaluatie na zes weken met ouders: het gaat beter, oma is opgenomen. Doel blijft staan; tussenscore 0.")));
    a.push((
        d(51),
        Act::Score {
            goal: 0,
            end: false,
            score: 0,
        },
    ));
    a.push((d(38), contact("gesprek_kind", "Yusuf", 45, "Gaat goed op de club; op school nog af en toe boos als hij verliest bij voetbal. Time-out-kaart geoefend.")));
    a.push((d(37), Act::SchoolReport { body: "Yusuf traint twee keer per week bij de basketbalclub en heeft daar plezier. Afgesproken met Yusuf: als hij op het plein boos wordt, mag hij zijn time-out-kaart laten zien en even bij de intern begeleider zitten. Thuis is het nog onrustig; ouders en ik houden contact.".into() }));
    a.push((d(24), contact("overleg", "IB'er, leerkracht groep 6", 30, "Zorgoverleg groep 5–6: drie leerlingen besproken, onder wie Yusuf. Afspraak: hij krijgt een vaste taak bij de ochtendstart.")));
    a.push((d(3), contact("gesprek_kind", "Yusuf", 45, "Drie maanden na de start: Yusuf speelt nog steeds basketbal en heeft er een vriend bij. Zegt zelf: 'ik heb weer zin in school'.")));
    a.push((d(89), Act::Summary { text: "Yusuf (10) werd aangemeld omdat hij somber was, vaak vocht en te laat kwam; thuis speelt veel (zieke oma, vader in ploegendienst). Aanpak: gesprekken met Yusuf, Kind in Kaart, basketbal via het Meedoenfonds, afstemming met de leerkracht. Bij de check na drie maanden speelt hij nog steeds.".into(), safety: false }));
}

fn divorce(env: &Env, plan: &Plan, _ids: &StoryIds, a: &mut Vec<(NaiveDate, Act)>) {
    let today = env.today;
    let d = |n: i64| weekday(today - Duration::days(n));
    let m = plan.municipality_id;
    let (mother, father) = (Who::Parent(0), Who::Parent(1));
    let course = target_named(
        env,
        m,
        "Ouderschap na scheiding – cursus Kinderen uit de Knel",
    );
    a.push((d(70), contact("intake", "Mila, moeder", 60, "Intake met moeder en Mila. Ouders zijn sinds een half jaar uit elkaar; veel ruzie bij de overdracht op vrijdag. Afgesproken dat ook vader (gezag) wordt uitgenodigd voordat de hulp start.")));
    a.push((d(70), help(mother)));
    a.push((d(67), contact("gesprek_ouders", "vader", 60, "Apart gesprek met vader. Hij herkent de spanning bij de overdracht en wil meewerken; hij geeft toestemming voor de hulp.")));
    a.push((d(67), help(father)));
    a.push((
        d(67),
        Act::Goal {
            description: "Mila merkt minder van de ruzies tussen haar ouders".into(),
            theme: "thuissituatie",
            start: -1,
        },
    ));
    a.push((d(63), contact("gesprek_kind", "Mila", 45, "Met Mila getekend: 'het huis van mama en het huis van papa'. Vrijdag is de moeilijkste dag.")));
    a.push((d(56), contact("gesprek_ouders", "moeder, vader", 60, "Eerste gezamenlijke gesprek met beide ouders, rustig verlopen. Beiden staan open voor een cursus voor gescheiden ouders.")));
    if let Ok(course) = course {
        a.push((
            d(55),
            Act::Propose {
                target: course.clone(),
                note: "Beide ouders aanmelden voor de oudergroep; Mila voor de kindergroep.".into(),
            },
        ));
        a.push((
            d(55),
            share(
                mother,
                &course.name,
                "gezinssituatie, hulpvraag en wat er al gedaan is",
                None,
            ),
        ));
        a.push((
            d(53),
            share(
                father,
                &course.name,
                "gezinssituatie, hulpvraag en wat er al gedaan is",
                None,
            ),
        ));
        a.push((d(53), advance(OnwardStatus::Consented, "")));
        a.push((d(52), advance(OnwardStatus::Sent, "")));
        a.push((
            d(42),
            advance(
                OnwardStatus::Accepted,
                "Intake met beide ouders gehad; de groep start over vier weken.",
            ),
        ));
        a.push((d(20), advance(OnwardStatus::Started, "Groep gestart; beide ouders waren bij de eerste bijeenkomst, Mila bij de kindergroep.")));
    }
    a.push((
        d(32),
        contact(
            "gesprek_leerkracht",
            "leerkracht groep 5",
            20,
            "Leerkracht: Mila is op maandag nog stil, verder rustiger en ze speelt weer mee.",
        ),
    ));
    a.push((
        d(32),
        Act::Score {
            goal: 0,
            end: false,
            score: 0,
        },
    ));
    a.push((d(24), contact("overleg", "IB'er, leerkracht groep 5", 30, "Zorgoverleg: Mila besproken. Afspraak: op maandag een vast begroetingsmoment met de leerkracht.")));
    a.push((
        d(12),
        contact(
            "gesprek_kind",
            "Mila",
            45,
            "Mila vertelt dat papa en mama 'bij de deur niet meer ruzie maken'.",
        ),
    ));
    a.push((d(67), Act::Summary { text: "Mila (8), ouders in een vechtscheiding, beiden met gezag. Gesprekken met beide ouders apart en samen, gesprekken met Mila; verwezen naar de cursus Ouderschap na scheiding (met toestemming van beide ouders).".into(), safety: false }));
}

fn absent14(env: &Env, _plan: &Plan, _ids: &StoryIds, a: &mut Vec<(NaiveDate, Act)>) {
    let today = env.today;
    let d = |n: i64| weekday(today - Duration::days(n));
    let (mother, father) = (Who::Parent(0), Who::Parent(1));
    a.push((d(55), contact("intake", "Kacper, moeder", 60, "Intake op school. Kacper vertelt dat hij slecht slaapt en tot laat gamet; op maandag ziet hij op tegen gym. Hij wil niet dat school weet wat er thuis speelt; afgesproken dat school alleen hoort dát er hulp is.")));
    a.push((
        d(55),
        Act::Consent {
            who: Who::Child,
            share: None,
            information: String::new(),
            until: None,
            wish: "wil niet dat school details hoort".into(),
        },
    ));
    a.push((d(55), help(mother)));
    a.push((d(52), contact("telefoon", "vader", 15, "Vader telefonisch gesproken (werkt doordeweeks in Duitsland); hij stemt in met de hulp.")));
    a.push((d(52), help(father)));
    a.push((
        d(52),
        Act::Goal {
            description: "Kacper is elke dag op school en slaapt voor twaalf uur".into(),
            theme: "schoolgang",
            start: -2,
        },
    ));
    a.push((d(45), contact("gesprek_kind", "Kacper", 45, "Slaapdagboek besproken: drie nachten voor twaalf uur. Kacper wil zelf een wekker buiten zijn kamer.")));
    a.push((d(38), contact("huisbezoek", "Kacper, moeder, vader", 75, "Huisbezoek met het hele gezin; afspraken gemaakt over de telefoon 's nachts in de keuken.")));
    a.push((d(31), contact("gesprek_leerkracht", "mentor", 20, "Met de mentor alleen gesproken over aanwezigheid en afspraken rond gym; geen inhoud gedeeld (wens van Kacper, 14).")));
    a.push((
        d(17),
        contact(
            "gesprek_kind",
            "Kacper",
            45,
            "Evaluatie na zes weken: minder verzuim (twee dagen in vier weken), gym blijft lastig.",
        ),
    ));
    a.push((
        d(17),
        Act::Score {
            goal: 0,
            end: false,
            score: -1,
        },
    ));
    a.push((d(6), contact("gesprek_kind", "Kacper", 45, "Kacper heeft met de gymleraar afgesproken dat hij zich apart mag omkleden. Hij was deze week elke dag op school.")));
    a.push((d(55), Act::Summary { text: "Kacper (14) verzuimt veel. Toestemming voor hulp van Kacper en beide ouders; Kacper wil niet dat school details hoort (vanaf 12 beslist hij over delen met school), school hoort alleen dát er hulp is.".into(), safety: false }));
}

fn inzage16(env: &Env, _plan: &Plan, _ids: &StoryIds, a: &mut Vec<(NaiveDate, Act)>) {
    let today = env.today;
    let d = |n: i64| weekday(today - Duration::days(n));
    a.push((d(36), contact("intake", "Selam", 60, "Intake met Selam alleen. Ze slaapt slecht en maakt zich zorgen over haar moeder en familie in Eritrea. Uitgelegd dat zij vanaf 16 zelf beslist over hulp en over wie wat hoort.")));
    a.push((d(36), help(Who::Child)));
    a.push((
        d(36),
        Act::Goal {
            description: "Selam slaapt beter en weet bij wie ze terecht kan als het zwaar wordt"
                .into(),
            theme: "welbevinden",
            start: -1,
        },
    ));
    a.push((
        d(29),
        contact(
            "gesprek_kind",
            "Selam",
            45,
            "Gesprek over slapen en piekeren; ontspanningsoefening meegegeven.",
        ),
    ));
    a.push((
        d(22),
        contact(
            "gesprek_kind",
            "Selam",
            45,
            "Selam vertelt over haar familie; ze wil haar moeder er (nog) niet bij betrekken.",
        ),
    ));
    a.push((d(15), Act::Event { kind: "inzage", summary: "Verzoek om inzage ontvangen".into(), detail: "Selam (16) vraagt om inzage in haar dossier. Zij beslist zelf; haar ouders hebben vanaf 16 haar toestemming nodig. Afspraak gepland om het dossier samen door te nemen; informatie over derden wordt afgeschermd.".into() }));
    a.push((d(13), contact("gesprek_kind", "Selam", 45, "Dossier samen met Selam doorgenomen (inzage). Ze vroeg een aanvulling op de samenvatting; die is verwerkt.")));
    a.push((d(8), contact("gesprek_kind", "Selam", 45, "Selam slaapt beter (vier nachten per week goed). Ze heeft zelf contact gezocht met de huisarts.")));
    a.push((d(36), Act::Summary { text: "Selam (16) meldde zich zelf en geeft zelf toestemming voor hulp; zij beslist wie wat te horen krijgt. Verzoek om inzage ontvangen en samen afgehandeld.".into(), safety: false }));
}

fn closed_after_7_weeks(env: &Env, _plan: &Plan, _ids: &StoryIds, a: &mut Vec<(NaiveDate, Act)>) {
    let today = env.today;
    let d = |n: i64| weekday(today - Duration::days(n));
    let (mother, father) = (Who::Parent(0), Who::Parent(1));
    a.push((d(192), contact("intake", "Daan, moeder, vader", 60, "Intake met Daan en ouders op school. Daan vertelt over de groepsapp en dat hij in de pauze alleen staat.")));
    a.push((d(192), help(mother)));
    a.push((d(192), help(father)));
    a.push((
        d(192),
        share(
            mother,
            "school",
            "afspraken in de klas en op het plein",
            Some(school_year_end(d(192))),
        ),
    ));
    a.push((
        d(192),
        share(
            father,
            "school",
            "afspraken in de klas en op het plein",
            Some(school_year_end(d(192))),
        ),
    ));
    a.push((
        d(192),
        Act::Goal {
            description: "Daan voelt zich veilig in de klas en op het plein".into(),
            theme: "veiligheid",
            start: -1,
        },
    ));
    a.push((
        d(185),
        contact(
            "gesprek_kind",
            "Daan",
            45,
            "Met Daan geoefend hoe hij kan reageren in de app en bij wie hij terecht kan.",
        ),
    ));
    a.push((d(178), contact("gesprek_leerkracht", "leerkracht groep 5", 25, "Met de leerkracht een groepsaanpak afgesproken; de groepsapp is besproken met de klas.")));
    a.push((
        d(171),
        contact(
            "gesprek_kind",
            "Daan",
            45,
            "Daan speelt weer mee met voetbal in de pauze.",
        ),
    ));
    a.push((
        d(154),
        contact(
            "gesprek_ouders",
            "moeder, vader",
            45,
            "Evaluatie na zes weken: ouders zien een blijere Daan.",
        ),
    ));
    a.push((
        d(154),
        Act::Score {
            goal: 0,
            end: false,
            score: 0,
        },
    ));
    a.push((
        d(147),
        contact(
            "gesprek_kind",
            "Daan, moeder",
            45,
            "Afsluitend gesprek: Daan heeft twee vriendjes en gaat graag naar school.",
        ),
    ));
    a.push((
        d(147),
        Act::Score {
            goal: 0,
            end: true,
            score: 1,
        },
    ));
    a.push((d(147), Act::Close { reason: "doelen_bereikt", note: "Doel bereikt (GAS +1): Daan speelt weer mee in de pauze en heeft twee vriendjes. De leerkracht houdt een vinger aan de pols; ouders weten hoe ze opnieuw kunnen aanmelden.".into(), parent: Some(8), child: Some(8) }));
    a.push((d(192), Act::Summary { text: "Daan (9) werd buitengesloten en gepest via de groepsapp. Zeven weken: gesprekken met Daan, groepsaanpak met de leerkracht. Afgesloten met doel bereikt.".into(), safety: false }));
}

fn mandate_approved(env: &Env, plan: &Plan, ids: &StoryIds, a: &mut Vec<(NaiveDate, Act)>) {
    let today = env.today;
    let d = |n: i64| weekday(today - Duration::days(n));
    let m = plan.municipality_id;
    let (mother, father) = (Who::Parent(0), Who::Parent(1));
    let ggz = target_named(env, m, "Kinder- en Jeugdpsychiatrie Havenstad");
    a.push((d(78), contact("intake", "Elif, moeder, vader", 60, "Intake thuis. Elif is bang om alleen te zijn en heeft elke schooldag buikpijn. Ouders zijn bezorgd en willen hulp.")));
    a.push((d(78), help(mother)));
    a.push((d(78), help(father)));
    a.push((
        d(78),
        Act::Goal {
            description: "Elif kan omgaan met haar angst en gaat zonder buikpijn naar school"
                .into(),
            theme: "welbevinden",
            start: -2,
        },
    ));
    a.push((
        d(71),
        contact(
            "gesprek_kind",
            "Elif",
            45,
            "Met Elif een 'angstthermometer' gemaakt; ze scoort hoog op schooldagen.",
        ),
    ));
    a.push((d(64), contact("gesprek_ouders", "moeder, vader", 60, "Ouders vertellen dat Elif 's nachts bij hen in bed komt en niet meer naar verjaardagen gaat.")));
    a.push((
        d(57),
        contact(
            "gesprek_kind",
            "Elif",
            45,
            "Ontspanningsoefening geoefend; Elif vindt het moeilijk.",
        ),
    ));
    a.push((d(50), contact("overleg", "huisarts (telefonisch)", 30, "Afgestemd met de huisarts (met toestemming van ouders): geen lichamelijke oorzaak. Werkhypothese: angstklachten; diagnostiek nodig.")));
    a.push((d(40), contact("gesprek_ouders", "moeder, vader", 60, "Evaluatie: de klachten nemen toe ondanks de lichte hulp. Ouders zijn het eens met een verwijzing naar specialistische jeugdhulp.")));
    a.push((
        d(40),
        Act::Score {
            goal: 0,
            end: false,
            score: -2,
        },
    ));
    if let Ok(ggz) = ggz {
        a.push((d(40), Act::Propose { target: ggz.clone(), note: "Verwijzing voor diagnostiek en behandeling van angstklachten; SMW blijft betrokken tot de behandeling loopt.".into() }));
        a.push((
            d(40),
            share(
                mother,
                &ggz.name,
                "hulpvraag, verloop van de hulp, afstemming met huisarts",
                None,
            ),
        ));
        a.push((
            d(40),
            share(
                father,
                &ggz.name,
                "hulpvraag, verloop van de hulp, afstemming met huisarts",
                None,
            ),
        ));
        a.push((d(39), Act::Mandate(Decision {
            care_kind: "specialistische jeugdhulp (jeugd-ggz): diagnostiek en behandeling".into(),
            category: CareCategory::Outpatient,
            volume: 1,
            unit: VolumeUnit::SessionsPerWeek,
            provider: ggz.clone(),
            from: d(35),
            until: d(35) + Duration::days(182),
            reasons: "Angstklachten nemen toe ondanks acht weken lichte hulp door SMW; huisarts en SMW zien noodzaak voor specialistische diagnostiek en behandeling. Ouders (beiden met gezag) zijn akkoord.".into(),
            needs_approval: ids.needs_approval,
        })));
        a.push((
            d(38),
            Act::Approve {
                user: ids.hvs_lead.0,
                name: ids.hvs_lead.1.clone(),
            },
        ));
        a.push((d(38), advance(OnwardStatus::Consented, "")));
        a.push((d(37), advance(OnwardStatus::Sent, "")));
        a.push((
            d(28),
            advance(
                OnwardStatus::Accepted,
                "Aanmelding geaccepteerd; intake gepland.",
            ),
        ));
        a.push((
            d(18),
            advance(
                OnwardStatus::Started,
                "Behandeling gestart (cognitieve gedragstherapie, wekelijks).",
            ),
        ));
    }
    a.push((
        d(12),
        contact(
            "telefoon",
            "moeder",
            15,
            "Moeder vertelt dat de eerste sessies goed gaan; Elif gaat er graag heen.",
        ),
    ));
    a.push((
        d(4),
        Act::Score {
            goal: 0,
            end: true,
            score: 0,
        },
    ));
    a.push((d(4), Act::RequestClosure { reason: "verwezen", note: "Elif is in behandeling bij de jeugd-ggz (beschikking onder het SMW-plus-mandaat); warme overdracht gedaan. De SMW-hulp kan stoppen; de mentor weet bij wie hij terecht kan.".into() }));
    a.push((d(78), Act::Summary { text: "Elif (9), toenemende angstklachten. Na acht weken lichte hulp verwezen naar specialistische jeugdhulp met een beschikking onder het SMW-plus-mandaat (goedgekeurd door de teamleider).".into(), safety: false }));
}

fn mandate_waiting(env: &Env, plan: &Plan, ids: &StoryIds, a: &mut Vec<(NaiveDate, Act)>) {
    let today = env.today;
    let d = |n: i64| weekday(today - Duration::days(n));
    let m = plan.municipality_id;
    let mother = Who::Parent(0);
    let help_target = target_named(env, m, "Ambulante gezinsbegeleiding De Haven");
    a.push((d(43), contact("intake", "Jayden, moeder", 60, "Intake thuis. Moeder vertelt over dagelijkse woedebuien; vader (geen gezag) is niet in beeld. Moeder geeft toestemming voor hulp.")));
    a.push((d(43), help(mother)));
    a.push((
        d(43),
        Act::Goal {
            description: "Moeder weet hoe ze rustig kan reageren op de woedebuien van Jayden"
                .into(),
            theme: "opvoeding",
            start: -2,
        },
    ));
    a.push((
        d(36),
        contact(
            "huisbezoek",
            "Jayden, moeder",
            75,
            "Huisbezoek rond bedtijd; avondritueel samen met moeder opgezet.",
        ),
    ));
    a.push((d(22), contact("gesprek_ouders", "moeder", 60, "Moeder is uitgeput; de buien nemen niet af. Ambulante gezinsbegeleiding besproken; moeder wil dat graag.")));
    if let Ok(t) = help_target {
        a.push((d(3), Act::Propose { target: t.clone(), note: "Ambulante gezinsbegeleiding thuis, 12 weken, gericht op opvoedvaardigheden en rust in huis.".into() }));
        a.push((
            d(3),
            share(
                mother,
                &t.name,
                "hulpvraag, verloop van de hulp en doelen",
                None,
            ),
        ));
        a.push((d(2), Act::Mandate(Decision {
            care_kind: "ambulante gezinsbegeleiding (12 weken)".into(),
            category: CareCategory::Outpatient,
            volume: 3,
            unit: VolumeUnit::HoursPerWeek,
            provider: t.clone(),
            from: d(0),
            until: d(0) + Duration::days(84),
            reasons: "Lichte opvoedondersteuning is onvoldoende; de woedebuien nemen niet af en moeder raakt overbelast. Moeder (enige met gezag) is akkoord.".into(),
            needs_approval: ids.needs_approval,
        })));
    }
}
