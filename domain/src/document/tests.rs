//! The document rules, case by case.

use super::*;
use crate::access::HeldRole;
use crate::role::Role;
use uuid::Uuid;

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

mod lifecycle {
    use super::super::{Change, DocumentStatus, Lifecycle, MAX_VERSIONS, Refusal};
    use crate::ids::OrgId;
    use crate::org::OrgPath;

    fn at(status: DocumentStatus, version: i32) -> Lifecycle {
        Lifecycle { status, version }
    }

    #[test]
    fn a_draft_changes_in_place_and_a_published_document_gets_a_capped_new_version() {
        assert_eq!(at(DocumentStatus::Draft, 1).change(), Ok(Change::InPlace));
        assert_eq!(
            at(DocumentStatus::Published, 3).change(),
            Ok(Change::NewVersion(4))
        );
        assert_eq!(
            at(DocumentStatus::Published, MAX_VERSIONS).change(),
            Err(Refusal::TooManyVersions)
        );
        assert_eq!(
            at(DocumentStatus::Archived, 2).change(),
            Err(Refusal::Archived)
        );
        assert_eq!(
            at(DocumentStatus::Archived, 2).editable(),
            Err(Refusal::Archived)
        );
    }

    #[test]
    fn publication_stays_inside_the_owner_and_an_archived_document_is_not_published_again() {
        let ward = OrgPath::root(OrgId::new());
        let cell = ward.child(OrgId::new());
        let elsewhere = OrgPath::root(OrgId::new());
        let draft = at(DocumentStatus::Draft, 1);
        assert_eq!(draft.publish_to(&ward, &cell), Ok(()));
        assert_eq!(draft.publish_to(&ward, &ward), Ok(()));
        assert_eq!(draft.publish_to(&cell, &ward), Err(Refusal::OutsideOwner));
        assert_eq!(
            draft.publish_to(&ward, &elsewhere),
            Err(Refusal::OutsideOwner)
        );
        assert!(draft.first_publication());
        assert!(!at(DocumentStatus::Published, 1).first_publication());
        assert_eq!(
            at(DocumentStatus::Archived, 1).publish_to(&ward, &cell),
            Err(Refusal::ArchivedNotRepublished)
        );
    }

    #[test]
    fn only_the_opened_current_version_of_a_published_document_is_acknowledged() {
        let published = at(DocumentStatus::Published, 2);
        assert_eq!(published.acknowledge(None, true), Ok(()));
        assert_eq!(published.acknowledge(Some(2), true), Ok(()));
        assert_eq!(
            published.acknowledge(Some(1), true),
            Err(Refusal::StaleVersion)
        );
        assert_eq!(published.acknowledge(None, false), Err(Refusal::NotOpened));
        assert_eq!(
            at(DocumentStatus::Draft, 1).acknowledge(None, true),
            Err(Refusal::NotPublished)
        );
        assert_eq!(
            at(DocumentStatus::Archived, 2).acknowledge(None, true),
            Ok(())
        );
    }

    #[test]
    fn archiving_is_final_and_drafts_record_no_receipts() {
        assert_eq!(
            at(DocumentStatus::Published, 1).archive(),
            Some(DocumentStatus::Archived)
        );
        assert_eq!(at(DocumentStatus::Archived, 1).archive(), None);
        assert!(!at(DocumentStatus::Draft, 1).receipt_due(false));
        assert!(at(DocumentStatus::Published, 1).receipt_due(false));
        assert!(!at(DocumentStatus::Published, 1).receipt_due(true));
    }
}
