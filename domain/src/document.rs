//! Party documents: resolutions, directives and the rest, with their codes (số hiệu) and, for
//! a resolution, its structure of objectives, key targets, programs and breakthroughs.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::access::Caller;
use crate::ids::OrgId;
use crate::member::string_enum;
use crate::org::OrgPath;
use crate::text;
use crate::validation::Invalid;

pub use crate::text::multi_line;

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

/// Số hiệu: `50-CT/TW`, `339-QĐ/TW`, `01-NQ/ĐH`, `42-HD/BTCTW`. A number, the kind's
/// abbreviation, and after the slash the issuing body's (which may itself hold a hyphen:
/// `NQ/ĐU-UBND` is not a party code, but `05-NQ/ĐU` is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentCode {
    code: String,
    abbreviation_end: usize,
}

impl DocumentCode {
    pub const MAX_LEN: usize = 40;
    /// The rule as a JSON-Schema pattern (before trimming and upper-casing, which the server
    /// does): number, `-`, the kind's letters, `/`, the issuer's letters and digits in parts
    /// joined by `-`.
    pub const PATTERN: &'static str = r"^[0-9]{1,6}-[A-Za-z\u0110\u0111]+/[0-9A-Za-z\u0110\u0111]+(?:-[0-9A-Za-z\u0110\u0111]+)*$";

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let code: String = raw.trim().to_uppercase();
        if code.is_empty() {
            return Err(Invalid::required());
        }
        if code.chars().count() > Self::MAX_LEN {
            return Err(Invalid::too_long(Self::MAX_LEN));
        }
        let malformed = || {
            Invalid::new(
                "invalid_format",
                "Số hiệu có dạng số-loại/cơ quan ban hành, ví dụ 50-CT/TW hoặc 01-NQ/ĐH.",
                "A document code reads number-KIND/ISSUER, e.g. 50-CT/TW or 01-NQ/ĐH.",
            )
        };
        let (number, rest) = code.split_once('-').ok_or_else(malformed)?;
        let (abbreviation, issuer) = rest.split_once('/').ok_or_else(malformed)?;
        let letters = |part: &str| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_uppercase() || c == 'Đ')
        };
        let issuer_ok = issuer.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == 'Đ')
        });
        let number_ok =
            (1..=6).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit());
        if !number_ok || !letters(abbreviation) || !issuer_ok {
            return Err(malformed());
        }
        let abbreviation_end = number.len() + 1 + abbreviation.len();
        Ok(DocumentCode {
            code,
            abbreviation_end,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.code
    }

    /// `CT` of `50-CT/TW`.
    pub fn abbreviation(&self) -> &str {
        let start = self.code.find('-').map_or(0, |dash| dash + 1);
        &self.code[start..self.abbreviation_end]
    }

    /// Refuses a code whose abbreviation names another kind: `50-CT/TW` is no resolution.
    pub fn check_kind(&self, kind: DocumentKind) -> Result<(), Invalid> {
        match kind.abbreviation() {
            Some(expected) if expected != self.abbreviation() => Err(Invalid::new(
                "kind_mismatch",
                format!(
                    "Số hiệu của văn bản loại này mang ký hiệu {expected}, không phải {}.",
                    self.abbreviation()
                ),
                format!(
                    "A code of this kind carries {expected}, not {}.",
                    self.abbreviation()
                ),
            )),
            _ => Ok(()),
        }
    }
}

/// Where a document sits in lists, newest first: the instant it was listed at (its first
/// publication, or its creation while a draft) to the microsecond, fixed-width so that text
/// order is time order, then its id to make it unique. Ids and digits only: it is its own
/// cursor.
pub fn list_key(listed_at: chrono::NaiveDateTime, id: &str) -> String {
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

/// A key target (chỉ tiêu): "GRDP growth, %, baseline 7.5, target 10 by 2030".
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub id: Uuid,
    pub name: String,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target_value: Option<f64>,
    pub deadline: Option<NaiveDate>,
}

/// A key program (chương trình trọng điểm) or a breakthrough (khâu đột phá).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: Uuid,
    pub title: String,
    pub description: Option<String>,
}

/// What a resolution sets out to do. Every target, program and breakthrough keeps its id
/// across edits, so that action plans can point at it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Structure {
    pub objectives: Vec<String>,
    pub targets: Vec<Target>,
    pub programs: Vec<Item>,
    pub breakthroughs: Vec<Item>,
}

/// An item as a client sends it: with the id of the item it edits, or none for a new one.
#[derive(Debug, Clone, Default)]
pub struct TargetDraft {
    pub id: Option<Uuid>,
    pub name: String,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target_value: Option<f64>,
    pub deadline: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default)]
pub struct ItemDraft {
    pub id: Option<Uuid>,
    pub title: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct StructureDraft {
    pub objectives: Vec<String>,
    pub targets: Vec<TargetDraft>,
    pub programs: Vec<ItemDraft>,
    pub breakthroughs: Vec<ItemDraft>,
}

/// One problem of a structure, with where it is: `targets[2].name`.
pub type StructureProblem = (String, Invalid);

impl StructureDraft {
    /// Checks every item and gives ids: an item naming an id must name one of `previous`
    /// (of the same list), so ids stay stable and cannot be forged; a new item gets a new id.
    pub fn resolve(self, previous: &Structure) -> Result<Structure, Vec<StructureProblem>> {
        let mut problems = Vec::new();
        let mut check_count = |list: &str, count: usize| {
            if count > MAX_STRUCTURE_ITEMS {
                problems.push((
                    list.to_owned(),
                    Invalid::new(
                        "too_many_items",
                        format!("Tối đa {MAX_STRUCTURE_ITEMS} mục."),
                        format!("At most {MAX_STRUCTURE_ITEMS} items."),
                    ),
                ));
            }
        };
        check_count("objectives", self.objectives.len());
        check_count("targets", self.targets.len());
        check_count("programs", self.programs.len());
        check_count("breakthroughs", self.breakthroughs.len());
        if !problems.is_empty() {
            return Err(problems);
        }

        let mut objectives = Vec::new();
        for (index, objective) in self.objectives.iter().enumerate() {
            match multi_line(objective, MAX_ITEM_TEXT_LEN) {
                Ok(Some(text)) => objectives.push(text),
                Ok(None) => problems.push((format!("objectives[{index}]"), Invalid::required())),
                Err(invalid) => problems.push((format!("objectives[{index}]"), invalid)),
            }
        }
        let known_targets: Vec<Uuid> = previous.targets.iter().map(|t| t.id).collect();
        let mut targets = Vec::new();
        let mut used = Vec::new();
        for (index, draft) in self.targets.into_iter().enumerate() {
            let at = |field: &str| format!("targets[{index}].{field}");
            let id = match stable_id(draft.id, &known_targets, &mut used) {
                Ok(id) => id,
                Err(invalid) => {
                    problems.push((at("id"), invalid));
                    continue;
                }
            };
            let name = text::single_line(&draft.name, MAX_ITEM_TEXT_LEN)
                .map_err(|invalid| problems.push((at("name"), invalid)));
            let unit = draft
                .unit
                .as_deref()
                .map(|unit| text::single_line(unit, 50))
                .transpose()
                .map_err(|invalid| problems.push((at("unit"), invalid)));
            for (field, value) in [
                ("baseline", draft.baseline),
                ("target_value", draft.target_value),
            ] {
                if value.is_some_and(|v| !v.is_finite() || v.abs() > MAX_TARGET_MAGNITUDE) {
                    problems.push((
                        at(field),
                        Invalid::new(
                            "out_of_range",
                            "Giá trị phải từ -10^15 đến 10^15.",
                            "The value must be from -10^15 to 10^15.",
                        ),
                    ));
                }
            }
            if draft
                .deadline
                .is_some_and(|date| !crate::member::plausible(date))
            {
                problems.push((at("deadline"), crate::member::out_of_range()));
            }
            if let (Ok(name), Ok(unit)) = (name, unit) {
                targets.push(Target {
                    id,
                    name,
                    unit,
                    baseline: draft.baseline,
                    target_value: draft.target_value,
                    deadline: draft.deadline,
                });
            }
        }
        let programs = resolve_items("programs", self.programs, &previous.programs, &mut problems);
        let breakthroughs = resolve_items(
            "breakthroughs",
            self.breakthroughs,
            &previous.breakthroughs,
            &mut problems,
        );
        if problems.is_empty() {
            Ok(Structure {
                objectives,
                targets,
                programs,
                breakthroughs,
            })
        } else {
            Err(problems)
        }
    }
}

fn resolve_items(
    list: &str,
    drafts: Vec<ItemDraft>,
    previous: &[Item],
    problems: &mut Vec<StructureProblem>,
) -> Vec<Item> {
    let known: Vec<Uuid> = previous.iter().map(|item| item.id).collect();
    let mut used = Vec::new();
    let mut items = Vec::new();
    for (index, draft) in drafts.into_iter().enumerate() {
        let at = |field: &str| format!("{list}[{index}].{field}");
        let id = match stable_id(draft.id, &known, &mut used) {
            Ok(id) => id,
            Err(invalid) => {
                problems.push((at("id"), invalid));
                continue;
            }
        };
        let title = text::single_line(&draft.title, MAX_ITEM_TEXT_LEN);
        let description = draft
            .description
            .as_deref()
            .map(|text| multi_line(text, MAX_SUMMARY_LEN))
            .transpose();
        match (title, description) {
            (Ok(title), Ok(description)) => items.push(Item {
                id,
                title,
                description: description.flatten(),
            }),
            (title, description) => {
                if let Err(invalid) = title {
                    problems.push((at("title"), invalid));
                }
                if let Err(invalid) = description {
                    problems.push((at("description"), invalid));
                }
            }
        }
    }
    items
}

/// The id an item keeps: its own when it names one of `known` (once), a new one otherwise.
fn stable_id(claimed: Option<Uuid>, known: &[Uuid], used: &mut Vec<Uuid>) -> Result<Uuid, Invalid> {
    let Some(id) = claimed else {
        return Ok(Uuid::now_v7());
    };
    if !known.contains(&id) {
        return Err(Invalid::new(
            "unknown_id",
            "Không có mục nào mang mã này trong văn bản; bỏ mã để thêm mục mới.",
            "No item of this document has this id; leave the id out to add an item.",
        ));
    }
    if used.contains(&id) {
        return Err(Invalid::new(
            "duplicate_id",
            "Mã mục này xuất hiện hai lần.",
            "This item id appears twice.",
        ));
    }
    used.push(id);
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::HeldRole;
    use crate::role::Role;

    #[test]
    fn list_keys_sort_by_time_then_id() {
        let at = |micros: u32| {
            NaiveDate::from_ymd_opt(2025, 9, 9)
                .unwrap()
                .and_hms_micro_opt(7, 30, 0, micros)
                .unwrap()
        };
        let key = list_key(at(5), "0199-a");
        assert_eq!(key, "202509090730000000050199-a");
        assert!(list_key(at(5), "0199-a") < list_key(at(10), "0000-a"));
        assert!(list_key(at(5), "0199-a") < list_key(at(5), "0199-b"));
    }

    #[test]
    fn codes_parse_the_party_forms_and_name_their_kind() {
        for (raw, abbreviation) in [
            ("50-CT/TW", "CT"),
            ("339-qđ/tw", "QĐ"),
            (" 01-NQ/ĐH ", "NQ"),
            ("42-HD/BTCTW", "HD"),
            ("05-NQ/ĐU-P", "NQ"),
        ] {
            let code = DocumentCode::parse(raw).unwrap();
            assert_eq!(code.abbreviation(), abbreviation, "{raw}");
        }
        assert_eq!(
            DocumentCode::parse("339-qđ/tw").unwrap().as_str(),
            "339-QĐ/TW"
        );
        for raw in [
            "", "CT/TW", "50-CT", "50CT/TW", "50-/TW", "x-CT/TW", "50-CT/", "50-C1/TW",
        ] {
            assert!(DocumentCode::parse(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn a_code_must_carry_its_kinds_abbreviation() {
        let directive = DocumentCode::parse("50-CT/TW").unwrap();
        assert!(directive.check_kind(DocumentKind::Directive).is_ok());
        assert!(directive.check_kind(DocumentKind::Other).is_ok());
        assert_eq!(
            directive
                .check_kind(DocumentKind::Resolution)
                .unwrap_err()
                .code,
            "kind_mismatch"
        );
    }

    fn reader(home: &OrgPath, attached: Option<&OrgPath>, roles: Vec<HeldRole>) -> Caller {
        Caller {
            member_id: crate::ids::MemberId::new(),
            home: home.clone(),
            attached: attached.cloned(),
            roles,
        }
    }

    #[test]
    fn a_document_reaches_the_subtrees_it_was_published_to_and_its_managers() {
        let ward = OrgPath::root(OrgId::new());
        let (cell_1, cell_2) = (ward.child(OrgId::new()), ward.child(OrgId::new()));
        let elsewhere = OrgPath::root(OrgId::new()).child(OrgId::new());
        use DocumentStatus::{Archived, Draft, Published};

        let member = reader(&cell_1, None, Vec::new());
        assert_eq!(
            access(&member, &ward, Published, std::slice::from_ref(&ward)),
            DocumentAccess::Read
        );
        assert_eq!(
            access(&member, &ward, Archived, std::slice::from_ref(&cell_1)),
            DocumentAccess::Read
        );
        assert_eq!(
            access(&member, &ward, Published, std::slice::from_ref(&cell_2)),
            DocumentAccess::None
        );
        assert_eq!(
            access(&member, &ward, Draft, std::slice::from_ref(&ward)),
            DocumentAccess::None
        );

        // Sinh hoạt tạm thời: the host cell's publications reach the visitor too.
        let visitor = reader(&elsewhere, Some(&cell_2), Vec::new());
        assert_eq!(
            access(&visitor, &ward, Published, std::slice::from_ref(&cell_2)),
            DocumentAccess::Read
        );

        let secretary = reader(
            &cell_1,
            None,
            vec![HeldRole {
                role: Role::Secretary,
                at: Some(ward.clone()),
            }],
        );
        assert_eq!(
            access(&secretary, &cell_2, Draft, &[]),
            DocumentAccess::Manage
        );
        let cell_secretary = reader(
            &cell_1,
            None,
            vec![HeldRole {
                role: Role::Secretary,
                at: Some(cell_1.clone()),
            }],
        );
        assert_eq!(
            access(&cell_secretary, &ward, Draft, &[]),
            DocumentAccess::None
        );
        assert_eq!(
            access(
                &cell_secretary,
                &ward,
                Published,
                std::slice::from_ref(&ward)
            ),
            DocumentAccess::Read
        );

        let mut orgs = reader_orgs(&visitor);
        orgs.sort();
        let mut expected: Vec<OrgId> = elsewhere.ids().chain(cell_2.ids()).collect();
        expected.sort();
        assert_eq!(orgs, expected);
    }

    fn program(id: Option<Uuid>, title: &str) -> ItemDraft {
        ItemDraft {
            id,
            title: title.to_owned(),
            description: None,
        }
    }

    #[test]
    fn structure_ids_stay_stable_across_edits_and_cannot_be_forged() {
        let first = StructureDraft {
            objectives: vec!["Xây dựng phường phát triển nhanh, bền vững".to_owned()],
            targets: vec![TargetDraft {
                name: "Tỷ lệ hộ nghèo".to_owned(),
                unit: Some("%".to_owned()),
                target_value: Some(0.0),
                ..TargetDraft::default()
            }],
            programs: vec![
                program(None, "Chương trình 1"),
                program(None, "Chương trình 2"),
            ],
            breakthroughs: vec![],
        }
        .resolve(&Structure::default())
        .unwrap();
        let kept = first.programs[1].id;

        let edited = StructureDraft {
            programs: vec![
                program(Some(kept), "Chương trình 2 (sửa)"),
                program(None, "Mới"),
            ],
            ..StructureDraft::default()
        }
        .resolve(&first)
        .unwrap();
        assert_eq!(edited.programs[0].id, kept);
        assert_eq!(edited.programs[0].title, "Chương trình 2 (sửa)");
        assert_ne!(edited.programs[1].id, first.programs[0].id);

        let forged = StructureDraft {
            programs: vec![program(Some(first.targets[0].id), "Giả")],
            ..StructureDraft::default()
        }
        .resolve(&first)
        .unwrap_err();
        assert_eq!(forged[0].0, "programs[0].id");
        assert_eq!(forged[0].1.code, "unknown_id");

        let twice = StructureDraft {
            programs: vec![program(Some(kept), "A"), program(Some(kept), "B")],
            ..StructureDraft::default()
        }
        .resolve(&first)
        .unwrap_err();
        assert_eq!(twice[0].1.code, "duplicate_id");
    }

    #[test]
    fn every_problem_of_a_structure_is_reported_with_its_place() {
        let problems = StructureDraft {
            objectives: vec!["  ".to_owned()],
            targets: vec![TargetDraft {
                name: String::new(),
                baseline: Some(f64::NAN),
                ..TargetDraft::default()
            }],
            programs: vec![program(None, "a\u{0}b")],
            breakthroughs: vec![],
        }
        .resolve(&Structure::default())
        .unwrap_err();
        let places: Vec<&str> = problems.iter().map(|(at, _)| at.as_str()).collect();
        assert_eq!(
            places,
            [
                "objectives[0]",
                "targets[0].name",
                "targets[0].baseline",
                "programs[0].title"
            ]
        );
    }
}
