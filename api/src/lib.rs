//! The sotay HTTP server: actix-web handlers, extractors, DTOs and start-up.

mod app;
mod auth;
/// Password hashing for the command line (off any actix worker).
pub mod auth_tools {
    pub use crate::auth::hash_now;
}
pub mod cli;
mod dto;
mod error;
mod http;
pub mod openapi;
mod routes;
pub mod settings;
pub mod startup;
mod state;
pub mod telemetry;

pub use settings::Settings;
pub use startup::Application;
