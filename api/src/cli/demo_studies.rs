//! The end of the story (shared/seed): the ward's campaign to study its congress resolution
//! over the three sittings and the make-up session, reflections in every state, and members'
//! action plans with items serving the resolution's targets, programs and breakthroughs,
//! progress reported, some overdue. The campaign's progress report then names who still
//! stands between the ward and 100%: those who missed their sitting and await the make-up
//! session, and those whose reflection is not accepted yet.
//!
//! Everything goes through the same use cases as the API.

use chrono::NaiveDate;
use sotay_domain::campaign::{ReflectionRule, ReviewDecision};
use sotay_domain::ids::{DocumentId, MemberId, OrgId, SessionId};
use sotay_domain::plan::{Indicator, Link, LinkKind, PlanDecision};
use sotay_persistence::DbConnection;
use sotay_persistence::sessions as stored_sessions;

use super::demo_sessions::{REQUEST_ID, signed};
use crate::app::Signed;
use crate::app::campaigns::{planning, reflections};
use crate::app::plans::editing::{self, ItemDraft};
use crate::app::plans::reporting::{self, Sent};
use crate::app::plans::{planned_resolution, review};
use crate::error::ApiError;

const CAMPAIGN: &str =
    "Học tập, quán triệt Nghị quyết Đại hội Đảng bộ phường lần thứ I, nhiệm kỳ 2025–2030";
const REFLECTION: &str = "Qua học tập Nghị quyết, bản thân nhận thức rõ mục tiêu xây dựng phường \
    phát triển nhanh, bền vững; bốn chương trình trọng điểm và bốn khâu đột phá. Bản thân cam kết \
    gương mẫu thực hiện, vận động gia đình và khu dân cư cùng thực hiện.";

fn day(year: i32, month: u32, day: u32) -> Result<NaiveDate, ApiError> {
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| ApiError::internal("a demo date does not exist"))
}

/// Loads the campaign, the reflections and the plans; `sessions` are the three sittings and
/// the make-up session.
pub fn load(
    connection: &mut DbConnection,
    ward: OrgId,
    secretary: MemberId,
    resolution: DocumentId,
    sessions: &[SessionId],
) -> Result<(), ApiError> {
    let secretary = signed(connection, secretary)?;
    let plan = planning::Plan {
        document_id: resolution.to_string(),
        title: CAMPAIGN.to_owned(),
        host_org_id: ward.to_string(),
        org_ids: vec![ward.to_string()],
        session_ids: sessions.iter().map(SessionId::to_string).collect(),
        deadline: day(2025, 9, 30)?,
        target_percent: 100,
        reflection: ReflectionRule::Accepted,
    };
    let campaign = planning::create(connection, &secretary, plan, REQUEST_ID)?;
    let campaign_id = campaign.visible.stored.row.id.to_string();
    let ward_path = campaign.visible.stored.host.clone();
    let (_, structure) =
        planned_resolution(connection, &secretary.caller, &resolution.to_string())?;
    let parts: Vec<Link> = structure
        .targets
        .iter()
        .map(|t| (LinkKind::Target, t.id))
        .chain(structure.programs.iter().map(|p| (LinkKind::Program, p.id)))
        .chain(
            structure
                .breakthroughs
                .iter()
                .map(|b| (LinkKind::Breakthrough, b.id)),
        )
        .map(|(kind, id)| Link { kind, id })
        .collect();

    let members = stored_sessions::placed_in_any(connection, &[ward_path])?;
    let sittings = &sessions[..sessions.len().min(3)];
    let mut planned = 0;
    for (index, member) in members.iter().enumerate() {
        let mut attended = false;
        for sitting in sittings {
            let entry = stored_sessions::entry(connection, *sitting, member.id)?;
            attended |= entry.is_some_and(|entry| entry.status.attended());
        }
        if !attended || member.id == secretary.member.id {
            continue;
        }
        let author = signed(connection, member.id)?;
        reflect(connection, &secretary, &author, &campaign_id, index)?;
        if index % 4 == 1 && planned < 30 {
            plan_for(connection, &secretary, &author, resolution, &parts, planned)?;
            planned += 1;
        }
    }
    Ok(())
}

/// A reflection in the state the member's place gives it: most accepted, some waiting for
/// review, some returned, a few drafts, a few not started.
fn reflect(
    connection: &mut DbConnection,
    secretary: &Signed,
    author: &Signed,
    campaign: &str,
    index: usize,
) -> Result<(), ApiError> {
    let state = index % 10;
    if state == 9 {
        return Ok(());
    }
    let view = reflections::write(
        connection,
        author,
        campaign,
        Some(REFLECTION.to_owned()),
        state != 8,
    )?;
    let Some(row) = view.row else {
        return Ok(());
    };
    let decision = match state {
        0..=5 => (ReviewDecision::Accept, None),
        7 => (
            ReviewDecision::Return,
            Some("Cần liên hệ nhiệm vụ cụ thể của bản thân ở khu dân cư.".to_owned()),
        ),
        _ => return Ok(()),
    };
    reflections::review(
        connection,
        secretary,
        &row.id.to_string(),
        decision.0,
        decision.1,
        REQUEST_ID,
    )?;
    Ok(())
}

/// A plan for 2025 with two items serving the resolution, progress reported on them; most are
/// approved, some returned, some still drafts. Items due at the end of 2025 and not met are
/// overdue by now.
fn plan_for(
    connection: &mut DbConnection,
    secretary: &Signed,
    owner: &Signed,
    resolution: DocumentId,
    parts: &[Link],
    number: usize,
) -> Result<(), ApiError> {
    let view = editing::create(
        connection,
        owner,
        &resolution.to_string(),
        2025,
        "Kế hoạch cá nhân thực hiện Nghị quyết Đại hội năm 2025".to_owned(),
    )?;
    let id = view.visible.plan.id.to_string();
    let first = parts.get(number % parts.len().max(1)).copied();
    let second = parts.get((number + 3) % parts.len().max(1)).copied();
    let items = [
        ItemDraft {
            title: "Vận động hộ gia đình tham gia mô hình phân loại rác tại nguồn".to_owned(),
            description: None,
            link: first,
            indicator: Indicator::Numeric {
                unit: Some("hộ".to_owned()),
                target_value: 5.0,
            },
            due_on: day(2025, 12, 31)?,
        },
        ItemDraft {
            title: "Hoàn thành lớp bồi dưỡng kỹ năng số cho đảng viên".to_owned(),
            description: Some("Theo chương trình chuyển đổi số của phường.".to_owned()),
            link: second,
            indicator: Indicator::Boolean,
            due_on: day(2026, 12, 31)?,
        },
    ];
    let mut view = None;
    for item in items {
        view = Some(editing::add_item(connection, owner, &id, item)?);
    }
    let view = view.ok_or_else(|| ApiError::internal("a demo plan has no items"))?;
    let reached = (number % 6) as f64;
    for (item, sent) in view.items.iter().zip([
        Sent {
            value: Some(reached),
            done: None,
            note: Some("Đã vận động các hộ trong tổ dân phố.".to_owned()),
            reported_on: day(2025, 11, 15)?,
        },
        Sent {
            value: None,
            done: Some(number.is_multiple_of(2)),
            note: None,
            reported_on: day(2025, 10, 20)?,
        },
    ]) {
        reporting::report(connection, owner, &id, &item.row.id.to_string(), sent)?;
    }
    if number % 5 == 4 {
        return Ok(());
    }
    review::submit(connection, owner, &id)?;
    let (decision, comment) = if number % 5 == 3 {
        (
            PlanDecision::Return,
            Some("Cần nêu chỉ tiêu cụ thể theo từng quý.".to_owned()),
        )
    } else {
        (PlanDecision::Approve, None)
    };
    review::review(connection, secretary, &id, decision, comment, REQUEST_ID)?;
    Ok(())
}
