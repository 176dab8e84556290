//! A member's feed, and marking it read. A member sees their own notifications only: another
//! member's answers 404, as one that does not exist.

use sotay_domain::ids::NotificationId;
use sotay_persistence::notifications::feed::{self, FeedRow};
use sotay_persistence::{DbConnection, clock};

use crate::app::Signed;
use crate::error::ApiError;

/// One page of the feed, and how many are unread in all.
pub struct Feed {
    pub rows: Vec<FeedRow>,
    pub unread_count: i64,
}

/// The caller's notifications, newest first, after `before` (a notification id; any text is a
/// place in the order), at most `limit`.
pub fn feed(
    connection: &mut DbConnection,
    signed: &Signed,
    unread_only: bool,
    before: Option<&str>,
    limit: i64,
) -> Result<Feed, ApiError> {
    // Two reads, no transaction: a notification arriving between them shows in the count a
    // moment before the page, which the next pull corrects.
    let member = signed.member.id;
    let rows = feed::page(connection, member, unread_only, before, limit)?;
    let unread_count = feed::unread_count(connection, member)?;
    Ok(Feed { rows, unread_count })
}

/// Marks one of the caller's notifications read; reading it again changes nothing.
pub fn mark_read(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
) -> Result<FeedRow, ApiError> {
    let id = NotificationId::from_text(id).ok_or(ApiError::NotFound)?;
    let member = signed.member.id;
    connection.write_transaction(|connection| {
        feed::mark_read(connection, member, id, clock::now())?;
        feed::one(connection, member, id)?.ok_or(ApiError::NotFound)
    })
}

/// Marks the caller's notifications read, up to `up_to` (the newest a phone showed) or all:
/// how many changed, and how many stay unread.
pub fn mark_all_read(
    connection: &mut DbConnection,
    signed: &Signed,
    up_to: Option<NotificationId>,
) -> Result<(usize, i64), ApiError> {
    let member = signed.member.id;
    connection.write_transaction(|connection| {
        let marked = feed::mark_all_read(connection, member, up_to, clock::now())?;
        let unread = feed::unread_count(connection, member)?;
        Ok((marked, unread))
    })
}
