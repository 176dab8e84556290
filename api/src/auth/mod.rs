//! Authentication: password hashing, access and refresh tokens, and the extractors that turn a
//! bearer token into a [`sotay_domain::access::Caller`].

mod cards;
mod extractor;
mod keys;
mod login_attempt;
mod passwords;
mod tokens;

pub use cards::{CardClaims, CardSigner, Holder, IssuedCard, PublicKey, Reading};
pub use extractor::{Authenticated, Caller};
pub use keys::{check_in_secret, load_jwt_secret};
pub use login_attempt::{Attempt, client_of, too_many_attempts};
pub use passwords::{PasswordCheck, PasswordHasher, hash_now};
pub use tokens::{RefreshToken, TokenIssuer};
