//! An offline sync's writes, a statement for many rows: the member's entries of the sessions it
//! names, the receipts it claims, the entries it adds.
//!
//! PostgreSQL takes them with `ON CONFLICT DO NOTHING … RETURNING`, which also waits for a
//! concurrent transaction writing the same keys. SQLite cannot through diesel's batch insert,
//! and need not: `BEGIN IMMEDIATE` serialises writers, so what is not there when read cannot
//! appear before this transaction commits; it reads first and inserts the rest.

use std::collections::HashSet;

use diesel::prelude::*;
use sotay_domain::ids::{MemberId, SessionId};

use super::roll::AttendanceRecord;
use super::{AttendanceRow, ReceiptRow};
use crate::connection::DbConnection;
use crate::schema::{attendances, check_in_receipts};

/// The member's entries of `sessions`.
pub fn entries_of_member(
    connection: &mut DbConnection,
    member: MemberId,
    sessions: &[SessionId],
) -> QueryResult<Vec<AttendanceRow>> {
    let sessions: Vec<String> = sessions.iter().map(SessionId::to_string).collect();
    attendances::table
        .filter(attendances::member_id.eq(member.to_string()))
        .filter(attendances::session_id.eq_any(sessions))
        .select(AttendanceRow::as_select())
        .load(connection)
}

/// Claims the receipts' client ids, one member's: the ids claimed now (the others have a
/// receipt already, or, on PostgreSQL, one a concurrent transaction just committed).
pub fn claim_receipts(
    connection: &mut DbConnection,
    member: MemberId,
    receipts: &[ReceiptRow],
) -> QueryResult<HashSet<String>> {
    let mut claimed = HashSet::new();
    for chunk in receipts.chunks(500) {
        match connection {
            DbConnection::Postgresql(inner) => {
                let ids: Vec<String> = diesel::insert_into(check_in_receipts::table)
                    .values(chunk.to_vec())
                    .on_conflict_do_nothing()
                    .returning(check_in_receipts::client_id)
                    .get_results(inner)?;
                claimed.extend(ids);
            }
            DbConnection::Sqlite(inner) => {
                let asked: Vec<&str> = chunk.iter().map(|r| r.client_id.as_str()).collect();
                let taken: HashSet<String> = check_in_receipts::table
                    .filter(check_in_receipts::member_id.eq(member.to_string()))
                    .filter(check_in_receipts::client_id.eq_any(asked))
                    .select(check_in_receipts::client_id)
                    .load::<String>(inner)?
                    .into_iter()
                    .collect();
                let fresh: Vec<ReceiptRow> = chunk
                    .iter()
                    .filter(|receipt| !taken.contains(&receipt.client_id))
                    .cloned()
                    .collect();
                if !fresh.is_empty() {
                    diesel::insert_into(check_in_receipts::table)
                        .values(fresh.clone())
                        .execute(inner)?;
                }
                claimed.extend(fresh.into_iter().map(|receipt| receipt.client_id));
            }
        }
    }
    Ok(claimed)
}

/// Adds first entries, one member's: the sessions whose entry was added (the others have one
/// already, written meanwhile by another check-in of the member's).
pub fn insert_entries_if_absent(
    connection: &mut DbConnection,
    member: MemberId,
    entries: &[AttendanceRow],
) -> QueryResult<HashSet<SessionId>> {
    let mut added = HashSet::new();
    for chunk in entries.chunks(500) {
        let records: Vec<AttendanceRecord> = chunk.iter().map(Into::into).collect();
        match connection {
            DbConnection::Postgresql(inner) => {
                let ids: Vec<String> = diesel::insert_into(attendances::table)
                    .values(records)
                    .on_conflict_do_nothing()
                    .returning(attendances::session_id)
                    .get_results(inner)?;
                added.extend(ids.iter().filter_map(|id| id.parse::<SessionId>().ok()));
            }
            DbConnection::Sqlite(inner) => {
                let sessions: Vec<String> = chunk
                    .iter()
                    .map(|entry| entry.session_id.to_string())
                    .collect();
                let taken: HashSet<String> = attendances::table
                    .filter(attendances::member_id.eq(member.to_string()))
                    .filter(attendances::session_id.eq_any(sessions))
                    .select(attendances::session_id)
                    .load::<String>(inner)?
                    .into_iter()
                    .collect();
                let fresh: Vec<AttendanceRecord> = records
                    .into_iter()
                    .filter(|record| !taken.contains(&record.session_id))
                    .collect();
                if !fresh.is_empty() {
                    diesel::insert_into(attendances::table)
                        .values(fresh.clone())
                        .execute(inner)?;
                }
                added.extend(
                    fresh
                        .iter()
                        .filter_map(|record| record.session_id.parse::<SessionId>().ok()),
                );
            }
        }
    }
    Ok(added)
}
