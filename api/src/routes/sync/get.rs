//! `GET /me/sync`: what changed for the caller since their cursor.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use super::dto::{SyncQuery, SyncResponse};
use crate::app::{self, sync};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::conditional::if_none_match;
use crate::http::problem::Problem;
use crate::state::AppState;

/// What changed for me since my cursor.
///
/// In one answer: the documents published to the caller (whole, with their structure), the
/// sessions they are invited to, their own attendance, action plans and reflections, and their
/// notifications; `tombstones` for what no longer reaches them; and the `cursor` to send next
/// time. The first call (no `since`) returns the whole current state with `reset`. Large
/// changes come in pages: while `has_more`, call again with the new cursor.
///
/// A phone that syncs every minute costs little when nothing changed: the answer is then the
/// same as the last (its cursor included), and `If-None-Match` with its ETag gets a `304`.
/// A change may be sent twice (around a cursor's time); apply changes by id.
#[utoipa::path(
    tag = "phone",
    operation_id = "sync_changes",
    security(("bearer" = [])),
    params(SyncQuery),
    responses(
        (status = 200, description = "The changes", body = SyncResponse,
            headers(("ETag" = crate::dto::EntityTag, description = "Send back as `If-None-Match`"))),
        (status = 304, description = "Nothing changed since the ETag sent"),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`since` is not a cursor of this server (`invalid_cursor`) or is another account's (`foreign_cursor`): sync again without it; or `limit` is out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/sync")]
pub async fn sync_changes(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<SyncQuery>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let page = query.page()?;
    let since = query.into_inner().since;
    let skew = state.sync_clock_skew;
    let changes = app::as_caller(&state, caller.0, move |connection, signed| {
        sync::changes(connection, signed, since.as_deref(), page, skew)
    })
    .await?;
    let body = serde_json::to_vec(&SyncResponse::from(changes)).map_err(ApiError::internal)?;
    let digest = Sha256::digest(&body);
    let tag = format!("\"{}\"", URL_SAFE_NO_PAD.encode(&digest[..16]));
    let sent = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok());
    if if_none_match(sent, &tag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, tag))
            .finish());
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, tag))
        .content_type("application/json")
        .body(body))
}
