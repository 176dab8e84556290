//! Study campaigns and reflections.

use reqwest::{Method, Response};
use serde_json::Value;

use super::paths;
use crate::helpers::TestApp;

/// Campaigns and reflections: one method per endpoint.
impl TestApp {
    /// `GET /campaigns`; `query` is empty or starts with `?`.
    pub async fn list_campaigns(&self, token: &str, query: &str) -> Response {
        self.get_as(&format!("{}{query}", paths::CAMPAIGNS), token)
            .await
    }

    pub async fn create_campaign(&self, token: &str, body: Value) -> Response {
        self.post_as(paths::CAMPAIGNS, Some(token), body).await
    }

    /// [`TestApp::create_campaign`] that must answer 201: the created campaign.
    pub async fn created_campaign(&self, token: &str, body: Value) -> Value {
        self.create(paths::CAMPAIGNS, token, body).await
    }

    pub async fn get_campaign(&self, token: &str, id: &str) -> Response {
        self.get_as(&paths::campaign(id), token).await
    }

    pub async fn update_campaign(&self, token: &str, id: &str, body: Value) -> Response {
        self.patch_as(&paths::campaign(id), token, body).await
    }

    /// `GET /campaigns/{id}/progress`; `query` is empty or starts with `?`.
    pub async fn campaign_progress(&self, token: &str, id: &str, query: &str) -> Response {
        let path = format!("{}{query}", paths::campaign_progress(id));
        self.get_as(&path, token).await
    }

    /// The progress report as `Accept: text/csv` gets it.
    pub async fn campaign_progress_csv(&self, token: &str, id: &str, query: &str) -> String {
        let path = format!("{}{query}", paths::campaign_progress(id));
        self.get_csv(&path, token).await
    }

    pub async fn own_reflection(&self, token: &str, campaign_id: &str) -> Response {
        self.get_as(&paths::own_reflection(campaign_id), token)
            .await
    }

    pub async fn write_reflection(&self, token: &str, campaign_id: &str, body: Value) -> Response {
        let path = paths::own_reflection(campaign_id);
        self.call(Method::PUT, &path, Some(token), Some(&body))
            .await
    }

    /// `GET /campaigns/{id}/reflections`; `query` is empty or starts with `?`.
    pub async fn list_reflections(&self, token: &str, campaign_id: &str, query: &str) -> Response {
        let path = format!("{}{query}", paths::campaign_reflections(campaign_id));
        self.get_as(&path, token).await
    }

    pub async fn review_reflection(&self, token: &str, id: &str, body: Value) -> Response {
        self.post_as(&paths::reflection_review(id), Some(token), body)
            .await
    }
}
