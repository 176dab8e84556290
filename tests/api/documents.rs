//! The resolution library: drafting, structure with stable ids, publishing to organisations,
//! reading, acknowledging, versions, search.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, problem};
use crate::world::World;

on_every_backend!(
    a_resolution_is_drafted_published_read_and_acknowledged,
    a_new_version_keeps_structure_ids_and_asks_readers_again,
    codes_kinds_and_structures_are_checked,
    search_ignores_diacritics_and_case_and_lists_filter,
    a_document_answers_304_to_its_etag,
    old_versions_stay_readable_and_archived_documents_are_final,
    readership_counts_each_active_reader_once_and_names_the_rest,
    required_lists_only_what_is_asked_of_the_caller,
);

fn congress_resolution(org_id: &str) -> Value {
    json!({
        "org_id": org_id,
        "kind": "resolution",
        "code": "01-NQ/ĐH",
        "title": "Nghị quyết Đại hội đại biểu Đảng bộ phường lần thứ I, nhiệm kỳ 2025-2030",
        "issuer": "Đại hội đại biểu Đảng bộ phường",
        "issued_on": "2025-08-20",
        "summary": "Phát huy sức mạnh đại đoàn kết, xây dựng phường phát triển nhanh, bền vững.",
        "body": "# Mục tiêu\n\nXây dựng Đảng bộ trong sạch, vững mạnh.",
        "structure": {
            "objectives": ["Xây dựng phường văn minh, hiện đại"],
            "targets": [{"name": "Tỷ lệ hộ nghèo đa chiều", "unit": "%", "baseline": 1.2, "target_value": 0.0, "deadline": "2030-12-31"}],
            "programs": [
                {"title": "Chương trình chuyển đổi số"},
                {"title": "Chương trình chỉnh trang đô thị"}
            ],
            "breakthroughs": [{"title": "Cải cách hành chính", "description": "Một cửa, một lần."}]
        }
    })
}

async fn a_resolution_is_drafted_published_read_and_acknowledged(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let member = &world.member_a1.access_token;

    let created = app
        .create(
            "/api/v1/documents",
            secretary,
            congress_resolution(&world.ward_a),
        )
        .await;
    assert_eq!(created["status"], "draft");
    assert_eq!(created["code"], "01-NQ/ĐH");
    assert_eq!(
        created["structure"]["programs"].as_array().unwrap().len(),
        2
    );
    let path = format!("/api/v1/documents/{}", created["id"].as_str().unwrap());

    // A draft is the managers' alone.
    problem(app.get_as(&path, member).await, 404).await;
    let listed: Value = app
        .get_as("/api/v1/documents", member)
        .await
        .json()
        .await
        .unwrap();
    assert!(listed["items"].as_array().unwrap().is_empty());

    let published: Value = app
        .post_as(
            &format!("{path}/publish"),
            Some(secretary),
            json!({"org_ids": [world.ward_a], "required": true, "due_on": "2025-12-15"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(published["status"], "published");
    assert_eq!(
        published["distribution"][0]["org_id"],
        world.ward_a.as_str()
    );

    // The member sees it in the list, unread and required.
    let listed: Value = app
        .get_as("/api/v1/documents?unread=true", member)
        .await
        .json()
        .await
        .unwrap();
    let item = &listed["items"][0];
    assert_eq!(item["id"], created["id"]);
    assert_eq!(
        (item["required"].clone(), item["due_on"].clone()),
        (json!(true), json!("2025-12-15"))
    );
    assert_eq!(item["opened"], false);
    assert!(item.get("body").is_none(), "lists leave the body out");

    // Acknowledging before opening is refused; opening records the read.
    let early = problem(
        app.post_as(&format!("{path}/acknowledge"), Some(member), json!({}))
            .await,
        409,
    )
    .await;
    assert_eq!(early["code"], "not_opened");
    let read: Value = app.get_as(&path, member).await.json().await.unwrap();
    assert_eq!(read["opened"], true);
    assert!(
        read.get("distribution").is_none(),
        "readers do not see the distribution"
    );
    let acknowledged: Value = app
        .post_as(&format!("{path}/acknowledge"), Some(member), json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(acknowledged["acknowledged"], true);
    let unread: Value = app
        .get_as("/api/v1/documents?unread=true", member)
        .await
        .json()
        .await
        .unwrap();
    assert!(unread["items"].as_array().unwrap().is_empty());

    // Cell B1 lies in another ward: the resolution does not reach it.
    let outsider = crate::world::activate(&app, "79000007").await;
    problem(app.get_as(&path, &outsider.access_token).await, 404).await;
}

async fn a_new_version_keeps_structure_ids_and_asks_readers_again(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let member = &world.member_a1.access_token;
    let created = app
        .create(
            "/api/v1/documents",
            secretary,
            congress_resolution(&world.ward_a),
        )
        .await;
    let path = format!("/api/v1/documents/{}", created["id"].as_str().unwrap());
    let published = app
        .post_as(
            &format!("{path}/publish"),
            Some(secretary),
            json!({"org_ids": [world.ward_a]}),
        )
        .await;
    assert_eq!(published.status().as_u16(), 200);
    let opened: Value = app.get_as(&path, member).await.json().await.unwrap();
    assert_eq!(
        (opened["version"].as_i64(), opened["opened"].as_bool()),
        (Some(1), Some(true))
    );
    let acknowledged: Value = app
        .post_as(&format!("{path}/acknowledge"), Some(member), json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(acknowledged["acknowledged"], true);

    // An edit that changes nothing makes no version and asks nobody again.
    let unchanged: Value = app
        .patch_as(&path, secretary, json!({"title": created["title"]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unchanged["version"], 1);
    let still: Value = app.get_as(&path, member).await.json().await.unwrap();
    assert_eq!(still["acknowledged"], true, "nothing new to study");

    let mut structure = created["structure"].clone();
    structure["programs"][1]["title"] = json!("Chương trình chỉnh trang đô thị văn minh");
    structure["programs"]
        .as_array_mut()
        .unwrap()
        .push(json!({"title": "Chương trình an sinh xã hội"}));
    let edited: Value = app
        .patch_as(&path, secretary, json!({"structure": structure}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(edited["version"], 2);
    let ids = |document: &Value| -> Vec<String> {
        document["structure"]["programs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (before, after) = (ids(&created), ids(&edited));
    assert_eq!(after[..2], before[..], "kept items keep their ids");
    assert_eq!(after.len(), 3);
    assert_eq!(
        edited["structure"]["targets"][0]["id"],
        created["structure"]["targets"][0]["id"]
    );

    // The member's acknowledgement was for version 1: version 2 asks again.
    let listed: Value = app
        .get_as("/api/v1/documents?unread=true", member)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"][0]["version"], 2);
    assert_eq!(listed["items"][0]["acknowledged"], false);
    let stale = problem(
        app.post_as(
            &format!("{path}/acknowledge"),
            Some(member),
            json!({"version": 1}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(stale["code"], "stale_version");
    app.get_as(&path, member).await;
    let acknowledged: Value = app
        .post_as(
            &format!("{path}/acknowledge"),
            Some(member),
            json!({"version": 2}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(acknowledged["acknowledged"], true);

    // A change of the text alone asks again too.
    let retitled: Value = app
        .patch_as(
            &path,
            secretary,
            json!({"body": "# Mục tiêu\n\nXây dựng Đảng bộ trong sạch, vững mạnh toàn diện."}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(retitled["version"], 3);
    let unread: Value = app
        .get_as("/api/v1/documents?unread=true", member)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unread["items"][0]["version"], 3);
    assert_eq!(unread["items"][0]["acknowledged"], false);
    let reopened: Value = app.get_as(&path, member).await.json().await.unwrap();
    assert_eq!(
        (
            reopened["opened"].as_bool(),
            reopened["acknowledged"].as_bool()
        ),
        (Some(true), Some(false))
    );

    // The trail names the new version.
    let audit: Value = app
        .get_as("/api/v1/audit", secretary)
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"document.versioned"), "{actions:?}");
    assert!(actions.contains(&"document.published"), "{actions:?}");
}

async fn codes_kinds_and_structures_are_checked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let refused = |body: Value| {
        let app = &app;
        async move {
            problem(
                app.post_as("/api/v1/documents", Some(secretary), body)
                    .await,
                422,
            )
            .await["errors"][0]
                .clone()
        }
    };
    let mut bad_code = congress_resolution(&world.ward_a);
    bad_code["code"] = json!("NQ 01");
    assert_eq!(refused(bad_code).await["code"], "invalid_format");
    let mut mismatch = congress_resolution(&world.ward_a);
    mismatch["code"] = json!("50-CT/TW");
    assert_eq!(refused(mismatch).await["code"], "kind_mismatch");
    let mut untitled = congress_resolution(&world.ward_a);
    untitled["title"] = json!("   ");
    let error = refused(untitled).await;
    assert_eq!(
        (error["field"].clone(), error["code"].clone()),
        (json!("title"), json!("required"))
    );
    let mut forged = congress_resolution(&world.ward_a);
    forged["structure"]["targets"][0]["id"] = json!("01936f0e-0000-7000-8000-000000000000");
    let error = refused(forged).await;
    assert_eq!(error["field"], "structure.targets[0].id");
    assert_eq!(error["code"], "unknown_id");
    let unknown_kind = app
        .post_as(
            "/api/v1/documents",
            Some(secretary),
            json!({"org_id": world.ward_a, "kind": "memo", "code": "1-TB/ĐU", "title": "x", "issuer": "y"}),
        )
        .await;
    assert!(matches!(unknown_kind.status().as_u16(), 400 | 422));

    app.create(
        "/api/v1/documents",
        secretary,
        congress_resolution(&world.ward_a),
    )
    .await;
    let taken = problem(
        app.post_as(
            "/api/v1/documents",
            Some(secretary),
            congress_resolution(&world.ward_a),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(taken["code"], "code_taken");
    let listed: Value = app
        .get_as("/api/v1/documents", secretary)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed["items"].as_array().unwrap().len(),
        1,
        "nothing half-stored"
    );
}

async fn search_ignores_diacritics_and_case_and_lists_filter(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    app.create(
        "/api/v1/documents",
        secretary,
        congress_resolution(&world.ward_a),
    )
    .await;
    app.create(
        "/api/v1/documents",
        secretary,
        json!({"org_id": world.ward_a, "kind": "directive", "code": "50-CT/TW",
            "title": "Chỉ thị về đổi mới, nâng cao chất lượng sinh hoạt chi bộ",
            "issuer": "Ban Chấp hành Trung ương"}),
    )
    .await;
    let codes = |query: &'static str| {
        let app = &app;
        async move {
            let page: Value = app
                .get_as(&format!("/api/v1/documents?{query}"), secretary)
                .await
                .json()
                .await
                .unwrap();
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["code"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(codes("q=nghi%20quyet%20dai%20hoi").await, ["01-NQ/ĐH"]);
    assert_eq!(
        codes("q=%C4%90%E1%BA%A0I%20H%E1%BB%98I").await,
        ["01-NQ/ĐH"],
        "ĐẠI HỘI"
    );
    assert_eq!(codes("q=sinh%20hoat%20chi%20bo").await, ["50-CT/TW"]);
    assert_eq!(codes("q=50-ct").await, ["50-CT/TW"]);
    assert_eq!(
        codes("q=100%25").await,
        Vec::<String>::new(),
        "% is no wildcard"
    );
    assert_eq!(codes("kind=directive").await, ["50-CT/TW"]);
    assert_eq!(codes("status=draft").await.len(), 2);
    assert_eq!(codes("updated_since=2999-01-01T00:00:00Z").await.len(), 0);
    problem(
        app.get_as("/api/v1/documents?kind=memo", secretary).await,
        400,
    )
    .await;
}

async fn a_document_answers_304_to_its_etag(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let created = app
        .create(
            "/api/v1/documents",
            secretary,
            congress_resolution(&world.ward_a),
        )
        .await;
    let path = format!("/api/v1/documents/{}", created["id"].as_str().unwrap());
    let first = app.get_as(&path, secretary).await;
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = app.get_if_none_match(&path, secretary, &tag).await;
    assert_eq!(again.status().as_u16(), 304);
    app.patch_as(&path, secretary, json!({"summary": "Tóm tắt mới."}))
        .await;
    let changed = app.get_if_none_match(&path, secretary, &tag).await;
    assert_eq!(changed.status().as_u16(), 200, "an edit changes the ETag");
}

async fn old_versions_stay_readable_and_archived_documents_are_final(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let member = &world.member_a1.access_token;
    let created = app
        .create(
            "/api/v1/documents",
            secretary,
            congress_resolution(&world.ward_a),
        )
        .await;
    let path = format!("/api/v1/documents/{}", created["id"].as_str().unwrap());
    let versions: Value = app
        .get_as(&format!("{path}/versions"), secretary)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        versions["items"].as_array().unwrap().is_empty(),
        "a draft has no versions yet"
    );
    app.post_as(
        &format!("{path}/publish"),
        Some(secretary),
        json!({"org_ids": [world.ward_a]}),
    )
    .await;
    app.patch_as(&path, secretary, json!({"title": "Nghị quyết (bản sửa)"}))
        .await;

    let versions: Value = app
        .get_as(&format!("{path}/versions"), member)
        .await
        .json()
        .await
        .unwrap();
    let numbers: Vec<i64> = versions["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2]);
    let first: Value = app
        .get_as(&format!("{path}/versions/1"), member)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["title"], created["title"]);
    assert_eq!(
        first["structure"]["programs"][0]["id"],
        created["structure"]["programs"][0]["id"]
    );
    problem(app.get_as(&format!("{path}/versions/3"), member).await, 404).await;

    // A cell's document reaches no further than the cell, even when its publisher manages more.
    let cell_notice = app
        .create(
            "/api/v1/documents",
            &world.cell_secretary.access_token,
            json!({"org_id": world.cell_a1, "kind": "notice", "code": "7-TB/CB", "title": "Thông báo", "issuer": "Chi ủy"}),
        )
        .await;
    let outside = app
        .post_as(
            &format!(
                "/api/v1/documents/{}/publish",
                cell_notice["id"].as_str().unwrap()
            ),
            Some(secretary),
            json!({"org_ids": [world.ward_a]}),
        )
        .await;
    assert_eq!(
        problem(outside, 422).await["errors"][0]["code"],
        "outside_owner"
    );
    let unread: Value = app
        .get_as("/api/v1/documents?unread=true", secretary)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        unread["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["status"] == "published"),
        "drafts are not waiting to be read"
    );

    problem(
        app.post_as(&format!("{path}/archive"), Some(member), json!({}))
            .await,
        403,
    )
    .await;
    let archived: Value = app
        .post_as(&format!("{path}/archive"), Some(secretary), json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(archived["status"], "archived");
    let edit = problem(
        app.patch_as(&path, secretary, json!({"title": "Không được"}))
            .await,
        409,
    )
    .await;
    assert_eq!(edit["code"], "archived");
    let publish = app
        .post_as(
            &format!("{path}/publish"),
            Some(secretary),
            json!({"org_ids": [world.ward_a]}),
        )
        .await;
    assert_eq!(problem(publish, 409).await["code"], "archived");
    let read: Value = app.get_as(&path, member).await.json().await.unwrap();
    assert_eq!(read["status"], "archived", "still readable");
}

async fn readership_counts_each_active_reader_once_and_names_the_rest(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let admin = &world.admin.access_token;
    let secretary = &world.ward_secretary.access_token;
    // Cường is exempt (miễn sinh hoạt): not counted. Em lives in B1 but is attached to A1:
    // counted once, in A1.
    app.patch_as(
        &format!("/api/v1/members/{}", world.colleague_a1),
        admin,
        json!({"activity_status": "exempt"}),
    )
    .await;
    app.patch_as(
        &format!("/api/v1/members/{}", world.other_b1),
        admin,
        json!({"attached_org_id": world.cell_a1}),
    )
    .await;
    let created = app
        .create(
            "/api/v1/documents",
            secretary,
            congress_resolution(&world.ward_a),
        )
        .await;
    let path = format!("/api/v1/documents/{}", created["id"].as_str().unwrap());
    app.post_as(
        &format!("{path}/publish"),
        Some(secretary),
        json!({"org_ids": [world.ward_a], "required": true}),
    )
    .await;
    app.get_as(&path, &world.member_a1.access_token).await;
    app.post_as(
        &format!("{path}/acknowledge"),
        Some(&world.member_a1.access_token),
        json!({}),
    )
    .await;
    app.get_as(&path, &world.member_a2.access_token).await;

    let ward: Value = app
        .get_as(
            &format!("{path}/readership?org_id={}", world.ward_a),
            secretary,
        )
        .await
        .json()
        .await
        .unwrap();
    // Phường, Chi, An, Bình, Dung, Em: six; Cường is exempt.
    assert_eq!(
        (
            ward["expected"].clone(),
            ward["opened"].clone(),
            ward["acknowledged"].clone()
        ),
        (json!(6), json!(2), json!(1))
    );
    let pending: Vec<(&str, bool)> = ward["pending"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["card_number"].as_str().unwrap(),
                p["opened"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(pending.len(), 5);
    assert!(
        pending.contains(&("79000004", true)),
        "Bình opened, not acknowledged"
    );
    assert!(
        !pending.iter().any(|(card, _)| *card == "79000003"),
        "An acknowledged"
    );
    assert!(
        !pending.iter().any(|(card, _)| *card == "79000005"),
        "Cường is exempt"
    );

    let cell: Value = app
        .get_as(
            &format!("{path}/readership?org_id={}", world.cell_a1),
            &world.cell_secretary.access_token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        cell["expected"], 4,
        "Phường, Chi, An, and Em who is attached here"
    );

    problem(
        app.get_as(
            &format!("{path}/readership?org_id={}", world.cell_a1),
            &world.member_a1.access_token,
        )
        .await,
        403,
    )
    .await;

    let text = app
        .get_csv(
            &format!("{path}/readership?org_id={}", world.ward_a),
            secretary,
        )
        .await;
    assert!(text.starts_with('\u{feff}'), "a BOM, for Excel");
    assert_eq!(text.lines().count(), 6, "a header and five members: {text}");
    assert!(text.contains("Hoàng Thị Bình"));
    // Em is reported at A1, where she is attached: her home cell B1 is not the ward
    // secretary's to see.
    let em = text
        .lines()
        .find(|line| line.contains("Bùi Văn Em"))
        .unwrap();
    assert!(em.contains(",A1,") && !em.contains("B1"), "{em}");
    let em_json = ward["pending"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["card_number"] == "79000007")
        .unwrap();
    assert_eq!(em_json["org_id"], world.cell_a1.as_str());
}

async fn required_lists_only_what_is_asked_of_the_caller(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let secretary = &world.ward_secretary.access_token;
    let member = &world.member_a1.access_token;
    let publish = |document: Value, required: bool, org: &str| {
        let app = &app;
        let body = json!({"org_ids": [org], "required": required});
        async move {
            let created = app.create("/api/v1/documents", secretary, document).await;
            let path = format!(
                "/api/v1/documents/{}/publish",
                created["id"].as_str().unwrap()
            );
            let published = app.post_as(&path, Some(secretary), body).await;
            assert_eq!(published.status(), 200);
            created["code"].as_str().unwrap().to_owned()
        }
    };
    let resolution = publish(congress_resolution(&world.ward_a), true, &world.ward_a).await;
    publish(
        json!({"org_id": world.ward_a, "kind": "directive", "code": "50-CT/TW",
            "title": "Chỉ thị về sinh hoạt chi bộ", "issuer": "Ban Chấp hành Trung ương"}),
        false,
        &world.ward_a,
    )
    .await;
    publish(
        json!({"org_id": world.ward_a, "kind": "guidance", "code": "42-HD/BTCTW",
            "title": "Hướng dẫn cho chi bộ A2", "issuer": "Ban Tổ chức Trung ương"}),
        true,
        &world.cell_a2,
    )
    .await;
    let required: Value = app
        .get_as("/api/v1/documents?required=true", member)
        .await
        .json()
        .await
        .unwrap();
    let codes: Vec<&str> = required["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    // The directive is published but optional; the guidance is required of cell A2 only.
    assert_eq!(codes, [resolution.as_str()]);
    let all: Value = app
        .get_as("/api/v1/documents", member)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
}
