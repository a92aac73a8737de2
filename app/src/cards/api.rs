//! Server functions of the bank's page.
use leptos::prelude::*;

use super::CardOrder;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_role,
    crate::context::{pool, today},
    crate::domain::{reference, valid_until, CardNumber, Command, Field, Problem, Role},
    crate::workflow::db::{act, transition},
    crate::workflow::Opinion,
};

#[server(endpoint = "card_orders")]
pub async fn card_orders() -> Result<Vec<CardOrder>, AppError> {
    require_role(&[Role::Bank]).await?;
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        version: i32,
        year: i32,
        full_name: String,
        resident_id: String,
        updated_at: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT s.id, a.version, s.year, s.full_name, a.id_number AS resident_id, s.updated_at
           FROM application_summaries s JOIN applications a ON a.id = s.id
          WHERE s.status = 'card_production' ORDER BY s.updated_at_ts, s.id LIMIT 200",
    )
    .fetch_all(&pool()?)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CardOrder {
            id: r.id,
            version: r.version,
            reference: reference(r.year, r.id),
            full_name: r.full_name,
            resident_id: r.resident_id,
            ordered_at: r.updated_at,
        })
        .collect())
}

/// The bank made the card: record its number and issue it for five years (Art. 6), in the same
/// transaction as the transition.
#[server(endpoint = "record_card")]
pub async fn record_card(id: i64, version: i32, card_number: String) -> Result<(), AppError> {
    let user = require_role(&[Role::Bank]).await?;
    let invalid = |problem| AppError::Invalid {
        errors: vec![crate::domain::FieldError { field: Field::CardNumber, problem }],
        echo: vec![(Field::CardNumber, card_number.clone())],
    };
    let number = CardNumber::parse(&card_number).map_err(invalid)?;
    let db = pool()?;
    let mut tx = db.begin().await?;
    transition(&mut tx, &user, id, version, Command::CardMade, &Opinion::default()).await?;
    let issued_on = today();
    let inserted = sqlx::query("INSERT INTO cards (application_id, card_number, issued_on, valid_until) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(number.as_str())
        .bind(issued_on)
        .bind(valid_until(issued_on))
        .execute(&mut *tx)
        .await;
    match inserted {
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("cards_card_number_key") => {
            return Err(invalid(Problem::CardNumberTaken));
        }
        other => other?,
    };
    tx.commit().await?;
    tracing::info!(application.id = id, "card issued");
    leptos_axum::redirect("/bank");
    Ok(())
}

/// The bank cannot make the card (e.g. its data check failed): back to HRSS with the reason.
#[server(endpoint = "refuse_card")]
pub async fn refuse_card(id: i64, version: i32, reason: String) -> Result<(), AppError> {
    let user = require_role(&[Role::Bank]).await?;
    act(&pool()?, &user, id, version, Command::BankReject, &Opinion::text(&reason)).await?;
    leptos_axum::redirect("/bank");
    Ok(())
}
