//! /dashboard: the charts are SVG drawn here on the server (no script), each with its numbers
//! as a table for screen readers and for copying.
use leptos::prelude::*;

use super::api::dashboard;
use crate::i18n::{use_lang, use_t, Msg};
use crate::ui::ErrorPage;

/// A horizontal bar chart: one bar per (label, value), scaled to the largest value.
#[component]
pub fn BarChart(title: String, rows: Vec<(String, f64)>, #[prop(optional)] testid: &'static str) -> impl IntoView {
    let max = rows.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max).max(1.0);
    let (label_w, bar_w, row_h) = (150.0, 300.0, 26.0);
    let height = row_h * rows.len() as f64 + 8.0;
    let table_rows = rows.clone();
    view! {
        <figure class="chart" data-testid=testid>
            <figcaption>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {} {height}", label_w + bar_w + 60.0) role="img" aria-label=title width="100%">
                {rows.into_iter().enumerate().map(|(i, (label, value))| {
                    let y = 4.0 + i as f64 * row_h;
                    let w = (value / max * bar_w).max(if value > 0.0 { 2.0 } else { 0.0 });
                    view! {
                        <text x=label_w - 6.0 y=y + 17.0 text-anchor="end" class="chart-label">{label}</text>
                        <rect x=label_w y=y + 3.0 width=w height=row_h - 8.0 class="chart-bar"></rect>
                        <text x=label_w + w + 6.0 y=y + 17.0 class="chart-value">{fmt(value)}</text>
                    }
                }).collect_view()}
            </svg>
            <details><summary>{move || use_t()(Msg::ChartData)}</summary>
                <table class="queue"><tbody>
                    {table_rows.into_iter().map(|(l, v)| view! { <tr><th scope="row">{l}</th><td>{fmt(v)}</td></tr> }).collect_view()}
                </tbody></table>
            </details>
        </figure>
    }
}

fn fmt(v: f64) -> String {
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.1}") }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let stats = Resource::new(|| (), |_| dashboard());
    view! {
        <crate::ui::PageTitle text=t(Msg::Dashboard)/>
        <h1>{t(Msg::Dashboard)}</h1>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match stats.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(s) => view! {
                        <crate::live::views::LiveFigures position=s.position/>
                        <p class="big-number" data-testid="overdue">{t(Msg::OverdueCases)} ": " <strong>{s.overdue}</strong>
                            " " <a href="/review?due=overdue">{t(Msg::OverdueOnly)}</a></p>
                        <div class="charts">
                            <BarChart title=t(Msg::CasesPerStage).to_string() testid="chart-stages"
                                rows=s.per_stage.iter().map(|(st, n)| (lang.status(*st).to_string(), *n as f64)).collect()/>
                            <BarChart title=t(Msg::MedianDays).to_string() testid="chart-median"
                                rows=s.median_working_days.iter().map(|(st, d)| (lang.status(*st).to_string(), *d)).collect()/>
                            <BarChart title=t(Msg::CategoryMix).to_string() testid="chart-categories"
                                rows=s.category_mix.iter().map(|(c, n)| (format!("{} {c}", t(Msg::Category)), *n as f64)).collect()/>
                            <BarChart title=t(Msg::MonthlyIntake).to_string() testid="chart-intake"
                                rows=s.monthly_intake.iter().map(|(m, n)| (m.clone(), *n as f64)).collect()/>
                        </div>
                        <div class="charts">
                            <BarChart title=t(Msg::HoldersByStatus).to_string() testid="chart-holders"
                                rows=s.holders_by_status.iter().map(|(st, n)| (lang.card_status(st).to_string(), *n as f64)).collect()/>
                        </div>
                        <p class="big-number" data-testid="expiring">{t(Msg::Expiring90)} ": " <strong>{s.expiring_90_days}</strong></p>
                        <p class="big-number" data-testid="assessments">
                            <a href="/assessments">{t(Msg::AssessmentsInProgress)}</a> ": " <strong>{s.assessments_in_progress}</strong>
                            " · " {t(Msg::AssessmentsOverdue)} ": " <strong data-testid="assessments-overdue">{s.assessments_overdue}</strong>
                        </p>
                        <ServiceUseTables usage=s.service_use.clone()/>
                    }.into_any(),
                }
            })}
        </Suspense>
        <crate::requests::oversight::RequestStatsPanel/>
    }
}

/// Service use by type and month of this year, and the yearly quotas (issue 12).
#[component]
fn ServiceUseTables(usage: crate::services::ServiceUse) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let types: Vec<crate::domain::ServiceType> =
        crate::domain::ServiceType::ALL.into_iter().filter(|ty| usage.by_month.iter().any(|(s, _, _)| s == ty.as_str())).collect();
    let count = move |ty: &str, month: i32| usage.by_month.iter().find(|(s, m, _)| s == ty && *m == month).map_or(0, |(_, _, n)| *n);
    view! {
        <section aria-labelledby="service-use-title" data-testid="service-use">
            <h2 id="service-use-title">{t(Msg::ServiceUseTitle)} " " {usage.year}</h2>
            {if types.is_empty() { view! { <p>{t(Msg::NoRecords)}</p> }.into_any() } else { view! {
                <div class="table-scroll">
                    <table class="table">
                        <thead><tr><th scope="col">{t(Msg::ServiceLabel)}</th>
                            {(1..=12).map(|m| view! { <th scope="col">{m}</th> }).collect_view()}
                            <th scope="col">{t(Msg::Total)}</th></tr></thead>
                        <tbody>
                            {types.into_iter().map(|ty| view! {
                                <tr><th scope="row">{lang.service(ty)}</th>
                                    {(1..=12).map(|m| view! { <td>{count(ty.as_str(), m)}</td> }).collect_view()}
                                    <td>{(1..=12).map(|m| count(ty.as_str(), m)).sum::<i64>()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any() }}
            <table class="table" data-testid="quota-use">
                <thead><tr><th scope="col">{t(Msg::ServiceLabel)}</th><th scope="col">{t(Msg::QuotaUses)}</th><th scope="col">{t(Msg::QuotaExhausted)}</th></tr></thead>
                <tbody>
                    {usage.quotas.into_iter().map(|(s, used, full)| view! {
                        <tr><th scope="row">{lang.ledger_service(s)}</th><td>{used}</td><td>{full}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
