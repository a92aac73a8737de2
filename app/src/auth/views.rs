//! Sign-in and registration pages, and the account part of the header.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{Login, Logout, Register};
use super::CurrentUser;
use crate::domain::{Field, IdType, Role};
use crate::error::AppError;
use crate::i18n::{use_lang, use_t, Msg};
use crate::ui::{action_error, ErrorSummary, SelectInput, TextInput};

pub type UserResource = Resource<Result<Option<CurrentUser>, AppError>>;

pub fn use_user() -> UserResource {
    expect_context::<UserResource>()
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_t();
    let login = ServerAction::<Login>::new();
    let error = action_error(login);
    let next = use_query_map().read_untracked().get("next").unwrap_or_default();
    let register_href = format!("/register?next={}", crate::ui::encode(&next));
    view! {
        <crate::ui::PageTitle text=t(Msg::SignIn)/>
        <h1>{t(Msg::SignIn)}</h1>
        <ErrorSummary error/>
        <ActionForm action=login>
            <input type="hidden" name="next" value=next/>
            <TextInput name="username" label=Msg::Username field=Field::Username error autocomplete="username"/>
            <TextInput name="password" label=Msg::Password field=Field::Password error kind="password" autocomplete="current-password"/>
            <button type="submit" class="button">{t(Msg::SignIn)}</button>
        </ActionForm>
        <p>{t(Msg::NoAccount)} " " <a href=register_href>{t(Msg::Register)}</a></p>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let register = ServerAction::<Register>::new();
    let error = action_error(register);
    let next = use_query_map().read_untracked().get("next").unwrap_or_default();
    let id_types = IdType::ALL.iter().map(|t| (t.as_str().to_string(), lang.id_type(*t).to_string())).collect();
    view! {
        <crate::ui::PageTitle text=t(Msg::Register)/>
        <h1>{t(Msg::Register)}</h1>
        <ErrorSummary error/>
        <ActionForm action=register>
            <input type="hidden" name="next" value=next/>
            <TextInput name="username" label=Msg::Username hint=Msg::UsernameHint field=Field::Username error autocomplete="username"/>
            <TextInput name="display_name" label=Msg::DisplayName field=Field::DisplayName error autocomplete="name"/>
            <TextInput name="password" label=Msg::Password hint=Msg::PasswordHint field=Field::Password error kind="password" autocomplete="new-password"/>
            <SelectInput name="id_type" label=Msg::IdType field=Field::IdType error options=id_types value="resident_id"/>
            <TextInput name="id_number" label=Msg::DocNumber hint=Msg::RegisterIdHint field=Field::IdNumber error autocomplete="off"/>
            <button type="submit" class="button">{t(Msg::Register)}</button>
        </ActionForm>
        <p>{t(Msg::HaveAccount)} " " <a href="/login">{t(Msg::SignIn)}</a></p>
    }
}

/// The links of the signed-in user's role, their name, and sign out.
#[component]
pub fn AccountNav() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let user = use_user();
    let logout = ServerAction::<Logout>::new();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) => {
                        let label = match u.role {
                            Role::Applicant | Role::EmployerAgent => Msg::MyApplications,
                            Role::HandlingDept | Role::IndustryDept | Role::Hrss | Role::TalentOffice => Msg::ReviewQueue,
                            Role::Bank => Msg::CardOrders,
                            Role::Provider => Msg::VerifyCard,
                            Role::Admin => Msg::Accounts,
                        };
                        let href = u.role.home_path();
                        view! {
                            <a href=href>{t(label)}</a>
                            {u.role.is_filer().then(|| view! { <a href="/inbox" data-testid="inbox-link">{t(Msg::Inbox)}</a> })}
                            {(u.role == Role::Applicant).then(|| view! { <a href="/my-card">{t(Msg::MyCardTitle)}</a> })}
                            {matches!(u.role, Role::Applicant | Role::IndustryDept | Role::Hrss).then(|| view! { <a href="/requests">{t(Msg::RequestsTitle)}</a> })}
                            {(u.role == Role::TalentOffice).then(|| view! { <a href="/decisions">{t(Msg::DecisionBatches)}</a> })}
                            {(u.role == Role::Hrss).then(|| view! { <a href="/cards/orders">{t(Msg::SendOrdersTitle)}</a> })}
                            {(u.role == Role::TalentOffice).then(|| view! { <a href="/cards/issue">{t(Msg::IssueTitle)}</a> })}
                            {matches!(u.role, Role::EmployerAgent | Role::IndustryDept | Role::Provider).then(|| view! { <a href="/notices">{t(Msg::NoticesTitle)}</a> })}
                            {matches!(u.role, Role::Hrss | Role::TalentOffice).then(|| view! { <a href="/dashboard">{t(Msg::Dashboard)}</a> })}
                            {matches!(u.role, Role::IndustryDept | Role::Hrss).then(|| view! { <a href="/adjustments">{t(Msg::AdjustmentsTitle)}</a> })}
                            {matches!(u.role, Role::EmployerAgent | Role::IndustryDept | Role::Hrss).then(|| view! { <a href="/assessments">{t(Msg::AssessmentsTitle)}</a> })}
                            <span class="who" data-testid="who">{u.display_name} " · " {lang.role(u.role)}</span>
                            <ActionForm action=logout>
                                <button type="submit" class="link-button">{t(Msg::SignOut)}</button>
                            </ActionForm>
                        }
                            .into_any()
                    }
                    _ => view! { <a href="/login">{t(Msg::SignIn)}</a> }.into_any(),
                }
            })}
        </Transition>
    }
}
