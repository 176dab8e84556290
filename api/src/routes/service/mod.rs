//! The service's own endpoints: health, facts, metrics, and the answer for paths no route
//! takes. One endpoint per file.

mod dto;
pub mod fallback;
pub mod live;
pub mod meta;
pub mod metrics;
pub mod ready;
