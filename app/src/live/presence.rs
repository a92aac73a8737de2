//! "Also open by …" on a reviewer's case page (issue 15, item 2; server only). While the page is
//! open its browser says so every 20 s (`islands::presence`), and hears back who else of the same
//! body — officials of the same role and department — has the case open, and since when; when the
//! page goes away the browser says that too (a beacon). Nothing is kept beyond a minute of silence
//! (`case_presence`, unlogged). One row per official and case: an official who closes one of two
//! tabs of a case is gone for colleagues until the other tab's next beat (and "since" starts
//! over). A convenience for people: the version check of every transition stays the guarantee
//! that one case is not decided twice.
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sqlx::PgPool;

use super::db::{self, Present};
use crate::auth::session::user_from_headers;
use crate::context::Settings;
use crate::domain::Role;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};

#[derive(Deserialize)]
pub struct Leaving {
    /// Present (any value): the page is going away.
    pub left: Option<String>,
}

/// `POST /live/presence/{case}`: this official has the case open. Answers, as plain text in the
/// reader's language, who else of their body has it open ("" when nobody). `?left=yes`: the page
/// closed (204). Only reviewing bodies that may see the case; anyone else gets 404, not signed in
/// 303 to `/login` (a browser's beacon follows nothing).
pub async fn presence(
    State(db): State<PgPool>,
    State(settings): State<Settings>,
    Path(case): Path<String>,
    Query(leaving): Query<Leaving>,
    headers: HeaderMap,
) -> Response {
    answer(&db, &settings, &case, leaving.left.is_some(), &headers).await.unwrap_or_else(AppError::into_plain_response)
}

async fn answer(db: &PgPool, settings: &Settings, case: &str, left: bool, headers: &HeaderMap) -> Result<Response, AppError> {
    let user = user_from_headers(db, settings, headers).await?;
    if !crate::review::api::REVIEWERS.contains(&user.role) {
        return Err(AppError::NotFound);
    }
    crate::limits::hit(db, crate::limits::PRESENCE_PER_ACCOUNT, &user.id.to_string()).await?;
    let case = case.parse::<i64>().map_err(|_| AppError::NotFound)?;
    let scope = crate::workflow::db::load_scope(&mut *db.acquire().await?, case).await?;
    if !scope.visible_to(&user) {
        return Err(AppError::NotFound);
    }
    if left {
        db::leave(db, case, user.id).await?;
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let others = db::present(db, case, user.id).await?;
    let text = also_open_by(crate::csv::lang_of(headers), user.role, &others);
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "private, no-store")], text).into_response())
}

/// "也在查看此案件：区科工信局的同事（10:42 起）" — the body, never a person's name; "" for nobody.
pub fn also_open_by(lang: Lang, role: Role, others: &[Present]) -> String {
    if others.is_empty() {
        return String::new();
    }
    let names = others.iter().map(|p| {
        let body = match lang {
            Lang::Zh => p.department_zh.as_deref(),
            Lang::En => p.department_en.as_deref(),
        };
        let body = body.unwrap_or_else(|| lang.role(role));
        lang.t(Msg::PresenceColleague).replace("{body}", body).replace("{time}", &p.since)
    });
    [lang.t(Msg::PresenceAlso).to_string(), names.collect::<Vec<_>>().join(lang.t(Msg::ListSeparator))].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_body_and_the_time_never_a_person() {
        let industry = Present { since: "10:42".into(), department_zh: Some("区科工信局".into()), department_en: Some("District Science and Industry Bureau".into()) };
        let handling = Present { since: "09:05".into(), department_zh: None, department_en: None };
        for (lang, role, others, text) in [
            (Lang::Zh, Role::IndustryDept, vec![], ""),
            (Lang::Zh, Role::IndustryDept, vec![industry.clone()], "也在查看此案件：区科工信局的同事（10:42 起）"),
            (Lang::En, Role::IndustryDept, vec![industry.clone()], "Also open by: a colleague at District Science and Industry Bureau (since 10:42)"),
            (Lang::Zh, Role::HandlingDept, vec![handling.clone(), Present { since: "10:00".into(), ..handling.clone() }], "也在查看此案件：经办部门的同事（09:05 起）、经办部门的同事（10:00 起）"),
        ] {
            assert_eq!(also_open_by(lang, role, &others), text);
        }
    }
}
