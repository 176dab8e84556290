//! The authorization matrix: every endpoint, called as each kind of caller on objects at each
//! distance from them, against the status the rules promise. Denied reads answer like missing
//! objects (404); denied writes change nothing, which is checked on the database itself (every
//! table's rows, versions and last changes, and the audit trail, before and after). A new
//! endpoint without rows here fails `every_documented_operation_has_rows_in_the_matrix`.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use reqwest::Method;
use serde_json::Value;

use crate::helpers::{Backend, TestApp};
use crate::world::World;

/// Who calls, in the order of every `expect` array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    /// A plain member of cell A1.
    MemberA1,
    /// A plain member of cell A2: another cell of the same ward.
    MemberA2,
    /// Secretary of cell A1.
    CellSecretary,
    /// Secretary of ward A.
    WardSecretary,
    SystemAdmin,
    /// A committee member (chi ủy viên) of cell A1: oversees the cell, manages nothing.
    CommitteeA1,
    /// A group leader (tổ trưởng) at cell A1: oversees, manages nothing.
    GroupLeaderA1,
    /// Deputy secretary of ward A: manages it as the secretary does.
    DeputyWardA,
    /// The office administrator of ward A's committee: manages it as the secretary does.
    OfficeWardA,
    /// A member of cell B1 temporarily attached to cell A1 (sinh hoạt tạm thời).
    VisitorA1,
    /// A member of cell A1 who has not yet changed their temporary password.
    TemporaryA1,
}

const CALLERS: [Who; 12] = [
    Who::Anonymous,
    Who::MemberA1,
    Who::MemberA2,
    Who::CellSecretary,
    Who::WardSecretary,
    Who::SystemAdmin,
    Who::CommitteeA1,
    Who::GroupLeaderA1,
    Who::DeputyWardA,
    Who::OfficeWardA,
    Who::VisitorA1,
    Who::TemporaryA1,
];

/// The object a row acts on.
#[derive(Debug, Clone, Copy)]
enum Target {
    None,
    /// The caller's own member record.
    Me,
    ColleagueA1,
    OtherA2,
    OtherB1,
    MissingMember,
    CellA1,
    CellA2,
    CellB1,
    MissingOrg,
    PositionA1,
    MissingPosition,
    /// Published to ward A by its secretary.
    DocWard,
    /// Published to cell A1 by its secretary.
    DocCellA1,
    /// A draft of cell A1.
    DocDraftA1,
    /// Published to cell B1 by the system administrator.
    DocB1,
    MissingDocument,
    /// Hosted by ward A, inviting cell A1, open for check-in.
    SessionWard,
    MissingSession,
    /// Hosted by ward A, studied by cell A1, with a reflection required.
    CampaignWard,
    MissingCampaign,
    /// Submitted in `CampaignWard` by a member of A1 who is none of the callers.
    ReflectionA1,
    MissingReflection,
    /// Submitted by that member of A1, with one item.
    PlanA1,
    MissingPlan,
    /// The notification of `DocCellA1`'s publication: every member placed in A1 has it.
    NotificationA1,
    MissingNotification,
    /// A phone that member of A1 registered.
    DeviceA1,
    MissingDevice,
}

/// What the body of a write is made of.
#[derive(Debug, Clone, Copy)]
enum Body {
    None,
    Empty,
    /// `{"name": <marker>}`: a rename that must not happen when denied.
    OrgRename,
    /// `{"full_name": <marker>}`: an edit that must not happen when denied.
    MemberRename,
    /// A party group under the target organisation.
    NewOrgUnderTarget,
    /// A member in the target cell, with a fresh card number.
    NewMemberInTarget,
    /// A group-leader position at the target member's cell.
    NewPositionAtTargetCell,
    WrongCurrentPassword,
    /// A CSV file with a header and no rows.
    EmptyCsv,
    BadLogin,
    JunkRefreshToken,
    /// A notice owned by the target organisation, with a fresh code.
    NewDocumentInTarget,
    /// `{"title": <marker>}`: an edit that must not happen when denied.
    DocumentRetitle,
    /// Publish the target document to the organisation that owns it.
    PublishToOwner,
    /// A small PNG named after the row's marker, as a multipart upload.
    PngUpload,
    /// A session hosted by the target organisation, inviting it.
    NewSessionAtTarget,
    /// `{"title": <marker>}`: an edit that must not happen when denied.
    SessionRetitle,
    /// `{"response": "attending"}`.
    Attending,
    /// A check-in with a QR token that is no session's.
    JunkCheckIn,
    /// An offline sync of one check-in with a QR token that is no session's.
    JunkSync,
    /// An excused absence with the row's marker as its reason.
    ExcusedAbsence,
    /// A campaign hosted by the target organisation, studying it, over the fixture's
    /// resolution.
    NewCampaignAtTarget,
    /// `{"title": <marker>}`: an edit that must not happen when denied.
    CampaignRetitle,
    /// A draft reflection with the row's marker as its text.
    ReflectionDraft,
    /// Return the reflection with the row's marker as the comment.
    ReturnReflection,
    /// A plan for the fixture's resolution in 2030.
    NewPlan,
    /// `{"title": <marker>}`: an edit that must not happen when denied.
    PlanRetitle,
    /// A done/not-done item titled with the row's marker.
    NewPlanItem,
    /// `{"done": true, ...}`: a report on the fixture's item.
    DoneReport,
    /// Return the plan with the row's marker as the comment.
    ReturnPlan,
    /// A phone with a token unique to the row and caller.
    NewDevice,
    /// A credential that is no card of ours.
    ForeignCard,
}

/// The least a PNG must hold to be recognised as one.
pub(super) const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

struct Row {
    method: Method,
    path: &'static str,
    target: Target,
    body: Body,
    /// Expected status of the first six callers, in `CALLERS` order; 0 = not called (it would
    /// end the caller's session, or a one-time change already happened). The other callers'
    /// follow from these by the rules [`Row::expected`] spells out.
    expect: [u16; 6],
}

/// Operations a caller with a temporary password may still use (the extractor `Authenticated`
/// rather than `Caller`): to learn they must change it, and to change it.
const BEFORE_PASSWORD_CHANGE: [&str; 3] = [
    "/api/v1/me",
    "/api/v1/me/password",
    "/api/v1/auth/logout-all",
];

impl Row {
    fn expected(&self, who: Who) -> u16 {
        let [anonymous, member_a1, _, _, ward_secretary, system_admin] = self.expect;
        match who {
            Who::Anonymous => anonymous,
            Who::MemberA1 => member_a1,
            Who::MemberA2 => self.expect[2],
            Who::CellSecretary => self.expect[3],
            Who::WardSecretary => ward_secretary,
            Who::SystemAdmin => system_admin,
            // Overseeing shows people and organisations, never more than a member's own cell
            // shows here: every answer is a member's.
            Who::CommitteeA1 | Who::GroupLeaderA1 => member_a1,
            // Managing as the secretary does; a one-time change is already done by then.
            Who::DeputyWardA | Who::OfficeWardA if system_admin == 0 => 0,
            Who::DeputyWardA | Who::OfficeWardA => ward_secretary,
            // At home in B1, attached to A1: B1's objects are seen (not managed) as well.
            Who::VisitorA1 if self.target.is_in_b1() => {
                let reads = self.method == Method::GET && !self.path.contains("/readership");
                if reads || self.path.ends_with("/acknowledge") {
                    200
                } else {
                    403
                }
            }
            Who::VisitorA1 => member_a1,
            // Everything but the password change itself waits for it.
            Who::TemporaryA1
                if self.needs_a_token() && !BEFORE_PASSWORD_CHANGE.contains(&self.path) =>
            {
                403
            }
            Who::TemporaryA1 => member_a1,
        }
    }
}

impl Row {
    /// Writes that may succeed without changing anything: a logout with a token that is no
    /// session, a dry run, and archiving what the caller before already archived.
    fn changes_nothing(&self) -> bool {
        matches!(self.body, Body::JunkRefreshToken)
            || self.path.contains("dry_run=true")
            || self.path.ends_with("/archive")
            || matches!(self.body, Body::JunkSync | Body::ForeignCard)
            // Read already, by an earlier caller's row or the fixtures' own reading.
            || self.path.ends_with("/read-all")
    }

    /// Whether the operation takes an access token: every one but the service endpoints and
    /// those that hand tokens out or take them back.
    fn needs_a_token(&self) -> bool {
        self.path.starts_with("/api/v1/")
            && self.path != "/api/v1/meta"
            && ![
                "/api/v1/auth/login",
                "/api/v1/auth/refresh",
                "/api/v1/auth/logout",
                "/api/v1/cards/keys",
            ]
            .contains(&self.path)
    }
}

impl Target {
    fn is_in_b1(self) -> bool {
        matches!(self, Target::CellB1 | Target::OtherB1 | Target::DocB1)
    }
}

const fn row(
    method: Method,
    path: &'static str,
    target: Target,
    body: Body,
    expect: [u16; 6],
) -> Row {
    Row {
        method,
        path,
        target,
        body,
        expect,
    }
}

mod campaign;
mod fixtures;
mod rows;

use fixtures::{Callers, Context, Documents, Fingerprints, body, marker};

fn rows() -> Vec<Row> {
    rows::all()
}

on_every_backend!(every_endpoint_answers_each_caller_as_the_rules_say);

async fn every_endpoint_answers_each_caller_as_the_rules_say(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let callers = Callers::create(&app, &world).await;
    let documents = Documents::create(&app, &world).await;
    let session = fixtures::open_session(&app, &world).await;
    let campaign = campaign::open_campaign(&app, &world).await;
    let notification = fixtures::notification_of(&app, &world, &documents).await;
    let database = {
        let database = &app.database;
        let connection = std::thread::scope(|scope| scope.spawn(|| database.connect()).join());
        Fingerprints(Arc::new(Mutex::new(connection.unwrap())))
    };
    let context = Context {
        app: &app,
        world: &world,
        callers,
        documents,
        session,
        campaign,
        notification,
        database,
    };
    let mut failures = Vec::new();
    for (row_index, row) in rows().iter().enumerate() {
        for (caller_index, who) in CALLERS.iter().enumerate() {
            let expected = row.expected(*who);
            if expected == 0 {
                continue;
            }
            let writes = row.method != Method::GET;
            let before = if writes {
                Some(context.database.take().await)
            } else {
                None
            };
            let path = row
                .path
                .replace("{id}", &context.target_id(row.target, *who))
                .replace("{version}", "1")
                .replace("{attachment_id}", &context.documents.attachment(row.target))
                .replace("{member_id}", &world.colleague_a1)
                .replace("{item_id}", &context.campaign.item)
                .replace("{ward_a}", &world.ward_a)
                .replace("{cell_a1}", &world.cell_a1)
                .replace("{cell_b1}", &world.cell_b1);
            let body = body(&context, row, row_index, caller_index);
            let token = context.token(*who);
            let response = match &body {
                _ if matches!(row.body, Body::PngUpload) => {
                    let name = format!("{}.png", marker(row_index, caller_index));
                    app.upload(&path, token, &name, PNG.to_vec()).await
                }
                Some(Value::String(csv)) => {
                    let csv = csv.clone();
                    app.send_text(row.method.clone(), &path, token, "text/csv", csv)
                        .await
                }
                _ => {
                    app.call(row.method.clone(), &path, token, body.as_ref())
                        .await
                }
            };
            let status = response.status().as_u16();
            if status != expected {
                let text = response.text().await.unwrap_or_default();
                failures.push(format!(
                    "{} {} ({:?}) as {who:?}: {status}, expected {expected}: {text}",
                    row.method, row.path, row.target
                ));
                continue;
            }
            if let Some(before) = before {
                let after = context.database.take().await;
                if status >= 400 && after != before {
                    failures.push(format!(
                        "denied {} {} ({:?}) as {who:?} changed the database:\n  before {before}\n  after  {after}",
                        row.method, row.path, row.target
                    ));
                }
                // The fingerprint must see writes, or its silence above proves nothing.
                if status < 300 && after == before && !row.changes_nothing() {
                    failures.push(format!(
                        "{} {} ({:?}) as {who:?} succeeded and the fingerprint did not change",
                        row.method, row.path, row.target
                    ));
                }
            }
            if status >= 400 {
                check_nothing_changed(
                    &context,
                    row,
                    row_index,
                    caller_index,
                    body.as_ref(),
                    &mut failures,
                )
                .await;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A denied write left no trace: the rename did not happen, the member was not created.
async fn check_nothing_changed(
    context: &Context<'_>,
    row: &Row,
    row_index: usize,
    caller_index: usize,
    body: Option<&Value>,
    failures: &mut Vec<String>,
) {
    let admin = &context.world.admin.access_token;
    let target = context.target_id(row.target, CALLERS[caller_index]);
    let app = context.app;
    let (response, field) = match row.body {
        Body::OrgRename => (app.get_org(admin, &target).await, "name"),
        Body::MemberRename => (app.get_member(admin, &target).await, "full_name"),
        Body::DocumentRetitle => (app.get_document(admin, &target).await, "title"),
        Body::SessionRetitle => (app.get_session(admin, &target).await, "title"),
        Body::CampaignRetitle => (app.get_campaign(admin, &target).await, "title"),
        Body::PlanRetitle => (app.get_action_plan(admin, &target).await, "title"),
        Body::PngUpload => {
            let response = app.list_attachments(admin, &target).await;
            let path = response.url().path().to_owned();
            if response.status().as_u16() == 404 {
                return;
            }
            let listed: Value = response.json().await.unwrap();
            let name = format!("{}.png", marker(row_index, caller_index));
            if listed["items"]
                .as_array()
                .is_none_or(|items| items.iter().any(|item| item["file_name"] == name.as_str()))
            {
                failures.push(format!(
                    "denied upload to {path} as {:?} stored {name}",
                    CALLERS[caller_index]
                ));
            }
            return;
        }
        Body::NewMemberInTarget => {
            let card = body
                .and_then(|b| b["card_number"].as_str())
                .unwrap_or_default();
            let found: Value = app
                .list_members(admin, &format!("?q={card}"))
                .await
                .json()
                .await
                .unwrap();
            if found["items"]
                .as_array()
                .is_none_or(|items| !items.is_empty())
            {
                failures.push(format!(
                    "denied POST /members as {:?} created {card}",
                    CALLERS[caller_index]
                ));
            }
            return;
        }
        _ => return,
    };
    let path = response.url().path().to_owned();
    if response.status().as_u16() == 404 {
        return;
    }
    let current: Value = response.json().await.unwrap();
    if current[field] == marker(row_index, caller_index).as_str() {
        failures.push(format!(
            "denied {} {path} as {:?} changed {field}",
            row.method, CALLERS[caller_index]
        ));
    }
}

#[test]
fn every_documented_operation_has_rows_in_the_matrix() {
    let document = sotay_api::openapi::document();
    let mut documented = BTreeSet::new();
    for (path, item) in &document.paths.paths {
        for (method, operation) in [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ] {
            if operation.is_some() {
                documented.insert(format!("{method} {path}"));
            }
        }
    }
    let covered: BTreeSet<String> = rows()
        .iter()
        .map(|row| {
            let path = row.path.split('?').next().unwrap_or(row.path);
            format!("{} {path}", row.method)
        })
        .collect();
    let missing: Vec<&String> = documented.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "operations without rows in the access matrix: {missing:?}"
    );
    let unknown: Vec<&String> = covered.difference(&documented).collect();
    assert!(
        unknown.is_empty(),
        "matrix rows for undocumented operations: {unknown:?}"
    );
}
