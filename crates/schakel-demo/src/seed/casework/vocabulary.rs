//! Field vocabulary: signals, reasons, goals, contact notes, closure notes (all in Dutch).

use schakel_domain::casework as rules;

pub(super) fn signal_label(key: &str) -> &'static str {
    rules::DEFAULT_SIGNALS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("anders", |(_, l)| *l)
}

/// Reasons for a referral as facts someone saw or heard; `{g}` is the child's given name.
pub(super) fn reason_templates(signal: &str) -> &'static [&'static str] {
    match signal {
        "gedrag" => &[
            "{g} is de laatste weken vaak boos in de klas en raakt op het plein in conflict met klasgenoten; de leerkracht moest twee keer ingrijpen bij een vechtpartij.",
            "{g} loopt regelmatig weg uit de klas en gooit met spullen als iets niet lukt.",
        ],
        "stemming" => &[
            "{g} oogt sinds een paar maanden somber en teruggetrokken, zegt weinig en zit in de pauze vaak alleen.",
            "{g} huilt geregeld in de klas en zegt 'niks meer leuk' te vinden.",
        ],
        "verzuim" => &[
            "{g} komt sinds enkele weken vaak te laat en mist geregeld lesdagen; er wordt vaak ziek gemeld op maandag.",
            "{g} heeft dit schooljaar veel lesuren gemist; school heeft de leerplichtambtenaar ingelicht.",
        ],
        "thuissituatie" => &[
            "De ouders van {g} zijn uit elkaar; sindsdien is er veel onrust rond de wisselingen tussen beide huizen.",
            "Thuis speelt veel: een ouder is ernstig ziek en {g} zorgt veel voor jongere broertjes en zusjes.",
        ],
        "opvoeding" => &[
            "Moeder vraagt hulp: thuis lukt het niet om grenzen te stellen aan {g}, er is veel ruzie over schermtijd en bedtijd.",
            "Ouders geven aan dat ze niet goed weten hoe ze met de woedebuien van {g} om moeten gaan.",
        ],
        "ontwikkeling" => &[
            "De leerkracht ziet dat {g} achterblijft in taal en concentratie; ouders en school willen weten wat nodig is naast de extra ondersteuning in de klas.",
            "{g} heeft moeite met plannen en overzicht; de zorgen nemen toe nu het werk zelfstandiger wordt.",
        ],
        "gezondheid" => &[
            "{g} klaagt veel over buik- en hoofdpijn en is vaak moe; de huisarts vond geen lichamelijke oorzaak.",
            "{g} eet slecht op school en valt af; ouders maken zich ook zorgen.",
        ],
        "pesten" => &[
            "{g} wordt volgens klasgenoten buitengesloten en via een groepsapp uitgelachen.",
            "{g} wordt op weg naar huis lastiggevallen door oudere kinderen en durft niet meer alleen te fietsen.",
        ],
        "geldzorgen" => &[
            "Ouders vertellen dat er geldzorgen zijn; {g} gaat niet mee op schoolreis en heeft geen gymkleding.",
            "{g} komt vaak zonder ontbijt en lunch naar school; moeder vertelde over schulden.",
        ],
        "veiligheid" => &[
            "{g} vertelt over harde ruzies thuis en zegt bang te zijn om naar huis te gaan; de leerkracht maakt zich zorgen over de veiligheid.",
            "{g} had een blauwe plek op de arm en gaf wisselende verklaringen; school heeft de meldcode-stappen gevolgd.",
        ],
        "sociale_vaardigheden" => &[
            "{g} vindt het moeilijk om aansluiting te vinden bij leeftijdgenoten en reageert fel als iets niet lukt.",
            "{g} heeft geen vriendjes in de klas en speelt alleen; samenwerken in groepjes lukt niet.",
        ],
        _ => &[
            "Opa van {g}, bij wie {g} veel was, is onlangs overleden; sindsdien is {g} vaak verdrietig in de klas.",
            "Na het overlijden van een ouder vorig jaar gaat het op school steeds minder goed met {g}.",
        ],
    }
}

/// Goals a worker might set for a signal, each with its goal theme (a code of `DEFAULT_GOAL_THEMES`), as a
/// worker tags it: the theme is chosen with the words, not guessed from them afterwards.
pub(super) fn goal_templates(signal: &str) -> &'static [(&'static str, &'static str)] {
    match signal {
        "gedrag" => &[
            (
                "gedrag",
                "{g} herkent boosheid op tijd en neemt dan een time-out",
            ),
            (
                "gedrag",
                "{g} lost ruzies op het plein op zonder te vechten",
            ),
        ],
        "stemming" => &[
            (
                "welbevinden",
                "{g} voelt zich beter en heeft iemand om mee te praten",
            ),
            (
                "meedoen",
                "{g} doet weer mee met activiteiten die hij/zij leuk vindt",
            ),
        ],
        "verzuim" => &[
            ("schoolgang", "{g} is elke dag op tijd op school"),
            ("schoolgang", "{g} is weer volledig aanwezig op school"),
        ],
        "thuissituatie" => &[
            (
                "thuissituatie",
                "Ouders maken afspraken over de wisselingen zonder {g} erbij te betrekken",
            ),
            ("thuissituatie", "{g} merkt minder van de spanningen thuis"),
        ],
        "opvoeding" => &[
            (
                "opvoeding",
                "Ouders hanteren samen vaste afspraken over bedtijd en schermtijd",
            ),
            (
                "opvoeding",
                "Ouders weten hoe ze rustig kunnen reageren op de woedebuien van {g}",
            ),
        ],
        "ontwikkeling" => &[
            (
                "schoolgang",
                "Er is duidelijk welke ondersteuning {g} nodig heeft, thuis en op school",
            ),
            (
                "schoolgang",
                "{g} werkt met een planner en maakt zijn/haar huiswerk zelfstandig",
            ),
        ],
        "gezondheid" => &[
            (
                "welbevinden",
                "{g} heeft minder klachten en doet weer mee met gym",
            ),
            ("welbevinden", "{g} eet en slaapt volgens een vast ritme"),
        ],
        "pesten" => &[
            (
                "veiligheid",
                "{g} voelt zich veilig in de klas en op het plein",
            ),
            ("welbevinden", "{g} fietst weer zelf naar huis"),
        ],
        "geldzorgen" => &[
            (
                "bestaanszekerheid",
                "Het gezin krijgt hulp bij geldzaken en {g} kan meedoen met schoolactiviteiten",
            ),
            ("bestaanszekerheid", "{g} heeft elke dag ontbijt en lunch"),
        ],
        "veiligheid" => &[
            (
                "veiligheid",
                "Er is een veiligheidsplan en {g} weet bij wie hij/zij terecht kan",
            ),
            (
                "veiligheid",
                "De ruzies thuis zijn gestopt en {g} voelt zich thuis veilig",
            ),
        ],
        "sociale_vaardigheden" => &[
            (
                "sociale_relaties",
                "{g} heeft minstens één vriend(in) in de klas en doet mee in het spel",
            ),
            ("sociale_relaties", "{g} kan samenwerken in een groepje"),
        ],
        _ => &[
            (
                "welbevinden",
                "{g} kan over het verlies praten en heeft een plek om te herinneren",
            ),
            (
                "welbevinden",
                "{g} weet bij wie hij/zij terecht kan als het verdriet groot is",
            ),
        ],
    }
}

pub(super) fn approach(signal: &str) -> &'static str {
    match signal {
        "gedrag" => {
            "gesprekken met het kind over boosheid (time-out-kaart), afstemming met de leerkracht"
        }
        "stemming" => {
            "wekelijkse gesprekken, een vaste vertrouwenspersoon op school, zo nodig huisarts"
        }
        "verzuim" => "afspraken over ochtendritme en aanwezigheid, samen met ouders en school",
        "thuissituatie" => {
            "gesprekken met beide ouders en met het kind, zo nodig een cursus voor ouders"
        }
        "opvoeding" => "opvoedondersteuning in gesprekken met ouders, huisbezoek",
        "ontwikkeling" => "in kaart brengen wat nodig is, afstemming met IB'er en ouders",
        "gezondheid" => "afstemming met huisarts en ouders, gesprekken met het kind",
        "pesten" => "gesprekken met het kind, aanpak in de groep met de leerkracht",
        "geldzorgen" => "toeleiding naar hulp bij geldzaken en een fonds voor meedoen",
        "veiligheid" => "meldcode-stappen, veiligheidsafspraken met ouders, overleg Veilig Thuis",
        "sociale_vaardigheden" => "sociale-vaardigheidsoefeningen, aansluiting bij een club",
        _ => "rouwgesprekken met het kind, tips voor ouders en leerkracht",
    }
}

/// Target kinds that fit a signal, best first.
pub(super) fn target_kinds(signal: &str) -> &'static [&'static str] {
    match signal {
        "thuissituatie" => &["opvoedcursus", "cjg", "wijkteam"],
        "opvoeding" => &["opvoedcursus", "cjg", "wijkteam"],
        "stemming" | "rouw" => &["jeugdhulpaanbieder", "huisarts"],
        "gezondheid" => &["huisarts", "jeugdhulpaanbieder"],
        "geldzorgen" => &["schuldhulp", "fonds", "wijkteam"],
        "veiligheid" | "gedrag" | "verzuim" => &["jeugdhulpaanbieder", "wijkteam"],
        "ontwikkeling" => &["jeugdloket", "jeugdhulpaanbieder"],
        _ => &["cjg", "wijkteam", "fonds"],
    }
}

pub(super) fn contact_notes(kind: &str) -> &'static [&'static str] {
    match kind {
        "intake" => &[
            "Kennismaking en hulpvraag verkend. Afspraken gemaakt over frequentie van gesprekken en wat er met school gedeeld wordt.",
            "Intake: zorgen van school en ouders naast elkaar gelegd; {g} vertelde zelf wat er goed gaat en wat moeilijk is.",
            "Intakegesprek op school. Uitleg gegeven over schoolmaatschappelijk werk, toestemming en wie wat te horen krijgt.",
        ],
        "gesprek_kind" => &[
            "Gesprek met {g} over hoe het gaat in de klas en thuis. {g} tekende een weekschaal: maandag is de zwaarste dag.",
            "Met {g} geoefend met de time-out-kaart; {g} noemde zelf twee momenten waarop het deze week lukte.",
            "{g} vertelde over de afgelopen week. Stemming beter dan vorige keer (eigen cijfer 6, was 4).",
            "Samen het doel bekeken; {g} vindt dat het 'een beetje beter' gaat.",
        ],
        "gesprek_ouders" => &[
            "Gesprek met ouders over de afspraken thuis; ochtendritme loopt beter, bedtijd nog lastig.",
            "Ouders vertellen dat het thuis rustiger is. Afgesproken om over vier weken te evalueren.",
            "Gesprek over wat ouders van {g} zien en wat zij nodig hebben; tips gegeven voor het avondritueel.",
        ],
        "gesprek_leerkracht" => &[
            "Afstemming met de {leerkracht}: {g} is rustiger in de klas; afgesproken dat {g} een vaste taak krijgt bij de ochtendstart.",
            "Kort overleg met de {zorg} over aanwezigheid en afspraken in de klas (alleen wat ouders goedkeurden).",
            "Met de {leerkracht} besproken hoe {g} ondersteund kan worden rond toetsen.",
        ],
        "huisbezoek" => &[
            "Huisbezoek. Ouders en {g} thuis gesproken; een rustig huis, ouders open over de spanningen.",
            "Huisbezoek samen met ouders: weekplanning gemaakt voor ochtenden en avonden.",
        ],
        "telefoon" => &[
            "Telefonisch contact met moeder: het gaat wisselend; volgende afspraak bevestigd.",
            "Vader gebeld over de afspraken van vorige week; hij sluit de volgende keer aan.",
            "Moeder belde af wegens ziekte; nieuwe afspraak gemaakt.",
        ],
        "overleg" => &[
            "Zorgoverleg met IB'er en leerkracht; afspraken over ondersteuning in de klas vastgelegd.",
            "Overleg met de jeugdverpleegkundige (met toestemming ouders) over de klachten van {g}.",
        ],
        _ => &["Observatie in de groep; {g} speelt vooral alleen, reageert goed op de leerkracht."],
    }
}

pub(super) fn closure_note(reason: &str) -> &'static str {
    match reason {
        "doelen_bereikt" => {
            "Doelen behaald; kind en ouders kunnen zonder hulp verder. School en ouders weten hoe ze opnieuw kunnen aanmelden."
        }
        "verwezen" => {
            "Warme overdracht gedaan; de hulp loopt verder bij de organisatie waarnaar verwezen is. SMW sluit af."
        }
        "gestopt_door_gezin" => {
            "Ouders willen voorlopig geen hulp meer; afgesproken dat ze zich opnieuw kunnen melden."
        }
        "verhuisd" => {
            "Gezin is verhuisd naar een andere gemeente; ouders hebben de gegevens van het wijkteam daar gekregen."
        }
        _ => "Hulpvraag veranderd; afgesloten na overleg met ouders en IB'er.",
    }
}

pub(super) const CONSULTATION_THEMES: [(&str, &str, &str); 10] = [
    (
        "Pestgedrag in de groep",
        "",
        "Besproken hoe de groep aangesproken kan worden; tip: een groepsgesprek met vaste afspraken en wekelijks terugkomen. Na zes weken evalueren.",
    ),
    (
        "Zorgen over een leerling, anoniem besproken",
        "jongen groep 4",
        "Besproken welke signalen er zijn; advies: eerst in gesprek met ouders, daarna eventueel aanmelden met hun toestemming.",
    ),
    (
        "Leerling met veel verzuim",
        "meisje klas 2",
        "Advies: verzuim bespreken met leerling en ouders, leerplicht tijdig betrekken; SMW kan aansluiten bij het gesprek.",
    ),
    (
        "Hoe ouders aanspreken over scheiding",
        "",
        "Tips voor het gesprek met gescheiden ouders: beide ouders met gezag informeren, niet kiezen tussen ouders.",
    ),
    (
        "Vermoeden van geldzorgen in een gezin",
        "meisje groep 6",
        "Uitleg over het meedoenfonds en hulp bij geldzaken; advies om ouders te wijzen op de inloop.",
    ),
    (
        "Rouw in de klas",
        "",
        "Na het overlijden van een ouder van een leerling: handreiking rouw in de klas besproken; SMW beschikbaar voor een klassengesprek.",
    ),
    (
        "Meldcode: twijfel over signalen",
        "jongen groep 7",
        "Stappen van de meldcode doorgelopen; advies: signalen feitelijk vastleggen, aandachtsfunctionaris raadplegen, zo nodig Veilig Thuis bellen voor advies.",
    ),
    (
        "Teruggetrokken nieuwkomer",
        "jongen ISK",
        "Advies: buddy uit de klas, tolk bij het oudergesprek, aandacht voor heimwee en verlies.",
    ),
    (
        "Conflicten tussen ouders op het schoolplein",
        "",
        "Advies over grenzen van school; gesprek met beide ouders apart aangeboden.",
    ),
    (
        "Faalangst bij toetsen",
        "meisje klas 3",
        "Tips voor de mentor: voorspelbaarheid, korte oefentoetsen; eventueel faalangsttraining via school.",
    ),
];
