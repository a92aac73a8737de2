//! The decision agenda as CSV (issue 4: "prints/exports the agenda"): the cases of a batch with
//! HRSS's opinion, the flags, and each outcome. `GET /decisions/{id}/agenda.csv`, talent office.
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use sqlx::PgPool;

use crate::auth::session::user_from_headers;
use crate::csv::{csv_response, csv_text, lang_of};
use crate::domain::Role;
use crate::error::AppError;
use crate::i18n::Msg;

pub async fn export(State(db): State<PgPool>, State(settings): State<crate::context::Settings>, Path(id): Path<i64>, headers: HeaderMap) -> Response {
    let result: Result<Response, AppError> = async {
        let user = user_from_headers(&db, &settings, &headers).await?;
        if user.role != Role::TalentOffice {
            return Err(AppError::NotFound);
        }
        let lang = lang_of(&headers);
        let batch = super::db::batch(&db, id).await?;
        let header = [
            Msg::Reference, Msg::Name, Msg::Category, Msg::EmployerName, Msg::CaseByCase, Msg::DirectRecognition, Msg::HrssOpinion,
            Msg::Outcome, Msg::RejectReason,
        ]
        .map(|m| lang.t(m));
        let yes = |b: bool| if b { lang.t(Msg::Yes).to_string() } else { String::new() };
        let rows = batch.cases.into_iter().map(|c| {
            vec![
                c.reference,
                c.full_name,
                c.talent_category.map(|n| lang.category(n).to_string()).unwrap_or_default(),
                c.employer_name,
                yes(c.case_by_case),
                yes(c.direct_recognition),
                c.hrss_opinion,
                lang.t(if c.reject { Msg::OutcomeReject } else { Msg::OutcomeApprove }).to_string(),
                c.reason,
            ]
        });
        let date = batch.meeting_date.as_ref().map(|d| format!("-{d}")).unwrap_or_default();
        let name = format!("{}-{id}{date}.csv", lang.t(Msg::CsvAgenda));
        Ok(csv_response(&name, &format!("agenda-{id}{date}.csv"), csv_text(&header, rows)))
    }
    .await;
    result.unwrap_or_else(AppError::into_plain_response)
}
