//! The access-log writer: one task appends entries in small batches (group commit), each request
//! waits until its entry is durable. If the log cannot be written, the request fails: no personal
//! data is shown without a trace.

use schakel_domain::audit::AuditEvent;
use schakel_store::Store;
use tokio::sync::{mpsc, oneshot};

type Job = (AuditEvent, oneshot::Sender<bool>);

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
            while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
                let (events, waiters): (Vec<_>, Vec<_>) = batch.drain(..).unzip();
                let ok = append(&store, events).await;
                for w in waiters {
                    let _ = w.send(ok);
                }
            }
        });
        AuditLog { tx }
    }

    /// Writes one entry; true once it is committed.
    pub async fn record(&self, event: AuditEvent) -> bool {
        let (done, wait) = oneshot::channel();
        if self.tx.send((event, done)).await.is_err() {
            return false;
        }
        wait.await.unwrap_or(false)
    }
}

async fn append(store: &Store, events: Vec<AuditEvent>) -> bool {
    let result = async {
        let mut tx = store.begin().await?;
        tx.append_audit(events).await?;
        tx.commit().await
    }
    .await;
    match result {
        Ok(()) => true,
        Err(e) => {
            tracing::error!("access log write failed: {e}");
            false
        }
    }
}
