//! A phone's delta sync: in one response, what changed for the caller since their cursor —
//! the documents and sessions that reach them, their own attendance, plans, reflections and
//! notifications — with tombstones for what no longer reaches them, and the next cursor.
//!
//! A round reads a window of changes, (since, until], page by page; `until` is the safe end
//! ([`sync::safe_until`]), less the nodes' clock skew, so that a change committed late by a
//! transaction that began earlier is read by the next round rather than lost. With nothing
//! changed, the cursor comes back as it was sent: the same answer, so the same ETag.

use chrono::{Duration, NaiveDateTime};
use sotay_domain::document;
use sotay_domain::document::Structure;
use sotay_domain::notification::ObjectType;
use sotay_persistence::campaigns::ReflectionRow;
use sotay_persistence::documents::{DocumentRow, ReadRow};
use sotay_persistence::notifications::feed::{self, FeedRow};
use sotay_persistence::notifications::withdrawals;
use sotay_persistence::sessions::{AttendanceRow, RollMember, SessionRow};
use sotay_persistence::sync::{self, Window};
use sotay_persistence::{DbConnection, clock, stored};

use crate::app::Signed;
use crate::app::documents::ReaderTerms;
use crate::app::documents::reading::with_terms;
use crate::app::plans::{self, PlanView, Visible};
use crate::error::ApiError;

pub mod cursor;

use cursor::{COLLECTIONS, CursorRefusal, Position, Round, SyncCursor, instant, micros};

/// Rows per collection and page, unless the phone asks for fewer.
pub const DEFAULT_PAGE: i64 = 100;
pub const MAX_PAGE: i64 = 500;

/// What changed, one page of it.
pub struct Changes {
    pub documents: Vec<(DocumentRow, ReaderTerms, Structure)>,
    pub sessions: Vec<SessionRow>,
    pub attendance: Vec<AttendanceRow>,
    pub plans: Vec<PlanView>,
    pub reflections: Vec<ReflectionRow>,
    pub notifications: Vec<FeedRow>,
    /// The caller's own reads of documents (opened, acknowledged), from any device.
    pub reads: Vec<ReadRow>,
    /// Objects that no longer reach the caller: the phone drops them.
    pub tombstones: Vec<(ObjectType, String)>,
    pub unread_notifications: i64,
    /// The phone drops its copy: this round is the whole state.
    pub reset: bool,
    /// More pages of this round follow: call again with `cursor` at once.
    pub has_more: bool,
    pub cursor: String,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
            && self.sessions.is_empty()
            && self.attendance.is_empty()
            && self.plans.is_empty()
            && self.reflections.is_empty()
            && self.notifications.is_empty()
            && self.reads.is_empty()
            && self.tombstones.is_empty()
    }
}

/// The refusal of a cursor, as the API answers it.
pub fn refused(refusal: CursorRefusal) -> ApiError {
    let invalid = match refusal {
        CursorRefusal::Invalid => sotay_domain::Invalid::new(
            "invalid_cursor",
            "Con trỏ đồng bộ không hợp lệ: đồng bộ lại từ đầu (không gửi since).",
            "Not a sync cursor of this server: sync again from the start (without since).",
        ),
        CursorRefusal::Foreign => sotay_domain::Invalid::new(
            "foreign_cursor",
            "Con trỏ đồng bộ của tài khoản khác: đồng bộ lại từ đầu (không gửi since).",
            "Another account's sync cursor: sync again from the start (without since).",
        ),
    };
    ApiError::invalid("since", invalid)
}

/// One page of what changed for the caller since `since` (a cursor), at most `page` rows of
/// each collection. `skew` is how far the nodes' clocks may disagree.
pub fn changes(
    connection: &mut DbConnection,
    signed: &Signed,
    since: Option<&str>,
    page: i64,
    skew: Duration,
) -> Result<Changes, ApiError> {
    let member = signed.member.id;
    let sent = since
        .map(|text| SyncCursor::decode(text, member))
        .transpose()
        .map_err(refused)?;
    let readers: Vec<String> = document::reader_orgs(&signed.caller)
        .iter()
        .map(ToString::to_string)
        .collect();
    // The window's end, read before any snapshot is taken: a writer that commits between the
    // two is then either visible or seen open (see `sync::safe_until`).
    let until = sync::safe_until(connection, clock::now())? - skew;
    if let Some(cursor) = sent.as_ref().filter(|cursor| cursor.round.is_none()) {
        // The common case, a phone asking again: one probe, without a transaction or a lock.
        // Nothing changed, the cursor goes back as it came (never moved on, so nothing is
        // skipped even if a writer is half-way through).
        let since = instant(cursor.until).unwrap_or_default();
        let unchanged = micros(until) <= cursor.until
            || !sync::anything_changed(connection, member, &readers, since, until)?;
        if unchanged {
            return empty(connection, signed, cursor.clone());
        }
    }
    // SQLite: under the write lock, so that no writer is half-way through a change the window
    // would miss; the end is the clock read there. PostgreSQL: one snapshot for every
    // collection.
    if matches!(connection, DbConnection::Sqlite(_)) {
        connection.write_transaction(|connection| {
            let until = clock::now() - skew;
            read_page(connection, signed, &readers, sent, page, until)
        })
    } else {
        connection.read_transaction(|connection| {
            read_page(connection, signed, &readers, sent, page, until)
        })
    }
}

fn read_page(
    connection: &mut DbConnection,
    signed: &Signed,
    readers: &[String],
    sent: Option<SyncCursor>,
    page: i64,
    until: NaiveDateTime,
) -> Result<Changes, ApiError> {
    let member = signed.member.id;
    let window_end = until;
    let until = micros(until);
    let (round, first_page) = match sent.clone() {
        None => (fresh_round(None, until, true), true),
        Some(SyncCursor {
            round: Some(round), ..
        }) => (round, false),
        Some(cursor) => {
            let since = instant(cursor.until).unwrap_or_default();
            if sync::member_changed(connection, member, since)? {
                (fresh_round(None, until, true), true)
            } else {
                (fresh_round(Some(cursor.until), until, false), true)
            }
        }
    };
    let since = round.since.and_then(instant);
    let window_until = instant(round.until).unwrap_or_default();
    let mut positions = round.positions.clone();
    let mut pages = Pages {
        since,
        until: window_until,
        page,
        positions: &mut positions,
    };
    let documents = pages.read(
        0,
        |w| sync::documents(connection, readers, w),
        |row| (row.updated_at, row.id.to_string()),
    )?;
    let sessions = pages.read(
        1,
        |w| sync::sessions(connection, readers, w),
        |row| (row.updated_at, row.id.to_string()),
    )?;
    let attendance = pages.read(
        2,
        |w| sync::attendance(connection, member, w),
        |row| (row.recorded_at, row.session_id.to_string()),
    )?;
    let plan_rows = pages.read(
        3,
        |w| sync::plans(connection, member, w),
        |row| (row.updated_at, row.id.to_string()),
    )?;
    let reflections = pages.read(
        4,
        |w| sync::reflections(connection, member, w),
        |row| (row.updated_at, row.id.to_string()),
    )?;
    let notifications = pages.read(
        5,
        |w| sync::notifications(connection, member, w),
        |row| (row.updated_at, row.event.id.to_string()),
    )?;
    let reads = pages.read(
        6,
        |w| sync::reads(connection, member, w),
        |row| {
            // What `changed_at` holds: the acknowledgement, else the first open.
            (row.acknowledged_at.unwrap_or(row.opened_at), row.id.clone())
        },
    )?;
    let has_more = positions
        .iter()
        .any(|position| position != &Position::Done(true));

    let tombstones = match (first_page, since, round.reset) {
        (true, Some(since), false) => withdrawn_sessions(connection, readers, since)?,
        _ => Vec::new(),
    };
    if tombstones.len() > usize::try_from(MAX_PAGE).unwrap_or(usize::MAX) {
        // More withdrawn than an answer holds: the whole state is shorter to send.
        return read_page(connection, signed, readers, None, page, window_end);
    }
    let documents = with_terms(connection, &signed.caller, documents)?
        .into_iter()
        .map(|(row, terms)| {
            let structure =
                stored::structure_of(row.structure.as_deref()).map_err(ApiError::internal)?;
            Ok((row, terms, structure))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let owner = own_roll_member(signed);
    let plans = plan_rows
        .into_iter()
        .map(|plan| {
            let visible = Visible {
                plan,
                owner: owner.clone(),
                owns: true,
            };
            plans::view_of(connection, visible)
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let next = SyncCursor {
        version: 1,
        member: member.to_string(),
        until: round.until,
        round: has_more.then(|| Round {
            positions,
            ..round.clone()
        }),
    };
    let mut changes = Changes {
        documents,
        sessions,
        attendance,
        plans,
        reflections,
        notifications,
        reads,
        tombstones,
        unread_notifications: feed::unread_count(connection, member)?,
        reset: round.reset,
        has_more,
        cursor: next.encode(),
    };
    // Nothing changed since a finished round: the cursor goes back as it came, so the answer
    // (and its ETag) is the same until something changes.
    if let Some(sent) = sent.filter(|sent| sent.round.is_none())
        && !changes.reset
        && !changes.has_more
        && changes.is_empty()
    {
        changes.cursor = sent.encode();
    }
    Ok(changes)
}

fn fresh_round(since: Option<i64>, until: i64, reset: bool) -> Round {
    Round {
        since,
        until,
        reset,
        positions: vec![Position::Done(false); COLLECTIONS],
    }
}

/// Nothing changed: the cursor back as it came, with the unread count.
fn empty(
    connection: &mut DbConnection,
    signed: &Signed,
    cursor: SyncCursor,
) -> Result<Changes, ApiError> {
    Ok(Changes {
        documents: Vec::new(),
        sessions: Vec::new(),
        attendance: Vec::new(),
        plans: Vec::new(),
        reflections: Vec::new(),
        notifications: Vec::new(),
        reads: Vec::new(),
        tombstones: Vec::new(),
        unread_notifications: feed::unread_count(connection, signed.member.id)?,
        reset: false,
        has_more: false,
        cursor: cursor.encode(),
    })
}

/// Sessions withdrawn from one of the caller's organisations since `since` that no longer
/// reach them another way.
fn withdrawn_sessions(
    connection: &mut DbConnection,
    readers: &[String],
    since: NaiveDateTime,
) -> Result<Vec<(ObjectType, String)>, ApiError> {
    let withdrawn = withdrawals::since(connection, ObjectType::Session, readers, since)?;
    if withdrawn.is_empty() {
        return Ok(Vec::new());
    }
    let still = sync::sessions_reaching(connection, readers, &withdrawn)?;
    Ok(withdrawn
        .into_iter()
        .filter(|id| !still.contains(id))
        .map(|id| (ObjectType::Session, id))
        .collect())
}

fn own_roll_member(signed: &Signed) -> RollMember {
    let member = &signed.member;
    RollMember {
        id: member.id,
        full_name: member.full_name.clone(),
        card_number: member.card_number.clone(),
        sort_key: member.sort_key.clone(),
        party_status: member.party_status,
        activity_status: member.activity_status,
        org_id: member.org_id,
        org_path: member.org_path.clone(),
        attached_org_id: member.attached_org_id,
        attached_org_path: member.attached_org_path.clone(),
    }
}

/// The pages of one round: each collection read from where it stands, one more row than the
/// page to know whether it is done.
struct Pages<'a> {
    since: Option<NaiveDateTime>,
    until: NaiveDateTime,
    page: i64,
    positions: &'a mut Vec<Position>,
}

impl Pages<'_> {
    fn read<R>(
        &mut self,
        index: usize,
        load: impl FnOnce(&Window<'_>) -> sotay_persistence::diesel_error::QueryResult<Vec<R>>,
        key: impl Fn(&R) -> (NaiveDateTime, String),
    ) -> Result<Vec<R>, ApiError> {
        let after = match &self.positions[index] {
            Position::Done(true) => return Ok(Vec::new()),
            Position::Done(false) => None,
            Position::After(at, id) => Some((instant(*at).unwrap_or_default(), id.clone())),
        };
        let window = Window {
            since: self.since,
            until: self.until,
            after: after.as_ref().map(|(at, id)| (*at, id.as_str())),
            limit: self.page + 1,
        };
        let mut rows = load(&window)?;
        let more = rows.len() as i64 > self.page;
        rows.truncate(usize::try_from(self.page).unwrap_or(usize::MAX));
        self.positions[index] = match rows.last() {
            Some(last) if more => {
                let (at, id) = key(last);
                Position::After(micros(at), id)
            }
            _ => Position::Done(true),
        };
        Ok(rows)
    }
}
