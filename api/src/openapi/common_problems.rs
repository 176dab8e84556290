//! The problems every operation can answer, added to each operation of the document.

use utoipa::openapi::RefOr;

/// Errors any operation of a kind can answer, whatever its handler says: documented once here
/// rather than on every handler, so that none is forgotten.
pub struct CommonProblems;

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
