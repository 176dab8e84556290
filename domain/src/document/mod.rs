//! Party documents: resolutions, directives and the rest, with their codes (số hiệu) and, for
//! a resolution, its structure of objectives, key targets, programs and breakthroughs.

use chrono::NaiveDate;

use crate::access::Caller;
use crate::ids::OrgId;
use crate::member::string_enum;
use crate::org::OrgPath;
use crate::text;
use crate::validation::Invalid;

pub use crate::text::multi_line;

mod code;
mod lifecycle;
mod structure;

pub use code::DocumentCode;
pub use lifecycle::{Change, Lifecycle, Refusal};
pub use structure::*;

string_enum!(
    /// What a document is; the code's middle part names it (`NQ`, `CT`, …).
    DocumentKind {
        /// Nghị quyết.
        Resolution => "resolution",
        /// Chỉ thị.
        Directive => "directive",
        /// Quy định.
        Regulation => "regulation",
        /// Hướng dẫn.
        Guidance => "guidance",
        /// Kết luận.
        Conclusion => "conclusion",
        /// Kế hoạch.
        Plan => "plan",
        /// Thông báo.
        Notice => "notice",
        /// Anything else (quyết định, công văn, tài liệu…).
        Other => "other",
    }
);

impl DocumentKind {
    /// The abbreviation a code of this kind carries: `50-CT/TW` is a directive. `None` for
    /// `other`, which takes any.
    pub fn abbreviation(self) -> Option<&'static str> {
        match self {
            DocumentKind::Resolution => Some("NQ"),
            DocumentKind::Directive => Some("CT"),
            DocumentKind::Regulation => Some("QĐ"),
            DocumentKind::Guidance => Some("HD"),
            DocumentKind::Conclusion => Some("KL"),
            DocumentKind::Plan => Some("KH"),
            DocumentKind::Notice => Some("TB"),
            DocumentKind::Other => None,
        }
    }
}

string_enum!(
    /// Where a document is in its life. Drafts are seen by managers only; archived documents
    /// stay readable but are no longer asked of anyone.
    DocumentStatus {
        Draft => "draft",
        Published => "published",
        Archived => "archived",
    }
);

/// What a caller may do with one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DocumentAccess {
    /// Nothing: the document answers 404, as one that does not exist.
    None,
    /// Read it, record reading it, acknowledge it.
    Read,
    /// Also edit, publish and archive it: managers of the organisation that owns it. (The
    /// readership of a subtree is for whoever manages that subtree and may read the document.)
    Manage,
}

/// The rule: managers of the owning organisation's subtree manage a document in any state;
/// a member reads a published or archived one when it was published to an organisation that
/// holds their own cell, or the cell they are temporarily attached to.
pub fn access(
    caller: &Caller,
    owner: &OrgPath,
    status: DocumentStatus,
    published_to: &[OrgPath],
) -> DocumentAccess {
    if caller.can_manage(owner) {
        return DocumentAccess::Manage;
    }
    let reaches_me = published_to.iter().any(|target| reaches(caller, target));
    if status != DocumentStatus::Draft && reaches_me {
        DocumentAccess::Read
    } else {
        DocumentAccess::None
    }
}

/// Whether a publication to `target` reaches the caller as a reader: it holds their own cell,
/// or the cell they are temporarily attached to.
pub fn reaches(caller: &Caller, target: &OrgPath) -> bool {
    target.contains(&caller.home)
        || caller
            .attached
            .as_ref()
            .is_some_and(|attached| target.contains(attached))
}

/// Whether the caller must read a document, and by when: the strongest terms of the
/// publications (`required`, `due_on`, where) that reach them. Only a published document is
/// asked of anyone: a draft or an archived one is required of no one.
pub fn required_of(
    caller: &Caller,
    status: DocumentStatus,
    publications: &[(bool, Option<NaiveDate>, &OrgPath)],
) -> (bool, Option<NaiveDate>) {
    if status != DocumentStatus::Published {
        return (false, None);
    }
    let mut required = false;
    let mut due_on: Option<NaiveDate> = None;
    for (_, due, _) in publications
        .iter()
        .filter(|(required, _, target)| *required && reaches(caller, target))
    {
        required = true;
        due_on = match (due_on, *due) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    (required, due_on)
}

/// The organisations whose documents reach the caller as a reader: every organisation on the
/// path to their own cell and to the cell they are attached to. A list query asks for
/// documents published to any of them.
pub fn reader_orgs(caller: &Caller) -> Vec<OrgId> {
    let mut orgs: Vec<OrgId> = caller.home.ids().collect();
    for id in caller.attached.iter().flat_map(OrgPath::ids) {
        if !orgs.contains(&id) {
            orgs.push(id);
        }
    }
    orgs
}

/// Where a document sits in lists, newest first: the instant it was listed at (its first
/// publication, or its creation while a draft) to the microsecond, fixed-width so that text
/// order is time order, then its id to make it unique. Ids and digits only: it is its own
/// cursor.
pub fn list_key(listed_at: chrono::NaiveDateTime, id: impl std::fmt::Display) -> String {
    format!("{}{id}", listed_at.format("%Y%m%d%H%M%S%6f"))
}

/// What document search looks in, folded: the code, title, issuer and summary.
pub fn search_text(code: &str, title: &str, issuer: &str, summary: Option<&str>) -> String {
    text::fold_for_search(&format!(
        "{code} {title} {issuer} {}",
        summary.unwrap_or("")
    ))
}

/// A target's baseline and target values: wide enough for any indicator (money in đồng
/// included), and exactly representable, so that every value stored reads back the same.
pub const MAX_TARGET_MAGNITUDE: f64 = 1e15;

pub const MAX_TITLE_LEN: usize = 500;
pub const MAX_ISSUER_LEN: usize = 200;
pub const MAX_SUMMARY_LEN: usize = 5_000;
/// The Markdown text: room for a resolution's main text within the 256 KiB a JSON request may
/// carry (Vietnamese takes two to three bytes a character). A longer full text belongs in an
/// attachment.
pub const MAX_BODY_LEN: usize = 80_000;
/// Items in each list of a resolution's structure.
pub const MAX_STRUCTURE_ITEMS: usize = 50;
/// Every version of a published document is kept whole, so their number is bounded: a
/// document edited this often is better issued anew.
pub const MAX_VERSIONS: i32 = 200;
pub const MAX_ITEM_TEXT_LEN: usize = 2_000;

pub fn title(raw: &str) -> Result<String, Invalid> {
    text::single_line(raw, MAX_TITLE_LEN)
}

pub fn issuer(raw: &str) -> Result<String, Invalid> {
    text::single_line(raw, MAX_ISSUER_LEN)
}

#[cfg(test)]
mod tests;
