//! Action plans: written by their owners alone, seen and reviewed by the managers of the
//! owner's cells once handed in; the roll-up for managers of a subtree.

use reqwest::Method;

use super::super::{Body as B, Row, Target as T, row};
use super::{MISSING, SEE};

/// Writes of a plan the callers do not own: hidden from colleagues, refused to its reviewers.
const NOT_THEIRS: [u16; 6] = [401, 404, 404, 403, 403, 403];

pub fn rows() -> Vec<Row> {
    vec![
        row(Method::GET, "/api/v1/action-plans", T::None, B::None, SEE),
        // Everyone who reads the resolution plans for it.
        row(
            Method::POST,
            "/api/v1/action-plans",
            T::None,
            B::NewPlan,
            [401, 201, 201, 201, 201, 201],
        ),
        row(
            Method::GET,
            "/api/v1/action-plans/{id}",
            T::PlanA1,
            B::None,
            [401, 404, 404, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/action-plans/{id}",
            T::MissingPlan,
            B::None,
            MISSING,
        ),
        row(
            Method::PATCH,
            "/api/v1/action-plans/{id}",
            T::PlanA1,
            B::PlanRetitle,
            NOT_THEIRS,
        ),
        row(
            Method::POST,
            "/api/v1/action-plans/{id}/items",
            T::PlanA1,
            B::NewPlanItem,
            NOT_THEIRS,
        ),
        row(
            Method::POST,
            "/api/v1/action-plans/{id}/items",
            T::MissingPlan,
            B::NewPlanItem,
            MISSING,
        ),
        row(
            Method::PATCH,
            "/api/v1/action-plans/{id}/items/{item_id}",
            T::PlanA1,
            B::PlanRetitle,
            NOT_THEIRS,
        ),
        row(
            Method::DELETE,
            "/api/v1/action-plans/{id}/items/{item_id}",
            T::PlanA1,
            B::None,
            NOT_THEIRS,
        ),
        row(
            Method::POST,
            "/api/v1/action-plans/{id}/items/{item_id}/progress",
            T::PlanA1,
            B::DoneReport,
            NOT_THEIRS,
        ),
        row(
            Method::POST,
            "/api/v1/action-plans/{id}/submit",
            T::PlanA1,
            B::None,
            NOT_THEIRS,
        ),
        // The cell's secretary returns it first; after that it is no longer submitted.
        row(
            Method::POST,
            "/api/v1/action-plans/{id}/review",
            T::PlanA1,
            B::ReturnPlan,
            [401, 404, 404, 200, 409, 409],
        ),
        row(
            Method::POST,
            "/api/v1/action-plans/{id}/review",
            T::MissingPlan,
            B::ReturnPlan,
            MISSING,
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/plan-rollup?org_id={ward_a}",
            T::DocWard,
            B::None,
            [401, 403, 403, 403, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/plan-rollup?org_id={cell_a1}",
            T::DocWard,
            B::None,
            // Member A2 does not see cell A1: the subtree is "no such organisation".
            [401, 403, 422, 200, 200, 200],
        ),
        row(
            Method::GET,
            "/api/v1/documents/{id}/plan-rollup?org_id={ward_a}",
            T::MissingDocument,
            B::None,
            MISSING,
        ),
    ]
}
