//! `POST /action-plans/{id}/items/{item_id}/progress`: a progress report on an item.

use actix_web::{HttpResponse, post, web};

use super::NOT_OWNER;
use super::dto::{ItemResponse, ProgressRequest};
use crate::app::{self, plans::reporting};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::state::AppState;

/// Report progress on an item of my plan.
///
/// A value reached (numeric items) or whether done (boolean items), a note and the day it was
/// so; appended, never edited. The item's progress is computed from its reports: the latest
/// by date against the target. The same report sent again within ten minutes (a double tap,
/// a retry) is answered 200 with the item as it stands, and not appended twice.
#[utoipa::path(
    tag = "plans",
    operation_id = "report_progress",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, format = Uuid, description = "The plan's id"),
        ("item_id" = String, Path, format = Uuid, description = "The item's id"),
    ),
    request_body = ProgressRequest,
    responses(
        (status = 201, description = "Appended; the item with its progress and reports", body = ItemResponse),
        (status = 200, description = "The same report again: the item as it stands", body = ItemResponse),
        (status = 403, description = NOT_OWNER, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The item has 500 reports (`too_many_reports`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/action-plans/{id:[0-9a-fA-F-]+}/items/{item_id:[0-9a-fA-F-]+}/progress")]
pub async fn report_progress(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    body: JsonBody<ProgressRequest>,
) -> Result<HttpResponse, ApiError> {
    let sent = body.into_inner().into_sent()?;
    let (id, item_id) = path.into_inner();
    let (item, appended) = app::as_caller(&state, caller.0, move |connection, signed| {
        reporting::report(connection, signed, &id, &item_id, sent)
    })
    .await?;
    let response = ItemResponse::from(&item);
    if appended {
        Ok(HttpResponse::Created().json(response))
    } else {
        Ok(HttpResponse::Ok().json(response))
    }
}
