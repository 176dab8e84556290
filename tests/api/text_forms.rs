//! Text as our users type it: Vietnamese precomposed (NFC) or decomposed (NFD), and the
//! apostrophes of ethnic-minority names as phones and desktops type them.

use serde_json::{Value, json};

use crate::helpers::{Backend, MEMBER_PASSWORD, TestApp, problem};
use crate::world::{TEMPORARY_PASSWORD, World};

on_every_backend!(
    a_decomposed_search_finds_what_the_precomposed_one_finds,
    a_name_typed_decomposed_is_stored_precomposed,
    every_apostrophe_is_accepted_in_names_and_stored_as_one,
    a_refused_name_is_told_the_real_rule,
    a_password_is_the_same_whichever_way_its_letters_were_typed,
);

/// "Hương" typed on a keyboard set to composite Unicode: base letters and combining marks.
const HUONG_NFD: &str = "Hu\u{031B}o\u{031B}ng";

async fn create_member(app: &TestApp, token: &str, card: &str, name: &str, cell: &str) -> Value {
    app.created_member(
        token,
        json!({"card_number": card, "full_name": name, "party_status": "official", "org_id": cell}),
    )
    .await
}

/// The ids on a page of a list.
async fn found(page: reqwest::Response) -> Vec<String> {
    let from = page.url().clone();
    let page: Value = page.json().await.unwrap();
    page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a page from {from}: {page}"))
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_decomposed_search_finds_what_the_precomposed_one_finds(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.ward_secretary.access_token;
    let mut created = Vec::new();
    for (card, name, cell) in [
        ("79400001", "Nguyễn Thị Hương".to_owned(), &world.cell_a1),
        ("79400002", "Trần Hương Giang".to_owned(), &world.cell_a2),
        // Stored from a decomposed spelling: found by both spellings too.
        ("79400003", format!("Lê Thu {HUONG_NFD}"), &world.cell_a2),
    ] {
        let member = create_member(&app, token, card, &name, cell).await;
        created.push(member["id"].as_str().unwrap().to_owned());
    }

    let nfc = found(app.list_members(token, "?q=H%C6%B0%C6%A1ng").await).await;
    let nfd_query = format!("?q={}", encode(HUONG_NFD));
    let nfd = found(app.list_members(token, &nfd_query).await).await;
    for member in &created {
        assert!(
            nfc.contains(member),
            "the precomposed spelling finds {member}"
        );
    }
    assert_eq!(nfd, nfc, "the decomposed spelling finds the same members");

    let document = json!({
        "org_id": world.ward_a, "kind": "plan", "code": "07-KH/ĐU",
        "title": format!("Kế hoạch học tập Nghị quyết tại khu phố {HUONG_NFD} An"),
        "issuer": "Đảng ủy phường",
    });
    app.created_document(token, document).await;
    for query in [
        "H%C6%B0%C6%A1ng%20An",
        &encode(&format!("{HUONG_NFD} An")),
        "huong%20an",
    ] {
        let search = format!("?q={query}");
        let listed = found(app.list_documents(token, &search).await).await;
        assert_eq!(listed.len(), 1, "{search}");
    }
}

async fn a_name_typed_decomposed_is_stored_precomposed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.ward_secretary.access_token;
    let created = create_member(
        &app,
        token,
        "79400011",
        "Nguye\u{0302}\u{0303}n Thi\u{0323} Lan",
        &world.cell_a1,
    )
    .await;
    assert_eq!(created["full_name"], "Nguyễn Thị Lan");

    let org = app
        .created_org(
            token,
            json!({"name": format!("Chi bộ Khu phố {HUONG_NFD}"), "kind": "cell",
                   "parent_id": world.ward_a, "code": "A9"}),
        )
        .await;
    assert_eq!(org["name"], "Chi bộ Khu phố Hương");
}

async fn every_apostrophe_is_accepted_in_names_and_stored_as_one(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.ward_secretary.access_token;
    let typed = [
        ("79400021", "Ksor H’Bơ Khăp"),
        ("79400022", "Rơ Mah H'Linh"),
        ("79400023", "Kpă HʼPhuong"),
        ("79400024", "Siu H‘Nga"),
    ];
    for (card, name) in typed {
        let created = create_member(&app, token, card, name, &world.cell_a1).await;
        let stored = created["full_name"].as_str().unwrap();
        assert!(
            stored.contains('\u{2019}') && !stored.contains(['\'', 'ʼ', '‘']),
            "{name} is stored as {stored}"
        );
    }
    // Whichever apostrophe the searcher types.
    for query in ["h%27bo", "H%E2%80%99B%C6%A1", "h%CA%BCbo"] {
        let search = format!("?q={query}");
        let listed = found(app.list_members(token, &search).await).await;
        assert_eq!(listed.len(), 1, "{search}");
    }
    // A renamed member too, and an import.
    let patched: Value = app
        .update_member(
            token,
            &world.colleague_a1,
            json!({"full_name": "Đinh Y'Ngông"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(patched["full_name"], "Đinh Y’Ngông");
    let csv = "card_number,full_name,party_status,cell_code\r\n79400025,Ksor H'Ble,official,A1\r\n";
    let report: Value = app
        .import_members(token, "", csv.to_owned())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["created"], 1, "{report}");
    let imported = found(app.list_members(token, "?q=ksor%20h%27ble").await).await;
    let member: Value = app
        .get_member(token, &imported[0])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(member["full_name"], "Ksor H’Ble");
}

async fn a_refused_name_is_told_the_real_rule(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let body = json!({"card_number": "79400031", "full_name": "Lê Văn 3", "party_status": "official",
                      "org_id": world.cell_a1, "temporary_password": TEMPORARY_PASSWORD});
    let response = app
        .create_member(&world.ward_secretary.access_token, body)
        .await;
    let refused = problem(response, 422).await;
    let error = &refused["errors"][0];
    assert_eq!(error["field"], "full_name");
    assert_eq!(error["code"], "invalid_characters");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("dấu nháy") && message.contains("gạch nối"),
        "the message names what is allowed besides letters: {message}"
    );
}

/// Percent-encodes `text` for a query string.
pub fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The fixtures' password "hoa sen nở giữa hồ" was set precomposed; a phone whose keyboard
/// types marks apart sends it decomposed. Both log in; a near miss still does not.
async fn a_password_is_the_same_whichever_way_its_letters_were_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    World::build(&app).await;
    let decomposed = "hoa sen no\u{031B}\u{0309} giu\u{031B}\u{0303}a ho\u{0302}\u{0300}";
    assert_ne!(decomposed, MEMBER_PASSWORD);
    assert_eq!(
        app.login("79000003", MEMBER_PASSWORD)
            .await
            .status()
            .as_u16(),
        200
    );
    assert_eq!(
        app.login("79000003", decomposed).await.status().as_u16(),
        200
    );
    problem(app.login("79000003", "hoa sen no giua ho").await, 401).await;
}
