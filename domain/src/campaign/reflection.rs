//! A written reflection (bài thu hoạch): the member writes and submits it; the managers of
//! their cell accept it or return it with a comment; a returned one is revised and submitted
//! again.

use crate::access::{Caller, Placement};
use crate::member::string_enum;
use crate::session::Attendee;
use crate::validation::Invalid;

string_enum!(
    /// Where a reflection is in its life.
    ReflectionStatus {
        /// Being written: the member's alone.
        Draft => "draft",
        /// Handed in, waiting for the cell's review; no longer edited.
        Submitted => "submitted",
        /// Accepted by the cell: final.
        Accepted => "accepted",
        /// Returned with a comment: revised and submitted again.
        Returned => "returned",
    }
);

string_enum!(
    /// A manager's decision on a submitted reflection.
    ReviewDecision {
        Accept => "accept",
        Return => "return",
    }
);

/// Why a reflection cannot move as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReflectionRefusal {
    /// Submitted and waiting for review, or accepted: the text stays as it is.
    Locked(ReflectionStatus),
    /// Only a submitted reflection is reviewed.
    NotSubmitted(ReflectionStatus),
    /// Submitting needs a text.
    Empty,
    /// Returning needs a comment saying what to revise.
    CommentRequired,
}

/// What writing does: a new or draft or returned reflection takes the text, and becomes
/// submitted when asked (with a text); a submitted or accepted one is refused.
pub fn write(
    current: Option<ReflectionStatus>,
    has_body: bool,
    submit: bool,
) -> Result<ReflectionStatus, ReflectionRefusal> {
    match current {
        Some(status @ (ReflectionStatus::Submitted | ReflectionStatus::Accepted)) => {
            Err(ReflectionRefusal::Locked(status))
        }
        _ if submit && !has_body => Err(ReflectionRefusal::Empty),
        _ if submit => Ok(ReflectionStatus::Submitted),
        Some(ReflectionStatus::Returned) => Ok(ReflectionStatus::Returned),
        _ => Ok(ReflectionStatus::Draft),
    }
}

/// What a review does: a submitted reflection is accepted, or returned with a comment.
pub fn review(
    current: ReflectionStatus,
    decision: ReviewDecision,
    has_comment: bool,
) -> Result<ReflectionStatus, ReflectionRefusal> {
    if current != ReflectionStatus::Submitted {
        return Err(ReflectionRefusal::NotSubmitted(current));
    }
    match decision {
        ReviewDecision::Accept => Ok(ReflectionStatus::Accepted),
        ReviewDecision::Return if !has_comment => Err(ReflectionRefusal::CommentRequired),
        ReviewDecision::Return => Ok(ReflectionStatus::Returned),
    }
}

pub use crate::access::ReviewRight;

/// Whether the caller reviews a reflection by `author`: they manage the author's own cell or
/// the one the author is attached to, and are not the author.
pub fn review_right(caller: &Caller, author: Attendee<'_>) -> ReviewRight {
    caller.review_right(Placement {
        member_id: author.member_id,
        home: author.home,
        attached: author.attached,
    })
}

/// A reflection's text: several paragraphs, up to 20,000 characters. Empty is `None`.
pub fn body(raw: &str) -> Result<Option<String>, Invalid> {
    crate::text::multi_line(raw, MAX_BODY_LEN)
}

/// A reviewer's comment: up to 2,000 characters. Empty is `None`.
pub fn comment(raw: &str) -> Result<Option<String>, Invalid> {
    crate::text::multi_line(raw, MAX_COMMENT_LEN)
}

pub const MAX_BODY_LEN: usize = 20_000;
pub const MAX_COMMENT_LEN: usize = 2_000;
/// Submissions and reviews of one reflection: a reflection returned this often needs a
/// conversation, not another round.
pub const MAX_ROUNDS: i64 = 50;
