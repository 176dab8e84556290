//! `POST /cards/verify`: the online check of a card.

use actix_web::{post, web};
use chrono::Utc;

use super::dto::{VerifyCardRequest, VerifyCardResponse};
use crate::app::{self, cards};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::state::AppState;

/// Check a card online.
///
/// What an offline check does (our signature, a published key, not expired), and then the
/// holder's standing now: a suspended or removed member's card is `revoked` at once, however
/// long it has left. Any signed-in member may check a card shown to them.
#[utoipa::path(
    tag = "phone",
    operation_id = "verify_card",
    security(("bearer" = [])),
    request_body = VerifyCardRequest,
    responses(
        (status = 200, description = "What the check found", body = VerifyCardResponse),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/cards/verify")]
pub async fn verify_card(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<VerifyCardRequest>,
) -> Result<web::Json<VerifyCardResponse>, ApiError> {
    let credential = body.checked()?.to_owned();
    let signer = state.clone();
    let now = Utc::now();
    let verification = app::as_caller(&state, caller.0, move |connection, _signed| {
        cards::verify(connection, &signer.cards, &credential, now)
    })
    .await?;
    Ok(web::Json(VerifyCardResponse::of(
        verification.check,
        verification.claims,
        now,
    )))
}
