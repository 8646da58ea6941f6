//! Function benchmarks for the pure domain: the access-log hash chain, school validation, the
//! search fold and small-number suppression. Run with `cargo bench -p schakel-domain --bench domain`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use divan::{Bencher, black_box};
use schakel_domain::audit::{AuditEntry, AuditEvent, GENESIS_HASH, entry_hash, link, verify_chain};
use schakel_domain::figures::{CountTable, protect};
use schakel_domain::org::SchoolInput;
use schakel_domain::text::fold;

fn main() {
    divan::main();
}

// Sub-microsecond benches run many iterations per sample so timer overhead and VM jitter average out.
// Results are dropped inside the timed closure (divan would otherwise keep a sample's outputs alive
// until the sample ends), so the figures include freeing, as in real use.
const SMALL_SAMPLES: u32 = 200;
const SMALL_SIZE: u32 = 500;

/// A realistic access-log event: a social worker reading a worker record.
fn event(n: usize) -> AuditEvent {
    AuditEvent {
        at: format!(
            "2026-11-26T12:{:02}:{:02}.{:06}Z",
            (n / 60) % 60,
            n % 60,
            n % 1_000_000
        ),
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
    let mut out: Vec<AuditEntry> = Vec::with_capacity(n);
    let mut seq = 0;
    let mut hash = GENESIS_HASH.to_string();
    for i in 0..n {
        let e = link(seq, &hash, event(i));
        seq = e.seq;
        hash = e.entry_hash.clone();
        out.push(e);
    }
    out
}

/// Linking one new entry onto the chain (what every logged request pays, before the database write).
#[divan::bench(sample_count = SMALL_SAMPLES, sample_size = SMALL_SIZE)]
fn audit_link_one(bencher: Bencher) {
    let prev = entry_hash(41, &event(41), GENESIS_HASH);
    bencher.with_inputs(|| event(42)).bench_values(|ev| {
        black_box(link(black_box(41), black_box(&prev), ev));
    });
}

/// Hashing one entry alone (no clone of the event).
#[divan::bench(sample_count = SMALL_SAMPLES, sample_size = SMALL_SIZE)]
fn audit_entry_hash_one(bencher: Bencher) {
    let ev = event(42);
    bencher.bench(|| {
        black_box(entry_hash(
            black_box(42),
            black_box(&ev),
            black_box(GENESIS_HASH),
        ));
    });
}

/// `schakel audit verify` over 10,000 entries (in memory; no database).
#[divan::bench(sample_count = 30)]
fn audit_verify_chain_10k(bencher: Bencher) {
    let entries = chain(10_000);
    bencher.bench(|| {
        let tail = verify_chain(0, GENESIS_HASH, black_box(&entries));
        assert!(tail.is_ok());
        tail
    });
}

/// Validating a complete, valid school location as it arrives from a form or CSV row.
#[divan::bench(sample_count = SMALL_SAMPLES, sample_size = SMALL_SIZE)]
fn school_input_validate(bencher: Bencher) {
    let input = SchoolInput {
        code: "16sw03".into(),
        name: "Basisschool De Regenboog".into(),
        school_type: "po".into(),
        municipality_code: "GM0439".into(),
        street_address: "Wagenweg 12".into(),
        postcode: "1442 cb".into(),
        city: "Purmerend".into(),
        latitude: "52,5012".into(),
        longitude: "4,9500".into(),
        holiday_region: "Noord".into(),
    };
    bencher.bench(|| {
        let v = black_box(&input).validate();
        assert!(v.is_ok());
        let _ = black_box(v);
    });
}

/// Folding a Turkish-Dutch name to a search key.
#[divan::bench(sample_count = SMALL_SAMPLES, sample_size = SMALL_SIZE)]
fn text_fold_name(bencher: Bencher) {
    bencher.bench(|| {
        black_box(fold(black_box("Şükrü Çelik-Ağaoğlu van Öztürk")));
    });
}

/// A table of 40 schools × 12 categories with counts from a fixed pseudo-random sequence: a fifth zeros,
/// `small_share` of the rest under 5, the others 5 to 60 (no clock, no seed from outside: the same table on
/// every run).
fn schools_table(small_share: u64) -> CountTable {
    let rows: Vec<String> = (0..40).map(|r| format!("School {r}")).collect();
    let columns: Vec<String> = (0..12).map(|c| format!("Category {c}")).collect();
    let mut t = CountTable::new("Referrals", "School", rows, columns);
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for row in &mut t.cells {
        for n in row.iter_mut() {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let draw = state >> 33;
            *n = match draw % 100 {
                0..20 => 0,
                d if d < 20 + small_share * 80 / 100 => 1 + draw / 100 % 4,
                _ => 5 + draw / 100 % 56,
            };
        }
    }
    t
}

/// Suppressing a funder's table of 40 schools × 12 categories where a quarter of the non-zero counts are small.
#[divan::bench(sample_count = 30)]
fn figures_protect_40x12(bencher: Bencher) {
    let t = schools_table(25);
    bencher.bench(|| black_box(protect(black_box(&t), 5)));
}

/// The same size with most non-zero counts small (a small municipality): the audit's hardest case.
#[divan::bench(sample_count = 30)]
fn figures_protect_40x12_mostly_small(bencher: Bencher) {
    let t = schools_table(75);
    bencher.bench(|| black_box(protect(black_box(&t), 5)));
}
