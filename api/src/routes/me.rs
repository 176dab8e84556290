//! `GET /me`, `PUT /me/password`.

use actix_web::{get, put, web};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sotay_domain::Invalid;
use sotay_domain::access::Visibility;
use sotay_domain::document::DocumentStatus;
use sotay_domain::password::Password;
use sotay_persistence::documents::{self, DocumentFilter, Reach};
use sotay_persistence::members;
use utoipa::ToSchema;

use crate::app;
use crate::app::audit::{self, Event};
use crate::auth::{Authenticated, PasswordCheck};
use crate::dto::{CellNames, MemberResponse, OrgResponse, PositionResponse};
use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::routes::auth::{TokenResponse, end_all_sessions, start_session};
use crate::state::AppState;

/// The caller's profile: who they are, their cell, and the positions they hold.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    pub member: MemberResponse,
    /// The member's own cell.
    pub cell: OrgResponse,
    /// The cell they are temporarily attached to, if any.
    pub attached_cell: Option<OrgResponse>,
    /// Positions held today (a member holds a handful; the server allows at most 20).
    #[schema(max_items = 20)]
    pub positions: Vec<PositionResponse>,
    /// Counts for the app's badges, without paging through the library.
    pub documents: DocumentBadges,
}

/// What waits for the caller in the library.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentBadges {
    /// Published documents whose current version the caller has not opened: what
    /// `GET /documents?unread=true` lists.
    #[schema(minimum = 0, maximum = 10000000, value_type = u32)]
    pub unread: i64,
    /// Documents required of the caller whose current version they have not acknowledged:
    /// what `GET /documents?required=true` lists with `acknowledged: false`.
    #[schema(minimum = 0, maximum = 10000000, value_type = u32)]
    pub required_unacknowledged: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"current_password": "mat khau tam thoi 123", "new_password": "hoa sen nở giữa hồ"}))]
pub struct ChangePasswordRequest {
    #[schema(value_type = String, min_length = 1, max_length = 128, format = Password)]
    pub current_password: SecretString,
    /// At least 8 characters (12 or more recommended), at most 128; not a common password.
    #[schema(value_type = String, min_length = 8, max_length = 128, format = Password)]
    pub new_password: SecretString,
}

/// Who am I?
///
/// Answers even while a temporary password must still be changed, so that the app can say so.
#[utoipa::path(
    tag = "me",
    operation_id = "get_me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's profile", body = MeResponse),
        (status = 401, description = "No valid access token (`unauthorized`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
pub async fn get_me(
    state: web::Data<AppState>,
    caller: Authenticated,
) -> Result<web::Json<MeResponse>, ApiError> {
    let response = app::as_caller(&state, caller.0, move |connection, signed| {
        let (caller, member) = (&signed.caller, &signed.member);
        let reach = Reach::of(caller);
        let member_id = member.id.as_str();
        let published = Some(DocumentStatus::Published.as_str());
        let unread = DocumentFilter {
            status: published,
            unread_by: Some(member_id),
            ..DocumentFilter::default()
        };
        let required_unacknowledged = DocumentFilter {
            status: published,
            unacknowledged_by: Some(member_id),
            required_through: Some(reach.reader_org_ids.clone()),
            ..DocumentFilter::default()
        };
        let documents = DocumentBadges {
            unread: documents::count(connection, &reach, &unread)?,
            required_unacknowledged: documents::count(
                connection,
                &reach,
                &required_unacknowledged,
            )?,
        };
        // The member's cell and the one they are attached to, with their names, in one query.
        let cells = CellNames::own(connection, member)?;
        let cell = cells
            .org(&member.org_id)
            .ok_or_else(|| ApiError::internal("member without cell"))?;
        let attached_cell = member.attached_org_id.as_ref().and_then(|id| cells.org(id));
        Ok(MeResponse {
            member: MemberResponse::for_visibility(member.clone(), Visibility::Full, &cells)
                .ok_or_else(|| ApiError::internal("a member always sees themselves"))?,
            cell: cell.into(),
            attached_cell: attached_cell.map(Into::into),
            positions: signed.positions.iter().cloned().map(Into::into).collect(),
            documents,
        })
    })
    .await?;
    Ok(web::Json(response))
}

/// Change my password.
///
/// Needs the current password. Ends every other session of the caller and answers with a new
/// token pair for this one. Clears the "must change password" mark of a temporary password.
#[utoipa::path(
    tag = "me",
    operation_id = "change_my_password",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, description = "Changed; a new token pair for this session", body = TokenResponse),
        (status = 401, description = "No valid access token (`unauthorized`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong current password, or the new one breaks the rules (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    caller: Authenticated,
    request_id: RequestId,
    body: web::Json<ChangePasswordRequest>,
) -> Result<web::Json<TokenResponse>, ApiError> {
    let ChangePasswordRequest {
        current_password,
        new_password,
    } = body.into_inner();
    // The stored hash, to check the current password against off the pool.
    let member = app::as_caller(&state, caller.0.clone(), |_, signed| {
        Ok(signed.member.clone())
    })
    .await?;
    let personal: Vec<&str> = [Some(member.card_number.as_str()), member.phone.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let new_password = Password::parse(new_password.expose_secret(), &personal)
        .map_err(|invalid| ApiError::invalid("new_password", invalid))?;
    if current_password.expose_secret().chars().count() > sotay_domain::password::MAX_LEN {
        return Err(ApiError::invalid("current_password", wrong_password()));
    }
    match state
        .hasher
        .verify(current_password, member.password_hash.clone())
        .await?
    {
        PasswordCheck::Wrong => {
            return Err(ApiError::invalid("current_password", wrong_password()));
        }
        PasswordCheck::Right | PasswordCheck::RightWithUpgrade(_) => {}
    }
    let hash = state.hasher.hash(new_password.expose().into()).await?;

    let state_for_tokens = state.clone();
    let response = app::as_caller(&state, caller.0, move |connection, _| {
        connection.write_transaction(|connection| {
            members::set_password(connection, &member.id, &hash, false)?;
            end_all_sessions(connection, &member.id)?;
            audit::record(
                connection,
                Event {
                    actor_id: Some(&member.id),
                    action: "member.password_changed",
                    object_type: "member",
                    object_id: &member.id,
                    org_id: Some(&member.org_id),
                    before: None,
                    after: None,
                    request_id: Some(request_id.as_str()),
                },
            )?;
            let member = members::find(connection, &member.id)?.ok_or(ApiError::Unauthorized)?;
            start_session(&state_for_tokens, connection, member)
        })
    })
    .await?;
    Ok(web::Json(response))
}

fn wrong_password() -> Invalid {
    Invalid::new(
        "wrong_password",
        "Mật khẩu hiện tại không đúng.",
        "The current password is wrong.",
    )
}
