//! Organisations.

use reqwest::{Method, Response};
use serde_json::Value;

use super::paths;
use crate::helpers::TestApp;

/// Organisations: one method per endpoint, so that a path is spelled once ([`paths`]) and a
/// route change is one edit.
impl TestApp {
    /// `GET /orgs`; `query` is empty or starts with `?`.
    pub async fn list_orgs(&self, token: &str, query: &str) -> Response {
        self.get_as(&format!("{}{query}", paths::ORGS), token).await
    }

    pub async fn create_org(&self, token: &str, body: Value) -> Response {
        self.post_as(paths::ORGS, Some(token), body).await
    }

    /// [`TestApp::create_org`] that must answer 201: the created organisation.
    pub async fn created_org(&self, token: &str, body: Value) -> Value {
        self.create(paths::ORGS, token, body).await
    }

    pub async fn get_org(&self, token: &str, id: &str) -> Response {
        self.get_as(&paths::org(id), token).await
    }

    pub async fn update_org(&self, token: &str, id: &str, body: Value) -> Response {
        self.patch_as(&paths::org(id), token, body).await
    }

    pub async fn delete_org(&self, token: &str, id: &str) -> Response {
        self.call(Method::DELETE, &paths::org(id), Some(token), None)
            .await
    }
}
