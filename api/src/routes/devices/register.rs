//! `POST /me/devices`: a phone registered for push.

use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::dto::{DeviceResponse, RegisterDeviceRequest};
use crate::app::{self, notifications::devices};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::http::json_body::JsonBody;
use crate::http::problem::Problem;
use crate::state::AppState;

/// Register my phone for push.
///
/// Tied to the sign-in of the access token: logging out of it (or out of everything, or a new
/// password) forgets the phone. A token registered before, by anyone, moves to the caller (the
/// phone changed hands); registering it again answers 200 with the same device. A member keeps
/// up to 10 phones: registering an eleventh forgets the longest unused.
#[utoipa::path(
    tag = "phone",
    operation_id = "register_device",
    security(("bearer" = [])),
    request_body = RegisterDeviceRequest,
    responses(
        (status = 201, description = "Registered", body = DeviceResponse,
            headers(("Location" = crate::dto::LocationPath, description = "The device's URL, to forget it")),
            links(("forget_device" = (operation_id = "forget_device", parameters(("id" = "$response.body#/id")))))),
        (status = 200, description = "Registered already, by the caller: nothing changed but the time", body = DeviceResponse),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/devices")]
pub async fn register_device(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<RegisterDeviceRequest>,
) -> Result<HttpResponse, ApiError> {
    let (platform, token) = body.parsed()?;
    let registered = app::as_caller(&state, caller.0, move |connection, signed| {
        devices::register(connection, signed, platform, token)
    })
    .await?;
    let response = DeviceResponse::from(registered.device);
    if !registered.created {
        return Ok(HttpResponse::Ok().json(response));
    }
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/me/devices/{}", response.id),
        ))
        .json(response))
}
