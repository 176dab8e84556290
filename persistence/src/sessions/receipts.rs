//! Receipts of check-ins under the phone's own id for each (`client_id`): a resent check-in
//! finds its receipt and gets the first answer again.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sotay_domain::ids::{MemberId, SessionId};

use crate::connection::{DbConnection, on_each_backend};
use crate::schema::check_in_receipts;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = check_in_receipts)]
pub struct ReceiptRow {
    #[diesel(serialize_as = String)]
    pub member_id: MemberId,
    pub client_id: String,
    #[diesel(serialize_as = String)]
    pub session_id: SessionId,
    pub request_digest: String,
    pub outcome: String,
    pub created_at: NaiveDateTime,
}

/// Claims the client id for this check-in: `false` when a receipt exists (on PostgreSQL, after
/// waiting for a concurrent claim of the same id to commit or roll back).
pub fn claim_receipt(connection: &mut DbConnection, receipt: &ReceiptRow) -> QueryResult<bool> {
    let inserted = on_each_backend!(connection, |inner| diesel::insert_into(
        check_in_receipts::table
    )
    .values(receipt.clone())
    .on_conflict_do_nothing()
    .execute(inner))?;
    Ok(inserted == 1)
}

pub fn receipt(
    connection: &mut DbConnection,
    member: MemberId,
    client_id: &str,
) -> QueryResult<Option<ReceiptRow>> {
    check_in_receipts::table
        .find((member.to_string(), client_id))
        .select(ReceiptRow::as_select())
        .first(connection)
        .optional()
}

/// The member's receipts among `client_ids` (a batch looks them all up at once).
pub fn receipts(
    connection: &mut DbConnection,
    member: MemberId,
    client_ids: &[&str],
) -> QueryResult<Vec<ReceiptRow>> {
    check_in_receipts::table
        .filter(check_in_receipts::member_id.eq(member.to_string()))
        .filter(check_in_receipts::client_id.eq_any(client_ids))
        .select(ReceiptRow::as_select())
        .load(connection)
}

/// Writes the answer a claimed receipt gives from now on.
pub fn settle_receipt(
    connection: &mut DbConnection,
    member: MemberId,
    client_id: &str,
    outcome: &str,
) -> QueryResult<usize> {
    diesel::update(check_in_receipts::table.find((member.to_string(), client_id)))
        .set(check_in_receipts::outcome.eq(outcome))
        .execute(connection)
}
