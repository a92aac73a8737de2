//! `/assessments` (what waits for the reader) and `/assessments/{case}` (one card's rounds, the
//! open round's form, retirement).
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{assessment_list, assessment_reminders, assessments_of_card, AssessmentStep, RecordRetirement, SubmitAssessment};
use super::{CardAssessments, ReminderRow, RoundRow, RoundView};
use crate::adjustments::api::ProposeAdjustment;
use crate::auth::views::UserResource;
use crate::domain::assessment::{AssessmentStage, Grade, MAX_REPORT_CHARS};
use crate::domain::card::{Adjustment, AdjustmentReason};
use crate::domain::{Field, Problem, Role};
use crate::error::AppError;
use crate::i18n::{use_lang, use_t, Msg};
use crate::ui::{action_error, ErrorPage, ErrorSummary, RadioGroup, TextArea, TextInput};

#[component]
pub fn AssessmentsPage() -> impl IntoView {
    let t = use_t();
    let user = expect_context::<UserResource>();
    let rows = Resource::new(|| (), |_| assessment_list());
    view! {
        <crate::ui::PageTitle text=t(Msg::AssessmentsTitle)/>
        <h1>{t(Msg::AssessmentsTitle)}</h1>
        <p class="lead">{t(Msg::AssessmentsIntro)}</p>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                let role = match user.await {
                    Ok(Some(u)) => u.role,
                    Ok(None) => return view! { <ErrorPage error=AppError::Unauthenticated/> }.into_any(),
                    Err(e) => return view! { <ErrorPage error=e/> }.into_any(),
                };
                match rows.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(rows) => {
                        let sections: Vec<(Msg, &str, Vec<RoundRow>)> = if role == Role::EmployerAgent {
                            let (to_submit, submitted): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.stage.is_none());
                            vec![(Msg::AssessmentsToSubmit, "to-submit", to_submit), (Msg::AssessmentsInProgress, "in-progress", submitted)]
                        } else {
                            let mine = if role == Role::Hrss { AssessmentStage::WithHrss } else { AssessmentStage::WithDepartment };
                            let (waiting, others): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.stage == Some(mine));
                            let overdue = others.into_iter().filter(|r| r.overdue_working_days.is_some()).collect();
                            vec![(Msg::AssessmentsWaitingForYou, "waiting", waiting), (Msg::AssessmentsOverdue, "overdue", overdue)]
                        };
                        view! {
                            {(role == Role::EmployerAgent).then(|| view! { <Reminders/> })}
                            {sections.into_iter().map(|(title, id, rows)| view! { <RoundTable title id rows/> }).collect_view()}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The agent: what the scheduler reminded its unit of.
#[component]
fn Reminders() -> impl IntoView {
    let t = use_t();
    let reminders = Resource::new(|| (), |_| assessment_reminders());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let list: Vec<ReminderRow> = reminders.await.unwrap_or_default();
                (!list.is_empty()).then(|| view! {
                    <section data-testid="reminders">
                        <h2>{t(Msg::Reminders)}</h2>
                        <ul class="inbox">
                            {list.into_iter().map(|r| view! {
                                <li data-kind=r.kind.clone()>
                                    {r.sent_on.clone()} " · " <a href=format!("/assessments/{}", r.application_id)>{r.reference.clone()}</a> " · " {r.full_name.clone()} " · "
                                    {t(match r.kind.as_str() {
                                        "assessment_due" => Msg::ReminderAssessmentDue,
                                        "assessment_overdue" => Msg::ReminderAssessmentOverdue,
                                        _ => Msg::ReminderCardEnding,
                                    })}
                                    " " {r.due_on.clone()}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Suspense>
    }
}

#[component]
fn RoundTable(title: Msg, id: &'static str, rows: Vec<RoundRow>) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    view! {
        <section data-testid=id>
            <h2>{t(title)} " (" {rows.len()} ")"</h2>
            {if rows.is_empty() {
                view! { <p>{t(Msg::NoneYet)}</p> }.into_any()
            } else {
                view! {
                    <table class="queue">
                        <thead><tr>
                            <th>{t(Msg::Reference)}</th><th>{t(Msg::Name)}</th><th>{t(Msg::AssessmentRound)}</th><th>{t(Msg::DueOn)}</th>
                            <th>{t(Msg::Status)}</th><th>{t(Msg::OverdueWorkingDays)}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr data-reference=r.reference.clone() data-round=r.round>
                                    <td><a href=format!("/assessments/{}", r.application_id)>{r.reference.clone()}</a></td>
                                    <td>{r.full_name.clone()}</td>
                                    <td>{r.round} "/2"</td>
                                    <td>{r.due_on.clone()}</td>
                                    <td>{match (r.stage, r.standing) {
                                        (Some(s), _) => lang.assessment_stage(s),
                                        (None, Some(s)) => lang.standing(s),
                                        _ => "",
                                    }}
                                    {r.grade.map(|g| view! { " · " {lang.grade(g)} })}</td>
                                    <td data-testid="overdue-days">{r.overdue_working_days.map(|d| d.to_string()).unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn CardAssessmentsPage() -> impl IntoView {
    let t = use_t();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let submit = ServerAction::<SubmitAssessment>::new();
    let step = ServerAction::<AssessmentStep>::new();
    let retire = ServerAction::<RecordRetirement>::new();
    let propose = ServerAction::<ProposeAdjustment>::new();
    let card = Resource::new(
        move || (id(), submit.version().get(), step.version().get(), retire.version().get()),
        |(id, ..)| assessments_of_card(id),
    );
    view! {
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match card.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(c) => view! { <CardView c submit step retire propose/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CardView(
    c: CardAssessments,
    submit: ServerAction<SubmitAssessment>,
    step: ServerAction<AssessmentStep>,
    retire: ServerAction<RecordRetirement>,
    propose: ServerAction<ProposeAdjustment>,
) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let id = c.application_id;
    view! {
        <crate::ui::PageTitle text=t(Msg::AssessmentsOfCard) case=c.reference.clone()/>
        <p><a href="/assessments">{t(Msg::AssessmentsTitle)}</a></p>
        <h1>{t(Msg::AssessmentsOfCard)} " · " {c.reference.clone()}</h1>
        <dl class="facts">
            <dt>{t(Msg::Name)}</dt><dd>{c.full_name.clone()}</dd>
            <dt>{t(Msg::ManagementPeriod)}</dt><dd>{c.issued_on.clone()} " – " {c.valid_until.clone()}</dd>
            <dt>{t(Msg::Status)}</dt><dd data-testid="talent-status">{lang.card_status(&c.talent)}</dd>
            {c.retired_on.clone().map(|d| view! { <dt>{t(Msg::RetiredOnShown)}</dt><dd data-testid="retired-on">{d}</dd> })}
        </dl>
        {c.rounds.iter().cloned().map(|r| {
            let may_submit = c.may_submit == Some(r.round);
            let may_step = c.may_step == Some(r.round);
            view! { <Round id r may_submit may_step submit step/> }
        }).collect_view()}
        {c.may_propose_suspension.then(|| view! { <ProposeSuspension id propose/> })}
        {c.may_record_retirement.then(|| view! { <Retirement id retire/> })}
    }
}

#[component]
fn Round(id: i64, r: RoundView, may_submit: bool, may_step: bool, submit: ServerAction<SubmitAssessment>, step: ServerAction<AssessmentStep>) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let round = r.round;
    view! {
        <section class="assessment-round" data-testid=format!("round-{round}") data-stage=r.stage.map(|s| s.as_str())>
            <h2>{t(Msg::AssessmentRound)} " " {round} "/2 · " {t(Msg::DueOn)} " " {r.due_on.clone()}</h2>
            <p data-testid="round-state">{match (r.stage, r.standing) {
                (Some(s), _) => lang.assessment_stage(s),
                (None, Some(s)) => lang.standing(s),
                _ => "",
            }}</p>
            {r.stage.is_some().then(|| view! {
                <dl class="facts">
                    <dt>{t(Msg::GradeLabel)}</dt><dd data-testid="grade">{r.grade.map(|g| lang.grade(g))}</dd>
                    <dt>{t(Msg::AssessmentReportLabel)}</dt><dd class="opinion">{r.report.clone()}</dd>
                    {r.department_opinion.clone().map(|o| view! { <dt>{t(Msg::DepartmentOpinionLabel)}</dt><dd class="opinion" data-testid="department-opinion">{o}</dd> })}
                </dl>
            })}
            {r.report_file.clone().map(|(token, name)| view! {
                <p>{t(Msg::AssessmentReportFileLabel)} ": " <a href=format!("/assessments/reports/{token}") data-testid="report-file">{name}</a></p>
            })}
            {(!r.events.is_empty()).then(|| view! {
                <ol class="history">
                    {r.events.iter().cloned().map(|(when, role, to, opinion)| view! {
                        <li>{when} " · " {lang.role(role)} " → " {lang.assessment_stage(to)}
                            {(!opinion.is_empty()).then(|| view! { <p class="opinion">{opinion}</p> })}</li>
                    }).collect_view()}
                </ol>
            })}
            {may_submit.then(|| view! { <SubmitForm id has_file=r.report_file.is_some() submit/> })}
            {may_step.then(|| view! { <StepForm id round filing=r.stage == Some(AssessmentStage::WithHrss) step/> })}
        </section>
    }
}

/// The agent: upload the signed PDF (a plain multipart form), then submit grade and report.
#[component]
fn SubmitForm(id: i64, has_file: bool, submit: ServerAction<SubmitAssessment>) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let error = action_error(submit);
    let upload_problem = use_query_map().read_untracked().get("upload_error").map(|c| match c.as_str() {
        "too_large" => Problem::FileTooLarge,
        "empty" => Problem::FileEmpty,
        _ => Problem::PdfOnly,
    });
    let grades: Vec<(String, String)> = Grade::ALL.into_iter().map(|g| (g.as_str().to_string(), lang.grade(g).to_string())).collect();
    let file_missing = move || error.get().and_then(|e| e.problem_with(Field::AssessmentReportFile));
    view! {
        <form method="post" action=format!("/assessments/{id}/report") enctype="multipart/form-data" class="upload" data-testid="report-upload">
            <div class="field" class:field-invalid=move || upload_problem.is_some() || file_missing().is_some()>
                <label for="report-file">{t(Msg::AssessmentReportFileLabel)}</label>
                {has_file.then(|| view! { <p class="hint">{t(Msg::ReportUploaded)}</p> })}
                <p class="field-error" id="report-file-error">
                    {upload_problem.map(|p| lang.problem(p))}
                    {move || file_missing().map(|p| lang.problem(p))}
                </p>
                <input type="file" id="report-file" name="file" accept="application/pdf" required aria-describedby="report-file-error"/>
            </div>
            <button type="submit" class="button secondary">{t(Msg::UploadReport)}</button>
        </form>
        <ErrorSummary error/>
        <ActionForm action=submit attr:data-testid="submit-assessment">
            <input type="hidden" name="id" value=id/>
            <RadioGroup name="grade" legend=Msg::GradeLabel field=Field::AssessmentGrade error options=grades/>
            <TextArea name="report" label=Msg::AssessmentReportLabel field=Field::AssessmentReport error rows=6 maxlength=MAX_REPORT_CHARS/>
            <button type="submit" class="button">{t(Msg::SubmitAssessment)}</button>
        </ActionForm>
    }
}

/// The department's opinion, or HRSS filing.
#[component]
fn StepForm(id: i64, round: u8, filing: bool, step: ServerAction<AssessmentStep>) -> impl IntoView {
    let t = use_t();
    let error = action_error(step);
    view! {
        <ErrorSummary error/>
        <ActionForm action=step attr:data-testid="assessment-step">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="round" value=round/>
            <TextArea name="opinion" label=if filing { Msg::HrssNoteLabel } else { Msg::DepartmentOpinionLabel } field=Field::Opinion error maxlength=MAX_REPORT_CHARS/>
            <button type="submit" class="button">{t(if filing { Msg::FileAssessment } else { Msg::AddOpinion })}</button>
        </ActionForm>
    }
}

/// A "not competent" grade: the department proposes the move to the contact list from here.
#[component]
fn ProposeSuspension(id: i64, propose: ServerAction<ProposeAdjustment>) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let error = action_error(propose);
    let reasons: Vec<(String, String)> = AdjustmentReason::ALL
        .into_iter()
        .filter(|r| r.fits(Adjustment::Suspend))
        .map(|r| (r.as_str().to_string(), lang.adjustment_reason(r).to_string()))
        .collect();
    view! {
        <section data-testid="propose-suspension">
            <h2>{lang.adjustment(Adjustment::Suspend)}</h2>
            <p class="hint">{t(Msg::NotCompetentHint)}</p>
            <ErrorSummary error/>
            <ActionForm action=propose>
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="kind" value=Adjustment::Suspend.as_str()/>
                <crate::ui::SelectInput name="reason" label=Msg::AdjustmentReasonLabel field=Field::AdjustmentReason error options=reasons/>
                <TextArea name="details" label=Msg::WhatHappened field=Field::Opinion error/>
                <button type="submit" class="button warning">{lang.adjustment(Adjustment::Suspend)}</button>
            </ActionForm>
        </section>
    }
}

/// Art. 6(3): the agent or HRSS records the retirement day.
#[component]
fn Retirement(id: i64, retire: ServerAction<RecordRetirement>) -> impl IntoView {
    let t = use_t();
    let error = action_error(retire);
    view! {
        <section data-testid="retirement">
            <h2>{t(Msg::RetirementTitle)}</h2>
            <p class="hint">{t(Msg::RetirementHint)}</p>
            <ErrorSummary error/>
            <ActionForm action=retire>
                <input type="hidden" name="id" value=id/>
                <TextInput name="retired_on" label=Msg::RetiredOnLabel field=Field::RetiredOn error kind="date"/>
                <button type="submit" class="button secondary">{t(Msg::RecordRetirement)}</button>
            </ActionForm>
        </section>
    }
}
