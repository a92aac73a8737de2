//! Claims (issue 10, item 1): how a case an employer's agent filed reaches the talent's own account.
//!
//! A typed ID number never decides who someone is. The agent asks for a claim code on the case; the
//! code goes by e-mail (the outbox) to the contact e-mail of the application, and the agent sees it
//! on the case to pass on by hand. The talent, signed in, enters the code and the ID number of the
//! application (`/claim`); only then does the case become theirs too (`applications.applicant_id`).
//! A code is single-use and lives 72 hours. It is derived from the server's secret and a random
//! salt, so the agent's page can show it again while the database keeps only its SHA-256.
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod views;

use serde::{Deserialize, Serialize};

/// Characters of a claim code: no I, O, 0 or 1, which are easily mistaken when read out.
pub const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// 10 characters of 32: 50 bits, tried at most `limits::CLAIM_PER_ACCOUNT` times an hour.
pub const CODE_CHARS: usize = 10;
/// How long a code may be used (issue 10: 72 h).
pub const CLAIM_HOURS: i32 = 72;

/// The open claim code of a case, as its agent sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClaimView {
    /// Grouped for reading out: `ABCDE-FGHJK`.
    pub code: String,
    pub expires_at: String,
    /// Whether a mail with the code was queued (the application gives a contact e-mail).
    pub mailed: bool,
}

/// Whether the talent has claimed a case, and its open code (for the agent who filed it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseClaim {
    pub claimed: bool,
    pub open: Option<ClaimView>,
}

/// What a person typed, as a code: capitals, without spaces or dashes; `None` if it cannot be one.
pub fn normalize(typed: &str) -> Option<String> {
    let code: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    (code.len() == CODE_CHARS && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// `ABCDEFGHJK` → `ABCDE-FGHJK`.
pub fn grouped(code: &str) -> String {
    let (a, b) = code.split_at(code.len() / 2);
    format!("{a}-{b}")
}

/// The code of a claim: from the server's secret and the claim's salt (server only).
#[cfg(feature = "ssr")]
pub fn derive_code(secret: &[u8; 32], salt: &[u8]) -> String {
    let digest = crate::secrets::sha256(&[b"yunju claim code\n".as_slice(), secret, salt].concat());
    digest.iter().take(CODE_CHARS).map(|b| ALPHABET[(*b as usize) % 32] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_back_however_they_are_typed() {
        assert_eq!(normalize(" abcde-fghjk ").as_deref(), Some("ABCDEFGHJK"));
        assert_eq!(normalize("ABCDE FGHJK").as_deref(), Some("ABCDEFGHJK"));
        assert_eq!(normalize("ABCDEFGHJ"), None, "too short");
        assert_eq!(normalize("ABCDEFGHJ0"), None, "0 is not in the alphabet");
        assert_eq!(normalize("ABCDEFGHJKL"), None, "too long");
        assert_eq!(grouped("ABCDEFGHJK"), "ABCDE-FGHJK");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_code_depends_on_the_secret_and_the_salt() {
        let a = derive_code(&[1; 32], &[7; 16]);
        assert_eq!(a.len(), CODE_CHARS);
        assert_eq!(normalize(&a), Some(a.clone()));
        assert_eq!(derive_code(&[1; 32], &[7; 16]), a);
        assert_ne!(derive_code(&[2; 32], &[7; 16]), a);
        assert_ne!(derive_code(&[1; 32], &[8; 16]), a);
    }
}
