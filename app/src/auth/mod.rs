//! Accounts, sessions and roles: login, self-registration of applicants, logout.
pub mod api;
#[cfg(feature = "ssr")]
pub mod session;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::domain::Role;

/// The signed-in user as the pages see it (never the password hash).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_credit_code: Option<String>,
    pub department_code: Option<String>,
    pub provider_org_id: Option<i64>,
    /// Applicants: the ID number typed at registration — a claim, never proof: it opens no case
    /// (a case an agent filed reaches the talent only by a claim code, `claims`).
    pub id_number: Option<String>,
}

pub const MIN_PASSWORD_CHARS: usize = 8;

/// Usernames: 3–40 of a–z, 0–9, `.`, `_`, `-` (stored in lower case).
pub fn parse_username(raw: &str) -> Result<String, crate::domain::Problem> {
    use crate::domain::Problem;
    let s = raw.trim().to_lowercase();
    if s.is_empty() {
        return Err(Problem::Required);
    }
    let ok_chars = s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    if !(3..=40).contains(&s.len()) || !ok_chars {
        return Err(Problem::UsernameFormat);
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Problem;

    #[test]
    fn usernames() {
        assert_eq!(parse_username(" Zhang.San "), Ok("zhang.san".into()));
        assert_eq!(parse_username("zs"), Err(Problem::UsernameFormat));
        assert_eq!(parse_username("张三"), Err(Problem::UsernameFormat));
        assert_eq!(parse_username(""), Err(Problem::Required));
    }
}
