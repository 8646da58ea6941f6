//! The demo's referral targets (the "sociale kaart") per municipality.

/// Referral targets (the "sociale kaart") per municipality of the demo: (name, kind, contact).
pub(super) const WATERWEIDE_TARGETS: [(&str, &str, &str); 11] = [
    (
        "Wijkteam Waterweide Noord",
        "wijkteam",
        "wijkteamnoord@waterweide.example",
    ),
    (
        "Wijkteam Waterweide Zuid",
        "wijkteam",
        "wijkteamzuid@waterweide.example",
    ),
    (
        "Jeugdloket gemeente Waterweide",
        "jeugdloket",
        "jeugdloket@waterweide.example",
    ),
    ("CJG Waterweide", "cjg", "info@cjgwaterweide.example"),
    (
        "Huisartsenpraktijk De Vaart",
        "huisarts",
        "assistente@praktijkdevaart.example",
    ),
    (
        "Ouderschap na scheiding – cursus Kinderen uit de Knel",
        "opvoedcursus",
        "aanmelden@welzijnwaterweide.example",
    ),
    (
        "Oudercursus 'Grenzen stellen met plezier'",
        "opvoedcursus",
        "opvoeden@welzijnwaterweide.example",
    ),
    (
        "Jeugdhulp Noord-Holland Zuid",
        "jeugdhulpaanbieder",
        "aanmelding@jeugdhulpnhz.example",
    ),
    (
        "Meedoenfonds Waterweide",
        "fonds",
        "aanvragen@meedoenfonds-waterweide.example",
    ),
    (
        "Geldzaken Waterweide (schuldhulp)",
        "schuldhulp",
        "geldzaken@waterweide.example",
    ),
    (
        "Veilig Thuis Zaanstreek-Waterland",
        "veilig_thuis",
        "advies via 0800-2000 (landelijk nummer)",
    ),
];

pub(super) const HAVENSTAD_TARGETS: [(&str, &str, &str); 9] = [
    (
        "Wijkteam Havenstad Centrum",
        "wijkteam",
        "centrum@wijkteamshavenstad.example",
    ),
    (
        "Wijkteam Havenstad Zuid",
        "wijkteam",
        "zuid@wijkteamshavenstad.example",
    ),
    (
        "Jeugdloket gemeente Havenstad",
        "jeugdloket",
        "jeugd@havenstad.example",
    ),
    (
        "CJG Havenstad gezinscoach",
        "cjg",
        "gezinscoach@cjghavenstad.example",
    ),
    (
        "Huisartsengroep Havenkwartier",
        "huisarts",
        "praktijk@havenkwartier.example",
    ),
    (
        "Ouderschap na scheiding – groepstraining Havenstad",
        "opvoedcursus",
        "scheiding@jeugdengezinhavenstad.example",
    ),
    (
        "Kinder- en Jeugdpsychiatrie Havenstad",
        "jeugdhulpaanbieder",
        "verwijzingen@kjphavenstad.example",
    ),
    (
        "Ambulante gezinsbegeleiding De Haven",
        "jeugdhulpaanbieder",
        "aanmelden@dehaven-gezin.example",
    ),
    (
        "Veilig Thuis regio Havenstad",
        "veilig_thuis",
        "advies via 0800-2000 (landelijk nummer)",
    ),
];

pub(super) const LINDELOO_TARGETS: [(&str, &str, &str); 4] = [
    (
        "Sociaal team Lindeloo",
        "wijkteam",
        "sociaalteam@lindeloo.example",
    ),
    (
        "Jeugdloket Lindeloo",
        "jeugdloket",
        "jeugd@lindeloo.example",
    ),
    (
        "Huisartsenpraktijk Dorpsstraat Lindeloo",
        "huisarts",
        "praktijk@dorpsstraat-lindeloo.example",
    ),
    (
        "Veilig Thuis Zaanstreek-Waterland",
        "veilig_thuis",
        "advies via 0800-2000 (landelijk nummer)",
    ),
];
