//! Interface texts: Dutch first, English second. One table, so a missing translation is a test failure,
//! not a blank on screen.

/// The reader's language lives in the domain (the labels of its coded lists need it); the interface texts
/// are here, reached through [`Texts::t`].
pub use schakel_domain::Lang;

macro_rules! texts {
    ($($key:literal => $nl:literal, $en:literal;)*) => {
        pub(super) fn lookup(key: &str) -> Option<(&'static str, &'static str)> {
            match key {
                $($key => Some(($nl, $en)),)*
                _ => None,
            }
        }
        /// Every key of this part of the table.
        pub(super) const KEYS: &[&str] = &[$($key),*];
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

mod appointments;
mod calendar;
mod casework;
mod general;
mod kind_in_kaart;
mod monitoring;
mod prevention;

/// A part of the table: its lookup and its keys.
type Part = (
    fn(&str) -> Option<(&'static str, &'static str)>,
    &'static [&'static str],
);

/// The table's parts, one per area of the application; a key lives in exactly one (a test checks).
const PARTS: [Part; 7] = [
    (general::lookup, general::KEYS),
    (casework::lookup, casework::KEYS),
    (kind_in_kaart::lookup, kind_in_kaart::KEYS),
    (monitoring::lookup, monitoring::KEYS),
    (prevention::lookup, prevention::KEYS),
    (appointments::lookup, appointments::KEYS),
    (calendar::lookup, calendar::KEYS),
];

fn lookup(key: &str) -> Option<(&'static str, &'static str)> {
    PARTS.iter().find_map(|(part, _)| part(key))
}

/// Every key, for tests.
pub fn keys() -> impl Iterator<Item = &'static str> {
    PARTS.iter().flat_map(|(_, keys)| keys.iter().copied())
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
    fn every_key_is_in_one_part_only() {
        let mut seen = std::collections::HashSet::new();
        let twice: Vec<_> = keys().filter(|k| !seen.insert(*k)).collect();
        assert!(twice.is_empty(), "keys in more than one part: {twice:?}");
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
        for k in keys() {
            assert!(
                !Lang::Nl.t(k).is_empty() && !Lang::En.t(k).is_empty(),
                "{k} has an empty text"
            );
        }
    }
}
