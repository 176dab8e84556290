//! Study campaigns (đợt học tập, quán triệt): one resolution studied across target
//! organisations through linked sessions (make-up sessions included), and the written
//! reflections (bài thu hoạch) members hand in.
//!
//! A [`Campaign`] decides who may see and run it, who is counted (the denominator) and who
//! has studied; [`reflection`] owns a reflection's states and who may review it.

use crate::access::Caller;
use crate::member::{ActivityStatus, string_enum};
use crate::org::OrgPath;
use crate::session::Attendee;
use crate::validation::Invalid;

pub mod progress;
pub mod reflection;
#[cfg(test)]
mod tests;

pub use progress::{Progress, Tally};
pub use reflection::{ReflectionRefusal, ReflectionStatus, ReviewDecision, ReviewRight};

string_enum!(
    /// Whether a campaign asks for a written reflection, and which of its states counts.
    ReflectionRule {
        /// Attending one of the sessions is enough.
        NotRequired => "not_required",
        /// A submitted reflection counts, before the cell has reviewed it.
        Submitted => "submitted",
        /// Only a reflection the cell accepted counts.
        Accepted => "accepted",
    }
);

impl ReflectionRule {
    /// The reflection states that count, or `None` when no reflection is asked for.
    pub fn counted(self) -> Option<&'static [ReflectionStatus]> {
        match self {
            ReflectionRule::NotRequired => None,
            ReflectionRule::Submitted => {
                Some(&[ReflectionStatus::Submitted, ReflectionStatus::Accepted])
            }
            ReflectionRule::Accepted => Some(&[ReflectionStatus::Accepted]),
        }
    }
}

/// What a caller may do with one campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CampaignAccess {
    /// Nothing: the campaign answers 404, as one that does not exist.
    None,
    /// See it; write one's own reflection when counted or exempt there.
    See,
    /// Also change it: the managers of the host organisation.
    Run,
}

/// A campaign as its rules need it.
#[derive(Debug, Clone)]
pub struct Campaign {
    /// The organisation whose managers run the campaign.
    pub host: OrgPath,
    /// The target organisations, inside the host; their whole subtrees study.
    pub targets: Vec<OrgPath>,
    pub reflection: ReflectionRule,
    /// The share of counted members that must have studied, 1 to 100.
    pub target_percent: u8,
}

impl Campaign {
    /// Managers of the host run a campaign. Members placed in a target subtree, and whoever
    /// has authority over the host or a target, see it.
    pub fn access(&self, caller: &Caller) -> CampaignAccess {
        if caller.can_manage(&self.host) {
            return CampaignAccess::Run;
        }
        let oversees = std::iter::once(&self.host)
            .chain(&self.targets)
            .any(|org| caller.authority_over(org).is_some());
        let placed =
            self.reaches(&caller.home) || caller.attached.as_ref().is_some_and(|c| self.reaches(c));
        if oversees || placed {
            CampaignAccess::See
        } else {
            CampaignAccess::None
        }
    }

    /// Whether `cell` lies inside a target subtree.
    pub fn reaches(&self, cell: &OrgPath) -> bool {
        self.targets.iter().any(|org| org.contains(cell))
    }

    /// The subtrees counted in a report on `within`: each target's part inside it. Paths
    /// are nested or apart, so the part is the deeper of the two, or nothing.
    pub fn scope(&self, within: &OrgPath) -> Vec<OrgPath> {
        let mut scope: Vec<OrgPath> = Vec::new();
        for target in &self.targets {
            let part = if within.contains(target) {
                target
            } else if target.contains(within) {
                within
            } else {
                continue;
            };
            if !scope.iter().any(|kept| kept.contains(part)) {
                scope.retain(|kept| !part.contains(kept));
                scope.push(part.clone());
            }
        }
        scope
    }

    /// Whether a member is in the denominator: active (exempt members are encouraged, not
    /// required), and placed, at home or attached, in a target subtree.
    pub fn counts(&self, member: Attendee<'_>) -> bool {
        member.status == ActivityStatus::Active && self.places(member)
    }

    /// Whether a member may write a reflection here: counted, or exempt and placed.
    pub fn may_reflect(&self, member: Attendee<'_>) -> bool {
        matches!(
            member.status,
            ActivityStatus::Active | ActivityStatus::Exempt
        ) && self.places(member)
    }

    fn places(&self, member: Attendee<'_>) -> bool {
        self.reaches(member.home) || member.attached.is_some_and(|cell| self.reaches(cell))
    }

    /// Whether a reflection in `status` counts as the campaign asks.
    pub fn reflection_counts(&self, status: Option<ReflectionStatus>) -> bool {
        match self.reflection.counted() {
            None => true,
            Some(counted) => status.is_some_and(|status| counted.contains(&status)),
        }
    }

    /// What a counted member still needs: a session (a make-up one, by now), a reflection,
    /// both, or nothing when they have studied.
    pub fn needs(&self, attended: bool, reflection: Option<ReflectionStatus>) -> Needs {
        Needs {
            session: !attended,
            reflection: !self.reflection_counts(reflection),
        }
    }
}

/// What stands between a counted member and having studied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs {
    /// Has attended none of the campaign's sessions: a make-up session is due.
    pub session: bool,
    /// Has no reflection in a state that counts.
    pub reflection: bool,
}

impl Needs {
    pub fn studied(self) -> bool {
        !self.session && !self.reflection
    }
}

/// The cell a counted member studies in, among `places` (a campaign's targets): the one they
/// are attached to when it lies there (they meet with it), otherwise their own.
pub fn studying_cell<'a>(
    places: &[OrgPath],
    home: &'a OrgPath,
    attached: Option<&'a OrgPath>,
) -> Option<&'a OrgPath> {
    let inside = |cell: &OrgPath| places.iter().any(|part| part.contains(cell));
    attached
        .filter(|cell| inside(cell))
        .or_else(|| Some(home).filter(|cell| inside(cell)))
}

/// The organisation directly below `within` on the way to `cell` (the row of the report a
/// member is counted in), or `within` itself for a member placed right there.
pub fn child_within(within: &OrgPath, cell: &OrgPath) -> Option<OrgPath> {
    if !within.contains(cell) {
        return None;
    }
    let depth = within.depth();
    let mut path = cell.clone();
    while path.depth() > depth + 1 {
        path = path.parent()?;
    }
    Some(path)
}

/// Organisations one campaign may target.
pub const MAX_TARGET_ORGS: usize = 50;
/// Sessions one campaign may link (conferences per cell, make-up sessions).
pub const MAX_SESSIONS: usize = 100;
pub const DEFAULT_TARGET_PERCENT: u8 = 100;

/// The title of a campaign: one line, 1 to 300 characters.
pub fn title(raw: &str) -> Result<String, Invalid> {
    crate::text::single_line(raw, 300)
}

/// The deadline: a date the records can hold.
pub fn deadline(date: chrono::NaiveDate) -> Result<chrono::NaiveDate, Invalid> {
    if crate::member::plausible(date) {
        Ok(date)
    } else {
        Err(crate::member::out_of_range())
    }
}

/// The share to reach, 1 to 100 per cent.
pub fn target_percent(raw: i32) -> Result<u8, Invalid> {
    u8::try_from(raw)
        .ok()
        .filter(|percent| (1..=100).contains(percent))
        .ok_or_else(|| {
            Invalid::new(
                "out_of_range",
                "Chỉ tiêu phải từ 1 đến 100 (%).",
                "Must be from 1 to 100 (per cent).",
            )
        })
}

/// Where a campaign sits in lists, by deadline: the deadline then the id, fixed width, so
/// that text order is the list's order and any cursor text is a place in it.
pub fn list_key(deadline: chrono::NaiveDate, id: crate::ids::CampaignId) -> String {
    format!("{}|{id}", deadline.format("%Y-%m-%d"))
}
