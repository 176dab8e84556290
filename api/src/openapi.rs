//! The OpenAPI document, built from the same route table the server runs, without a database.

use actix_web::App;
use actix_web::dev::ResourceDef;
use actix_web::http::Method;
use utoipa::OpenApi;
use utoipa::openapi::RefOr;
use utoipa::openapi::path::PathItem;
use utoipa_actix_web::AppExt;

use crate::dto::CsvFile;
use crate::dto::attachments::{AttachmentUpload, BinaryFile};
use crate::dto::{DispositionHeader, EntityTag, LocationPath, ObjectiveText, RetryAfterSeconds};
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
    ),
    components(schemas(
        Problem, FieldError, RetryAfterSeconds, LocationPath, CsvFile, EntityTag, ObjectiveText,
        DispositionHeader, AttachmentUpload, BinaryFile
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

/// Errors any operation of a kind can answer, whatever its handler says: documented once here
/// rather than on every handler, so that none is forgotten.
struct CommonProblems;

impl CommonProblems {
    /// `uses_database`: the operation needs a database connection, so it can answer 503
    /// when none is free in time.
    fn add(operation: &mut utoipa::openapi::path::Operation, uses_database: bool) {
        use utoipa::openapi::path::ParameterIn;
        let has_json_body = operation.request_body.as_ref().is_some_and(
            |body| matches!(body, RefOr::T(body) if body.content.contains_key("application/json")),
        );
        let has_body = operation.request_body.is_some();
        let secured = operation
            .security
            .as_ref()
            .is_some_and(|security| !security.is_empty());
        let parameters_in = |place: ParameterIn| {
            operation.parameters.iter().flatten().any(|parameter| {
                matches!(parameter, RefOr::T(parameter) if parameter.parameter_in == place)
            })
        };
        let (has_query, has_path) = (
            parameters_in(ParameterIn::Query),
            parameters_in(ParameterIn::Path),
        );
        let mut wanted: Vec<(&str, &str)> = Vec::new();
        if has_json_body {
            wanted.push(("400", "The body is not valid JSON (`malformed_json`)"));
            wanted.push((
                "415",
                "The body is not `application/json` (`unsupported_media_type`)",
            ));
            wanted.push(("422", "Fields are missing or invalid (`validation_failed`)"));
        }
        if has_body {
            wanted.push(("400", "The body cannot be read"));
            wanted.push(("413", "The body is too large (`payload_too_large`)"));
        }
        if has_query {
            wanted.push(("400", "The query string cannot be read (`invalid_query`)"));
            wanted.push((
                "422",
                "A parameter is out of range or names nothing (`validation_failed`)",
            ));
        }
        if has_path {
            wanted.push((
                "404",
                "No such object, or not visible to the caller (`not_found`)",
            ));
        }
        if secured {
            wanted.push(("401", "No valid access token (`unauthorized`)"));
            wanted.push((
                "403",
                "A temporary password must be changed first (`password_change_required`)",
            ));
        }
        if uses_database {
            wanted.push((
                "503",
                "The database is unavailable or busy (`database_unavailable`), or too many \
                 passwords wait to be checked (`server_busy`); retry after `Retry-After` seconds",
            ));
        }
        wanted.push((
            "500",
            "An unexpected error; the body names only the request id (`internal_error`)",
        ));
        for (status, description) in wanted {
            operation
                .responses
                .responses
                .entry(status.to_owned())
                .or_insert_with(|| RefOr::T(problem_response(description)));
        }
    }
}

fn problem_response(description: &str) -> utoipa::openapi::Response {
    utoipa::openapi::ResponseBuilder::new()
        .description(description)
        .content(
            crate::http::problem::PROBLEM_CONTENT_TYPE,
            utoipa::openapi::ContentBuilder::new()
                .schema(Some(utoipa::openapi::Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}

impl utoipa::Modify for CommonProblems {
    fn modify(&self, document: &mut utoipa::openapi::OpenApi) {
        for (path, item) in document.paths.paths.iter_mut() {
            let uses_database = path.starts_with("/api/");
            for operation in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                Self::add(operation, uses_database);
            }
        }
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
    utoipa::Modify::modify(&CommonProblems, &mut document);
    state_rules(document)
}

/// Strings of these formats have a fixed or bounded length, which the schemas should state
/// (clients and fuzzers size their buffers by it): a UUID is 36 characters, a date 10, an
/// RFC 3339 timestamp at most 35 (with nanoseconds and an offset).
const FORMAT_MAX_LENGTHS: [(&str, u64); 3] = [("uuid", 36), ("date", 10), ("date-time", 35)];

/// Text fields and the rule (a domain pattern) each one is parsed with, by component and
/// property; `""` is the component itself. utoipa takes only literal patterns in its
/// attributes, so the rules are stated here from the constants the parsers are written beside.
const FIELD_PATTERNS: &[(&str, &str, &str)] = {
    use sotay_domain::document::DocumentCode;
    use sotay_domain::member::{CardNumber, PersonName, Phone};
    use sotay_domain::text::{
        MULTI_LINE_PATTERN, MULTI_LINE_REQUIRED_PATTERN, SINGLE_LINE_PATTERN,
    };
    &[
        ("LoginRequest", "login", SINGLE_LINE_PATTERN),
        ("CreateMemberRequest", "card_number", CardNumber::PATTERN),
        ("CreateMemberRequest", "full_name", PersonName::PATTERN),
        ("CreateMemberRequest", "phone", Phone::PATTERN),
        ("UpdateMemberRequest", "full_name", PersonName::PATTERN),
        ("UpdateMemberRequest", "phone", Phone::PATTERN),
        ("CreateOrgRequest", "name", SINGLE_LINE_PATTERN),
        ("UpdateOrgRequest", "name", SINGLE_LINE_PATTERN),
        ("CreateDocumentRequest", "code", DocumentCode::PATTERN),
        ("CreateDocumentRequest", "title", SINGLE_LINE_PATTERN),
        ("CreateDocumentRequest", "issuer", SINGLE_LINE_PATTERN),
        ("CreateDocumentRequest", "summary", MULTI_LINE_PATTERN),
        ("CreateDocumentRequest", "body", MULTI_LINE_PATTERN),
        ("UpdateDocumentRequest", "code", DocumentCode::PATTERN),
        ("UpdateDocumentRequest", "title", SINGLE_LINE_PATTERN),
        ("UpdateDocumentRequest", "issuer", SINGLE_LINE_PATTERN),
        ("UpdateDocumentRequest", "summary", MULTI_LINE_PATTERN),
        ("UpdateDocumentRequest", "body", MULTI_LINE_PATTERN),
        ("TargetBody", "name", SINGLE_LINE_PATTERN),
        ("TargetBody", "unit", SINGLE_LINE_PATTERN),
        ("ItemBody", "title", SINGLE_LINE_PATTERN),
        ("ItemBody", "description", MULTI_LINE_PATTERN),
        ("ObjectiveText", "", MULTI_LINE_REQUIRED_PATTERN),
    ]
};

/// States in the schemas the rules the server enforces on strings, so that a client generated
/// from the document sends nothing the server refuses for its form:
/// - every string of a bounded format gets its `maxLength`;
/// - every date its year range (1900-2100, [`DATE_PATTERN`](sotay_domain::member::DATE_PATTERN));
/// - every id in a path or a body its lower-case form, as ids are matched as text (query
///   parameters parse ids as UUIDs, any case, and are left as they are);
/// - each field of [`FIELD_PATTERNS`] its pattern.
///
/// utoipa's typed model has no generic walk, so this goes through the JSON form; a document
/// that does not survive the round trip is returned unchanged (the drift test would show it).
fn state_rules(document: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    fn walk(value: &mut serde_json::Value, in_query: bool) {
        match value {
            serde_json::Value::Object(object) => {
                let in_query = in_query || object.get("in").is_some_and(|place| place == "query");
                let format = object
                    .get("format")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned);
                if let Some(format) = format {
                    if let Some((_, max)) = FORMAT_MAX_LENGTHS.iter().find(|(f, _)| *f == format) {
                        object.entry("maxLength").or_insert((*max).into());
                    }
                    let pattern = match format.as_str() {
                        "date" => Some(sotay_domain::member::DATE_PATTERN),
                        "uuid" if !in_query => Some(sotay_domain::ids::UUID_PATTERN),
                        _ => None,
                    };
                    if let Some(pattern) = pattern {
                        object.entry("pattern").or_insert(pattern.into());
                    }
                }
                object.values_mut().for_each(|value| walk(value, in_query));
            }
            serde_json::Value::Array(items) => {
                items.iter_mut().for_each(|value| walk(value, in_query));
            }
            _ => {}
        }
    }
    let Ok(mut json) = serde_json::to_value(&document) else {
        return document;
    };
    walk(&mut json, false);
    for (schema, property, pattern) in FIELD_PATTERNS {
        let mut pointer = format!("/components/schemas/{schema}");
        if !property.is_empty() {
            pointer.push_str(&format!("/properties/{property}"));
        }
        if let Some(serde_json::Value::Object(field)) = json.pointer_mut(&pointer) {
            field.insert("pattern".to_owned(), (*pattern).into());
        }
    }
    serde_json::from_value(json).unwrap_or(document)
}

/// The document as committed in `openapi/openapi.json`: pretty JSON with a final newline.
pub fn document_json() -> Result<String, serde_json::Error> {
    document().to_pretty_json().map(|json| json + "\n")
}

/// Which methods each documented path accepts, to tell a wrong method (405) from a wrong path
/// (404).
pub struct RouteTable {
    routes: Vec<(ResourceDef, Vec<Method>)>,
}

impl RouteTable {
    pub fn from_document(document: &utoipa::openapi::OpenApi) -> Self {
        let routes = document
            .paths
            .paths
            .iter()
            .map(|(path, item)| (ResourceDef::new(path.as_str()), methods_of(item)))
            .collect();
        RouteTable { routes }
    }

    /// The methods of the resource this path names. A static path (`/members/export`) is that
    /// resource only, even though a template (`/members/{id}`) would match it too.
    pub fn allowed_methods(&self, path: &str) -> Vec<Method> {
        let matching: Vec<&(ResourceDef, Vec<Method>)> = self
            .routes
            .iter()
            .filter(|(resource, _)| resource.is_match(path))
            .collect();
        let exact: Vec<&(ResourceDef, Vec<Method>)> = matching
            .iter()
            .copied()
            .filter(|(resource, _)| !resource.is_prefix() && resource.pattern() == Some(path))
            .collect();
        let chosen = if exact.is_empty() { matching } else { exact };
        chosen
            .into_iter()
            .flat_map(|(_, methods)| methods.iter().cloned())
            .collect()
    }
}

fn methods_of(item: &PathItem) -> Vec<Method> {
    [
        (Method::GET, &item.get),
        (Method::POST, &item.post),
        (Method::PUT, &item.put),
        (Method::PATCH, &item.patch),
        (Method::DELETE, &item.delete),
        (Method::HEAD, &item.head),
        (Method::OPTIONS, &item.options),
        (Method::TRACE, &item.trace),
    ]
    .into_iter()
    .filter(|(_, operation)| operation.is_some())
    .map(|(method, _)| method)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
                sotay_domain::role::MAX_POSITIONS_HELD,
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
