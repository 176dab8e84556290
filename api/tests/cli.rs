//! The `sotay` binary as an operator meets it: what it does with no configuration, how it fails
//! on a bad `DATABASE_URL`, and how it stops.

// Test code: a panic is a failed assertion with a message, which is what we want here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const SOTAY: &str = env!("CARGO_BIN_EXE_sotay");

/// `sotay` with a clean environment in `folder`: only what the test sets reaches it.
fn sotay(folder: &Path, variables: &[(&str, &str)]) -> Command {
    let mut command = Command::new(SOTAY);
    command
        .current_dir(folder)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("SOTAY_BIND", "127.0.0.1:0")
        .envs(variables.iter().copied())
        .stdin(Stdio::null());
    command
}

fn run_to_failure(folder: &Path, variables: &[(&str, &str)]) -> (String, Duration) {
    let started = Instant::now();
    let Output { status, stderr, .. } = sotay(folder, variables).output().unwrap();
    let elapsed = started.elapsed();
    assert!(!status.success(), "sotay should have failed");
    (String::from_utf8(stderr).unwrap(), elapsed)
}

fn files_in(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn an_unknown_database_scheme_fails_in_one_line_and_creates_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let (stderr, _) = run_to_failure(
        folder.path(),
        &[("DATABASE_URL", "mysql://root@localhost/sotay")],
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("'mysql' is not supported"), "{stderr}");
    assert!(
        files_in(folder.path()).is_empty(),
        "{:?}",
        files_in(folder.path())
    );
}

#[test]
fn a_sqlite_file_in_a_missing_folder_fails_without_creating_it() {
    let folder = tempfile::tempdir().unwrap();
    let (stderr, _) = run_to_failure(folder.path(), &[("DATABASE_URL", "sqlite://dtaa/sotay.db")]);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("the folder dtaa for the SQLite database does not exist"),
        "{stderr}"
    );
    assert!(files_in(folder.path()).is_empty());
}

#[test]
fn an_unreachable_postgres_fails_fast_in_one_line_without_the_password() {
    let folder = tempfile::tempdir().unwrap();
    let url = "postgres://sotay:hunter2@127.0.0.1:1/sotay";
    let (stderr, elapsed) = run_to_failure(folder.path(), &[("DATABASE_URL", url)]);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("Connection refused"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

#[test]
fn a_malformed_setting_fails_naming_the_variable() {
    let folder = tempfile::tempdir().unwrap();
    let (stderr, _) = run_to_failure(folder.path(), &[("SOTAY_DB_POOL_SIZE", "lots")]);
    assert!(stderr.contains("SOTAY_DB_POOL_SIZE must be"), "{stderr}");
}

#[test]
fn openapi_prints_the_committed_document_without_a_database() {
    let folder = tempfile::tempdir().unwrap();
    let output = sotay(
        folder.path(),
        &[("DATABASE_URL", "postgres://x@127.0.0.1:1/x")],
    )
    .arg("openapi")
    .output()
    .unwrap();
    assert!(output.status.success());
    let committed = include_str!("../../openapi/openapi.json");
    assert!(
        String::from_utf8(output.stdout).unwrap() == committed,
        "openapi/openapi.json is stale: run `cargo run -p sotay-openapi`"
    );
}

#[test]
fn migrate_applies_the_schema_once() {
    let folder = tempfile::tempdir().unwrap();
    let first = sotay(folder.path(), &[]).arg("migrate").output().unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let applied: u32 = String::from_utf8_lossy(&first.stdout)
        .lines()
        .find_map(|line| line.strip_suffix(" migration(s) applied"))
        .and_then(|count| count.parse().ok())
        .unwrap();
    assert!(applied >= 1);
    assert!(folder.path().join("data/sotay.db").is_file());
    let second = sotay(folder.path(), &[]).arg("migrate").output().unwrap();
    assert!(String::from_utf8_lossy(&second.stdout).contains("0 migration(s) applied"));
}

/// Kills the server if the test fails half-way.
struct Server(Option<Child>);

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The server started in `folder` with JSON logs, its address (from its start-up line), the
/// log lines read until then, and the rest of its log as it comes.
struct Logged {
    server: Server,
    pid: u32,
    address: String,
    logged: Vec<String>,
    lines: mpsc::Receiver<String>,
}

fn serve_logging_json(folder: &Path, variables: &[(&str, &str)]) -> Logged {
    let mut variables = variables.to_vec();
    variables.push(("SOTAY_LOG_FORMAT", "json"));
    let mut child = sotay(folder, &variables)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let pid = child.id();
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    let mut logged = Vec::new();
    let address = loop {
        let line = lines
            .recv_timeout(Duration::from_secs(20))
            .expect("the server logs where it listens");
        let entry: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        logged.push(line);
        if let Some(address) = entry["address"].as_str() {
            break address.to_owned();
        }
    };
    Logged {
        server: Server(Some(child)),
        pid,
        address,
        logged,
        lines,
    }
}

fn http_get(address: &str, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(address).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

#[test]
fn with_no_configuration_it_serves_on_sqlite_and_stops_cleanly_on_sigterm() {
    let folder = tempfile::tempdir().unwrap();
    let started = Instant::now();
    // The start-up log names the bound address (port 0 picked a free one).
    let Logged {
        mut server,
        pid,
        address,
        mut logged,
        lines: received,
    } = serve_logging_json(folder.path(), &[]);
    let ready = loop {
        match http_get(&address, "/health/ready") {
            Some(response) if response.starts_with("HTTP/1.1 200") => break started.elapsed(),
            _ if started.elapsed() > Duration::from_secs(20) => panic!("never ready"),
            _ => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    eprintln!("start-up to first 200 on /health/ready: {ready:?}");
    assert!(
        folder.path().join("data/sotay.db").is_file(),
        "the embedded default database"
    );

    // The first start made an administrator whose one-time password is in an owner-only file.
    let password_file = folder.path().join("data/initial-admin-password.txt");
    let mode = std::fs::metadata(&password_file)
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let text = std::fs::read_to_string(&password_file).unwrap();
    let password = text
        .lines()
        .find_map(|line| line.strip_prefix("password: "))
        .unwrap()
        .to_owned();
    logged.extend(received.try_iter());
    assert!(
        logged
            .iter()
            .any(|line| line.contains("initial-admin-password.txt")),
        "the path is logged"
    );
    assert!(
        !logged.iter().any(|line| line.contains(&password)),
        "the password is not"
    );
    let key = folder.path().join("data/jwt-secret.key");
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let terminated = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(terminated.success());
    let mut child = server.0.take().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "sotay did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "a graceful stop exits 0, got {status}");
}

#[test]
fn admin_create_takes_the_password_from_the_environment_only() {
    let folder = tempfile::tempdir().unwrap();
    let args = [
        "admin",
        "create",
        "--card-number",
        "79000099",
        "--full-name",
        "Nguyễn Văn Quản",
        "--org-code",
        "HA",
        "--org-name",
        "Đảng bộ phường Hương An",
    ];
    let without = sotay(folder.path(), &[]).args(args).output().unwrap();
    assert!(!without.status.success());
    assert!(String::from_utf8_lossy(&without.stderr).contains("SOTAY_ADMIN_PASSWORD"));

    let common = sotay(folder.path(), &[("SOTAY_ADMIN_PASSWORD", "password1")])
        .args(args)
        .output()
        .unwrap();
    assert!(
        !common.status.success(),
        "common passwords are refused here too"
    );

    let created = sotay(
        folder.path(),
        &[("SOTAY_ADMIN_PASSWORD", "quản trị phường hương an")],
    )
    .args(args)
    .output()
    .unwrap();
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert!(String::from_utf8_lossy(&created.stdout).contains("login: 79000099"));

    let again = sotay(
        folder.path(),
        &[("SOTAY_ADMIN_PASSWORD", "quản trị phường hương an")],
    )
    .args(args)
    .output()
    .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

fn http_send(
    method: &str,
    address: &str,
    path: &str,
    token: Option<&str>,
    body: &serde_json::Value,
) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    let body = body.to_string();
    let authorization = token
        .map(|token| format!("Authorization: Bearer {token}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n{authorization}\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

fn json_body(response: &str) -> serde_json::Value {
    let (_, body) = response.split_once("\r\n\r\n").unwrap();
    serde_json::from_str(body).unwrap_or_else(|_| panic!("a JSON body: {response}"))
}

/// Passwords and tokens go through the server on every login; none of them may reach its log,
/// even with every crate logging at the most detailed level.
#[test]
fn no_password_or_token_reaches_the_log_even_at_trace_level() {
    let folder = tempfile::tempdir().unwrap();
    let Logged {
        server: _server,
        address,
        mut logged,
        lines: received,
        ..
    } = serve_logging_json(folder.path(), &[("RUST_LOG", "trace")]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while !http_get(&address, "/health/ready").is_some_and(|r| r.starts_with("HTTP/1.1 200")) {
        assert!(Instant::now() < deadline, "never ready");
        std::thread::sleep(Duration::from_millis(20));
    }
    let first = std::fs::read_to_string(folder.path().join("data/initial-admin-password.txt"))
        .unwrap()
        .lines()
        .find_map(|line| line.strip_prefix("password: "))
        .unwrap()
        .to_owned();
    let new = "một mật khẩu mới đủ dài";

    let login = |password: &str| {
        json_body(&http_send(
            "POST",
            &address,
            "/api/v1/auth/login",
            None,
            &serde_json::json!({"login": "ADMIN-0001", "password": password}),
        ))
    };
    let session = login(&first);
    let changed = json_body(&http_send(
        "PUT",
        &address,
        "/api/v1/me/password",
        session["access_token"].as_str(),
        &serde_json::json!({"current_password": first, "new_password": new}),
    ));
    let refreshed = json_body(&http_send(
        "POST",
        &address,
        "/api/v1/auth/refresh",
        None,
        &serde_json::json!({"refresh_token": changed["refresh_token"]}),
    ));
    let again = login(new);
    let mut secrets = vec![first.clone(), new.to_owned()];
    for pair in [&session, &changed, &refreshed, &again] {
        for field in ["access_token", "refresh_token"] {
            let secret = pair[field].as_str();
            secrets.push(
                secret
                    .unwrap_or_else(|| panic!("{field} in {pair}"))
                    .to_owned(),
            );
        }
    }

    std::thread::sleep(Duration::from_millis(200));
    logged.extend(received.try_iter());
    assert!(logged.len() > 10, "trace logging is on: {logged:?}");
    for secret in &secrets {
        let leaked: Vec<&String> = logged.iter().filter(|line| line.contains(secret)).collect();
        assert!(leaked.is_empty(), "{secret} is in the log: {leaked:?}");
    }
}

/// Heads actix-http refuses before routing (control characters, too many headers, a request
/// line over 64 KiB) are the client's mistakes: any client can send them at will, so they are
/// logged at INFO, not ERROR, and the server carries on.
#[test]
fn refused_request_heads_are_logged_below_error() {
    let folder = tempfile::tempdir().unwrap();
    let Logged {
        server: _server,
        address,
        lines: received,
        ..
    } = serve_logging_json(folder.path(), &[]);
    let mut many_headers = String::from("GET /health/live HTTP/1.1\r\nHost: x\r\n");
    for n in 0..100 {
        many_headers.push_str(&format!("X-{n}: {n}\r\n"));
    }
    many_headers.push_str("\r\n");
    let long_line = format!(
        "GET /health/live?{} HTTP/1.1\r\nHost: x\r\n\r\n",
        "a".repeat(70_000)
    );
    let heads: [&[u8]; 3] = [
        b"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Note: a\x01b\r\n\r\n",
        many_headers.as_bytes(),
        long_line.as_bytes(),
    ];
    for head in heads {
        let mut stream = TcpStream::connect(&address).unwrap();
        let _ = stream.write_all(head);
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        assert!(
            answer.contains("application/problem+json"),
            "a problem answer: {answer}"
        );
    }
    assert!(http_get(&address, "/health/live").is_some_and(|r| r.starts_with("HTTP/1.1 200")));

    std::thread::sleep(Duration::from_millis(200));
    let logged: Vec<serde_json::Value> = received
        .try_iter()
        .filter_map(|line| serde_json::from_str(&line).ok())
        .collect();
    let refused = logged
        .iter()
        .filter(|entry| entry["message"] == "request head refused")
        .inspect(|entry| assert_eq!(entry["level"], "INFO", "{entry}"))
        .count();
    assert_eq!(refused, 3, "{logged:?}");
    let errors: Vec<_> = logged
        .iter()
        .filter(|entry| entry["level"] == "ERROR")
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}
