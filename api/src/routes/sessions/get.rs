//! `GET /sessions/{id}`: one session, as the caller sees it.

use actix_web::{HttpRequest, get, web};

use super::dto::SessionResponse;
use super::language_of;
use crate::app::{self, sessions};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// A session.
///
/// With the invited organisations, the materials, the guidance it does not meet, and the
/// caller's own answer and entry on the roll.
#[utoipa::path(
    tag = "sessions",
    operation_id = "get_session",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The session's id")),
    responses(
        (status = 200, description = "The session", body = SessionResponse),
    )
)]
#[get("/sessions/{id:[0-9a-fA-F-]+}")]
pub async fn get_session(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<web::Json<SessionResponse>, ApiError> {
    let view = app::as_caller(&state, caller.0, move |connection, signed| {
        connection.read_transaction(|connection| {
            let visible = sessions::visible_session(connection, &signed.caller, &id)?;
            sessions::view_for(connection, &signed.member, visible)
        })
    })
    .await?;
    Ok(web::Json(SessionResponse::whole(
        view,
        language_of(&request),
    )))
}
