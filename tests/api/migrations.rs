use diesel::RunQueryDsl;
use serde_json::Value;
use sotay_persistence::{instance, migrations};

use crate::helpers::{Backend, TestApp, TestDatabase};

on_every_backend!(
    migrations_run_up_down_and_up_again,
    an_upgrade_refolds_stored_text_and_sorts_members_by_name,
);

async fn migrations_run_up_down_and_up_again(backend: Backend) {
    let database = TestDatabase::fresh(backend);
    let mut connection = database.connect();
    tokio::task::spawn_blocking(move || {
        assert_eq!(migrations::schema_version(&mut connection).unwrap(), None);

        let applied = migrations::migrate(&mut connection).unwrap();
        assert!(!applied.is_empty());
        assert!(!migrations::has_pending(&mut connection).unwrap());
        let version = migrations::schema_version(&mut connection).unwrap();
        assert_eq!(version.as_deref(), applied.iter().max().map(String::as_str));
        let first_instance = instance::instance_id(&mut connection).unwrap();
        assert!(first_instance.is_some());

        let reverted = migrations::revert_all(&mut connection).unwrap();
        assert_eq!(reverted.len(), applied.len());
        assert_eq!(migrations::schema_version(&mut connection).unwrap(), None);
        assert!(migrations::has_pending(&mut connection).unwrap());
        let gone = diesel::sql_query("SELECT 1 FROM instance").execute(&mut connection);
        assert!(gone.is_err(), "down migrations drop what up created");

        assert_eq!(migrations::migrate(&mut connection).unwrap(), applied);
        assert_eq!(
            migrations::schema_version(&mut connection).unwrap(),
            version
        );
        let second_instance = instance::instance_id(&mut connection).unwrap();
        assert!(second_instance.is_some());
        assert_ne!(
            second_instance, first_instance,
            "a rebuilt database is a new instance"
        );

        assert!(
            migrations::migrate(&mut connection).unwrap().is_empty(),
            "idempotent"
        );
    })
    .await
    .unwrap();
}

/// The last schema before stored text was normalised and members got sort keys.
const BEFORE_TEXT_FORMS: &str = "20261126000200";

/// A database as the previous release left it: names stored decomposed (NFD), as that release
/// accepted them, folded by its hand-made table, which left the marks in ("hu\u{31b}o\u{31b}ng");
/// a document title the same. The upgrade must make them searchable and sorted.
async fn an_upgrade_refolds_stored_text_and_sorts_members_by_name(backend: Backend) {
    let database = TestDatabase::fresh(backend);
    let mut connection = database.connect();
    tokio::task::spawn_blocking(move || {
        migrations::migrate(&mut connection).unwrap();
        while migrations::schema_version(&mut connection).unwrap().as_deref()
            != Some(BEFORE_TEXT_FORMS)
        {
            migrations::revert_last(&mut connection).unwrap();
        }
        let statements = [
            "INSERT INTO organizations (id, parent_id, path, kind, name, code, created_at, updated_at) \
             VALUES ('0193a000-0000-7000-8000-000000000001', NULL, '/0193a000-0000-7000-8000-000000000001/', \
             'committee', 'Tỉnh ủy Thử nghiệm', 'ROOT', '2025-01-01 00:00:00', '2025-01-01 00:00:00')",
            "INSERT INTO members (id, card_number, full_name, search_name, party_status, activity_status, \
             org_id, org_path, created_at, updated_at) VALUES ('0193a000-0000-7000-8000-000000000011', \
             '79700001', 'Le\u{0302} Thu Hu\u{031B}o\u{031B}ng', 'le\u{0302} thu hu\u{031B}o\u{031B}ng', \
             'official', 'active', '0193a000-0000-7000-8000-000000000001', \
             '/0193a000-0000-7000-8000-000000000001/', '2025-01-01 00:00:00', '2025-01-01 00:00:00')",
            "INSERT INTO members (id, card_number, full_name, search_name, party_status, activity_status, \
             org_id, org_path, created_at, updated_at) VALUES ('0193a000-0000-7000-8000-000000000012', \
             '79700002', 'Ksor H''Bơ Anh', 'ksor h''bo anh', 'official', 'active', \
             '0193a000-0000-7000-8000-000000000001', '/0193a000-0000-7000-8000-000000000001/', \
             '2025-01-01 00:00:00', '2025-01-01 00:00:00')",
            "INSERT INTO documents (id, org_id, kind, code, issuer, title, search_text, status, version, \
             created_at, updated_at) VALUES ('0193a000-0000-7000-8000-000000000021', \
             '0193a000-0000-7000-8000-000000000001', 'plan', '01-KH/TU', 'Tỉnh ủy', \
             'Kế hoạch khu phố Hu\u{031B}o\u{031B}ng An', '01-kh/tu ke hoach khu pho hu\u{031B}o\u{031B}ng an tinh uy ', \
             'draft', 1, '2025-01-01 00:00:00', '2025-01-01 00:00:00')",
        ];
        for statement in statements {
            diesel::sql_query(statement)
                .execute(&mut connection)
                .unwrap_or_else(|error| panic!("{statement}: {error}"));
        }
        migrations::migrate(&mut connection).unwrap();
    })
    .await
    .unwrap();

    let app = TestApp::spawn_with(database, &[]).await;
    let admin = app.admin().await;
    let token = &admin.access_token;
    let members: Value = app
        .list_members(token, "?q=huong")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        members["items"][0]["full_name"], "Lê Thu Hương",
        "{members}"
    );
    let documents: Value = app
        .list_documents(token, "?q=h%C6%B0%C6%A1ng%20an")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        documents["items"][0]["title"], "Kế hoạch khu phố Hương An",
        "{documents}"
    );
    let everyone: Value = app.list_members(token, "").await.json().await.unwrap();
    let names: Vec<&str> = everyone["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|member| member["full_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Ksor H’Bơ Anh", "Lê Thu Hương", "Quản Trị Viên"],
        "sorted by given name, the old apostrophe made the stored one"
    );
}
