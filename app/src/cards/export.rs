//! The bank's files (Art. 5(6)), as plain axum handlers (downloads and a multipart upload are not
//! server functions):
//! - `GET  /bank/batches/{id}/lines.csv` and `…/lines.json` — a batch, to the bank and HRSS;
//! - `GET  /bank/photos/{line}?until=…&sig=…` — the ID photo of an order line, by a link signed
//!   for 7 days (the bank's card system fetches it without a session);
//! - `POST /bank/results` (multipart: `file`, `all_or_nothing`) — a result file → its report.
use axum::body::Body;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};
use sqlx::PgPool;

use super::db;
use super::ImportReport;
use crate::apply::documents::Files;
use crate::auth::session::user_from_headers;
use crate::auth::CurrentUser;
use crate::context::Settings;
use crate::csv::{content_disposition, csv_response, csv_text};
use crate::domain::bank_file::{read, FileProblem, BATCH_COLUMNS, MAX_RESULT_FILE};
use crate::domain::Role;
use crate::error::AppError;
use crate::secrets::hmac_sha256;

/// How long a photo link in a downloaded batch works.
pub const PHOTO_LINK_SECONDS: i64 = 7 * 24 * 3600;

/// The most a result upload's body may carry: the file and the multipart framing. A bigger body
/// is cut off here (server/src/lib.rs) and the bank is told the file is too large.
pub const MAX_RESULTS_BODY: usize = MAX_RESULT_FILE + 1024 * 1024;

async fn bank_or_hrss(db: &PgPool, settings: &Settings, headers: &HeaderMap) -> Result<CurrentUser, AppError> {
    let user = user_from_headers(db, settings, headers).await?;
    if matches!(user.role, Role::Bank | Role::Hrss) { Ok(user) } else { Err(AppError::NotFound) }
}

fn photo_signature(secret: &[u8], line: i64, until: i64) -> String {
    hex::encode(hmac_sha256(secret, format!("yunju bank photo\n{line}\n{until}").as_bytes()))
}

/// The link to the photo of order line `line`, valid for `PHOTO_LINK_SECONDS` from `now`.
pub fn photo_url(settings: &Settings, line: i64, now: i64) -> String {
    let until = now + PHOTO_LINK_SECONDS;
    let origin = settings.public_origin.as_deref().unwrap_or("");
    format!("{origin}/bank/photos/{line}?until={until}&sig={}", photo_signature(settings.secret.as_slice(), line, until))
}

pub async fn batch_csv(State(db): State<PgPool>, State(settings): State<Settings>, Path(id): Path<i64>, headers: HeaderMap) -> Response {
    batch(db, settings, id, headers, false).await
}

pub async fn batch_json(State(db): State<PgPool>, State(settings): State<Settings>, Path(id): Path<i64>, headers: HeaderMap) -> Response {
    batch(db, settings, id, headers, true).await
}

async fn batch(db: PgPool, settings: Settings, id: i64, headers: HeaderMap, json: bool) -> Response {
    let result: Result<Response, AppError> = async {
        bank_or_hrss(&db, &settings, &headers).await?;
        let mut lines = db::batch_lines(&db, id).await?.ok_or(AppError::NotFound)?;
        let now = chrono::Utc::now().timestamp();
        for l in &mut lines {
            l.photo_url = l.has_photo.then(|| photo_url(&settings, l.order_line_id, now));
        }
        let name = format!("card-order-batch-{id}");
        if json {
            let body = serde_json::to_vec(&serde_json::json!({ "batch": id, "lines": lines })).map_err(|_| AppError::Internal)?;
            return Ok((
                [
                    (header::CONTENT_TYPE, "application/json".to_string()),
                    (header::CONTENT_DISPOSITION, content_disposition("attachment", &format!("{name}.json"), &format!("{name}.json"))),
                    (header::CACHE_CONTROL, "private, no-store".to_string()),
                ],
                body,
            )
                .into_response());
        }
        // The bank's system reads the column names; the answer columns are there to fill in.
        let mut header: Vec<&str> = BATCH_COLUMNS.to_vec();
        header.extend(crate::domain::bank_file::ANSWER_COLUMNS);
        let rows = lines.into_iter().map(|l| {
            vec![
                l.order_line_id.to_string(),
                l.reference,
                l.name,
                l.id_type,
                l.id_number,
                l.phone,
                l.employer,
                l.photo_url.unwrap_or_default(),
                String::new(),
                String::new(),
            ]
        });
        Ok(csv_response(&format!("{name}.csv"), &format!("{name}.csv"), csv_text(&header, rows)))
    }
    .await;
    result.unwrap_or_else(AppError::into_plain_response)
}

#[derive(serde::Deserialize)]
pub struct PhotoLink {
    until: i64,
    sig: String,
}

pub async fn photo(
    State(db): State<PgPool>,
    State(settings): State<Settings>,
    State(files): State<Files>,
    Path(line): Path<i64>,
    Query(link): Query<PhotoLink>,
) -> Response {
    let result: Result<Response, AppError> = async {
        let expected = photo_signature(settings.secret.as_slice(), line, link.until);
        let fresh = link.until >= chrono::Utc::now().timestamp() && link.until <= chrono::Utc::now().timestamp() + PHOTO_LINK_SECONDS;
        // A wrong, expired or altered link: the same "not found" as a line without a photo.
        if !fresh || !constant_time_eq(expected.as_bytes(), link.sig.as_bytes()) {
            return Err(AppError::NotFound);
        }
        let (key, content_type) = db::line_photo(&db, line).await?.ok_or(AppError::NotFound)?;
        let bytes = files.get(&key).await.map_err(|_| AppError::NotFound)?;
        Ok((
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
                (header::CONTENT_DISPOSITION, content_disposition("inline", &format!("photo-{line}"), &format!("photo-{line}"))),
            ],
            Body::from(bytes),
        )
            .into_response())
    }
    .await;
    result.unwrap_or_else(AppError::into_plain_response)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Decodes a result file: UTF-8 (with or without a byte-order mark), else GB18030 — what a
/// spreadsheet in China saves as "CSV". Digits and column names read the same either way.
pub fn decode(bytes: &[u8]) -> (String, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), false),
        Err(_) => (encoding_rs::GB18030.decode(bytes).0.into_owned(), true),
    }
}

pub async fn upload_results(State(db): State<PgPool>, State(settings): State<Settings>, headers: HeaderMap, multipart: Multipart) -> Response {
    let result: Result<String, AppError> = async {
        let user = user_from_headers(&db, &settings, &headers).await?;
        if user.role != Role::Bank {
            return Err(AppError::NotFound);
        }
        let (file_name, bytes, all_or_nothing) = read_results(multipart).await;
        let (file, report, sha) = match bytes {
            Err(problem) => (Err(problem), ImportReport { file_name, ..Default::default() }, String::new()),
            Ok(bytes) => {
                let sha = hex::encode(Sha256::digest(&bytes));
                let (text, gb18030) = decode(&bytes);
                (read(&text), ImportReport { file_name, read_as_gb18030: gb18030, ..Default::default() }, sha)
            }
        };
        let id = db::import(&db, &user, report, &sha, file, all_or_nothing).await?;
        Ok(format!("/bank/imports/{id}"))
    }
    .await;
    match result {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(e) => AppError::into_plain_response(e),
    }
}

/// The file's name and bytes (`TooLarge` when over `MAX_RESULT_FILE` or the body was cut off;
/// `MoreThanOneFile` for a second file), and whether the bank asked for all or nothing.
async fn read_results(mut multipart: Multipart) -> (String, Result<Vec<u8>, FileProblem>, bool) {
    let (mut name, mut bytes, mut all_or_nothing, mut files) = (String::new(), Ok(Vec::new()), false, 0);
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return (name, Err(FileProblem::TooLarge), all_or_nothing),
        };
        match field.name() {
            Some("all_or_nothing") => {
                all_or_nothing = matches!(field.text().await.as_deref().map(str::trim), Ok("on" | "true" | "1" | "yes"));
            }
            Some("file") => {
                files += 1;
                if files > 1 {
                    bytes = Err(FileProblem::MoreThanOneFile);
                }
                if files == 1 {
                    name = field.file_name().unwrap_or("").chars().filter(|c| !c.is_control()).take(255).collect();
                }
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            if let Ok(b) = bytes.as_mut() {
                                if b.len() + chunk.len() > MAX_RESULT_FILE {
                                    bytes = Err(FileProblem::TooLarge);
                                } else {
                                    b.extend_from_slice(&chunk);
                                }
                            }
                        }
                        Ok(None) => break,
                        Err(_) => return (name, Err(FileProblem::TooLarge), all_or_nothing),
                    }
                }
            }
            _ => {}
        }
    }
    (name, bytes, all_or_nothing)
}
