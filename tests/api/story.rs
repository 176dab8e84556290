//! The seed's story, through the API alone: a ward party committee disseminates its
//! 2025-2030 congress resolution to its 121 members in four cells over two sittings and a
//! make-up session, and proves that every member studied it. Members are imported from an
//! Excel CSV, read the resolution, check in (QR online, offline batch, by roll; some send
//! apologies, some do not come), absentees attend the make-up session, reflections are
//! written and accepted by the cells, and the campaign's progress reaches exactly 100% — not
//! before the last member is done.

use std::collections::HashMap;

use chrono::{TimeDelta, Utc};
use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::helpers::{Backend, MEMBER_PASSWORD, Session, TestApp};

on_every_backend!(the_ward_proves_every_member_studied_the_resolution);

const CELLS: [(&str, &str, usize); 4] = [
    ("HA-KV1-TDP1", "Chi bộ Tổ dân phố 1", 31),
    ("HA-KV1-TDP2", "Chi bộ Tổ dân phố 2", 30),
    ("HA-KV1-TDP3", "Chi bộ Tổ dân phố 3", 30),
    ("HA-KV1-TDP4", "Chi bộ Tổ dân phố 4", 30),
];

const GIVEN: [&str; 7] = ["Hùng", "Hoa", "Lan", "Sơn", "Thắng", "Yến", "Ơn"];

/// A member of the story: their session, card and cell (0 to 3).
struct Member {
    session: Session,
    cell: usize,
}

/// The members' list as Excel saves it: a BOM, CRLF line ends, names typed decomposed on one
/// machine, and ethnic-minority names with `’`.
fn members_csv() -> String {
    let mut csv = String::from("\u{feff}card_number,full_name,party_status,cell_code\r\n");
    let mut card = 79_500_000;
    for (cell, (code, _, size)) in CELLS.iter().enumerate() {
        for seat in 0..*size {
            card += 1;
            let given = GIVEN[(seat + cell) % GIVEN.len()];
            let name = match seat % 3 {
                0 => format!("Nguyễn Văn {given}"),
                // Decomposed: "Trần Thị …".
                1 => format!("Tra\u{0300}n Thi\u{0323} {given}"),
                _ => format!("H’Hen Niê {given}"),
            };
            let status = if seat % 7 == 6 {
                "probationary"
            } else {
                "official"
            };
            csv.push_str(&format!("{card},{name},{status},{code}\r\n"));
        }
    }
    csv
}

async fn json_of(response: reqwest::Response, status: u16, what: &str) -> Value {
    assert_eq!(response.status().as_u16(), status, "{what}");
    response.json().await.unwrap()
}

/// The first login: a temporary password from the administrator, changed at once.
async fn signed_in(app: &TestApp, admin: &str, id: &str, card: &str) -> Session {
    let reset = json_of(app.reset_member_password(admin, id).await, 200, "reset").await;
    let temporary = reset["temporary_password"].as_str().unwrap().to_owned();
    let first = app.session(card, &temporary).await;
    let body = json!({"current_password": temporary, "new_password": MEMBER_PASSWORD});
    let pair = json_of(
        app.change_my_password(&first.access_token, body).await,
        200,
        card,
    )
    .await;
    Session {
        access_token: pair["access_token"].as_str().unwrap().to_owned(),
        refresh_token: pair["refresh_token"].as_str().unwrap().to_owned(),
        member_id: first.member_id,
    }
}

/// The ward, its four cells and its 121 members, signed in; the secretaries granted.
async fn ward(app: &TestApp) -> (String, Vec<String>, Vec<Member>) {
    let admin = app.admin().await.access_token;
    let me = json_of(app.get_me(&admin).await, 200, "me").await;
    let root = me["cell"]["id"].as_str().unwrap().to_owned();
    let ward = app
        .created_org(&admin, json!({"name": "Đảng bộ phường Hương An", "kind": "committee", "parent_id": root, "code": "HA"}))
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut cells = Vec::new();
    for (code, name, _) in CELLS {
        let body = json!({"name": name, "kind": "cell", "parent_id": ward, "code": code});
        cells.push(
            app.created_org(&admin, body).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let imported = app
        .import_members(&admin, "?dry_run=false", members_csv())
        .await;
    assert_eq!(imported.status().as_u16(), 200, "the Excel list imports");
    let mut people = Vec::new();
    for (cell, id) in cells.iter().enumerate() {
        let listed = json_of(
            app.list_members(&admin, &format!("?org_id={id}&limit=100"))
                .await,
            200,
            "members",
        )
        .await;
        let mut members: Vec<(String, String)> = listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["card_number"].as_str().unwrap().to_owned(),
                    m["id"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        members.sort();
        assert_eq!(members.len(), CELLS[cell].2);
        people.extend(members.into_iter().map(|(card, id)| (card, id, cell)));
    }
    assert!(
        people.iter().all(|(card, _, _)| card.len() == 8),
        "cards as imported"
    );
    // The first member of each cell is its secretary; the second of the first cell the ward's.
    let mut first_of_cell = HashMap::new();
    for (card, id, cell) in &people {
        first_of_cell
            .entry(*cell)
            .or_insert_with(|| (card.clone(), id.clone()));
    }
    for (cell, (_, id)) in &first_of_cell {
        let body = json!({"org_id": cells[*cell], "role": "secretary", "from": "2025-01-01"});
        app.created_position(&admin, id, body).await;
    }
    let ward_secretary = &people[1].1;
    let body = json!({"org_id": ward, "role": "secretary", "from": "2025-01-01"});
    app.created_position(&admin, ward_secretary, body).await;

    let sign_ins = people.iter().map(|(card, id, cell)| {
        let admin = admin.clone();
        async move {
            Member {
                session: signed_in(app, &admin, id, card).await,
                cell: *cell,
            }
        }
    });
    // A few at a time: password hashing is the server's slowest work.
    let members: Vec<Member> = futures_util::stream::iter(sign_ins)
        .buffered(4)
        .collect()
        .await;
    (ward, cells, members)
}

/// A sitting for `cells`, started ten minutes ago, published; its id.
async fn sitting(
    app: &TestApp,
    secretary: &str,
    ward: &str,
    cells: &[&String],
    makeup_of: Option<&str>,
) -> String {
    let now = Utc::now();
    let mut body = json!({
        "kind": "study_conference",
        "title": "Hội nghị học tập, quán triệt Nghị quyết Đại hội Đảng bộ phường lần thứ I",
        "host_org_id": ward, "invited_org_ids": cells, "mode": "in_person",
        "location": "Hội trường Đảng ủy phường Hương An",
        "starts_at": now - TimeDelta::minutes(10), "ends_at": now + TimeDelta::hours(3),
    });
    if let Some(original) = makeup_of {
        body["kind"] = json!("makeup");
        body["makeup_of"] = json!(original);
    }
    let id = app.created_session(secretary, body).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let published = app
        .update_session(secretary, &id, json!({"state": "published"}))
        .await;
    assert_eq!(published.status().as_u16(), 200);
    id
}

async fn move_to(app: &TestApp, secretary: &str, session: &str, state: &str) {
    let moved = app
        .update_session(secretary, session, json!({"state": state}))
        .await;
    assert_eq!(moved.status().as_u16(), 200, "{state}");
}

/// How a member takes part in a sitting.
#[derive(Clone, Copy, PartialEq)]
enum Way {
    Online,
    Offline,
    ByRoll,
    Apology,
    NoShow,
}

/// Runs a sitting: apologies first, then the QR code, offline scans synced, the roll, closing.
async fn hold(app: &TestApp, secretary: &str, session: &str, members: &[(&Member, Way)]) {
    for (member, way) in members {
        if *way == Way::Apology {
            let body = json!({"response": "apology", "reason": "Ốm, đang điều trị"});
            let answered = app
                .answer_session(&member.session.access_token, session, body)
                .await;
            assert_eq!(answered.status().as_u16(), 200);
        }
    }
    move_to(app, secretary, session, "open").await;
    let code = json_of(app.check_in_code(secretary, session).await, 200, "code").await;
    let token = code["qr_token"].as_str().unwrap();
    for (n, (member, way)) in members.iter().enumerate() {
        let client_id = format!("scan-{session}-{n}");
        let access = &member.session.access_token;
        match way {
            Way::Online => {
                let body = json!({"qr_token": token, "client_id": client_id});
                let checked =
                    json_of(app.check_in(access, session, body).await, 200, "online").await;
                assert_eq!(checked["recorded"], true, "{checked}");
            }
            Way::Offline => {
                let batch = json!([{
                    "session_id": session, "qr_token": token, "client_id": client_id,
                    "scanned_at": Utc::now() - TimeDelta::minutes(3),
                }]);
                let synced = json_of(app.sync_check_ins(access, batch).await, 200, "sync").await;
                assert_eq!(
                    synced["results"][0]["check_in"]["method"], "offline_qr",
                    "{synced}"
                );
            }
            Way::ByRoll => {
                let body = json!({"status": "present"});
                let marked = app
                    .mark_attendance(secretary, session, &member.session.member_id, body)
                    .await;
                assert_eq!(marked.status().as_u16(), 200, "marked on the roll");
            }
            Way::Apology | Way::NoShow => {}
        }
    }
    move_to(app, secretary, session, "closed").await;
}

async fn progress(app: &TestApp, secretary: &str, campaign: &str) -> Value {
    json_of(
        app.campaign_progress(secretary, campaign, "").await,
        200,
        "progress",
    )
    .await
}

async fn the_ward_proves_every_member_studied_the_resolution(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (ward, cells, members) = ward(&app).await;
    let secretary = members[1].session.access_token.clone();

    // The ward secretary publishes the resolution to the ward, required reading.
    let resolution = app
        .created_document(&secretary, crate::documents::congress_resolution(&ward))
        .await;
    let document = resolution["id"].as_str().unwrap().to_owned();
    let published = app
        .publish_document(
            &secretary,
            &document,
            json!({"org_ids": [ward], "required": true, "due_on": "2099-09-30"}),
        )
        .await;
    assert_eq!(published.status().as_u16(), 200);
    for member in &members {
        let access = &member.session.access_token;
        json_of(app.get_document(access, &document).await, 200, "read").await;
        json_of(
            app.acknowledge_document(access, &document, json!({})).await,
            200,
            "ack",
        )
        .await;
    }

    // Two sittings: the first two cells, then the other two.
    let first = sitting(&app, &secretary, &ward, &[&cells[0], &cells[1]], None).await;
    let second = sitting(&app, &secretary, &ward, &[&cells[2], &cells[3]], None).await;
    let campaign = app
        .created_campaign(
            &secretary,
            json!({
                "document_id": document,
                "title": "Học tập, quán triệt Nghị quyết Đại hội Đảng bộ phường nhiệm kỳ 2025-2030",
                "host_org_id": ward, "org_ids": [ward], "session_ids": [first, second],
                "deadline": "2099-09-30", "reflection_required": true,
            }),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let way_in_first = |n: usize| match n % 20 {
        3 | 13 => Way::ByRoll,
        5 | 15 => Way::Offline,
        7 => Way::Apology,
        17 => Way::NoShow,
        _ => Way::Online,
    };
    let (mut in_first, mut in_second) = (Vec::new(), Vec::new());
    for member in &members {
        if member.cell < 2 {
            // The ward's secretary chairs the sitting: present.
            let way = if member.session.access_token == secretary {
                Way::Online
            } else {
                way_in_first(in_first.len())
            };
            in_first.push((member, way));
        } else {
            let way = if in_second.len() % 10 == 4 {
                Way::Offline
            } else {
                Way::Online
            };
            in_second.push((member, way));
        }
    }
    hold(&app, &secretary, &first, &in_first).await;
    hold(&app, &secretary, &second, &in_second).await;
    let absent: Vec<&Member> = in_first
        .iter()
        .filter(|(_, way)| matches!(way, Way::Apology | Way::NoShow))
        .map(|(member, _)| *member)
        .collect();
    assert_eq!(absent.len(), 6);
    let before_makeup = progress(&app, &secretary, &campaign).await;
    assert_eq!(before_makeup["overall"]["expected"], 121);
    assert_eq!(before_makeup["overall"]["attended"], 115);
    assert_eq!(
        before_makeup["overall"]["studied"], 0,
        "no reflection accepted yet"
    );

    // The absentees attend the make-up session, which the campaign then counts.
    let makeup = sitting(
        &app,
        &secretary,
        &ward,
        &[&cells[0], &cells[1]],
        Some(&first),
    )
    .await;
    let makeup_way: Vec<(&Member, Way)> =
        absent.iter().map(|member| (*member, Way::Online)).collect();
    hold(&app, &secretary, &makeup, &makeup_way).await;
    let linked = app
        .update_campaign(
            &secretary,
            &campaign,
            json!({"session_ids": [first, second, makeup]}),
        )
        .await;
    assert_eq!(linked.status().as_u16(), 200);
    assert_eq!(
        progress(&app, &secretary, &campaign).await["overall"]["attended"],
        121
    );

    // Every member writes a reflection; the cells' secretaries accept them (their own and the
    // ward secretary's go to another manager).
    let secretary_of = |cell: usize| {
        members
            .iter()
            .find(|member| member.cell == cell)
            .map(|member| member.session.access_token.clone())
            .unwrap()
    };
    let mut reviews = Vec::new();
    for member in &members {
        let access = &member.session.access_token;
        let body = json!({"body": "Qua học tập, bản thân nhận thức rõ bốn khâu đột phá và cam kết thực hiện.", "submit": true});
        let written = json_of(
            app.write_reflection(access, &campaign, body).await,
            200,
            "reflection",
        )
        .await;
        let own_cell = secretary_of(member.cell);
        // The ward's secretary goes to their cell's; a cell's secretary to the ward's.
        let reviewer = if *access == secretary {
            secretary_of(0)
        } else if *access == own_cell {
            secretary.clone()
        } else {
            own_cell
        };
        reviews.push((reviewer, written["id"].as_str().unwrap().to_owned()));
    }
    let last = reviews.pop().unwrap();
    for (reviewer, reflection) in &reviews {
        let accepted = app
            .review_reflection(reviewer, reflection, json!({"decision": "accept"}))
            .await;
        assert_eq!(accepted.status().as_u16(), 200);
    }
    let almost = progress(&app, &secretary, &campaign).await;
    assert_eq!(almost["overall"]["studied"], 120);
    assert_eq!(almost["overall"]["percent"], 99.1);
    assert_eq!(
        almost["overall"]["reached"], false,
        "not before the last member"
    );
    assert_eq!(almost["missing"].as_array().unwrap().len(), 1);
    let accepted = app
        .review_reflection(&last.0, &last.1, json!({"decision": "accept"}))
        .await;
    assert_eq!(accepted.status().as_u16(), 200);
    let done = progress(&app, &secretary, &campaign).await;
    assert_eq!(done["overall"]["studied"], 121);
    assert_eq!(done["overall"]["percent"], 100.0);
    assert_eq!(done["overall"]["reached"], true);
    assert!(done["missing"].as_array().unwrap().is_empty());
    let by_org = done["by_org"].as_array().unwrap();
    assert_eq!(by_org.len(), 4);
    assert!(by_org.iter().all(|cell| cell["percent"] == 100.0));
}
