//! Personal action plans.

use reqwest::{Method, Response};
use serde_json::{Value, json};

use super::paths;
use crate::helpers::TestApp;

/// Action plans: one method per endpoint.
impl TestApp {
    /// `GET /action-plans`; `query` is empty or starts with `?`.
    pub async fn list_action_plans(&self, token: &str, query: &str) -> Response {
        self.get_as(&format!("{}{query}", paths::ACTION_PLANS), token)
            .await
    }

    pub async fn create_action_plan(&self, token: &str, body: Value) -> Response {
        self.post_as(paths::ACTION_PLANS, Some(token), body).await
    }

    /// [`TestApp::create_action_plan`] that must answer 201: the created plan.
    pub async fn created_action_plan(&self, token: &str, body: Value) -> Value {
        self.create(paths::ACTION_PLANS, token, body).await
    }

    pub async fn get_action_plan(&self, token: &str, id: &str) -> Response {
        self.get_as(&paths::action_plan(id), token).await
    }

    pub async fn update_action_plan(&self, token: &str, id: &str, body: Value) -> Response {
        self.patch_as(&paths::action_plan(id), token, body).await
    }

    pub async fn add_plan_item(&self, token: &str, id: &str, body: Value) -> Response {
        self.post_as(&paths::plan_items(id), Some(token), body)
            .await
    }

    pub async fn update_plan_item(
        &self,
        token: &str,
        id: &str,
        item_id: &str,
        body: Value,
    ) -> Response {
        self.patch_as(&paths::plan_item(id, item_id), token, body)
            .await
    }

    pub async fn delete_plan_item(&self, token: &str, id: &str, item_id: &str) -> Response {
        let path = paths::plan_item(id, item_id);
        self.call(Method::DELETE, &path, Some(token), None).await
    }

    pub async fn report_progress(
        &self,
        token: &str,
        id: &str,
        item_id: &str,
        body: Value,
    ) -> Response {
        self.post_as(&paths::plan_item_progress(id, item_id), Some(token), body)
            .await
    }

    pub async fn submit_action_plan(&self, token: &str, id: &str) -> Response {
        self.post_as(&paths::plan_submit(id), Some(token), json!({}))
            .await
    }

    pub async fn review_action_plan(&self, token: &str, id: &str, body: Value) -> Response {
        self.post_as(&paths::plan_review(id), Some(token), body)
            .await
    }

    /// `GET /documents/{id}/plan-rollup`; `query` is empty or starts with `?`.
    pub async fn plan_rollup(&self, token: &str, document_id: &str, query: &str) -> Response {
        let path = format!("{}{query}", paths::plan_rollup(document_id));
        self.get_as(&path, token).await
    }
}
