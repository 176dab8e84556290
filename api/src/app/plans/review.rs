//! Handing a plan in, and its review by the cell: approved, or returned with a comment and
//! handed in again. Reviews go to the audit log.

use sotay_domain::access::ReviewRight;
use sotay_domain::ids::PlanId;
use sotay_domain::plan::{self, PlanDecision};
use sotay_persistence::plans::{self, PlanEvent, PlanRecord};
use sotay_persistence::{DbConnection, clock};

use super::{PlanView, changed_meanwhile, owned_plan, placement, refused, view_of, visible_plan};
use crate::app::Signed;
use crate::app::audit::{self, Event};
use crate::app::notifications::events;
use crate::error::ApiError;

/// Hands the caller's plan in for review: a draft or returned plan with items.
pub fn submit(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
) -> Result<PlanView, ApiError> {
    connection.write_transaction(|connection| {
        let visible = owned_plan(connection, &signed.caller, id)?;
        let items = plans::items(connection, visible.plan.id)?;
        let status = plan::submit(visible.plan.status, items.len()).map_err(refused)?;
        let (read_status, read_rounds) = (visible.plan.status, visible.plan.rounds);
        let rounds = next_round(read_rounds)?;
        let now = clock::now();
        let mut record = PlanRecord::from(visible.plan);
        record.status = status;
        record.submitted_at = Some(now);
        record.rounds = rounds;
        record.updated_at = now;
        if plans::write_over(connection, &record, read_status, read_rounds)? == 0 {
            return Err(changed_meanwhile());
        }
        plans::append_event(connection, &event(record.id, status, None, signed, now))?;
        let visible = owned_plan(connection, &signed.caller, id)?;
        view_of(connection, visible)
    })
}

/// Approves a submitted plan, or returns it with a comment. The managers of the owner's cell
/// review; nobody reviews their own (a secretary's plan goes to another manager of the cell or
/// the level above).
pub fn review(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    decision: PlanDecision,
    comment: Option<String>,
    request_id: &str,
) -> Result<PlanView, ApiError> {
    let (caller, actor) = (&signed.caller, signed.actor());
    connection.write_transaction(|connection| {
        let visible = visible_plan(connection, caller, id)?;
        match caller.review_right(placement(&visible.owner)) {
            _ if visible.owns => return Err(ApiError::Forbidden),
            ReviewRight::Own => return Err(ApiError::Forbidden),
            ReviewRight::None => return Err(ApiError::NotFound),
            ReviewRight::Reviewer => {}
        }
        let before = visible.plan.status;
        let status = plan::review(before, decision, comment.is_some()).map_err(refused)?;
        let read_rounds = visible.plan.rounds;
        let rounds = next_round(read_rounds)?;
        let now = clock::now();
        let owner_cell = visible.owner.org_id;
        let owner = visible.owner.id;
        let mut record = PlanRecord::from(visible.plan);
        record.status = status;
        record.review_comment = comment.clone();
        record.reviewed_by = Some(actor.to_owned());
        record.reviewed_at = Some(now);
        record.rounds = rounds;
        record.updated_at = now;
        if plans::write_over(connection, &record, before, read_rounds)? == 0 {
            return Err(changed_meanwhile());
        }
        plans::append_event(
            connection,
            &event(record.id, status, comment.clone(), signed, now),
        )?;
        audit::record(
            connection,
            Event {
                actor_id: Some(actor),
                action: match decision {
                    PlanDecision::Approve => "action_plan.approved",
                    PlanDecision::Return => "action_plan.returned",
                },
                object_type: "action_plan",
                object_id: &record.id,
                org_id: Some(&owner_cell),
                before: Some(serde_json::json!({"status": before.as_str()})),
                after: Some(serde_json::json!({
                    "status": status.as_str(),
                    "comment": comment,
                    "member_id": owner.to_string(),
                    "document_id": record.document_id.to_string(),
                    "year": record.year,
                })),
                request_id: Some(request_id),
            },
        )?;
        events::plan_reviewed(
            connection,
            record.id,
            &record.title,
            owner,
            decision == PlanDecision::Approve,
            comment.as_deref(),
            now,
        )?;
        let visible = visible_plan(connection, caller, id)?;
        view_of(connection, visible)
    })
}

fn next_round(rounds: i32) -> Result<i32, ApiError> {
    if rounds >= plan::MAX_ROUNDS {
        return Err(ApiError::conflict(
            "too_many_rounds",
            "Kế hoạch đã qua quá nhiều lượt nộp và duyệt.",
            "The plan has been through too many rounds of submission and review.",
        ));
    }
    Ok(rounds + 1)
}

fn event(
    plan: PlanId,
    status: plan::PlanStatus,
    comment: Option<String>,
    signed: &Signed,
    at: chrono::NaiveDateTime,
) -> PlanEvent {
    PlanEvent {
        id: PlanId::new().to_string(),
        plan_id: plan,
        status,
        comment,
        actor_id: Some(signed.member.id),
        at,
    }
}
