//! Dates as forms and ID numbers write them, read without chrono's format machinery: the field
//! checks run these same parsers in the browser, where `parse_from_str` (strftime items, its
//! general parser) cost about 10 KB of WASM.
use chrono::NaiveDate;

/// `YYYY-MM-DD`, as a date field sends it (a month or day of one digit is taken too, as
/// chrono's `%Y-%m-%d` took it; a year of other than four digits is not: chrono read "26-12-03"
/// as the year 26).
pub fn iso(s: &str) -> Option<NaiveDate> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(y)? as i32, digits(m)?, digits(d)?)
}

/// `YYYYMMDD`, as a resident ID number holds the birth date.
pub fn compact(s: &str) -> Option<NaiveDate> {
    if s.len() != 8 || !s.is_ascii() {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(&s[..4])? as i32, digits(&s[4..6])?, digits(&s[6..])?)
}

fn digits(s: &str) -> Option<u32> {
    s.bytes().try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_chrono_read_them() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        for (input, expected) in [
            ("2026-12-03", d(2026, 12, 3)),
            ("1990-3-7", d(1990, 3, 7)),
            ("2024-02-29", d(2024, 2, 29)),
            ("2026-02-29", None),
            ("2026-13-01", None),
            ("2026-00-10", None),
            ("2026-12-32", None),
            ("26-12-03", None),
            ("2026-12-03-01", None),
            ("2026/12/03", None),
            ("2026-１2-03", None),
            ("2026-+1-03", None),
            ("", None),
            ("2026-12-", None),
        ] {
            assert_eq!(iso(input), expected, "{input}");
            let four_digit_year = input.split('-').next().is_some_and(|y| y.len() == 4);
            assert_eq!(iso(input), NaiveDate::parse_from_str(input, "%Y-%m-%d").ok().filter(|_| four_digit_year && input.len() <= 10 && !input.contains('+')), "chrono on {input}");
        }
        for (input, expected) in [("19900307", d(1990, 3, 7)), ("19900230", None), ("1990037", None), ("1990-3-7", None), ("１９９００３０７", None)] {
            assert_eq!(compact(input), expected, "{input}");
        }
    }
}
