//! Timing, measured apart: this test binary runs alone (cargo runs test binaries one after
//! another), so the argon2-heavy black-box tests do not share the two cores with it, and its
//! backends run one after the other in one test for the same reason.

// Test code: a panic is a failed assertion with a message, which is what we want here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

use helpers::{ADMIN_CARD, Backend, TestApp, TestDatabase, problem};

#[tokio::test]
async fn an_unknown_login_takes_as_long_as_a_wrong_password_on_every_backend() {
    an_unknown_login_takes_as_long_as_a_wrong_password(Backend::Sqlite).await;
    if Backend::Postgres.is_available() {
        an_unknown_login_takes_as_long_as_a_wrong_password(Backend::Postgres).await;
    }
}

/// An attacker must not learn which logins exist from how long the answer takes: an unknown
/// login is checked against a dummy hash with the same parameters. Samples alternate between
/// the two kinds, so that any other load falls on both alike; medians ignore outliers.
async fn an_unknown_login_takes_as_long_as_a_wrong_password(backend: Backend) {
    let app = TestApp::spawn_with(
        TestDatabase::fresh(backend),
        &[
            ("SOTAY_LOGIN_FAILURES_PER_ACCOUNT", "1000000"),
            ("SOTAY_LOGIN_FAILURES_PER_CLIENT", "1000000"),
        ],
    )
    .await;
    app.admin().await;
    let timed = |login: &'static str| {
        let app = &app;
        async move {
            let started = std::time::Instant::now();
            let response = app.login(login, "not the password at all").await;
            let elapsed = started.elapsed();
            problem(response, 401).await;
            elapsed
        }
    };
    let (mut wrong, mut unknown) = (Vec::new(), Vec::new());
    for round in 0..25 {
        if round % 2 == 0 {
            wrong.push(timed(ADMIN_CARD).await);
            unknown.push(timed("99999999").await);
        } else {
            unknown.push(timed("99999999").await);
            wrong.push(timed(ADMIN_CARD).await);
        }
    }
    let median = |samples: &mut Vec<std::time::Duration>| {
        samples.sort();
        samples[samples.len() / 2].as_secs_f64()
    };
    let (wrong, unknown) = (median(&mut wrong), median(&mut unknown));
    let difference = (wrong - unknown).abs() / wrong.max(unknown);
    assert!(
        difference <= 0.10,
        "median wrong password {:.1} ms, unknown login {:.1} ms: {:.0}% apart",
        wrong * 1e3,
        unknown * 1e3,
        difference * 100.0
    );
}
