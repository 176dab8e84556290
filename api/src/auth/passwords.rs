//! argon2id hashing on a few threads of its own, each reusing one block of memory, so that a
//! flood of logins queues instead of starving every other request, and costs no more memory
//! than the first hash did.
//!
//! Why not argon2's own `hash_password` on the blocking pool: each hash allocates 19 MiB, on
//! whichever of actix's many blocking threads runs it, and glibc keeps freed memory in per-thread
//! arenas. After bursts of concurrent logins the server held 640-835 MB (issue 10). Here the
//! memory is allocated once per hashing thread and reused (`hash_password_into_with_memory`),
//! and only those threads ever hash.
//!
//! Passwords are hashed and checked in Unicode NFC: "hoa sen nở giữa hồ" typed on a phone whose
//! keyboard composes and on one that does not is the same password.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use secrecy::{ExposeSecret, SecretString};
use sotay_domain::text::nfc;
use tokio::sync::oneshot;

use crate::error::ApiError;

/// OWASP's argon2id parameters: 19 MiB, 2 passes, 1 lane (~17 ms a hash here).
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;
const SALT_LEN: usize = 16;
const OUTPUT_LEN: usize = 32;

/// The outcome of checking a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordCheck {
    Wrong,
    Right,
    /// Right, and the stored hash used weaker parameters (or the password's other Unicode
    /// spelling): here is the new hash to store.
    RightWithUpgrade(String),
}

/// Work for a hashing thread, given that thread's memory.
type Job = Box<dyn FnOnce(&mut Vec<Block>) + Send>;

/// Hashes waiting at most: about four seconds of work for two threads. A login flood beyond it
/// is answered 503 at once rather than queued for longer than a login attempt may wait (the
/// throttle lets an unsettled attempt's place expire after 30 s).
const QUEUE: usize = 512;

#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    /// The queue of the hashing threads; they end when the last clone of this is dropped.
    jobs: mpsc::SyncSender<Job>,
    /// Checked when the login names nobody, so that an unknown login costs as much as a wrong
    /// password and timing tells nothing.
    dummy_hash: Arc<PasswordHash>,
}

impl PasswordHasher {
    /// Starts `threads` hashing threads: as many hashes run at once, the rest wait in a queue,
    /// holding no thread.
    pub fn new(threads: usize) -> Result<Self, ApiError> {
        let params = Params::new(MEMORY_KIB, PASSES, LANES, None).map_err(ApiError::internal)?;
        let dummy_hash = hash_with(&mut Vec::new(), &params, b"sotay dummy password")?;
        let dummy_hash = PasswordHash::new(&dummy_hash).map_err(ApiError::internal)?;
        let (jobs, queue) = mpsc::sync_channel::<Job>(QUEUE);
        let queue = Arc::new(Mutex::new(queue));
        for index in 0..threads.max(1) {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("argon2-{index}"))
                .spawn(move || {
                    let mut memory = Vec::new();
                    loop {
                        // The lock is held only while waiting for the next job.
                        let job = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
                        let Ok(job) = job else {
                            return;
                        };
                        // A job that panics loses its answer (its request gets a 500), not
                        // the thread: the memory is scratch, whatever state it is left in.
                        let outcome = catch_unwind(AssertUnwindSafe(|| job(&mut memory)));
                        if outcome.is_err() {
                            tracing::error!("a password hashing job panicked");
                        }
                    }
                })
                .map_err(ApiError::internal)?;
        }
        Ok(PasswordHasher {
            params,
            jobs,
            dummy_hash: Arc::new(dummy_hash),
        })
    }

    /// Runs `work` on a hashing thread, inside the current request's tracing span.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Vec<Block>, &Params) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let (reply, answer) = oneshot::channel();
        let span = tracing::Span::current();
        let params = self.params.clone();
        let job: Job = Box::new(move |memory| {
            // The request went away while this waited: nobody needs the answer.
            if reply.is_closed() {
                return;
            }
            let outcome = span.in_scope(|| work(memory, &params));
            let _ = reply.send(outcome);
        });
        self.jobs.try_send(job).map_err(|error| match error {
            mpsc::TrySendError::Full(_) => ApiError::Overloaded,
            mpsc::TrySendError::Disconnected(_) => {
                ApiError::internal("the hashing threads have stopped")
            }
        })?;
        answer
            .await
            .map_err(|_| ApiError::internal("a hashing thread dropped its job"))?
    }

    pub async fn hash(&self, password: SecretString) -> Result<String, ApiError> {
        self.run(move |memory, params| {
            hash_with(memory, params, nfc(password.expose_secret()).as_bytes())
        })
        .await
    }

    /// Checks `password` against `stored` (or against a dummy when there is no stored hash).
    pub async fn verify(
        &self,
        password: SecretString,
        stored: Option<String>,
    ) -> Result<PasswordCheck, ApiError> {
        let dummy = Arc::clone(&self.dummy_hash);
        self.run(move |memory, params| {
            let password = password.expose_secret();
            let Some(stored) = stored else {
                let _ = matches(memory, nfc(password).as_bytes(), &dummy);
                return Ok(PasswordCheck::Wrong);
            };
            // An unreadable hash is a wrong password, not a server error: nobody can log in
            // with it, and it is logged so that an operator can reset it.
            let Ok(parsed) = PasswordHash::new(&stored) else {
                tracing::warn!("a stored password hash cannot be parsed");
                return Ok(PasswordCheck::Wrong);
            };
            let normal = nfc(password);
            let upgrade = if matches(memory, normal.as_bytes(), &parsed) {
                !is_current(&parsed, params)
            } else if normal != password && matches(memory, password.as_bytes(), &parsed) {
                // Set before passwords were normalised, in the other spelling.
                true
            } else {
                return Ok(PasswordCheck::Wrong);
            };
            if !upgrade {
                return Ok(PasswordCheck::Right);
            }
            let rehashed = hash_with(memory, params, normal.as_bytes())?;
            Ok(PasswordCheck::RightWithUpgrade(rehashed))
        })
        .await
    }
}

/// Hashes on the calling thread: for the command line and start-up, never on an actix worker.
pub fn hash_now(password: &str) -> Result<String, ApiError> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).map_err(ApiError::internal)?;
    hash_with(&mut Vec::new(), &params, nfc(password).as_bytes())
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) of `password` with a new salt,
/// computed in `memory` (grown to the parameters' size the first time).
fn hash_with(
    memory: &mut Vec<Block>,
    params: &Params,
    password: &[u8],
) -> Result<String, ApiError> {
    let mut salt = [0u8; SALT_LEN];
    getrandom::fill(&mut salt).map_err(ApiError::internal)?;
    let mut output = [0u8; OUTPUT_LEN];
    argon2id(params)
        .hash_password_into_with_memory(password, &salt, &mut output, blocks(memory, params))
        .map_err(ApiError::internal)?;
    let hash = PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(params).map_err(ApiError::internal)?,
        salt: Some(Salt::new(&salt).map_err(ApiError::internal)?),
        hash: Some(Output::new(&output).map_err(ApiError::internal)?),
    };
    Ok(hash.to_string())
}

/// Whether `password` hashes to `stored` with `stored`'s own algorithm, version, parameters
/// and salt. The outputs are compared in constant time (`Output`'s `PartialEq`).
fn matches(memory: &mut Vec<Block>, password: &[u8], stored: &PasswordHash) -> bool {
    let (Some(salt), Some(expected)) = (&stored.salt, &stored.hash) else {
        return false;
    };
    let algorithm = Algorithm::try_from(stored.algorithm.as_str());
    let version = Version::try_from(stored.version.unwrap_or(Version::V0x13.into()));
    let (Ok(algorithm), Ok(version), Ok(params)) = (algorithm, version, Params::try_from(stored))
    else {
        return false;
    };
    let mut output = vec![0u8; expected.len()];
    let computed = Argon2::new(algorithm, version, params.clone()).hash_password_into_with_memory(
        password,
        salt,
        &mut output,
        blocks(memory, &params),
    );
    computed.is_ok() && Output::new(&output).is_ok_and(|output| output == *expected)
}

/// `memory` as the blocks `params` needs, grown once to the largest seen and then reused.
fn blocks<'a>(memory: &'a mut Vec<Block>, params: &Params) -> &'a mut [Block] {
    let needed = params.block_count();
    if memory.len() < needed {
        memory.resize(needed, Block::default());
    }
    &mut memory[..needed]
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
    use argon2::PasswordHasher as _;

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
    async fn hashes_made_here_and_by_the_argon2_crate_verify_alike() {
        let params = Params::new(MEMORY_KIB, PASSES, LANES, None).unwrap();
        let theirs = argon2id(&params)
            .hash_password(b"hoa sen no giua ho")
            .unwrap()
            .to_string();
        let hasher = PasswordHasher::new(1).unwrap();
        let check = hasher
            .verify("hoa sen no giua ho".into(), Some(theirs))
            .await;
        assert_eq!(check.unwrap(), PasswordCheck::Right);
        let ours = hash_now("hoa sen no giua ho").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        let verified = argon2::PasswordVerifier::verify_password(
            &argon2id(&params),
            b"hoa sen no giua ho",
            &parsed,
        );
        assert!(verified.is_ok());
    }

    #[actix_web::test]
    async fn either_unicode_spelling_of_a_password_is_the_same_password() {
        let hasher = PasswordHasher::new(1).unwrap();
        let composed = "hoa sen nở giữa hồ";
        let decomposed = "hoa sen no\u{031B}\u{0309} giu\u{031B}\u{0303}a ho\u{0302}\u{0300}";
        let hash = hasher.hash(decomposed.into()).await.unwrap();
        let check = hasher.verify(composed.into(), Some(hash)).await;
        assert_eq!(check.unwrap(), PasswordCheck::Right);

        // Hashed as typed by an older release: still accepted, and upgraded to the NFC hash.
        let params = Params::new(MEMORY_KIB, PASSES, LANES, None).unwrap();
        let old = argon2id(&params)
            .hash_password(decomposed.as_bytes())
            .unwrap()
            .to_string();
        match hasher.verify(decomposed.into(), Some(old)).await.unwrap() {
            PasswordCheck::RightWithUpgrade(new) => {
                let again = hasher.verify(composed.into(), Some(new)).await;
                assert_eq!(again.unwrap(), PasswordCheck::Right);
            }
            other => panic!("expected an upgrade, got {other:?}"),
        }
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
