//! Which hosted objects (sessions, campaigns) a caller may list: the same shape for each.

use sotay_domain::ids::OrgId;
use sotay_domain::org::OrgPath;

/// Which objects hosted by an organisation and reaching others a caller may list.
#[derive(Debug, Default)]
pub struct ListScope {
    /// Every one (the system administrator).
    pub everything: bool,
    /// Subtrees the caller manages: objects hosted there, drafts included.
    pub runs: Vec<OrgPath>,
    /// Subtrees the caller has authority over: published objects hosted there or reaching an
    /// organisation there.
    pub oversees: Vec<OrgPath>,
    /// The caller's own cells and every organisation above them: published objects reaching
    /// one of them reach the caller.
    pub reached_through: Vec<OrgId>,
}
