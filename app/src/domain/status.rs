//! The application state machine of SYSTEM.md ("The application", Art. 5).
//!
//! ```text
//! draft ─submit─▶ pre_review ─pass─▶ first_review ─pass─▶ re_review ─pass─▶ decision ─approve─▶ approved
//!                  │ return/reject    │ return/reject      │ return/reject    │ reject
//!                  ▼                  ▼                    ▼                  ▼
//!             returned(stage) ─resubmit─▶ back to that stage;   rejected (final)
//!             withdrawn (before decision; never once the Leading Group approved)
//!
//! approved ─HRSS orders (in a batch)─▶ card_production ─bank: made─▶ card_made ─Talent Office issues─▶ issued
//!    ▲                                       │ bank: refused
//!    └────────── HRSS resends ◀──── bank_refused
//! ```
//! `Status::apply` is the only place that decides which role may issue which command in which state.
use serde::{Deserialize, Serialize};

use super::Role;

/// The three review stages that may return a case for correction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stage {
    PreReview,
    FirstReview,
    ReReview,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::PreReview, Stage::FirstReview, Stage::ReReview];

    /// The role that works this stage (Art. 5(2)–(4)).
    pub fn reviewer(self) -> Role {
        match self {
            Stage::PreReview => Role::HandlingDept,
            Stage::FirstReview => Role::IndustryDept,
            Stage::ReReview => Role::Hrss,
        }
    }

    pub fn status(self) -> Status {
        match self {
            Stage::PreReview => Status::PreReview,
            Stage::FirstReview => Status::FirstReview,
            Stage::ReReview => Status::ReReview,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    Draft,
    /// 预审, Art. 5(2)
    PreReview,
    /// 初审, Art. 5(3)
    FirstReview,
    /// 复审, Art. 5(4)
    ReReview,
    /// 审定, Art. 5(5)
    Decision,
    /// The Leading Group approved it; HRSS has yet to put it in a card order batch (Art. 5(6)).
    Approved,
    /// 制卡, Art. 5(6): on an order batch at the bank.
    CardProduction,
    /// The bank made the card; the Talent Office has yet to issue it (Art. 5(7)).
    CardMade,
    /// The bank refused to make the card (Art. 5(6)); HRSS fixes what it named and resends it. The
    /// Leading Group's approval stands: no withdrawal, no return, no second decision.
    BankRefused,
    /// 发卡, Art. 5(7)
    Issued,
    /// Returned for correction by the given stage; resubmitting goes back there.
    Returned(Stage),
    Rejected,
    Withdrawn,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Command {
    Submit,
    Pass,
    Return,
    Reject,
    Approve,
    Resubmit,
    Withdraw,
    CardMade,
    BankReject,
    /// HRSS sends a case the bank refused back towards the bank, saying what was fixed: it waits
    /// for the next order batch.
    ResendToBank,
    /// HRSS puts an approved case on a card order batch for the bank (Art. 5(6)).
    OrderCard,
    /// The Talent Office issues the made card (Art. 5(7)); the five years of Art. 6 start.
    Issue,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DomainError {
    /// The command makes no sense in this state (e.g. pass a draft).
    NotInThisState,
    /// The command exists here, but not for this role.
    RoleMayNot,
    /// Reject and bank rejection need a reason (SYSTEM.md).
    OpinionRequired,
    /// A return names what to correct in at least one section.
    SectionReasonRequired,
}

impl Command {
    pub const ALL: [Command; 12] = [
        Command::Submit,
        Command::Pass,
        Command::Return,
        Command::Reject,
        Command::Approve,
        Command::Resubmit,
        Command::Withdraw,
        Command::CardMade,
        Command::BankReject,
        Command::ResendToBank,
        Command::OrderCard,
        Command::Issue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Command::Submit => "submit",
            Command::Pass => "pass",
            Command::Return => "return",
            Command::Reject => "reject",
            Command::Approve => "approve",
            Command::Resubmit => "resubmit",
            Command::Withdraw => "withdraw",
            Command::CardMade => "card_made",
            Command::BankReject => "bank_reject",
            Command::ResendToBank => "resend_to_bank",
            Command::OrderCard => "order_card",
            Command::Issue => "issue",
        }
    }

    pub fn parse(s: &str) -> Option<Command> {
        Command::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Reasons are required (SYSTEM.md): a return says what to correct in at least one section
    /// (issue 4: "reasons per section"); a reject, and the bank's refusal, say why in the opinion.
    pub fn check_opinion(self, opinion: &str, section_reasons: usize) -> Result<(), DomainError> {
        match self {
            Command::Return if section_reasons == 0 => Err(DomainError::SectionReasonRequired),
            Command::Reject | Command::BankReject | Command::ResendToBank if opinion.trim().is_empty() => Err(DomainError::OpinionRequired),
            _ => Ok(()),
        }
    }
}

/// Art. 5(4): HRSS, passing re-review, may recommend direct recognition (建议直接认定) for
/// categories 1–8; nobody else, at no other moment.
pub fn may_recommend_direct_recognition(from: Status, command: Command, role: Role, category: Option<i16>) -> bool {
    from == Status::ReReview && command == Command::Pass && role == Role::Hrss && matches!(category, Some(1..=8))
}

impl Status {
    pub const ALL: [Status; 15] = [
        Status::Draft,
        Status::PreReview,
        Status::FirstReview,
        Status::ReReview,
        Status::Decision,
        Status::Approved,
        Status::CardProduction,
        Status::CardMade,
        Status::BankRefused,
        Status::Issued,
        Status::Returned(Stage::PreReview),
        Status::Returned(Stage::FirstReview),
        Status::Returned(Stage::ReReview),
        Status::Rejected,
        Status::Withdrawn,
    ];

    fn review_stage(self) -> Option<Stage> {
        match self {
            Status::PreReview => Some(Stage::PreReview),
            Status::FirstReview => Some(Stage::FirstReview),
            Status::ReReview => Some(Stage::ReReview),
            _ => None,
        }
    }

    /// Where `command` issued by `role` leads from this state.
    pub fn apply(self, command: Command, role: Role) -> Result<Status, DomainError> {
        use Command as C;
        use Status as S;
        // First: does the command exist in this state, and who may issue it?
        let (to, allowed): (Status, fn(Role) -> bool) = match (self, command) {
            (S::Draft, C::Submit) => (S::PreReview, Role::is_filer),
            (S::Returned(stage), C::Resubmit) => (stage.status(), Role::is_filer),
            // Withdraw is possible before the decision (SYSTEM.md).
            (S::Draft | S::PreReview | S::FirstReview | S::ReReview | S::Returned(_), C::Withdraw) => {
                (S::Withdrawn, Role::is_filer)
            }
            (S::PreReview, C::Pass) => (S::FirstReview, |r| r == Role::HandlingDept),
            (S::FirstReview, C::Pass) => (S::ReReview, |r| r == Role::IndustryDept),
            (S::ReReview, C::Pass) => (S::Decision, |r| r == Role::Hrss),
            (s, C::Return) if s.review_stage().is_some() => {
                let stage = s.review_stage().expect("checked above");
                return if role == stage.reviewer() { Ok(S::Returned(stage)) } else { Err(DomainError::RoleMayNot) };
            }
            (s, C::Reject) if s.review_stage().is_some() => {
                let stage = s.review_stage().expect("checked above");
                return if role == stage.reviewer() { Ok(S::Rejected) } else { Err(DomainError::RoleMayNot) };
            }
            // Art. 5(5): the Leading Group decides; the talent office records it.
            (S::Decision, C::Approve) => (S::Approved, |r| r == Role::TalentOffice),
            (S::Decision, C::Reject) => (S::Rejected, |r| r == Role::TalentOffice),
            // Art. 5(6): HRSS sends approved cases to the bank; the bank checks the data and makes
            // the card, or sends it back to HRSS, which resends it with the next batch.
            (S::Approved, C::OrderCard) => (S::CardProduction, |r| r == Role::Hrss),
            (S::CardProduction, C::CardMade) => (S::CardMade, |r| r == Role::Bank),
            (S::CardProduction, C::BankReject) => (S::BankRefused, |r| r == Role::Bank),
            (S::BankRefused, C::ResendToBank) => (S::Approved, |r| r == Role::Hrss),
            // Art. 5(7): the Talent Office issues the card and notifies the units.
            (S::CardMade, C::Issue) => (S::Issued, |r| r == Role::TalentOffice),
            _ => return Err(DomainError::NotInThisState),
        };
        if allowed(role) {
            Ok(to)
        } else {
            Err(DomainError::RoleMayNot)
        }
    }

    /// Name of the Postgres enum value `application_status` (a returned case keeps its stage in
    /// the column `returned_from`).
    pub fn as_db(self) -> (&'static str, Option<&'static str>) {
        let name = |s: Status| match s {
            Status::Draft => "draft",
            Status::PreReview => "pre_review",
            Status::FirstReview => "first_review",
            Status::ReReview => "re_review",
            Status::Decision => "decision",
            Status::Approved => "approved",
            Status::CardProduction => "card_production",
            Status::CardMade => "card_made",
            Status::BankRefused => "bank_refused",
            Status::Issued => "issued",
            Status::Returned(_) => "returned",
            Status::Rejected => "rejected",
            Status::Withdrawn => "withdrawn",
        };
        match self {
            Status::Returned(stage) => ("returned", Some(name(stage.status()))),
            s => (name(s), None),
        }
    }

    pub fn from_db(status: &str, returned_from: Option<&str>) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_db() == (status, returned_from))
    }

    /// One string per state, as the event log stores it (`returned/pre_review`).
    pub fn key(self) -> String {
        match self.as_db() {
            (s, None) => s.to_string(),
            (s, Some(from)) => format!("{s}/{from}"),
        }
    }

    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Nothing more can happen to the case (issued, rejected or withdrawn).
    pub fn is_final(self) -> bool {
        matches!(self, Status::Issued | Status::Rejected | Status::Withdrawn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Command as C;
    use Role as R;
    use Status as S;

    const FILERS: &[Role] = &[R::Applicant, R::EmployerAgent];

    /// The whole state machine as a table: (from, command, who may, to). Anything not listed must
    /// be refused, with `NotInThisState` if the command is not listed for that state at all.
    fn table() -> Vec<(Status, Command, &'static [Role], Status)> {
        let mut t: Vec<(Status, Command, &'static [Role], Status)> = vec![
            (S::Draft, C::Submit, FILERS, S::PreReview),
            (S::Draft, C::Withdraw, FILERS, S::Withdrawn),
            (S::PreReview, C::Pass, &[R::HandlingDept], S::FirstReview),
            (S::PreReview, C::Return, &[R::HandlingDept], S::Returned(Stage::PreReview)),
            (S::PreReview, C::Reject, &[R::HandlingDept], S::Rejected),
            (S::PreReview, C::Withdraw, FILERS, S::Withdrawn),
            (S::FirstReview, C::Pass, &[R::IndustryDept], S::ReReview),
            (S::FirstReview, C::Return, &[R::IndustryDept], S::Returned(Stage::FirstReview)),
            (S::FirstReview, C::Reject, &[R::IndustryDept], S::Rejected),
            (S::FirstReview, C::Withdraw, FILERS, S::Withdrawn),
            (S::ReReview, C::Pass, &[R::Hrss], S::Decision),
            (S::ReReview, C::Return, &[R::Hrss], S::Returned(Stage::ReReview)),
            (S::ReReview, C::Reject, &[R::Hrss], S::Rejected),
            (S::ReReview, C::Withdraw, FILERS, S::Withdrawn),
            (S::Decision, C::Approve, &[R::TalentOffice], S::Approved),
            (S::Decision, C::Reject, &[R::TalentOffice], S::Rejected),
            (S::Approved, C::OrderCard, &[R::Hrss], S::CardProduction),
            (S::CardProduction, C::CardMade, &[R::Bank], S::CardMade),
            (S::CardProduction, C::BankReject, &[R::Bank], S::BankRefused),
            (S::BankRefused, C::ResendToBank, &[R::Hrss], S::Approved),
            (S::CardMade, C::Issue, &[R::TalentOffice], S::Issued),
        ];
        for stage in Stage::ALL {
            t.push((S::Returned(stage), C::Resubmit, FILERS, stage.status()));
            t.push((S::Returned(stage), C::Withdraw, FILERS, S::Withdrawn));
        }
        t
    }

    #[test]
    fn every_state_command_role_triple() {
        let table = table();
        let mut checked = 0;
        for from in Status::ALL {
            for cmd in Command::ALL {
                let row = table.iter().find(|(f, c, _, _)| *f == from && *c == cmd);
                for role in Role::ALL {
                    let expected = match row {
                        None => Err(DomainError::NotInThisState),
                        Some((_, _, who, to)) if who.contains(&role) => Ok(*to),
                        Some(_) => Err(DomainError::RoleMayNot),
                    };
                    assert_eq!(from.apply(cmd, role), expected, "{from:?} {cmd:?} by {role:?}");
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 15 * 12 * 9);
    }

    #[test]
    fn final_states_accept_nothing() {
        for from in [S::Issued, S::Rejected, S::Withdrawn] {
            assert!(from.is_final());
            for cmd in Command::ALL {
                for role in Role::ALL {
                    assert_eq!(from.apply(cmd, role), Err(DomainError::NotInThisState));
                }
            }
        }
    }

    #[test]
    fn no_withdrawal_once_decision_reached() {
        // SYSTEM.md: withdraw by applicant, before decision.
        for from in [S::Decision, S::Approved, S::CardProduction, S::BankRefused, S::CardMade, S::Issued] {
            assert_eq!(from.apply(C::Withdraw, R::Applicant), Err(DomainError::NotInThisState));
        }
        // Issue 10: after the bank refused, the Leading Group's approval stands — HRSS neither
        // returns nor rejects it, and it never goes back to a review stage.
        for cmd in [C::Return, C::Reject, C::Pass] {
            assert_eq!(S::BankRefused.apply(cmd, R::Hrss), Err(DomainError::NotInThisState));
        }
    }

    #[test]
    fn return_reject_and_bank_rejection_need_an_opinion() {
        for cmd in [C::Reject, C::BankReject, C::ResendToBank] {
            assert_eq!(cmd.check_opinion("  ", 0), Err(DomainError::OpinionRequired));
            assert_eq!(cmd.check_opinion("材料不全", 0), Ok(()));
        }
        // A return names what to correct, section by section.
        assert_eq!(C::Return.check_opinion("材料不全", 0), Err(DomainError::SectionReasonRequired));
        assert_eq!(C::Return.check_opinion("", 1), Ok(()));
        for cmd in [C::Pass, C::Submit, C::Approve, C::CardMade, C::OrderCard, C::Issue] {
            assert_eq!(cmd.check_opinion("", 0), Ok(()));
        }
    }

    #[test]
    fn database_names_round_trip() {
        for s in Status::ALL {
            let (status, from) = s.as_db();
            assert_eq!(Status::from_db(status, from), Some(s));
        }
        for c in Command::ALL {
            assert_eq!(Command::parse(c.as_str()), Some(c));
        }
        assert_eq!(Status::from_db("returned", None), None);
        for s in Status::ALL {
            assert_eq!(Status::from_key(&s.key()), Some(s));
        }
    }

    #[test]
    fn the_thin_path_reaches_issued() {
        let steps = [
            (C::Submit, R::Applicant),
            (C::Pass, R::HandlingDept),
            (C::Pass, R::IndustryDept),
            (C::Pass, R::Hrss),
            (C::Approve, R::TalentOffice),
            (C::OrderCard, R::Hrss),
            (C::CardMade, R::Bank),
            (C::Issue, R::TalentOffice),
        ];
        let end = steps.iter().try_fold(S::Draft, |s, (c, r)| s.apply(*c, *r));
        assert_eq!(end, Ok(S::Issued));
    }

    #[test]
    fn only_hrss_passing_re_review_may_recommend_direct_recognition() {
        // Art. 5(4): categories 1–8 only.
        for c in 1..=8 {
            assert!(may_recommend_direct_recognition(S::ReReview, C::Pass, R::Hrss, Some(c)));
        }
        let refused = [
            (S::ReReview, C::Pass, R::Hrss, Some(9)),
            (S::ReReview, C::Return, R::Hrss, Some(1)),
            (S::FirstReview, C::Pass, R::IndustryDept, Some(1)),
            (S::Decision, C::Approve, R::TalentOffice, Some(1)),
            (S::ReReview, C::Pass, R::Hrss, None),
        ];
        for (from, cmd, role, cat) in refused {
            assert!(!may_recommend_direct_recognition(from, cmd, role, cat), "{from:?} {cmd:?} {role:?} {cat:?}");
        }
    }
}
