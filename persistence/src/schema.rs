//! The tables, written once for both backends (`diesel print-schema` output differs between
//! them, so this file is maintained by hand and checked by the migration tests).

diesel::table! {
    instance (id) {
        id -> Integer,
        instance_id -> Text,
        created_at -> Timestamp,
    }
}
