//! The organisation tree: committees, cells and party groups, at any depth.

use std::fmt;

use crate::ids::OrgId;
use crate::text;
use crate::validation::Invalid;

/// What an organisation is. The tree is general (the 2025 reform removed the district level and
/// may change again): only the parent-child combinations below are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgKind {
    /// Đảng bộ: a party committee of any level (province, ward, commune, agency).
    Committee,
    /// Chi bộ cơ sở: a grassroots unit that is a single cell, with no cells below it.
    GrassrootsCell,
    /// Chi bộ: a cell under a committee.
    Cell,
    /// Tổ đảng: a party group inside a cell.
    PartyGroup,
}

impl OrgKind {
    pub const ALL: [OrgKind; 4] = [
        OrgKind::Committee,
        OrgKind::GrassrootsCell,
        OrgKind::Cell,
        OrgKind::PartyGroup,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Committee => "committee",
            OrgKind::GrassrootsCell => "grassroots_cell",
            OrgKind::Cell => "cell",
            OrgKind::PartyGroup => "party_group",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        OrgKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == raw)
            .ok_or_else(|| Invalid::not_one_of(&OrgKind::ALL.map(OrgKind::as_str)))
    }

    /// Whether members belong here: every member's party life is in one cell.
    pub fn is_cell(self) -> bool {
        matches!(self, OrgKind::Cell | OrgKind::GrassrootsCell)
    }

    /// [`OrgKind::is_cell`] as the rule a member's cell (own or attached) must meet.
    pub fn holds_members(self) -> Result<(), Invalid> {
        if self.is_cell() {
            return Ok(());
        }
        Err(Invalid::new(
            "not_a_cell",
            "Đảng viên sinh hoạt ở chi bộ, không ở đảng bộ hay tổ đảng.",
            "Members belong to a cell, not a committee or party group.",
        ))
    }

    /// Whether an organisation of this kind may sit under `parent` (`None`: at the top).
    pub fn may_sit_under(self, parent: Option<OrgKind>) -> Result<(), Invalid> {
        let allowed = matches!(
            (self, parent),
            (OrgKind::Committee, None | Some(OrgKind::Committee))
                | (
                    OrgKind::GrassrootsCell | OrgKind::Cell,
                    Some(OrgKind::Committee)
                )
                | (
                    OrgKind::PartyGroup,
                    Some(OrgKind::Cell | OrgKind::GrassrootsCell)
                )
        );
        if allowed {
            return Ok(());
        }
        let (vi, en) = match self {
            OrgKind::Committee => (
                "Đảng bộ chỉ nằm dưới một đảng bộ khác.",
                "A committee sits only under another committee.",
            ),
            OrgKind::GrassrootsCell | OrgKind::Cell => (
                "Chi bộ phải nằm dưới một đảng bộ.",
                "A cell must sit under a committee.",
            ),
            OrgKind::PartyGroup => (
                "Tổ đảng phải nằm trong một chi bộ.",
                "A party group must sit inside a cell.",
            ),
        };
        Err(Invalid::new("invalid_parent", vi, en))
    }
}

impl fmt::Display for OrgKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// A short code unique across the system, e.g. `HA-CB05` (letters, digits, `-`, `_`, `.`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrgCode(String);

impl OrgCode {
    pub const MAX_LEN: usize = 32;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let code = raw.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(Invalid::required());
        }
        if code.len() > Self::MAX_LEN {
            return Err(Invalid::too_long(Self::MAX_LEN));
        }
        if !code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        {
            return Err(Invalid::new(
                "invalid_format",
                "Mã chỉ gồm chữ cái không dấu, chữ số và các dấu - _ .",
                "A code holds only letters A-Z, digits and - _ .",
            ));
        }
        Ok(OrgCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The organisation's name, e.g. "Chi bộ Tổ dân phố 5".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgName(String);

impl OrgName {
    pub const MAX_LEN: usize = 200;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        text::single_line(raw, Self::MAX_LEN).map(OrgName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The materialised path of an organisation: the ids from the root down to it, `/a/b/c/`.
///
/// "Is X inside Y" is a prefix test, and "everything under Y" is one index range scan, at any
/// depth, with no recursive query.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrgPath(String);

impl OrgPath {
    /// How deep the tree may go. The real party hierarchy is five or six levels (central,
    /// province, commune, cell, group); the bound keeps every path and `ancestor_ids` list
    /// small.
    pub const MAX_DEPTH: usize = 12;

    /// Refuses a depth beyond `MAX_DEPTH`.
    pub fn check_depth(depth: usize) -> Result<(), Invalid> {
        if depth > Self::MAX_DEPTH {
            return Err(Invalid::new(
                "too_deep",
                "Cây tổ chức không được sâu quá 12 cấp.",
                "The organisation tree may be at most 12 levels deep.",
            ));
        }
        Ok(())
    }

    pub fn root(id: OrgId) -> Self {
        OrgPath(format!("/{id}/"))
    }

    pub fn child(&self, id: OrgId) -> Self {
        OrgPath(format!("{}{id}/", self.0))
    }

    /// Reads a stored path, checking its shape.
    pub fn parse(raw: &str) -> Option<Self> {
        let inner = raw.strip_prefix('/')?.strip_suffix('/')?;
        inner
            .split('/')
            .all(|segment| segment.parse::<OrgId>().is_ok())
            .then(|| OrgPath(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for the organisation itself and everything below it.
    pub fn contains(&self, other: &OrgPath) -> bool {
        other.0.starts_with(&self.0)
    }

    /// The organisation this path ends at.
    pub fn id(&self) -> Option<OrgId> {
        self.ids().last()
    }

    /// From the root down to this organisation.
    pub fn ids(&self) -> impl Iterator<Item = OrgId> + '_ {
        self.0
            .split('/')
            .filter(|segment| !segment.is_empty())
            .filter_map(|segment| segment.parse().ok())
    }

    /// The path of the parent; `None` at the top.
    pub fn parent(&self) -> Option<OrgPath> {
        let inner = self.0.strip_suffix('/')?;
        let cut = inner.rfind('/')?;
        (cut > 0).then(|| OrgPath(self.0[..=cut].to_owned()))
    }

    pub fn depth(&self) -> usize {
        self.ids().count()
    }

    /// The exclusive upper bound of the paths inside this one: `path >= self AND path < bound`
    /// selects the subtree with an ordinary index, on any backend. `0` sorts right after `/`.
    pub fn subtree_upper_bound(&self) -> String {
        let mut bound = self.0.clone();
        bound.pop();
        bound.push('0');
        bound
    }

    /// This path with `old_prefix` replaced by `new_prefix`, for moving a subtree.
    pub fn rebased(&self, old_prefix: &OrgPath, new_prefix: &OrgPath) -> Option<OrgPath> {
        self.0
            .strip_prefix(&old_prefix.0)
            .map(|rest| OrgPath(format!("{}{rest}", new_prefix.0)))
    }
}

impl fmt::Display for OrgPath {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_unknown_kinds_are_listed() {
        for kind in OrgKind::ALL {
            assert_eq!(OrgKind::parse(kind.as_str()).unwrap(), kind);
        }
        let invalid = OrgKind::parse("district").unwrap_err();
        assert_eq!(invalid.code, "not_allowed");
        assert!(
            invalid
                .en
                .contains("committee, grassroots_cell, cell, party_group")
        );
    }

    #[test]
    fn the_tree_keeps_cells_under_committees_and_groups_in_cells() {
        use OrgKind::*;
        assert!(Committee.may_sit_under(None).is_ok());
        assert!(Committee.may_sit_under(Some(Committee)).is_ok());
        assert!(Cell.may_sit_under(Some(Committee)).is_ok());
        assert!(GrassrootsCell.may_sit_under(Some(Committee)).is_ok());
        assert!(PartyGroup.may_sit_under(Some(Cell)).is_ok());
        assert!(PartyGroup.may_sit_under(Some(GrassrootsCell)).is_ok());

        assert!(Cell.may_sit_under(None).is_err());
        assert!(Cell.may_sit_under(Some(Cell)).is_err());
        assert!(Committee.may_sit_under(Some(Cell)).is_err());
        assert!(PartyGroup.may_sit_under(Some(Committee)).is_err());
        assert!(PartyGroup.may_sit_under(Some(PartyGroup)).is_err());
    }

    #[test]
    fn codes_are_upper_case_and_plain() {
        assert_eq!(OrgCode::parse(" ha-cb05 ").unwrap().as_str(), "HA-CB05");
        assert_eq!(OrgCode::parse("Chi bộ").unwrap_err().code, "invalid_format");
        assert_eq!(OrgCode::parse("").unwrap_err().code, "required");
        assert_eq!(
            OrgCode::parse(&"A".repeat(33)).unwrap_err().code,
            "too_long"
        );
    }

    #[test]
    fn a_path_contains_its_subtree_and_nothing_else() {
        let (ward, cell, other) = (OrgId::new(), OrgId::new(), OrgId::new());
        let ward_path = OrgPath::root(ward);
        let cell_path = ward_path.child(cell);
        let other_path = OrgPath::root(other);
        assert!(ward_path.contains(&ward_path));
        assert!(ward_path.contains(&cell_path));
        assert!(!cell_path.contains(&ward_path));
        assert!(!other_path.contains(&cell_path));
        assert_eq!(cell_path.ids().collect::<Vec<_>>(), vec![ward, cell]);
        assert_eq!(cell_path.id(), Some(cell));
        assert_eq!(cell_path.depth(), 2);
        assert_eq!(cell_path.parent(), Some(ward_path.clone()));
        assert_eq!(ward_path.parent(), None);
    }

    #[test]
    fn the_subtree_bound_sorts_after_every_descendant_and_before_siblings() {
        let ward = OrgPath::root(OrgId::new());
        let bound = ward.subtree_upper_bound();
        for _ in 0..50 {
            let child = ward.child(OrgId::new());
            assert!(ward.as_str() <= child.as_str() && child.as_str() < bound.as_str());
            let grandchild = child.child(OrgId::new());
            assert!(grandchild.as_str() < bound.as_str());
            let sibling = OrgPath::root(OrgId::new());
            assert!(!(ward.as_str() <= sibling.as_str() && sibling.as_str() < bound.as_str()));
        }
    }

    #[test]
    fn paths_parse_only_in_their_own_shape_and_rebase() {
        let (a, b, c) = (OrgId::new(), OrgId::new(), OrgId::new());
        let path = OrgPath::root(a).child(b);
        assert_eq!(OrgPath::parse(path.as_str()), Some(path.clone()));
        assert_eq!(OrgPath::parse("/not-an-id/"), None);
        assert_eq!(OrgPath::parse("no-slashes"), None);
        let moved = path.rebased(&OrgPath::root(a), &OrgPath::root(c)).unwrap();
        assert_eq!(moved, OrgPath::root(c).child(b));
    }
}
