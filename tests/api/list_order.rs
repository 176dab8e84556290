//! Lists in the order a phone and an admin expect: documents newest first, members in
//! Vietnamese name order; cursors that stay put when rows are added.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp};
use crate::world::World;

on_every_backend!(
    members_are_listed_by_given_name_in_vietnamese_order,
    member_pages_neither_skip_nor_repeat_when_members_are_added,
    documents_are_listed_newest_first_by_publication,
    document_pages_neither_skip_nor_repeat_when_documents_are_added,
);

/// The names (or titles) on a page of a list, and the cursor of the next page.
async fn names(page: reqwest::Response) -> (Vec<String>, Option<String>) {
    let from = page.url().clone();
    let page: Value = page.json().await.unwrap();
    let names = page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a page from {from}: {page}"))
        .iter()
        .map(|item| {
            item["full_name"]
                .as_str()
                .or(item["title"].as_str())
                .unwrap()
                .to_owned()
        })
        .collect();
    (names, page["next_cursor"].as_str().map(str::to_owned))
}

async fn add_member(app: &TestApp, token: &str, card: &str, name: &str, cell: &str) {
    app.created_member(
        token,
        json!({"card_number": card, "full_name": name, "party_status": "official", "org_id": cell}),
    )
    .await;
}

async fn members_are_listed_by_given_name_in_vietnamese_order(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.ward_secretary.access_token;
    let cell = app
        .created_org(
            token,
            json!({"name": "Chi bộ Khu phố 9", "kind": "cell", "parent_id": world.ward_a, "code": "A9"}),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Added in an order that is neither alphabetical nor by given name.
    for (card, name) in [
        ("79500001", "Trần Văn Đức"),
        ("79500002", "Nguyễn Thị Ánh"),
        ("79500003", "Lê Văn Dũng"),
        ("79500004", "Phạm Thị Anh"),
        ("79500005", "Võ Thị Ân"),
        ("79500006", "Đỗ Văn Bình"),
        ("79500007", "Bùi Thị An"),
        ("79500008", "Hồ Văn Dung"),
    ] {
        add_member(&app, token, card, name, &cell).await;
    }
    let (listed, _) = names(app.list_members(token, &format!("?org_id={cell}")).await).await;
    assert_eq!(
        listed,
        [
            "Bùi Thị An",
            "Phạm Thị Anh",
            "Nguyễn Thị Ánh",
            "Võ Thị Ân",
            "Đỗ Văn Bình",
            "Hồ Văn Dung",
            "Lê Văn Dũng",
            "Trần Văn Đức",
        ],
        "given name first; a ă â … d đ; tones only between equal letters"
    );
}

async fn member_pages_neither_skip_nor_repeat_when_members_are_added(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.ward_secretary.access_token;
    let query = format!("?org_id={}&limit=2", world.ward_a);
    let (first, cursor) = names(app.list_members(token, &query).await).await;
    let cursor = cursor.expect("more than one page");
    // One sorts before the cursor, one after: neither may move what the next pages hold.
    add_member(&app, token, "79500011", "Lý Thị A", &world.cell_a1).await;
    add_member(&app, token, "79500012", "Lý Văn Yên", &world.cell_a2).await;
    let mut seen = first.clone();
    let mut next = Some(cursor);
    while let Some(cursor) = next {
        let next_page = format!("{query}&cursor={cursor}");
        let (page, cursor) = names(app.list_members(token, &next_page).await).await;
        seen.extend(page);
        next = cursor;
    }
    let whole_ward = format!("?org_id={}&limit=100", world.ward_a);
    let (everyone, _) = names(app.list_members(token, &whole_ward).await).await;
    let expected: Vec<String> = everyone
        .into_iter()
        .filter(|name| name != "Lý Thị A")
        .collect();
    assert_eq!(
        seen, expected,
        "every member once, in order; the one added before the cursor is not on later pages"
    );
    // Any cursor of the allowed alphabet names a place, even one that decodes to bytes no
    // key holds ("AA" is a NUL, which PostgreSQL cannot compare): never a server error.
    for cursor in ["AA", "AAAA", "_-_-", "zzzz"] {
        let response = app.list_members(token, &format!("?cursor={cursor}")).await;
        assert_eq!(response.status().as_u16(), 200, "cursor {cursor}");
    }
}

fn draft(org: &str, code: &str, title: &str) -> Value {
    json!({"org_id": org, "kind": "notice", "code": code, "title": title, "issuer": "Đảng ủy phường"})
}

async fn publish(app: &TestApp, token: &str, id: &str, org: &str) {
    let response = app
        .publish_document(token, id, json!({"org_ids": [org], "required": false}))
        .await;
    assert_eq!(response.status().as_u16(), 200);
}

async fn documents_are_listed_newest_first_by_publication(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let mut ids = Vec::new();
    for (code, title) in [
        ("01-TB/ĐU", "Thông báo một"),
        ("02-TB/ĐU", "Thông báo hai"),
        ("03-TB/ĐU", "Thông báo ba"),
        ("04-TB/ĐU", "Thông báo bốn"),
    ] {
        let created = app
            .created_document(secretary, draft(&world.ward_a, code, title))
            .await;
        ids.push(created["id"].as_str().unwrap().to_owned());
    }
    // Published out of creation order: three, then one, then two; four stays a draft.
    for index in [2, 0, 1] {
        publish(&app, secretary, &ids[index], &world.ward_a).await;
    }
    let (library, _) = names(app.list_documents(&world.member_a1.access_token, "").await).await;
    assert_eq!(
        library,
        ["Thông báo hai", "Thông báo một", "Thông báo ba"],
        "a member's library: the latest publication first"
    );
    let (managed, _) = names(app.list_documents(secretary, "").await).await;
    assert_eq!(
        managed,
        [
            "Thông báo hai",
            "Thông báo một",
            "Thông báo ba",
            "Thông báo bốn"
        ],
        "a draft sits where its creation puts it"
    );
}

async fn document_pages_neither_skip_nor_repeat_when_documents_are_added(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    for number in 1..=5 {
        let code = format!("{number:02}-TB/ĐU");
        let title = format!("Thông báo số {number}");
        app.created_document(secretary, draft(&world.ward_a, &code, &title))
            .await;
    }
    let (first, cursor) = names(app.list_documents(secretary, "?limit=2").await).await;
    assert_eq!(first, ["Thông báo số 5", "Thông báo số 4"]);
    // A new document goes on top, before the cursor: the next pages do not shift.
    app.created_document(
        secretary,
        draft(&world.ward_a, "06-TB/ĐU", "Thông báo số 6"),
    )
    .await;
    let mut seen = first;
    let mut next = cursor;
    while let Some(cursor) = next {
        let next_page = format!("?limit=2&cursor={cursor}");
        let (page, cursor) = names(app.list_documents(secretary, &next_page).await).await;
        seen.extend(page);
        next = cursor;
    }
    assert_eq!(
        seen,
        [
            "Thông báo số 5",
            "Thông báo số 4",
            "Thông báo số 3",
            "Thông báo số 2",
            "Thông báo số 1"
        ]
    );
    // A cursor is a place in the order, whoever wrote it; only its alphabet is checked.
    let anywhere = app
        .list_documents(secretary, "?cursor=20250101000000000000")
        .await;
    let page: Value = anywhere.json().await.unwrap();
    assert_eq!(
        page["items"].as_array().unwrap().len(),
        0,
        "nothing before 2025"
    );
    let bad = app
        .list_documents(secretary, "?cursor=not%20a%20place")
        .await;
    crate::helpers::problem(bad, 422).await;
}
