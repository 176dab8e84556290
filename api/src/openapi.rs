//! The OpenAPI document, built from the same route table the server runs, without a database.

use actix_web::App;
use actix_web::dev::ResourceDef;
use actix_web::http::Method;
use utoipa::OpenApi;
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

/// The full document: the base above plus every path the route table registers.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_app, document) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
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

    pub fn allowed_methods(&self, path: &str) -> Vec<Method> {
        self.routes
            .iter()
            .filter(|(resource, _)| resource.is_match(path))
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
    }
}
