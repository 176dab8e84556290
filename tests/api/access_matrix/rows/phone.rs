//! The phone: each member's own notifications and phones (another's answer like missing
//! ones), their own card, any card checked by any member, and the public card keys.

use reqwest::Method;

use super::super::{Body as B, Row, Target as T, row};
use super::{ALL_OK, MISSING, SEE};

pub fn rows() -> Vec<Row> {
    vec![
        row(
            Method::GET,
            "/api/v1/me/notifications",
            T::None,
            B::None,
            SEE,
        ),
        // Each caller reads their own notification of the event; A2 and the administrator
        // never heard of it.
        row(
            Method::POST,
            "/api/v1/me/notifications/{id}/read",
            T::NotificationA1,
            B::None,
            [401, 200, 404, 200, 200, 404],
        ),
        row(
            Method::POST,
            "/api/v1/me/notifications/{id}/read",
            T::MissingNotification,
            B::None,
            MISSING,
        ),
        row(
            Method::POST,
            "/api/v1/me/notifications/read-all",
            T::None,
            B::None,
            SEE,
        ),
        row(
            Method::POST,
            "/api/v1/me/devices",
            T::None,
            B::NewDevice,
            [401, 201, 201, 201, 201, 201],
        ),
        // Another member's phone is nobody else's to forget.
        row(
            Method::DELETE,
            "/api/v1/me/devices/{id}",
            T::DeviceA1,
            B::None,
            MISSING,
        ),
        row(
            Method::DELETE,
            "/api/v1/me/devices/{id}",
            T::MissingDevice,
            B::None,
            MISSING,
        ),
        row(Method::GET, "/api/v1/me/card", T::None, B::None, SEE),
        row(
            Method::POST,
            "/api/v1/cards/verify",
            T::None,
            B::ForeignCard,
            SEE,
        ),
        row(Method::GET, "/api/v1/cards/keys", T::None, B::None, ALL_OK),
        row(Method::GET, "/api/v1/me/sync", T::None, B::None, SEE),
    ]
}
