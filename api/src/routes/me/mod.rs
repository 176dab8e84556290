//! The caller's own profile and password. One endpoint per file.

pub mod change_password;
pub mod dto;
mod get;

pub use get::get_me;
