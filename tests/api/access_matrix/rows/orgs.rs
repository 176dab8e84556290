//! The organisation tree.

use reqwest::Method;

use super::super::{Body as B, Row, Target as T, row};
use super::{MISSING, SEE};

pub fn rows() -> Vec<Row> {
    vec![
        // Organisations.
        row(Method::GET, "/api/v1/orgs", T::None, B::None, SEE),
        row(
            Method::POST,
            "/api/v1/orgs",
            T::CellA1,
            B::NewOrgUnderTarget,
            [401, 403, 422, 201, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/orgs",
            T::CellA2,
            B::NewOrgUnderTarget,
            [401, 422, 403, 422, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/orgs",
            T::CellB1,
            B::NewOrgUnderTarget,
            [401, 422, 422, 422, 422, 201],
        ),
        row(
            Method::POST,
            "/api/v1/orgs",
            T::MissingOrg,
            B::NewOrgUnderTarget,
            [401, 422, 422, 422, 422, 422],
        ),
        row(
            Method::GET,
            "/api/v1/orgs/{id}",
            T::CellA1,
            B::None,
            [401, 200, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/orgs/{id}",
            T::CellA2,
            B::None,
            [401, 404, 200, 404, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/orgs/{id}",
            T::CellB1,
            B::None,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::GET,
            "/api/v1/orgs/{id}",
            T::MissingOrg,
            B::None,
            MISSING,
        ),
        row(
            Method::PATCH,
            "/api/v1/orgs/{id}",
            T::CellA1,
            B::OrgRename,
            [401, 403, 404, 200, 200, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/orgs/{id}",
            T::CellA2,
            B::OrgRename,
            [401, 404, 403, 404, 200, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/orgs/{id}",
            T::CellB1,
            B::OrgRename,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/orgs/{id}",
            T::MissingOrg,
            B::OrgRename,
            MISSING,
        ),
        // Deleting needs a manager of the parent; these cells are not empty.
        row(
            Method::DELETE,
            "/api/v1/orgs/{id}",
            T::CellA1,
            B::None,
            [401, 403, 404, 403, 409, 409],
        ),
        row(
            Method::DELETE,
            "/api/v1/orgs/{id}",
            T::CellA2,
            B::None,
            [401, 404, 403, 404, 409, 409],
        ),
        row(
            Method::DELETE,
            "/api/v1/orgs/{id}",
            T::CellB1,
            B::None,
            [401, 404, 404, 404, 404, 409],
        ),
        row(
            Method::DELETE,
            "/api/v1/orgs/{id}",
            T::MissingOrg,
            B::None,
            MISSING,
        ),
    ]
}
