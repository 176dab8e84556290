//! `TestApp`: the real application on a fresh database, and the generic requests the
//! per-endpoint methods (`endpoints/`) are built on. The timing binary includes this file
//! alone, so it stands without the rest of the suite.

use std::collections::HashMap;
use std::sync::Once;

use diesel::{Connection, RunQueryDsl, pg::PgConnection};
use sotay_api::auth_tools::hash_now;
use sotay_api::cli::bootstrap::AdminSpec;
use sotay_api::settings::Settings;
use sotay_api::startup::Application;
use sotay_domain::member::{CardNumber, PersonName};
use sotay_domain::org::{OrgCode, OrgName};
use sotay_persistence::connection::SessionSettings;
use sotay_persistence::{DatabaseUrl, DbConnection};

pub const POSTGRES_URL_VARIABLE: &str = "SOTAY_TEST_POSTGRES_URL";
/// The signing key of test servers, so that tests can forge tokens to attack them.
pub const TEST_JWT_SECRET: &str = "test-only signing key, 32+ bytes, never in production";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Whether this backend's leg runs. SQLite always does. PostgreSQL needs
    /// `SOTAY_TEST_POSTGRES_URL`; without it the test is skipped locally and fails on CI
    /// ([`on_ci`]).
    pub fn is_available(self) -> bool {
        if self == Backend::Sqlite || std::env::var(POSTGRES_URL_VARIABLE).is_ok() {
            return true;
        }
        assert!(
            !on_ci(),
            "CI is set but {POSTGRES_URL_VARIABLE} is not: the PostgreSQL leg must run on CI"
        );
        eprintln!("skipped on PostgreSQL: set {POSTGRES_URL_VARIABLE} to run it");
        false
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgresql",
        }
    }
}

/// Whether this is a CI run: `CI` set to anything but empty, `0` or `false` (CI services set
/// `true`, some `1`).
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !matches!(value.trim(), "" | "0" | "false"))
}

/// The URL with `sslmode=disable` unless it says otherwise. libpq's default (`prefer`) loads
/// OpenSSL, whose exit handler frees its state while the servers of finished tests still run
/// on other threads: the test binary, all tests passed, then aborted with "double free or
/// corruption" (diesel-rs/diesel#3441). The test database is on the loopback; TLS adds nothing.
fn without_tls(url: &str) -> String {
    let mut url = url::Url::parse(url).expect("a valid PostgreSQL URL");
    if !url.query_pairs().any(|(key, _)| key == "sslmode") {
        url.query_pairs_mut().append_pair("sslmode", "disable");
    }
    url.into()
}

/// A database that exists only for one test: a temp SQLite file, or a PostgreSQL database
/// created for the test and dropped (with its connections) when the test ends.
pub struct TestDatabase {
    url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFolder(#[allow(dead_code)] tempfile::TempDir),
    PostgresDatabase { admin_url: String, name: String },
}

impl TestDatabase {
    pub fn fresh(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let folder = tempfile::tempdir().expect("temp folder");
                let url = format!("sqlite://{}", folder.path().join("sotay.db").display());
                TestDatabase {
                    url,
                    cleanup: Cleanup::SqliteFolder(folder),
                }
            }
            Backend::Postgres => {
                let admin_url = without_tls(
                    &std::env::var(POSTGRES_URL_VARIABLE)
                        .unwrap_or_else(|_| panic!("{POSTGRES_URL_VARIABLE} is not set")),
                );
                let name = format!("sotay_test_{}", uuid::Uuid::now_v7().simple());
                let mut admin = PgConnection::establish(&admin_url)
                    .unwrap_or_else(|error| panic!("cannot reach {admin_url}: {error}"));
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .expect("create the test database");
                let mut url = url::Url::parse(&admin_url).expect("a valid PostgreSQL URL");
                url.set_path(&name);
                TestDatabase {
                    url: url.into(),
                    cleanup: Cleanup::PostgresDatabase { admin_url, name },
                }
            }
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// A direct connection, as `sotay migrate` opens one. Blocking: call it off the runtime.
    pub fn connect(&self) -> DbConnection {
        let url = DatabaseUrl::parse(&self.url).expect("a valid database URL");
        let session = SessionSettings {
            statement_timeout: None,
            application_name: "sotay-tests",
        };
        DbConnection::open(&url, session).expect("a connection to the test database")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Cleanup::PostgresDatabase { admin_url, name } = &self.cleanup {
            // The server under test may still hold pooled connections: FORCE ends them.
            let dropped = PgConnection::establish(admin_url).map(|mut admin| {
                diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin)
            });
            if !matches!(dropped, Ok(Ok(_))) {
                eprintln!("could not drop test database {name}: {dropped:?}");
            }
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// Dropped after the server: declared last.
    pub database: TestDatabase,
}

impl TestApp {
    /// The application, migrated, on a fresh database of `backend`.
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(TestDatabase::fresh(backend), &[]).await
    }

    /// The application on `database`, with extra environment settings (`SOTAY_…`).
    pub async fn spawn_with(database: TestDatabase, overrides: &[(&str, &str)]) -> TestApp {
        let address = start_server(database.url(), overrides).await;
        TestApp {
            address,
            client: client(),
            database,
        }
    }

    /// A second server on this app's database, as after a restart or on another node.
    pub async fn spawn_sibling(&self) -> String {
        start_server(self.database.url(), &[]).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    /// Any request, with an optional bearer token and JSON body.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<&serde_json::Value>,
    ) -> reqwest::Response {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("request sent")
    }

    pub async fn get_as(&self, path: &str, token: &str) -> reqwest::Response {
        self.call(reqwest::Method::GET, path, Some(token), None)
            .await
    }

    pub async fn post_as(
        &self,
        path: &str,
        token: Option<&str>,
        body: serde_json::Value,
    ) -> reqwest::Response {
        self.call(reqwest::Method::POST, path, token, Some(&body))
            .await
    }

    pub async fn patch_as(
        &self,
        path: &str,
        token: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        self.call(reqwest::Method::PATCH, path, Some(token), Some(&body))
            .await
    }

    /// `POST /auth/login`. Here rather than in `endpoints/`, whose paths this file cannot see:
    /// the timing binary logs in too.
    pub async fn login(&self, login: &str, password: &str) -> reqwest::Response {
        self.post_as(
            "/api/v1/auth/login",
            None,
            serde_json::json!({"login": login, "password": password}),
        )
        .await
    }

    /// Logs in and returns the session, failing the test on anything but 200.
    pub async fn session(&self, login: &str, password: &str) -> Session {
        let response = self.login(login, password).await;
        assert_eq!(response.status().as_u16(), 200, "login of {login}");
        let body: serde_json::Value = response.json().await.unwrap();
        Session {
            access_token: body["access_token"].as_str().unwrap().to_owned(),
            refresh_token: body["refresh_token"].as_str().unwrap().to_owned(),
            member_id: body["member"]["id"].as_str().unwrap().to_owned(),
        }
    }

    /// A system administrator created the way `sotay admin create` does, logged in.
    pub async fn admin(&self) -> Session {
        let mut connection = self.database.connect();
        tokio::task::spawn_blocking(move || {
            let spec = AdminSpec {
                card: CardNumber::parse(ADMIN_CARD).unwrap(),
                name: PersonName::parse("Quản Trị Viên").unwrap(),
                org_code: OrgCode::parse("ROOT").unwrap(),
                org_name: Some(OrgName::parse("Tỉnh ủy Thử nghiệm").unwrap()),
                password_hash: hash_now(ADMIN_PASSWORD).unwrap(),
                must_change_password: false,
            };
            sotay_api::cli::bootstrap::create_admin(&mut connection, &spec).unwrap();
        })
        .await
        .unwrap();
        self.session(ADMIN_CARD, ADMIN_PASSWORD).await
    }

    /// Creates something as `token` and returns the created body, failing on anything but 201.
    pub async fn create(
        &self,
        path: &str,
        token: &str,
        body: serde_json::Value,
    ) -> serde_json::Value {
        let response = self.post_as(path, Some(token), body.clone()).await;
        let status = response.status().as_u16();
        let created: serde_json::Value = response.json().await.unwrap();
        assert_eq!(status, 201, "POST {path} {body}: {created}");
        created
    }
}

pub const ADMIN_CARD: &str = "ADMIN-0001";
pub const ADMIN_PASSWORD: &str = "mật khẩu quản trị thử nghiệm";
/// Every member the fixtures create gets this password.
pub const MEMBER_PASSWORD: &str = "hoa sen nở giữa hồ";

#[derive(Debug, Clone)]
pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
    pub member_id: String,
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client")
}

/// Starts a server in this test's runtime and returns its base URL.
pub async fn start_server(database_url: &str, overrides: &[(&str, &str)]) -> String {
    init_test_logging();
    let mut variables: HashMap<&str, &str> = HashMap::from([
        ("DATABASE_URL", database_url),
        ("SOTAY_BIND", "127.0.0.1:0"),
        ("SOTAY_DB_POOL_SIZE", "4"),
        // PostgreSQL needs a configured key; SQLite would generate one beside the database.
        ("SOTAY_JWT_SECRET", TEST_JWT_SECRET),
        // Reminders follow the real clock in the background; tests choose the instant with
        // `sotay_api::cli::remind` instead (a test of the task itself turns it back on).
        ("SOTAY_REMINDER_INTERVAL_SECS", "0"),
    ]);
    variables.extend(overrides.iter().copied());
    let settings = Settings::from_lookup(|name| variables.get(name).map(|v| (*v).to_owned()))
        .expect("valid test settings");
    let application = Application::build(settings)
        .await
        .expect("the application starts");
    let address = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    address
}

/// Quiet by default; `TEST_LOG=1 cargo test` shows the server's logs.
fn init_test_logging() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if std::env::var_os("TEST_LOG").is_some() {
            sotay_api::telemetry::init(sotay_api::settings::LogFormat::Human);
        }
    });
}

/// The fields a validation problem names, in order.
pub fn problem_fields(problem: &serde_json::Value) -> Vec<&str> {
    problem["errors"]
        .as_array()
        .map(|errors| errors.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default()
}

/// Reads a problem+json response, checking the parts every problem must have.
pub async fn problem(response: reqwest::Response, status: u16) -> serde_json::Value {
    assert_eq!(
        response.status().as_u16(),
        status,
        "status of {}",
        response.url()
    );
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: serde_json::Value = response.json().await.expect("a JSON problem body");
    assert_eq!(body["status"], status);
    let code = body["code"].as_str().expect("a code");
    assert_eq!(body["type"], format!("urn:sotay:problem:{code}"));
    assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
    assert!(body["request_id"].as_str().is_some_and(|id| !id.is_empty()));
    body
}
