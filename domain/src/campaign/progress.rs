//! A campaign's progress in a subtree: how many are counted, how many attended a session,
//! how many have a reflection that counts, and how many have studied, overall and for each
//! organisation directly below.

use std::collections::BTreeMap;

use super::{Campaign, child_within, studying_cell};
use crate::org::OrgPath;

/// The counts of one organisation, or of the whole subtree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Counted members (the denominator): active, placed in a target subtree, each once.
    pub expected: i64,
    /// Of them, those who attended (present or late) one of the campaign's sessions.
    pub attended: i64,
    /// Of them, those whose reflection counts (all of them when none is required).
    pub reflected: i64,
    /// Of them, those who have studied: attended, and reflected.
    pub studied: i64,
}

impl Tally {
    /// Studied, in per cent of the counted, to one decimal; 0 when none is counted.
    pub fn percent(&self) -> f64 {
        if self.expected == 0 {
            return 0.0;
        }
        // Rounded down, so that 100.0 means everyone, never "nearly everyone".
        let tenths = self.studied * 1_000 / self.expected;
        tenths as f64 / 10.0
    }

    /// Whether the studied reach `target_percent` of the counted (exactly, in integers).
    pub fn reaches(&self, target_percent: u8) -> bool {
        self.expected > 0 && self.studied * 100 >= i64::from(target_percent) * self.expected
    }

    /// Those still needing a session: a make-up one.
    pub fn need_session(&self) -> i64 {
        self.expected - self.attended
    }

    /// Those still needing a reflection that counts.
    pub fn need_reflection(&self) -> i64 {
        self.expected - self.reflected
    }
}

/// The report on one subtree, filled from counts of members grouped by where they sit.
#[derive(Debug, Clone)]
pub struct Progress {
    pub within: OrgPath,
    /// The targets' parts inside `within`: what storage selects from.
    pub scope: Vec<OrgPath>,
    /// The campaign's targets: where a member studies is decided against them, so that a
    /// member is counted in the same place whichever subtree is reported on.
    pub targets: Vec<OrgPath>,
    pub overall: Tally,
    /// By the organisation directly below `within` (or `within` itself for members placed
    /// right there), in path order.
    pub by_child: BTreeMap<OrgPath, Tally>,
}

impl Progress {
    pub fn new(campaign: &Campaign, within: &OrgPath) -> Progress {
        Progress {
            within: within.clone(),
            scope: campaign.scope(within),
            targets: campaign.targets.clone(),
            overall: Tally::default(),
            by_child: BTreeMap::new(),
        }
    }

    /// The cell a member studies in, if it lies inside `within`: storage selects generously
    /// (home or attached in scope), the rule decides.
    pub fn cell_of<'a>(
        &self,
        home: &'a OrgPath,
        attached: Option<&'a OrgPath>,
    ) -> Option<&'a OrgPath> {
        studying_cell(&self.targets, home, attached).filter(|cell| self.within.contains(cell))
    }

    /// Adds the counts of members sitting alike (same cell, same attachment). A member who
    /// studies outside `within` is not counted here.
    pub fn add(&mut self, home: &OrgPath, attached: Option<&OrgPath>, tally: Tally) {
        let Some(cell) = self.cell_of(home, attached) else {
            return;
        };
        let Some(child) = child_within(&self.within, cell) else {
            return;
        };
        for sum in [&mut self.overall, self.by_child.entry(child).or_default()] {
            sum.expected += tally.expected;
            sum.attended += tally.attended;
            sum.reflected += tally.reflected;
            sum.studied += tally.studied;
        }
    }
}
