//! The rules of the party handbook, as types and functions.
//!
//! This crate knows nothing of HTTP or SQL: `cargo tree -p sotay-domain -i diesel` and
//! `-i actix-web` must find nothing (checked in `.ci/run`). Values are parsed when they are
//! constructed, so holding one means it is valid.

pub mod access;
pub mod attachment;
pub mod campaign;
pub mod card;
pub mod collation;
pub mod document;
pub mod ids;
pub mod language;
pub mod member;
pub mod notification;
pub mod org;
pub mod password;
pub mod plan;
pub mod role;
pub mod session;
pub mod text;
pub mod validation;

pub use language::Language;
pub use validation::Invalid;
