//! JSON this server keeps in text columns: a resolution's structure, and the files a published
//! version carried. These are storage formats, owned here and versioned (`format`), not the
//! API's wire types: renaming a field of the API changes nothing stored. A stored value that
//! does not read is an error, never an empty default: the next edit would otherwise give a
//! resolution's targets new ids and lose what referred to them.
//!
//! Format 1 is what the server wrote before the field existed, so a value without `format`
//! reads as 1.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sotay_domain::attachment::FileKind;
use sotay_domain::document::{Item, Structure, Target};
use uuid::Uuid;

const CURRENT_FORMAT: u32 = 1;

/// A stored value this build cannot read: a bug or a newer server's format, never the caller's.
#[derive(Debug, thiserror::Error)]
#[error("stored {what} does not read: {cause}")]
pub struct UnreadableValue {
    what: &'static str,
    cause: String,
}

fn format_one() -> u32 {
    1
}

#[derive(Serialize, Deserialize)]
struct StructureV1 {
    #[serde(default = "format_one")]
    format: u32,
    #[serde(default)]
    objectives: Vec<String>,
    #[serde(default)]
    targets: Vec<TargetV1>,
    #[serde(default)]
    programs: Vec<ItemV1>,
    #[serde(default)]
    breakthroughs: Vec<ItemV1>,
}

#[derive(Serialize, Deserialize)]
struct TargetV1 {
    id: Uuid,
    name: String,
    unit: Option<String>,
    baseline: Option<f64>,
    target_value: Option<f64>,
    deadline: Option<NaiveDate>,
}

#[derive(Serialize, Deserialize)]
struct ItemV1 {
    id: Uuid,
    title: String,
    description: Option<String>,
}

fn unreadable(what: &'static str, cause: impl std::fmt::Display) -> UnreadableValue {
    UnreadableValue {
        what,
        cause: cause.to_string(),
    }
}

/// A resolution's structure as the `structure` column keeps it.
pub fn structure_json(structure: &Structure) -> String {
    let item = |item: &Item| ItemV1 {
        id: item.id,
        title: item.title.clone(),
        description: item.description.clone(),
    };
    let stored = StructureV1 {
        format: CURRENT_FORMAT,
        objectives: structure.objectives.clone(),
        targets: structure
            .targets
            .iter()
            .map(|target| TargetV1 {
                id: target.id,
                name: target.name.clone(),
                unit: target.unit.clone(),
                baseline: target.baseline,
                target_value: target.target_value,
                deadline: target.deadline,
            })
            .collect(),
        programs: structure.programs.iter().map(item).collect(),
        breakthroughs: structure.breakthroughs.iter().map(item).collect(),
    };
    // Strings, numbers and ids only: serialising cannot fail.
    serde_json::to_string(&stored).unwrap_or_default()
}

/// The structure a `structure` column holds (`None`: the document has none).
pub fn structure_of(json: Option<&str>) -> Result<Structure, UnreadableValue> {
    let Some(json) = json else {
        return Ok(Structure::default());
    };
    let stored: StructureV1 =
        serde_json::from_str(json).map_err(|error| unreadable("structure", error))?;
    if stored.format != CURRENT_FORMAT {
        return Err(unreadable(
            "structure",
            format!("format {} is not known", stored.format),
        ));
    }
    let item = |item: ItemV1| Item {
        id: item.id,
        title: item.title,
        description: item.description,
    };
    Ok(Structure {
        objectives: stored.objectives,
        targets: stored
            .targets
            .into_iter()
            .map(|target| Target {
                id: target.id,
                name: target.name,
                unit: target.unit,
                baseline: target.baseline,
                target_value: target.target_value,
                deadline: target.deadline,
            })
            .collect(),
        programs: stored.programs.into_iter().map(item).collect(),
        breakthroughs: stored.breakthroughs.into_iter().map(item).collect(),
    })
}

/// A file a published version carried, as the version keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionFile {
    pub id: String,
    pub file_name: String,
    pub kind: FileKind,
    pub size_bytes: i64,
    pub sha256: String,
}

/// Format 1 has no `format` field: it is a bare list, as the server wrote it from the start.
#[derive(Serialize, Deserialize)]
struct FileV1 {
    id: String,
    file_name: String,
    content_type: String,
    size_bytes: i64,
    sha256: String,
}

/// A version's files as the `attachments` column keeps them.
pub fn files_json(files: &[VersionFile]) -> String {
    let stored: Vec<FileV1> = files
        .iter()
        .map(|file| FileV1 {
            id: file.id.clone(),
            file_name: file.file_name.clone(),
            content_type: file.kind.media_type().to_owned(),
            size_bytes: file.size_bytes,
            sha256: file.sha256.clone(),
        })
        .collect();
    serde_json::to_string(&stored).unwrap_or_default()
}

/// The files an `attachments` column holds (`None`: a version from before files).
pub fn files_of(json: Option<&str>) -> Result<Vec<VersionFile>, UnreadableValue> {
    let Some(json) = json else {
        return Ok(Vec::new());
    };
    let stored: Vec<FileV1> =
        serde_json::from_str(json).map_err(|error| unreadable("files of a version", error))?;
    stored
        .into_iter()
        .map(|file| {
            let kind = FileKind::from_media_type(&file.content_type).ok_or_else(|| {
                unreadable(
                    "files of a version",
                    format!("media type {}", file.content_type),
                )
            })?;
            Ok(VersionFile {
                id: file.id,
                file_name: file.file_name,
                kind,
                size_bytes: file.size_bytes,
                sha256: file.sha256,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_structure_written_before_the_format_field_still_reads_with_its_ids() {
        let old = r#"{"objectives":["Xây dựng Đảng"],"targets":[{"id":"01936f0e-8c5a-7cc2-9a51-0b6f0c4f8e21","name":"Hộ nghèo","unit":"%","baseline":1.2,"target_value":0.0,"deadline":null}],"programs":[{"id":"01936f0e-8c5a-7cc2-9a51-0b6f0c4f8e22","title":"Chuyển đổi số","description":null}],"breakthroughs":[]}"#;
        let structure = structure_of(Some(old)).unwrap();
        assert_eq!(
            structure.targets[0].id.to_string(),
            "01936f0e-8c5a-7cc2-9a51-0b6f0c4f8e21"
        );
        assert_eq!(
            structure_of(Some(&structure_json(&structure))).unwrap(),
            structure
        );
    }

    #[test]
    fn an_unreadable_structure_is_an_error_not_an_empty_one() {
        assert!(structure_of(Some("{\"targets\": [{\"name\": \"no id\"}]}")).is_err());
        assert!(structure_of(Some("not json")).is_err());
        assert!(structure_of(Some("{\"format\": 2}")).is_err());
        assert_eq!(structure_of(None).unwrap(), Structure::default());
    }

    #[test]
    fn files_of_a_version_read_back_as_written_and_refuse_an_unknown_type() {
        let files = vec![VersionFile {
            id: "01936f0e-8c5a-7cc2-9a51-0b6f0c4f8e23".to_owned(),
            file_name: "Nghị quyết.pdf".to_owned(),
            kind: FileKind::Pdf,
            size_bytes: 1024,
            sha256: "a".repeat(64),
        }];
        assert_eq!(files_of(Some(&files_json(&files))).unwrap(), files);
        let unknown = r#"[{"id":"x","file_name":"a.exe","content_type":"application/x-msdownload","size_bytes":1,"sha256":"b"}]"#;
        assert!(files_of(Some(unknown)).is_err());
    }
}
