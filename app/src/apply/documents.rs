//! Uploads (Art. 5: every document is an upload). Files live outside the database, behind
//! `FileStore` (local disk by default); the database keeps kind, name, type, size and SHA-256.
//! A URL only ever carries a random 128-bit token, and every read checks who is asking.
//!
//! These are plain axum handlers (multipart bodies and file downloads are not server functions):
//! - `POST /applications/{id}/documents` (multipart: `kind`, `file`) → back to the section page;
//! - `POST /documents/{token}/remove` → back to the section page;
//! - `GET  /documents/{token}` → the file, to the filer and to reviewers who may see the case.
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::auth::session::user_from_headers;
use crate::domain::uploads::{check_upload, upload_problem_code, MAX_UPLOAD_BYTES};
use crate::domain::{DocKind, FileType, Problem, Status};
use crate::error::AppError;
use crate::secrets::random_hex;
use crate::workflow::db::load_scope;

type IoFuture<'a, T> = Pin<Box<dyn Future<Output = std::io::Result<T>> + Send + 'a>>;

/// The most an upload's body may carry: one file of `MAX_UPLOAD_BYTES` and the multipart framing.
/// A file a little over the limit (what a phone's photo often is) is still read to its end, so the
/// browser gets the page that says so rather than a broken connection.
pub const MAX_UPLOAD_BODY: usize = MAX_UPLOAD_BYTES + 2 * 1024 * 1024;

/// The store would not take a file (a full disk, the object store unreachable): the reader is
/// told it was not saved and to try again (503), and no row names the file.
fn store_failed(e: std::io::Error) -> AppError {
    use std::io::ErrorKind::*;
    tracing::error!(error = %e, "could not store a document");
    // A store set up wrongly (no permission, no such folder or bucket) will not get better by
    // trying again: that is an internal error for the operators.
    match e.kind() {
        PermissionDenied | NotFound | NotADirectory | InvalidInput => AppError::Internal,
        _ => AppError::Unavailable,
    }
}

/// Where uploaded files are kept. Keys are random hex strings made here, never user input.
pub trait FileStore: Send + Sync {
    fn put<'a>(&'a self, key: &'a str, bytes: Vec<u8>) -> IoFuture<'a, ()>;
    fn get<'a>(&'a self, key: &'a str) -> IoFuture<'a, Vec<u8>>;
    /// Whether the store takes and gives back a file now (the readiness probe, `/readyz`).
    fn check(&self) -> IoFuture<'_, ()>;
}

pub type Files = Arc<dyn FileStore>;

/// Files on the local disk, under `root/ab/abcdef…` (`storage.uploads_dir` in Leptos.toml).
pub struct LocalDisk {
    pub root: PathBuf,
}

impl LocalDisk {
    fn path(&self, key: &str) -> PathBuf {
        self.root.join(&key[..2]).join(key)
    }
}

impl FileStore for LocalDisk {
    fn put<'a>(&'a self, key: &'a str, bytes: Vec<u8>) -> IoFuture<'a, ()> {
        Box::pin(async move {
            let path = self.path(key);
            if let Some(dir) = path.parent() {
                tokio::fs::create_dir_all(dir).await?;
            }
            // Write aside, then rename: a reader never sees half a file, and a write cut short (a
            // full disk) leaves nothing behind.
            let tmp = path.with_extension("part");
            let written = match tokio::fs::write(&tmp, bytes).await {
                Ok(()) => tokio::fs::rename(&tmp, path).await,
                Err(e) => Err(e),
            };
            if written.is_err() {
                let _ = tokio::fs::remove_file(&tmp).await;
            }
            written
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> IoFuture<'a, Vec<u8>> {
        Box::pin(async move { tokio::fs::read(self.path(key)).await })
    }

    /// Writes, reads back and removes a small file at the root: one name per process, so that
    /// two instances sharing the folder do not trip over each other and a probe cut short leaves
    /// at most that one file, overwritten by the next.
    fn check(&self) -> IoFuture<'_, ()> {
        Box::pin(async move {
            let probe = self.root.join(format!(".ready-{}", std::process::id()));
            let written = tokio::fs::write(&probe, b"ready").await;
            let back = tokio::fs::read(&probe).await;
            let removed = tokio::fs::remove_file(&probe).await;
            written?;
            removed?;
            if back? != b"ready" {
                return Err(std::io::Error::other("the probe file came back changed"));
            }
            Ok(())
        })
    }
}

fn section_page(id: i64, kind: DocKind) -> String {
    format!("/applications/{id}/{}", kind.section().as_str())
}


pub(crate) struct Upload {
    pub kind: Option<DocKind>,
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub too_large: bool,
}

/// A file kept in the file store (an assessment's report, a termination's document, a request's
/// attachment).
pub(crate) struct StoredPdf {
    pub token: String,
    pub storage_key: String,
    pub file_name: String,
    pub byte_size: i32,
    pub sha256: String,
    pub file_type: FileType,
}

/// Checks that `upload` is a PDF (by its bytes) of at most 10 MB and stores it; a refusal names
/// `field`. The caller records the row.
pub(crate) async fn store_pdf(files: &Files, upload: Upload, field: crate::domain::Field, default_name: &str) -> Result<StoredPdf, AppError> {
    store_checked(files, upload, field, default_name, true).await
}

/// As `store_pdf`, for a PDF, JPEG or PNG (the application's rules) unless `pdf_only`.
pub(crate) async fn store_checked(files: &Files, upload: Upload, field: crate::domain::Field, default_name: &str, pdf_only: bool) -> Result<StoredPdf, AppError> {
    if upload.too_large {
        return Err(AppError::invalid(field, Problem::FileTooLarge));
    }
    let file_type = match check_upload(DocKind::Other, &upload.bytes) {
        Ok(FileType::Pdf) => FileType::Pdf,
        Ok(_) if pdf_only => return Err(AppError::invalid(field, Problem::PdfOnly)),
        Ok(t) => t,
        Err(Problem::FileType) if pdf_only => return Err(AppError::invalid(field, Problem::PdfOnly)),
        Err(p) => return Err(AppError::invalid(field, p)),
    };
    let sha256 = hex::encode(Sha256::digest(&upload.bytes));
    let (token, storage_key) = (random_hex(16), random_hex(16));
    let byte_size = i32::try_from(upload.bytes.len()).map_err(|_| AppError::Internal)?;
    files.put(&storage_key, upload.bytes).await.map_err(store_failed)?;
    let file_name = if upload.file_name.trim().is_empty() { default_name.to_string() } else { upload.file_name };
    Ok(StoredPdf { token, storage_key, file_name, byte_size, sha256, file_type })
}

/// Where a plain upload form sends the browser: back to `page` (at `anchor`, e.g. `#documents`),
/// with a refused file's reason as `upload_error` (`code` names it; never anything typed); a
/// caller who may not see the page gets "not found", whatever their role.
pub(crate) fn after_upload(result: Result<(), AppError>, page: &str, anchor: &str, code: fn(Problem) -> &'static str) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!("{page}{anchor}")).into_response(),
        Err(AppError::Invalid { errors, .. }) if !errors.is_empty() => {
            Redirect::to(&format!("{page}?upload_error={}{anchor}", code(errors[0].problem))).into_response()
        }
        Err(AppError::Forbidden) => AppError::NotFound.into_plain_response(),
        Err(e) => e.into_plain_response(),
    }
}

/// A stored PDF as the browser opens it (inline, its own name, never cached).
pub(crate) async fn pdf_response(files: &Files, key: &str, name: &str, fallback: &str) -> Result<Response, AppError> {
    file_response(files, key, name, FileType::Pdf, fallback).await
}

/// A stored file of `file_type` as the browser opens it (inline, its own name, never cached).
pub(crate) async fn file_response(files: &Files, key: &str, name: &str, file_type: FileType, fallback: &str) -> Result<Response, AppError> {
    let bytes = files.get(key).await.map_err(|e| {
        tracing::error!(error = %e, "a stored file is missing");
        AppError::Internal
    })?;
    let disposition = crate::csv::content_disposition("inline", name, fallback);
    Ok((
        [
            (header::CONTENT_TYPE, file_type.mime().to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        Body::from(bytes),
    )
        .into_response())
}

/// Reads the multipart body. A file a little over 10 MB is read to its end but not kept, so the
/// browser gets the "too large" page instead of a broken connection; the body itself is cut at
/// `MAX_UPLOAD_BODY` (server/src/lib.rs), so nobody makes the server read more.
pub(crate) async fn read_upload(mut multipart: Multipart) -> Result<Upload, AppError> {
    let mut up = Upload { kind: None, file_name: String::new(), bytes: Vec::new(), too_large: false };
    // A body cut off at the limit ends the reading: the file is too large (the kind, sent first, is known).
    let cut = |up: &mut Upload| {
        up.too_large = true;
        up.bytes.clear();
    };
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                cut(&mut up);
                break;
            }
        };
        match field.name() {
            Some("kind") => up.kind = field.text().await.ok().and_then(|k| DocKind::parse(k.trim())),
            Some("file") => {
                up.file_name = field.file_name().unwrap_or("").chars().filter(|c| !c.is_control()).take(255).collect();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            if up.bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                                cut(&mut up);
                            }
                            if !up.too_large {
                                up.bytes.extend_from_slice(&chunk);
                            }
                        }
                        Ok(None) => break,
                        Err(_) => {
                            cut(&mut up);
                            return Ok(up);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(up)
}

/// The filer, while the case is a draft or returned.
fn may_add_documents(scope: &crate::workflow::db::CaseScope, user: &crate::auth::CurrentUser) -> Result<(), AppError> {
    if !scope.is_filer(user) {
        return Err(AppError::NotFound);
    }
    if !matches!(scope.status()?, Status::Draft | Status::Returned(_)) {
        return Err(AppError::Conflict);
    }
    Ok(())
}

pub async fn upload(
    State(db): State<PgPool>, State(settings): State<crate::context::Settings>,
    State(files): State<Files>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    match upload_inner(&db, &settings, &files, id, &headers, multipart).await {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(e) => AppError::into_plain_response(e),
    }
}

async fn upload_inner(db: &PgPool, settings: &crate::context::Settings, files: &Files, id: i64, headers: &HeaderMap, multipart: Multipart) -> Result<String, AppError> {
    let user = user_from_headers(db, settings, headers).await?;
    // Who is uploading, and may they add to this case now? Asked before a byte of the body is
    // read (issue 10, item 8), and again under the row lock once it is.
    may_add_documents(&load_scope(&mut *db.acquire().await?, id).await?, &user)?;
    let up = read_upload(multipart).await;
    let mut tx = db.begin().await?;
    sqlx::query("SELECT 1 FROM applications WHERE id = $1 FOR UPDATE").bind(id).execute(&mut *tx).await?;
    may_add_documents(&load_scope(&mut tx, id).await?, &user)?;
    let up = match up {
        Ok(up) => up,
        Err(_) => return Ok(format!("/applications/{id}?upload_error=too_large")),
    };
    let kind = match up.kind {
        Some(kind) => kind,
        // Refused before its first field (its declared length was over the limit): the task list says so.
        None if up.too_large => return Ok(format!("/applications/{id}?upload_error=too_large")),
        None => return Err(AppError::NotFound),
    };
    let back = section_page(id, kind);
    let checked = if up.too_large { Err(Problem::FileTooLarge) } else { check_upload(kind, &up.bytes) };
    let file_type: FileType = match checked {
        Ok(t) => t,
        Err(p) => return Ok(format!("{back}?upload_error={}&kind={}", upload_problem_code(p), kind.as_str())),
    };
    let sha256 = hex::encode(Sha256::digest(&up.bytes));
    let (token, key) = (random_hex(16), random_hex(16));
    let size = up.bytes.len() as i32;
    files.put(&key, up.bytes).await.map_err(store_failed)?;
    let file_name = if up.file_name.trim().is_empty() { kind.as_str().to_string() } else { up.file_name };
    // One photo per application: a new one replaces the old.
    if kind == DocKind::Photo {
        sqlx::query("UPDATE documents SET removed_at = now() WHERE application_id = $1 AND kind = 'photo' AND removed_at IS NULL")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO documents (token, application_id, kind, file_name, content_type, byte_size, sha256, storage_key, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&token)
    .bind(id)
    .bind(kind.as_str())
    .bind(&file_name)
    .bind(file_type.mime())
    .bind(size)
    .bind(&sha256)
    .bind(&key)
    .bind(user.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE applications SET version = version + 1, updated_at = now() WHERE id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    tracing::info!(application.id = id, document.kind = kind.as_str(), bytes = size, "document uploaded");
    Ok(format!("{back}?uploaded={}", kind.as_str()))
}

#[derive(sqlx::FromRow)]
struct DocRow {
    application_id: i64,
    kind: String,
    content_type: String,
    storage_key: String,
    file_name: String,
}

/// Whether `token` can be one of ours (32 hex digits): anything else is not found, before any SQL.
pub(crate) fn is_token(token: &str) -> bool {
    token.len() == 32 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

async fn find(db: &PgPool, token: &str) -> Result<DocRow, AppError> {
    if !is_token(token) {
        return Err(AppError::NotFound);
    }
    sqlx::query_as(
        "SELECT application_id, kind, content_type, storage_key, file_name FROM documents WHERE token = $1 AND removed_at IS NULL",
    )
    .bind(token)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)
}

/// The file, shown in the browser (PDF viewer or image), to whoever may see the case.
pub async fn download(State(db): State<PgPool>, State(settings): State<crate::context::Settings>, State(files): State<Files>, Path(token): Path<String>, headers: HeaderMap) -> Response {
    let result: Result<Response, AppError> = async {
        let user = user_from_headers(&db, &settings, &headers).await?;
        let doc = find(&db, &token).await?;
        let scope = load_scope(&mut *db.acquire().await?, doc.application_id).await?;
        if !(scope.is_filer(&user) || scope.visible_to(&user)) {
            return Err(AppError::NotFound);
        }
        let bytes = files.get(&doc.storage_key).await.map_err(|e| {
            tracing::error!(error = %e, "a stored document is missing");
            AppError::Internal
        })?;
        // The uploader's own name (身份证正面.pdf); old clients get the kind and the extension.
        let extension = doc.file_name.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
        let disposition = crate::csv::content_disposition("inline", &doc.file_name, &format!("{}.{extension}", doc.kind));
        Ok((
            [
                (header::CONTENT_TYPE, doc.content_type),
                (header::CONTENT_DISPOSITION, disposition),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            ],
            Body::from(bytes),
        )
            .into_response())
    }
    .await;
    result.unwrap_or_else(AppError::into_plain_response)
}

/// Removes a document while the case can still change (kept in the table, marked removed).
pub async fn remove(State(db): State<PgPool>, State(settings): State<crate::context::Settings>, Path(token): Path<String>, headers: HeaderMap) -> Response {
    let result: Result<String, AppError> = async {
        let user = user_from_headers(&db, &settings, &headers).await?;
        let doc = find(&db, &token).await?;
        let mut tx = db.begin().await?;
        sqlx::query("SELECT 1 FROM applications WHERE id = $1 FOR UPDATE").bind(doc.application_id).execute(&mut *tx).await?;
        let scope = load_scope(&mut tx, doc.application_id).await?;
        if !scope.is_filer(&user) {
            return Err(AppError::NotFound);
        }
        if !matches!(scope.status()?, Status::Draft | Status::Returned(_)) {
            return Err(AppError::Conflict);
        }
        sqlx::query("UPDATE documents SET removed_at = now() WHERE token = $1").bind(&token).execute(&mut *tx).await?;
        sqlx::query("UPDATE applications SET version = version + 1, updated_at = now() WHERE id = $1")
            .bind(doc.application_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        let kind = DocKind::parse(&doc.kind).unwrap_or(DocKind::Other);
        Ok(section_page(doc.application_id, kind))
    }
    .await;
    match result {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(e) => AppError::into_plain_response(e),
    }
}
