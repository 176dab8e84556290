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

    // The member heard of the story's events: each publication, the sittings they are
    // invited to.
    let feed = app.notifications(&member.access_token, "?limit=100").await;
    let heard: HashSet<(&str, &str)> = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (
                item["kind"].as_str().unwrap(),
                item["object_type"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        heard.contains(&("document_published", "document")),
        "{feed}"
    );
    assert!(heard.contains(&("session_invited", "session")), "{feed}");
    let published = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| item["kind"] == "document_published")
        .count();
    assert_eq!(published, 3, "one per document published to the ward");
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
    the_campaign_names_who_stands_between_the_ward_and_everyone(&app, &secretary.access_token, id)
        .await;
}

/// The campaign over the sittings and the make-up session, and the members' plans.
async fn the_campaign_names_who_stands_between_the_ward_and_everyone(
    app: &TestApp,
    secretary: &str,
    resolution: &str,
) {
    let campaigns: Value = app
        .list_campaigns(secretary, "")
        .await
        .json()
        .await
        .unwrap();
    let campaign = &campaigns["items"][0];
    let id = campaign["id"].as_str().unwrap();
    let whole: Value = app.get_campaign(secretary, id).await.json().await.unwrap();
    assert_eq!(whole["sessions"].as_array().unwrap().len(), 4);
    let progress: Value = app
        .campaign_progress(secretary, id, "")
        .await
        .json()
        .await
        .unwrap();
    let overall = &progress["overall"];
    let number = |field: &str| overall[field].as_i64().unwrap();
    assert!(
        0 < number("studied") && number("studied") < number("expected"),
        "{overall}"
    );
    assert!(number("need_session") > 0 && number("need_reflection") > number("need_session"));
    let missing = progress["missing"].as_array().unwrap();
    assert_eq!(
        i64::try_from(missing.len()).unwrap(),
        number("expected") - number("studied")
    );
    assert!(progress["by_org"].as_array().unwrap().len() > 10);
    let statuses: HashSet<&str> = missing
        .iter()
        .filter_map(|member| member["reflection_status"].as_str())
        .collect();
    // A draft is its author's alone: it reads as none here.
    assert_eq!(
        statuses,
        HashSet::from(["submitted", "returned"]),
        "reflections handed in but not accepted"
    );

    let query = format!(
        "?org_id={}&year=2025",
        campaign["host_org_id"].as_str().unwrap()
    );
    let rollup: Value = app
        .plan_rollup(secretary, resolution, &query)
        .await
        .json()
        .await
        .unwrap();
    let parts = rollup["parts"].as_array().unwrap();
    assert_eq!(
        parts.len(),
        13,
        "five targets, four programs, four breakthroughs"
    );
    assert!(
        parts.iter().all(|part| part["items"].as_i64().unwrap() > 0),
        "{rollup}"
    );
    assert!(!rollup["overdue_items"].as_array().unwrap().is_empty());
    assert!(rollup["members_without_plan"].as_i64().unwrap() > 0);
}
