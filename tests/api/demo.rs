use std::collections::HashSet;

use serde_json::Value;
use sotay_api::cli::demo;

use crate::helpers::{Backend, TestApp};

on_every_backend!(the_demo_ward_tells_the_story_and_loads_once);

async fn the_demo_ward_tells_the_story_and_loads_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut connection = app.database.connect();
    let (first, second) = tokio::task::spawn_blocking(move || {
        let hash = sotay_api::auth_tools::hash_now(demo::DEMO_PASSWORD).unwrap();
        let first = demo::load(&mut connection, &hash).unwrap();
        let second = demo::load(&mut connection, &hash).unwrap();
        (first, second)
    })
    .await
    .unwrap();
    assert!(first.loaded_now);
    assert!(!second.loaded_now, "idempotent");
    assert_eq!(first.cells, 51);

    let secretary = app
        .session(demo::WARD_SECRETARY_CARD, demo::DEMO_PASSWORD)
        .await;
    let cells: Value = app
        .list_orgs(&secretary.access_token, "?kind=cell&limit=100")
        .await
        .json()
        .await
        .unwrap();
    let cells = cells["items"].as_array().unwrap();
    assert_eq!(cells.len(), 51, "the ward secretary sees every cell");
    let mut story_area = HashSet::new();
    for cell in cells
        .iter()
        .filter(|cell| cell["code"].as_str().unwrap().starts_with("HA-KV1-"))
    {
        let query = format!("?org_id={}&limit=100", cell["id"].as_str().unwrap());
        let members: Value = app
            .list_members(&secretary.access_token, &query)
            .await
            .json()
            .await
            .unwrap();
        for member in members["items"].as_array().unwrap() {
            story_area.insert(member["id"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(
        story_area.len(),
        121,
        "the story's area: 121 members, each once"
    );

    let member = app.session(demo::MEMBER_CARD, demo::DEMO_PASSWORD).await;
    let me: Value = app.get_me(&member.access_token).await.json().await.unwrap();
    assert!(
        me["cell"]["code"]
            .as_str()
            .unwrap()
            .starts_with("HA-KV1-TDP")
    );
    let exempt: Value = app
        .list_members(&secretary.access_token, "?status=exempt&limit=100")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        !exempt["items"].as_array().unwrap().is_empty(),
        "some members are exempt"
    );

    // The congress resolution, Directive 50 and its guidance, published to the ward.
    let documents: Value = app
        .list_documents(&member.access_token, "")
        .await
        .json()
        .await
        .unwrap();
    let documents = documents["items"].as_array().unwrap();
    let codes: HashSet<&str> = documents
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        HashSet::from(["01-NQ/ĐH", "50-CT/TW", "42-HD/BTCTW"])
    );
    let resolution = documents.iter().find(|d| d["code"] == "01-NQ/ĐH").unwrap();
    assert_eq!(resolution["required"], true);
    let id = resolution["id"].as_str().unwrap();
    let full: Value = app
        .get_document(&member.access_token, id)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(full["structure"]["programs"].as_array().unwrap().len(), 4);
    assert_eq!(
        full["structure"]["breakthroughs"].as_array().unwrap().len(),
        4
    );
    let ward = &cells[0]["parent_id"];
    let readership: Value = app
        .document_readership(
            &secretary.access_token,
            id,
            &format!("?org_id={}", ward.as_str().unwrap()),
        )
        .await
        .json()
        .await
        .unwrap();
    let (opened, acknowledged) = (
        readership["opened"].as_u64().unwrap(),
        readership["acknowledged"].as_u64().unwrap(),
    );
    assert!(0 < acknowledged && acknowledged < opened, "{readership}");

    // Its summary is attached, as a PDF a phone can open.
    let attachments: Value = app
        .list_attachments(&member.access_token, id)
        .await
        .json()
        .await
        .unwrap();
    let summary = &attachments["items"][0];
    assert_eq!(summary["content_type"], "application/pdf");
    let pdf = app
        .download_attachment(&member.access_token, id, summary["id"].as_str().unwrap())
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(
        sotay_domain::attachment::sniff(&pdf),
        Ok(sotay_domain::attachment::FileKind::Pdf)
    );
    assert!(pdf.ends_with(b"%%EOF\n"));

    // The story's sessions: three sittings on 9 and 10 September, closed, and the make-up.
    let sessions: Value = app
        .list_sessions(&secretary.access_token, "?limit=100")
        .await
        .json()
        .await
        .unwrap();
    let sessions = sessions["items"].as_array().unwrap();
    let states: Vec<&str> = sessions
        .iter()
        .map(|s| s["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, vec!["closed", "closed", "closed", "published"]);
    let conference = sessions[0]["id"].as_str().unwrap();
    assert!(
        sessions[0]["starts_at"]
            .as_str()
            .unwrap()
            .starts_with("2025-09-09T00:30")
    );
    let makeup: Value = app
        .get_session(&secretary.access_token, sessions[3]["id"].as_str().unwrap())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (makeup["kind"].as_str(), makeup["makeup_of"].as_str()),
        (Some("makeup"), Some(conference))
    );
    let roll: Value = app
        .session_roll(&secretary.access_token, conference)
        .await
        .json()
        .await
        .unwrap();
    let counts = &roll["counts"];
    let count = |name: &str| counts[name].as_u64().unwrap();
    assert_eq!(count("total") + count("exempt"), 121, "{counts}");
    assert_eq!(count("unrecorded"), 0);
    assert!(
        count("absent_excused") > 0 && count("absent_unexcused") > 0,
        "{counts}"
    );
    assert_eq!(
        count("present") + count("late") + count("absent_excused") + count("absent_unexcused"),
        count("total")
    );
    let methods: HashSet<&str> = roll["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|item| item["method"].as_str())
        .collect();
    assert_eq!(
        methods,
        HashSet::from(["qr", "offline_qr", "roll", "closing"])
    );
}
