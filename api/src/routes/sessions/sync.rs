//! `POST /check-ins/batch`: check-ins a phone kept while it had no signal.

use actix_web::{HttpRequest, post, web};
use serde_json::Value;
use sotay_domain::Invalid;

use super::dto::{BatchResponse, BatchResult, CheckInBatch, CheckInRequestItem};
use super::language_of;
use crate::app::sessions::check_ins::{self, CheckIn, Presented};
use crate::app::sessions::offline::{self, MAX_BATCH_ITEMS};
use crate::app::{self};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

/// Sync check-ins scanned offline.
///
/// A JSON array of up to 500 check-ins, each the QR token the phone scanned with no signal,
/// the session's id, the phone's own id for it (`client_id`) and its clock at the scan. The
/// token says when it was shown, so a phone whose clock is wrong checks in at the right time;
/// one shown outside the session's window, forged, or another session's is refused for that
/// item alone, which `results` (in the order sent) tells. A scan counts even when the session
/// was closed meanwhile. Resending the batch, any number of times, answers the same and
/// records nothing twice; a `client_id` reused for another check-in is refused (422).
#[utoipa::path(
    tag = "sessions",
    operation_id = "sync_check_ins",
    security(("bearer" = [])),
    request_body(content = CheckInBatch, description = "At most 500 check-ins"),
    responses(
        (status = 200, description = "One result per item, in the order sent", body = BatchResponse),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/check-ins/batch")]
pub async fn sync_check_ins(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    request: HttpRequest,
    body: web::Json<Vec<Value>>,
) -> Result<web::Json<BatchResponse>, ApiError> {
    let items = body.into_inner();
    if items.len() > MAX_BATCH_ITEMS {
        return Err(ApiError::invalid(
            "body",
            Invalid::new(
                "too_many_items",
                format!("Mỗi lần đồng bộ tối đa {MAX_BATCH_ITEMS} lượt điểm danh."),
                format!("A sync carries at most {MAX_BATCH_ITEMS} check-ins."),
            ),
        ));
    }
    let parsed: Vec<(Option<String>, Result<CheckIn, ApiError>)> =
        items.into_iter().map(read_item).collect();
    let client_ids: Vec<Option<String>> = parsed.iter().map(|(id, _)| id.clone()).collect();
    let check_ins = parsed.into_iter().map(|(_, item)| item).collect();
    let answers = app::as_caller(&state, caller.0, move |connection, signed| {
        offline::sync(connection, signed, check_ins, request_id.as_str())
    })
    .await?;
    let language = language_of(&request);
    let results = answers
        .into_iter()
        .zip(client_ids)
        .map(|(answer, client_id)| BatchResult::of(client_id, answer, language))
        .collect::<Result<_, _>>()?;
    Ok(web::Json(BatchResponse { results }))
}

/// One item of the array, read on its own: a malformed item is refused alone.
fn read_item(value: Value) -> (Option<String>, Result<CheckIn, ApiError>) {
    let client_id = value
        .get("client_id")
        .and_then(Value::as_str)
        .filter(|id| id.len() <= check_ins::MAX_CLIENT_ID_LEN)
        .map(str::to_owned);
    if !value.is_object() {
        return (client_id, Err(not_an_object()));
    }
    let item = serde_json::from_value::<CheckInRequestItem>(value).map_err(|error| {
        ApiError::invalid(
            "item",
            Invalid::new(
                "invalid",
                format!("Mục không đúng dạng: {error}"),
                format!("The item does not have the expected shape: {error}"),
            ),
        )
    });
    let check_in = item.map(|item| CheckIn {
        session: item.session_id,
        presented: Presented::OfflineQrToken {
            token: item.qr_token,
            scanned_at: item.scanned_at.map(|at| at.naive_utc()),
        },
        client_id: item.client_id,
    });
    (client_id, check_in)
}

fn not_an_object() -> ApiError {
    ApiError::invalid(
        "item",
        Invalid::new(
            "not_an_object",
            "Mỗi mục là một đối tượng JSON.",
            "Each item is a JSON object.",
        ),
    )
}
