//! One error type for every server function. Expected outcomes are variants the UI translates;
//! database and other internal errors are logged on the server and never sent to the browser.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::domain::{DomainError, Field, FieldError, Problem, Section};
use crate::i18n::{Lang, Msg};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed for this account")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Someone else acted on the case first (conditional update matched no row).
    #[error("already handled by someone else")]
    Conflict,
    /// What was wrong, and what was typed (never a password), so a form that comes back after a
    /// plain POST shows the values again and nothing is lost.
    #[error("invalid input")]
    Invalid { errors: Vec<FieldError>, echo: Vec<(Field, String)> },
    #[error("the workflow does not allow this: {0:?}")]
    Domain(DomainError),
    #[error("wrong username or password")]
    BadCredentials,
    #[error("username taken")]
    UsernameTaken,
    #[error("too many attempts")]
    RateLimited,
    /// The session ended while a form was being filled: the form comes back with what was typed.
    #[error("session expired")]
    SessionExpired { echo: Vec<(Field, String)> },
    /// Submitting before every section is complete.
    #[error("sections incomplete")]
    Incomplete(Vec<Section>),
    #[error("internal error")]
    Internal,
    /// The database cannot be reached just now (restarting, failing over, every connection busy),
    /// or the document store will not take a file (a full disk): 503, "try again" (issue 14, item 6).
    #[error("service unavailable")]
    Unavailable,
    #[error("{0}")]
    ServerFn(ServerFnErrorErr),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::ServerFn(value)
    }
}

impl AppError {
    pub fn invalid(field: Field, problem: Problem) -> AppError {
        AppError::Invalid { errors: vec![FieldError { field, problem }], echo: vec![] }
    }

    /// The problem with one field, if this error names it.
    pub fn problem_with(&self, field: Field) -> Option<Problem> {
        match self {
            AppError::Invalid { errors, .. } => errors.iter().find(|e| e.field == field).map(|e| e.problem),
            _ => None,
        }
    }

    /// What the user had typed into `field` when the form was refused.
    pub fn echo(&self, field: Field) -> Option<&str> {
        match self {
            AppError::Invalid { echo, .. } | AppError::SessionExpired { echo } => {
                echo.iter().find(|(f, _)| *f == field).map(|(_, v)| v.as_str())
            }
            _ => None,
        }
    }

    /// One translated sentence for the top of a form.
    pub fn message(&self, lang: Lang) -> &'static str {
        lang.t(match self {
            AppError::Unauthenticated => Msg::ErrUnauthenticated,
            AppError::Forbidden => Msg::ErrForbidden,
            AppError::NotFound => Msg::ErrNotFound,
            AppError::Conflict => Msg::ErrConflict,
            AppError::Invalid { .. } => Msg::ErrInvalid,
            AppError::Incomplete(_) => Msg::ErrIncomplete,
            AppError::SessionExpired { .. } => Msg::SessionExpiredKept,
            AppError::Domain(DomainError::OpinionRequired) => Msg::ErrOpinionRequired,
            AppError::Domain(DomainError::SectionReasonRequired) => Msg::PReasonRequired,
            AppError::Domain(_) => Msg::ErrNotAllowedNow,
            AppError::BadCredentials => Msg::ErrBadCredentials,
            AppError::UsernameTaken => Msg::ErrUsernameTaken,
            AppError::RateLimited => Msg::ErrRateLimited,
            AppError::Internal => Msg::ErrInternal,
            AppError::Unavailable => Msg::ErrUnavailable,
            AppError::ServerFn(_) => Msg::ErrNetwork,
        })
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        AppError::Domain(e)
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        if unreachable(&e) {
            tracing::warn!(error = %e, "database unavailable");
            return AppError::Unavailable;
        }
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }
}

/// The database is not there right now, rather than something wrong with what was asked.
#[cfg(feature = "ssr")]
fn unreachable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        // Connection lost or refused, shutting down or starting, a read-only (demoted) primary
        // after a failover, no connection slot left.
        sqlx::Error::Database(d) => d.code().is_some_and(|c| {
            c.starts_with("57P") || matches!(c.as_ref(), "08000" | "08001" | "08003" | "08004" | "08006" | "25006" | "53300")
        }),
        _ => false,
    }
}

impl AppError {
    /// The HTTP status of this error: of a server function's answer, of an error page, of a plain
    /// handler (docs/SECURITY.md).
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated | AppError::SessionExpired { .. } => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Conflict => 409,
            AppError::Invalid { .. } | AppError::Domain(_) | AppError::Incomplete(_) | AppError::BadCredentials | AppError::UsernameTaken => 422,
            AppError::RateLimited => 429,
            AppError::ServerFn(ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_)) => 400,
            AppError::Internal | AppError::ServerFn(_) => 500,
            AppError::Unavailable => 503,
        }
    }
}

/// A plain handler's error, for the server to answer as a translated page with its status and the
/// way back (server/src/security.rs, `plain_errors`): the handler does not know the reader's language.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct PlainError(pub AppError);

#[cfg(feature = "ssr")]
impl AppError {
    /// The answer of a plain axum handler (downloads, uploads, CSV exports) that failed: its status,
    /// and the error for the server to turn into a page in the reader's language.
    pub fn into_plain_response(self) -> axum::response::Response {
        use axum::response::IntoResponse;
        let status = axum::http::StatusCode::from_u16(self.status()).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, self.to_string()).into_response();
        response.extensions_mut().insert(PlainError(self));
        response
    }
}
