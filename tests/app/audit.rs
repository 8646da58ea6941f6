//! The access log: reads are logged, tampering is detected, and the chain stays whole across files and batches.

use crate::on_both_backends;
use crate::support::{Backend, fresh_store, sign_in, spawn_app};
use schakel_store::{AuditFilter, AuditVerification};

/// Reads of personal data are logged; tampering with the log is detected, by the store and by the CLI.
async fn access_log_detects_tampering(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let client = app.client();
    sign_in(&app, &client, "beheer", "schakel-demo").await;
    for id in 1..=3 {
        assert_eq!(
            client
                .get(app.url(&format!("/workers/{id}")))
                .send()
                .await
                .expect("req")
                .status(),
            200
        );
    }
    let reads = app
        .store
        .search_audit(&AuditFilter {
            subject_kind: Some("worker".into()),
            subject_id: Some("2".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("audit");
    assert!(reads.iter().any(|e| e.event.action == "read"
        && e.event.username == "beheer"
        && e.event.outcome == "ok"));
    let AuditVerification::Intact { entries } = app.store.verify_audit().await.expect("verify")
    else {
        panic!("chain should be intact")
    };
    assert!(entries >= 4);
    let cli = |url: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_schakel"))
            .args(["audit", "verify", "--database-url", url])
            .output()
            .expect("run schakel audit verify")
    };
    assert!(cli(&app.database_url).status.success());
    app.store
        .execute_admin("UPDATE access_log SET username = 'someone-else' WHERE seq = 3")
        .await
        .expect("tamper");
    assert_eq!(
        app.store.verify_audit().await.expect("verify"),
        AuditVerification::Broken(schakel_domain::audit::ChainBreak::BadHash { seq: 3 })
    );
    let out = cli(&app.database_url);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("entry 3"),
        "the CLI names the first bad entry"
    );
    app.store
        .execute_admin("DELETE FROM access_log WHERE seq = 3")
        .await
        .expect("tamper");
    assert_eq!(
        app.store.verify_audit().await.expect("verify"),
        AuditVerification::Broken(schakel_domain::audit::ChainBreak::Gap {
            expected_seq: 3,
            found_seq: 4
        })
    );
    app.shutdown().await;
}
on_both_backends!(access_log_detects_tampering);

/// SQLite keeps the access log in a file of its own. Entries in the data file (an installation from before the
/// move, or a move cut short) move there unchanged at start-up; a log file that does not match stops the start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_access_log_moves_to_its_own_file_unchanged() {
    let Some((store, _, cleanup)) = fresh_store(Backend::Sqlite).await else {
        return;
    };
    let event = |n: i64| schakel_domain::audit::AuditEvent {
        at: format!("2026-11-26T12:00:0{n}.000000Z"),
        user_id: None,
        username: "beheer".into(),
        role: "functional_admin".into(),
        organisation_id: None,
        action: "read".into(),
        subject_kind: "worker".into(),
        subject_id: Some(n.to_string()),
        route: "/workers/{id}".into(),
        method: "GET".into(),
        client_addr: "127.0.0.1".into(),
        outcome: "ok".into(),
        basis: "role".into(),
    };
    let mut tx = store.begin().await.expect("tx");
    tx.append_audit((1..=3).map(event).collect())
        .await
        .expect("append");
    tx.commit().await.expect("commit");
    // As before the move: the entries in the data file, none in the log file.
    store
        .execute_admin("CREATE TABLE main.access_log AS SELECT * FROM log.access_log")
        .await
        .expect("old table");
    store
        .execute_admin("DELETE FROM log.access_log")
        .await
        .expect("empty log file");
    store.migrate().await.expect("start-up moves the log");
    assert_eq!(
        store.verify_audit().await.expect("verify"),
        AuditVerification::Intact { entries: 3 },
        "all entries arrived with their hashes"
    );
    let outline = store.schema_outline().await.expect("outline");
    assert_eq!(
        outline
            .iter()
            .filter(|l| l.as_str() == "column access_log.seq")
            .count(),
        1,
        "one access_log table, in the log file"
    );
    // A data file whose entries differ from the log file's: the start stops and says why; nothing is dropped.
    store
        .execute_admin("CREATE TABLE main.access_log AS SELECT * FROM log.access_log")
        .await
        .expect("old table");
    store
        .execute_admin("UPDATE main.access_log SET entry_hash = 'forged' WHERE seq = 2")
        .await
        .expect("forge");
    let err = store
        .migrate()
        .await
        .expect_err("a mismatch stops the start");
    assert!(err.to_string().contains("does not belong"), "{err}");
    store.close().await;
    cleanup.remove().await;
}

/// A batch larger than one INSERT holds (the writer group-commits up to 256 entries) keeps the chain whole.
async fn large_access_log_batches_keep_the_chain(backend: Backend) {
    let Some((store, _, cleanup)) = fresh_store(backend).await else {
        return;
    };
    let event = |n: usize| schakel_domain::audit::AuditEvent {
        at: format!("2026-11-26T12:00:00.{n:06}Z"),
        user_id: None,
        username: "smw".into(),
        role: "social_worker".into(),
        organisation_id: Some(1),
        action: "read".into(),
        subject_kind: "case".into(),
        subject_id: Some(n.to_string()),
        route: "/cases/{id}".into(),
        method: "GET".into(),
        client_addr: "127.0.0.1".into(),
        outcome: "ok".into(),
        basis: "social_worker; assigned".into(),
    };
    for batch in [
        (0..37).collect::<Vec<_>>(),
        (37..38).collect(),
        (38..70).collect(),
    ] {
        let mut tx = store.begin().await.expect("tx");
        let written = tx
            .append_audit(batch.iter().map(|n| event(*n)).collect())
            .await
            .expect("append");
        tx.commit().await.expect("commit");
        assert_eq!(written.len(), batch.len());
    }
    assert_eq!(
        store.verify_audit().await.expect("verify"),
        AuditVerification::Intact { entries: 70 }
    );
    let newest = store
        .search_audit(&AuditFilter {
            subject_kind: Some("case".into()),
            subject_id: Some("69".into()),
            limit: 1,
            ..Default::default()
        })
        .await
        .expect("search");
    assert_eq!(newest.len(), 1);
    assert_eq!(newest[0].seq, 70, "entries keep their order");
    store.close().await;
    cleanup.remove().await;
}
on_both_backends!(large_access_log_batches_keep_the_chain);
