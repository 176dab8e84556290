//! The organisation tree. One endpoint per file.

pub mod create;
pub mod delete;
mod dto;
pub mod get;
pub mod list;
pub mod update;
