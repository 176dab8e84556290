//! Where the JWT signing key comes from.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use secrecy::{ExposeSecret, SecretString};
use sotay_persistence::DatabaseUrl;

use crate::settings::MIN_JWT_SECRET_BYTES;

/// The key file beside the embedded database.
const KEY_FILE: &str = "jwt-secret.key";

#[derive(Debug, thiserror::Error)]
pub enum JwtKeyError {
    #[error(
        "SOTAY_JWT_SECRET must be set on PostgreSQL: every server node must sign with the same key"
    )]
    Missing,
    #[error("cannot use the key file {path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the key file {0} holds less than 32 bytes: delete it to have a new key generated")]
    TooShort(PathBuf),
    #[error("cannot generate a key: {0}")]
    Random(String),
}

/// `SOTAY_JWT_SECRET` when set. On SQLite without it, a random key kept in a file beside the
/// database (owner-only permissions), generated on first start, so that restarts keep sessions.
pub fn load_jwt_secret(
    configured: Option<&SecretString>,
    database: &DatabaseUrl,
) -> Result<Vec<u8>, JwtKeyError> {
    if let Some(secret) = configured {
        return Ok(secret.expose_secret().as_bytes().to_vec());
    }
    let Some(database_file) = database.sqlite_path() else {
        return Err(JwtKeyError::Missing);
    };
    let folder = database_file
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let path = folder.join(KEY_FILE);
    let file_error = |source| JwtKeyError::File {
        path: path.clone(),
        source,
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let key = text.trim().as_bytes().to_vec();
            if key.len() < MIN_JWT_SECRET_BYTES {
                return Err(JwtKeyError::TooShort(path));
            }
            Ok(key)
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            let mut random = [0_u8; 48];
            getrandom::fill(&mut random).map_err(|error| JwtKeyError::Random(error.to_string()))?;
            let key = STANDARD.encode(random);
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
                .map_err(file_error)?;
            file.write_all(key.as_bytes()).map_err(file_error)?;
            tracing::info!(path = %path.display(), "generated a new token signing key");
            Ok(key.into_bytes())
        }
        Err(error) => Err(file_error(error)),
    }
}

/// A new session's check-in secret: 32 bytes from the operating system's generator.
pub fn check_in_secret() -> Result<sotay_domain::session::CheckInSecret, crate::error::ApiError> {
    let mut random = [0u8; 32];
    getrandom::fill(&mut random).map_err(crate::error::ApiError::internal)?;
    Ok(sotay_domain::session::CheckInSecret::from_bytes(random))
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn the_embedded_key_is_generated_once_owner_only_and_reused() {
        let folder = tempfile::tempdir().unwrap();
        let database = DatabaseUrl::sqlite_file(folder.path().join("sotay.db"));
        let first = load_jwt_secret(None, &database).unwrap();
        assert!(first.len() >= MIN_JWT_SECRET_BYTES);
        let mode = std::fs::metadata(folder.path().join(KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(load_jwt_secret(None, &database).unwrap(), first);
    }

    #[test]
    fn postgres_needs_a_configured_secret() {
        let database = DatabaseUrl::parse("postgres://u@localhost/db").unwrap();
        assert!(matches!(
            load_jwt_secret(None, &database),
            Err(JwtKeyError::Missing)
        ));
        let secret = SecretString::from("x".repeat(40));
        assert_eq!(
            load_jwt_secret(Some(&secret), &database).unwrap(),
            vec![b'x'; 40]
        );
    }
}
