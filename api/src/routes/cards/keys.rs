//! `GET /cards/keys`: the public keys that verify cards offline.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use chrono::Utc;

use super::dto::{CardKeyResponse, CardKeySet};
use crate::error::ApiError;
use crate::state::AppState;

/// The keys that verify party cards (a JWK Set).
///
/// Public: a secretary's phone fetches them while online and verifies cards offline. Keys
/// change weekly; last week's, this week's and next week's are published, so a phone that
/// refreshes them once a week verifies every card in date.
#[utoipa::path(
    tag = "phone",
    operation_id = "card_keys",
    responses(
        (status = 200, description = "The keys", body = CardKeySet,
            headers(("Cache-Control" = crate::dto::CacheControlHeader, description = "`public, max-age=3600`"))),
    )
)]
#[get("/cards/keys")]
pub async fn card_keys(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let keys = state.cards.public_keys(Utc::now())?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .json(CardKeySet {
            keys: keys.into_iter().map(CardKeyResponse::from).collect(),
        }))
}
