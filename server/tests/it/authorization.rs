//! Who may call what: every server function and every plain HTTP route, as every role and as
//! nobody, on real cases, in one table (SYSTEM.md "People and what each may touch": "Every check
//! of 'may' happens on the server, for every server function and endpoint. Data of one applicant,
//! unit, department or provider is invisible to the others unless the table says so.").
//! And the race of SYSTEM.md "The application": two reviewers at once, exactly one wins.
use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use leptos::prelude::LeptosOptions;
use tower::ServiceExt;

use app::domain::DomainError;
use app::error::AppError;
use common::{card_number, credit_code, resident_id, Actor, TestApp, DEMO_PASSWORD, PDF};

/// What a cell of the matrix expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum E {
    /// Allowed: the call gets past every check of who is calling (the test makes it succeed).
    Y,
    /// Not signed in: `Unauthenticated` (a plain route sends the browser to `/login`).
    A,
    /// Not signed in while saving a wizard section: `SessionExpired`, handing back what was typed.
    S,
    /// Wrong role: `Forbidden`.
    F,
    /// Not this caller's case, so it does not exist for them: `NotFound` (a plain route answers
    /// 404 for `NotFound` and `Forbidden` alike).
    H,
    /// Sees the case, but the state machine gives the command to another role: `RoleMayNot`.
    R,
}
use E::*;

/// The columns: anonymous, the nine roles of SYSTEM.md, and two "others" that make its data
/// boundaries visible (a second applicant, and an industry department the cases are not routed
/// to). Every case below is filed by `applicant` for a unit that is not `agent`'s.
const COLUMNS: [(&str, &str); 12] = [
    ("", ""),                            //  0 anon  — not signed in
    ("applicant", DEMO_PASSWORD),        //  1 appl  — the talent who filed every case
    ("matrix.other", "long enough"),     //  2 appl2 — another applicant
    ("agent", DEMO_PASSWORD),            //  3 agent — employer agent of another unit
    ("handling", DEMO_PASSWORD),         //  4 hand  — handling dept (pre-review)
    ("industry_kgxj", DEMO_PASSWORD),    //  5 kgxj  — industry dept the cases are routed to (cat. 5)
    ("industry_jyj", DEMO_PASSWORD),     //  6 jyj   — industry dept they are NOT routed to
    ("hrss", DEMO_PASSWORD),             //  7 hrss  — re-review
    ("talent_office", DEMO_PASSWORD),    //  8 talo  — decision, issuing
    ("bank", DEMO_PASSWORD),             //  9 bank
    ("hospital", DEMO_PASSWORD),         // 10 prov  — a service provider
    ("admin", DEMO_PASSWORD),            // 11 admin
];

/// One line: what is called (a server function's endpoint, or "METHOD /route"), on what (a case
/// in some state, or nothing), and who may.
struct Row {
    call: &'static str,
    on: &'static str,
    may: [E; 12],
}

const fn row(call: &'static str, on: &'static str, may: [E; 12]) -> Row {
    Row { call, on, may }
}

/// The rows run in this order; within a row the refusals run first and the allowed calls last, so
/// a call that changes the case (a pass, a submit) never spoils a refusal. A row that changes its
/// case is the last to use it (or the next row expects the new state).
#[rustfmt::skip]
const MATRIX: &[Row] = &[
    //                                                             anon appl appl2 agent hand kgxj jyj hrss talo bank prov admin
    // Signing in, out, the language: no role needed.
    row("login", "",                                              [Y,   Y,   Y,   Y,   Y,   Y,   Y,  Y,   Y,   Y,   Y,   Y]), // SYSTEM.md "People": everyone of the table signs in
    row("register", "",                                           [Y,   Y,   Y,   Y,   Y,   Y,   Y,  Y,   Y,   Y,   Y,   Y]), // SYSTEM.md "People": applicants make their own account (staff: admin)
    row("me", "",                                                 [Y,   Y,   Y,   Y,   Y,   Y,   Y,  Y,   Y,   Y,   Y,   Y]), // SYSTEM.md "People": who is calling (nobody: none)
    row("logout", "",                                             [Y,   Y,   Y,   Y,   Y,   Y,   Y,  Y,   Y,   Y,   Y,   Y]), // SYSTEM.md "People": a session ends when asked
    row("GET /lang/{code}", "",                                   [Y,   Y,   Y,   Y,   Y,   Y,   Y,  Y,   Y,   Y,   Y,   Y]), // SYSTEM.md "Languages": switchable on every page
    // The application: the filer's own draft (`draft`: complete, in draft).
    row("create_application", "",                                 [A,   Y,   Y,   Y,   F,   F,   F,  F,   F,   F,   F,   F]), // SYSTEM.md applicant "create … own drafts"; agent "apply on behalf of staff"
    row("my_applications", "",                                    [A,   Y,   Y,   Y,   F,   F,   F,  F,   F,   F,   F,   F]), // SYSTEM.md applicant "see own applications"
    row("save_personal", "draft",                                 [S,   Y,   H,   H,   F,   F,   F,  F,   F,   F,   F,   F]), // SYSTEM.md applicant "edit own drafts"; others: invisible
    row("save_employer", "draft",                                 [S,   Y,   H,   H,   F,   F,   F,  F,   F,   F,   F,   F]), // SYSTEM.md applicant "edit own drafts"; agent only "its own unit"
    row("save_category", "draft",                                 [S,   Y,   H,   H,   F,   F,   F,  F,   F,   F,   F,   F]), // SYSTEM.md applicant "edit own drafts"
    row("save_residence", "draft",                                [S,   Y,   H,   H,   F,   F,   F,  F,   F,   F,   F,   F]), // SYSTEM.md applicant "edit own drafts"
    row("add_dependent", "draft",                                 [S,   Y,   H,   H,   F,   F,   F,  F,   F,   F,   F,   F]), // SYSTEM.md applicant "edit own drafts" (Art. 4 dependents)
    row("remove_dependent", "draft",                              [A,   Y,   H,   H,   F,   F,   F,  F,   F,   F,   F,   F]), // SYSTEM.md applicant "edit own drafts"
    row("finish_family", "draft",                                 [A,   Y,   H,   H,   F,   F,   F,  F,   F,   F,   F,   F]), // SYSTEM.md applicant "edit own drafts"
    row("save_declaration", "draft",                              [A,   Y,   H,   H,   F,   F,   F,  F,   F,   F,   F,   F]), // SYSTEM.md applicant "edit own drafts"
    row("case", "draft",                                          [A,   Y,   H,   H,   H,   H,   H,  H,   H,   H,   H,   H]), // SYSTEM.md: an applicant's data is invisible to the others
    row("GET /documents/{token}", "draft",                        [A,   Y,   H,   H,   H,   H,   H,  H,   H,   H,   H,   H]), // SYSTEM.md: an applicant's data is invisible to the others
    row("POST /applications/{id}/documents", "draft",             [A,   Y,   H,   H,   H,   H,   H,  H,   H,   H,   H,   H]), // SYSTEM.md "every document is an upload" by the filer
    row("POST /documents/{token}/remove", "draft",                [A,   Y,   H,   H,   H,   H,   H,  H,   H,   H,   H,   H]), // SYSTEM.md applicant "edit own drafts"
    row("submit_application", "draft",                            [A,   Y,   H,   H,   F,   F,   F,  F,   F,   F,   F,   F]), // SYSTEM.md applicant "submit" (last row on the draft)
    // Claims (issue 10): a case the agent filed (`agent_draft`); a fresh code of another for each claim.
    row("create_claim", "agent_draft",                            [A,   F,   F,   Y,   F,   F,   F,  F,   F,   F,   F,   F]), // issue 10: the agent who filed it asks for a claim code
    row("claim_state", "agent_draft",                             [A,   F,   F,   Y,   F,   F,   F,  F,   F,   F,   F,   F]), // issue 10: only the agent who filed it sees the code
    row("claim_case", "fresh code",                               [S,   Y,   Y,   F,   F,   F,   F,  F,   F,   F,   F,   F]), // issue 10: a talent (an applicant account) proves the code
    // A submitted case in first review, routed to kgxj (`routed`).
    row("case", "routed",                                         [A,   Y,   H,   H,   Y,   Y,   H,  Y,   Y,   H,   H,   H]), // SYSTEM.md: handling "all applications", industry "routed to it", bank "never sees review material"
    row("GET /documents/{token}", "routed",                       [A,   Y,   H,   H,   Y,   Y,   H,  Y,   Y,   H,   H,   H]), // SYSTEM.md: as the case; providers and admin see no cases
    row("add_note", "routed",                                     [A,   F,   F,   F,   Y,   Y,   H,  Y,   Y,   F,   F,   F]), // SYSTEM.md: officials who may see the case (never the applicant)
    row("GET /review/{id}/audit.csv", "routed",                   [A,   H,   H,   H,   H,   H,   H,  Y,   H,   H,   H,   H]), // SYSTEM.md "Every transition is recorded"; HRSS files (issue 4)
    row("GET /review/queue.csv", "",                              [A,   H,   H,   H,   Y,   Y,   Y,  Y,   Y,   H,   H,   H]), // SYSTEM.md: the four reviewing bodies, each its own queue (issue 4: CSV export of each queue)
    row("review_queue", "",                                       [A,   F,   F,   F,   Y,   Y,   Y,  Y,   Y,   F,   F,   F]), // SYSTEM.md: the four reviewing bodies, each its stage
    row("dashboard", "",                                          [A,   F,   F,   F,   F,   F,   F,  Y,   Y,   F,   F,   F]), // not in SYSTEM.md's table (new, in progress): aggregate figures for HRSS and the talent office
    row("inbox", "",                                              [A,   Y,   Y,   Y,   Y,   Y,   Y,  Y,   Y,   Y,   Y,   Y]), // SYSTEM.md "Notifications": each reads its own inbox
    // Acting on the case page: one case (`walker`) walks through every stage.
    row("act", "card_made",                                       [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   F]), // SYSTEM.md bank "report card numbers" on its own page, not the case page
    row("act", "pass @ pre_review",                               [A,   R,   H,   H,   Y,   H,   H,  R,   R,   H,   H,   H]), // SYSTEM.md handling "pre-review"; not yet routed to any industry dept
    row("act", "pass @ first_review",                             [A,   R,   H,   H,   R,   Y,   H,  R,   R,   H,   H,   H]), // SYSTEM.md industry "first review of applications routed to it"
    row("act", "pass @ re_review",                                [A,   R,   H,   H,   R,   R,   H,  Y,   R,   H,   H,   H]), // SYSTEM.md HRSS "re-review"
    row("act", "approve @ decision",                              [A,   R,   H,   H,   R,   R,   H,  R,   Y,   H,   H,   H]), // SYSTEM.md talent office "record each decision"
    row("act", "withdraw @ pre_review",                           [A,   Y,   H,   H,   R,   H,   H,  R,   R,   H,   H,   H]), // SYSTEM.md applicant "withdraw before decision"
    // Card making (Art. 5(6)): HRSS sends `walker`, just approved, to the bank (`refused` is on an
    // earlier batch); the bank refuses `refused` and makes `walker`'s card; HRSS resends `refused`.
    row("approved_cases", "",                                     [A,   F,   F,   F,   F,   F,   F,  Y,   F,   F,   F,   F]), // SYSTEM.md HRSS "send approved cases to the bank"
    row("send_order_batch", "walker",                             [A,   F,   F,   F,   F,   F,   F,  Y,   F,   F,   F,   F]), // SYSTEM.md HRSS "send approved cases to the bank"
    row("order_batches", "",                                      [A,   F,   F,   F,   F,   F,   F,  Y,   F,   Y,   F,   F]), // SYSTEM.md bank "receive card orders"; HRSS sent them
    row("open_order_lines", "",                                   [A,   F,   F,   F,   F,   F,   F,  Y,   F,   Y,   F,   F]), // SYSTEM.md bank "receive card orders"; HRSS sent them
    row("GET /bank/batches/{id}/lines.csv", "batch",              [A,   H,   H,   H,   H,   H,   H,  Y,   H,   Y,   H,   H]), // issue 11: the bank downloads the batch (HRSS sent it)
    row("GET /bank/batches/{id}/lines.json", "batch",             [A,   H,   H,   H,   H,   H,   H,  Y,   H,   Y,   H,   H]), // issue 11: the batch's JSON variant
    row("GET /bank/photos/{line}", "unsigned",                    [H,   H,   H,   H,   H,   H,   H,  H,   H,   H,   H,   H]), // issue 11: a photo only by a signed link, whoever asks
    row("record_card", "refusal",                                 [A,   F,   F,   F,   F,   F,   F,  F,   F,   Y,   F,   F]), // SYSTEM.md bank "report … rejections"
    row("POST /bank/results", "file",                             [A,   H,   H,   H,   H,   H,   H,  H,   H,   Y,   H,   H]), // SYSTEM.md bank "report card numbers / rejections" (issue 11: as a file)
    row("card_import", "import",                                  [A,   F,   F,   F,   F,   F,   F,  Y,   F,   Y,   F,   F]), // issue 11: the reconciliation report, for the bank and HRSS
    row("act", "resend_to_bank @ bank_refused",                   [A,   R,   H,   H,   R,   R,   H,  Y,   R,   H,   H,   H]), // Art. 5(6), issue 10: HRSS fixes what the bank named and resends
    row("record_card", "card_production",                         [A,   F,   F,   F,   F,   F,   F,  F,   F,   Y,   F,   F]), // SYSTEM.md bank "report card numbers"
    // Issuing (Art. 5(7)).
    row("bank_cards", "",                                         [A,   F,   F,   F,   F,   F,   F,  Y,   F,   Y,   F,   F]), // SYSTEM.md "Card": the bank and HRSS see both tracks (issue 11)
    row("made_cards", "",                                         [A,   F,   F,   F,   F,   F,   F,  F,   Y,   F,   F,   F]), // SYSTEM.md talent office "issue cards"
    row("issue_cards", "walker",                                  [A,   F,   F,   F,   F,   F,   F,  F,   Y,   F,   F,   F]), // SYSTEM.md talent office "issue cards, notify units"
    row("my_cards", "",                                           [A,   Y,   Y,   F,   F,   F,   F,  F,   F,   F,   F,   F]), // SYSTEM.md applicant "see own … card"
    row("card_notices", "",                                       [A,   Y,   Y,   Y,   Y,   Y,   Y,  Y,   Y,   Y,   Y,   Y]), // SYSTEM.md "Notifications": each unit reads its own notices (others: none)
    // Providers (the card the bank just made).
    row("verify_card", "issued",                                  [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   Y,   F]), // SYSTEM.md provider "verify a card"
    row("verification", "own check",                              [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   Y,   F]), // SYSTEM.md "Verification": the provider learns the verdict
    // The card at the counter (issue 12): the e-card, the ledger, the holder's tracker.
    row("verify_code", "qr of issued",                            [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   Y,   F]), // SYSTEM.md "Verification": the provider scans the e-card
    row("GET /verify/checks/{id}/photo", "own check",             [A,   H,   H,   H,   H,   H,   H,  H,   H,   H,   Y,   H]), // SYSTEM.md "Verification": the photo, to the counter that checked
    row("record_service", "own check",                            [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   Y,   F]), // SYSTEM.md "Services and providers": the provider records the service
    row("org_service_records", "",                                [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   Y,   F]), // issue 12: the organisation's own entries
    row("cancel_service", "own record",                           [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   Y,   F]), // issue 12: the same organisation cancels within 24 h
    row("service_receipts", "",                                   [A,   Y,   Y,   F,   F,   F,   F,  F,   F,   F,   F,   F]), // issue 12: the holder's receipts (another applicant: none)
    row("ecard_code", "",                                         [A,   Y,   Y,   F,   F,   F,   F,  F,   F,   F,   F,   F]), // issue 12: the holder's e-card (another applicant: no card, no code)
    row("data_tracker", "",                                       [A,   Y,   Y,   F,   F,   F,   F,  F,   F,   F,   F,   F]), // issue 12: the holder's data tracker (another applicant: empty)
    row("GET /my-card/code.json", "",                             [A,   Y,   H,   H,   H,   H,   H,  H,   H,   H,   H,   H]), // issue 12: a new code, only for a holder with a card in force
    row("GET /my-card/photo", "",                                 [A,   Y,   H,   H,   H,   H,   H,  H,   H,   H,   H,   H]), // issue 12: the holder's own photo
    row("GET /.well-known/yunju-ecard-keys.json", "",             [Y,   Y,   Y,   Y,   Y,   Y,   Y,  Y,   Y,   Y,   Y,   Y]), // issue 12: public keys are public
    // The contact list (issue 13, item 2): the industry department proposes, HRSS decides.
    row("department_holders", "",                                 [A,   F,   F,   F,   F,   Y,   Y,  F,   F,   F,   F,   F]), // RULES.md Art. 6(1): the industry department's holders (jyj: none)
    row("propose_adjustment", "walker",                           [A,   F,   F,   F,   F,   Y,   H,  F,   F,   F,   F,   F]), // RULES.md Art. 6(1): the industry department of the case proposes
    row("open_adjustments", "",                                   [A,   F,   F,   F,   F,   F,   F,  Y,   F,   F,   F,   F]), // RULES.md Art. 6(1): HRSS files
    row("decide_adjustment", "walker's proposal",                 [A,   F,   F,   F,   F,   F,   F,  Y,   F,   F,   F,   F]), // RULES.md Art. 6(1): HRSS files (here: declines)
    // The biennial assessment and retirement (issue 13, items 1 and 4): `walker`'s card was issued
    // today, so no round is open for its agent (not in the matrix: `agent` is of another unit); an
    // assessment put with the department by hand walks on.
    row("assessment_list", "",                                    [A,   F,   F,   Y,   F,   Y,   Y,  Y,   F,   F,   F,   F]), // RULES.md Art. 6: the employer, the industry department, HRSS
    row("assessment_reminders", "",                               [A,   F,   F,   Y,   F,   F,   F,  F,   F,   F,   F,   F]), // RULES.md Art. 6: the employer is reminded (issue 13, item 6)
    row("assessments_of_card", "walker",                          [A,   F,   F,   H,   F,   Y,   H,  Y,   F,   F,   F,   F]), // RULES.md Art. 6: the holder's unit, the case's department, HRSS
    row("submit_assessment", "walker",                            [A,   F,   F,   H,   F,   F,   F,  F,   F,   F,   F,   F]), // RULES.md Art. 6: only an agent of the holder's unit submits
    row("POST /assessments/{id}/report", "walker",                [A,   H,   H,   H,   H,   H,   H,  H,   H,   H,   H,   H]), // RULES.md Art. 6: the signed report, by an agent of the holder's unit
    row("assessment_step", "walker's assessment",                 [A,   F,   F,   F,   F,   Y,   H,  Y,   F,   F,   F,   F]), // RULES.md Art. 6: the department's opinion, then HRSS files
    row("GET /assessments/reports/{token}", "walker's assessment", [A,  H,   H,   H,   H,   Y,   H,  Y,   H,   H,   H,   H]), // RULES.md Art. 6: the report, to those who see the assessment
    row("record_retirement", "walker",                            [A,   F,   F,   H,   F,   F,   F,  Y,   F,   F,   F,   F]), // RULES.md Art. 6(3): the holder's unit or HRSS
    row("start_reapplication", "walker",                          [A,   Y,   H,   H,   F,   F,   F,  F,   F,   F,   F,   F]), // RULES.md Art. 6: the former holder re-applies with priority (its period ending in 60 days)
    row("request_choices", "",                                    [A,   Y,   Y,   F,   F,   F,   F,  F,   F,   F,   F,   F]), // RULES.md Art. 4: the holder asks (issue 19)
    row("submit_request", "",                                     [S,   Y,   Y,   F,   F,   F,   F,  F,   F,   F,   F,   F]), // issue 19: any applicant account may ask; without an active card it is told so
    row("request_stats", "",                                      [A,   F,   F,   F,   F,   F,   F,  Y,   Y,   F,   F,   F]), // issue 19, item 4: the Talent Office (and HRSS) watch the promises
    row("GET /requests/export.csv", "",                           [A,   H,   H,   H,   H,   H,   H,  Y,   Y,   H,   H,   H]), // issue 19, item 4: the CSV export
    row("request_messages", "",                                   [A,   Y,   Y,   F,   F,   F,   F,  F,   F,   F,   F,   F]), // issue 19: the holder's inbox of request steps
    row("my_requests", "",                                        [A,   Y,   Y,   F,   F,   F,   F,  F,   F,   F,   F,   F]), // issue 19: the holder's own requests
    row("request_queue", "",                                      [A,   F,   F,   F,   F,   Y,   Y,  Y,   F,   F,   F,   F]), // issue 19: a unit's queue (its own requests); HRSS: the unrouted
    row("service_request", "request",                             [A,   Y,   H,   F,   F,   H,   Y,  H,   F,   F,   F,   F]), // issue 19: the holder and the unit routed (jyj), nobody else
    row("POST /requests/{id}/documents", "request",               [A,   Y,   H,   H,   H,   H,   H,  H,   H,   H,   H,   H]), // issue 19: the holder attaches documents
    row("GET /requests/documents/{token}", "request",             [A,   Y,   H,   H,   H,   H,   Y,  H,   H,   H,   H,   H]), // issue 19: the holder and the unit routed (jyj) read them
    row("request_step", "request",                                [A,   R,   H,   F,   F,   H,   Y,  H,   F,   F,   F,   F]), // issue 19: the unit accepts (the holder may not)
    row("request_routes", "",                                     [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // issue 19: "editable by the admin like the review routing"
    row("set_request_route", "",                                  [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // issue 19: the admin routes request types
    row("termination_document", "walker",                         [A,   F,   F,   F,   F,   F,   F,  Y,   F,   F,   F,   F]), // RULES.md Art. 6(2): HRSS, who terminates
    row("POST /cards/{id}/termination-document", "walker",        [A,   H,   H,   H,   H,   H,   H,  Y,   H,   H,   H,   H]), // RULES.md Art. 6(2): "with the reason and a document" (issue 13, item 3), by HRSS
    row("GET /cards/termination-documents/{token}", "walker",     [A,   H,   H,   H,   H,   H,   H,  Y,   H,   H,   H,   H]), // the document, to HRSS only
    row("terminate_card", "walker",                               [A,   F,   F,   F,   F,   F,   F,  Y,   F,   F,   F,   F]), // RULES.md Art. 6(2): HRSS terminates (issue 13, item 3); after the checks of `walker`'s card
    // Decisions (a case in decision, put into a batch by the talent office).
    row("decision_batches", "",                                   [A,   F,   F,   F,   F,   F,   F,  F,   Y,   F,   F,   F]), // SYSTEM.md talent office "decision batches"
    row("create_batch", "",                                       [A,   F,   F,   F,   F,   F,   F,  F,   Y,   F,   F,   F]), // SYSTEM.md talent office "put cases to the Leading Group"
    row("decision_batch", "batch",                                [A,   F,   F,   F,   F,   F,   F,  F,   Y,   F,   F,   F]), // SYSTEM.md talent office
    row("set_outcome", "batch",                                   [A,   F,   F,   F,   F,   F,   F,  F,   Y,   F,   F,   F]), // SYSTEM.md talent office "record the outcome of each"
    row("GET /decisions/{id}/agenda.csv", "batch",                [A,   H,   H,   H,   H,   H,   H,  H,   Y,   H,   H,   H]), // SYSTEM.md talent office "decision batches" (issue 4: export the agenda)
    row("record_meeting", "batch",                                [A,   F,   F,   F,   F,   F,   F,  F,   Y,   F,   F,   F]), // SYSTEM.md talent office "with the meeting's date" (last on the batch)
    // Administration.
    row("accounts", "",                                           [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // SYSTEM.md admin "accounts"
    row("create_account", "",                                     [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // SYSTEM.md admin "accounts"
    row("deadline_settings", "",                                  [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // SYSTEM.md admin (working-day calendar, issue 4)
    row("set_calendar_day", "",                                   [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // SYSTEM.md admin (working-day calendar, issue 4)
    row("remove_calendar_day", "",                                [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // SYSTEM.md admin (working-day calendar, issue 4)
    row("set_stage_limit", "",                                    [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // SYSTEM.md admin (stage limits, issue 4)
    row("routing_table", "",                                      [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // SYSTEM.md admin "routing table (category × employer industry → industry dept)"
    row("set_routing_rule", "",                                   [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // SYSTEM.md admin "routing table"
    row("organisations", "",                                      [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // SYSTEM.md admin "departments, provider organisations"
    row("save_department", "",                                    [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // SYSTEM.md admin "departments" (issue 11, item 5)
    row("save_provider_org", "",                                  [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // SYSTEM.md admin "provider organisations" (issue 11, item 5)
    row("api_keys", "",                                           [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // SYSTEM.md "API keys per organisation" (issue 11: created and revoked by the admin)
    row("create_api_key", "",                                     [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // issue 11: the admin creates keys
    row("revoke_api_key", "",                                     [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // issue 11: the admin revokes keys
    row("rules_today", "",                                        [Y,   Y,   Y,   Y,   Y,   Y,   Y,  Y,   Y,   Y,   Y,   Y]), // RULES.md Art. 7: the rules in force are public, like the notice
    row("policy_versions", "",                                    [Y,   Y,   Y,   Y,   Y,   Y,   Y,  Y,   Y,   Y,   Y,   Y]), // RULES.md Art. 7 (issue 13, item 7): the versions are public
    row("successor_form", "",                                     [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // issue 13, item 7: "the admin adds a successor version"
    row("add_policy_version", "",                                 [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // issue 13, item 7: "the admin adds a successor version"
    row("api_document", "",                                       [Y,   Y,   Y,   Y,   Y,   Y,   Y,  Y,   Y,   Y,   Y,   Y]), // issue 11: the API's documentation is public (it opens nothing)
    row("GET /api/v1/openapi.json", "",                           [Y,   Y,   Y,   Y,   Y,   Y,   Y,  Y,   Y,   Y,   Y,   Y]), // issue 11: the OpenAPI document is public
    // The organisations' API takes keys, never a session (api.rs checks keys and scopes).
    row("GET /api/v1/bank/batches", "session",                    [A,   A,   A,   A,   A,   A,   A,  A,   A,   A,   A,   A]), // issue 11: keys only
    row("GET /api/v1/bank/batches/{id}", "session",               [A,   A,   A,   A,   A,   A,   A,  A,   A,   A,   A,   A]), // issue 11: keys only
    row("POST /api/v1/bank/results", "session",                   [A,   A,   A,   A,   A,   A,   A,  A,   A,   A,   A,   A]), // issue 11: keys only
    row("POST /api/v1/verify", "session",                         [A,   A,   A,   A,   A,   A,   A,  A,   A,   A,   A,   A]), // issue 11: keys only
    row("GET /api/v1/feed", "session",                            [A,   A,   A,   A,   A,   A,   A,  A,   A,   A,   A,   A]), // issue 11: keys only
    // What operators see (issue 14): the probes say nothing of anyone; the metrics are read by
    // address or token (ops.rs), never by a role (ops::metrics_are_for_operators_only).
    row("GET /healthz", "",                                       [Y,   Y,   Y,   Y,   Y,   Y,   Y,  Y,   Y,   Y,   Y,   Y]), // issue 14: the process answers
    row("GET /readyz", "",                                        [Y,   Y,   Y,   Y,   Y,   Y,   Y,  Y,   Y,   Y,   Y,   Y]), // issue 14: ready or not, and which part
    row("GET /metrics", "",                                       [H,   H,   H,   H,   H,   H,   H,  H,   H,   H,   H,   H]), // issue 14: "reachable only from configured addresses or with a token"
    // Live pages (issue 15): a stream of the caller's own changes; the scope of each event is
    // tested in live::each_user_hears_only_of_the_cases_they_may_see.
    row("GET /live/changes", "",                                  [A,   Y,   Y,   Y,   Y,   Y,   Y,  Y,   Y,   H,   H,   H]), // issue 15: whoever sees cases
    row("POST /live/presence/{case}", "walker",                   [A,   H,   H,   H,   Y,   Y,   H,  Y,   Y,   H,   H,   H]), // issue 15, item 2: the reviewing bodies that see the case (who else of theirs: live::presence_is_within_one_body)
    row("remove_routing_rule", "",                                [A,   F,   F,   F,   F,   F,   F,  F,   F,   F,   F,   Y]), // SYSTEM.md admin "routing table"
];

/// The cases and ids the rows call with.
struct World {
    app: TestApp,
    /// The same router as the actors', for plain requests the helpers do not make.
    raw: axum::Router,
    actors: Vec<Actor>,
    /// A complete draft.
    draft: i64,
    draft_doc: String,
    /// An extra document of the draft, for the remove row.
    draft_extra_doc: String,
    /// In first review, routed to kgxj.
    routed: i64,
    routed_doc: String,
    /// In pre-review; the act rows walk it to card production, the bank then makes its card.
    walker: i64,
    /// In pre-review; the applicant withdraws it.
    withdrawable: i64,
    /// In card production; the bank refuses it.
    refused: i64,
    /// In decision; the talent office puts it into a batch.
    deciding: i64,
    /// A complete draft the agent filed (for its own unit).
    agent_draft: i64,
    card: String,
    verification: i64,
}

/// What a call came back with.
#[derive(Debug)]
enum Got {
    Fn(Result<serde_json::Value, AppError>),
    /// Status and `Location` of a plain route.
    Http(StatusCode, Option<String>),
}

fn class(got: &Got) -> Option<E> {
    match got {
        Got::Fn(Ok(_)) => Some(Y),
        Got::Fn(Err(AppError::Unauthenticated)) => Some(A),
        Got::Fn(Err(AppError::SessionExpired { .. })) => Some(S),
        Got::Fn(Err(AppError::Forbidden)) => Some(F),
        Got::Fn(Err(AppError::NotFound)) => Some(H),
        Got::Fn(Err(AppError::Domain(DomainError::RoleMayNot))) => Some(R),
        Got::Fn(Err(_)) => None,
        Got::Http(status, location) => match (status.as_u16(), location.as_deref()) {
            (200, _) => Some(Y),
            (303, Some(to)) if to.starts_with("/login?next=/") || to.starts_with("/login?next=%2F") => Some(A),
            // Allowed and done: back to the case's pages (an upload or a removal), or the language's way back.
            (303, Some(to)) if (to.starts_with("/applications/") && !to.contains("upload_error")) || to == "/applications" => Some(Y),
            // A termination's document uploaded: back to the case page.
            (303, Some(to)) if (to.starts_with("/review/") || to.starts_with("/requests/")) && !to.contains("upload_error") => Some(Y),
            // A result file imported: to its report.
            (303, Some(to)) if to.starts_with("/bank/imports/") => Some(Y),
            (404, _) => Some(H),
            // The organisations' API: no key.
            (401, _) => Some(A),
            _ => None,
        },
    }
}

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn who_may_call_what(pool: sqlx::PgPool) {
    let mut world = World::new(pool).await;
    let mut wrong = Vec::new();

    // Every server function and every route has a row.
    let covered: BTreeSet<&str> = MATRIX.iter().map(|r| r.call).collect();
    for endpoint in endpoints_in_the_source() {
        if !covered.contains(endpoint.as_str()) {
            wrong.push(format!("no row for `{endpoint}`"));
        }
    }

    for row in MATRIX {
        let mut order: Vec<usize> = (0..COLUMNS.len()).filter(|&c| row.may[c] != Y).collect();
        order.extend((0..COLUMNS.len()).filter(|&c| row.may[c] == Y));
        for col in order {
            let got = world.call(row, col).await;
            if class(&got) != Some(row.may[col]) {
                wrong.push(format!("{} ({}) as {}: expected {:?}, got {got:?}", row.call, row.on, who(col), row.may[col]));
            }
        }
    }

    // Art. 5(3) spelled out: an industry department never reads a case not routed to it — not its
    // queue row, not the case, not a document, not a note, not the audit record. (A case not yet
    // routed at all: the row `act (pass @ pre_review)`, where kgxj gets NotFound.)
    let (routed, doc) = (world.routed, world.routed_doc.clone());
    let mut jyj = world.actors[6].clone();
    let queue = jyj.call("review_queue", &[]).await.unwrap();
    check(&mut wrong, "jyj's queue is empty", queue["rows"] == serde_json::json!([]), &queue);
    let queue = world.actors[5].clone().call("review_queue", &[]).await.unwrap();
    let ids: Vec<_> = queue["rows"].as_array().unwrap().iter().map(|c| c["id"].as_i64()).collect();
    check(&mut wrong, "kgxj's queue is the routed case", ids == [Some(routed)], &queue);
    for (label, got) in [
        ("jyj reads the routed case", Got::Fn(jyj.call("case", &[("id", &routed.to_string())]).await)),
        ("jyj downloads its document", world.http(Method::GET, &format!("/documents/{doc}"), 6).await),
        ("jyj notes on it", Got::Fn(jyj.call("add_note", &[("id", &routed.to_string()), ("body", "x")]).await)),
        ("jyj exports its audit record", world.http(Method::GET, &format!("/review/{routed}/audit.csv"), 6).await),
    ] {
        check(&mut wrong, label, class(&got) == Some(H), &got);
    }
    // Another provider cannot read the hospital's check.
    let mut airport = world.app.as_user("airport").await;
    let got = airport.call("verification", &[("id", &world.verification.to_string())]).await;
    check(&mut wrong, "the airport reads the hospital's check", got == Err(AppError::NotFound), &got);

    assert!(wrong.is_empty(), "{} cell(s) wrong:\n{}", wrong.len(), wrong.join("\n"));
}

fn check(wrong: &mut Vec<String>, label: &str, ok: bool, got: &dyn std::fmt::Debug) {
    if !ok {
        wrong.push(format!("{label}: {got:?}"));
    }
}

fn who(col: usize) -> &'static str {
    if col == 0 { "anonymous" } else { COLUMNS[col].0 }
}

/// The endpoints of `#[server(endpoint = …)]` under app/src and the routes of server/src/lib.rs,
/// named as the matrix names them.
fn endpoints_in_the_source() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out: BTreeSet<String> = common::server_functions().into_iter().map(|(endpoint, _)| endpoint).collect();
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    for line in lib.lines().filter(|l| l.trim_start().starts_with(".route(\"")) {
        let path = line.split('"').nth(1).unwrap();
        for (method, call) in [("GET", "get("), ("POST", "post("), ("PUT", "put("), ("DELETE", "delete(")] {
            if line.contains(call) {
                out.insert(format!("{method} {path}"));
            }
        }
    }
    out
}

/// The router the actors use, built the same way as `TestApp::new` (same pool, same uploads).
fn raw_router(pool: &sqlx::PgPool) -> axum::Router {
    let settings = app::context::Settings { verify_per_minute: 5, ..Default::default() };
    let dir = std::env::temp_dir().join(format!("yunju-test-uploads-{}", std::process::id()));
    let files = std::sync::Arc::new(app::apply::documents::LocalDisk { root: dir });
    server::router(server::AppState {
        pool: pool.clone(),
        checks: app::context::CheckPool(pool.clone()),
        leptos_options: LeptosOptions::builder().output_name("yunju").build(),
        settings,
        files,
        live: app::live::stream::Live::new(pool.clone()),
    })
}

/// The employer of every case here: a unit that is not the demo agent's.
fn other_unit(id: &str) -> Vec<(&'static str, String)> {
    vec![
        ("id", id.to_string()),
        ("employer_name", "广州白云另一家科技有限公司".into()),
        ("credit_code", credit_code("91440111MA59XX7W0")),
        ("employer_type", "district_enterprise".into()),
        ("industry", "manufacturing".into()),
        ("registered_on", "2015-03-01".into()),
        ("registered_in_district", "yes".into()),
        ("pays_tax_in_district", "yes".into()),
    ]
}

fn form<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

impl World {
    async fn new(pool: sqlx::PgPool) -> World {
        let raw = raw_router(&pool);
        let app = TestApp::new(pool).await;
        let mut actors = vec![app.anonymous()];
        let other = app.as_new_applicant(COLUMNS[2].0).await;
        for (col, (username, _)) in COLUMNS.iter().enumerate().skip(1) {
            actors.push(if col == 2 { other.clone() } else { app.as_user(username).await });
        }
        let mut applicant = actors[1].clone();
        let mut w = World {
            app,
            raw,
            actors,
            draft: 0,
            draft_doc: String::new(),
            draft_extra_doc: String::new(),
            routed: 0,
            routed_doc: String::new(),
            walker: 0,
            withdrawable: 0,
            refused: 0,
            deciding: 0,
            agent_draft: 0,
            card: card_number("622202000000001"),
            verification: 0,
        };
        w.draft = w.filed(&mut applicant).await;
        w.draft_doc = w.doc_of(w.draft).await;
        assert!(applicant.upload(w.draft, "other", "附件.pdf", PDF).await.contains("uploaded=other"));
        w.draft_extra_doc = sqlx::query_scalar("SELECT token FROM documents WHERE application_id = $1 AND kind = 'other'")
            .bind(w.draft)
            .fetch_one(&w.app.pool)
            .await
            .unwrap();

        w.routed = w.submitted(&mut applicant).await;
        w.routed_doc = w.doc_of(w.routed).await;
        w.step(4, w.routed, "pass").await;

        w.walker = w.submitted(&mut applicant).await;
        w.withdrawable = w.submitted(&mut applicant).await;

        w.refused = w.submitted(&mut applicant).await;
        for (col, command) in [(4, "pass"), (5, "pass"), (7, "pass"), (8, "approve")] {
            w.step(col, w.refused, command).await;
        }
        w.actors[7].clone().send_to_bank(&[w.refused]).await.unwrap();
        w.deciding = w.submitted(&mut applicant).await;
        for (col, command) in [(4, "pass"), (5, "pass"), (7, "pass")] {
            w.step(col, w.deciding, command).await;
        }
        w.agent_draft = w.actors[3].clone().new_draft("5").await;
        assert_eq!(w.app.status_of(w.routed).await, "first_review");
        assert_eq!(w.app.status_of(w.refused).await, "card_production");
        assert_eq!(w.app.status_of(w.walker).await, "pre_review");
        assert_eq!(w.app.status_of(w.deciding).await, "decision");
        w
    }

    /// A complete category-5 draft (routed to kgxj once it passes pre-review), for another unit.
    async fn filed(&self, applicant: &mut Actor) -> i64 {
        let id = applicant.new_draft("5").await;
        let employer = other_unit(&id.to_string());
        applicant.call("save_employer", &form(&employer)).await.unwrap();
        id
    }

    async fn submitted(&self, applicant: &mut Actor) -> i64 {
        let id = self.filed(applicant).await;
        applicant.submit(id, self.app.version_of(id).await).await.unwrap();
        id
    }

    /// A new draft of the agent with a claim code nobody has used.
    async fn fresh_claim_code(&self) -> String {
        let mut agent = self.actors[3].clone();
        agent.call("create_application", &[]).await.unwrap();
        let id = agent.call("my_applications", &[]).await.unwrap()[0]["id"].as_i64().unwrap().to_string();
        let person = resident_id("44011119900307");
        agent.call("save_personal", &[("id", &id), ("full_name", "张三明"), ("gender", "male"), ("birth_date", "1990-03-07"), ("nationality", "中国"),
            ("id_type", "resident_id"), ("id_number", &person), ("phone", "13800138000"), ("email", "zhang@example.cn")]).await.unwrap();
        agent.call("create_claim", &[("id", &id)]).await.unwrap();
        agent.call("claim_state", &[("id", &id)]).await.unwrap()["open"]["code"].as_str().unwrap().to_string()
    }

    async fn doc_of(&self, id: i64) -> String {
        sqlx::query_scalar("SELECT token FROM documents WHERE application_id = $1 AND kind = 'talent_proof' AND removed_at IS NULL")
            .bind(id)
            .fetch_one(&self.app.pool)
            .await
            .unwrap()
    }

    async fn step(&self, col: usize, id: i64, command: &str) {
        let mut actor = self.actors[col].clone();
        actor.act(id, self.app.version_of(id).await, command, "").await.unwrap_or_else(|e| panic!("{} {command}: {e:?}", who(col)));
    }

    async fn http(&self, method: Method, path: &str, col: usize) -> Got {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(c) = &self.actors[col].cookie {
            req = req.header(header::COOKIE, c.clone());
        }
        let res = self.raw.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
        let location = res.headers().get(header::LOCATION).map(|l| l.to_str().unwrap().to_string());
        Got::Http(res.status(), location)
    }

    async fn order_batch(&self) -> i64 {
        sqlx::query_scalar("SELECT max(id) FROM card_order_batches").fetch_one(&self.app.pool).await.unwrap()
    }

    /// Round 1 of `walker`'s card, submitted (put with the department by hand: its due date is
    /// two years away); the signed report's token.
    /// A request of the walker's holder, routed to the education bureau (`industry_jyj`).
    async fn request(&self) -> i64 {
        let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM service_requests WHERE request_type = 'hukou' AND department_code = 'jyj' LIMIT 1").fetch_optional(&self.app.pool).await.unwrap();
        if let Some(id) = existing {
            return id;
        }
        sqlx::query_scalar(
            "INSERT INTO service_requests (card_id, holder_id, request_type, department_code, accept_by)
             SELECT c.id, a.applicant_id, 'hukou', 'jyj', CURRENT_DATE + 2 FROM cards c JOIN applications a ON a.id = c.application_id
              WHERE c.application_id = $1 RETURNING id",
        )
        .bind(self.walker)
        .fetch_one(&self.app.pool)
        .await
        .unwrap()
    }

    async fn walker_assessment(&self) -> String {
        let existing: Option<String> = sqlx::query_scalar("SELECT token FROM assessment_reports LIMIT 1").fetch_optional(&self.app.pool).await.unwrap();
        if let Some(token) = existing {
            return token;
        }
        let (token, key) = (app::secrets::random_hex(16), app::secrets::random_hex(16));
        self.app.state.files.put(&key, PDF.to_vec()).await.unwrap();
        sqlx::query(
            "WITH r AS (INSERT INTO assessment_reports (token, card_id, round, file_name, byte_size, sha256, storage_key, uploaded_by)
                        SELECT $2, c.id, 1, 'report.pdf', 16, repeat('0', 64), $3, u.id FROM cards c, users u
                         WHERE c.application_id = $1 AND u.username = 'agent' RETURNING id, card_id, uploaded_by)
             INSERT INTO card_assessments (card_id, round, due_on, stage, grade, report, report_file_id, submitted_by)
             SELECT card_id, 1, CURRENT_DATE, 'with_department', 'competent', '工作业绩突出', id, uploaded_by FROM r",
        )
        .bind(self.walker)
        .bind(&token)
        .bind(&key)
        .execute(&self.app.pool)
        .await
        .unwrap();
        token
    }

    async fn batch(&self) -> i64 {
        sqlx::query_scalar("SELECT COALESCE(max(id), 0) FROM decision_batches").fetch_one(&self.app.pool).await.unwrap()
    }

    /// Makes the call of `row` as the actor of column `col`.
    async fn call(&mut self, row: &Row, col: usize) -> Got {
        let mut me = self.actors[col].clone();
        let (d, r) = (self.draft.to_string(), self.routed.to_string());
        let got = match (row.call, row.on) {
            ("login", _) => {
                let (username, password) = if col == 0 { COLUMNS[1] } else { COLUMNS[col] };
                me.call("login", &[("username", username), ("password", password)]).await
            }
            ("register", _) => {
                let username = format!("matrix.reg{col}");
                me.call("register", &[("username", &username), ("display_name", "李四"), ("password", "long enough")]).await
            }
            ("me", _) => me.call("me", &[]).await,
            ("logout", _) => {
                // A session of its own, so the actor's stays live for the rows after this one.
                let mut fresh = self.app.anonymous();
                if col != 0 {
                    let (username, password) = COLUMNS[col];
                    fresh.call("login", &[("username", username), ("password", password)]).await.unwrap();
                }
                fresh.call("logout", &[]).await
            }
            ("GET /lang/{code}", _) => return self.http(Method::GET, "/lang/en?back=/applications", col).await,

            ("create_application", _) => me.call("create_application", &[]).await,
            ("my_applications", _) => me.call("my_applications", &[]).await,
            ("save_personal", "draft") => {
                let person = resident_id("44011119900307");
                me.call("save_personal", &[("id", &d), ("full_name", "张三明"), ("gender", "male"), ("birth_date", "1990-03-07"),
                    ("nationality", "中国"), ("id_type", "resident_id"), ("id_number", &person), ("phone", "13800138000"),
                    ("email", "zhang@example.cn")]).await
            }
            ("save_employer", "draft") => me.call("save_employer", &form(&other_unit(&d))).await,
            ("save_category", "draft") => {
                me.call("save_category", &[("id", &d), ("talent_category", "5"), ("honour", "区产业领军人才（2024）"), ("postdoc_status", "in_station")]).await
            }
            ("save_residence", "draft") => me.call("save_residence", &[("id", &d), ("months_in_district", "12")]).await,
            ("add_dependent", "draft") => {
                me.call("add_dependent", &[("id", &d), ("full_name", "张小明"), ("relation", "child"), ("birth_date", "2015-06-01"),
                    ("id_type", "passport"), ("id_number", "E12345678")]).await
            }
            ("remove_dependent", "draft") => me.call("remove_dependent", &[("id", &d), ("index", "0")]).await,
            ("finish_family", "draft") => me.call("finish_family", &[("id", &d), ("done", "yes")]).await,
            ("save_declaration", "draft") => me.call("save_declaration", &[("id", &d), ("agreed", "yes")]).await,
            ("case", "draft") => me.call("case", &[("id", &d)]).await,
            ("GET /documents/{token}", "draft") => return self.http(Method::GET, &format!("/documents/{}", self.draft_doc), col).await,
            ("POST /applications/{id}/documents", "draft") => {
                let to = me.upload(self.draft, "other", "补充材料.pdf", PDF).await;
                return match to.strip_prefix("status ") {
                    Some(status) => Got::Http(StatusCode::from_u16(status[..3].parse().unwrap()).unwrap(), None),
                    None => Got::Http(StatusCode::SEE_OTHER, Some(to)),
                };
            }
            ("POST /documents/{token}/remove", "draft") => {
                return self.http(Method::POST, &format!("/documents/{}/remove", self.draft_extra_doc), col).await
            }
            ("submit_application", "draft") => me.submit(self.draft, self.app.version_of(self.draft).await).await,

            ("create_claim", "agent_draft") => me.call("create_claim", &[("id", &self.agent_draft.to_string())]).await,
            ("claim_state", "agent_draft") => me.call("claim_state", &[("id", &self.agent_draft.to_string())]).await,
            ("claim_case", "fresh code") => {
                let code = if matches!(col, 1 | 2) { self.fresh_claim_code().await } else { "ABCDE-FGHJK".to_string() };
                me.call("claim_case", &[("code", &code), ("id_number", &resident_id("44011119900307"))]).await
            }
            ("act", "resend_to_bank @ bank_refused") => {
                me.act(self.refused, self.app.version_of(self.refused).await, "resend_to_bank", "已更换照片").await
            }

            ("case", "routed") => me.call("case", &[("id", &r)]).await,
            ("GET /documents/{token}", "routed") => return self.http(Method::GET, &format!("/documents/{}", self.routed_doc), col).await,
            ("add_note", "routed") => me.call("add_note", &[("id", &r), ("body", "内部意见：材料齐全")]).await,
            ("GET /review/{id}/audit.csv", "routed") => return self.http(Method::GET, &format!("/review/{r}/audit.csv"), col).await,
            ("review_queue", _) => me.call("review_queue", &[]).await,
            ("GET /review/queue.csv", _) => return self.http(Method::GET, "/review/queue.csv", col).await,
            ("GET /decisions/{id}/agenda.csv", "batch") => {
                return self.http(Method::GET, &format!("/decisions/{}/agenda.csv", self.batch().await), col).await
            }
            ("inbox", _) => me.call("inbox", &[]).await,
            ("dashboard", _) => me.call("dashboard", &[]).await,

            ("act", "card_made") => me.act(self.walker, self.app.version_of(self.walker).await, "card_made", "").await,
            ("act", "pass @ pre_review" | "pass @ first_review" | "pass @ re_review") => {
                me.act(self.walker, self.app.version_of(self.walker).await, "pass", "同意").await
            }
            ("act", "approve @ decision") => me.act(self.walker, self.app.version_of(self.walker).await, "approve", "审定通过").await,
            ("act", "withdraw @ pre_review") => me.act(self.withdrawable, self.app.version_of(self.withdrawable).await, "withdraw", "").await,

            ("approved_cases", _) => me.call("approved_cases", &[]).await,
            ("send_order_batch", "walker") => me.send_to_bank(&[self.walker]).await,
            ("order_batches", _) => me.call("order_batches", &[]).await,
            ("open_order_lines", _) => me.call("open_order_lines", &[]).await,
            ("GET /bank/batches/{id}/lines.csv", "batch") => return self.http(Method::GET, &format!("/bank/batches/{}/lines.csv", self.order_batch().await), col).await,
            ("GET /bank/batches/{id}/lines.json", "batch") => return self.http(Method::GET, &format!("/bank/batches/{}/lines.json", self.order_batch().await), col).await,
            ("GET /bank/photos/{line}", "unsigned") => {
                let (line, until) = (self.app.open_line_of(self.walker).await, chrono::Utc::now().timestamp() + 600);
                return self.http(Method::GET, &format!("/bank/photos/{line}?until={until}&sig=00"), col).await;
            }
            ("record_card", "refusal") => {
                let (line, person) = (self.app.open_line_of(self.refused).await, self.app.id_number_of(self.refused).await);
                me.record_card(line, &person, "", "身份信息核验不通过").await
            }
            ("POST /bank/results", "file") => {
                let to = me.upload_results("results.csv", b"order_line_id,id_number,card_number\r\n999999,x,6222021234567902\r\n", false).await;
                return match to.strip_prefix("status ") {
                    Some(status) => Got::Http(StatusCode::from_u16(status[..3].parse().unwrap()).unwrap(), None),
                    None => Got::Http(StatusCode::SEE_OTHER, Some(to)),
                };
            }
            ("card_import", "import") => {
                let id: i64 = sqlx::query_scalar("SELECT max(id) FROM card_result_imports").fetch_one(&self.app.pool).await.unwrap();
                me.call("card_import", &[("id", &id.to_string())]).await
            }
            ("record_card", "card_production") => {
                let (line, person) = (self.app.open_line_of(self.walker).await, self.app.id_number_of(self.walker).await);
                me.record_card(line, &person, &self.card, "").await
            }
            ("made_cards", _) => me.call("made_cards", &[]).await,
            ("bank_cards", _) => me.call("bank_cards", &[]).await,
            ("issue_cards", "walker") => me.issue_cards(&[self.walker]).await,
            ("request_routes", _) => me.call("request_routes", &[]).await,
            // The route it already has (the migration's): allowed, and nothing changes.
            ("set_request_route", _) => me.call("set_request_route", &[("request_type", "legal"), ("department_code", "sfj"), ("done_working_days", "10")]).await,
            ("request_choices", _) => me.call("request_choices", &[]).await,
            ("submit_request", _) => {
                match me.call("submit_request", &[("request_type", "legal"), ("for_whom", "self"), ("text", "劳动合同咨询")]).await {
                    // Past every check of who is calling: an applicant without an active card is told so.
                    Err(AppError::Invalid { errors, .. }) if errors.first().map(|e| e.problem) == Some(app::domain::Problem::CardNotActive) => Ok(serde_json::Value::Null),
                    other => other,
                }
            }
            ("my_requests", _) => me.call("my_requests", &[]).await,
            ("request_stats", _) => me.call("request_stats", &[]).await,
            ("GET /requests/export.csv", _) => return self.http(Method::GET, "/requests/export.csv", col).await,
            ("request_messages", _) => me.call("request_messages", &[]).await,
            ("request_queue", _) => me.call("request_queue", &[]).await,
            ("service_request", "request") => me.call("service_request", &[("id", &self.request().await.to_string())]).await,
            ("POST /requests/{id}/documents", "request") => {
                let to = me.upload_to(&format!("/requests/{}/documents", self.request().await), &[], "户口簿.pdf", PDF).await;
                return match to.strip_prefix("status ") {
                    Some(status) => Got::Http(StatusCode::from_u16(status[..3].parse().unwrap()).unwrap(), None),
                    None => Got::Http(StatusCode::SEE_OTHER, Some(to)),
                };
            }
            ("GET /requests/documents/{token}", "request") => {
                let token: String = sqlx::query_scalar("SELECT token FROM request_documents ORDER BY id LIMIT 1").fetch_one(&self.app.pool).await.unwrap();
                return self.http(Method::GET, &format!("/requests/documents/{token}"), col).await;
            }
            ("request_step", "request") => {
                let id = self.request().await;
                let version: i32 = sqlx::query_scalar("SELECT version FROM service_requests WHERE id = $1").bind(id).fetch_one(&self.app.pool).await.unwrap();
                me.call("request_step", &[("id", &id.to_string()), ("version", &version.to_string()), ("command", "accept")]).await
            }
            ("termination_document", "walker") => me.call("termination_document", &[("id", &self.walker.to_string())]).await,
            ("POST /cards/{id}/termination-document", "walker") => {
                let to = me.upload_to(&format!("/cards/{}/termination-document", self.walker), &[], "判决书.pdf", PDF).await;
                return match to.strip_prefix("status ") {
                    Some(status) => Got::Http(StatusCode::from_u16(status[..3].parse().unwrap()).unwrap(), None),
                    None => Got::Http(StatusCode::SEE_OTHER, Some(to)),
                };
            }
            ("GET /cards/termination-documents/{token}", "walker") => {
                let token: String = sqlx::query_scalar("SELECT token FROM termination_documents ORDER BY id DESC LIMIT 1").fetch_one(&self.app.pool).await.unwrap();
                return self.http(Method::GET, &format!("/cards/termination-documents/{token}"), col).await;
            }
            ("terminate_card", "walker") => {
                me.call("terminate_card", &[("id", &self.walker.to_string()), ("ground", "breaking_the_law"), ("reason", "判决书已生效")]).await
            }
            ("my_cards", _) => me.call("my_cards", &[]).await,
            ("card_notices", _) => me.call("card_notices", &[]).await,
            ("verify_card", "issued") => {
                let got = me.call("verify_card", &[("card_number", &self.card), ("id_number", &resident_id("44011119900307"))]).await;
                if let Ok(id) = &got {
                    self.verification = id.as_i64().unwrap();
                }
                got
            }
            ("verification", "own check") => me.call("verification", &[("id", &self.verification.to_string())]).await,
            ("verify_code", "qr of issued") => {
                let card: i64 = sqlx::query_scalar("SELECT id FROM cards WHERE application_id = $1").bind(self.walker).fetch_one(&self.app.pool).await.unwrap();
                let (token, _) = app::ecard::db::mint(&self.app.pool, &self.app.state.settings.ecard, card, chrono::Utc::now().timestamp()).await.unwrap();
                let got = me.call("verify_code", &[("code", &token)]).await;
                if let Ok(id) = &got {
                    self.verification = id.as_i64().unwrap();
                }
                got
            }
            ("GET /verify/checks/{id}/photo", "own check") => return self.http(Method::GET, &format!("/verify/checks/{}/photo", self.verification), col).await,
            ("record_service", "own check") => {
                let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive().to_string();
                me.call("record_service", &[("check", &self.verification.to_string()), ("service", "health_check"), ("served_on", &today)]).await
            }
            ("start_reapplication", "walker") => {
                // The period of `walker`'s card ends in 60 days.
                let issued = (app::context::today() + chrono::Duration::days(61)).checked_sub_months(chrono::Months::new(60)).unwrap();
                sqlx::query("UPDATE cards SET issued_on = $2, valid_until = $3 WHERE application_id = $1")
                    .bind(self.walker)
                    .bind(issued)
                    .bind(app::domain::valid_until(issued))
                    .execute(&self.app.pool)
                    .await
                    .unwrap();
                me.call("start_reapplication", &[("id", &self.walker.to_string())]).await
            }
            ("assessment_list", _) => me.call("assessment_list", &[]).await,
            ("assessment_reminders", _) => me.call("assessment_reminders", &[]).await,
            ("assessments_of_card", "walker") => me.call("assessments_of_card", &[("id", &self.walker.to_string())]).await,
            ("submit_assessment", "walker") => {
                me.call("submit_assessment", &[("id", &self.walker.to_string()), ("grade", "competent"), ("report", "工作业绩突出")]).await
            }
            ("POST /assessments/{id}/report", "walker") => {
                let to = me.upload_to(&format!("/assessments/{}/report", self.walker), &[], "考核报告.pdf", PDF).await;
                return match to.strip_prefix("status ") {
                    Some(status) => Got::Http(StatusCode::from_u16(status[..3].parse().unwrap()).unwrap(), None),
                    None => Got::Http(StatusCode::SEE_OTHER, Some(to)),
                };
            }
            ("assessment_step", "walker's assessment") => {
                self.walker_assessment().await;
                me.call("assessment_step", &[("id", &self.walker.to_string()), ("round", "1"), ("opinion", "同意")]).await
            }
            ("GET /assessments/reports/{token}", "walker's assessment") => {
                let token = self.walker_assessment().await;
                return self.http(Method::GET, &format!("/assessments/reports/{token}"), col).await;
            }
            ("record_retirement", "walker") => {
                let day = (chrono::Utc::now() + chrono::Duration::hours(8) + chrono::Duration::days(30)).date_naive().to_string();
                me.call("record_retirement", &[("id", &self.walker.to_string()), ("retired_on", &day)]).await
            }
            ("department_holders", _) => me.call("department_holders", &[]).await,
            ("propose_adjustment", "walker") => {
                me.call("propose_adjustment", &[("id", &self.walker.to_string()), ("kind", "suspend"), ("reason", "left_district"), ("details", "已调往外区")]).await
            }
            ("open_adjustments", _) => me.call("open_adjustments", &[]).await,
            ("decide_adjustment", "walker's proposal") => {
                let proposal: i64 = sqlx::query_scalar("SELECT COALESCE(max(id), 0) FROM card_adjustments").fetch_one(&self.app.pool).await.unwrap();
                me.call("decide_adjustment", &[("id", &proposal.to_string()), ("decision", "decline")]).await
            }
            ("org_service_records", _) => me.call("org_service_records", &[]).await,
            ("cancel_service", "own record") => {
                let record: i64 = sqlx::query_scalar("SELECT COALESCE(max(id), 0) FROM service_records").fetch_one(&self.app.pool).await.unwrap();
                me.call("cancel_service", &[("record", &record.to_string()), ("reason", "登记错了")]).await
            }
            ("service_receipts", _) => me.call("service_receipts", &[]).await,
            ("ecard_code", _) => me.call("ecard_code", &[]).await,
            ("data_tracker", _) => me.call("data_tracker", &[]).await,
            ("GET /my-card/code.json", _) => return self.http(Method::GET, "/my-card/code.json", col).await,
            ("GET /my-card/photo", _) => return self.http(Method::GET, "/my-card/photo", col).await,
            ("GET /.well-known/yunju-ecard-keys.json", _) => return self.http(Method::GET, "/.well-known/yunju-ecard-keys.json", col).await,

            ("decision_batches", _) => me.call("decision_batches", &[]).await,
            ("create_batch", _) => me.call("create_batch", &[]).await,
            ("decision_batch", "batch") => me.call("decision_batch", &[("id", &self.batch().await.to_string())]).await,
            ("set_outcome", "batch") => {
                let batch = self.batch().await.to_string();
                me.call("set_outcome", &[("batch", &batch), ("application", &self.deciding.to_string()), ("outcome", "approve")]).await
            }
            ("record_meeting", "batch") => {
                let batch = self.batch().await.to_string();
                let yesterday = (chrono::Utc::now() - chrono::Duration::days(1)).date_naive().to_string();
                me.call("record_meeting", &[("batch", &batch), ("meeting_date", &yesterday)]).await
            }

            ("accounts", _) => me.call("accounts", &[]).await,
            ("create_account", _) => {
                let username = format!("matrix.staff{col}");
                me.call("create_account", &[("username", &username), ("display_name", "新同事"), ("role", "hrss"), ("password", "initial pass")]).await
            }
            ("deadline_settings", _) => me.call("deadline_settings", &[]).await,
            ("set_calendar_day", _) => me.call("set_calendar_day", &[("day", "2031-10-01"), ("kind", "holiday"), ("note", "国庆节")]).await,
            ("remove_calendar_day", _) => me.call("remove_calendar_day", &[("day", "2031-10-01")]).await,
            // The limit it already has: allowed, and nothing changes for the rows after.
            ("set_stage_limit", _) => me.call("set_stage_limit", &[("stage", "pre_review"), ("working_days", "5")]).await,
            // The rule it already has (migration 0002): allowed, and nothing changes.
            ("routing_table", _) => me.call("routing_table", &[]).await,
            ("set_routing_rule", _) => {
                me.call("set_routing_rule", &[("talent_category", "3"), ("industry", ""), ("department_code", "rck")]).await
            }
            ("remove_routing_rule", _) => me.call("remove_routing_rule", &[("talent_category", "3"), ("industry", "education")]).await,

            ("organisations", _) => me.call("organisations", &[]).await,
            // The names it already has: allowed, and nothing changes for the rows after.
            ("save_department", _) => me.call("save_department", &[("code", "kgxj"), ("name_zh", "区科工信局"), ("name_en", "District Science, Industry & IT Bureau")]).await,
            ("save_provider_org", _) => {
                me.call("save_provider_org", &[("org", ""), ("org_name_zh", "白云区图书馆"), ("org_name_en", "Baiyun District Library"), ("service_types[]", "culture")]).await
            }
            ("api_keys", _) => me.call("api_keys", &[]).await,
            ("create_api_key", _) => {
                let bank: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'bank'").fetch_one(&self.app.pool).await.unwrap();
                me.call("create_api_key", &[("account", &bank.to_string()), ("name", "银行制卡系统"), ("scopes[]", "bank_orders")]).await
            }
            ("revoke_api_key", _) => {
                let id: i64 = sqlx::query_scalar("SELECT COALESCE(max(id), 0) FROM api_keys WHERE revoked_at IS NULL").fetch_one(&self.app.pool).await.unwrap();
                me.call("revoke_api_key", &[("id", &id.to_string())]).await
            }
            ("rules_today", _) => me.call("rules_today", &[]).await,
            ("policy_versions", _) => me.call("policy_versions", &[]).await,
            ("successor_form", _) => me.call("successor_form", &[]).await,
            ("add_policy_version", _) => {
                let mut form = vec![("document_number", "云人才领字〔2100〕1号"), ("title", "矩阵测试"), ("starts_on", "2100-01-01"), ("ends_on", "2100-12-31")];
                form.extend([("categories[]", "1"), ("min_months_in_district", "6"), ("health_check_quota", "1"), ("airport_vip_quota", "2")]);
                form.extend([("management_months", "60"), ("assessment_interval_months", "24")]);
                me.call("add_policy_version", &form).await
            }
            ("api_document", _) => me.call("api_document", &[]).await,
            ("GET /api/v1/openapi.json", _) => return self.http(Method::GET, "/api/v1/openapi.json", col).await,
            ("GET /api/v1/bank/batches", _) => return self.http(Method::GET, "/api/v1/bank/batches", col).await,
            ("GET /api/v1/bank/batches/{id}", _) => return self.http(Method::GET, &format!("/api/v1/bank/batches/{}", self.order_batch().await), col).await,
            ("POST /api/v1/bank/results", _) => return self.http(Method::POST, "/api/v1/bank/results", col).await,
            ("POST /api/v1/verify", _) => return self.http(Method::POST, "/api/v1/verify", col).await,
            ("GET /api/v1/feed", _) => return self.http(Method::GET, "/api/v1/feed", col).await,
            ("GET /healthz", _) => return self.http(Method::GET, "/healthz", col).await,
            ("GET /readyz", _) => return self.http(Method::GET, "/readyz", col).await,
            ("GET /metrics", _) => return self.http(Method::GET, "/metrics", col).await,
            ("GET /live/changes", _) => return self.http(Method::GET, "/live/changes", col).await,
            ("POST /live/presence/{case}", _) => return self.http(Method::POST, &format!("/live/presence/{}", self.walker), col).await,
            (call, on) => panic!("no call for the row {call} ({on})"),
        };
        Got::Fn(got)
    }
}

/// SYSTEM.md "The application": "Two reviewers acting on the same case at once: exactly one wins,
/// the other is told, nothing is lost." Forty of them (PostgreSQL allows 100 connections, shared by
/// the tests running at the same time), all having seen the same version, on a runtime of 4 threads
/// with a connection each, released together behind a barrier; the case's row is held until all
/// forty are inside their transactions waiting for it (pg_stat_activity), so they really are at
/// once (issue 18, item 2).
const CROWD: usize = 40;

#[sqlx::test(migrator = "server::MIGRATOR")]
async fn forty_reviewers_pass_at_once_and_exactly_one_wins(pool: sqlx::PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let mut applicant = app.as_new_applicant("race.hundred").await;
    let id = applicant.new_draft("5").await;
    applicant.submit(id, app.version_of(id).await).await.unwrap();
    assert_eq!(app.status_of(id).await, "pre_review");
    let seen = app.version_of(id).await;
    let events_before = app.events_of(id).await.len();

    let results = common::race_behind_a_lock(pool, CROWD, "handling", "SELECT 1 FROM applications WHERE id = $1 FOR UPDATE", id, move |mut reviewer| async move {
        reviewer.act(id, seen, "pass", "同意").await
    })
    .await;

    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    let losers: Vec<_> = results.iter().filter(|r| r.is_err()).collect();
    assert_eq!(losers.len(), CROWD - 1);
    assert!(losers.iter().all(|r| **r == Err(AppError::Conflict)), "a loser was not told 'already handled': {losers:?}");
    let events = app.events_of(id).await;
    assert_eq!(events.len(), events_before + 1, "exactly one event row for the winner: {events:?}");
    assert_eq!(events.last().unwrap(), &("pass".to_string(), "first_review".to_string(), "handling_dept".to_string()));
    assert_eq!(app.status_of(id).await, "first_review");
    assert_eq!(app.version_of(id).await, seen + 1);
}
