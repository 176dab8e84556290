//! Positions held by members. One endpoint per file.

pub mod create;
mod dto;
pub mod end;
pub mod list;
