//! Reporting progress on an item: appended, never edited; the item's progress is computed
//! from its reports each time.

use chrono::{NaiveDate, TimeDelta};
use sotay_domain::Invalid;
use sotay_domain::ids::ProgressReportId;
use sotay_domain::plan::{self, progress};
use sotay_persistence::plans::{self, ItemRecord, ReportRow};
use sotay_persistence::{DbConnection, clock};

use super::editing::{indicator_of, item_of, report_of};
use super::{ItemView, owned_plan};
use crate::app::Signed;
use crate::error::ApiError;

/// A report as sent, parsed.
#[derive(Debug, Clone)]
pub struct Sent {
    pub value: Option<f64>,
    pub done: Option<bool>,
    pub note: Option<String>,
    pub reported_on: NaiveDate,
}

/// How long a report identical to the last one is taken for the same one sent again (a
/// double tap, a retry on a weak connection).
const RESENT_WITHIN: TimeDelta = TimeDelta::minutes(10);

/// Appends a report to an item of the caller's plan; `false` with the item as it stands when
/// it repeats the last report just made.
pub fn report(
    connection: &mut DbConnection,
    signed: &Signed,
    id: &str,
    item_id: &str,
    sent: Sent,
) -> Result<(ItemView, bool), ApiError> {
    let today = clock::today();
    connection.write_transaction(|connection| {
        let visible = owned_plan(connection, &signed.caller, id)?;
        let now = clock::now();
        // Held first, then read: a change of the item or another report sent meanwhile is
        // decided before this one, and this one reads what it left.
        let held = item_of(connection, visible.plan.id, item_id)?;
        plans::lock_item(connection, held.id, now)?;
        let item = item_of(connection, visible.plan.id, item_id)?;
        // A phone whose clock runs ahead may date a report tomorrow; later is a mistake.
        if sent.reported_on > today + TimeDelta::days(1) {
            return Err(ApiError::invalid(
                "reported_on",
                Invalid::new(
                    "in_future",
                    "Ngày báo cáo ở tương lai; hãy kiểm tra ngày giờ của điện thoại.",
                    "The report is dated in the future; check the phone's date.",
                ),
            ));
        }
        let indicator = indicator_of(&item)?;
        progress::fits(&indicator, sent.value, sent.done)
            .map_err(|(field, invalid)| ApiError::invalid(field, invalid))?;
        let mut reports = plans::reports(connection, &[item.id])?;
        let repeated = reports.last().is_some_and(|last| {
            last.value == sent.value
                && last.done == sent.done
                && last.note == sent.note
                && last.reported_on == sent.reported_on
                && now - last.created_at < RESENT_WITHIN
        });
        if repeated {
            let row = item_of(connection, visible.plan.id, item_id)?;
            return Ok((
                ItemView {
                    overdue: !row.met && row.due_on < today,
                    row,
                    reports,
                },
                false,
            ));
        }
        if i64::from(item.reports) >= plan::MAX_REPORTS {
            return Err(ApiError::conflict(
                "too_many_reports",
                "Nội dung đã có quá nhiều báo cáo tiến độ.",
                "The item has as many progress reports as it may.",
            ));
        }
        let report = ReportRow {
            id: ProgressReportId::new(),
            item_id: item.id,
            value: sent.value,
            done: sent.done,
            note: sent.note,
            reported_on: sent.reported_on,
            reported_by: Some(signed.member.id),
            created_at: now,
        };
        plans::append_report(connection, &report)?;
        reports.push(report);
        let computed = plan::item_progress(
            &indicator,
            &reports.iter().map(report_of).collect::<Vec<_>>(),
        );
        let mut record = ItemRecord::from(item);
        record.percent = computed.percent;
        record.met = computed.met;
        record.latest_value = computed.value;
        record.latest_done = computed.done;
        record.reports = i32::try_from(reports.len()).unwrap_or(i32::MAX);
        record.updated_at = now;
        plans::update_item(connection, &record)?;
        // The plan carries its items' progress: a phone's sync sends it again.
        plans::touch(connection, visible.plan.id, now)?;
        let row = item_of(connection, visible.plan.id, item_id)?;
        Ok((
            ItemView {
                overdue: computed.overdue(row.due_on, today),
                row,
                reports,
            },
            true,
        ))
    })
}
