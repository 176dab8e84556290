//! The audit trail. One endpoint per file.

mod dto;
pub mod list;
