//! A member's attendance across sessions, and how many they missed without a reason in the
//! last twelve months (three lead to removal proceedings, QĐ 24-QĐ/TW).

use chrono::TimeDelta;
use sotay_domain::access::Visibility;
use sotay_persistence::sessions::{self, HistoryRow};
use sotay_persistence::{DbConnection, clock};

use crate::app::Signed;
use crate::app::members::visible_member;
use crate::error::ApiError;

pub struct MemberHistory {
    pub rows: Vec<HistoryRow>,
    /// Unexcused absences at sessions that started in the last 365 days.
    pub unexcused_last_12_months: i64,
}

/// One page of the member's attendance, newest first: for the member and those who manage
/// them (it is a disciplinary record); 403 to a colleague, 404 to whoever may not see them.
pub fn of_member(
    connection: &mut DbConnection,
    signed: &Signed,
    member_id: &str,
    after: Option<&str>,
    limit: i64,
) -> Result<MemberHistory, ApiError> {
    connection.read_transaction(|connection| {
        let (member, visibility) = visible_member(connection, &signed.caller, member_id)?;
        if visibility != Visibility::Full {
            return Err(ApiError::Forbidden);
        }
        let since = clock::now() - TimeDelta::days(365);
        Ok(MemberHistory {
            rows: sessions::history_of(connection, member.id, after, limit)?,
            unexcused_last_12_months: sessions::unexcused_since(connection, member.id, since)?,
        })
    })
}
