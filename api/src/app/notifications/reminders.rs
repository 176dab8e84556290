//! The reminder pass: what the server raises itself, at a given instant. The background task
//! runs it every interval with the clock; `sotay remind --at` and the tests run it with the
//! instant they choose. Each reminder has a dedupe key, so passes on several nodes, or run
//! again, raise it once.

use chrono::NaiveDateTime;
use sotay_domain::notification::{
    Notice, NotificationKind, ReminderPolicy, document_version_topic, end_of_local_day, local_date,
};
use sotay_persistence::notifications::Audience;
use sotay_persistence::notifications::reminders::{self, DueTarget, Upcoming};
use sotay_persistence::{DbConnection, clock};

use super::tell_once;
use crate::error::ApiError;

/// What one pass raised.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PassReport {
    /// Reminders raised (one per session and lead, document publication, cell and month).
    pub raised: usize,
    /// Members told, in all.
    pub told: usize,
}

/// Raises every reminder due at `now` that was not raised before.
pub fn run(
    connection: &mut DbConnection,
    policy: &ReminderPolicy,
    now: NaiveDateTime,
) -> Result<PassReport, ApiError> {
    let mut report = PassReport::default();
    sessions_soon(connection, policy, now, &mut report)?;
    documents_due(connection, policy, now, &mut report)?;
    meetings_missing(connection, policy, now, &mut report)?;
    Ok(report)
}

/// A reminder, once: in its own transaction, so a failure leaves the others raised. Stamped
/// with the clock, whatever instant the pass decided for: a phone's sync reads it by when it
/// was written.
fn raise_once(
    connection: &mut DbConnection,
    notice: &Notice,
    audiences: &[Audience<'_>],
    report: &mut PassReport,
) -> Result<(), ApiError> {
    let raised = connection
        .write_transaction(|connection| tell_once(connection, notice, audiences, clock::now()))?;
    if let Some(told) = raised {
        report.raised += 1;
        report.told += told;
    }
    Ok(())
}

/// Leaves out the reminders raised already: a pass every minute then costs a query or two.
fn not_raised<T>(
    connection: &mut DbConnection,
    due: Vec<(Notice, T)>,
) -> Result<Vec<(Notice, T)>, ApiError> {
    let keys: Vec<String> = due
        .iter()
        .filter_map(|(notice, _)| notice.dedupe_key.clone())
        .collect();
    let taken = reminders::raised(connection, &keys)?;
    Ok(due
        .into_iter()
        .filter(|(notice, _)| {
            notice
                .dedupe_key
                .as_ref()
                .is_some_and(|key| !taken.contains(key))
        })
        .collect())
}

/// Invited members who sent no apology hear of a session a lead before it starts.
fn sessions_soon(
    connection: &mut DbConnection,
    policy: &ReminderPolicy,
    now: NaiveDateTime,
    report: &mut PassReport,
) -> Result<(), ApiError> {
    let upcoming = reminders::sessions_starting(connection, now, now + policy.sessions.horizon())?;
    let due: Vec<(Notice, Upcoming)> = upcoming
        .into_iter()
        .filter_map(|session| {
            let lead = policy.sessions.due(session.starts_at, now)?;
            let notice = Notice::new(
                NotificationKind::SessionReminder,
                session.id,
                &session.title,
            )
            .at(session.starts_at)
            .topic(format!(
                "session:{}:reminder:{}:{}",
                session.id,
                lead.minutes(),
                session.list_key
            ))
            // The start is in the key: a session moved is reminded of again.
            .once(format!(
                "session_reminder:{}:{}",
                lead.minutes(),
                session.list_key
            ));
            Some((notice, session))
        })
        .collect();
    for (notice, session) in not_raised(connection, due)? {
        let audiences: Vec<Audience<'_>> = session
            .invited
            .iter()
            .map(|within| Audience::WithoutApology {
                within,
                session_id: session.id,
            })
            .collect();
        raise_once(connection, &notice, &audiences, report)?;
    }
    Ok(())
}

/// Active members who have not acknowledged a required document hear of it some days before
/// it is due.
fn documents_due(
    connection: &mut DbConnection,
    policy: &ReminderPolicy,
    now: NaiveDateTime,
    report: &mut PassReport,
) -> Result<(), ApiError> {
    let today = local_date(now);
    let targets = reminders::targets_due(connection, today, policy.documents.last_due_on(today))?;
    let due: Vec<(Notice, DueTarget)> = targets
        .into_iter()
        .filter_map(|target| {
            let due_on = target.due_on?;
            policy.documents.due(due_on, today).then_some(())?;
            let notice = Notice::new(
                NotificationKind::DocumentDueReminder,
                target.document_id,
                &format!("{} — {}", target.code, target.title),
            )
            .at(end_of_local_day(due_on))
            .topic(format!(
                "{}:due:{due_on}",
                document_version_topic(&target.document_id.to_string(), target.version)
            ))
            .once(format!(
                "document_due:{}:v{}:{due_on}",
                target.target_id, target.version
            ));
            Some((notice, target))
        })
        .collect();
    for (notice, target) in not_raised(connection, due)? {
        let audience = Audience::Unacknowledged {
            within: &target.org_path,
            document_id: target.document_id,
            version: target.version,
        };
        raise_once(connection, &notice, &[audience], report)?;
    }
    Ok(())
}

/// A cell's managers hear that it has held no regular meeting this month, from the day of the
/// month the policy names.
fn meetings_missing(
    connection: &mut DbConnection,
    policy: &ReminderPolicy,
    now: NaiveDateTime,
    report: &mut PassReport,
) -> Result<(), ApiError> {
    let Some(month) = policy.meetings.due(now) else {
        return Ok(());
    };
    let (from, until) = month.bounds();
    let cells = reminders::cells_without_meeting(connection, from, until)?;
    let due: Vec<(Notice, sotay_domain::ids::OrgId)> = cells
        .into_iter()
        .map(|(cell, name)| {
            let key = format!("meeting_missing:{cell}:{month}");
            let notice = Notice::new(NotificationKind::MeetingMissingReminder, cell, &name)
                .note(Some(&month.to_string()))
                .topic(key.clone())
                .once(key);
            (notice, cell)
        })
        .collect();
    let today = local_date(now);
    for (notice, cell) in not_raised(connection, due)? {
        let audience = Audience::Managers {
            org_id: cell,
            today,
        };
        raise_once(connection, &notice, &[audience], report)?;
    }
    Ok(())
}
