//! Personal action plans: a member's plan for a resolution and a year, its items and the
//! progress reported on them, its review by the cell, and the roll-up of a subtree.
//!
//! Every use case starts from [`visible_plan`] (404 for a plan the caller may not see: only its
//! owner and the managers of the owner's cells see it) or [`owned_plan`] (also 403 for a manager
//! who sees but does not own it).

pub mod editing;
pub mod listing;
pub mod reporting;
pub mod review;
pub mod rollup;

use sotay_domain::Invalid;
use sotay_domain::access::{self, Placement, Visibility};
use sotay_domain::document::Structure;
use sotay_domain::ids::PlanId;
use sotay_domain::plan::{self, PlanRefusal, PlanStatus};
use sotay_persistence::documents::{self, DocumentRow};
use sotay_persistence::plans::{self, ItemRow, PlanEvent, PlanRow, ReportRow};
use sotay_persistence::sessions::RollMember;
use sotay_persistence::{DbConnection, clock, stored};

use crate::app::documents::resolution_named;
use crate::error::ApiError;

/// A plan the caller may see, with its owner.
pub struct Visible {
    pub plan: PlanRow,
    pub owner: RollMember,
    /// Whether the caller is its owner (who writes it) rather than a manager (who reviews).
    pub owns: bool,
}

/// An item with its reports, and whether it is overdue today.
pub struct ItemView {
    pub row: ItemRow,
    pub reports: Vec<ReportRow>,
    pub overdue: bool,
}

/// A plan whole: what `GET /action-plans/{id}` and every write answer.
pub struct PlanView {
    pub visible: Visible,
    pub document: DocumentRow,
    pub items: Vec<ItemView>,
    pub events: Vec<PlanEvent>,
}

/// Where the owner of a plan sits, as the access rules ask.
pub fn placement(owner: &RollMember) -> Placement<'_> {
    Placement {
        member_id: owner.id,
        home: &owner.org_path,
        attached: owner.attached_org_path.as_ref(),
    }
}

/// The plan with `id`, if the caller owns it or manages one of its owner's cells; 404
/// otherwise, whichever the reason.
pub fn visible_plan(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<Visible, ApiError> {
    let id = PlanId::from_text(id).ok_or(ApiError::NotFound)?;
    let (plan, owner) = plans::with_owner(connection, id)?.ok_or(ApiError::NotFound)?;
    let owns = owner.id == caller.member_id;
    // A draft is its owner's alone, as in the managers' lists.
    let sees = owns
        || (caller.visibility_of(placement(&owner)) == Visibility::Full
            && plan.status != PlanStatus::Draft);
    if !sees {
        return Err(ApiError::NotFound);
    }
    Ok(Visible { plan, owner, owns })
}

/// A plan the caller owns: 404 when hidden, 403 when they only review it.
pub fn owned_plan(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<Visible, ApiError> {
    let visible = visible_plan(connection, caller, id)?;
    if !visible.owns {
        return Err(ApiError::Forbidden);
    }
    Ok(visible)
}

/// The whole view of a visible plan.
pub fn view_of(connection: &mut DbConnection, visible: Visible) -> Result<PlanView, ApiError> {
    let document = documents::find(connection, visible.plan.document_id)?
        .ok_or_else(|| ApiError::internal("a plan's document is gone"))?;
    let rows = plans::items(connection, visible.plan.id)?;
    let ids: Vec<_> = rows.iter().map(|item| item.id).collect();
    let mut reports = plans::reports(connection, &ids)?;
    let today = clock::today();
    let items = rows
        .into_iter()
        .map(|row| {
            let (own, rest): (Vec<_>, Vec<_>) = reports
                .drain(..)
                .partition(|report| report.item_id == row.id);
            reports = rest;
            ItemView {
                overdue: !row.met && row.due_on < today,
                row,
                reports: own,
            }
        })
        .collect();
    let events = plans::events(connection, visible.plan.id)?;
    Ok(PlanView {
        visible,
        document,
        items,
        events,
    })
}

/// The resolution a plan is for: one the caller sees, a resolution, published or archived
/// (a plan for last year's resolution stays); with its structure.
pub fn planned_resolution(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<(DocumentRow, Structure), ApiError> {
    let document = resolution_named(connection, caller, "document_id", id, true)?;
    let structure =
        stored::structure_of(document.row.structure.as_deref()).map_err(ApiError::internal)?;
    Ok((document.row, structure))
}

/// The answer to a refusal of a plan's rules.
pub fn refused(refusal: PlanRefusal) -> ApiError {
    match refusal {
        PlanRefusal::Locked(PlanStatus::Approved) => ApiError::conflict(
            "plan_approved",
            "Kế hoạch đã được duyệt; các nội dung giữ nguyên.",
            "The plan is approved: its items stay as they are.",
        ),
        PlanRefusal::Locked(_) => ApiError::conflict(
            "plan_submitted",
            "Kế hoạch đã nộp, đang chờ chi bộ xem xét.",
            "The plan is submitted and waiting for review.",
        ),
        PlanRefusal::Empty => ApiError::conflict(
            "plan_empty",
            "Kế hoạch cần ít nhất một nội dung trước khi nộp.",
            "A plan needs at least one item before it is submitted.",
        ),
        PlanRefusal::NotSubmitted(_) => ApiError::conflict(
            "not_submitted",
            "Chỉ xem xét kế hoạch đã nộp.",
            "Only a submitted plan is reviewed.",
        ),
        PlanRefusal::CommentRequired => ApiError::invalid(
            "comment",
            Invalid::new(
                "required_to_return",
                "Trả lại kế hoạch cần nêu điều cần sửa.",
                "Returning a plan needs a comment saying what to revise.",
            ),
        ),
    }
}

/// The plan changed between its read and its write (another request moved it).
pub fn changed_meanwhile() -> ApiError {
    ApiError::conflict(
        "changed_meanwhile",
        "Kế hoạch vừa được thay đổi; hãy tải lại.",
        "The plan changed meanwhile; reload it.",
    )
}

/// Whether the plan's items may change now.
pub fn editable(plan: &PlanRow) -> Result<(), ApiError> {
    plan::editable(plan.status).map_err(refused)
}

/// The plan's items may change now, and stay so until the transaction ends: its row is held,
/// so a submission sent meanwhile waits, and an edit that finds it moved is refused.
pub fn hold_for_edit(connection: &mut DbConnection, plan: &PlanRow) -> Result<(), ApiError> {
    editable(plan)?;
    if plans::lock_plan(connection, plan.id, plan.status, plan.rounds, clock::now())? == 0 {
        return Err(changed_meanwhile());
    }
    Ok(())
}
