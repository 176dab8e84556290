//! The rules of the party handbook, as types and functions.
//!
//! This crate knows nothing of HTTP or SQL: `cargo tree -p sotay-domain -i diesel` and
//! `-i actix-web` must find nothing (checked in `.ci/run`). Values are parsed when they are
//! constructed, so holding one means it is valid.

pub mod language;

pub use language::Language;
