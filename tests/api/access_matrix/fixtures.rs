//! What the matrix runs against: the callers, the documents, and fingerprints of the database.

use std::sync::{Arc, Mutex};

use diesel::sql_types::Text;
use diesel::{QueryableByName, RunQueryDsl};
use serde_json::{Value, json};
use sotay_persistence::DbConnection;

use crate::helpers::{Session, TestApp};
use crate::world::{TEMPORARY_PASSWORD, World, activate, grant, new_member};

use super::{Body, CALLERS, PNG, Row, Target, Who};

pub(super) const MISSING_ID: &str = "01936f0e-0000-7000-8000-000000000000";

pub(super) struct Context<'a> {
    pub(super) app: &'a TestApp,
    pub(super) world: &'a World,
    pub(super) callers: Callers,
    pub(super) documents: Documents,
    /// Hosted by ward A, inviting cell A1, open for check-in.
    pub(super) session: String,
    /// Hosted by ward A, studied by cell A1; and a reflection submitted in it.
    pub(super) campaign: super::campaign::Campaign,
    /// The notification of `DocCellA1`'s publication.
    pub(super) notification: String,
    pub(super) database: Fingerprints,
}

/// The notification members placed in A1 got of `DocCellA1`'s publication (the same id in
/// each one's feed).
pub(super) async fn notification_of(app: &TestApp, world: &World, documents: &Documents) -> String {
    let document = &documents.cell_a1.0;
    let feed = app
        .notifications(&world.member_a1.access_token, "?limit=100")
        .await;
    feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["object_id"] == document.as_str())
        .and_then(|item| item["id"].as_str())
        .expect("member A1 heard of the cell's document")
        .to_owned()
}

/// A study session of ward A for cell A1, started ten minutes ago and open for check-in.
pub(super) async fn open_session(app: &TestApp, world: &World) -> String {
    let token = &world.admin.access_token;
    let now = chrono::Utc::now();
    let created = app
        .created_session(
            token,
            json!({
                "kind": "study_conference", "title": "Hội nghị ma trận", "host_org_id": world.ward_a,
                "invited_org_ids": [world.cell_a1], "mode": "in_person",
                "starts_at": now - chrono::TimeDelta::minutes(10),
                "ends_at": now + chrono::TimeDelta::hours(3),
            }),
        )
        .await;
    let id = created["id"].as_str().unwrap().to_owned();
    let opened = app
        .update_session(token, &id, json!({"state": "open"}))
        .await;
    assert_eq!(opened.status().as_u16(), 200);
    id
}

/// The callers `World` does not have.
pub(super) struct Callers {
    committee_a1: Session,
    group_leader_a1: Session,
    pub(super) deputy_ward_a: Session,
    pub(super) office_ward_a: Session,
    visitor_a1: Session,
    temporary_a1: Session,
}

impl Callers {
    pub(super) async fn create(app: &TestApp, world: &World) -> Callers {
        let token = world.admin.access_token.clone();
        let member = |card: &'static str, name: &'static str, cell: String| {
            let token = token.clone();
            async move { new_member(app, &token, card, name, &cell).await }
        };
        let committee = member("79000011", "Lò Văn Ủy", world.cell_a1.clone()).await;
        grant(app, &token, &committee, &world.cell_a1, "committee_member").await;
        let leader = member("79000012", "Hà Thị Tổ", world.cell_a1.clone()).await;
        grant(app, &token, &leader, &world.cell_a1, "group_leader").await;
        let deputy = member("79000013", "Mai Văn Phó", world.cell_a1.clone()).await;
        grant(app, &token, &deputy, &world.ward_a, "deputy_secretary").await;
        let office = member("79000014", "Đinh Thị Văn", world.cell_a1.clone()).await;
        grant(app, &token, &office, &world.ward_a, "office_admin").await;
        let visitor = member("79000015", "Y Khách", world.cell_b1.clone()).await;
        let attached = app
            .update_member(&token, &visitor, json!({"attached_org_id": world.cell_a1}))
            .await;
        assert_eq!(attached.status().as_u16(), 200);
        member("79000016", "Chu Văn Mới", world.cell_a1.clone()).await;
        let temporary_a1 = app.session("79000016", TEMPORARY_PASSWORD).await;
        Callers {
            committee_a1: activate(app, "79000011").await,
            group_leader_a1: activate(app, "79000012").await,
            deputy_ward_a: activate(app, "79000013").await,
            office_ward_a: activate(app, "79000014").await,
            visitor_a1: activate(app, "79000015").await,
            temporary_a1,
        }
    }
}

/// What the database holds, in one line: how many rows each table has, and for the tables
/// whose rows change, how many were changed how (versions, revocations, ends, last changes).
/// Login throttles are left out: a refused login counts a failure on purpose. So is the push
/// outbox, which the server's background task drains whenever it likes.
pub(super) const FINGERPRINT: &str = "SELECT \
    CAST((SELECT count(*) FROM organizations) AS TEXT) || '|' || \
    COALESCE(CAST((SELECT max(updated_at) FROM organizations) AS TEXT), '-') || '|' || \
    CAST((SELECT count(*) FROM members) AS TEXT) || '|' || \
    COALESCE(CAST((SELECT max(updated_at) FROM members) AS TEXT), '-') || '|' || \
    CAST((SELECT coalesce(sum(session_epoch), 0) FROM members) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM memberships) AS TEXT) || '|' || \
    CAST((SELECT count(until_date) FROM memberships) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM positions) AS TEXT) || '|' || \
    CAST((SELECT count(until_date) FROM positions) AS TEXT) || '|' || \
    COALESCE(CAST((SELECT max(until_date) FROM positions) AS TEXT), '-') || '|' || \
    CAST((SELECT count(*) FROM refresh_tokens) AS TEXT) || '|' || \
    CAST((SELECT count(revoked_at) FROM refresh_tokens) AS TEXT) || '|' || \
    CAST((SELECT count(spent_at) FROM refresh_tokens) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM audit_events) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM documents) AS TEXT) || '|' || \
    COALESCE(CAST((SELECT max(updated_at) FROM documents) AS TEXT), '-') || '|' || \
    CAST((SELECT coalesce(sum(version), 0) FROM documents) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM document_versions) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM document_targets) AS TEXT) || '|' || \
    COALESCE(CAST((SELECT max(published_at) FROM document_targets) AS TEXT), '-') || '|' || \
    CAST((SELECT count(*) FROM document_reads) AS TEXT) || '|' || \
    CAST((SELECT count(acknowledged_at) FROM document_reads) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM document_attachments) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM sessions) AS TEXT) || '|' || \
    COALESCE(CAST((SELECT max(updated_at) FROM sessions) AS TEXT), '-') || '|' || \
    CAST((SELECT count(*) FROM session_orgs) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM session_documents) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM session_rsvps) AS TEXT) || '|' || \
    COALESCE(CAST((SELECT max(answered_at) FROM session_rsvps) AS TEXT), '-') || '|' || \
    CAST((SELECT count(*) FROM attendances) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM attendance_changes) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM check_in_receipts) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM campaigns) AS TEXT) || '|' || \
    COALESCE(CAST((SELECT max(updated_at) FROM campaigns) AS TEXT), '-') || '|' || \
    CAST((SELECT count(*) FROM campaign_orgs) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM campaign_sessions) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM reflections) AS TEXT) || '|' || \
    COALESCE(CAST((SELECT max(updated_at) FROM reflections) AS TEXT), '-') || '|' || \
    CAST((SELECT count(*) FROM reflection_events) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM action_plans) AS TEXT) || '|' || \
    COALESCE(CAST((SELECT max(updated_at) FROM action_plans) AS TEXT), '-') || '|' || \
    CAST((SELECT count(*) FROM plan_items) AS TEXT) || '|' || \
    COALESCE(CAST((SELECT max(updated_at) FROM plan_items) AS TEXT), '-') || '|' || \
    CAST((SELECT count(*) FROM progress_reports) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM plan_events) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM notification_events) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM notifications) AS TEXT) || '|' || \
    CAST((SELECT count(read_at) FROM notifications) AS TEXT) || '|' || \
    CAST((SELECT count(*) FROM devices) AS TEXT) || '|' || \
    COALESCE(CAST((SELECT max(updated_at) FROM devices) AS TEXT), '-') || '|' || \
    CAST((SELECT count(*) FROM withdrawals) AS TEXT) \
    AS fingerprint";

#[derive(QueryableByName)]
pub(super) struct Fingerprint {
    #[diesel(sql_type = Text)]
    pub(super) fingerprint: String,
}

/// A connection of the test's own to the server's database, for [`FINGERPRINT`].
#[derive(Clone)]
pub(super) struct Fingerprints(pub(super) Arc<Mutex<DbConnection>>);

impl Fingerprints {
    pub(super) async fn take(&self) -> String {
        let connection = Arc::clone(&self.0);
        tokio::task::spawn_blocking(move || {
            let mut connection = connection.lock().unwrap();
            diesel::sql_query(FINGERPRINT)
                .get_result::<Fingerprint>(&mut *connection)
                .unwrap()
                .fingerprint
        })
        .await
        .unwrap()
    }
}

/// The documents the rows act on, with the organisations that own them and one attachment
/// each.
pub(super) struct Documents {
    pub(super) ward: (String, String),
    pub(super) cell_a1: (String, String),
    draft_a1: (String, String),
    b1: (String, String),
    pub(super) attachments: Vec<(String, String)>,
}

impl Documents {
    pub(super) async fn create(app: &TestApp, world: &World) -> Documents {
        let document = |token: String, org: String, code: &'static str, publish: bool| async move {
            let body = json!({"org_id": org, "kind": "notice", "code": code,
                "title": "Thông báo", "issuer": "Ban Thường vụ"});
            let id = app.created_document(&token, body).await["id"]
                .as_str()
                .unwrap()
                .to_owned();
            if publish {
                let published = app
                    .publish_document(&token, &id, json!({"org_ids": [org], "required": true}))
                    .await;
                assert_eq!(published.status().as_u16(), 200);
            }
            (id, org)
        };
        let ward_secretary = world.ward_secretary.access_token.clone();
        let cell_secretary = world.cell_secretary.access_token.clone();
        let admin = world.admin.access_token.clone();
        let mut documents = Documents {
            ward: document(
                ward_secretary.clone(),
                world.ward_a.clone(),
                "1-TB/ĐU",
                true,
            )
            .await,
            cell_a1: document(
                cell_secretary.clone(),
                world.cell_a1.clone(),
                "2-TB/CB",
                true,
            )
            .await,
            draft_a1: document(
                cell_secretary.clone(),
                world.cell_a1.clone(),
                "3-TB/CB",
                false,
            )
            .await,
            b1: document(admin.clone(), world.cell_b1.clone(), "4-TB/CB", true).await,
            attachments: Vec::new(),
        };
        let owners = [
            (documents.ward.0.clone(), ward_secretary),
            (documents.cell_a1.0.clone(), cell_secretary.clone()),
            (documents.draft_a1.0.clone(), cell_secretary),
            (documents.b1.0.clone(), admin),
        ];
        for (document_id, token) in owners {
            let uploaded = app
                .upload_attachment(&token, &document_id, "ảnh.png", PNG.to_vec())
                .await;
            assert_eq!(uploaded.status().as_u16(), 201);
            let attachment: Value = uploaded.json().await.unwrap();
            let id = attachment["id"].as_str().unwrap().to_owned();
            documents.attachments.push((document_id, id));
        }
        documents
    }

    /// The fixture attachment of the target document; a missing id for any other target.
    pub(super) fn attachment(&self, target: Target) -> String {
        self.get(target)
            .and_then(|(document_id, _)| {
                self.attachments
                    .iter()
                    .find(|(of, _)| of == document_id)
                    .map(|(_, id)| id.clone())
            })
            .unwrap_or_else(|| MISSING_ID.to_owned())
    }

    pub(super) fn get(&self, target: Target) -> Option<&(String, String)> {
        match target {
            Target::DocWard => Some(&self.ward),
            Target::DocCellA1 => Some(&self.cell_a1),
            Target::DocDraftA1 => Some(&self.draft_a1),
            Target::DocB1 => Some(&self.b1),
            _ => None,
        }
    }
}

impl Context<'_> {
    pub(super) fn session(&self, who: Who) -> Option<&Session> {
        let (world, callers) = (self.world, &self.callers);
        match who {
            Who::Anonymous => None,
            Who::MemberA1 => Some(&world.member_a1),
            Who::MemberA2 => Some(&world.member_a2),
            Who::CellSecretary => Some(&world.cell_secretary),
            Who::WardSecretary => Some(&world.ward_secretary),
            Who::SystemAdmin => Some(&world.admin),
            Who::CommitteeA1 => Some(&callers.committee_a1),
            Who::GroupLeaderA1 => Some(&callers.group_leader_a1),
            Who::DeputyWardA => Some(&callers.deputy_ward_a),
            Who::OfficeWardA => Some(&callers.office_ward_a),
            Who::VisitorA1 => Some(&callers.visitor_a1),
            Who::TemporaryA1 => Some(&callers.temporary_a1),
        }
    }

    pub(super) fn token(&self, who: Who) -> Option<&str> {
        self.session(who)
            .map(|session| session.access_token.as_str())
    }

    pub(super) fn own_id(&self, who: Who) -> &str {
        self.session(who)
            .map_or(&self.world.colleague_a1, |session| &session.member_id)
    }

    pub(super) fn target_id(&self, target: Target, who: Who) -> String {
        let world = self.world;
        match target {
            Target::None => String::new(),
            Target::Me => self.own_id(who).to_owned(),
            Target::ColleagueA1 => world.colleague_a1.clone(),
            Target::OtherA2 => world.other_a2.clone(),
            Target::OtherB1 => world.other_b1.clone(),
            Target::CellA1 => world.cell_a1.clone(),
            Target::CellA2 => world.cell_a2.clone(),
            Target::CellB1 => world.cell_b1.clone(),
            Target::PositionA1 => world.position_a1.clone(),
            Target::MissingMember
            | Target::MissingOrg
            | Target::MissingPosition
            | Target::MissingDocument
            | Target::MissingSession
            | Target::MissingCampaign
            | Target::MissingReflection
            | Target::MissingPlan
            | Target::MissingNotification
            | Target::MissingDevice => MISSING_ID.to_owned(),
            Target::NotificationA1 => self.notification.clone(),
            Target::DeviceA1 => self.campaign.device.clone(),
            Target::PlanA1 => self.campaign.plan.clone(),
            Target::SessionWard => self.session.clone(),
            Target::CampaignWard => self.campaign.id.clone(),
            Target::ReflectionA1 => self.campaign.reflection.clone(),
            Target::DocWard | Target::DocCellA1 | Target::DocDraftA1 | Target::DocB1 => self
                .documents
                .get(target)
                .map(|(id, _)| id.clone())
                .unwrap_or_default(),
        }
    }

    /// The cell of a member target, for positions granted there.
    pub(super) fn cell_of(&self, target: Target) -> String {
        let world = self.world;
        match target {
            Target::OtherA2 => world.cell_a2.clone(),
            Target::OtherB1 => world.cell_b1.clone(),
            _ => world.cell_a1.clone(),
        }
    }
}

/// Letters only, unique per call, so that a denied edit can be looked for afterwards.
pub(super) fn marker(row_index: usize, caller_index: usize) -> String {
    let letters = |n: usize| char::from(b'A' + u8::try_from(n % 26).unwrap_or(0));
    format!("Dấu Vết {}{}", letters(row_index), letters(caller_index))
}

pub(super) fn body(
    context: &Context<'_>,
    row: &Row,
    row_index: usize,
    caller_index: usize,
) -> Option<Value> {
    let target = context.target_id(row.target, CALLERS[caller_index]);
    let unique = row_index * 100 + caller_index;
    match row.body {
        Body::None => None,
        Body::Empty => Some(json!({})),
        Body::OrgRename => Some(json!({"name": marker(row_index, caller_index)})),
        Body::MemberRename => Some(json!({"full_name": marker(row_index, caller_index)})),
        Body::NewOrgUnderTarget => Some(json!({
            "name": "Tổ đảng mới", "kind": "party_group", "parent_id": target, "code": format!("TG-{unique}")
        })),
        Body::NewMemberInTarget => Some(json!({
            "card_number": format!("88{unique:06}"), "full_name": "Người Mới", "party_status": "probationary", "org_id": target
        })),
        Body::NewPositionAtTargetCell => {
            Some(json!({"org_id": context.cell_of(row.target), "role": "group_leader"}))
        }
        Body::WrongCurrentPassword => Some(
            json!({"current_password": "not my password", "new_password": "một mật khẩu mới đủ dài"}),
        ),
        // A login of its own per call: six failures on one account would lock it (429).
        Body::BadLogin => {
            Some(json!({"login": format!("7911{unique:04}"), "password": "not the password"}))
        }
        Body::JunkRefreshToken => Some(json!({"refresh_token": "rt_not-a-token"})),
        Body::EmptyCsv => Some(Value::String("card_number,full_name\n".to_owned())),
        Body::NewDocumentInTarget => Some(json!({
            "org_id": target, "kind": "notice", "code": format!("{}-TB/MT", 100 + unique),
            "title": "Thông báo ma trận", "issuer": "Chi ủy"
        })),
        Body::DocumentRetitle => Some(json!({"title": marker(row_index, caller_index)})),
        Body::PngUpload => None,
        Body::NewSessionAtTarget => Some(json!({
            "kind": "regular", "title": "Sinh hoạt ma trận", "host_org_id": target,
            "invited_org_ids": [target], "mode": "in_person",
            "starts_at": "2026-12-05T00:30:00Z", "ends_at": "2026-12-05T02:30:00Z"
        })),
        Body::SessionRetitle => Some(json!({"title": marker(row_index, caller_index)})),
        Body::NewCampaignAtTarget => Some(json!({
            "document_id": context.campaign.document, "title": "Đợt học tập ma trận",
            "host_org_id": target, "org_ids": [target], "deadline": "2026-12-31"
        })),
        Body::CampaignRetitle => Some(json!({"title": marker(row_index, caller_index)})),
        Body::ReflectionDraft => Some(json!({"body": marker(row_index, caller_index)})),
        Body::ReturnReflection | Body::ReturnPlan => Some(json!({
            "decision": "return", "comment": marker(row_index, caller_index)
        })),
        Body::NewPlan => Some(json!({
            "document_id": context.campaign.document, "year": 2030, "title": "Kế hoạch ma trận"
        })),
        Body::PlanRetitle => Some(json!({"title": marker(row_index, caller_index)})),
        Body::NewPlanItem => Some(json!({
            "title": marker(row_index, caller_index), "indicator": {"kind": "boolean"},
            "due_on": "2026-12-31"
        })),
        Body::DoneReport => Some(json!({"done": true, "reported_on": "2025-06-01"})),
        Body::NewDevice => Some(json!({
            "platform": "ios", "token": format!("matrix-device-{row_index}-{caller_index}")
        })),
        Body::ForeignCard => Some(json!({"credential": "eyJhbGciOiJFZERTQSJ9.e30.c2ln"})),
        Body::Attending => Some(json!({"response": "attending"})),
        Body::JunkSync => Some(json!([{
            "session_id": context.session, "qr_token": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "scanned_at": "2025-09-09T00:41:12Z", "client_id": format!("matrix-{unique}")
        }])),
        Body::ExcusedAbsence => Some(json!({
            "status": "absent_excused", "reason": marker(row_index, caller_index)
        })),
        Body::JunkCheckIn => Some(json!({
            "qr_token": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "client_id": format!("matrix-{unique}")
        })),
        Body::PublishToOwner => {
            let owner = context
                .documents
                .get(row.target)
                .map_or_else(|| context.world.ward_a.clone(), |(_, org)| org.clone());
            Some(json!({"org_ids": [owner], "required": true}))
        }
    }
}
