//! What the phone app needs: notifications, devices, the party card, sync.

use reqwest::{Method, Response};
use serde_json::{Value, json};

use super::paths;
use crate::helpers::TestApp;

/// Phone endpoints: one method each.
impl TestApp {
    /// `GET /me/notifications`; `query` is empty or starts with `?`.
    pub async fn list_notifications(&self, token: &str, query: &str) -> Response {
        self.get_as(&format!("{}{query}", paths::MY_NOTIFICATIONS), token)
            .await
    }

    /// [`TestApp::list_notifications`] that must answer 200: the page.
    pub async fn notifications(&self, token: &str, query: &str) -> Value {
        let response = self.list_notifications(token, query).await;
        assert_eq!(response.status().as_u16(), 200);
        response.json().await.unwrap()
    }

    pub async fn read_notification(&self, token: &str, id: &str) -> Response {
        self.post_as(&paths::notification_read(id), Some(token), json!({}))
            .await
    }

    /// `POST /me/notifications/read-all`; `query` is empty or starts with `?`.
    pub async fn read_all_notifications(&self, token: &str, query: &str) -> Response {
        let path = format!("{}{query}", paths::MY_NOTIFICATIONS_READ_ALL);
        self.call(Method::POST, &path, Some(token), None).await
    }

    pub async fn register_device(&self, token: &str, body: Value) -> Response {
        self.post_as(paths::MY_DEVICES, Some(token), body).await
    }

    pub async fn forget_device(&self, token: &str, id: &str) -> Response {
        self.call(Method::DELETE, &paths::my_device(id), Some(token), None)
            .await
    }

    pub async fn my_card(&self, token: &str) -> Response {
        self.get_as(paths::MY_CARD, token).await
    }

    pub async fn verify_card(&self, token: &str, credential: &str) -> Response {
        self.post_as(
            paths::CARDS_VERIFY,
            Some(token),
            json!({"credential": credential}),
        )
        .await
    }

    pub async fn card_keys(&self) -> Response {
        self.get(paths::CARD_KEYS).await
    }

    /// `GET /me/sync`; `query` is empty or starts with `?`.
    pub async fn sync(&self, token: &str, query: &str) -> Response {
        self.get_as(&format!("{}{query}", paths::MY_SYNC), token)
            .await
    }
}
