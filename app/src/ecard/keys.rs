//! The e-card's signing keys (server only). Ed25519; each key is a file `ecard-<unix time>.ed25519`
//! (32 secret bytes, mode 0600) in the configured keys folder, made on first start and never
//! committed. The newest signs; every key in the folder verifies. Rotation without downtime
//! (`server rotate-ecard-key`, docs/SECURITY.md): a new file is written and the old one stays
//! until its last token has expired; an instance that meets an unknown key id reads the folder
//! again, so instances sharing the folder follow each other within seconds.
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use crate::domain::ecard::{self, Claims, TokenProblem, TOKEN_SECONDS};

struct Key {
    kid: [u8; 4],
    created: i64,
    signing: SigningKey,
}

impl Key {
    fn new(secret: [u8; 32], created: i64) -> Key {
        let signing = SigningKey::from_bytes(&secret);
        let digest = crate::secrets::sha256(signing.verifying_key().as_bytes());
        Key { kid: digest[..4].try_into().expect("4 bytes"), created, signing }
    }

    fn verifying(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }
}

pub struct EcardKeys {
    dir: Option<PathBuf>,
    /// Oldest first; the last signs.
    ring: RwLock<Vec<Key>>,
    read_at: Mutex<Instant>,
}

impl std::fmt::Debug for EcardKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the secrets: only which keys there are.
        f.debug_struct("EcardKeys").field("dir", &self.dir).field("kids", &self.key_ids()).finish()
    }
}

/// A public key as JSON Web Key (RFC 8037), as published at `/.well-known/yunju-ecard-keys.json`.
#[derive(serde::Serialize)]
pub struct Jwk {
    pub kty: &'static str,
    pub crv: &'static str,
    pub kid: String,
    pub x: String,
    #[serde(rename = "use")]
    pub use_: &'static str,
    pub alg: &'static str,
}

const FILE_PREFIX: &str = "ecard-";
const FILE_SUFFIX: &str = ".ed25519";
/// How often an instance looks for keys another instance or the operator added.
const RELOAD_EVERY: Duration = Duration::from_secs(30);
/// An unknown key id sends an instance to its folder at most this often (a stream of forgeries
/// cannot make it read the disk on every request).
pub const RELOAD_ON_UNKNOWN: Duration = Duration::from_secs(2);

impl EcardKeys {
    /// The keys of `dir`, with a first one made when there is none.
    pub fn in_folder(dir: &Path) -> std::io::Result<EcardKeys> {
        let mut keys = read_folder(dir)?;
        if keys.is_empty() {
            write_new_key(dir, chrono::Utc::now().timestamp())?;
            keys = read_folder(dir)?;
        }
        Ok(EcardKeys { dir: Some(dir.to_path_buf()), ring: RwLock::new(keys), read_at: Mutex::new(Instant::now()) })
    }

    /// One key made up for this process (tests; a server without a keys folder): its codes die
    /// with the process.
    pub fn in_memory() -> EcardKeys {
        let secret: [u8; 32] = crate::secrets::random_bytes(32).try_into().expect("32 bytes");
        EcardKeys { dir: None, ring: RwLock::new(vec![Key::new(secret, chrono::Utc::now().timestamp())]), read_at: Mutex::new(Instant::now()) }
    }

    /// Adds a new signing key to `dir` and removes the keys whose successor has signed for longer
    /// than a token lives (their last token has expired). Returns the new key's id.
    pub fn rotate(dir: &Path, now: i64) -> std::io::Result<String> {
        std::fs::create_dir_all(dir)?;
        let before = read_folder(dir)?;
        let new = write_new_key(dir, now.max(before.last().map_or(0, |k| k.created + 1)))?;
        // Key i is retired when key i+1 has been signing for longer than a token lives.
        for pair in before.windows(2) {
            if now - pair[1].created > TOKEN_SECONDS + 60 {
                std::fs::remove_file(key_path(dir, pair[0].created))?;
            }
        }
        Ok(hex::encode(new.kid))
    }

    pub fn key_ids(&self) -> Vec<String> {
        self.ring.read().map(|r| r.iter().map(|k| hex::encode(k.kid)).collect()).unwrap_or_default()
    }

    /// A token carrying `nonce`, issued at `now`, signed with the newest key.
    pub fn sign(&self, nonce: [u8; 16], now: i64) -> String {
        self.reload_if(RELOAD_EVERY);
        let ring = self.ring.read().expect("key ring");
        let key = ring.last().expect("at least one key");
        let claims = Claims::new(key.kid, nonce, now);
        let signature = key.signing.sign(&claims.signed_message());
        ecard::encode(&claims, &signature.to_bytes())
    }

    /// The nonce of a token this system signed. `Err(Expired)` comes only after the signature
    /// was found good (the nonce may then still say whose code it was).
    pub fn check(&self, token: &str, now: i64) -> Result<[u8; 16], (TokenProblem, Option<[u8; 16]>)> {
        let not_ours = (TokenProblem::NotOurs, None);
        let (claims, signature) = ecard::decode(token).map_err(|_| not_ours)?;
        let mut key = self.verifying_key(claims.kid);
        if key.is_none() {
            // Another instance may have rotated: read the folder (or wait for the reading under
            // way) and look again.
            self.reload_if(RELOAD_ON_UNKNOWN);
            key = self.verifying_key(claims.kid);
        }
        let key = key.ok_or(not_ours)?;
        key.verify_strict(&claims.signed_message(), &Signature::from_bytes(&signature)).map_err(|_| not_ours)?;
        claims.check_time(now).map_err(|p| (p, (p == TokenProblem::Expired).then_some(claims.nonce)))?;
        Ok(claims.nonce)
    }

    /// Every key that verifies, as JSON Web Keys.
    pub fn public_keys(&self) -> Vec<Jwk> {
        self.reload_if(RELOAD_EVERY);
        let ring = self.ring.read().expect("key ring");
        ring.iter()
            .map(|k| Jwk { kty: "OKP", crv: "Ed25519", kid: hex::encode(k.kid), x: base64url(k.verifying().as_bytes()), use_: "sig", alg: "EdDSA" })
            .collect()
    }

    fn verifying_key(&self, kid: [u8; 4]) -> Option<VerifyingKey> {
        self.ring.read().ok()?.iter().find(|k| k.kid == kid).map(Key::verifying)
    }

    /// Reads the folder again when it was last read more than `after` ago. True when it did.
    /// One reading at a time: a caller that comes while another reads waits for it, and then
    /// finds the keys it read.
    pub fn reload_if(&self, after: Duration) -> bool {
        let Some(dir) = &self.dir else { return false };
        let mut read_at = self.read_at.lock().expect("reload clock");
        if read_at.elapsed() < after {
            return false;
        }
        let read = read_folder(dir);
        *read_at = Instant::now();
        match read {
            Ok(keys) if !keys.is_empty() => {
                *self.ring.write().expect("key ring") = keys;
                true
            }
            Ok(_) => false,
            Err(e) => {
                tracing::warn!(error = %e, "could not read the e-card keys folder; keeping the keys in memory");
                false
            }
        }
    }
}

fn key_path(dir: &Path, created: i64) -> PathBuf {
    dir.join(format!("{FILE_PREFIX}{created:012}{FILE_SUFFIX}"))
}

fn read_folder(dir: &Path) -> std::io::Result<Vec<Key>> {
    let mut keys = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        let Some(created) = name.strip_prefix(FILE_PREFIX).and_then(|n| n.strip_suffix(FILE_SUFFIX)).and_then(|n| n.parse::<i64>().ok()) else {
            continue;
        };
        let bytes = std::fs::read(&path)?;
        let secret: [u8; 32] = bytes.try_into().map_err(|_| std::io::Error::other(format!("{} is not 32 bytes", path.display())))?;
        keys.push(Key::new(secret, created));
    }
    keys.sort_by_key(|k| k.created);
    Ok(keys)
}

fn write_new_key(dir: &Path, created: i64) -> std::io::Result<Key> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let secret: [u8; 32] = crate::secrets::random_bytes(32).try_into().expect("32 bytes");
    let path = key_path(dir, created);
    // Written aside, then linked into place, never over another: an instance reading the folder
    // never sees half a key, and two instances starting on an empty folder at once keep one key.
    let partial = dir.join(format!(".{FILE_PREFIX}{created}.{}.partial", crate::secrets::random_hex(6)));
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&partial)?;
    file.write_all(&secret)?;
    file.sync_all()?;
    let linked = std::fs::hard_link(&partial, &path);
    std::fs::remove_file(&partial)?;
    match linked {
        Ok(()) => Ok(Key::new(secret, created)),
        // Another instance made the key of this second: that one it is.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            read_folder(dir)?.into_iter().find(|k| k.created == created).ok_or(e)
        }
        Err(e) => Err(e),
    }
}

fn base64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_rfc_4648() {
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(b"foob"), "Zm9vYg");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn a_token_verifies_until_it_expires_and_only_with_our_keys() {
        let keys = EcardKeys::in_memory();
        let now = 1_800_000_000;
        let token = keys.sign([5; 16], now);
        assert_eq!(keys.check(&token, now), Ok([5; 16]));
        assert_eq!(keys.check(&token, now + TOKEN_SECONDS), Ok([5; 16]));
        assert_eq!(keys.check(&token, now + TOKEN_SECONDS + 1), Err((TokenProblem::Expired, Some([5; 16]))));
        // Another environment's key (a test site's code shown at production's counter).
        let other = EcardKeys::in_memory();
        assert_eq!(other.check(&token, now), Err((TokenProblem::NotOurs, None)));
        // One changed character of the signed part.
        let (claims, sig) = ecard::decode(&token).unwrap();
        let forged = ecard::encode(&Claims { nonce: [6; 16], ..claims.clone() }, &sig);
        assert_eq!(keys.check(&forged, now), Err((TokenProblem::NotOurs, None)));
        // A longer life than a token may have, signed by us: still refused.
        let ring = keys.ring.read().unwrap();
        let long = Claims { expires_at: now + 3600, ..claims };
        let long = ecard::encode(&long, &ring[0].signing.sign(&long.signed_message()).to_bytes());
        drop(ring);
        assert_eq!(keys.check(&long, now), Err((TokenProblem::NotOurs, None)));
    }

    #[test]
    fn rotation_keeps_old_tokens_valid_until_they_expire() {
        let dir = std::env::temp_dir().join(format!("yunju-ecard-keys-{}", crate::secrets::random_hex(6)));
        std::fs::create_dir_all(&dir).unwrap();
        let now = chrono::Utc::now().timestamp();
        let site = EcardKeys::in_folder(&dir).unwrap();
        let old = site.sign([1; 16], now);
        let new_kid = EcardKeys::rotate(&dir, now).unwrap();
        // Another instance (or this one, once it reads the folder) signs with the new key …
        let other = EcardKeys::in_folder(&dir).unwrap();
        let new = other.sign([1; 16], now);
        assert_eq!(ecard::decode(&new).unwrap().0.kid.to_vec(), hex::decode(&new_kid).unwrap());
        // … and the first instance accepts it at once (unknown key id: the folder is read again),
        // while the old token stays good until it expires.
        std::thread::sleep(RELOAD_ON_UNKNOWN);
        assert_eq!(site.check(&new, now), Ok([1; 16]));
        assert_eq!(other.check(&old, now), Ok([1; 16]));
        assert_eq!(site.public_keys().len(), 2);
        // Rotating again, long after: the first key is gone and so are its tokens.
        EcardKeys::rotate(&dir, now + TOKEN_SECONDS + 3600).unwrap();
        let later = EcardKeys::in_folder(&dir).unwrap();
        assert_eq!(later.public_keys().len(), 2);
        assert_eq!(later.check(&old, now), Err((TokenProblem::NotOurs, None)));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
