//! A resolution's structure: objectives, key targets, programs and breakthroughs, each keeping
//! its id across edits.

use chrono::NaiveDate;
use uuid::Uuid;

use super::{
    MAX_ITEM_TEXT_LEN, MAX_STRUCTURE_ITEMS, MAX_SUMMARY_LEN, MAX_TARGET_MAGNITUDE, multi_line,
};
use crate::text;
use crate::validation::Invalid;

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
