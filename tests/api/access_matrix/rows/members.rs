//! Members, their import and export, and password resets.

use reqwest::Method;

use super::super::{Body as B, Row, Target as T, row};
use super::{MISSING, SEE};

pub fn rows() -> Vec<Row> {
    vec![
        // Members.
        row(Method::GET, "/api/v1/members", T::None, B::None, SEE),
        row(
            Method::POST,
            "/api/v1/members",
            T::CellA1,
            B::NewMemberInTarget,
            [401, 403, 422, 201, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/members",
            T::CellA2,
            B::NewMemberInTarget,
            [401, 422, 403, 422, 201, 201],
        ),
        row(
            Method::POST,
            "/api/v1/members",
            T::CellB1,
            B::NewMemberInTarget,
            [401, 422, 422, 422, 422, 201],
        ),
        row(
            Method::POST,
            "/api/v1/members",
            T::MissingOrg,
            B::NewMemberInTarget,
            [401, 422, 422, 422, 422, 422],
        ),
        row(Method::GET, "/api/v1/members/{id}", T::Me, B::None, SEE),
        row(
            Method::GET,
            "/api/v1/members/{id}",
            T::ColleagueA1,
            B::None,
            [401, 200, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/members/{id}",
            T::OtherA2,
            B::None,
            [401, 404, 200, 404, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/members/{id}",
            T::OtherB1,
            B::None,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::GET,
            "/api/v1/members/{id}",
            T::MissingMember,
            B::None,
            MISSING,
        ),
        row(
            Method::PATCH,
            "/api/v1/members/{id}",
            T::ColleagueA1,
            B::MemberRename,
            [401, 403, 404, 200, 200, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/members/{id}",
            T::OtherA2,
            B::MemberRename,
            [401, 404, 403, 404, 200, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/members/{id}",
            T::OtherB1,
            B::MemberRename,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/members/{id}",
            T::MissingMember,
            B::MemberRename,
            MISSING,
        ),
        row(
            Method::POST,
            "/api/v1/members/{id}/password-reset",
            T::ColleagueA1,
            B::Empty,
            [401, 403, 404, 200, 200, 200],
        ),
        row(
            Method::POST,
            "/api/v1/members/{id}/password-reset",
            T::OtherA2,
            B::Empty,
            [401, 404, 403, 404, 200, 200],
        ),
        row(
            Method::POST,
            "/api/v1/members/{id}/password-reset",
            T::OtherB1,
            B::Empty,
            [401, 404, 404, 404, 404, 200],
        ),
        row(
            Method::POST,
            "/api/v1/members/{id}/password-reset",
            T::MissingMember,
            B::Empty,
            MISSING,
        ),
        row(
            Method::POST,
            "/api/v1/members/import?dry_run=true",
            T::None,
            B::EmptyCsv,
            [401, 403, 403, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/members/export",
            T::None,
            B::None,
            [401, 403, 403, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/members/export?org_id={id}",
            T::CellA2,
            B::None,
            [401, 403, 403, 404, 200, 200],
        ),
    ]
}
