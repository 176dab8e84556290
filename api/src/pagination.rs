//! Cursor pagination, the same for every list: `?limit=` (1-100, default 20) and `?cursor=`
//! (opaque: the last item's id), answered `{items, next_cursor}`.

use serde::{Deserialize, Serialize};
use sotay_domain::Invalid;
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;

pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 100;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page, 1 to 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(format = Uuid)]
    pub cursor: Option<String>,
}

/// A page's bounds, checked.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub limit: u32,
    pub after: Option<String>,
}

impl PageQuery {
    pub fn checked(&self) -> Result<PageRequest, ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::invalid(
                "limit",
                Invalid::new(
                    "out_of_range",
                    format!("limit phải từ 1 đến {MAX_LIMIT}."),
                    format!("limit must be from 1 to {MAX_LIMIT}."),
                ),
            ));
        }
        let after = match &self.cursor {
            None => None,
            Some(cursor) if uuid::Uuid::parse_str(cursor).is_ok() => Some(cursor.clone()),
            Some(_) => {
                return Err(ApiError::invalid(
                    "cursor",
                    Invalid::new(
                        "invalid_format",
                        "cursor không hợp lệ.",
                        "The cursor is not valid.",
                    ),
                ));
            }
        };
        Ok(PageRequest { limit, after })
    }
}

impl PageRequest {
    /// Rows to fetch: one more than the page, to know whether another page follows.
    pub fn fetch_limit(&self) -> i64 {
        i64::from(self.limit) + 1
    }

    /// Cuts the extra row off and names the cursor of the next page.
    pub fn page<R, T>(
        &self,
        mut rows: Vec<R>,
        id: impl Fn(&R) -> String,
        to_item: impl FnMut(R) -> T,
    ) -> Page<T> {
        let more = rows.len() > self.limit as usize;
        rows.truncate(self.limit as usize);
        let next_cursor = if more { rows.last().map(&id) } else { None };
        Page {
            items: rows.into_iter().map(to_item).collect(),
            next_cursor,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    #[schema(max_items = 100)]
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; null on the last page.
    #[schema(format = Uuid)]
    pub next_cursor: Option<String>,
}
