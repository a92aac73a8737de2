//! The co-branded card (Art. 5(6)–(7), Art. 6) and what a service provider may learn of it.
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::Problem;

/// Art. 6: the management period is 5 years from issuance. Returns the last valid day.
pub fn valid_until(issued_on: NaiveDate) -> NaiveDate {
    // The day before the issue day, five years on: 2026-11-28 → 2031-11-27, 2028-02-29 → 2033-02-28.
    let eve = issued_on.pred_opt().expect("date in range");
    eve.checked_add_months(Months::new(60)).expect("date in range")
}

/// What a provider sees instead of the name: first and last character kept (张*明, 张*).
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".into(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

/// A card number as the e-card shows it: the first 4 and last 4 digits (6222 **** **** 7894).
pub fn mask_card_number(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() <= 8 {
        return "*".repeat(digits.len());
    }
    let head: String = digits[..4].iter().collect();
    let tail: String = digits[digits.len() - 4..].iter().collect();
    format!("{head} **** **** {tail}")
}

/// The bank's card number: 16–19 digits with a Luhn check digit (ISO/IEC 7812).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardNumber(String);

impl CardNumber {
    pub fn parse(raw: &str) -> Result<CardNumber, Problem> {
        let s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if s.is_empty() {
            return Err(Problem::Required);
        }
        if !(16..=19).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Problem::CardNumberFormat);
        }
        if !luhn_ok(&s) {
            return Err(Problem::CardNumberCheck);
        }
        Ok(CardNumber(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The Luhn check digit to append to `body` (digits only).
    pub fn check_digit(body: &str) -> char {
        let sum: u32 = body
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, b)| {
                let d = u32::from(b - b'0');
                if i % 2 == 0 {
                    let d2 = d * 2;
                    if d2 > 9 { d2 - 9 } else { d2 }
                } else {
                    d
                }
            })
            .sum();
        char::from(b'0' + ((10 - sum % 10) % 10) as u8)
    }
}

fn luhn_ok(s: &str) -> bool {
    let (body, check) = s.split_at(s.len() - 1);
    check.starts_with(CardNumber::check_digit(body))
}

/// Why HRSS terminates a card (Art. 6(2)): both talent and bank services end, for good.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TerminationGround {
    /// 弄虚作假: the card was obtained by fraud.
    Fraud,
    /// 被开除党籍
    PartyExpulsion,
    /// 违法犯罪
    BreakingTheLaw,
    /// 严重违反职业道德
    ProfessionalEthics,
}

impl TerminationGround {
    pub const ALL: [TerminationGround; 4] =
        [TerminationGround::Fraud, TerminationGround::PartyExpulsion, TerminationGround::BreakingTheLaw, TerminationGround::ProfessionalEthics];

    pub fn as_str(self) -> &'static str {
        match self {
            TerminationGround::Fraud => "fraud",
            TerminationGround::PartyExpulsion => "party_expulsion",
            TerminationGround::BreakingTheLaw => "breaking_the_law",
            TerminationGround::ProfessionalEthics => "professional_ethics",
        }
    }

    pub fn parse(s: &str) -> Option<TerminationGround> {
        TerminationGround::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

/// A change of a card's two tracks (Art. 6), and what each track becomes: `(talent, bank)`.
/// `talent` is the talent track as a reader sees it today (an active card past its period reads
/// `expired`). The only change so far: HRSS terminates (Art. 6(2)) a card not yet terminated —
/// expired too, since its bank services may still run. Terminated is final.
pub fn terminate(talent: &str, bank: &str, role: super::Role) -> Result<(&'static str, &'static str), super::DomainError> {
    if talent == "terminated" && bank == "terminated" {
        return Err(super::DomainError::NotInThisState);
    }
    if !matches!(talent, "active" | "suspended" | "expired" | "terminated") || !matches!(bank, "active" | "terminated") {
        return Err(super::DomainError::NotInThisState);
    }
    if role != super::Role::Hrss {
        return Err(super::DomainError::RoleMayNot);
    }
    Ok(("terminated", "terminated"))
}

/// Art. 6(1): a move to the contact list takes effect on the 1st of the next month, China time —
/// filed on the 31st, the next day; filed on the 1st itself, a month later.
pub fn first_of_next_month(day: NaiveDate) -> NaiveDate {
    let first = day.with_day(1).expect("day 1 exists");
    first.checked_add_months(Months::new(1)).expect("date in range")
}

/// Talent services as a reader sees them on `day`: the stored track, or the one before it while
/// the stored one is not yet in effect (`since`: a suspension from the 1st of next month); past
/// the period an active or suspended card reads `expired`. Computed on the day — no job has to
/// run first. The same rule as SQL's `card_talent_on` (migration 20261202000007).
pub fn talent_on(stored: &str, since: Option<NaiveDate>, before: Option<&str>, valid_until: NaiveDate, day: NaiveDate) -> String {
    let current = match (since, before) {
        (Some(since), Some(before)) if day < since => before,
        _ => stored,
    };
    if day > valid_until && matches!(current, "active" | "suspended") { "expired".into() } else { current.into() }
}

/// Art. 6: when the period ends the former holder may re-apply with priority — from 90 days before
/// the last valid day (when the holder is told), and after it; never after a termination.
/// `talent`: talent services as read `today`.
pub fn may_reapply(talent: &str, valid_until: NaiveDate, today: NaiveDate) -> bool {
    match talent {
        "expired" => true,
        "active" | "suspended" => valid_until <= today + chrono::Duration::days(90),
        _ => false,
    }
}

/// A move to or from the contact list (Art. 6(1)): the industry department proposes, HRSS files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Adjustment {
    /// Talent services suspended from the 1st of next month; bank services unaffected.
    Suspend,
    /// Eligible again: active at once (the proposal goes ahead of others).
    Reactivate,
}

impl Adjustment {
    pub fn as_str(self) -> &'static str {
        match self {
            Adjustment::Suspend => "suspend",
            Adjustment::Reactivate => "reactivate",
        }
    }

    pub fn parse(s: &str) -> Option<Adjustment> {
        [Adjustment::Suspend, Adjustment::Reactivate].into_iter().find(|a| a.as_str() == s)
    }

    /// The talent track it leads to from `stored` (what `cards` holds) and `seen` (as read today),
    /// and the day it takes effect, filed on `today`. A suspension needs an active card with no
    /// suspension pending; a reactivation a suspended one (in effect or pending), never a
    /// terminated or expired card.
    pub fn apply(self, stored: &str, seen: &str, today: NaiveDate) -> Result<(&'static str, NaiveDate), super::DomainError> {
        match (self, stored, seen) {
            (Adjustment::Suspend, "active", "active") => Ok(("suspended", first_of_next_month(today))),
            (Adjustment::Reactivate, "suspended", "active" | "suspended") => Ok(("active", today)),
            _ => Err(super::DomainError::NotInThisState),
        }
    }
}

/// Why the industry department proposes a move (Art. 6(1)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AdjustmentReason {
    PostChange,
    JobChange,
    LeftDistrict,
    EligibleAgain,
    Other,
}

impl AdjustmentReason {
    pub const ALL: [AdjustmentReason; 5] =
        [AdjustmentReason::PostChange, AdjustmentReason::JobChange, AdjustmentReason::LeftDistrict, AdjustmentReason::EligibleAgain, AdjustmentReason::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            AdjustmentReason::PostChange => "post_change",
            AdjustmentReason::JobChange => "job_change",
            AdjustmentReason::LeftDistrict => "left_district",
            AdjustmentReason::EligibleAgain => "eligible_again",
            AdjustmentReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<AdjustmentReason> {
        AdjustmentReason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The reasons that fit a move: leaving the list only for eligibility again, joining it for
    /// anything else.
    pub fn fits(self, a: Adjustment) -> bool {
        (a == Adjustment::Reactivate) == matches!(self, AdjustmentReason::EligibleAgain | AdjustmentReason::Other)
            || self == AdjustmentReason::Other
    }
}

/// The eleven services of Art. 4, one per provider type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ServiceType {
    Hukou,
    SchoolPlace,
    GovService,
    Medical,
    BusinessTax,
    Legal,
    Airport,
    Housing,
    Culture,
    PartyBuilding,
    Other,
}

impl ServiceType {
    pub const ALL: [ServiceType; 11] = [
        ServiceType::Hukou,
        ServiceType::SchoolPlace,
        ServiceType::GovService,
        ServiceType::Medical,
        ServiceType::BusinessTax,
        ServiceType::Legal,
        ServiceType::Airport,
        ServiceType::Housing,
        ServiceType::Culture,
        ServiceType::PartyBuilding,
        ServiceType::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::Hukou => "hukou",
            ServiceType::SchoolPlace => "school_place",
            ServiceType::GovService => "gov_service",
            ServiceType::Medical => "medical",
            ServiceType::BusinessTax => "business_tax",
            ServiceType::Legal => "legal",
            ServiceType::Airport => "airport",
            ServiceType::Housing => "housing",
            ServiceType::Culture => "culture",
            ServiceType::PartyBuilding => "party_building",
            ServiceType::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ServiceType> {
        ServiceType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Art. 6: a priority re-application from 90 days before the last valid day, and after it.
    #[test]
    fn a_holder_may_reapply_from_90_days_before_the_end() {
        let until = NaiveDate::from_ymd_opt(2031, 11, 27).unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        // (talent as read today, today, may)
        let table = [
            ("active", "2031-08-28", false),
            ("active", "2031-08-29", true),
            ("suspended", "2031-11-27", true),
            ("expired", "2031-11-28", true),
            ("expired", "2035-01-01", true),
            ("terminated", "2031-11-01", false),
            ("terminated", "2032-01-01", false),
        ];
        for (talent, today, may) in table {
            assert_eq!(may_reapply(talent, until, d(today)), may, "{talent} on {today}");
        }
    }

    /// Art. 6(2): HRSS, and only HRSS, terminates a card in any state but terminated; both tracks
    /// end. (talent, bank, role) → result, for every role.
    #[test]
    fn only_hrss_terminates_and_only_once() {
        use crate::domain::{DomainError as D, Role};
        let states = [("active", "active"), ("suspended", "active"), ("expired", "active"), ("expired", "terminated"), ("terminated", "terminated")];
        for (talent, bank) in states {
            for role in Role::ALL {
                let expected = match ((talent, bank), role) {
                    (("terminated", "terminated"), _) => Err(D::NotInThisState),
                    (_, Role::Hrss) => Ok(("terminated", "terminated")),
                    _ => Err(D::RoleMayNot),
                };
                assert_eq!(terminate(talent, bank, role), expected, "{talent}/{bank} by {role:?}");
            }
        }
        assert_eq!(terminate("lost", "active", Role::Hrss), Err(D::NotInThisState));
        for g in TerminationGround::ALL {
            assert_eq!(TerminationGround::parse(g.as_str()), Some(g));
        }
    }

    /// Art. 6(1): the 1st of the next month, whatever day of the month the filing is.
    #[test]
    fn next_month_effect() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let cases = [
            (d(2026, 12, 1), d(2027, 1, 1)),
            (d(2026, 11, 15), d(2026, 12, 1)),
            (d(2027, 2, 28), d(2027, 3, 1)),
            (d(2028, 2, 29), d(2028, 3, 1)),
            (d(2026, 4, 30), d(2026, 5, 1)),
            (d(2026, 1, 31), d(2026, 2, 1)),
            (d(2026, 12, 31), d(2027, 1, 1)),
            (d(2026, 6, 1), d(2026, 7, 1)),
        ];
        for (filed, effective) in cases {
            assert_eq!(first_of_next_month(filed), effective, "filed {filed}");
        }
    }

    /// (stored, since, before, valid until, day) → what a reader sees.
    #[test]
    fn talent_track_on_a_day() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let until = d(2031, 11, 30);
        let jan = Some(d(2027, 1, 1));
        let cases = [
            ("active", None, None, d(2026, 12, 2), "active"),
            ("suspended", jan, Some("active"), d(2026, 12, 31), "active"),
            ("suspended", jan, Some("active"), d(2027, 1, 1), "suspended"),
            ("active", Some(d(2026, 12, 2)), Some("suspended"), d(2026, 12, 2), "active"),
            ("active", None, None, d(2031, 11, 30), "active"),
            ("active", None, None, d(2031, 12, 1), "expired"),
            ("suspended", jan, Some("active"), d(2031, 12, 1), "expired"),
            ("terminated", Some(d(2026, 12, 2)), Some("active"), d(2032, 1, 1), "terminated"),
        ];
        for (stored, since, before, day, seen) in cases {
            assert_eq!(talent_on(stored, since, before, until, day), seen, "{stored} since {since:?} on {day}");
        }
    }

    /// (move, stored, seen) → next track and its day, filed on 2026-12-15.
    #[test]
    fn moves_to_and_from_the_contact_list() {
        use crate::domain::DomainError::NotInThisState as No;
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let today = d(2026, 12, 15);
        let cases = [
            (Adjustment::Suspend, "active", "active", Ok(("suspended", d(2027, 1, 1)))),
            // Proposed twice: the first is pending (stored suspended, read active).
            (Adjustment::Suspend, "suspended", "active", Err(No)),
            (Adjustment::Suspend, "suspended", "suspended", Err(No)),
            (Adjustment::Suspend, "active", "expired", Err(No)),
            (Adjustment::Suspend, "terminated", "terminated", Err(No)),
            (Adjustment::Reactivate, "suspended", "suspended", Ok(("active", today))),
            (Adjustment::Reactivate, "suspended", "active", Ok(("active", today))),
            (Adjustment::Reactivate, "active", "active", Err(No)),
            (Adjustment::Reactivate, "terminated", "terminated", Err(No)),
            (Adjustment::Reactivate, "suspended", "expired", Err(No)),
        ];
        for (a, stored, seen, expected) in cases {
            assert_eq!(a.apply(stored, seen, today), expected, "{a:?} {stored}/{seen}");
        }
        assert!(AdjustmentReason::LeftDistrict.fits(Adjustment::Suspend));
        assert!(!AdjustmentReason::LeftDistrict.fits(Adjustment::Reactivate));
        assert!(AdjustmentReason::EligibleAgain.fits(Adjustment::Reactivate));
        assert!(!AdjustmentReason::EligibleAgain.fits(Adjustment::Suspend));
        assert!(AdjustmentReason::Other.fits(Adjustment::Suspend) && AdjustmentReason::Other.fits(Adjustment::Reactivate));
    }

    #[test]
    fn five_year_period() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(valid_until(d(2026, 11, 28)), d(2031, 11, 27));
        // Issued on 29 February: the period ends with February 2033.
        assert_eq!(valid_until(d(2028, 2, 29)), d(2033, 2, 28));
        assert_eq!(valid_until(d(2026, 3, 1)), d(2031, 2, 28));
        assert_eq!(valid_until(d(2026, 1, 1)), d(2030, 12, 31));
    }

    #[test]
    fn masked_names() {
        assert_eq!(mask_name("张三明"), "张*明");
        assert_eq!(mask_name("欧阳娜娜"), "欧**娜");
        assert_eq!(mask_name("李四"), "李*");
        assert_eq!(mask_name("𠀀㐂"), "𠀀*");
        assert_eq!(mask_name("王"), "*");
    }

    #[test]
    fn masked_card_numbers() {
        assert_eq!(mask_card_number("6222021234567894"), "6222 **** **** 7894");
        assert_eq!(mask_card_number("6222 0212 3456 7894 123"), "6222 **** **** 4123");
        assert_eq!(mask_card_number("12345678"), "********");
    }

    #[test]
    fn card_numbers() {
        assert!(CardNumber::parse("6222 0212 3456 7894").is_ok());
        assert_eq!(CardNumber::parse("6222021234567890"), Err(Problem::CardNumberCheck));
        assert_eq!(CardNumber::parse("62220212"), Err(Problem::CardNumberFormat));
        assert_eq!(CardNumber::parse("6222O21234567894"), Err(Problem::CardNumberFormat));
        let body = "622202123456789";
        let n = format!("{body}{}", CardNumber::check_digit(body));
        assert_eq!(n, "6222021234567894");
    }

    #[test]
    fn service_names_round_trip() {
        for t in ServiceType::ALL {
            assert_eq!(ServiceType::parse(t.as_str()), Some(t));
        }
    }
}
