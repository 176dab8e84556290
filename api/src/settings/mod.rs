//! Every setting the server reads, from environment variables, in one place. The README's
//! configuration table documents the same list.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;
use sotay_domain::attachment;
use sotay_persistence::{DatabaseUrl, DatabaseUrlError, PoolSettings};

mod phone;

pub use phone::PhoneSettings;

/// The embedded default: a SQLite file next to where the server is started.
pub const DEFAULT_SQLITE_PATH: &str = "data/sotay.db";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
const DEFAULT_POOL_SIZE: u32 = 8;
const POOL_SIZE_RANGE: std::ops::RangeInclusive<u32> = 2..=64;
const DEFAULT_POOL_TIMEOUT: Duration = Duration::from_secs(5);
/// Long enough for any request we serve; short enough that a runaway query cannot hold a
/// connection for minutes.
const STATEMENT_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, Clone)]
pub struct Settings {
    pub database: DatabaseSettings,
    pub bind: SocketAddr,
    pub log_format: LogFormat,
    pub auth: AuthSettings,
    /// The largest attachment accepted, in bytes.
    pub attachment_max_bytes: usize,
    pub phone: PhoneSettings,
}

#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// Failed logins tolerated per account, then per client address, in 15 minutes.
    pub failures_per_account: u32,
    pub failures_per_client: u32,
    /// How long a login lock lasts (`SOTAY_LOGIN_LOCKOUT_SECS`, 15 minutes by default).
    pub lockout: Duration,
    /// `SOTAY_JWT_SECRET`. Unset on the embedded default: a key is generated once and kept
    /// beside the SQLite file.
    pub jwt_secret: Option<SecretString>,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
}

/// At most 15 minutes: a stolen access token is useful for no longer.
const MAX_ACCESS_TOKEN_TTL_SECS: u64 = 15 * 60;
const DEFAULT_LOGIN_LOCKOUT_SECS: u64 = 15 * 60;
/// The longest lock a `Retry-After` header may announce, as documented in the API.
pub const MAX_LOGIN_LOCKOUT_SECS: u64 = 86_400;
const DEFAULT_REFRESH_TOKEN_TTL_DAYS: u64 = 30;
/// 256 bits, as HS256 needs.
pub const MIN_JWT_SECRET_BYTES: usize = 32;

#[derive(Debug, Clone)]
pub struct DatabaseSettings {
    pub url: DatabaseUrl,
    /// `DATABASE_URL` was not set: the server may create the data folder itself.
    pub is_default: bool,
    pub pool: PoolSettings,
    /// Run pending migrations before serving. Production turns this off and runs
    /// `sotay migrate` as a release step.
    pub migrate_on_start: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Human,
    Json,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error(transparent)]
    DatabaseUrl(#[from] DatabaseUrlError),
    #[error("{name} must be {expected}, not '{value}'")]
    Invalid {
        name: &'static str,
        expected: String,
        value: String,
    },
}

impl Settings {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests need not touch the process environment.
    /// An empty variable counts as unset (as `docker compose` passes `${X:-}`).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());

        let (url, is_default) = match get("DATABASE_URL") {
            Some(raw) => (DatabaseUrl::parse(&raw)?, false),
            None => (
                DatabaseUrl::sqlite_file(PathBuf::from(DEFAULT_SQLITE_PATH)),
                true,
            ),
        };
        let pool_size = match get("SOTAY_DB_POOL_SIZE") {
            None => DEFAULT_POOL_SIZE,
            Some(value) => value
                .trim()
                .parse()
                .ok()
                .filter(|size| POOL_SIZE_RANGE.contains(size))
                .ok_or_else(|| {
                    invalid("SOTAY_DB_POOL_SIZE", "a whole number from 2 to 64", &value)
                })?,
        };
        let pool_timeout = match get("SOTAY_DB_TIMEOUT_SECS") {
            None => DEFAULT_POOL_TIMEOUT,
            Some(value) => value
                .trim()
                .parse()
                .ok()
                .filter(|secs| (1..=60).contains(secs))
                .map(Duration::from_secs)
                .ok_or_else(|| invalid("SOTAY_DB_TIMEOUT_SECS", "seconds from 1 to 60", &value))?,
        };
        let migrate_on_start = match get("SOTAY_MIGRATE_ON_START") {
            None => true,
            Some(value) => parse_bool(&value)
                .ok_or_else(|| invalid("SOTAY_MIGRATE_ON_START", "true or false", &value))?,
        };
        let bind = get("SOTAY_BIND")
            .unwrap_or_else(|| DEFAULT_BIND.to_owned())
            .trim()
            .parse()
            .map_err(|_| {
                invalid(
                    "SOTAY_BIND",
                    "an address and port such as 127.0.0.1:8080 or 0.0.0.0:8080",
                    &get("SOTAY_BIND").unwrap_or_default(),
                )
            })?;
        let log_format = match get("SOTAY_LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("human") => LogFormat::Human,
            Some("json") => LogFormat::Json,
            Some(other) => return Err(invalid("SOTAY_LOG_FORMAT", "human or json", other)),
        };

        let jwt_secret = get("SOTAY_JWT_SECRET");
        if let Some(secret) = &jwt_secret
            && secret.len() < MIN_JWT_SECRET_BYTES
        {
            // Never echo the secret, not even a short one.
            return Err(invalid(
                "SOTAY_JWT_SECRET",
                "at least 32 bytes of random text (e.g. `openssl rand -base64 48`)",
                "<hidden>",
            ));
        }
        let access_token_ttl = match get("SOTAY_ACCESS_TOKEN_TTL_SECS") {
            None => Duration::from_secs(MAX_ACCESS_TOKEN_TTL_SECS),
            Some(value) => value
                .trim()
                .parse()
                .ok()
                .filter(|secs| (30..=MAX_ACCESS_TOKEN_TTL_SECS).contains(secs))
                .map(Duration::from_secs)
                .ok_or_else(|| {
                    invalid(
                        "SOTAY_ACCESS_TOKEN_TTL_SECS",
                        "seconds from 30 to 900",
                        &value,
                    )
                })?,
        };
        let refresh_token_ttl = match get("SOTAY_REFRESH_TOKEN_TTL_DAYS") {
            None => Duration::from_secs(DEFAULT_REFRESH_TOKEN_TTL_DAYS * 86_400),
            Some(value) => value
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|days| (1..=365).contains(days))
                .map(|days| Duration::from_secs(days * 86_400))
                .ok_or_else(|| {
                    invalid("SOTAY_REFRESH_TOKEN_TTL_DAYS", "days from 1 to 365", &value)
                })?,
        };

        let count = |name: &'static str, default: u32| match get(name) {
            None => Ok(default),
            Some(value) => value
                .trim()
                .parse()
                .ok()
                .filter(|count| (1..=1_000_000).contains(count))
                .ok_or_else(|| invalid(name, "a whole number from 1 to 1000000", &value)),
        };
        let failures_per_account = count("SOTAY_LOGIN_FAILURES_PER_ACCOUNT", 5)?;
        let failures_per_client = count("SOTAY_LOGIN_FAILURES_PER_CLIENT", 30)?;
        let lockout = match get("SOTAY_LOGIN_LOCKOUT_SECS") {
            None => Duration::from_secs(DEFAULT_LOGIN_LOCKOUT_SECS),
            Some(value) => value
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|secs| (1..=MAX_LOGIN_LOCKOUT_SECS).contains(secs))
                .map(Duration::from_secs)
                .ok_or_else(|| {
                    invalid(
                        "SOTAY_LOGIN_LOCKOUT_SECS",
                        "seconds from 1 to 86400",
                        &value,
                    )
                })?,
        };

        let attachment_max_bytes = match get("SOTAY_ATTACHMENT_MAX_BYTES") {
            None => attachment::DEFAULT_MAX_BYTES,
            Some(value) => value
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|bytes| (1024..=attachment::MAX_MAX_BYTES).contains(bytes))
                .ok_or_else(|| {
                    invalid(
                        "SOTAY_ATTACHMENT_MAX_BYTES",
                        "bytes from 1024 to 52428800 (50 MiB)",
                        &value,
                    )
                })?,
        };

        let phone = PhoneSettings::from_lookup(get)?;
        Ok(Settings {
            attachment_max_bytes,
            phone,
            auth: AuthSettings {
                failures_per_account,
                failures_per_client,
                lockout,
                jwt_secret: jwt_secret.map(SecretString::from),
                access_token_ttl,
                refresh_token_ttl,
            },
            database: DatabaseSettings {
                url,
                is_default,
                pool: PoolSettings {
                    max_size: pool_size,
                    connection_timeout: pool_timeout,
                    statement_timeout: STATEMENT_TIMEOUT,
                },
                migrate_on_start,
            },
            bind,
            log_format,
        })
    }
}

fn invalid(name: &'static str, expected: &str, value: &str) -> SettingsError {
    SettingsError::Invalid {
        name,
        expected: expected.to_owned(),
        value: value.to_owned(),
    }
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use sotay_persistence::Backend;

    use super::*;

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn no_configuration_means_sqlite_in_the_data_folder_on_localhost() {
        let settings = settings(&[]).unwrap();
        assert_eq!(settings.database.url.backend(), Backend::Sqlite);
        assert!(settings.database.is_default);
        assert_eq!(
            settings.database.url.sqlite_path(),
            Some(std::path::Path::new("data/sotay.db"))
        );
        assert_eq!(settings.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(settings.database.pool.max_size, 8);
        assert!(settings.database.migrate_on_start);
        assert_eq!(settings.log_format, LogFormat::Human);
        assert_eq!(settings.attachment_max_bytes, 20 * 1024 * 1024);
    }

    #[test]
    fn an_empty_variable_counts_as_unset() {
        let settings = settings(&[("DATABASE_URL", ""), ("SOTAY_BIND", " ")]).unwrap();
        assert!(settings.database.is_default);
        assert_eq!(settings.bind.to_string(), DEFAULT_BIND);
    }

    #[test]
    fn every_variable_is_read() {
        let settings = settings(&[
            ("DATABASE_URL", "postgres://sotay@db/sotay"),
            ("SOTAY_BIND", "0.0.0.0:9000"),
            ("SOTAY_DB_POOL_SIZE", "4"),
            ("SOTAY_DB_TIMEOUT_SECS", "2"),
            ("SOTAY_MIGRATE_ON_START", "false"),
            ("SOTAY_LOG_FORMAT", "json"),
            ("SOTAY_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
            ("SOTAY_ACCESS_TOKEN_TTL_SECS", "300"),
            ("SOTAY_REFRESH_TOKEN_TTL_DAYS", "7"),
            ("SOTAY_ATTACHMENT_MAX_BYTES", "1048576"),
        ])
        .unwrap();
        assert_eq!(settings.attachment_max_bytes, 1_048_576);
        assert_eq!(settings.database.url.backend(), Backend::Postgres);
        assert!(!settings.database.is_default);
        assert_eq!(settings.bind.to_string(), "0.0.0.0:9000");
        assert_eq!(settings.database.pool.max_size, 4);
        assert_eq!(
            settings.database.pool.connection_timeout,
            Duration::from_secs(2)
        );
        assert!(!settings.database.migrate_on_start);
        assert_eq!(settings.log_format, LogFormat::Json);
        assert!(settings.auth.jwt_secret.is_some());
        assert_eq!(settings.auth.access_token_ttl, Duration::from_secs(300));
        assert_eq!(
            settings.auth.refresh_token_ttl,
            Duration::from_secs(7 * 86_400)
        );
    }

    #[test]
    fn a_short_jwt_secret_is_refused_without_being_echoed() {
        let message = settings(&[("SOTAY_JWT_SECRET", "hunter2")])
            .unwrap_err()
            .to_string();
        assert!(message.starts_with("SOTAY_JWT_SECRET"), "{message}");
        assert!(!message.contains("hunter2"), "{message}");
    }

    #[test]
    fn access_tokens_live_fifteen_minutes_at_most() {
        let defaults = settings(&[]).unwrap();
        assert_eq!(defaults.auth.access_token_ttl, Duration::from_secs(900));
        assert!(settings(&[("SOTAY_ACCESS_TOKEN_TTL_SECS", "901")]).is_err());
    }

    #[test]
    fn bad_values_name_the_variable_and_what_it_expects() {
        let cases = [
            ("SOTAY_DB_POOL_SIZE", "1"),
            ("SOTAY_DB_POOL_SIZE", "many"),
            ("SOTAY_DB_TIMEOUT_SECS", "0"),
            ("SOTAY_MIGRATE_ON_START", "maybe"),
            ("SOTAY_BIND", "localhost"),
            ("SOTAY_LOG_FORMAT", "xml"),
            ("SOTAY_ACCESS_TOKEN_TTL_SECS", "3600"),
            ("SOTAY_REFRESH_TOKEN_TTL_DAYS", "0"),
            ("SOTAY_ATTACHMENT_MAX_BYTES", "52428801"),
        ];
        for (name, value) in cases {
            let message = settings(&[(name, value)]).unwrap_err().to_string();
            assert!(message.starts_with(name), "{message}");
            assert!(message.contains(value), "{message}");
        }
    }

    #[test]
    fn a_bad_database_url_is_a_settings_error() {
        let error = settings(&[("DATABASE_URL", "mysql://x@y/z")]).unwrap_err();
        assert!(error.to_string().contains("'mysql' is not supported"));
    }
}
