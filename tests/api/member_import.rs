use serde_json::Value;

use crate::endpoints::paths;
use crate::helpers::{Backend, TestApp, problem, problem_fields};
use crate::world::World;

on_every_backend!(
    an_import_creates_then_updates_by_card_and_never_blanks,
    a_file_with_one_bad_row_writes_nothing,
    an_export_is_excel_ready_and_imports_back_unchanged,
    problems_name_the_spreadsheet_row_whatever_the_line_endings,
);

async fn import(app: &TestApp, token: &str, csv: &str, dry_run: bool) -> reqwest::Response {
    app.import_members(token, &format!("?dry_run={dry_run}"), csv.to_owned())
        .await
}

async fn count_members(app: &TestApp, token: &str) -> usize {
    let page: Value = app
        .list_members(token, "?limit=100")
        .await
        .json()
        .await
        .unwrap();
    page["items"].as_array().unwrap().len()
}

async fn an_import_creates_then_updates_by_card_and_never_blanks(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.ward_secretary.access_token;
    let before = count_members(&app, token).await;
    let file = "\u{feff}card_number,full_name,party_status,cell_code,phone,date_of_birth\n\
                79200001,Nguyễn Văn Một,official,A1,0979200001,1970-02-03\n\
                79200002,Trần Thị Hai,probationary,a2,,\n";

    let dry: Value = import(&app, token, file, true).await.json().await.unwrap();
    assert_eq!(
        (
            dry["dry_run"].as_bool(),
            dry["created"].as_u64(),
            dry["rows"].as_u64()
        ),
        (Some(true), Some(2), Some(2))
    );
    assert_eq!(
        count_members(&app, token).await,
        before,
        "a dry run writes nothing"
    );

    let real: Value = import(&app, token, file, false).await.json().await.unwrap();
    assert_eq!(real["created"], 2);
    assert_eq!(count_members(&app, token).await, before + 2);
    let again: Value = import(&app, token, file, false).await.json().await.unwrap();
    assert_eq!(
        (again["created"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(2)),
        "idempotent"
    );

    // An update with empty cells changes only what is filled in.
    let update = "card_number,full_name,phone,activity_status\n79200001,,,exempt\n";
    let updated: Value = import(&app, token, update, false)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(updated["updated"], 1);
    let found: Value = app
        .list_members(token, "?q=79200001")
        .await
        .json()
        .await
        .unwrap();
    let member = &found["items"][0];
    assert_eq!(member["full_name"], "Nguyễn Văn Một");
    assert_eq!(member["phone"], "0979200001");
    assert_eq!(member["activity_status"], "exempt");
}

async fn a_file_with_one_bad_row_writes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.cell_secretary.access_token;
    let before = count_members(&app, &world.admin.access_token).await;
    // Line 3 names a cell the cell secretary does not manage; line 4 has a bad phone and a
    // card repeated from line 2; line 5 takes another member's phone.
    let file = "card_number,full_name,party_status,cell_code,phone\n\
                79300001,Lý Văn Ba,official,A1,\n\
                79300002,Lý Văn Bốn,official,A2,\n\
                79300001,Lý Văn Năm,official,A1,12\n\
                79300003,Lý Văn Sáu,official,A1,0979000003\n";
    let refused = problem(import(&app, token, file, false).await, 422).await;
    let fields = problem_fields(&refused);
    assert_eq!(
        fields,
        [
            "line 3: cell_code",
            "line 4: phone",
            "line 4: card_number",
            "line 5: phone"
        ]
    );
    assert_eq!(
        count_members(&app, &world.admin.access_token).await,
        before,
        "all or nothing"
    );

    let dry: Value = import(&app, token, file, true).await.json().await.unwrap();
    assert_eq!(
        dry["errors"].as_array().unwrap().len(),
        4,
        "a dry run reports the same problems"
    );
    assert_eq!(dry["errors"][0]["line"], 3);

    // JSON where a CSV file belongs: a request no method makes, hence the path itself.
    let not_csv = app
        .post_as(paths::MEMBERS_IMPORT, Some(token), serde_json::json!({}))
        .await;
    problem(not_csv, 415).await;
}

async fn an_export_is_excel_ready_and_imports_back_unchanged(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.ward_secretary.access_token;
    let response = app.export_members(token, "").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let csv = response.text().await.unwrap();
    assert!(
        csv.starts_with("\u{feff}card_number,full_name,"),
        "BOM and header"
    );
    assert!(csv.contains("Phạm Văn An"), "Vietnamese intact");
    assert!(
        !csv.contains("Bùi Văn Em"),
        "ward B is not ward A's secretary's"
    );
    assert_eq!(
        csv.lines().count(),
        1 + 6,
        "header and ward A's six members"
    );

    let back: Value = import(&app, token, &csv, true).await.json().await.unwrap();
    assert_eq!(back["unchanged"], 6, "{back}");
    assert!(back["errors"].as_array().unwrap().is_empty());
}

/// Excel saves CSV with CRLF and often a BOM; a hand-made file has LF. The report names the
/// row as the spreadsheet shows it, the header being row 1, in all three, in the dry run and in
/// the refused real import alike.
async fn problems_name_the_spreadsheet_row_whatever_the_line_endings(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let token = &world.ward_secretary.access_token;
    let rows = [
        "card_number,full_name,party_status,cell_code",
        "79600001,Lý Văn Ba,official,NO-SUCH-CELL",
        "79600002,\"Lý Thị\nBốn\",official,A1",
        "79600003,Lý Văn Năm,official,A1",
        "",
        "79600004,Lý Văn Sáu,official,NO-SUCH-CELL",
    ];
    for (ending, bom) in [("\n", ""), ("\r\n", ""), ("\r\n", "\u{feff}")] {
        let file = format!("{bom}{}{ending}", rows.join(ending));
        let dry: Value = import(&app, token, &file, true).await.json().await.unwrap();
        let found: Vec<(u64, &str)> = dry["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["line"].as_u64().unwrap(), e["field"].as_str().unwrap()))
            .collect();
        assert_eq!(
            found,
            [(2, "cell_code"), (3, "full_name"), (6, "cell_code")],
            "{ending:?} with BOM {bom:?}: {dry}"
        );
        let refused = problem(import(&app, token, &file, false).await, 422).await;
        let fields = problem_fields(&refused);
        assert_eq!(
            fields,
            [
                "line 2: cell_code",
                "line 3: full_name",
                "line 6: cell_code"
            ],
            "{ending:?} with BOM {bom:?}"
        );
    }
}
