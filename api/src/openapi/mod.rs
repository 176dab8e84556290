//! The OpenAPI document, built from the same route table the server runs, without a database.

mod common_problems;
mod route_table;
mod rules;

pub use route_table::RouteTable;

use actix_web::App;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

use crate::dto::CsvFile;
use crate::dto::attachments::{AttachmentUpload, BinaryFile};
use crate::dto::{
    CacheControlHeader, DispositionHeader, EntityTag, LocationPath, ObjectiveText,
    RetryAfterSeconds,
};
use crate::http::problem::{FieldError, Problem};
use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "sotay",
        description = "REST API of the Sổ tay Đảng viên điện tử (electronic party-member \
            handbook): resolution documents, meetings and study sessions, check-ins and \
            personal action plans.\n\n\
            Errors are `application/problem+json` (RFC 9457) with a stable `code`; their text \
            follows `Accept-Language` (Vietnamese by default, English on request). Every response \
            carries an `X-Request-Id` header. JSON request bodies are limited to 256 KiB.",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
    ),
    tags(
        (name = "service", description = "Health, readiness, metrics and facts about the server"),
        (name = "auth", description = "Logging in and out, and refreshing tokens"),
        (name = "me", description = "The caller's own profile and password"),
        (name = "orgs", description = "The organisation tree: committees, cells, party groups"),
        (name = "members", description = "Party members"),
        (name = "positions", description = "Positions members hold at organisations"),
        (name = "audit", description = "The audit trail, for managers"),
        (name = "documents", description = "The resolution library: documents, their versions, distribution and reading"),
        (name = "sessions", description = "Meetings and study sessions: planning, answers (RSVP), the rotating check-in code and check-ins"),
        (name = "plans", description = "Personal action plans: each member's items serving the resolution's targets, programs and breakthroughs, progress computed from reports, review by the cell, and the roll-up of a subtree"),
        (name = "phone", description = "What the phone app needs besides the resources: the member's notifications and push devices, the electronic party card and its verification, and delta sync"),
        (name = "campaigns", description = "Study campaigns: a resolution studied across organisations through sessions and make-up sessions, its progress to 100%, and members' written reflections with their review"),
    ),
    components(schemas(
        Problem, FieldError, RetryAfterSeconds, LocationPath, CsvFile, EntityTag, ObjectiveText,
        DispositionHeader, AttachmentUpload, BinaryFile, CacheControlHeader
    )),
    modifiers(&BearerSecurity),
)]
struct ApiDoc;

/// Declares the bearer scheme every protected operation names.
struct BearerSecurity;

impl utoipa::Modify for BearerSecurity {
    fn modify(&self, document: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = document.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "The access token from `POST /api/v1/auth/login`, valid 15 minutes: a \
                         JWT handled as RFC8725 (JWT best current practices) advises. The \
                         algorithm is pinned to HS256 (`none` and every other algorithm are \
                         refused); `iss`, `aud`, `exp`, `nbf`, `sub` and the token type are \
                         required and checked; refresh tokens are opaque, never JWTs.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The full document: the base above plus every path the route table registers, with the
/// common problems added to every operation and the server's rules stated.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_app, mut document) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    // Modifiers of the derive run before the routes are collected: apply this one after.
    utoipa::Modify::modify(&common_problems::CommonProblems, &mut document);
    rules::state_rules(document)
}

/// The document as committed in `openapi/openapi.json`: pretty JSON with a final newline.
pub fn document_json() -> Result<String, serde_json::Error> {
    document().to_pretty_json().map(|json| json + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::Method;
    use rules::FIELD_PATTERNS;

    #[test]
    fn every_operation_has_an_id_a_summary_and_a_tag() {
        let document = document();
        for (path, item) in &document.paths.paths {
            for operation in [&item.get, &item.post, &item.put, &item.patch, &item.delete]
                .into_iter()
                .flatten()
            {
                assert!(operation.operation_id.is_some(), "{path}: no operationId");
                assert!(operation.summary.is_some(), "{path}: no summary");
                assert!(
                    operation.tags.as_ref().is_some_and(|t| !t.is_empty()),
                    "{path}: no tag"
                );
            }
        }
    }

    /// The value at a JSON pointer into the document's component schemas.
    fn bound(document: &serde_json::Value, schema: &str, pointer: &str) -> u64 {
        document["components"]["schemas"][schema]
            .pointer(pointer)
            .and_then(serde_json::Value::as_u64)
            .unwrap_or_else(|| panic!("{schema}{pointer} is not stated"))
    }

    /// utoipa takes only literals in schema attributes: this keeps each documented limit equal
    /// to the constant the server enforces.
    #[test]
    fn documented_limits_are_the_limits_the_server_enforces() {
        use sotay_domain::member::{CardNumber, CitizenId, PersonName, Phone};
        use sotay_domain::org::{OrgCode, OrgName, OrgPath};
        let document = serde_json::to_value(document()).unwrap();
        let cases: Vec<(&str, &str, usize)> = vec![
            (
                "LoginRequest",
                "/properties/login/maxLength",
                crate::routes::auth::dto::MAX_LOGIN_LEN,
            ),
            (
                "LoginRequest",
                "/properties/password/maxLength",
                sotay_domain::password::MAX_LEN,
            ),
            (
                "RefreshRequest",
                "/properties/refresh_token/maxLength",
                crate::routes::auth::dto::MAX_REFRESH_TOKEN_LEN,
            ),
            (
                "TokenResponse",
                "/properties/refresh_token/maxLength",
                crate::routes::auth::dto::MAX_REFRESH_TOKEN_LEN,
            ),
            (
                "ChangePasswordRequest",
                "/properties/new_password/minLength",
                sotay_domain::password::MIN_LEN,
            ),
            (
                "ChangePasswordRequest",
                "/properties/new_password/maxLength",
                sotay_domain::password::MAX_LEN,
            ),
            (
                "CreateMemberRequest",
                "/properties/card_number/minLength",
                CardNumber::MIN_LEN,
            ),
            (
                "CreateMemberRequest",
                "/properties/card_number/maxLength",
                CardNumber::MAX_LEN,
            ),
            (
                "CreateMemberRequest",
                "/properties/full_name/maxLength",
                PersonName::MAX_LEN,
            ),
            (
                "CreateMemberRequest",
                "/properties/phone/maxLength",
                Phone::MAX_INPUT_LEN,
            ),
            (
                "CreateMemberRequest",
                "/properties/citizen_id/maxLength",
                CitizenId::LEN,
            ),
            (
                "UpdateMemberRequest",
                "/properties/phone/maxLength",
                Phone::MAX_INPUT_LEN,
            ),
            ("MemberResponse", "/properties/phone/maxLength", Phone::LEN),
            (
                "CreateOrgRequest",
                "/properties/name/maxLength",
                OrgName::MAX_LEN,
            ),
            (
                "CreateOrgRequest",
                "/properties/code/maxLength",
                OrgCode::MAX_LEN,
            ),
            (
                "UpdateOrgRequest",
                "/properties/code/maxLength",
                OrgCode::MAX_LEN,
            ),
            (
                "OrgResponse",
                "/properties/ancestor_ids/maxItems",
                OrgPath::MAX_DEPTH,
            ),
            (
                "MeResponse",
                "/properties/positions/maxItems",
                sotay_domain::member::positions::MAX_POSITIONS_HELD,
            ),
            (
                "Page_MemberResponse",
                "/properties/items/maxItems",
                crate::http::pagination::MAX_LIMIT as usize,
            ),
            (
                "ImportReport",
                "/properties/errors/maxItems",
                crate::app::member_import::MAX_REPORTED_ERRORS,
            ),
            (
                "ImportReport",
                "/properties/rows/maximum",
                crate::app::member_import::MAX_IMPORT_ROWS,
            ),
            (
                "ImportError",
                "/properties/line/maximum",
                // A row takes a byte at least (its line break), blank rows included.
                crate::dto::MAX_IMPORT_BYTES + 1,
            ),
            (
                "Problem",
                "/properties/errors/maxItems",
                crate::http::problem::MAX_FIELD_ERRORS,
            ),
            (
                "Problem",
                "/properties/detail/maxLength",
                crate::http::problem::MAX_TEXT_LEN,
            ),
            (
                "Problem",
                "/properties/code/maxLength",
                crate::http::problem::MAX_CODE_LEN,
            ),
        ];
        use sotay_domain::document as doc;
        let documents: Vec<(&str, &str, usize)> = vec![
            (
                "CreateDocumentRequest",
                "/properties/code/maxLength",
                doc::DocumentCode::MAX_LEN,
            ),
            (
                "CreateDocumentRequest",
                "/properties/title/maxLength",
                doc::MAX_TITLE_LEN,
            ),
            (
                "CreateDocumentRequest",
                "/properties/issuer/maxLength",
                doc::MAX_ISSUER_LEN,
            ),
            (
                "CreateDocumentRequest",
                "/properties/summary/maxLength",
                doc::MAX_SUMMARY_LEN,
            ),
            (
                "CreateDocumentRequest",
                "/properties/body/maxLength",
                doc::MAX_BODY_LEN,
            ),
            (
                "UpdateDocumentRequest",
                "/properties/body/maxLength",
                doc::MAX_BODY_LEN,
            ),
            (
                "StructureBody",
                "/properties/targets/maxItems",
                doc::MAX_STRUCTURE_ITEMS,
            ),
            ("ObjectiveText", "/maxLength", doc::MAX_ITEM_TEXT_LEN),
            (
                "DocumentResponse",
                "/properties/version/maximum",
                usize::try_from(doc::MAX_VERSIONS).unwrap(),
            ),
            (
                "AttachmentResponse",
                "/properties/file_name/maxLength",
                sotay_domain::attachment::MAX_FILE_NAME_LEN,
            ),
            (
                "AttachmentResponse",
                "/properties/size_bytes/maximum",
                sotay_domain::attachment::MAX_MAX_BYTES,
            ),
            (
                "AttachmentList",
                "/properties/items/maxItems",
                sotay_domain::attachment::MAX_PER_DOCUMENT,
            ),
            (
                "AttachmentUpload",
                "/properties/file/maxLength",
                sotay_domain::attachment::MAX_MAX_BYTES,
            ),
            (
                "ItemBody",
                "/properties/title/maxLength",
                doc::MAX_ITEM_TEXT_LEN,
            ),
        ];
        let cases = cases.into_iter().chain(documents);
        for (schema, pointer, enforced) in cases {
            assert_eq!(
                bound(&document, schema, pointer),
                enforced as u64,
                "{schema}{pointer}"
            );
        }
    }

    #[test]
    fn every_stated_rule_lands_on_its_field() {
        let document = serde_json::to_value(document()).unwrap();
        for (schema, property, pattern) in FIELD_PATTERNS {
            let mut pointer = format!("/components/schemas/{schema}");
            if !property.is_empty() {
                pointer.push_str(&format!("/properties/{property}"));
            }
            assert_eq!(
                document.pointer(&format!("{pointer}/pattern")),
                Some(&serde_json::Value::from(*pattern)),
                "{pointer}"
            );
        }
    }

    #[test]
    fn every_string_of_a_bounded_format_states_its_length() {
        fn walk(value: &serde_json::Value, at: &str) {
            match value {
                serde_json::Value::Object(object) => {
                    if let Some(format) = object.get("format").and_then(|f| f.as_str())
                        && ["uuid", "date", "date-time"].contains(&format)
                    {
                        assert!(object.contains_key("maxLength"), "{at}: no maxLength");
                    }
                    for (key, child) in object {
                        walk(child, &format!("{at}/{key}"));
                    }
                }
                serde_json::Value::Array(items) => {
                    for (index, child) in items.iter().enumerate() {
                        walk(child, &format!("{at}/{index}"));
                    }
                }
                _ => {}
            }
        }
        walk(&serde_json::to_value(document()).unwrap(), "");
    }

    #[test]
    fn the_route_table_knows_the_methods_of_each_path() {
        let table = RouteTable::from_document(&document());
        assert_eq!(table.allowed_methods("/health/live"), vec![Method::GET]);
        assert_eq!(table.allowed_methods("/api/v1/meta"), vec![Method::GET]);
        assert!(table.allowed_methods("/api/v1/nothing").is_empty());
        assert_eq!(
            table.allowed_methods("/api/v1/members/export"),
            vec![Method::GET]
        );
        assert_eq!(
            table.allowed_methods("/api/v1/members/import"),
            vec![Method::POST]
        );
        assert_eq!(
            table.allowed_methods("/api/v1/members/01936f0e-8c5a-7cc2-9a51-0b6f0c4f8e21"),
            vec![Method::GET, Method::PATCH]
        );
    }
}
