//! The access-log writer: one task appends entries in small batches (group commit), each request
//! waits until its entry is durable. If the log cannot be written, the request fails: no personal
//! data is shown without a trace. A change stages its entry in its own transaction and then asks the
//! writer to move the staged entries into the chain (ADR 008).

use schakel_domain::audit::AuditEvent;
use schakel_store::Store;
use tokio::sync::{mpsc, oneshot};

enum Entry {
    /// An entry to append as it is (a read, a sign-in, a refusal).
    Event(Box<AuditEvent>),
    /// Entries of one request to append together, in order (a list view: one entry per case shown).
    Events(Vec<AuditEvent>),
    /// A committed change staged its entry: append the staged entries.
    Staged,
}

type Job = (Entry, oneshot::Sender<bool>);

#[derive(Clone)]
pub struct AuditLog {
    tx: mpsc::Sender<Job>,
}

const MAX_BATCH: usize = 256;

impl AuditLog {
    pub fn start(store: Store) -> AuditLog {
        let (tx, mut rx) = mpsc::channel::<Job>(4096);
        tokio::spawn(async move {
            let mut batch: Vec<Job> = Vec::with_capacity(MAX_BATCH);
            // Entries staged before this start, or left by a failed append, go in with the next batch.
            let mut staged_left = true;
            while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
                let mut events = Vec::with_capacity(batch.len());
                let mut with_staged = staged_left;
                let mut waiters = Vec::with_capacity(batch.len());
                for (entry, waiter) in batch.drain(..) {
                    match entry {
                        Entry::Event(event) => events.push(*event),
                        Entry::Events(list) => events.extend(list),
                        Entry::Staged => with_staged = true,
                    }
                    waiters.push(waiter);
                }
                let ok = append(&store, events, with_staged).await;
                staged_left = !ok;
                for w in waiters {
                    let _ = w.send(ok);
                }
            }
        });
        AuditLog { tx }
    }

    /// Writes one entry; true once it is committed.
    pub async fn record(&self, event: AuditEvent) -> bool {
        self.send(Entry::Event(Box::new(event))).await
    }

    /// Writes the entries of one request; true once they are all committed (in one transaction with the rest
    /// of the batch: a list of 500 cases is ~32 statements of 16 rows, not 500).
    pub async fn record_all(&self, events: Vec<AuditEvent>) -> bool {
        self.send(Entry::Events(events)).await
    }

    /// Appends the entries changes have staged (see `AppState::commit_logged`); true once they are in the chain.
    pub async fn append_staged(&self) -> bool {
        self.send(Entry::Staged).await
    }

    async fn send(&self, entry: Entry) -> bool {
        let (done, wait) = oneshot::channel();
        if self.tx.send((entry, done)).await.is_err() {
            return false;
        }
        wait.await.unwrap_or(false)
    }
}

async fn append(store: &Store, events: Vec<AuditEvent>, with_staged: bool) -> bool {
    match store.append_to_access_log(events, with_staged).await {
        Ok(()) => true,
        Err(e) => {
            tracing::error!("access log write failed: {e}");
            false
        }
    }
}
