//! The sotay HTTP server: actix-web handlers, extractors, DTOs and start-up.

mod app;
mod auth;
mod background;
/// Password hashing for the command line (off any actix worker).
pub mod auth_tools {
    pub use crate::auth::hash_now;
}
pub mod cli;
mod dto;
mod error;
mod http;
pub mod openapi;
/// The push hand-off a deployment plugs its provider into: implement [`push::PushGateway`]
/// and start the server with [`Application::build_with_push`].
pub mod push {
    pub use crate::app::notifications::push::{LogOnly, PushGateway, PushMessage, hand_over};
}
mod routes;
pub mod settings;
pub mod startup;
mod state;
pub mod telemetry;

pub use settings::Settings;
pub use startup::Application;
