//! The OpenAPI document and the server agree on what a field may hold: a value the document's
//! schema allows is accepted, one it refuses is refused naming that field. Generated clients
//! validate by the document, so a server stricter than it refuses what they send.

use serde_json::{Value, json};

use crate::helpers::{Backend, MEMBER_PASSWORD, TestApp, problem, problem_fields};
use crate::world::World;

on_every_backend!(
    member_fields_are_refused_exactly_when_the_schema_refuses_them,
    a_login_with_control_characters_is_refused_by_the_schema_and_the_server,
    a_whole_number_written_with_a_fraction_is_a_whole_number,
);

/// The schema of `property` of component `schema` in the served document.
async fn property(app: &TestApp, schema: &str, property: &str) -> Value {
    let document: Value = app.openapi_json().await.json().await.unwrap();
    document["components"]["schemas"][schema]["properties"][property].clone()
}

/// Whether `value` meets `schema`'s string rules (pattern, lengths in characters).
fn allowed(schema: &Value, value: &str) -> bool {
    let length = value.chars().count() as u64;
    let pattern = schema["pattern"]
        .as_str()
        .map(|p| regex::Regex::new(p).unwrap());
    pattern.is_none_or(|pattern| pattern.is_match(value))
        && schema["minLength"].as_u64().is_none_or(|min| length >= min)
        && schema["maxLength"].as_u64().is_none_or(|max| length <= max)
}

async fn member_fields_are_refused_exactly_when_the_schema_refuses_them(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.ward_secretary.access_token;
    let cases = [
        ("phone", "0000000000000000000"),
        ("phone", "+84 (912) 345-678"),
        ("phone", "84 0912 345 678"),
        ("phone", "0012345678"),
        ("full_name", "Ksor H’Bơ Khăp"),
        ("full_name", "Rơ Mah H'Linh-Đa"),
        ("full_name", "Lê Văn 3"),
        ("full_name", "Lê Văn\u{0007}"),
        ("full_name", "'-.'"),
        ("full_name", "Lê\u{2003}Văn Chín"),
        ("full_name", "Lê Văn Mười\r\n"),
        ("card_number", "ABCDEF"),
        ("card_number", "ab-12.cd"),
        ("date_of_birth", "1899-12-31"),
        ("date_of_birth", "1975-03-08"),
    ];
    for (index, (field, value)) in cases.into_iter().enumerate() {
        let schema = property(&app, "CreateMemberRequest", field).await;
        let card = format!("7980{index:04}");
        let mut body = json!({"card_number": card, "full_name": "Lê Văn Tám",
                              "party_status": "official", "org_id": world.cell_a1});
        body[field] = json!(value);
        let response = app.create_member(token, body).await;
        if allowed(&schema, value) {
            assert_eq!(
                response.status().as_u16(),
                201,
                "{field} = {value:?} meets {schema}"
            );
        } else {
            let refused = problem(response, 422).await;
            let fields = problem_fields(&refused);
            assert_eq!(fields, [field], "{field} = {value:?} breaks {schema}");
        }
    }
}

async fn a_login_with_control_characters_is_refused_by_the_schema_and_the_server(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    World::build(&app).await;
    let schema = property(&app, "LoginRequest", "login").await;
    for login in [
        "7900\u{0000}0003",
        "7900\n0003",
        "790\u{0085}00003",
        "   ",
        "\t",
    ] {
        assert!(!allowed(&schema, login), "{login:?} meets {schema}");
        let refused = problem(app.login(login, MEMBER_PASSWORD).await, 422).await;
        assert_eq!(refused["errors"][0]["field"], "login", "{login:?}");
    }
    // What trimming removes is allowed around it, control characters among it (a pasted
    // line break).
    for login in [" 79000003 ", "79000003\r\n", "\u{0085}79000003\u{3000}"] {
        assert!(allowed(&schema, login), "{login:?} breaks {schema}");
        let response = app.login(login, MEMBER_PASSWORD).await;
        assert_eq!(response.status().as_u16(), 200, "{login:?}");
    }
}

/// JSON Schema calls `1.0` an integer; a generated client may send it so.
async fn a_whole_number_written_with_a_fraction_is_a_whole_number(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let member = &world.member_a1.access_token;
    let body = json!({"org_id": world.ward_a, "kind": "notice", "code": "09-TB/ĐU",
                      "title": "Thông báo", "issuer": "Đảng ủy phường"});
    let created = app.created_document(secretary, body).await;
    let id = created["id"].as_str().unwrap();
    app.publish_document(secretary, id, json!({"org_ids": [world.ward_a]}))
        .await;
    app.get_document(member, id).await;
    let half = app
        .acknowledge_document(member, id, json!({"version": 1.5}))
        .await;
    assert_eq!(half.status().as_u16(), 422, "1.5 is no version");
    let whole = app
        .acknowledge_document(member, id, json!({"version": 1.0}))
        .await;
    assert_eq!(whole.status().as_u16(), 200);
    let acknowledged: Value = whole.json().await.unwrap();
    assert_eq!(acknowledged["acknowledged"], true);
}
