//! Members: the register, its CSV import and export, and temporary passwords. One endpoint per
//! file.

pub mod create;
pub mod dto;
pub mod export;
pub mod get;
pub mod import;
pub mod list;
pub mod reset_password;
pub mod update;
