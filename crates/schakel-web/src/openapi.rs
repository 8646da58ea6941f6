//! The OpenAPI 3.1 document, generated from the access table, so every API route is in it by construction.

use axum::Json;
use axum::response::IntoResponse;
use schakel_domain::access::{ACCESS_TABLE, Access};
use schakel_domain::mandate::{CareCategory, VolumeUnit};
use serde_json::{Map, Value, json};

/// The codes of a domain list, for an `enum` in a schema.
fn mandate_codes<'a>(codes: impl Iterator<Item = &'a str>) -> Value {
    Value::Array(codes.map(|c| Value::String(c.to_string())).collect())
}

fn request_schema(method: &str, path: &str) -> Option<Value> {
    let schema = match (method, path) {
        ("POST", "/api/v1/auth/login") => {
            json!({"type":"object","required":["username","password"],"properties":{"username":{"type":"string"},"password":{"type":"string"},"totp":{"type":"string","description":"6-digit code or a recovery code, required when two-factor sign-in is on"}}})
        }
        ("POST", "/api/v1/tokens") => {
            json!({"type":"object","required":["name"],"properties":{"name":{"type":"string"},"scope":{"enum":["read","write"]},"days":{"type":"integer","minimum":1,"maximum":365}}})
        }
        (_, p) if p.starts_with("/api/v1/municipalities") => {
            json!({"$ref":"#/components/schemas/MunicipalityInput"})
        }
        (_, p) if p.starts_with("/api/v1/organisations") => {
            json!({"$ref":"#/components/schemas/OrganisationInput"})
        }
        (_, p) if p.starts_with("/api/v1/teams") => {
            json!({"$ref":"#/components/schemas/TeamInput"})
        }
        (_, p) if p.starts_with("/api/v1/workers") => {
            json!({"$ref":"#/components/schemas/WorkerInput"})
        }
        ("POST", "/api/v1/schools/import") => {
            return Some(
                json!({"required": true, "content": {"text/csv": {"schema": {"type":"string","description":"CSV with Schakel's or DUO's headers (BRIN NUMMER/VESTIGINGSNUMMER or INSTELLINGSCODE/VESTIGINGSCODE); ',' or ';'"}}}}),
            );
        }
        (_, p) if p.starts_with("/api/v1/schools") => {
            json!({"$ref":"#/components/schemas/SchoolInput"})
        }
        (_, p) if p.starts_with("/api/v1/assignments") => {
            json!({"$ref":"#/components/schemas/AssignmentInput"})
        }
        ("POST", "/api/v1/referrals/{id}/triage") => {
            json!({"type":"object","required":["decision","version"],"properties":{"decision":{"enum":["accepted","advice_only","forwarded","declined"]},"note":{"type":"string","description":"required when forwarding or declining"},"worker_id":{"type":["integer","null"]},"version":{"type":"integer","description":"the referral's version you decided on"}}})
        }
        ("POST", "/api/v1/consultations") => {
            json!({"type":"object","required":["theme","held_on"],"properties":{"school_code":{"type":"string"},"asked_by":{"type":"string"},"child_label":{"type":"string","description":"empty for an anonymous consultation"},"theme":{"type":"string"},"advice":{"type":"string"},"minutes":{"type":"integer"},"held_on":{"type":"string","format":"date"}}})
        }
        ("POST", "/api/v1/cases/{id}/guardians") => {
            json!({"type":"object","required":["name"],"properties":{"name":{"type":"string"},"relation":{"type":"string"},"has_gezag":{"type":"boolean"},"phone":{"type":"string"},"email":{"type":"string"}}})
        }
        ("POST", "/api/v1/cases/{id}/goals") => {
            json!({"type":"object","required":["description","gas_start"],"properties":{"description":{"type":"string"},"theme":{"type":"string","description":"a code of the organisation's goal themes"},"gas_start":{"type":"integer","minimum":-3,"maximum":2}}})
        }
        ("POST", "/api/v1/cases/{id}/goals/{goal_id}/scores") => {
            json!({"type":"object","required":["moment","score"],"properties":{"moment":{"enum":["review","end"]},"score":{"type":"integer","minimum":-3,"maximum":2}}})
        }
        ("POST", "/api/v1/cases/{id}/tasks") => {
            json!({"type":"object","required":["description","due_on"],"properties":{"description":{"type":"string"},"due_on":{"type":"string","format":"date"}}})
        }
        ("POST", "/api/v1/cases/{id}/consents") => {
            json!({"type":"object","required":["party","purpose","given_on"],"properties":{"party":{"type":"string","description":"`child` or `guardian:<id>`"},"purpose":{"enum":["help","share"]},"recipient":{"type":"string","description":"for `share`: the recipient as named in the directory"},"information":{"type":"string"},"given_on":{"type":"string","format":"date"},"valid_until":{"type":"string","format":"date"},"child_wish":{"type":"string"}}})
        }
        ("POST", "/api/v1/cases/{id}/onward") => {
            json!({"type":"object","required":["target_id"],"properties":{"target_id":{"type":"integer"},"handover_note":{"type":"string"}}})
        }
        ("POST", "/api/v1/cases/{id}/onward/{onward_id}/status") => {
            json!({"type":"object","required":["status"],"properties":{"status":{"enum":["consented","sent","accepted","declined","started","completed"]},"feedback":{"type":"string"},"legal_ground":{"enum":["","meldcode","acute_safety"]}}})
        }
        ("POST", "/api/v1/cases/{id}/mandate-decisions") => {
            json!({"type":"object","required":["care_kind","category","volume","volume_unit","provider_id","period_from","period_until","reasons"],"properties":{"care_kind":{"type":"string","description":"what care, in words"},"category":{"enum":mandate_codes(CareCategory::ALL.iter().map(|c| c.as_str())),"description":"iJw product category"},"volume":{"type":"integer","minimum":1},"volume_unit":{"enum":mandate_codes(VolumeUnit::ALL.iter().map(|u| u.as_str()))},"provider_id":{"type":"integer","description":"an entry of the case's referral directory that provides youth care; needs consent to share with it"},"period_from":{"type":"string","format":"date"},"period_until":{"type":"string","format":"date","description":"within the organisation's maximum (12 months by default)"},"reasons":{"type":"string"}}})
        }
        ("POST", "/api/v1/cases/{id}/mandate-decisions/{decision_id}/refuse") => {
            json!({"type":"object","required":["reason"],"properties":{"reason":{"type":"string","minLength":1,"maxLength":2000}}})
        }
        ("POST", "/api/v1/cases/{id}/school-reports") => {
            json!({"type":"object","required":["body"],"properties":{"body":{"type":"string","maxLength":2000},"legal_ground":{"enum":["","meldcode","acute_safety"]}}})
        }
        ("PUT", "/api/v1/cases/{id}/child") => {
            json!({"type":"object","required":["version"],"properties":{"class_name":{"type":"string"},"home_language":{"type":"string"},"interpreter_needed":{"type":"boolean"},"version":{"type":"integer","description":"the child record's version"}}})
        }
        ("POST", "/api/v1/cases/{id}/transfer") => {
            json!({"type":"object","required":["worker_id","note","version"],"properties":{"worker_id":{"type":"integer"},"note":{"type":"string","description":"handover note"},"version":{"type":"integer"}}})
        }
        ("POST", "/api/v1/cases/{id}/close") => {
            json!({"type":"object","required":["reason","version"],"properties":{"reason":{"enum":["doelen_bereikt","verwezen","gestopt_door_gezin","verhuisd","anders"]},"note":{"type":"string"},"satisfaction_parent":{"type":["integer","null"],"minimum":1,"maximum":10},"satisfaction_child":{"type":["integer","null"],"minimum":1,"maximum":10},"version":{"type":"integer"}}})
        }
        _ => return None,
    };
    Some(json!({"required": true, "content": {"application/json": {"schema": schema}}}))
}

pub fn openapi() -> Value {
    let mut paths: Map<String, Value> = Map::new();
    for rule in ACCESS_TABLE.iter().filter(|r| r.is_api()) {
        let mut op = json!({
            "summary": rule.summary,
            "operationId": format!("{}{}", rule.method.to_lowercase(), rule.path.replace(['/', '{', '}', '.'], "_")),
            "responses": {
                "200": {"description": "OK"},
                "401": {"description": "Not signed in", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
                "403": {"description": "Not allowed for this role or scope", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
            },
        });
        match rule.access {
            Access::Public => op["security"] = json!([]),
            Access::SignedIn => op["x-roles"] = json!("any signed-in user"),
            Access::Roles(roles) => {
                op["x-roles"] = json!(roles.iter().map(|r| r.as_str()).collect::<Vec<_>>())
            }
        }
        if rule.personal_data {
            op["x-access-logged"] = json!(true);
        }
        let parameters: Vec<Value> = rule
            .path
            .split('/')
            .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "integer"}}))
            .collect();
        if !parameters.is_empty() {
            op["parameters"] = json!(parameters);
            op["responses"]["404"] = json!({"description": "Not found (or not in your scope)"});
        }
        if rule.method == "POST" && rule.path.starts_with("/api/v1/cases/") {
            op["responses"]["204"] =
                json!({"description": "Done; read the case file for the result"});
        }
        if rule.method == "PUT" || rule.summary.contains("409") {
            op["responses"]["409"] = json!({"description": "The record changed since the version you sent; body has `current`", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}});
        }
        if matches!(rule.method, "POST" | "PUT") {
            op["responses"]["422"] = json!({"description": "Invalid input; `errors` lists each field", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}});
            if let Some(body) = request_schema(rule.method, rule.path) {
                op["requestBody"] = body;
            }
        }
        let path = paths
            .entry(rule.path.to_string())
            .or_insert_with(|| json!({}));
        path[rule.method.to_lowercase()] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Schakel API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "JSON API of Schakel, the platform for Dutch school social work. The same access rules govern the web pages and this API; every read of personal data is written to the access log.",
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"}
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "A session token from /api/v1/auth/login or a personal API token"}},
            "schemas": {
                "Problem": {"type":"object","description":"RFC 9457 problem details","properties":{"type":{"type":"string"},"title":{"type":"string"},"status":{"type":"integer"},"detail":{"type":"string"},"errors":{"type":"array","items":{"type":"object","properties":{"field":{"type":"string"},"message_nl":{"type":"string"},"message_en":{"type":"string"},"row":{"type":"integer"}}}},"current":{"description":"the newer record, on 409"}}},
                "MunicipalityInput": {"type":"object","required":["cbs_code","name"],"properties":{"cbs_code":{"type":"string","pattern":"^GM[0-9]{4}$"},"name":{"type":"string"},"version":{"type":"integer","description":"required on PUT"}}},
                "OrganisationInput": {"type":"object","required":["name"],"properties":{"name":{"type":"string"},"municipality_code":{"type":["string","null"]},"smw_plus":{"type":"boolean"},"version":{"type":"integer"}}},
                "TeamInput": {"type":"object","required":["name"],"properties":{"name":{"type":"string"},"version":{"type":"integer"}}},
                "WorkerInput": {"type":"object","required":["name"],"properties":{"name":{"type":"string"},"email":{"type":"string"},"team_id":{"type":["integer","null"]},"registration_number":{"type":["string","null"]},"may_authorise_youth_care":{"type":"boolean"},"active":{"type":"boolean"},"version":{"type":"integer"}}},
                "SchoolInput": {"type":"object","required":["code","name","school_type","municipality_code"],"properties":{"code":{"type":"string","description":"BRIN, BRIN6 or own code"},"name":{"type":"string"},"school_type":{"enum":["PO","SBO","SO","VSO","VO","MBO","ISK","VOORSCHOOL"]},"municipality_code":{"type":"string"},"street_address":{"type":"string"},"postcode":{"type":"string"},"city":{"type":"string"},"latitude":{"type":"string"},"longitude":{"type":"string"},"holiday_region":{"enum":["noord","midden","zuid",""]},"version":{"type":"integer"}}},
                "AssignmentInput": {"type":"object","required":["worker_id","school_code","starts_on"],"properties":{"worker_id":{"type":"integer"},"school_code":{"type":"string"},"hours_per_week":{"type":["number","null"],"description":"null = as needed"},"starts_on":{"type":"string","format":"date"},"ends_on":{"type":["string","null"],"format":"date"}}}
            }
        }
    })
}

pub async fn document() -> impl IntoResponse {
    Json(openapi())
}
