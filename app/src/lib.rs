//! The 云聚英才卡 application: pages and server functions shared by the server (SSR) and the
//! browser (hydration). One folder per capability: `auth`, `apply`, `review`, `workflow` (the case
//! page and every state change), `cards`, `verify`. The rules themselves live in `domain`.
#![recursion_limit = "256"]

pub mod adjustments;
pub mod assessments;
pub mod admin;
pub mod apply;
pub mod auth;
pub mod api_v1;
pub mod cards;
pub mod claims;
#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
pub mod csv;
pub mod dashboard;
pub mod decisions;
pub mod domain;
pub mod ecard;
pub mod error;
pub mod i18n;
pub mod inbox;
pub mod jobs;
pub mod islands;
#[cfg(feature = "ssr")]
pub mod limits;
pub mod live;
#[cfg(feature = "ssr")]
pub mod metrics;
pub mod policy;
pub mod requests;
pub mod review;
pub mod services;
#[cfg(feature = "ssr")]
pub mod secrets;
pub mod ui;
pub mod urls;
pub mod verify;
pub mod workflow;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{path, SsrMode};

use auth::api::whoami;
use auth::views::{AccountNav, LoginPage, RegisterPage, UserResource};
use i18n::{detect_lang, use_lang, use_t, Msg};

/// The HTML document around the app (server only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = detect_lang();
    // The holder's e-card page installs as its own home-screen app, opening on the card (issue 12).
    #[cfg(feature = "ssr")]
    let path = with_context::<axum::http::request::Parts, _>(|p| p.uri.path().to_string()).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let path = String::new();
    let manifest = if path == "/my-card" { "/ecard.webmanifest" } else { "/manifest.webmanifest" };
    view! {
        <!DOCTYPE html>
        <html lang=lang.html_code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#a3141d"/>
                <link rel="icon" href="/favicon.ico" sizes="32x32"/>
                <link rel="icon" href="/icon.svg" type="image/svg+xml"/>
                <link rel="apple-touch-icon" href="/apple-touch-icon.png"/>
                <link rel="manifest" href=manifest/>
                // pkg/yunju.<hash>.css when the build hashed the names (server/src/lib.rs).
                <HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = detect_lang();
    provide_context(lang);
    view! {
        // Each page names itself with <PageTitle> (ui.rs); this is the title of those that do not.
        <Title text=lang.t(Msg::SiteName)/>
        <Meta name="description" content=lang.t(Msg::SiteDescription)/>
        <Router>
            <Page/>
        </Router>
        <islands::Enhancements/>
    }
}

/// Header and routes; inside the router so that the signed-in user is re-read on navigation.
/// Every page renders whole before the first byte (`Async`): it works with JavaScript off, its
/// `<title>` can name the case, and an error page can still answer with its status (404, 403 …),
/// which a streamed page could not once its head was sent. Pages render in about a millisecond.
#[component]
fn Page() -> impl IntoView {
    let location = use_location();
    let user: UserResource = Resource::new(move || location.pathname.get(), |_| whoami());
    provide_context(user);
    view! {
        <Header/>
        <main id="main">
            <Routes fallback=NotFound>
                <Route path=path!("/") ssr=SsrMode::Async view=HomePage/>
                <Route path=path!("/login") ssr=SsrMode::Async view=LoginPage/>
                <Route path=path!("/register") ssr=SsrMode::Async view=RegisterPage/>
                <Route path=path!("/eligibility") ssr=SsrMode::Async view=apply::eligibility::EligibilityPage/>
                <Route path=path!("/applications") ssr=SsrMode::Async view=apply::views::MyApplicationsPage/>
                <Route path=path!("/claim") ssr=SsrMode::Async view=claims::views::ClaimPage/>
                <Route path=path!("/applications/new") ssr=SsrMode::Async view=apply::views::NewApplicationPage/>
                <Route path=path!("/applications/:id") ssr=SsrMode::Async view=apply::views::ApplicationPage/>
                <Route path=path!("/applications/:id/personal") ssr=SsrMode::Async view=apply::views::PersonalPage/>
                <Route path=path!("/applications/:id/employer") ssr=SsrMode::Async view=apply::views::EmployerPage/>
                <Route path=path!("/applications/:id/category") ssr=SsrMode::Async view=apply::views::CategoryPage/>
                <Route path=path!("/applications/:id/residence") ssr=SsrMode::Async view=apply::views::ResidencePage/>
                <Route path=path!("/applications/:id/family") ssr=SsrMode::Async view=apply::views::FamilyPage/>
                <Route path=path!("/applications/:id/declaration") ssr=SsrMode::Async view=apply::views::DeclarationPage/>
                <Route path=path!("/applications/:id/check") ssr=SsrMode::Async view=apply::views::CheckAnswersPage/>
                <Route path=path!("/applications/:id/submitted") ssr=SsrMode::Async view=apply::views::SubmittedPage/>
                <Route path=path!("/decisions") ssr=SsrMode::Async view=decisions::views::DecisionsPage/>
                <Route path=path!("/decisions/:id") ssr=SsrMode::Async view=decisions::views::BatchPage/>
                <Route path=path!("/dashboard") ssr=SsrMode::Async view=dashboard::views::DashboardPage/>
                <Route path=path!("/inbox") ssr=SsrMode::Async view=inbox::views::InboxPage/>
                <Route path=path!("/review") ssr=SsrMode::Async view=review::views::ReviewQueuePage/>
                <Route path=path!("/review/:id") ssr=SsrMode::Async view=workflow::views::CasePage/>
                <Route path=path!("/bank") ssr=SsrMode::Async view=cards::views::BankPage/>
                <Route path=path!("/bank/imports/:id") ssr=SsrMode::Async view=cards::views::ImportPage/>
                <Route path=path!("/cards/orders") ssr=SsrMode::Async view=cards::views::OrdersPage/>
                <Route path=path!("/cards/issue") ssr=SsrMode::Async view=cards::views::IssuePage/>
                <Route path=path!("/my-card") ssr=SsrMode::Async view=cards::views::MyCardPage/>
                <Route path=path!("/notices") ssr=SsrMode::Async view=cards::views::NoticesPage/>
                <Route path=path!("/adjustments") ssr=SsrMode::Async view=adjustments::views::AdjustmentsPage/>
                <Route path=path!("/assessments") ssr=SsrMode::Async view=assessments::views::AssessmentsPage/>
                <Route path=path!("/assessments/:id") ssr=SsrMode::Async view=assessments::views::CardAssessmentsPage/>
                <Route path=path!("/requests") ssr=SsrMode::Async view=requests::views::RequestsPage/>
                <Route path=path!("/requests/new") ssr=SsrMode::Async view=requests::views::NewRequestPage/>
                <Route path=path!("/requests/:id") ssr=SsrMode::Async view=requests::views::RequestPage/>
                <Route path=path!("/verify") ssr=SsrMode::Async view=verify::views::VerifyPage/>
                <Route path=path!("/admin") ssr=SsrMode::Async view=admin::views::AdminPage/>
                <Route path=path!("/admin/deadlines") ssr=SsrMode::Async view=admin::deadlines::DeadlinesPage/>
                <Route path=path!("/admin/routing") ssr=SsrMode::Async view=admin::routing::RoutingPage/>
                <Route path=path!("/admin/organisations") ssr=SsrMode::Async view=admin::organisations::OrganisationsPage/>
                <Route path=path!("/admin/policy") ssr=SsrMode::Async view=policy::views::AdminPolicyPage/>
                <Route path=path!("/policy") ssr=SsrMode::Async view=policy::views::PolicyPage/>
                <Route path=path!("/admin/api-keys") ssr=SsrMode::Async view=api_v1::views::ApiKeysPage/>
                <Route path=path!("/api-docs") ssr=SsrMode::Async view=api_v1::views::ApiDocsPage/>
            </Routes>
        </main>
    }
}

#[component]
fn Header() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let location = use_location();
    // A plain link: the server sets the cookie and sends the browser back here.
    // The way back keeps the query too (a filtered queue stays filtered).
    let switch = move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        // Not a refused form's error (`__err`, put back into this request by the server): the
        // way back must not carry what was typed.
        let search: Vec<&str> =
            search.trim_start_matches('?').split('&').filter(|p| !p.is_empty() && !p.starts_with("__err=") && !p.starts_with("__path=")).collect();
        let back = if search.is_empty() { path } else { format!("{path}?{}", search.join("&")) };
        format!("/lang/{}?back={}", lang.other().code(), urls::encode_component(&back))
    };
    view! {
        <header class="site-header">
            <a class="skip-link" href="#main">{t(Msg::SkipToContent)}</a>
            <a class="brand" href="/">{t(Msg::SiteName)}</a>
            <nav class="site-nav">
                <AccountNav/>
                <a href=switch rel="external" hreflang=lang.other().html_code() lang=lang.other().html_code() data-testid="lang-switch">
                    {t(Msg::OtherLanguage)}
                </a>
            </nav>
        </header>
    }
}

#[component]
fn HomePage() -> impl IntoView {
    let t = use_t();
    let user = expect_context::<UserResource>();
    view! {
        <h1>{t(Msg::SiteName)}</h1>
        <p class="lead">{t(Msg::SiteTagline)}</p>
        <p>{t(Msg::HomeIntro)}</p>
        <h2>{t(Msg::HomeHowTitle)}</h2>
        <p>{t(Msg::HomeHow)}</p>
        <p><a href="/policy">{t(Msg::PolicyVersions)}</a></p>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) => view! { <p><a class="button" href=u.role.home_path()>{t(Msg::GoToWork)}</a></p> }.into_any(),
                    _ => view! {
                        <p class="button-row">
                            <a class="button" href="/eligibility">{t(Msg::EligibilityStart)}</a>
                            <a class="button secondary" href="/login">{t(Msg::SignIn)}</a>
                            <a class="button secondary" href="/register">{t(Msg::Register)}</a>
                        </p>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let t = use_t();
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <crate::ui::PageTitle text=t(Msg::ErrNotFound)/>
        <h1>{t(Msg::ErrNotFound)}</h1>
        <p><a href="/">{t(Msg::Home)}</a></p>
    }
}
