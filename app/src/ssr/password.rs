//! Password hashing with argon2id. A hash never leaves the server: its type is not
//! `Serialize`, and its `Debug` prints nothing of it.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash as Phc, PasswordHasher, PasswordVerifier, SaltString};

use crate::domain::account::NewPassword;
use crate::error::AppError;

/// An argon2id hash in PHC string form, as stored on the account.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(…)")
    }
}

impl PasswordHash {
    /// Hashes a new password with a fresh random salt.
    pub fn new(password: &NewPassword) -> Result<Self, AppError> {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.expose().as_bytes(), &salt)
            .map(|h| Self(h.to_string()))
            .map_err(|e| AppError::internal("password hashing", e))
    }

    /// A stored hash, as read from the database.
    pub(crate) fn from_stored(phc: String) -> Self {
        Self(phc)
    }

    pub(crate) fn as_stored(&self) -> &str {
        &self.0
    }

    /// Whether `candidate` is the password. Runs in time independent of where a
    /// mismatch occurs (argon2's verifier compares in constant time).
    pub fn verify(&self, candidate: &str) -> bool {
        Phc::new(&self.0)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(candidate.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    }
}

/// A hash of a password nobody has, verified against when an account does not exist so
/// that a wrong login name takes as long as a wrong password.
pub fn decoy() -> &'static PasswordHash {
    static DECOY: std::sync::LazyLock<PasswordHash> = std::sync::LazyLock::new(|| {
        let password = NewPassword::parse("decoy-password-never-used").expect("valid constant");
        PasswordHash::new(&password).expect("hashing a constant")
    });
    &DECOY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifies_the_right_password_only() {
        let password = NewPassword::parse("hengdong-2016!").expect("valid");
        let hash = PasswordHash::new(&password).expect("hash");
        assert!(hash.as_stored().starts_with("$argon2id$"));
        assert!(hash.verify("hengdong-2016!"));
        assert!(!hash.verify("hengdong-2016?"));
        assert!(!PasswordHash::from_stored("garbage".into()).verify("hengdong-2016!"));
        assert_eq!(format!("{hash:?}"), "PasswordHash(…)");
    }

    #[test]
    fn the_same_password_hashes_differently_each_time() {
        let password = NewPassword::parse("hengdong-2016!").expect("valid");
        let a = PasswordHash::new(&password).expect("hash");
        let b = PasswordHash::new(&password).expect("hash");
        assert_ne!(a, b);
    }
}
