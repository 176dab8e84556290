//! The service and authentication endpoints.

use reqwest::Method;

use super::super::{Body as B, Row, Target as T, row};
use super::{ALL_OK, SEE};

pub fn rows() -> Vec<Row> {
    vec![
        // Service endpoints are public.
        row(Method::GET, "/health/live", T::None, B::None, ALL_OK),
        row(Method::GET, "/health/ready", T::None, B::None, ALL_OK),
        row(Method::GET, "/metrics", T::None, B::None, ALL_OK),
        row(Method::GET, "/api/v1/meta", T::None, B::None, ALL_OK),
        // Authentication endpoints take no access token: a caller's token changes nothing.
        row(
            Method::POST,
            "/api/v1/auth/login",
            T::None,
            B::BadLogin,
            [401; 6],
        ),
        row(
            Method::POST,
            "/api/v1/auth/refresh",
            T::None,
            B::JunkRefreshToken,
            [401; 6],
        ),
        row(
            Method::POST,
            "/api/v1/auth/logout",
            T::None,
            B::JunkRefreshToken,
            [204; 6],
        ),
        row(
            Method::POST,
            "/api/v1/auth/logout-all",
            T::None,
            B::Empty,
            [401, 0, 0, 0, 0, 0],
        ),
        row(Method::GET, "/api/v1/me", T::None, B::None, SEE),
        row(
            Method::PUT,
            "/api/v1/me/password",
            T::None,
            B::WrongCurrentPassword,
            [401, 422, 422, 422, 422, 422],
        ),
    ]
}
