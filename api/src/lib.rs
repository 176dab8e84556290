//! The sotay HTTP server: actix-web handlers, extractors, DTOs and start-up.

mod audit_trail;
mod auth;
/// Password hashing for the command line (off any actix worker).
pub mod auth_tools {
    pub use crate::auth::hash_now;
}
mod blocking;
pub mod bootstrap;
pub mod demo;
mod demo_documents;
mod dto;
mod error;
mod extractors;
mod http_server;
mod metrics;
pub mod openapi;
mod pagination;
mod problem;
mod request_context;
mod routes;
pub mod settings;
mod spreadsheet;
pub mod startup;
pub mod telemetry;

pub use settings::Settings;
pub use startup::Application;
