//! argon2id hashing, off the actix workers and bounded, so that a flood of logins queues
//! instead of starving every other request.

use std::sync::Arc;

use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use tokio::sync::Semaphore;

use crate::blocking::blocking;
use crate::error::ApiError;

/// OWASP's argon2id parameters: 19 MiB, 2 passes, 1 lane (~17 ms a hash here).
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;

/// The outcome of checking a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordCheck {
    Wrong,
    Right,
    /// Right, and the stored hash used weaker parameters: here is the new hash to store.
    RightWithUpgrade(String),
}

#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    /// How many hashes may run at once. The rest wait asynchronously, holding no thread.
    permits: Arc<Semaphore>,
    /// Checked when the login names nobody, so that an unknown login costs as much as a wrong
    /// password and timing tells nothing.
    dummy_hash: Arc<String>,
}

impl PasswordHasher {
    pub fn new(concurrency: usize) -> Result<Self, ApiError> {
        let params = Params::new(MEMORY_KIB, PASSES, LANES, None).map_err(ApiError::internal)?;
        let dummy_hash = argon2id(&params)
            .hash_password(b"sotay dummy password for unknown logins")
            .map_err(ApiError::internal)?
            .to_string();
        Ok(PasswordHasher {
            params,
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            dummy_hash: Arc::new(dummy_hash),
        })
    }

    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        let _permit = self.permits.acquire().await.map_err(ApiError::internal)?;
        let params = self.params.clone();
        blocking(move || {
            argon2id(&params)
                .hash_password(password.as_bytes())
                .map(|hash| hash.to_string())
                .map_err(ApiError::internal)
        })
        .await
    }

    /// Checks `password` against `stored` (or against a dummy when there is no stored hash).
    pub async fn verify(
        &self,
        password: String,
        stored: Option<String>,
    ) -> Result<PasswordCheck, ApiError> {
        let _permit = self.permits.acquire().await.map_err(ApiError::internal)?;
        let params = self.params.clone();
        let dummy = Arc::clone(&self.dummy_hash);
        blocking(move || {
            let Some(stored) = stored else {
                let _ = argon2id(&params).verify_password(password.as_bytes(), dummy.as_str());
                return Ok(PasswordCheck::Wrong);
            };
            // An unreadable hash is a wrong password, not a server error: nobody can log in
            // with it, and it is logged so that an operator can reset it.
            let Ok(parsed) = PasswordHash::new(&stored) else {
                tracing::warn!("a stored password hash cannot be parsed");
                return Ok(PasswordCheck::Wrong);
            };
            if argon2id(&params)
                .verify_password(password.as_bytes(), &parsed)
                .is_err()
            {
                return Ok(PasswordCheck::Wrong);
            }
            if is_current(&parsed, &params) {
                return Ok(PasswordCheck::Right);
            }
            let upgraded = argon2id(&params)
                .hash_password(password.as_bytes())
                .map_err(ApiError::internal)?;
            Ok(PasswordCheck::RightWithUpgrade(upgraded.to_string()))
        })
        .await
    }
}

/// Hashes on the calling thread: for the command line and start-up, never on an actix worker.
pub fn hash_now(password: &str) -> Result<String, ApiError> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).map_err(ApiError::internal)?;
    argon2id(&params)
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(ApiError::internal)
}

fn argon2id(params: &Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
}

/// Whether `hash` was made with today's algorithm and parameters.
fn is_current(hash: &PasswordHash, params: &Params) -> bool {
    let stored = Params::try_from(hash);
    hash.algorithm == argon2::ARGON2ID_IDENT
        && stored.is_ok_and(|stored| {
            stored.m_cost() == params.m_cost()
                && stored.t_cost() == params.t_cost()
                && stored.p_cost() == params.p_cost()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn a_hash_verifies_its_password_only() {
        let hasher = PasswordHasher::new(2).unwrap();
        let hash = hasher.hash("một câu dài bí mật".into()).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        let right = hasher
            .verify("một câu dài bí mật".into(), Some(hash.clone()))
            .await;
        assert_eq!(right.unwrap(), PasswordCheck::Right);
        let wrong = hasher.verify("một câu khác".into(), Some(hash)).await;
        assert_eq!(wrong.unwrap(), PasswordCheck::Wrong);
    }

    #[actix_web::test]
    async fn no_stored_hash_or_a_broken_one_is_a_wrong_password() {
        let hasher = PasswordHasher::new(1).unwrap();
        assert_eq!(
            hasher.verify("x".into(), None).await.unwrap(),
            PasswordCheck::Wrong
        );
        let broken = hasher.verify("x".into(), Some("not a hash".into())).await;
        assert_eq!(broken.unwrap(), PasswordCheck::Wrong);
    }

    #[actix_web::test]
    async fn weaker_hashes_are_upgraded_on_login() {
        let weak = Params::new(8 * 1024, 1, 1, None).unwrap();
        let old = argon2id(&weak)
            .hash_password(b"mat khau cu rat dai")
            .unwrap()
            .to_string();
        let hasher = PasswordHasher::new(1).unwrap();
        match hasher
            .verify("mat khau cu rat dai".into(), Some(old))
            .await
            .unwrap()
        {
            PasswordCheck::RightWithUpgrade(new) => {
                assert!(new.contains("m=19456,t=2,p=1"), "{new}");
            }
            other => panic!("expected an upgrade, got {other:?}"),
        }
    }
}
