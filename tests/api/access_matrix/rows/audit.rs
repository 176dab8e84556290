//! The audit trail.

use reqwest::Method;

use super::super::{Body as B, Row, Target as T, row};

pub fn rows() -> Vec<Row> {
    vec![
        // The audit trail is for managers.
        row(
            Method::GET,
            "/api/v1/audit",
            T::None,
            B::None,
            [401, 403, 403, 200, 200, 200],
        ),
    ]
}
