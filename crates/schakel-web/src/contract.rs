//! The API contract: the extractors and replies of the JSON API. Each one describes itself in the OpenAPI
//! document, and a handler's description is put together from its own argument and result types
//! ([`Documented`]), so the document's request and response bodies cannot drift from what the handlers read
//! and write. A request body or query that does not fit the schema of its type is refused with a 400 that
//! names each field and what was expected, in JSON terms (never Rust's).

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use schakel_domain::org::FieldError;
use schemars::{JsonSchema, SchemaGenerator};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The schema generators of one OpenAPI document: requests are described as they are read, responses as
/// they are written (a field with a default may be left out of a request, but is always in a response).
pub struct Generators {
    pub request: SchemaGenerator,
    pub response: SchemaGenerator,
}

impl Generators {
    pub fn new() -> Generators {
        let settings = schemars::generate::SchemaSettings::draft2020_12().with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
        });
        Generators {
            request: settings.clone().for_deserialize().into_generator(),
            response: settings.for_serialize().into_generator(),
        }
    }
}

impl Default for Generators {
    fn default() -> Self {
        Generators::new()
    }
}

/// What one operation says about its input and output; filled in by its handler's types.
#[derive(Debug, Default)]
pub struct OperationDoc {
    /// Query parameters (path parameters come from the route's path).
    pub parameters: Vec<Value>,
    pub request_body: Option<Value>,
    /// Responses by status code.
    pub responses: Map<String, Value>,
    /// The handler answers problems (`AppError`) as well.
    pub problems: bool,
}

impl OperationDoc {
    fn respond(&mut self, status: StatusCode, description: &str, content: Option<(&str, Value)>) {
        let response = match content {
            Some((media_type, schema)) => json!({
                "description": description,
                "content": { media_type: { "schema": schema } },
            }),
            None => json!({ "description": description }),
        };
        self.responses.insert(status.as_u16().to_string(), response);
    }

    /// A problem answer (RFC 9457) with its own description, besides the ones every operation gets.
    pub(crate) fn problem(
        &mut self,
        status: StatusCode,
        description: &str,
        generators: &mut Generators,
    ) {
        self.responses.insert(
            status.as_u16().to_string(),
            problem_response(description, generators),
        );
    }
}

/// A problem answer (RFC 9457) as the document describes it.
pub(crate) fn problem_response(description: &str, generators: &mut Generators) -> Value {
    let schema = generators
        .response
        .subschema_for::<crate::error::Problem>()
        .to_value();
    json!({"description": description, "content": {"application/problem+json": {"schema": schema}}})
}

/// An argument of an API handler, as the OpenAPI document describes it (most describe nothing).
pub trait DescribeInput {
    fn describe(_generators: &mut Generators, _doc: &mut OperationDoc) {}
}

/// The result of an API handler, as the OpenAPI document describes it.
pub trait DescribeOutput {
    fn describe(generators: &mut Generators, doc: &mut OperationDoc);
}

/// An API handler whose arguments and result describe the operation.
pub trait Documented<Args> {
    fn describe(generators: &mut Generators) -> OperationDoc;
}

macro_rules! documented {
    ($($arg:ident),*) => {
        impl<F, Fut, Out, $($arg,)*> Documented<($($arg,)*)> for F
        where
            F: FnOnce($($arg),*) -> Fut,
            Fut: std::future::Future<Output = Out>,
            Out: DescribeOutput,
            $($arg: DescribeInput,)*
        {
            fn describe(generators: &mut Generators) -> OperationDoc {
                let mut doc = OperationDoc::default();
                $(<$arg as DescribeInput>::describe(generators, &mut doc);)*
                Out::describe(generators, &mut doc);
                doc
            }
        }
    };
}

documented!();
documented!(A1);
documented!(A1, A2);
documented!(A1, A2, A3);
documented!(A1, A2, A3, A4);
documented!(A1, A2, A3, A4, A5);

impl DescribeInput for State<AppState> {}
impl DescribeInput for Ctx {}
impl DescribeInput for axum::http::HeaderMap {}

// ---------- path ----------

/// Path parameters (the ids in the route's path); a value that is not a whole number answers a 400 problem.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ApiPath(value)),
            Err(_) => Err(AppError::Malformed(vec![FieldError::new(
                "path",
                "Een id in het adres is geen geheel getal.",
                "An id in the address is not a whole number.",
            )])),
        }
    }
}

impl<T> DescribeInput for ApiPath<T> {}

// ---------- JSON body ----------

/// A JSON request body of type `T`: read against `T`'s schema, so a wrong body answers a 400 that names the
/// fields.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + JsonSchema + 'static, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let body = Bytes::from_request(req, state)
            .await
            .map_err(|e| AppError::BadRequest(e.body_text()))?;
        parse(&body).map(ApiJson)
    }
}

impl<T: JsonSchema> DescribeInput for ApiJson<T> {
    fn describe(generators: &mut Generators, doc: &mut OperationDoc) {
        let schema = generators.request.subschema_for::<T>().to_value();
        doc.request_body = Some(json!({
            "required": true,
            "content": { "application/json": { "schema": schema } },
        }));
    }
}

/// Parses a JSON body into `T`. Malformed JSON, a missing field or a value of the wrong type answers a 400
/// whose `errors` name each field and what was expected.
pub fn parse<T: DeserializeOwned + JsonSchema + 'static>(body: &[u8]) -> Result<T, AppError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        AppError::Malformed(vec![FieldError::new(
            "body",
            &format!(
                "De inhoud is geen geldige JSON (regel {}, kolom {}).",
                e.line(),
                e.column()
            ),
            &format!(
                "The body is not valid JSON (line {}, column {}).",
                e.line(),
                e.column()
            ),
        )])
    })?;
    from_value(value)
}

/// Reads a JSON value as `T`, checking it against `T`'s schema first.
fn from_value<T: DeserializeOwned + JsonSchema + 'static>(value: Value) -> Result<T, AppError> {
    let schema = input_schema::<T>();
    let mut errors = Vec::new();
    check(&schema, &schema, &value, "", &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Malformed(errors));
    }
    serde_json::from_value(value).map_err(|_| {
        AppError::Malformed(vec![FieldError::new(
            "body",
            "De inhoud heeft niet de beschreven vorm (zie /api/v1/openapi.json).",
            "The body does not have the documented form (see /api/v1/openapi.json).",
        )])
    })
}

/// `T`'s schema as a request is read, with its definitions under `$defs`; made once per type.
fn input_schema<T: JsonSchema + 'static>() -> Arc<Value> {
    static SCHEMAS: OnceLock<Mutex<HashMap<TypeId, Arc<Value>>>> = OnceLock::new();
    let schemas = SCHEMAS.get_or_init(Default::default);
    if let Some(schema) = schemas
        .lock()
        .ok()
        .and_then(|s| s.get(&TypeId::of::<T>()).cloned())
    {
        return schema;
    }
    let schema = Arc::new(
        schemars::generate::SchemaSettings::draft2020_12()
            .for_deserialize()
            .into_generator()
            .into_root_schema_for::<T>()
            .to_value(),
    );
    if let Ok(mut s) = schemas.lock() {
        s.insert(TypeId::of::<T>(), schema.clone());
    }
    schema
}

fn field_name(path: &str) -> String {
    if path.is_empty() {
        "body".to_string()
    } else {
        path.to_string()
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// What a schema expects, in words, Dutch and English.
fn expected(schema: &Value, root: &Value) -> (String, String) {
    let schema = resolve(schema, root);
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let list = values
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        return (format!("een van {list}"), format!("one of {list}"));
    }
    if let Some(alternatives) = schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))
        .and_then(Value::as_array)
    {
        let (nl, en): (Vec<_>, Vec<_>) = alternatives.iter().map(|a| expected(a, root)).unzip();
        return (nl.join(" of "), en.join(" or "));
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if types.is_empty() {
        return ("een waarde".into(), "a value".into());
    }
    let (nl, en): (Vec<_>, Vec<_>) = types
        .iter()
        .map(|t| match *t {
            "integer" => ("een geheel getal", "a whole number"),
            "number" => ("een getal", "a number"),
            "string" => ("tekst", "text (a string)"),
            "boolean" => ("true of false", "true or false"),
            "array" => ("een lijst", "a list (an array)"),
            "object" => ("een object", "an object"),
            "null" => ("null", "null"),
            _ => ("een waarde", "a value"),
        })
        .unzip();
    (nl.join(" of "), en.join(" or "))
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(n) if n.is_i64() || n.is_u64() => "a whole number",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn json_type_nl(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true of false",
        Value::Number(n) if n.is_i64() || n.is_u64() => "een geheel getal",
        Value::Number(_) => "een getal",
        Value::String(_) => "tekst",
        Value::Array(_) => "een lijst",
        Value::Object(_) => "een object",
    }
}

/// A `$ref` to the root's definitions, followed (once per level).
fn resolve<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference
            .strip_prefix('#')
            .and_then(|pointer| root.pointer(pointer))
            .unwrap_or(&Value::Bool(true)),
        None => schema,
    }
}

fn has_type(value: &Value, t: &str) -> bool {
    match (t, value) {
        ("null", Value::Null) => true,
        ("boolean", Value::Bool(_)) => true,
        ("integer", Value::Number(n)) => n.is_i64() || n.is_u64(),
        ("number", Value::Number(_)) => true,
        ("string", Value::String(_)) => true,
        ("array", Value::Array(_)) => true,
        ("object", Value::Object(_)) => true,
        _ => false,
    }
}

/// The range of an integer `format` as schemars writes it.
fn integer_range(format: &str) -> Option<(i128, i128)> {
    Some(match format {
        "int8" => (i8::MIN.into(), i8::MAX.into()),
        "int16" => (i16::MIN.into(), i16::MAX.into()),
        "int32" => (i32::MIN.into(), i32::MAX.into()),
        "int64" => (i64::MIN.into(), i64::MAX.into()),
        "uint8" => (0, u8::MAX.into()),
        "uint16" => (0, u16::MAX.into()),
        "uint32" => (0, u32::MAX.into()),
        "uint64" | "uint" => (0, u64::MAX.into()),
        _ => return None,
    })
}

/// Checks `value` against `schema` (the part of JSON Schema that schemars writes for our types: types,
/// required properties, items, `$ref`, `anyOf`/`oneOf`/`allOf`, `enum`/`const`, integer formats).
fn check(schema: &Value, root: &Value, value: &Value, path: &str, errors: &mut Vec<FieldError>) {
    let schema = resolve(schema, root);
    let Some(obj) = schema.as_object() else {
        if schema == &Value::Bool(false) {
            errors.push(FieldError::new(
                &field_name(path),
                "Dit veld hoort er niet bij.",
                "This field is not expected.",
            ));
        }
        return;
    };
    let mismatch = |errors: &mut Vec<FieldError>| {
        let (nl, en) = expected(schema, root);
        errors.push(FieldError::new(
            &field_name(path),
            &format!("Verwacht {nl}, niet {}.", json_type_nl(value)),
            &format!("Expected {en}, got {}.", json_type(value)),
        ));
    };
    if let Some(alternatives) = obj
        .get("anyOf")
        .or_else(|| obj.get("oneOf"))
        .and_then(Value::as_array)
    {
        let fits = alternatives.iter().any(|a| {
            let mut e = Vec::new();
            check(a, root, value, path, &mut e);
            e.is_empty()
        });
        if !fits {
            // One alternative that is not null (an optional field): its own, more precise errors.
            let not_null: Vec<&Value> = alternatives
                .iter()
                .filter(|a| resolve(a, root).get("type").and_then(Value::as_str) != Some("null"))
                .collect();
            if let [only] = not_null.as_slice() {
                check(only, root, value, path, errors);
            } else {
                mismatch(errors);
            }
            return;
        }
    }
    if let Some(all) = obj.get("allOf").and_then(Value::as_array) {
        for s in all {
            check(s, root, value, path, errors);
        }
    }
    match obj.get("type") {
        Some(Value::String(t)) if !has_type(value, t) => return mismatch(errors),
        Some(Value::Array(ts))
            if !ts
                .iter()
                .filter_map(Value::as_str)
                .any(|t| has_type(value, t)) =>
        {
            return mismatch(errors);
        }
        _ => {}
    }
    if let Some(values) = obj.get("enum").and_then(Value::as_array)
        && !values.contains(value)
    {
        return mismatch(errors);
    }
    if let Some(constant) = obj.get("const")
        && constant != value
    {
        let c = constant.to_string();
        errors.push(FieldError::new(
            &field_name(path),
            &format!("Verwacht {c}."),
            &format!("Expected {c}."),
        ));
        return;
    }
    if let (Value::Number(n), Some(range)) = (
        value,
        obj.get("format")
            .and_then(Value::as_str)
            .and_then(integer_range),
    ) {
        let v = n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from));
        if v.is_none_or(|v| v < range.0 || v > range.1) {
            errors.push(FieldError::new(
                &field_name(path),
                &format!(
                    "Verwacht een geheel getal van {} tot en met {}.",
                    range.0, range.1
                ),
                &format!("Expected a whole number from {} to {}.", range.0, range.1),
            ));
            return;
        }
    }
    if let (Value::Number(n), Some(min)) = (value, obj.get("minimum").and_then(Value::as_f64))
        && n.as_f64().is_some_and(|v| v < min)
    {
        errors.push(FieldError::new(
            &field_name(path),
            &format!("Verwacht ten minste {min}."),
            &format!("Expected at least {min}."),
        ));
    }
    if let (Value::Number(n), Some(max)) = (value, obj.get("maximum").and_then(Value::as_f64))
        && n.as_f64().is_some_and(|v| v > max)
    {
        errors.push(FieldError::new(
            &field_name(path),
            &format!("Verwacht ten hoogste {max}."),
            &format!("Expected at most {max}."),
        ));
    }
    if let Value::Object(fields) = value {
        if let Some(required) = obj.get("required").and_then(Value::as_array) {
            for name in required.iter().filter_map(Value::as_str) {
                if !fields.contains_key(name) {
                    errors.push(FieldError::new(
                        &join(path, name),
                        "Dit veld is verplicht.",
                        "This field is required.",
                    ));
                }
            }
        }
        let properties = obj.get("properties").and_then(Value::as_object);
        for (name, v) in fields {
            match properties.and_then(|p| p.get(name)) {
                Some(s) => check(s, root, v, &join(path, name), errors),
                None => {
                    if let Some(extra) = obj.get("additionalProperties") {
                        check(extra, root, v, &join(path, name), errors);
                    }
                }
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, obj.get("items")) {
        for (i, v) in items.iter().enumerate() {
            check(
                item_schema,
                root,
                v,
                &format!("{}[{i}]", field_name(path)),
                errors,
            );
        }
    }
}

// ---------- query ----------

/// A query string of type `T`: each parameter is read by the type its field has (a number that is not one
/// answers a 400 naming the parameter).
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned + JsonSchema + 'static, S: Send + Sync> FromRequestParts<S>
    for ApiQuery<T>
{
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).map_err(|_| {
            AppError::Malformed(vec![FieldError::new(
                "query",
                "De zoekvraag in het adres is onleesbaar.",
                "The query string cannot be read.",
            )])
        })?;
        let schema = input_schema::<T>();
        let mut object = Map::new();
        let mut errors = Vec::new();
        for (name, raw) in pairs {
            let property = schema
                .get("properties")
                .and_then(|p| p.get(&name))
                .map(|s| resolve(s, &schema));
            let Some(property) = property else {
                continue;
            };
            let wants = |t: &str| match property.get("type") {
                Some(Value::String(s)) => s == t,
                Some(Value::Array(ts)) => ts.iter().any(|s| s == t),
                _ => false,
            };
            let value = if wants("integer") {
                match raw.trim().parse::<i64>() {
                    Ok(n) => json!(n),
                    Err(_) => {
                        errors.push(FieldError::new(
                            &name,
                            "Verwacht een geheel getal.",
                            "Expected a whole number.",
                        ));
                        continue;
                    }
                }
            } else if wants("boolean") {
                match raw.trim() {
                    "true" | "1" => json!(true),
                    "false" | "0" => json!(false),
                    _ => {
                        errors.push(FieldError::new(
                            &name,
                            "Verwacht true of false.",
                            "Expected true or false.",
                        ));
                        continue;
                    }
                }
            } else {
                Value::String(raw)
            };
            object.insert(name, value);
        }
        if !errors.is_empty() {
            return Err(AppError::Malformed(errors));
        }
        from_value(Value::Object(object)).map(ApiQuery)
    }
}

impl<T: JsonSchema> DescribeInput for ApiQuery<T> {
    fn describe(generators: &mut Generators, doc: &mut OperationDoc) {
        let schema = generators.request.root_schema_for::<T>().to_value();
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let mut property = property.clone();
                let description = property
                    .as_object_mut()
                    .and_then(|p| p.remove("description"));
                let mut parameter = serde_json::Map::new();
                parameter.insert("name".into(), json!(name));
                parameter.insert("in".into(), json!("query"));
                parameter.insert("required".into(), json!(required.contains(&name.as_str())));
                parameter.insert("schema".into(), property);
                if let Some(d) = description {
                    parameter.insert("description".into(), d);
                }
                doc.parameters.push(Value::Object(parameter));
            }
        }
    }
}

// ---------- files ----------

/// A CSV file as the request body (`text/csv`).
pub struct CsvFile(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for CsvFile {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(req, state)
            .await
            .map(CsvFile)
            .map_err(|e| AppError::BadRequest(e.body_text()))
    }
}

impl DescribeInput for CsvFile {
    fn describe(_: &mut Generators, doc: &mut OperationDoc) {
        doc.request_body = Some(json!({
            "required": true,
            "content": {"text/csv": {"schema": {"type": "string", "description": "CSV with a header row; ',' or ';'"}}},
        }));
    }
}

/// A CSV or GeoJSON file as the request body.
pub struct CsvOrGeoJson(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for CsvOrGeoJson {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(req, state)
            .await
            .map(CsvOrGeoJson)
            .map_err(|e| AppError::BadRequest(e.body_text()))
    }
}

impl DescribeInput for CsvOrGeoJson {
    fn describe(_: &mut Generators, doc: &mut OperationDoc) {
        doc.request_body = Some(json!({
            "required": true,
            "content": {
                "text/csv": {"schema": {"type": "string", "description": "CSV with a header row; ',' or ';'"}},
                "application/geo+json": {"schema": {"type": "object", "description": "a GeoJSON FeatureCollection of points"}},
            },
        }));
    }
}

/// Any file as the request body (`application/octet-stream`); its type is detected from its content.
pub struct FileBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for FileBody {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(req, state)
            .await
            .map(FileBody)
            .map_err(|e| AppError::BadRequest(e.body_text()))
    }
}

impl DescribeInput for FileBody {
    fn describe(_: &mut Generators, doc: &mut OperationDoc) {
        doc.request_body = Some(json!({
            "required": true,
            "content": {"application/octet-stream": {"schema": {
                "type": "string",
                "format": "binary",
                "description": "The file (PDF, image, Word or text, at most 10 MB); its type is detected from its content",
            }}},
        }));
    }
}

// ---------- replies ----------

/// A file to download: 200 with its detected type and `Content-Disposition: attachment`.
pub struct Download {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl IntoResponse for Download {
    fn into_response(self) -> Response {
        // Only plain characters in the header's file name; the type decides how it is opened.
        let safe_name: String = self
            .filename
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let mut res = Response::new(axum::body::Body::from(self.bytes));
        let headers = res.headers_mut();
        if let Ok(v) = axum::http::HeaderValue::from_str(&self.content_type) {
            headers.insert(axum::http::header::CONTENT_TYPE, v);
        }
        if let Ok(v) =
            axum::http::HeaderValue::from_str(&format!("attachment; filename=\"{safe_name}\""))
        {
            headers.insert(axum::http::header::CONTENT_DISPOSITION, v);
        }
        res
    }
}

/// A case document answers with the type detected when it was stored: one of the document kinds.
impl DescribeOutput for Download {
    fn describe(_: &mut Generators, doc: &mut OperationDoc) {
        let binary = json!({"type": "string", "format": "binary"});
        let content: serde_json::Map<String, Value> = schakel_domain::casework::DOCUMENT_KINDS
            .iter()
            .map(|(media_type, _)| {
                // The key is the bare media type: `text/plain; charset=utf-8` documents as `text/plain`.
                let bare = media_type.split(';').next().unwrap_or(media_type);
                (bare.to_string(), json!({ "schema": binary.clone() }))
            })
            .collect();
        doc.responses.insert(
            StatusCode::OK.as_u16().to_string(),
            json!({"description": "The file, with the type detected from its content", "content": content}),
        );
    }
}

/// An iCalendar file to download (`text/calendar`), e.g. the invitation of a booking.
pub struct CalendarDownload(pub Download);

impl IntoResponse for CalendarDownload {
    fn into_response(self) -> Response {
        self.0.into_response()
    }
}

impl DescribeOutput for CalendarDownload {
    fn describe(_: &mut Generators, doc: &mut OperationDoc) {
        doc.respond(
            StatusCode::OK,
            "The invitation as iCalendar (RFC 5545)",
            Some((
                "text/calendar",
                json!({"type": "string", "description": "an iCalendar VCALENDAR with one VEVENT"}),
            )),
        );
    }
}

fn json_content<T: JsonSchema>(generators: &mut Generators) -> Option<(&'static str, Value)> {
    Some((
        "application/json",
        generators.response.subschema_for::<T>().to_value(),
    ))
}

impl<T: JsonSchema> DescribeOutput for Json<T> {
    fn describe(generators: &mut Generators, doc: &mut OperationDoc) {
        let content = json_content::<T>(generators);
        doc.respond(StatusCode::OK, "OK", content);
    }
}

/// 201 Created with the new record (or its id) as JSON.
pub struct Created<T>(pub T);

impl<T: Serialize> IntoResponse for Created<T> {
    fn into_response(self) -> Response {
        (StatusCode::CREATED, Json(self.0)).into_response()
    }
}

impl<T: JsonSchema> DescribeOutput for Created<T> {
    fn describe(generators: &mut Generators, doc: &mut OperationDoc) {
        let content = json_content::<T>(generators);
        doc.respond(StatusCode::CREATED, "Created", content);
    }
}

/// 204 No Content: done; read the record for the result.
pub struct Done;

impl IntoResponse for Done {
    fn into_response(self) -> Response {
        StatusCode::NO_CONTENT.into_response()
    }
}

impl DescribeOutput for Done {
    fn describe(_: &mut Generators, doc: &mut OperationDoc) {
        doc.respond(
            StatusCode::NO_CONTENT,
            "Done; read the record for the result",
            None,
        );
    }
}

/// The result of an import: how many rows were stored, or every row's problems (nothing stored).
pub enum Imported {
    Stored(usize),
    Refused(Vec<schakel_domain::org::RowError>),
}

/// How many rows an import stored.
#[derive(Serialize, JsonSchema)]
pub struct ImportCount {
    pub imported: usize,
}

impl IntoResponse for Imported {
    fn into_response(self) -> Response {
        match self {
            Imported::Stored(n) => Created(ImportCount { imported: n }).into_response(),
            Imported::Refused(errors) => crate::error::import_problem(errors),
        }
    }
}

impl DescribeOutput for Imported {
    fn describe(generators: &mut Generators, doc: &mut OperationDoc) {
        let content = json_content::<ImportCount>(generators);
        doc.respond(StatusCode::CREATED, "Every row was imported", content);
        let problem = generators
            .response
            .subschema_for::<crate::error::Problem>()
            .to_value();
        doc.respond(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The file has errors (each with its row and field); nothing was imported",
            Some(("application/problem+json", problem)),
        );
        doc.problems = true;
    }
}

impl<T: DescribeOutput> DescribeOutput for Result<T, AppError> {
    fn describe(generators: &mut Generators, doc: &mut OperationDoc) {
        T::describe(generators, doc);
        doc.problems = true;
    }
}

/// The codes of a list of (code, label) pairs: examples for a field that takes one of them.
pub fn codes(list: &[(&str, &str)]) -> Vec<String> {
    list.iter().map(|(code, _)| code.to_string()).collect()
}

// ---------- shared reply bodies ----------

/// The id of a new record.
#[derive(Debug, Serialize, JsonSchema)]
pub struct NewId {
    pub id: i64,
}

/// A list.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "{T}List")]
pub struct Items<T> {
    pub items: Vec<T>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize, JsonSchema)]
    #[allow(dead_code)]
    struct Visit {
        held_on: String,
        #[serde(default)]
        minutes: i64,
        worker_id: Option<i64>,
        #[serde(default)]
        guardians: Vec<Guardian>,
        hours: Option<f64>,
        row: Option<u32>,
    }

    #[derive(Debug, serde::Deserialize, JsonSchema)]
    #[allow(dead_code)]
    struct Guardian {
        name: String,
        #[serde(default)]
        has_gezag: bool,
    }

    fn errors(body: &str) -> Vec<(String, String)> {
        match parse::<Visit>(body.as_bytes()) {
            Ok(_) => Vec::new(),
            Err(AppError::Malformed(errors)) => errors
                .into_iter()
                .map(|e| (e.field, e.message_en))
                .collect(),
            Err(e) => vec![("other".into(), e.to_string())],
        }
    }

    #[test]
    fn a_fitting_body_is_read() {
        assert_eq!(
            errors(r#"{"held_on": "2026-01-05", "worker_id": null, "hours": 2, "row": 3}"#),
            Vec::<(String, String)>::new()
        );
        assert_eq!(
            errors(
                r#"{"held_on": "x", "guardians": [{"name": "A", "has_gezag": true}], "extra": 1}"#
            ),
            Vec::<(String, String)>::new()
        );
    }

    #[test]
    fn every_wrong_field_is_named_in_json_terms() {
        let found = errors(
            r#"{"minutes": "10", "worker_id": "7", "guardians": [{"has_gezag": 1}], "hours": "2", "row": -1}"#,
        );
        let expect = [
            ("held_on", "This field is required."),
            ("minutes", "Expected a whole number, got text."),
            ("worker_id", "Expected a whole number or null, got text."),
            ("guardians[0].name", "This field is required."),
            (
                "guardians[0].has_gezag",
                "Expected true or false, got a whole number.",
            ),
            ("hours", "Expected a number or null, got text."),
            ("row", "Expected a whole number from 0 to 4294967295."),
        ];
        for (field, message) in expect {
            assert!(
                found.iter().any(|(f, m)| f == field && m == message),
                "{field}: {message} not in {found:?}"
            );
        }
        assert_eq!(found.len(), expect.len(), "{found:?}");
        for (_, m) in &found {
            assert!(!m.contains("i64") && !m.contains("struct") && !m.contains("Visit"));
        }
    }

    #[test]
    fn not_an_object_or_not_json_is_the_body() {
        assert_eq!(
            errors("[1]"),
            vec![("body".into(), "Expected an object, got a list.".into())]
        );
        assert_eq!(
            errors("{\"held_on\": "),
            vec![(
                "body".into(),
                "The body is not valid JSON (line 1, column 12).".into()
            )]
        );
    }
}
