//! The phone's delta sync.

mod dto;
mod get;

pub use get::sync_changes;
