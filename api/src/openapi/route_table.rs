//! The documented paths and their methods, to answer a wrong method with 405.

use actix_web::dev::ResourceDef;
use actix_web::http::Method;
use utoipa::openapi::path::PathItem;

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
