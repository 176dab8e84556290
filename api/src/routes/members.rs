//! `GET/POST /members`, `GET/PATCH /members/{id}`, `POST /members/{id}/password-reset`.

use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::NaiveDate;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sotay_domain::Invalid;
use sotay_domain::access::{self, Visibility};
use sotay_domain::ids::MemberId;
use sotay_domain::member::{
    self as rules, ActivityStatus, CardNumber, CitizenId, Gender, PartyStatus, PersonName, Phone,
};
use sotay_domain::org::{OrgKind, OrgPath};
use sotay_domain::password::Password;
use sotay_domain::text::fold_for_search;
use sotay_domain::text::has_control;
use sotay_domain::validation::Violations;
use sotay_persistence::members::{
    self, MemberChanges, MemberFilter, MemberRow, NewMember, NewMembership,
};
use sotay_persistence::{DbConnection, clock, positions};
use utoipa::{IntoParams, ToSchema};

use crate::app;
use crate::app::audit::{self, Event};
use crate::app::orgs::{org_filter, visible_org};
use crate::app::sessions::end_all_sessions;
use crate::auth::Caller;
use crate::dto::{
    ActivityStatusName, CellNames, GenderName, MemberResponse, PartyStatusName, nullable,
};
use crate::error::ApiError;
use crate::http::pagination::{Page, PageQuery, key_cursor};
use crate::http::problem::Problem;
use crate::http::request_context::RequestId;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({
    "card_number": "79012345", "full_name": "Nguyễn Thị Lan", "gender": "female",
    "date_of_birth": "1975-03-08", "phone": "0912345678", "citizen_id": "046175001234",
    "joined_on": "2001-05-19", "official_on": "2002-05-19", "party_status": "official",
    "org_id": "01936f0e-8c5a-7cc2-9a51-0b6f0c4f8e21"
}))]
pub struct CreateMemberRequest {
    /// Số thẻ đảng viên, the member's login: 6 to 20 letters, digits, `.` or `-`, with at
    /// least one digit.
    #[schema(min_length = 6, max_length = 20)]
    pub card_number: String,
    #[schema(min_length = 1, max_length = 100)]
    pub full_name: String,
    #[schema(value_type = Option<GenderName>)]
    pub gender: Option<String>,
    /// Not in the future; the member was at least 18 on `joined_on`.
    pub date_of_birth: Option<NaiveDate>,
    /// A Vietnamese mobile number, stored as `0912345678`: `0`, `84` or `+84`, then ten
    /// digits in all with spaces, dots, dashes or brackets anywhere (`0912 345 678`,
    /// `+84 912 345 678`). Unique among members.
    #[schema(max_length = 20)]
    pub phone: Option<String>,
    #[schema(min_length = 12, max_length = 12, pattern = "^[0-9]{12}$")]
    pub citizen_id: Option<String>,
    /// Admission (kết nạp); not in the future.
    pub joined_on: Option<NaiveDate>,
    /// Becoming official (chính thức); not before `joined_on`, not in the future.
    pub official_on: Option<NaiveDate>,
    #[schema(value_type = PartyStatusName)]
    pub party_status: String,
    /// `active` when absent.
    #[schema(value_type = Option<ActivityStatusName>)]
    pub activity_status: Option<String>,
    /// The member's cell.
    #[schema(format = Uuid)]
    pub org_id: String,
    /// A cell the member is temporarily attached to.
    #[schema(format = Uuid)]
    pub attached_org_id: Option<String>,
    /// A temporary password, to be changed at first login: 8 to 128 characters, not a common
    /// password, not the card number or phone. Without one the member cannot log in until a
    /// manager resets their password.
    #[schema(value_type = Option<String>, min_length = 8, max_length = 128, format = Password)]
    pub temporary_password: Option<SecretString>,
}

/// Fields to change; absent fields stay. `null` clears `gender`, the dates, `phone`,
/// `citizen_id` and `attached_org_id`; for the others (which cannot be empty) it is the same
/// as absent. Dates are checked with the stored ones: not in the future, admission from 18,
/// official after admission.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(example = json!({"phone": "0987654321", "activity_status": "exempt"}))]
pub struct UpdateMemberRequest {
    #[schema(min_length = 1, max_length = 100)]
    pub full_name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<GenderName>)]
    pub gender: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub date_of_birth: Option<Option<NaiveDate>>,
    /// As on creation.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 20)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, min_length = 12, max_length = 12, pattern = "^[0-9]{12}$")]
    pub citizen_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub joined_on: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub official_on: Option<Option<NaiveDate>>,
    #[schema(value_type = Option<PartyStatusName>)]
    pub party_status: Option<String>,
    /// Suspending or removing a member ends all their sessions at once.
    #[schema(value_type = Option<ActivityStatusName>)]
    pub activity_status: Option<String>,
    /// Moves the member to another cell; the membership history keeps the old one.
    #[schema(format = Uuid)]
    pub org_id: Option<String>,
    /// Attaches the member temporarily to a cell, or (`null`) ends the attachment.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub attached_org_id: Option<Option<String>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MemberListQuery {
    /// Members placed in this organisation's subtree (own or temporarily attached).
    pub org_id: Option<uuid::Uuid>,
    /// Activity status.
    #[param(inline)]
    pub status: Option<ActivityStatusName>,
    /// Name or card number; diacritics and case are ignored.
    #[param(max_length = 100)]
    pub q: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(example = json!({}))]
pub struct PasswordResetRequest {
    /// The temporary password to set (8 to 128 characters, not a common password, not the
    /// member's card number or phone); one is generated when absent.
    #[schema(value_type = Option<String>, min_length = 8, max_length = 128, format = Password)]
    pub temporary_password: Option<SecretString>,
}

/// Its `Debug` leaves the password out.
#[derive(Serialize, ToSchema)]
pub struct PasswordResetResponse {
    /// Give it to the member: they must change it at their next login. Shown only once.
    #[schema(max_length = 128, format = Password)]
    pub temporary_password: String,
}

fn invalid_stored(invalid: Invalid) -> ApiError {
    ApiError::internal_invalid(invalid)
}

fn placement(row: &MemberRow) -> Result<(MemberId, OrgPath, Option<OrgPath>), ApiError> {
    row.places()
        .ok_or_else(|| ApiError::internal("malformed stored member"))
}

pub fn visibility(caller: &access::Caller, row: &MemberRow) -> Result<Visibility, ApiError> {
    row.visibility_to(caller)
        .ok_or_else(|| ApiError::internal("malformed stored member"))
}

/// The member with `id` if the caller may see them, with how much; 404 otherwise.
pub fn visible_member(
    connection: &mut DbConnection,
    caller: &access::Caller,
    id: &str,
) -> Result<(MemberRow, Visibility), ApiError> {
    if id.parse::<MemberId>().is_err() {
        return Err(ApiError::NotFound);
    }
    let row = members::find(connection, id)?.ok_or(ApiError::NotFound)?;
    match visibility(caller, &row)? {
        Visibility::Hidden => Err(ApiError::NotFound),
        seen => Ok((row, seen)),
    }
}

/// Whether the caller may act on the member's account and record (see
/// `Caller::may_administer`): their own cell, and every place they hold a position.
pub fn administers(
    connection: &mut DbConnection,
    caller: &access::Caller,
    row: &MemberRow,
) -> Result<bool, ApiError> {
    let (_, home, _) = placement(row)?;
    let roles = positions::roles_held(connection, &row.id, clock::today())?;
    Ok(caller.may_administer(&home, &roles))
}

/// A cell named in a request: it must exist, be visible, be a cell, and be managed by the caller.
fn managed_cell(
    connection: &mut DbConnection,
    caller: &access::Caller,
    field: &str,
    id: &str,
) -> Result<OrgPath, ApiError> {
    if id.parse::<sotay_domain::ids::OrgId>().is_ok() {
        // Until this transaction ends, the cell cannot move: the path read below stays true.
        sotay_persistence::orgs::lock(connection, id)?;
    }
    let (org, path) = visible_org(connection, caller, id).map_err(|error| match error {
        ApiError::NotFound => ApiError::invalid(
            field,
            Invalid::new("not_found", "Không có chi bộ này.", "No such cell."),
        ),
        other => other,
    })?;
    if !OrgKind::parse(&org.kind).map_err(invalid_stored)?.is_cell() {
        return Err(ApiError::invalid(
            field,
            Invalid::new(
                "not_a_cell",
                "Đảng viên sinh hoạt ở chi bộ, không ở đảng bộ hay tổ đảng.",
                "Members belong to a cell, not a committee or party group.",
            ),
        ));
    }
    if !caller.can_manage(&path) {
        return Err(ApiError::Forbidden);
    }
    Ok(path)
}

fn taken(field: &str) -> ApiError {
    match field {
        "phone" => ApiError::conflict(
            "phone_taken",
            "Số điện thoại này đã thuộc về đảng viên khác.",
            "This phone number belongs to another member.",
        ),
        "citizen_id" => ApiError::conflict(
            "citizen_id_taken",
            "Số CCCD này đã thuộc về đảng viên khác.",
            "This citizen id belongs to another member.",
        ),
        _ => ApiError::conflict(
            "card_number_taken",
            "Số thẻ đảng viên này đã có.",
            "This card number is already registered.",
        ),
    }
}

/// Maps a unique-constraint failure to the field it concerns (a concurrent write that passed
/// our checks).
fn unique_violation(error: sotay_persistence::diesel_error::Error) -> ApiError {
    match members::collided_column(&error) {
        Some(column) => taken(column),
        None => ApiError::from(error),
    }
}

/// Members I may see.
///
/// Managers see their subtrees; everyone sees the members of their own cell (names and cells
/// only). Filters: `org_id` (a subtree), `status`, `q` (name or card, diacritics ignored).
#[utoipa::path(
    tag = "members",
    operation_id = "list_members",
    security(("bearer" = [])),
    params(MemberListQuery, PageQuery),
    responses(
        (status = 200, description = "One page, oldest first", body = Page<MemberResponse>),
        (status = 400, description = "Unreadable query string (`invalid_query`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A parameter out of range or naming nothing (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/members")]
pub async fn list_members(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<MemberListQuery>,
    page: web::Query<PageQuery>,
) -> Result<web::Json<Page<MemberResponse>>, ApiError> {
    let page = page.checked()?;
    let query = query.into_inner();
    let search = match query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        Some(q) if q.chars().count() > 100 => {
            return Err(ApiError::invalid("q", Invalid::too_long(100)));
        }
        // Nothing stored holds control characters: such a search finds nothing.
        Some(q) if has_control(q) => {
            return Ok(web::Json(Page {
                items: Vec::new(),
                next_cursor: None,
            }));
        }
        Some(q) => Some(fold_for_search(q)),
        None => None,
    };
    // Card numbers and statuses are shown to managers only, so filtering by them is too: a
    // colleague must not learn them one guess at a time.
    let by_card = search
        .as_ref()
        .is_some_and(|q| q.bytes().any(|b| b.is_ascii_digit()));
    let after = page.after_key();
    let fetch_limit = page.fetch_limit();
    let (rows, cells, caller) = app::as_caller(&state, caller.0, move |connection, signed| {
        let caller = signed.caller.clone();
        let scope = if by_card || query.status.is_some() {
            caller.managed_scope()
        } else {
            caller.scope()
        };
        let Some(within) = org_filter(connection, &caller, query.org_id)? else {
            return Ok((Vec::new(), CellNames::default(), caller));
        };
        let filter = MemberFilter {
            within: within.as_ref(),
            activity_status: query.status.map(ActivityStatusName::as_str),
            name_query: search.as_deref().filter(|_| !by_card),
            card_query: search.as_deref().filter(|_| by_card),
        };
        let rows = members::list(connection, &scope, &filter, after.as_deref(), fetch_limit)?;
        let cells = CellNames::seen_by(connection, &rows, &caller)?;
        Ok((rows, cells, caller))
    })
    .await?;
    let mut seen = Vec::with_capacity(rows.len());
    for row in rows {
        let visibility = visibility(&caller, &row)?;
        seen.push((row, visibility));
    }
    // The query already keeps to the caller's scope; the check per row is the second lock.
    let page = page.page(
        seen,
        |(row, _)| key_cursor(&row.sort_key),
        |(row, visibility)| MemberResponse::for_visibility(row, visibility, &cells),
    );
    Ok(web::Json(Page {
        items: page.items.into_iter().flatten().collect(),
        next_cursor: page.next_cursor,
    }))
}

/// The checked fields of a new member.
struct NewMemberFields {
    card: CardNumber,
    name: PersonName,
    gender: Option<Gender>,
    phone: Option<Phone>,
    citizen_id: Option<CitizenId>,
    party_status: PartyStatus,
    activity_status: ActivityStatus,
    temporary_password: Option<Password>,
}

fn check_new_member(body: &CreateMemberRequest) -> Result<NewMemberFields, ApiError> {
    let mut violations = Violations::new();
    let card = violations.check("card_number", CardNumber::parse(&body.card_number));
    let name = violations.check("full_name", PersonName::parse(&body.full_name));
    let gender = body
        .gender
        .as_deref()
        .map(|g| violations.check("gender", Gender::parse(g)));
    let phone = body
        .phone
        .as_deref()
        .map(|p| violations.check("phone", Phone::parse(p)));
    let citizen_id = body
        .citizen_id
        .as_deref()
        .map(|c| violations.check("citizen_id", CitizenId::parse(c)));
    let party_status = violations.check("party_status", PartyStatus::parse(&body.party_status));
    let activity_status = match body.activity_status.as_deref() {
        Some(status) => violations.check("activity_status", ActivityStatus::parse(status)),
        None => Some(ActivityStatus::Active),
    };
    let personal: Vec<&str> = [Some(body.card_number.trim()), body.phone.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let temporary_password = body.temporary_password.as_ref().map(|p| {
        violations.check(
            "temporary_password",
            Password::parse(p.expose_secret(), &personal),
        )
    });
    for (field, invalid) in rules::check_dates(
        body.date_of_birth,
        body.joined_on,
        body.official_on,
        clock::today(),
    ) {
        violations.add(field, invalid);
    }
    let (Some(card), Some(name), Some(party_status), Some(activity_status)) =
        (card, name, party_status, activity_status)
    else {
        return Err(ApiError::validation(violations.into_inner()));
    };
    if !violations.is_empty() {
        return Err(ApiError::validation(violations.into_inner()));
    }
    Ok(NewMemberFields {
        card,
        name,
        gender: gender.flatten(),
        phone: phone.flatten(),
        citizen_id: citizen_id.flatten(),
        party_status,
        activity_status,
        temporary_password: temporary_password.flatten(),
    })
}

/// Register a member in a cell the caller manages.
///
/// The card number, phone and citizen id must be unique (`409` names the one taken). With a
/// `temporary_password` the member can log in at once and must change it first; without one,
/// a manager resets their password later.
#[utoipa::path(
    tag = "members",
    operation_id = "create_member",
    security(("bearer" = [])),
    request_body = CreateMemberRequest,
    responses(
        (status = 201, description = "Created", body = MemberResponse,
            headers(("Location" = crate::dto::LocationPath, description = "The new member's URL")),
            links(
                ("get_member" = (operation_id = "get_member", parameters(("id" = "$response.body#/id")))),
                ("update_member" = (operation_id = "update_member", parameters(("id" = "$response.body#/id")))),
                ("reset_member_password" = (operation_id = "reset_member_password", parameters(("id" = "$response.body#/id")))),
                ("create_position" = (operation_id = "create_position", parameters(("id" = "$response.body#/id")))),
                ("list_member_positions" = (operation_id = "list_member_positions", parameters(("id" = "$response.body#/id"))))
            )),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller does not manage the cell (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Card number, phone or citizen id taken (`card_number_taken`, `phone_taken`, `citizen_id_taken`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/members")]
pub async fn create_member(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    body: web::Json<CreateMemberRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let fields = check_new_member(&body)?;
    let password_hash = match &fields.temporary_password {
        Some(password) => Some(state.hasher.hash(password.expose().into()).await?),
        None => None,
    };
    let (row, cells) = app::as_caller(&state, caller.0, move |connection, signed| {
        let caller = &signed.caller;
        let actor = signed.actor();
        connection.write_transaction(|connection| {
            let home = managed_cell(connection, caller, "org_id", &body.org_id)?;
            let attached = match &body.attached_org_id {
                Some(id) => Some(managed_cell(connection, caller, "attached_org_id", id)?),
                None => None,
            };
            if members::find_by_card(connection, fields.card.as_str())?.is_some() {
                return Err(taken("card_number"));
            }
            let id = MemberId::new().to_string();
            let now = clock::now();
            let row = members::insert(
                connection,
                &NewMember {
                    id: &id,
                    card_number: fields.card.as_str(),
                    full_name: fields.name.as_str(),
                    search_name: &fields.name.search_name(),
                    sort_key: &fields.name.sort_key(&id),
                    gender: fields.gender.map(Gender::as_str),
                    date_of_birth: body.date_of_birth,
                    phone: fields.phone.as_ref().map(Phone::as_str),
                    citizen_id: fields.citizen_id.as_ref().map(CitizenId::as_str),
                    joined_on: body.joined_on,
                    official_on: body.official_on,
                    party_status: fields.party_status.as_str(),
                    activity_status: fields.activity_status.as_str(),
                    org_id: &body.org_id,
                    org_path: home.as_str(),
                    attached_org_id: body.attached_org_id.as_deref(),
                    attached_org_path: attached.as_ref().map(OrgPath::as_str),
                    password_hash: password_hash.as_deref(),
                    must_change_password: password_hash.is_some(),
                    created_at: now,
                    updated_at: now,
                },
            )
            .map_err(unique_violation)?;
            open_membership(connection, &id, &body.org_id, "home")?;
            if let Some(attached_id) = &body.attached_org_id {
                open_membership(connection, &id, attached_id, "temporary")?;
            }
            audit::record(
                connection,
                Event {
                    actor_id: Some(actor),
                    action: "member.created",
                    object_type: "member",
                    object_id: &row.id,
                    org_id: Some(&row.org_id),
                    before: None,
                    after: Some(member_snapshot(&row)),
                    request_id: Some(request_id.as_str()),
                },
            )?;
            let cells = CellNames::seen_by(connection, [&row], caller)?;
            Ok((row, cells))
        })
    })
    .await?;
    let location = format!("/api/v1/members/{}", row.id);
    let body = MemberResponse::for_visibility(row, Visibility::Full, &cells)
        .ok_or_else(|| ApiError::internal("hidden"))?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .json(body))
}

pub(crate) fn open_membership(
    connection: &mut DbConnection,
    member_id: &str,
    org_id: &str,
    kind: &str,
) -> Result<(), ApiError> {
    members::insert_membership(
        connection,
        &NewMembership {
            id: &uuid::Uuid::now_v7().to_string(),
            member_id,
            org_id,
            kind,
            from_date: clock::today(),
            until_date: None,
            created_at: clock::now(),
        },
    )?;
    Ok(())
}

/// Read a member.
///
/// Colleagues get the basic view; the member and their managers the full one.
#[utoipa::path(
    tag = "members",
    operation_id = "get_member",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The member's id")),
    responses(
        (status = 200, description = "The member", body = MemberResponse),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/members/{id:[0-9a-fA-F-]+}")]
pub async fn get_member(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<MemberResponse>, ApiError> {
    let (row, seen, cells) = app::as_caller(&state, caller.0, move |connection, signed| {
        let caller = &signed.caller;
        let (row, seen) = visible_member(connection, caller, &id)?;
        let cells = CellNames::seen_by(connection, [&row], caller)?;
        Ok((row, seen, cells))
    })
    .await?;
    MemberResponse::for_visibility(row, seen, &cells)
        .map(web::Json)
        .ok_or(ApiError::NotFound)
}

/// Change a member: details, party or activity status, cell, temporary attachment.
///
/// Needs a manager of the member's cell (and of the new cell, when moving). Moving keeps the
/// membership history. Suspending or removing ends the member's sessions at once.
#[utoipa::path(
    tag = "members",
    operation_id = "update_member",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The member's id")),
    request_body = UpdateMemberRequest,
    responses(
        (status = 200, description = "Updated", body = MemberResponse),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller does not manage the member (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Phone or citizen id taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/members/{id:[0-9a-fA-F-]+}")]
pub async fn update_member(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
    body: web::Json<UpdateMemberRequest>,
) -> Result<web::Json<MemberResponse>, ApiError> {
    let body = body.into_inner();
    let mut violations = Violations::new();
    let mut changes = MemberChanges::default();
    if let Some(name) = &body.full_name
        && let Some(name) = violations.check("full_name", PersonName::parse(name))
    {
        changes.search_name = Some(name.search_name());
        changes.sort_key = Some(name.sort_key(&id));
        changes.full_name = Some(name.as_str().to_owned());
    }
    changes.gender = optional(&mut violations, "gender", &body.gender, |g| {
        Gender::parse(g).map(|g| g.as_str().to_owned())
    });
    changes.phone = optional(&mut violations, "phone", &body.phone, |p| {
        Phone::parse(p).map(|p| p.as_str().to_owned())
    });
    changes.citizen_id = optional(&mut violations, "citizen_id", &body.citizen_id, |c| {
        CitizenId::parse(c).map(|c| c.as_str().to_owned())
    });
    changes.party_status = body
        .party_status
        .as_deref()
        .and_then(|s| violations.check("party_status", PartyStatus::parse(s)))
        .map(|s| s.as_str().to_owned());
    let new_status = body
        .activity_status
        .as_deref()
        .and_then(|s| violations.check("activity_status", ActivityStatus::parse(s)));
    changes.activity_status = new_status.map(|s| s.as_str().to_owned());
    changes.date_of_birth = body.date_of_birth;
    changes.joined_on = body.joined_on;
    changes.official_on = body.official_on;
    if !violations.is_empty() {
        return Err(ApiError::validation(violations.into_inner()));
    }
    let (row, cells) = app::as_caller(&state, caller.0, move |connection, signed| {
        let caller = &signed.caller;
        let actor = signed.actor();
        connection.write_transaction(|connection| {
            let (before, _) = visible_member(connection, caller, &id)?;
            if !administers(connection, caller, &before)? {
                return Err(ApiError::Forbidden);
            }
            // Nobody suspends or removes themselves by accident: another manager does it.
            if before.id == caller.member_id.to_string() && changes.activity_status.is_some() {
                return Err(ApiError::Forbidden);
            }
            let dates = rules::check_dates(
                changes.date_of_birth.unwrap_or(before.date_of_birth),
                changes.joined_on.unwrap_or(before.joined_on),
                changes.official_on.unwrap_or(before.official_on),
                clock::today(),
            );
            if !dates.is_empty() {
                return Err(ApiError::validation(
                    dates.into_iter().map(|(f, i)| (f.to_owned(), i)).collect(),
                ));
            }
            if let Some(org_id) = body.org_id.as_deref().filter(|org| *org != before.org_id) {
                let path = managed_cell(connection, caller, "org_id", org_id)?;
                members::close_membership(connection, &before.id, "home", clock::today())?;
                open_membership(connection, &before.id, org_id, "home")?;
                changes.org_id = Some(org_id.to_owned());
                changes.org_path = Some(path.as_str().to_owned());
            }
            if let Some(attached) = body
                .attached_org_id
                .as_ref()
                .filter(|a| a.as_deref() != before.attached_org_id.as_deref())
            {
                members::close_membership(connection, &before.id, "temporary", clock::today())?;
                match attached {
                    Some(org_id) => {
                        let path = managed_cell(connection, caller, "attached_org_id", org_id)?;
                        open_membership(connection, &before.id, org_id, "temporary")?;
                        changes.attached_org_id = Some(Some(org_id.clone()));
                        changes.attached_org_path = Some(Some(path.as_str().to_owned()));
                    }
                    None => {
                        changes.attached_org_id = Some(None);
                        changes.attached_org_path = Some(None);
                    }
                }
            }
            changes.updated_at = Some(clock::now());
            members::update(connection, &before.id, &changes).map_err(unique_violation)?;
            if new_status.is_some_and(|status| !status.may_log_in()) {
                end_all_sessions(connection, &before.id)?;
            }
            let after = members::find(connection, &before.id)?.ok_or(ApiError::NotFound)?;
            audit::record(
                connection,
                Event {
                    actor_id: Some(actor),
                    action: "member.updated",
                    object_type: "member",
                    object_id: &after.id,
                    org_id: Some(&after.org_id),
                    before: Some(member_snapshot(&before)),
                    after: Some(member_snapshot(&after)),
                    request_id: Some(request_id.as_str()),
                },
            )?;
            let cells = CellNames::seen_by(connection, [&after], caller)?;
            Ok((after, cells))
        })
    })
    .await?;
    MemberResponse::for_visibility(row, Visibility::Full, &cells)
        .map(web::Json)
        .ok_or(ApiError::NotFound)
}

/// Parses an optional, clearable field of a PATCH body.
fn optional<T>(
    violations: &mut Violations,
    field: &str,
    value: &Option<Option<String>>,
    parse: impl Fn(&str) -> Result<T, Invalid>,
) -> Option<Option<T>> {
    match value {
        None => None,
        Some(None) => Some(None),
        Some(Some(raw)) => violations.check(field, parse(raw)).map(Some),
    }
}

/// Give a member a temporary password.
///
/// The member must change it at their next login; all their sessions end now. Without a
/// `temporary_password` in the body, one is generated and returned (once).
#[utoipa::path(
    tag = "members",
    operation_id = "reset_member_password",
    security(("bearer" = [])),
    params(("id" = String, Path, format = Uuid, description = "The member's id")),
    request_body = PasswordResetRequest,
    responses(
        (status = 200, description = "The temporary password", body = PasswordResetResponse),
        (status = 401, description = "No valid access token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller does not manage the member (`forbidden`); or a temporary password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The given password breaks the rules (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/members/{id:[0-9a-fA-F-]+}/password-reset")]
pub async fn reset_password(
    state: web::Data<AppState>,
    caller: Caller,
    request_id: RequestId,
    id: web::Path<String>,
    body: web::Json<PasswordResetRequest>,
) -> Result<web::Json<PasswordResetResponse>, ApiError> {
    let target = {
        app::as_caller(&state, caller.0.clone(), move |connection, signed| {
            let caller = &signed.caller;
            let (row, _) = visible_member(connection, caller, &id)?;
            // One's own password is changed with the current one (PUT /me/password).
            if row.id == caller.member_id.to_string() || !administers(connection, caller, &row)? {
                return Err(ApiError::Forbidden);
            }
            Ok(row)
        })
        .await?
    };
    let personal: Vec<&str> = [Some(target.card_number.as_str()), target.phone.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let temporary = match &body.temporary_password {
        Some(raw) => Password::parse(raw.expose_secret(), &personal)
            .map_err(|invalid| ApiError::invalid("temporary_password", invalid))?,
        None => generate_temporary_password()?,
    };
    let hash = state.hasher.hash(temporary.expose().into()).await?;
    app::as_caller(&state, caller.0, move |connection, signed| {
        let (caller, actor) = (&signed.caller, signed.actor());
        connection.write_transaction(|connection| {
            // Checked again where it is written: the positions may have changed while hashing.
            if !administers(connection, caller, &target)? {
                return Err(ApiError::Forbidden);
            }
            members::set_password(connection, &target.id, &hash, true)?;
            end_all_sessions(connection, &target.id)?;
            audit::record(
                connection,
                Event {
                    actor_id: Some(actor),
                    action: "member.password_reset",
                    object_type: "member",
                    object_id: &target.id,
                    org_id: Some(&target.org_id),
                    before: None,
                    after: None,
                    request_id: Some(request_id.as_str()),
                },
            )
        })
    })
    .await?;
    Ok(web::Json(PasswordResetResponse {
        temporary_password: temporary.expose().to_owned(),
    }))
}

/// Twelve characters a person can read out and type on a phone: no 0/O, 1/l/I.
pub fn generate_temporary_password() -> Result<Password, ApiError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    // Bytes past the last whole multiple of the alphabet are dropped, so every letter is
    // equally likely.
    let usable = u8::try_from(256 - 256 % ALPHABET.len()).unwrap_or(u8::MAX);
    let mut text = String::with_capacity(12);
    while text.len() < 12 {
        let mut random = [0_u8; 32];
        getrandom::fill(&mut random).map_err(ApiError::internal)?;
        text.extend(
            random
                .iter()
                .filter(|b| **b < usable)
                .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
                .take(12 - text.len()),
        );
    }
    Password::parse(&text, &[]).map_err(ApiError::internal_invalid)
}

/// What the audit trail keeps of a member: everything but secrets.
pub(crate) fn member_snapshot(row: &MemberRow) -> serde_json::Value {
    serde_json::json!({
        "card_number": row.card_number,
        "full_name": row.full_name,
        "gender": row.gender,
        "date_of_birth": row.date_of_birth,
        "phone": row.phone,
        "citizen_id": row.citizen_id,
        "joined_on": row.joined_on,
        "official_on": row.official_on,
        "party_status": row.party_status,
        "activity_status": row.activity_status,
        "org_id": row.org_id,
        "attached_org_id": row.attached_org_id,
    })
}
