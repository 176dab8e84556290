//! `GET /orgs/{id}`: one organisation the caller may see.

use actix_web::{get, web};

use crate::app::{self, orgs::visible_org};
use crate::auth::Caller;
use crate::dto::OrgResponse;
use crate::error::ApiError;
use crate::state::AppState;

/// Read an organisation.
///
/// Callers see their own cells, the organisations above them, and the subtrees they oversee
/// or manage; any other id answers `404`, exactly as an id that does not exist.
#[utoipa::path(
    tag = "orgs",
    operation_id = "get_org",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The organisation's id")),
    responses(
        (status = 200, description = "The organisation", body = OrgResponse),
    )
)]
#[get("/orgs/{id:[0-9a-fA-F-]+}")]
pub async fn get_org(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<OrgResponse>, ApiError> {
    let row = app::as_caller(&state, caller.0, move |connection, signed| {
        Ok(visible_org(connection, &signed.caller, &id)?.0)
    })
    .await?;
    Ok(web::Json(row.into()))
}
