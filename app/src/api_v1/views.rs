//! /admin/api-keys (the admin's keys) and /api-docs (the API, read from its OpenAPI document).
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{api_document, api_keys, CreateApiKey, RevokeApiKey};
use super::SCOPES;
use crate::i18n::{use_t, Msg};
use crate::ui::{action_error, ErrorPage, ErrorSummary};

#[component]
pub fn ApiKeysPage() -> impl IntoView {
    let t = use_t();
    let query = use_query_map();
    let create = ServerAction::<CreateApiKey>::new();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let create_error = action_error(create);
    let revoke_error = action_error(revoke);
    let created = move || query.read().get("created").and_then(|s| s.parse::<i64>().ok());
    let page = Resource::new(move || (created(), create.version().get(), revoke.version().get()), |(created, _, _)| api_keys(created));
    view! {
        <crate::ui::PageTitle text=t(Msg::ApiKeys)/>
        <h1>{t(Msg::ApiKeys)}</h1>
        <p>{t(Msg::ApiKeysIntro)} " " <a href="/api-docs">{t(Msg::ApiDocs)}</a></p>
        <ErrorSummary error=create_error/>
        <ErrorSummary error=revoke_error/>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(p) => view! {
                        {p.revealed.map(|(_, key)| view! {
                            <div class="notice" role="status">
                                <p>{t(Msg::ApiKeyShownOnce)}</p>
                                <p><code data-testid="new-api-key">{key}</code></p>
                            </div>
                        })}
                        <h2>{t(Msg::CreateApiKey)}</h2>
                        <ActionForm action=create>
                            <div class="field">
                                <label for="key-account">{t(Msg::ApiKeyAccount)}</label>
                                <select id="key-account" name="account" required>
                                    {p.accounts.into_iter().map(|a| view! { <option value=a.id>{a.label}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="key-name">{t(Msg::ApiKeyName)}</label>
                                <input id="key-name" name="name" maxlength="100" required/>
                            </div>
                            <fieldset>
                                <legend>{t(Msg::ApiKeyScopes)}</legend>
                                {SCOPES.into_iter().map(|s| view! {
                                    <div class="field checkbox">
                                        <input type="checkbox" id=format!("scope-{s}") name="scopes[]" value=s/>
                                        <label for=format!("scope-{s}")><code>{s}</code></label>
                                    </div>
                                }).collect_view()}
                                <p class="hint">{t(Msg::ApiKeyScopesHint)}</p>
                            </fieldset>
                            <button type="submit" class="button" data-testid="create-api-key">{t(Msg::CreateApiKey)}</button>
                        </ActionForm>
                        <h2>{t(Msg::ApiKeys)}</h2>
                        <table class="queue" data-testid="api-keys">
                            <thead><tr>
                                <th scope="col">{t(Msg::ApiKeyName)}</th><th scope="col">{t(Msg::ApiKeyAccount)}</th>
                                <th scope="col">{t(Msg::ApiKeyScopes)}</th><th scope="col">{t(Msg::ApiKeyPrefix)}</th>
                                <th scope="col">{t(Msg::CreatedAt)}</th><th scope="col">{t(Msg::ApiKeyLastUsed)}</th><th scope="col">{t(Msg::Status)}</th>
                            </tr></thead>
                            <tbody>
                                {p.keys.into_iter().map(|k| view! {
                                    <tr>
                                        <td>{k.name}</td><td>{k.account}</td><td>{k.scopes.join(", ")}</td><td><code>{k.prefix} "…"</code></td>
                                        <td>{k.created_at}</td><td>{k.last_used_at.unwrap_or_default()}</td>
                                        <td>{match k.revoked_at {
                                            Some(at) => view! { {t(Msg::ApiKeyRevoked)} " " {at} }.into_any(),
                                            None => view! {
                                                <ActionForm action=revoke>
                                                    <input type="hidden" name="id" value=k.id/>
                                                    <button type="submit" class="button warning">{t(Msg::RevokeApiKey)}</button>
                                                </ActionForm>
                                            }.into_any(),
                                        }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ApiDocsPage() -> impl IntoView {
    let t = use_t();
    let doc = Resource::new(|| (), |_| api_document());
    view! {
        <crate::ui::PageTitle text=t(Msg::ApiDocs)/>
        <h1>{t(Msg::ApiDocs)}</h1>
        <p>{t(Msg::ApiDocsIntro)} " " <a href="/api/v1/openapi.json" rel="external">"openapi.json"</a></p>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match doc.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok((operations, schemas)) => view! {
                        {operations.into_iter().map(|op| view! {
                            <section class="api-operation" data-testid="api-operation">
                                <h2><code>{op.method} " " {op.path}</code></h2>
                                <p>{op.summary}</p>
                                {(!op.description.is_empty()).then(|| view! { <p class="muted">{op.description}</p> })}
                                <p>{t(Msg::ApiScope)} ": " <code>{op.scope}</code></p>
                                {(!op.parameters.is_empty()).then(|| view! {
                                    <ul>{op.parameters.into_iter().map(|(name, place, required, ty)| view! {
                                        <li><code>{name}</code> " (" {place} ", " {ty} {required.then_some(", required")} ")"</li>
                                    }).collect_view()}</ul>
                                })}
                                {op.request.map(|r| view! { <p>{t(Msg::ApiRequest)} ": " <code>{r}</code></p> })}
                                <ul>{op.responses.into_iter().map(|(code, description, body)| view! {
                                    <li><code>{code}</code> " " {description} {body.map(|b| view! { " → " <code>{b}</code> })}</li>
                                }).collect_view()}</ul>
                            </section>
                        }).collect_view()}
                        <h2>{t(Msg::ApiSchemas)}</h2>
                        {schemas.into_iter().map(|s| view! {
                            <section class="api-schema">
                                <h3 id=s.name.clone()><code>{s.name.clone()}</code></h3>
                                <ul>{s.properties.into_iter().map(|(name, ty, required)| view! {
                                    <li><code>{name}</code> ": " <code>{ty}</code> {(!required).then_some(" (optional)")}</li>
                                }).collect_view()}</ul>
                            </section>
                        }).collect_view()}
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
