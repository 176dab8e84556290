//! Start-up as a function of explicit settings: prepare the database, bind, serve.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, web};
use sotay_persistence::connection::SessionSettings;
use sotay_persistence::pool::build_pool;
use sotay_persistence::{DatabaseUrl, DbConnection, migrations};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::app::notifications::push::{LogOnly, PushGateway};
use crate::auth::{CardSigner, PasswordHasher, TokenIssuer, load_jwt_secret};
use crate::background;
use crate::http::extractors::{json_config, path_config, payload_config, query_config};
use crate::http::metrics::Metrics;
use crate::http::request_context::request_context;
use crate::http::server;
use crate::openapi::{self, RouteTable};
use crate::routes;
use crate::settings::{DatabaseSettings, Settings};
use crate::state::{AppState, LoginLimits};

/// In-flight requests get this long to finish after SIGTERM before the server stops anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// Password hashing threads, so hashes computed at once. Each takes ~17 ms of one core and
/// keeps its 19 MiB for good: two keep both cores of a small node busy and the memory bounded,
/// while other requests still get the blocking pool.
const HASHING_CONCURRENCY: usize = 2;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot create the data folder {path}: {source}")]
    DataFolder {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot use the database {url}: {cause}")]
    Database { url: String, cause: String },
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("start-up failed: {0}")]
    Other(String),
}

impl StartupError {
    fn database(url: &DatabaseUrl, error: impl std::fmt::Display) -> Self {
        StartupError::Database {
            url: url.redacted(),
            // libpq's messages span lines; the operator gets one.
            cause: error
                .to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

pub struct Application {
    port: u16,
    server: Server,
    background: tokio::task::JoinHandle<()>,
}

impl Application {
    /// Prepares the database (unless told not to migrate), binds `settings.bind` (port 0 picks a
    /// free one) and returns the server ready to run.
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        Self::build_with_push(settings, Arc::new(LogOnly)).await
    }

    /// [`Application::build`] with a push service of the deployment's own.
    pub async fn build_with_push(
        settings: Settings,
        push: Arc<dyn PushGateway>,
    ) -> Result<Self, StartupError> {
        let database = settings.database.clone();
        if database.migrate_on_start {
            tokio::task::spawn_blocking(move || {
                migrate(&database)?;
                if database.is_default {
                    ensure_initial_admin(&database)?;
                }
                Ok::<_, StartupError>(())
            })
            .await
            .map_err(|error| StartupError::Other(error.to_string()))??;
        }
        let pool = build_pool(&settings.database.url, settings.database.pool);
        let listener = TcpListener::bind(settings.bind).map_err(|source| StartupError::Bind {
            address: settings.bind,
            source,
        })?;
        let address = listener.local_addr().map_err(|source| StartupError::Bind {
            address: settings.bind,
            source,
        })?;

        let secret = load_jwt_secret(settings.auth.jwt_secret.as_ref(), &settings.database.url)
            .map_err(|error| StartupError::Other(error.to_string()))?;
        let tokens = TokenIssuer::new(
            &secret,
            settings.auth.access_token_ttl,
            settings.auth.refresh_token_ttl,
        );
        let cards = CardSigner::new(&secret, settings.phone.card_lifetime);
        let hasher = PasswordHasher::new(HASHING_CONCURRENCY)
            .map_err(|error| StartupError::Other(error.to_string()))?;

        let document = openapi::document();
        let background = background::spawn(
            pool.clone(),
            settings.phone.reminders.clone(),
            settings.phone.reminder_interval,
            push,
        );
        let state = web::Data::new(AppState {
            cards,
            sync_clock_skew: settings.phone.sync_clock_skew,
            pool,
            backend: settings.database.url.backend(),
            routes: RouteTable::from_document(&document),
            tokens,
            hasher,
            attachment_max_bytes: settings.attachment_max_bytes,
            login_limits: LoginLimits {
                failures_per_account: settings.auth.failures_per_account,
                failures_per_client: settings.auth.failures_per_client,
                lockout: settings.auth.lockout,
            },
        });
        let metrics = web::Data::new(Metrics::new(settings.database.pool.max_size));
        let server = server::serve(listener, SHUTDOWN_GRACE, move || {
            App::new()
                .into_utoipa_app()
                .configure(routes::configure)
                .into_app()
                .app_data(state.clone())
                .app_data(metrics.clone())
                .app_data(json_config())
                .app_data(payload_config())
                .app_data(query_config())
                .app_data(path_config())
                .service(
                    SwaggerUi::new("/api-docs/{_:.*}")
                        .url("/api-docs/openapi.json", document.clone()),
                )
                .default_service(web::to(routes::fallback))
                .wrap(from_fn(request_context))
        })
        .map_err(|source| StartupError::Bind {
            address: settings.bind,
            source,
        })?;

        tracing::info!(
            %address,
            database = %settings.database.url.redacted(),
            "sotay {} listening on http://{address}",
            env!("CARGO_PKG_VERSION")
        );
        Ok(Application {
            port: address.port(),
            server,
            background,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or SIGINT; on SIGTERM in-flight requests finish first.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        self.background.abort();
        served
    }
}

/// The embedded default's first start: an administrator with a one-time password in a file.
fn ensure_initial_admin(database: &DatabaseSettings) -> Result<(), StartupError> {
    let folder = database
        .url
        .sqlite_path()
        .and_then(|path| path.parent())
        .unwrap_or(std::path::Path::new("."))
        .to_path_buf();
    let mut connection = open_for_maintenance(database)?;
    match crate::cli::bootstrap::ensure_initial_admin(&mut connection, &folder) {
        Ok(Some(path)) => {
            tracing::warn!(
                path = %path.display(),
                login = crate::cli::bootstrap::INITIAL_ADMIN_CARD,
                "created the first administrator: the one-time password is in the file (change it at first login)"
            );
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(error) => Err(StartupError::Other(error.to_string())),
    }
}

/// A dedicated connection for start-up work, without the request statement timeout.
pub fn open_for_maintenance(database: &DatabaseSettings) -> Result<DbConnection, StartupError> {
    let session = SessionSettings {
        statement_timeout: None,
        application_name: "sotay-migrate",
    };
    DbConnection::open(&database.url, session)
        .map_err(|error| StartupError::database(&database.url, error))
}

/// Applies pending migrations over a dedicated connection, which also proves the database is
/// reachable before the server binds: a wrong URL fails fast with the driver's own words.
pub fn migrate(database: &DatabaseSettings) -> Result<Vec<String>, StartupError> {
    if database.is_default
        && let Some(folder) = database.url.sqlite_path().and_then(|path| path.parent())
    {
        std::fs::create_dir_all(folder).map_err(|source| StartupError::DataFolder {
            path: folder.display().to_string(),
            source,
        })?;
    }
    let mut connection = open_for_maintenance(database)?;
    let applied = migrations::migrate(&mut connection)
        .map_err(|error| StartupError::database(&database.url, error))?;
    for version in &applied {
        tracing::info!(%version, "applied migration");
    }
    Ok(applied)
}
