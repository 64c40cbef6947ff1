//! htpasswd files: one SHA-512-crypt (`$6$`) line per user, with a fresh
//! salt each from the system's random generator. It makes the text only:
//! writing the files is `run`'s.

use std::fmt::Write as _;

use sha_crypt::{PasswordHasher, ShaCrypt};

use super::credentials::User;
use super::problems::HostError;

/// The empty htpasswd file's name: it has a `.` in the stem, which no slug
/// has, so it never collides with a portal's file.
pub const NO_PARTNER_HTPASSWD: &str = "no-partner.empty.htpasswd";

/// An htpasswd file: one `user:$6$rounds=5000$salt$hash` line per user,
/// each with its own random salt.
pub fn htpasswd(users: &[User]) -> Result<String, HostError> {
    let mut out = String::new();
    for u in users {
        // 12 bytes are 16 characters of crypt's base64: the longest salt
        // SHA-crypt uses, so glibc reproduces the stored string exactly.
        let mut salt = [0u8; 12];
        getrandom::fill(&mut salt).map_err(|e| HostError::Hash(e.to_string()))?;
        let hash = ShaCrypt::SHA512
            .hash_password_with_salt(u.password.as_bytes(), &salt)
            .map_err(|e| HostError::Hash(e.to_string()))?;
        let _ = writeln!(out, "{}:{}", u.name, hash.as_str());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha_crypt::PasswordVerifier;

    #[test]
    fn htpasswd_lines_are_sha512_crypt_and_verify() {
        let users = vec![User {
            name: "alice".into(),
            password: "correct horse: battery".into(),
        }];
        let text = htpasswd(&users).unwrap();
        let hash = text.trim_end().strip_prefix("alice:").unwrap();
        assert!(hash.starts_with("$6$rounds=5000$"), "{hash}");
        // The salt is exactly 16 characters: glibc would cut a longer one.
        let salt = hash.split('$').nth(3).unwrap();
        assert_eq!(salt.len(), 16);
        assert!(
            ShaCrypt::SHA512
                .verify_password(b"correct horse: battery", hash)
                .is_ok()
        );
        assert!(ShaCrypt::SHA512.verify_password(b"wrong", hash).is_err());
        // Fresh salt every time.
        assert_ne!(text, htpasswd(&users).unwrap());
    }
}
