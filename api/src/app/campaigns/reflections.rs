//! Written reflections: the member's own (write, submit, revise), the managers' list, and
//! reviews (accept, or return with a comment).

use sotay_domain::access;
use sotay_domain::campaign::reflection::{self, ReviewRight};
use sotay_domain::campaign::{ReflectionRefusal, ReflectionStatus, ReviewDecision};
use sotay_domain::ids::ReflectionId;
use sotay_domain::session::Attendee;
use sotay_persistence::campaigns::{
    self, ReflectionEvent, ReflectionFilter, ReflectionRecord, ReflectionRow,
};
use sotay_persistence::sessions::RollMember;
use sotay_persistence::{DbConnection, clock};

use super::{Visible, managed_subtree, visible_campaign};
use crate::app::Signed;
use crate::app::audit::{self, Event};
use crate::app::notifications::events;
use crate::app::sessions::{attendee, attendee_of};
use crate::error::ApiError;

/// A reflection with its history, as its author or a reviewer sees it.
pub struct ReflectionView {
    /// `None` while the member has written nothing.
    pub row: Option<ReflectionRow>,
    pub history: Vec<ReflectionEvent>,
    /// Whether the caller may write it now (counted or exempt there, and not locked).
    pub writable: bool,
}

/// The caller's reflection in a campaign they see.
pub fn own(
    connection: &mut DbConnection,
    signed: &Signed,
    campaign_id: &str,
) -> Result<ReflectionView, ApiError> {
    connection.read_transaction(|connection| {
        let visible = visible_campaign(connection, &signed.caller, campaign_id)?;
        let row = campaigns::own(connection, visible.stored.row.id, signed.member.id)?;
        view(connection, &visible, attendee(&signed.member), row)
    })
}

fn view(
    connection: &mut DbConnection,
    visible: &Visible,
    author: Attendee<'_>,
    row: Option<ReflectionRow>,
) -> Result<ReflectionView, ApiError> {
    let history = match &row {
        Some(row) => campaigns::history(connection, row.id)?,
        None => Vec::new(),
    };
    let unlocked = row.as_ref().is_none_or(|row| {
        matches!(
            row.status,
            ReflectionStatus::Draft | ReflectionStatus::Returned
        )
    });
    Ok(ReflectionView {
        writable: unlocked && visible.campaign.may_reflect(author),
        row,
        history,
    })
}

/// Writes the caller's reflection, and submits it when asked. Sending the same submission
/// again (a double tap, a retry) answers the reflection as it stands.
pub fn write(
    connection: &mut DbConnection,
    signed: &Signed,
    campaign_id: &str,
    body: Option<String>,
    submit: bool,
) -> Result<ReflectionView, ApiError> {
    let member = &signed.member;
    connection.write_transaction(|connection| {
        let visible = visible_campaign(connection, &signed.caller, campaign_id)?;
        if !visible.campaign.may_reflect(attendee(member)) {
            return Err(ApiError::conflict(
                "not_in_campaign",
                "Đồng chí không thuộc các tổ chức học tập của đợt này.",
                "You are not placed in an organisation this campaign studies.",
            ));
        }
        let campaign = visible.stored.row.id;
        let now = clock::now();
        campaigns::start(
            connection,
            &ReflectionRecord {
                id: ReflectionId::new(),
                campaign_id: campaign,
                member_id: member.id,
                body: None,
                submitted_body: None,
                status: ReflectionStatus::Draft,
                review_comment: None,
                submitted_at: None,
                reviewed_by: None,
                reviewed_at: None,
                rounds: 0,
                created_at: now,
                updated_at: now,
            },
        )?;
        // Read again when another request moved it between the read and the write.
        for _ in 0..2 {
            let row = campaigns::own(connection, campaign, member.id)?
                .ok_or_else(|| ApiError::internal("a started reflection is gone"))?;
            let handed_in = matches!(
                row.status,
                ReflectionStatus::Submitted | ReflectionStatus::Accepted
            );
            if submit && handed_in && row.body == body {
                return view(connection, &visible, attendee(member), Some(row));
            }
            let status =
                reflection::write(Some(row.status), body.is_some(), submit).map_err(refused)?;
            let rounds = row.rounds + i32::from(submit);
            if i64::from(rounds) > reflection::MAX_ROUNDS {
                return Err(too_many_rounds());
            }
            let mut record = ReflectionRecord::from(row.clone());
            record.body = body.clone();
            record.status = status;
            record.rounds = rounds;
            record.updated_at = now;
            if submit {
                record.submitted_at = Some(now);
                record.submitted_body = body.clone();
            }
            if campaigns::write_over(connection, &record, row.rounds, row.status)? == 0 {
                continue;
            }
            if submit {
                campaigns::append_event(
                    connection,
                    &ReflectionEvent {
                        id: ReflectionId::new(),
                        reflection_id: record.id,
                        status,
                        body: body.clone(),
                        comment: None,
                        actor_id: Some(member.id),
                        at: now,
                    },
                )?;
            }
            let row = campaigns::own(connection, campaign, member.id)?;
            return view(connection, &visible, attendee(member), row);
        }
        Err(ApiError::conflict(
            "changed_meanwhile",
            "Bài thu hoạch vừa được thay đổi; hãy tải lại.",
            "The reflection changed meanwhile; reload it.",
        ))
    })
}

/// Filters of a campaign's reflections, as asked.
pub struct Query {
    pub org_id: Option<String>,
    pub status: Option<ReflectionStatus>,
}

/// One page of a campaign's handed-in reflections in a subtree the caller manages (see
/// [`managed_subtree`] when none is named), oldest first.
pub fn list(
    connection: &mut DbConnection,
    caller: &access::Caller,
    campaign_id: &str,
    query: &Query,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<(ReflectionRow, RollMember)>, ApiError> {
    connection.read_transaction(|connection| {
        let visible = visible_campaign(connection, caller, campaign_id)?;
        let (_, within) = managed_subtree(connection, caller, &visible, query.org_id.as_deref())?;
        let filter = ReflectionFilter {
            within: &within,
            status: query.status,
        };
        Ok(campaigns::list_reflections(
            connection,
            visible.stored.row.id,
            &filter,
            after,
            limit,
        )?)
    })
}

/// Accepts a submitted reflection, or returns it with a comment. The managers of the
/// author's cell review; nobody reviews their own.
pub fn review(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    decision: ReviewDecision,
    comment: Option<String>,
    request_id: &str,
) -> Result<(ReflectionRow, RollMember), ApiError> {
    let (caller, actor) = (&signed.caller, signed.actor());
    connection.write_transaction(|connection| {
        let id = ReflectionId::from_text(id).ok_or(ApiError::NotFound)?;
        let (row, author) = campaigns::with_author(connection, id)?.ok_or(ApiError::NotFound)?;
        let campaign = visible_campaign(connection, caller, &row.campaign_id.to_string())?;
        // A draft is its author's alone: to anyone else it does not exist.
        if row.status == ReflectionStatus::Draft {
            return Err(ApiError::NotFound);
        }
        match reflection::review_right(caller, attendee_of(&author)) {
            ReviewRight::None => return Err(ApiError::NotFound),
            // A secretary's reflection goes to another manager of the cell or the level above.
            ReviewRight::Own => return Err(ApiError::Forbidden),
            ReviewRight::Reviewer => {}
        }
        let status =
            reflection::review(row.status, decision, comment.is_some()).map_err(refused)?;
        let rounds = row.rounds + 1;
        if i64::from(rounds) > reflection::MAX_ROUNDS {
            return Err(too_many_rounds());
        }
        let now = clock::now();
        let before = row.status;
        let mut record = ReflectionRecord::from(row.clone());
        record.status = status;
        record.review_comment = comment.clone();
        record.reviewed_by = Some(actor.to_owned());
        record.reviewed_at = Some(now);
        record.rounds = rounds;
        record.updated_at = now;
        if campaigns::write_over(connection, &record, row.rounds, row.status)? == 0 {
            return Err(ApiError::conflict(
                "changed_meanwhile",
                "Bài thu hoạch vừa được thay đổi; hãy tải lại.",
                "The reflection changed meanwhile; reload it.",
            ));
        }
        campaigns::append_event(
            connection,
            &ReflectionEvent {
                id: ReflectionId::new(),
                reflection_id: row.id,
                status,
                body: None,
                comment: comment.clone(),
                actor_id: Some(signed.member.id),
                at: now,
            },
        )?;
        audit::record(
            connection,
            Event {
                actor_id: Some(actor),
                action: match decision {
                    ReviewDecision::Accept => "reflection.accepted",
                    ReviewDecision::Return => "reflection.returned",
                },
                object_type: "reflection",
                object_id: &row.id,
                org_id: Some(&author.org_id),
                before: Some(serde_json::json!({"status": before.as_str()})),
                after: Some(serde_json::json!({
                    "status": status.as_str(),
                    "comment": comment,
                    "member_id": author.id.to_string(),
                    "campaign_id": row.campaign_id.to_string(),
                })),
                request_id: Some(request_id),
            },
        )?;
        events::reflection_reviewed(
            connection,
            row.campaign_id,
            &campaign.stored.row.title,
            author.id,
            decision == ReviewDecision::Accept,
            comment.as_deref(),
            now,
        )?;
        let row = campaigns::own(connection, row.campaign_id, author.id)?
            .ok_or_else(|| ApiError::internal("a reviewed reflection is gone"))?;
        Ok((row, author))
    })
}

fn too_many_rounds() -> ApiError {
    ApiError::conflict(
        "too_many_rounds",
        "Bài thu hoạch đã qua quá nhiều lượt nộp và duyệt.",
        "The reflection has been through too many rounds of submission and review.",
    )
}

/// The answer to a refusal of a reflection's rules.
fn refused(refusal: ReflectionRefusal) -> ApiError {
    match refusal {
        ReflectionRefusal::Locked(ReflectionStatus::Accepted) => ApiError::conflict(
            "reflection_accepted",
            "Bài thu hoạch đã được chấp nhận.",
            "The reflection has been accepted: it is final.",
        ),
        ReflectionRefusal::Locked(_) => ApiError::conflict(
            "reflection_submitted",
            "Bài thu hoạch đã nộp, đang chờ chi bộ nhận xét.",
            "The reflection is submitted and waiting for review.",
        ),
        ReflectionRefusal::NotSubmitted(_) => ApiError::conflict(
            "not_submitted",
            "Chỉ nhận xét bài thu hoạch đã nộp.",
            "Only a submitted reflection is reviewed.",
        ),
        ReflectionRefusal::Empty => ApiError::invalid(
            "body",
            sotay_domain::Invalid::new(
                "required_to_submit",
                "Cần viết nội dung trước khi nộp.",
                "Write the reflection before submitting it.",
            ),
        ),
        ReflectionRefusal::CommentRequired => ApiError::invalid(
            "comment",
            sotay_domain::Invalid::new(
                "required_to_return",
                "Trả lại bài thu hoạch cần nêu điều cần sửa.",
                "Returning a reflection needs a comment saying what to revise.",
            ),
        ),
    }
}
