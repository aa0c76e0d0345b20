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
    /// Hashes a new password with a fresh random salt, on a blocking thread: argon2 is
    /// deliberately slow (tens of milliseconds) and would stall an async worker and every
    /// request queued on it.
    pub async fn new(password: &NewPassword) -> Result<Self, AppError> {
        let secret = password.expose().to_owned();
        tokio::task::spawn_blocking(move || Self::compute(&secret))
            .await
            .map_err(|e| AppError::internal("password hashing", e))?
    }

    fn compute(secret: &str) -> Result<Self, AppError> {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(secret.as_bytes(), &salt)
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

    /// Whether `candidate` is the password, checked on a blocking thread (see [`Self::new`]).
    /// Runs in time independent of where a mismatch occurs (argon2's verifier compares in
    /// constant time).
    pub async fn verify(&self, candidate: &str) -> bool {
        let (stored, candidate) = (self.clone(), candidate.to_owned());
        tokio::task::spawn_blocking(move || stored.matches(&candidate))
            .await
            .unwrap_or_else(|e| {
                tracing::error!(cause = %e, "password check");
                false
            })
    }

    fn matches(&self, candidate: &str) -> bool {
        Phc::new(&self.0)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(candidate.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    }
}

/// Checks `candidate` against a hash of a password nobody has, when an account does not
/// exist, so that a wrong login name takes as long as a wrong password. Always false.
pub async fn verify_decoy(candidate: &str) -> bool {
    static DECOY: std::sync::LazyLock<Option<PasswordHash>> =
        std::sync::LazyLock::new(|| PasswordHash::compute("decoy-password-never-used").ok());
    let candidate = candidate.to_owned();
    // The decoy is hashed, once, on the blocking thread too.
    tokio::task::spawn_blocking(move || DECOY.as_ref().is_some_and(|d| d.matches(&candidate)))
        .await
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn verifies_the_right_password_only() {
        let password = NewPassword::parse("hengdong-2016!").expect("valid");
        let hash = PasswordHash::new(&password).await.expect("hash");
        assert!(hash.as_stored().starts_with("$argon2id$"));
        assert!(hash.verify("hengdong-2016!").await);
        assert!(!hash.verify("hengdong-2016?").await);
        assert!(
            !PasswordHash::from_stored("garbage".into())
                .verify("hengdong-2016!")
                .await
        );
        assert!(!verify_decoy("hengdong-2016!").await);
        assert_eq!(format!("{hash:?}"), "PasswordHash(…)");
    }

    #[tokio::test]
    async fn the_same_password_hashes_differently_each_time() {
        let password = NewPassword::parse("hengdong-2016!").expect("valid");
        let a = PasswordHash::new(&password).await.expect("hash");
        let b = PasswordHash::new(&password).await.expect("hash");
        assert_ne!(a, b);
    }

    /// A single-threaded runtime goes on with other tasks while a hash is computed: the
    /// work is not on the async worker.
    #[tokio::test(flavor = "current_thread")]
    async fn hashing_leaves_the_async_worker_free() {
        let password = NewPassword::parse("hengdong-2016!").expect("valid");
        let ticks = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
        let ticker = tokio::spawn({
            let ticks = ticks.clone();
            async move {
                loop {
                    ticks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    tokio::task::yield_now().await;
                }
            }
        });
        PasswordHash::new(&password).await.expect("hash");
        ticker.abort();
        assert!(ticks.load(std::sync::atomic::Ordering::Relaxed) > 1);
    }
}
