//! A campaign's progress report as the API shows it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sotay_domain::campaign::Tally;
use utoipa::{IntoParams, ToSchema};

use super::ReflectionStatusName;
use crate::app::campaigns::progress::{Missing, Report};

/// The most members a JSON report names; the CSV names them all.
pub const MAX_NAMED: usize = 5_000;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgressQuery {
    /// The subtree reported on, which the caller must manage; when absent, the campaign's
    /// host, or the part of it the caller manages (a cell secretary's cell).
    pub org_id: Option<uuid::Uuid>,
}

/// Counts of one organisation, or of the whole subtree.
#[derive(Debug, Serialize, ToSchema)]
pub struct TallyResponse {
    /// Counted members: active (not exempt), placed in a target subtree, each once.
    #[schema(minimum = 0, maximum = 100000000)]
    pub expected: i64,
    /// Attended (present or late) one of the campaign's sessions.
    #[schema(minimum = 0, maximum = 100000000)]
    pub attended: i64,
    /// Have a reflection that counts (everyone, when none is required).
    #[schema(minimum = 0, maximum = 100000000)]
    pub reflected: i64,
    /// Attended and reflected: have studied.
    #[schema(minimum = 0, maximum = 100000000)]
    pub studied: i64,
    /// `studied` in per cent of `expected`, rounded down to one decimal: 100 means everyone.
    #[schema(minimum = 0, maximum = 100)]
    pub percent: f64,
    /// Whether `studied` reaches the campaign's target percentage.
    pub reached: bool,
    /// Still need a session (a make-up one).
    #[schema(minimum = 0, maximum = 100000000)]
    pub need_session: i64,
    /// Still need a reflection that counts.
    #[schema(minimum = 0, maximum = 100000000)]
    pub need_reflection: i64,
}

impl TallyResponse {
    fn of(tally: &Tally, target_percent: u8) -> Self {
        TallyResponse {
            expected: tally.expected,
            attended: tally.attended,
            reflected: tally.reflected,
            studied: tally.studied,
            percent: tally.percent(),
            reached: tally.reaches(target_percent),
            need_session: tally.need_session(),
            need_reflection: tally.need_reflection(),
        }
    }
}

/// An organisation directly below the one reported on (or itself, for members placed there).
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgProgressResponse {
    #[schema(format = Uuid)]
    pub org_id: String,
    #[schema(max_length = 40)]
    pub code: String,
    #[schema(max_length = 200)]
    pub name: String,
    #[serde(flatten)]
    pub tally: TallyResponse,
}

/// A counted member who has not studied yet, and what they still need.
#[derive(Debug, Serialize, ToSchema)]
pub struct MissingMemberResponse {
    #[schema(format = Uuid)]
    pub member_id: String,
    #[schema(max_length = 20)]
    pub card_number: String,
    #[schema(max_length = 200)]
    pub full_name: String,
    /// The cell they study in: their own, or the one they are attached to.
    #[schema(format = Uuid)]
    pub cell_id: String,
    #[schema(max_length = 40)]
    pub cell_code: String,
    #[schema(max_length = 200)]
    pub cell_name: String,
    /// Attended none of the sessions: a make-up session is due.
    pub needs_session: bool,
    /// Has no reflection that counts yet.
    pub needs_reflection: bool,
    /// Their reflection's state, if they have started one.
    pub reflection_status: Option<ReflectionStatusName>,
}

impl From<&Missing> for MissingMemberResponse {
    fn from(missing: &Missing) -> Self {
        let member = &missing.unfinished.member;
        let (cell_code, cell_name) = missing.cell.clone().unwrap_or_default();
        MissingMemberResponse {
            member_id: member.id.to_string(),
            card_number: member.card_number.clone(),
            full_name: member.full_name.clone(),
            cell_id: missing.cell_id.to_string(),
            cell_code,
            cell_name,
            needs_session: missing.needs.session,
            needs_reflection: missing.needs.reflection,
            reflection_status: missing.unfinished.reflection.map(Into::into),
        }
    }
}

/// How far a subtree is: overall, by organisation directly below, and who is still missing.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressResponse {
    #[schema(format = Uuid)]
    pub campaign_id: String,
    #[schema(format = Uuid)]
    pub org_id: String,
    #[schema(max_length = 200)]
    pub org_name: String,
    pub deadline: NaiveDate,
    #[schema(minimum = 1, maximum = 100)]
    pub target_percent: i32,
    pub overall: TallyResponse,
    #[schema(max_items = 100000)]
    pub by_org: Vec<OrgProgressResponse>,
    /// By cell and name; the first 5,000 (`truncated`); the CSV names all.
    #[schema(max_items = 5000)]
    pub missing: Vec<MissingMemberResponse>,
    pub truncated: bool,
}

impl ProgressResponse {
    pub fn of(report: &Report) -> Self {
        let target = u8::try_from(report.campaign.target_percent).unwrap_or(100);
        let by_org = report
            .progress
            .by_child
            .iter()
            .map(|(path, tally)| {
                let org = path.id().and_then(|id| report.children.get(&id));
                OrgProgressResponse {
                    org_id: path.id().map(|id| id.to_string()).unwrap_or_default(),
                    code: org.map(|org| org.code.clone()).unwrap_or_default(),
                    name: org.map(|org| org.name.clone()).unwrap_or_default(),
                    tally: TallyResponse::of(tally, target),
                }
            })
            .collect();
        ProgressResponse {
            campaign_id: report.campaign.id.to_string(),
            org_id: report.org.id.to_string(),
            org_name: report.org.name.clone(),
            deadline: report.campaign.deadline,
            target_percent: report.campaign.target_percent,
            overall: TallyResponse::of(&report.progress.overall, target),
            by_org,
            missing: report
                .missing
                .iter()
                .take(MAX_NAMED)
                .map(Into::into)
                .collect(),
            truncated: report.missing.len() > MAX_NAMED,
        }
    }
}
