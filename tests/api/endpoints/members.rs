//! Members, their positions, and the audit trail.

use reqwest::{Method, Response};
use serde_json::{Value, json};

use super::paths;
use crate::helpers::TestApp;

/// Members: one method per endpoint, so that a path is spelled once ([`paths`]) and a route
/// change is one edit.
impl TestApp {
    /// `POST /members/import` with a CSV file; `query` is empty or starts with `?`
    /// (`?dry_run=true`).
    pub async fn import_members(&self, token: &str, query: &str, csv: String) -> Response {
        let path = format!("{}{query}", paths::MEMBERS_IMPORT);
        self.send_text(Method::POST, &path, Some(token), "text/csv", csv)
            .await
    }

    /// `GET /members/export`; `query` is empty or starts with `?`.
    pub async fn export_members(&self, token: &str, query: &str) -> Response {
        self.get_as(&format!("{}{query}", paths::MEMBERS_EXPORT), token)
            .await
    }

    /// `GET /members`; `query` is empty or starts with `?`.
    pub async fn list_members(&self, token: &str, query: &str) -> Response {
        self.get_as(&format!("{}{query}", paths::MEMBERS), token)
            .await
    }

    pub async fn create_member(&self, token: &str, body: Value) -> Response {
        self.post_as(paths::MEMBERS, Some(token), body).await
    }

    /// [`TestApp::create_member`] that must answer 201: the created member.
    pub async fn created_member(&self, token: &str, body: Value) -> Value {
        self.create(paths::MEMBERS, token, body).await
    }

    pub async fn get_member(&self, token: &str, id: &str) -> Response {
        self.get_as(&paths::member(id), token).await
    }

    pub async fn update_member(&self, token: &str, id: &str, body: Value) -> Response {
        self.patch_as(&paths::member(id), token, body).await
    }

    /// `POST /members/{id}/password-reset`.
    pub async fn reset_member_password(&self, token: &str, id: &str) -> Response {
        self.post_as(&paths::member_password_reset(id), Some(token), json!({}))
            .await
    }
}

/// Positions: one method per endpoint, so that a path is spelled once ([`paths`]) and a route
/// change is one edit.
impl TestApp {
    /// `GET /members/{id}/positions`.
    pub async fn list_member_positions(&self, token: &str, member_id: &str) -> Response {
        self.get_as(&paths::member_positions(member_id), token)
            .await
    }

    /// `POST /members/{id}/positions`.
    pub async fn create_position(&self, token: &str, member_id: &str, body: Value) -> Response {
        self.post_as(&paths::member_positions(member_id), Some(token), body)
            .await
    }

    /// [`TestApp::create_position`] that must answer 201: the created position.
    pub async fn created_position(&self, token: &str, member_id: &str, body: Value) -> Value {
        self.create(&paths::member_positions(member_id), token, body)
            .await
    }

    /// `DELETE /positions/{id}`.
    #[expect(
        dead_code,
        reason = "only the access matrix ends positions, from its table"
    )]
    pub async fn end_position(&self, token: &str, id: &str) -> Response {
        self.call(Method::DELETE, &paths::position(id), Some(token), None)
            .await
    }
}

/// The audit trail: one method, so that its path is spelled once ([`paths`]) and a route
/// change is one edit.
impl TestApp {
    /// `GET /audit`; `query` is empty or starts with `?`.
    pub async fn list_audit_events(&self, token: &str, query: &str) -> Response {
        self.get_as(&format!("{}{query}", paths::AUDIT), token)
            .await
    }
}
