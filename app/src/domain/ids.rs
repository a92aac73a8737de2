//! Identity numbers the applicant types: checked at once in the browser, again on the server.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Problem;

/// 18-digit mainland resident identity number, GB 11643-1999 (ISO 7064 MOD 11-2 check digit).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentId(String);

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

impl ResidentId {
    /// The check character for the first 17 digits.
    pub fn check_char(first17: &str) -> Option<char> {
        if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let sum: u32 = first17.bytes().zip(ID_WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
        Some(ID_CHECK[(sum % 11) as usize] as char)
    }

    /// Accepts surrounding spaces and a lower-case `x`. `today` rules out future birth dates.
    pub fn parse(raw: &str, today: NaiveDate) -> Result<ResidentId, Problem> {
        let s = raw.trim().to_ascii_uppercase();
        if s.is_empty() {
            return Err(Problem::Required);
        }
        // Byte length, so slicing below never splits a character (é, 中, 𠀀 are simply wrong).
        if s.len() != 18 || !s.is_ascii() || !s[..17].bytes().all(|b| b.is_ascii_digit()) {
            return Err(Problem::IdFormat);
        }
        let birth = super::dates::compact(&s[6..14]).ok_or(Problem::IdBirthDate)?;
        if birth > today || birth < NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid date") {
            return Err(Problem::IdBirthDate);
        }
        if ResidentId::check_char(&s[..17]) != s.chars().nth(17) {
            return Err(Problem::IdCheckDigit);
        }
        Ok(ResidentId(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// 18-character unified social credit code, GB 32100-2015 (check character mod 31).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditCode(String);

/// The 31 characters of GB 32100 (no I, O, S, V, Z), in code-value order.
const CODE_CHARS: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const CODE_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

fn code_value(c: u8) -> Option<u32> {
    CODE_CHARS.iter().position(|&x| x == c).map(|p| p as u32)
}

impl CreditCode {
    /// The check character for the first 17 characters.
    pub fn check_char(first17: &str) -> Option<char> {
        if first17.len() != 17 {
            return None;
        }
        let mut sum = 0;
        for (b, w) in first17.bytes().zip(CODE_WEIGHTS) {
            sum += code_value(b)? * w;
        }
        let check = (31 - sum % 31) % 31;
        Some(CODE_CHARS[check as usize] as char)
    }

    pub fn parse(raw: &str) -> Result<CreditCode, Problem> {
        let s = raw.trim().to_ascii_uppercase();
        if s.is_empty() {
            return Err(Problem::Required);
        }
        if s.len() != 18 || !s.bytes().all(|b| code_value(b).is_some()) {
            return Err(Problem::CreditCodeFormat);
        }
        if CreditCode::check_char(&s[..17]) != s.chars().nth(17) {
            return Err(Problem::CreditCodeCheck);
        }
        Ok(CreditCode(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The identity documents an applicant or a dependent may give (SYSTEM.md: resident ID for
/// mainland talent; passport and the Hong Kong/Macao and Taiwan permits for others).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IdType {
    /// 居民身份证, GB 11643.
    ResidentId,
    /// 护照.
    Passport,
    /// 港澳居民来往内地通行证: H or M and 8 or 10 digits.
    HkMacaoPermit,
    /// 台湾居民来往大陆通行证: 8 or 10 digits.
    TaiwanPermit,
    /// 外国人永久居留身份证: 18 characters starting with 9 (2023 edition, GB 11643 check digit)
    /// or 15 characters, three letters and twelve digits (2017 edition).
    ForeignPermanentResident,
}

impl IdType {
    pub const ALL: [IdType; 5] =
        [IdType::ResidentId, IdType::Passport, IdType::HkMacaoPermit, IdType::TaiwanPermit, IdType::ForeignPermanentResident];

    pub fn as_str(self) -> &'static str {
        match self {
            IdType::ResidentId => "resident_id",
            IdType::Passport => "passport",
            IdType::HkMacaoPermit => "hk_macao_permit",
            IdType::TaiwanPermit => "taiwan_permit",
            IdType::ForeignPermanentResident => "foreign_permanent",
        }
    }

    pub fn parse(s: &str) -> Option<IdType> {
        IdType::ALL.into_iter().find(|t| t.as_str() == s.trim())
    }

    /// Checks a number of this type; returns it normalised (trimmed, upper case).
    pub fn parse_number(self, raw: &str, today: NaiveDate) -> Result<String, Problem> {
        let s = raw.trim().to_ascii_uppercase();
        if s.is_empty() {
            return Err(Problem::Required);
        }
        if !s.is_ascii() {
            return Err(Problem::IdFormat);
        }
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        let ok = match self {
            IdType::ResidentId => return ResidentId::parse(&s, today).map(|id| id.0),
            IdType::Passport => (5..=17).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()),
            IdType::HkMacaoPermit => {
                matches!(s.as_bytes().first(), Some(b'H' | b'M')) && matches!(s.len(), 9 | 11) && digits(&s[1..])
            }
            IdType::TaiwanPermit => matches!(s.len(), 8 | 10) && digits(&s),
            IdType::ForeignPermanentResident => match s.len() {
                18 => {
                    if !s.starts_with('9') || !digits(&s[..17]) {
                        return Err(Problem::IdFormat);
                    }
                    if ResidentId::check_char(&s[..17]) != s.chars().nth(17) {
                        return Err(Problem::IdCheckDigit);
                    }
                    true
                }
                15 => s[..3].bytes().all(|b| b.is_ascii_uppercase()) && digits(&s[3..]),
                _ => false,
            },
        };
        if ok {
            Ok(s)
        } else {
            Err(Problem::IdFormat)
        }
    }

    /// The birth date written into the number, where the number carries one.
    pub fn birth_date_in(self, number: &str) -> Option<NaiveDate> {
        match self {
            IdType::ResidentId => super::dates::compact(number.get(6..14)?),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    #[test]
    fn resident_ids() {
        // The GB 11643 standard's own example, and lower-case x.
        assert!(ResidentId::parse("11010519491231002X", today()).is_ok());
        assert!(ResidentId::parse(" 11010519491231002x ", today()).is_ok());
        assert_eq!(ResidentId::parse("110105194912310021", today()), Err(Problem::IdCheckDigit));
        assert_eq!(ResidentId::parse("1101051949123100", today()), Err(Problem::IdFormat));
        assert_eq!(ResidentId::parse("", today()), Err(Problem::Required));
        assert_eq!(ResidentId::parse("11010519491331002X", today()), Err(Problem::IdBirthDate));
        let future = "44011120301201123";
        let id = format!("{future}{}", ResidentId::check_char(future).unwrap());
        assert_eq!(ResidentId::parse(&id, today()), Err(Problem::IdBirthDate));
    }

    #[test]
    fn every_single_character_change_of_an_id_is_caught() {
        let good = "11010519491231002X";
        for i in 0..18 {
            for c in "0123456789X".chars() {
                let mut s: Vec<char> = good.chars().collect();
                if s[i] == c {
                    continue;
                }
                s[i] = c;
                let s: String = s.into_iter().collect();
                assert!(ResidentId::parse(&s, today()).is_err(), "{s} accepted");
            }
        }
    }

    #[test]
    fn other_identity_documents() {
        let t = today();
        assert_eq!(IdType::Passport.parse_number(" e12345678 ", t), Ok("E12345678".into()));
        assert_eq!(IdType::Passport.parse_number("E1234-5678", t), Err(Problem::IdFormat));
        assert!(IdType::HkMacaoPermit.parse_number("H12345678", t).is_ok());
        assert!(IdType::HkMacaoPermit.parse_number("M1234567890", t).is_ok());
        assert_eq!(IdType::HkMacaoPermit.parse_number("X12345678", t), Err(Problem::IdFormat));
        assert!(IdType::TaiwanPermit.parse_number("12345678", t).is_ok());
        assert_eq!(IdType::TaiwanPermit.parse_number("1234567", t), Err(Problem::IdFormat));
        assert!(IdType::ForeignPermanentResident.parse_number("USA123456789012", t).is_ok());
        let first17 = "93384019800101001";
        let fpr = format!("{first17}{}", ResidentId::check_char(first17).unwrap());
        assert!(IdType::ForeignPermanentResident.parse_number(&fpr, t).is_ok());
        assert_eq!(IdType::ForeignPermanentResident.parse_number(&format!("{first17}Y"), t), Err(Problem::IdCheckDigit));
        assert_eq!(IdType::ResidentId.parse_number("110105194912310021", t), Err(Problem::IdCheckDigit));
        assert_eq!(IdType::ResidentId.birth_date_in("11010519491231002X"), NaiveDate::from_ymd_opt(1949, 12, 31));
    }

    #[test]
    fn credit_codes() {
        // A published code (Tencent's Shenzhen company) and a changed check character.
        assert!(CreditCode::parse("9144030071526726XG").is_ok());
        assert!(CreditCode::parse("9144030071526726xg").is_ok());
        assert_eq!(CreditCode::parse("9144030071526726X0"), Err(Problem::CreditCodeCheck));
        assert_eq!(CreditCode::parse("9144030071526726XI"), Err(Problem::CreditCodeFormat));
        assert_eq!(CreditCode::parse("914403007152"), Err(Problem::CreditCodeFormat));
    }

    #[test]
    fn every_single_character_change_of_a_credit_code_is_caught() {
        let good = "9144030071526726XG";
        for i in 0..18 {
            for &c in CODE_CHARS {
                let mut s = good.as_bytes().to_vec();
                if s[i] == c {
                    continue;
                }
                s[i] = c;
                let s = String::from_utf8(s).unwrap();
                assert!(CreditCode::parse(&s).is_err(), "{s} accepted");
            }
        }
    }
}
