//! `DATABASE_URL`, parsed once: the scheme picks the backend, so a typo can never fall through
//! to another backend or create a stray SQLite file.

use std::fmt;
use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};

/// libpq's own connect timeout (seconds), added when the URL sets none: an unreachable host
/// fails fast instead of hanging on the kernel's TCP timeout.
const DEFAULT_PG_CONNECT_TIMEOUT_SECS: u32 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl Backend {
    /// The name the API reports (`GET /api/v1/meta`).
    pub fn name(self) -> &'static str {
        match self {
            Backend::Postgres => "postgresql",
            Backend::Sqlite => "sqlite",
        }
    }
}

/// Where the database is. The PostgreSQL form may carry a password, so it is kept secret and
/// only [`DatabaseUrl::redacted`] is fit for logs.
#[derive(Clone)]
pub enum DatabaseUrl {
    Postgres(SecretString),
    Sqlite(PathBuf),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatabaseUrlError {
    #[error("DATABASE_URL has no scheme: use postgres://user@host/db or sqlite://path/to/file.db")]
    MissingScheme,
    #[error(
        "DATABASE_URL scheme '{0}' is not supported: use postgres://, postgresql:// or sqlite://"
    )]
    UnsupportedScheme(String),
    #[error("DATABASE_URL is not a valid PostgreSQL URL: {0}")]
    MalformedPostgres(String),
    #[error("DATABASE_URL names no SQLite file: use sqlite://path/to/file.db")]
    EmptySqlitePath,
    #[error(
        "in-memory SQLite is not supported: each pooled connection would see its own empty database; use a file"
    )]
    InMemorySqlite,
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self, DatabaseUrlError> {
        let raw = raw.trim();
        let Some((scheme, rest)) = raw.split_once(':') else {
            return Err(DatabaseUrlError::MissingScheme);
        };
        match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => Self::parse_postgres(raw),
            "sqlite" => Self::parse_sqlite(rest.strip_prefix("//").unwrap_or(rest)),
            _ if rest.starts_with("//") => {
                Err(DatabaseUrlError::UnsupportedScheme(scheme.to_owned()))
            }
            // `C:\data\x.db`, `./x.db`, `x.db`: a bare path, not a URL.
            _ => Err(DatabaseUrlError::MissingScheme),
        }
    }

    fn parse_postgres(raw: &str) -> Result<Self, DatabaseUrlError> {
        let mut url = url::Url::parse(raw)
            .map_err(|error| DatabaseUrlError::MalformedPostgres(error.to_string()))?;
        if !url.has_host() && !url.query_pairs().any(|(key, _)| key == "host") {
            return Err(DatabaseUrlError::MalformedPostgres(
                "no host: write postgres://user@host:5432/database".to_owned(),
            ));
        }
        if !url.query_pairs().any(|(key, _)| key == "connect_timeout") {
            url.query_pairs_mut().append_pair(
                "connect_timeout",
                &DEFAULT_PG_CONNECT_TIMEOUT_SECS.to_string(),
            );
        }
        Ok(DatabaseUrl::Postgres(SecretString::from(String::from(url))))
    }

    fn parse_sqlite(path: &str) -> Result<Self, DatabaseUrlError> {
        match path {
            "" => Err(DatabaseUrlError::EmptySqlitePath),
            ":memory:" => Err(DatabaseUrlError::InMemorySqlite),
            _ if path.starts_with("file:") && path.contains("mode=memory") => {
                Err(DatabaseUrlError::InMemorySqlite)
            }
            _ => Ok(DatabaseUrl::Sqlite(PathBuf::from(path))),
        }
    }

    pub fn sqlite_file(path: impl Into<PathBuf>) -> Self {
        DatabaseUrl::Sqlite(path.into())
    }

    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Postgres(_) => Backend::Postgres,
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
        }
    }

    pub fn sqlite_path(&self) -> Option<&Path> {
        match self {
            DatabaseUrl::Sqlite(path) => Some(path),
            DatabaseUrl::Postgres(_) => None,
        }
    }

    /// The URL with any password replaced, for logs and error messages.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres(secret) => match url::Url::parse(secret.expose_secret()) {
                Ok(mut url) => {
                    if url.password().is_some() {
                        // Cannot fail: the URL has a host, or it would have no password.
                        let _ = url.set_password(Some("***"));
                    }
                    url.into()
                }
                Err(_) => "postgres://***".to_owned(),
            },
        }
    }

    /// The string handed to the driver.
    pub(crate) fn connection_string(&self) -> String {
        match self {
            DatabaseUrl::Postgres(secret) => secret.expose_secret().to_owned(),
            DatabaseUrl::Sqlite(path) => path.to_string_lossy().into_owned(),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<DatabaseUrl, DatabaseUrlError> {
        DatabaseUrl::parse(raw)
    }

    #[test]
    fn postgres_schemes_pick_postgres_and_get_a_connect_timeout() {
        for raw in [
            "postgres://u@localhost/db",
            "postgresql://u@localhost:5432/db",
        ] {
            let url = parse(raw).expect("valid");
            assert_eq!(url.backend(), Backend::Postgres);
            assert!(url.connection_string().ends_with("connect_timeout=5"));
        }
    }

    #[test]
    fn an_explicit_connect_timeout_is_kept() {
        let url = parse("postgres://u@h/db?connect_timeout=2").expect("valid");
        assert!(url.connection_string().ends_with("?connect_timeout=2"));
    }

    #[test]
    fn postgres_socket_urls_are_accepted() {
        let url = parse("postgres:///db?host=/var/run/postgresql").expect("valid");
        assert_eq!(url.backend(), Backend::Postgres);
    }

    #[test]
    fn sqlite_urls_name_a_file() {
        let relative = parse("sqlite://data/sotay.db").expect("valid");
        assert_eq!(relative.sqlite_path(), Some(Path::new("data/sotay.db")));
        let absolute = parse("sqlite:///var/lib/sotay/sotay.db").expect("valid");
        assert_eq!(
            absolute.sqlite_path(),
            Some(Path::new("/var/lib/sotay/sotay.db"))
        );
        let short = parse("sqlite:sotay.db").expect("valid");
        assert_eq!(short.sqlite_path(), Some(Path::new("sotay.db")));
    }

    #[test]
    fn unknown_schemes_are_refused_by_name() {
        assert_eq!(
            parse("mysql://root@localhost/db").err(),
            Some(DatabaseUrlError::UnsupportedScheme("mysql".into()))
        );
        assert_eq!(
            parse("postgress://u@h/db").err(),
            Some(DatabaseUrlError::UnsupportedScheme("postgress".into()))
        );
    }

    #[test]
    fn bare_paths_and_in_memory_databases_are_refused() {
        assert_eq!(
            parse("data/sotay.db").err(),
            Some(DatabaseUrlError::MissingScheme)
        );
        assert_eq!(parse("").err(), Some(DatabaseUrlError::MissingScheme));
        assert_eq!(
            parse("sqlite://").err(),
            Some(DatabaseUrlError::EmptySqlitePath)
        );
        assert_eq!(
            parse("sqlite::memory:").err(),
            Some(DatabaseUrlError::InMemorySqlite)
        );
        assert_eq!(
            parse("sqlite://file:x?mode=memory").err(),
            Some(DatabaseUrlError::InMemorySqlite)
        );
    }

    #[test]
    fn malformed_postgres_urls_say_why() {
        assert!(matches!(
            parse("postgres://u@h:notaport/db"),
            Err(DatabaseUrlError::MalformedPostgres(_))
        ));
        assert!(matches!(
            parse("postgres:db"),
            Err(DatabaseUrlError::MalformedPostgres(_))
        ));
    }

    #[test]
    fn passwords_never_reach_the_logs() {
        let url = parse("postgres://sotay:hunter2@db.internal/sotay").expect("valid");
        assert!(!url.redacted().contains("hunter2"));
        assert!(!format!("{url:?}").contains("hunter2"));
        assert!(url.redacted().contains("sotay:***@db.internal"));
    }
}
