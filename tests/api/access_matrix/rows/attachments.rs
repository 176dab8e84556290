//! Attachments: read like their document, changed by its managers.

use reqwest::Method;

use super::super::{Body as B, Row, Target as T, row};
use super::{MISSING, SEE};

pub fn rows() -> Vec<Row> {
    vec![
        // Attachments: read like their document, changed by its managers.
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments",
            T::DocWard,
            B::None,
            SEE,
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments",
            T::DocCellA1,
            B::None,
            [401, 200, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments",
            T::DocDraftA1,
            B::None,
            [401, 404, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments",
            T::DocB1,
            B::None,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments",
            T::MissingDocument,
            B::None,
            MISSING,
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::DocWard,
            B::None,
            SEE,
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::DocCellA1,
            B::None,
            [401, 200, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::DocDraftA1,
            B::None,
            [401, 404, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::DocB1,
            B::None,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::MissingDocument,
            B::None,
            MISSING,
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/attachments",
            T::DocWard,
            B::PngUpload,
            [401, 403, 403, 403, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/attachments",
            T::DocCellA1,
            B::PngUpload,
            [401, 403, 404, 201, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/attachments",
            T::DocDraftA1,
            B::PngUpload,
            [401, 404, 404, 201, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/attachments",
            T::DocB1,
            B::PngUpload,
            [401, 404, 404, 404, 404, 201],
        ),
        row(
            Method::POST,
            "/api/v1/documents/{id}/attachments",
            T::MissingDocument,
            B::PngUpload,
            MISSING,
        ),
        // A removal succeeds once: the callers after the first success are not asked.
        row(
            Method::DELETE,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::DocWard,
            B::None,
            [401, 403, 403, 403, 204, 0],
        ),
        row(
            Method::DELETE,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::DocCellA1,
            B::None,
            [401, 403, 404, 204, 0, 0],
        ),
        row(
            Method::DELETE,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::DocDraftA1,
            B::None,
            [401, 404, 404, 204, 0, 0],
        ),
        row(
            Method::DELETE,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::DocB1,
            B::None,
            [401, 404, 404, 404, 404, 204],
        ),
        row(
            Method::DELETE,
            "/api/v1/documents/{id}/attachments/{attachment_id}",
            T::MissingDocument,
            B::None,
            MISSING,
        ),
    ]
}
