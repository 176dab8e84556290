//! Sessions and check-ins.

use reqwest::{Method, Response};
use serde_json::Value;

use super::paths;
use crate::helpers::TestApp;

/// Sessions: one method per endpoint.
impl TestApp {
    /// `GET /sessions`; `query` is empty or starts with `?`.
    pub async fn list_sessions(&self, token: &str, query: &str) -> Response {
        self.get_as(&format!("{}{query}", paths::SESSIONS), token)
            .await
    }

    pub async fn create_session(&self, token: &str, body: Value) -> Response {
        self.post_as(paths::SESSIONS, Some(token), body).await
    }

    /// [`TestApp::create_session`] that must answer 201: the created session.
    pub async fn created_session(&self, token: &str, body: Value) -> Value {
        self.create(paths::SESSIONS, token, body).await
    }

    pub async fn get_session(&self, token: &str, id: &str) -> Response {
        self.get_as(&paths::session(id), token).await
    }

    pub async fn update_session(&self, token: &str, id: &str, body: Value) -> Response {
        self.patch_as(&paths::session(id), token, body).await
    }

    pub async fn answer_session(&self, token: &str, id: &str, body: Value) -> Response {
        self.call(
            Method::PUT,
            &paths::session_rsvp(id),
            Some(token),
            Some(&body),
        )
        .await
    }

    pub async fn check_in_code(&self, token: &str, id: &str) -> Response {
        self.get_as(&paths::session_check_in_code(id), token).await
    }

    pub async fn check_in(&self, token: &str, id: &str, body: Value) -> Response {
        self.post_as(&paths::session_check_ins(id), Some(token), body)
            .await
    }
}
