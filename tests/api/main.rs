//! Black-box tests: each starts the real application on port 0 against a database of its own
//! and speaks HTTP to it. Every test runs on SQLite, and on PostgreSQL whenever
//! `SOTAY_TEST_POSTGRES_URL` is set (with `CI=true` a missing PostgreSQL fails the suite).

// Test code: a panic is a failed assertion with a message, which is what we want here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

/// Declares, for each named `async fn test(backend: Backend)`, one `#[tokio::test]` per backend:
/// `health::live_answers_ok::sqlite` and `health::live_answers_ok::postgres`.
macro_rules! on_every_backend {
    ($($test:ident),+ $(,)?) => {$(
        mod $test {
            use crate::helpers::Backend;

            #[tokio::test]
            async fn sqlite() {
                super::$test(Backend::Sqlite).await;
            }

            #[tokio::test]
            async fn postgres() {
                if Backend::Postgres.is_available() {
                    super::$test(Backend::Postgres).await;
                }
            }
        }
    )+};
}

mod access_matrix;
mod attachments;
mod auth;
mod badges_and_contact;
mod campaigns;
mod demo;
mod docs;
mod documents;
mod endpoints;
mod errors;
mod hardening;
mod health;
mod held_agreement;
mod helpers;
mod limits;
mod list_order;
mod malformed_requests;
mod member_import;
mod members;
mod meta;
mod migrations;
mod observability;
mod orgs;
mod outage;
mod phone;
mod plans;
mod reach_agreement;
mod request_cost;
mod requests;
mod schema_agreement;
mod sessions;
mod spec_agreement;
mod standing;
mod story;
mod text_forms;
mod token_attacks;
mod world;
