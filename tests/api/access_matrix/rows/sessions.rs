//! Sessions: seen by the invited cell and whoever oversees it, run by the host's managers,
//! answered and checked into by the expected members only.

use reqwest::Method;

use super::super::{Body as B, Row, Target as T, row};
use super::{MISSING, SEE};

pub fn rows() -> Vec<Row> {
    vec![
        row(Method::GET, "/api/v1/sessions", T::None, B::None, SEE),
        row(
            Method::GET,
            "/api/v1/sessions/{id}",
            T::SessionWard,
            B::None,
            [401, 200, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/sessions/{id}",
            T::MissingSession,
            B::None,
            MISSING,
        ),
        // Member A2 does not see cell A1 at all: the host is "no such organisation".
        row(
            Method::POST,
            "/api/v1/sessions",
            T::CellA1,
            B::NewSessionAtTarget,
            [401, 403, 422, 201, 201, 201],
        ),
        row(
            Method::PATCH,
            "/api/v1/sessions/{id}",
            T::SessionWard,
            B::SessionRetitle,
            [401, 403, 404, 403, 200, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/sessions/{id}",
            T::MissingSession,
            B::SessionRetitle,
            MISSING,
        ),
        // The system administrator sees the session but is not expected at it.
        row(
            Method::PUT,
            "/api/v1/sessions/{id}/rsvp",
            T::SessionWard,
            B::Attending,
            [401, 200, 404, 200, 200, 409],
        ),
        row(
            Method::GET,
            "/api/v1/sessions/{id}/check-in-code",
            T::SessionWard,
            B::None,
            [401, 403, 404, 403, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/sessions/{id}/check-in-code",
            T::MissingSession,
            B::None,
            MISSING,
        ),
        // A forged token: refused for the expected, 409 for the unexpected administrator.
        row(
            Method::POST,
            "/api/v1/sessions/{id}/check-ins",
            T::SessionWard,
            B::JunkCheckIn,
            [401, 422, 404, 422, 422, 409],
        ),
        row(
            Method::POST,
            "/api/v1/sessions/{id}/check-ins",
            T::MissingSession,
            B::JunkCheckIn,
            MISSING,
        ),
        // Each item is answered on its own: the request succeeds for every caller.
        row(
            Method::POST,
            "/api/v1/check-ins/batch",
            T::SessionWard,
            B::JunkSync,
            SEE,
        ),
        row(
            Method::GET,
            "/api/v1/sessions/{id}/attendance",
            T::SessionWard,
            B::None,
            [401, 403, 404, 403, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/sessions/{id}/attendance",
            T::MissingSession,
            B::None,
            MISSING,
        ),
        row(
            Method::PUT,
            "/api/v1/sessions/{id}/attendance/{member_id}",
            T::SessionWard,
            B::ExcusedAbsence,
            [401, 403, 404, 403, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/sessions/{id}/attendance/{member_id}",
            T::SessionWard,
            B::None,
            [401, 403, 404, 403, 200, 200],
        ),
        // A disciplinary record: the member and those who manage them.
        row(
            Method::GET,
            "/api/v1/members/{id}/attendance",
            T::Me,
            B::None,
            SEE,
        ),
        row(
            Method::GET,
            "/api/v1/members/{id}/attendance",
            T::ColleagueA1,
            B::None,
            [401, 403, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/members/{id}/attendance",
            T::MissingMember,
            B::None,
            MISSING,
        ),
    ]
}
