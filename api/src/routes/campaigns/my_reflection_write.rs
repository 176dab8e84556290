//! `PUT /campaigns/{id}/reflection`: write, and submit, the caller's reflection.

use actix_web::{put, web};

use super::dto::{ReflectionResponse, WriteReflectionRequest};
use crate::app::{self, campaigns::reflections};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::state::AppState;

/// Write my reflection, and submit it.
///
/// By a member placed in a target organisation (exempt members too: encouraged, not
/// required). A draft or a returned reflection takes the text; `submit: true` hands it in for
/// the cell's review. Sending the same submission again answers it as it stands.
#[utoipa::path(
    tag = "campaigns",
    operation_id = "write_reflection",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The campaign's id")),
    request_body = WriteReflectionRequest,
    responses(
        (status = 200, description = "The reflection as it now stands", body = ReflectionResponse,
            links(
                ("review_reflection" = (operation_id = "review_reflection", parameters(("id" = "$response.body#/id"))))
            )),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The caller is not placed in a target organisation (`not_in_campaign`); the reflection waits for review (`reflection_submitted`) or is accepted (`reflection_accepted`); too many rounds (`too_many_rounds`); it changed meanwhile (`changed_meanwhile`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/campaigns/{id:[0-9a-fA-F-]+}/reflection")]
pub async fn write_reflection(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: JsonBody<WriteReflectionRequest>,
) -> Result<web::Json<ReflectionResponse>, ApiError> {
    let body = body.into_inner();
    let (text, submit) = (body.body()?, body.submit);
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        reflections::write(connection, signed, &id, text, submit)
    })
    .await?;
    Ok(web::Json(view.into()))
}
