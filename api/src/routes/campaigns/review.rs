//! `POST /reflections/{id}/review`: accept a submitted reflection, or return it.

use actix_web::{post, web};

use super::dto::{ReviewReflectionRequest, ReviewedReflectionResponse};
use crate::app::{self, campaigns::reflections};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Review a reflection: accept it, or return it with a comment.
///
/// By a manager of the author's cell (or the cell they are attached to, or above); nobody
/// reviews their own, so a secretary's goes to another manager of the cell or the level
/// above. Only a submitted reflection is reviewed. Reviews go to the audit log.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "review_reflection",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The reflection's id")),
    request_body = ReviewReflectionRequest,
    responses(
        (status = 200, description = "The reflection as reviewed", body = ReviewedReflectionResponse),
        (status = 403, description = "The caller wrote it (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is not submitted (`not_submitted`); it changed meanwhile (`changed_meanwhile`); too many rounds (`too_many_rounds`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reflections/{id:[0-9a-fA-F-]+}/review")]
pub async fn review_reflection(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
    body: JsonBody<ReviewReflectionRequest>,
) -> Result<web::Json<ReviewedReflectionResponse>, ApiError> {
    let body = body.into_inner();
    let (decision, comment) = (body.decision.into(), body.comment()?);
    let (row, author) = app::as_caller(&state, caller.0, move |connection, signed| {
        reflections::review(
            connection,
            signed,
            &id,
            decision,
            comment,
            request_id.as_str(),
        )
    })
    .await?;
    Ok(web::Json(ReviewedReflectionResponse::of(row, &author)))
}
