//! The feed's query and answers.

use serde::{Deserialize, Serialize};
use sotay_domain::ids::NotificationId;
use sotay_domain::validation::Invalid;
use utoipa::{IntoParams, ToSchema};

use crate::dto::notifications::NotificationResponse;
use crate::error::ApiError;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// Only unread notifications.
    pub unread: Option<bool>,
}

/// One page of the feed, newest first, and how many are unread in all (the badge).
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedPage {
    #[schema(max_items = 100)]
    pub items: Vec<NotificationResponse>,
    /// Pass as `cursor` for the next page; null on the last page.
    #[schema(max_length = 2048, pattern = r"^[A-Za-z0-9_-]+$")]
    pub next_cursor: Option<String>,
    #[schema(minimum = 0, maximum = 100000000)]
    pub unread_count: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReadAllQuery {
    /// The newest notification the phone showed: those up to it are marked read, and one that
    /// arrived meanwhile stays unread. All when absent.
    #[param(format = Uuid)]
    pub up_to: Option<String>,
}

impl ReadAllQuery {
    pub fn up_to(&self) -> Result<Option<NotificationId>, ApiError> {
        self.up_to
            .as_deref()
            .map(|raw| {
                NotificationId::from_text(raw).ok_or_else(|| {
                    ApiError::invalid(
                        "up_to",
                        Invalid::new(
                            "invalid_id",
                            "Mã thông báo không hợp lệ.",
                            "Not a notification id.",
                        ),
                    )
                })
            })
            .transpose()
    }
}

/// What marking read changed.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"marked": 3, "unread_count": 0}))]
pub struct ReadAllResponse {
    /// Notifications marked read now.
    #[schema(minimum = 0, maximum = 100000000)]
    pub marked: u64,
    /// Unread after it.
    #[schema(minimum = 0, maximum = 100000000)]
    pub unread_count: i64,
}
