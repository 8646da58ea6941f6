//! The access log (NEN 7513 style): who did what to whose data, when, from where, on what basis.
//!
//! Entries form a hash chain: each entry's hash covers its own fields and the previous entry's hash,
//! so changing or deleting any entry breaks every hash after it. `verify_chain` finds the first bad one.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash the first entry links to.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened (NEN 7513 event kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Read,
    Create,
    Change,
    Delete,
    Search,
    Export,
    SignIn,
    SignInFailed,
    SignOut,
    Denied,
}

impl AuditAction {
    pub const ALL: [AuditAction; 10] = [
        AuditAction::Read,
        AuditAction::Create,
        AuditAction::Change,
        AuditAction::Delete,
        AuditAction::Search,
        AuditAction::Export,
        AuditAction::SignIn,
        AuditAction::SignInFailed,
        AuditAction::SignOut,
        AuditAction::Denied,
    ];

    pub fn parse(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            AuditAction::Read => lang.pick("inzage", "read"),
            AuditAction::Create => lang.pick("aangemaakt", "created"),
            AuditAction::Change => lang.pick("gewijzigd", "changed"),
            AuditAction::Delete => lang.pick("verwijderd", "deleted"),
            AuditAction::Search => lang.pick("gezocht", "searched"),
            AuditAction::Export => lang.pick("gedeeld / geëxporteerd", "shared / exported"),
            AuditAction::SignIn => lang.pick("aangemeld", "signed in"),
            AuditAction::SignInFailed => lang.pick("aanmelden mislukt", "sign-in failed"),
            AuditAction::SignOut => lang.pick("afgemeld", "signed out"),
            AuditAction::Denied => lang.pick("geweigerd", "denied"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Read => "read",
            AuditAction::Create => "create",
            AuditAction::Change => "change",
            AuditAction::Delete => "delete",
            AuditAction::Search => "search",
            AuditAction::Export => "export",
            AuditAction::SignIn => "sign_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::SignOut => "sign_out",
            AuditAction::Denied => "denied",
        }
    }
}

/// An entry as a request produces it, before it gets its place in the chain.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AuditEvent {
    /// RFC 3339 UTC timestamp with microseconds, e.g. `2026-11-26T12:00:00.000000Z`.
    pub at: String,
    pub user_id: Option<i64>,
    pub username: String,
    pub role: String,
    pub organisation_id: Option<i64>,
    pub action: String,
    /// Kind of the data subject or object, e.g. `worker`, `user`, `case`.
    pub subject_kind: String,
    pub subject_id: Option<String>,
    pub route: String,
    pub method: String,
    pub client_addr: String,
    /// `ok`, `denied`, `failed`, `conflict`, …
    pub outcome: String,
    /// The authorisation basis: the role rule, consent, or a legal ground.
    pub basis: String,
}

/// An entry in the chain.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AuditEntry {
    pub seq: i64,
    #[serde(flatten)]
    pub event: AuditEvent,
    pub prev_hash: String,
    pub entry_hash: String,
}

fn field(h: &mut Sha256, value: &str) {
    h.update((value.len() as u64).to_be_bytes());
    h.update(value.as_bytes());
}

fn opt_i64(v: Option<i64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

/// The hash of an entry at `seq` that follows `prev_hash`. Every field is length-prefixed, so no two
/// different entries share an encoding.
pub fn entry_hash(seq: i64, event: &AuditEvent, prev_hash: &str) -> String {
    let mut h = Sha256::new();
    field(&mut h, prev_hash);
    field(&mut h, &seq.to_string());
    field(&mut h, &event.at);
    field(&mut h, &opt_i64(event.user_id));
    field(&mut h, &event.username);
    field(&mut h, &event.role);
    field(&mut h, &opt_i64(event.organisation_id));
    field(&mut h, &event.action);
    field(&mut h, &event.subject_kind);
    field(&mut h, event.subject_id.as_deref().unwrap_or(""));
    field(&mut h, &event.route);
    field(&mut h, &event.method);
    field(&mut h, &event.client_addr);
    field(&mut h, &event.outcome);
    field(&mut h, &event.basis);
    hex::encode(h.finalize())
}

/// Links a new event after `(last_seq, last_hash)`.
pub fn link(last_seq: i64, last_hash: &str, event: AuditEvent) -> AuditEntry {
    let seq = last_seq + 1;
    let entry_hash = entry_hash(seq, &event, last_hash);
    AuditEntry {
        seq,
        event,
        prev_hash: last_hash.to_string(),
        entry_hash,
    }
}

/// Why the chain is broken, naming the first bad entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// An entry is missing before this sequence number (a deletion).
    Gap { expected_seq: i64, found_seq: i64 },
    /// This entry does not link to the one before (the one before was changed or removed).
    BadLink { seq: i64 },
    /// This entry's own content was changed.
    BadHash { seq: i64 },
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChainBreak::Gap {
                expected_seq,
                found_seq,
            } => write!(
                f,
                "entry {expected_seq} is missing (next entry found is {found_seq})"
            ),
            ChainBreak::BadLink { seq } => {
                write!(f, "entry {seq} does not link to the entry before it")
            }
            ChainBreak::BadHash { seq } => {
                write!(f, "entry {seq} was changed after it was written")
            }
        }
    }
}

/// Checks entries in sequence order, continuing from `(prev_seq, prev_hash)`. Returns the new tail.
pub fn verify_chain<'a>(
    prev_seq: i64,
    prev_hash: &str,
    entries: impl IntoIterator<Item = &'a AuditEntry>,
) -> Result<(i64, String), ChainBreak> {
    let mut seq = prev_seq;
    let mut hash = prev_hash.to_string();
    for e in entries {
        if e.seq != seq + 1 {
            return Err(ChainBreak::Gap {
                expected_seq: seq + 1,
                found_seq: e.seq,
            });
        }
        if e.prev_hash != hash {
            return Err(ChainBreak::BadLink { seq: e.seq });
        }
        if entry_hash(e.seq, &e.event, &e.prev_hash) != e.entry_hash {
            return Err(ChainBreak::BadHash { seq: e.seq });
        }
        seq = e.seq;
        hash = e.entry_hash.clone();
    }
    Ok((seq, hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(n: usize) -> AuditEvent {
        AuditEvent {
            at: format!("2026-11-26T12:00:{n:02}.000000Z"),
            user_id: Some(7),
            username: "smw".into(),
            role: "social_worker".into(),
            organisation_id: Some(1),
            action: "read".into(),
            subject_kind: "worker".into(),
            subject_id: Some(n.to_string()),
            route: "/workers/{id}".into(),
            method: "GET".into(),
            client_addr: "127.0.0.1".into(),
            outcome: "ok".into(),
            basis: "role".into(),
        }
    }

    fn chain(n: usize) -> Vec<AuditEntry> {
        let mut out: Vec<AuditEntry> = Vec::new();
        for i in 0..n {
            let (seq, hash) = out
                .last()
                .map(|e| (e.seq, e.entry_hash.clone()))
                .unwrap_or((0, GENESIS_HASH.to_string()));
            out.push(link(seq, &hash, event(i)));
        }
        out
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        let (seq, _) = verify_chain(0, GENESIS_HASH, &c).unwrap();
        assert_eq!(seq, 5);
    }

    #[test]
    fn changed_field_is_named() {
        let mut c = chain(5);
        c[2].event.username = "someone-else".into();
        assert_eq!(
            verify_chain(0, GENESIS_HASH, &c),
            Err(ChainBreak::BadHash { seq: 3 })
        );
    }

    #[test]
    fn deleted_entry_is_named() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(
            verify_chain(0, GENESIS_HASH, &c),
            Err(ChainBreak::Gap {
                expected_seq: 2,
                found_seq: 3
            })
        );
    }

    #[test]
    fn rewritten_entry_with_fresh_hash_breaks_the_next_link() {
        let mut c = chain(4);
        c[1].event.outcome = "denied".into();
        c[1].entry_hash = entry_hash(c[1].seq, &c[1].event, &c[1].prev_hash);
        assert_eq!(
            verify_chain(0, GENESIS_HASH, &c),
            Err(ChainBreak::BadLink { seq: 3 })
        );
    }

    #[test]
    fn field_boundaries_matter() {
        let mut a = event(1);
        let mut b = event(1);
        a.username = "ab".into();
        a.role = "c".into();
        b.username = "a".into();
        b.role = "bc".into();
        assert_ne!(
            entry_hash(1, &a, GENESIS_HASH),
            entry_hash(1, &b, GENESIS_HASH)
        );
    }
}

/// The basis of an access-log entry for a reader: `consent`, `legal_ground:meldcode`, … in words; a basis this
/// version does not know shows as stored.
pub fn basis_label(basis: &str, lang: crate::lang::Lang) -> String {
    if basis == "consent" {
        return lang.pick("toestemming", "consent").to_string();
    }
    match basis.strip_prefix("legal_ground:") {
        Some(ground) => {
            let ground =
                crate::consent::LegalGround::parse(ground).map_or(ground, |g| g.label(lang));
            format!(
                "{}: {ground}",
                lang.pick("wettelijke grond", "legal ground")
            )
        }
        None => basis.to_string(),
    }
}

#[cfg(test)]
mod label_tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn a_basis_reads_in_words() {
        assert_eq!(basis_label("consent", Lang::Nl), "toestemming");
        assert_eq!(
            basis_label("legal_ground:meldcode", Lang::En),
            "legal ground: reporting code (Veilig Thuis)"
        );
        assert_eq!(
            basis_label("legal_ground:other", Lang::Nl),
            "wettelijke grond: other"
        );
        assert_eq!(basis_label("", Lang::Nl), "");
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
        }
    }
}
