//! Server functions of the rule versions: what applies today (public), the list with the
//! successor's form (the admin), adding a version (the admin).
use leptos::prelude::*;

use super::PolicyToday;
use crate::domain::policy::VersionInput;
use crate::domain::PolicyVersion;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_role,
    crate::context::{pool, today},
    crate::domain::Role,
};

/// What applies today: public, like the notice itself.
#[server(endpoint = "rules_today")]
pub async fn rules_today() -> Result<PolicyToday, AppError> {
    let mut conn = pool()?.acquire().await?;
    super::db::on(&mut conn, today()).await
}

/// Every version (oldest first) and the id of the one in force today: public.
#[server(endpoint = "policy_versions")]
pub async fn policy_versions() -> Result<(Vec<PolicyVersion>, Option<i64>), AppError> {
    let mut conn = pool()?.acquire().await?;
    let all = super::db::versions(&mut conn).await?;
    let in_force = crate::domain::policy::in_force(&all, today()).map(|v| v.id);
    Ok((all, in_force))
}

/// The admin's form for the next version: the newest one's values, starting the day after it.
#[server(endpoint = "successor_form")]
pub async fn successor_form() -> Result<VersionInput, AppError> {
    require_role(&[Role::Admin]).await?;
    let mut conn = pool()?.acquire().await?;
    let all = super::db::versions(&mut conn).await?;
    Ok(all.iter().max_by_key(|v| v.ends_on).map(VersionInput::successor_of).unwrap_or_default())
}

#[server(endpoint = "add_policy_version")]
#[allow(clippy::too_many_arguments)]
pub async fn add_policy_version(
    #[server(default)] document_number: String,
    #[server(default)] title: String,
    #[server(default)] starts_on: String,
    #[server(default)] ends_on: String,
    #[server(default)] categories: Vec<String>,
    #[server(default)] min_months_in_district: String,
    #[server(default)] health_check_quota: String,
    #[server(default)] airport_vip_quota: String,
    #[server(default)] management_months: String,
    #[server(default)] assessment_interval_months: String,
) -> Result<(), AppError> {
    let admin = require_role(&[Role::Admin]).await?;
    let input = VersionInput {
        document_number,
        title,
        starts_on,
        ends_on,
        categories,
        min_months_in_district,
        health_check_quota,
        airport_vip_quota,
        management_months,
        assessment_interval_months,
    };
    super::db::add(&pool()?, &admin, &input).await?;
    leptos_axum::redirect("/admin/policy");
    Ok(())
}
