//! The administrator's page: the staff accounts, and a form for a new one.
use leptos::prelude::*;

use super::api::{accounts, CreateAccount};
use crate::domain::{Field, Role};
use crate::i18n::{use_lang, use_t, Msg};
use crate::ui::{action_error, ErrorPage, ErrorSummary, SelectInput, TextInput};

#[component]
pub fn AdminPage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let create = ServerAction::<CreateAccount>::new();
    let error = action_error(create);
    let data = Resource::new(move || create.version().get(), |_| accounts());
    view! {
        <crate::ui::PageTitle text=t(Msg::Accounts)/>
        <h1>{t(Msg::Accounts)}</h1>
        <p><a href="/admin/deadlines">{t(Msg::DeadlineSettings)}</a></p>
        <p><a href="/admin/routing">{t(Msg::RoutingSettings)}</a></p>
        <p><a href="/admin/organisations">{t(Msg::Organisations)}</a></p>
        <p><a href="/admin/api-keys">{t(Msg::ApiKeys)}</a></p>
        <p><a href="/admin/policy">{t(Msg::PolicyTitle)}</a></p>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok((list, bindings)) => {
                        let roles = Role::ALL.iter().filter(|r| r.is_staff()).map(|r| (r.as_str().to_string(), lang.role(*r).to_string())).collect();
                        let departments = bindings.departments;
                        let orgs = bindings.provider_orgs.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
                        view! {
                            <h2>{t(Msg::NewStaffAccount)}</h2>
                            <ErrorSummary error/>
                            <ActionForm action=create>
                                <TextInput name="username" label=Msg::Username hint=Msg::UsernameHint field=Field::Username error autocomplete="off"/>
                                <TextInput name="display_name" label=Msg::DisplayName field=Field::DisplayName error/>
                                <SelectInput name="role" label=Msg::Role field=Field::Role error options=roles/>
                                <SelectInput name="department_code" label=Msg::DepartmentOfAccount field=Field::Department error options=departments/>
                                <TextInput name="unit_credit_code" label=Msg::UnitCreditCode field=Field::CreditCode error autocomplete="off"/>
                                <SelectInput name="provider_org_id" label=Msg::ProviderOrg field=Field::ProviderOrg error options=orgs/>
                                <TextInput name="password" label=Msg::InitialPassword hint=Msg::PasswordHint field=Field::Password error kind="password" autocomplete="new-password"/>
                                <button type="submit" class="button">{t(Msg::CreateAccount)}</button>
                            </ActionForm>
                            <h2>{t(Msg::Accounts)}</h2>
                            <table class="queue">
                                <thead><tr>
                                    <th scope="col">{t(Msg::Username)}</th>
                                    <th scope="col">{t(Msg::Name)}</th>
                                    <th scope="col">{t(Msg::Role)}</th>
                                    <th scope="col">{t(Msg::Binding)}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|a| view! {
                                        <tr>
                                            <td>{a.username}</td>
                                            <td>{a.display_name}</td>
                                            <td>{lang.role(a.role)}</td>
                                            <td>{a.binding.unwrap_or_default()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
