//! The e-card's QR token and short code (SYSTEM.md, "Verification"): what a holder's phone shows
//! and a provider's counter reads. Pure: the server signs and checks, the browser's scanner reads
//! the same layout (the signature itself it checks with the browser's Web Crypto).
//!
//! A token is `YJK1:` and the RFC 4648 base32 of 92 bytes — the 28 signed bytes, then the
//! Ed25519 signature of `YJK1` + those 28 bytes:
//!
//! | bytes | what |
//! |---|---|
//! | 0–3 | key id: the first 4 bytes of the SHA-256 of the public key |
//! | 4–19 | a random nonce, new for every code: the server keeps which card it stands for, for as
//! long as the code lives (`ecard_codes`), so a code says nothing of the holder and two codes of
//! one card cannot be linked by anyone who reads them |
//! | 20–23 | issued at, seconds since 1970, big-endian |
//! | 24–27 | expires at, likewise (at most `TOKEN_SECONDS` later) |
//!
//! Base32 uses only QR's alphanumeric characters, so the code stays small (version 7, 45×45).

/// How long a QR token and its short code are good for (issue 12: ≤ 2 minutes).
pub const TOKEN_SECONDS: i64 = 120;
/// How often the holder's page asks for a new one while it is open.
pub const REFRESH_SECONDS: i64 = 30;
/// A clock running this much ahead of the server's still reads a fresh token as fresh.
const CLOCK_SKEW_SECONDS: i64 = 30;

pub const PREFIX: &str = "YJK1:";
const SIGNED_LEN: usize = 28;
const TOKEN_LEN: usize = SIGNED_LEN + 64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claims {
    pub kid: [u8; 4],
    pub nonce: [u8; 16],
    pub issued_at: i64,
    pub expires_at: i64,
}

/// Why a token or code is not accepted; each has its own translated message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenProblem {
    /// Not a token of this system at all: wrong form, unknown key, bad signature.
    NotOurs,
    /// Signed by us, but too old: a screenshot or a replay. The holder shows a fresh code.
    Expired,
}

impl TokenProblem {
    pub fn as_problem(self) -> super::Problem {
        match self {
            TokenProblem::NotOurs => super::Problem::CodeNotOurs,
            TokenProblem::Expired => super::Problem::CodeExpired,
        }
    }
}

impl Claims {
    pub fn new(kid: [u8; 4], nonce: [u8; 16], now: i64) -> Claims {
        Claims { kid, nonce, issued_at: now, expires_at: now + TOKEN_SECONDS }
    }

    /// What the signature covers: a context tag, then the 28 bytes of the table above.
    pub fn signed_message(&self) -> Vec<u8> {
        let mut m = b"YJK1".to_vec();
        m.extend_from_slice(&self.bytes());
        m
    }

    fn bytes(&self) -> [u8; SIGNED_LEN] {
        let mut b = [0u8; SIGNED_LEN];
        b[..4].copy_from_slice(&self.kid);
        b[4..20].copy_from_slice(&self.nonce);
        b[20..24].copy_from_slice(&(self.issued_at.clamp(0, u32::MAX as i64) as u32).to_be_bytes());
        b[24..28].copy_from_slice(&(self.expires_at.clamp(0, u32::MAX as i64) as u32).to_be_bytes());
        b
    }

    /// Fresh at `now` (seconds): not past its expiry, not issued in the future, and not claiming
    /// a longer life than a token may have.
    pub fn check_time(&self, now: i64) -> Result<(), TokenProblem> {
        if self.expires_at - self.issued_at > TOKEN_SECONDS || self.expires_at < self.issued_at {
            return Err(TokenProblem::NotOurs);
        }
        if self.issued_at > now + CLOCK_SKEW_SECONDS {
            return Err(TokenProblem::NotOurs);
        }
        if now > self.expires_at {
            return Err(TokenProblem::Expired);
        }
        Ok(())
    }
}

/// The token text: `YJK1:` + base32(claims ‖ signature).
pub fn encode(claims: &Claims, signature: &[u8; 64]) -> String {
    let mut raw = claims.bytes().to_vec();
    raw.extend_from_slice(signature);
    format!("{PREFIX}{}", base32(&raw))
}

/// Reads a token's layout (not its signature: see the server's key ring and the scanner).
pub fn decode(text: &str) -> Result<(Claims, [u8; 64]), TokenProblem> {
    let body = text.trim().strip_prefix(PREFIX).ok_or(TokenProblem::NotOurs)?;
    let raw = unbase32(body).ok_or(TokenProblem::NotOurs)?;
    if raw.len() != TOKEN_LEN {
        return Err(TokenProblem::NotOurs);
    }
    let u32_at = |i: usize| i64::from(u32::from_be_bytes(raw[i..i + 4].try_into().expect("4 bytes")));
    let claims = Claims {
        kid: raw[..4].try_into().expect("4 bytes"),
        nonce: raw[4..20].try_into().expect("16 bytes"),
        issued_at: u32_at(20),
        expires_at: u32_at(24),
    };
    Ok((claims, raw[SIGNED_LEN..].try_into().expect("64 bytes")))
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(BASE32[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

fn unbase32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = BASE32.iter().position(|&x| x == c)? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
        buffer &= (1 << bits) - 1;
    }
    Some(out)
}

/// The short code under the QR, typed at a counter without a camera: 8 characters of Crockford's
/// base32 (no I, L, O, U: nothing to misread), shown as `ABCD-EFGH`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShortCode(String);

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

impl ShortCode {
    /// From 5 random bytes (40 bits).
    pub fn from_random(bytes: [u8; 5]) -> ShortCode {
        let n = bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        ShortCode((0..8).rev().map(|i| CROCKFORD[((n >> (i * 5)) & 31) as usize] as char).collect())
    }

    /// What a person typed: case, spaces and dashes do not matter; O reads as 0, I and L as 1.
    pub fn parse(typed: &str) -> Option<ShortCode> {
        let code: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            })
            .collect();
        (code.len() == 8 && code.bytes().all(|b| CROCKFORD.contains(&b))).then_some(ShortCode(code))
    }

    /// The canonical form, what the server hashes.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn display(&self) -> String {
        format!("{}-{}", &self.0[..4], &self.0[4..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(now: i64) -> Claims {
        Claims::new([1, 2, 3, 4], [9; 16], now)
    }

    #[test]
    fn a_token_reads_back_as_written() {
        let c = claims(1_800_000_000);
        let sig = [7u8; 64];
        let text = encode(&c, &sig);
        assert!(text.starts_with("YJK1:"));
        assert!(text.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b':'), "QR alphanumeric mode only");
        assert_eq!(text.len(), 5 + 148);
        assert_eq!(decode(&text), Ok((c, sig)));
    }

    #[test]
    fn garbled_tokens_are_not_ours() {
        let text = encode(&claims(1_800_000_000), &[7u8; 64]);
        for bad in ["", "YJK1:", "https://example.com", &text[..text.len() - 8], &format!("{text}AAAAAAAA"), &text.replace("YJK1:", "YJK2:"), &text.to_lowercase()] {
            assert_eq!(decode(bad).map(|_| ()), Err(TokenProblem::NotOurs), "{bad}");
        }
    }

    /// (issued, expires, now) → verdict: fresh within its 2 minutes, expired after, never a token
    /// that claims a longer life or comes from the future.
    #[test]
    fn freshness() {
        let t = 1_800_000_000;
        let cases = [
            (t, t + 120, t, Ok(())),
            (t, t + 120, t + 120, Ok(())),
            (t, t + 120, t + 121, Err(TokenProblem::Expired)),
            (t, t + 120, t + 3600, Err(TokenProblem::Expired)),
            (t, t + 121, t, Err(TokenProblem::NotOurs)),
            (t, t - 1, t, Err(TokenProblem::NotOurs)),
            (t + 31, t + 151, t, Err(TokenProblem::NotOurs)),
            (t + 30, t + 150, t, Ok(())),
        ];
        for (issued_at, expires_at, now, expected) in cases {
            let c = Claims { issued_at, expires_at, ..claims(0) };
            assert_eq!(c.check_time(now), expected, "{issued_at} {expires_at} {now}");
        }
    }

    #[test]
    fn short_codes() {
        let code = ShortCode::from_random([0xff, 0, 0x12, 0x34, 0x56]);
        assert_eq!(code.as_str().len(), 8);
        assert_eq!(ShortCode::parse(&code.display()), Some(code.clone()));
        assert_eq!(ShortCode::parse(&code.display().to_lowercase()), Some(code.clone()));
        assert_eq!(ShortCode::parse("0O1I-LXYZ").map(|c| c.as_str().to_string()), Some("00111XYZ".to_string()));
        assert_eq!(ShortCode::parse("ABCD-EFG"), None);
        assert_eq!(ShortCode::parse("ABCD-EFGU"), None);
        assert_eq!(ShortCode::parse("ABCD-EFGHJ"), None);
    }
}
