//! Offline sync: the check-ins a phone kept while it had no signal, all in one transaction and
//! a few statements for the whole sync (the sessions it names, the member's entries of them,
//! the receipts, the new entries, their history and the audit events), not several per item.
//!
//! Each item is answered on its own: a forged token, another session's, one shown outside the
//! window or a malformed item refuses that item only, and a refusal writes nothing. A fault of
//! the server or the database fails the whole sync instead, so the phone sends it again, which
//! the receipts make safe.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use sotay_domain::ids::SessionId;
use sotay_persistence::sessions::{self, AttendanceChangeRow, AttendanceRow, ReceiptRow};
use sotay_persistence::{DbConnection, clock};

use super::check_ins::{
    CheckIn, CheckInAnswer, Decision, answer_of, check_client_id, checked_in, client_id_reused,
    decide, digest_of, replayed,
};
use super::{Visible, visible_session};
use crate::app::Signed;
use crate::app::audit;
use crate::error::ApiError;

/// The most check-ins one offline sync carries.
pub const MAX_BATCH_ITEMS: usize = 500;

/// An item that passed every check and claims its receipt with `decision.answer`.
struct Planned<'a> {
    index: usize,
    item: &'a CheckIn,
    digest: String,
    session: SessionId,
    decision: Decision,
    /// The entry it replaces (an absence), if any.
    from: Option<AttendanceRow>,
}

/// Checks in the items, answered in the order sent. Items are worked in the order of their
/// session and client id, so that two syncs meeting on the same rows take their locks in the
/// same order (PostgreSQL).
pub fn sync(
    connection: &mut DbConnection,
    signed: &Signed,
    items: Vec<Result<CheckIn, ApiError>>,
    request_id: &str,
) -> Result<Vec<Result<CheckInAnswer, ApiError>>, ApiError> {
    let member = &signed.member;
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&index| match &items[index] {
        Ok(item) => (0, item.session.as_str(), item.client_id.as_str()),
        Err(_) => (1, "", ""),
    });
    connection.write_transaction(|connection| {
        // Read once the transaction holds its lock: see `check_ins::check_in_at`.
        let now = clock::now();
        let loaded = load_sessions(connection, signed, &items)?;
        let ids: Vec<SessionId> = loaded
            .values()
            .filter_map(|visible| visible.as_ref().ok())
            .map(|visible| visible.stored.row.id)
            .collect();
        let mut entries: HashMap<SessionId, AttendanceRow> =
            sessions::entries_of_member(connection, member.id, &ids)?
                .into_iter()
                .map(|entry| (entry.session_id, entry))
                .collect();
        let mut answers: Vec<Option<Result<CheckInAnswer, ApiError>>> =
            (0..items.len()).map(|_| None).collect();
        let mut refused: Vec<(usize, String, ApiError)> = Vec::new();
        let mut repeats: Vec<(usize, usize)> = Vec::new();
        let mut planned: Vec<Planned<'_>> = Vec::new();
        let mut first_of: HashMap<&str, (usize, String)> = HashMap::new();
        for (index, item) in items.iter().enumerate() {
            if let Ok(item) = item {
                first_of
                    .entry(item.client_id.as_str())
                    .or_insert_with(|| (index, digest_of(item)));
            }
        }
        for index in order {
            let item = match &items[index] {
                Err(error) => {
                    answers[index] = Some(Err(error.clone()));
                    continue;
                }
                Ok(item) => item,
            };
            if let Err(error) = check_client_id(&item.client_id) {
                answers[index] = Some(Err(error));
                continue;
            }
            let digest = digest_of(item);
            // The same client id twice in one sync: the first sent is the check-in.
            match first_of.get(item.client_id.as_str()) {
                Some((first, _)) if *first == index => {}
                Some((first, first_digest)) if *first_digest == digest => {
                    repeats.push((index, *first));
                    continue;
                }
                _ => {
                    answers[index] = Some(Err(client_id_reused()));
                    continue;
                }
            }
            let decided = match loaded.get(item.session.as_str()) {
                Some(Ok(visible)) => {
                    let session = visible.stored.row.id;
                    decide(visible, member, item, entries.get(&session), now)
                        .map(|decision| (visible, session, decision))
                }
                Some(Err(error)) => Err(error.clone()),
                None => Err(ApiError::internal("a session of the sync was not loaded")),
            };
            match decided {
                Err(error) => refused.push((index, item.client_id.clone(), error)),
                Ok((visible, session, decision)) => {
                    let from = entries.get(&session).cloned();
                    // Later items of the same session see this one's entry.
                    if let Some(status) = decision.decided {
                        let entry = decision.scan.entry(visible, member, status);
                        entries.insert(session, entry);
                    }
                    planned.push(Planned {
                        index,
                        item,
                        digest,
                        session,
                        decision,
                        from,
                    });
                }
            }
        }
        let claimed = claim(connection, signed, &planned, now)?;
        // Refused items, and items whose receipt exists, may be resends: the receipts answer.
        let resent: Vec<&str> = refused
            .iter()
            .map(|(_, client_id, _)| client_id.as_str())
            .chain(
                planned
                    .iter()
                    .filter(|plan| !claimed.contains(&plan.item.client_id))
                    .map(|plan| plan.item.client_id.as_str()),
            )
            .collect();
        let receipts: HashMap<String, ReceiptRow> = if resent.is_empty() {
            HashMap::new()
        } else {
            sessions::receipts(connection, member.id, &resent)?
                .into_iter()
                .map(|receipt| (receipt.client_id.clone(), receipt))
                .collect()
        };
        for (index, client_id, error) in refused {
            let digest = items[index].as_ref().map(digest_of).unwrap_or_default();
            answers[index] = Some(match receipts.get(&client_id) {
                Some(receipt) => replayed(receipt, &digest),
                None => Err(error),
            });
        }
        let (mine, resends): (Vec<_>, Vec<_>) = planned
            .into_iter()
            .partition(|plan| claimed.contains(&plan.item.client_id));
        for plan in resends {
            answers[plan.index] = Some(match receipts.get(&plan.item.client_id) {
                Some(receipt) => replayed(receipt, &plan.digest),
                None => Err(ApiError::internal("a claimed receipt vanished")),
            });
        }
        for (index, answer) in write(connection, signed, &loaded, mine, request_id)? {
            answers[index] = Some(Ok(answer));
        }
        for (index, first) in repeats {
            answers[index] = answers[first].clone();
        }
        Ok(answers
            .into_iter()
            .map(|answer| answer.unwrap_or_else(|| Err(ApiError::internal("an item was skipped"))))
            .collect())
    })
}

/// Each session the items name, once, as this caller sees it (or why not).
fn load_sessions<'a>(
    connection: &mut DbConnection,
    signed: &Signed,
    items: &'a [Result<CheckIn, ApiError>],
) -> Result<HashMap<&'a str, Result<Visible, ApiError>>, ApiError> {
    let mut loaded = HashMap::new();
    for item in items.iter().flatten() {
        if loaded.contains_key(item.session.as_str()) {
            continue;
        }
        let visible = visible_session(connection, &signed.caller, &item.session);
        if let Err(fault) = &visible
            && fault.status() >= 500
        {
            return Err(fault.clone());
        }
        loaded.insert(item.session.as_str(), visible);
    }
    Ok(loaded)
}

/// Claims the receipts of the planned items, each with the answer it will give.
fn claim(
    connection: &mut DbConnection,
    signed: &Signed,
    planned: &[Planned<'_>],
    now: NaiveDateTime,
) -> Result<HashSet<String>, ApiError> {
    let receipts = planned
        .iter()
        .map(|plan| {
            Ok(ReceiptRow {
                member_id: signed.member.id,
                client_id: plan.item.client_id.clone(),
                session_id: plan.session,
                request_digest: plan.digest.clone(),
                outcome: serde_json::to_string(&plan.decision.answer)
                    .map_err(ApiError::internal)?,
                created_at: now,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(sessions::claim_receipts(
        connection,
        signed.member.id,
        &receipts,
    )?)
}

/// Writes the claimed items' entries, their history and audit events; answers each.
fn write(
    connection: &mut DbConnection,
    signed: &Signed,
    loaded: &HashMap<&str, Result<Visible, ApiError>>,
    mine: Vec<Planned<'_>>,
    request_id: &str,
) -> Result<Vec<(usize, CheckInAnswer)>, ApiError> {
    let member = &signed.member;
    let visible_of = |plan: &Planned<'_>| match loaded.get(plan.item.session.as_str()) {
        Some(Ok(visible)) => Ok(visible),
        _ => Err(ApiError::internal("a planned session was not loaded")),
    };
    let mut answers = Vec::with_capacity(mine.len());
    let mut fresh = Vec::new();
    let mut written: Vec<(&Planned<'_>, AttendanceRow)> = Vec::new();
    for plan in &mine {
        let Some(status) = plan.decision.decided else {
            answers.push((plan.index, plan.decision.answer.clone()));
            continue;
        };
        let entry = plan.decision.scan.entry(visible_of(plan)?, member, status);
        if plan.from.is_some() {
            sessions::update_entry(connection, &entry)?;
            written.push((plan, entry));
        } else {
            fresh.push((plan, entry));
        }
    }
    let rows: Vec<AttendanceRow> = fresh.iter().map(|(_, entry)| entry.clone()).collect();
    let added = sessions::insert_entries_if_absent(connection, member.id, &rows)?;
    for (plan, entry) in fresh {
        if added.contains(&entry.session_id) {
            written.push((plan, entry));
            continue;
        }
        // Another check-in of the member's got there first (a second phone): it stands.
        let visible = visible_of(plan)?;
        let first = sessions::entry(connection, entry.session_id, member.id)?;
        let answer = answer_of(first.as_ref(), visible, member, entry.method, false);
        let outcome = serde_json::to_string(&answer).map_err(ApiError::internal)?;
        sessions::settle_receipt(connection, member.id, &plan.item.client_id, &outcome)?;
        answers.push((plan.index, answer));
    }
    let changes: Vec<AttendanceChangeRow> = written
        .iter()
        .map(|(plan, entry)| {
            AttendanceChangeRow::leading_to(plan.from.as_ref().map(|e| e.status), entry)
        })
        .collect();
    sessions::insert_changes(connection, &changes)?;
    let mut events = Vec::with_capacity(written.len());
    for (plan, entry) in &written {
        let from = plan.from.as_ref().map(|e| e.status);
        let phone_clock = plan.decision.scan.phone_clock;
        let event = checked_in(
            signed,
            visible_of(plan)?,
            entry,
            from,
            phone_clock,
            request_id,
        );
        events.push(audit::row_of(event));
        answers.push((plan.index, plan.decision.answer.clone()));
    }
    audit::record_all(connection, &events)?;
    Ok(answers)
}
