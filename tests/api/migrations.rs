use diesel::RunQueryDsl;
use sotay_persistence::{instance, migrations};

use crate::helpers::{Backend, TestDatabase};

on_every_backend!(migrations_run_up_down_and_up_again);

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
