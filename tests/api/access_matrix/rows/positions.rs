//! Positions.

use reqwest::Method;

use super::super::{Body as B, Row, Target as T, row};
use super::{MISSING, SEE};

pub fn rows() -> Vec<Row> {
    vec![
        // Positions.
        row(
            Method::GET,
            "/api/v1/members/{id}/positions",
            T::Me,
            B::None,
            SEE,
        ),
        row(
            Method::GET,
            "/api/v1/members/{id}/positions",
            T::ColleagueA1,
            B::None,
            [401, 200, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/members/{id}/positions",
            T::OtherB1,
            B::None,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::GET,
            "/api/v1/members/{id}/positions",
            T::MissingMember,
            B::None,
            MISSING,
        ),
        row(
            Method::POST,
            "/api/v1/members/{id}/positions",
            T::ColleagueA1,
            B::NewPositionAtTargetCell,
            [401, 403, 404, 201, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/members/{id}/positions",
            T::OtherA2,
            B::NewPositionAtTargetCell,
            [401, 404, 403, 404, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/members/{id}/positions",
            T::OtherB1,
            B::NewPositionAtTargetCell,
            [401, 404, 404, 404, 404, 201],
        ),
        row(
            Method::POST,
            "/api/v1/members/{id}/positions",
            T::MissingMember,
            B::NewPositionAtTargetCell,
            MISSING,
        ),
        row(
            Method::DELETE,
            "/api/v1/positions/{id}",
            T::PositionA1,
            B::None,
            [401, 403, 404, 204, 204, 204],
        ),
        row(
            Method::DELETE,
            "/api/v1/positions/{id}",
            T::MissingPosition,
            B::None,
            MISSING,
        ),
    ]
}
