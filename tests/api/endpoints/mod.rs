//! `TestApp`: one method per endpoint of the API. Tests call these rather than build paths, so
//! that each path is spelled once ([`paths`]) and a route that changes is one edit, not a hunt
//! through the suite. Each method takes what varies (the caller's token, ids, a query string
//! that is empty or starts with `?`, a JSON body) and returns the response to assert on.
//!
//! Requests that are malformed on purpose (raw bytes, unknown routes, wrong methods, odd paths)
//! stay in their tests, as does the access matrix, whose table of (method, path) rows is data.

pub mod paths;

mod campaigns;
mod documents;
mod members;
mod orgs;
mod phone;
mod plans;
mod sessions;

use reqwest::{Method, Response};
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// Service endpoints: one method each, so that a path is spelled once ([`paths`]) and a route
/// change is one edit.
impl TestApp {
    pub async fn health_live(&self) -> Response {
        self.get(paths::HEALTH_LIVE).await
    }

    pub async fn health_ready(&self) -> Response {
        self.get(paths::HEALTH_READY).await
    }

    pub async fn metrics(&self) -> Response {
        self.get(paths::METRICS).await
    }

    pub async fn meta(&self) -> Response {
        self.get(paths::META).await
    }

    /// The OpenAPI document the server serves (not an operation of its own).
    pub async fn openapi_json(&self) -> Response {
        self.get(paths::OPENAPI_JSON).await
    }
}

/// Sessions and the caller's own account: one method per endpoint, so that a path is spelled
/// once ([`paths`]) and a route change is one edit. Logging in is `TestApp::login` in
/// helpers.rs, which the timing binary shares.
impl TestApp {
    /// `POST /auth/refresh`: no token, the refresh token in `body`.
    pub async fn refresh(&self, body: Value) -> Response {
        self.post_as(paths::REFRESH, None, body).await
    }

    /// `POST /auth/logout`: no token, the refresh token in `body`.
    pub async fn logout(&self, body: Value) -> Response {
        self.post_as(paths::LOGOUT, None, body).await
    }

    /// `POST /auth/logout-all`: ends every session of the caller.
    pub async fn logout_all(&self, token: &str) -> Response {
        self.post_as(paths::LOGOUT_ALL, Some(token), json!({}))
            .await
    }

    pub async fn get_me(&self, token: &str) -> Response {
        self.get_as(paths::ME, token).await
    }

    /// `PUT /me/password`.
    pub async fn change_my_password(&self, token: &str, body: Value) -> Response {
        self.call(Method::PUT, paths::MY_PASSWORD, Some(token), Some(&body))
            .await
    }
}
