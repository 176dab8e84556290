//! `GET /me/card`: the caller's electronic party card.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use chrono::Utc;

use super::dto::CardResponse;
use crate::app::{self, cards};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::state::AppState;

/// My electronic party card, signed now.
///
/// A signed credential for a QR code (a few hundred bytes). A secretary's phone verifies it
/// offline with the keys of `GET /cards/keys`, until it expires (a day by default: the app
/// refreshes it whenever online); `POST /cards/verify` also checks the holder's standing now.
#[utoipa::path(
    tag = "phone",
    operation_id = "my_card",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The card", body = CardResponse,
            headers(("Cache-Control" = crate::dto::CacheControlHeader, description = "`private, no-store`: the card is the holder's alone"))),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/card")]
pub async fn my_card(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let signer = state.clone();
    let card = app::as_caller(&state, caller.0, move |connection, signed| {
        cards::issue(connection, signed, &signer.cards, Utc::now())
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(CardResponse::from(card)))
}
