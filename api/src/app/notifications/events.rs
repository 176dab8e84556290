//! The events of other use cases that members hear of, each told in the transaction of the
//! change it announces: a publication, a session announced, moved or called off, a review.

use chrono::NaiveDateTime;
use sotay_domain::ids::{CampaignId, DocumentId, MemberId, PlanId, SessionId};
use sotay_domain::notification::{Notice, NotificationKind, document_version_topic};
use sotay_domain::org::OrgPath;
use sotay_persistence::DbConnection;
use sotay_persistence::notifications::Audience;

use super::tell;
use crate::error::ApiError;

/// A document as a notification names it.
pub struct DocumentNamed<'a> {
    pub id: DocumentId,
    pub code: &'a str,
    pub title: &'a str,
    pub version: i32,
}

fn document_subject(document: &DocumentNamed<'_>) -> String {
    format!("{} — {}", document.code, document.title)
}

/// A document published to `targets`: their members hear of this version once, however many
/// of its publications reach them.
pub fn document_published(
    connection: &mut DbConnection,
    document: &DocumentNamed<'_>,
    targets: &[OrgPath],
    now: NaiveDateTime,
) -> Result<usize, ApiError> {
    let notice = Notice::new(
        NotificationKind::DocumentPublished,
        document.id,
        &document_subject(document),
    )
    .topic(document_version_topic(
        &document.id.to_string(),
        document.version,
    ));
    let audiences: Vec<Audience<'_>> = targets.iter().map(Audience::Placed).collect();
    tell(connection, &notice, &audiences, now)
}

/// A new version of a document that `required_targets` must study: they are asked again.
pub fn document_revised(
    connection: &mut DbConnection,
    document: &DocumentNamed<'_>,
    required_targets: &[OrgPath],
    now: NaiveDateTime,
) -> Result<usize, ApiError> {
    let notice = Notice::new(
        NotificationKind::DocumentRevised,
        document.id,
        &document_subject(document),
    )
    .topic(document_version_topic(
        &document.id.to_string(),
        document.version,
    ));
    let audiences: Vec<Audience<'_>> = required_targets.iter().map(Audience::Placed).collect();
    tell(connection, &notice, &audiences, now)
}

/// A session as a notification names it.
pub struct SessionNamed<'a> {
    pub id: SessionId,
    pub title: &'a str,
    pub starts_at: NaiveDateTime,
}

/// What happened to a session its invited members hear of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionNews {
    /// Announced (published), or newly inviting them.
    Invited,
    /// Its time or place changed.
    Moved,
    /// Called off.
    Cancelled,
}

/// Tells the members of `invited` of `news` about a session. Being invited is heard of once
/// (a session inviting more organisations tells only the newly invited); each move is news.
pub fn session(
    connection: &mut DbConnection,
    session: &SessionNamed<'_>,
    news: SessionNews,
    invited: &[OrgPath],
    now: NaiveDateTime,
) -> Result<usize, ApiError> {
    let kind = match news {
        SessionNews::Invited => NotificationKind::SessionInvited,
        SessionNews::Moved => NotificationKind::SessionMoved,
        SessionNews::Cancelled => NotificationKind::SessionCancelled,
    };
    let mut notice = Notice::new(kind, session.id, session.title).at(session.starts_at);
    if news != SessionNews::Moved {
        notice = notice.topic(format!("session:{}:{}", session.id, kind.as_str()));
    }
    let audiences: Vec<Audience<'_>> = invited.iter().map(Audience::Placed).collect();
    tell(connection, &notice, &audiences, now)
}

/// A manager corrected `member`'s attendance at a session.
pub fn attendance_corrected(
    connection: &mut DbConnection,
    session: &SessionNamed<'_>,
    member: MemberId,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> Result<usize, ApiError> {
    let notice = Notice::new(
        NotificationKind::AttendanceCorrected,
        session.id,
        session.title,
    )
    .at(session.starts_at)
    .note(reason);
    tell(connection, &notice, &[Audience::Member(member)], now)
}

/// A reviewer returned or accepted `author`'s reflection in a campaign.
pub fn reflection_reviewed(
    connection: &mut DbConnection,
    campaign: CampaignId,
    campaign_title: &str,
    author: MemberId,
    accepted: bool,
    comment: Option<&str>,
    now: NaiveDateTime,
) -> Result<usize, ApiError> {
    let kind = if accepted {
        NotificationKind::ReflectionAccepted
    } else {
        NotificationKind::ReflectionReturned
    };
    let notice = Notice::new(kind, campaign, campaign_title).note(comment);
    tell(connection, &notice, &[Audience::Member(author)], now)
}

/// A reviewer returned or approved `owner`'s action plan.
pub fn plan_reviewed(
    connection: &mut DbConnection,
    plan: PlanId,
    plan_title: &str,
    owner: MemberId,
    approved: bool,
    comment: Option<&str>,
    now: NaiveDateTime,
) -> Result<usize, ApiError> {
    let kind = if approved {
        NotificationKind::PlanApproved
    } else {
        NotificationKind::PlanReturned
    };
    let notice = Notice::new(kind, plan, plan_title).note(comment);
    tell(connection, &notice, &[Audience::Member(owner)], now)
}
