//! HTTP concerns shared by every endpoint: problem+json, extractor configuration, pagination,
//! CSV, the request context (id, language, metrics) and the server's connection handling.

pub mod conditional;
pub mod csv_download;
pub mod error;
pub mod extractors;
pub mod json_body;
pub mod metrics;
pub mod multipart;
pub mod pagination;
pub mod problem;
pub mod request_context;
pub mod server;
pub mod spreadsheet;
