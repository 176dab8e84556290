//! `persistence/src/schema.rs` is written by hand, once for both backends (`diesel
//! print-schema` gives each its own spelling). This is the check `print-schema` would be: on a
//! freshly migrated database of each backend, every table and column the schema names exists
//! with a type diesel can read it as and the same nullability, and the database has no table
//! or column the schema leaves out.

use std::collections::BTreeMap;

use diesel::sql_types::{Integer, Text};
use diesel::{QueryableByName, RunQueryDsl};
use sotay_persistence::{DbConnection, migrations};

use crate::helpers::{Backend, TestDatabase};

const SCHEMA: &str = include_str!("../../persistence/src/schema.rs");

/// A column as the schema declares it: its diesel type and whether it is `Nullable<…>`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Declared {
    sql_type: String,
    nullable: bool,
}

/// `table -> column -> declaration`, read from the `diesel::table!` blocks.
fn declared_tables() -> BTreeMap<String, BTreeMap<String, Declared>> {
    let mut tables = BTreeMap::new();
    let mut current: Option<(String, BTreeMap<String, Declared>)> = None;
    for line in SCHEMA.lines().map(str::trim) {
        if let Some((name, _)) = line.split_once(" (").filter(|_| line.ends_with('{')) {
            current = Some((name.to_owned(), BTreeMap::new()));
        } else if let Some((column, sql_type)) = line.split_once(" -> ") {
            let sql_type = sql_type.trim_end_matches(',');
            let (sql_type, nullable) = match sql_type.strip_prefix("Nullable<") {
                Some(inner) => (inner.trim_end_matches('>'), true),
                None => (sql_type, false),
            };
            if let Some((_, columns)) = current.as_mut() {
                columns.insert(
                    column.to_owned(),
                    Declared {
                        sql_type: sql_type.to_owned(),
                        nullable,
                    },
                );
            }
        } else if line == "}"
            && let Some((name, columns)) = current.take()
            && !columns.is_empty()
        {
            tables.insert(name, columns);
        } else if line == "}" {
            current = None;
        }
    }
    tables
}

#[derive(QueryableByName)]
struct CatalogColumn {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Integer)]
    nullable: i32,
}

/// What the migrated database holds, in the same shape, with its own type names.
fn catalog(connection: &mut DbConnection, backend: Backend) -> Vec<CatalogColumn> {
    let query = match backend {
        Backend::Postgres => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name, \
             data_type::text AS data_type, CASE is_nullable WHEN 'YES' THEN 1 ELSE 0 END AS nullable \
             FROM information_schema.columns WHERE table_schema = 'public' \
             AND table_name NOT LIKE '\\_\\_diesel%'"
        }
        // A declared primary key that is not INTEGER accepts NULL in SQLite unless it says
        // NOT NULL; diesel reads it as not null, as the server never writes one.
        Backend::Sqlite => {
            "SELECT m.name AS table_name, c.name AS column_name, c.type AS data_type, \
             CASE WHEN c.\"notnull\" = 1 OR c.pk > 0 THEN 0 ELSE 1 END AS nullable \
             FROM sqlite_master m JOIN pragma_table_info(m.name) c \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
             AND m.name NOT LIKE '\\_\\_diesel%' ESCAPE '\\'"
        }
    };
    diesel::sql_query(query)
        .load(connection)
        .expect("the catalog reads")
}

/// Whether the database's type is one diesel reads as the schema's type.
fn readable_as(declared: &str, found: &str) -> bool {
    let found = found.to_ascii_lowercase();
    let accepted: &[&str] = match declared {
        "Text" => &["text", "character varying", "varchar"],
        "Integer" => &["integer", "int"],
        "BigInt" => &["bigint", "integer"],
        "Bool" => &["boolean", "bool"],
        "Timestamp" => &["timestamp without time zone", "timestamp"],
        "Date" => &["date"],
        "Binary" => &["bytea", "blob"],
        "Double" => &["double precision", "double", "real"],
        _ => &[],
    };
    accepted.contains(&found.as_str())
}

on_every_backend!(the_hand_written_schema_matches_the_migrated_database);

async fn the_hand_written_schema_matches_the_migrated_database(backend: Backend) {
    let database = TestDatabase::fresh(backend);
    let mut connection = database.connect();
    let found = tokio::task::spawn_blocking(move || {
        migrations::migrate(&mut connection).expect("migrations apply");
        catalog(&mut connection, backend)
    })
    .await
    .unwrap();
    let declared = declared_tables();
    assert!(declared.len() >= 10, "the schema parsed into {declared:?}");

    let mut problems = Vec::new();
    let mut seen: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for column in &found {
        seen.entry(column.table_name.as_str())
            .or_default()
            .push(column.column_name.as_str());
        let Some(declaration) = declared
            .get(&column.table_name)
            .and_then(|table| table.get(&column.column_name))
        else {
            problems.push(format!(
                "{}.{} is in the database, not in schema.rs",
                column.table_name, column.column_name
            ));
            continue;
        };
        if !readable_as(&declaration.sql_type, &column.data_type) {
            problems.push(format!(
                "{}.{}: schema.rs says {}, the database {}",
                column.table_name, column.column_name, declaration.sql_type, column.data_type
            ));
        }
        if declaration.nullable != (column.nullable == 1) {
            problems.push(format!(
                "{}.{}: schema.rs says nullable = {}, the database {}",
                column.table_name,
                column.column_name,
                declaration.nullable,
                column.nullable == 1
            ));
        }
    }
    for (table, columns) in &declared {
        for column in columns.keys() {
            if !seen
                .get(table.as_str())
                .is_some_and(|found| found.contains(&column.as_str()))
            {
                problems.push(format!(
                    "{table}.{column} is in schema.rs, not in the database"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
