//! Archiving is final: these rows come last of the documents'.

use reqwest::Method;

use super::super::{Body as B, Row, Target as T, row};
use super::MISSING;

pub fn rows() -> Vec<Row> {
    vec![
        // Archiving is final: these rows come last of the documents'.
        row(
            Method::POST,
            "/api/v1/documents/{id}/archive",
            T::DocWard,
            B::Empty,
            [401, 403, 403, 403, 200, 200],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/archive",
            T::DocDraftA1,
            B::Empty,
            [401, 404, 404, 200, 200, 200],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/archive",
            T::DocB1,
            B::Empty,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/archive",
            T::MissingDocument,
            B::Empty,
            MISSING,
        ),
    ]
}
