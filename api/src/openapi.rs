//! The OpenAPI document, built from the same route table the server runs, without a database.

use actix_web::App;
use actix_web::dev::ResourceDef;
use actix_web::http::Method;
use utoipa::OpenApi;
use utoipa::openapi::RefOr;
use utoipa::openapi::path::PathItem;
use utoipa_actix_web::AppExt;

use crate::problem::{FieldError, Problem};
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
    ),
    components(schemas(Problem, FieldError)),
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
                        "The access token from `POST /api/v1/auth/login`, valid 15 minutes.",
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
    fn add(operation: &mut utoipa::openapi::path::Operation) {
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
            crate::problem::PROBLEM_CONTENT_TYPE,
            utoipa::openapi::ContentBuilder::new()
                .schema(Some(utoipa::openapi::Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}

impl utoipa::Modify for CommonProblems {
    fn modify(&self, document: &mut utoipa::openapi::OpenApi) {
        for item in document.paths.paths.values_mut() {
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
                Self::add(operation);
            }
        }
    }
}

/// The full document: the base above plus every path the route table registers, with the
/// common problems added to every operation.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_app, mut document) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    // Modifiers of the derive run before the routes are collected: apply this one after.
    utoipa::Modify::modify(&CommonProblems, &mut document);
    document
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
