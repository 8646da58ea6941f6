//! Documents on a case file: upload (stored under the detected type) and download, both logged.

use super::case::{finish, for_change, open_case_recent};
use super::input::invalid;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::audit::AuditAction;
use schakel_domain::casework::{self as rules};
use schakel_domain::timeline::TimelineEvent;
use schakel_store::Newest;

/// Stores a document in the case file after checking its content and size.
pub async fn add_document(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    filename: &str,
    bytes: &[u8],
    description: &str,
) -> Result<i64, AppError> {
    for_change(state, ctx, id).await?;
    let filename: String = filename
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    if filename.trim().is_empty() {
        return Err(invalid("file", "Kies een bestand.", "Choose a file."));
    }
    let content_type = rules::document_type(&filename, bytes)
        .map_err(|m| invalid("file", &m, "This file type or size is not allowed."))?;
    let filename = rules::document_filename(&filename, content_type);
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(bytes))
    };
    let p = ctx.principal()?;
    let mut tx = state.store().begin().await?;
    let did = tx
        .insert_document(
            id,
            &filename,
            content_type,
            &sha,
            bytes,
            description.trim(),
            Some(p.user_id),
            state.now(),
        )
        .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        TimelineEvent::DocumentAdded {
            filename: filename.to_string(),
            kilobytes: bytes.len().div_ceil(1024) as u64,
        },
        "",
    )
    .await?;
    Ok(did)
}

/// A document for download; each download is logged as an export of case data.
pub async fn document(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    document_id: i64,
) -> Result<(schakel_store::DocumentMeta, Vec<u8>), AppError> {
    open_case_recent(state, ctx, id, Newest::both(0)).await?;
    let doc = state.store().document(id, document_id).await?;
    state
        .log(ctx.event(AuditAction::Export, "case", Some(id.to_string()), "ok"))
        .await?;
    Ok(doc)
}

/// A document as a download, under the extension of its detected type (also when stored before that rule).
pub async fn download(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    document_id: i64,
) -> Result<crate::contract::Download, AppError> {
    let (meta, bytes) = document(state, ctx, id, document_id).await?;
    Ok(crate::contract::Download {
        filename: rules::document_filename(&meta.filename, &meta.content_type),
        content_type: meta.content_type,
        bytes,
    })
}
