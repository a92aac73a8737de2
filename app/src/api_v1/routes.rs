//! The handlers of `/api/v1/` (server only). Each: who is the key (`authorize`), then the same
//! function the pages use (`cards::db`, `verify::db`), then JSON. Every response of every route is
//! described in the OpenAPI document (`openapi`), which the contract test checks them against.
use axum::extract::rejection::QueryRejection;
use axum::extract::{Extension, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, PgPool};
use utoipa::{IntoParams, ToSchema};

use crate::auth::CurrentUser;
use crate::cards::ImportReport;
use crate::context::{CheckPool, ClientAddress, Settings};
use crate::domain::bank_file::{ReadFile, ResultLine};
use crate::error::AppError;
use crate::secrets::hmac_sha256;

/// What went wrong, for a machine (`error`) and a person (`message`).
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ApiError {
    /// `unauthorized`, `forbidden`, `not_found`, `bad_request`, `conflict`, `rate_limited`, `internal`.
    pub error: String,
    pub message: String,
}

fn fail(status: StatusCode, error: &str, message: &str) -> Response {
    let mut response = (status, Json(ApiError { error: error.into(), message: message.into() })).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
    }
    response
}

fn from_app(e: AppError) -> Response {
    match e {
        AppError::NotFound => fail(StatusCode::NOT_FOUND, "not_found", "No such resource."),
        AppError::Forbidden => fail(StatusCode::FORBIDDEN, "forbidden", "This key may not do this."),
        AppError::RateLimited => fail(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "Too many requests; wait a minute."),
        AppError::Conflict | AppError::Domain(_) => fail(StatusCode::CONFLICT, "conflict", "Something changed meanwhile; send it again."),
        AppError::Unauthenticated => fail(StatusCode::UNAUTHORIZED, "unauthorized", "Send an API key."),
        AppError::Invalid { .. } => fail(StatusCode::BAD_REQUEST, "bad_request", "A value was refused."),
        // The database restarting or failing over: a client system may send it again.
        AppError::Unavailable => {
            let mut response = fail(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "The service is briefly unavailable; send it again in a few seconds.");
            response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
            response
        }
        _ => fail(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Something went wrong on our side."),
    }
}

/// The account a request's key acts as, if the key is live and holds `scope`. Wrong keys are
/// counted per client address, like wrong passwords (`limits`): only wrong ones, so a guesser
/// never locks out the bank's or a provider's live key behind the same address.
async fn authorize(db: &PgPool, headers: &HeaderMap, address: &str, scope: &str) -> Result<CurrentUser, Response> {
    let key = key_of(headers)?;
    authorize_on(&mut *db.acquire().await.map_err(|e| from_app(e.into()))?, key, address, scope).await
}

/// The key a request presents (no connection is taken for a request without one).
fn key_of(headers: &HeaderMap) -> Result<&str, Response> {
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, key)| key.trim())
        .filter(|k| !k.is_empty());
    key.ok_or_else(|| fail(StatusCode::UNAUTHORIZED, "unauthorized", "Send an API key: Authorization: Bearer yjk_…"))
}

/// `authorize` on `conn`, the connection the caller goes on with (`verify`: one connection for
/// the key and the check).
async fn authorize_on(conn: &mut PgConnection, key: &str, address: &str, scope: &str) -> Result<CurrentUser, Response> {
    let Some((_, user, scopes)) = super::db::caller(&mut *conn, key).await.map_err(from_app)? else {
        crate::limits::hit_each(conn, &[(crate::limits::API_KEY_PER_ADDRESS, address)]).await.map_err(from_app)?;
        return Err(fail(StatusCode::UNAUTHORIZED, "unauthorized", "This API key is unknown or revoked."));
    };
    if !scopes.iter().any(|s| s == scope) {
        return Err(fail(StatusCode::FORBIDDEN, "forbidden", "This key does not hold the scope this needs."));
    }
    Ok(user)
}

fn json<T: Serialize>(value: T) -> Response {
    Json(value).into_response()
}

/// The request's JSON body, read only now — after the key was checked — and at most `limit` bytes
/// (`verify` reads its small body before, to check the key on the connection of its check).
async fn body_of<T: serde::de::DeserializeOwned>(request: Request, limit: usize) -> Result<T, Response> {
    json_of(&bytes_of(request.into_body(), limit).await?)
}

/// The request's body, at most `limit` bytes. A body that breaks off (the client left, or a
/// proxy cut it) is a 400 and is logged as one, not as too large.
async fn bytes_of(body: axum::body::Body, limit: usize) -> Result<axum::body::Bytes, Response> {
    use futures_util::StreamExt;
    let mut pieces = body.into_data_stream();
    let mut bytes = Vec::new();
    while let Some(piece) = pieces.next().await {
        let piece = piece.map_err(|_| fail(StatusCode::BAD_REQUEST, "incomplete_body", "The body did not arrive whole; send it again."))?;
        if bytes.len() + piece.len() > limit {
            return Err(fail(StatusCode::PAYLOAD_TOO_LARGE, "too_large", &format!("The body may be at most {limit} bytes.")));
        }
        bytes.extend_from_slice(&piece);
    }
    Ok(bytes.into())
}

fn json_of<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Response> {
    // Where it failed, not what it read there: the body may carry personal data.
    serde_json::from_slice(bytes)
        .map_err(|e| fail(StatusCode::BAD_REQUEST, "bad_request", &format!("Not the expected JSON (line {}, column {}).", e.line(), e.column())))
}

/// An order batch.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ApiBatch {
    pub id: i64,
    /// China time, `YYYY-MM-DD HH:MM`.
    pub sent_at: String,
    pub lines: i64,
    pub made: i64,
    pub refused: i64,
    /// Lines not answered yet.
    pub open: i64,
}

/// The bank's order batches, newest first (the last 100).
#[utoipa::path(get, path = "/api/v1/bank/batches", tag = "bank", security(("api_key" = ["bank_orders"])),
    responses(
        (status = 200, description = "The batches", body = [ApiBatch]),
        (status = 401, description = "No key, or an unknown or revoked one", body = ApiError),
        (status = 403, description = "The key lacks the scope", body = ApiError),
        (status = 429, description = "Too many wrong keys from this address", body = ApiError),
    ))]
pub async fn bank_batches(State(db): State<PgPool>, Extension(address): Extension<ClientAddress>, headers: HeaderMap) -> Response {
    if let Err(r) = authorize(&db, &headers, &address.0, "bank_orders").await {
        return r;
    }
    match crate::cards::db::batches(&db).await {
        Ok(list) => json(
            list.into_iter()
                .map(|b| ApiBatch { id: b.id, sent_at: b.sent_at, lines: b.lines, made: b.made, refused: b.refused, open: b.open })
                .collect::<Vec<_>>(),
        ),
        Err(e) => from_app(e),
    }
}

/// A line of an order batch: what the bank needs to make the card.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ApiOrderLine {
    pub order_line_id: i64,
    pub reference: String,
    pub name: String,
    /// `resident_id`, `passport`, …
    pub id_type: String,
    pub id_number: String,
    pub phone: String,
    pub employer: String,
    /// The ID photo, by a link that works without a key for 7 days.
    pub photo_url: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ApiBatchLines {
    pub batch: i64,
    pub lines: Vec<ApiOrderLine>,
}

/// One batch with its lines (the same as the page's download).
#[utoipa::path(get, path = "/api/v1/bank/batches/{id}", tag = "bank", security(("api_key" = ["bank_orders"])),
    params(("id" = i64, Path, description = "The batch")),
    responses(
        (status = 200, description = "The batch's lines", body = ApiBatchLines),
        (status = 401, description = "No key, or an unknown or revoked one", body = ApiError),
        (status = 403, description = "The key lacks the scope", body = ApiError),
        (status = 404, description = "No such batch", body = ApiError),
        (status = 429, description = "Too many wrong keys from this address", body = ApiError),
    ))]
pub async fn bank_batch(
    State(db): State<PgPool>,
    State(settings): State<Settings>,
    Extension(address): Extension<ClientAddress>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authorize(&db, &headers, &address.0, "bank_orders").await {
        return r;
    }
    let Ok(id) = id.parse::<i64>() else { return from_app(AppError::NotFound) };
    let lines = match crate::cards::db::batch_lines(&db, id).await {
        Ok(Some(lines)) => lines,
        Ok(None) => return from_app(AppError::NotFound),
        Err(e) => return from_app(e),
    };
    let now = chrono::Utc::now().timestamp();
    json(ApiBatchLines {
        batch: id,
        lines: lines
            .into_iter()
            .map(|l| ApiOrderLine {
                photo_url: l.has_photo.then(|| crate::cards::export::photo_url(&settings, l.order_line_id, now)),
                order_line_id: l.order_line_id,
                reference: l.reference,
                name: l.name,
                id_type: l.id_type,
                id_number: l.id_number,
                phone: l.phone,
                employer: l.employer,
            })
            .collect(),
    })
}

/// The bank's answer to one order line: a card number, or why it cannot make the card.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ApiResultLine {
    pub order_line_id: i64,
    /// The ID number of the order line, as a check.
    pub id_number: String,
    pub card_number: Option<String>,
    pub refusal_reason: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ApiResults {
    pub lines: Vec<ApiResultLine>,
    /// If any line is wrong, apply none.
    #[serde(default)]
    pub all_or_nothing: bool,
}

/// A line that was not applied, and why.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ApiLineError {
    /// Its place in the request's `lines`, from 0.
    pub index: usize,
    pub order_line_id: String,
    /// `unknown_line`, `id_mismatch`, `card_taken`, `card_number_check_digit`, `already_answered`, …
    pub problem: String,
}

/// What the results did: the same checks and report as a result file uploaded on the page.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ApiReport {
    pub import_id: i64,
    /// Order lines recorded as made.
    pub made: Vec<i64>,
    /// Order lines recorded as refused.
    pub refused: Vec<i64>,
    /// Order lines answered before exactly so (sending the same results twice changes nothing).
    pub unchanged: Vec<i64>,
    pub errors: Vec<ApiLineError>,
    /// `all_or_nothing` was asked and a line was wrong: nothing was applied.
    pub all_or_nothing_refused: bool,
    /// Order lines of any batch still unanswered.
    pub outstanding: i64,
}

/// Records the bank's answers: per line a card number or a refusal.
#[utoipa::path(post, path = "/api/v1/bank/results", tag = "bank", security(("api_key" = ["bank_orders"])),
    request_body = ApiResults,
    responses(
        (status = 200, description = "What was applied, what not and why", body = ApiReport),
        (status = 400, description = "Not JSON of this shape, too many lines, or a body that broke off (`incomplete_body`)", body = ApiError),
        (status = 401, description = "No key, or an unknown or revoked one", body = ApiError),
        (status = 403, description = "The key lacks the scope", body = ApiError),
        (status = 409, description = "A card number was taken meanwhile; nothing applied", body = ApiError),
        (status = 413, description = "The body is over 11 MB", body = ApiError),
        (status = 429, description = "Too many wrong keys from this address", body = ApiError),
    ))]
pub async fn bank_results(State(db): State<PgPool>, Extension(address): Extension<ClientAddress>, request: Request) -> Response {
    let user = match authorize(&db, request.headers(), &address.0, "bank_orders").await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let request: ApiResults = match body_of(request, crate::cards::export::MAX_RESULTS_BODY).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    if request.lines.len() > 100_000 {
        return fail(StatusCode::BAD_REQUEST, "bad_request", "At most 100,000 lines at once.");
    }
    let lines = request
        .lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| ResultLine {
            row: i + 1,
            order_line_id: l.order_line_id.to_string(),
            id_number: l.id_number,
            card_number: l.card_number.unwrap_or_default(),
            refusal_reason: l.refusal_reason.unwrap_or_default(),
        })
        .collect();
    let report = ImportReport { file_name: "API".into(), ..Default::default() };
    let file = Ok(ReadFile { lines, unknown_columns: vec![] });
    let result = async {
        let id = crate::cards::db::import(&db, &user, report, "", file, request.all_or_nothing).await?;
        crate::cards::db::import_view(&db, id, crate::context::today()).await
    }
    .await;
    match result {
        Ok(view) => {
            let ids = |lines: Vec<crate::cards::ReportLine>| lines.into_iter().map(|l| l.line_id).collect();
            let r = view.report;
            json(ApiReport {
                import_id: view.id,
                made: ids(r.made),
                refused: ids(r.refused),
                unchanged: ids(r.unchanged),
                errors: r
                    .errors
                    .into_iter()
                    .map(|e| ApiLineError { index: e.row - 1, order_line_id: e.line_id, problem: e.problem.code().into() })
                    .collect(),
                all_or_nothing_refused: r.all_or_nothing_refused,
                outstanding: view.outstanding_total,
            })
        }
        Err(e) => from_app(e),
    }
}

/// What the holder presented: an e-card's code (the QR code's text, `YJK1:…`, or the short code
/// under it), or the card number with the holder's ID number.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ApiVerifyRequest {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub card_number: Option<String>,
    #[serde(default)]
    pub id_number: Option<String>,
}

/// The same minimal answer as the counter's page: nothing tells an unknown card from a wrong ID
/// number or a card no longer in force.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ApiVerdict {
    pub valid: bool,
    /// The holder's name with the middle masked (张*明).
    pub masked_name: Option<String>,
    pub valid_until: Option<String>,
    /// The services of this provider's types the holder may use (Art. 4).
    pub services: Vec<String>,
    /// This card's reference for this organisation, the same as in the status feed (another
    /// organisation sees another reference for the same card).
    pub card_ref: Option<String>,
}

/// Checks a card: the e-card's code (QR text or short code, good for 2 minutes), or card number
/// and the holder's ID number.
#[utoipa::path(post, path = "/api/v1/verify", tag = "providers", security(("api_key" = ["verify"])),
    request_body = ApiVerifyRequest,
    responses(
        (status = 200, description = "The verdict", body = ApiVerdict),
        (status = 400, description = "Not JSON of this shape, or a body that broke off (`incomplete_body`)", body = ApiError),
        (status = 401, description = "No key, or an unknown or revoked one", body = ApiError),
        (status = 403, description = "The key lacks the scope, or its account has no organisation", body = ApiError),
        (status = 413, description = "The body is over 4 KB", body = ApiError),
        (status = 422, description = "The code is not one this system issued (`code_not_ours`), or has expired (`code_expired`): ask for a new one", body = ApiError),
        (status = 429, description = "Too many checks from this account or address", body = ApiError),
    ))]
pub async fn verify(
    State(CheckPool(db)): State<CheckPool>,
    State(settings): State<Settings>,
    Extension(address): Extension<ClientAddress>,
    request: Request,
) -> Response {
    // The key, the check and its verdict on one connection of the checks' pool (each taking costs a
    // round trip more: `server::pool_options`). So the body, at most 4 KB, is read before the key
    // is checked (a slow one must not hold a connection), and parsed after.
    let (parts, body) = request.into_parts();
    let key = match key_of(&parts.headers) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let body = match bytes_of(body, 4096).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let mut conn = match db.acquire().await {
        Ok(c) => c,
        Err(e) => return from_app(e.into()),
    };
    let user = match authorize_on(&mut conn, key, &address.0, "verify").await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let request: ApiVerifyRequest = match json_of(&body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let today = crate::context::today();
    let result = async {
        let presented = match (&request.code, &request.card_number, &request.id_number) {
            (Some(code), _, _) => crate::verify::db::Presented::Code { code, keys: &settings.ecard, now: crate::context::now_seconds() },
            (None, Some(card_number), Some(id_number)) => crate::verify::db::Presented::Number { card_number, id_number },
            _ => return Err(AppError::invalid(crate::domain::Field::EcardCode, crate::domain::Problem::Required)),
        };
        let (id, card) = crate::verify::db::check(&mut conn, &user, settings.verify_per_minute, &address.0, presented, today).await?;
        Ok::<_, AppError>((crate::verify::db::verdict(&mut conn, &user, id, today).await?, card))
    }
    .await;
    let org = user.provider_org_id.unwrap_or_default();
    match result {
        Ok((crate::verify::Verdict::Valid { masked_name, valid_until, services, .. }, Some(card))) => json(ApiVerdict {
            valid: true,
            masked_name: Some(masked_name),
            valid_until: Some(valid_until),
            services: services.into_iter().map(|s| s.as_str().to_string()).collect(),
            card_ref: Some(card_ref(&settings, org, card)),
        }),
        Ok(_) => json(ApiVerdict { valid: false, masked_name: None, valid_until: None, services: vec![], card_ref: None }),
        Err(e) => match e.problem_with(crate::domain::Field::EcardCode) {
            Some(crate::domain::Problem::CodeExpired) => fail(StatusCode::UNPROCESSABLE_ENTITY, "code_expired", "The code has expired; ask the holder for a new one."),
            Some(crate::domain::Problem::CodeNotOurs) => fail(StatusCode::UNPROCESSABLE_ENTITY, "code_not_ours", "This is not a code this system issued."),
            Some(_) => fail(StatusCode::BAD_REQUEST, "bad_request", "Send `code`, or `card_number` and `id_number`."),
            None => from_app(e),
        },
    }
}

/// A card's reference for one organisation: stable, and unlinkable across organisations.
pub fn card_ref(settings: &Settings, org: i64, card: i64) -> String {
    hex::encode(hmac_sha256(settings.secret.as_slice(), format!("yunju card ref\n{org}\n{card}").as_bytes()))[..24].to_string()
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// The `next` of the previous page (0 or absent: from the beginning).
    pub after: Option<i64>,
    /// At most this many events (1–1000, default 100).
    pub limit: Option<i64>,
}

/// A change of a card's status.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ApiFeedEvent {
    /// The cursor: events come in this order, each once.
    pub position: i64,
    /// `issued`, `suspended`, `reactivated`, `terminated`, `expired`.
    pub kind: String,
    pub card_ref: String,
    pub masked_name: String,
    pub valid_until: String,
    /// Talent services after the change: `active`, `suspended`, `terminated`, `expired`.
    pub talent_status: String,
    /// Bank services after the change: `active`, `terminated`.
    pub bank_status: String,
    /// From when the change applies (China time). A suspension applies from the 1st of the next
    /// month (Art. 6(1)); each event replaces whatever an earlier event of the same card had not
    /// yet put in effect (a suspension withdrawn before its day comes as `reactivated` on that day;
    /// a termination ends it at once).
    pub effective_on: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ApiFeed {
    pub events: Vec<ApiFeedEvent>,
    /// Pass as `after` for the next page (the same value when nothing new came).
    pub next: i64,
}

/// The cards' status changes, in the order they happened, from a cursor: a provider's system keeps
/// its own list current with nothing but the masked name and its own card references.
#[utoipa::path(get, path = "/api/v1/feed", tag = "providers", security(("api_key" = ["status_feed"])),
    params(FeedQuery),
    responses(
        (status = 200, description = "The next events", body = ApiFeed),
        (status = 400, description = "`after` or `limit` is not a number", body = ApiError),
        (status = 401, description = "No key, or an unknown or revoked one", body = ApiError),
        (status = 403, description = "The key lacks the scope, or its account has no organisation", body = ApiError),
        (status = 429, description = "Too many wrong keys from this address", body = ApiError),
    ))]
pub async fn feed(
    State(db): State<PgPool>,
    State(settings): State<Settings>,
    Extension(address): Extension<ClientAddress>,
    query: Result<Query<FeedQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Response {
    let user = match authorize(&db, &headers, &address.0, "status_feed").await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let Ok(Query(query)) = query else { return fail(StatusCode::BAD_REQUEST, "bad_request", "`after` and `limit` are whole numbers.") };
    let Some(org) = user.provider_org_id else { return from_app(AppError::Forbidden) };
    let after = query.after.unwrap_or(0).max(0);
    let limit = query.limit.unwrap_or(100).clamp(1, 1000);
    let rows: Result<Vec<(i64, String, i64, String, chrono::NaiveDate, String, String, String)>, sqlx::Error> = sqlx::query_as(
        "SELECT e.feed_position, e.kind, e.card_id, COALESCE(a.full_name, ''), c.valid_until, e.talent_to, e.bank_to, e.effective_on::text
           FROM card_events e JOIN cards c ON c.id = e.card_id JOIN applications a ON a.id = c.application_id
          WHERE e.feed_position > $1 AND e.kind <> 'retired' ORDER BY e.feed_position LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(&db)
    .await;
    let rows = match rows {
        Ok(rows) => rows,
        Err(e) => return from_app(e.into()),
    };
    let next = rows.last().map_or(after, |r| r.0);
    json(ApiFeed {
        events: rows
            .into_iter()
            .map(|(position, kind, card, name, valid_until, talent_status, bank_status, effective_on)| ApiFeedEvent {
                position,
                kind,
                card_ref: card_ref(&settings, org, card),
                masked_name: crate::domain::mask_name(&name),
                valid_until: valid_until.to_string(),
                talent_status,
                bank_status,
                effective_on,
            })
            .collect(),
        next,
    })
}

#[cfg(test)]
mod tests {
    /// A client system retries a 503 (the database restarting or failing over), not a 500.
    #[test]
    fn a_database_that_is_away_is_a_503_to_send_again() {
        let response = super::from_app(crate::error::AppError::Unavailable);
        assert_eq!(response.status(), axum::http::StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[axum::http::header::RETRY_AFTER], "5");
    }

    /// A body cut off halfway is not "too large": the log and the metrics said 413 for a client
    /// whose connection dropped mid-body.
    #[tokio::test]
    async fn a_body_that_breaks_off_is_a_400_and_one_too_long_a_413() {
        use axum::body::{Body, Bytes};
        let broken = Body::from_stream(futures_util::stream::iter([Ok(Bytes::from_static(b"{\"card_")), Err(std::io::Error::other("reset"))]));
        assert_eq!(super::bytes_of(broken, 4096).await.unwrap_err().status(), axum::http::StatusCode::BAD_REQUEST);
        let long = Body::from_stream(futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from(vec![b' '; 3000])), Ok(Bytes::from(vec![b' '; 3000]))]));
        assert_eq!(super::bytes_of(long, 4096).await.unwrap_err().status(), axum::http::StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(&super::bytes_of(Body::from("{}"), 4096).await.unwrap()[..], b"{}");
    }
}
