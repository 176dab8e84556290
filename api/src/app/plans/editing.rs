//! Writing a plan: creating it for a resolution and a year, renaming it, and its items.

use chrono::NaiveDate;
use sotay_domain::Invalid;
use sotay_domain::document::Structure;
use sotay_domain::ids::{PlanId, PlanItemId};
use sotay_domain::plan::{self, Indicator, Link, LinkKind, PlanStatus, Report};
use sotay_persistence::plans::{self, ItemRecord, ItemRow, PlanRecord};
use sotay_persistence::{DbConnection, clock};

use super::{
    PlanView, changed_meanwhile, editable, hold_for_edit, owned_plan, planned_resolution, view_of,
};
use crate::app::Signed;
use crate::error::ApiError;

/// An item as sent, parsed.
#[derive(Debug, Clone)]
pub struct ItemDraft {
    pub title: String,
    pub description: Option<String>,
    pub link: Option<Link>,
    pub indicator: Indicator,
    pub due_on: NaiveDate,
}

/// What a change of an item asks; `None` leaves a field as it is.
#[derive(Debug, Default)]
pub struct ItemChanges {
    pub title: Option<String>,
    pub description: Option<Option<String>>,
    pub link: Option<Option<Link>>,
    pub indicator: Option<Indicator>,
    pub due_on: Option<NaiveDate>,
}

/// Creates the caller's plan for a resolution and a year, as a draft: one per member,
/// resolution and year.
pub fn create(
    connection: &mut DbConnection,
    signed: &Signed,
    document_id: &str,
    year: i32,
    title: String,
) -> Result<PlanView, ApiError> {
    connection.write_transaction(|connection| {
        let (document, _) = planned_resolution(connection, &signed.caller, document_id)?;
        let now = clock::now();
        let record = PlanRecord {
            id: PlanId::new(),
            member_id: signed.member.id,
            document_id: document.id,
            year,
            title,
            status: PlanStatus::Draft,
            review_comment: None,
            submitted_at: None,
            reviewed_by: None,
            reviewed_at: None,
            rounds: 0,
            created_at: now,
            updated_at: now,
        };
        if plans::insert(connection, &record)? == 0 {
            return Err(ApiError::conflict(
                "plan_exists",
                "Đồng chí đã có kế hoạch cho nghị quyết này trong năm.",
                "You already have a plan for this resolution and year.",
            ));
        }
        let visible = owned_plan(connection, &signed.caller, &record.id.to_string())?;
        view_of(connection, visible)
    })
}

/// Renames the caller's plan, while its items may change.
pub fn rename(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    title: String,
) -> Result<PlanView, ApiError> {
    connection.write_transaction(|connection| {
        let visible = owned_plan(connection, &signed.caller, id)?;
        editable(&visible.plan)?;
        let (status, rounds) = (visible.plan.status, visible.plan.rounds);
        let mut record = PlanRecord::from(visible.plan);
        record.title = title;
        record.updated_at = clock::now();
        if plans::write_over(connection, &record, status, rounds)? == 0 {
            return Err(changed_meanwhile());
        }
        let visible = owned_plan(connection, &signed.caller, id)?;
        view_of(connection, visible)
    })
}

/// Adds an item to the caller's plan, while its items may change.
pub fn add_item(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    draft: ItemDraft,
) -> Result<PlanView, ApiError> {
    connection.write_transaction(|connection| {
        let visible = owned_plan(connection, &signed.caller, id)?;
        hold_for_edit(connection, &visible.plan)?;
        let (_, structure) = planned_resolution(
            connection,
            &signed.caller,
            &visible.plan.document_id.to_string(),
        )?;
        check_link(draft.link, &structure)?;
        let items = plans::items(connection, visible.plan.id)?;
        if items.len() >= plan::MAX_ITEMS {
            return Err(ApiError::conflict(
                "too_many_items",
                "Kế hoạch đã đủ số nội dung tối đa.",
                "The plan has as many items as it may.",
            ));
        }
        let now = clock::now();
        let position = items.iter().map(|item| item.position).max().unwrap_or(0) + 1;
        let fresh = plan::item_progress(&draft.indicator, &[]);
        let (unit, target_value) = indicator_columns(&draft.indicator);
        let record = ItemRecord {
            id: PlanItemId::new(),
            plan_id: visible.plan.id,
            title: draft.title,
            description: draft.description,
            link_kind: draft.link.map(|link| link.kind.as_str().to_owned()),
            link_id: draft.link.map(|link| link.id.to_string()),
            indicator: draft.indicator.kind(),
            unit,
            target_value,
            due_on: draft.due_on,
            percent: fresh.percent,
            met: fresh.met,
            latest_value: None,
            latest_done: None,
            reports: 0,
            position,
            created_at: now,
            updated_at: now,
        };
        plans::insert_item(connection, &record)?;
        view_of(connection, visible)
    })
}

/// Changes an item of the caller's plan, while its items may change; a new indicator is
/// measured against the reports already made.
pub fn change_item(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    item_id: &str,
    changes: ItemChanges,
) -> Result<PlanView, ApiError> {
    connection.write_transaction(|connection| {
        let visible = owned_plan(connection, &signed.caller, id)?;
        hold_for_edit(connection, &visible.plan)?;
        let item = item_of(connection, visible.plan.id, item_id)?;
        if let Some(link) = changes.link {
            let (_, structure) = planned_resolution(
                connection,
                &signed.caller,
                &visible.plan.document_id.to_string(),
            )?;
            check_link(link, &structure)?;
        }
        let mut record = ItemRecord::from(item.clone());
        if let Some(title) = changes.title {
            record.title = title;
        }
        if let Some(description) = changes.description {
            record.description = description;
        }
        if let Some(link) = changes.link {
            record.link_kind = link.map(|link| link.kind.as_str().to_owned());
            record.link_id = link.map(|link| link.id.to_string());
        }
        if let Some(due_on) = changes.due_on {
            record.due_on = due_on;
        }
        if let Some(indicator) = changes.indicator {
            let reports: Vec<Report> = plans::reports(connection, &[item.id])?
                .iter()
                .map(report_of)
                .collect();
            let progress = plan::item_progress(&indicator, &reports);
            let (unit, target_value) = indicator_columns(&indicator);
            record.indicator = indicator.kind();
            record.unit = unit;
            record.target_value = target_value;
            record.percent = progress.percent;
            record.met = progress.met;
            record.latest_value = progress.value;
            record.latest_done = progress.done;
        }
        record.updated_at = clock::now();
        plans::update_item(connection, &record)?;
        view_of(connection, visible)
    })
}

/// Removes an item of the caller's plan, while its items may change. An item with progress
/// reported keeps it: reports are never edited away.
pub fn remove_item(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    item_id: &str,
) -> Result<(), ApiError> {
    connection.write_transaction(|connection| {
        let visible = owned_plan(connection, &signed.caller, id)?;
        hold_for_edit(connection, &visible.plan)?;
        let item = item_of(connection, visible.plan.id, item_id)?;
        if item.reports > 0 {
            return Err(ApiError::conflict(
                "has_progress",
                "Nội dung đã có báo cáo tiến độ, không xoá được.",
                "The item has progress reported and is kept.",
            ));
        }
        plans::delete_item(connection, item.id)?;
        Ok(())
    })
}

/// The item `item_id` of the plan, or 404.
pub fn item_of(
    connection: &mut DbConnection,
    plan: PlanId,
    item_id: &str,
) -> Result<ItemRow, ApiError> {
    let item_id = PlanItemId::from_text(item_id).ok_or(ApiError::NotFound)?;
    plans::items(connection, plan)?
        .into_iter()
        .find(|item| item.id == item_id)
        .ok_or(ApiError::NotFound)
}

/// A stored item's indicator, as its rules read it.
pub fn indicator_of(item: &ItemRow) -> Result<Indicator, ApiError> {
    Indicator::parse(item.indicator, item.unit.as_deref(), item.target_value)
        .map_err(|(field, _)| ApiError::internal(format!("stored item {field}")))
}

/// A stored report, as the progress rule reads it.
pub fn report_of(report: &plans::ReportRow) -> Report {
    Report {
        value: report.value,
        done: report.done,
        reported_on: report.reported_on,
    }
}

fn indicator_columns(indicator: &Indicator) -> (Option<String>, Option<f64>) {
    match indicator {
        Indicator::Boolean => (None, None),
        Indicator::Numeric { unit, target_value } => (unit.clone(), Some(*target_value)),
    }
}

/// An item's link names a part of the plan's own resolution, of the kind it says.
fn check_link(link: Option<Link>, structure: &Structure) -> Result<(), ApiError> {
    match link {
        Some(link) if !link.is_in(structure) => {
            let field = match link.kind {
                LinkKind::Target => "target_id",
                LinkKind::Program => "program_id",
                LinkKind::Breakthrough => "breakthrough_id",
            };
            Err(ApiError::invalid(
                field,
                Invalid::new(
                    "not_in_resolution",
                    "Không có trong nghị quyết của kế hoạch.",
                    "Not part of the plan's resolution.",
                ),
            ))
        }
        _ => Ok(()),
    }
}
