//! Who a document reaches is decided twice: by the domain rule (`document::access`) for one
//! document, and by the list query's SQL filter (`documents::list`, `Reach`) for many. On a
//! generated tree of organisations and documents, every generated caller must see exactly the
//! documents the rule gives them, on both backends.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;
use sotay_domain::access::{Caller, HeldRole};
use sotay_domain::document::{self, DocumentAccess, DocumentStatus};
use sotay_domain::ids::{DocumentId, MemberId, OrgId};
use sotay_domain::org::OrgPath;
use sotay_domain::role::Role;
use sotay_persistence::documents::{self, DocumentFilter, NewDocument, Reach, TargetRow};
use sotay_persistence::orgs::{self, NewOrg};
use sotay_persistence::{DbConnection, migrations};

use crate::helpers::{Backend, TestDatabase};

/// A small deterministic generator (an LCG): the same tree on every run and both backends.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from((self.0 >> 33) % n as u64).unwrap()
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

struct Tree {
    orgs: Vec<OrgPath>,
    /// Each document: its id, owner, status and the organisations it was published to.
    documents: Vec<(String, OrgPath, DocumentStatus, Vec<OrgPath>)>,
}

fn at(seconds: i64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp(1_764_000_000 + seconds, 0)
        .unwrap()
        .naive_utc()
}

/// Three levels under one root, 40 organisations, 60 documents in every state, published to
/// zero to three organisations each (inside or outside their owner: the rule must hold for
/// what is stored, whatever wrote it).
fn build(connection: &mut DbConnection, dice: &mut Dice) -> Tree {
    let mut orgs: Vec<OrgPath> = Vec::new();
    for index in 0..40 {
        let id = OrgId::new();
        let (path, parent) = if index == 0 {
            (OrgPath::root(id), None)
        } else {
            let parent = dice.pick(&orgs[..orgs.len().min(1 + index / 2)]).clone();
            (parent.child(id), Some(parent))
        };
        let parent_id = parent
            .and_then(|parent| parent.id())
            .map(|id| id.to_string());
        orgs::insert(
            connection,
            &NewOrg {
                id: &id.to_string(),
                parent_id: parent_id.as_deref(),
                path: path.as_str(),
                kind: if index < 10 { "committee" } else { "cell" },
                name: &format!("Tổ chức {index}"),
                code: &format!("T{index:03}"),
                created_at: at(0),
                updated_at: at(0),
            },
        )
        .unwrap();
        orgs.push(path);
    }
    let statuses = [
        DocumentStatus::Draft,
        DocumentStatus::Published,
        DocumentStatus::Archived,
    ];
    let mut documents_made = Vec::new();
    for index in 0..60_i64 {
        let document = DocumentId::new();
        let id = document.to_string();
        let owner = dice.pick(&orgs).clone();
        let owner_id = owner.id().unwrap().to_string();
        let status = *dice.pick(&statuses);
        let code = format!("{index}-NQ/ĐU");
        documents::insert(
            connection,
            &NewDocument {
                id: &id,
                org_id: &owner_id,
                kind: "resolution",
                code: &code,
                issuer: "Đảng ủy",
                issued_on: None,
                title: "Nghị quyết",
                summary: None,
                body: None,
                structure: None,
                search_text: "nghi quyet",
                status: status.as_str(),
                version: 1,
                created_by: None,
                created_at: at(index),
                updated_at: at(index),
                list_key: &document::list_key(at(index), &id),
            },
        )
        .unwrap();
        let mut targets: Vec<OrgPath> = Vec::new();
        for _ in 0..dice.below(4) {
            let target = dice.pick(&orgs).clone();
            if targets.contains(&target) {
                continue;
            }
            documents::upsert_target(
                connection,
                &TargetRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    document_id: document,
                    org_id: target.id().unwrap(),
                    required: dice.below(2) == 0,
                    due_on: None,
                    published_by: None,
                    published_at: at(index),
                },
            )
            .unwrap();
            targets.push(target);
        }
        documents_made.push((id, owner, status, targets));
    }
    Tree {
        orgs,
        documents: documents_made,
    }
}

/// Callers of every shape: plain members, attached visitors, managers and overseers at
/// every level, system administrators.
fn callers(tree: &Tree, dice: &mut Dice) -> Vec<Caller> {
    let roles = [
        Role::Secretary,
        Role::DeputySecretary,
        Role::CommitteeMember,
        Role::GroupLeader,
        Role::OfficeAdmin,
    ];
    (0..80)
        .map(|index| {
            let home = dice.pick(&tree.orgs).clone();
            let attached = (index % 3 == 0).then(|| dice.pick(&tree.orgs).clone());
            let mut held = Vec::new();
            if index % 4 == 1 {
                held.push(HeldRole {
                    role: *dice.pick(&roles),
                    at: Some(dice.pick(&tree.orgs).clone()),
                });
            }
            if index == 7 {
                held.push(HeldRole {
                    role: Role::SystemAdmin,
                    at: None,
                });
            }
            Caller {
                member_id: MemberId::new(),
                home,
                attached,
                roles: held,
            }
        })
        .collect()
}

on_every_backend!(the_list_query_shows_exactly_what_the_rule_lets_each_caller_see);

async fn the_list_query_shows_exactly_what_the_rule_lets_each_caller_see(backend: Backend) {
    let database = TestDatabase::fresh(backend);
    let mut connection = database.connect();
    let disagreements = tokio::task::spawn_blocking(move || {
        migrations::migrate(&mut connection).unwrap();
        let mut dice = Dice(2025);
        let tree = build(&mut connection, &mut dice);
        let mut disagreements = Vec::new();
        let mut seen_some = 0;
        for caller in callers(&tree, &mut dice) {
            let by_rule: BTreeSet<&str> = tree
                .documents
                .iter()
                .filter(|(_, owner, status, targets)| {
                    document::access(&caller, owner, *status, targets) != DocumentAccess::None
                })
                .map(|(id, ..)| id.as_str())
                .collect();
            let listed = documents::list(
                &mut connection,
                &Reach::of(&caller),
                &DocumentFilter::default(),
                None,
                1_000,
            )
            .unwrap();
            let by_query: BTreeSet<&str> = listed
                .iter()
                .map(|row| {
                    tree.documents
                        .iter()
                        .find(|(id, ..)| *id == row.id.to_string())
                        .map(|(id, ..)| id.as_str())
                        .unwrap()
                })
                .collect();
            seen_some += usize::from(!by_rule.is_empty());
            if by_rule != by_query {
                disagreements.push(format!(
                    "home {} attached {:?} roles {:?}: rule only {:?}, query only {:?}",
                    caller.home.as_str(),
                    caller.attached.as_ref().map(OrgPath::as_str),
                    caller.roles,
                    by_rule.difference(&by_query).collect::<Vec<_>>(),
                    by_query.difference(&by_rule).collect::<Vec<_>>(),
                ));
            }
        }
        // A generator that gives nobody anything would prove nothing.
        assert!(seen_some > 20, "only {seen_some} callers see any document");
        disagreements
    })
    .await
    .unwrap();
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
