//! Campaigns: run by the host's managers, seen by those who study in them and whoever oversees
//! them; reflections written by those placed there and reviewed by their cells' managers.

use reqwest::Method;

use super::super::{Body as B, Row, Target as T, row};
use super::{MISSING, SEE};

pub fn rows() -> Vec<Row> {
    vec![
        row(Method::GET, "/api/v1/campaigns", T::None, B::None, SEE),
        row(
            Method::GET,
            "/api/v1/campaigns/{id}",
            T::CampaignWard,
            B::None,
            [401, 200, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/campaigns/{id}",
            T::MissingCampaign,
            B::None,
            MISSING,
        ),
        // Member A2 does not see cell A1 at all: the host is "no such organisation".
        row(
            Method::POST,
            "/api/v1/campaigns",
            T::CellA1,
            B::NewCampaignAtTarget,
            [401, 403, 422, 201, 201, 201],
        ),
        row(
            Method::PATCH,
            "/api/v1/campaigns/{id}",
            T::CampaignWard,
            B::CampaignRetitle,
            [401, 403, 404, 403, 200, 200],
        ),
        row(
            Method::PATCH,
            "/api/v1/campaigns/{id}",
            T::MissingCampaign,
            B::CampaignRetitle,
            MISSING,
        ),
        // For managers of a subtree: a cell's secretary gets the cell.
        row(
            Method::GET,
            "/api/v1/campaigns/{id}/progress",
            T::CampaignWard,
            B::None,
            [401, 403, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/campaigns/{id}/progress",
            T::MissingCampaign,
            B::None,
            MISSING,
        ),
        row(
            Method::GET,
            "/api/v1/campaigns/{id}/reflection",
            T::CampaignWard,
            B::None,
            [401, 200, 404, 200, 200, 200],
        ),
        // The administrator sees the campaign but studies in no cell of it.
        row(
            Method::PUT,
            "/api/v1/campaigns/{id}/reflection",
            T::CampaignWard,
            B::ReflectionDraft,
            [401, 200, 404, 200, 200, 409],
        ),
        row(
            Method::PUT,
            "/api/v1/campaigns/{id}/reflection",
            T::MissingCampaign,
            B::ReflectionDraft,
            MISSING,
        ),
        row(
            Method::GET,
            "/api/v1/campaigns/{id}/reflections",
            T::CampaignWard,
            B::None,
            [401, 403, 404, 200, 200, 200],
        ),
        // The cell's secretary returns it first; after that it is no longer submitted.
        row(
            Method::POST,
            "/api/v1/reflections/{id}/review",
            T::ReflectionA1,
            B::ReturnReflection,
            [401, 404, 404, 200, 409, 409],
        ),
        row(
            Method::POST,
            "/api/v1/reflections/{id}/review",
            T::MissingReflection,
            B::ReturnReflection,
            MISSING,
        ),
    ]
}
