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

    /// `POST /check-ins/batch` with `items` (a JSON array, or anything else to see it refused).
    pub async fn sync_check_ins(&self, token: &str, items: Value) -> Response {
        self.post_as(paths::CHECK_IN_BATCH, Some(token), items)
            .await
    }

    pub async fn session_roll(&self, token: &str, id: &str) -> Response {
        self.get_as(&paths::session_roll(id), token).await
    }

    /// The roll as `Accept: text/csv` gets it.
    pub async fn session_roll_csv(&self, token: &str, id: &str) -> String {
        self.get_csv(&paths::session_roll(id), token).await
    }

    pub async fn mark_attendance(
        &self,
        token: &str,
        id: &str,
        member_id: &str,
        body: Value,
    ) -> Response {
        let path = paths::session_entry(id, member_id);
        self.call(Method::PUT, &path, Some(token), Some(&body))
            .await
    }

    pub async fn attendance_entry(&self, token: &str, id: &str, member_id: &str) -> Response {
        self.get_as(&paths::session_entry(id, member_id), token)
            .await
    }

    /// `GET /members/{id}/attendance`; `query` is empty or starts with `?`.
    pub async fn member_attendance(&self, token: &str, id: &str, query: &str) -> Response {
        let path = format!("{}{query}", paths::member_attendance(id));
        self.get_as(&path, token).await
    }
}
