//! Property tests for the identity-number and card-number parsers of `app::domain`.
//!
//! RULES.md and SYSTEM.md require that resident ID numbers are checked by GB 11643 and unified
//! social credit codes by GB 32100; card numbers carry a Luhn check digit (ISO/IEC 7812). These
//! properties check the parsers against the standards' own arithmetic on generated values,
//! rather than on the handful of fixed examples in the unit tests.
use app::domain::{CardNumber, CreditCode, Problem, ResidentId};
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

/// The fixed "today" of the tests, so that generated birth dates never lie in the future.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).expect("valid date")
}

/// Default case count (256). Failures are not persisted to a `.proptest-regressions` file: the
/// minimal failing input is printed instead, and the tree stays free of generated files.
fn config() -> ProptestConfig {
    ProptestConfig { failure_persistence: None, ..ProptestConfig::default() }
}

fn earliest_birth() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid date")
}

const DIGITS: &str = "0123456789";
const ID_LAST: &str = "0123456789X";
/// GB 32100's 31 characters (no I, O, S, V, Z).
const CODE_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

// ---------------------------------------------------------------------------------------------
// The standards' arithmetic, written out here (not the code under test): weights and alphabets
// as GB 11643-1999, GB 32100-2015 and ISO/IEC 7812-1 give them (issue 18, item 4).
// ---------------------------------------------------------------------------------------------

/// GB 11643 MOD 11-2: weights 2^(17-i) mod 11, the check character from "10X98765432".
fn gb11643_check(first17: &str) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17.chars().zip(WEIGHTS).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
    "10X98765432".chars().nth((sum % 11) as usize).unwrap()
}

/// GB 32100: weights 3^i mod 31, the check character is (31 - sum mod 31) mod 31 in the alphabet.
fn gb32100_check(first17: &str) -> char {
    const WEIGHTS: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let sum: usize = first17.chars().zip(WEIGHTS).map(|(c, w)| CODE_CHARS.find(c).unwrap() * w).sum();
    CODE_CHARS.chars().nth((31 - sum % 31) % 31).unwrap()
}

/// Luhn: from the right, every second digit of the body doubled (minus 9 above 9).
fn luhn_check(body: &str) -> char {
    let sum: u32 = body
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).unwrap();
            if i % 2 == 0 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d }
        })
        .sum();
    char::from_digit((10 - sum % 10) % 10, 10).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/// A valid GB 11643 number: 6-digit area code, a birth date in 1900-01-01..=today, a 3-digit
/// sequence number and the MOD 11-2 check character.
fn valid_resident_id() -> impl Strategy<Value = String> {
    let days = (today() - earliest_birth()).num_days();
    (0u32..1_000_000, 0..=days, 0u32..1000).prop_map(|(area, offset, seq)| {
        let birth = earliest_birth() + Duration::days(offset);
        let first17 = format!("{area:06}{}{seq:03}", birth.format("%Y%m%d"));
        let check = gb11643_check(&first17);
        format!("{first17}{check}")
    })
}

/// A valid GB 32100 code: 17 characters of the 31-character alphabet and the mod-31 check.
fn valid_credit_code() -> impl Strategy<Value = String> {
    "[0-9A-HJ-NP-RTUW-Y]{17}".prop_map(|first17| {
        let check = gb32100_check(&first17);
        format!("{first17}{check}")
    })
}

/// A valid card number: 15–18 digits and the Luhn check digit (16–19 digits in all).
fn valid_card_number() -> impl Strategy<Value = String> {
    "[0-9]{15,18}".prop_map(|body| {
        let check = luhn_check(&body);
        format!("{body}{check}")
    })
}

/// `s` with the character at `pos` replaced by the `pick`-th character of `alphabet` that differs
/// from the one already there (so the result is always a real substitution).
fn substitute(s: &str, pos: usize, alphabet: &str, pick: usize) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    let others: Vec<char> = alphabet.chars().filter(|&c| c != chars[pos]).collect();
    chars[pos] = others[pick % others.len()];
    chars.into_iter().collect()
}

/// Surrounding whitespace of the kind people paste around a number.
fn padding() -> impl Strategy<Value = String> {
    "[ \t]{0,3}"
}

// ---------------------------------------------------------------------------------------------
// GB 11643 resident identity numbers
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// GB 11643 (RULES.md/SYSTEM.md): every well-formed number — real birth date not after
    /// today, correct MOD 11-2 check character — is accepted and kept as typed (upper case).
    #[test]
    fn resident_id_valid_round_trips(id in valid_resident_id()) {
        let parsed = ResidentId::parse(&id, today());
        prop_assert_eq!(parsed.as_ref().map(ResidentId::as_str), Ok(id.as_str()));
    }

    /// GB 11643: the check character may be typed as lower-case `x`, and the number may arrive
    /// with surrounding spaces; the parser normalises both.
    #[test]
    fn resident_id_accepts_lower_x_and_spaces(id in valid_resident_id(), pre in padding(), post in padding()) {
        let typed = format!("{pre}{}{post}", id.to_ascii_lowercase());
        let parsed = ResidentId::parse(&typed, today());
        prop_assert_eq!(parsed.as_ref().map(ResidentId::as_str), Ok(id.as_str()));
    }

    /// GB 11643: ISO 7064 MOD 11-2 detects every single-character substitution (weights
    /// 2^(17-i) mod 11 are all non-zero mod the prime 11). A changed birth-date digit may be
    /// reported as a bad date rather than a bad check character; either way it is refused.
    #[test]
    fn resident_id_single_substitution_rejected(id in valid_resident_id(), pos in 0usize..18, pick in 0usize..16) {
        let alphabet = if pos == 17 { ID_LAST } else { DIGITS };
        let changed = substitute(&id, pos, alphabet, pick);
        prop_assert_ne!(&changed, &id);
        let parsed = ResidentId::parse(&changed, today());
        prop_assert!(parsed.is_err(), "{} (from {}) accepted", changed, id);
    }

    /// GB 11643: a number is exactly 18 characters; any other length of digits and X is refused.
    #[test]
    fn resident_id_wrong_length_rejected(s in "[0-9X]{0,40}".prop_filter("not 18", |s| s.len() != 18)) {
        let parsed = ResidentId::parse(&s, today());
        prop_assert!(parsed.is_err());
        prop_assert!(matches!(parsed, Err(Problem::Required | Problem::IdFormat)), "{:?}", parsed);
    }

    /// Whatever is typed or posted, the parser answers and never panics (it runs in the browser
    /// on every keystroke and on the server on every request).
    #[test]
    fn resident_id_never_panics(s in "\\PC*") {
        let _ = ResidentId::parse(&s, today());
    }

    /// The same, aimed at the length check: 18 characters, mostly digits, some multi-byte.
    /// An 18-character string is not 18 bytes, so byte slicing must not cut a character.
    #[test]
    fn resident_id_never_panics_on_multibyte_18(s in "[0-9é中𠀀]{18}") {
        let _ = ResidentId::parse(&s, today());
    }
}

/// The smallest input found by `resident_id_never_panics*`: 18 characters, 19 bytes, with byte 17
/// inside `é`. `ResidentId::parse` checks `chars().count() == 18` and then slices `s[..17]` by
/// bytes, which panics (in the browser a WASM panic takes the island down). Expected: `IdFormat`.
#[test]
fn resident_id_multibyte_18_chars_is_a_format_error() {
    let s = "1234567890123456\u{e9}0";
    assert_eq!(s.chars().count(), 18);
    assert_eq!(ResidentId::parse(s, today()), Err(Problem::IdFormat));
}

// ---------------------------------------------------------------------------------------------
// GB 32100 unified social credit codes
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// GB 32100 (RULES.md/SYSTEM.md): every code of 17 alphabet characters followed by its
    /// mod-31 check character is accepted and kept as typed (upper case).
    #[test]
    fn credit_code_valid_round_trips(code in valid_credit_code()) {
        let parsed = CreditCode::parse(&code);
        prop_assert_eq!(parsed.as_ref().map(CreditCode::as_str), Ok(code.as_str()));
    }

    /// GB 32100: lower-case letters and surrounding spaces are normalised away.
    #[test]
    fn credit_code_accepts_lower_case_and_spaces(code in valid_credit_code(), pre in padding(), post in padding()) {
        let typed = format!("{pre}{}{post}", code.to_ascii_lowercase());
        let parsed = CreditCode::parse(&typed);
        prop_assert_eq!(parsed.as_ref().map(CreditCode::as_str), Ok(code.as_str()));
    }

    /// GB 32100: the weights 3^i mod 31 are all non-zero mod the prime 31, so the check
    /// character detects every single-character substitution within the 31-character alphabet.
    #[test]
    fn credit_code_single_substitution_rejected(code in valid_credit_code(), pos in 0usize..18, pick in 0usize..30) {
        let changed = substitute(&code, pos, CODE_CHARS, pick);
        prop_assert_ne!(&changed, &code);
        let parsed = CreditCode::parse(&changed);
        prop_assert_eq!(parsed, Err(Problem::CreditCodeCheck), "{} (from {})", changed, code);
    }

    /// GB 32100: a code is exactly 18 characters; any other length is refused.
    #[test]
    fn credit_code_wrong_length_rejected(s in "[0-9A-HJ-NP-RTUW-Y]{0,40}".prop_filter("not 18", |s| s.len() != 18)) {
        let parsed = CreditCode::parse(&s);
        prop_assert!(matches!(parsed, Err(Problem::Required | Problem::CreditCodeFormat)), "{:?}", parsed);
    }

    /// Arbitrary input never panics the credit-code parser.
    #[test]
    fn credit_code_never_panics(s in "\\PC*") {
        let _ = CreditCode::parse(&s);
    }

    /// The same, aimed at the length check with multi-byte characters.
    #[test]
    fn credit_code_never_panics_on_multibyte(s in "[0-9A-Yé中𠀀]{6,18}") {
        let _ = CreditCode::parse(&s);
    }
}

// ---------------------------------------------------------------------------------------------
// Luhn card numbers
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// ISO/IEC 7812: every 16–19-digit number with a correct Luhn digit is accepted as is.
    #[test]
    fn card_number_valid_round_trips(n in valid_card_number()) {
        let parsed = CardNumber::parse(&n);
        prop_assert_eq!(parsed.as_ref().map(CardNumber::as_str), Ok(n.as_str()));
    }

    /// Card numbers are often typed in groups of four: spaces anywhere are dropped.
    #[test]
    fn card_number_accepts_spaces(n in valid_card_number(), pre in padding(), post in padding()) {
        let grouped: Vec<String> = n.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
        let typed = format!("{pre}{}{post}", grouped.join(" "));
        let parsed = CardNumber::parse(&typed);
        prop_assert_eq!(parsed.as_ref().map(CardNumber::as_str), Ok(n.as_str()));
    }

    /// Luhn detects every single-digit substitution (doubling is a permutation of 0–9).
    #[test]
    fn card_number_single_substitution_rejected(n in valid_card_number(), pos in 0usize..19, pick in 0usize..9) {
        let pos = pos % n.len();
        let changed = substitute(&n, pos, DIGITS, pick);
        prop_assert_ne!(&changed, &n);
        let parsed = CardNumber::parse(&changed);
        prop_assert_eq!(parsed, Err(Problem::CardNumberCheck), "{} (from {})", changed, n);
    }

    /// A card number is 16–19 digits; any other length is refused.
    #[test]
    fn card_number_wrong_length_rejected(s in "[0-9]{0,40}".prop_filter("not 16-19", |s| !(16..=19).contains(&s.len()))) {
        let parsed = CardNumber::parse(&s);
        prop_assert!(matches!(parsed, Err(Problem::Required | Problem::CardNumberFormat)), "{:?}", parsed);
    }

    /// Arbitrary input never panics the card-number parser.
    #[test]
    fn card_number_never_panics(s in "\\PC*") {
        let _ = CardNumber::parse(&s);
    }

    /// The same, aimed at the length check with multi-byte characters.
    #[test]
    fn card_number_never_panics_on_multibyte(s in "[0-9é中𠀀 ]{8,20}") {
        let _ = CardNumber::parse(&s);
    }
}

proptest! {
    /// Every identity document type: any text is judged, never a panic (the browser runs this).
    #[test]
    fn id_numbers_of_every_type_never_panic(s in "\\PC{0,40}") {
        for t in app::domain::IdType::ALL {
            let _ = t.parse_number(&s, today());
        }
    }
}
