//! Cursor pagination, the same for every list: `?limit=` (1-100, default 20) and `?cursor=`
//! (opaque), answered `{items, next_cursor}`.
//!
//! A cursor names the last item's place in the list's order, never an offset, so a page stays
//! the same when rows are added before it. Lists in creation order use the item's id, documents
//! their list key, members their name's sort key base64url encoded (it holds spaces and
//! punctuation), so that every cursor has the same alphabet.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
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
    #[param(min_length = 1, max_length = 2048, pattern = r"^[A-Za-z0-9_-]+$")]
    pub cursor: Option<String>,
}

/// The longest cursor: a member's sort key encoded, for the longest name of letters outside
/// the Vietnamese alphabet (eight bytes each in the key, a third more in base64).
const MAX_CURSOR_LEN: usize = 2_048;

/// A page's bounds, checked.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub limit: u32,
    cursor: Option<String>,
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
        let well_formed = |cursor: &str| {
            (1..=MAX_CURSOR_LEN).contains(&cursor.len())
                && cursor
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        if self.cursor.as_deref().is_some_and(|c| !well_formed(c)) {
            return Err(invalid_cursor());
        }
        Ok(PageRequest {
            limit,
            cursor: self.cursor.clone(),
        })
    }
}

fn invalid_cursor() -> ApiError {
    ApiError::invalid(
        "cursor",
        Invalid::new(
            "invalid_format",
            "cursor không hợp lệ.",
            "The cursor is not valid.",
        ),
    )
}

/// The cursor of a list ordered by `key`: the key, base64url encoded.
pub fn key_cursor(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(key)
}

impl PageRequest {
    /// For lists whose cursor is the last row's key as it is (ids, document list keys): the
    /// text after which the page starts. Any cursor of the allowed form is a place in the
    /// order, one from `next_cursor` or not.
    pub fn after_text(&self) -> Option<String> {
        self.cursor.clone()
    }

    /// For lists ordered by a key written with other characters (see [`key_cursor`]): the key
    /// after which the page starts. Keys are printable ASCII; a cursor that does not decode to
    /// such text (PostgreSQL could not even compare a NUL) is taken as written, which still
    /// names a place in the order.
    pub fn after_key(&self) -> Option<String> {
        self.cursor.as_deref().map(|cursor| {
            URL_SAFE_NO_PAD
                .decode(cursor)
                .ok()
                .filter(|bytes| bytes.iter().all(|b| (0x20..=0x7e).contains(b)))
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .unwrap_or_else(|| cursor.to_owned())
        })
    }

    /// Rows to fetch: one more than the page, to know whether another page follows.
    pub fn fetch_limit(&self) -> i64 {
        i64::from(self.limit) + 1
    }

    /// Cuts the extra row off and names the cursor of the next page.
    pub fn page<R, T>(
        &self,
        mut rows: Vec<R>,
        cursor_of: impl Fn(&R) -> String,
        to_item: impl FnMut(R) -> T,
    ) -> Page<T> {
        let more = rows.len() > self.limit as usize;
        rows.truncate(self.limit as usize);
        let next_cursor = if more {
            rows.last().map(&cursor_of)
        } else {
            None
        };
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
    /// Pass as `cursor` for the next page; null on the last page. Opaque: its form differs
    /// between lists and may change.
    #[schema(max_length = 2048, pattern = r"^[A-Za-z0-9_-]+$")]
    pub next_cursor: Option<String>,
}
