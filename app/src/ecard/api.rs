//! Server functions of the holder's e-card.
use leptos::prelude::*;

use super::{Tracker, EcardQr};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_role,
    crate::context::{now_seconds, pool, settings, today},
    crate::domain::Role,
};

/// A new QR code and short code for the holder's card in force (None: no card in force).
#[server(endpoint = "ecard_code")]
pub async fn ecard_code() -> Result<Option<EcardQr>, AppError> {
    let user = require_role(&[Role::Applicant]).await?;
    let label = crate::i18n::detect_lang().t(crate::i18n::Msg::EcardQrLabel);
    super::db::new_code(&pool()?, &user, &settings().ecard, label, today(), now_seconds()).await
}

#[server(endpoint = "data_tracker")]
pub async fn data_tracker() -> Result<Tracker, AppError> {
    let user = require_role(&[Role::Applicant]).await?;
    super::db::tracker(&pool()?, &user).await
}
