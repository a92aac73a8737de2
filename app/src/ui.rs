//! Small shared pieces of the pages: form fields with their errors, error summaries, status tags.
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::domain::{Check, Field, Status};
use crate::error::AppError;
use crate::i18n::{use_lang, use_t, Msg};

pub type ErrorSignal = Signal<Option<AppError>>;

/// The error of an action's last run (after a plain POST, read back from the URL).
pub fn action_error<S>(action: ServerAction<S>) -> ErrorSignal
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// The sentence at the top of a refused form.
#[component]
pub fn ErrorSummary(error: ErrorSignal) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().map(|e| {
            view! {
                <div class="error-summary" role="alert" tabindex="-1">
                    <p>{e.message(lang)}</p>
                    {matches!(e, AppError::SessionExpired { .. }).then(|| view! {
                        <p><a href="/login" target="_blank" rel="noopener">{lang.t(Msg::SignIn)}</a></p>
                    })}
                </div>
            }
        })
    }
}

/// An error that replaces a whole page (not signed in, not found …), answered with its status;
/// "sign in" comes back here afterwards.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::from_u16(error.status()).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR));
    }
    let sign_in = matches!(error, AppError::Unauthenticated);
    // The path only: a query may hold a search for a name.
    let next = leptos_router::hooks::use_location().pathname.get_untracked();
    view! {
        <div class="error-summary" role="alert">
            <p>{error.message(lang)}</p>
            {sign_in.then(|| view! { <p><a href=format!("/login?next={}", crate::urls::encode_component(&next))>{t(Msg::SignIn)}</a></p> })}
            {(!sign_in).then(|| view! { <p><a href="/">{t(Msg::Home)}</a></p> })}
        </div>
    }
}

pub fn initial_value(error: ErrorSignal, field: Field, value: String) -> String {
    error.with_untracked(|e| e.as_ref().and_then(|e| e.echo(field)).map(str::to_owned)).unwrap_or(value)
}

/// What a field's control is described by: its hint, if it has one, and its error.
fn described_by(name: &str, hint: Option<Msg>) -> String {
    match hint {
        Some(_) => format!("{name}-hint {name}-error"),
        None => format!("{name}-error"),
    }
}

/// The frame every labelled field shares: the label, the hint, the error, then the control.
#[component]
fn FieldFrame(name: &'static str, label: Msg, field: Field, error: ErrorSignal, hint: Option<Msg>, children: Children) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let problem = move || error.get().and_then(|e| e.problem_with(field));
    view! {
        <div class="field" class:field-invalid=move || problem().is_some()>
            <label for=name>{t(label)}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{t(h)}</p> })}
            <p class="field-error" id=format!("{name}-error")>{move || problem().map(|p| lang.problem(p))}</p>
            {children()}
        </div>
    }
}

/// A labelled input with its hint and its error. After a refused plain POST it shows again what
/// was typed (see `AppError::echo`); when hydrated, the browser keeps it anyway.
#[component]
pub fn TextInput(
    name: &'static str,
    label: Msg,
    field: Field,
    error: ErrorSignal,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional, into)] value: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// The instant check the browser runs when the field is left (`islands::FormChecks`).
    #[prop(optional)] check: Option<Check>,
) -> impl IntoView {
    let value = if kind == "password" { String::new() } else { initial_value(error, field, value) };
    let invalid = move || error.get().and_then(|e| e.problem_with(field)).is_some().to_string();
    let described = described_by(name, hint);
    view! {
        <FieldFrame name label field error hint>
            <input
                id=name
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                inputmode=inputmode
                data-check=check.map(Check::as_str)
                aria-describedby=described
                aria-invalid=invalid
            />
        </FieldFrame>
    }
}

/// A labelled `<textarea>` with its hint and its error; after a refused plain POST it shows again
/// what was typed.
#[component]
pub fn TextArea(
    name: &'static str,
    label: Msg,
    field: Field,
    error: ErrorSignal,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(default = 4)] rows: u32,
    #[prop(default = 2000)] maxlength: usize,
) -> impl IntoView {
    let value = initial_value(error, field, String::new());
    let invalid = move || error.get().and_then(|e| e.problem_with(field)).is_some().to_string();
    let described = described_by(name, hint);
    view! {
        <FieldFrame name label field error hint>
            <textarea id=name name=name rows=rows maxlength=maxlength aria-describedby=described aria-invalid=invalid>
                {value}
            </textarea>
        </FieldFrame>
    }
}

/// A labelled `<select>` of (value, label) options, with its error.
#[component]
pub fn SelectInput(
    name: &'static str,
    label: Msg,
    field: Field,
    error: ErrorSignal,
    options: Vec<(String, String)>,
    #[prop(optional, into)] value: String,
    #[prop(optional)] hint: Option<Msg>,
) -> impl IntoView {
    let t = use_t();
    let value = initial_value(error, field, value);
    let invalid = move || error.get().and_then(|e| e.problem_with(field)).is_some().to_string();
    let described = described_by(name, hint);
    view! {
        <FieldFrame name label field error hint>
            <select id=name name=name aria-describedby=described aria-invalid=invalid>
                // "Choose one" unless the options have a blank choice of their own ("any industry"):
                // two selected options would be invalid HTML.
                {(!options.iter().any(|(v, _)| v.is_empty()))
                    .then(|| view! { <option value="" selected=value.is_empty()>{t(Msg::ChooseOne)}</option> })}
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let selected = v == value;
                        view! { <option value=v selected=selected>{l}</option> }
                    })
                    .collect_view()}
            </select>
        </FieldFrame>
    }
}

/// A group of radio buttons (GOV.UK pattern: one question, its options one under another).
#[component]
pub fn RadioGroup(
    name: &'static str,
    legend: Msg,
    field: Field,
    error: ErrorSignal,
    options: Vec<(String, String)>,
    #[prop(optional, into)] value: String,
    #[prop(optional)] hint: Option<Msg>,
) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let value = initial_value(error, field, value);
    let problem = move || error.get().and_then(|e| e.problem_with(field));
    view! {
        <fieldset class="field radios" class:field-invalid=move || problem().is_some() aria-describedby=format!("{name}-error")>
            <legend>{t(legend)}</legend>
            {hint.map(|h| view! { <p class="hint">{t(h)}</p> })}
            <p class="field-error" id=format!("{name}-error")>{move || problem().map(|p| lang.problem(p))}</p>
            {options.into_iter().enumerate().map(|(i, (v, l))| {
                let id = format!("{name}-{i}");
                let checked = v == value;
                view! {
                    <div class="radio">
                        <input type="radio" id=id.clone() name=name value=v checked=checked/>
                        <label for=id>{l}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// Yes / No as radios.
pub fn yes_no_options(lang: crate::i18n::Lang) -> Vec<(String, String)> {
    vec![("yes".into(), lang.t(Msg::Yes).into()), ("no".into(), lang.t(Msg::No).into())]
}

/// Today in China (server render); the browser gets it from the page (`data-today`).
pub fn today() -> chrono::NaiveDate {
    #[cfg(feature = "ssr")]
    {
        crate::context::today()
    }
    #[cfg(not(feature = "ssr"))]
    {
        chrono::NaiveDate::default()
    }
}

/// Percent-encodes a path for a query string (`?next=`).
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// File size for people: 1.2 MB, 340 KB.
pub fn human_size(bytes: i32) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", f64::from(bytes) / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

#[component]
pub fn StatusTag(status: Status) -> impl IntoView {
    let lang = use_lang();
    let class = format!("tag tag-{}", status.as_db().0);
    view! { <span class=class>{lang.status(status)}</span> }
}

/// The page's `<title>` in the page's language: what the page is, the case if there is one, then
/// the site — "第 2 步：工作单位 · 申请 YJ-2026-000123 · 云聚英才卡". Tabs, bookmarks, the history
/// and a screen reader's page announcement tell the pages apart by it.
#[component]
pub fn PageTitle(#[prop(into)] text: String, #[prop(optional, into)] case: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let mut title = text;
    if let Some(reference) = case {
        title = format!("{title} · {} {reference}", lang.t(Msg::Application));
    }
    let title = format!("{title} · {}", lang.t(Msg::SiteName));
    view! { <leptos_meta::Title text=title/> }
}
