//! Server functions of the application wizard. Each: who is calling, parse, one call to `db`.
//! A section is saved as typed even when a rule refuses it (nothing typed is ever lost); the
//! refusal comes back with every problem at once.
use leptos::prelude::*;

use crate::error::AppError;
use crate::workflow::CaseSummary;

#[cfg(feature = "ssr")]
use {
    super::db,
    crate::auth::{session::require_role, CurrentUser},
    crate::context::{pool, today},
    crate::domain::sections::{CategoryInput, DependentInput, EmployerInput, PersonalInput, ResidenceInput, MAX_DEPENDENTS},
    crate::domain::{Field, FieldError, Problem, Role, Section},
};

/// Art. 3 under the version of the rules that applies today (Art. 7): the category open, the
/// months at least its minimum — on top of the section's own checks.
#[cfg(feature = "ssr")]
async fn under_todays_rules(checked: Result<(), Vec<FieldError>>, category: Option<u8>, months: Option<u8>) -> Result<Result<(), Vec<FieldError>>, AppError> {
    let mut conn = pool()?.acquire().await?;
    let problems = crate::policy::db::on(&mut conn, today()).await?.rules.application_problems(category, months);
    // Every problem at once: the section's own, and the rules' on a field that has none of its own.
    let mut errors = checked.err().unwrap_or_default();
    let own: Vec<Field> = errors.iter().map(|e| e.field).collect();
    errors.extend(problems.into_iter().filter(|p| !own.contains(&p.field)));
    Ok(if errors.is_empty() { Ok(()) } else { Err(errors) })
}

#[cfg(feature = "ssr")]
async fn require_filer() -> Result<CurrentUser, AppError> {
    require_role(&[Role::Applicant, Role::EmployerAgent]).await
}

/// Who is saving. If the session has ended, the refusal carries what was typed back to the form,
/// so signing in again (in another tab) and pressing save once more loses nothing.
#[cfg(feature = "ssr")]
async fn require_filer_keeping(echo: &[(Field, String)]) -> Result<CurrentUser, AppError> {
    require_filer().await.map_err(|e| match e {
        AppError::Unauthenticated => AppError::SessionExpired { echo: echo.to_vec() },
        e => e,
    })
}

/// After a save: back to the form with every problem and what was typed; or, if the answers call
/// for a document not yet uploaded, to the section's uploads; else on to the task list.
#[cfg(feature = "ssr")]
fn saved(id: i64, section: Section, missing_documents: bool, checked: Result<(), Vec<FieldError>>, echo: Vec<(Field, String)>) -> Result<(), AppError> {
    match checked {
        Err(errors) => Err(AppError::Invalid { errors, echo }),
        Ok(()) if missing_documents => {
            leptos_axum::redirect(&format!("/applications/{id}/{}#documents", section.as_str()));
            Ok(())
        }
        Ok(()) => {
            leptos_axum::redirect(&format!("/applications/{id}"));
            Ok(())
        }
    }
}

/// Starts an application, carrying over the answers of the eligibility self-check.
#[server(endpoint = "create_application")]
pub async fn create_application(
    #[server(default)] employer_type: String,
    #[server(default)] months_in_district: String,
    #[server(default)] talent_category: String,
) -> Result<(), AppError> {
    let user = require_filer().await?;
    let id = db::create(&pool()?, &user, &employer_type, &months_in_district, &talent_category).await?;
    leptos_axum::redirect(&format!("/applications/{id}"));
    Ok(())
}

/// Art. 6: the holder re-applies with priority when its card's period ends (case `id` is the
/// case of that card).
#[server(endpoint = "start_reapplication")]
pub async fn start_reapplication(id: i64) -> Result<(), AppError> {
    let user = require_filer().await?;
    let new = db::reapply(&pool()?, &user, id, crate::context::today()).await?;
    leptos_axum::redirect(&format!("/applications/{new}"));
    Ok(())
}

#[server(endpoint = "save_personal")]
#[allow(clippy::too_many_arguments)]
pub async fn save_personal(
    id: i64,
    #[server(default)] full_name: String,
    #[server(default)] gender: String,
    #[server(default)] birth_date: String,
    #[server(default)] nationality: String,
    #[server(default)] id_type: String,
    #[server(default)] id_number: String,
    #[server(default)] phone: String,
    #[server(default)] email: String,
) -> Result<(), AppError> {
    let input = PersonalInput { full_name, gender, birth_date, nationality, id_type, id_number, phone, email };
    let user = require_filer_keeping(&input.echo()).await?;
    let checked = input.validate(today()).map(drop);
    let echo = input.echo();
    let missing = db::save(&pool()?, &user, id, Section::Personal, |a| a.personal = input).await?;
    saved(id, Section::Personal, missing, checked, echo)
}

#[server(endpoint = "save_employer")]
#[allow(clippy::too_many_arguments)]
pub async fn save_employer(
    id: i64,
    #[server(default)] employer_name: String,
    #[server(default)] credit_code: String,
    #[server(default)] employer_type: String,
    #[server(default)] industry: String,
    #[server(default)] registered_on: String,
    #[server(default)] registered_in_district: String,
    #[server(default)] pays_tax_in_district: String,
) -> Result<(), AppError> {
    let input = EmployerInput { employer_name, credit_code, employer_type, industry, registered_on, registered_in_district, pays_tax_in_district };
    let user = require_filer_keeping(&input.echo()).await?;
    let mut checked = input.validate(today()).map(drop);
    // SYSTEM.md: an employer agent files only for staff of its own unit.
    if let (Role::EmployerAgent, Some(unit)) = (user.role, user.unit_credit_code.as_deref()) {
        if !input.credit_code.trim().eq_ignore_ascii_case(unit) {
            let e = FieldError { field: Field::CreditCode, problem: Problem::NotYourUnit };
            checked = Err(checked.err().unwrap_or_default().into_iter().filter(|e| e.field != Field::CreditCode).chain([e]).collect());
        }
    }
    let echo = input.echo();
    let missing = db::save(&pool()?, &user, id, Section::Employer, |a| a.employer = input).await?;
    saved(id, Section::Employer, missing, checked, echo)
}

#[server(endpoint = "save_category")]
pub async fn save_category(
    id: i64,
    #[server(default)] talent_category: String,
    #[server(default)] honour: String,
    #[server(default)] postdoc_status: String,
    #[server(default)] contract_years: String,
) -> Result<(), AppError> {
    let input = CategoryInput { talent_category, honour, postdoc_status, contract_years };
    let user = require_filer_keeping(&input.echo()).await?;
    let category = crate::domain::application::parse_category(&input.talent_category).ok();
    let checked = under_todays_rules(input.validate().map(drop), category, None).await?;
    let echo = input.echo();
    let missing = db::save(&pool()?, &user, id, Section::Category, |a| a.category = input).await?;
    saved(id, Section::Category, missing, checked, echo)
}

#[server(endpoint = "save_residence")]
pub async fn save_residence(id: i64, #[server(default)] months_in_district: String) -> Result<(), AppError> {
    let input = ResidenceInput { months_in_district };
    let user = require_filer_keeping(&input.echo()).await?;
    let valid = input.validate();
    let months = valid.as_ref().ok().copied();
    let checked = under_todays_rules(valid.map(drop), None, months).await?;
    let echo = input.echo();
    db::save(&pool()?, &user, id, Section::Residence, |a| a.residence = input).await?;
    saved(id, Section::Residence, false, checked, echo)
}

/// Adds a spouse or child (Art. 4(1)–(2)); only a valid entry is added.
#[server(endpoint = "add_dependent")]
pub async fn add_dependent(
    id: i64,
    #[server(default)] full_name: String,
    #[server(default)] relation: String,
    #[server(default)] birth_date: String,
    #[server(default)] id_type: String,
    #[server(default)] id_number: String,
) -> Result<(), AppError> {
    let input = DependentInput { full_name, relation, birth_date, id_type, id_number };
    let user = require_filer_keeping(&input.echo()).await?;
    if let Err(errors) = input.validate(today()) {
        return Err(AppError::Invalid { errors, echo: input.echo() });
    }
    let mut too_many = false;
    db::save(&pool()?, &user, id, Section::Family, |a| {
        too_many = a.family.dependents.len() >= MAX_DEPENDENTS;
        if !too_many {
            a.family.dependents.push(input);
        }
    })
    .await?;
    if too_many {
        return Err(AppError::invalid(Field::Relation, Problem::TooManyDependents));
    }
    leptos_axum::redirect(&format!("/applications/{id}/family"));
    Ok(())
}

#[server(endpoint = "remove_dependent")]
pub async fn remove_dependent(id: i64, index: usize) -> Result<(), AppError> {
    let user = require_filer().await?;
    db::save(&pool()?, &user, id, Section::Family, |a| {
        if index < a.family.dependents.len() {
            a.family.dependents.remove(index);
        }
    })
    .await?;
    leptos_axum::redirect(&format!("/applications/{id}/family"));
    Ok(())
}

/// "I have listed everyone": the family section is complete (it may be empty).
#[server(endpoint = "finish_family")]
pub async fn finish_family(id: i64, #[server(default)] done: String) -> Result<(), AppError> {
    let user = require_filer().await?;
    let done = done == "yes";
    db::save(&pool()?, &user, id, Section::Family, |a| a.family.done = done).await?;
    let checked = if done { Ok(()) } else { Err(vec![FieldError { field: Field::Relation, problem: Problem::Required }]) };
    saved(id, Section::Family, false, checked, vec![])
}

/// Art. 6(2): the declaration states the consequence of fraud.
#[server(endpoint = "save_declaration")]
pub async fn save_declaration(id: i64, #[server(default)] agreed: String) -> Result<(), AppError> {
    let user = require_filer().await?;
    let agreed = agreed == "yes";
    db::save(&pool()?, &user, id, Section::Declaration, |a| a.declaration.agreed = agreed).await?;
    let checked = if agreed { Ok(()) } else { Err(vec![FieldError { field: Field::Declaration, problem: Problem::DeclarationRequired }]) };
    saved(id, Section::Declaration, false, checked, vec![])
}

/// Submits a draft, or resubmits a returned case to the stage that returned it (Art. 5(1)).
/// Every section is checked again here, whatever the pages showed.
#[server(endpoint = "submit_application")]
pub async fn submit_application(id: i64, version: i32) -> Result<(), AppError> {
    let user = require_filer().await?;
    db::submit(&pool()?, &user, id, version, today()).await?;
    leptos_axum::redirect(&format!("/applications/{id}/submitted"));
    Ok(())
}

#[server(endpoint = "my_applications")]
pub async fn my_applications() -> Result<Vec<CaseSummary>, AppError> {
    let user = require_filer().await?;
    crate::workflow::db::my_cases(&pool()?, &user).await
}
