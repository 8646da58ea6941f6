//! The OpenAPI 3.1 document. Every API route of the access table is in it by construction; its request and
//! response bodies come from the handlers' own types (see `contract`), so they cannot drift from the code —
//! sign-in, sign-out and this document included: nothing here is written by hand.

use crate::contract::{Generators, OperationDoc};
use axum::Json;
use schakel_domain::access::{Access, RouteRule};
use serde_json::{Map, Value, json};
use std::sync::OnceLock;

/// An API route whose handler describes the operation (request, responses) by its types.
pub struct DocumentedRoute {
    pub method: &'static str,
    pub path: &'static str,
    pub describe: fn(&mut Generators) -> OperationDoc,
}

fn problem(description: &str, generators: &mut Generators) -> Value {
    crate::contract::problem_response(description, generators)
}

/// Does the request body (a `$ref` to a request schema, or inline) have a `version` field?
fn sends_version(request_body: Option<&Value>, definitions: &Map<String, Value>) -> bool {
    let Some(schema) = request_body.and_then(|b| b.pointer("/content/application~1json/schema"))
    else {
        return false;
    };
    let schema = match schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        Some(name) => definitions.get(name).unwrap_or(schema),
        None => schema,
    };
    schema.pointer("/properties/version").is_some()
}

fn operation(rule: &RouteRule, mut doc: OperationDoc, generators: &mut Generators) -> Value {
    let mut op = serde_json::Map::new();
    op.insert("summary".into(), json!(rule.summary));
    op.insert(
        "operationId".into(),
        json!(format!(
            "{}{}",
            rule.method.to_lowercase(),
            rule.path.replace(['/', '{', '}', '.', '-'], "_")
        )),
    );
    match rule.access {
        Access::Public => op.insert("security".into(), json!([])),
        Access::SignedIn => op.insert("x-roles".into(), json!("any signed-in user")),
        Access::Roles(roles) => op.insert(
            "x-roles".into(),
            json!(roles.iter().map(|r| r.as_str()).collect::<Vec<_>>()),
        ),
    };
    if rule.personal_data {
        op.insert("x-access-logged".into(), json!(true));
    }
    let mut parameters: Vec<Value> = rule
        .path
        .split('/')
        .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}))
        .collect();
    let has_path_ids = !parameters.is_empty();
    let has_query = !doc.parameters.is_empty();
    // A query that names a record by its id (`school_id`, `school`, `municipality`, `provider`) can name one that
    // does not exist or is out of scope: 404, as a path id.
    let query_names_a_record = doc.parameters.iter().any(|p| {
        p["name"].as_str().is_some_and(|n| {
            n.ends_with("_id") || matches!(n, "school" | "municipality" | "provider")
        })
    });
    parameters.append(&mut doc.parameters);
    if !parameters.is_empty() {
        op.insert("parameters".into(), json!(parameters));
    }
    let has_body = doc.request_body.is_some();
    let versioned = sends_version(doc.request_body.as_ref(), generators.request.definitions())
        || rule.summary.contains("409");
    if let Some(body) = doc.request_body.take() {
        op.insert("requestBody".into(), body);
    }
    let mut responses = std::mem::take(&mut doc.responses);
    if doc.problems {
        let mut add = |code: &str, description: &str, generators: &mut Generators| {
            if !responses.contains_key(code) {
                responses.insert(code.to_string(), problem(description, generators));
            }
        };
        if has_body || has_query || has_path_ids {
            add(
                "400",
                "The request does not have the documented form; `errors` names each field and what was expected",
                generators,
            );
        }
        if rule.access != Access::Public {
            add("401", "Not signed in", generators);
            add(
                "403",
                "Not allowed for this role, scope or token",
                generators,
            );
        }
        if has_path_ids || query_names_a_record {
            add("404", "Not found (or not in your scope)", generators);
        }
        if versioned {
            add(
                "409",
                "The record changed since the version you sent; `current` holds the newer one",
                generators,
            );
        }
        // A read refused by the record's state says so in its summary (an export of a decision not approved).
        if has_body || has_query || rule.method != "GET" || rule.summary.contains("422") {
            add(
                "422",
                "Invalid input, or a step the record's state does not allow; `errors` lists each field, in Dutch and English",
                generators,
            );
        }
    }
    op.insert("responses".into(), Value::Object(responses));
    Value::Object(op)
}

/// Names that the request and the response schemas define differently (they share one namespace).
fn conflicts(request: &Map<String, Value>, response: &Map<String, Value>) -> Vec<String> {
    request
        .iter()
        .filter(|(name, schema)| response.get(*name).is_some_and(|r| r != *schema))
        .map(|(name, _)| name.clone())
        .collect()
}

/// The document and the names the request and response schemas define differently (must be none).
fn build() -> (Value, Vec<String>) {
    let routes = crate::routes::routes();
    let documented = routes.documented;
    let mut generators = Generators::new();
    let mut paths: Map<String, Value> = Map::new();
    for rule in routes.rules.iter().filter(|r| r.is_api()) {
        let doc = match documented
            .iter()
            .find(|d| d.method == rule.method && d.path == rule.path)
        {
            Some(d) => (d.describe)(&mut generators),
            // Every API route is declared with `api` (a test checks), so this stays empty.
            None => OperationDoc::default(),
        };
        let op = operation(rule, doc, &mut generators);
        let path = paths
            .entry(rule.path.to_string())
            .or_insert_with(|| json!({}));
        path[rule.method.to_lowercase()] = op;
    }
    let request = generators.request.take_definitions(true);
    let response = generators.response.take_definitions(true);
    let clashes = conflicts(&request, &response);
    let mut schemas = request;
    schemas.extend(response);
    let doc = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Schakel API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "JSON API of Schakel, the platform for Dutch school social work. The same access rules govern the web pages and this API; every read of personal data is written to the access log. Errors are RFC 9457 problem details; a request that does not fit its schema answers 400 with `errors` naming each field.",
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"}
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "A session token from /api/v1/auth/login or a personal API token"}},
            "schemas": schemas,
        }
    });
    (doc, clashes)
}

pub fn openapi() -> Value {
    build().0
}

/// Schema names defined differently for requests and responses; a test holds this empty.
pub fn schema_conflicts() -> Vec<String> {
    build().1
}

/// This document (an OpenAPI object), built once from the route table and the handlers' types.
pub async fn document() -> Json<Map<String, Value>> {
    static DOCUMENT: OnceLock<Map<String, Value>> = OnceLock::new();
    Json(
        DOCUMENT
            .get_or_init(|| openapi().as_object().cloned().unwrap_or_default())
            .clone(),
    )
}
